"""The first visitors of a server started the conventional way (`streamlit run app.py`, not serve.py),
in real Chromium: before any session has run app.py Streamlit would take pages/ for the navigation and
run a page file on its own. Each visitor still gets the app's own menu and gate (ui.page_guard,
multipage.py), and no traceback."""

import contextlib
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
                # between two polls: wait on the server itself, which ends the wait if it exits
                with contextlib.suppress(subprocess.TimeoutExpired):
                    proc.wait(timeout=0.2)
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


def app_menu(tab):
    """The app's own menu in the sidebar (ui.sidebar_menu)."""
    return tab.locator(".st-key-app_menu")


def menu(tab) -> list[str]:
    """The entries of every menu the sidebar shows: the app's own, and Streamlit's, if it drew one."""
    return tab.locator(
        '[data-testid="stSidebar"] :is(.st-key-app_menu, [data-testid="stSidebarNav"]) a'
    ).all_inner_texts()


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


# Every text the sidebar shows while a tab loads, kept from its first frame: a menu of file names
# drawn for a moment and replaced by the next run is still caught (a mutation observer runs after
# every change of the page, before it is painted).
RECORD_SIDEBAR = """
window.__sidebarSeen = new Set();
new MutationObserver(() => {
  for (const el of document.querySelectorAll('[data-testid="stSidebar"] :is(a, li, span, p)')) {
    const text = el.innerText || el.textContent || "";
    if (text.trim()) window.__sidebarSeen.add(text.trim());
  }
}).observe(document, { childList: true, subtree: true, characterData: true });
"""


def sidebar_texts_seen(tab) -> set[str]:
    return set(tab.evaluate("() => Array.from(window.__sidebarSeen)"))


def open_at_once(browser, base: str, paths: list[str]) -> list:
    """A tab for each path, all set to leave for it at one moment a few seconds ahead (each tab's
    own timer on the machine's one clock), so a slow machine setting them up does not spread them."""
    tabs = [new_tab(browser) for _ in paths]
    for tab in tabs:
        tab.add_init_script(RECORD_SIDEBAR)
    leave_at = time.time() * 1000 + 3000
    for tab, path in zip(tabs, paths, strict=True):
        tab.evaluate(
            "([url, at]) => { setTimeout(() => location.assign(url), at - Date.now()) }", [f"{base}/{path}", leave_at]
        )
    return tabs


def started_within_a_second(tabs) -> bool:
    """The tabs' page loads started (``performance.timeOrigin``) within one second of each other."""
    starts = [tab.evaluate("performance.timeOrigin") for tab in tabs]
    return max(starts) - min(starts) < 1000


@pytest.mark.parametrize(
    ("require_login", "visits"),
    [
        (
            False,
            [
                ("accidents", "一、事故与安全形势"),
                ("import", "登录"),  # not a visitor's page: it answers with the login form
                ("audit", "登录"),
                ("", "安全生产监管统计看板"),
            ],
        ),
        (True, [("accidents", "登录"), ("import", "登录"), ("audit", "登录"), ("", "登录")]),
    ],
    ids=["open-reading", "login-only"],
)
def test_first_visits_within_a_second_never_see_a_menu_of_file_names(
    cold_server, browser, tmp_path, require_login, visits
):
    """The cold-start race of issue 19: before any session had run app.py, Streamlit drew its own
    menu of the pages/ files (accidents, audit, history, import …) for a moment. Each of the first
    visitors sees only the app's own menu (or, where reading needs a login, the login alone)."""
    base = cold_server(require_login=require_login)
    tabs = open_at_once(browser, base, [path for path, _ in visits])
    for tab, (path, heading) in zip(tabs, visits, strict=True):
        expect(tab.get_by_role("heading", name=heading)).to_be_visible(timeout=WAIT)
        expect(tab.locator(IDLE)).to_have_count(1, timeout=WAIT)
        seen = sidebar_texts_seen(tab)
        assert not FILE_NAMES & seen, (path, sorted(FILE_NAMES & seen))
        expect(tab.get_by_test_id("stException")).to_have_count(0)
        expect(tab.get_by_test_id("stDialog")).to_have_count(0)  # no "Page not found": every address exists
        if require_login:
            headings = tab.get_by_test_id("stMain").get_by_role("heading").all_inner_texts()
            assert not menu(tab) and [h for h in headings if h.strip()] == ["登录"], headings
            for test_id in ["stMetric", "stDataFrame", "stFileUploaderDropzoneInput", "stDownloadButton"]:
                expect(tab.get_by_test_id(test_id)).to_have_count(0)
        else:
            expect(app_menu(tab).get_by_text("1. 事故与安全形势")).to_be_visible(timeout=WAIT)
            assert menu(tab)[:2] == ["总览", "1. 事故与安全形势"], menu(tab)
        SHOTS.mkdir(exist_ok=True)
        mode = "login" if require_login else "open"
        tab.screenshot(path=str(SHOTS / f"cold_first_visit_{mode}_{path or 'overview'}.png"))
    assert started_within_a_second(tabs)
    err = (tmp_path / "server.err").read_text(errors="replace")
    assert "Traceback" not in err and "AttributeError" not in err, err[-3000:]
