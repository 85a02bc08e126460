"""Writing accident records (事故台账): compare a ledger with what is stored, insert new records
in one bulk statement, update changed ones (a 续报) and retire the ones a full re-send no longer
carries, each update and retirement recorded with the record's old values (``accident_change``;
an update with its new ones too, for the batch's list of changes). The work is the ledgers'
(``ledger_writes``); this module names the accident ledger's tables and columns, and keeps its
month sums (``accident_sums.record_sums``) with every write.

A batch's inserts write no change rows: ``accident_record.created_batch_id`` says which batch
inserted a record, and undoing the batch deletes the records it created (``batches.undo_batch``).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from ..ledgers.fields import ACCIDENT_RECORD_COLUMNS
from ..models import ACCIDENT_RESTORED_COLUMNS, ACCIDENT_VALUE_COLUMNS, AccidentChange, AccidentRecord
from . import ledger_writes
from .accident_sums import batch_cells, record_sums, refresh_cells
from .ledger_writes import CHANGES, Ledger, LedgerResult

__all__ = [
    "ACCIDENTS",
    "CHANGES",
    "COMPARE_COLUMNS",
    "RECORD_COLUMNS",
    "VALUES",
    "AccidentResult",
    "accident_changes",
    "apply_accidents",
    "compare_accidents",
]

RECORD_COLUMNS = list(ACCIDENT_RECORD_COLUMNS)
"""The columns of a frame of incoming accident records (the ledger reader's output)."""

VALUES = list(ACCIDENT_VALUE_COLUMNS)  # compared on a re-send; the source row alone is no change

ACCIDENTS = Ledger(
    name="accident",
    record=AccidentRecord,
    change=AccidentChange,
    record_columns=ACCIDENT_RECORD_COLUMNS,
    values=ACCIDENT_VALUE_COLUMNS,
    restored=ACCIDENT_RESTORED_COLUMNS,
    numbers=("deaths", "missing", "serious_injuries", "injuries", "direct_loss"),
    datetimes=("occurred_at",),
    when="occurred_at",
    after_write=record_sums,
    before_undo=batch_cells,  # the month sums of the records an undo touches are counted again
    after_undo=refresh_cells,
)
COMPARE_COLUMNS = ACCIDENTS.compare_columns
"""The columns of :func:`compare_accidents`' frame."""

AccidentResult = LedgerResult


def compare_accidents(session: Session, frame: pd.DataFrame, *, replace_scope=None) -> pd.DataFrame:
    """What writing ``frame`` (columns ``RECORD_COLUMNS``) would do, for the preview
    (``ledger_writes.compare_records``: each record new, changed or unchanged with its stored
    values, and with a ``replace_scope`` the records a full re-send retires)."""
    return ledger_writes.compare_records(session, ACCIDENTS, frame, replace_scope=replace_scope)


def apply_accidents(session: Session, frame: pd.DataFrame, *, batch_id: int | None, **options) -> AccidentResult:
    """Write accident records (columns ``RECORD_COLUMNS``) as batch ``batch_id``
    (``ledger_writes.apply_records``, whose keywords ``options`` are: ``user``, ``replace_scope``,
    ``synthetic``, ``progress``): new keys inserted, a 续报 raising the deaths one change row with
    every old value, not a second record; with ``replace_scope=(region_codes, start, end)`` the
    records of that scope missing from ``frame`` retired. The month sums are kept."""
    return ledger_writes.apply_records(session, ACCIDENTS, frame, batch_id=batch_id, **options)


def accident_changes(session: Session, *, batch_id: int | None = None, record_id: int | None = None) -> pd.DataFrame:
    """The change rows (updates and retirements, with the old values), oldest first."""
    return ledger_writes.record_changes(session, ACCIDENTS, batch_id=batch_id, record_id=record_id)
