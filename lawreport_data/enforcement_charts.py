"""The 执法台账 page's charts in the house style (``charts.style``: title with region and period, axis
units, source note): 检查家次 by 检查方式, 执法检查企业数 by region (each region's distinct count: they do
not add up to the whole), 行政处罚案件数 by 处罚种类 (a case of several kinds in each), and 罚没款金额
by month.

Each chart's points carry what its table and source note need (``tables.chart_table``,
``charts.source_note``), as the hazard ledger's charts do (``hazard_charts._points``).
"""

from __future__ import annotations

import plotly.graph_objects as go

from . import catalog
from .charts import PALETTE, ChartSpec, file_name, room_for_bars, style
from .hazard_charts import _points
from .periods import Period


def source(synthetic: bool) -> tuple[list[str], list, bool]:
    """A chart's source (origins, batches, synthetic): the ledgers' records, the demo's when synthetic."""
    return (["inspection_ledger", *(["demo"] if synthetic else [])], [], synthetic)


_SHAPE = {  # kind → (indicator, category axis, value axis, colour)
    "method": ("enterprises_inspected", "method", "visits", PALETTE[0]),
    "region": ("enterprises_inspected", "region", "enterprises", PALETTE[0]),
    "source": ("enterprises_inspected", "source", "cases", PALETTE[3]),
    "penalty": ("enterprises_inspected", "penalty", "cases", PALETTE[3]),
    "fines": ("enterprises_inspected", "month", "fines", PALETTE[2]),
    "visits_month": ("enterprises_inspected", "month", "visits", PALETTE[0]),
    "fines_region": ("enterprises_inspected", "region", "fines", PALETTE[2]),
}
_COLUMNS = ("fines", "visits_month")  # months as columns; the rest as bars from the top
GROUPS = {"inspections": ("method", "visits_month", "region"), "cases": ("source", "penalty", "fines", "fines_region")}
"""The page's charts in two groups, one drawn at a time (``catalog.ENFORCEMENT_LEDGER_PAGE["chart_groups"]``
names them): the inspections' and the penalty cases'. Seven charts drawn at once made the page's
first visit slower than its target (benchmarks/README.md); a reader picks the other group."""


def in_group(specs: list[ChartSpec], group: str) -> list[ChartSpec]:
    """The charts of ``specs`` in :data:`GROUPS`'s ``group``, in the order given.

    >>> specs = [ChartSpec("", "", f"ledger_{k}", "", "", None, None) for k in ("source", "method", "region")]
    >>> [s.kind for s in in_group(specs, "inspections")]
    ['ledger_method', 'ledger_region']
    """
    return [spec for spec in specs if spec.kind.removeprefix("ledger_") in GROUPS[group]]


def title(kind: str, region_name: str, period: Period) -> str:
    """A chart's title.

    >>> title("region", "连云港市", Period(2022, 1, 11))
    '连云港市 2022年1-11月 执法检查企业数 按地区<br>（各地区分别去重，合计不等于各地区之和）'
    """
    return catalog.ENFORCEMENT_CHART_TITLES[kind].format(region=region_name, period=period.label())


def month_label(month: str, period: Period) -> str:
    """A month's label on the 罚没款 chart: 3月 within one year's span.

    >>> month_label("2022-03", Period(2022, 1, 11)), month_label("2022-03", Period(2022, 3, 3))
    ('3月', '3月')
    """
    year, number = month.split("-")
    return f"{int(number)}月" if int(year) == period.year else f"{year}年{int(number)}月"


def bars_chart(
    kind: str,
    labels: list[str],
    values: list[float],
    region: str,
    region_name: str,
    period: Period,
    synthetic: bool = False,
) -> ChartSpec:
    """One of the page's charts (``kind``: a key of ``catalog.ENFORCEMENT_CHART_TITLES``): horizontal
    bars from the top in the given order, each labelled with its value, the chart taller for many
    (``charts.room_for_bars``; months as columns)."""
    indicator, category, value_axis, colour = _SHAPE[kind]
    axes = catalog.ENFORCEMENT_CHART_AXES
    points = _points(indicator, region, region_name, period, axes[category], labels, values, source(synthetic))
    text = [f"{v:,.1f}" if value_axis == "fines" else f"{int(v):,}" for v in values]
    if kind in _COLUMNS:
        fig = go.Figure(go.Bar(x=labels, y=values, marker_color=colour, text=text, textposition="outside",
                               cliponaxis=False))  # fmt: skip
        fig.update_xaxes(type="category")  # 3月, not a date axis
        x_title, y_title = axes[category], axes[value_axis]
        axis = "none" if value_axis == "fines" else "y"  # 万元 with decimals: Plotly's ticks
    else:
        fig = go.Figure(go.Bar(x=values[::-1], y=labels[::-1], orientation="h", marker_color=colour,
                               text=text[::-1], textposition="outside", cliponaxis=False))  # fmt: skip
        fig.update_xaxes(range=[0, max([*values, 1]) * 1.25])
        x_title, y_title, axis = axes[value_axis], "", "x"
    chart_title = title(kind, region_name, period)
    style(fig, title=chart_title, frame=points, x_title=x_title, y_title=y_title, value_axis=axis)
    fig.update_layout(margin=dict(t=95))
    if kind not in _COLUMNS:  # a bar for each region (or 方式, 来源, 处罚种类): taller for many
        room_for_bars(fig, len(values))
    return ChartSpec("enforcement", indicator, f"ledger_{kind}", file_name("enforcement", "ledger", kind), chart_title,
                     fig, points)  # fmt: skip
