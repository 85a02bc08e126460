"""比前年 and 近五年同期平均 (issue 17): the engine's changes against the same span two years before
and against the mean of the five years before, worked out by hand; the summary command with them."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from lawreport_data import api, catalog, cli, metrics
from lawreport_data.periods import Period

APP = Path(__file__).resolve().parent.parent / "app.py"


def _obs(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [dict(indicator="accidents", region="320700", year=y, start=1, end=11, value=v) for y, v in values.items()]
    )


@pytest.mark.parametrize(
    "values, comparison, previous, text",
    [
        ({2022: 70, 2021: 114, 2020: 100}, "prev2", 100, "比前年下降30.0%"),
        ({2022: 70, 2021: 114, 2020: 100}, "yoy", 114, "同比下降38.6%"),
        ({2022: 3, 2020: 0}, "prev2", 0, "比前年增加3起（前年同期为0）"),
        ({2022: 70, 2021: 80, 2020: 120, 2019: 90, 2018: 110, 2017: 100}, "avg5", 100, "比近五年同期平均下降30.0%"),
        ({2022: 90, 2021: 80, 2020: 80, 2019: 80, 2018: 80, 2017: 80}, "avg5", 80, "比近五年同期平均上升12.5%"),
        ({2022: 70, 2021: 80, 2020: 120, 2019: 90, 2018: 110}, "avg5", None, "近五年同期数据不全（4/5年）"),
        ({2022: 70, 2021: 80}, "prev2", None, "无可比数据"),
    ],
)
def test_a_change_against_two_years_before_or_the_five_years_mean_is_worded_as_a_通报_words_it(
    values, comparison, previous, text
):
    row = metrics.summary(_obs(values), "320700", Period(2022, 1, 11), comparison=comparison).iloc[0]
    assert (row["previous"] if pd.notna(row["previous"]) else None, row["change_text"]) == (previous, text)


def test_the_summary_command_compares_with_two_years_before_and_the_five_years_mean(report_engine, monkeypatch, capsys):
    # 2017–2020 1-11月 for the city beside the report's 2021 (114, derived) and 2022 (70)
    rows = "".join(
        f"连云港市,事故起数,{y}年1-11月,{v}\n" for y, v in ((2017, 130), (2018, 125), (2019, 121), (2020, 110))
    )
    api.apply_import(
        report_engine, io.BytesIO(("地区,指标,期间,数值\n" + rows).encode("gbk")), "历年.csv", user="analyst"
    )
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    found = {}
    for comparison in ("prev2", "avg5"):
        assert (
            cli.main(["summary", "--period", "2022-01..2022-11", "--comparison", comparison, "--format", "json"]) == 0
        )
        found[comparison] = next(r for r in json.loads(capsys.readouterr().out) if r["indicator"] == "accidents")
    assert (found["prev2"]["previous"], found["prev2"]["change_text"]) == (110, "比前年下降36.4%")
    # (114 + 110 + 121 + 125 + 130) / 5 = 120; 70 against 120: down 41.7%
    assert (found["avg5"]["previous"], found["avg5"]["change_text"]) == (120, "比近五年同期平均下降41.7%")


# --- every page: 比前年 and 近五年同期平均 beside 同比 and 环比 (the sidebar offers all four) -------------

P = Period(2022, 1, 11)


@pytest.mark.unit
@pytest.mark.parametrize(
    "comparison, official, ledgers, previous, text, label",
    [
        # the official figure of the span where stored, else the ledger's count of it
        ("prev2", {2020: 100}, [None], 100, "比前年下降30.0%", "2020年1-11月"),
        ("prev2", {}, [{"accidents": 50}], 50, "比前年上升40.0%", "2020年1-11月"),
        ("prev2", {}, [None], None, "无可比数据", "2020年1-11月"),
        # (114 + 100 + 90 + 80 + 116) / 5 = 100: two official, three counted
        ("avg5", {2021: 114, 2020: 100}, [None, None, {"accidents": 90}, {"accidents": 80}, {"accidents": 116}],
         100, "比近五年同期平均下降30.0%", "2017–2021年1-11月平均"),
        ("avg5", {2021: 114}, [None, None, {"accidents": 90}, {"accidents": 80}, {"accidents": 116}],
         None, "无可比数据", "2017–2021年1-11月平均"),  # 2020: neither
    ],
)  # fmt: skip
def test_a_ledger_card_compares_with_two_years_before_or_the_mean_of_five_every_year_needed(
    comparison, official, ledgers, previous, text, label
):
    from lawreport_data import ledger_figures

    obs = pd.DataFrame(
        [dict(indicator="accidents", region="320700", year=y, start=1, end=11, value=float(v)) for y, v in official.items()],
        columns=["indicator", "region", "year", "start", "end", "value"],
    )  # fmt: skip
    card = ledger_figures.card_rows({"accidents": 70}, ledgers, obs, "320700", P, comparison, ("accidents",))[0]
    assert (card["previous"], card["change_text"], card["previous_label"]) == (previous, text, label)


@pytest.mark.unit
@pytest.mark.parametrize(
    "comparison, previous, clause, lead, zero",
    [
        ("yoy", (114, 56), "同比分别下降38.6%和33.9%", "与上年同期相比，", "上年同期均为0"),
        ("prev2", (100, 74), "比前年分别下降30.0%和50.0%", "与前年同期相比，", "前年同期均为0"),
        ("avg5", (140, 74), "比近五年同期平均分别下降50.0%和50.0%", "与近五年同期平均相比，", "近五年同期平均均为0"),
    ],
)
def test_the_narrative_names_the_comparison_the_sidebar_chose(comparison, previous, clause, lead, zero):
    from lawreport_data import narrative

    def rows(now, before):
        out = []
        for code, value, prev in zip(("accidents", "deaths"), now, before, strict=True):
            years = range(2017, 2022) if comparison == "avg5" else [2020] if comparison == "prev2" else [2021]
            out.append(pd.DataFrame(
                [dict(indicator=code, region="320700", year=y, start=1, end=11, value=float(prev)) for y in years]
                + [dict(indicator=code, region="320700", year=2022, start=1, end=11, value=float(value))]
            ))  # fmt: skip
        frame = metrics.summary(pd.concat(out, ignore_index=True), "320700", P, comparison=comparison)
        return [frame[frame["indicator"] == c].iloc[0].to_dict() for c in ("accidents", "deaths")]

    assert narrative.changes_clause(rows((70, 37), previous), ["事故起数", "死亡人数"]) == clause
    assert narrative.changes_clause(rows((3, 1), (0, 0)), ["事故起数", "死亡人数"]) == zero
    sentence = narrative.changes_sentence(rows((70, 37), previous), skip=())
    assert sentence.startswith(lead), sentence


@pytest.mark.unit
@pytest.mark.parametrize(
    "comparison, years, bars, mean",
    [
        ("yoy", range(2017, 2023), ["2021年1-11月", "2022年1-11月"], None),
        ("prev2", range(2017, 2023), ["2020年1-11月", "2022年1-11月"], None),
        ("avg5", range(2017, 2023), [f"{y}年1-11月" for y in range(2017, 2023)], 120.0),  # (130+125+120+115+110)/5
        ("avg5", range(2018, 2023), None, None),  # four years before: no comparison chart
    ],
)
def test_the_comparison_chart_shows_each_span_compared_with_and_the_five_years_mean(comparison, years, bars, mean):
    from lawreport_data import charts

    values = {2017: 130, 2018: 125, 2019: 120, 2020: 115, 2021: 110, 2022: 70}
    obs = pd.DataFrame(
        [dict(indicator="accidents", region="320700", year=y, start=1, end=11, value=float(values[y])) for y in years]
    )
    points = charts.indicator_points(obs, None, "320700", P, "accidents", comparison, ("compare",))
    if bars is None:
        assert "compare" not in points
        return
    fig = charts.comparison_figure(points["compare"], "连云港市", P, comparison)
    assert list(fig.data[0].x) == bars
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert [s.y0 for s in lines] == ([] if mean is None else [mean])
    if mean is not None:
        assert "近五年同期平均：120起" in [a.text for a in fig.layout.annotations]
    assert catalog.COMPARISON_LABELS[comparison] in fig.layout.title.text


@pytest.mark.store
@pytest.mark.parametrize(
    "earlier_years, comparison, text",
    [
        ((2017, 2018, 2019, 2020), "avg5", "比近五年同期平均上升100.0%"),  # 2 against (1 × 5) / 5
        ((2017, 2018, 2020), "avg5", catalog.PHRASES["no_previous"]),  # March 2019 not in the ledger
        ((2020,), "prev2", "比前年上升100.0%"),
        ((), "prev2", catalog.PHRASES["no_previous"]),
    ],
)
def test_the_accident_ledger_page_compares_with_two_years_before_or_the_five_years_mean(
    report_engine, earlier_years, comparison, text
):
    from tests.accident_data import frame, record, send

    records = [
        record("M22a", "2022-03-01 08:00", "320723"),
        record("M22b", "2022-03-09 08:00", "320723"),
        record("M21", "2021-03-02 08:00", "320723"),
        *(record(f"M{y}", f"{y}-03-05 10:00", "320723") for y in earlier_years),
    ]
    send(report_engine, frame(*records))
    view = api.accident_view(report_engine, Period(2022, 3, 3), "320723", comparison=comparison)
    card = next(c for c in view.cards if c["indicator"] == "accidents")
    assert (card["value"], card["change_text"]) == (2, text)


@pytest.mark.store
@pytest.mark.parametrize("page", ["hazards", "enforcement"])
def test_a_ledger_page_compares_with_the_figure_it_shows_for_two_years_before(demo_engine, page):
    """The demo's ledgers hold 2018–2022: 比前年 of 2022 reads what the page shows for 2020; 近五年同期
    平均 of 2022 has no 2017, so nothing to compare with."""
    view = api.hazard_view if page == "hazards" else api.enforcement_view
    now, before = (view(demo_engine, Period(y, 1, 11), "320723", comparison="prev2") for y in (2022, 2020))
    shown = {c["key"]: c["value"] for c in before.cards}
    for card in now.cards:
        if card["key"] == "rectification_rate":
            continue  # a rate's change is in percentage points (hazard_tables.rate_change)
        expected = metrics.describe_change(card["value"], shown[card["key"]], unit=card["unit"], comparison="prev2")
        assert card["change_text"] == expected.text, card["key"]
    assert expected.text.startswith("比前年")
    five = view(demo_engine, Period(2022, 1, 11), "320723", comparison="avg5")
    assert {c["change_text"] for c in five.cards} <= {catalog.PHRASES["no_previous"], "—"}


PAGES = ["pages/overview.py", "pages/accidents.py", "pages/enforcement.py", "pages/accident_ledger.py",
         "pages/hazard_ledger.py", "pages/enforcement_ledger.py"]  # fmt: skip


@pytest.mark.apptest
def test_the_sidebar_offers_the_four_comparisons_a_通报_uses(report_engine, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert at.sidebar.radio(key="cmp").options == ["同比", "环比", "比前年", "比近五年同期平均"]


@pytest.mark.apptest
@pytest.mark.parametrize("page", PAGES)
def test_every_page_words_its_changes_against_two_years_before_when_chosen(demo_engine, monkeypatch, page):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.switch_page(page)
    at.query_params["cmp"] = "prev2"
    at.run()
    assert not at.exception, at.exception
    deltas = [m.delta for m in at.metric if m.delta]
    assert deltas and all(d.startswith("比前年") for d in deltas[:4]), deltas
    at.sidebar.radio(key="cmp").set_value("yoy").run()
    assert [m.delta for m in at.metric if m.delta][0].startswith("同比")


@pytest.mark.apptest
def test_the_overview_compares_with_the_five_years_mean_once_the_five_years_are_there(report_engine, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["cmp"] = "avg5"
    at.run()
    card = next(m for m in at.metric if m.label == "事故起数（起）")
    assert not card.delta  # 2021 alone: nothing to compare with
    rows = "".join(
        f"连云港市,事故起数,{y}年1-11月,{v}\n" for y, v in ((2017, 130), (2018, 125), (2019, 121), (2020, 110))
    )
    api.apply_import(
        report_engine, io.BytesIO(("地区,指标,期间,数值\n" + rows).encode("gbk")), "历年.csv", user="analyst"
    )
    at.run()
    card = next(m for m in at.metric if m.label == "事故起数（起）")
    # (114 + 110 + 121 + 125 + 130) / 5 = 120; 70 against 120
    assert card.delta == "比近五年同期平均下降41.7%"


@pytest.mark.store
@pytest.mark.parametrize(
    "comparison, accidents",
    [
        ("prev2", ["事故起数", "2022年1-11月", "70起", "110起", "比前年下降36.4%", "报告"]),
        ("avg5", ["事故起数", "2022年1-11月", "70起", "120起", "比近五年同期平均下降41.7%", "报告"]),
    ],
)
def test_the_word_briefing_names_the_comparison_in_its_table(report_engine, comparison, accidents):
    from docx import Document

    rows = "".join(
        f"连云港市,事故起数,{y}年1-11月,{v}\n" for y, v in ((2017, 130), (2018, 125), (2019, 121), (2020, 110))
    )
    api.apply_import(
        report_engine, io.BytesIO(("地区,指标,期间,数值\n" + rows).encode("gbk")), "历年.csv", user="analyst"
    )
    doc = Document(io.BytesIO(api.briefing_docx(report_engine, P, comparison=comparison, with_charts=False)))
    table = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert table[0] == list(catalog.BRIEFING[f"table_columns_{comparison}"])
    assert accidents in table
    assert f"比较口径：{catalog.COMPARISON_LABELS[comparison]}" in "\n".join(p.text for p in doc.paragraphs)
