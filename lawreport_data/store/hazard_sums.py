"""Hazard records (隐患台账) counted in the database as of a day, for pages and commands that must
not load a year's records: the counts of ``hazard_counting`` (found, rectified, due, on time,
overdue, accepted, the days to rectify, open hazards by age) as a frame, a page of the records
with their state, the open 挂牌督办 hazards and the enterprises with the most open hazards. The
counts are additive (a region's are its parts' summed); ``hazard_figures.figures_of`` turns them
into figures, the same as ``hazard_figures.figures`` computes from the records.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import and_, case, func, literal, not_, select
from sqlalchemy.orm import Session

from ..models import HazardRecord
from .hazard_counting import COUNT_COLUMNS, GROUPS, _midnight, _sum, hazard_count_rows
from .regions import regions_under

STATES = ("rectified", "open", "overdue")


def _scope(session: Session, regions, start, end, as_of) -> list:
    """The records in force of ``regions`` (and the regions under them) found from ``start`` to
    ``end`` and by ``as_of``."""
    r = HazardRecord
    last = min(pd.Timestamp(end).date(), pd.Timestamp(as_of).date()) if end is not None else pd.Timestamp(as_of).date()
    where = [r.retired.is_(False), r.found_on < _midnight(last + dt.timedelta(days=1))]
    if start is not None:
        where.append(r.found_on >= _midnight(start))
    if regions is not None:
        under = regions_under(session, [regions] if isinstance(regions, str) else list(regions))
        if under is not None:
            where.append(r.region.in_(sorted(under)))
    return where


def _states(day: dt.datetime):
    """(rectified, due, overdue) of a record on ``day`` as SQL conditions."""
    r = HazardRecord
    rectified = and_(r.rectified_on.is_not(None), r.rectified_on <= day)
    due = and_(r.deadline.is_not(None), r.deadline < day)
    return rectified, due, and_(not_(rectified), due)


def hazard_counts(
    session: Session, *, regions=None, start=None, end=None, as_of, by: str | None = None
) -> pd.DataFrame:
    """:func:`hazard_counting.hazard_count_rows` as a frame: columns ``group`` and :data:`COUNT_COLUMNS`,
    ints (one row of zeros without ``by`` when nothing is found)."""
    rows = hazard_count_rows(session, regions=regions, start=start, end=end, as_of=as_of, by=by)
    out = pd.DataFrame(rows, columns=["group", *COUNT_COLUMNS])
    return out.astype({c: "int64" for c in COUNT_COLUMNS}).astype({"group": str})


def _status(day: dt.datetime):
    rectified, _, overdue = _states(day)
    return case((rectified, "rectified"), (overdue, "overdue"), else_="open")


PAGE_COLUMNS = [
    "id", "record_no", "company", "credit_code", "region", "sector", "level", "source", "description",
    "found_on", "deadline", "rectified_on", "accepted_on", "supervision", "funds", "synthetic", "batch_id", "status",
]  # fmt: skip
"""A page of records: the record's fields, ``rectified_on``/``accepted_on`` empty when after the
as-of day (still to come on it), and ``status`` on that day."""


def _filtered(session: Session, regions, start, end, as_of, filters: dict | None) -> list:
    r = HazardRecord
    where = _scope(session, regions, start, end, as_of)
    filters = filters or {}
    if filters.get("regions"):
        under = regions_under(session, [str(filters["regions"])])
        where.append(r.region.in_(sorted(under or {str(filters["regions"])})))
    if filters.get("level"):
        where.append(r.level.in_(list(filters["level"])))
    if filters.get("supervision"):
        where.append(func.coalesce(r.supervision, "none").in_(list(filters["supervision"])))
    if filters.get("status"):
        where.append(_status(_midnight(as_of)).in_(list(filters["status"])))
    return where


def hazard_page(
    session: Session, *, regions=None, start=None, end=None, as_of, filters: dict | None = None,
    offset: int = 0, limit: int | None = 50, total: int | None = None,
) -> tuple[pd.DataFrame, int]:  # fmt: skip
    """One page of the records :func:`hazard_counts` counts, filtered (``filters``: ``regions`` a
    region code with the regions under it; lists of ``level``, ``status`` on ``as_of`` and
    ``supervision`` codes, ``none`` for none), newest first, and how many match: (frame of
    :data:`PAGE_COLUMNS`, total). ``total``: how many match, when the caller knows (not counted
    again)."""
    r = HazardRecord
    day = _midnight(as_of)
    where = _filtered(session, regions, start, end, as_of, filters)
    if total is None:
        total = int(session.scalar(select(func.count()).select_from(r).where(*where)) or 0)
    later = {c: case((getattr(r, c) <= day, getattr(r, c)), else_=None) for c in ("rectified_on", "accepted_on")}
    cols = [later[c].label(c) if c in later else getattr(r, c) for c in PAGE_COLUMNS if c != "status"]
    stmt = select(*cols, _status(day).label("status")).where(*where).order_by(r.found_on.desc(), r.id.desc())
    frame = pd.DataFrame(session.execute(stmt.offset(offset).limit(limit)).all(), columns=PAGE_COLUMNS)
    for c in ("found_on", "deadline", "rectified_on", "accepted_on"):
        frame[c] = pd.to_datetime(frame[c])
    frame["funds"] = frame["funds"].astype("float64")
    return frame, total


def open_supervised(session: Session, *, regions=None, start=None, end=None, as_of) -> pd.DataFrame:
    """The hazards under 挂牌督办 (county, city or province) not rectified on ``as_of`` (columns of
    :data:`PAGE_COLUMNS`): few, read whole."""
    r = HazardRecord
    rectified, _, _ = _states(_midnight(as_of))
    where = [*_scope(session, regions, start, end, as_of), r.supervision.is_not(None), r.supervision != "none"]
    cols = [getattr(r, c) for c in PAGE_COLUMNS if c != "status"]
    stmt = select(*cols, literal("open").label("status")).where(*where, not_(rectified))
    frame = pd.DataFrame(session.execute(stmt).all(), columns=PAGE_COLUMNS)
    for c in ("found_on", "deadline", "rectified_on", "accepted_on"):
        frame[c] = pd.to_datetime(frame[c])
    return frame


def open_by_company(session: Session, *, regions=None, start=None, end=None, as_of, top: int = 10) -> pd.DataFrame:
    """The enterprises (统一社会信用代码, else name) with the most hazards not rectified on ``as_of``,
    most first (then the most major, the most overdue), at most ``top``: columns ``company``
    (a name it was written with), ``credit_code``, ``region``, ``open``, ``major``, ``overdue``."""
    r = HazardRecord
    rectified, _, overdue = _states(_midnight(as_of))
    who = func.coalesce(r.credit_code, r.company)
    open_, major, late = func.count(), _sum(r.level == "major"), _sum(overdue)
    stmt = (
        select(func.min(r.company), func.min(r.credit_code), func.min(r.region), open_, major, late)
        .where(*_scope(session, regions, start, end, as_of), not_(rectified))
        .group_by(who)
        .order_by(open_.desc(), major.desc(), late.desc(), who)
        .limit(top)
    )
    out = pd.DataFrame(
        session.execute(stmt).all(), columns=["company", "credit_code", "region", "open", "major", "overdue"]
    )
    for c in ("open", "major", "overdue"):
        out[c] = out[c].astype("int64")
    return out


def hazard_batches(session: Session, *, regions=None, start=None, end=None, as_of) -> tuple[list[int], bool]:
    """The batches that last wrote the records counted, and whether any of those records is synthetic."""
    r = HazardRecord
    where = _scope(session, regions, start, end, as_of)
    pairs = session.execute(select(r.batch_id, r.synthetic).where(*where).distinct()).all()
    return sorted({int(b) for b, _ in pairs if b is not None}), any(bool(s) for _, s in pairs)


def hazard_regions(session: Session, *, regions=None, start=None, end=None, as_of) -> set[str]:
    """The regions of the records counted (the regions 数据核对 compares: these and those above them)."""
    r = HazardRecord
    return {
        str(g) for g in session.scalars(select(r.region).where(*_scope(session, regions, start, end, as_of)).distinct())
    }


__all__ = [
    "COUNT_COLUMNS",
    "GROUPS",
    "PAGE_COLUMNS",
    "hazard_batches",
    "hazard_regions",
    "hazard_counts",
    "hazard_page",
    "open_by_company",
    "open_supervised",
]
