"""The 隐患台账 page's charts in the house style (``charts.style``: title with region, period and the
as-of day, axis units, source note, 示例数据 mark): the rectification funnel, 整改率 by region
(ranked, coloured above or below the whole's rate), and the open hazards by age.

Each chart's points carry what its table and source note need (``tables.chart_table``,
``charts.source_note``): indicator, region, period label, category, value, origins and batches.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import catalog
from .charts import PALETTE, ChartSpec, file_name, room_for_bars, style
from .periods import Period

GOOD, BAD = PALETTE[2], PALETTE[3]  # above / below the whole's 整改率 (colour-blind safe)
LEVEL_COLOURS = {"general": PALETTE[0], "major": PALETTE[3]}


def _title(kind: str, region_name: str, period: Period, as_of) -> str:
    """A chart's title.

    >>> _title("funnel", "连云港市", Period(2022, 1, 11), "2022-11-30")
    '连云港市 2022年1-11月 隐患整改进度<br>（2022年1-11月发现，截至2022-11-30）'
    """
    day = pd.Timestamp(as_of).strftime("%Y-%m-%d")
    return catalog.HAZARD_CHART_TITLES[kind].format(region=region_name, period=period.label(), as_of=day)


def _points(indicator, region, region_name, period, kind, categories, values, source) -> pd.DataFrame:
    origins, batch_ids, synthetic = source
    points = pd.DataFrame(
        {
            "indicator": indicator,
            "region": region,
            "region_name": region_name,
            "period": str(period),
            "period_label": period.label(),
            "category_kind": kind,
            "category": list(categories),
            "value": [float(v) if v is not None else None for v in values],
            "qualifier": "",
            "status": "final",
            "synthetic": synthetic,
        }
    )
    points["origins"] = [list(origins)] * len(points)
    points["batch_ids"] = [list(batch_ids)] * len(points)
    return points


def funnel_chart(funnel: pd.DataFrame, region: str, region_name: str, period: Period, as_of, source) -> ChartSpec:
    """Found → rectified → accepted (``hazard_tables.funnel``) as horizontal bars from the top, each
    labelled with its count and its share of the found."""
    points = _points("hazards_found", region, region_name, period, catalog.HAZARD_CHART_AXES["stage"],
                     funnel["label"], funnel["value"], source)  # fmt: skip
    found = int(funnel["value"].iloc[0])
    shares = [f"{100 * v / found:.1f}%" if found else "—" for v in funnel["value"]]
    labels = [f"{int(v):,}（{s}）" for v, s in zip(funnel["value"], shares, strict=True)]
    hover = [catalog.HAZARD_HOVER["funnel"].format(stage=s, value=int(v), share=p)
             for s, v, p in zip(funnel["label"], funnel["value"], shares, strict=True)]  # fmt: skip
    shown = slice(None, None, -1)  # the first stage on top
    fig = go.Figure(
        go.Bar(
            x=funnel["value"].tolist()[shown], y=funnel["label"].tolist()[shown], orientation="h",
            marker_color=[PALETTE[0], GOOD, PALETTE[4]][shown], text=labels[shown], textposition="outside",
            cliponaxis=False, hovertext=hover[shown], hovertemplate="%{hovertext}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(range=[0, max(found, 1) * 1.3])
    title = _title("funnel", region_name, period, as_of)
    style(fig, title=title, frame=points, x_title=catalog.HAZARD_CHART_AXES["count"], y_title="", value_axis="x")
    fig.update_layout(margin=dict(t=95))
    return ChartSpec(
        "enforcement", "hazards_found", "funnel", file_name("enforcement", "hazards", "funnel"), title, fig, points
    )


def rate_chart(rates: pd.DataFrame, region: str, region_name: str, period: Period, as_of, source) -> ChartSpec:
    """整改率 by region (``hazard_tables.rate_by_region``): horizontal bars, the highest on top,
    green at or above the whole's rate, vermilion below; a region without a hazard has no bar; taller
    for many regions (``charts.room_for_bars``)."""
    shown = rates.dropna(subset=["rectification_rate"]).iloc[::-1]
    points = _points("hazard_rectification_rate", region, region_name, period, catalog.HAZARD_LEDGER_PAGE["filter_region"],
                     shown["name"], shown["rectification_rate"], source)  # fmt: skip
    hover = [
        catalog.HAZARD_HOVER["rate"].format(region=n, rate=f"{r:.1f}%", rectified=int(d), found=int(f))
        for n, r, d, f in zip(
            shown["name"], shown["rectification_rate"], shown["rectified"], shown["found"], strict=True
        )
    ]
    fig = go.Figure(
        go.Bar(
            x=shown["rectification_rate"].tolist(), y=shown["name"].tolist(), orientation="h",
            marker_color=[GOOD if t == "above" else BAD for t in shown["tone"]],
            text=[f"{r:.1f}%" for r in shown["rectification_rate"]], textposition="outside", cliponaxis=False,
            hovertext=hover, hovertemplate="%{hovertext}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(range=[0, 110], ticksuffix="%")
    title = _title("rate_by_region", region_name, period, as_of)
    style(fig, title=title, frame=points, x_title=catalog.HAZARD_CHART_AXES["rate"], y_title="", value_axis="none")
    fig.update_layout(margin=dict(t=95))
    room_for_bars(fig, len(shown))  # a county's thirty towns: taller, each bar keeps its room
    return ChartSpec("enforcement", "hazard_rectification_rate", "by_region",
                     file_name("enforcement", "hazards", "rate_by_region"), title, fig, points)  # fmt: skip


def age_chart(ages: pd.DataFrame, region: str, region_name: str, period: Period, as_of, source) -> ChartSpec:
    """Open hazards by age (``hazard_figures.age_buckets``): columns stacked 一般 and 重大."""
    general = ages["open"] - ages["major"]
    categories = [f"{b} {catalog.HAZARD_LEVELS[lv]}" for lv in ("general", "major") for b in ages["label"]]
    points = _points("hazards_found", region, region_name, period, catalog.HAZARD_CHART_AXES["age"], categories,
                     [*general, *ages["major"]], source)  # fmt: skip
    fig = go.Figure()
    for level, values in (("general", general), ("major", ages["major"])):
        name = catalog.HAZARD_LEVELS[level]
        hover = [catalog.HAZARD_HOVER["age"].format(bucket=b, level=name, value=int(v))
                 for b, v in zip(ages["label"], values, strict=True)]  # fmt: skip
        fig.add_bar(x=ages["label"].tolist(), y=[int(v) for v in values], name=name, marker_color=LEVEL_COLOURS[level],
                    hovertext=hover, hovertemplate="%{hovertext}<extra></extra>")  # fmt: skip
    # each column's total above it (a segment of one hazard is too thin to hold its own label)
    fig.add_scatter(x=ages["label"].tolist(), y=[int(v) for v in ages["open"]], mode="text", showlegend=False,
                    text=[f"{int(v):,}" for v in ages["open"]], textposition="top center", hoverinfo="skip",
                    cliponaxis=False)  # fmt: skip
    title = _title("age", region_name, period, as_of)
    style(fig, title=title, frame=points.assign(value=[*ages["open"], *([0] * len(ages))]),
          x_title=catalog.HAZARD_CHART_AXES["age"], y_title=catalog.HAZARD_CHART_AXES["count"])  # fmt: skip
    fig.update_layout(
        barmode="stack", showlegend=True, margin=dict(t=135),
        legend=dict(orientation="h", y=1.0, x=0, xanchor="left", yanchor="bottom", traceorder="normal"),
    )  # fmt: skip
    return ChartSpec(
        "enforcement", "hazards_found", "by_age", file_name("enforcement", "hazards", "age"), title, fig, points
    )
