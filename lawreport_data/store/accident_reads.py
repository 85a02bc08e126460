"""Reading accident records: totals counted in the database (GROUP BY; a million records are
never pulled into pandas), one page of the record list with its total, one record.

Totals count only records that are counted (``status='counted'``, not 核销) and not retired. A
region's totals include the records of every region under it (a county's towns); the city's are
every record's.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import case, func, literal_column, select
from sqlalchemy.orm import Session

from ..ledgers.fields import ACCIDENT_VALUE_COLUMNS
from ..models import AccidentRecord, Region
from .accident_sums import (
    ACCIDENT_MEASURES,
    LARGER_AND_ABOVE,
    LOSS_DECIMALS,
    month_sources,
    month_totals,
    record_expr,
    whole_months,
)
from .regions import regions_under

ACCIDENT_GROUPINGS = ("type", "sector", "grade", "month", "region", "hour", "weekday")
"""What :func:`accident_totals` groups by: a record's column, its month (``YYYY-MM``), hour of
day (0–23), day of the week (0 Monday … 6 Sunday), or the region under the one asked for that
holds it (the counties of the city; a county's towns, and the county itself for its own records)."""
ACCIDENT_PAGE_COLUMNS = ["id", "key", *ACCIDENT_VALUE_COLUMNS, "retired", "synthetic", "batch_id", "source_row"]
ACCIDENT_FILTERS = ("regions", "start", "end", "sector", "type", "grade", "status", "retired", "batch_id")
"""What :func:`accident_page` filters by: ``regions`` (codes; their towns included), ``start`` and
``end`` (days, both included), a value or a list of values of ``sector``, ``type``, ``grade``,
``status``, ``batch_id``; ``retired`` True/False (default False: only records in force; None: all)."""


def _period(session: Session, start, end, *, wide_unindexed: bool = True) -> list:
    """Conditions for records that occurred from the day ``start`` to the day ``end``, both included.

    SQLite's planner, which keeps no statistics of the times, takes the (occurred_at, region)
    index for any range; for a range over most of the stored records a scan of the table is many
    times faster (one read per record instead of a look-up per index entry). So on SQLite, when
    the range covers more than :data:`INDEX_SHARE` of the stored records' span, the condition is
    put on an expression of the column (``occurred_at || ''``), which the planner cannot take the
    index for. PostgreSQL's planner decides from its statistics."""
    r = AccidentRecord
    first = None if start is None else dt.datetime.combine(pd.Timestamp(start).date(), dt.time())
    after = None if end is None else dt.datetime.combine(pd.Timestamp(end).date() + dt.timedelta(days=1), dt.time())
    column = r.occurred_at
    if wide_unindexed and session.get_bind().dialect.name == "sqlite" and _wide(session, first, after):
        column = r.occurred_at.op("||", return_type=r.occurred_at.type)(literal_column("''"))
    return ([] if first is None else [column >= first]) + ([] if after is None else [column < after])


INDEX_SHARE = 0.1


def _wide(session: Session, first, after) -> bool:
    """Whether [first, after) covers more than ``INDEX_SHARE`` of the stored records' time span."""
    r = AccidentRecord
    low = session.scalar(select(func.min(r.occurred_at)))  # each from the index's ends
    high = session.scalar(select(func.max(r.occurred_at)))
    if low is None or high is None or high <= low:
        return True
    lo, hi = max(first or low, low), min(after or high, high)
    return (hi - lo) / (high - low) > INDEX_SHARE


def _group_expr(session: Session, by: str):
    if by not in ACCIDENT_GROUPINGS:
        raise ValueError(f"accident totals are grouped by one of {ACCIDENT_GROUPINGS}, not {by!r}")
    return record_expr(session, by)


def _as_list(regions) -> list[str]:
    return [regions] if isinstance(regions, str) else [str(r) for r in regions]


def accident_totals(session: Session, *, regions, start, end, by: str | None = None) -> pd.DataFrame:
    """Totals (``ACCIDENT_MEASURES``) of the counted, not retired records that occurred from the day
    ``start`` to the day ``end`` (both included), for each region of ``regions`` (a code or
    codes; each with the regions under it), grouped ``by`` one of ``ACCIDENT_GROUPINGS`` when given.

    Columns: ``region`` (the region asked for), ``group`` (with ``by``), then ``ACCIDENT_MEASURES``. Without
    ``by`` every region asked for has a row (zeros when it has no record); with ``by`` only the
    groups that have records, in group order. The database groups by ``by`` (and by record region
    when several regions are asked for, or ``by="region"``); the few rows that gives are added
    up here per region asked for.
    """
    wanted = _as_list(regions)
    if by is not None and by not in ACCIDENT_GROUPINGS:
        raise ValueError(f"accident totals are grouped by one of {ACCIDENT_GROUPINGS}, not {by!r}")
    under = regions_under(session, wanted)
    per_region = len(wanted) > 1 or by == "region"  # else no sort of every record by its region
    names = [*(["record_region"] if per_region else []), *(["group"] if by not in (None, "region") else [])]
    months = whole_months(start, end)
    if months is not None:
        rows = month_totals(session, months=months, under=under, by=by, per_region=per_region)
    else:
        rows = pd.DataFrame(
            session.execute(_totals_select(session, start, end, under, by, per_region)).all(),
            columns=[*names, *ACCIDENT_MEASURES],
        )
    parents = dict(session.execute(select(Region.code, Region.parent_code)).all())
    parts = []
    for code in wanted:
        scope = regions_under(session, [code])
        mine = rows if scope is None or not per_region else rows[rows["record_region"].isin(scope)]
        if by == "region":
            mine = mine.assign(group=[_child_holding(code, rec, parents) for rec in mine["record_region"]])
        if by is None:
            totals = (
                mine[ACCIDENT_MEASURES].sum().to_frame().T
                if len(mine)
                else pd.DataFrame([[0] * len(ACCIDENT_MEASURES)], columns=ACCIDENT_MEASURES)
            )
            parts.append(totals.assign(region=code))
        elif len(mine):
            parts.append(mine.groupby("group", sort=True)[ACCIDENT_MEASURES].sum().reset_index().assign(region=code))
    columns = ["region", *(["group"] if by else []), *ACCIDENT_MEASURES]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("region", "group") else "int64") for c in columns})
    out = pd.concat(parts, ignore_index=True)[columns]
    for m in ACCIDENT_MEASURES:
        out[m] = out[m].astype(float).round(LOSS_DECIMALS) if m == "direct_loss" else out[m].astype("int64")
    return out


def _totals_select(session: Session, start, end, under, by, per_region: bool):
    """The totals counted from the records (see :func:`accident_totals`)."""
    r = AccidentRecord
    where = [r.status == "counted", r.retired.is_(False), *_period(session, start, end)]
    if under is not None:
        where.append(r.region.in_(sorted(under)))
    keys = [r.region.label("record_region")] if per_region else []
    if by is not None and by != "region":
        keys.append(_group_expr(session, by).label("group"))
    return (
        select(
            *keys,
            func.count().label("accidents"),
            func.coalesce(func.sum(r.deaths), 0).label("deaths"),
            func.coalesce(func.sum(r.missing), 0).label("missing"),
            func.coalesce(func.sum(r.serious_injuries), 0).label("serious_injuries"),
            func.coalesce(func.sum(r.injuries), 0).label("injuries"),
            func.coalesce(func.sum(r.direct_loss), 0.0).label("direct_loss"),
            func.coalesce(func.sum(case((r.grade.in_(LARGER_AND_ABOVE), 1), else_=0)), 0).label("larger_and_above"),
        )
        .where(*where)
        .group_by(*(k.element for k in keys))
    )


def _child_holding(code: str, record_region: str, parents: dict) -> str:
    """The region directly under ``code`` that holds ``record_region`` (``code`` for its own)."""
    here = record_region
    while here != code and parents.get(here) != code:
        if parents.get(here) is None:
            return here  # not under code (not asked for: its records are filtered out)
        here = parents[here]
    return here


def _filters(session: Session, filters: dict | None, *, wide_unindexed: bool = True) -> list:
    filters = dict(filters or {})
    unknown = set(filters) - set(ACCIDENT_FILTERS)
    if unknown:
        raise ValueError(f"accident records are filtered by {ACCIDENT_FILTERS}, not {sorted(unknown)}")
    r = AccidentRecord
    where = []
    retired = filters.pop("retired", False)
    if retired is not None:
        where.append(r.retired.is_(bool(retired)))
    regions = filters.pop("regions", None)
    if regions is not None:
        under = regions_under(session, _as_list(regions))
        if under is not None:
            where.append(r.region.in_(sorted(under)))
    where += _period(session, filters.pop("start", None), filters.pop("end", None), wide_unindexed=wide_unindexed)
    for name, value in filters.items():
        if value is None:
            continue
        values = [value] if isinstance(value, (str, int)) else list(value)
        where.append(getattr(r, name).in_(values))
    return where


def accident_page(
    session: Session, *, filters: dict | None = None, offset: int = 0, limit: int = 50, order: str = "-occurred_at"
) -> tuple[pd.DataFrame, int]:
    """One page of the records that match ``filters`` (see ``ACCIDENT_FILTERS``) in ``order`` (a column of
    ``ACCIDENT_PAGE_COLUMNS``, ``-`` before it for descending; ties by id the same way), as a frame of
    ``ACCIDENT_PAGE_COLUMNS``, and how many records match in all. Only the page is read."""
    descending = order.startswith("-")
    name = order.lstrip("-")
    if name not in ACCIDENT_PAGE_COLUMNS:
        raise ValueError(f"accident records are ordered by one of {ACCIDENT_PAGE_COLUMNS}, not {order!r}")
    r = AccidentRecord
    total = _count_from_sums(session, filters)
    if total is None:
        total = session.scalar(select(func.count()).select_from(r).where(*_filters(session, filters)))
    where = _filters(session, filters, wide_unindexed=False)  # the page: the index gives it in time order
    column, tie = getattr(r, name), r.id
    ordering = [column.desc(), tie.desc()] if descending else [column.asc(), tie.asc()]
    stmt = (
        select(*(getattr(r, c) for c in ACCIDENT_PAGE_COLUMNS))
        .where(*where)
        .order_by(*ordering)
        .offset(max(int(offset), 0))
        .limit(max(int(limit), 0))
    )
    page = pd.DataFrame(session.execute(stmt).all(), columns=ACCIDENT_PAGE_COLUMNS)
    return page, int(total or 0)


def _count_from_sums(session: Session, filters: dict | None) -> int | None:
    """How many records match ``filters``, from the month sums, when they can tell: records in
    force of whole months, filtered by nothing else than regions and status, or by one of sector,
    type and grade with status 计入 (the counted records' breakdowns). None otherwise."""
    filters = dict(filters or {})
    if filters.pop("retired", False) is not False:  # retired ones too (None), or only them: not summed
        return None
    filters = {k: v for k, v in filters.items() if v is not None}
    months = whole_months(filters.pop("start", None), filters.pop("end", None))
    if months is None or set(filters) - set(ACCIDENT_FILTERS):
        return None
    regions = filters.pop("regions", None)
    under = None if regions is None else regions_under(session, _as_list(regions))
    status = filters.pop("status", None)
    statuses = None if status is None else set(_as_list(status))
    if not filters:
        rows = month_sources(session, months=months, under=under)
        return sum(n for _, s, _, _, n in rows if statuses is None or s in statuses)
    if len(filters) != 1 or statuses != {"counted"} or next(iter(filters)) not in ("sector", "type", "grade"):
        return None
    ((by, values),) = filters.items()
    totals = month_totals(session, months=months, under=under, by=by, per_region=False)
    return int(totals.loc[totals["group"].isin(_as_list(values)), "accidents"].sum())


def accident_record(session: Session, record_id: int) -> dict | None:
    """One record with every column, or None."""
    table = AccidentRecord.__table__
    row = session.execute(select(table).where(table.c.id == int(record_id))).mappings().first()
    return None if row is None else dict(row)


ACCIDENT_SOURCE_COLUMNS = ["region", "status", "batch_id", "synthetic", "records"]


def accident_sources(session: Session, *, regions=None, start=None, end=None) -> pd.DataFrame:
    """Where the records in force (not retired, any status) that occurred from the day ``start`` to
    the day ``end`` come from: one row per record region, status, last writing batch and synthetic
    flag, with how many records share them (columns ``ACCIDENT_SOURCE_COLUMNS``). ``regions`` (codes,
    their towns included; None or the city: every region) limits them. What a chart's source note,
    its 示例数据 stamp and the reconciliation's "has the ledger anything here" need, in one GROUP BY."""
    r = AccidentRecord
    under = None if regions is None else regions_under(session, _as_list(regions))
    months = whole_months(start, end)
    if months is not None:  # from the month sums (see accident_totals)
        rows = month_sources(session, months=months, under=under)
    else:
        where = [r.retired.is_(False), *_period(session, start, end)]
        if under is not None:
            where.append(r.region.in_(sorted(under)))
        stmt = (
            select(r.region, r.status, r.batch_id, r.synthetic, func.count().label("records"))
            .where(*where)
            .group_by(r.region, r.status, r.batch_id, r.synthetic)
        )
        rows = session.execute(stmt).all()
    out = pd.DataFrame(rows, columns=ACCIDENT_SOURCE_COLUMNS)
    out["synthetic"] = out["synthetic"].astype(bool)
    out["records"] = out["records"].astype("int64")
    return out


def any_accident(session: Session) -> bool:
    """Whether the store holds any accident record in force (not retired), of any status."""
    r = AccidentRecord
    # the first by time (its index, then the first row in force): never a scan of the table
    first = select(r.id).where(r.retired.is_(False)).order_by(r.occurred_at).limit(1)
    return session.execute(first).first() is not None
