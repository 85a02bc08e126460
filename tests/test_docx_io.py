"""The Word briefing, re-opened with python-docx and checked in its XML: A4, Chinese fonts on
every style and run, zh-CN, the report's seven section headings, sentences, pictures, the
table of figures with 同比, and the sources."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm

from lawreport_data import api, catalog, docx_io, png, report2022
from lawreport_data.periods import Period
from tests.conftest import skip_or_fail

JAN_NOV = Period(2022, 1, 11)


def need_chromium() -> None:
    if png.browser_path() is None:
        skip_or_fail("no Chromium at /usr/bin/chromium or BROWSER_PATH: briefing charts cannot be drawn")


@pytest.fixture
def report_briefing(report_engine):
    """The city's 1-11月 briefing from the report's figures, re-opened."""
    need_chromium()
    return Document(io.BytesIO(api.briefing_docx(report_engine, JAN_NOV)))


@pytest.fixture
def county_demo_briefing(demo_engine):
    """灌云县's 1-11月 briefing from the demo data, re-opened."""
    need_chromium()
    return Document(io.BytesIO(api.briefing_docx(demo_engine, JAN_NOV, "灌云县")))


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def east_asia(rpr) -> str | None:
    fonts = None if rpr is None else rpr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def test_briefing_is_a4_with_official_document_margins(report_briefing):
    s = report_briefing.sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert (round(s.left_margin.mm), round(s.right_margin.mm), round(s.top_margin.mm)) == (28, 26, 37)


def test_every_style_and_run_names_a_chinese_font(report_briefing):
    doc = report_briefing
    used = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Normal", "Caption"} <= used
    for name in used:
        assert east_asia(doc.styles[name].element.rPr) in ("仿宋", "黑体"), name
    assert east_asia(doc.styles["Heading 1"].element.rPr) == "黑体"
    assert east_asia(doc.styles["Normal"].element.rPr) == "仿宋"
    runs = [r for p in doc.paragraphs for r in p.runs if r.text]
    runs += [r for t in doc.tables for c in t._cells for p in c.paragraphs for r in p.runs if r.text]
    assert runs
    assert all(east_asia(r._r.rPr) in ("仿宋", "黑体") for r in runs)
    fonts = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert fonts.find(qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None


def test_language_is_chinese_not_the_templates_japanese(report_briefing):
    lang = report_briefing.settings.element.find(qn("w:themeFontLang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    defaults = report_briefing.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(qn("w:rPrDefault")).find(qn("w:rPr")).find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    assert "ja-JP" not in report_briefing.settings.element.xml


def test_headings_are_the_reports_seven_sections_and_its_part_three(report_briefing):
    headings = [p.text for p in report_briefing.paragraphs if p.style.name == "Heading 1"]
    expected = [f"{catalog.SECTION_NUMERALS[n]}、{name}" for n, name in catalog.REPORT_SECTIONS.items()]
    assert headings[:8] == expected
    assert headings[7] == "八、法治政府建设存在的不足和原因"  # part 三, where 专职法制机构2个 is given
    assert headings[8:] == [catalog.BRIEFING["table_heading"], catalog.BRIEFING["sources_heading"]]


def test_briefing_carries_the_generated_sentences(report_briefing):
    body = "".join(texts(report_briefing))
    assert report2022.S_ACCIDENTS.split("；")[0] in body
    assert "全市接收安全生产举报件243件次，核实243件，奖励发放3件，发放奖励金44980元。" in body
    section2 = texts(report_briefing).index("二、健全完善依法行政制度体系")
    assert texts(report_briefing)[section2 + 1] == catalog.BRIEFING["empty_section"]


def test_charts_are_pictures_with_captions(report_briefing):
    pictures = report_briefing.inline_shapes
    captions = [p.text for p in report_briefing.paragraphs if p.style.name == "Caption"]
    assert len(pictures) == len(captions) == 3  # 1-11月: accidents and deaths 同比, and the complaints
    assert captions[0] == "图1　连云港市 2022年1-11月 事故起数 同比"
    assert captions[2] == "图3　连云港市 2022年1-11月 安全生产举报受理、核实与奖励"
    assert all(round(s.width.cm, 1) == 15.0 for s in pictures)


@pytest.fixture
def annual_briefing(report_engine):
    """The city's 2022 briefing from the report's figures (most given once, for the year), re-opened."""
    need_chromium()
    return Document(io.BytesIO(api.briefing_docx(report_engine, Period.year_of(2022))))


@pytest.mark.parametrize(
    ("caption", "section"),
    [
        ("连云港市 2022年 排查隐患构成（一般/重大）", "四、推进严格规范公正文明执法"),
        ("连云港市 2022年 应急演练场次与参演人数", "一、依法全面履行政府职能"),
        ("连云港市 2022年 承办市人大建议（主办/协办）", "五、提升法治监督质量"),
        ("连云港市 2022年 公平竞争审查文件清理（保留/废止）", "三、推进行政决策科学化、民主化、法治化"),
        ("连云港市 2022年1-11月 安全生产举报受理、核实与奖励", "六、积极化解矛盾纠纷"),
        ("连云港市 2022年 宣传材料发放", "七、强化法治宣传教育"),
    ],
)
def test_the_annual_briefing_charts_figures_that_belong_together_under_their_section(annual_briefing, caption, section):
    paragraphs = annual_briefing.paragraphs
    captions = {p.text.split("　", 1)[1]: i for i, p in enumerate(paragraphs) if p.style.name == "Caption"}
    assert len(annual_briefing.inline_shapes) == len(captions) > 0
    headings = [(i, p.text) for i, p in enumerate(paragraphs) if p.style.name == "Heading 1"]
    under = [text for i, text in headings if i < captions[caption]][-1]
    assert under == section


def test_table_of_figures_has_the_change(report_briefing):
    table = report_briefing.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == list(catalog.BRIEFING["table_columns"])
    assert ["事故起数", "2022年1-11月", "70起", "114起", "同比下降38.6%", "报告"] in rows
    assert ["死亡人数", "2022年1-11月", "37人", "56人", "同比下降33.9%", "报告"] in rows


def test_sources_name_the_report_and_the_derived_figures(report_briefing):
    body = texts(report_briefing)
    start = body.index(catalog.BRIEFING["sources_heading"])
    sources = body[start + 1 :]
    assert any(catalog.SOURCE_REPORT_TITLE in line for line in sources)
    assert "上年同期数由报告同比降幅推算：事故起数、死亡人数" in sources
    assert catalog.BRIEFING["synthetic_warning"] not in body


def test_county_demo_briefing_names_the_county_and_warns_of_demo_data(county_demo_briefing):
    body = texts(county_demo_briefing)
    assert body[0] == "灌云县安全生产监管统计简报"
    assert catalog.BRIEFING["synthetic_warning"] in body
    assert any(line.startswith("1-11月份，灌云县发生各类事故") for line in body)
    assert any(line.startswith(catalog.BRIEFING["source_demo"].split("：")[0]) for line in body)
    assert len(county_demo_briefing.inline_shapes) >= 4


def test_without_chromium_the_briefing_says_so_and_keeps_text_and_table(report_engine, monkeypatch):
    def no_browser(*args, **kwargs):
        raise png.ImageExportError("Chromium not found: install chromium or set BROWSER_PATH")

    monkeypatch.setattr(png, "render", no_browser)
    doc = Document(io.BytesIO(api.briefing_docx(report_engine, JAN_NOV)))
    assert len(doc.inline_shapes) == 0
    assert any("Chromium not found" in t for t in texts(doc))
    assert doc.tables


def test_writer_takes_a_file_like_object():
    buf = io.BytesIO()
    docx_io.write_briefing(buf, summary_frame=pd.DataFrame(), sentences=[], period=JAN_NOV, region_name="灌南县")
    doc = Document(io.BytesIO(buf.getvalue()))
    assert doc.paragraphs[0].text == "灌南县安全生产监管统计简报"
    assert catalog.BRIEFING["no_figures"] in texts(doc)


@pytest.mark.parametrize(("pixels", "width_cm", "height_cm"), [((900, 500), 15.0, 8.3), ((900, 970), 15.0, 16.2),
                                                             ((900, 2790), 6.5, 20.0)])  # fmt: skip
def test_a_chart_taller_than_a_page_is_shrunk_to_fit_it_with_its_caption_on_one_line(pixels, width_cm, height_cm):
    from PIL import Image

    from lawreport_data.charts import ChartSpec

    picture = io.BytesIO()
    Image.new("RGB", pixels, "white").save(picture, format="PNG")
    title = "连云港市 2022年1-11月 执法检查企业数 按地区<br>（各地区分别去重，合计不等于各地区之和）"  # two lines on the chart
    spec = ChartSpec("enforcement", "enterprises_inspected", "ledger_region", "ledger_region", title, None, None)
    buf = io.BytesIO()
    docx_io.write_briefing(buf, summary_frame=pd.DataFrame(), sentences=[], period=JAN_NOV, region_name="连云港市",
                           images=[(spec, picture.getvalue())])  # fmt: skip
    doc = Document(io.BytesIO(buf.getvalue()))
    (shape,) = doc.inline_shapes
    (caption,) = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert caption == "图1　连云港市 2022年1-11月 执法检查企业数 按地区（各地区分别去重，合计不等于各地区之和）"
    assert (round(shape.width.cm, 1), round(shape.height.cm, 1)) == (width_cm, height_cm)
    assert shape.height <= docx_io.CHART_MAX_HEIGHT < Mm(297 - 37 - 35)  # the page's text height
