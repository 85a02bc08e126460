"""The 隐患台账 page in real Chromium, opened by a deep link that names the span and the 截至日期
(``?kind=span&year=2022&month=2&asof=2022-02-01``), on a store with the report's figures and a
county hazard ledger sent twice: its cards read on that day, its three charts drawn with Chinese
titles naming region, span and day, the 挂牌督办 list; screenshotted into
tests/screenshots/hazard_ledger.png (look at it)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from lawreport_data import api, catalog
from tests.test_browser import SHOTS, chromium_page, open_page, served_store, wait_for_charts
from tests.test_hazard_import import FEBRUARY, MARCH

pytestmark = pytest.mark.browser


def _two_sends(engine) -> None:
    """The report's figures and the county's hazard ledger of February, then of March."""
    api.init_db(engine)
    for data in (FEBRUARY, MARCH):
        api.apply_import(engine, io.BytesIO(data), "隐患台账.csv", user="analyst")


@pytest.fixture(scope="module")
def hazard_server(tmp_path_factory):
    with served_store(tmp_path_factory.mktemp("hazards") / "store.sqlite", _two_sends) as url:
        yield url


@pytest.fixture
def page():
    with chromium_page(height=3000) as pg:
        yield pg


@pytest.mark.parametrize(
    ("as_of", "found", "rectified", "rate"),
    [("2022-02-01", "5", "1", "20.0%"), ("2022-03-01", "6", "4", "66.7%")],
)
def test_a_deep_link_opens_the_hazard_page_on_its_day_with_its_charts(
    hazard_server, page, as_of, found, rectified, rate
):
    open_page(page, f"{hazard_server}/hazard-ledger?kind=span&year=2022&month=2&asof={as_of}")
    body = expect(page.locator("body"))
    body.to_contain_text(catalog.HAZARD_LEDGER_TITLE)
    body.to_contain_text(catalog.HAZARD_LEDGER_PAGE["as_of_caption"].format(as_of=as_of))
    metrics = page.locator('[data-testid="stMetricValue"]')
    expect(metrics).to_have_text([found, rectified, rate, "1" if as_of == "2022-02-01" else "0"])
    wait_for_charts(page)
    titles = [
        f"连云港市 2022年1-2月 隐患整改进度（2022年1-2月发现，截至{as_of}）",
        f"连云港市 2022年1-2月 隐患整改率 按地区（2022年1-2月发现，截至{as_of}）",
        f"连云港市 未整改隐患 按发现至今天数（2022年1-2月发现，截至{as_of}）",
    ]
    expect(page.locator(".js-plotly-plot .gtitle")).to_have_text(titles)
    if as_of == "2022-02-01":
        body.to_contain_text("剩余27天")  # H3, 市级挂牌督办, due 2-28
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"hazard_ledger_{as_of}.png"), full_page=True)
