"""Writing hazard records (隐患台账) on the ledgers' machinery (``ledger_writes``): a county's monthly
re-send updates its records by key, so filling in 整改完成日期 is one change of the record (its old
and new values kept in ``hazard_change``), not a new hazard; a full re-send retires what it no longer
carries; an undo puts every old value back. A date that was set and is sent empty is a change too,
allowed, and named in the preview (:func:`cleared_dates`).
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from ..ledgers.fields import HAZARD_RECORD_COLUMNS, HAZARD_VALUE_COLUMNS
from ..models import HAZARD_RESTORED_COLUMNS, HazardChange, HazardRecord
from . import ledger_writes
from .hazard_settled import keep_settled_sums, rebuild_settled_sums
from .ledger_writes import Ledger, LedgerResult

__all__ = [
    "HAZARDS",
    "HazardResult",
    "apply_hazards",
    "cleared_dates",
    "compare_hazards",
    "delete_synthetic_hazards",
    "hazard_changes",
]

DATE_COLUMNS = ("found_on", "deadline", "rectified_on", "accepted_on")
HAZARDS = Ledger(
    name="hazard",
    record=HazardRecord,
    change=HazardChange,
    record_columns=HAZARD_RECORD_COLUMNS,
    values=HAZARD_VALUE_COLUMNS,
    restored=HAZARD_RESTORED_COLUMNS,
    numbers=("funds",),
    datetimes=DATE_COLUMNS,
    when="found_on",
    after_write=keep_settled_sums,  # the settled records' sums (hazard_settled): added, or counted again
    after_undo=rebuild_settled_sums,
)
HazardResult = LedgerResult


def compare_hazards(session: Session, frame: pd.DataFrame, *, replace_scope=None) -> pd.DataFrame:
    """What writing ``frame`` (``HAZARD_RECORD_COLUMNS``) would do, for the preview
    (``ledger_writes.compare_records``), with ``cleared``: the dates that were set and are now
    sent empty, comma-separated ("" for none)."""
    out = ledger_writes.compare_records(session, HAZARDS, frame, replace_scope=replace_scope)
    out["cleared"] = cleared_dates(out)
    return out


def cleared_dates(compared: pd.DataFrame) -> pd.Series:
    """For each compared record (``compare_records``' frame): the date columns whose stored value
    was set and whose incoming value is empty, comma-separated ("" for none; a retired record's
    dates are not cleared, it is retired).

    >>> day = pd.Timestamp("2022-03-18")
    >>> frame = pd.DataFrame({"change": ["changed", "changed", "new"],
    ...     **{c: [day, pd.NaT, pd.NaT] for c in DATE_COLUMNS},
    ...     **{f"old_{c}": [day, day, None] for c in DATE_COLUMNS}})
    >>> cleared_dates(frame).tolist()
    ['', 'found_on,deadline,rectified_on,accepted_on', '']
    """
    names = []
    changed = (compared["change"] == "changed").to_numpy()
    for c in DATE_COLUMNS:
        gone = changed & compared[c].isna().to_numpy() & compared[f"old_{c}"].notna().to_numpy()
        names.append(pd.Series(gone, index=compared.index).map({True: c, False: ""}))
    joined = pd.concat(names, axis=1).apply(lambda row: ",".join(x for x in row if x), axis=1)
    return joined if len(compared) else pd.Series([], dtype=object)


def apply_hazards(session: Session, frame: pd.DataFrame, *, batch_id: int | None, **options) -> HazardResult:
    """Write hazard records as batch ``batch_id`` (``ledger_writes.apply_records``, whose keywords
    ``options`` are: ``user``, ``replace_scope``, ``synthetic``, ``progress``; a full re-send's
    ``replace_scope`` is of 发现日期)."""
    return ledger_writes.apply_records(session, HAZARDS, frame, batch_id=batch_id, **options)


def hazard_changes(session: Session, *, batch_id: int | None = None, record_id: int | None = None) -> pd.DataFrame:
    """The hazard change rows (updates and retirements, old and new values), oldest first."""
    return ledger_writes.record_changes(session, HAZARDS, batch_id=batch_id, record_id=record_id)


def delete_synthetic_hazards(session: Session) -> int:
    """Remove every synthetic (demo) hazard record, and the change rows no batch wrote of them
    (a demo re-run's); real records stay, and so does what a batch did (a demo record a county's
    batch has since updated is real: the update cleared its flag). Returns how many records
    were removed."""
    n = ledger_writes.delete_synthetic_records(session, HAZARDS)
    if n:
        rebuild_settled_sums(session)
    return n
