"""Sessions and transactions: the session factory, a write that waits out a busy database,
and the data version that caches key on. Imports neither pandas nor Alembic (the CLI's quick
commands load only this, ``accounts``, ``audit`` and ``batches``)."""

from __future__ import annotations

import time

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from ..db import BUSY_WAIT_SECONDS
from ..models import Meta, utcnow


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions on ``engine`` whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def is_busy(exc: Exception) -> bool:
    """Whether a database error means "another writer holds the lock" (worth a retry)."""
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "deadlock" in text


def write(engine: Engine, fn, *, wait: float = BUSY_WAIT_SECONDS):
    """Run ``fn(session)`` in one transaction and commit; when the database is busy (SQLite's
    "database is locked", a PostgreSQL deadlock, or a key inserted meanwhile by another
    writer, or rows it read and then updated by id were deleted meanwhile — an undo of the batch
    that wrote them, on PostgreSQL — which is ``StaleDataError``), roll back and run it again, for
    up to ``wait`` seconds (``db.BUSY_WAIT_SECONDS``). A run again reads the store anew, so an
    import racing an undo of the same keys waits for it instead of failing."""
    deadline = time.monotonic() + wait
    delay = 0.05
    conflicts = 0
    while True:
        try:
            with session_factory(engine).begin() as session:
                return fn(session)
        except OperationalError as exc:
            if not is_busy(exc) or time.monotonic() > deadline:
                raise
        except StaleDataError:
            if time.monotonic() > deadline:
                raise
        except IntegrityError:
            conflicts += 1
            if conflicts > 3:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


def meta(session: Session, key: str) -> str | None:
    """One of the store's small facts (the ``meta`` table), or None."""
    return session.scalar(select(Meta.value).where(Meta.key == key))


def set_meta(session: Session, key: str, value: str) -> None:
    if meta(session, key) is None:
        session.execute(insert(Meta).values(key=key, value=value))
    else:
        session.execute(update(Meta).where(Meta.key == key).values(value=value))


def data_version(session: Session) -> int:
    """A number that grows with every change of data; caches key on it."""
    value = meta(session, "data_version")
    return int(value) if value is not None else 0


def bump_data_version(session: Session) -> int:
    """The next data version, and when it was made (:func:`data_changed_at`)."""
    new = data_version(session) + 1
    set_meta(session, "data_version", str(new))
    set_meta(session, "data_changed_at", utcnow().isoformat())
    return new


def data_changed_at(session: Session):
    """When the data last changed (UTC, naive; :func:`bump_data_version`), or None where the store
    has not changed since it began to keep it."""
    import datetime as dt

    value = meta(session, "data_changed_at")
    return dt.datetime.fromisoformat(value) if value else None
