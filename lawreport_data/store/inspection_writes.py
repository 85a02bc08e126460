"""Writing inspection records (检查记录) on the ledgers' machinery (``ledger_writes``): a county's
re-send updates its records by key (a count corrected is one change of the record, its old and new
values kept in ``inspection_change``); a full re-send retires what it no longer carries; an undo
puts every old value back.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from ..ledgers.fields import INSPECTION_RECORD_COLUMNS, INSPECTION_VALUE_COLUMNS
from ..models import INSPECTION_RESTORED_COLUMNS, InspectionChange, InspectionRecord
from . import ledger_writes
from .enforcement_sums import INSPECTION_HOOKS
from .ledger_writes import Ledger, LedgerResult

__all__ = ["INSPECTIONS", "apply_inspections", "compare_inspections", "inspection_changes"]

INSPECTIONS = Ledger(
    name="inspection",
    record=InspectionRecord,
    change=InspectionChange,
    record_columns=INSPECTION_RECORD_COLUMNS,
    values=INSPECTION_VALUE_COLUMNS,
    restored=INSPECTION_RESTORED_COLUMNS,
    numbers=("hazards", "major_hazards", "orders", "decisions", "reviews"),
    datetimes=("inspected_on",),
    when="inspected_on",
    **INSPECTION_HOOKS,  # the month sums (enforcement_sums) kept with every write
)


def compare_inspections(session: Session, frame: pd.DataFrame, *, replace_scope=None) -> pd.DataFrame:
    """What writing ``frame`` (``INSPECTION_RECORD_COLUMNS``) would do, for the preview
    (``ledger_writes.compare_records``)."""
    return ledger_writes.compare_records(session, INSPECTIONS, frame, replace_scope=replace_scope)


def apply_inspections(session: Session, frame: pd.DataFrame, *, batch_id: int | None, **options) -> LedgerResult:
    """Write inspection records as batch ``batch_id`` (``ledger_writes.apply_records``, whose
    keywords ``options`` are: ``user``, ``replace_scope``, ``synthetic``, ``progress``; a full
    re-send's ``replace_scope`` is of 检查日期)."""
    return ledger_writes.apply_records(session, INSPECTIONS, frame, batch_id=batch_id, **options)


def inspection_changes(session: Session, *, batch_id: int | None = None, record_id: int | None = None) -> pd.DataFrame:
    """The inspection change rows (updates and retirements, old and new values), oldest first."""
    return ledger_writes.record_changes(session, INSPECTIONS, batch_id=batch_id, record_id=record_id)
