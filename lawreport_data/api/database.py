"""Opening the store: the engine, the schema and the report's figures, the data version, and
writes that wait for a busy database."""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, replace

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from .. import catalog, store
from ..db import database_url, make_engine, schema_is_current, upgrade
from ..import_errors import ImportError_


def open_engine(url: str | None = None) -> Engine:
    """An engine on ``url`` or, by default, ``LAWREPORT_DB_URL`` / the SQLite file under db/."""
    return make_engine(url or database_url())


class StoreError(RuntimeError):
    """A database fault under a page or a command, as one sentence: ``kind`` names it in
    :data:`catalog.STORE_ERRORS` (``read_only``, ``disk_full``, ``connection_lost``, ``unavailable``,
    ``failed``); ``zh`` is for the page and ``en`` (also ``str()``) for the CLI, neither with SQL
    nor parameters; ``reason`` is the driver's first line.

    >>> e = StoreError("disk_full")
    >>> e.zh.startswith("数据库所在的磁盘已满"), str(e).startswith("The disk of the database is full")
    (True, True)
    """

    def __init__(self, kind: str, reason: str = ""):
        zh, en = catalog.STORE_ERRORS[kind]
        self.kind, self.reason = kind, reason
        self.zh, self.en = zh.format(reason=reason), en.format(reason=reason)
        super().__init__(self.en)


class StoreUnavailable(StoreError):
    """The database cannot be opened: a wrong address, a server that is down, no permission.

    ``where`` names it without its password; ``reason`` is the driver's first line."""

    def __init__(self, where: str, reason: str):
        super().__init__("unavailable", reason)
        self.where = where
        self.zh = catalog.UI["store_unavailable"].format(where=where, reason=reason)
        self.en = f"cannot open the database {where}: {reason}"
        self.args = (self.en,)


def _first_line(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    return (str(orig).strip().splitlines() or [type(orig).__name__])[0]


# SQLSTATE classes and codes of PostgreSQL (psycopg's ``sqlstate``) and SQLite's messages.
_PG_KINDS = {
    "25006": "read_only",
    "53100": "disk_full",
    "53000": "disk_full",
    "3D000": "unavailable",  # the database was dropped
    "3F000": "unavailable",  # its schema was dropped
    "42P01": "unavailable",  # its tables were dropped
}
_PG_LOST = ("08", "57P01", "57P02", "57P03")
_SQLITE_KINDS = {
    "readonly database": "read_only",
    "disk is full": "disk_full",
    "unable to open database": "unavailable",
    "no such table": "unavailable",  # the file was removed (or replaced) under the running server
    "disk i/o error": "failed",
}


def store_error(exc: DBAPIError) -> StoreError:
    """The :class:`StoreError` a driver's error (as SQLAlchemy wraps it) means.

    >>> import sqlite3
    >>> from sqlalchemy.exc import OperationalError
    >>> def wrapped(message):
    ...     return OperationalError("INSERT INTO t VALUES (?)", ("secret",), sqlite3.OperationalError(message))
    >>> [store_error(wrapped(m)).kind for m in ("database or disk is full", "attempt to write a readonly database")]
    ['disk_full', 'read_only']
    >>> "secret" in str(store_error(wrapped("no such table: t"))) or "INSERT" in str(store_error(wrapped("x")))
    False
    """
    reason = _first_line(exc)
    sqlstate = getattr(exc.orig, "sqlstate", None) or ""
    if kind := _PG_KINDS.get(sqlstate):
        return StoreError(kind, reason)
    if getattr(exc, "connection_invalidated", False) or sqlstate.startswith(_PG_LOST):
        return StoreError("connection_lost", reason)
    lowered = reason.lower()
    for text, kind in _SQLITE_KINDS.items():
        if text in lowered:
            return StoreError(kind, reason)
    if "connection" in lowered and ("closed" in lowered or "refused" in lowered or "terminat" in lowered):
        return StoreError("connection_lost" if "refused" not in lowered else "unavailable", reason)
    return StoreError("failed", reason)


def open_store(url: str | None = None) -> Engine:
    """An engine with the schema and the report's figures in place (:func:`init_db`), or
    :class:`StoreUnavailable` when the database cannot be reached.

    >>> import tempfile, pathlib
    >>> try:
    ...     open_store(f"sqlite:///{pathlib.Path(tempfile.gettempdir()) / 'no' / 'such' / 'dir' / 'x.sqlite'}")
    ... except StoreUnavailable as exc:
    ...     exc.reason
    'unable to open database file'
    """
    engine = open_engine(url)
    try:
        init_db(engine)
    except (DBAPIError, OSError) as exc:
        engine.dispose()
        raise StoreUnavailable(engine.url.render_as_string(hide_password=True), _first_line(exc)) from exc
    return engine


def open_replica(url: str) -> Engine:
    """An engine on a read replica of the store (``LAWREPORT_DB_READ_URL``), checked: reachable,
    and with the newest schema (the primary's, streamed to it: nothing is written to a replica);
    :class:`StoreUnavailable` otherwise.

    >>> import tempfile, pathlib
    >>> empty = pathlib.Path(tempfile.mkdtemp()) / "empty.sqlite"
    >>> try:
    ...     open_replica(f"sqlite:///{empty}")
    ... except StoreUnavailable as exc:
    ...     exc.reason
    'the replica has no store of this version yet (is it a replica of the store?)'
    """
    engine = open_engine(url)
    try:
        current = schema_is_current(engine)
    except (DBAPIError, OSError) as exc:
        engine.dispose()
        raise StoreUnavailable(engine.url.render_as_string(hide_password=True), _first_line(exc)) from exc
    if not current:
        engine.dispose()
        raise StoreUnavailable(
            engine.url.render_as_string(hide_password=True),
            "the replica has no store of this version yet (is it a replica of the store?)",
        )
    return engine


def replica_lag(replica: Engine, primary: Engine) -> float | None:
    """How far the data read from ``replica`` is behind the store ``primary``, in seconds: 0.0
    where the replica has the store's data version; else at least the time since the store's
    newest change (which the replica has not), so a replica applying a change made a moment ago
    is a moment behind, whatever it applied before; None where the store does not know when it
    last changed (it has not changed since it began to keep it).

    What a page shows is what counts, not the replica's log position: a replica that has applied
    every import is not behind, however long ago the last one was."""
    with store.session_factory(replica)() as r, store.session_factory(primary)() as p:
        if store.data_version(r) >= store.data_version(p):
            return 0.0
        changed = store.data_changed_at(p)
    if changed is None:
        return None
    from ..models import utcnow

    return max((utcnow() - changed).total_seconds(), 0.0)


@dataclass
class InitResult:
    report_new: int
    demo_new: int
    demo_records: int = 0  # synthetic accident records (事故台账) added with the demo data
    demo_hazards: int = 0  # synthetic hazard records (隐患台账) added with the demo data
    regions_added: int = 0  # the province and its cities (init_db's province)


def init_db(engine: Engine, *, demo_data: bool = False, province: bool = False) -> InitResult:
    """Create or migrate the schema, load the catalog and the report's figures (idempotent).

    Stored figures are never overwritten (a correction made later survives a re-run); with
    ``demo_data`` the synthetic county months are added where no figure exists yet. It runs
    whenever the dashboard's server opens its engine, so it reads no more than it needs (no
    count of the whole table: ``observation_count`` gives that). Alembic runs only when the
    schema's revision (one query) is not the newest, and the catalog and the report's figures are
    written only when they differ from what this store last loaded (:func:`loaded_fingerprint`,
    kept in ``meta``): opening an up-to-date store reads two rows.

    With ``province`` the store becomes a province's (``store.add_province``): 江苏省 above the
    city, its other cities beside it (``InitResult.regions_added``); once a province's, always.
    """
    from .. import report2022

    if not schema_is_current(engine):
        upgrade(engine)
        # what a migration left to count (inspection_distinct: 执法检查企业数 per year, region and span)
        with store.session_factory(engine).begin() as session:
            store.fill_missing_distinct(session)
    real = report2022.report_frame()
    fingerprint = loaded_fingerprint(real)
    try:
        result = _load(engine, real, fingerprint, demo_data)
        return replace(result, regions_added=_add_province(engine)) if province else result
    except DBAPIError as exc:
        if demo_data or province or store_error(exc).kind != "read_only":
            raise
    # A read-only store at the newest schema is read as it is: its catalog and report figures are
    # those an earlier version loaded (said once a process, on stderr).
    if not _SKIPPED_READ_ONLY:
        _SKIPPED_READ_ONLY.append(True)
        print(
            "note: the database is read-only; the catalog and the report's figures were not refreshed",
            file=sys.stderr,
        )
    return InitResult(0, 0)


_SKIPPED_READ_ONLY: list[bool] = []


def _add_province(engine: Engine) -> int:
    with store.session_factory(engine).begin() as session:
        added = store.add_province(session)
        if added:
            names = "、".join(catalog.region_name(code) for code in added)
            store.append_audit(session, actor="init-db", action="province", target=catalog.PROVINCE.name,
                               region_code=catalog.PROVINCE_CODE,
                               detail=catalog.AUDIT_DETAILS["province"].format(added=len(added), names=names)[:2000])  # fmt: skip
    return len(added)


def _load(engine: Engine, real, fingerprint: str, demo_data: bool) -> InitResult:
    from .. import demo

    with store.session_factory(engine).begin() as session:
        if not demo_data and store.meta(session, LOADED_KEY) == fingerprint:
            return InitResult(0, 0)
        store.sync_catalog(session)
        report = store.apply_observations(session, real, overwrite=False, user="init-db")
        demo_new = demo_records = demo_hazards = 0
        if demo_data:
            from ..ledgers.demo_accidents import demo_accident_records
            from ..ledgers.demo_hazards import demo_hazard_records

            demo_rows = demo.demo_frame(real)
            demo_new = store.apply_observations(session, demo_rows, overwrite=False, user="init-db --demo").new
            # and the denominators of the rates (地区生产总值, 工矿商贸就业人员, 机动车保有量), a year each
            from ..demo_denominators import demo_denominators

            demo_new += store.apply_observations(
                session, demo_denominators(), overwrite=False, user="init-db --demo"
            ).new
            # The counties' accident records behind the demo figures (they add up to them exactly);
            # records already stored under the same keys are left as they are.
            records = demo_accident_records(demo_rows, real).drop(columns="synthetic")
            demo_records = store.apply_accidents(
                session, records, batch_id=None, user="init-db --demo", synthetic=True
            ).new
            # and their hazard records, found, graded and rectified as the demo's county months say
            hazards = demo_hazard_records(demo_rows, real).drop(columns="synthetic")
            demo_hazards = store.apply_hazards(
                session, hazards, batch_id=None, user="init-db --demo", synthetic=True
            ).new
            # and the inspections and penalty cases behind its 执法检查企业数 (each month's distinct count)
            from ..ledgers.demo_enforcement import demo_enforcement_records

            inspections, cases = demo_enforcement_records(demo_rows)
            for apply, frame in ((store.apply_inspections, inspections), (store.apply_cases, cases)):
                apply(session, frame.drop(columns="synthetic"), batch_id=None, user="init-db --demo", synthetic=True)
            # and the counties' and the city's 控制指标, a little above each year's actuals
            from ..demo_targets import demo_targets

            store.apply_targets(session, demo_targets(demo_rows), user="init-db --demo", source=catalog.TARGET_SOURCE_DEMO,
                                synthetic=True, only_new=True)  # fmt: skip
        if report.new or demo_new or demo_records or demo_hazards:
            store.append_audit(
                session,
                actor="init-db",
                action="init_db",
                target=catalog.SOURCE_REPORT_TITLE[:255],
                detail=catalog.AUDIT_DETAILS["init_db"].format(report=report.new, demo=demo_new),
            )
        store.set_meta(session, LOADED_KEY, fingerprint)
    return InitResult(report.new, demo_new, demo_records, demo_hazards)


LOADED_KEY = "loaded_catalog_and_report"


def loaded_fingerprint(report_frame) -> str:
    """What :func:`init_db` loads, in a few characters: the catalog's regions and indicators
    (every field) and the report's figures. A new version of the code that changes either
    changes it, and the next ``init_db`` writes them again.

    >>> from lawreport_data import report2022
    >>> frame = report2022.report_frame()
    >>> a = loaded_fingerprint(frame)
    >>> a == loaded_fingerprint(report2022.report_frame()), a == loaded_fingerprint(frame.iloc[1:])
    (True, False)
    """
    digest = hashlib.sha256(repr((catalog.REGION_LIST, catalog.INDICATOR_LIST, catalog.RATE_LIST)).encode())
    digest.update(report_frame.to_csv(index=False).encode())
    return digest.hexdigest()[:32]


def ensure_schema(engine: Engine) -> None:
    """Make sure the store has the newest schema: one query when it has (commands that manage
    accounts or read the audit log need nothing more), :func:`init_db` when it has not (a new
    database, or one made by an older version of the code)."""
    if not schema_is_current(engine):
        init_db(engine)


def observation_count(engine: Engine) -> int:
    """How many observations the store holds (report, imported and demo)."""
    with store.session_factory(engine)() as session:
        return store.observation_count(session)


def data_version(engine: Engine) -> int:
    with store.session_factory(engine)() as session:
        return store.data_version(session)


def write(engine: Engine, fn):
    """``store.write`` (one transaction, retried while the database is busy); a database still
    busy after the wait is :class:`ImportError_` ``busy``."""
    try:
        return store.write(engine, fn)
    except OperationalError as exc:
        if store.is_busy(exc):
            raise ImportError_("busy") from None
        raise
