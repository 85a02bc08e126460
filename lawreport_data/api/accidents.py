"""The accident ledger (事故台账) read: figures counted from the records for any region and
period, their breakdowns, the record list, the 事故台账 page's view in one call, and the
reconciliation (数据核对) of official figures with the ledger's counts.

The store counts (``store.accident_totals``: counted records, not retired; a region with the
regions under it); ``ledger_figures`` names, labels and compares. Where an official figure (an
observation: the report's, an imported total) exists for the same indicator, region and period,
the official figure is what is shown, and :func:`reconcile` lists where the ledger differs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from .. import catalog, ledger_figures, store
from ..ledger_figures import BREAKDOWN_MEASURES, DERIVED, period_days
from ..ledgers.fields import ACCIDENT_VALUE_COLUMNS
from ..periods import Period
from .grouped_hazards import resolve_region

if TYPE_CHECKING:  # loaded by the page's view only: the CLI's records and the hazards' reads need no Plotly
    from .. import charts

_NOT_LISTED = ("record_no", "credit_code", "industry", "write_off_reason", "summary")
RECORD_KEYS = ["id", *(c for c in ACCIDENT_VALUE_COLUMNS if c not in _NOT_LISTED)]
"""A listed record's keys (the CLI's JSON), codes as stored: its id and its fields but the
identifiers, the industry and the texts."""
GROUP_KEYS = ["group", *BREAKDOWN_MEASURES]
"""A breakdown's keys (the CLI's JSON with ``--by``)."""
VIEW_FILTERS = ("regions", "period", "sector", "type", "grade", "status")
"""What the page's record list is filtered by: ``regions`` (a code; its towns included),
``period`` (a ``Period`` or its text, within the view's year; default the view's period), and a
value or list of values of ``sector``, ``type``, ``grade``, ``status``."""
RECORD_CHUNK = 10_000


def _resolve(session: Session, region: str | None) -> tuple[str, pd.DataFrame]:
    """A region's code (``grouped_hazards.resolve_region``: the catalog's names and codes, or a
    town added to the store) and the store's regions."""
    return resolve_region(session, region), store.regions_frame(session)


def _names(regions: pd.DataFrame) -> dict[str, str]:
    return dict(zip(regions["code"].tolist(), regions["name"].tolist(), strict=True))


def _days(period: Period) -> dict:
    start, end = period_days(period)
    return {"start": start, "end": end}


def _counted(session: Session, code: str, period: Period) -> dict[str, float]:
    """The ledger's figures (``DERIVED`` indicators) of one region and period."""
    totals = store.accident_totals(session, regions=code, **_days(period))
    row = totals.iloc[0]
    return {indicator: float(row[measure]) for indicator, measure in DERIVED.items()}


# --- figures, breakdowns and records ----------------------------------------------------------


def ledger_indicators(engine: Engine, period: Period, region: str | None = None) -> pd.DataFrame:
    """The indicators counted from the ledger (事故起数, 死亡人数, 受伤人数, 直接经济损失, 较大及以上事故起数)
    for a region (its towns included; the city: every record) and period: columns ``indicator``,
    ``name``, ``unit``, ``region``, ``period``, ``value``."""
    with store.session_factory(engine)() as session:
        code, _ = _resolve(session, region)
        counted = _counted(session, code, period)
    rows = [
        dict(indicator=i, name=catalog.INDICATORS[i].name, unit=catalog.INDICATORS[i].unit, region=code,
             period=str(period), value=v)
        for i, v in counted.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


def accident_breakdown(engine: Engine, period: Period, region: str | None = None, by: str = "type") -> pd.DataFrame:
    """The counted records of a region and period grouped ``by`` (one of ``store.ACCIDENT_GROUPINGS``):
    columns ``group`` (the code, month ``YYYY-MM``, hour, day 0 Monday …, or the region directly
    under the one asked for), ``category`` (its label) and ``BREAKDOWN_MEASURES``; 核销 and retired
    records are not counted. Only groups with records."""
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        totals = store.accident_totals(session, regions=code, by=by, **_days(period))
    children = _children(regions, code) if by == "region" else None
    frame = ledger_figures.breakdown(totals, by, period, children=children, names=_names(regions), parent=code)
    return frame[frame["accidents"] > 0].reset_index(drop=True)


def _where(session: Session, code: str, period: Period, filters: dict | None) -> dict:
    """The store's filters (``store.ACCIDENT_FILTERS``) for the view's ``filters`` (``VIEW_FILTERS``)."""
    filters = dict(filters or {})
    unknown = set(filters) - set(VIEW_FILTERS)
    if unknown:
        raise ValueError(f"accident records are filtered by {VIEW_FILTERS}, not {sorted(unknown)}")
    chosen = filters.pop("period", None)
    chosen = Period.parse(chosen) if isinstance(chosen, str) else chosen or period
    where = {"regions": filters.pop("regions", None) or code, **_days(chosen)}
    for name, value in filters.items():
        if value not in (None, "", [], ()):
            where[name] = value
    return where


def accident_records(
    engine: Engine,
    period: Period,
    region: str | None = None,
    *,
    filters: dict | None = None,
    offset: int = 0,
    limit: int = 50,
    order: str = "-occurred_at",
) -> tuple[pd.DataFrame, int]:
    """One page of the records in force (counted and 核销 alike) of a region and period that match
    ``filters`` (``VIEW_FILTERS``), as ``store.ACCIDENT_PAGE_COLUMNS``, and how many match in all."""
    with store.session_factory(engine)() as session:
        code, _ = _resolve(session, region)
        return store.accident_page(
            session, filters=_where(session, code, period, filters), offset=offset, limit=limit, order=order
        )


def iter_records(engine: Engine, period: Period, region: str | None = None, *, filters: dict | None = None):
    """Every matching record (see :func:`accident_records`) as frames of at most ``RECORD_CHUNK``
    records, oldest first, each read in its own short session."""
    offset = 0
    while True:
        page, _ = accident_records(
            engine, period, region, filters=filters, offset=offset, limit=RECORD_CHUNK, order="occurred_at"
        )
        if page.empty:
            return
        yield page
        offset += len(page)
        if len(page) < RECORD_CHUNK:
            return


def accident_export(
    engine: Engine, period: Period, region: str | None = None, *, filters: dict | None = None
) -> pd.DataFrame:
    """Every matching record (see :func:`accident_records`) with the export's Chinese headers
    (``catalog.ACCIDENT_EXPORT_COLUMNS``), for the page's CSV and XLSX downloads."""
    with store.session_factory(engine)() as session:
        names = _names(store.regions_frame(session))
    parts = [
        ledger_figures.record_table(chunk, names, catalog.ACCIDENT_EXPORT_COLUMNS)
        for chunk in iter_records(engine, period, region, filters=filters)
    ]
    if not parts:
        return pd.DataFrame(columns=list(catalog.ACCIDENT_EXPORT_COLUMNS.values()))
    return pd.concat(parts, ignore_index=True)


# --- 数据核对 ---------------------------------------------------------------------------------


def _reconcile(session: Session, period: Period, code: str | None) -> pd.DataFrame:
    """See :func:`reconcile`: the rows, and whether each involves synthetic data (``synthetic``,
    :func:`_synthetic_checks`)."""
    sources = store.accident_sources(session, regions=code, **_days(period))
    present = set(sources["region"])
    if not present:  # no ledger sent for anything here: nothing to reconcile
        return pd.DataFrame(columns=ledger_figures.RECONCILE_KEYS)
    # the regions reconciled: those with a record of their own or of a region under them (not every
    # town's official figures of a province), within the region asked
    covered = store.regions_above(session, present)
    under = None if code is None else store.regions_under(session, [code])
    official = store.load_observations(
        session, indicators=list(DERIVED), years=[period.year], regions=sorted(covered if under is None else covered & under)
    )  # fmt: skip
    official = official[(official["start"] >= period.start) & (official["end"] <= period.end)]
    if official.empty:
        return pd.DataFrame(columns=ledger_figures.RECONCILE_KEYS)
    counts = []
    for (start, end), rows in official.groupby(["start", "end"]):
        span = Period(period.year, int(start), int(end))
        totals = store.accident_totals(session, regions=sorted(set(rows["region"])), **_days(span))
        for t in totals.to_dict("records"):
            counts.append(
                dict(region=t["region"], year=span.year, start=span.start, end=span.end,
                     **{i: t[m] for i, m in DERIVED.items()})
            )  # fmt: skip
    rows = ledger_figures.reconcile_rows(official, pd.DataFrame(counts))
    return rows.assign(synthetic=_synthetic_checks(session, rows, official, sources))


def _synthetic_checks(session: Session, rows: pd.DataFrame, official: pd.DataFrame, sources: pd.DataFrame) -> list:
    """Whether each 数据核对 row involves synthetic (demo) data: its official figure is synthetic, or
    the ledger holds synthetic counted records of its region (or a region under it) within the
    period asked for (``sources``: ``store.accident_sources`` of that period; a region's months
    are not told apart, so a row may be stamped for a synthetic record of another month)."""
    stated = {
        (r.indicator, r.region, str(Period(int(r.year), int(r.start), int(r.end))))
        for r in official.itertuples()
        if r.synthetic
    }
    demo = set(sources.loc[(sources["status"] == "counted") & sources["synthetic"], "region"])
    out = []
    for r in rows.itertuples():
        under = store.regions_under(session, [r.region]) if demo else set()
        out.append((r.indicator, r.region, r.period) in stated or under is None or bool(under & demo))
    return out


def _behind(session: Session, row: dict) -> list[int]:
    """The ids of the records a difference's ledger count is made of."""
    filters = check_filters(row)
    where = {"regions": filters["regions"], **_days(Period.parse(filters["period"])), "status": filters["status"]}
    if "grade" in filters:
        where["grade"] = filters["grade"]
    ids: list[int] = []
    while True:
        page, total = store.accident_page(session, filters=where, offset=len(ids), limit=RECORD_CHUNK, order="id")
        ids += [int(i) for i in page["id"]]
        if page.empty or len(ids) >= total:
            return ids


def check_filters(row: dict) -> dict:
    """The record list's filters (``VIEW_FILTERS``) that list the records behind a 数据核对 row:
    the counted records of its region and period (of grade 较大 and above for 较大及以上事故起数).

    >>> check_filters({"indicator": "major_accidents", "region": "320723", "period": "2022-03"})
    {'regions': '320723', 'period': '2022-03', 'status': 'counted', 'grade': ['larger', 'major', 'especially_major']}
    """
    out = {"regions": row["region"], "period": row["period"], "status": "counted"}
    if row["indicator"] == "major_accidents":
        out["grade"] = [g for g in catalog.ACCIDENT_GRADES if g != "general"]
    return out


def reconcile(engine: Engine, period: Period, region: str | None = None, *, records: bool = False) -> list[dict]:
    """Every official figure (an observation: the report's, an imported total) of a ledger indicator
    (``DERIVED``) for a period within ``period`` and ``region`` or a region under it (None: every
    region) whose ledger count differs from it: dicts with ``indicator, region, period, official,
    ledger, difference`` (ledger − official), in indicator, region and period order. With
    ``records``, each also lists the ids of the records behind its ledger count (``records``).

    A region is reconciled only where the ledger holds a record in force (counted or 核销) of it
    or a region under it within ``period``: a county that has sent no ledger is not listed as
    differing by every official figure it has."""
    with store.session_factory(engine)() as session:
        code = None if region is None else _resolve(session, region)[0]
        rows = _reconcile(session, period, code).to_dict("records")
        if records:
            for row in rows:
                row["records"] = _behind(session, row)
    return [{k: _plain(v) for k, v in row.items() if k != "synthetic"} for row in rows]


def _plain(value):
    """A number as a plain int (whole) or float, for JSON."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if hasattr(value, "item"):
        return _plain(value.item())
    return value


# --- the 事故台账 page ---------------------------------------------------------------------


@dataclass(frozen=True)
class AccidentView(ledger_figures.LedgerPageData):
    """Everything the 事故台账 page shows for a region and period, from one call.

    ``cards``: ``ledger_figures.card_rows``; ``breakdowns``: by → ``ledger_figures.breakdown``;
    ``charts``: their charts (house style); ``records``: one page of the filtered record list
    (``store.ACCIDENT_PAGE_COLUMNS``) and ``table`` the same as people read it; ``total``: how
    many records match the filters; ``checks``: the 数据核对 rows (:func:`reconcile`'s keys plus
    ``name``, ``region_name``, ``period_label`` and the record list's ``filters`` behind each)."""

    region: str
    region_name: str
    period: Period
    comparison: str
    has_records: bool  # the store holds any record in force
    records_here: int  # records in force (any status) of the region and period
    synthetic: bool
    cards: list[dict]
    breakdowns: dict[str, pd.DataFrame]
    charts: list[charts.ChartSpec]
    records: pd.DataFrame
    table: pd.DataFrame
    total: int
    page: int
    page_size: int
    checks: list[dict]
    children: dict[str, str] = field(default_factory=dict)  # the region filter's choices: code → name
    names: dict[str, str] = field(default_factory=dict)  # every region of the store: code → name

    def detail(self, record_id: int) -> pd.DataFrame:
        """A record of the page, field by field (``catalog.ACCIDENT_DETAIL_COLUMNS``; 简要经过 apart)."""
        return ledger_figures.record_detail(self.records[self.records["id"] == record_id], self.names)


def _children(regions: pd.DataFrame, code: str) -> list[str]:
    return regions.loc[regions["parent"] == code, "code"].tolist()


def accident_view(
    engine: Engine,
    period: Period,
    region: str | None = None,
    *,
    filters: dict | None = None,
    page: int = 1,
    page_size: int = 50,
    order: str = "-occurred_at",
    comparison: str = "yoy",
    charted: Iterable[str] | None = None,
) -> AccidentView:
    """The 事故台账 page in one call: cards (the official figure where one exists, the ledger's
    count beside it, the change against the same span last year or the one before), the
    breakdowns (``catalog.ACCIDENT_BREAKDOWNS``) and the charts of those ``charted`` (default:
    all), page ``page`` (from 1) of the record list filtered by ``filters`` (``VIEW_FILTERS``)
    with the number that match, and the 数据核对 rows of the region and period."""
    page, page_size = max(int(page), 1), max(int(page_size), 1)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        names = _names(regions)
        name = catalog.region_name(code, regions)
        has_records = store.any_accident(session)
        days = _days(period)
        sources = store.accident_sources(session, regions=code, **days) if has_records else None
        breakdowns: dict[str, pd.DataFrame] = {}
        children = _children(regions, code)
        for by in catalog.ACCIDENT_BREAKDOWNS:
            totals = (
                store.accident_totals(session, regions=code, by=by, **days)
                if has_records
                else pd.DataFrame(columns=["group", *BREAKDOWN_MEASURES])
            )
            breakdowns[by] = ledger_figures.breakdown(
                totals, by, period, children=children if by == "region" else None, names=names, parent=code
            )
        month = breakdowns["month"]
        grade = breakdowns["grade"]
        counted = {i: float(month[m].sum()) for i, m in DERIVED.items() if m in month}
        counted["major_accidents"] = float(grade.loc[grade["group"] != "general", "accidents"].sum())
        befores = ledger_figures.comparison_spans(period, comparison)
        # A span the ledger holds nothing of (not sent, or before the ledger began) has no count to
        # compare with: its change is 无可比数据, not a rise from 0.
        previous = [
            _counted(session, code, before)
            if has_records and not store.accident_sources(session, regions=code, **_days(before)).empty
            else None
            for before in befores
        ]
        years = sorted({period.year, *(before.year for before in befores)})
        official = store.load_observations(session, indicators=list(DERIVED), regions=[code], years=years)
        demo_counted = bool(sources is not None and (sources["synthetic"] & (sources["status"] == "counted")).any())
        cards = ledger_figures.card_rows(counted, previous, official, code, period, comparison, synthetic=demo_counted)
        where = _where(session, code, period, filters)
        records, total = (
            store.accident_page(session, filters=where, offset=(page - 1) * page_size, limit=page_size, order=order)
            if has_records
            else (pd.DataFrame(columns=store.ACCIDENT_PAGE_COLUMNS), 0)
        )
        if records.empty and total:  # past the last page (the records changed): the last one
            page = -(-total // page_size)
            records, _ = store.accident_page(
                session, filters=where, offset=(page - 1) * page_size, limit=page_size, order=order
            )
        checks = _reconcile(session, period, code).to_dict("records") if has_records else []
    here = sources if sources is not None else pd.DataFrame(columns=store.ACCIDENT_SOURCE_COLUMNS)
    counted_here = here[here["status"] == "counted"]
    synthetic = bool(counted_here["synthetic"].any()) if len(counted_here) else False
    origins = ["ledger"] + (["demo"] if synthetic else [])
    batch_ids = sorted({int(b) for b in counted_here["batch_id"].dropna()})
    charted = list(catalog.ACCIDENT_BREAKDOWNS) if charted is None else list(charted)
    from .. import charts

    specs = charts.breakdown_charts(
        {by: frame for by, frame in breakdowns.items() if by in charted},
        name,
        period,
        origins=origins,
        batch_ids=batch_ids,
        synthetic=synthetic,
        region=code,
    )
    for row in checks:
        row.update(
            name=catalog.INDICATORS[row["indicator"]].name,
            unit=catalog.INDICATORS[row["indicator"]].unit,
            region_name=catalog.region_name(row["region"], regions),
            period_label=Period.parse(row["period"]).label(),
            filters=check_filters(row),
        )
    return AccidentView(
        region=code,
        region_name=name,
        period=period,
        comparison=comparison,
        has_records=has_records,
        records_here=int(here["records"].sum()) if len(here) else 0,
        synthetic=synthetic or bool(here["synthetic"].any() if len(here) else False),
        cards=cards,
        breakdowns=breakdowns,
        charts=specs,
        records=records,
        table=ledger_figures.record_table(records, names, ledger_figures.list_columns(records)),
        total=int(total),
        page=page,
        page_size=page_size,
        checks=checks,
        children={c: names.get(c, c) for c in children},
        names=names,
    )
