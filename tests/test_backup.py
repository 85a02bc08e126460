"""A PostgreSQL store backed up with deploy/backup.sh and restored with deploy/restore.sh into an empty
database reads as it did: the same figures, the same ledger records, the same audit log."""

from __future__ import annotations

import io
import os
import subprocess
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from lawreport_data import api
from lawreport_data.db import make_engine
from lawreport_data.periods import Period
from tests.accident_data import frame, record, send
from tests.conftest import PG_URL, _pg_schema_url, skip_or_fail

pytestmark = pytest.mark.store

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"


def _sh(script: str, *args: str, url: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DEPLOY / script), *args], capture_output=True, text=True, env=dict(os.environ, LAWREPORT_DB_URL=url)
    )


@pytest.fixture
def restored_db():
    """A store in a schema of its own, and the name of an empty database to restore into (both dropped)."""
    if not PG_URL:
        skip_or_fail("LAWREPORT_TEST_PG_URL is not set: PostgreSQL tests skipped")
    schema, database = f"t_{uuid.uuid4().hex[:12]}", f"restore_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{database}"')
    yield schema, database
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        conn.exec_driver_sql(f'DROP DATABASE "{database}" WITH (FORCE)')
    admin.dispose()


def _state(engine) -> tuple:
    summary = api.summary(engine, Period(2021, 1, 3), "灌云县")
    view = api.accident_view(engine, Period.year_of(2021), "灌云县")
    return (
        summary[["indicator", "value", "change_text"]].values.tolist(),
        view.total,
        [c["value"] for c in view.cards],
        [(r["action"], r["target"]) for r in api.audit_rows(engine)],
    )


def test_a_backup_restored_into_an_empty_database_reads_as_the_store_did(restored_db, tmp_path):
    schema, database = restored_db
    engine = make_engine(_pg_schema_url(schema))
    api.init_db(engine)
    text = "地区,指标,期间,数值\n灌云县,事故起数,2021年1-3月,5\n灌云县,事故起数,2020年1-3月,8\n"
    api.apply_import(engine, io.BytesIO(text.encode("gbk")), "灌云县.csv", user="analyst")
    send(
        engine, frame(record("B1", "2021-03-02 08:10", "320723", deaths=1), record("B2", "2021-05-01 10:00", "320723"))
    )
    before = _state(engine)
    engine.dispose()

    dump = tmp_path / "store.dump"
    made = _sh("backup.sh", str(dump), f"--schema={schema}", url=PG_URL)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == str(dump) and dump.stat().st_size > 0
    target = make_url(PG_URL).set(database=database).render_as_string(hide_password=False)
    done = _sh("restore.sh", str(dump), target, url="")
    assert done.returncode == 0, done.stderr

    sep = "&" if "?" in target else "?"
    restored = make_engine(f"{target}{sep}options=-csearch_path%3D{schema}")
    try:
        assert _state(restored) == before
        assert before[0][0][1:] == [5.0, "同比下降37.5%"]  # what was imported, read back
    finally:
        restored.dispose()


def test_backing_up_a_sqlite_store_says_to_copy_its_file(tmp_path):
    done = _sh("backup.sh", str(tmp_path / "x.dump"), url=f"sqlite:///{tmp_path / 'store.sqlite'}")
    assert (done.returncode, "copy it" in done.stderr) == (2, True)
