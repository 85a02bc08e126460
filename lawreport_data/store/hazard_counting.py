"""Hazard records (隐患台账) counted in the database as of a day: per group, the
counts every as-of figure is made of (``hazard_rates.figures_of``). Plain Python and SQLAlchemy, no
pandas, so the CLI's grouped figures (``records hazards --by``) start at once; ``hazard_sums``
gives the same as a frame, with the page's other reads.

Days are midnight datetimes: a record's state on the day ``as_of`` compares its dates with that
midnight (rectified: 整改完成日期 ≤ as_of; due: 整改期限 < as_of), and its age is counted in
whole days from its 发现日期.

A record whose day is past all its dates has settled: it counts the same on every later day
(:data:`SETTLED_AGE` below). Those settled before the as-of day's month are read summed from
``hazard_settled_sum`` (kept by ``hazard_settled``) and only the others are counted, when the span
is whole months (or ends after the as-of day); otherwise every record of the span is counted.
"""

from __future__ import annotations

import datetime as dt
import functools

from sqlalchemy import DateTime, and_, bindparam, case, func, literal, not_, or_, select
from sqlalchemy.orm import Session

from .. import catalog, hazard_rates
from ..models import HazardRecord, HazardSettledSum
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


SETTLED_AGE = catalog.HAZARD_AGE_BUCKETS[-1][2]
"""The age in days from which an open hazard stays in the last age bucket (90天以上): with its
deadline passed, such a record counts the same on every later day, as does a rectified one whose
rectification, deadline and acceptance are past."""


def settled_month(dialect: str):
    """The month (``YYYY-MM``) a record settles in: that of the latest of its rectification (open:
    its discovery + :data:`SETTLED_AGE` days), the day after its deadline, and its acceptance. From
    that day on its counts are those it has on every later day. :func:`_settled_before` is the
    same in the records' own terms."""
    r = HazardRecord
    if dialect == "sqlite":
        parts = [
            case((r.rectified_on.is_not(None), func.date(r.rectified_on)),
                 else_=func.date(r.found_on, f"+{SETTLED_AGE} days")),
            func.coalesce(func.date(r.deadline, "+1 day"), ""),
            func.coalesce(func.date(r.accepted_on), ""),
        ]  # fmt: skip
        return func.strftime("%Y-%m", func.max(*parts))
    parts = [
        case((r.rectified_on.is_not(None), r.rectified_on), else_=r.found_on + dt.timedelta(days=SETTLED_AGE)),
        r.deadline + dt.timedelta(days=1),
        r.accepted_on,
    ]
    return func.to_char(func.greatest(*parts), "YYYY-MM")  # GREATEST passes over NULLs


def _settled_before():
    """A record settled before the midnight ``settled_from`` (the first day of the as-of day's
    month), as :func:`settled_month` says (its month before that one)."""
    r = HazardRecord
    first = bindparam("settled_from", type_=DateTime())
    return and_(
        or_(
            and_(r.rectified_on.is_not(None), r.rectified_on < first),
            and_(r.rectified_on.is_(None), r.found_on < bindparam("settled_found", type_=DateTime())),
        ),
        or_(r.deadline.is_(None), r.deadline < bindparam("settled_due", type_=DateTime())),
        or_(r.accepted_on.is_(None), r.accepted_on < first),
    )


def day_params(as_of) -> dict:
    """The bound days of :func:`measures` on the day ``as_of``."""
    day = _midnight(as_of)
    params = {"day": day}
    for code, _, first, final in catalog.HAZARD_AGE_BUCKETS:
        params[f"age_{code}_first"] = day - dt.timedelta(days=first)
        if final is not None:
            params[f"age_{code}_last"] = day - dt.timedelta(days=final)
    return params


def measures(dialect: str) -> list:
    """The sums of :data:`COUNT_COLUMNS` over hazard records on the day bound as ``day`` (with
    its age bounds, :func:`day_params`), labelled."""
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
    return columns


def found_month(dialect: str):
    """A record's month of discovery, ``YYYY-MM``."""
    found = HazardRecord.found_on
    return func.strftime("%Y-%m", found) if dialect == "sqlite" else func.to_char(found, "YYYY-MM")


@functools.lru_cache(maxsize=64)
def _count_statement(dialect: str, by: str | None, with_start: bool, with_regions: bool, unsettled: bool = False):
    """The counting statement, built once per dialect and shape (building its twenty sums took
    longer than running it on a county's year): its days are bound parameters (``day``,
    ``found_before``, ``found_from``, ``age_<code>_first`` / ``age_<code>_last``, ``regions``; and
    with ``unsettled``, which counts only the records not settled before the as-of day's month,
    ``settled_from``, ``settled_found``, ``settled_due``)."""
    r = HazardRecord
    columns = measures(dialect)
    where = [r.retired.is_(False), r.found_on < bindparam("found_before", type_=DateTime())]
    if with_start:
        where.append(r.found_on >= bindparam("found_from", type_=DateTime()))
    if with_regions:
        where.append(r.region.in_(bindparam("regions", expanding=True)))
    if unsettled:
        where.append(not_(_settled_before()))
    if by is None:
        return select(literal("").label("group"), *columns).where(*where)
    group = found_month(dialect) if by == "month" else func.coalesce(getattr(r, by), "")
    return select(group.label("group"), *columns).where(*where).group_by(group).order_by(group)


@functools.lru_cache(maxsize=64)
def _settled_statement(by: str | None, with_from: bool, with_to: bool, with_regions: bool):
    """The settled records' sums (``hazard_settled_sum``) found in the months from ``month_from`` to
    ``month_to`` and settled before ``settled_month``, of ``regions``, per ``by``."""
    s = HazardSettledSum
    where = [s.settled < bindparam("settled_month")]
    if with_from:
        where.append(s.month >= bindparam("month_from"))
    if with_to:
        where.append(s.month <= bindparam("month_to"))
    if with_regions:
        where.append(s.region.in_(bindparam("regions", expanding=True)))
    columns = [func.coalesce(func.sum(getattr(s, c)), 0).label(c) for c in COUNT_COLUMNS]
    if by is None:
        return select(literal("").label("group"), *columns).where(*where)
    group = getattr(s, by)
    return select(group.label("group"), *columns).where(*where).group_by(group)


def _whole_months(start, end, day: dt.date) -> tuple[str | None, str | None] | None:
    """The months (``YYYY-MM``, None for no bound) whose settled sums a span from ``start`` to
    ``end`` counted on ``day`` holds, or None when the span cuts a month whose settled records it
    does not all hold (a start after a month's first day, an end before its last one and the day).

    >>> _whole_months(dt.date(2022, 1, 1), dt.date(2022, 12, 31), dt.date(2022, 6, 30))
    ('2022-01', '2022-12')
    >>> _whole_months(dt.date(2022, 1, 1), dt.date(2022, 6, 15), dt.date(2022, 6, 10))
    ('2022-01', '2022-06')
    >>> _whole_months(dt.date(2022, 1, 2), None, dt.date(2022, 6, 10)) is None
    True
    >>> _whole_months(dt.date(2022, 1, 1), dt.date(2022, 6, 15), dt.date(2022, 6, 20)) is None
    True
    """
    if start is not None and day_of(start).day != 1:
        return None
    if end is not None and (day_of(end) + dt.timedelta(days=1)).day != 1 and day_of(end) < day:
        return None
    return (
        f"{day_of(start):%Y-%m}" if start is not None else None,
        f"{day_of(end):%Y-%m}" if end is not None else None,
    )


def hazard_count_rows(
    session: Session, *, regions=None, start=None, end=None, as_of, by: str | None = None
) -> list[dict]:
    """The counts (:data:`COUNT_COLUMNS`) of the hazards in force found from ``start`` to ``end``
    (days, both included) and by ``as_of``, of ``regions`` (a code or codes, each with the regions
    under it; None: all), per ``by`` (one of :data:`GROUPS`, ``hazard_rates.HAZARD_GROUPINGS``: its
    column, NULL as "", or the month of discovery as ``YYYY-MM``; groups that have a hazard, in
    order) or in one row (``by`` None: zeros when there is none), on the day ``as_of``: dicts with
    ``group`` ("" without ``by``) and :data:`COUNT_COLUMNS`, ints. For a span of whole months (or
    one ending after ``as_of``) the records settled before ``as_of``'s month are read from their
    sums (``hazard_settled_sum``) and the others counted; otherwise every record is counted. On
    SQLite the index on (发现日期, 地区, …) holds every column the counts read: the table itself is
    not read."""
    if by is not None and by not in GROUPS:
        raise ValueError(f"hazards are counted by one of {GROUPS}, not {by!r}")
    params = day_params(as_of)
    day = params["day"]
    last = min(day_of(end), day.date()) if end is not None else day.date()
    params["found_before"] = _midnight(last + dt.timedelta(days=1))
    if start is not None:
        params["found_from"] = _midnight(start)
    under = None
    if regions is not None:
        under = regions_under(session, [regions] if isinstance(regions, str) else list(regions))
    if under is not None:
        params["regions"] = sorted(under)
    dialect = session.get_bind().dialect.name
    months = _whole_months(start, end, day.date())
    if months is not None:  # the records settled before this month summed, the rest counted
        first = day.replace(day=1)
        params.update(
            settled_from=first, settled_found=first - dt.timedelta(days=SETTLED_AGE),
            settled_due=first - dt.timedelta(days=1),
        )  # fmt: skip
    stmt = _count_statement(dialect, by, start is not None, under is not None, months is not None)
    rows = _rows(session.execute(stmt, params))
    if months is None:
        return rows
    sums = {"settled_month": f"{day:%Y-%m}", "month_from": months[0], "month_to": months[1]}
    if under is not None:
        sums["regions"] = params["regions"]
    stmt = _settled_statement(by, months[0] is not None, months[1] is not None, under is not None)
    settled = _rows(session.execute(stmt, sums))
    return hazard_rates.add_counts(rows, settled)  # without ``by``: the one row, group ""


def _rows(result) -> list[dict]:
    assert list(result.keys()) == ["group", *COUNT_COLUMNS]  # the statement's order is the rows'
    return [
        {"group": str(group), **{c: int(round(float(v or 0))) for c, v in zip(COUNT_COLUMNS, values, strict=True)}}
        for group, *values in result.all()
    ]
