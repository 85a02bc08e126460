"""End to end in real Chromium (Playwright): every page renders with the demo data, the overview
shows the report's headline figures, a deep link restores its view, and each page is screenshotted
into tests/screenshots/ (look at them)."""

from __future__ import annotations

import contextlib
import os
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import plotly.offline
import pytest
from playwright.sync_api import expect

from lawreport_data import api, catalog, charts
from lawreport_data.db import make_engine
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
SHOTS = ROOT / "tests" / "screenshots"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Every chart the script placed (a place keyed chart_<name>) drawn: by plotly.js (static/chart.js
# sets lawreportObserver once Plotly.react has finished), or sent drawn, as an SVG (ui.static_chart);
# and every other element drawn (Streamlit shows a skeleton in an element's place until its code is in).
ALL_CHARTS_DRAWN = """() => { const boxes = [...document.querySelectorAll('[class*="st-key-chart_"]')];
    return boxes.length > 0 && boxes.every(b => { const d = b.querySelector('.lawreport-chart');
                                                  return b.querySelector('svg.static-chart')
                                                         || (d && d.lawreportObserver && d.querySelector('.main-svg')); })
        && !document.querySelector('[data-testid="stSkeleton"]'); }"""  # and no element still loading its code
# Text of a chart drawn as an SVG that is cut by the picture's edge or overlaps other text of it
# (the charts' titles): a bar's label past the right edge, a source note over the axis title.
STATIC_CLASHES = """[...document.querySelectorAll('svg.static-chart')].filter(svg => {
    const box = svg.getBoundingClientRect(), texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim() && t.getAttribute('opacity') === null)
        .map(t => t.getBoundingClientRect());
    const hits = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    return texts.some(r => r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1)
        || texts.some((a, i) => texts.some((b, j) => j > i && hits(a, b)));
}).map(svg => svg.getAttribute('aria-label'))"""

pytestmark = pytest.mark.browser
# What a test waits for may take long on a busy machine: expect waits up to 30 s (not 5) by default.
expect.set_options(timeout=30_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int) -> subprocess.Popen:
    """The dashboard served as `make run` serves it (serve.py, i.e. `streamlit run app.py` with its
    modules imported first) on ``port`` against ``db_url``; returns once /_stcore/health says ok."""
    env = {**os.environ, "LAWREPORT_DB_URL": db_url}
    cmd = [
        sys.executable, "serve.py", "--server.headless", "true",
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
    ]  # fmt: skip
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # until the health check says ok or the server exits
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.read().decode().strip() == "ok":
                    return proc
        except OSError:
            pass
        try:
            proc.wait(timeout=0.3)
            raise RuntimeError(f"streamlit exited: {proc.stderr.read().decode(errors='replace')[-2000:]}")
        except subprocess.TimeoutExpired:
            pass
    proc.kill()
    raise RuntimeError("streamlit did not become healthy within 60 s")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def served_store(path: Path, fill):
    """The base URL of a Streamlit server on a SQLite store at ``path`` that ``fill(engine)`` made
    (a module's browser tests share one); without Chromium, the tests are skipped (failed in CI)."""
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing: browser tests skipped")
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    fill(engine)
    engine.dispose()
    port = free_port()
    proc = start_server(url, port)
    yield f"http://127.0.0.1:{port}"
    stop_server(proc)


@contextlib.contextmanager
def chromium_page(height: int, width: int = 1440):
    """A page in a Chromium of its own, ``width`` px wide and ``height`` tall (a ledger page whole in
    one screenshot), in Chinese."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        yield context.new_page()
        browser.close()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """Base URL of a Streamlit server on a SQLite store made by `init-db --demo`."""
    path = tmp_path_factory.mktemp("browser") / "demo.sqlite"
    with served_store(path, lambda engine: api.init_db(engine, demo_data=True)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    pg = context.new_page()
    yield pg
    context.close()


def open_page(page, url: str) -> None:
    """Open ``url`` and wait until app.py's run has ended: its menu (总览: app.py's, not file names)
    is drawn during the run, and the app shows idle after it (it also shows idle before the first run)."""
    page.goto(url)
    expect(page.locator(".st-key-app_menu")).to_contain_text("总览", timeout=60_000)
    expect(page.locator(IDLE)).to_be_attached(timeout=60_000)


def wait_for_charts(page) -> None:
    page.wait_for_function(ALL_CHARTS_DRAWN, timeout=30_000)


PAGES = [("overview", "总览")] + [(t.code, t.name) for t in catalog.TOPIC_LIST]


def path_of(slug: str) -> str:
    """The overview is the default page: its address is the app's root (Streamlit answers
    /overview with a "Page not found" dialog)."""
    return "" if slug == "overview" else slug


CHARTED = {t for t, codes in catalog.CHART_INDICATORS.items() if codes}


def test_overview_shows_headline_figures_and_sentence(demo_server, page):
    open_page(page, f"{demo_server}/")
    body = expect(page.locator("body"))
    for figure in ("70", "37", "38.6%", "33.9%"):
        body.to_contain_text(figure)
    body.to_contain_text("1-11月份，全市发生各类事故70起、死亡37人，同比分别下降38.6%和33.9%")
    wait_for_charts(page)
    assert page.locator("svg.static-chart").count() >= 2  # the trend and the ranking, drawn on the server
    assert page.evaluate("typeof window.Plotly") == "undefined"  # no Plotly code loaded for them
    assert page.evaluate(STATIC_CLASHES) == []


# Cards' labels cut short (Streamlit ends a long one with an ellipsis, losing the unit).
CUT_LABELS = (
    "[...document.querySelectorAll('[data-testid=stMetricLabel] [data-testid=stMarkdownContainer]')]"
    ".filter(e => e.scrollWidth > e.clientWidth + 1)"
)

# Cells of the indicator table cut short, or the table scrolling inside itself.
CUT_CELLS = (
    "[...document.querySelectorAll('.st-key-indicator_table, .st-key-indicator_table td, .st-key-indicator_table th')]"
    ".filter(e => e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1)"
)

# Short cells of the indicator table (value, unit, period, qualifier, change, status) broken over lines.
WRAPPED_SHORT_CELLS = """[...document.querySelectorAll('.st-key-indicator_table td:not(:first-child):not(:last-child)')]
    .filter(td => { const w = document.createTreeWalker(td, NodeFilter.SHOW_TEXT), tops = new Set();
                    for (let n = w.nextNode(); n; n = w.nextNode()) { const r = document.createRange();
                        r.selectNodeContents(n); for (const x of r.getClientRects()) tops.add(Math.round(x.top)); }
                    return tops.size > 1; })
    .map(td => td.innerText)"""

# Charts whose source note overlaps the x-axis title or runs out of the picture, or whose y-axis
# title overlaps a tick label (their titles).
NOTE_CLASHES = """[...document.querySelectorAll('.js-plotly-plot')].filter(p => {
    const axis = p.querySelector('.xtitle'), box = p.getBoundingClientRect();
    const note = [...p.querySelectorAll('.annotation')].find(a => a.textContent.includes('数据来源'));
    const n = note.getBoundingClientRect();
    const y = p.querySelector('.ytitle'), yb = y && y.textContent ? y.getBoundingClientRect() : null;
    const hits = (a, b) => a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1;
    const yClash = yb && [...p.querySelectorAll('.ytick text')].some(t => hits(yb, t.getBoundingClientRect()));
    return (axis && axis.getBoundingClientRect().bottom > n.top + 1) || n.bottom > box.bottom + 1 || yClash;
}).map(p => p.layout.title.text)"""


@pytest.mark.parametrize(("slug", "title"), PAGES)
def test_every_page_renders_with_its_charts_and_is_screenshotted(demo_server, page, slug, title):
    open_page(page, f"{demo_server}/{path_of(slug)}")
    expect(page.locator("body")).to_contain_text(title.split("、")[-1])
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_test_id("stDialog").count() == 0  # e.g. Streamlit's "Page not found"
    assert page.evaluate(f"{CUT_LABELS}.map(e => e.innerText)") == []  # every card's label whole, with its unit
    # The indicator table shows every row, without a scroll bar of its own (法治 has up to 27), and
    # every cell whole (long indicator names wrap).
    if slug != "overview":  # a section lists its indicators, by name
        first_cells = page.locator(".st-key-indicator_table tbody td:first-child")
        expect(first_cells.first).to_be_visible()
        names = first_cells.all_inner_texts()
        assert names and set(names) <= {i.name for i in catalog.indicators_of_topic(slug)}
    assert page.evaluate(f"{CUT_CELLS}.length") == 0
    assert page.evaluate(WRAPPED_SHORT_CELLS) == []
    if slug in CHARTED:
        wait_for_charts(page)
        plots = [p.inner_text() for p in page.locator(".js-plotly-plot").all()]
        assert all("数据来源：" in p for p in plots)
        assert any("示例数据" in p for p in plots)  # the trends drawn from the synthetic months
        assert page.evaluate(NOTE_CLASHES) == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{slug}.png"), full_page=True)


def test_charts_draw_with_the_vendored_bundle_and_download_a_3x_png(demo_server, page):
    """Streamlit's own Plotly (4.6 MB) is never loaded; the camera button, titled in Chinese,
    downloads the chart at three times the export size, named by its title."""
    open_page(page, f"{demo_server}/accidents")
    wait_for_charts(page)
    assert page.evaluate("window.Plotly.version") == plotly.offline.get_plotlyjs_version()
    assert page.get_by_test_id("stPlotlyChart").count() == 0
    chart = page.locator(".js-plotly-plot").first
    title = chart.evaluate("el => el.layout.title.text")
    chart.hover()
    camera = chart.locator(f'.modebar-btn[data-title="{catalog.CHART_TOOLBAR["Download plot as a PNG"]}"]')
    with page.expect_download(timeout=30_000) as info:
        camera.click()
    download = info.value
    assert download.suggested_filename == f"{title.replace(' ', '_')}.png"
    png = Path(download.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (3 * charts.WIDTH, 3 * charts.HEIGHT)


def test_a_charts_table_opens_with_one_click_and_downloads_as_excel_safe_csv(demo_server, page):
    open_page(page, f"{demo_server}/accidents")
    wait_for_charts(page)
    assert page.get_by_test_id("stDataFrame").count() == 0, "no chart's table until one is opened"
    title = page.locator(".js-plotly-plot").first.evaluate("el => el.layout.title.text")
    page.get_by_test_id("stExpander").first.get_by_text(catalog.UI["table"]).click()
    expect(page.get_by_test_id("stDataFrame")).to_have_count(1)
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name=catalog.UI["download_csv"]).click()
    download = info.value
    assert download.suggested_filename == f"{title.replace(' ', '_')}.csv"
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads the Chinese"
    assert "数值" in data.decode("utf-8-sig").splitlines()[0]


def test_a_chart_fills_its_column_and_follows_it_when_the_sidebar_closes(demo_server, page):
    open_page(page, f"{demo_server}/accidents")
    wait_for_charts(page)
    chart = page.locator(".js-plotly-plot").first
    column = page.locator('[class*="st-key-chart_"]').first

    def widths():
        return round(chart.bounding_box()["width"]), round(column.bounding_box()["width"])

    before, column_before = widths()
    assert abs(before - column_before) <= 2
    page.get_by_test_id("stSidebar").hover()  # the collapse button shows on hover
    page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    page.wait_for_function(
        "([w]) => Math.round(document.querySelector('.js-plotly-plot .main-svg').getBoundingClientRect().width) > w",
        arg=[before],
        timeout=10_000,
    )
    after, column_after = widths()
    assert column_after > column_before and abs(after - column_after) <= 2


def test_choosing_another_indicator_redraws_the_charts(demo_server, page):
    open_page(page, f"{demo_server}/accidents")
    wait_for_charts(page)
    titles = "[...document.querySelectorAll('.js-plotly-plot')].map(e => e.layout.title.text)"
    assert all("事故起数" in t for t in page.evaluate(titles))
    page.get_by_test_id("stButtonGroup").get_by_text("死亡人数", exact=True).click()
    page.wait_for_function(f"{titles}.length > 0 && {titles}.every(t => t.includes('死亡人数'))", timeout=30_000)


def test_deep_link_restores_region_period_and_comparison(demo_server, page):
    open_page(page, f"{demo_server}/accidents?region=灌云县&kind=单月&year=2021年&month=6月&cmp=环比")
    body = expect(page.locator("body"))
    body.to_contain_text("灌云县 2021年6月", timeout=30_000)
    body.to_contain_text("环比下降", timeout=30_000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "deep_link.png"), full_page=True)


@pytest.mark.parametrize(
    "query, caption, note",
    [
        ("region=320723&kind=month&year=2021&month=06", "灌云县 2021年6月", None),
        ("region=nowhere&year=1999", "连云港市", "链接中的地区“nowhere”、年份“1999”无法识别，已按默认条件显示"),
    ],
)
def test_a_deep_link_with_codes_is_read_and_a_bad_one_gets_a_note(demo_server, page, query, caption, note):
    open_page(page, f"{demo_server}/accidents?{query}")
    main = page.get_by_test_id("stMainBlockContainer")
    expect(main.get_by_test_id("stCaptionContainer").first).to_contain_text(caption, timeout=30_000)
    alerts = main.get_by_test_id("stAlertContainer").filter(has_text="链接中的")
    if note is None:
        expect(alerts).to_have_count(0)
    else:
        expect(alerts).to_contain_text(note, timeout=30_000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"deep_link_{'note' if note else 'codes'}.png"), full_page=True)


def test_briefing_mode_hides_the_sidebar(demo_server, page):
    open_page(page, f"{demo_server}/?brief=true")
    expect(page.get_by_test_id("stSidebar")).to_be_hidden(timeout=20_000)
    expect(page.locator("body")).to_contain_text("70")
    # The figures are the largest text of a card (the value's text sits in a markdown paragraph,
    # which the enlarged paragraph style must not shrink).
    value = page.get_by_test_id("stMetricValue").first.locator("p")
    label = page.get_by_test_id("stMetricLabel").first.locator("p")
    size = "e => parseFloat(getComputedStyle(e).fontSize)"
    assert value.evaluate(size) >= 2 * label.evaluate(size)
    assert page.evaluate(f"{CUT_LABELS}.map(e => e.innerText)") == []  # every label whole, with its unit
    # The charts side by side, each within its column, nothing of them cut or overlapping.
    wait_for_charts(page)
    within = """[...document.querySelectorAll('[class*="st-key-chart_"]')].every(b => {
        const c = b.getBoundingClientRect(), s = b.querySelector('svg.static-chart').getBoundingClientRect();
        return s.width > 300 && s.left >= c.left - 1 && s.right <= c.right + 1; })"""
    assert page.evaluate(within)
    assert page.evaluate(STATIC_CLASHES) == []
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "briefing.png"), full_page=True)
