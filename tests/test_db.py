"""Schema migrations (db/migrations) against the models, on SQLite and PostgreSQL."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from lawreport_data.db import make_engine, upgrade
from lawreport_data.models import Base


def test_migrations_build_exactly_the_schema_the_models_describe(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    engine.dispose()
    assert diff == []


def test_upgrade_is_idempotent_and_creates_accounts_and_audit_tables(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    upgrade(engine)
    assert {"account", "audit_event"} <= set(inspect(engine).get_table_names())
    engine.dispose()
