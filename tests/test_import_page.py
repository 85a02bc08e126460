"""The 数据导入 and 导入记录 pages through Streamlit's AppTest (no browser)."""

import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api
from tests.conftest import sign_in

APP = Path(__file__).resolve().parent.parent / "app.py"
GOOD = "地区,指标,期间,数值\n连云港市,事故起数,2022-01..2022-11,71\n灌云县,事故起数,2022年11月,3\n".encode("gbk")
BAD = "地区,指标,期间,数值\n灌云,事故起数,2022-13,x\n".encode()


@pytest.fixture
def import_page(report_engine, monkeypatch):
    """The app on the 数据导入 page, against a database made by init-db, an admin signed in."""
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "analyst", "analyst-secret", "admin")
    at = sign_in(AppTest.from_file(str(APP), default_timeout=60).run(), "analyst", "analyst-secret")
    at.switch_page("pages/import.py").run()
    assert not at.exception, at.exception
    return at


def metrics_of(at) -> dict:
    return {m.label: m.value for m in at.metric}


def test_upload_preview_confirm_and_the_overview_shows_the_new_figure(import_page, report_engine):
    at = import_page
    at.file_uploader[0].set_value(("更正.csv", GOOD, "text/csv")).run()
    assert not at.exception, at.exception
    assert metrics_of(at) == {"编码": "GBK", "表样": "长表", "数据行数": "2", "数值个数": "2"}
    assert "将新增1个、修改1个数值" in at.subheader[0].value
    changes = at.dataframe[0].value
    assert changes.iloc[0][["变化", "原值", "新值"]].tolist() == ["修改", "70", "71"]
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    assert "导入完成：批次1" in at.success[0].value
    history = api.import_history(report_engine)
    assert history.iloc[0][["file_name", "created_by", "rows_changed"]].tolist() == ["更正.csv", "analyst", 1]
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["事故起数（起）"] == "71"


def test_a_bad_file_shows_every_problem_and_no_button(import_page, report_engine):
    at = import_page
    at.file_uploader[0].set_value(("bad.csv", BAD, "text/csv")).run()
    assert not at.exception, at.exception
    assert "发现3处问题" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems["行号"].tolist() == [2, 2, 2]
    assert set(problems["列"]) == {"地区", "期间", "数值"}
    assert not [b for b in at.button if b.key == "confirm_import"]
    assert api.import_history(report_engine).empty


def test_a_file_that_is_not_a_table_gets_one_sentence(import_page):
    at = import_page
    at.file_uploader[0].set_value(("x.csv", b"\x00\x01\x02", "text/csv")).run()
    assert not at.exception
    assert at.error[0].value == "文件不是CSV或Excel（xlsx）表格，无法读取。"


def test_a_file_refused_whole_is_in_the_audit_log_once_however_often_the_page_reruns(import_page, report_engine):
    at = import_page
    at.file_uploader[0].set_value(("x.csv", b"\x00\x01\x02", "text/csv")).run()
    at.text_input(key="import_sheet").input("").run()  # a rerun with the file still there
    at.run()
    assert not at.exception and at.error[0].value == "文件不是CSV或Excel（xlsx）表格，无法读取。"
    refused = api.audit_log(report_engine, action="import_refused")
    assert refused[["actor", "file_name", "detail"]].values.tolist() == [
        ["analyst", "x.csv", "未读取：文件不是CSV或Excel（xlsx）表格，无法读取。"]
    ]


def test_history_lists_batches_and_undoes_one(import_page, report_engine):
    api.apply_import(report_engine, io.BytesIO(GOOD), "更正.csv", user="a")
    at = import_page
    at.switch_page("pages/history.py").run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert table.iloc[0][["批次", "文件", "状态"]].tolist() == [1, "更正.csv", "已导入"]
    log = at.dataframe[1].value.set_index("操作")
    assert log.loc["修改", ["指标", "地区", "原值", "新值"]].tolist() == ["事故起数", "连云港市", 70.0, 71.0]
    at.button(key="undo_batch").click().run()
    assert not at.exception, at.exception
    assert "批次1已撤销" in at.success[0].value
    assert api.import_history(report_engine).iloc[0]["status"] == "undone"
    at.switch_page("pages/overview.py").run()
    assert {m.label: m.value for m in at.metric}["事故起数（起）"] == "70"
