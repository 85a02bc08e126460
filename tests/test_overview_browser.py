"""The overview for leaders in real Chromium on the demo store (issue 17): at 1440×900 its cards,
rates, trend, ranking and 控制指标 board drawn; in 简报模式 at 1920×1080 the cards, the sentence and
the three charts on one screen. Screenshotted into tests/screenshots/overview_1440x900.png and
overview_briefing_1920x1080.png (look at them)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lawreport_data import api, catalog, charts
from tests.test_browser import (
    CUT_LABELS,
    SHOTS,
    STATIC_CLASHES,
    chromium_page,
    open_page,
    served_store,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

BOTTOMS = """(selector) => [...document.querySelectorAll(selector)].map(e => e.getBoundingClientRect().bottom)"""


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    with served_store(
        tmp_path_factory.mktemp("overview") / "demo.sqlite", lambda e: api.init_db(e, demo_data=True)
    ) as url:
        yield url


def test_the_overview_draws_its_trend_ranking_and_board_at_1440x900(demo_url):
    with chromium_page(height=900) as page:
        open_page(page, f"{demo_url}/")
        wait_for_charts(page)
        titles = page.evaluate(
            "[...document.querySelectorAll('svg.static-chart')].map(p => p.getAttribute('aria-label'))"
        )
        assert titles[0] == "连云港市 2022年 事故起数 逐月走势"
        assert titles[1].startswith("连云港市 2022年1-11月 事故起数 各地区排名")
        assert titles[2] == "连云港市 2022年1-11月累计 控制指标进度：死亡人数"
        body = expect(page.locator("body"))
        body.to_contain_text("海州区死亡人数已达全年控制数的100.0%，超时间进度8.5个百分点")
        body.to_contain_text("亿元GDP生产安全事故死亡率")
        assert page.get_by_test_id("stException").count() == 0
        assert page.evaluate(f"{CUT_LABELS}.map(e => e.innerText)") == []
        assert page.evaluate(STATIC_CLASHES) == []  # no label cut by a chart's edge or over another
        assert page.evaluate("typeof window.Plotly") == "undefined"  # drawn on the server, no Plotly code
        # a bar tells its figure on hover (the SVG's <title>)
        hover = page.locator("svg.static-chart rect.bar title").first.text_content()
        assert hover.startswith("1月：")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "overview_1440x900.png"), full_page=True)


def test_briefing_mode_fits_the_overview_on_one_1920x1080_screen(demo_url):
    with chromium_page(height=1080, width=1920) as page:
        open_page(page, f"{demo_url}/?brief=true")
        wait_for_charts(page)
        assert page.locator("svg.static-chart").count() == 3  # trend, ranking, board side by side
        expect(page.get_by_test_id("stSidebar")).to_be_hidden()
        cards = page.evaluate(BOTTOMS, '[data-testid="stMetric"]')
        plots = page.evaluate(BOTTOMS, "svg.static-chart")
        assert len(cards) == len(catalog.BRIEFING_CARDS) + 1  # and 双下降
        assert max(cards + plots) <= 1080, "every card and chart on the first screen"
        assert page.evaluate(f"{CUT_LABELS}.map(e => e.innerText)") == []
        assert page.evaluate(STATIC_CLASHES) == []
        deltas = '[...document.querySelectorAll("[data-testid=stMetricDelta] div")].filter(e => e.scrollWidth > e.clientWidth + 1)'
        assert page.evaluate(f"{deltas}.length") == 0  # every 同比 whole
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "overview_briefing_1920x1080.png"))


def test_an_overview_chart_downloads_as_svg_and_as_a_print_resolution_png(demo_url):
    """The charts drawn on the server keep what the Plotly camera gave: the picture to take away,
    named by its title — as the SVG shown and as a PNG at three times the export size."""
    with chromium_page(height=900) as page:
        open_page(page, f"{demo_url}/")
        wait_for_charts(page)
        trend = page.locator(".st-key-chart_1_accidents_trend svg.static-chart")
        title = trend.get_attribute("aria-label")
        page.get_by_test_id("stExpander").first.get_by_text(catalog.UI["table"]).click()
        with page.expect_download(timeout=30_000) as info:
            page.get_by_role("button", name=catalog.UI["download_svg"]).click()
        svg = Path(info.value.path()).read_text(encoding="utf-8")
        assert info.value.suggested_filename == f"{title.replace(' ', '_')}.svg"
        assert svg.startswith("<svg") and f'aria-label="{title}"' in svg  # the picture shown
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=catalog.UI["download_png"]).click()
        data = Path(info.value.path()).read_bytes()
        assert info.value.suggested_filename == f"{title.replace(' ', '_')}.png"
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", data[16:24]) == (3 * charts.WIDTH, 3 * charts.HEIGHT)
