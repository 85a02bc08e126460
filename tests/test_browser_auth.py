"""Accounts end-to-end in real Chromium: a visitor sees no upload or undo; a county analyst
imports their county's file and is refused another county's rows; an admin undoes a batch and
finds every step in the audit log."""

import csv
import io
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lawreport_data import api
from tests.test_browser_import import open_import_page, page, run_ended, served_app, sign_in, upload  # noqa: F401

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parent / "screenshots"


def nav_entries(tab) -> list[str]:
    return tab.locator(".st-key-app_menu").locator("a").all_inner_texts()


def test_a_visitor_sees_the_dashboard_but_no_import_history_or_audit(served_app, page):  # noqa: F811
    base, _ = served_app
    page.goto(base)
    expect(page.locator(".st-key-app_menu")).to_contain_text("总览", timeout=60_000)
    run_ended(page)
    page.get_by_test_id("stMetric").filter(has_text="事故起数").get_by_text("70", exact=True).wait_for(timeout=30_000)
    entries = nav_entries(page)
    assert "登录" in entries and "总览" in entries
    assert not {"数据导入", "导入记录", "审计日志"} & set(entries)
    assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
    page.goto(f"{base}/import")  # a typed address does not get round the navigation
    expect(page.locator(".st-key-app_menu")).to_contain_text("总览", timeout=60_000)
    run_ended(page)
    assert page.get_by_test_id("stFileUploaderDropzoneInput").count() == 0
    assert page.get_by_role("button", name="撤销批次").count() == 0


def test_a_wrong_password_is_refused(served_app, page):  # noqa: F811
    base, _ = served_app
    sign_in(page, base, "chief", "not-the-password")
    page.get_by_text("用户名或密码不正确。").wait_for(timeout=30_000)
    assert "数据导入" not in nav_entries(page)


def test_county_analyst_and_admin_with_every_step_in_the_audit_log(served_app, page):  # noqa: F811
    base, engine = served_app
    SHOTS.mkdir(exist_ok=True)
    open_import_page(page, base, "guanyun", "gy-secret-12")
    assert "审计日志" not in nav_entries(page)
    upload(page, "灌云11月.csv", "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode("gbk"))
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成：批次1").wait_for(timeout=30_000)

    upload(page, "混合.csv", "地区,指标,期间,数值\n灌云县,事故起数,2022-10,2\n灌南县,事故起数,2022-10,4\n".encode())
    page.get_by_text("发现1处问题").wait_for(timeout=30_000)
    page.get_by_text("本账号只能导入灌云县及其镇街的数据").first.wait_for(state="attached", timeout=30_000)
    page.screenshot(path=str(SHOTS / "auth_county_refused.png"), full_page=True)
    assert page.get_by_role("button", name="确认导入").count() == 0
    assert api.import_history(engine)["file_name"].tolist() == ["灌云11月.csv"]

    logout = page.get_by_test_id("stSidebar").get_by_role("button", name="退出登录")
    logout.click()
    expect(logout).to_have_count(0, timeout=30_000)
    run_ended(page)
    sign_in(page, base, "chief", "chief-secret-1")
    page.locator(".st-key-app_menu").get_by_text("导入记录").click()
    page.get_by_role("heading", name="导入记录").wait_for(timeout=30_000)
    run_ended(page)
    page.get_by_role("button", name="撤销批次").click()
    page.get_by_text("批次1已撤销").wait_for(timeout=30_000)
    assert api.import_history(engine).iloc[0]["status"] == "undone"

    page.locator(".st-key-app_menu").get_by_text("审计日志").click()
    page.get_by_role("heading", name="审计日志").wait_for(timeout=30_000)
    run_ended(page)
    page.screenshot(path=str(SHOTS / "auth_audit.png"), full_page=True)
    events = api.audit_log(engine)
    steps = list(zip(events["actor"], events["action"], strict=True))
    assert steps[:5] == [
        ("chief", "undo"),
        ("chief", "login"),
        ("guanyun", "import_refused"),
        ("guanyun", "import"),
        ("guanyun", "login"),
    ]
    grid = page.get_by_test_id("stDataFrame")
    expect(grid).to_have_count(1)
    expect(grid).to_be_visible()


def test_markup_in_a_file_name_is_shown_as_text_not_run(served_app, page):  # noqa: F811
    base, engine = served_app
    hostile = "<img src=x onerror=window.__xss=1>[点我](javascript:window.__xss=2).csv"
    open_import_page(page, base)
    upload(page, hostile, "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode())
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("导入完成：批次1").wait_for(timeout=30_000)
    page.locator(".st-key-app_menu").get_by_text("导入记录").click()
    page.get_by_role("heading", name="导入记录").wait_for(timeout=30_000)
    run_ended(page)
    assert page.locator('img[src="x"]').count() == 0
    assert page.locator('a[href^="javascript"]').count() == 0
    assert page.evaluate("window.__xss") is None
    assert api.import_history(engine).iloc[0]["file_name"] == hostile


def test_the_grids_own_csv_download_of_import_records_holds_no_formula(served_app, page):  # noqa: F811
    base, engine = served_app
    good = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode()
    api.apply_import(engine, io.BytesIO(good), "=HYPERLINK(1).csv", user="chief")
    # The grid saves through the File System Access API when there is one (a native dialog, which
    # Playwright cannot answer); without it, it falls back to a plain download link.
    page.add_init_script("window.showSaveFilePicker = async () => { throw new Error('no picker in tests'); }")
    sign_in(page, base, "chief", "chief-secret-1")
    page.locator(".st-key-app_menu").get_by_text("导入记录").click()
    page.get_by_role("heading", name="导入记录").wait_for(timeout=30_000)
    run_ended(page)
    grid = page.get_by_test_id("stDataFrame").first
    grid.hover()
    with page.expect_download(timeout=30_000) as info:
        grid.get_by_role("button", name="Download as CSV").click()
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"), newline="")))
    assert "'=HYPERLINK(1).csv" in rows[1]
    assert not [c for row in rows for c in row if c.startswith(("=", "+", "-", "@", "\t", "\r"))]


def test_a_reload_signs_out_but_the_menu_keeps_the_sign_in(served_app, page):  # noqa: F811
    base, _ = served_app
    sign_in(page, base, "chief", "chief-secret-1")
    page.locator(".st-key-app_menu").get_by_text("导入记录").click()
    page.get_by_role("heading", name="导入记录").wait_for(timeout=30_000)
    run_ended(page)
    assert "审计日志" in nav_entries(page)
    page.reload()
    expect(page.locator(".st-key-app_menu")).to_contain_text("总览", timeout=60_000)
    run_ended(page)
    expect(page.locator(".st-key-app_menu")).not_to_contain_text("审计日志")
    assert "登录" in nav_entries(page)
