"""Engine creation and schema migration. The only place that knows where the database is.

Alembic is imported only when a migration is due: :func:`schema_is_current` asks the database for
its revision with one query, and :func:`head_revision` reads the newest one from the migration
files' ``revision``/``down_revision`` lines, so opening an up-to-date store costs no Alembic start.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError

if TYPE_CHECKING:
    from alembic.config import Config

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB_PATH = PROJECT_ROOT / "db" / "lawreport.sqlite"
MIGRATIONS_DIR = PROJECT_ROOT / "db" / "migrations"

BUSY_WAIT_SECONDS = 120.0
"""How long a write waits for another writer (an import, the CLI, another dashboard session)
before it fails: the one setting the CLI, the dashboard and the tests share. ``store.write``
retries a busy transaction for this long; each SQLite statement waits for a lock for
:data:`STATEMENT_WAIT_SECONDS` of it (``sqlite3``'s ``timeout`` and ``PRAGMA busy_timeout``), then
the transaction is rolled back and run again (in WAL mode a reader that must become a writer
is not helped by waiting inside its transaction)."""
STATEMENT_WAIT_SECONDS = BUSY_WAIT_SECONDS / 24  # 5 s


def database_url() -> str:
    """``LAWREPORT_DB_URL`` or the default SQLite file under ``db/``."""
    return os.environ.get("LAWREPORT_DB_URL") or f"sqlite:///{DEFAULT_DB_PATH}"


def read_url() -> str | None:
    """``LAWREPORT_DB_READ_URL``: a read replica of the store that serves the dashboard's reads
    (writes still go to :func:`database_url`), or None where none is set."""
    return os.environ.get("LAWREPORT_DB_READ_URL") or None


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute(f"PRAGMA busy_timeout={round(STATEMENT_WAIT_SECONDS * 1000)}")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def make_engine(url: str | None = None) -> Engine:
    """An engine for ``url`` (default :func:`database_url`); SQLite gets WAL, FKs, busy timeout
    (:data:`STATEMENT_WAIT_SECONDS`)."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": STATEMENT_WAIT_SECONDS})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


_REVISION_LINE = re.compile(r"^(revision|down_revision)\s*(?::[^=]*)?=\s*['\"]?([\w]+)['\"]?", re.M)


@functools.cache
def head_revision(versions: Path = MIGRATIONS_DIR / "versions") -> str:
    """The newest revision of the migration files: the one no other file revises.

    >>> head_revision() == sorted(p.name[:4] for p in (MIGRATIONS_DIR / "versions").glob("0*.py"))[-1]
    True
    """
    revisions, revised = set(), set()
    for path in versions.glob("*.py"):
        fields = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if "revision" in fields:
            revisions.add(fields["revision"])
            revised.add(fields.get("down_revision"))
    heads = revisions - revised
    if len(heads) != 1:
        raise RuntimeError(f"the migrations in {versions} have {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


def schema_revision(engine: Engine) -> str | None:
    """The database's Alembic revision (one query), or None for a database without the schema."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError as exc:
        if engine.dialect.name == "sqlite" and "no such table" in str(exc.orig):
            return None
        if engine.dialect.name == "postgresql" and getattr(exc.orig, "sqlstate", None) == "42P01":
            return None  # undefined_table
        raise


def schema_is_current(engine: Engine) -> bool:
    """Whether the database is at the newest revision (no migration due)."""
    return schema_revision(engine) == head_revision()


def alembic_config(engine: Engine) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Create or migrate the schema to the newest revision (Alembic; see :func:`schema_is_current`
    for the one-query check that tells whether this is needed)."""
    from alembic import command

    cfg = alembic_config(engine)
    with engine.begin() as conn:
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        if engine.dialect.name == "sqlite":
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
