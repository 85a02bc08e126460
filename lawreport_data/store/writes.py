"""Bulk writes of observations: compare with what is stored, insert and update in bulk
statements, record every change (``observation_change``) so a batch can be undone."""

from __future__ import annotations

import itertools
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Boolean, and_, delete, func, insert, literal, select, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from ..gc_pause import paused
from ..metrics import with_defaults
from ..models import ImportBatch, Observation, ObservationChange, utcnow
from .observation_spans import add_observation_spans, refresh_observation_spans
from .observations import KEY, OBS_COLUMNS, OBS_SELECT, normalise_obs
from .sessions import bump_data_version
from .town_sums import refresh_leaf_sums


@dataclass
class ApplyResult:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0


def _box(frame: pd.DataFrame, below_id: int | None = None) -> list:
    """Conditions for the stored rows with the frame's years, indicators and regions (a superset
    of its keys), and with ``below_id``: only rows stored before (not those just inserted)."""
    where = [
        Observation.year.in_(sorted(int(y) for y in pd.unique(frame["year"]))),
        Observation.indicator_code.in_(sorted(str(i) for i in pd.unique(frame["indicator"]))),
        Observation.region_code.in_(sorted(str(r) for r in pd.unique(frame["region"]))),
    ]
    if below_id is not None:
        where.append(Observation.id < below_id)
    return where


def _existing_for(session: Session, frame: pd.DataFrame, below_id: int | None = None) -> pd.DataFrame:
    stmt = select(Observation.id, *OBS_SELECT, Observation.updated_at).where(*_box(frame, below_id))
    return pd.read_sql(stmt, session.connection())


def _same(a: pd.DataFrame, b_suffix: str) -> pd.Series:
    """Rows whose incoming value, qualifier and status equal the stored ones."""
    value_same = (a["value"] - a["value" + b_suffix]).abs() <= 1e-9 * a["value"].abs().clip(lower=1)
    return value_same & (a["qualifier"] == a["qualifier" + b_suffix]) & (a["status"] == a["status" + b_suffix])


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if (v is pd.NaT or (isinstance(v, float) and pd.isna(v))) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


COMPARE_SLICE = 100_000  # rows compared (and written) at a time: memory stays bounded


def _compare_slices(session: Session, frame: pd.DataFrame, below_id: int | None = None):
    """Incoming observations in key order, slice by slice: ``(incoming, merged)``, where
    ``merged`` is None when the store holds nothing for the slice's keys (all new: nothing to
    compare), else the slice merged with the stored rows: each row with ``change`` (new,
    changed or unchanged), the stored ``id`` and stored values (``*_old``). Only stored rows
    with an id below ``below_id`` count (rows written meanwhile by the caller do not).

    When the store holds nothing for the whole frame's years, indicators and regions (e.g. a
    new year's data), one query says so and no slice is compared."""
    if frame.empty:
        return
    order = frame.sort_values(KEY, kind="stable").index if len(frame) > 1 else frame.index
    anything = session.scalar(select(Observation.id).where(*_box(frame, below_id)).limit(1)) is not None
    for start in range(0, len(order), COMPARE_SLICE):
        piece = frame.loc[order[start : start + COMPARE_SLICE]]
        existing = _existing_for(session, piece, below_id) if anything else None
        if existing is None or existing.empty:  # nothing stored for these keys: all new
            yield _with_defaults(piece), None
            continue
        incoming = normalise_obs(piece)
        merged = incoming.merge(existing, on=KEY, how="left", suffixes=("", "_old"), indicator=True)
        is_new = (merged["_merge"] == "left_only").to_numpy()
        same = (_same(merged, "_old") & ~is_new).to_numpy()
        change = np.where(is_new, "new", np.where(same, "unchanged", "changed"))
        merged["change"] = change
        yield incoming, merged.drop(columns="_merge")


def _with_defaults(frame: pd.DataFrame) -> pd.DataFrame:
    """``metrics.with_defaults``, with ``as_of`` as dates like :func:`normalise_obs` gives them."""
    out = with_defaults(frame)
    if out["as_of"].notna().any():
        out["as_of"] = pd.to_datetime(out["as_of"]).dt.date
    return out


def compare_observations(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """What writing ``frame`` would do: its rows (in key order) with ``change`` (new, changed,
    unchanged) and the stored ``old_value`` / ``old_qualifier``."""
    keep = [*OBS_COLUMNS, "change", "old_value", "old_qualifier"]
    parts = [
        normalise_obs(incoming).assign(change="new", old_value=np.nan, old_qualifier=None)[keep]
        if m is None
        else m.assign(old_value=m["value_old"], old_qualifier=m["qualifier_old"])[keep]
        for incoming, m in _compare_slices(session, frame)
    ]
    if not parts:
        empty = normalise_obs(frame.iloc[0:0])
        return empty.assign(change=pd.Series(dtype=object), old_value=pd.Series(dtype=float), old_qualifier="")
    return pd.concat(parts, ignore_index=True)


def _column_values(series: pd.Series) -> list:
    """Plain Python values (None for missing) that every DBAPI driver takes.

    >>> _column_values(pd.Series(["甲", None, float("nan"), pd.NaT, "乙"], dtype=object))
    ['甲', None, None, None, '乙']
    >>> _column_values(pd.Series(["甲", pd.NA], dtype=object)), _column_values(pd.Series([1.5, None]))
    (['甲', None], [1.5, None])
    """
    if isinstance(series.dtype, pd.CategoricalDtype):  # each distinct value once, then a take
        categories = np.append(series.cat.categories.to_numpy(dtype=object), None)  # code -1: None
        return categories[series.cat.codes.to_numpy()].tolist()
    if series.dtype.kind in "iub" or (series.dtype.kind == "f" and not series.isna().any()):
        return series.tolist()
    if series.dtype == object:
        # Texts and None (a ledger's text columns): only NaN and NaT differ from themselves, so
        # one comparison finds what must become None, three times faster than pandas' isna.
        values = series.to_numpy(dtype=object)
        try:
            missing = values != values
        except TypeError:  # pd.NA compares to nothing: pandas' isna below
            missing = None
        if missing is not None and missing.dtype == bool:
            if missing.any():
                values = values.copy()
                values[missing] = None
            return values.tolist()
    return series.astype(object).where(series.notna(), None).tolist()


def datetime_texts(series: pd.Series, proc) -> list | None:
    """A column of times as the text the bind processor ``proc`` would give each value, made by
    Arrow at once, or None where that is not so (the caller then calls ``proc`` per value).

    SQLite keeps a ``DateTime`` as text (``2022-03-05 14:30:00.000000``) and SQLAlchemy's
    processor formats one value a call: 7 s for a million times. Arrow's cast of a timestamp to
    text writes the same form in a fraction of a second. The result is used only when it equals
    ``proc``'s own output for the first values (so another storage format, or another dialect's
    processor, falls back to ``proc``); missing times stay None.

    >>> from sqlalchemy import DateTime
    >>> from sqlalchemy.dialects import sqlite
    >>> proc = DateTime().dialect_impl(sqlite.dialect()).bind_processor(sqlite.dialect())
    >>> times = pd.Series(pd.to_datetime(["2022-03-05 14:30", None, "1999-12-31 23:59:59.5"], format="mixed"))
    >>> datetime_texts(times, proc)
    ['2022-03-05 14:30:00.000000', None, '1999-12-31 23:59:59.500000']
    >>> datetime_texts(pd.Series(["2022-03-05"]), proc) is None  # not a column of times
    True
    """
    if series.dtype.kind != "M" or getattr(series.dtype, "tz", None) is not None or len(series) == 0:
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    stamps = pa.array(series.to_numpy(dtype="datetime64[us]"), type=pa.timestamp("us"), from_pandas=True)
    texts = pc.cast(stamps, pa.string()).to_pylist()
    sample = series.iloc[:16]
    for value, text in zip(sample, texts, strict=False):
        expected = None if pd.isna(value) else proc(value.to_pydatetime())
        if expected != text:
            return None
    return texts


def _is_constant(series: pd.Series) -> bool:
    if len(series) == 0:
        return True
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        return bool((codes == codes[0]).all())
    first = series.iloc[0]
    head = series.iloc[:64]  # a column that varies mostly shows it at once: no full comparison
    if pd.isna(first):
        return bool(head.isna().all()) and bool(series.isna().all())
    return bool((head == first).all()) and bool((series == first).all())


def _split_constants(columns: dict[str, pd.Series], constants: dict | None, dialect) -> tuple[dict, dict, int]:
    """The columns holding one value throughout (with ``constants``: written into a statement as
    SQL literals) and the others (bound per row), and the number of rows."""
    fixed = dict(constants or {})
    varying: dict[str, pd.Series] = {}
    n = 0
    for name, series in columns.items():
        n = len(series)
        if _is_constant(series):
            fixed[name] = None if n == 0 or pd.isna(series.iloc[0]) else series.iloc[0]
        else:
            varying[name] = series
    # With a format-style driver (psycopg) text stays a parameter (a "%" in a literal would be
    # read as a placeholder); numbers, dates, booleans and NULL become literals.
    if dialect.paramstyle != "qmark":
        for name in [k for k, v in fixed.items() if isinstance(v, str)]:
            varying[name] = pd.Series([fixed.pop(name)] * n, dtype=object)
    return fixed, varying, n


def _sql_literal(table, dialect, name, value) -> str:
    if value is not None and hasattr(value, "item"):
        value = value.item()  # numpy scalar
    return str(literal(value, table.c[name].type).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))


def _bulk_insert(session: Session, table, columns: dict[str, pd.Series], constants: dict | None = None) -> None:
    """One driver-level executemany of many rows, without building a dict per row.

    Columns holding one value throughout (and ``constants``) are written into the statement as
    SQL literals; the others go through their types' bind processors (dates and booleans as
    SQLAlchemy stores them) and straight to the driver. On PostgreSQL (psycopg) the rows are
    streamed with ``COPY`` instead (:func:`_copy_insert`).
    """
    conn = session.connection()
    dialect = conn.dialect
    if dialect.name == "postgresql" and dialect.driver == "psycopg":
        _copy_insert(conn, table, columns, constants)
        return
    placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
    fixed, varying, n = _split_constants(columns, constants, dialect)
    if n == 0:
        return
    quote = dialect.identifier_preparer.quote
    names = list(varying) + list(fixed)
    values_sql = [placeholder] * len(varying) + [_sql_literal(table, dialect, k, v) for k, v in fixed.items()]
    sql = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) VALUES ({', '.join(values_sql)})"
    procs = {name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in varying}
    with paused():  # no cycles among the row tuples: the collector would only traverse them
        _execute_slices(conn, sql, varying, procs, n)


def _copy_insert(conn, table, columns: dict[str, pd.Series], constants: dict | None = None) -> None:
    """PostgreSQL: the rows of :func:`_bulk_insert` streamed into ``table`` with one ``COPY … FROM
    STDIN`` (psycopg's ``Cursor.copy``) in the caller's transaction — no statement per row, and
    nothing written unless that transaction commits (issue 18). ``constants`` are repeated on
    every row; values go through the columns' bind processors where PostgreSQL's types have one."""
    dialect = conn.dialect
    fixed, varying, n = _split_constants(columns, constants, dialect)  # a column of one value: repeated
    if n == 0:
        return
    quote = dialect.identifier_preparer.quote
    names = [*varying, *fixed]
    sql = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in names)}) FROM STDIN"
    procs = {name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names}
    fixed = {k: (v.item() if v is not None and hasattr(v, "item") else v) for k, v in fixed.items()}  # numpy scalars
    fixed = {k: (procs[k](v) if procs[k] and v is not None else v) for k, v in fixed.items()}
    raw = conn.connection.driver_connection  # the psycopg connection of this transaction
    dbapi = dialect.loaded_dbapi
    # CSV made by Arrow a slice at a time where every column is of a type it writes as PostgreSQL
    # reads it (a text quoted, NULL unquoted and empty); else rows formatted one by one by psycopg
    texts = {k: s for k, s in varying.items() if s.dtype == object}  # what they hold: known only by looking
    converted = [k for k, proc in procs.items() if proc and not isinstance(table.c[k].type, Boolean)]
    csv = not converted and _arrow_arrays(texts, {}, 0, n) is not None  # Arrow writes booleans as such
    csv = csv and _csv_slice(varying, fixed, 0, min(16, n)) is not None
    sql += " (FORMAT csv)" if csv else ""
    try:
        with paused(), raw.cursor() as cursor, cursor.copy(sql) as copy:
            for start in range(0, n, _SLICE):  # slice by slice: memory stays bounded
                size = min(_SLICE, n - start)
                if csv:
                    copy.write(_csv_slice(varying, fixed, start, size))
                    continue
                data: list = []
                for name, series in varying.items():
                    values = _column_values(series.iloc[start : start + _SLICE])
                    proc = procs[name]
                    data.append([proc(v) for v in values] if proc else values)
                data += [itertools.repeat(value, size) for value in fixed.values()]
                for row in zip(*data, strict=True):
                    copy.write_row(row)
    except dbapi.Error as exc:  # as SQLAlchemy raises a statement's: the store's callers handle those
        raise DBAPIError.instance(sql, None, exc, dbapi.Error, dialect=dialect) from exc


_CSV_TYPES = ("string", "large_string", "boolean", "integer", "floating", "timestamp", "date")


def _csv_slice(varying: dict[str, pd.Series], fixed: dict, start: int, size: int) -> bytes | None:
    """Rows ``start`` to ``start + size`` of the columns (then ``fixed``'s values, repeated) as
    PostgreSQL's CSV, by Arrow; None where a column is of a type not in :data:`_CSV_TYPES`.

    >>> print(_csv_slice({"s": pd.Series(["甲", "", None]), "x": pd.Series([1.5, None, 2.0])}, {"b": True}, 0, 3).decode())
    "甲",1.5,true
    "",,true
    ,2,true
    <BLANKLINE>
    """
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    arrays = _arrow_arrays(varying, fixed, start, size)
    if arrays is None:
        return None
    out = pa.BufferOutputStream()
    table = pa.Table.from_arrays(arrays, names=[*varying, *fixed])
    pa_csv.write_csv(table, out, write_options=pa_csv.WriteOptions(include_header=False))
    return out.getvalue().to_pybytes()


def _arrow_arrays(varying: dict[str, pd.Series], fixed: dict, start: int, size: int) -> list | None:
    """:func:`_csv_slice`'s columns as Arrow arrays of a type Arrow writes as PostgreSQL reads it
    (:data:`_CSV_TYPES`; timestamps at PostgreSQL's microseconds), or None where one is not
    (a column of mixed objects, say), without writing them.

    >>> [str(a.type) for a in _arrow_arrays({"s": pd.Series(["甲", None])}, {"n": 1}, 0, 2)]
    ['large_string', 'int64']
    >>> _arrow_arrays({"o": pd.Series([b"x", 1], dtype=object)}, {}, 0, 2) is None
    True
    """
    import pyarrow as pa

    arrays = []
    try:
        for series in varying.values():
            array = pa.Array.from_pandas(series.iloc[start : start + size])
            if pa.types.is_dictionary(array.type):
                array = array.dictionary_decode()
            arrays.append(array)
        for value in fixed.values():
            arrays.append(pa.nulls(size) if value is None else pa.array([value] * size))
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return None
    for i, array in enumerate(arrays):
        kind = array.type
        if pa.types.is_timestamp(kind):
            arrays[i] = array.cast(pa.timestamp("us"))  # PostgreSQL's precision
        elif not (pa.types.is_null(kind) or any(getattr(pa.types, f"is_{t}")(kind) for t in _CSV_TYPES)):
            return None
    return arrays


CHECK_KEYS_AFTER_FROM = 100_000
"""On PostgreSQL, from this many new rows (and no fewer than are stored), :func:`foreign_keys_checked_after`
checks the table's foreign keys once after the load instead of row by row."""


@contextmanager
def foreign_keys_checked_after(session: Session, table, new_rows: int):
    """Within the caller's transaction: for a large load into PostgreSQL (a store being filled:
    ``new_rows`` at least :data:`CHECK_KEYS_AFTER_FROM` and no fewer than ``table`` holds), the
    table's foreign keys are dropped first and added back, exactly as they were
    (``pg_get_constraintdef``), once the rows are in. PostgreSQL checks a foreign key row by row as
    rows arrive (a million observations: 20 s, most of the import) but the whole table at once when
    one is added (0.7 s). A row that breaks one fails the addition and the transaction is rolled back
    with the drop: nothing is written. While such a load runs, readers of the table wait for its
    commit (the drop locks the table); smaller loads, and SQLite, keep their keys as they are."""
    conn = session.connection()
    large = conn.dialect.name == "postgresql" and new_rows >= CHECK_KEYS_AFTER_FROM
    if large:
        large = new_rows >= (session.scalar(select(func.count()).select_from(table)) or 0)
    if not large:
        yield
        return
    quote = conn.dialect.identifier_preparer.quote
    keys = conn.exec_driver_sql(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conrelid = to_regclass(%(table)s) AND contype = 'f' ORDER BY conname",
        {"table": quote(table.name)},
    ).all()
    for name, _ in keys:
        conn.exec_driver_sql(f"ALTER TABLE {quote(table.name)} DROP CONSTRAINT {quote(name)}")
    yield
    for name, definition in keys:
        conn.exec_driver_sql(f"ALTER TABLE {quote(table.name)} ADD CONSTRAINT {quote(name)} {definition}")


def _bulk_update(
    session: Session, table, ids: pd.Series, columns: dict[str, pd.Series], constants: dict | None = None
) -> None:
    """One driver-level executemany updating the rows whose ``id`` is in ``ids`` with ``columns``
    (aligned with ``ids``) and ``constants``, as :func:`_bulk_insert` inserts: no dict per row, no
    ORM (its bulk update by primary key built a dict of every record's values: 10 s for 50,000
    hazard records of a re-send under load)."""
    conn = session.connection()
    dialect = conn.dialect
    placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
    fixed, varying, n = _split_constants(columns, constants, dialect)
    if len(ids) == 0:
        return
    quote = dialect.identifier_preparer.quote
    sets = [f"{quote(c)} = {placeholder}" for c in varying]
    sets += [f"{quote(k)} = {_sql_literal(table, dialect, k, v)}" for k, v in fixed.items()]
    sql = f"UPDATE {quote(table.name)} SET {', '.join(sets)} WHERE {quote('id')} = {placeholder}"
    varying["id"] = pd.Series(np.asarray(ids, dtype="int64"))
    procs = {name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in varying}
    with paused():
        _execute_slices(conn, sql, varying, procs, len(ids))


def _execute_slices(conn, sql: str, varying: dict[str, pd.Series], procs: dict, n: int) -> None:
    for start in range(0, n, _SLICE):  # tuples are built slice by slice: memory stays bounded
        data = []
        for name, series in varying.items():
            piece = series.iloc[start : start + _SLICE]
            proc = procs[name]
            texts = datetime_texts(piece, proc) if proc else None
            if texts is not None:
                data.append(texts)
                continue
            values = _column_values(piece)
            data.append([proc(v) for v in values] if proc else values)
        if not data:  # every column constant: identical rows, no parameters
            for _ in range(min(_SLICE, n - start)):
                conn.exec_driver_sql(sql)
            continue
        conn.exec_driver_sql(sql, list(zip(*data, strict=True)))


_SLICE = 50_000


def _insert_new(session: Session, new_rows: pd.DataFrame, batch_id, user: str, now) -> None:
    _bulk_insert(
        session,
        Observation.__table__,
        {
            "indicator_code": new_rows["indicator"],
            "region_code": new_rows["region"],
            "year": new_rows["year"],
            "start_month": new_rows["start"],
            "end_month": new_rows["end"],
            "value": new_rows["value"],
            "qualifier": new_rows["qualifier"],
            "status": new_rows["status"],
            "as_of": new_rows["as_of"],
            "origin": new_rows["origin"],
            "synthetic": new_rows["synthetic"],
            "source_text": new_rows["source"],
            "batch_id": new_rows["batch_id"],
            "source_row": new_rows["source_row"],
            "note": new_rows["note"],
        },
        {"updated_at": now},
    )
    if batch_id is None:  # a batch's inserts are its rows (``batch_id``): no record per row (changes_frame)
        _bulk_insert(
            session,
            ObservationChange.__table__,
            {
                "indicator_code": new_rows["indicator"],
                "region_code": new_rows["region"],
                "year": new_rows["year"],
                "start_month": new_rows["start"],
                "end_month": new_rows["end"],
                "new_value": new_rows["value"],
                "new_qualifier": new_rows["qualifier"],
            },
            {"batch_id": None, "action": "insert", "changed_at": now, "changed_by": user},
        )


def _compare_and_insert(session, frame, first_new_id, batch_id, user, now, result, changed_parts, progress) -> None:
    """:func:`apply_observations`' slices: each compared with what is stored, its new rows inserted
    (counted in ``result``), its changed rows kept in ``changed_parts``."""
    for incoming, merged in _compare_slices(session, frame, below_id=first_new_id):
        if merged is None:
            new_rows = incoming
        else:
            change = merged["change"].to_numpy()
            new_rows = merged[change == "new"]
            changed_parts.append(merged[change == "changed"])
            result.unchanged += int((change == "unchanged").sum())
        result.new += len(new_rows)
        if len(new_rows):
            _insert_new(session, new_rows, batch_id, user, now)
        if progress is not None:
            progress(min(result.new + result.unchanged + sum(len(p) for p in changed_parts), len(frame)))


def apply_observations(
    session: Session,
    frame: pd.DataFrame,
    *,
    batch_id: int | None = None,
    user: str = "",
    overwrite: bool = True,
    progress=None,
) -> ApplyResult:
    """Write observations: insert new keys, replace changed values (recording the old ones),
    leave equal ones alone. With ``overwrite=False`` existing keys are never touched.

    Every update is recorded in ``observation_change`` with the old values, so a batch can be
    undone. Inserts made by a batch are not recorded row by row: its inserted rows are the rows
    that carry its ``batch_id`` without an update record of it (or, once a later batch changed
    them, that batch's records with ``old_batch_id``): :func:`changes_frame` lists them, and
    undo deletes them. Inserts outside a batch (the report's figures, demo data) are recorded
    one per row. Bulk statements, no per-row round trips. Runs inside the caller's
    transaction; nothing is committed here. ``progress(rows)``, when given, is called after each
    slice of :data:`COMPARE_SLICE` rows compared and inserted, and once all rows are written.
    """
    result = ApplyResult()
    if frame.empty:
        return result
    if batch_id is not None:
        frame = frame.assign(batch_id=batch_id)
    now = utcnow()
    changed_parts = []
    first_new_id = (session.scalar(select(func.max(Observation.id))) or 0) + 1  # rows inserted here: from this id
    with foreign_keys_checked_after(session, Observation.__table__, len(frame)):  # at most len(frame) new
        _compare_and_insert(session, frame, first_new_id, batch_id, user, now, result, changed_parts, progress)
    changed = pd.concat(changed_parts, ignore_index=True) if changed_parts else pd.DataFrame()
    written = frame  # (its spans: observation_span)
    if not overwrite:
        result.skipped = len(changed)
        if len(changed):  # rows left as they are hold their own spans
            kept = pd.MultiIndex.from_frame(changed[KEY].astype({"year": "int64", "start": "int64", "end": "int64"}))
            keys = pd.MultiIndex.from_frame(frame[KEY].astype({"year": "int64", "start": "int64", "end": "int64"}))
            written = frame[~keys.isin(kept)]
        changed = changed.iloc[0:0]
    result.changed = len(changed)
    if len(changed):
        rows = _records(changed)
        session.execute(
            update(Observation),
            [
                dict(
                    id=int(r["id"]),
                    value=float(r["value"]),
                    qualifier=r["qualifier"],
                    status=r["status"],
                    as_of=r["as_of"],
                    origin=r["origin"],
                    synthetic=bool(r["synthetic"]),
                    source_text=r["source"],
                    batch_id=r["batch_id"],
                    source_row=r["source_row"],
                    note=r["note"],
                    updated_at=now,
                )
                for r in rows
            ],
        )
        session.execute(
            insert(ObservationChange), [_change_row(r, "update", batch_id, user, now, with_old=True) for r in rows]
        )
    if result.new or result.changed:
        refresh_leaf_sums(session, frame)
        add_observation_spans(session, written, changed)
        bump_data_version(session)
    if progress is not None:
        progress(len(frame))
    return result


def _change_row(r: dict, action: str, batch_id, user: str, now, *, with_old: bool) -> dict:
    row = dict(
        batch_id=batch_id,
        action=action,
        indicator_code=r["indicator"],
        region_code=r["region"],
        year=int(r["year"]),
        start_month=int(r["start"]),
        end_month=int(r["end"]),
        new_value=float(r["value"]),
        new_qualifier=r["qualifier"],
        changed_at=now,
        changed_by=user,
    )
    if with_old:
        row.update(
            old_value=r["value_old"],
            old_qualifier=r["qualifier_old"],
            old_status=r["status_old"],
            old_as_of=r["as_of_old"],
            old_origin=r["origin_old"],
            old_synthetic=bool(r["synthetic_old"]),
            old_source_text=r["source_old"],
            old_batch_id=None if r["batch_id_old"] is None else int(r["batch_id_old"]),
            old_source_row=None if r["source_row_old"] is None else int(r["source_row_old"]),
            old_note=r["note_old"],
        )
    return row


def delete_synthetic(session: Session) -> int:
    """Remove every synthetic (demo) observation, hazard record (``hazard_writes``), inspection and
    penalty case; real figures and records stay. Returns how many were removed."""
    from .case_writes import CASES  # (they write through ledger_writes, which imports this)
    from .hazard_writes import delete_synthetic_hazards
    from .inspection_writes import INSPECTIONS
    from .ledger_writes import delete_synthetic_records

    o = Observation
    touched = _touched(session, select(o.indicator_code, o.region_code, o.year).where(o.synthetic.is_(True)))
    n = session.execute(delete(o).where(o.synthetic.is_(True))).rowcount
    if n:
        refresh_leaf_sums(session, touched)
        refresh_observation_spans(session, touched)
        bump_data_version(session)
    n += sum(delete_synthetic_records(session, ledger) for ledger in (INSPECTIONS, CASES))
    return n + delete_synthetic_hazards(session)


def _touched(session: Session, stmt) -> pd.DataFrame:
    """The distinct (indicator, region, year) of a select of those three columns."""
    rows = session.execute(stmt.distinct()).all()
    return pd.DataFrame(rows, columns=["indicator", "region", "year"])


def changes_frame(session: Session, *, batch_id: int | None = None) -> pd.DataFrame:
    """The change records, newest first; of one batch with ``batch_id``, its inserts included.

    A batch's inserts are not stored as records (:func:`apply_observations`); they are read back
    here: the rows that still carry the batch (less those it updated), and the rows it inserted
    that a later batch, still applied, has since changed (that batch's record keeps the
    inserted value as ``old_*``). Batches written before this kept a record per insert; theirs
    are listed as stored."""
    stmt = select(ObservationChange).order_by(ObservationChange.id.desc())
    if batch_id is not None:
        stmt = stmt.where(ObservationChange.batch_id == batch_id)
    cols = [c.name for c in ObservationChange.__table__.columns]
    rows = session.scalars(stmt).all()
    frame = pd.DataFrame([{c: getattr(r, c) for c in cols} for r in rows], columns=cols)
    if batch_id is None or (frame["action"] == "insert").any():
        return frame
    inserted = _batch_inserts(session, batch_id, updated=frame).reindex(columns=cols)
    if inserted.empty:
        return frame
    return pd.concat([frame, inserted], ignore_index=True) if len(frame) else inserted


_KEY_COLUMNS = ["indicator_code", "region_code", "year", "start_month", "end_month"]


def _batch_inserts(session: Session, batch_id: int, *, updated: pd.DataFrame) -> pd.DataFrame:
    """The rows ``batch_id`` inserted, as change records (action ``insert``, the inserted value as
    ``new_value``, the batch's time and user): those still carrying the batch, less the keys it
    updated (``updated``: its own records), and those a later applied batch changed since."""
    o, c, b = Observation, ObservationChange, ImportBatch
    batch = session.execute(select(b.created_at, b.created_by).where(b.id == batch_id)).first()
    if batch is None:
        return pd.DataFrame()
    key_cols = [getattr(o, k) for k in _KEY_COLUMNS]
    still = select(*key_cols, o.value.label("new_value"), o.qualifier.label("new_qualifier")).where(
        o.batch_id == batch_id
    )
    later = (
        select(
            *(getattr(c, k) for k in _KEY_COLUMNS),
            c.old_value.label("new_value"),
            c.old_qualifier.label("new_qualifier"),
        )
        .join(b, b.id == c.batch_id)
        .where(and_(c.old_batch_id == batch_id, c.action == "update", c.batch_id != batch_id, b.status == "applied"))
    )
    conn = session.connection()
    found = pd.concat([pd.read_sql(still, conn), pd.read_sql(later, conn)], ignore_index=True)
    if len(updated):
        mine = updated[_KEY_COLUMNS].drop_duplicates()
        found = found.merge(mine, on=_KEY_COLUMNS, how="left", indicator=True)
        found = found[found["_merge"] == "left_only"].drop(columns="_merge")
    return found.sort_values(_KEY_COLUMNS, kind="stable", ignore_index=True).assign(
        id=None, batch_id=batch_id, action="insert", changed_at=batch.created_at, changed_by=batch.created_by or ""
    )
