"""Hazard records (隐患台账) counted in the database as of a day, in one statement: per group, the
counts every as-of figure is made of (``hazard_rates.figures_of``). Plain Python and SQLAlchemy, no
pandas, so the CLI's grouped figures (``records hazards --by``) start at once; ``hazard_sums``
gives the same as a frame, with the page's other reads.

Days are midnight datetimes: a record's state on the day ``as_of`` compares its dates with that
midnight (rectified: 整改完成日期 ≤ as_of; due: 整改期限 < as_of), and its age is counted in
whole days from its 发现日期.
"""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import DateTime, and_, bindparam, case, func, literal, not_, select
from sqlalchemy.orm import Session

from .. import catalog, hazard_rates
from ..models import HazardRecord
from ..periods import day_of
from .regions import regions_under

COUNT_COLUMNS = [
    *hazard_rates.COUNT_COLUMNS, "accepted", *(f"age_{code}" for code, *_ in catalog.HAZARD_AGE_BUCKETS),
    *(f"age_{code}_major" for code, *_ in catalog.HAZARD_AGE_BUCKETS),
]  # fmt: skip
"""What :func:`hazard_counts` gives per group: ``hazard_rates.COUNT_COLUMNS`` (what every figure
is made of, ``days_to_rectify`` the days from discovery to rectification summed over the rectified
ones), the accepted ones (验收销号) and the open ones by age (``age_<bucket>``, of them major
``age_<bucket>_major``)."""
GROUPS = hazard_rates.HAZARD_GROUPINGS


def _midnight(day) -> dt.datetime:
    return dt.datetime.combine(day_of(day), dt.time())


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


def hazard_count_rows(
    session: Session, *, regions=None, start=None, end=None, as_of, by: str | None = None
) -> list[dict]:
    """The counts (:data:`COUNT_COLUMNS`) of the hazards in force found from ``start`` to ``end``
    (days, both included) and by ``as_of``, of ``regions`` (a code or codes, each with the regions
    under it; None: all), per ``by`` (one of :data:`GROUPS`, ``hazard_rates.HAZARD_GROUPINGS``: its
    column, NULL as "", or the month of discovery as ``YYYY-MM``; groups that have a hazard, in
    order) or in one row (``by`` None: zeros when there is none), on the day ``as_of``: dicts with
    ``group`` ("" without ``by``) and :data:`COUNT_COLUMNS`, ints. On SQLite the index on
    (发现日期, 地区, …) holds every column the counts read: the table itself is not read."""
    if by is not None and by not in GROUPS:
        raise ValueError(f"hazards are counted by one of {GROUPS}, not {by!r}")
    day = _midnight(as_of)
    last = min(day_of(end), day.date()) if end is not None else day.date()
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
    assert list(result.keys()) == ["group", *COUNT_COLUMNS]  # the statement's order is the rows'
    return [
        {"group": str(group), **{c: int(round(float(v or 0))) for c, v in zip(COUNT_COLUMNS, values, strict=True)}}
        for group, *values in result.all()
    ]
