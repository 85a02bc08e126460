"""The settled hazard records' sums (``hazard_settled_sum``), counted again from the records in
force after every write of them (an import, a re-send, an undo, the demo records removed).

A record settles on the first day past all its dates (``hazard_counting.settled_month``): from then
on it counts the same on every day, as it would on a day far in the future. So its sums are the
counts of ``hazard_counting.measures`` on such a day, per region, month found, level, source,
sector, supervision and month settled; ``hazard_counting.hazard_count_rows`` adds those settled
before the as-of day's month to its count of the other records.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..models import HazardRecord, HazardSettledSum
from .hazard_counting import COUNT_COLUMNS, day_params, found_month, measures, settled_month

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
