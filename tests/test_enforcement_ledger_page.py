"""The 执法台账 page through AppTest, on a store holding the report's figures and a county's
inspection and penalty case ledgers: the cards (the report's 1414 shown, the ledger's distinct count
beside it), the enforcement figures, the charts (one group at a time), the transferred cases and
数据核对; and the
page of a store without those ledgers."""

import io
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api, catalog
from lawreport_data.periods import Period
from tests.test_enforcement_records import CASES, INSPECTIONS
from tests.test_overview import plotly_charts, static_charts

pytestmark = pytest.mark.apptest
ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/enforcement_ledger.py"
T = catalog.ENFORCEMENT_LEDGER_PAGE


def open_page(engine, monkeypatch) -> AppTest:
    """The page for 2022 (全年), chosen in the sidebar."""
    monkeypatch.setenv("LAWREPORT_DB_URL", engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(PAGE).run()
    at.radio(key="kind").set_value("year")
    at.selectbox(key="year").set_value(2022).run()
    assert not at.exception, at.exception
    return at


def test_the_page_shows_the_ledgers_figures_charts_transfers_and_checks(report_engine, monkeypatch):
    for data in (INSPECTIONS, CASES):
        api.apply_import(report_engine, io.BytesIO(data), "台账.csv", user="analyst")
    at = open_page(report_engine, monkeypatch)
    cards = {m.label: m.value for m in at.metric}
    assert cards == {
        "执法检查企业数（家）": "1414",
        "检查家次（家次）": "4",
        "行政处罚案件数（件）": "3",
        "罚没款金额（万元）": "3.6",
    }
    assert any("台账统计：2家" in c.value for c in at.caption)  # the ledger's distinct count beside the report's
    sentence = "今年，全市共检查企业2家、4家次，发现隐患6条，其中重大隐患1条；立案3起，罚没款3.6万元，移送司法机关1起。"
    shown = [m.value.replace("\\", "") for m in at.markdown]  # markdown escapes the dot: 3\\.6
    assert f"**{sentence}**" in shown, shown
    html = [h.value for h in at.get("html")]
    assert any("双随机检查占比" in h and "50.0" in h and "结案率" in h and "33.3" in h for h in html)
    assert any("AJ-2" in h and "张某" in h for h in html)  # the transferred case
    assert any("1414" in h and "-1412" in h for h in html)  # 数据核对
    view = api.enforcement_view(report_engine, Period.parse("2022"))
    assert [s.kind for s in view.charts] == [
        "ledger_method", "ledger_visits_month", "ledger_region", "ledger_source", "ledger_penalty", "ledger_fines",
        "ledger_fines_region",
    ]  # fmt: skip
    visits = dict(zip(view.charts[1].data["category"], view.charts[1].data["value"], strict=True))
    assert len(visits) == 12 and (visits["3月"], visits["4月"], visits["5月"]) == (2.0, 2.0, 0.0)  # every month
    assert view.charts[3].data["category"].tolist() == ["事故调查", "举报", "双随机"]  # a case each
    assert view.charts[6].data["category"].tolist() == ["灌云县", "东海县"]
    assert view.charts[6].data["value"].tolist() == [3.6, 0.0]  # 罚没款 (万元): 灌云县 35000 + 1200 元
    assert view.charts[2].data["category"].tolist() == ["灌云县", "东海县"]
    assert view.charts[2].data["value"].tolist() == [2.0, 1.0]  # each county's distinct count; the city's is 2
    # drawn one group at a time: the inspections' first, the cases' when chosen
    groups = view.chart_groups()
    assert {g: [s.kind for s in specs] for g, specs in groups.items()} == {
        "inspections": ["ledger_method", "ledger_visits_month", "ledger_region"],
        "cases": ["ledger_source", "ledger_penalty", "ledger_fines", "ledger_fines_region"],
    }
    titles = lambda: [c["title"] for c in static_charts(at)]  # noqa: E731
    assert titles() == [s.title.replace("<br>", " ") for s in groups["inspections"]]
    at.segmented_control(key="enf_charts").set_value("cases").run()
    assert titles() == [s.title.replace("<br>", " ") for s in groups["cases"]]
    assert not plotly_charts(at)  # drawn on the server: the page loads no Plotly code


def test_a_store_without_the_ledgers_says_how_to_fill_it(report_engine, monkeypatch):
    at = open_page(report_engine, monkeypatch)
    assert [i.value for i in at.info] == [T["no_records"]]
    assert not at.metric


def test_the_record_list_shows_either_ledger_filtered_and_exports_the_same(report_engine, monkeypatch):
    for data in (INSPECTIONS, CASES):
        api.apply_import(report_engine, io.BytesIO(data), "台账.csv", user="analyst")
    at = open_page(report_engine, monkeypatch)
    records = next(h.value for h in at.get("html") if "JC-1" in h.value)
    assert all(f"JC-{i}" in records for i in (1, 2, 3, 4)) and "双随机" in records
    at.multiselect(key="enf_inspections_method").set_value(["random"]).run()
    records = next(h.value for h in at.get("html") if "JC-1" in h.value)
    assert "JC-4" in records and "JC-2" not in records and "JC-3" not in records
    at.radio(key="enf_list").set_value("cases").run()
    at.selectbox(key="enf_cases_region").set_value("320722").run()  # 东海县
    assert not at.exception, at.exception
    records = next(h.value for h in at.get("html") if "AJ-3" in h.value)
    assert "AJ-1" not in records and "责令停产停业" in records
    csv = api.enforcement_export(report_engine, Period.parse("2022"), kind="cases", filters={"source": ["complaint"]})
    text = csv.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("案件编号,立案日期") and "AJ-2" in text and "AJ-1" not in text
    assert "罚款、没收违法所得" in text


def test_the_demos_records_are_stamped_as_demo_data(demo_engine, monkeypatch):
    at = open_page(demo_engine, monkeypatch)
    assert [w.value for w in at.warning] == [catalog.UI["synthetic_warning"]]
    assert any("（示例数据）" in m.value for m in at.markdown)
    view = api.enforcement_view(demo_engine, Period.parse("2022"))
    assert view.synthetic and all(spec.data["synthetic"].all() for spec in view.charts)
    assert view.cards[0]["source"] == "official" and not view.cards[0]["synthetic"]  # the report's 1414
    assert all(card["synthetic"] for card in view.cards[1:])


@pytest.mark.parametrize(("transferred", "listed_first"), [(20, 20), (25, 20)])
def test_a_long_list_of_transferred_cases_shows_its_first_twenty_and_all_on_request(
    report_engine, monkeypatch, transferred, listed_first
):
    header = "案件编号,立案日期,地区,当事人,案件来源,违法行为,处罚种类,罚款金额（元）,移送司法机关\n"
    rows = "".join(
        f"YS-{i:02d},2022-03-{i + 1:02d},灌云县,当事人{i},举报,无证经营,罚款,1000,是\n" for i in range(transferred)
    )
    api.apply_import(report_engine, io.BytesIO((header + rows).encode("gbk")), "台账.csv", user="analyst")
    at = open_page(report_engine, monkeypatch)
    listed = lambda: next(h.value for h in at.get("html") if "YS-00" in h.value).count("YS-")  # noqa: E731
    assert listed() == listed_first
    switch = [t for t in at.toggle if t.key == "enf_transferred_all"]
    note = T["transferred_first"].format(total=transferred, shown=20)
    assert (note in [c.value for c in at.caption]) == (transferred > 20) == bool(switch)
    if switch:
        assert switch[0].label == T["transferred_all"].format(total=transferred)
        switch[0].set_value(True).run()
        assert listed() == transferred and note not in [c.value for c in at.caption]
