"""seal the audit log against REPLACE, upsert and TRUNCATE

Revision 0002 refuses UPDATE and DELETE of audit_event rows. Two statements still changed the log:
SQLite's ``REPLACE INTO`` / ``INSERT OR REPLACE`` with an existing id deletes the old row without
firing DELETE triggers (SQLite fires them on REPLACE only with ``PRAGMA recursive_triggers``), and
PostgreSQL's ``TRUNCATE`` fires no row trigger. This revision adds, on SQLite, a BEFORE INSERT
trigger that refuses a row whose id is already taken (so no conflict resolution can replace one;
``INSERT … ON CONFLICT DO UPDATE`` is refused by it too), and on PostgreSQL a BEFORE TRUNCATE
statement trigger (``ON CONFLICT DO UPDATE`` already fires the row UPDATE trigger of 0002).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 22:45:00
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "CREATE TRIGGER audit_event_no_replace BEFORE INSERT ON audit_event "
    "WHEN NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM audit_event WHERE id = NEW.id) "
    "BEGIN SELECT RAISE(ABORT, 'audit_event is append-only'); END",
]
SQLITE_DROP = ["DROP TRIGGER IF EXISTS audit_event_no_replace"]
POSTGRES_TRIGGERS = [
    "CREATE FUNCTION audit_event_no_truncate() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$",
    "CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate()",
]
POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event",
    "DROP FUNCTION IF EXISTS audit_event_no_truncate()",
]


def _statements(sqlite: list[str], postgres: list[str]) -> list[str]:
    name = op.get_bind().dialect.name
    return sqlite if name == "sqlite" else postgres if name == "postgresql" else []


def upgrade() -> None:
    for stmt in _statements(SQLITE_TRIGGERS, POSTGRES_TRIGGERS):
        op.execute(stmt)


def downgrade() -> None:
    for stmt in _statements(SQLITE_DROP, POSTGRES_DROP):
        op.execute(stmt)
