"""Reading hazard records (隐患台账) for their as-of figures (``hazard_figures``): the records in
force found in a span, for a region and the regions under it, or their counts made in the
database (:func:`hazard_counts`: a million records are not read to count them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Date, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from ..hazard_figures import COUNT_COLUMNS, HAZARD_GROUPINGS
from ..ledgers.fields import HAZARD_VALUE_COLUMNS
from ..models import HazardRecord
from .regions import regions_under

HAZARD_READ_COLUMNS = ["id", "key", *HAZARD_VALUE_COLUMNS, "batch_id", "source_row", "synthetic"]
_DATES = ("found_on", "deadline", "rectified_on", "accepted_on")


def _day(value) -> dt.datetime:
    return dt.datetime.combine(pd.Timestamp(value).date(), dt.time())


def _found_in(session: Session, regions, start, end) -> list:
    """Conditions for the records in force found from the day ``start`` to the day ``end`` (both
    included; None: open), of ``regions`` (a code or codes, each with the regions under it; None:
    all)."""
    r = HazardRecord
    where = [r.retired.is_(False)]
    if start is not None:
        where.append(r.found_on >= _day(start))
    if end is not None:
        where.append(r.found_on < _day(end) + dt.timedelta(days=1))
    if regions is not None:
        under = regions_under(session, [regions] if isinstance(regions, str) else list(regions))
        if under is not None:
            where.append(r.region.in_(sorted(under)))
    return where


def hazard_records(session: Session, *, regions=None, start=None, end=None) -> pd.DataFrame:
    """The hazard records in force (not retired) found from the day ``start`` to the day ``end``
    (both included; None: open), of ``regions`` (a code or codes, each with the regions under it;
    None: all), oldest first: columns ``HAZARD_READ_COLUMNS``, the dates as datetime64 (NaT when
    empty)."""
    r = HazardRecord
    where = _found_in(session, regions, start, end)
    stmt = select(*(getattr(r, c) for c in HAZARD_READ_COLUMNS)).where(*where).order_by(r.found_on, r.id)
    out = pd.DataFrame(session.execute(stmt).all(), columns=HAZARD_READ_COLUMNS)
    for c in _DATES:
        out[c] = pd.to_datetime(out[c])
    out["funds"] = out["funds"].astype("float64")
    return out


def _group_expr(session: Session, by: str):
    """A record's group under ``by`` (``hazard_figures.group_values`` in SQL): its column ("" when
    empty), or the month of discovery as ``YYYY-MM``."""
    if by not in HAZARD_GROUPINGS:
        raise ValueError(f"hazards are grouped by one of {HAZARD_GROUPINGS}, not {by!r}")
    r = HazardRecord
    if by == "month":
        sqlite = session.get_bind().dialect.name == "sqlite"
        return func.strftime("%Y-%m", r.found_on) if sqlite else func.to_char(r.found_on, "YYYY-MM")
    column = getattr(r, by)
    return func.coalesce(column, "") if HazardRecord.__table__.c[by].nullable else column


def _days_between(session: Session, first, last):
    """Whole days from the day ``first`` to the day ``last`` (both at midnight, as hazard dates are)."""
    if session.get_bind().dialect.name == "sqlite":  # julianday of a midnight is exact (n + 0.5)
        return func.julianday(last) - func.julianday(first)
    return cast(last, Date) - cast(first, Date)


def hazard_counts(
    session: Session, *, as_of, by: str | None = None, regions=None, start=None, end=None
) -> pd.DataFrame:
    """The hazards in force found from the day ``start`` to the day ``end`` and not after ``as_of``
    (``start``, ``end``, ``regions`` as :func:`hazard_records` takes them), counted in the database
    as ``hazard_figures.counts`` counts them on ``as_of``: one row per group of ``by`` (one of
    ``hazard_figures.HAZARD_GROUPINGS``; groups that have a hazard, in no particular order) or, with
    ``by=None``, one row for them all (zeros when there is none): columns ``group`` ("" without
    ``by``) and ``hazard_figures.COUNT_COLUMNS``, ints.

    One pass over the records of the span; on SQLite the index on (发现日期, 地区, …) holds every
    column the counts read, so the table itself is not read."""
    r = HazardRecord
    day = _day(as_of)
    where = [*_found_in(session, regions, start, end), r.found_on <= day]
    # a comparison with NULL is not true: an empty date is neither on or before the day nor before it
    done = r.rectified_on <= day
    due = r.deadline < day

    def count(condition):
        return func.count(case((condition, 1)))

    measures = [
        func.count().label("found"),
        count(r.level == "general").label("general"),
        count(r.level == "major").label("major"),
        count(done).label("rectified"),
        count(and_(done, r.level == "major")).label("major_rectified"),
        count(due).label("due"),
        count(and_(due, done, r.rectified_on <= r.deadline)).label("on_time"),
        count(and_(due, or_(r.rectified_on.is_(None), r.rectified_on > day))).label("overdue"),
        func.coalesce(func.sum(case((done, _days_between(session, r.found_on, r.rectified_on)))), 0).label(
            "days_to_rectify"
        ),
    ]
    if by is None:
        rows = session.execute(select(literal("").label("group"), *measures).where(*where)).all()
    else:
        group = _group_expr(session, by)
        rows = session.execute(select(group.label("group"), *measures).where(*where).group_by(group)).all()
    columns = ["group", *COUNT_COLUMNS]
    return pd.DataFrame(
        [[str(group), *(int(round(v)) for v in values)] for group, *values in rows], columns=columns
    ).astype({c: "int64" for c in COUNT_COLUMNS})
