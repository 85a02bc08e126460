"""Hazard records (隐患台账) counted in the database as of a day, for pages and commands that must
not load a year's records: per group, the counts every as-of figure is made of (found, rectified,
due, on time, overdue, accepted, the days to rectify, open hazards by age), a page of the records
with their state, and the enterprises with the most open hazards. The counts are additive (a
region's are its parts' summed); ``hazard_figures.figures_of`` turns them into figures,
the same as ``hazard_figures.figures`` computes from the records.

Days are midnight datetimes: a record's state on the day ``as_of`` compares its dates with that
midnight (rectified: 整改完成日期 ≤ as_of; due: 整改期限 < as_of), and its age is counted in
whole days from its 发现日期.
"""

from __future__ import annotations

import datetime as dt
import functools

import pandas as pd
from sqlalchemy import DateTime, and_, bindparam, case, func, literal, not_, select
from sqlalchemy.orm import Session

from .. import catalog, hazard_figures
from ..models import HazardRecord
from .regions import regions_under

COUNT_COLUMNS = [
    *hazard_figures.COUNT_COLUMNS, "accepted", *(f"age_{code}" for code, *_ in catalog.HAZARD_AGE_BUCKETS),
    *(f"age_{code}_major" for code, *_ in catalog.HAZARD_AGE_BUCKETS),
]  # fmt: skip
"""What :func:`hazard_counts` gives per group: ``hazard_figures.COUNT_COLUMNS`` (what every figure
is made of, ``days_to_rectify`` the days from discovery to rectification summed over the rectified
ones), the accepted ones (验收销号) and the open ones by age (``age_<bucket>``, of them major
``age_<bucket>_major``)."""
GROUPS = hazard_figures.HAZARD_GROUPINGS
STATES = ("rectified", "open", "overdue")


def _midnight(day) -> dt.datetime:
    return dt.datetime.combine(pd.Timestamp(day).date(), dt.time())


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


def _sum(condition):
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


@functools.lru_cache(maxsize=64)
def _count_statement(dialect: str, by: str | None, with_start: bool, with_regions: bool):
    """The counting statement, built once per dialect and shape (building its twenty sums took
    longer than running it on a county's year): its days are bound parameters (``day``,
    ``found_before``, ``found_from``, ``age_<code>_first`` / ``age_<code>_last``, ``regions``)."""
    r = HazardRecord
    day = bindparam("day", type_=DateTime())
    rectified = and_(r.rectified_on.is_not(None), r.rectified_on <= day)
    due = and_(r.deadline.is_not(None), r.deadline < day)
    overdue = and_(not_(rectified), due)
    major = r.level == "major"
    if dialect == "sqlite":
        days = func.round(func.julianday(r.rectified_on) - func.julianday(r.found_on))
    else:
        days = func.extract("epoch", r.rectified_on - r.found_on) / 86400
    columns = [
        func.count().label("found"),
        _sum(r.level == "general").label("general"),
        _sum(major).label("major"),
        _sum(rectified).label("rectified"),
        _sum(and_(rectified, major)).label("major_rectified"),
        _sum(due).label("due"),
        _sum(and_(due, rectified, r.rectified_on <= r.deadline)).label("on_time"),
        _sum(overdue).label("overdue"),
        func.coalesce(func.sum(case((rectified, days), else_=0)), 0).label("days_to_rectify"),
        _sum(and_(r.accepted_on.is_not(None), r.accepted_on <= day)).label("accepted"),
    ]
    ages = []
    for code, _, _, last in catalog.HAZARD_AGE_BUCKETS:
        young = r.found_on <= bindparam(f"age_{code}_first", type_=DateTime())
        old = r.found_on >= bindparam(f"age_{code}_last", type_=DateTime()) if last is not None else literal(True)
        ages.append((code, and_(not_(rectified), young, old)))
    columns += [_sum(cond).label(f"age_{code}") for code, cond in ages]
    columns += [_sum(and_(cond, major)).label(f"age_{code}_major") for code, cond in ages]
    where = [r.retired.is_(False), r.found_on < bindparam("found_before", type_=DateTime())]
    if with_start:
        where.append(r.found_on >= bindparam("found_from", type_=DateTime()))
    if with_regions:
        where.append(r.region.in_(bindparam("regions", expanding=True)))
    if by is None:
        return select(literal("").label("group"), *columns).where(*where)
    if by == "month":
        group = func.strftime("%Y-%m", r.found_on) if dialect == "sqlite" else func.to_char(r.found_on, "YYYY-MM")
    else:
        group = func.coalesce(getattr(r, by), "")
    return select(group.label("group"), *columns).where(*where).group_by(group).order_by(group)


def hazard_counts(
    session: Session, *, regions=None, start=None, end=None, as_of, by: str | None = None
) -> pd.DataFrame:
    """The counts (:data:`COUNT_COLUMNS`) of the hazards in force found from ``start`` to ``end``
    (days, both included) and by ``as_of``, of ``regions`` (a code or codes, each with the regions
    under it; None: all), per ``by`` (one of :data:`GROUPS`, ``hazard_figures.HAZARD_GROUPINGS``: its
    column, NULL as "", or the month of discovery as ``YYYY-MM``; groups that have a hazard, in
    order) or in one row (``by`` None: zeros when there is none), on the day ``as_of``: columns
    ``group`` ("" without ``by``) and :data:`COUNT_COLUMNS`, ints. On SQLite the index on
    (发现日期, 地区, …) holds every column the counts read: the table itself is not read."""
    if by is not None and by not in GROUPS:
        raise ValueError(f"hazards are counted by one of {GROUPS}, not {by!r}")
    day = _midnight(as_of)
    last = min(pd.Timestamp(end).date(), day.date()) if end is not None else day.date()
    params = {"day": day, "found_before": _midnight(last + dt.timedelta(days=1))}
    for code, _, first, final in catalog.HAZARD_AGE_BUCKETS:
        params[f"age_{code}_first"] = day - dt.timedelta(days=first)
        if final is not None:
            params[f"age_{code}_last"] = day - dt.timedelta(days=final)
    if start is not None:
        params["found_from"] = _midnight(start)
    under = None
    if regions is not None:
        under = regions_under(session, [regions] if isinstance(regions, str) else list(regions))
    if under is not None:
        params["regions"] = sorted(under)
    stmt = _count_statement(session.get_bind().dialect.name, by, start is not None, under is not None)
    result = session.execute(stmt, params)
    assert list(result.keys()) == ["group", *COUNT_COLUMNS]  # the statement's order is the frame's
    out = pd.DataFrame(result.all(), columns=["group", *COUNT_COLUMNS])
    out["group"] = out["group"].astype(str)
    for c in COUNT_COLUMNS:
        out[c] = pd.to_numeric(out[c]).fillna(0).round().astype("int64")
    return out


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


__all__ = [
    "COUNT_COLUMNS",
    "GROUPS",
    "PAGE_COLUMNS",
    "hazard_batches",
    "hazard_counts",
    "hazard_page",
    "open_by_company",
    "open_supervised",
]
