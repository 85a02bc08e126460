"""A store with a hundred counties (a province's count) in real Chromium: the sidebar's 地区 finds one
as its name is typed, and the city's chart of its counties has a bar for each (named as the store
names them), a row of the page to itself and room for every bar (``charts.room_for_bars``, ``ui.render_charts``); screenshotted into
tests/screenshots/ (look at it)."""

from __future__ import annotations

import pandas as pd
import pytest
from playwright.sync_api import expect

from lawreport_data import api, charts, store
from tests.test_browser import SHOTS, chromium_page, open_page, served_store, wait_for_charts

pytestmark = pytest.mark.browser
COUNTIES = 100


def _hundred_counties(engine) -> None:
    api.init_db(engine)
    codes = [f"SIM{k:03d}" for k in range(COUNTIES)]
    regions = pd.DataFrame({"code": codes, "name": [f"示例县{k:03d}" for k in range(COUNTIES)], "kind": "county",
                            "parent": "320700"})  # fmt: skip
    rows = [dict(indicator=i, region=c, year=2022, start=1, end=11, value=float(k % 9 + 1), origin="import")
            for i in ("accidents", "deaths") for k, c in enumerate(codes)]  # fmt: skip
    with store.session_factory(engine).begin() as s:
        store.add_regions(s, regions)
        store.apply_observations(s, pd.DataFrame(rows), user="analyst")


@pytest.fixture(scope="module")
def many_server(tmp_path_factory):
    with served_store(tmp_path_factory.mktemp("many") / "store.sqlite", _hundred_counties) as url:
        yield url


def test_the_sidebar_finds_one_of_a_hundred_counties_as_its_name_is_typed(many_server):
    with chromium_page(height=1000) as page:
        open_page(page, f"{many_server}/accidents")
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.click()
        options = page.locator('[role="option"]')  # drawn as the list scrolls: a few of the 111 at a time
        page.keyboard.type("示例县057")
        expect(options).to_have_count(1)
        assert options.all_inner_texts() == ["示例县057"]
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{many_server}/accidents?region=%E7%A4%BA%E4%BE%8B%E5%8E%BF057")
        expect(page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first).to_contain_text(
            "示例县057"
        )


def test_a_chart_of_a_hundred_counties_has_a_row_to_itself_and_room_for_every_bar(many_server):
    with chromium_page(height=4200) as page:
        open_page(page, f"{many_server}/accidents?region=320700&kind=span&year=2022&month=11")
        wait_for_charts(page)
        chart = page.locator(".st-key-chart_1_accidents_children")
        expect(chart.locator("g.point")).to_have_count(COUNTIES)  # a bar for each county
        for k in (0, 57, COUNTIES - 1):  # named as the store names them, not by their codes
            expect(chart.locator("g.ytick text", has_text=f"示例县{k:03d}")).to_have_count(1)
        box, half = chart.bounding_box(), page.locator(".st-key-chart_1_accidents_compare").bounding_box()
        assert box["width"] > 1.9 * half["width"]  # the page's width, not a half-width column's
        assert box["height"] >= charts.BARS_FRAME + charts.BAR_ROOM * COUNTIES
        page.screenshot(path=str(SHOTS / "many_regions_accidents.png"), full_page=True)
