"""Charts of horizontal bars — a region's children, the accidents by class, sector or region, the
执法台账's and 隐患台账's charts by region — grow with their bars (``charts.room_for_bars``), so that a
county's thirty towns (or a province's hundred counties) keep each bar a line of text high instead
of being squeezed into the house height."""

import datetime as dt
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from lawreport_data import charts, enforcement_charts, hazard_charts, svg_figure
from lawreport_data.periods import Period

PERIOD = Period(2022, 1, 11)
NS = "{http://www.w3.org/2000/svg}"


def _names(n: int) -> list[str]:
    return [f"示例镇{k:02d}" for k in range(n)]


def _children(n: int):
    points = pd.DataFrame(
        {
            "indicator": "deaths",
            "value": [float(k % 7 + 1) for k in range(n)],
            "region_name": _names(n),
            "qualifier": "",
        }
    )
    return charts.children_figure(points, "灌云县", PERIOD)


def _breakdown(n: int):
    points = pd.DataFrame(
        {"category": _names(n), "value": [k % 5 + 1 for k in range(n)], "deaths": 1, "injuries": 0, "qualifier": ""}
    )
    return charts.breakdown_figure(points, "灌云县", PERIOD, "region")


def _enforcement(n: int):
    values = [float(k % 9 + 1) for k in range(n)]
    return enforcement_charts.bars_chart("region", _names(n), values, "320723", "灌云县", PERIOD).figure


def _hazard_rates(n: int):
    rates = pd.DataFrame({"name": _names(n), "rectification_rate": [50.0 + k for k in range(n)],
                          "rectified": [k + 1 for k in range(n)], "found": [2 * (k + 1) for k in range(n)],
                          "tone": ["above" if k % 2 else "below" for k in range(n)]})  # fmt: skip
    return hazard_charts.rate_chart(
        rates, "320723", "灌云县", PERIOD, dt.date(2022, 11, 30), (["hazard_ledger"], [], False)
    ).figure


BUILDERS = {"children": _children, "breakdown": _breakdown, "enforcement": _enforcement, "hazard_rates": _hazard_rates}


@pytest.mark.parametrize("chart", list(BUILDERS))
@pytest.mark.parametrize(("bars", "height"), [(3, 500), (11, 500), (30, 190 + 26 * 30), (100, 190 + 26 * 100)])
def test_a_chart_of_many_bars_grows_so_each_bar_keeps_its_room(chart, bars, height):
    figure = BUILDERS[chart](bars)
    assert figure.layout.height == height
    root = ET.fromstring(svg_figure.figure_svg(figure))  # the picture the page and the briefing show
    assert float(root.get("viewBox").split()[3]) == height
    drawn = [float(r.get("height")) for r in root.iter(f"{NS}rect") if r.get("class") == "bar"]
    assert len(drawn) == bars and min(drawn) >= 12  # each bar at least a line of text high
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert all(name in labels for name in _names(bars))  # and every bar named beside it
    values = [str(t) for t in figure.data[0].text or () if t]
    assert len(values) == bars and all(v in labels for v in values)  # and its value at its end, the axis far below
