"""The overview's two charts per headline indicator (issue 17), in the house style:

- 逐月走势: each month of the year — this year's months so far (bars), last year's and the five
  years before's mean (lines; a month's mean only where all five years have it);
- 各地区排名: the regions under the one viewed, largest first, each bar coloured by its 同比 (a rise
  in accidents red, a fall green: ``metrics.tone``), labelled with its value and change.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import catalog, metrics
from .charts import PALETTE, ChartSpec, _value_axis, count_ticks, file_name, room_for_bars, style
from .periods import Period

T = catalog.OVERVIEW_CHART_TEXTS
TONE_COLOURS = {"good": "#009E73", "bad": "#D55E00", "neutral": "#999999"}


def month_points(ready, indicator: str, region: str, period: Period) -> dict[str, pd.DataFrame]:
    """The trend's points: ``this`` (months 1 to the period's last of its year), ``last`` (last
    year's twelve) and ``mean`` (each month's mean over the five years before: region, month,
    value; only months all five have), each only with the months found."""

    def months(year: int, last: int) -> pd.DataFrame:
        return metrics.series(ready, indicator, region, [Period(year, m, m) for m in range(1, last + 1)])

    this, last = months(period.year, period.end), months(period.year - 1, 12)
    years = [months(period.year - k, 12) for k in range(1, 6)]
    by_month: dict[int, list[float]] = {}
    for frame in years:
        for p, v in zip(frame["period"], frame["value"], strict=True):
            by_month.setdefault(Period.parse(p).start, []).append(float(v))
    mean = pd.DataFrame(
        [{"month": m, "value": sum(vs) / len(vs)} for m, vs in sorted(by_month.items()) if len(vs) == 5],
        columns=["month", "value"],
    )
    return {"this": this, "last": last, "mean": mean, "years": pd.concat([this, *years], ignore_index=True)}


def trend_chart(
    points: dict[str, pd.DataFrame], indicator: str, region: str, region_name: str, period: Period
) -> ChartSpec:
    """逐月走势 of ``month_points``: this year's bars, last year's and the five-year mean's lines."""
    month = lambda frame: [f"{Period.parse(p).start}月" for p in frame["period"]]  # noqa: E731
    fig = go.Figure()
    this, last, mean = points["this"], points["last"], points["mean"]
    fig.add_trace(go.Bar(x=month(this), y=this["value"].tolist(), name=T["this_year"].format(year=period.year),
                         marker_color=PALETTE[0], text=[metrics.format_number(v) for v in this["value"]],
                         textposition="outside", cliponaxis=False))  # fmt: skip
    if len(last):
        fig.add_trace(go.Scatter(x=month(last), y=last["value"].tolist(), name=T["last_year"].format(year=period.year - 1),
                                 mode="lines+markers", line=dict(color=PALETTE[1], width=2.5)))  # fmt: skip
    if len(mean):
        fig.add_trace(go.Scatter(x=[f"{m}月" for m in mean["month"]], y=mean["value"].round(1).tolist(),
                                 name=T["mean5"].format(first=period.year - 5, last=period.year - 1), mode="lines",
                                 line=dict(color="#555555", width=2, dash="dash")))  # fmt: skip
    fig.update_xaxes(
        type="category", categoryorder="array", categoryarray=[f"{m}月" for m in range(1, 13)], tickangle=0
    )
    title = T["trend_title"].format(region=region_name, year=period.year, name=catalog.INDICATORS[indicator].name)
    frame = points["years"] if len(points["years"]) else this
    style(fig, title=title, frame=frame, x_title=catalog.CHART_AXES["month"], y_title=_value_axis(indicator),
          value_axis="none")  # fmt: skip
    values = [*this["value"], *last["value"], *mean["value"]]
    fig.update_yaxes(**count_ticks(values))
    fig.update_layout(showlegend=True, legend=dict(orientation="h", x=0, y=1.02, xanchor="left", yanchor="bottom"),
                      margin=dict(t=110))  # fmt: skip
    return ChartSpec("accidents", indicator, "trend", file_name("accidents", indicator, "trend"), title, fig, frame)


def ranking_points(ready, indicator: str, region: str, period: Period) -> pd.DataFrame:
    """Each region under ``region``: its value over ``period``, last year's same span and the change
    (``direction``, ``change_text``), largest first."""
    try:
        now = metrics.by_children(ready, indicator, region, period)
        before = metrics.by_children(ready, indicator, region, period.same_span_last_year())
    except ValueError:  # the regions under it were read summed (far below the one viewed): no ranking
        return pd.DataFrame()
    if now.empty:
        return now
    previous = dict(zip(before["region"], before["value"], strict=True))
    unit = catalog.INDICATORS[indicator].unit
    changes = [
        metrics.describe_change(v, previous.get(r), unit=unit) for r, v in zip(now["region"], now["value"], strict=True)
    ]
    now = now.assign(direction=[c.direction for c in changes], change_text=[c.text for c in changes],
                     change_short=[short_change(c) for c in changes])  # fmt: skip
    return now.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)


def short_change(change: metrics.Change) -> str:
    """A ranking bar's change: ↓45.8%, ↑11.1%, 持平, 新增 (from none a year before), or nothing.

    >>> [short_change(metrics.describe_change(a, b)) for a, b in ((7, 13), (10, 9), (1, 1), (3, 0), (3, None))]
    ['↓46.2%', '↑11.1%', '持平', '新增', '']
    """
    if change.direction is None:
        return ""
    if change.direction == "flat":
        return T["flat"]
    if change.pct is None:
        return T["new"]
    return f"{'↑' if change.direction == 'up' else '↓'}{metrics.percent_text(abs(change.pct))}"


def ranking_chart(points: pd.DataFrame, indicator: str, region: str, region_name: str, period: Period) -> ChartSpec:
    """各地区排名: horizontal bars from the top, largest first, coloured by 同比 (``TONE_COLOURS``);
    taller than the house height where the regions need it (``charts.room_for_bars``)."""
    info = catalog.INDICATORS[indicator]
    tones = [metrics.tone(d, info.polarity) for d in points["direction"]]
    labels = [f"{metrics.format_number(v, q)}（{c}）" if c else metrics.format_number(v, q)
              for v, q, c in zip(points["value"], points["qualifier"], points["change_short"], strict=True)]  # fmt: skip
    fig = go.Figure(go.Bar(
        x=points["value"].tolist()[::-1], y=points["region_name"].tolist()[::-1], orientation="h",
        marker_color=[TONE_COLOURS[t] for t in tones][::-1], text=labels[::-1], textposition="outside",
        cliponaxis=False, hovertemplate="%{y}: %{x}<extra></extra>",
    ))  # fmt: skip
    fig.update_xaxes(range=[0, max([*points["value"].tolist(), 1]) * 1.7])
    title = T["ranking_title"].format(region=region_name, period=period.label(), name=info.name)
    style(fig, title=title, frame=points, x_title=_value_axis(indicator), y_title="", value_axis="x")
    fig.update_layout(margin=dict(t=95))
    room_for_bars(fig, len(points))
    return ChartSpec(
        "accidents", indicator, "ranking", file_name("accidents", indicator, "ranking"), title, fig, points
    )


def overview_charts(ready, indicator: str, region: str, region_name: str, period: Period) -> list[ChartSpec]:
    """The trend (where the year has two months or more) and the ranking (where two regions or more
    are under ``region``) of ``indicator``."""
    out = []
    points = month_points(ready, indicator, region, period)
    if len(points["this"]) >= 2 or len(points["last"]) >= 2:
        out.append(trend_chart(points, indicator, region, region_name, period))
    ranking = ranking_points(ready, indicator, region, period)
    if len(ranking) >= 2:
        out.append(ranking_chart(ranking, indicator, region, region_name, period))
    return out
