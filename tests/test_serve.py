"""serve.py, what `make run` starts: its warm-up before the first visitor."""

import gc
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import multipage  # noqa: E402
import serve  # noqa: E402
from lawreport_data import api  # noqa: E402

pytestmark = pytest.mark.store  # the warm-up opens (and makes) a SQLite store


@pytest.fixture
def store_url(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'store.sqlite'}"
    monkeypatch.setenv("LAWREPORT_DB_URL", url)
    return url


def test_warm_up_makes_a_missing_store_with_the_reports_figures(store_url):
    serve.warm_up()
    assert api.observation_count(api.open_engine(store_url)) > 0


def test_warm_up_leaves_a_store_as_it_was(store_url):
    engine = api.open_engine(store_url)
    api.init_db(engine, demo_data=True)
    before = (api.data_version(engine), api.observation_count(engine))
    serve.warm_up()
    assert (api.data_version(engine), api.observation_count(engine)) == before


def test_warm_up_reports_a_store_it_cannot_open_and_lets_the_server_start(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LAWREPORT_DB_URL", f"sqlite:///{tmp_path / 'no' / 'such' / 'dir' / 'store.sqlite'}")
    serve.warm_up()
    assert "warm-up skipped" in capsys.readouterr().err


def test_the_first_session_starts_at_app_py_not_at_a_file_of_pages(monkeypatch):
    """serve.py leaves Streamlit's old pages/ mode before the server takes a visitor (multipage.py),
    so a first visitor on a page address is not run twice."""
    seen = []
    multipage.forget_navigation_mode(monkeypatch)
    monkeypatch.setattr(serve, "warm_up", lambda: None)
    monkeypatch.setattr(serve.cli, "main", lambda prog_name: seen.append(multipage.uses_app_navigation()) or 0)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    assert serve.main(["--server.port", "1"]) == 0
    assert seen == [True]


def test_what_the_server_loaded_before_its_first_visitor_is_left_out_of_full_collections(monkeypatch):
    frozen = []
    monkeypatch.setattr(serve, "warm_up", lambda: None)
    monkeypatch.setattr(serve.cli, "main", lambda prog_name: frozen.append(gc.get_freeze_count()) or 0)
    monkeypatch.setattr(sys, "argv", list(sys.argv))
    gc.unfreeze()
    try:
        assert serve.main(["--server.port", "1"]) == 0
    finally:
        gc.unfreeze()
    assert frozen and frozen[0] > 100_000  # pandas, Plotly and Streamlit at least
