"""The first visitors of a server started the conventional way (`streamlit run app.py`, not serve.py),
in real Chromium: before any session has run app.py Streamlit would take pages/ for the navigation and
run a page file on its own. Each visitor still gets the app's own menu and gate (ui.page_guard,
multipage.py), and no traceback."""

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lawreport_data import api
from tests.conftest import skip_or_fail
from tests.test_browser_import import ARGS, CHROMIUM, IDLE, free_port

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
# What Streamlit's old mode names its menu entries: the files of pages/ and app.py.
FILE_NAMES = {p.stem for p in (ROOT / "pages").glob("*.py")} | {"app"}
WAIT = 60_000

pytestmark = pytest.mark.browser


@pytest.fixture
def cold_server(tmp_path):
    """start(require_login) -> base URL of a fresh `streamlit run app.py` over an init-db store that
    no browser has visited yet; the server's stderr is kept in tmp_path/server.err."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is not installed: browser tests skipped")
    procs = []

    def start(require_login: bool) -> str:
        url = f"sqlite:///{tmp_path / 'cold.sqlite'}"
        engine = api.open_engine(url)
        api.init_db(engine)
        engine.dispose()
        env = {k: v for k, v in os.environ.items() if k != "LAWREPORT_REQUIRE_LOGIN"}
        env |= {"LAWREPORT_DB_URL": url, "PYTHONPATH": str(ROOT)}
        if require_login:
            env["LAWREPORT_REQUIRE_LOGIN"] = "1"
        port = free_port()
        cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true"]
        cmd += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
        cmd += ["--server.fileWatcherType", "none"]
        err = (tmp_path / "server.err").open("wb")
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        procs.append(proc)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # poll the health check (it opens no session)
            assert proc.poll() is None, (tmp_path / "server.err").read_text(errors="replace")
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                    return base
            except OSError:
                time.sleep(0.2)
        pytest.fail("Streamlit did not start within 60 s")

    yield start
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is not installed: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def new_tab(browser):
    return browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN").new_page()


def menu(tab) -> list[str]:
    return tab.get_by_test_id("stSidebarNav").locator("a").all_inner_texts()


@pytest.mark.parametrize("path", ["accidents", "import", "audit"])
def test_the_very_first_visitor_of_a_page_address_sees_only_the_login(cold_server, browser, tmp_path, path):
    base = cold_server(require_login=True)
    tab = new_tab(browser)
    tab.goto(f"{base}/{path}")
    expect(tab.get_by_role("heading", name="登录")).to_be_visible(timeout=WAIT)
    expect(tab.get_by_label("用户名")).to_be_visible()
    expect(tab.locator(IDLE)).to_have_count(1, timeout=WAIT)
    SHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"cold_login_only_{path}.png"), full_page=True)
    for test_id in ["stMetric", "stDataFrame", "stFileUploaderDropzoneInput", "stDownloadButton", "stException"]:
        expect(tab.get_by_test_id(test_id)).to_have_count(0)
    expect(tab.locator(".st-key-indicator_table")).to_have_count(0)
    assert not FILE_NAMES & set(menu(tab))
    assert [h for h in tab.get_by_role("heading").all_inner_texts() if h.strip()] == ["登录"]
    assert "Traceback" not in (tmp_path / "server.err").read_text(errors="replace")


def test_three_first_visits_within_a_second_each_get_the_apps_own_menu(cold_server, browser, tmp_path):
    base = cold_server(require_login=False)
    visits = [("accidents", "一、事故与安全形势"), ("special", "二、专项整治与风险防控"), ("", "安全生产监管统计看板")]
    tabs = [new_tab(browser) for _ in visits]
    started = time.monotonic()
    for tab, (path, _) in zip(tabs, visits, strict=True):  # the three start loading at once
        tab.evaluate("url => { setTimeout(() => location.assign(url), 0) }", f"{base}/{path}")
    assert time.monotonic() - started < 1.0
    for tab, (_, heading) in zip(tabs, visits, strict=True):
        expect(tab.get_by_role("heading", name=heading)).to_be_visible(timeout=WAIT)
        expect(tab.get_by_test_id("stSidebarNav").get_by_text("总览")).to_be_visible(timeout=WAIT)
        expect(tab.locator(IDLE)).to_have_count(1, timeout=WAIT)
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        entries = menu(tab)
        assert "1. 事故与安全形势" in entries and not FILE_NAMES & set(entries), entries
    err = (tmp_path / "server.err").read_text(errors="replace")
    assert "Traceback" not in err and "AttributeError" not in err, err[-3000:]
