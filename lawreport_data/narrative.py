"""The report's sentences, written from a summary frame (``metrics.summary``).

Pure functions: a summary frame goes in, Chinese sentences come out. Every figure is printed
as the report prints it (``display`` with its unit: 70起, 约8.8万人, 2万余册), a figure that is
missing drops its clause (and a sentence with no figure left is not written), and changes are
worded 上升/下降/持平 with 分别 when two are listed. The templates live in
``catalog.NARRATIVE_TEMPLATES``. The accident breakdown a 通报 gives (by 行业领域 and 事故等级) is
written from the ledger's grouped counts (:func:`accident_breakdown_sentence`).

>>> s = pd.DataFrame([
...     _row("accidents", 70, previous=114, period="2022-01..2022-11"),
...     _row("deaths", 37, previous=56, period="2022-01..2022-11"),
...     _row("major_accidents", 0, period="2022-01..2022-11"),
... ])
>>> headline_sentence(s)
'1-11月份，全市发生各类事故70起、死亡37人，同比分别下降38.6%和33.9%；未发生较大及以上事故，实现事故起数和死亡人数“双下降”。'
>>> headline_sentence(s.assign(region="320723", region_name="灌云县"), earlier_double_decline=True).split("，", 1)[1]
'灌云县发生各类事故70起、死亡37人，同比分别下降38.6%和33.9%；未发生较大及以上事故，继续保持事故起数和死亡人数“双下降”。'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from . import catalog, metrics
from .periods import Period

_PLACEHOLDER = re.compile(r"\{(\w+)(?::(\w+))?\}")
_CN_DIGITS = catalog.NARRATIVE["digits"]
# Indicators whose change the headline sentence already states.
_HEADLINE = ("accidents", "deaths", "major_accidents")
HAZARDS_AFTER = "inspections"
"""The template (``catalog.NARRATIVE_TEMPLATES``) the hazard ledger's sentence follows."""


@dataclass(frozen=True)
class Sentence:
    """One written sentence: which template, dashboard topic and report section it belongs to, and
    whether it is written from synthetic (demo) data (its text then says 示例数据)."""

    key: str
    topic: str
    section: int
    text: str
    indicators: tuple[str, ...]
    synthetic: bool = False


def chinese_numeral(n: int) -> str:
    """A whole number below 100 in Chinese numerals, as the report writes small counts (七类, 十项).

    >>> [chinese_numeral(n) for n in (0, 4, 10, 12, 20, 35)]
    ['零', '四', '十', '十二', '二十', '三十五']
    >>> chinese_numeral(117)
    '117'
    """
    if not 0 <= n < 100:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    ten = catalog.NARRATIVE["ten"]
    return ("" if tens == 1 else _CN_DIGITS[tens]) + ten + (_CN_DIGITS[ones] if ones else "")


def period_lead(period: Period, style: bool | str = True) -> str:
    """How a sentence opens with its period: ``2022年``, ``1-11月份`` or ``11月份``; in the
    style ``this_year`` as the report says it of its own year (今年, 今年1-11月), in the style
    ``months`` a whole year as months (1-12月份).

    >>> period_lead(Period(2022, 1, 11)), period_lead(Period.year_of(2022)), period_lead(Period(2022, 5, 5))
    ('1-11月份', '2022年', '5月份')
    >>> period_lead(Period.year_of(2022), "this_year"), period_lead(Period(2022, 1, 11), "this_year")
    ('今年', '今年1-11月')
    >>> period_lead(Period.year_of(2022), "months"), period_lead(Period(2022, 1, 11), "months")
    ('1-12月份', '1-11月份')
    """
    n = catalog.NARRATIVE
    if style == "this_year":
        if period.is_year:
            return n["this_year_lead"]
        if period.is_month:
            return n["this_year_month_lead"].format(month=period.start)
        return n["this_year_span_lead"].format(start=period.start, end=period.end)
    if period.is_year and style != "months":
        return n["year_lead"].format(year=period.year)
    if period.is_month:
        return n["month_lead"].format(month=period.start)
    return n["span_lead"].format(start=period.start, end=period.end)


def where_word(region: str, region_name: str | None = None) -> str:
    """全省 for the province, 全市 for the city, else the region's name.

    >>> where_word("320700"), where_word("320723", "灌云县"), where_word("320000")
    ('全市', '灌云县', '全省')
    """
    if region == catalog.PROVINCE_CODE:
        return catalog.NARRATIVE["province_where"]
    if region == catalog.CITY_CODE:
        return catalog.NARRATIVE["city_where"]
    return region_name or catalog.region_name(region)


def agency_word(region: str, region_name: str | None = None) -> str:
    """The bureau: 市应急管理局 for the city, 灌云县应急管理局 for a county.

    >>> agency_word("320700"), agency_word("320723", "灌云县"), agency_word("320000")
    ('市应急管理局', '灌云县应急管理局', '省应急管理厅')
    """
    if region == catalog.PROVINCE_CODE:
        return catalog.NARRATIVE["province_agency"]
    if region == catalog.CITY_CODE:
        return catalog.NARRATIVE["city_agency"]
    return catalog.NARRATIVE["agency"].format(region=where_word(region, region_name))


def agency_short_word(region: str, region_name: str | None = None) -> str:
    """The bureau as the report shortens it: 市应急局, 灌云县应急局.

    >>> agency_short_word("320700"), agency_short_word("320723", "灌云县"), agency_short_word("320000")
    ('市应急局', '灌云县应急局', '省应急厅')
    """
    if region == catalog.PROVINCE_CODE:
        return catalog.NARRATIVE["province_agency_short"]
    if region == catalog.CITY_CODE:
        return catalog.NARRATIVE["city_agency_short"]
    return catalog.NARRATIVE["agency_short"].format(region=where_word(region, region_name))


# --- figures and changes --------------------------------------------------------------


def _present(row) -> bool:
    return row is not None and row.get("value") is not None and not pd.isna(row.get("value"))


def figure_text(row, fmt: str | None = None) -> str:
    """A figure with its unit as the report prints it.

    >>> figure_text(_row("drill_participants", 88000, qualifier="约"))
    '约8.8万人'
    >>> figure_text(_row("law_booklets", 20000, qualifier="余")), figure_text(_row("rescue_team_types", 7), "cn")
    ('2万余册', '七类')
    >>> cut = _row("approval_time_cut", 50, qualifier="以上")
    >>> figure_text(cut), figure_text(cut, "cn"), figure_text(_row("documents_sorted", 1730), "since")
    ('50%以上', '一半以上', '2012年以来')
    """
    value, qualifier, unit = row["value"], row.get("qualifier") or "", row["unit"]
    if fmt == "since":
        return catalog.NARRATIVE["since"].format(since=catalog.INDICATORS[row["indicator"]].since)
    after = qualifier if qualifier in catalog.QUALIFIERS_AFTER_UNIT else ""
    if fmt == "cn" and qualifier == after:
        if unit == "%" and value == 50:  # the report's 一半以上
            return catalog.NARRATIVE["half"] + after
        if float(value).is_integer() and 0 <= value < 100:
            return f"{chinese_numeral(int(value))}{unit}{after}"
    return metrics.format_figure(value, qualifier, unit)


def _comparison(row) -> str:
    """The comparison a row's change was worded in (``catalog.COMPARISON_LABELS`` key), read off
    its ``change_text`` (同比 where it names none).

    >>> _comparison({"change_text": "比前年下降5.0%"}), _comparison({"change_text": "无可比数据"})
    ('prev2', 'yoy')
    """
    text = row.get("change_text") or ""
    for key, label in catalog.COMPARISON_LABELS.items():
        if text.startswith(label):
            return key
    return "yoy"


def _comparison_label(row) -> str:
    return catalog.COMPARISON_LABELS[_comparison(row)]


def _previous_zero(row, key: str) -> str:
    """上年同期为0 (同比), 上期为0 (环比), 前年同期为0 (比前年) or 近五年同期平均为0."""
    comparison = _comparison(row)
    return catalog.NARRATIVE[key if comparison == "yoy" else f"{key}_{comparison}"]


def _has_change(row) -> bool:
    return _present(row) and isinstance(row.get("direction"), str)


def _prev_zero(row) -> bool:
    prev = row.get("previous")
    return prev is not None and not pd.isna(prev) and float(prev) == 0


def change_phrase(row, *, verb: bool = True) -> str:
    """A change without 同比: 下降38.6%, 上升约5.0%, 持平, or 上年同期为0 when there is no base.

    >>> change_phrase(_row("accidents", 70, previous=114)), change_phrase(_row("accidents", 3, previous=0))
    ('下降38.6%', '上年同期为0')
    >>> change_phrase(_row("drills", 50, previous=50))
    '持平'
    """
    p = catalog.PHRASES
    direction = row["direction"]
    if direction == "flat":
        return p["flat"]
    if _prev_zero(row):
        return _previous_zero(row, "previous_zero")
    about = catalog.NARRATIVE["about"] if row.get("approximate") else ""
    return f"{p[direction] if verb else ''}{about}{metrics.percent_text(row['change_pct'])}"


def changes_clause(rows: list, names: list[str]) -> str | None:
    """The change of one or two figures as the report words it (分别 when two are listed).

    >>> a, d = _row("accidents", 70, previous=114), _row("deaths", 37, previous=56)
    >>> changes_clause([a, d], ["事故起数", "死亡人数"])
    '同比分别下降38.6%和33.9%'
    >>> changes_clause([a, _row("deaths", 60, previous=56)], ["事故起数", "死亡人数"])
    '同比分别下降38.6%和上升7.1%'
    >>> changes_clause([_row("accidents", 5, previous=5), _row("deaths", 2, previous=2)], ["事故起数", "死亡人数"])
    '同比均持平'
    >>> changes_clause([_row("accidents", 5, previous=5), d], ["事故起数", "死亡人数"])
    '事故起数同比持平，死亡人数同比下降33.9%'
    >>> changes_clause([_row("accidents", 3, previous=0), d], ["事故起数", "死亡人数"])
    '事故起数上年同期为0，死亡人数同比下降33.9%'
    >>> changes_clause([_row("accidents", 3, previous=0), _row("deaths", 1, previous=0)], ["事故起数", "死亡人数"])
    '上年同期均为0'
    >>> changes_clause([a, None], ["事故起数", "死亡人数"]), changes_clause([None, _row("deaths", 37)], ["a", "b"])
    ('同比下降38.6%', None)
    """
    n = catalog.NARRATIVE
    pairs = [(r, name) for r, name in zip(rows, names, strict=True) if r is not None and _has_change(r)]
    if not pairs:
        return None
    label = _comparison_label(pairs[0][0])
    if len(pairs) == 1:
        r, name = pairs[0]
        prefix = name if len(rows) > 1 and sum(_present(x) for x in rows if x is not None) > 1 else ""
        return f"{prefix}{_one_change(r, label)}"
    (r1, n1), (r2, n2) = pairs[:2]
    if _prev_zero(r1) and _prev_zero(r2):
        return _previous_zero(r1, "previous_zero_both")
    if r1["direction"] == "flat" and r2["direction"] == "flat":
        return f"{label}{n['both']}{catalog.PHRASES['flat']}"
    plain = all(r["direction"] in ("up", "down") and not _prev_zero(r) for r in (r1, r2))
    if not plain:
        return f"{n1}{_one_change(r1, label)}，{n2}{_one_change(r2, label)}"
    second = change_phrase(r2, verb=r1["direction"] != r2["direction"])
    return f"{label}{n['respectively']}{change_phrase(r1)}{n['and']}{second}"


def _one_change(row, label: str) -> str:
    if _prev_zero(row) and row["direction"] != "flat":
        return _previous_zero(row, "previous_zero")
    return f"{label}{change_phrase(row)}"


# --- templates ------------------------------------------------------------------------


def template_indicators(template: dict) -> tuple[str, ...]:
    """Indicator codes a template mentions, in order."""
    found: list[str] = []
    for piece in template["pieces"]:
        for text in piece if isinstance(piece, tuple) else (piece,):
            for code, _ in _PLACEHOLDER.findall(text):
                if code in catalog.INDICATORS and code not in found:
                    found.append(code)
    return tuple(found)


def _fill(text: str, rows: dict, context: dict) -> str | None:
    """``text`` with its placeholders filled, or None when a figure is missing."""
    missing = False

    def sub(m: re.Match) -> str:
        nonlocal missing
        code, fmt = m.group(1), m.group(2)
        if code in context:
            return context[code]
        row = rows.get(code)
        if not _present(row):
            missing = True
            return ""
        return figure_text(row, fmt)

    out = _PLACEHOLDER.sub(sub, text)
    return None if missing else out


def render_template(template: dict, rows: dict, context: dict) -> str | None:
    """The body of one template sentence (without its period lead), or None if no figure exists.

    >>> t = dict(key="x", head="{where}", pieces=("检查企业{enterprises_inspected}", "，",
    ...          "排查问题隐患{hazards_found}", "，", "其中", "重大隐患{major_hazards}"))
    >>> ctx = {"where": "全市", "agency": ""}
    >>> render_template(t, {"enterprises_inspected": _row("enterprises_inspected", 9),
    ...                     "major_hazards": _row("major_hazards", 2)}, ctx)
    '全市检查企业9家，重大隐患2条'
    >>> render_template(t, {}, ctx) is None
    True
    """
    seps = catalog.NARRATIVE_SEPARATORS
    out: list[str] = []
    pending: str | None = None
    prefix_armed = False
    last_survived = False
    for piece in template["pieces"]:
        if isinstance(piece, str) and piece in seps:
            if out:
                pending = piece if pending is None or seps.index(piece) < seps.index(pending) else pending
            continue
        if piece == catalog.NARRATIVE_PREFIX:
            prefix_armed = last_survived
            continue
        text = None
        for alt in piece if isinstance(piece, tuple) else (piece,):
            text = _fill(alt, rows, context)
            if text is not None:
                break
        last_survived = text is not None
        if text is None:
            continue
        if out and pending is not None:
            out.append(pending)
        out.append((catalog.NARRATIVE_PREFIX if prefix_armed else "") + text)
        pending, prefix_armed = None, False
    if not out:
        return None
    head = _fill(template.get("head", ""), {}, context) or ""
    return head + "".join(out) + template.get("tail", "")


# --- sentences ------------------------------------------------------------------------


def _rows_by_indicator(summary_frame: pd.DataFrame) -> dict:
    return {r["indicator"]: r for r in summary_frame.to_dict("records")}


def _region_of(summary_frame: pd.DataFrame) -> tuple[str, str | None]:
    if summary_frame.empty:
        return catalog.CITY_CODE, None
    first = summary_frame.iloc[0]
    return first["region"], first.get("region_name")


def _lead_for(rows: list, asked: Period | None, style: bool | str) -> str:
    """The sentence's opening period (see :func:`period_lead`); a stock of the period asked
    opens with 目前 as the report does, of another with its date (截至…)."""
    present = [r for r in rows if _present(r)]
    if not present:
        return ""
    span = Period.parse(present[0]["period"])
    info = catalog.INDICATORS.get(present[0]["indicator"])
    if info is not None and info.measure == "stock":
        if asked is None or span == asked:
            return catalog.NARRATIVE["stock_lead"] + "，"
        return present[0]["period_label"] + "，"
    if style or (asked is not None and span != asked):
        return period_lead(span, style or True) + "，"
    return ""


def headline_sentence(
    summary_frame: pd.DataFrame, *, earlier_double_decline: bool | None = None, years_in_a_row: int | None = None
) -> str | None:
    """The accidents and deaths sentence (the report's first), or None when none of its figures exists.

    ``earlier_double_decline``: whether the span before also saw both fall; the sentence then says
    继续保持 rather than 实现; ``years_in_a_row``: how many years in a row both fell, this one
    included (3 or more: 连续N年保持).
    """
    rows = _rows_by_indicator(summary_frame)
    a, d, m = (rows.get(c) for c in _HEADLINE)
    if not any(_present(r) for r in (a, d, m)):
        return None
    n = catalog.NARRATIVE
    region, region_name = _region_of(summary_frame)
    figures = []
    if _present(a):
        figures.append(n["accidents"].format(value=figure_text(a)))
    if _present(d):
        figures.append(n["deaths" if figures else "deaths_alone"].format(value=figure_text(d)))
    first = ""
    if figures:
        first = where_word(region, region_name) + "、".join(figures)
        change = changes_clause([a if _present(a) else None, d if _present(d) else None], list(n["pair_names"]))
        if change:
            first += "，" + change
    second = []
    if _present(m):
        if float(m["value"]) == 0:
            second.append(("" if first else where_word(region, region_name)) + n["major_none"])
        else:
            second.append(n["major_some"].format(value=figure_text(m)))
    if figures and metrics.double_decline(summary_frame):
        if years_in_a_row is not None and years_in_a_row >= 3:
            second.append(n["double_decline_run"].format(years=years_in_a_row))
        else:
            second.append(n["double_decline_again" if earlier_double_decline else "double_decline_first"])
    body = "；".join(x for x in (first, "，".join(second)) if x)
    return _lead_for([a, d, m], None, True) + body + "。"


def _hotline_sentence(rows: dict, asked: Period | None) -> str | None:
    n = catalog.NARRATIVE
    orders, timely, satisfied = (
        rows.get(c) for c in ("hotline_orders", "hotline_timely_rate", "hotline_satisfaction_rate")
    )
    parts = []
    if _present(orders):
        parts.append(n["hotline_orders"].format(value=figure_text(orders)))
    if _present(timely) and _present(satisfied) and figure_text(timely) == figure_text(satisfied):
        parts.append(n["hotline_rates_equal"].format(value=figure_text(timely)))
    else:
        if _present(timely):
            parts.append(n["hotline_timely"].format(value=figure_text(timely)))
        if _present(satisfied):
            parts.append(n["hotline_satisfaction"].format(value=figure_text(satisfied)))
    if not parts:
        return None
    return _lead_for([orders, timely, satisfied], asked, "months") + "，".join(parts) + "。"


def changes_sentence(rows: list, *, skip: tuple[str, ...] = _HEADLINE) -> str | None:
    """与上年同期相比，… : the changes of a topic's figures not already stated elsewhere.

    >>> changes_sentence([_row("drills", 110, previous=100), _row("drill_participants", 900, previous=1000)])
    '与上年同期相比，推演演习场次上升10.0%，直接参演人数下降10.0%。'
    >>> changes_sentence([_row("drills", 110)]) is None
    True
    """
    have = [r for r in rows if r["indicator"] not in skip and _has_change(r)]
    if not have:
        return None
    lead = catalog.NARRATIVE[f"changes_{_comparison(have[0])}"]
    return lead + "，".join(f"{r['name']}{change_phrase(r)}" for r in have) + "。"


def sentences(
    summary_frame: pd.DataFrame,
    period: Period | None = None,
    *,
    earlier_double_decline: bool | None = None,
    years_in_a_row: int | None = None,
    with_changes: bool = True,
    hazards: Sentence | None = None,
) -> list[Sentence]:
    """Every sentence the figures of ``summary_frame`` support, in dashboard-topic order.

    ``period`` is the period asked for: a sentence whose figures cover another span (the
    year's 1-11月 figures) opens with that span. ``with_changes`` adds, per topic, one
    sentence with the changes of figures that have a comparison (the headline's excepted).
    ``hazards``: a sentence written from the hazard ledger (``api.briefing`` writes it with
    :func:`hazard_sentence` or :func:`hazard_ledger_note`), placed right after the 执法检查
    sentence (the template :data:`HAZARDS_AFTER`); the figures it states (its ``indicators``)
    are left out of the templates and the changes sentences, so no figure is stated twice.

    >>> s = pd.DataFrame([_row("enterprises_inspected", 9), _row("hazards_found", 12)])
    >>> [x.text for x in sentences(s, Period.year_of(2022))]
    ['今年，全市执法检查企业9家，排查问题隐患12条。']
    >>> ledger = Sentence("hazard_ledger", "enforcement", 4, "今年，全市共排查隐患5条，…。", ("hazards_found",))
    >>> [x.text for x in sentences(s, Period.year_of(2022), hazards=ledger)]
    ['今年，全市执法检查企业9家。', '今年，全市共排查隐患5条，…。']
    """
    rows = _rows_by_indicator(summary_frame)
    if hazards is not None:
        rows = {code: row for code, row in rows.items() if code not in hazards.indicators}
    region, region_name = _region_of(summary_frame)
    context = {
        "where": where_word(region, region_name),
        "agency": agency_word(region, region_name),
        "agency_short": agency_short_word(region, region_name),
    }
    out: list[Sentence] = []
    head = headline_sentence(
        summary_frame, earlier_double_decline=earlier_double_decline, years_in_a_row=years_in_a_row
    )
    if head:
        out.append(Sentence("accidents", "accidents", 1, head, _HEADLINE))
    for t in catalog.NARRATIVE_TEMPLATES:
        body = render_template(t, rows, context)
        if body is not None:
            codes = template_indicators(t)
            info = catalog.INDICATORS[codes[0]]
            lead = _lead_for([rows.get(c) for c in codes], period, t.get("lead", False))
            out.append(Sentence(t["key"], info.topic, info.section, lead + body + "。", codes))
        if t["key"] == HAZARDS_AFTER and hazards is not None:
            out.append(hazards)
        if t["key"] == "proposals":  # the report's next sentence: the 12345 hotline
            hotline = _hotline_sentence(rows, period)
            if hotline:
                codes = ("hotline_orders", "hotline_timely_rate", "hotline_satisfaction_rate")
                out.append(Sentence("hotline", "legal", catalog.INDICATORS[codes[0]].section, hotline, codes))
    if with_changes:
        for topic in catalog.TOPIC_LIST:
            topic_rows = [rows[i.code] for i in catalog.indicators_of_topic(topic.code) if i.code in rows]
            text = changes_sentence(topic_rows)
            if text:
                codes = tuple(r["indicator"] for r in topic_rows if _has_change(r))
                section = catalog.INDICATORS[codes[0]].section
                out.append(Sentence(f"changes_{topic.code}", topic.code, section, text, codes))
    order = {t.code: i for i, t in enumerate(catalog.TOPIC_LIST)}
    return sorted(out, key=lambda s: order[s.topic])  # stable: template order within a topic


# --- the accident breakdown (from the ledger) ----------------------------------------

BREAKDOWN_SECTORS = 3  # 行业领域 named at most, the largest first
_SERIOUS_GRADES = tuple(g for g, *_ in reversed(catalog.ACCIDENT_GRADE_THRESHOLDS))  # 较大, 重大, 特别重大


def _groups(frame: pd.DataFrame | None) -> list[tuple[str, float, float]]:
    """(group, accidents, deaths) of a grouped counts frame, groups with an accident only."""
    if frame is None or frame.empty:
        return []
    sums = frame.groupby("group", sort=False)[["accidents", "deaths"]].sum()
    return [(str(g), float(a), float(d)) for g, a, d in sums.itertuples() if a > 0]


def _count(value: float, indicator: str) -> str:
    return metrics.format_figure(value, "", catalog.INDICATORS[indicator].unit)


def _share_clause(head: str, accidents: float, deaths: float, totals: tuple, first: bool) -> str:
    """``head`` (…事故5起) with its deaths when any, and its shares of the totals (分别占…)."""
    b = catalog.NARRATIVE_BREAKDOWN
    text = head + (b["deaths"].format(deaths=_count(deaths, "deaths")) if deaths > 0 else "")
    accidents_share = metrics.share_pct(accidents, totals[0])
    deaths_share = metrics.share_pct(deaths, totals[1]) if deaths > 0 else None
    if accidents_share is None:
        return text
    shares = {"accidents_share": metrics.percent_text(accidents_share)}
    if deaths_share is not None:
        shares["deaths_share"] = metrics.percent_text(deaths_share)
    key = ("shares" if deaths_share is not None else "share") + ("_first" if first else "")
    return text + b[key].format(**shares)


def accident_breakdown_sentence(
    by_sector: pd.DataFrame | None,
    by_grade: pd.DataFrame | None,
    *,
    total_accidents: float | None,
    total_deaths: float | None,
    synthetic: bool = False,
) -> str | None:
    """The breakdown a 通报 gives after its headline, from the accident ledger's counts: the
    largest 行业领域 with their shares of the totals, the 工矿商贸 group, the 较大 and graver
    accidents. None when there is no accident (or nothing to break down).

    ``by_sector`` and ``by_grade``: frames with columns ``group`` (a ``catalog.ACCIDENT_SECTORS``
    or ``catalog.ACCIDENT_GRADES`` code), ``accidents`` and ``deaths`` (counted records);
    ``total_accidents`` and ``total_deaths``: the figures the headline states, the base of
    the shares (总数). The rules:

    - at most :data:`BREAKDOWN_SECTORS` sectors, the most accidents first (then the most
      deaths, then the catalog's order), each with its deaths when any and its shares (one
      decimal, rounded as the report rounds: 分别占总数的 on the first, 分别占 after);
      上述事故均为…事故 when one sector had them all;
    - 工矿商贸 (``catalog.ACCIDENT_SECTOR_GROUPS``) as a whole when at least two of its sectors
      had accidents and it did not have them all;
    - 较大, 重大 and 特别重大 accidents only when there are any (the headline says when none);
    - written from synthetic (demo) records (``synthetic``), it ends with 示例数据 before its 。.

    >>> sector = pd.DataFrame(dict(group=["road", "construction", "industry_trade", "fire"],
    ...                            accidents=[30, 20, 12, 8], deaths=[20, 9, 6, 2]))
    >>> grade = pd.DataFrame(dict(group=["general", "larger"], accidents=[69, 1], deaths=[34, 3]))
    >>> print(accident_breakdown_sentence(sector, grade, total_accidents=70, total_deaths=37))
    其中，道路运输事故30起、死亡20人，分别占总数的42.9%、54.1%；建筑业事故20起、死亡9人，分别占28.6%、24.3%；\
工贸事故12起、死亡6人，分别占17.1%、16.2%；工矿商贸领域事故32起、死亡15人，分别占45.7%、40.5%；发生较大事故1起、死亡3人。
    >>> road = pd.DataFrame(dict(group=["road"], accidents=[5], deaths=[0]))
    >>> accident_breakdown_sentence(road, None, total_accidents=5, total_deaths=0)
    '上述事故均为道路运输事故。'
    >>> accident_breakdown_sentence(road, None, total_accidents=5, total_deaths=0, synthetic=True)
    '上述事故均为道路运输事故（示例数据）。'
    >>> accident_breakdown_sentence(road.iloc[:0], None, total_accidents=0, total_deaths=0) is None
    True
    """
    if total_accidents is None or pd.isna(total_accidents) or total_accidents <= 0:
        return None
    b = catalog.NARRATIVE_BREAKDOWN
    totals = (total_accidents, total_deaths)
    order = {code: i for i, code in enumerate(catalog.ACCIDENT_SECTORS)}
    sectors = sorted(_groups(by_sector), key=lambda g: (-g[1], -g[2], order.get(g[0], len(order))))
    name = catalog.ACCIDENT_SECTORS.get
    clauses: list[str] = []
    lead = ""
    if len(sectors) == 1 and sectors[0][1] == total_accidents:
        clauses.append(b["all_in_one"].format(sector=name(sectors[0][0], sectors[0][0])))
    elif sectors:
        lead = b["lead"]
        for i, (code, accidents, deaths) in enumerate(sectors[:BREAKDOWN_SECTORS]):
            head = b["sector"].format(sector=name(code, code), accidents=_count(accidents, "accidents"))
            clauses.append(_share_clause(head, accidents, deaths, totals, first=i == 0))
        for group_name, members in catalog.ACCIDENT_SECTOR_GROUPS.values():
            inside = [g for g in sectors if g[0] in members]
            accidents, deaths = sum(g[1] for g in inside), sum(g[2] for g in inside)
            if len(inside) >= 2 and accidents < total_accidents:
                head = b["group"].format(group=group_name, accidents=_count(accidents, "accidents"))
                clauses.append(_share_clause(head, accidents, deaths, totals, first=False))
    graded = {code: (accidents, deaths) for code, accidents, deaths in _groups(by_grade)}
    serious = []
    for code in _SERIOUS_GRADES:
        if code in graded:
            accidents, deaths = graded[code]
            key = "grade" if serious else "grade_first"
            text = b[key].format(grade=catalog.ACCIDENT_GRADES[code], accidents=_count(accidents, "accidents"))
            serious.append(text + (b["deaths"].format(deaths=_count(deaths, "deaths")) if deaths > 0 else ""))
    if serious:
        clauses.append(b["grade_separator"].join(serious))
    if not clauses:
        return None
    return lead + b["clause_separator"].join(clauses) + (b["synthetic"] if synthetic else "") + b["end"]


def hazard_sentence(
    where: str,
    figures: dict,
    *,
    supervised: int = 0,
    supervised_overdue: int = 0,
    synthetic: bool = False,
    lead: str = "",
) -> str:
    """The hazard sentence of a 通报 from the hazard ledger's figures (``hazard_figures.figures``
    of a span, as of a day): found, 一般 and 重大, rectified and 整改率, then 逾期未整改 and the open
    挂牌督办 hazards (``supervised``, of them ``supervised_overdue`` past their deadline) when any.
    ``where``: 全市 or a region's name (``where_word``); ``lead``: the opening period with its comma
    (``period_lead`` and ``，``), none by default.

    >>> f = dict(found=7481, general=7439, major=42, rectified=7390, rectification_rate=98.8, overdue=0)
    >>> hazard_sentence("全市", f)
    '全市共排查隐患7481条，其中一般隐患7439条、重大隐患42条，已整改7390条，整改率98.8%。'
    >>> hazard_sentence("灌云县", {**f, "overdue": 12}, supervised=3, supervised_overdue=1, synthetic=True)
    '灌云县共排查隐患7481条，其中一般隐患7439条、重大隐患42条，已整改7390条，整改率98.8%，逾期未整改12条；\
挂牌督办隐患3条尚未整改（其中逾期1条）（示例数据）。'
    >>> hazard_sentence("全市", dict(found=0, general=0, major=0, rectified=0, rectification_rate=None, overdue=0))
    '全市未排查出隐患。'
    >>> hazard_sentence("全市", f, lead="今年1-11月，")
    '今年1-11月，全市共排查隐患7481条，其中一般隐患7439条、重大隐患42条，已整改7390条，整改率98.8%。'
    """
    t = catalog.NARRATIVE_HAZARD
    where = lead + where
    if not figures["found"]:
        return t["none"].format(where=where) + (t["synthetic"] if synthetic else "") + t["end"]
    rate = "—" if figures["rectification_rate"] is None else f"{figures['rectification_rate']:.1f}%"
    text = t["found"].format(
        where=where, rate=rate, **{k: figures[k] for k in ("found", "general", "major", "rectified")}
    )
    if figures["overdue"]:
        text += t["overdue"].format(overdue=figures["overdue"])
    if supervised:
        text += t["supervised"].format(supervised=supervised)
        if supervised_overdue:
            text += t["supervised_overdue"].format(overdue=supervised_overdue)
    return text + (t["synthetic"] if synthetic else "") + t["end"]


def enforcement_ledger_note(figures: dict, *, synthetic: bool = False) -> str:
    """What the enforcement ledgers add after an official 执法检查企业数 their distinct count differs
    from: the visits and hazards, the cases, 罚没款 and transfers, not the enterprises (the official
    figure stands; 数据核对 lists the difference).

    >>> f = dict(enterprises=2, visits=4, hazards=6, major_hazards=1, cases=3, fines_wan=3.6, transferred=1)
    >>> enforcement_ledger_note(f)
    '据执法台账，检查4家次，发现隐患6条，其中重大隐患1条；立案3起，罚没款3.6万元，移送司法机关1起。'
    """
    t = catalog.NARRATIVE_ENFORCEMENT
    parts = []
    if figures["visits"]:
        parts.append(t["ledger_inspections"].format(visits=figures["visits"], hazards=figures["hazards"],
                                                    major=figures["major_hazards"]))  # fmt: skip
    if figures["cases"]:
        fines = metrics.format_number(figures["fines_wan"])
        parts.append(t["cases"].format(cases=figures["cases"], fines=fines, transferred=figures["transferred"]))
    return t["ledger_lead"] + t["separator"].join(parts) + (t["synthetic"] if synthetic else "") + t["end"]


def enforcement_sentence(where: str, figures: dict, *, lead: str = "", synthetic: bool = False) -> str:
    """The enforcement sentence of a 通报 from the inspection and penalty case ledgers' figures
    (``enforcement_rates.enforcement_figures``): enterprises (distinct) and visits, the hazards the
    inspections found and the major ones, then the cases filed, 罚没款 (万元) and the cases transferred.
    ``where``: 全市 or a region's name; ``lead``: the opening period with its comma.

    >>> f = dict(enterprises=1414, visits=2031, hazards=7481, major_hazards=42, cases=120, fines_wan=356.4, transferred=3)
    >>> enforcement_sentence("全市", f, lead="今年，")
    '今年，全市共检查企业1414家、2031家次，发现隐患7481条，其中重大隐患42条；立案120起，罚没款356.4万元，移送司法机关3起。'
    >>> enforcement_sentence("灌云县", {**f, "visits": 0, "enterprises": 0, "cases": 0})
    '灌云县台账中无执法检查记录；无行政处罚立案。'
    """
    t = catalog.NARRATIVE_ENFORCEMENT
    if figures["visits"]:
        first = t["inspections"].format(where=lead + where, enterprises=figures["enterprises"], visits=figures["visits"],
                                        hazards=figures["hazards"], major=figures["major_hazards"])  # fmt: skip
    else:
        first = t["no_inspections"].format(where=lead + where)
    if figures["cases"]:
        fines = metrics.format_number(figures["fines_wan"])
        second = t["cases"].format(cases=figures["cases"], fines=fines, transferred=figures["transferred"])
    else:
        second = t["no_cases"]
    return first + t["separator"] + second + (t["synthetic"] if synthetic else "") + t["end"]


def hazard_ledger_note(
    figures: dict, *, supervised: int = 0, supervised_overdue: int = 0, synthetic: bool = False
) -> str | None:
    """What the hazard ledger adds after an official hazard sentence whose totals it does not
    match (the official totals are the ones stated; 数据核对 lists the differences): only what no
    official figure states, its 逾期未整改 (``figures["overdue"]``) and open 挂牌督办 hazards
    (``supervised``, of them ``supervised_overdue`` overdue), as :func:`hazard_sentence` words
    them. None when it has neither.

    >>> hazard_ledger_note(dict(overdue=3), supervised=1, supervised_overdue=1)
    '据隐患台账，逾期未整改3条；挂牌督办隐患1条尚未整改（其中逾期1条）。'
    >>> hazard_ledger_note(dict(overdue=0), supervised=2, synthetic=True)
    '据隐患台账，挂牌督办隐患2条尚未整改（示例数据）。'
    >>> hazard_ledger_note(dict(overdue=0)) is None
    True
    """
    t = catalog.NARRATIVE_HAZARD
    parts = []
    if figures["overdue"]:
        parts.append(t["ledger_overdue"].format(overdue=figures["overdue"]))
    if supervised:
        text = t["ledger_supervised"].format(supervised=supervised)
        parts.append(text + (t["supervised_overdue"].format(overdue=supervised_overdue) if supervised_overdue else ""))
    if not parts:
        return None
    return t["ledger_lead"] + t["ledger_separator"].join(parts) + (t["synthetic"] if synthetic else "") + t["end"]


def covered_indicators() -> set[str]:
    """Indicators some sentence mentions (the headline with the 双下降 of the year before, the
    hotline and every template)."""
    codes = set(_HEADLINE) | {"double_decline"} | {"hotline_orders", "hotline_timely_rate", "hotline_satisfaction_rate"}
    for t in catalog.NARRATIVE_TEMPLATES:
        codes.update(template_indicators(t))
    return codes


def _row(indicator: str, value, *, previous=None, qualifier: str = "", period: str = "2022") -> dict:
    """A summary row as ``metrics.summary`` makes it, for examples and tests."""
    info = catalog.INDICATORS[indicator]
    change = metrics.describe_change(value, previous, unit=info.unit, approximate=bool(qualifier))
    return dict(
        indicator=indicator,
        name=info.name,
        unit=info.unit,
        topic=info.topic,
        section=info.section,
        region=catalog.CITY_CODE,
        region_name=catalog.REGIONS[catalog.CITY_CODE].name,
        period=period,
        period_label=metrics.period_label(info, Period.parse(period)),
        value=float(value),
        qualifier=qualifier,
        display=metrics.format_number(value, qualifier),
        previous=None if previous is None else float(previous),
        change_pct=change.pct,
        change_abs=change.absolute,
        direction=change.direction,
        change_text=change.text,
        approximate=change.approximate,
    )
