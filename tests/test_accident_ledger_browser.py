"""The 事故台账 page in real Chromium with a demo-like ledger (synthetic records of 2021 and 2022 on a
store made by `init-db --demo`): its cards and five charts drawn, the two of 按发生时段、星期统计 when it is turned on, with Chinese glyphs and the
示例数据 stamp; screenshotted into tests/screenshots/accident_ledger.png (look at it)."""

from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import expect

from lawreport_data import api, catalog
from tests.accident_data import frame, record, send
from tests.test_browser import SHOTS, chromium_page, open_page, served_store, wait_for_charts

pytestmark = pytest.mark.browser
COUNTIES = [r.code for r in catalog.REGION_LIST if r.parent == catalog.CITY_CODE]
TYPES = ["02", "02", "02", "09", "09", "01", "03", "06", "10", "19", "05", "20"]
SECTORS = ["road", "road", "road", "construction", "construction", "industry_trade", "hazchem", "water", "fire"]


def demo_ledger(year: int, accidents: int, deaths: int, seed: int) -> list[dict]:
    """``accidents`` synthetic records of 1-11月 of ``year`` with ``deaths`` deaths in all."""
    rng = random.Random(seed)
    dead = set(rng.sample(range(accidents), deaths))
    rows = []
    for i in range(accidents):
        when = f"{year}-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d} {rng.choice(range(6, 23)):02d}:{rng.randint(0, 59):02d}"
        rows.append(
            record(
                f"Y{year}-{i:03d}", when, rng.choice(COUNTIES), deaths=int(i in dead), injuries=rng.randint(0, 3),
                type=rng.choice(TYPES), sector=rng.choice(SECTORS), direct_loss=round(rng.uniform(0, 60), 1),
                summary="示例经过：车辆在路口与行人发生碰撞。",
            )
        )  # fmt: skip
    return rows


def _demo_with_ledger(engine) -> None:
    """A store made by `init-db --demo` with the synthetic ledgers of 2021 and 2022."""
    api.init_db(engine, demo_data=True)
    send(engine, frame(*demo_ledger(2021, 114, 56, 1), *demo_ledger(2022, 70, 37, 2)), synthetic=True)


@pytest.fixture(scope="module")
def ledger_server(tmp_path_factory):
    with served_store(tmp_path_factory.mktemp("ledger") / "demo.sqlite", _demo_with_ledger) as url:
        yield url


@pytest.fixture
def page():
    with chromium_page(height=4200) as pg:  # the whole page in one shot
        yield pg


def test_the_ledger_page_draws_its_cards_and_charts_in_chromium(ledger_server, page):
    open_page(page, f"{ledger_server}/accident-ledger?year=2022&kind=span&month=11")
    body = expect(page.locator("body"))
    body.to_contain_text(catalog.ACCIDENT_LEDGER_TITLE)
    body.to_contain_text("同比下降38.6%")  # the official 70 against 114
    wait_for_charts(page)
    titles = {by: f"连云港市 2022年1-11月 事故起数 按{label}" for by, label in catalog.ACCIDENT_BREAKDOWNS.items()}
    first = [t for by, t in titles.items() if by not in catalog.ACCIDENT_BREAKDOWNS_ON_DEMAND]
    expect(page.locator(".js-plotly-plot .gtitle")).to_have_text(first)
    # 按发生时段、星期统计 is drawn when the reader turns it on, each chart with its table.
    page.get_by_text(catalog.ACCIDENT_LEDGER_PAGE["charts_on_demand"], exact=True).click()
    expect(page.locator(".js-plotly-plot .gtitle")).to_have_text(list(titles.values()))
    wait_for_charts(page)
    tables = page.locator('[class*="st-key-table_"] summary').filter(has_text=catalog.UI["table"])
    expect(tables).to_have_count(len(titles))
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "accident_ledger.png"), full_page=True)
    stamps = page.locator(".js-plotly-plot .annotation-text").filter(
        has_text=re.compile(f"^{catalog.CHART_WATERMARK}$")
    )
    stamps = stamps.count()
    assert stamps == len(catalog.ACCIDENT_BREAKDOWNS)
