"""The enforcement ledgers (检查记录, 行政处罚案件) read for ``records inspections|cases``: their counts
per group (``--by``), labelled from the catalog and the store's regions, or their records; without
pandas (the store's ``enforcement_reads``). 执法检查企业数 (``enterprises``) is counted distinct in each
group and in the whole: it is never added up from months or regions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import catalog, enforcement_rates, store
from ..periods import Period, period_days
from .grouped_hazards import resolve_region
from .parallel import at_once

if TYPE_CHECKING:
    from sqlalchemy import Engine

INSPECTION_GROUP_KEYS = ["group", "enterprises", "visits", "hazards", "major_hazards"]
"""An inspection group's keys (the CLI's JSON with ``--by``)."""
CASE_GROUP_KEYS = ["group", "cases", "fines", "confiscations", "transferred", "closed"]
"""A case group's keys (the CLI's JSON with ``--by``; money in 元)."""
INSPECTION_RECORD_KEYS = [
    "id", "record_no", "inspected_on", "region", "company", "credit_code", "sector", "method", "hazards",
    "major_hazards", "orders", "decisions", "reviews",
]  # fmt: skip
"""An inspection record's keys (the CLI's JSON without ``--by``)."""
CASE_RECORD_KEYS = [
    "id", "record_no", "filed_on", "decided_on", "closed_on", "region", "party", "credit_code", "sector", "source",
    "violation", "penalties", "fine", "confiscation", "transferred", "transferred_on",
]  # fmt: skip
"""A penalty case's keys (the CLI's JSON without ``--by``; money in 元)."""
_LABELS = {
    "method": catalog.INSPECTION_METHODS,
    "source": catalog.CASE_SOURCES,
    "sector": catalog.ACCIDENT_SECTORS,
    "penalty": catalog.PENALTY_KINDS,
}


def _read(engine: Engine, period: Period, region: str | None, read, **kw) -> tuple[list[dict], dict[str, str]]:
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        code = resolve_region(session, region)
        rows = read(session, regions=code, start=start, end=end, **kw)
        names = store.region_names(session)
    return rows, names


def _labelled(rows: list[dict], by: str, names: dict[str, str]) -> list[dict]:
    labels = names if by == "region" else _LABELS.get(by, {})
    return [{**row, "label": labels.get(row["group"], row["group"])} for row in rows]


def inspection_groups(engine: Engine, period: Period, region: str | None = None, *, by: str | None) -> list[dict]:
    """The inspections of a region (its towns included) in ``period`` counted per ``by`` (one of
    ``store.INSPECTION_GROUPINGS``; None: the whole, one row whose enterprises are distinct across
    the groups): one dict per group with :data:`INSPECTION_GROUP_KEYS` and ``label``."""
    if by is not None and by not in store.INSPECTION_GROUPINGS:
        raise ValueError(f"inspections are grouped by one of {store.INSPECTION_GROUPINGS}, not {by!r}")
    rows, names = _read(engine, period, region, store.inspection_count_rows, by=by)
    return _labelled(rows, by, names)


def case_groups(engine: Engine, period: Period, region: str | None = None, *, by: str | None) -> list[dict]:
    """The penalty cases of a region (its towns included) filed in ``period`` counted per ``by``
    (one of ``store.CASE_GROUPINGS``; ``penalty``: a case of several kinds in each; None: the whole,
    one row): one dict per group with :data:`CASE_GROUP_KEYS` and ``label``."""
    if by is not None and by not in store.CASE_GROUPINGS:
        raise ValueError(f"cases are grouped by one of {store.CASE_GROUPINGS}, not {by!r}")
    rows, names = _read(engine, period, region, store.case_count_rows, by=by)
    return _labelled(rows, by, names)


def _table(engine: Engine, period: Period, region: str | None, read, by: str) -> tuple[list[dict], dict]:
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        span = dict(regions=resolve_region(session, region), start=start, end=end)
        names = store.region_names(session)
    groups, whole = at_once(engine, lambda session: read(session, by=by, **span), lambda session: read(session, **span))
    return _labelled(groups, by, names), whole[0]


def inspection_table(engine: Engine, period: Period, region: str | None = None, *, by: str) -> tuple[list[dict], dict]:
    """(:func:`inspection_groups` per ``by``, the whole's row: its enterprises distinct across the
    groups), counted at once (``parallel.at_once``: the two distinct counts on two cores)."""
    if by not in store.INSPECTION_GROUPINGS:
        raise ValueError(f"inspections are grouped by one of {store.INSPECTION_GROUPINGS}, not {by!r}")
    return _table(engine, period, region, store.inspection_count_rows, by)


def case_table(engine: Engine, period: Period, region: str | None = None, *, by: str) -> tuple[list[dict], dict]:
    """(:func:`case_groups` per ``by``, the whole's row: a case of several penalty kinds once),
    counted at once."""
    if by not in store.CASE_GROUPINGS:
        raise ValueError(f"cases are grouped by one of {store.CASE_GROUPINGS}, not {by!r}")
    return _table(engine, period, region, store.case_count_rows, by)


def inspection_records(engine: Engine, period: Period, region: str | None = None) -> list[dict]:
    """The inspections in force of a region (its towns included) in ``period``, by day."""
    return _read(engine, period, region, store.inspection_list)[0]


def case_records(engine: Engine, period: Period, region: str | None = None) -> list[dict]:
    """The penalty cases in force of a region (its towns included) filed in ``period``, by 立案日期."""
    return _read(engine, period, region, store.case_list)[0]


def enforcement_summary(engine: Engine, period: Period, region: str | None = None) -> dict:
    """The enforcement figures (``enforcement_rates.ENFORCEMENT_FIGURES``) of a region (its towns
    included) and ``period``, counted from the inspection and penalty case ledgers: 执法检查企业数
    distinct over the whole span and region."""
    with store.session_factory(engine)() as session:
        return span_figures(session, resolve_region(session, region), period, charts=False)[0]


def span_figures(session, code: str, period: Period, *, charts: bool = True) -> tuple[dict, dict]:
    """(the figures of region ``code`` and ``period``, the counts they are made of and the charts
    read: ``inspections`` and ``cases`` of the whole; per group, without enterprises, ``method`` and
    (with ``charts``) ``visits_month``; ``source`` and (with ``charts``) ``month`` and ``penalty``
    of the cases), in the caller's session: three statements (the enterprises' distinct count, the
    inspections' sums, the cases')."""
    start, end = period_days(period)
    span = dict(regions=code, start=start, end=end)
    # one statement for the inspections' sums, one for the cases' (all groupings the charts read, or
    # only those of the figures), one for the enterprises' distinct count
    visits = store.inspection_sums(session, by=("method", "month") if charts else ("method",), **span)
    cases = store.case_sums(session, by=("source", "month", "penalties") if charts else ("source",), **span)
    source = enforcement_rates.rolled_up(cases, "source", store.CASE_COUNTS)
    counts = {
        "inspections": store.inspection_count_rows(session, **span)[0],
        "method": enforcement_rates.rolled_up(visits, "method", store.INSPECTION_COUNTS[1:]),  # visits, no enterprises
        "cases": enforcement_rates.whole_of(source, store.CASE_COUNTS),  # every case has one source
        "source": source,
    }
    if charts:
        counts["visits_month"] = enforcement_rates.rolled_up(visits, "month", store.INSPECTION_COUNTS[1:])
        counts["month"] = enforcement_rates.rolled_up(cases, "month", store.CASE_COUNTS)
        counts["penalty"] = enforcement_rates.per_penalty_kind(cases, store.CASE_COUNTS)
    figures = enforcement_rates.enforcement_figures(counts["inspections"], counts["method"], counts["cases"],
                                                    counts["source"])  # fmt: skip
    return figures, counts
