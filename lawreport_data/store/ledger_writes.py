"""Writing a ledger's records (事故台账, 隐患台账, …), whichever ledger: compare incoming records with
what is stored, insert new records in one bulk statement, update changed ones and retire the ones
a full re-send no longer carries, each update and retirement recorded with the record's old values
(its change table; an update with its new ones too, for the batch's list of changes).

A batch's inserts write no change rows: the record's ``created_batch_id`` says which batch
inserted it, and undoing the batch deletes the records it created (``batches.undo_batch``).
A ledger is described once by a :class:`Ledger` (its tables and columns); ``accident_writes``
and ``hazard_writes`` name theirs and keep their own public functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlalchemy import DateTime, Integer, String, Text, func, insert, literal, select, update
from sqlalchemy.orm import Session

from ..models import utcnow
from .regions import regions_under
from .sessions import bump_data_version
from .writes import _bulk_insert, _bulk_update, foreign_keys_checked_after

CHANGES = ("new", "changed", "unchanged", "retired")
INSERT_SLICE = 50_000  # new records inserted at a time when progress is told
KEY_SLICE = 10_000  # keys looked up in one statement (well below SQLite's and psycopg's parameter limits)
WHOLE_TABLE_SHARE = 0.25
"""From this many incoming keys per stored record, :func:`compare` reads every stored record instead
of looking the keys up."""
DEFER_INDEXES_FROM = 100_000
"""From this many new records (and no fewer than are stored), :func:`apply_records` drops the
record table's secondary indexes before inserting and builds them again after."""


@dataclass(frozen=True)
class Ledger:
    """A kind of ledger as the store keeps it: its record and change models, the columns of an
    incoming records frame (``record_columns``, ``key`` first, ``source_row`` last), those a
    re-send compares (``values``), those a change row keeps and an undo restores (``restored``),
    which compare as numbers or as datetimes, the datetime a full re-send's span is of (``when``),
    and what is kept beside the records (the accidents' month sums): ``after_write(session, new=,
    changed=, retired=, batch_id=, synthetic=)`` after a write, ``before_undo(session, batch_id)``
    before an undo (what it returns is handed to ``after_undo(session, it)`` after), and
    ``after_delete(session)`` after the demo's records were removed (:func:`delete_synthetic_records`)."""

    name: str
    record: type
    change: type
    record_columns: tuple[str, ...]
    values: tuple[str, ...]
    restored: tuple[str, ...]
    numbers: tuple[str, ...] = ()
    datetimes: tuple[str, ...] = ()
    when: str = ""
    after_write: Callable | None = field(default=None, compare=False)
    before_undo: Callable | None = field(default=None, compare=False)
    after_undo: Callable | None = field(default=None, compare=False)
    after_delete: Callable | None = field(default=None, compare=False)

    @property
    def compare_columns(self) -> list[str]:
        """The columns of :func:`compare_records`' frame."""
        return [*self.record_columns, "change", "id", "fields", *(f"old_{c}" for c in self.values), "old_retired"]


@dataclass
class LedgerResult:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    retired: int = 0


def _stored_columns(ledger: Ledger):
    r = ledger.record
    return [r.id, r.key, *(getattr(r, c) for c in ledger.values), r.retired]


def _stored_for_keys(session: Session, ledger: Ledger, keys: np.ndarray) -> pd.DataFrame:
    """The stored records (retired ones too) with these keys, their values as ``old_*``.

    Keys a fair share of the stored records have (a county's monthly re-send of its whole ledger)
    are found by reading every record once (:data:`WHOLE_TABLE_SHARE`) instead of looking them up
    a slice at a time. Rows are read through the connection (no ORM rows) and the frame is made
    a column at a time: a million stored records in about a third of the time."""
    r = ledger.record
    conn = session.connection()
    columns = _stored_columns(ledger)
    stored = session.scalar(select(func.count()).select_from(r)) or 0
    whole = len(keys) >= WHOLE_TABLE_SHARE * stored
    if whole:
        rows = conn.execute(select(*columns)).all()
    else:
        rows = []
        for start in range(0, len(keys), KEY_SLICE):
            chunk = [str(k) for k in keys[start : start + KEY_SLICE]]
            rows += conn.execute(select(*columns).where(r.key.in_(chunk))).all()
    names = ["id", "key", *(f"old_{c}" for c in ledger.values), "old_retired"]
    if not rows:
        return pd.DataFrame(columns=names)
    out = pd.DataFrame(dict(zip(names, zip(*rows, strict=True), strict=True)))
    return out[_among(out["key"], keys)].reset_index(drop=True) if whole else out


def _among(texts: pd.Series, keys: np.ndarray) -> np.ndarray:
    """Whether each of ``texts`` is one of ``keys``, found by Arrow (pandas' ``isin`` on a column of
    texts makes a Python object of each key first: 8 s for a million).

    >>> _among(pd.Series(["a", "b", "c"]), np.array(["c", "a", "x"], dtype=object)).tolist()
    [True, False, True]
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    among = pc.is_in(pa.array(texts, type=pa.string(), from_pandas=True), value_set=pa.array(keys, type=pa.string()))
    return among.to_numpy(zero_copy_only=False)


def _same(ledger: Ledger, a: pd.Series, b: pd.Series, name: str) -> np.ndarray:
    """Whether each incoming value equals the stored one (missing equals missing)."""
    a_na, b_na = a.isna().to_numpy(), b.isna().to_numpy()
    if name in ledger.numbers:
        x, y = a.astype(float).to_numpy(), b.astype(float).to_numpy()
        close = np.abs(x - y) <= 1e-9 * np.maximum(np.abs(x), 1.0)
        return (a_na & b_na) | (~a_na & ~b_na & close)
    if name in ledger.datetimes:
        equal = pd.to_datetime(a).to_numpy() == pd.to_datetime(b).to_numpy()
        return (a_na & b_na) | (~a_na & ~b_na & equal)
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


@contextmanager
def indexes_built_after(session: Session, table, new_records: int):
    """Within the caller's transaction: for a large insert (a store being filled), ``table``'s
    secondary indexes (the unique key stays) are dropped first and built again once the rows are in.
    Building an index from sorted rows at the end is cheaper than growing it one record at a
    time (a million records: several seconds less). The DDL is transactional on both: a failed
    import rolls the drop back with the rows. On SQLite readers keep their snapshot (WAL) with the
    indexes until the commit; on PostgreSQL they wait for the commit, as they do for the foreign
    keys checked after such a load (``writes.foreign_keys_checked_after``). A smaller insert keeps
    its indexes as they are."""
    conn = session.connection()
    large = conn.dialect.name in ("sqlite", "postgresql") and new_records >= DEFER_INDEXES_FROM
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


def checked(ledger: Ledger, frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the ledger's record columns in order; refused when one is missing or a key
    repeats."""
    missing = [c for c in ledger.record_columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{ledger.name} records lack columns {missing}")
    duplicated = frame["key"][frame["key"].duplicated()]
    if len(duplicated):
        raise ValueError(f"{ledger.name} records repeat the key {duplicated.iloc[0]!r}")
    return frame[list(ledger.record_columns)].reset_index(drop=True)


def compare(session: Session, ledger: Ledger, frame: pd.DataFrame) -> pd.DataFrame:
    """The incoming records with ``change`` (new, changed or unchanged), the stored ``id``, the
    names of the changed columns (``fields``, comma-separated) and the stored values (``old_*``).
    A retired record that comes back is changed (``fields`` includes ``retired``)."""
    empty_store = session.scalar(select(ledger.record.id).limit(1)) is None
    stored = _stored_for_keys(session, ledger, frame["key"].to_numpy()) if not empty_store and len(frame) else None
    if stored is None or stored.empty:
        out = frame.assign(change="new", id=pd.Series(pd.NA, index=frame.index, dtype="Int64"), fields="")
        for c in ledger.values:
            out[f"old_{c}"] = None
        out["old_retired"] = None
        return out
    merged = frame.merge(stored, on="key", how="left", validate="one_to_one")
    is_new = merged["id"].isna().to_numpy()
    differs = {c: ~_same(ledger, merged[c], merged[f"old_{c}"], c) & ~is_new for c in ledger.values}
    differs["retired"] = merged["old_retired"].fillna(False).astype(bool).to_numpy() & ~is_new
    names = np.array(list(differs))
    matrix = np.column_stack(list(differs.values()))
    changed = matrix.any(axis=1)
    merged["change"] = np.where(is_new, "new", np.where(changed, "changed", "unchanged"))
    if changed.any():  # the changed columns' names, joined for the changed records only
        fields = [""] * len(merged)
        for i in np.flatnonzero(changed):
            fields[i] = ",".join(names[matrix[i]])
        merged["fields"] = fields
    else:
        merged["fields"] = ""
    merged["id"] = merged["id"].astype("Int64")
    return merged


def scope_missing(session: Session, ledger: Ledger, keys: pd.Series, replace_scope) -> pd.DataFrame:
    """The stored, not retired records in ``replace_scope`` (region codes, first day, last day of
    ``ledger.when``; a county's towns included) whose keys are not among ``keys``: what a full
    re-send retires."""
    codes, start, end = replace_scope
    r = ledger.record
    first = dt.datetime.combine(pd.Timestamp(start).date(), dt.time())
    after = dt.datetime.combine(pd.Timestamp(end).date() + dt.timedelta(days=1), dt.time())
    when = getattr(r, ledger.when)
    where = [r.retired.is_(False), when >= first, when < after]
    under = regions_under(session, [codes] if isinstance(codes, str) else codes)
    if under is not None:
        where.append(r.region.in_(sorted(under)))
    stored = pd.DataFrame(
        session.execute(select(*_stored_columns(ledger)).where(*where)).all(),
        columns=["id", "key", *ledger.values, "retired"],
    )
    return stored[~stored["key"].isin(keys)].sort_values("id", ignore_index=True)


def compare_records(session: Session, ledger: Ledger, frame: pd.DataFrame, *, replace_scope=None) -> pd.DataFrame:
    """What writing ``frame`` would do, for the preview: each incoming record with ``change``
    (new, changed, unchanged), the stored ``id``, ``fields`` (the changed columns, comma-separated;
    ``retired`` for a retired record that comes back) and the stored values (``old_*``; empty for
    a new record). With ``replace_scope=(region_codes, start, end)`` (a full re-send), also the
    stored records of that scope missing from the file, as change ``retired``: their stored values
    in both the record's columns and ``old_*``, no source row."""
    frame = checked(ledger, frame)
    out = compare(session, ledger, frame)
    out["source_row"] = out["source_row"].astype("Int64")
    if replace_scope is not None:
        gone = scope_missing(session, ledger, frame["key"], replace_scope)
        if len(gone):
            retired = gone[["id", "key", *ledger.values]].assign(
                change="retired", fields="retired", source_row=pd.Series(pd.NA, index=gone.index, dtype="Int64")
            )
            for c in ledger.values:
                retired[f"old_{c}"] = gone[c]
            retired["old_retired"] = False
            retired["id"] = retired["id"].astype("Int64")
            out = pd.concat([out, retired], ignore_index=True)
    return out[ledger.compare_columns]


def _snapshot(
    session: Session, ledger: Ledger, ids: list[int], *, action: str, fields: str, batch_id, user: str, now
) -> None:
    """Change rows holding the current (about to be replaced) values of the records ``ids``."""
    r = ledger.record
    for start in range(0, len(ids), KEY_SLICE):
        chunk = ids[start : start + KEY_SLICE]
        session.execute(
            insert(ledger.change).from_select(
                [
                    "batch_id",
                    "record_id",
                    "key",
                    "action",
                    "fields",
                    *(f"old_{c}" for c in ledger.restored),
                    "changed_at",
                    "changed_by",
                ],
                select(
                    literal(batch_id, Integer()),
                    r.id,
                    r.key,
                    literal(action, String()),
                    literal(fields, Text()),
                    *(getattr(r, c) for c in ledger.restored),
                    literal(now, DateTime()),
                    literal(user, String()),
                ).where(r.id.in_(chunk)),
            )
        )


def _keep_new_values(session: Session, ledger: Ledger, ids: list[int], *, batch_id, now) -> None:
    """The update rows just written for the records ``ids`` get those records' values after the
    update (``new_*``): what a batch's list of changes shows, also once it is undone."""
    r, c = ledger.record, ledger.change
    mine = c.batch_id.is_(None) if batch_id is None else c.batch_id == batch_id
    for start in range(0, len(ids), KEY_SLICE):
        session.execute(
            update(c)
            .where(c.record_id == r.id, r.id.in_(ids[start : start + KEY_SLICE]), mine)
            .where(c.action == "update", c.changed_at == now)
            .values({f"new_{name}": getattr(r, name) for name in (*ledger.values, "source_row")}),
            execution_options={"synchronize_session": False},
        )


def apply_records(
    session: Session,
    ledger: Ledger,
    frame: pd.DataFrame,
    *,
    batch_id: int | None,
    user: str = "",
    replace_scope=None,
    synthetic: bool = False,
    progress=None,
) -> LedgerResult:
    """Write ``ledger`` records (its ``record_columns``) as batch ``batch_id``: insert the new keys
    in one bulk statement (no change rows: the record's ``created_batch_id`` is the batch), update
    the changed ones (one change row each with every old value, not a second record; a retired
    record that comes back is un-retired), leave unchanged ones untouched. With
    ``replace_scope=(region_codes, start, end)`` (a full re-send) the stored records of those
    regions (their towns included) and days missing from ``frame`` are retired (one change row
    each). Runs in the caller's transaction; bumps the data version when anything changed.
    ``batch_id=None`` (no batch) writes records no undo can remove. ``progress(records)``, when
    given, is called after each slice of new records inserted (``INSERT_SLICE``), after the
    updates and once all is written (``len(frame)`` then)."""
    frame = checked(ledger, frame)
    result = LedgerResult()
    if frame.empty and replace_scope is None:
        return result
    now = utcnow()
    merged = compare(session, ledger, frame)
    change = merged["change"].to_numpy()
    new = merged[change == "new"]
    changed = merged[change == "changed"]
    result.unchanged = int((change == "unchanged").sum())
    gone = scope_missing(session, ledger, frame["key"], replace_scope) if replace_scope is not None else None
    columns = list(ledger.record_columns)
    if len(new):
        # In key order: each index then grows at its end instead of at random places (the unique
        # key's, and the time index's for keys that begin with the time): twice as fast.
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
        table = ledger.record.__table__
        with indexes_built_after(session, table, len(new)), foreign_keys_checked_after(session, table, len(new)):
            for start in range(0, len(new), step):
                piece = new.iloc[start : start + step]
                _bulk_insert(session, table, {c: piece[c] for c in columns}, constants)
                if progress is not None:
                    progress(result.unchanged + start + len(piece))
    if len(changed):
        for fields, ids in changed.groupby("fields", sort=True)["id"]:
            _snapshot(
                session,
                ledger,
                [int(i) for i in ids],
                action="update",
                fields=fields,
                batch_id=batch_id,
                user=user,
                now=now,
            )
        extra = dict(batch_id=batch_id, retired=False, retired_batch_id=None, synthetic=bool(synthetic), updated_at=now)
        _bulk_update(
            session,
            ledger.record.__table__,
            changed["id"],
            {c: changed[c].reset_index(drop=True) for c in columns if c != "key"},
            extra,
        )
        _keep_new_values(session, ledger, [int(i) for i in changed["id"]], batch_id=batch_id, now=now)
        if progress is not None:
            progress(len(frame))
    if gone is not None and len(gone):
        ids = [int(i) for i in gone["id"]]
        _snapshot(session, ledger, ids, action="retire", fields="retired", batch_id=batch_id, user=user, now=now)
        r = ledger.record
        for start in range(0, len(ids), KEY_SLICE):
            session.execute(
                update(r)
                .where(r.id.in_(ids[start : start + KEY_SLICE]))
                .values(retired=True, retired_batch_id=batch_id, batch_id=batch_id, updated_at=now),
                execution_options={"synchronize_session": False},
            )
    if ledger.after_write is not None:
        ledger.after_write(session, new=new, changed=changed, retired=gone, batch_id=batch_id, synthetic=synthetic)
    result.new, result.changed = len(new), len(changed)
    result.retired = 0 if gone is None else len(gone)
    if result.new or result.changed or result.retired:
        bump_data_version(session)
    if progress is not None:
        progress(len(frame))
    return result


def record_changes(
    session: Session, ledger: Ledger, *, batch_id: int | None = None, record_id: int | None = None
) -> pd.DataFrame:
    """The change rows (updates and retirements, with the old values), oldest first."""
    c = ledger.change
    stmt = select(c.__table__).order_by(c.id)
    if batch_id is not None:
        stmt = stmt.where(c.batch_id == batch_id)
    if record_id is not None:
        stmt = stmt.where(c.record_id == record_id)
    names = [col.name for col in c.__table__.columns]
    return pd.DataFrame(session.execute(stmt).all(), columns=names)


def delete_synthetic_records(session: Session, ledger: Ledger) -> int:
    """Remove every synthetic (demo) record of ``ledger``, and the change rows no batch wrote of
    them (a demo re-run's); real records stay, and so does what a batch did (a demo record a
    county's batch has since updated is real: the update cleared its flag). Returns how many
    records were removed."""
    from sqlalchemy import delete

    r, c = ledger.record, ledger.change
    demo = select(r.id).where(r.synthetic.is_(True))
    session.execute(
        delete(c).where(c.batch_id.is_(None), c.record_id.in_(demo)), execution_options={"synchronize_session": False}
    )
    n = session.execute(
        delete(r).where(r.synthetic.is_(True)), execution_options={"synchronize_session": False}
    ).rowcount
    if n:
        if ledger.after_delete is not None:
            ledger.after_delete(session)
        bump_data_version(session)
    return n
