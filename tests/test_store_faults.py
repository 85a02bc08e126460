"""Database faults under the package, a page and the CLI become sentences (issue 19, point 5):
a full disk and a killed connection at an import's confirm, a read-only store, a store removed
under a running server. Nothing is changed by a failed write; no SQL or parameter is shown."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from lawreport_data import api, cli, store
from lawreport_data.api import database
from lawreport_data.api.database import LOADED_KEY
from lawreport_data.db import make_engine
from lawreport_data.periods import Period
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
GOOD = "地区,指标,期间,数值\n连云港市,事故起数,2022-01..2022-11,71\n".encode()
SECRET = "71"


def _disk_full(session) -> OperationalError:
    """The error a full disk gives on the session's backend, wrapped as SQLAlchemy wraps it."""
    if session.get_bind().dialect.name == "sqlite":
        orig = sqlite3.OperationalError("database or disk is full")
    else:
        import psycopg

        orig = psycopg.errors.DiskFull('could not extend file "base/1/2": No space left on device')
    return OperationalError("INSERT INTO observation (value) VALUES (%(value)s)", {"value": SECRET}, orig)


def _kill_connection(session) -> None:
    """End the session's PostgreSQL connection from another one (as an administrator would), then use it."""
    pid = session.execute(text("SELECT pg_backend_pid()")).scalar()
    killer = make_engine(session.get_bind().url.render_as_string(hide_password=False))
    with killer.begin() as conn:
        conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    killer.dispose()
    session.execute(text("SELECT 1"))


def fault_after_the_writes(monkeypatch, fault: str) -> None:
    """The import's observation writes run, then the fault strikes inside the same transaction."""
    real = store.apply_observations

    def apply_then_fail(session, *args, **kwargs):
        real(session, *args, **kwargs)
        if fault == "disk_full":
            raise _disk_full(session)
        _kill_connection(session)
        raise AssertionError("the killed connection went on working")

    monkeypatch.setattr(store, "apply_observations", apply_then_fail)


# Each fault on the backends that have it: a killed connection (pg_terminate_backend) is PostgreSQL's.
# `db_url` is parametrized here, so no case is collected only to be skipped.
FAULTS = [("sqlite", "disk_full"), ("postgresql", "disk_full"), ("postgresql", "connection_lost")]


def _accidents(engine) -> float:
    frame = api.summary(engine, Period.parse("2022-01..2022-11"), None)
    return float(frame.set_index("indicator").loc["accidents", "value"])


@pytest.mark.parametrize(("db_url", "fault"), FAULTS, indirect=["db_url"])
def test_a_fault_at_an_imports_confirm_is_a_store_error_and_changes_nothing(report_engine, monkeypatch, fault):
    before = _accidents(report_engine)
    fault_after_the_writes(monkeypatch, fault)
    with pytest.raises(api.StoreError) as caught:
        api.apply_import(report_engine, io.BytesIO(GOOD), "更正.csv", user="t")
    assert caught.value.kind == fault
    assert "没有改动任何数据" in caught.value.zh
    assert "INSERT" not in caught.value.en and SECRET not in caught.value.en
    monkeypatch.undo()
    assert api.import_history(report_engine).empty
    assert _accidents(report_engine) == before


SENTENCES = {
    "disk_full": "数据库所在的磁盘已满，写入失败：本次操作没有改动任何数据",
    "connection_lost": "与数据库的连接中断了",
}


@pytest.mark.parametrize(
    ("db_url", "fault", "sentence"), [(d, f, SENTENCES[f]) for d, f in FAULTS], indirect=["db_url"]
)
def test_a_fault_at_confirm_shows_a_chinese_sentence_on_the_import_page(report_engine, monkeypatch, fault, sentence):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "analyst", "analyst-secret", "admin")
    at = sign_in(AppTest.from_file(str(APP), default_timeout=60).run(), "analyst", "analyst-secret")
    at.switch_page("pages/import.py").run()
    at.file_uploader[0].set_value(("更正.csv", GOOD, "text/csv")).run()
    fault_after_the_writes(monkeypatch, fault)
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    (error,) = at.error
    assert error.value.startswith(sentence)
    assert "INSERT" not in error.value and not at.success
    monkeypatch.undo()
    assert api.import_history(report_engine).empty


def test_a_store_removed_under_the_running_server_is_a_sentence_on_every_page(report_engine, monkeypatch):
    """The server's engine was opened; then the database goes away (its tables, on either backend)."""
    url = report_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("LAWREPORT_DB_URL", url)
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception and at.metric
    with report_engine.begin() as conn:  # dropped: every table of the store
        for name in ("observation_change", "observation", "import_batch", "meta"):
            conn.execute(
                text(
                    f"DROP TABLE {name} CASCADE" if report_engine.dialect.name == "postgresql" else f"DROP TABLE {name}"
                )
            )
    for page in ("pages/overview.py", "pages/accidents.py"):
        at.switch_page(page).run()
        assert not at.exception, at.exception
        (error,) = at.error
        assert error.value.startswith("无法打开数据库") and "没有改动任何数据" in error.value
        assert "SELECT" not in error.value


@pytest.mark.store
def test_a_read_only_store_whose_figures_changed_is_read_without_writing(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(database, "_SKIPPED_READ_ONLY", [], raising=False)
    path = tmp_path / "store.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    api.init_db(engine)
    with store.session_factory(engine).begin() as session:  # as loaded by an older version of the code
        store.set_meta(session, LOADED_KEY, "older")
    engine.dispose()
    read_only = api.open_store(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert api.observation_count(read_only) > 0
    assert api.init_db(read_only).report_new == 0  # the write is skipped again, and said once a process
    assert capsys.readouterr().err.count("the database is read-only") == 1
    read_only.dispose()


def test_the_dashboard_shows_a_read_only_store_whose_figures_changed(tmp_path, monkeypatch):
    path = tmp_path / "store.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    api.init_db(engine)
    with store.session_factory(engine).begin() as session:  # as loaded by an older version of the code
        store.set_meta(session, LOADED_KEY, "older")
    engine.dispose()
    monkeypatch.setenv("LAWREPORT_DB_URL", f"sqlite:///file:{path}?mode=ro&uri=true")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    assert not at.error and {m.label: m.value for m in at.metric}["事故起数（起）"] == "70"


def _cli(url: str, *args: str) -> subprocess.CompletedProcess:
    env = {"LAWREPORT_DB_URL": url, "PATH": "/usr/bin:/bin"}
    return subprocess.run(
        [sys.executable, "-m", "lawreport_data", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.store
def test_the_cli_reads_a_read_only_store_and_refuses_to_write_it_in_one_line(tmp_path):
    path = tmp_path / "store.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    api.init_db(engine)
    with store.session_factory(engine).begin() as session:
        store.set_meta(session, LOADED_KEY, "older")
    engine.dispose()
    ro = f"sqlite:///file:{path}?mode=ro&uri=true"
    (tmp_path / "f.csv").write_bytes(GOOD)
    for args in (["history"], ["summary", "--period", "2022"], ["catalog", "--from-store"], ["audit"]):
        done = _cli(ro, *args)
        assert done.returncode == 0, done.stderr
    done = _cli(ro, "import", str(tmp_path / "f.csv"))
    assert done.returncode != 0
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("error")]
    assert line.startswith("error: The database is read-only")
    assert "INSERT" not in done.stderr and "Traceback" not in done.stderr and "[SQL" not in done.stderr


@pytest.mark.parametrize(("db_url", "fault"), FAULTS, indirect=["db_url"])
def test_the_cli_says_a_fault_at_import_in_one_plain_line(report_engine, monkeypatch, capsys, tmp_path, fault):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    (tmp_path / "f.csv").write_bytes(GOOD)
    fault_after_the_writes(monkeypatch, fault)
    status = cli.main(["import", str(tmp_path / "f.csv")])
    err = capsys.readouterr().err
    assert status != 0
    (line,) = err.strip().splitlines()
    assert line.startswith(
        "error: The disk of the database is full" if fault == "disk_full" else "error: The connection"
    )
    assert "INSERT" not in line and "[SQL" not in line
