"""The 控制指标 page (admins; issue 17): a target entered and revised (audited), a file checked
with every problem named and nothing written, then imported on confirmation; other accounts are
refused in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api
from tests.conftest import sign_in

APP = Path(__file__).resolve().parent.parent / "app.py"
PAGE = "pages/targets.py"


@pytest.fixture
def admin_page(report_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "chief", "chief-secret-1", "admin")
    api.add_user(report_engine, "guanyun", "gy-secret-12", "county", region="灌云县")
    at = sign_in(AppTest.from_file(str(APP), default_timeout=60).run(), "chief", "chief-secret-1")
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    assert at.selectbox(key="tg_year").value == 2022  # the year the dashboard opens on (the report's)
    return at


def _text(element) -> str:
    """A message as shown: its markdown escapes (a file name's ``\\.``) read as the characters."""
    return element.value.replace("\\", "")


def _enter(at, region: str, indicator: str, value: float):
    at.selectbox(key="tg_region").set_value(region)
    at.selectbox(key="tg_indicator").set_value(indicator)
    at.number_input(key="tg_value").set_value(value)
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception, at.exception


def test_an_admin_enters_a_target_then_revises_it_and_the_audit_log_keeps_the_revision(admin_page, report_engine):
    at = admin_page
    assert any(i.value == "2022年尚未设置控制指标。" for i in at.info)
    _enter(at, "320723", "deaths", 6)
    assert [s.value for s in at.success] == ["已保存：灌云县2022年死亡人数控制数 6（新增）。"]
    _enter(at, "320723", "deaths", 5)
    assert [s.value for s in at.success] == ["已保存：灌云县2022年死亡人数控制数 5（修订，原为6）。"]
    table = at.dataframe[0].value
    assert table[["地区", "指标", "控制数", "来源", "设置人"]].values.tolist() == [
        ["灌云县", "死亡人数", "5", "控制指标页面录入", "chief"]
    ]
    revisions = [r for r in api.audit_rows(report_engine) if r["action"] == "target_revise"]
    assert [(r["actor"], r["detail"]) for r in revisions] == [("chief", "6 → 5")]
    assert api.progress(report_engine, 2022, 11, "灌云县")["rows"][1]["target"] == 5


def test_a_targets_file_with_problems_is_refused_with_each_named_and_nothing_written(admin_page, report_engine):
    at = admin_page
    bad = "地区,年度,指标,控制数\n灌云县,2022,死亡人数,6\n灌南,2022,受伤人数,x\n".encode("gbk")
    at.file_uploader(key="tg_upload_0").set_value(("控制指标.csv", bad, "text/csv")).run()
    assert [_text(e) for e in at.error] == ["文件“控制指标.csv”有3处问题，未导入："]
    problems = at.dataframe[-1].value
    assert problems[["行号", "列"]].values.tolist() == [[3, "地区"], [3, "指标"], [3, "控制数"]]
    assert not [b for b in at.button if b.label == "确认导入"]
    assert api.target_rows(report_engine, 2022) == []


def test_a_good_targets_file_is_checked_then_imported_on_confirmation(admin_page, report_engine):
    at = admin_page
    good = "2022年控制指标\n地区,年度,指标,控制数\n连云港市,2022,事故起数,76\n灌云县,2022,死亡人数,6\n".encode("gbk")
    at.file_uploader(key="tg_upload_0").set_value(("控制指标.csv", good, "text/csv")).run()
    assert [_text(i) for i in at.info][-1] == "文件“控制指标.csv”共2项控制指标，检查无误。"
    assert api.target_rows(report_engine, 2022) == []  # nothing before the confirmation
    next(b for b in at.button if b.label == "确认导入").click().run()
    assert [_text(s) for s in at.success] == ["已导入“控制指标.csv”：新增2项，修订0项，未变0项。"]
    assert len(api.target_rows(report_engine, 2022)) == 2


def test_a_county_analyst_may_not_set_targets(admin_page):
    at = sign_in(AppTest.from_file(str(APP), default_timeout=60).run(), "guanyun", "gy-secret-12")
    at.switch_page(PAGE).run()
    assert [e.value for e in at.error] == ["只有市级管理员可以设置控制指标。"]
    assert not at.get("file_uploader") and not at.dataframe
