"""A read replica (``LAWREPORT_DB_READ_URL``, issue 18): the dashboard's reads go to it, writes to
the store (``LAWREPORT_DB_URL``). A throw-away PostgreSQL primary and its streaming replica
(``pg_basebackup``, Debian's binaries) on two free ports: an import on the primary is shown at the
next rerun once the replica has applied it, and not before (the page reads the replica, not the
primary); the replica's lag is said on the page when it is more than a few seconds."""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from streamlit.testing.v1 import AppTest

from lawreport_data import api, catalog, store
from tests.conftest import PG_URL, skip_or_fail

ROOT = Path(__file__).resolve().parents[1]
PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_basebackup"))
IMPORT = "地区,指标,期间,数值\n灌云县,事故起数,2022年1-11月,7\n灌云县,死亡人数,2022年1-11月,3\n"


def _as_postgres(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """PostgreSQL's server refuses to run as root: as root, run it as the ``postgres`` account."""
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    kwargs.setdefault("check", True)
    return subprocess.run(prefix + cmd, capture_output=True, text=True, timeout=120, **kwargs)


@pytest.fixture(scope="module")
def replicated():
    """(primary URL, replica URL): a new cluster and its streaming replica, stopped and removed after."""
    if not PG_URL:
        skip_or_fail("LAWREPORT_TEST_PG_URL is not set: the read replica test skipped")
    if not PG_BINS:
        skip_or_fail("PostgreSQL's server binaries (/usr/lib/postgresql/*/bin) are missing")
    bin_dir = PG_BINS[-1].parent
    base = Path(tempfile.mkdtemp(prefix="lawreport-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    primary, replica = base / "primary", base / "replica"
    with socket.socket() as a, socket.socket() as b:  # two different free ports
        a.bind(("127.0.0.1", 0))
        b.bind(("127.0.0.1", 0))
        ports = {primary: a.getsockname()[1], replica: b.getsockname()[1]}
    pg_ctl = str(bin_dir / "pg_ctl")
    started = []
    try:
        _as_postgres([str(bin_dir / "initdb"), "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8"])  # fmt: skip
        settings = (
            f"listen_addresses = '127.0.0.1'\nport = {ports[primary]}\nunix_socket_directories = '{base}'\n"
            "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n"
        )
        _as_postgres(["sh", "-c", f"cat >> {primary / 'postgresql.conf'}"], input=settings)
        started.append(primary)  # stopped after, even if its start gives up waiting
        _as_postgres([pg_ctl, "-D", str(primary), "-l", str(base / "primary.log"), "-w", "start"])
        _as_postgres([str(bin_dir / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(ports[primary]), "-U", "postgres",
                      "-D", str(replica), "-R", "-X", "stream"])  # fmt: skip
        _as_postgres(["sh", "-c", f"echo 'port = {ports[replica]}' >> {replica / 'postgresql.conf'}"])
        started.append(replica)
        _as_postgres([pg_ctl, "-D", str(replica), "-l", str(base / "replica.log"), "-w", "start"])
        yield tuple(f"postgresql+psycopg://postgres@127.0.0.1:{ports[d]}/postgres" for d in (primary, replica))
    finally:
        try:
            for d in reversed(started):
                _as_postgres([pg_ctl, "-D", str(d), "-m", "immediate", "-w", "stop"], check=False)
        finally:
            shutil.rmtree(base, ignore_errors=True)


def _lsn(url: str, query: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(f"SELECT ({query}) - '0/0'::pg_lsn")).scalar() or 0
    finally:
        engine.dispose()


def _wait_until(check, what: str, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while not check():
        if time.monotonic() > end:
            raise AssertionError(f"not within {seconds} s: {what}")
        time.sleep(0.2)


def _caught_up(primary: str, replica: str) -> bool:
    return _lsn(replica, "pg_last_wal_replay_lsn()") >= _lsn(primary, "pg_current_wal_lsn()")


def _replay(replica: str, action: str) -> None:
    engine = create_engine(replica)
    try:
        with engine.connect() as conn:
            conn.execute(text(f"SELECT pg_wal_replay_{action}()"))
    finally:
        engine.dispose()


def _card(at: AppTest, label: str) -> str | None:
    return next((m.value for m in at.metric if m.label == label), None)


def _lag_said(at: AppTest) -> bool:
    head = catalog.UI["replica_lag"].split("{")[0]
    return any(w.value.startswith(head) for w in at.warning)


@pytest.mark.apptest
def test_the_dashboard_reads_the_replica_and_shows_an_import_once_the_replica_has_it(replicated, monkeypatch):
    primary, replica = replicated
    engine = api.open_store(primary)  # the schema and the report's figures, streamed to the replica
    reader = None
    try:
        _wait_until(lambda: _caught_up(primary, replica), "the replica has the new store")
        reader = api.open_replica(replica)
        assert api.replica_lag(reader, engine) == 0.0
        monkeypatch.setenv("LAWREPORT_DB_URL", primary)
        monkeypatch.setenv("LAWREPORT_DB_READ_URL", replica)
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        at.query_params["region"] = "320723"  # 灌云县: no figures yet
        at.run()
        assert not at.exception, at.exception
        assert _card(at, "事故起数（起）") is None and not _lag_said(at)

        # The replica stops applying what it receives; an import is written to the primary.
        _replay(replica, "pause")
        try:
            api.apply_import(engine, io.BytesIO(IMPORT.encode("gbk")), "灌云县.csv", user="analyst")
            _wait_until(
                lambda: _lsn(replica, "pg_last_wal_receive_lsn()") >= _lsn(primary, "pg_current_wal_lsn()"),
                "the replica has received the import",
            )
            at.run()  # the next rerun reads the replica: nothing yet (the primary has it)
            assert not at.exception, at.exception
            assert _card(at, "事故起数（起）") is None
            lag = api.replica_lag(reader, engine)
            assert lag is not None and 0 < lag < 60  # the import's age, not the time since the store began
            # once the replica has lacked it for more than a few seconds, the page says so
            _wait_until(lambda: api.replica_lag(reader, engine) > catalog.REPLICA_LAG_WARN_SECONDS,
                        "the replica lacks the import for more than the warning's seconds", seconds=30)  # fmt: skip
            at.run()
            assert _card(at, "事故起数（起）") is None and _lag_said(at)
        finally:
            _replay(replica, "resume")
        _wait_until(lambda: _caught_up(primary, replica), "the replica has applied the import")
        at.run()
        assert not at.exception, at.exception
        assert _card(at, "事故起数（起）") == "7" and not _lag_said(at)
        assert api.replica_lag(reader, engine) == 0.0
    finally:
        engine.dispose()
        if reader is not None:
            reader.dispose()


@pytest.mark.store
def test_a_replica_without_the_store_is_refused_with_its_reason():
    if not PG_URL:
        skip_or_fail("LAWREPORT_TEST_PG_URL is not set: PostgreSQL tests skipped")
    with pytest.raises(api.StoreUnavailable, match="no store of this version"):
        api.open_replica(f"{PG_URL}&options=-csearch_path%3Dno_such_schema" if "?" in PG_URL
                         else f"{PG_URL}?options=-csearch_path%3Dno_such_schema")  # fmt: skip


@pytest.mark.store
def test_a_copy_of_the_store_is_behind_by_the_age_of_the_change_it_lacks(tmp_path):
    """Any copy read as a replica (here a SQLite file copied): behind by nothing while it has the
    store's data version, else by at least the time since the store's newest change."""
    store_file, copy_file = tmp_path / "store.sqlite", tmp_path / "copy.sqlite"
    engine = api.open_store(f"sqlite:///{store_file}")
    engine.dispose()
    shutil.copy(store_file, copy_file)
    engine, copy = api.open_store(f"sqlite:///{store_file}"), api.open_replica(f"sqlite:///{copy_file}")
    try:
        assert api.replica_lag(copy, engine) == 0.0
        api.apply_import(engine, io.BytesIO(IMPORT.encode("gbk")), "灌云县.csv", user="analyst")
        assert 0 <= api.replica_lag(copy, engine) < 30  # the import's age: just made
        with store.session_factory(engine).begin() as s:  # as if the import had been made a minute ago
            changed = store.data_changed_at(s)
            store.set_meta(s, "data_changed_at", (changed - dt.timedelta(seconds=60)).isoformat())
        assert 60 <= api.replica_lag(copy, engine) < 90
        engine.dispose()
        copy.dispose()
        shutil.copy(store_file, copy_file)
        engine, copy = api.open_store(f"sqlite:///{store_file}"), api.open_replica(f"sqlite:///{copy_file}")
        assert api.replica_lag(copy, engine) == 0.0
    finally:
        engine.dispose()
        copy.dispose()
