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
