"""Schema migrations (db/migrations) against the models, on SQLite and PostgreSQL."""

import warnings

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, inspect, text
from sqlalchemy.schema import CreateIndex

from lawreport_data import store
from lawreport_data.db import make_engine, upgrade
from lawreport_data.models import DIALECT_INDEXES, Base, Observation, Region


def migration_diff(engine) -> list:
    """What the models describe that the migrated database lacks or has beyond them (alembic's
    comparison), leaving out an index made for another kind of database only
    (``models.DIALECT_INDEXES``); SQLite's indexes on expressions are not compared (they cannot be
    reflected): :func:`test_migrations_build_exactly_the_schema_the_models_describe` checks them."""
    dialect = engine.dialect.name

    def here(obj, name, type_, reflected, compare_to):
        return not (type_ == "index" and DIALECT_INDEXES.get(name, dialect) != dialect)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with engine.connect() as conn:
            return compare_metadata(MigrationContext.configure(conn, opts={"include_object": here}), Base.metadata)


def test_migrations_build_exactly_the_schema_the_models_describe(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    assert migration_diff(engine) == []
    if engine.dialect.name == "sqlite":
        made = {i.name: str(CreateIndex(i).compile(engine)) for t in Base.metadata.tables.values() for i in t.indexes}
        with engine.connect() as conn:
            stored = dict(conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'index'")).all())
        for name, kind in DIALECT_INDEXES.items():
            assert (name in stored) == (kind == "sqlite")
            if kind == "sqlite":
                assert stored[name] == made[name]
    engine.dispose()


def test_upgrade_is_idempotent_and_creates_accounts_and_audit_tables(db_url):
    engine = make_engine(db_url)
    upgrade(engine)
    upgrade(engine)
    assert {"account", "audit_event"} <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_upgrading_a_store_with_towns_fills_their_sums(store_at):
    """A store made before leaf_sum (revision 0003) gets its towns' sums when it is upgraded."""
    engine = store_at("0003")
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
        s.execute(insert(Region), [dict(code=f"32072310{i}", name=f"镇{i}", kind="town", parent_code="320723")
                                   for i in (1, 2)])  # fmt: skip
        s.execute(
            insert(Observation),
            [dict(indicator_code="accidents", region_code=f"32072310{i}", year=2022, start_month=m, end_month=m,
                  value=float(i + m), origin="import") for i in (1, 2) for m in (1, 2, 3)]
            + [dict(indicator_code="accidents", region_code="320723", year=2022, start_month=1, end_month=3,
                    value=99.0, origin="import")],
        )  # fmt: skip
    upgrade(engine)
    with store.session_factory(engine)() as s:
        stored, live = store.stored_leaf_sums(s), store.live_leaf_sums(s)
    engine.dispose()
    assert stored["value"].tolist() == [5.0, 7.0, 9.0]  # towns 1 and 2, months 1-3; not the county's own row
    pd.testing.assert_frame_equal(stored, live, check_dtype=False)


def test_upgrading_a_store_fills_its_observation_spans(store_at):
    """A store made before observation_span (revision 0019) gets the spans of its observations
    when it is upgraded: the sidebar reads its years and default period from them."""
    engine = store_at("0019")
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
        s.execute(
            insert(Observation),
            [dict(indicator_code="accidents", region_code=r, year=2020, start_month=1, end_month=m,
                  value=1.0, origin="import", synthetic=r == "320722") for r in ("320723", "320722") for m in (1, 3)],
        )  # fmt: skip
    upgrade(engine)
    with store.session_factory(engine)() as s:
        stored, live = store.stored_observation_spans(s), store.live_observation_spans(s)
        years = store.years_present(s)
    engine.dispose()
    assert list(stored.itertuples(index=False, name=None)) == [
        ("accidents", 2020, 1, 1, False), ("accidents", 2020, 1, 1, True),
        ("accidents", 2020, 1, 3, False), ("accidents", 2020, 1, 3, True),
    ]  # fmt: skip
    pd.testing.assert_frame_equal(stored, live, check_dtype=False)
    assert years == [2020]


@pytest.mark.store
def test_sqlite_waits_for_a_lock_as_long_as_the_one_busy_setting_says(tmp_path):
    from lawreport_data import db

    engine = make_engine(f"sqlite:///{tmp_path / 'wait.sqlite'}")
    with engine.connect() as conn:
        waited_ms = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
    engine.dispose()
    assert waited_ms == round(db.STATEMENT_WAIT_SECONDS * 1000)
    assert db.STATEMENT_WAIT_SECONDS < db.BUSY_WAIT_SECONDS  # a busy transaction is retried, not waited out inside
