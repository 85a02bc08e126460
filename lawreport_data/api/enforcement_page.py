"""The 执法台账 page's data (issue 16): a region's and span's enforcement figures from the inspection
and penalty case ledgers as cards with their change (the official 执法检查企业数 where one is stored),
the figures table, the charts, the cases transferred to the judicial organs and 数据核对."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, enforcement_charts, enforcement_rates, enforcement_tables, ledger_figures, narrative, store
from ..charts import ChartSpec
from ..ledger_figures import comparison_spans, mean_figures
from ..periods import Period, period_days
from .accidents import _children, _names, _resolve
from .enforcement import span_figures
from .enforcement_checks import reconcile_in
from .parallel import at_once


@dataclass
class EnforcementView(ledger_figures.LedgerPageData):
    region: str
    region_name: str
    period: Period
    has_records: bool
    records_here: int
    cards: list[dict]
    rates: pd.DataFrame
    charts: list[ChartSpec]
    transferred: pd.DataFrame
    checks: list[dict]
    kind: str = "inspections"  # the record list's: inspections or cases
    table: pd.DataFrame | None = None  # a page of it
    total: int = 0
    page: int = 1
    page_size: int = 50
    children: dict[str, str] | None = None
    sentence: str = ""  # the 通报's enforcement sentence from the ledgers
    synthetic: bool = False  # a record shown is synthetic (the demo's): 示例数据

    def chart_groups(self) -> dict[str, list[ChartSpec]]:
        """The charts per group that has one (``enforcement_charts.GROUPS``: inspections, cases),
        in that order: the page draws one group at a time."""
        groups = {g: enforcement_charts.in_group(self.charts, g) for g in enforcement_charts.GROUPS}
        return {g: specs for g, specs in groups.items() if specs}


LIST_KINDS = ("inspections", "cases")
LIST_FILTERS = {"inspections": ("regions", "method"), "cases": ("regions", "source")}
"""The record list's filters per kind: a region under the one asked for, and 检查方式 or 案件来源 codes."""


def _list_filters(kind: str, filters: dict | None) -> dict:
    if kind not in LIST_KINDS:
        raise ValueError(f"the record list is one of {LIST_KINDS}, not {kind!r}")
    unknown = set(filters or {}) - set(LIST_FILTERS[kind])
    if unknown:
        raise ValueError(f"unknown filters for {kind}: {sorted(unknown)}")
    return dict(filters or {})


def enforcement_view(
    engine: Engine,
    period: Period,
    region: str | None = None,
    *,
    comparison: str = "yoy",
    kind: str = "inspections",
    filters: dict | None = None,
    page: int = 1,
    page_size: int = 50,
) -> EnforcementView:
    """The 执法台账 page's data for a region (its towns included) and ``period``, compared with the
    comparison span (``comparison``: yoy, mom, prev2 or avg5: the mean of five years' figures), with page ``page`` (from 1; past the last: the
    last) of its ``kind`` of records filtered by ``filters`` (:data:`LIST_FILTERS`)."""
    filters = _list_filters(kind, filters)
    page, page_size = max(int(page), 1), max(int(page_size), 1)
    start, end = period_days(period)
    befores = comparison_spans(period, comparison)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        has_records = store.any_enforcement_record(session)
    names, children = _names(regions), _children(regions, code)
    span = dict(regions=code, start=start, end=end)

    def lists(session):
        listed, total = store.record_page(session, kind, filters=filters, offset=(page - 1) * page_size,
                                          limit=page_size, **span)  # fmt: skip
        return (
            store.inspection_count_rows(session, under=children, **span) if children else [],
            store.case_count_rows(session, under=children, **span) if children else [],
            store.case_list(session, transferred=True, **span),
            store.any_synthetic(session, **span),
            (listed, total),
            store.load_observations(session, indicators=["enterprises_inspected"], regions=[code],
                                    years=sorted({period.year, *(b.year for b in befores)})),
        )  # fmt: skip

    def now_and_checks(session):  # this span's figures and charts' counts, and 数据核对 (its own counts reused)
        figures, counts = span_figures(session, code, period)
        known = {(code, period.start, period.end): counts}
        return figures, counts, reconcile_in(session, period, code, known) if has_records else []

    def earlier(session):  # the comparison span's figures (no charts)
        return [span_figures(session, code, before, charts=False)[0] for before in befores]

    # this span's counts with 数据核对, the comparison span's, and the lists at once (parallel.at_once)
    (now, counts, checks), earlier, (by_child, fines_child, cases, synthetic, (listed, total), official) = at_once(
        engine, now_and_checks, earlier, lists
    )
    then = mean_figures([e if e["visits"] or e["cases"] else None for e in earlier])  # none: no rise from 0
    if not listed and total:  # past the last page (the records changed): the last one
        page = -(-total // page_size)
        with store.session_factory(engine)() as session:
            listed, _ = store.record_page(session, kind, filters=filters, offset=(page - 1) * page_size,
                                          limit=page_size, **span)  # fmt: skip
    by_child = [(r["group"], r) for r in by_child]
    fines_child = [(r["group"], r) for r in fines_child]
    stated = ledger_figures.official_value(official, "enterprises_inspected", code, period)
    if then is not None:  # the comparison's official figures where stored: compared with the official one
        stated_before = [ledger_figures.official_value(official, "enterprises_inspected", code, b) for b in befores]
        if stated is not None and None not in stated_before:
            then = {**then, "enterprises": sum(stated_before) / len(stated_before)}
    name = catalog.region_name(code, regions)
    specs: list[ChartSpec] = []
    methods = [r for r in counts["method"] if r["visits"]]
    if methods:
        specs.append(enforcement_charts.bars_chart(
            "method", [catalog.INSPECTION_METHODS.get(r["group"], r["group"]) for r in methods],
            [r["visits"] for r in methods], code, name, period, synthetic))  # fmt: skip
    months = [f"{period.year}-{m:02d}" for m in range(period.start, period.end + 1)]  # every month, 0 where none
    if counts["visits_month"]:
        visits = {r["group"]: r["visits"] for r in counts["visits_month"]}
        specs.append(enforcement_charts.bars_chart(
            "visits_month", [enforcement_charts.month_label(m, period) for m in months],
            [visits.get(m, 0) for m in months], code, name, period, synthetic))  # fmt: skip
    shown = [(c, r) for c, r in by_child if r["enterprises"]]
    if shown:
        shown.sort(key=lambda cr: -cr[1]["enterprises"])
        specs.append(enforcement_charts.bars_chart(
            "region", [names.get(c, c) for c, _ in shown], [r["enterprises"] for _, r in shown], code, name, period, synthetic))  # fmt: skip
    if counts["source"]:
        ordered = sorted(counts["source"], key=lambda r: -r["cases"])
        specs.append(enforcement_charts.bars_chart(
            "source", [catalog.CASE_SOURCES.get(r["group"], r["group"]) for r in ordered],
            [r["cases"] for r in ordered], code, name, period, synthetic))  # fmt: skip
    if counts["penalty"]:
        specs.append(enforcement_charts.bars_chart(
            "penalty", [catalog.PENALTY_KINDS.get(r["group"], r["group"]) for r in counts["penalty"]],
            [r["cases"] for r in counts["penalty"]], code, name, period, synthetic))  # fmt: skip
    if counts["month"]:
        money_of = {r["group"]: (r["fines"] + r["confiscations"]) / 10000 for r in counts["month"]}
        specs.append(enforcement_charts.bars_chart(
            "fines", [enforcement_charts.month_label(m, period) for m in months],
            [enforcement_rates.round_half_away(money_of.get(m, 0.0), 1) for m in months],
            code, name, period, synthetic))  # fmt: skip
    money = [(c, enforcement_rates.round_half_away((r["fines"] + r["confiscations"]) / 10000, 1))
             for c, r in fines_child if r["cases"]]  # fmt: skip
    if money:
        money.sort(key=lambda cv: -cv[1])
        specs.append(enforcement_charts.bars_chart(
            "fines_region", [names.get(c, c) for c, _ in money], [v for _, v in money], code, name, period, synthetic))  # fmt: skip
    for row in checks:
        info = catalog.INDICATORS[row["indicator"]]
        row.update(name=info.name, unit=info.unit, region_name=catalog.region_name(row["region"], regions),
                   period_label=Period.parse(row["period"]).label())  # fmt: skip
    return EnforcementView(
        region=code, region_name=name, period=period, has_records=has_records,
        records_here=now["visits"] + now["cases"],
        cards=enforcement_tables.cards(now, then, official={} if stated is None else {"enterprises": stated},
                                       comparison=comparison, synthetic=synthetic),
        rates=enforcement_tables.rates_table(now, then, comparison),
        charts=specs, transferred=enforcement_tables.transferred_table(cases, names), checks=checks,
        kind=kind, table=enforcement_tables.record_table(kind, listed, names), total=total, page=page,
        page_size=page_size, children={c: names.get(c, c) for c in children},
        sentence=narrative.enforcement_sentence(narrative.where_word(code, name), now,
                                                lead=narrative.period_lead(period, "this_year") + "，", synthetic=synthetic),
        synthetic=synthetic,
    )  # fmt: skip


def enforcement_export(
    engine: Engine,
    period: Period,
    region: str | None = None,
    *,
    kind: str = "inspections",
    filters: dict | None = None,
    fmt: str = "csv",
) -> bytes:
    """Every filtered record of the 执法台账 page's list (``kind``), as people read them, as CSV
    (UTF-8 with BOM) or XLSX bytes, formulas neutralised."""
    from .. import tables

    filters = _list_filters(kind, filters)
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        listed, _ = store.record_page(session, kind, regions=code, start=start, end=end, filters=filters, limit=None)
    table = enforcement_tables.record_table(kind, listed, _names(regions))
    return tables.to_csv_bytes(table) if fmt == "csv" else tables.to_xlsx_bytes(table)
