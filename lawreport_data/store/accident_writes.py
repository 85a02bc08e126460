"""Writing accident records (事故台账): compare a ledger with what is stored, insert new records
in one bulk statement, update changed ones (a 续报) and retire the ones a full re-send no longer
carries, each update and retirement recorded with the record's old values (``accident_change``;
an update with its new ones too, for the batch's list of changes).

A batch's inserts write no change rows: ``accident_record.created_batch_id`` says which batch
inserted a record, and undoing the batch deletes the records it created (``batches.undo_batch``).
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, Integer, String, Text, func, insert, literal, select, update
from sqlalchemy.orm import Session

from ..ledgers.fields import ACCIDENT_RECORD_COLUMNS
from ..models import ACCIDENT_RESTORED_COLUMNS, ACCIDENT_VALUE_COLUMNS, AccidentChange, AccidentRecord, utcnow
from .accident_sums import record_sums
from .regions import regions_under
from .sessions import bump_data_version
from .writes import _bulk_insert

RECORD_COLUMNS = list(ACCIDENT_RECORD_COLUMNS)
"""The columns of a frame of incoming accident records (the ledger reader's output)."""

VALUES = list(ACCIDENT_VALUE_COLUMNS)  # compared on a re-send; the source row alone is no change
_NUMBERS = ("deaths", "missing", "serious_injuries", "injuries", "direct_loss")
CHANGES = ("new", "changed", "unchanged", "retired")
COMPARE_COLUMNS = [*RECORD_COLUMNS, "change", "id", "fields", *(f"old_{c}" for c in VALUES), "old_retired"]
"""The columns of :func:`compare_accidents`' frame."""

INSERT_SLICE = 50_000  # new records inserted at a time when progress is told
KEY_SLICE = 10_000  # keys looked up in one statement (well below SQLite's and psycopg's parameter limits)


@dataclass
class AccidentResult:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0


def _stored_columns():
    r = AccidentRecord
    return [r.id, r.key, *(getattr(r, c) for c in VALUES), r.retired]


def _stored_for_keys(session: Session, keys: np.ndarray) -> pd.DataFrame:
    """The stored records (retired ones too) with these keys, their values as ``old_*``."""
    parts = []
    for start in range(0, len(keys), KEY_SLICE):
        chunk = [str(k) for k in keys[start : start + KEY_SLICE]]
        rows = session.execute(select(*_stored_columns()).where(AccidentRecord.key.in_(chunk))).all()
        if rows:
            parts.append(rows)
    names = ["id", "key", *(f"old_{c}" for c in VALUES), "old_retired"]
    return pd.DataFrame([r for part in parts for r in part], columns=names)


def _same(a: pd.Series, b: pd.Series, name: str) -> np.ndarray:
    """Whether each incoming value equals the stored one (missing equals missing)."""
    if name in _NUMBERS:
        x, y = a.astype(float).to_numpy(), b.astype(float).to_numpy()
        return np.abs(x - y) <= 1e-9 * np.maximum(np.abs(x), 1.0)
    if name == "occurred_at":
        return (pd.to_datetime(a).to_numpy() == pd.to_datetime(b).to_numpy()) & b.notna().to_numpy()
    a_na, b_na = a.isna().to_numpy(), b.isna().to_numpy()
    equal = a.astype(object).to_numpy() == b.astype(object).to_numpy()
    return (a_na & b_na) | (~a_na & ~b_na & equal)


def key_order(keys: pd.Series) -> np.ndarray:
    """The positions of ``keys`` (unique texts) in ascending order, sorted by Arrow (a third of
    the time pandas takes to sort a million Python strings).

    >>> key_order(pd.Series(["b", "c", "a"], dtype=object)).tolist()
    [2, 0, 1]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    return pc.sort_indices(pa.array(keys.to_numpy(dtype=object), type=pa.string())).to_numpy()


DEFER_INDEXES_FROM = 100_000
"""On SQLite, from this many new records (and no fewer than are stored), :func:`apply_accidents`
drops the record table's secondary indexes before inserting and builds them again after."""


@contextmanager
def indexes_built_after(session: Session, new_records: int):
    """Within the caller's transaction: for a large insert into SQLite, the record table's
    secondary indexes (``AccidentRecord.__table__.indexes``; the unique key stays) are dropped
    first and built again once the rows are in. Building an index from sorted rows at the end
    is cheaper than growing it one record at a time (a million records: several seconds less).
    SQLite's DDL is transactional: a failed import rolls the drop back with the rows, and
    readers keep their snapshot (WAL) with the indexes until the commit. PostgreSQL, or a
    smaller insert, keeps its indexes as they are."""
    table = AccidentRecord.__table__
    conn = session.connection()
    large = conn.dialect.name == "sqlite" and new_records >= DEFER_INDEXES_FROM
    if large:
        stored = session.scalar(select(func.count()).select_from(table)) or 0
        large = new_records >= stored
    if not large:
        yield
        return
    indexes = sorted(table.indexes, key=lambda i: i.name)
    for index in indexes:
        index.drop(conn)
    yield
    for index in indexes:
        index.create(conn)


def _checked(frame: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in RECORD_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"accident records lack columns {missing}")
    duplicated = frame["key"][frame["key"].duplicated()]
    if len(duplicated):
        raise ValueError(f"accident records repeat the key {duplicated.iloc[0]!r}")
    return frame[RECORD_COLUMNS].reset_index(drop=True)


def _compare(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """The incoming records with ``change`` (new, changed or unchanged), the stored ``id``, the
    names of the changed columns (``fields``, comma-separated) and the stored values (``old_*``).
    A retired record that comes back is changed (``fields`` includes ``retired``)."""
    empty_store = session.scalar(select(AccidentRecord.id).limit(1)) is None
    stored = _stored_for_keys(session, frame["key"].to_numpy()) if not empty_store and len(frame) else None
    if stored is None or stored.empty:
        out = frame.assign(change="new", id=pd.Series(pd.NA, index=frame.index, dtype="Int64"), fields="")
        for c in VALUES:
            out[f"old_{c}"] = None
        out["old_retired"] = None
        return out
    merged = frame.merge(stored, on="key", how="left", validate="one_to_one")
    is_new = merged["id"].isna().to_numpy()
    differs = {c: ~_same(merged[c], merged[f"old_{c}"], c) & ~is_new for c in VALUES}
    differs["retired"] = merged["old_retired"].fillna(False).astype(bool).to_numpy() & ~is_new
    names = np.array(list(differs))
    matrix = np.column_stack(list(differs.values()))
    changed = matrix.any(axis=1)
    merged["change"] = np.where(is_new, "new", np.where(changed, "changed", "unchanged"))
    merged["fields"] = [",".join(names[row]) for row in matrix] if changed.any() else ""
    merged["id"] = merged["id"].astype("Int64")
    return merged


def _scope_missing(session: Session, keys: pd.Series, replace_scope) -> pd.DataFrame:
    """The stored, not retired records in ``replace_scope`` (region codes, first day, last day;
    a county's towns included) whose keys are not among ``keys``: what a full re-send retires."""
    codes, start, end = replace_scope
    r = AccidentRecord
    where = [r.retired.is_(False), *_period(start, end)]
    under = regions_under(session, [codes] if isinstance(codes, str) else codes)
    if under is not None:
        where.append(r.region.in_(sorted(under)))
    stored = pd.DataFrame(
        session.execute(select(*_stored_columns()).where(*where)).all(), columns=["id", "key", *VALUES, "retired"]
    )
    return stored[~stored["key"].isin(keys)].sort_values("id", ignore_index=True)


def _period(start, end) -> list:
    """Conditions for records that occurred from the day ``start`` to the day ``end``, both included."""
    first = dt.datetime.combine(pd.Timestamp(start).date(), dt.time())
    after = dt.datetime.combine(pd.Timestamp(end).date() + dt.timedelta(days=1), dt.time())
    return [AccidentRecord.occurred_at >= first, AccidentRecord.occurred_at < after]


def compare_accidents(session: Session, frame: pd.DataFrame, *, replace_scope=None) -> pd.DataFrame:
    """What writing ``frame`` (columns ``RECORD_COLUMNS``) would do, for the preview: each incoming
    record with ``change`` (new, changed, unchanged), the stored ``id``, ``fields`` (the changed
    columns, comma-separated; ``retired`` for a retired record that comes back) and the stored
    values (``old_*``; empty for a new record). With ``replace_scope=(region_codes, start, end)``
    (a full re-send), also the stored records of that scope missing from the file, as change
    ``retired``: their stored values in both the record's columns and ``old_*``, no source row."""
    frame = _checked(frame)
    out = _compare(session, frame)
    out["source_row"] = out["source_row"].astype("Int64")
    if replace_scope is not None:
        gone = _scope_missing(session, frame["key"], replace_scope)
        if len(gone):
            retired = gone[["id", "key", *VALUES]].assign(
                change="retired", fields="retired", source_row=pd.Series(pd.NA, index=gone.index, dtype="Int64")
            )
            for c in VALUES:
                retired[f"old_{c}"] = gone[c]
            retired["old_retired"] = False
            retired["id"] = retired["id"].astype("Int64")
            out = pd.concat([out, retired], ignore_index=True)
    return out[COMPARE_COLUMNS]


def _snapshot(session: Session, ids: list[int], *, action: str, fields: str, batch_id, user: str, now) -> None:
    """Change rows holding the current (about to be replaced) values of the records ``ids``."""
    r = AccidentRecord
    for start in range(0, len(ids), KEY_SLICE):
        chunk = ids[start : start + KEY_SLICE]
        session.execute(
            insert(AccidentChange).from_select(
                [
                    "batch_id",
                    "record_id",
                    "key",
                    "action",
                    "fields",
                    *(f"old_{c}" for c in ACCIDENT_RESTORED_COLUMNS),
                    "changed_at",
                    "changed_by",
                ],
                select(
                    literal(batch_id, Integer()),
                    r.id,
                    r.key,
                    literal(action, String()),
                    literal(fields, Text()),
                    *(getattr(r, c) for c in ACCIDENT_RESTORED_COLUMNS),
                    literal(now, DateTime()),
                    literal(user, String()),
                ).where(r.id.in_(chunk)),
            )
        )


def _keep_new_values(session: Session, ids: list[int], *, batch_id, now) -> None:
    """The update rows just written for the records ``ids`` get those records' values after the
    update (``new_*``): what a batch's list of changes shows, also once it is undone."""
    r, c = AccidentRecord, AccidentChange
    mine = c.batch_id.is_(None) if batch_id is None else c.batch_id == batch_id
    for start in range(0, len(ids), KEY_SLICE):
        session.execute(
            update(c)
            .where(c.record_id == r.id, r.id.in_(ids[start : start + KEY_SLICE]), mine)
            .where(c.action == "update", c.changed_at == now)
            .values({f"new_{name}": getattr(r, name) for name in (*VALUES, "source_row")}),
            execution_options={"synchronize_session": False},
        )


def _python(value):
    """A plain Python value (None for missing) for a bound parameter."""
    if value is None or value is pd.NaT or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value.item() if hasattr(value, "item") else value


def apply_accidents(
    session: Session,
    frame: pd.DataFrame,
    *,
    batch_id: int | None,
    user: str = "",
    replace_scope=None,
    synthetic: bool = False,
    progress=None,
) -> AccidentResult:
    """Write accident records (columns ``RECORD_COLUMNS``) as batch ``batch_id``: insert the new
    keys in one bulk statement (no change rows: the record's ``created_batch_id`` is the batch),
    update the changed ones (a 续报 raising the deaths is one change row with every old value,
    not a second record; a retired record that comes back is un-retired), leave unchanged ones
    untouched. With ``replace_scope=(region_codes, start, end)`` (a full re-send) the stored
    records of those regions (their towns included) and days missing from ``frame`` are retired
    (one change row each). Runs in the caller's transaction; bumps the data version when
    anything changed. ``batch_id=None`` (no batch) writes records no undo can remove.
    ``progress(records)``, when given, is called after each slice of new records inserted
    (``INSERT_SLICE``), after the updates and once all is written (``len(frame)`` then)."""
    frame = _checked(frame)
    result = AccidentResult()
    if frame.empty and replace_scope is None:
        return result
    now = utcnow()
    merged = _compare(session, frame)
    change = merged["change"].to_numpy()
    new = merged[change == "new"]
    changed = merged[change == "changed"]
    result.unchanged = int((change == "unchanged").sum())
    gone = _scope_missing(session, frame["key"], replace_scope) if replace_scope is not None else None
    if len(new):
        # In key order: each index then grows at its end instead of at random places (the unique
        # key's, and (occurred_at, region)'s for keys that begin with the time): twice as fast.
        new = new.take(key_order(new["key"]))
        constants = {
            "batch_id": batch_id,
            "created_batch_id": batch_id,
            "retired": False,
            "retired_batch_id": None,
            "synthetic": bool(synthetic),
            "updated_at": now,
        }
        step = INSERT_SLICE if progress is not None else len(new)  # slices only to tell progress
        with indexes_built_after(session, len(new)):
            for start in range(0, len(new), step):
                piece = new.iloc[start : start + step]
                _bulk_insert(session, AccidentRecord.__table__, {c: piece[c] for c in RECORD_COLUMNS}, constants)
                if progress is not None:
                    progress(result.unchanged + start + len(piece))
    if len(changed):
        for fields, ids in changed.groupby("fields", sort=True)["id"]:
            _snapshot(
                session, [int(i) for i in ids], action="update", fields=fields, batch_id=batch_id, user=user, now=now
            )
        columns = [c for c in RECORD_COLUMNS if c != "key"]
        rows = [
            {"id": int(i), **{c: _python(v) for c, v in zip(columns, values, strict=True)}}
            for i, *values in changed[["id", *columns]].itertuples(index=False, name=None)
        ]
        extra = dict(batch_id=batch_id, retired=False, retired_batch_id=None, synthetic=bool(synthetic), updated_at=now)
        session.execute(update(AccidentRecord), [{**row, **extra} for row in rows])
        _keep_new_values(session, [int(i) for i in changed["id"]], batch_id=batch_id, now=now)
        if progress is not None:
            progress(len(frame))
    if gone is not None and len(gone):
        ids = [int(i) for i in gone["id"]]
        _snapshot(session, ids, action="retire", fields="retired", batch_id=batch_id, user=user, now=now)
        r = AccidentRecord
        for start in range(0, len(ids), KEY_SLICE):
            session.execute(
                update(r)
                .where(r.id.in_(ids[start : start + KEY_SLICE]))
                .values(retired=True, retired_batch_id=batch_id, batch_id=batch_id, updated_at=now),
                execution_options={"synchronize_session": False},
            )
    record_sums(session, new=new, changed=changed, retired=gone, batch_id=batch_id, synthetic=synthetic)
    result.new, result.changed = len(new), len(changed)
    result.retired = 0 if gone is None else len(gone)
    if result.new or result.changed or result.retired:
        bump_data_version(session)
    if progress is not None:
        progress(len(frame))
    return result


def accident_changes(session: Session, *, batch_id: int | None = None, record_id: int | None = None) -> pd.DataFrame:
    """The change rows (updates and retirements, with the old values), oldest first."""
    c = AccidentChange
    stmt = select(c.__table__).order_by(c.id)
    if batch_id is not None:
        stmt = stmt.where(c.batch_id == batch_id)
    if record_id is not None:
        stmt = stmt.where(c.record_id == record_id)
    names = [col.name for col in c.__table__.columns]
    return pd.DataFrame(session.execute(stmt).all(), columns=names)
