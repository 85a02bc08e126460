import datetime as dt

import pandas as pd
import pytest

from lawreport_data import metrics
from lawreport_data.metrics import (
    add_shares,
    by_children,
    derive_previous,
    describe_change,
    double_decline,
    pct_change,
    resolve,
    round_half_away,
    series,
    summary,
)
from lawreport_data.periods import Period

CITY, GUANYUN, DONGHAI = "320700", "320723", "320722"


def obs(*rows):
    """Observation rows written as (indicator, region, year, start, end, value[, extra fields])."""
    out = []
    for r in rows:
        d = dict(zip(["indicator", "region", "year", "start", "end", "value"], r[:6], strict=True))
        d.update(r[6] if len(r) > 6 else {})
        out.append(d)
    return pd.DataFrame(out)


@pytest.mark.parametrize(
    ("current", "previous", "expected"),
    [
        (70, 114, -38.6),
        (37, 56, -33.9),
        (20.5, 20, 2.5),
        (100.25, 100, 0.3),  # .25 rounds up (Python's round would give 0.2)
        (99.75, 100, -0.3),  # and half away from zero below zero
        (1, 8, -87.5),
        (3, 0, None),
        (3, None, None),
        (None, 4, None),
        (5, 5, 0.0),
    ],
)
def test_percent_change_rounds_half_away_from_zero_as_printed(current, previous, expected):
    assert pct_change(current, previous) == expected


@pytest.mark.parametrize(("x", "expected"), [(0.05, 0.1), (-0.05, -0.1), (0.15, 0.2), (2.675, 2.7), (-2.45, -2.5)])
def test_round_half_away_rounds_ties_outward(x, expected):
    assert round_half_away(x, 1) == expected


@pytest.mark.parametrize(
    ("current", "previous", "kwargs", "text", "direction"),
    [
        (70, 114, {"unit": "起"}, "同比下降38.6%", "down"),
        (120, 100, {}, "同比上升20.0%", "up"),
        (5, 5, {}, "同比持平", "flat"),
        (0, 0, {}, "同比持平", "flat"),
        (3, 0, {"unit": "起"}, "同比增加3起（上年同期为0）", "up"),
        (2, 5, {"comparison": "mom"}, "环比下降60.0%", "down"),
        (5, None, {}, "无可比数据", None),
        (210, 200, {"approximate": True}, "同比上升约5.0%", "up"),
        (90, 100, {"provisional": True}, "同比下降10.0%（含快报数）", "down"),
    ],
)
def test_change_is_worded_like_the_report(current, previous, kwargs, text, direction):
    change = describe_change(current, previous, **kwargs)
    assert (change.text, change.direction) == (text, direction)


def test_change_against_zero_has_no_percentage_but_an_absolute_change():
    change = describe_change(3, 0, unit="起")
    assert change.pct is None
    assert change.absolute == 3


@pytest.mark.parametrize(("current", "pct", "previous"), [(70, -38.6, 114), (37, -33.9, 56), (110, 10.0, 100)])
def test_derives_last_years_figure_from_a_printed_change(current, pct, previous):
    assert derive_previous(current, pct) == previous


def test_refuses_to_derive_from_an_impossible_change():
    with pytest.raises(ValueError):
        derive_previous(1, -38.6)


def test_months_are_summed_into_a_span_when_no_span_figure_is_stored():
    frame = obs(*[("accidents", GUANYUN, 2022, m, m, float(m)) for m in range(1, 12)])
    r = resolve(frame, "accidents", GUANYUN, Period(2022, 1, 11))
    assert (r.value, r.method) == (66.0, "months")


def test_a_span_with_a_missing_month_is_not_summed():
    frame = obs(*[("accidents", GUANYUN, 2022, m, m, 1.0) for m in range(1, 11)])
    assert not resolve(frame, "accidents", GUANYUN, Period(2022, 1, 11)).found


def test_a_stored_span_figure_wins_over_summed_months():
    frame = obs(
        ("accidents", GUANYUN, 2022, 1, 2, 10.0),
        ("accidents", GUANYUN, 2022, 1, 1, 3.0),
        ("accidents", GUANYUN, 2022, 2, 2, 4.0),
    )
    r = resolve(frame, "accidents", GUANYUN, Period(2022, 1, 2))
    assert (r.value, r.method) == (10.0, "stored")


@pytest.mark.parametrize("indicator", ["rescue_teams", "hazard_rectification_rate", "hotline_satisfaction_rate"])
def test_indicators_that_do_not_sum_are_never_summed(indicator):
    frame = obs(
        *[(indicator, GUANYUN, 2022, m, m, 50.0) for m in range(1, 13)], (indicator, DONGHAI, 2022, 1, 12, 60.0)
    )
    assert not resolve(frame, indicator, GUANYUN, Period.year_of(2022)).found
    assert not resolve(frame, indicator, CITY, Period.year_of(2022)).found


def test_city_is_the_sum_of_its_counties_when_it_has_no_figure():
    frame = obs(("accidents", GUANYUN, 2022, 1, 11, 7.0), ("accidents", DONGHAI, 2022, 1, 11, 9.0))
    r = resolve(frame, "accidents", CITY, Period(2022, 1, 11))
    assert (r.value, r.method) == (16.0, "children")
    assert any("2/10" in w for w in r.warnings)  # eight counties and zones have no figure


def test_stored_city_figure_that_disagrees_with_all_its_counties_is_flagged():
    from lawreport_data import catalog

    kids = [r.code for r in catalog.children_of(CITY)]
    frame = obs(("accidents", CITY, 2022, 1, 11, 70.0), *[("accidents", k, 2022, 1, 11, 6.0) for k in kids])
    r = resolve(frame, "accidents", CITY, Period(2022, 1, 11))
    assert r.value == 70.0
    assert r.warnings == ["连云港市数据与下辖地区合计不一致：70 ≠ 60"]


def test_stored_city_figure_that_agrees_with_its_counties_has_no_warning():
    from lawreport_data import catalog

    kids = [r.code for r in catalog.children_of(CITY)]
    frame = obs(("accidents", CITY, 2022, 1, 11, 70.0), *[("accidents", k, 2022, 1, 11, 7.0) for k in kids])
    assert resolve(frame, "accidents", CITY, Period(2022, 1, 11)).warnings == []


def test_summary_compares_with_the_same_span_of_last_year():
    frame = obs(
        ("accidents", CITY, 2022, 1, 11, 70.0),
        ("accidents", CITY, 2021, 1, 11, 114.0),
        ("deaths", CITY, 2022, 1, 11, 37.0),
        ("deaths", CITY, 2021, 1, 11, 56.0),
    )
    s = summary(frame, CITY, Period(2022, 1, 11)).set_index("indicator")
    assert s.loc["accidents", ["previous", "change_pct", "change_text"]].tolist() == [114.0, -38.6, "同比下降38.6%"]
    assert s.loc["deaths", ["previous", "change_pct", "change_text"]].tolist() == [56.0, -33.9, "同比下降33.9%"]
    assert double_decline(s.reset_index()) is True


def test_summary_for_a_year_uses_the_longest_span_with_a_figure_and_says_which():
    frame = obs(("accidents", CITY, 2022, 1, 11, 70.0), ("rescue_teams", CITY, 2022, 1, 12, 117.0))
    s = summary(frame, CITY, Period.year_of(2022)).set_index("indicator")
    assert s.loc["accidents", "period"] == "2022-01..2022-11"
    assert s.loc["rescue_teams", "period"] == "2022"


def test_summary_prefers_a_real_figure_to_a_longer_synthetic_one():
    demo = [("accidents", GUANYUN, 2022, m, m, 1.0, {"synthetic": True}) for m in range(1, 13)]
    frame = obs(("accidents", CITY, 2022, 1, 11, 70.0), *demo)
    row = summary(frame, CITY, Period.year_of(2022)).set_index("indicator").loc["accidents"]
    assert (row["value"], row["period"], row["synthetic"]) == (70.0, "2022-01..2022-11", False)


def test_change_on_an_approximate_figure_is_marked_approximate():
    frame = obs(
        ("legal_review_opinions", CITY, 2022, 1, 12, 200.0, {"qualifier": "余"}),
        ("legal_review_opinions", CITY, 2021, 1, 12, 150.0),
    )
    row = summary(frame, CITY, Period.year_of(2022)).iloc[0]
    assert (row["qualifier"], row["display"], row["approximate"]) == ("余", "200余", True)
    assert row["change_text"] == "同比上升约33.3%"


@pytest.mark.parametrize(
    ("qualifier", "display"), [("以上", "50以上"), ("以下", "50以下"), ("约", "约50"), ("余", "50余")]
)
def test_change_on_a_bounded_figure_is_marked_approximate_as_for_yu_and_yue(qualifier, display):
    frame = obs(
        ("approval_time_cut", CITY, 2022, 1, 12, 50.0, {"qualifier": qualifier}),
        ("approval_time_cut", CITY, 2021, 1, 12, 40.0),
    )
    row = summary(frame, CITY, Period.year_of(2022)).iloc[0]
    assert (row["qualifier"], row["display"], row["approximate"]) == (qualifier, display, True)
    assert row["change_text"] == "同比上升约25.0%"


@pytest.mark.parametrize(
    ("indicator", "label"),
    [
        ("legal_institutions", "截至2023年1月9日"),  # a stock at the report's date (目前)
        ("documents_sorted", "2012年以来（至2022年）"),  # a count since 2012
        ("online_approval_rate", "2022年"),
    ],
)
def test_stocks_and_counts_since_a_year_are_labelled_so_and_never_summed_from_months(indicator, label):
    months = [(indicator, CITY, 2022, m, m, 1.0) for m in range(1, 13)]
    frame = obs((indicator, CITY, 2022, 1, 12, 2.0, {"as_of": dt.date(2023, 1, 9)}), *months)
    row = summary(frame, CITY, Period.year_of(2022)).iloc[0]
    assert (row["value"], row["period_label"]) == (2.0, label)
    assert not resolve(frame.iloc[1:], indicator, CITY, Period.year_of(2022)).found  # 12 months are not summed
    assert series(frame, indicator, CITY, [Period.year_of(2022)])["period_label"].tolist() == [label]


def test_comparing_a_provisional_figure_says_so():
    frame = obs(
        ("accidents", CITY, 2022, 11, 11, 6.0, {"status": "provisional"}), ("accidents", CITY, 2021, 11, 11, 8.0)
    )
    row = summary(frame, CITY, Period(2022, 11, 11)).iloc[0]
    assert row["provisional"] and row["change_text"] == "同比下降25.0%（含快报数）"


def test_month_on_month_compares_with_the_month_before():
    frame = obs(("accidents", CITY, 2022, 10, 10, 8.0), ("accidents", CITY, 2022, 11, 11, 6.0))
    row = summary(frame, CITY, Period(2022, 11, 11), comparison="mom").iloc[0]
    assert (row["previous_period"], row["change_text"]) == ("2022-10", "环比下降25.0%")


def test_share_of_parent_indicator():
    frame = obs(
        ("hazards_found", CITY, 2022, 1, 12, 7481.0),
        ("major_hazards", CITY, 2022, 1, 12, 42.0),
        ("general_hazards", CITY, 2022, 1, 12, 7439.0),
    )
    shares = add_shares(summary(frame, CITY, Period.year_of(2022))).set_index("indicator")["share_pct"]
    assert shares["major_hazards"] == 0.6
    assert shares["general_hazards"] == 99.4


@pytest.mark.parametrize(
    ("accidents", "deaths", "expected"),
    [("down", "down", True), ("down", "up", False), ("flat", "down", False), (None, "down", None)],
)
def test_double_decline_needs_both_accidents_and_deaths_down(accidents, deaths, expected):
    frame = pd.DataFrame({"indicator": ["accidents", "deaths"], "direction": [accidents, deaths]})
    assert double_decline(frame) is expected


def test_series_and_children_give_one_point_each():
    frame = obs(*[("accidents", k, y, 1, 12, float(y - 2000)) for k in (GUANYUN, DONGHAI) for y in (2021, 2022)])
    trend = series(frame, "accidents", CITY, [Period.year_of(2021), Period.year_of(2022)])
    assert trend["value"].tolist() == [42.0, 44.0]
    counties = by_children(frame, "accidents", CITY, Period.year_of(2022))
    assert dict(zip(counties["region_name"], counties["value"], strict=True)) == {"东海县": 22.0, "灌云县": 22.0}


def test_summary_does_not_modify_its_input():
    frame = obs(("accidents", CITY, 2022, 1, 11, 70.0))
    before = frame.copy()
    summary(frame, CITY, Period(2022, 1, 11))
    pd.testing.assert_frame_equal(frame, before)


# --- children given summed (store.load_resolvable: the towns' sums read from leaf_sum) ---------

TOWNS = ["T1", "T2", "T3"]


def towns_regions():
    rows = [dict(code=CITY, parent=None, name="市"), dict(code=GUANYUN, parent=CITY, name="灌云县")]
    rows += [dict(code=t, parent=GUANYUN, name=t) for t in TOWNS]
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("town_rows", "sums"),
    [
        # every town holds both months: the county's row of their sums counts as three towns
        ([(t, m, v) for t, v in zip(TOWNS, (1.0, 2.0, 4.0), strict=True) for m in (1, 2)], ((1, 7.0), (2, 7.0))),
        # T3 misses February: T1 and T2 summed (weight 2), T3 kept as rows; 下辖地区数据不全 (2/3)
        ([(t, m, 1.0) for t in TOWNS for m in (1, 2) if (t, m) != ("T3", 2)], ((1, 2.0), (2, 2.0))),
    ],
)
@pytest.mark.parametrize("period", [Period(2022, 1, 2), Period(2022, 2, 2), Period(2022, 1, 1)])
def test_children_given_summed_resolve_like_the_children_themselves(town_rows, sums, period):
    full = obs(*[("accidents", t, 2022, m, m, v) for t, m, v in town_rows])
    summed_towns = {t for t, m, _ in town_rows if sum(1 for x, _, _ in town_rows if x == t) == 2}
    weight = len(summed_towns)
    kept = obs(*[("accidents", t, 2022, m, m, v) for t, m, v in town_rows if t not in summed_towns])
    given = obs(*[("accidents", GUANYUN, 2022, m, m, v) for m, v in sums]).assign(children=weight)
    with_sums = pd.concat([kept.assign(children=0), given])
    expected = summary(full, CITY, period, indicators=["accidents"], regions=towns_regions())
    got = summary(with_sums, CITY, period, indicators=["accidents"], regions=towns_regions())
    pd.testing.assert_frame_equal(got, expected)


def test_children_given_summed_cannot_be_listed():
    frame = obs(("accidents", GUANYUN, 2022, 1, 1, 3.0)).assign(children=3)
    with pytest.raises(ValueError, match="given summed"):
        by_children(frame, "accidents", GUANYUN, Period(2022, 1, 1), towns_regions())


def test_a_prepared_index_gives_what_the_frames_give():
    """``prepare`` indexes once for several calls; summary, series and by_children read it alike."""
    obs = pd.DataFrame(
        [
            dict(indicator="accidents", region=county, year=y, start=m, end=m, value=float(m + i))
            for i, county in enumerate(["320703", "320706", "320722"])
            for y in (2021, 2022)
            for m in range(1, 12)
        ]
    )
    ready = metrics.prepare(obs)
    span = Period(2022, 1, 11)
    pd.testing.assert_frame_equal(metrics.summary(ready, "320700", span), metrics.summary(obs, "320700", span))
    pd.testing.assert_frame_equal(
        metrics.series(ready, "accidents", "320700", [Period(2021, 1, 11), span]),
        metrics.series(obs, "accidents", "320700", [Period(2021, 1, 11), span]),
    )
    kids = metrics.by_children(ready, "accidents", "320700", span)
    pd.testing.assert_frame_equal(kids, metrics.by_children(obs, "accidents", "320700", span))
    assert kids["value"].tolist() == [66.0, 77.0, 88.0]


@pytest.mark.parametrize(
    ("region", "period", "rows", "expected"),
    [
        # a county's months of 执法检查企业数 are not its 1-3月: an enterprise inspected twice counts once
        (GUANYUN, Period(2022, 1, 3), [(GUANYUN, 2022, m, m, 10.0) for m in (1, 2, 3)], None),
        # the counties' figures are not the city's: an enterprise inspected in two counties counts once
        (CITY, Period(2022, 1, 3), [(GUANYUN, 2022, 1, 3, 25.0), (DONGHAI, 2022, 1, 3, 20.0)], None),
        # a span total sent for the span is the figure
        (GUANYUN, Period(2022, 1, 3), [(GUANYUN, 2022, 1, 3, 24.0), (GUANYUN, 2022, 1, 1, 10.0)], 24.0),
        (CITY, Period(2022, 1, 3), [(CITY, 2022, 1, 3, 41.0), (GUANYUN, 2022, 1, 3, 25.0)], 41.0),
        # one month is a month's figure
        (GUANYUN, Period(2022, 2, 2), [(GUANYUN, 2022, m, m, 10.0 + m) for m in (1, 2, 3)], 12.0),
    ],
)
def test_a_distinct_count_is_never_added_up_over_months_or_regions_and_says_why(region, period, rows, expected):
    r = resolve(obs(*[("enterprises_inspected", *row) for row in rows]), "enterprises_inspected", region, period)
    assert r.value == expected
    reasons = [w for w in r.warnings if "不重复计数" in w]
    if expected is None:
        assert reasons == [f"执法检查企业数为不重复计数（同一企业检查多次只计一次），不能由各月或各地区的数据相加得出："
                           f"{'灌云县' if region == GUANYUN else '连云港市'}{period.label()}须报送该时段的合计数，或导入检查记录统计"]  # fmt: skip
    else:
        assert reasons == [] and r.method == "stored"


def test_the_engine_refuses_to_add_up_a_distinct_count():
    parts = [metrics.Resolved("enterprises_inspected", GUANYUN, Period(2022, m, m), value=10.0) for m in (1, 2)]
    with pytest.raises(ValueError, match="enterprises_inspected \\(distinct\\) is never added up"):
        metrics._combine(parts, metrics.Resolved("enterprises_inspected", GUANYUN, Period(2022, 1, 2)), "months")
    from lawreport_data import catalog

    assert catalog.INDICATORS["enterprises_inspected"].aggregation == "distinct"
    assert catalog.AGGREGATION_LABELS["distinct"].startswith("不重复计数")
