"""The 数据导入 page with an accident ledger, through Streamlit's AppTest (no browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api
from tests.conftest import sign_in

APP = Path(__file__).resolve().parent.parent / "app.py"
HEADER = "事故编号,发生时间,地区,事故单位,行业领域,事故类别,死亡人数,受伤人数,简要经过"
ROWS = (
    "GY-1,2022-03-05 14:30,灌云县,甲公司,化工,中毒窒息,1,0,<b>储罐</b>",
    "GY-2,2022/3/6,灌云县,乙公司,建筑施工,高处坠落,0,1,",
)


def ledger(*rows: str) -> bytes:
    return ("\n".join(["灌云县事故台账", HEADER, *rows]) + "\n").encode("gbk")


@pytest.fixture
def import_page(report_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "analyst", "analyst-secret", "admin")
    at = sign_in(AppTest.from_file(str(APP), default_timeout=60).run(), "analyst", "analyst-secret")
    at.switch_page("pages/import.py").run()
    assert not at.exception, at.exception
    return at


def upload(at, data: bytes, name: str = "灌云.csv"):
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


def test_a_ledger_preview_shows_counts_and_key_then_confirm_imports_it(import_page, report_engine):
    at = upload(import_page, ledger(*ROWS))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文件类型"] == "事故台账" and metrics["事故记录"] == "2"
    assert any("按“事故编号”识别记录" in c.value for c in at.caption)
    assert "将新增2条、修改0条、移除0条事故记录" in at.subheader[0].value
    new = at.dataframe[0].value
    assert new["记录标识"].tolist() == ["GY-1", "GY-2"] and new["地区"].tolist() == ["灌云县", "灌云县"]
    assert [t.label for t in at.tabs][:2] == ["新增（2）", "修改（0）"]
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    assert "导入完成：批次1，新增2条" in at.success[0].value
    assert api.history_rows(report_engine)[0]["shape"] == "accidents"


def test_the_full_resend_checkbox_lists_and_retires_the_missing_record(import_page, report_engine):
    at = upload(import_page, ledger(*ROWS))
    at.button(key="confirm_import").click().run()
    at = upload(at, ledger(ROWS[0]), "灌云-重报.csv")
    assert "移除0条" in at.subheader[0].value
    box = next(c for c in at.checkbox if c.label == "全量重报")
    box.check().run()
    assert not at.exception, at.exception
    assert "移除1条" in at.subheader[0].value
    assert any("全量重报范围：灌云县，2022年3月至2022年3月" in c.value for c in at.caption)
    retired = [
        d.value for d in at.dataframe if "变更内容" in d.value.columns and "GY-2" in d.value["记录标识"].tolist()
    ]
    assert retired and retired[0]["变更内容"].tolist() == ["全量重报的文件中没有此记录"]
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    assert "移除1条事故记录" in at.success[0].value
    assert api.history_rows(report_engine)[0]["rows_retired"] == 1


def test_a_bad_ledger_lists_its_problems_and_offers_no_confirm(import_page):
    at = upload(import_page, ledger(ROWS[0], "GY-3,2022-03-07,灌云县,丙公司,工贸,被门夹伤,0,0,"))
    assert "发现1处问题" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems[["行号", "列"]].values.tolist() == [[4, "事故类别"]]
    assert not [b for b in at.button if b.key == "confirm_import"]


def test_the_history_lists_a_ledger_batch_s_changes_and_keeps_them_once_undone(import_page, report_engine):
    at = upload(import_page, ledger(*ROWS))
    at.button(key="confirm_import").click().run()
    at = upload(at, ledger(ROWS[0].replace(",1,0,", ",2,0,")), "灌云-续报.csv")
    next(c for c in at.checkbox if c.label == "全量重报").check().run()
    at.button(key="confirm_import").click().run()
    assert "修改1条、移除1条" in at.success[0].value
    at.switch_page("pages/history.py").run()
    assert not at.exception, at.exception
    assert at.selectbox(key="history_batch").value == 2
    assert [t.label for t in at.tabs] == ["新增（0）", "修改（1）", "移除（1）"]

    def lists():
        tables = [d.value for d in at.dataframe if "记录标识" in d.value.columns]
        return [t[["记录标识", "地区", "变更内容"]].values.tolist() for t in tables]

    expected = [[["GY-1", "灌云县", "死亡人数：1 → 2"]], [["GY-2", "灌云县", "全量重报的文件中没有此记录"]]]
    assert lists() == expected
    changed = next(d.value for d in at.dataframe if "变更内容" in d.value.columns)
    assert list(changed.columns[:3]) == ["行号", "记录标识", "变更内容"]  # what changed, beside the key
    batches = at.dataframe[0].value
    assert batches[["批次", "撤销时间", "撤销人"]].values.tolist() == [[2, "", ""], [1, "", ""]]
    at.button(key="undo_batch").click().run()
    assert not at.exception, at.exception
    assert "批次2已撤销" in at.success[0].value
    assert lists() == expected and any("本批次已撤销" in c.value for c in at.caption)
    undone = at.dataframe[0].value.iloc[0]
    assert undone["状态"] == "已撤销" and undone["撤销时间"].startswith("20") and undone["撤销人"] == "analyst"
    at.selectbox(key="history_batch").set_value(1).run()
    assert [t.label for t in at.tabs] == ["新增（2）", "修改（0）", "移除（0）"]
    new = next(d.value for d in at.dataframe if "记录标识" in d.value.columns)
    assert new[["记录标识", "事故类别", "死亡"]].values.tolist() == [
        ["GY-1", "中毒和窒息", "1"],
        ["GY-2", "高处坠落", "0"],
    ]


@pytest.mark.parametrize(
    ("months", "scope", "retired"),
    [
        (None, "2022年3月至2022年3月", ["GY-2"]),
        ((1, 11), "2022年1月至2022年11月", ["GY-2", "GY-4"]),
        ((5, 5), "2022年5月至2022年5月", ["GY-4"]),
    ],
    ids=["file-months", "jan-nov", "may"],
)
def test_a_full_resend_s_period_is_chosen_on_the_page_and_its_retirements_listed(
    import_page, report_engine, months, scope, retired
):
    may = "GY-4,2022-05-10 09:00,灌云县,丁公司,工贸,机械伤害,1,0,"
    at = upload(import_page, ledger(*ROWS, may))
    at.button(key="confirm_import").click().run()
    at = upload(at, ledger(ROWS[0]), "灌云-1至11月.csv")
    assert not [s for s in at.select_slider if s.label == "月份（默认为文件所跨月份）"]  # only for a full re-send
    next(c for c in at.checkbox if c.label == "全量重报").check().run()
    slider = next(s for s in at.select_slider if s.label == "月份（默认为文件所跨月份）")
    year = next(n for n in at.number_input if n.label == "全量重报期间：年份")
    assert (year.value, slider.value) == (2022, (3, 3))  # the file's months
    if months is not None:
        slider.set_range(*months).run()
        assert not at.exception, at.exception
    assert any(f"全量重报范围：灌云县，{scope}" in c.value for c in at.caption)
    listed = next(d.value for d in at.dataframe if "变更内容" in d.value.columns and "行号" in d.value.columns)
    assert listed["记录标识"].tolist() == retired
    assert f"移除{len(retired)}条" in at.subheader[0].value
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    assert f"移除{len(retired)}条事故记录" in at.success[0].value
    assert api.history_rows(report_engine)[0]["rows_retired"] == len(retired)


def test_a_hazard_ledger_previews_flags_a_cleared_date_and_the_history_lists_its_changes(import_page, report_engine):
    from tests.test_hazard_import import APRIL, FEBRUARY, MARCH

    at = upload(import_page, FEBRUARY, "隐患台账.csv")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文件类型"] == "隐患台账" and metrics["隐患记录"] == "5"
    assert any("按“隐患编号”识别记录" in c.value for c in at.caption)
    assert "将新增5条、修改0条、移除0条隐患记录" in at.subheader[0].value
    assert at.dataframe[0].value["隐患级别"].tolist() == ["一般", "一般", "重大", "一般", "一般"]
    at.button(key="confirm_import").click().run()
    assert "导入完成：批次1，新增5条、修改0条、移除0条隐患记录。" in at.success[0].value
    for name, data in (("3月.csv", MARCH), ("4月.csv", APRIL)):
        at = upload(at, data, name)
        assert not at.warning if data is MARCH else "1条记录清空了原已填写的日期" in at.warning[0].value
        at.button(key="confirm_import").click().run()
        assert not at.exception, at.exception
    assert [r["shape"] for r in api.history_rows(report_engine)][:3] == ["hazards"] * 3
    at.switch_page("pages/history.py").run()
    at.selectbox(key="history_batch").set_value(2).run()
    assert not at.exception, at.exception
    changed = next(d.value for d in at.dataframe if "变更内容" in d.value.columns)
    assert changed["变更内容"].tolist() == [f"整改完成日期：（空） → 2022-02-{d}" for d in ("05", "27", "12")]


def test_an_inspection_ledger_previews_imports_and_the_history_lists_its_corrected_count(import_page, report_engine):
    from tests.test_inspection_import import CORRECTED, MARCH

    at = upload(import_page, MARCH, "检查记录.csv")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文件类型"] == "检查记录" and metrics["检查记录"] == "3"
    assert any("按“检查编号”识别记录" in c.value for c in at.caption)
    assert "将新增3条、修改0条、移除0条检查记录" in at.subheader[0].value
    assert at.dataframe[0].value["检查方式"].tolist() == ["双随机", "日常检查", "专项检查"]
    at.button(key="confirm_import").click().run()
    assert "导入完成：批次1，新增3条、修改0条、移除0条检查记录。" in at.success[0].value
    at = upload(at, CORRECTED, "检查记录（更正）.csv")
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    assert [r["shape"] for r in api.history_rows(report_engine)][:2] == ["inspections"] * 2
    at.switch_page("pages/history.py").run()
    at.selectbox(key="history_batch").set_value(2).run()
    assert not at.exception, at.exception
    changed = next(d.value for d in at.dataframe if "变更内容" in d.value.columns)
    assert changed["变更内容"].tolist() == ["发现隐患数：0 → 2"]


def test_a_case_ledger_previews_its_penalties_by_name_and_the_history_lists_a_closed_case(import_page, report_engine):
    from tests.test_case_import import CLOSED, OPEN

    at = upload(import_page, OPEN, "处罚案件.csv")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["文件类型"] == "行政处罚案件" and metrics["处罚案件"] == "3"
    assert "将新增3件、修改0件、移除0件处罚案件" in at.subheader[0].value
    assert at.dataframe[0].value["处罚种类"].tolist() == ["警告、罚款", "罚款、没收违法所得", "责令停产停业"]
    at.button(key="confirm_import").click().run()
    assert "导入完成：批次1，新增3件、修改0件、移除0件处罚案件。" in at.success[0].value
    at = upload(at, CLOSED, "处罚案件（5月）.csv")
    at.button(key="confirm_import").click().run()
    assert not at.exception, at.exception
    at.switch_page("pages/history.py").run()
    at.selectbox(key="history_batch").set_value(2).run()
    assert not at.exception, at.exception
    changed = next(d.value for d in at.dataframe if "变更内容" in d.value.columns)
    assert changed["变更内容"].tolist() == ["结案日期：（空） → 2022-05-10"]
