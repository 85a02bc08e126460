"""The Word briefing (.docx): title, sections 一…七 as the report has them, the generated
sentences, the charts, a table of figures with 同比, and where each figure comes from.

Chinese typesetting: python-docx has no API for East Asian fonts, so every style used and
every run gets ``w:rFonts w:eastAsia`` (仿宋 body, 黑体 headings) and the theme font
attributes are removed (they would win over the named fonts); the template's
``themeFontLang`` (ja-JP) becomes zh-CN. A4 with the margins of Chinese official documents.

>>> buf = io.BytesIO()
>>> write_briefing(buf, summary_frame=pd.DataFrame(), sentences=[], period=Period(2022, 1, 11), region_name="连云港市")
>>> d = Document(io.BytesIO(buf.getvalue()))
>>> d.paragraphs[0].text, round(d.sections[0].page_width.mm), round(d.sections[0].page_height.mm)
('连云港市安全生产监管统计简报', 210, 297)
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import BinaryIO

import pandas as pd
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from . import catalog
from .narrative import Sentence, chinese_numeral
from .periods import Period

B = catalog.BRIEFING
FONTS = catalog.BRIEFING_FONTS
BODY_PT = 15
LINE_PT = 26
CHART_WIDTH = Cm(15)
CHART_MAX_HEIGHT = Cm(20)  # the text is 22.5 cm high: a chart and its caption on one page
# 公文 page: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm (text 156 mm wide).
PAGE = dict(page_width=Mm(210), page_height=Mm(297), top_margin=Mm(37), bottom_margin=Mm(35))
PAGE |= dict(left_margin=Mm(28), right_margin=Mm(26))
_THEME_ATTRS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")


# --- fonts ----------------------------------------------------------------------------


def set_east_asian_font(rpr_owner, east_asia: str, latin: str = FONTS["latin"]) -> None:
    """Name the fonts of a style or run: ``w:eastAsia`` for Chinese, ``latin`` for the rest.

    Theme font attributes are removed: Word prefers them to named fonts.
    """
    fonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()  # in its schema place
    for attr in _THEME_ATTRS:
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:cs"), latin)
    fonts.set(qn("w:eastAsia"), east_asia)


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def _style(doc, name: str, east_asia: str, size: float, *, bold: bool = False):
    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_east_asian_font(style.element, east_asia)
    return style


def _prepare(doc) -> None:
    """Page, styles, language: everything a new briefing needs before text goes in."""
    section = doc.sections[0]
    for k, v in PAGE.items():
        setattr(section, k, v)
    # Document defaults: named fonts, zh-CN, instead of the template's theme fonts.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in _THEME_ATTRS:
        if fonts.get(qn(attr)) is not None:
            del fonts.attrib[qn(attr)]
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), FONTS["latin"])
    fonts.set(qn("w:eastAsia"), FONTS["body"])
    _set_lang(rpr)
    lang = doc.settings.element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")
    normal = _style(doc, "Normal", FONTS["body"], BODY_PT)
    pf = normal.paragraph_format
    pf.line_spacing_rule, pf.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
    pf.space_after, pf.space_before = Pt(0), Pt(0)
    pf.first_line_indent = Pt(BODY_PT * 2)
    for name, size in (("Heading 1", 16), ("Heading 2", 15)):
        h = _style(doc, name, FONTS["heading"], size, bold=name == "Heading 1")
        h.paragraph_format.first_line_indent = Pt(0) if name == "Heading 1" else Pt(BODY_PT * 2)
        h.paragraph_format.space_before, h.paragraph_format.space_after = Pt(12), Pt(6)
        h.paragraph_format.keep_with_next = True
    title = _style(doc, "Title", FONTS["title"], 22)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.space_after = Pt(6)
    # The template draws a rule under Title; a briefing has none.
    ppr = title.element.find(qn("w:pPr"))
    border = ppr.find(qn("w:pBdr")) if ppr is not None else None
    if border is not None:
        ppr.remove(border)
    caption = _style(doc, "Caption", FONTS["body"], 11)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Pt(0)
    caption.paragraph_format.space_after = Pt(10)
    _style(doc, "Footer", FONTS["body"], 12)


def _run(paragraph, text: str, *, font: str = FONTS["body"], bold: bool | None = None, size: float | None = None):
    run = paragraph.add_run(text)
    set_east_asian_font(run._r, font)
    if bold is not None:
        run.bold = bold
    if size is not None:
        run.font.size = Pt(size)
    return run


def _paragraph(doc, text: str = "", style: str | None = None, *, font: str = FONTS["body"], **run_kw):
    p = doc.add_paragraph(style=style)
    if text:
        _run(p, text, font=font, **run_kw)
    return p


def _heading(doc, text: str, level: int):
    return _paragraph(doc, text, f"Heading {level}", font=FONTS["heading"])


def _page_numbers(doc) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, after = B["page_number"].split("{page}")
    _run(p, before)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    field.append(r)
    p._p.append(field)
    _run(p, after)


# --- content --------------------------------------------------------------------------


def png_size(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header (IHDR).

    >>> png_size(bytes.fromhex("89504e470d0a1a0a0000000d49484452") + (900).to_bytes(4, "big") + (2790).to_bytes(4, "big"))
    (900, 2790)
    """
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _picture(doc, png: bytes):
    """A chart as wide as :data:`CHART_WIDTH`; a tall one (a ranking of many regions) as high as
    :data:`CHART_MAX_HEIGHT` and narrower, so that it stays on one page with its caption."""
    p = doc.add_paragraph()
    pf = p.paragraph_format
    pf.alignment, pf.first_line_indent = WD_ALIGN_PARAGRAPH.CENTER, Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE  # an exact line height would clip the picture
    pf.keep_with_next = True
    width, height = png_size(png)
    if width and CHART_WIDTH * height > CHART_MAX_HEIGHT * width:
        p.add_run().add_picture(io.BytesIO(png), height=CHART_MAX_HEIGHT)
    else:
        p.add_run().add_picture(io.BytesIO(png), width=CHART_WIDTH)
    return p


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def figure_rows(summary_frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The rows of the table of figures: 指标, 期间, 数值, 上年同期, 同比 (text as printed).

    >>> from lawreport_data.narrative import _row
    >>> figure_rows(pd.DataFrame([_row("accidents", 70, previous=114, period="2022-01..2022-11")]))
    [('事故起数', '2022年1-11月', '70起', '114起', '同比下降38.6%', '—')]
    """
    from .metrics import format_figure

    rows = []
    for r in summary_frame.to_dict("records"):
        previous = r.get("previous")
        prev_text = catalog.PHRASES["missing"]
        if previous is not None and not pd.isna(previous):
            prev_text = format_figure(previous, r.get("previous_qualifier") or "", r["unit"])
        change = r.get("change_text") or catalog.PHRASES["missing"]
        if not isinstance(r.get("direction"), str):
            change = catalog.PHRASES["missing"]
        status = f"（{catalog.STATUS_LABELS['provisional']}）" if r.get("status") == "provisional" else ""
        rows.append(
            (
                r["name"],
                r.get("period_label") or Period.parse(r["period"]).label(),
                format_figure(r["value"], r.get("qualifier") or "", r["unit"]) + status,
                prev_text,
                change,
                source_short(r),
            )
        )
    return rows


def source_short(row) -> str:
    """The 来源 cell: 报告, 推算, 导入#3, 示例 (several joined with 、).

    >>> source_short({"origins": ["import", "demo"], "batch_ids": [3, 5]})
    '导入#3#5、示例'
    """
    labels = B["source_short"]
    parts = []
    for origin in row.get("origins") or []:
        text = labels.get(origin, origin)
        if origin == "import":
            text += "".join(f"#{b}" for b in row.get("batch_ids") or [])
        parts.append(text)
    return "、".join(parts) or catalog.PHRASES["missing"]


def _table(doc, summary_frame: pd.DataFrame, comparison: str) -> None:
    columns = B["table_columns" if comparison == "yoy" else f"table_columns_{comparison}"]
    widths = (Cm(3.6), Cm(2.9), Cm(2.4), Cm(2.1), Cm(3.2), Cm(1.4))  # 15.6 cm: the text width
    _text_table(doc, columns, figure_rows(summary_frame), widths)


def _text_table(doc, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence) -> None:
    """A table of texts: the header shaded and repeated on each page, the first column left-aligned."""
    table = doc.add_table(rows=1, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for cell, text, width in zip(table.rows[0].cells, columns, widths, strict=True):
        cell.width = width
        _shade(cell, "D9D9D9")
        _cell_text(cell, text, font=FONTS["heading"], bold=True)
    _repeat_header(table.rows[0])
    for row in rows:
        for i, (cell, text, width) in enumerate(zip(table.add_row().cells, row, widths, strict=True)):
            cell.width = width
            _cell_text(cell, text, align=WD_ALIGN_PARAGRAPH.LEFT if i == 0 else WD_ALIGN_PARAGRAPH.CENTER)


def _cell_text(cell, text: str, *, font: str = FONTS["body"], bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER):
    p = cell.paragraphs[0]
    pf = p.paragraph_format
    pf.first_line_indent, pf.alignment = Pt(0), align
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _run(p, text, font=font, bold=bold, size=10.5)


def source_lines(summary_frame: pd.DataFrame) -> list[str]:
    """Where the figures come from: the report (how many sentences), derived, import batches, demo.

    >>> s = pd.DataFrame({"name": ["事故起数", "受伤人数"], "origins": [["report"], ["demo"]],
    ...                   "sources": [["1-11月份，…"], []], "batch_ids": [[], []], "synthetic": [False, True]})
    >>> source_lines(s)[1]
    '示例：示例数据（合成），仅用于演示：受伤人数'
    """
    if summary_frame.empty:
        return []
    lines = []
    records = summary_frame.to_dict("records")
    sentences = {s for r in records if "report" in (r.get("origins") or []) for s in (r.get("sources") or [])}
    if sentences:
        lines.append(B["source_report"].format(title=catalog.SOURCE_REPORT_TITLE, count=len(sentences)))
    derived = [r["name"] for r in records if "derived" in (r.get("origins") or [])]
    if derived:
        lines.append(B["source_derived"].format(names="、".join(derived)))
    previous = [r["name"] for r in records if r.get("previous_derived")]
    if previous:
        lines.append(B["source_previous_derived"].format(names="、".join(previous)))
    batches = sorted({int(b) for r in records for b in (r.get("batch_ids") or [])})
    if batches:
        lines.append(B["source_import"].format(ids="、".join(f"#{b}" for b in batches)))
    demo = [r["name"] for r in records if r.get("synthetic") or "demo" in (r.get("origins") or [])]
    if demo:
        lines.append(B["source_demo"].format(names="、".join(demo)))
    return lines


def _section_topics(section: int, sentences: Sequence[Sentence], charts_by_topic: dict) -> list[str]:
    topics = []
    for t in catalog.TOPIC_LIST:
        has_text = any(s.section == section and s.topic == t.code for s in sentences)
        has_chart = any(spec.section == section for spec, _ in charts_by_topic.get(t.code, []))
        if has_text or has_chart:
            topics.append(t.code)
    return topics


def write_briefing(
    out: BinaryIO,
    *,
    summary_frame: pd.DataFrame,
    sentences: Sequence[Sentence],
    period: Period,
    region_name: str,
    comparison: str = "yoy",
    images: Sequence[tuple] = (),
    charts_note: str | None = None,
    targets: tuple[list[tuple[str, ...]], list[str], str, bool] | None = None,
    rates: Sequence[tuple[str, ...]] = (),
    issuer: str = B["issuer"],
) -> None:
    """Write the briefing to the file-like ``out``, issued by ``issuer`` (the store's bureau: the
    city's, or the province's in a province's store).

    ``targets``: the 控制指标进度 table's rows (texts, :data:`catalog.BRIEFING` ``targets_columns``),
    its sentences (regions over their pace or target), its caption (the span and time share) and
    whether regions without a target were left out; None or no rows: no such table. ``rates``: the
    安全生产事故率 table's rows (texts, ``rates_columns``); none: no such table.

    ``images``: (``charts.ChartSpec``, PNG bytes) pairs; each goes under the section of its
    indicator or group (``spec.section``). ``charts_note``: why there are no charts, when there are none.
    """
    doc = Document()
    _prepare(doc)
    props = doc.core_properties
    props.title = B["title"].format(region=region_name)
    props.author = issuer
    props.language = "zh-CN"
    _paragraph(doc, B["title"].format(region=region_name), "Title", font=FONTS["title"])
    sub = _paragraph(doc, B["subtitle"].format(period=period.label()), font=FONTS["body"])
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sub.paragraph_format.first_line_indent = Pt(0)
    meta = _paragraph(
        doc,
        f"{issuer}　{B['comparison'].format(comparison=catalog.COMPARISON_LABELS[comparison])}",
        size=12,
    )
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    meta.paragraph_format.first_line_indent = Pt(0)
    synthetic = bool(len(summary_frame)) and bool(summary_frame["synthetic"].astype(bool).any())
    synthetic = synthetic or any(s.synthetic for s in sentences)  # a sentence from the demo's records
    if synthetic or any(catalog_is_synthetic(spec) for spec, _ in images):
        warn = _paragraph(doc, B["synthetic_warning"], font=FONTS["heading"], bold=True)
        warn.runs[0].font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    if summary_frame.empty and not sentences:  # a ledger's sentence is data of the period too
        _paragraph(doc, B["no_figures"])

    charts_by_topic: dict[str, list] = {}
    for spec, png in images:
        charts_by_topic.setdefault(spec.topic, []).append((spec, png))
    figure_no = 0
    for section, name in catalog.REPORT_SECTIONS.items():
        _heading(doc, B["section_heading"].format(numeral=catalog.SECTION_NUMERALS[section], name=name), 1)
        topics = _section_topics(section, sentences, charts_by_topic)
        if not topics:
            _paragraph(doc, B["empty_section"])
        for i, topic in enumerate(topics, start=1):
            if len(topics) > 1:
                label = B["topic_heading"].format(numeral=chinese_numeral(i), name=catalog.TOPICS[topic].name)
                _heading(doc, label, 2)
            text = "".join(s.text for s in sentences if s.section == section and s.topic == topic)
            if text:
                _paragraph(doc, text)
            for spec, png in charts_by_topic.get(topic, []):
                if spec.section != section:
                    continue
                figure_no += 1
                _picture(doc, png)
                title = spec.title.replace("<br>", "")  # a chart's title in two lines: one caption line
                _paragraph(doc, B["figure_caption"].format(n=figure_no, title=title), "Caption")
    if charts_note and not images:
        _paragraph(doc, B["charts_missing"].format(reason=charts_note), size=12)

    if not summary_frame.empty:
        _heading(doc, B["table_heading"], 1)
        _table(doc, summary_frame, comparison)
        if (summary_frame["status"] == "provisional").any():
            _paragraph(doc, B["provisional_note"], size=12)
    if rates:
        _heading(doc, B["rates_heading"], 1)
        label = catalog.COMPARISON_LABELS[comparison]
        columns = [c.format(previous=B["rates_previous"][comparison], comparison=label) for c in B["rates_columns"]]
        _text_table(doc, columns, rates, (Cm(3.6), Cm(2.4), Cm(1.4), Cm(1.6), Cm(2.6), Cm(4.0)))
        _paragraph(doc, B["rates_note"], size=12)
    if targets and targets[0]:
        rows, said, caption, omitted = targets
        _heading(doc, B["targets_heading"], 1)
        _paragraph(doc, caption, size=12)
        _text_table(doc, B["targets_columns"], rows, (Cm(4.2), Cm(3.6), Cm(1.4), Cm(1.3), Cm(1.6), Cm(2.0), Cm(1.5)))
        _paragraph(doc, "；".join(said) + "。" if said else catalog.PROGRESS_BOARD["all_within"] + "。")
        if omitted:
            _paragraph(doc, B["targets_unset"], size=12)
    _heading(doc, B["sources_heading"], 1)
    for line in source_lines(summary_frame) or [catalog.PHRASES["missing"]]:
        _paragraph(doc, line, size=12)
    _page_numbers(doc)
    doc.save(out)


def catalog_is_synthetic(spec) -> bool:
    data = getattr(spec, "data", None)
    return data is not None and "synthetic" in data.columns and bool(data["synthetic"].astype(bool).any())


def briefing_bytes(**kwargs) -> bytes:
    """:func:`write_briefing` into memory."""
    buf = io.BytesIO()
    write_briefing(buf, **kwargs)
    return buf.getvalue()
