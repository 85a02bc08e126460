"""Writing penalty cases (行政处罚案件) on the ledgers' machinery (``ledger_writes``): a county's re-send
updates its cases by 案件编号 (a decision or closing day filled in is one change of the case, its
old and new values kept in ``case_change``); a full re-send retires what it no longer carries; an
undo puts every old value back.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from ..ledgers.fields import CASE_RECORD_COLUMNS, CASE_VALUE_COLUMNS
from ..models import CASE_RESTORED_COLUMNS, CaseChange, CaseRecord
from . import ledger_writes
from .enforcement_sums import CASE_HOOKS
from .ledger_writes import Ledger, LedgerResult

__all__ = ["CASES", "apply_cases", "case_changes", "compare_cases"]

CASES = Ledger(
    name="case",
    record=CaseRecord,
    change=CaseChange,
    record_columns=CASE_RECORD_COLUMNS,
    values=CASE_VALUE_COLUMNS,
    restored=CASE_RESTORED_COLUMNS,
    numbers=("fine", "confiscation"),
    datetimes=("filed_on", "decided_on", "closed_on", "transferred_on"),
    when="filed_on",
    **CASE_HOOKS,  # the month sums (enforcement_sums) kept with every write
)


def compare_cases(session: Session, frame: pd.DataFrame, *, replace_scope=None) -> pd.DataFrame:
    """What writing ``frame`` (``CASE_RECORD_COLUMNS``) would do, for the preview
    (``ledger_writes.compare_records``)."""
    return ledger_writes.compare_records(session, CASES, frame, replace_scope=replace_scope)


def apply_cases(session: Session, frame: pd.DataFrame, *, batch_id: int | None, **options) -> LedgerResult:
    """Write penalty cases as batch ``batch_id`` (``ledger_writes.apply_records``, whose keywords
    ``options`` are: ``user``, ``replace_scope``, ``synthetic``, ``progress``; a full re-send's
    ``replace_scope`` is of 立案日期)."""
    return ledger_writes.apply_records(session, CASES, frame, batch_id=batch_id, **options)


def case_changes(session: Session, *, batch_id: int | None = None, record_id: int | None = None) -> pd.DataFrame:
    """The penalty case change rows (updates and retirements, old and new values), oldest first."""
    return ledger_writes.record_changes(session, CASES, batch_id=batch_id, record_id=record_id)
