"""The command line starts at once: commands that read little load neither pandas, Plotly nor
Alembic, and opening an up-to-date store asks its revision with one query instead of running
Alembic."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawreport_data import api, db

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "pyarrow", "plotly", "alembic", "openpyxl", "docx", "kaleido")

# Run the CLI in-process as `python -m lawreport_data ARGS` would, then name the heavy modules loaded.
PROBE = """
import runpy, sys
heavy = sys.argv[1].split(",")
sys.argv = ["lawreport_data", *sys.argv[2:]]
try:
    runpy.run_module("lawreport_data", run_name="__main__", alter_sys=True)
except SystemExit as exit:
    status = exit.code
print("LOADED:" + ",".join(m for m in heavy if m in sys.modules), file=sys.stderr)
sys.exit(status)
"""


@pytest.fixture
def store_url(db_url):
    """A store made by init-db (the state a bureau's server is in)."""
    engine = api.open_engine(db_url)
    api.init_db(engine)
    engine.dispose()
    return db_url


@pytest.mark.parametrize(
    "args, also_not",
    [
        (["--help"], ("sqlalchemy",)),
        (["catalog"], ("sqlalchemy",)),
        (["catalog", "--format", "json"], ("sqlalchemy",)),
        (["history"], ()),
        (["user", "list"], ()),
        (["audit"], ()),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else "",
)
def test_commands_that_read_little_load_no_pandas_plotly_or_alembic(store_url, args, also_not):
    """Nor SQLAlchemy, for the commands that do not open the store."""
    env = {**os.environ, "LAWREPORT_DB_URL": store_url}
    heavy = HEAVY + also_not
    p = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(heavy), *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert p.returncode == 0, p.stderr
    loaded = p.stderr.rsplit("LOADED:", 1)[1].strip()
    assert loaded == "", f"`{' '.join(args)}` loaded {loaded}"


def test_summary_still_loads_what_it_computes_with(store_url):
    """The probe sees modules: a command that computes does load pandas (the test above can fail)."""
    env = {**os.environ, "LAWREPORT_DB_URL": store_url}
    p = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), "summary", "--period", "2022"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert p.returncode == 0, p.stderr
    assert "pandas" in p.stderr.rsplit("LOADED:", 1)[1]


def test_an_up_to_date_store_is_opened_without_alembic(store_url, monkeypatch):
    calls = []
    monkeypatch.setattr("lawreport_data.api.database.upgrade", lambda engine: calls.append(engine))
    engine = api.open_engine(store_url)
    assert db.schema_revision(engine) == db.head_revision()
    api.init_db(engine)
    api.ensure_schema(engine)
    engine.dispose()
    assert calls == []


def test_a_new_database_is_migrated_by_any_command(db_url):
    engine = api.open_engine(db_url)
    assert db.schema_revision(engine) is None
    api.ensure_schema(engine)
    assert db.schema_revision(engine) == db.head_revision()
    assert api.observation_count(engine) > 0  # the report's figures came with the schema
    engine.dispose()


def test_the_head_revision_read_from_the_files_is_alembics():
    from alembic.script import ScriptDirectory

    engine = api.open_engine("sqlite://")
    assert db.head_revision() == ScriptDirectory.from_config(db.alembic_config(engine)).get_current_head()


def test_opening_an_up_to_date_store_writes_nothing(store_url, monkeypatch):
    from lawreport_data import store

    writes = []
    monkeypatch.setattr(store, "sync_catalog", lambda session: writes.append("sync_catalog"))
    monkeypatch.setattr(store, "apply_observations", lambda *a, **k: writes.append("apply_observations"))
    engine = api.open_engine(store_url)
    assert api.init_db(engine) == api.InitResult(0, 0)
    engine.dispose()
    assert writes == []


def test_a_catalog_changed_by_new_code_reaches_an_open_store(store_url, monkeypatch):
    """What init_db loaded is fingerprinted with the catalog, so new code's catalog is synced."""
    from lawreport_data import catalog

    town = catalog.Region("320723999", "测试镇", "town", "320723", 99)
    monkeypatch.setattr(catalog, "REGION_LIST", (*catalog.REGION_LIST, town))
    engine = api.open_engine(store_url)
    api.init_db(engine)
    names = {r["name"] for r in api.catalog_dict(engine)["regions"]}
    engine.dispose()
    assert "测试镇" in names


GC_PROBE = """
import gc, runpy, sys
sys.argv = ["lawreport_data", "--help"]
try:
    runpy.run_module("lawreport_data", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
print("THRESHOLD:" + ",".join(map(str, gc.get_threshold())), file=sys.stderr)
"""


def test_the_command_process_runs_the_collector_less_often_and_main_alone_does_not():
    """`python -m lawreport_data` (and the `lawreport` script) collect garbage every 100,000
    allocations, not 700; calling ``cli.main`` in-process leaves the caller's collector alone."""
    import gc

    from lawreport_data import cli

    p = subprocess.run([sys.executable, "-c", GC_PROBE], cwd=ROOT, capture_output=True, text=True)
    assert p.stderr.rsplit("THRESHOLD:", 1)[1].strip() == ",".join(map(str, cli.PROCESS_GC_THRESHOLD))
    before = gc.get_threshold()
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert gc.get_threshold() == before != cli.PROCESS_GC_THRESHOLD
