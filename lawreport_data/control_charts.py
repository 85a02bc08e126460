"""The 控制指标进度 board's chart (issue 17): one bar per region, the share of its year's target used
by the end of the span, coloured by status (超全年, 超进度, 正常; 无控制数 grey, with no bar), worst
first from the top, and a dashed line at the share of the year gone. In the house style
(``charts.style``: title with region and period, axis unit, source note, 示例数据 mark)."""

from __future__ import annotations

import plotly.graph_objects as go

from . import catalog
from .charts import ChartSpec, file_name, style
from .hazard_charts import _points
from .periods import Period

T = catalog.PROGRESS_BOARD
BAR_CAP = 150.0  # a bar longer than this share is drawn to it (its label says the whole share)


def printed(value) -> str:
    """A count as written: 12, 2.5; none: —.

    >>> printed(12), printed(12.0), printed(2.5), printed(None)
    ('12', '12', '2.5', '—')
    """
    return "—" if value is None else f"{value:g}"


def bar_text(row: dict) -> str:
    """A bar's label.

    >>> bar_text({"indicator": "deaths", "actual": 9, "target": 9, "used_pct": 100.0, "status": "over_pace"})
    '9/9人（100.0%）'
    >>> bar_text({"indicator": "deaths", "actual": 3, "target": None, "used_pct": None, "status": "no_target"})
    '3人，无控制数'
    >>> bar_text({"indicator": "deaths", "actual": 1, "target": 0, "used_pct": None, "status": "over_year"})
    '1/0人（—）'
    >>> bar_text({"indicator": "gdp_death_rate", "actual": None, "target": 0.012, "used_pct": None,
    ...           "status": "no_actual", "reason": "缺少2022年地区生产总值"})
    '控制数0.012人/亿元，缺少2022年地区生产总值'
    """
    unit = catalog.target_info(row["indicator"]).unit
    if row["status"] == "no_actual":
        return T["bar_text_no_actual"].format(target=printed(row["target"]), unit=unit, reason=row.get("reason") or "")
    if row["target"] is None:
        return T["bar_text_no_target"].format(actual=printed(row["actual"] or 0), unit=unit)
    used = "—" if row["used_pct"] is None else f"{row['used_pct']:.1f}%"
    return T["bar_text"].format(actual=printed(row["actual"] or 0), target=printed(row["target"]), unit=unit, used=used)


def bar_length(row: dict) -> float:
    """How long a row's bar is drawn: its used share, at most :data:`BAR_CAP`; over a target of 0,
    the cap; without a target, none.

    >>> [bar_length(r) for r in ({"used_pct": 80.0, "status": "normal"}, {"used_pct": 400.0, "status": "over_year"},
    ...  {"used_pct": None, "status": "over_year"}, {"used_pct": None, "status": "no_target"})]
    [80.0, 150.0, 150.0, 0.0]
    """
    if row["status"] in ("no_target", "no_actual"):
        return 0.0
    if row["used_pct"] is None:
        return BAR_CAP
    return min(row["used_pct"], BAR_CAP)


def progress_chart(
    rows: list[dict], indicator: str, region: str, region_name: str, period: Period, source
) -> ChartSpec:
    """The board of ``indicator``: ``rows`` (``api.progress``'s, worst first) as horizontal bars
    from the top. ``source``: (origins, batch ids, synthetic) of the figures and targets shown."""
    info = catalog.target_info(indicator)
    labels = [r["region_name"] for r in rows]
    lengths = [bar_length(r) for r in rows]
    time = rows[0]["time_pct"] if rows else 0.0
    points = _points(indicator, region, region_name, period, T["x_axis"], labels,
                     [r["used_pct"] for r in rows], source)  # fmt: skip
    hover = [
        T["hover"].format(
            region=r["region_name"],
            actual=printed(r["actual"] or 0),
            target=printed(r["target"]),
            unit=info.unit,
            used="—" if r["used_pct"] is None else f"{r['used_pct']:.1f}%",
            status=catalog.PROGRESS_STATUS[r["status"]],
        )  # fmt: skip
        for r in rows
    ]
    fig = go.Figure(
        go.Bar(
            x=lengths[::-1], y=labels[::-1], orientation="h",
            marker_color=[catalog.PROGRESS_COLOURS[r["status"]] for r in rows][::-1],
            text=[bar_text(r) for r in rows][::-1], textposition="outside", cliponaxis=False,
            hovertext=hover[::-1], hoverinfo="text",
        )
    )  # fmt: skip
    fig.add_vline(x=time, line_dash="dash", line_color="#333333", line_width=1.5)
    fig.add_annotation(x=time, y=1, yref="paper", yanchor="bottom", showarrow=False, name="time_line",
                       text=T["time_line"].format(pct=f"{time:.1f}"), font=dict(size=12, color="#333333"))  # fmt: skip
    top = max([*lengths, time, 100.0])
    fig.update_xaxes(range=[0, top * 1.45], ticksuffix="%")
    title = T["chart_title"].format(
        region=region_name, period=Period(period.year, 1, period.end).label(), indicator=info.name
    )
    style(fig, title=title, frame=points, x_title=T["x_axis"], y_title="", value_axis="none")
    fig.update_layout(margin=dict(t=95), height=max(240, 150 + 36 * len(rows)))  # one region's board is short
    return ChartSpec(
        "accidents", indicator, "progress", file_name("accidents", indicator, "progress"), title, fig, points
    )
