"""The 事故台账 page through AppTest: cards (the official figure, the ledger's count beside it),
a chart per breakdown with its title, one page of records sent at a time, a record's 简要经过
shown as text (never HTML), 数据核对 listing the records behind a difference, and an empty store."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import catalog, charts
from lawreport_data.periods import Period
from tests.accident_data import frame, record, send

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/accident_ledger.py"
T = catalog.ACCIDENT_LEDGER_PAGE
SCRIPT = "<script>alert('x')</script> **bold** [link](http://example.com)"
N = 45  # counted records of 2022年1-11月 (the report says 70), and one written off


def ledger(n: int = N) -> list[dict]:
    rows = [
        record(f"K{i:03d}", f"2022-{1 + i % 11:02d}-{1 + i % 27:02d} {i % 24:02d}:30", ["320723", "320722", "320724"][i % 3],
               deaths=i % 2, injuries=i % 3, type=f"{1 + i % 20:02d}", sector=list(catalog.ACCIDENT_SECTORS)[i % 14])
        for i in range(n)
    ]  # fmt: skip
    rows.append(
        record("LAST", "2022-11-30 23:00", "320723", status="written_off", write_off_reason="x", summary=SCRIPT)
    )
    return rows


def open_page(engine, monkeypatch) -> AppTest:
    monkeypatch.setenv("LAWREPORT_DB_URL", engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def page(report_engine, monkeypatch):
    send(report_engine, frame(*ledger()))
    return open_page(report_engine, monkeypatch)


def test_cards_show_the_official_figure_with_the_ledgers_count_and_a_link_to_the_check(page):
    cards = {m.label: (m.value, m.delta) for m in page.metric}
    assert cards["事故起数（起）"] == ("70", "同比下降38.6%")
    assert cards["死亡人数（人）"] == ("37", "同比下降33.9%")
    captions = [c.value for c in page.caption]
    beside = T["ledger_beside"].format(ledger=f"{N}起") + " · " + T["differs"].format(anchor="data-check")
    assert beside in captions
    deaths = sum(i % 2 for i in range(N))
    assert (
        T["ledger_beside"].format(ledger=f"{deaths}人") + " · " + T["differs"].format(anchor="data-check") in captions
    )
    injuries = sum(i % 3 for i in range(N))
    assert cards["受伤人数（人）"][0] == str(injuries)  # no official figure: the ledger's count


def html_tables(at: AppTest) -> list[pd.DataFrame]:
    """The page's HTML tables (``ui.html_table``: the record list, a record's fields, 数据核对) in
    order, every cell as the text shown."""
    out = []
    for element in at.get("html"):
        body = element.proto.body
        if "<table" not in body:
            continue
        head = [html.unescape(h) for h in re.findall(r"<th>(.*?)</th>", body)]
        rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1])
        out.append(
            pd.DataFrame([[html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", r)] for r in rows], columns=head)
        )
    return out


def chart_titles(at: AppTest) -> list[str]:
    specs = [json.loads(c.proto.json) for c in at.get("bidi_component") if c.proto.component_name == "lawreport_chart"]
    return [json.loads(s["figure"])["layout"]["title"]["text"] for s in specs]


def test_a_chart_per_breakdown_with_region_and_period_in_its_title(page):
    period = Period(2022, 1, 11)
    titles = {by: charts.breakdown_title("连云港市", period, by) for by in catalog.ACCIDENT_BREAKDOWNS}
    later = catalog.ACCIDENT_BREAKDOWNS_ON_DEMAND
    assert later and chart_titles(page) == [t for by, t in titles.items() if by not in later]
    assert T["charts_on_demand"] == "按发生时段、星期统计" == page.toggle(key="acc_charts_more").label
    page.toggle(key="acc_charts_more").set_value(True).run()  # the reader asks for them: drawn then
    assert not page.exception, page.exception
    assert chart_titles(page) == list(titles.values())
    assert [e.label for e in page.expander].count(catalog.UI["table"]) == len(titles)  # each its table


def test_only_the_visible_page_of_records_is_sent(page):
    size = 20
    records = N + 1
    assert len(html_tables(page)[0]) == size
    assert T["page_of"].format(total=records, page=1, pages=3, size=size) in [c.value for c in page.caption]
    page.number_input(key="acc_page").set_value(3).run()
    assert not page.exception, page.exception
    assert len(html_tables(page)[0]) == records - 2 * size


def test_a_records_detail_is_sent_when_opened_and_its_summary_is_text_never_html(page):
    assert SCRIPT not in [t.value for t in page.text] and len(html_tables(page)) == 2  # records, 数据核对
    page.session_state["acc_detail_box"] = True  # the reader opens the record's detail
    page.run()
    # LAST is the newest: first on the first page, and the detail's default
    assert SCRIPT in [t.value for t in page.text]
    assert len(html_tables(page)) == 3
    assert not [h for h in page.get("html") if "<script" in h.proto.body]
    assert not [m for m in page.markdown if "<script" in m.value]


def test_the_check_lists_the_difference_and_the_records_behind_it(page):
    check = html_tables(page)[-1]
    deaths = sum(i % 2 for i in range(N))
    assert check[catalog.RECONCILE_COLUMNS["difference"]].tolist() == [str(N - 70), str(deaths - 37)]
    page.selectbox(key="acc_check_pick").set_value(0).run()
    page.button(key="acc_check_show").click().run()
    assert not page.exception, page.exception
    assert T["page_of"].format(total=N, page=1, pages=3, size=20) in [
        c.value for c in page.caption
    ]  # 核销 not behind it


@pytest.mark.parametrize("briefing", [False, True])
def test_an_empty_store_says_so_and_points_to_the_import(report_engine, monkeypatch, briefing):
    if briefing:
        monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = open_page(report_engine, monkeypatch)
    if briefing:
        at.toggle(key="brief").set_value(True).run()
    assert [i.value for i in at.info] == [T["no_records"]]
    assert "数据导入" in T["no_records"]
    assert not at.metric and not chart_titles(at)


def test_briefing_mode_keeps_cards_and_charts_and_leaves_the_record_list_out(page):
    page.toggle(key="brief").set_value(True).run()
    assert not page.exception, page.exception
    shown = len(catalog.ACCIDENT_BREAKDOWNS) - len(catalog.ACCIDENT_BREAKDOWNS_ON_DEMAND)
    assert page.metric and len(chart_titles(page)) == shown
    assert T["records"] not in [s.value for s in page.subheader]
    assert not page.get("download_button")


@pytest.mark.parametrize("synthetic", [False, True])
def test_synthetic_records_are_stamped_on_the_cards_the_record_list_and_the_check(
    report_engine, monkeypatch, synthetic
):
    """The demo's records: 示例数据 on every card (their counts), as a column of the record list and
    of 数据核对 (its differences are counted from them); real records: nowhere."""
    send(report_engine, frame(*ledger()), synthetic=synthetic)
    at = open_page(report_engine, monkeypatch)
    stamped = [c.value for c in at.caption if T["synthetic_card"] in c.value]
    assert len(stamped) == (len(catalog.ACCIDENT_CARDS) if synthetic else 0)
    tables = html_tables(at)
    records, check = tables[0], tables[-1]
    column = catalog.ACCIDENT_DETAIL_COLUMNS["synthetic"]
    assert (column in records.columns, column in check.columns) == (synthetic, synthetic)
    if synthetic:
        assert set(records[column]) == set(check[column]) == {catalog.YES_NO[True]}
