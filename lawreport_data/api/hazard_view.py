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
from .accidents import _children, _names, _resolve
from .hazards import default_as_of, hazard_reconcile

HAZARD_VIEW_FILTERS = ("regions", "level", "status", "supervision")
"""The record list's filters: ``regions`` (a region code: it and the regions under it), and lists
of codes of ``level``, ``status`` (on the as-of day) and ``supervision``."""


@dataclass(frozen=True)
class HazardView:
    """Everything the 隐患台账 page shows for a region, span and as-of day.

    ``cards``: ``hazard_tables.cards``; ``charts``: funnel, 整改率 by region (when the region has
    regions under it), open hazards by age; ``supervised`` and ``companies``: tables as people read
    them; ``table``: one page of the filtered records as people read them, of ``total``;
    ``checks``: the 数据核对 rows with ``name``, ``unit``, ``region_name``, ``period_label``."""

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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def check_table(self) -> pd.DataFrame:
        return ledger_figures.check_table(self.checks)


def parent_map(regions: pd.DataFrame, code: str, present) -> dict[str, str]:
    """Each region code of ``present`` → the region directly under ``code`` it lies in (a town →
    its county), or ``code`` itself for the region's own records.

    >>> regions = pd.DataFrame({"code": ["c", "a", "a1", "b"], "parent": [None, "c", "a", "c"]})
    >>> parent_map(regions, "c", ["a1", "b", "c"])
    {'a1': 'a', 'b': 'b', 'c': 'c'}
    """
    parent = dict(zip(regions["code"], regions["parent"], strict=True))
    out = {}
    for r in present:
        here = r
        while here is not None and here != code and parent.get(here) != code:
            here = parent.get(here)
        out[r] = r if here is None else here
    return out


def _chosen(session, filters: dict | None) -> dict:
    """The record list's filters with ``regions`` widened to the regions under it."""
    chosen = dict(filters or {})
    if chosen.get("regions"):
        chosen["regions"] = store.regions_under(session, [str(chosen["regions"])]) or {str(chosen["regions"])}
    return chosen


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
    it; page ``page`` (from 1) of the record list filtered by ``filters`` (:data:`HAZARD_VIEW_FILTERS`)."""
    as_of = pd.Timestamp(as_of or default_as_of(period, today)).date()
    page, page_size = max(int(page), 1), max(int(page_size), 1)
    start, end = period_days(period)
    before = ledger_figures.comparison_period(period, comparison)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        names = _names(regions)
        records = store.hazard_records(session, regions=code, start=start, end=end)
        has_records = bool(len(records)) or store.any_hazard(session)
        previous = None
        if before is not None:
            first, last = period_days(before)
            previous = store.hazard_records(session, regions=code, start=first, end=last)
        official = store.load_observations(
            session, indicators=list(catalog.HAZARD_CARD_INDICATORS.values()), regions=[code], years=[period.year]
        )
        chosen = _chosen(session, filters)
    before_as_of = None if before is None else hazard_tables.shifted_as_of(as_of, end, period_days(before)[1])
    known = records[records["found_on"] <= pd.Timestamp(as_of)]
    synthetic = bool(known["synthetic"].any()) if len(known) else False
    stated = {
        key: ledger_figures.official_value(official, indicator, code, period)
        for key, indicator in catalog.HAZARD_CARD_INDICATORS.items()
    }
    cards = hazard_tables.cards(
        records, previous if previous is not None and len(previous) else None, as_of, before_as_of,
        official={k: v for k, v in stated.items() if v is not None}, comparison=comparison, synthetic=synthetic,
    )  # fmt: skip
    source = (
        ["hazard_ledger"] + (["demo"] if synthetic else []),
        sorted({int(b) for b in known["batch_id"].dropna()}),
        synthetic,
    )
    name = catalog.region_name(code, regions)
    specs: list[ChartSpec] = []
    if len(known):
        specs.append(
            hazard_charts.funnel_chart(hazard_tables.funnel(records, as_of), code, name, period, as_of, source)
        )
        children = _children(regions, code)
        if children:
            parents = parent_map(regions, code, pd.unique(known["region"]))
            rates = hazard_tables.rate_by_region(known, as_of, parents, names)
            specs.append(hazard_charts.rate_chart(rates, code, name, period, as_of, source))
        ages = hazard_figures.age_buckets(records, as_of)
        if int(ages["open"].sum()):
            specs.append(hazard_charts.age_chart(ages, code, name, period, as_of, source))
    listed = hazard_tables.list_frame(records, as_of, chosen)
    total = len(listed)
    page = min(page, max(1, -(-total // page_size)))
    shown = listed.iloc[(page - 1) * page_size : page * page_size]
    checks = hazard_reconcile(engine, period, code) if has_records else []
    for row in checks:
        info = catalog.INDICATORS[row["indicator"]]
        row.update(name=info.name, unit=info.unit, region_name=catalog.region_name(row["region"], regions),
                   period_label=Period.parse(row["period"]).label())  # fmt: skip
    return HazardView(
        region=code, region_name=name, period=period, as_of=as_of, comparison=comparison, has_records=has_records,
        records_here=len(records), synthetic=synthetic, cards=cards, charts=specs,
        supervised=hazard_tables.supervised_table(records, as_of, names),
        companies=hazard_tables.open_by_company(records, as_of, names),
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
        records = store.hazard_records(session, regions=code, start=start, end=end)
        chosen = _chosen(session, filters)
    table = hazard_tables.record_table(
        hazard_tables.list_frame(records, as_of, chosen), _names(regions), catalog.HAZARD_EXPORT_COLUMNS
    )
    return tables.to_csv_bytes(table) if fmt == "csv" else tables.to_xlsx_bytes(table)
