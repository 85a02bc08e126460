"""The 隐患台账 page through AppTest, on a store holding the report's figures and a county hazard
ledger sent twice (tests/test_hazard_import.py's February and March files): cards as of the
截至日期 with the official figure where the report has one, the charts with region, period and day
in their titles, the 挂牌督办 list by urgency, the enterprises with open hazards, the record list
filtered by state, and the deep link's day."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api, catalog
from tests.test_hazard_import import FEBRUARY, MARCH

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/hazard_ledger.py"
T = catalog.HAZARD_LEDGER_PAGE


def open_page(engine, monkeypatch, as_of: str) -> AppTest:
    """The page for 2022年1-2月 as of ``as_of``, chosen in the sidebar (AppTest's page switch drops
    the address; the deep link itself is opened in Chromium: tests/test_hazard_ledger_browser.py)."""
    monkeypatch.setenv("LAWREPORT_DB_URL", engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(PAGE).run()
    at.radio(key="kind").set_value("span").run()
    at.selectbox(key="year").set_value(2022)
    at.selectbox(key="month").set_value(2).run()
    at.date_input(key="asof").set_value(dt.date.fromisoformat(as_of)).run()
    assert not at.exception, at.exception
    assert any(c.value.startswith("连云港市 2022年1-2月") for c in at.caption)
    return at


@pytest.fixture
def sent(report_engine):
    for data in (FEBRUARY, MARCH):
        api.apply_import(report_engine, io.BytesIO(data), "隐患台账.csv", user="analyst")
    return report_engine


def cards(at) -> dict:
    return {m.label: (m.value, m.delta) for m in at.metric}


def tables(at) -> list[str]:
    return [h.value for h in at.get("html")]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        # March's re-send read as of 3-1: 6 found, 4 rectified (66.7%), none overdue.
        (
            "2022-03-01",
            {"排查隐患数（条）": "6", "整改隐患数（条）": "4", "整改率（%）": "66.7%", "逾期未整改数（条）": "0"},
        ),
        # as of 2-1 the completion dates were still to come: 5 found, 1 rectified, H2 overdue.
        (
            "2022-02-01",
            {"排查隐患数（条）": "5", "整改隐患数（条）": "1", "整改率（%）": "20.0%", "逾期未整改数（条）": "1"},
        ),
    ],
)
def test_the_cards_read_the_hazards_on_the_chosen_day(sent, monkeypatch, as_of, expected):
    at = open_page(sent, monkeypatch, as_of)
    assert {k: v for k, (v, _) in cards(at).items()} == expected
    assert any(T["as_of_caption"].format(as_of=as_of) == c.value for c in at.caption)
    assert all(not delta for _, delta in cards(at).values())  # nothing sent for 2021: no change shown


def test_the_charts_supervised_list_and_companies_say_what_is_open_on_the_day(sent, monkeypatch):
    at = open_page(sent, monkeypatch, "2022-02-01")
    specs = [json.loads(c.proto.json) for c in at.get("bidi_component") if c.proto.component_name == "lawreport_chart"]
    titles = [json.loads(s["figure"])["layout"]["title"]["text"] for s in specs]
    html = "\n".join(tables(at))
    # H3 (重大, 市级挂牌督办, due 2-28) is open on 2-1 with 27 days left
    assert "剩余27天" in html and "丙化工有限公司" in html
    # 乙机械 (H2, overdue) and four other enterprises have an open hazard on 2-1
    assert "乙机械有限公司" in html
    # the record list shows no completion date that was still to come on 2-1 (H2's 2-05)
    assert "2022-02-05" not in html and "2022-01-15" in html
    assert titles == [
        "连云港市 2022年1-2月 隐患整改进度<br>（2022年1-2月发现，截至2022-02-01）",
        "连云港市 2022年1-2月 隐患整改率 按地区<br>（2022年1-2月发现，截至2022-02-01）",
        "连云港市 未整改隐患 按发现至今天数<br>（2022年1-2月发现，截至2022-02-01）",
    ]


def test_the_record_list_is_filtered_by_state_on_the_day(sent, monkeypatch):
    at = open_page(sent, monkeypatch, "2022-02-01")
    at.multiselect(key="hz_status").set_value(["overdue"]).run()
    assert not at.exception, at.exception
    assert any("共 1 条记录" in c.value for c in at.caption)
    listed = [t for t in tables(at) if "隐患编号" in t and "状态" in t]
    assert listed and "H2" in listed[0] and "H3" not in listed[0]


def test_the_charts_name_the_hazard_ledger_and_its_batches_as_their_source(sent, monkeypatch):
    at = open_page(sent, monkeypatch, "2022-03-01")
    specs = [json.loads(c.proto.json) for c in at.get("bidi_component") if c.proto.component_name == "lawreport_chart"]
    notes = [
        a["text"] for s in specs for a in json.loads(s["figure"])["layout"]["annotations"] if a.get("name") == "source"
    ]
    assert notes and all(n.replace("<br>", "") == "数据来源：隐患台账（导入批次 #1、#2）" for n in notes), notes
