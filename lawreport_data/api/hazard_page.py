"""The 隐患台账 page in one call (:func:`hazard_view`): the hazards of a region and span with their
state on a day, as cards, charts, the 挂牌督办 list, the enterprises with the most open hazards, a
page of the filtered record list, its export, and 数据核对."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, hazard_charts, hazard_figures, hazard_tables, ledger_figures, store, tables
from ..charts import ChartSpec
from ..ledger_figures import period_days
from ..periods import Period
from ..store.hazard_sums import COUNT_COLUMNS
from .accidents import _children, _names, _resolve
from .hazards import default_as_of, hazard_reconcile, reconcile_spans
from .parallel import at_once

HAZARD_VIEW_FILTERS = ("regions", "level", "status", "supervision")
"""The record list's filters: ``regions`` (a region code: it and the regions under it), and lists
of codes of ``level``, ``status`` (on the as-of day) and ``supervision``."""


@dataclass(frozen=True)
class HazardView(ledger_figures.LedgerPageData):
    """Everything the 隐患台账 page shows for a region, span and as-of day.

    ``cards``: ``hazard_tables.cards``; ``charts``: funnel, 整改率 by region (when the region has
    regions under it), open hazards by age; ``supervised`` and ``companies``: tables as people read
    them; ``table``: one page of the filtered records as people read them, of ``total``;
    ``checks``: the 数据核对 rows with ``name``, ``unit``, ``region_name``, ``period_label``;
    ``records_here``: the hazards found in the span by the day."""

    region: str
    region_name: str
    period: Period
    as_of: dt.date
    comparison: str
    has_records: bool
    records_here: int
    synthetic: bool
    cards: list[dict]
    charts: list[ChartSpec]
    supervised: pd.DataFrame
    companies: pd.DataFrame
    table: pd.DataFrame
    total: int
    page: int
    page_size: int
    checks: list[dict]
    children: dict[str, str] = field(default_factory=dict)


def parent_map(regions: pd.DataFrame, code: str, present) -> dict[str, str]:
    """Each region code of ``present`` → the region directly under ``code`` it lies in (a town →
    its county), or ``code`` itself for the region's own records.

    >>> regions = pd.DataFrame({"code": ["c", "a", "a1", "b"], "parent": [None, "c", "a", "c"]})
    >>> parent_map(regions, "c", ["a1", "b", "c"])
    {'a1': 'a', 'b': 'b', 'c': 'c'}
    """
    parent = dict(zip(regions["code"].tolist(), regions["parent"].tolist(), strict=True))
    out = {}
    for r in present:
        here = r
        while here is not None and here != code and parent.get(here) != code:
            here = parent.get(here)
        out[r] = r if here is None else here
    return out


def _whole(counts: pd.DataFrame) -> pd.Series:
    """The counts of every group summed (additive counts: a whole's are its parts')."""
    return counts.drop(columns="group").sum() if len(counts) else pd.Series(0, index=COUNT_COLUMNS)


def hazard_view(
    engine: Engine,
    period: Period,
    region: str | None = None,
    *,
    as_of=None,
    filters: dict | None = None,
    page: int = 1,
    page_size: int = 50,
    comparison: str = "yoy",
    today: dt.date | None = None,
) -> HazardView:
    """The 隐患台账 page's data: the hazards found in ``period`` in ``region`` (its towns included)
    on ``as_of`` (default ``default_as_of``), compared with the comparison span's on the same day of
    it; page ``page`` (from 1) of the record list filtered by ``filters`` (:data:`HAZARD_VIEW_FILTERS`).
    Counted in the database (``store.hazard_counts`` and its kin): no span's records are loaded."""
    as_of = pd.Timestamp(as_of or default_as_of(period, today)).date()
    page, page_size = max(int(page), 1), max(int(page_size), 1)
    start, end = period_days(period)
    span = dict(start=start, end=end, as_of=as_of)
    befores = ledger_figures.comparison_spans(period, comparison)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        has_records = store.any_hazard(session)
        # 数据核对 counts this span and each official figure's span on its last day
        spans = {*reconcile_spans(session, period, code), (start, end)} if has_records else set()
    if as_of == end:  # this span on its last day: its counts below
        spans.discard((start, end))
    spans = sorted(spans)
    names = _names(regions)
    earlier = []  # each comparison span on the same day of it
    for before in befores if has_records else ():
        first, last = period_days(before)
        earlier.append(dict(start=first, end=last, as_of=hazard_tables.shifted_as_of(as_of, end, last)))

    def lists(session):
        official = store.load_observations(
            session, indicators=list(catalog.HAZARD_CARD_INDICATORS.values()), regions=[code], years=[period.year]
        )
        return (
            official,
            store.hazard_batches(session, regions=code, **span),
            store.open_supervised(session, regions=code, **span),
            store.open_by_company(session, regions=code, top=catalog.HAZARD_TOP_COMPANIES, **span),
        )

    def checked(first, last):
        return lambda session: store.hazard_counts(
            session, regions=code, start=first, end=last, as_of=last, by="region"
        )

    # this span's counts, the comparison span's, the lists and 数据核对's spans at once (parallel.at_once)
    by_region, previous, (official, (batch_ids, synthetic), supervised, companies), *spans_counted = at_once(
        engine,
        lambda session: store.hazard_counts(session, regions=code, by="region", **span),
        lambda session: [store.hazard_counts(session, regions=code, **e) for e in earlier],
        lists,
        *(checked(first, last) for first, last in spans),
    )
    counted = dict(zip(spans, spans_counted, strict=True))
    if as_of == end:  # this span on its last day: the counts above
        counted[start, end] = by_region
    whole = _whole(by_region)
    then = ledger_figures.mean_figures(  # a span with no hazard has nothing to compare with (not a rise from 0)
        [hazard_figures.figures_of(p.iloc[0]) if int(p["found"].iloc[0]) else None for p in previous]
    )
    known = None if any((filters or {}).values()) else int(whole["found"])  # unfiltered: all counted
    with store.session_factory(engine)() as session:
        shown, total = store.hazard_page(
            session, regions=code, filters=filters, offset=(page - 1) * page_size, limit=page_size, total=known,
            **span,
        )  # fmt: skip
        if shown.empty and total:  # past the last page (the records changed): the last one
            page = -(-total // page_size)
            shown, _ = store.hazard_page(
                session, regions=code, filters=filters, offset=(page - 1) * page_size, limit=page_size, **span
            )
    stated = {
        key: ledger_figures.official_value(official, indicator, code, period)
        for key, indicator in catalog.HAZARD_CARD_INDICATORS.items()
    }
    now = hazard_figures.figures_of(whole)
    cards = hazard_tables.cards(
        now, then, official={k: v for k, v in stated.items() if v is not None}, comparison=comparison,
        synthetic=synthetic,
    )  # fmt: skip
    source = (["hazard_ledger"] + (["demo"] if synthetic else []), batch_ids, synthetic)
    name = catalog.region_name(code, regions)
    specs: list[ChartSpec] = []
    if now["found"]:
        specs.append(hazard_charts.funnel_chart(hazard_tables.funnel(whole), code, name, period, as_of, source))
        if _children(regions, code):
            parents = parent_map(regions, code, by_region["group"])
            rates = hazard_tables.rate_by_region(by_region, parents, names)
            specs.append(hazard_charts.rate_chart(rates, code, name, period, as_of, source))
        ages = hazard_tables.ages(whole)
        if int(ages["open"].sum()):
            specs.append(hazard_charts.age_chart(ages, code, name, period, as_of, source))
    checks = hazard_reconcile(engine, period, code, counted=counted) if has_records else []
    for row in checks:
        info = catalog.INDICATORS[row["indicator"]]
        row.update(name=info.name, unit=info.unit, region_name=catalog.region_name(row["region"], regions),
                   period_label=Period.parse(row["period"]).label())  # fmt: skip
    return HazardView(
        region=code, region_name=name, period=period, as_of=as_of, comparison=comparison, has_records=has_records,
        records_here=now["found"], synthetic=synthetic, cards=cards, charts=specs,
        supervised=hazard_tables.supervised_table(supervised, as_of, names),
        companies=hazard_tables.company_table(companies, names),
        table=hazard_tables.record_table(shown, names), total=total, page=page, page_size=page_size, checks=checks,
        children={c: names.get(c, c) for c in _children(regions, code)},
    )  # fmt: skip


def hazard_export(
    engine: Engine,
    period: Period,
    region: str | None = None,
    *,
    as_of=None,
    filters: dict | None = None,
    fmt: str = "csv",
) -> bytes:
    """The filtered records of :func:`hazard_view` (every page), every field as people read them
    (``catalog.HAZARD_EXPORT_COLUMNS``), as CSV (UTF-8 with BOM) or XLSX bytes, formulas neutralised."""
    as_of = pd.Timestamp(as_of or default_as_of(period)).date()
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        records, _ = store.hazard_page(
            session, regions=code, start=start, end=end, as_of=as_of, filters=filters, limit=None
        )
    table = hazard_tables.record_table(records, _names(regions), catalog.HAZARD_EXPORT_COLUMNS)
    return tables.to_csv_bytes(table) if fmt == "csv" else tables.to_xlsx_bytes(table)
