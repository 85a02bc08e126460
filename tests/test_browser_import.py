"""The upload page end-to-end in real Chromium: upload, preview, confirm, the overview shows
the new figure; a bad file shows its problems and changes nothing."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lawreport_data import api
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync", "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'

pytestmark = pytest.mark.browser
# What a test waits for may take long on a busy machine: expect waits up to 30 s (not 5) by default.
expect.set_options(timeout=30_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served_app(tmp_path):
    """(base URL, engine): Streamlit serving app.py on a free port over a fresh init-db store."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is not installed: browser tests skipped")
    url = f"sqlite:///{tmp_path / 'browser.sqlite'}"
    engine = api.open_engine(url)
    api.init_db(engine)
    api.add_user(engine, "chief", "chief-secret-1", "admin")
    api.add_user(engine, "guanyun", "gy-secret-12", "county", region="灌云县")
    port = free_port()
    env = dict(os.environ, LAWREPORT_DB_URL=url, PYTHONPATH=str(ROOT))
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true"]
    cmd += ["--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    cmd += ["--server.fileWatcherType", "none"]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:  # until the health check says ok, the server exits, or a minute is over
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=1).read() == b"ok":
                    break
            except OSError:
                pass
            try:
                proc.wait(timeout=0.5)
                pytest.fail(f"Streamlit exited with status {proc.returncode}")
            except subprocess.TimeoutExpired:
                if time.monotonic() > deadline:
                    pytest.fail("Streamlit did not start within 60 s")
        yield base, engine
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        engine.dispose()


@pytest.fixture
def page(served_app):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        yield page
        browser.close()


def run_ended(page) -> None:
    """The app's run has ended. Call it once something that run draws is visible: the app also
    shows idle before a run has started."""
    expect(page.locator(IDLE)).to_be_attached(timeout=60_000)


def sign_in(page, base: str, username: str, password: str) -> None:
    """Through the 登录 page of the sidebar's navigation."""
    page.goto(base)
    expect(page.locator(".st-key-app_menu")).to_contain_text("总览", timeout=60_000)  # app.py's menu
    run_ended(page)
    page.locator(".st-key-app_menu").get_by_text("登录").click()
    page.get_by_role("heading", name="登录").wait_for(timeout=30_000)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    # Welcome (st.success) or refusal (st.error): the login page shows no other message.
    answer = page.get_by_test_id("stMainBlockContainer").get_by_test_id("stAlertContainer")
    expect(answer).to_be_visible(timeout=30_000)
    run_ended(page)


def open_import_page(page, base: str, username: str = "chief", password: str = "chief-secret-1") -> None:
    """Signed in, through the app's own navigation (the first session of a fresh server opened
    directly on /import would run the page without app.py: Streamlit's pages/ auto-discovery)."""
    sign_in(page, base, username, password)
    page.locator(".st-key-app_menu").get_by_text("数据导入").click()
    page.get_by_role("heading", name="数据导入").wait_for(timeout=30_000)
    run_ended(page)


def upload(page, name: str, data: bytes) -> None:
    """Into the page's one uploader, once the page's run has ended (the caller has seen what that
    run draws). After a confirmed import the page reruns with a fresh uploader, and its 导入完成
    message shows before the old uploader is replaced: a file given to the old one is lost (CI
    once timed out so). The caller then waits for what the upload shows."""
    run_ended(page)
    dropzone = page.get_by_test_id("stFileUploaderDropzoneInput")
    expect(dropzone).to_have_count(1, timeout=30_000)
    dropzone.set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": data}])


def test_upload_preview_confirm_and_see_the_figure_on_the_overview(served_app, page, tmp_path):
    base, engine = served_app
    open_import_page(page, base)
    data = "地区,指标,期间,数值\n连云港市,事故起数,2022-01..2022-11,71\n".encode("gbk")
    upload(page, "更正.csv", data)
    page.get_by_text("将新增0个、修改1个数值").wait_for(timeout=30_000)
    expect(page.get_by_text("GBK", exact=True)).to_be_visible()
    page.screenshot(path=str(tmp_path / "preview.png"), full_page=True)
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成：批次1").wait_for(timeout=30_000)
    page.locator(".st-key-app_menu").get_by_text("总览").click()
    metric = page.get_by_test_id("stMetric").filter(has_text="事故起数")
    metric.get_by_text("71", exact=True).wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    assert api.import_history(engine).iloc[0]["file_name"] == "更正.csv"


def test_a_bad_file_shows_its_problems_and_changes_nothing(served_app, page, tmp_path):
    base, engine = served_app
    version = api.data_version(engine)
    open_import_page(page, base)
    upload(page, "bad.csv", "地区,指标,期间,数值\n灌云,事故起数,2022-13,x\n灌南县,死亡人数,2022-11,-1\n".encode())
    page.get_by_text("发现4处问题").wait_for(timeout=30_000)
    page.screenshot(path=str(tmp_path / "problems.png"), full_page=True)
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert api.data_version(engine) == version and api.import_history(engine).empty
    page.locator(".st-key-app_menu").get_by_text("总览").click()
    page.get_by_test_id("stMetric").filter(has_text="事故起数").get_by_text("70", exact=True).wait_for(timeout=30_000)
