"""The audit log is sealed: no SQL statement changes or removes its rows, on SQLite and PostgreSQL
(issue 19, point 6), and a store made before the seal (revision 0004) gets it when upgraded."""

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lawreport_data import api, store
from lawreport_data.db import alembic_config, make_engine, upgrade

pytestmark = pytest.mark.store

# A row copied from the first event, id included: every statement below aims at an existing row.
COLUMNS = "id, at, actor, action, target, detail"
COPY = "SELECT id, at, 'forged', action, target, 'forged' FROM audit_event WHERE id = (SELECT MIN(id) FROM audit_event)"
VALUES = "VALUES ((SELECT MIN(id) FROM audit_event), '2026-01-01 00:00:00', 'forged', 'login', 'x', 'forged')"
BOTH = [
    "UPDATE audit_event SET actor = 'forged'",
    "DELETE FROM audit_event",
    f"INSERT INTO audit_event ({COLUMNS}) {VALUES} ON CONFLICT (id) DO UPDATE SET actor = 'forged'",
]
SQLITE = [
    f"REPLACE INTO audit_event ({COLUMNS}) {COPY}",
    f"REPLACE INTO audit_event ({COLUMNS}) {VALUES}",
    f"INSERT OR REPLACE INTO audit_event ({COLUMNS}) {COPY}",
    "UPDATE OR REPLACE audit_event SET id = id + 1",
    f"INSERT INTO audit_event ({COLUMNS}) {COPY} AND true ON CONFLICT (id) DO UPDATE SET actor = 'forged'",
]
POSTGRESQL = [
    "TRUNCATE audit_event",
    "TRUNCATE TABLE audit_event RESTART IDENTITY CASCADE",
    "MERGE INTO audit_event a USING (SELECT 1) s ON true WHEN MATCHED THEN DELETE",
    "MERGE INTO audit_event a USING (SELECT 1) s ON true WHEN MATCHED THEN UPDATE SET actor = 'forged'",
]
# Each statement on the backends it runs on (`db_url` parametrized: no case collected only to be skipped).
STATEMENTS = (
    [(d, s) for s in BOTH for d in ("sqlite", "postgresql")]
    + [("sqlite", s) for s in SQLITE]
    + [("postgresql", s) for s in POSTGRESQL]
)


def _events(engine) -> pd.DataFrame:
    return api.audit_log(engine).sort_values("id", ignore_index=True)


def _append(engine, detail: str) -> None:
    with store.session_factory(engine).begin() as s:
        store.append_audit(s, actor="test", action="login", target="test", detail=detail)


def _assert_refused(engine, statement: str) -> None:
    before = _events(engine)
    assert len(before) >= 2
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text(statement))
    pd.testing.assert_frame_equal(_events(engine), before)


@pytest.mark.parametrize(("db_url", "statement"), STATEMENTS, indirect=["db_url"])
def test_no_statement_changes_or_removes_audit_events(report_engine, statement):
    _append(report_engine, "second")
    _assert_refused(report_engine, statement)
    _append(report_engine, "third")  # appending still works
    assert _events(report_engine)["detail"].tolist()[-2:] == ["second", "third"]


def test_a_store_made_at_0004_is_sealed_when_upgraded(db_url):
    engine = make_engine(db_url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    _append(engine, "first")
    _append(engine, "second")
    unsealed = (
        f"REPLACE INTO audit_event ({COLUMNS}) {COPY}" if engine.dialect.name == "sqlite" else "TRUNCATE audit_event"
    )
    with engine.begin() as conn:  # what revision 0004 let through
        conn.execute(text(unsealed))
    assert _events(engine)["actor"].tolist() == (["forged", "test"] if engine.dialect.name == "sqlite" else [])
    _append(engine, "first")
    _append(engine, "second")
    upgrade(engine)
    _assert_refused(engine, unsealed)
    with engine.begin() as conn:  # the downgrade drops the seal again, and the upgrade puts it back
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0004")
    with engine.begin() as conn:
        conn.execute(text(unsealed))
    _append(engine, "first")
    _append(engine, "second")
    upgrade(engine)
    _assert_refused(engine, unsealed)
    engine.dispose()
