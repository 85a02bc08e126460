"""Charts as the dashboard and the briefing draw them (lawreport_data.charts), from a store."""

from lawreport_data import api
from lawreport_data.periods import Period


def test_small_counts_are_charted_on_whole_number_ticks(demo_engine):
    """灌云县 in June 2021 had 1 accident (2 in May): no 0.5 or 1.5 accidents on the axis."""
    specs = api.section_figures(demo_engine, Period.parse("2021-06"), "灌云县", "mom", ["accidents"])
    small = [s for s in specs if s.data["value"].max() < 8]
    assert small, "the county's single months are small counts"
    for spec in small:
        axis = spec.figure.layout.xaxis if spec.kind == "children" else spec.figure.layout.yaxis
        assert axis.dtick == 1, spec.title


def test_large_counts_keep_plotlys_own_ticks(demo_engine):
    specs = api.section_figures(demo_engine, Period.parse("2022-01..2022-11"), None, "yoy", ["accidents"])
    compare = next(s for s in specs if s.indicator == "accidents" and s.kind == "compare")
    assert compare.data["value"].tolist() == [114.0, 70.0]
    assert compare.figure.layout.yaxis.dtick is None


# --- group charts: figures of a section that belong together (catalog.CHART_GROUPS) ------

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from lawreport_data import catalog, charts, metrics  # noqa: E402


def observations(*rows) -> pd.DataFrame:
    """The city's observations from (indicator, period, value[, qualifier]) tuples."""
    out = []
    for indicator, period, value, *qualifier in rows:
        p = Period.parse(period)
        out.append(
            dict(indicator=indicator, region="320700", year=p.year, start=p.start, end=p.end, value=float(value),
                 qualifier=qualifier[0] if qualifier else "", origin="report", synthetic=False)
        )  # fmt: skip
    return pd.DataFrame(out)


def group_specs(obs: pd.DataFrame, period: str, topics=None) -> list[charts.ChartSpec]:
    found = metrics.figures(obs, charts.group_members(topics), "320700", Period.parse(period))
    return charts.group_charts(found, "连云港市", topics)


@pytest.mark.parametrize(
    ("rows", "period", "names"),
    [
        # a whole and two parts, for the year: one composition
        (
            [("hazards_found", "2022", 7481), ("general_hazards", "2022", 7439), ("major_hazards", "2022", 42)],
            "2022",
            ["4_hazard_grades_composition"],
        ),
        # found and rectified: the rectification chart too
        (
            [("hazards_found", "2022", 100), ("hazards_rectified", "2022", 90), ("major_hazards", "2022", 3)],
            "2022",
            ["4_hazard_grades_composition", "4_hazard_rectification_composition"],
        ),
        # one figure alone is no chart
        ([("hazards_found", "2022", 7481)], "2022", []),
        # a year's view shows 1-11月 figures when the year has no others (as the report gives 信访)
        (
            [("complaints_received", "2022-01..2022-11", 243), ("rewards_granted", "2022-01..2022-11", 3)],
            "2022",
            ["6_complaints_bars"],
        ),
        # a span shows only figures of that span: the year's figures are not charted as 1-11月
        ([("drills", "2022", 2091), ("drill_participants", "2022", 88000, "约")], "2022-01..2022-11", []),
        (
            [("drills", "2022", 2091), ("drill_participants", "2022", 88000, "约")],
            "2022",
            ["3_drills_participants_bars"],
        ),
        # figures of different spans are never drawn side by side
        ([("drills", "2022", 2091), ("drill_participants", "2022-01..2022-11", 80000)], "2022", []),
    ],
)
def test_a_group_is_charted_when_two_of_its_figures_cover_one_period(rows, period, names):  # fmt: skip
    assert [s.name for s in group_specs(observations(*rows), period)] == names


@pytest.mark.parametrize(
    ("rows", "panels"),
    [
        ([("drills", "2022", 2091), ("drill_participants", "2022", 88000, "约")], [["场次"], ["人"]]),
        (
            [
                ("law_booklets", "2022", 20000, "余"),
                ("posters", "2022", 30000, "余"),
                ("leaflets", "2022", 50000, "余"),
            ],
            [["册"], ["份", "份"]],
        ),
        ([("town_cadres_trained", "2022", 120), ("special_operators_trained", "2022", 24491)], [["名", "名"]]),
    ],
)
def test_figures_in_different_units_never_share_an_axis(rows, panels):  # fmt: skip
    (spec,) = group_specs(observations(*rows), "2022")
    units = [catalog.INDICATORS[i].unit for i in spec.data["indicator"]]
    traces = spec.figure.data
    assert len(traces) == len(panels)
    assert len({t.yaxis for t in traces}) == len(traces), "each panel has its own value axis"
    seen = 0
    for trace, unit_list in zip(traces, panels, strict=True):
        assert units[seen : seen + len(trace.y)] == unit_list
        seen += len(trace.y)


@pytest.mark.parametrize(
    ("rows", "labels"),
    [
        (
            [("hazards_found", "2022", 7481), ("general_hazards", "2022", 7439), ("major_hazards", "2022", 42)],
            ["7481条", "7439条（占99.4%）", "42条（占0.6%）"],
        ),
        (
            [
                ("npc_suggestions", "2022", 8),
                ("npc_suggestions_led", "2022", 3),
                ("npc_suggestions_assisted", "2022", 5),
            ],
            ["8件", "3件（占37.5%）", "5件（占62.5%）"],
        ),
        # a share of an approximate figure is approximate
        ([("hazards_found", "2022", 200, "余"), ("hazards_rectified", "2022", 150)], ["200余条", "150条（占约75%）"]),
        # parts without their whole: no share
        ([("general_hazards", "2022", 7439), ("major_hazards", "2022", 42)], ["7439条", "42条"]),
    ],
)
def test_a_composition_labels_each_part_with_its_share_of_the_whole(rows, labels):  # fmt: skip
    spec = group_specs(observations(*rows), "2022")[0]
    assert spec.kind == "composition"
    assert list(spec.figure.data[0].text) == labels


@pytest.mark.parametrize(
    ("rows", "hover"),
    [
        (
            [("drills", "2022", 2091), ("drill_participants", "2022", 88000, "约")],
            ["推演演习场次：2091场次", "直接参演人数：约8.8万人"],
        ),
        (
            [("law_booklets", "2022", 20000, "余"), ("posters", "2022", 30000, "余")],
            ["发放《安全生产法》等册数：2万余册", "发放挂图海报数：3万余份"],
        ),
    ],
)
def test_hover_and_table_show_each_figure_as_printed_with_its_source(rows, hover):  # fmt: skip
    (spec,) = group_specs(observations(*rows), "2022")
    texts = [h for t in spec.figure.data for h in t.hovertext]
    assert [h.split("<br>")[0] for h in texts] == hover
    assert all("来源：" + catalog.ORIGIN_LABELS["report"] in h for h in texts)
    table = spec.table
    assert table[catalog.CHART_TABLE_COLUMNS["qualifier"]].tolist() == [r[3] if len(r) > 3 else "" for r in rows]
    assert table[catalog.CHART_TABLE_COLUMNS["value"]].tolist() == [float(r[2]) for r in rows]


def test_a_group_chart_follows_the_house_rules():
    obs = observations(("complaints_received", "2022-01..2022-11", 243), ("reward_amount", "2022-01..2022-11", 44980))
    (spec,) = group_specs(obs, "2022")
    layout = spec.figure.layout
    assert spec.title == layout.title.text == "连云港市 2022年1-11月 安全生产举报受理、核实与奖励"
    assert layout.template.layout.font.family == charts.FONT_FAMILY
    assert [a.text for a in layout.annotations if a.name == "source"] == [
        charts.wrap_note(charts.source_note(spec.data))
    ]
    assert {a.text for a in layout.annotations if a.name != "source"} == {"数量（件次）", "金额（元）"}
    assert list(spec.figure.data[0].marker.color) == [charts.PALETTE[0]]


@pytest.mark.parametrize("group", catalog.CHART_GROUP_LIST, ids=lambda g: g.code)
def test_a_groups_members_are_indicators_of_its_topic_and_one_section(group):
    infos = [catalog.INDICATORS[c] for c in group.indicators]
    assert {i.topic for i in infos} == {group.topic}
    assert len({i.section for i in infos}) == 1, "a chart goes under one section of the briefing"
    assert group.code not in catalog.INDICATORS, "a chart's name must not be read as an indicator's"
    assert group.kind in ("composition", "bars")
    if group.kind == "composition":
        assert len({i.unit for i in infos}) == 1, "a whole and its parts share one unit"
        assert all(i.parent is not None for i in infos[1:])
