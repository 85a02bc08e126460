"""The 执法台账 page in real Chromium, opened by a deep link to 2022 (全年), on a store with the
report's figures and a county's inspection and penalty case ledgers: its cards (the report's 1414
with the ledger's distinct count beside it), the 通报 sentence, its seven charts (in two groups, one drawn at a time) drawn with Chinese
titles naming region and span, the record list; screenshotted into
tests/screenshots/enforcement_ledger.png (look at it)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import expect

from lawreport_data import api, catalog
from tests.test_browser import SHOTS, STATIC_CLASHES, chromium_page, open_page, served_store, wait_for_charts
from tests.test_enforcement_records import CASES, INSPECTIONS

pytestmark = pytest.mark.browser


def _ledgers(engine) -> None:
    api.init_db(engine)
    for data in (INSPECTIONS, CASES):
        api.apply_import(engine, io.BytesIO(data), "台账.csv", user="analyst")


@pytest.fixture(scope="module")
def enforcement_server(tmp_path_factory):
    with served_store(tmp_path_factory.mktemp("enforcement") / "store.sqlite", _ledgers) as url:
        yield url


def titles_become(page, titles: list[str]) -> None:
    """Wait until the page's charts, drawn on the server as SVGs, are these (their titles, lines
    joined by a space), in order."""
    labels = "[...document.querySelectorAll('svg.static-chart')].map(s => s.getAttribute('aria-label'))"
    page.wait_for_function(f"([want]) => JSON.stringify({labels}) === JSON.stringify(want)", arg=[titles],
                           timeout=30_000)  # fmt: skip


def test_a_deep_link_opens_the_enforcement_page_with_its_cards_charts_and_records(enforcement_server):
    with chromium_page(height=4200) as page:
        open_page(page, f"{enforcement_server}/enforcement-ledger?kind=year&year=2022")
        body = expect(page.locator("body"))
        body.to_contain_text(catalog.ENFORCEMENT_LEDGER_TITLE)
        expect(page.locator('[data-testid="stMetricValue"]')).to_have_text(["1414", "4", "3", "3.6"])
        body.to_contain_text("台账统计：2家")
        body.to_contain_text(
            "今年，全市共检查企业2家、4家次，发现隐患6条，其中重大隐患1条；立案3起，罚没款3.6万元，移送司法机关1起。"
        )
        wait_for_charts(page)
        titles_become(page, [  # the inspections' charts first, the cases' one click away
            "连云港市 2022年 执法检查家次 按检查方式",
            "连云港市 2022年 执法检查家次 按月份",
            "连云港市 2022年 执法检查企业数 按地区 （各地区分别去重，合计不等于各地区之和）",
        ])  # fmt: skip
        expect(page.locator(".st-key-html_table_enf_records")).to_contain_text("JC-4")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / "enforcement_ledger.png"), full_page=True)
        page.locator(
            ".st-key-enf_charts button", has_text=catalog.ENFORCEMENT_LEDGER_PAGE["chart_groups"]["cases"]
        ).click()
        titles_become(page, [
            "连云港市 2022年 行政处罚案件数 按案件来源",
            "连云港市 2022年 行政处罚案件数 按处罚种类 （一案多种处罚的分别计入）",
            "连云港市 2022年 罚没款金额 按月份",
            "连云港市 2022年 罚没款金额 按地区",
        ])  # fmt: skip
        wait_for_charts(page)
        assert page.evaluate(STATIC_CLASHES) == []  # no label cut by a chart's edge or over another
        assert page.evaluate("typeof window.Plotly") == "undefined"
        page.screenshot(path=str(SHOTS / "enforcement_ledger_cases.png"), full_page=True)
