"""Reading hazard records (隐患台账) for their as-of figures (``hazard_figures``): the records in
force found in a span, for a region and the regions under it (their counts made in the database:
``hazard_sums``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

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
    out["synthetic"] = out["synthetic"].astype(bool)
    return out


def any_hazard(session: Session) -> bool:
    """Whether the store holds any hazard record in force."""
    return bool(session.scalar(select(exists().where(HazardRecord.retired.is_(False)))))
