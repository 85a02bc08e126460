"""A ledger batch's changes, for its list in the import history (导入记录): the records (of the
ledger its shape names: accidents, hazards) it added, updated and retired, each with the values
that batch wrote and, for an update, the ones it replaced.

Where they come from: a batch's inserts are its records (``*_record.created_batch_id``), valued
as it wrote them (the oldest change row of a record a later batch changed keeps those values as
``old_*``); an undo deletes them, so an undone batch lists none. Its updates and retirements are
its change rows (``*_change``), kept through an undo: an update with the old and the new values
(``new_*``), a retirement with the values it retired.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .accident_writes import ACCIDENTS
from .case_writes import CASES
from .hazard_writes import HAZARDS
from .inspection_writes import INSPECTIONS
from .ledger_writes import Ledger

BATCH_CHANGE_KINDS = ("new", "changed", "retired")
LEDGER_SHAPES = {"accidents": ACCIDENTS, "hazards": HAZARDS, "inspections": INSPECTIONS, "cases": CASES}
"""The ledger a batch of each shape wrote."""


def batch_change_columns(ledger: Ledger = ACCIDENTS) -> list[str]:
    """The columns of :func:`ledger_batch_changes`' frame (those of the ledger's compare frame but
    for the unchanged records, which a batch does not touch)."""
    values = list(ledger.values)
    return ["change", "id", "key", *values, "source_row", "fields", *(f"old_{c}" for c in values), "old_retired"]


BATCH_CHANGE_COLUMNS = batch_change_columns(ACCIDENTS)
_ACTIONS = {"changed": "update", "retired": "retire"}


def ledger_of(shape: str) -> Ledger | None:
    """The ledger a batch of this shape wrote (None: an aggregate table's batch)."""
    return LEDGER_SHAPES.get(shape)


def ledger_batch_counts(session: Session, batch_id: int, ledger: Ledger = ACCIDENTS) -> dict[str, int]:
    """How many records of ``ledger`` the batch added (still stored), updated and retired."""
    r, c = ledger.record, ledger.change
    new = session.scalar(select(func.count()).select_from(r).where(r.created_batch_id == batch_id))
    by_action = dict(
        session.execute(select(c.action, func.count()).where(c.batch_id == batch_id).group_by(c.action)).all()
    )
    return {"new": int(new or 0), **{k: int(by_action.get(a, 0)) for k, a in _ACTIONS.items()}}


def ledger_batch_changes(
    session: Session,
    batch_id: int,
    change: str,
    *,
    start: int = 0,
    limit: int | None = None,
    ledger: Ledger = ACCIDENTS,
) -> pd.DataFrame:
    """The batch's records of one kind of ``change`` (``new``, ``changed`` or ``retired``), rows
    ``start`` to ``start + limit`` (new and changed ones by their row in the batch's file, retired
    ones by key), as a frame of :func:`batch_change_columns`: the record's values as the batch
    wrote them (for a retired one, as they were when retired), ``fields`` (the changed columns,
    comma-separated; ``retired`` for a retirement) and, for an update, the old values (``old_*``)."""
    if change not in BATCH_CHANGE_KINDS:
        raise ValueError(f"change must be one of {BATCH_CHANGE_KINDS}, not {change!r}")
    if change == "new":
        frame = _new(session, ledger, batch_id, start, limit)
    else:
        frame = _changed(session, ledger, batch_id, change, start, limit)
    frame["change"] = change
    frame["id"] = frame["id"].astype("Int64")
    frame["source_row"] = frame["source_row"].astype("Int64")
    return frame.reindex(columns=batch_change_columns(ledger))


def accident_batch_counts(session: Session, batch_id: int) -> dict[str, int]:
    """:func:`ledger_batch_counts` of the accident ledger."""
    return ledger_batch_counts(session, batch_id, ACCIDENTS)


def accident_batch_changes(
    session: Session, batch_id: int, change: str, *, start: int = 0, limit: int | None = None
) -> pd.DataFrame:
    """:func:`ledger_batch_changes` of the accident ledger."""
    return ledger_batch_changes(session, batch_id, change, start=start, limit=limit, ledger=ACCIDENTS)


def _new(session: Session, ledger: Ledger, batch_id: int, start: int, limit: int | None) -> pd.DataFrame:
    r, c = ledger.record, ledger.change
    values = ledger.values
    stmt = (
        select(r.id, r.key, *(getattr(r, n) for n in values), r.source_row)
        .where(r.created_batch_id == batch_id)
        .order_by(r.source_row, r.key)
        .offset(start)
        .limit(limit)
    )
    frame = pd.DataFrame(session.execute(stmt).all(), columns=["id", "key", *values, "source_row"])
    if frame.empty:
        return frame
    # A record a later batch changed: its oldest change row holds what this batch inserted.
    first = (
        select(func.min(c.id))
        .where(c.record_id.in_([int(i) for i in frame["id"]]), c.batch_id != batch_id)
        .group_by(c.record_id)
    )
    old = [c.record_id, *(getattr(c, f"old_{n}") for n in values), c.old_source_row]
    earlier = pd.DataFrame(
        session.execute(select(*old).where(c.id.in_(first))).all(), columns=["id", *values, "source_row"]
    )
    if len(earlier):
        frame = frame.set_index("id")
        frame.update(earlier.set_index("id"))
        frame = frame.reset_index()
    frame["fields"] = ""
    return frame


def _changed(
    session: Session, ledger: Ledger, batch_id: int, change: str, start: int, limit: int | None
) -> pd.DataFrame:
    c = ledger.change
    values = ledger.values
    old = [getattr(c, f"old_{n}") for n in values]
    olds = [f"old_{n}" for n in values]
    if change == "changed":
        now = [getattr(c, f"new_{n}") for n in values]
        stmt = select(c.record_id, c.key, *now, c.new_source_row, c.fields, *old, c.old_retired)
        names = ["id", "key", *values, "source_row", "fields", *olds, "old_retired"]
        order = [c.new_source_row, c.key]
    else:
        stmt = select(c.record_id, c.key, *old, c.fields)
        names = ["id", "key", *olds, "fields"]
        order = [c.key]
    stmt = stmt.where(c.batch_id == batch_id, c.action == _ACTIONS[change]).order_by(*order, c.id)
    frame = pd.DataFrame(session.execute(stmt.offset(start).limit(limit)).all(), columns=names)
    if change == "retired":  # its values are those it had; it is in no row of the file
        frame = frame.assign(**{n: frame[f"old_{n}"] for n in values}, source_row=None, old_retired=False)
    return frame
