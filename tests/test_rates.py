"""The rates (issue 17): 亿元GDP生产安全事故死亡率, 工矿商贸就业人员十万人生产安全事故死亡率, 道路交通万车死亡率,
worked out by hand; only for a whole year or 1-N月累计; "—" with the reason where a part is missing;
denominators imported like any figure (a revised GDP replaces the old one, the change logged); the
sector deaths from the accident ledger where none was sent; the summary command with the rates."""

from __future__ import annotations

import io
import json

import pytest

from lawreport_data import api, catalog, cli, rates
from lawreport_data.periods import Period


@pytest.mark.parametrize(
    "code, numerator, denominator, value, display",
    [
        ("gdp_death_rate", 37, 4005.0, 0.009, "0.009"),  # 37 ÷ 4005 = 0.00924
        ("gdp_death_rate", 63, 3639.4, 0.017, "0.017"),  # 0.01731
        ("icm_death_rate", 19, 84.43, 2.250, "2.250"),  # 19 ÷ 84.43 × 10 = 2.2504
        ("icm_death_rate", 20, 80.0, 2.5, "2.500"),
        ("road_death_rate", 13, 121.4, 0.11, "0.11"),  # 0.1071
        ("road_death_rate", 30, 120.0, 0.25, "0.25"),
        ("road_death_rate", 1, 200.0, 0.01, "0.01"),  # 0.005 rounds half away from zero
    ],
)
def test_a_rate_is_its_numerator_over_its_denominator_times_its_scale_rounded_as_printed(
    code, numerator, denominator, value, display
):
    row = rates.rate_row(catalog.RATES[code], "320700", Period.year_of(2022), numerator=numerator,
                         denominator=(denominator, 2022))  # fmt: skip
    assert (row["value"], row["display"], row["period_label"]) == (value, display, "2022年")


@pytest.mark.parametrize(
    "period, numerator, denominator, label, reason",
    [
        (Period(2022, 1, 11), 37, (4005.0, 2022), "2022年1-11月累计", ""),
        (Period(2022, 11, 11), 3, (4005.0, 2022), "2022年11月", "比率只按全年或1-N月累计计算"),
        (Period(2022, 4, 6), 3, (4005.0, 2022), "2022年4-6月", "比率只按全年或1-N月累计计算"),
        (Period(2022, 1, 11), 37, None, "2022年1-11月累计", "缺少2022年地区生产总值"),
        (Period(2022, 1, 11), None, (4005.0, 2022), "2022年1-11月累计", "缺少2022年1-11月死亡人数"),
    ],
)
def test_a_rate_is_shown_only_for_a_year_or_1_n月累计_and_says_what_is_missing(
    period, numerator, denominator, label, reason
):
    row = rates.rate_row(
        catalog.RATES["gdp_death_rate"], "320700", period, numerator=numerator, denominator=denominator
    )
    assert (row["period_label"], row["reason"], row["display"] == "—") == (label, reason, bool(reason))


def test_a_rate_over_last_years_denominator_says_so():
    row = rates.rate_row(catalog.RATES["gdp_death_rate"], "320700", Period(2022, 1, 11), numerator=37,
                         denominator=(3639.4, 2021))  # fmt: skip
    assert (row["display"], row["notes"]) == ("0.010", ["地区生产总值采用2021年数"])


FIGURES = """地区,指标,期间,数值
连云港市,地区生产总值（亿元）,2021年,3700
连云港市,地区生产总值（亿元）,2022年,4005
连云港市,机动车保有量,2022年,121.6
连云港市,机动车保有量,2021年,115
连云港市,道路运输死亡人数,2022年1-11月,13
连云港市,道路运输死亡人数,2021年1-11月,20
"""


def _import(engine, text: str, name: str = "分母.csv"):
    return api.apply_import(engine, io.BytesIO(text.encode("gbk")), name, user="analyst")


def test_the_rates_of_the_reports_span_from_imported_denominators_with_their_同比(report_engine):
    _import(report_engine, FIGURES)
    got = {r["indicator"]: r for r in api.rate_rows(report_engine, Period(2022, 1, 11))}
    gdp = got["gdp_death_rate"]  # 37 ÷ 4005 = 0.00924; 2021: 56 ÷ 3700 = 0.01514; 0.00924 ÷ 0.01514 - 1 = -39.0%
    assert (gdp["display"], gdp["period_label"], gdp["previous"], gdp["change_text"]) == (
        "0.009", "2022年1-11月累计", 0.015, "同比下降39.0%",
    )  # fmt: skip
    assert (gdp["denominator_value"], gdp["denominator_year"], gdp["origins"]) == (4005.0, 2022, ["report", "import"])
    road = got["road_death_rate"]  # 13 ÷ 121.6 = 0.1069; 2021: 20 ÷ 115 = 0.1739: -38.5%
    assert (road["display"], road["change_text"]) == ("0.11", "同比下降38.5%")
    icm = got["icm_death_rate"]  # no 工矿商贸 deaths sent and no accident record: "—"
    assert (icm["display"], icm["reason"]) == ("—", "缺少2022年1-11月工矿商贸死亡人数")


def test_a_revised_gdp_replaces_the_old_one_and_the_change_is_logged(report_engine):
    _import(report_engine, FIGURES)
    result = _import(report_engine, "地区,指标,期间,数值\n连云港市,GDP,2022年,4100\n", name="修订.csv")
    assert (result.new, result.changed) == (0, 1)
    gdp = next(r for r in api.rate_rows(report_engine, Period(2022, 1, 11)) if r["indicator"] == "gdp_death_rate")
    assert gdp["denominator_value"] == 4100.0
    history = api.history_rows(report_engine)
    assert [h["file_name"] for h in history][:2] == ["修订.csv", "分母.csv"]


def test_the_sector_deaths_come_from_the_accident_ledger_where_none_was_sent(demo_engine):
    got = {r["indicator"]: r for r in api.rate_rows(demo_engine, Period(2022, 1, 11))}
    icm = got["icm_death_rate"]
    records = api.accident_breakdown(demo_engine, Period(2022, 1, 11), by="sector")
    icm_sectors = catalog.ACCIDENT_SECTOR_GROUPS["icm"][1]
    deaths = int(records.loc[records["group"].isin(icm_sectors), "deaths"].sum())
    assert icm["numerator_value"] == deaths and "由事故台账统计" in icm["warnings"]
    assert icm["display"] == f"{round(deaths / icm['denominator_value'] * 10 + 1e-12, 3):.3f}"
    assert icm["synthetic"] and "示例" not in icm["display"]


def test_the_summary_command_gives_the_rates_that_can_be_computed_with_their_parts(report_engine, monkeypatch, capsys):
    _import(report_engine, FIGURES)
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    assert cli.main(["summary", "--period", "2022-01..2022-11", "--format", "json"]) == 0
    rows = {r["indicator"]: r for r in json.loads(capsys.readouterr().out)}
    assert "icm_death_rate" not in rows  # no numerator: left out
    gdp = rows["gdp_death_rate"]
    assert {k: gdp[k] for k in ("display", "unit", "numerator_value", "denominator", "denominator_value")} == {
        "display": "0.009", "unit": "人/亿元", "numerator_value": 37, "denominator": "gdp", "denominator_value": 4005,
    }  # fmt: skip
    assert cli.main(["summary", "--period", "2022-01..2022-11"]) == 0
    assert "道路交通万车死亡率" in capsys.readouterr().out


def test_the_overview_shows_each_rate_that_can_be_computed_with_its_同比_and_its_parts(demo_engine, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    cards = {m.label: m for m in at.metric}
    for row in api.rate_rows(demo_engine, Period(2022, 1, 11)):
        card = cards[f"{row['name']}（{row['unit']}）· 2022年1-11月累计"]
        assert (card.value, card.delta) == (row["display"], row["change_text"])
        den = catalog.INDICATORS[row["denominator"]]
        assert f"{den.name}{row['denominator_value']:g}{den.unit}（2022年）" in card.help


def test_the_overview_shows_no_rate_where_no_denominator_was_sent(report_engine, monkeypatch):
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert not [m for m in at.metric if "死亡率" in m.label]


HISTORY = "地区,指标,期间,数值\n" + "".join(
    f"连云港市,地区生产总值（亿元）,{y}年,{gdp}\n" for y, gdp in
    ((2017, 2400), (2018, 2750), (2019, 3200), (2020, 3200), (2021, 3200), (2022, 3700))
) + "".join(f"连云港市,死亡人数,{y}年1-11月,{d}\n" for y, d in ((2017, 48), (2018, 44), (2019, 40), (2020, 40)))  # fmt: skip


@pytest.mark.parametrize(
    "comparison, previous, text",
    [
        ("yoy", 0.018, "同比下降42.9%"),  # 56 / 3200 = 0.0175 (the report's 2021: 37 is 33.9% below 56)
        ("prev2", 0.013, "比前年下降20.0%"),  # 40 / 3200 = 0.0125
        # (48/2400 + 44/2750 + 40/3200 + 40/3200 + 56/3200) / 5 = (0.02 + 0.016 + 0.0125 × 2 + 0.0175) / 5 = 0.0157
        ("avg5", 0.016, "比近五年同期平均下降36.3%"),
        ("mom", None, "无可比数据"),  # a 1-N月 span has no span just before it
    ],
)
def test_a_rates_change_follows_the_comparison_chosen(report_engine, comparison, previous, text):
    api.apply_import(report_engine, io.BytesIO(HISTORY.encode("gbk")), "历年.csv", user="analyst")
    gdp = next(
        r
        for r in api.rate_rows(report_engine, Period(2022, 1, 11), None, comparison)
        if r["indicator"] == "gdp_death_rate"
    )
    assert (gdp["display"], gdp["previous"], gdp["change_text"]) == ("0.010", previous, text)


@pytest.mark.parametrize("comparison, previous_column", [("yoy", "上年同期"), ("prev2", "前年同期")])
def test_the_word_briefing_carries_the_rates_with_their_parts(report_engine, comparison, previous_column):
    from docx import Document

    api.apply_import(report_engine, io.BytesIO(HISTORY.encode("gbk")), "历年.csv", user="analyst")
    doc = Document(io.BytesIO(api.briefing_docx(report_engine, Period(2022, 1, 11), comparison=comparison,
                                                with_charts=False)))  # fmt: skip
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert "附表　安全生产事故率" in headings
    table = next(t for t in doc.tables if t.rows[0].cells[-1].text == "计算")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0][3:5] == [previous_column, catalog.COMPARISON_LABELS[comparison]]
    expected = {"yoy": ("0.018", "同比下降42.9%"), "prev2": ("0.013", "比前年下降20.0%")}[comparison]
    assert rows[1] == ["亿元GDP生产安全事故死亡率（人/亿元）", "2022年1-11月累计", "0.010", *expected,
                       "死亡人数37人 ÷ 地区生产总值3700亿元（2022年）"]  # fmt: skip
    # neither 工矿商贸 deaths nor its employment sent: the rate is "—" with the reason
    assert rows[2][2:5] == ["—", "—", "缺少2022年1-11月工矿商贸死亡人数"]


def test_a_briefing_without_any_rate_has_no_rates_table(report_engine):
    from docx import Document

    doc = Document(io.BytesIO(api.briefing_docx(report_engine, Period(2022, 1, 11), with_charts=False)))
    assert "附表　安全生产事故率" not in [p.text for p in doc.paragraphs]
