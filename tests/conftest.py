"""Shared fixtures. Store-backed fixtures run once on SQLite and once on PostgreSQL
(when LAWREPORT_TEST_PG_URL is set; each test gets its own schema there)."""

from __future__ import annotations

import ast
import contextlib
import inspect
import os
import uuid

import pytest
from alembic import command
from sqlalchemy import create_engine, event
from sqlalchemy.pool import Pool

from lawreport_data import api, store
from lawreport_data.db import alembic_config, make_engine, upgrade

PG_URL = os.environ.get("LAWREPORT_TEST_PG_URL")
REQUIRE_ALL = os.environ.get("LAWREPORT_REQUIRE_ALL") == "1"


def skip_or_fail(reason: str) -> None:
    """Skip with a reason on a laptop; in CI (LAWREPORT_REQUIRE_ALL=1) a skip is a failure."""
    if REQUIRE_ALL:
        pytest.fail(f"{reason} (CI requires this test to run)")
    pytest.skip(reason)


def _pg_schema_url(schema: str) -> str:
    sep = "&" if "?" in PG_URL else "?"
    return f"{PG_URL}{sep}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def pg_schema():
    """The URL of a fresh, empty schema of the test PostgreSQL database (skipped, or in CI failed,
    without one), dropped with all in it afterwards."""
    if not PG_URL:
        skip_or_fail("LAWREPORT_TEST_PG_URL is not set: PostgreSQL tests skipped")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(PG_URL)
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield _pg_schema_url(schema)
    finally:
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


@pytest.fixture(autouse=True)
def app_runs_like_the_server(monkeypatch):
    """AppTest resets Streamlit's process-wide "pages/ directory" flag before every run, so every run
    would start in the old mode, where the pages/ files are the navigation. The server leaves that
    mode for good once app.py has run (``multipage.use_app_navigation``); make AppTest do the same,
    with the same switch, so each of its runs starts at app.py as the server's do."""
    import multipage

    multipage.start_every_session_at_app(monkeypatch)


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL of a fresh, empty database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.sqlite'}"
        return
    with pg_schema() as url:
        yield url


@pytest.fixture
def store_at(db_url):
    """``store_at(revision)``: an engine on the fresh database migrated only up to ``revision``, as a
    store an older version made (for the tests that upgrade one); disposed after the test."""
    engines = []

    def at(revision: str):
        engine = make_engine(db_url)
        cfg = alembic_config(engine)
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
        engines.append(engine)
        return engine

    yield at
    for engine in engines:
        engine.dispose()


@pytest.fixture
def empty_engine(db_url):
    """An engine on a migrated database holding only the catalog."""
    engine = make_engine(db_url)
    upgrade(engine)
    with store.session_factory(engine).begin() as session:
        store.sync_catalog(session)
    yield engine
    engine.dispose()


@pytest.fixture
def report_engine(db_url):
    """An engine on a database made by `init-db`: the report's figures."""
    engine = make_engine(db_url)
    api.init_db(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_engine(db_url):
    """An engine on a database made by `init-db --demo`: the report plus synthetic county months."""
    engine = make_engine(db_url)
    api.init_db(engine, demo_data=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def real():
    """The report's figures (``report2022.report_frame``), once per module: what the demo is made from."""
    from lawreport_data import report2022

    return report2022.report_frame()


@pytest.fixture(scope="module")
def demo_rows(real):
    """The demo's synthetic county months, calibrated to the report (``demo.demo_frame``)."""
    from lawreport_data import demo

    return demo.demo_frame(real)


@pytest.fixture
def session_of():
    """Open a session on an engine: `with session_of(engine) as s: ...`."""
    return lambda engine: store.session_factory(engine)()


def sign_in(at, username: str, password: str):
    """Sign in through the 登录 page of an AppTest app; returns the app, run."""
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    next(b for b in at.button if b.label == "登录").click().run()
    assert not at.exception, at.exception
    return at


# --- test tiers --------------------------------------------------------------------------
# unit → store → apptest → browser (pyproject.toml registers them; `make test-fast` runs `unit`).
# A test's tier is the highest it is marked with, else found from what it uses: Chromium through
# kaleido (test_png's renderer) → browser; AppTest (in its body, a fixture or a helper of its
# module) → apptest; a store fixture → store; else unit. A unit test that opens a database anyway
# fails (unit_tests_open_no_database): mark it `store`.
TIERS = ("unit", "store", "apptest", "browser")
BROWSER_FIXTURES = {"renderer"}
STORE_FIXTURES = {"db_url", "empty_engine", "report_engine", "demo_engine"}


def _apptest_users(module) -> set[str]:
    """Names of the module's functions (tests, fixtures, helpers) that use AppTest, directly or
    through another function of the module."""
    try:
        tree = ast.parse(inspect.getsource(module))
    except (OSError, TypeError):
        return set()
    calls = {
        node.name: {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
    }
    users = {name for name, names in calls.items() if "AppTest" in names}
    while grown := {name for name, names in calls.items() if names & users} - users:
        users |= grown
    return users


def pytest_collection_modifyitems(config, items):
    apptest_users: dict[object, set[str]] = {}
    for item in items:
        marked = [t for t in TIERS if item.get_closest_marker(t)]
        if marked:
            tier = marked[-1]
        else:
            module = getattr(item, "module", None)
            if module is not None and module not in apptest_users:
                apptest_users[module] = _apptest_users(module)
            fixtures = set(getattr(item, "fixturenames", ()))
            if fixtures & BROWSER_FIXTURES:
                tier = "browser"
            elif ({getattr(item, "originalname", item.name)} | fixtures) & apptest_users.get(module, set()):
                tier = "apptest"
            elif fixtures & STORE_FIXTURES:
                tier = "store"
            else:
                tier = "unit"  # the package's doctests too
        item.add_marker(tier)


@pytest.fixture(autouse=True)
def unit_tests_open_no_database(request):
    """Keeps the unit tier pure: a unit test that connects to any database fails, naming it."""
    if request.node.get_closest_marker("unit") is None:
        yield
        return
    opened = []

    def record(dbapi_connection, connection_record):
        opened.append(type(dbapi_connection).__module__)

    event.listen(Pool, "connect", record)
    try:
        yield
    finally:
        event.remove(Pool, "connect", record)
    assert not opened, f"a unit test opened a database ({opened[0]}): mark it store (or apptest)"
