"""Charts of horizontal bars — a region's children, the accidents by class, sector or region, the
执法台账's and 隐患台账's charts by region — grow with their bars (``charts.room_for_bars``), so that a
county's thirty towns (or a province's hundred counties) keep each bar a line of text high instead
of being squeezed into the house height."""

import datetime as dt
import re
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


def _three_charts_app():
    import ui
    from lawreport_data import enforcement_charts
    from lawreport_data.periods import Period

    def chart(kind, n):
        names = [f"示例镇{k:02d}" for k in range(n)]
        return enforcement_charts.bars_chart(kind, names, [float(k + 1) for k in range(n)], "320723", "灌云县",
                                             Period(2022, 1, 11))  # fmt: skip

    ui.render_charts([chart("method", 3), chart("region", 30), chart("source", 4)], static=True)


def test_a_tall_chart_has_a_row_of_its_own_and_the_others_keep_their_order_two_to_a_row():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_function(_three_charts_app).run(timeout=60)
    assert not at.exception

    def heights(markdowns) -> list[int]:
        return [
            int(re.search(r'viewBox="0 0 \d+ (\d+)"', m.value).group(1)) for m in markdowns if "static-chart" in m.value
        ]

    assert heights(at.markdown) == [500, 190 + 26 * 30, 500]  # in their order
    in_columns = [heights(c.markdown) for c in at.columns]
    assert [h for h in in_columns if h] == [[500], [500]]  # each short one in a half-width column
    assert 190 + 26 * 30 not in sum(in_columns, [])  # the tall one outside them: the page's width
