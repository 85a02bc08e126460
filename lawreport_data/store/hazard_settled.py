"""The settled hazard records' sums (``hazard_settled_sum``), kept with every write of the records:
a batch of new records adds its sums, made from its frame in pandas (:func:`keep_settled_sums`);
a write that changes or retires records, an undo and the demo records' removal count them again
from the records in force (:func:`rebuild_settled_sums`).

A record settles on the first day past all its dates (``hazard_counting.settled_month``): from then
on it counts the same on every day, as it would on a day far in the future. So its sums are the
counts of ``hazard_counting.measures`` on such a day, per region, month found, level, source,
sector, supervision and month settled; ``hazard_counting.hazard_count_rows`` adds those settled
before the as-of day's month to its count of the other records.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from .. import catalog
from ..models import HazardRecord, HazardSettledSum
from .accident_sums import add_to_stored, month_text
from .hazard_counting import COUNT_COLUMNS, SETTLED_AGE, day_params, found_month, measures, settled_month

FAR = dt.date(9999, 1, 1)
"""A day past every record's dates: a record counts on it as it does once settled."""
KEYS = ["region", "month", "level", "source", "sector", "supervision", "settled"]


def settled_select(dialect: str):
    """The settled sums of every record in force, one row per :data:`KEYS` (bound days: ``day_params(FAR)``)."""
    r = HazardRecord
    keys = [
        r.region, found_month(dialect), r.level, func.coalesce(r.source, ""), func.coalesce(r.sector, ""),
        func.coalesce(r.supervision, ""), settled_month(dialect),
    ]  # fmt: skip
    columns = [k.label(name) for k, name in zip(keys, KEYS, strict=True)]
    return select(*columns, *measures(dialect)).where(r.retired.is_(False)).group_by(*keys)


def rebuild_settled_sums(session: Session, *_, **__) -> None:
    """Count the settled sums again from the records in force (one statement; about 2.7 s at a
    million records on SQLite). Its arguments after the session are those the ledger machinery
    hands to what it calls after a write or an undo, which this does not need."""
    session.execute(delete(HazardSettledSum))
    stmt = insert(HazardSettledSum.__table__).from_select(
        [*KEYS, *COUNT_COLUMNS], settled_select(session.get_bind().dialect.name)
    )
    session.execute(stmt, day_params(FAR))


def frame_settled_sums(records: pd.DataFrame) -> pd.DataFrame:
    """The settled sums (:data:`KEYS` and ``COUNT_COLUMNS``, in key order) of new records (a frame
    of the ledger's record columns, none retired), in pandas: what :func:`settled_select` counts
    of them (their counts on a day past all their dates).

    >>> day = pd.Timestamp
    >>> frame = pd.DataFrame({"region": ["A", "A"], "found_on": [day("2022-01-03"), day("2022-01-10")],
    ...     "level": ["major", "general"], "source": [None, "self"], "sector": [None, None],
    ...     "supervision": [None, None], "deadline": [day("2022-01-20"), pd.NaT],
    ...     "rectified_on": [day("2022-01-15"), pd.NaT], "accepted_on": [pd.NaT, pd.NaT]})
    >>> sums = frame_settled_sums(frame)
    >>> sums[["month", "level", "settled", "found", "rectified", "on_time", "days_to_rectify", "age_over90"]].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'month': '2022-01', 'level': 'general', 'settled': '2022-04', 'found': 1, 'rectified': 0, 'on_time': 0,
      'days_to_rectify': 0, 'age_over90': 1},
     {'month': '2022-01', 'level': 'major', 'settled': '2022-01', 'found': 1, 'rectified': 1, 'on_time': 1,
      'days_to_rectify': 12, 'age_over90': 0}]
    """
    found = pd.to_datetime(records["found_on"])
    rectified_on = pd.to_datetime(records["rectified_on"])
    deadline = pd.to_datetime(records["deadline"])
    accepted_on = pd.to_datetime(records["accepted_on"])
    rectified = rectified_on.notna().to_numpy()
    due = deadline.notna().to_numpy()
    major = (records["level"] == "major").to_numpy()
    open_ = ~rectified
    # the month it settles in: the latest of its rectification (open: found + SETTLED_AGE days),
    # the day after its deadline, its acceptance (days, as the statements compare them)
    settles = rectified_on.dt.normalize().where(rectified, found.dt.normalize() + pd.Timedelta(days=SETTLED_AGE))
    settles = np.fmax(settles.to_numpy(), (deadline.dt.normalize() + pd.Timedelta(days=1)).to_numpy())
    settles = np.fmax(settles, accepted_on.dt.normalize().to_numpy())
    days = np.where(rectified, ((rectified_on - found).dt.total_seconds() / 86400).fillna(0).to_numpy(), 0.0)
    days = np.sign(days) * np.floor(np.abs(days) + 0.5)  # each record's rounded half away from 0, as SQLite's round()
    frame = pd.DataFrame({
        "region": records["region"].to_numpy(dtype=object),
        "month": month_text(found),
        "level": records["level"].to_numpy(dtype=object),
        "source": records["source"].fillna("").to_numpy(dtype=object),
        "sector": records["sector"].fillna("").to_numpy(dtype=object),
        "supervision": records["supervision"].fillna("").to_numpy(dtype=object),
        "settled": month_text(pd.Series(settles)),
        "found": 1, "general": (records["level"] == "general").to_numpy().astype("int64"),
        "major": major.astype("int64"), "rectified": rectified.astype("int64"),
        "major_rectified": (rectified & major).astype("int64"), "due": due.astype("int64"),
        "on_time": (due & rectified & (rectified_on <= deadline).to_numpy()).astype("int64"),
        "overdue": (open_ & due).astype("int64"), "days_to_rectify": days,
        "accepted": accepted_on.notna().to_numpy().astype("int64"),
    })  # fmt: skip
    for code, _, _, last in catalog.HAZARD_AGE_BUCKETS:  # on a day far ahead an open one is in the last
        frame[f"age_{code}"] = open_.astype("int64") if last is None else 0
        frame[f"age_{code}_major"] = (open_ & major).astype("int64") if last is None else 0
    sums = frame.groupby(KEYS, as_index=False, sort=True)[COUNT_COLUMNS].sum()
    sums["days_to_rectify"] = sums["days_to_rectify"].round().astype("int64")
    return sums


def add_settled_sums(session: Session, sums: pd.DataFrame) -> None:
    """Add ``sums`` (:func:`frame_settled_sums`) to the stored ones (``accident_sums.add_to_stored``)."""
    add_to_stored(session, HazardSettledSum, sums, KEYS, COUNT_COLUMNS)


def keep_settled_sums(session: Session, *, new=None, changed=None, retired=None, **_) -> None:
    """After a write of hazard records (the ledger's ``after_write``): new records only (an import,
    a re-send that adds), their sums added from the frame (a million records: about 1 s, where
    counting every record again took 8 s on PostgreSQL); any record changed or retired, every sum
    counted again (:func:`rebuild_settled_sums`)."""
    if (changed is not None and len(changed)) or (retired is not None and len(retired)):
        rebuild_settled_sums(session)
    elif new is not None and len(new):
        add_settled_sums(session, frame_settled_sums(new))


def stored_settled_sums(session: Session) -> list[tuple]:
    """The stored sums, in key order (for checking them against :func:`counted_settled_sums`)."""
    s = HazardSettledSum
    columns = [getattr(s, c) for c in [*KEYS, *COUNT_COLUMNS]]
    return [tuple(row) for row in session.execute(select(*columns).order_by(*columns[: len(KEYS)]))]


def counted_settled_sums(session: Session) -> list[tuple]:
    """The sums counted afresh from the records, in key order, as :func:`stored_settled_sums`."""
    stmt = settled_select(session.get_bind().dialect.name).subquery()
    columns = [stmt.c[c] for c in [*KEYS, *COUNT_COLUMNS]]
    rows = session.execute(select(*columns).order_by(*columns[: len(KEYS)]), day_params(FAR))
    return [(*row[: len(KEYS)], *(int(round(float(v))) for v in row[len(KEYS) :])) for row in rows]
