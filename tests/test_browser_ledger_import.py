"""An accident ledger's import flow in real Chromium: a GBK CSV with a title row above its header
uploaded, previewed (its new records, the key it uses) and confirmed; a 续报 re-send (one record's
deaths raised) previewed as one change; a full re-send lacking a record previewed with it retired
and confirmed; 导入记录 listing that batch's changes; the batch undone. Screenshots of each step in
tests/screenshots/ledger_import_*.png (look at them)."""

import pytest
from playwright.sync_api import expect

from lawreport_data import api
from tests.test_browser import SHOTS
from tests.test_browser_import import open_import_page, page, run_ended, served_app, upload  # noqa: F401

pytestmark = pytest.mark.browser

HEADER = "事故编号,发生时间,地区,事故单位,行业领域,事故类别,死亡人数,受伤人数,直接经济损失（万元）,简要经过"
GY1 = "GY-2022-01,2022年3月5日14时30分,灌云县,甲化工有限公司,化工,中毒窒息,{deaths},0,120,储罐清洗时中毒"
GY2 = "GY-2022-02,2022/3/16 09:10,灌云县,乙建设公司,建筑施工,高处坠落,0,1,8.5,"
GY3 = "GY-2022-03,2022-03-28,灌云县,丙物流公司,道路交通,车辆伤害,1,2,30,"


def ledger(*rows: str) -> bytes:
    """A county's ledger as Excel's 另存为CSV writes it on Chinese Windows: GBK, a title row first."""
    return "\r\n".join(["灌云县2022年3月生产安全事故台账", HEADER, *rows, ""]).encode("gbk")


def shot(page, name: str) -> None:  # noqa: F811
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"ledger_import_{name}.png"), full_page=True)


def confirm(page, done: str) -> None:  # noqa: F811
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text(done).wait_for(timeout=30_000)
    run_ended(page)


def tab(page, label: str):  # noqa: F811
    return page.get_by_role("tab", name=label)


def test_a_ledger_is_imported_resent_fully_resent_listed_and_undone_in_chromium(served_app, page):  # noqa: F811
    base, engine = served_app
    main = page.get_by_test_id("stMain")
    open_import_page(page, base)

    upload(page, "灌云3月.csv", ledger(GY1.format(deaths=1), GY2, GY3))
    page.get_by_text("将新增3条、修改0条、移除0条事故记录").wait_for(timeout=30_000)
    expect(main.get_by_text("GBK", exact=True)).to_be_visible()
    expect(main.get_by_text("按“事故编号”识别记录")).to_be_visible()
    expect(tab(page, "新增（3）")).to_be_visible()
    shot(page, "1_preview")
    confirm(page, "导入完成：批次1，新增3条、修改0条、移除0条事故记录。")
    shot(page, "2_done")

    upload(page, "灌云3月-续报.csv", ledger(GY1.format(deaths=2), GY2, GY3))
    page.get_by_text("将新增0条、修改1条、移除0条事故记录，2条与现有记录相同").wait_for(timeout=30_000)
    tab(page, "修改（1）").click()
    shot(page, "3_follow_up")
    confirm(page, "导入完成：批次2，新增0条、修改1条、移除0条事故记录。")

    upload(page, "灌云3月-全量重报.csv", ledger(GY1.format(deaths=2), GY2))
    page.get_by_text("将新增0条、修改0条、移除0条事故记录").wait_for(timeout=30_000)
    run_ended(page)
    main.get_by_text("全量重报", exact=True).click()
    page.get_by_text("将新增0条、修改0条、移除1条事故记录").wait_for(timeout=30_000)
    expect(main.get_by_text("全量重报范围：灌云县，2022年3月至2022年3月")).to_be_visible()
    run_ended(page)
    tab(page, "移除（1）").click()
    shot(page, "4_full_resend")
    confirm(page, "导入完成：批次3，新增0条、修改0条、移除1条事故记录。")
    assert api.history_rows(engine)[0]["rows_retired"] == 1

    page.locator(".st-key-app_menu").get_by_text("导入记录").click()
    page.get_by_role("heading", name="导入记录").wait_for(timeout=30_000)
    run_ended(page)
    main.get_by_text("批次3的变更明细").click()
    expect(tab(page, "移除（1）")).to_be_visible()
    expect(tab(page, "新增（0）")).to_be_visible()
    tab(page, "移除（1）").click()
    grid = page.get_by_test_id("stExpander").get_by_test_id("stDataFrame")
    expect(grid).to_be_visible()
    expect(grid).to_contain_text("GY-2022-03")  # the retired record, drawn (not the expander half open)
    shot(page, "5_history")
    page.get_by_role("button", name="撤销批次").click()
    page.get_by_text("批次3已撤销").wait_for(timeout=30_000)
    run_ended(page)
    main.get_by_text("批次3的变更明细").click()
    expect(main.get_by_text("本批次已撤销")).to_be_visible()
    tab(page, "移除（1）").click()  # kept through the undo
    expect(tab(page, "新增（0）")).to_be_visible()
    expect(page.get_by_test_id("stExpander").get_by_test_id("stDataFrame")).to_be_visible()
    shot(page, "6_undone")
    history = api.import_history(engine)
    assert history["status"].tolist() == ["undone", "applied", "applied"]
    assert api.ledger_batch_counts(engine, 3) == {"new": 0, "changed": 0, "retired": 1}
    assert "Traceback" not in page.locator("body").inner_text()
