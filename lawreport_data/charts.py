"""The house style of every chart: pure builders from engine frames to Plotly figures.

Nothing here imports Streamlit (which would change Plotly's default template): every
figure names its template explicitly, so the dashboard and the briefing export draw the same.

>>> pts = pd.DataFrame([
...     dict(indicator="accidents", region="320700", region_name="连云港市", period="2021-01..2021-11",
...          period_label="2021年1-11月", value=114.0, qualifier="", status="final", synthetic=False,
...          origins=["derived"], sources=[], batch_ids=[]),
...     dict(indicator="accidents", region="320700", region_name="连云港市", period="2022-01..2022-11",
...          period_label="2022年1-11月", value=70.0, qualifier="", status="final", synthetic=False,
...          origins=["report"], sources=[], batch_ids=[]),
... ])
>>> fig = comparison_figure(pts, "连云港市", Period(2022, 1, 11))
>>> fig.layout.title.text
'连云港市 2022年1-11月 事故起数 同比'
>>> fig.layout.template.layout.font.family == FONT_FAMILY, fig.data[0].text
(True, ('114', '70'))
>>> source_note(pts)
'数据来源：连云港市应急管理局2022年度法治政府工作报告（连应急〔2023〕8号）；由报告同比降幅推算'
>>> [a.name for a in fig.layout.annotations]
['source']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from . import catalog, metrics
from .metrics import format_number
from .periods import Period

FONT_FAMILY = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, SimHei, sans-serif"
NOTE_WIDTH = 32  # characters per line of the source note: fits a half-width chart on the dashboard
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
TEMPLATE_NAME = "lawreport"
FEW_BARS = 16  # value labels on columns up to this many (horizontal bars have room for theirs: room_for_bars)
WIDTH, HEIGHT = 900, 500  # static export size (the dashboard stretches to its column)
BAR_ROOM = 26  # pixels per bar of a chart of horizontal bars (a county's thirty towns, the twenty accident classes)
BARS_FRAME = 190  # such a chart's title, value axis and source note


def _make_template() -> go.layout.Template:
    """A small, self-contained template (validating a full built-in one costs ~40 ms a figure)."""
    axis = dict(gridcolor="#e5e5e5", linecolor="#888888", zerolinecolor="#bbbbbb", automargin=True, ticks="")
    return go.layout.Template(
        layout=dict(
            font=dict(family=FONT_FAMILY, size=14, color="#222222"),
            colorway=list(PALETTE),
            title=dict(font=dict(size=18), x=0.01, xanchor="left"),
            paper_bgcolor="white",
            plot_bgcolor="white",
            xaxis=axis,
            yaxis=axis,
            hoverlabel=dict(font=dict(family=FONT_FAMILY)),
        )
    )


TEMPLATE = _make_template()
pio.templates[TEMPLATE_NAME] = TEMPLATE


@dataclass
class ChartSpec:
    """One chart: which topic and indicator it shows, a file-safe name, and the data behind it."""

    topic: str
    indicator: str
    kind: str  # compare | months | years | children
    name: str  # file-safe, e.g. "1_accidents_compare"
    title: str
    figure: go.Figure
    data: pd.DataFrame  # engine points (metrics.series / by_children columns)

    @property
    def section(self) -> int:
        """The report section (一…七) the chart belongs under: its indicator's, or its group's
        members' (``catalog.CHART_GROUPS``)."""
        if self.indicator in catalog.INDICATORS:
            return catalog.INDICATORS[self.indicator].section
        return catalog.INDICATORS[catalog.CHART_GROUPS[self.indicator].indicators[0]].section

    @property
    def table(self) -> pd.DataFrame:
        """The data behind the chart with Chinese headers (what the downloads hold)."""
        from .tables import chart_table

        return chart_table(self.data)


# --- titles and notes -----------------------------------------------------------------


def chart_title(region_name: str, period: Period | str, indicator: str, kind: str = "", comparison: str = "yoy") -> str:
    """「地区 期间 指标 图类」.

    >>> chart_title("连云港市", Period(2022, 1, 11), "accidents", "compare")
    '连云港市 2022年1-11月 事故起数 同比'
    >>> chart_title("灌云县", "2018–2022年 1-11月", "deaths", "years")
    '灌云县 2018–2022年 1-11月 死亡人数 历年同期'
    """
    label = period.label() if isinstance(period, Period) else period
    name = catalog.INDICATORS[indicator].name
    suffix = catalog.CHART_KINDS[kind].format(comparison=catalog.COMPARISON_LABELS[comparison]) if kind else ""
    return " ".join(p for p in (region_name, label, name, suffix) if p)


def file_name(topic: str, indicator: str, kind: str) -> str:
    """A file-safe name: ``<topic number>_<indicator>_<kind>``.

    >>> file_name("accidents", "accidents", "months")
    '1_accidents_months'
    """
    raw = f"{catalog.TOPICS[topic].number}_{indicator}_{kind}"
    return re.sub(r"[^A-Za-z0-9_-]", "_", raw)


def download_name(title: str) -> str:
    """A chart's downloads' file name (without extension): its title, spaces and line breaks as _.

    >>> download_name("连云港市 2022年1-11月 事故起数 各地区排名<br>（箭头为同比）")
    '连云港市_2022年1-11月_事故起数_各地区排名_（箭头为同比）'
    """
    return re.sub(r"<br\s*/?>", "_", title).replace(" ", "_")


def is_synthetic(frame: pd.DataFrame) -> bool:
    """Whether any plotted row is synthetic (demo) data.

    >>> is_synthetic(pd.DataFrame({"synthetic": [False, True]})), is_synthetic(pd.DataFrame())
    (True, False)
    """
    return "synthetic" in frame.columns and bool(frame["synthetic"].fillna(False).astype(bool).any())


def source_note(frame: pd.DataFrame) -> str:
    """「数据来源：…」 from the rows' origins and import batch ids.

    >>> source_note(pd.DataFrame({"origins": [["import"], ["import", "demo"]], "batch_ids": [[3], [5]]}))
    '数据来源：导入文件（导入批次 #3、#5）；示例数据（合成）'
    """
    origins: list[str] = []
    batches: list[int] = []
    for col, out in (("origins", origins), ("batch_ids", batches)):
        if col in frame.columns:
            for items in frame[col]:
                for x in items if isinstance(items, list | tuple) else []:
                    if x not in out:
                        out.append(x)
    order = ["report", "derived", "ledger", "hazard_ledger", "import", "demo"]
    parts = []
    for o in sorted(origins, key=lambda o: order.index(o) if o in order else len(order)):
        label = catalog.SOURCE_REPORT_TITLE if o == "report" else catalog.ORIGIN_LABELS.get(o, o)
        if o in ("import", "ledger", "hazard_ledger") and batches:
            ids = "、".join(f"#{b}" for b in sorted(batches))
            label = f"{label}（{catalog.CHART_SOURCE_BATCH.format(ids=ids)}）"
        parts.append(label)
    return catalog.PHRASES["source_prefix"] + catalog.CHART_SOURCE_SEPARATOR.join(parts or [catalog.PHRASES["missing"]])


def wrap_note(text: str, width: int = NOTE_WIDTH) -> str:
    """Break a long note into lines of at most ``width`` characters (plotly does not wrap),
    preferably before 「（」 or after 「；」, so a source note stays whole under a narrow chart.

    >>> wrap_note("数据来源：连云港市应急管理局2022年度法治政府工作报告（连应急〔2023〕8号）", 30)
    '数据来源：连云港市应急管理局2022年度法治政府工作报告<br>（连应急〔2023〕8号）'
    >>> wrap_note("短", 30)
    '短'
    """
    lines, rest = [], text
    while len(rest) > width:
        cut = max(rest.rfind("（", 1, width + 1), rest.rfind("；", 0, width) + 1)
        if cut <= 0:
            cut = width
        lines.append(rest[:cut])
        rest = rest[cut:]
    return "<br>".join([*lines, rest])


def count_ticks(values) -> dict:
    """Value-axis settings that keep small whole-number figures on whole-number ticks (Plotly
    would mark 0.5 and 1.5 accidents on an axis up to 2).

    >>> count_ticks([2.0, 1.0, 0.0])
    {'dtick': 1}
    >>> count_ticks([1.5, 2.0]), count_ticks([114.0, 70.0])
    ({}, {})
    """
    vals = [float(v) for v in values]
    if vals and all(v.is_integer() for v in vals) and max(abs(v) for v in vals) < 8:
        return {"dtick": 1}
    return {}


def style(
    fig: go.Figure, *, title: str, frame: pd.DataFrame, x_title: str, y_title: str, value_axis: str = "y"
) -> go.Figure:
    """Apply the house style: template, fonts, title, axis titles, source note, 示例数据 mark."""
    fig.update_layout(
        template=TEMPLATE,
        font=dict(family=FONT_FAMILY),
        title=dict(text=title),
        height=HEIGHT,  # the dashboard draws what the PNG export draws
        margin=dict(l=70, r=30, t=70, b=125),
        showlegend=False,
        xaxis_title=x_title,
        yaxis_title=y_title,
        separators=".,",
    )
    fig.update_yaxes(rangemode="tozero", gridcolor="#e5e5e5")
    values = frame["value"] if "value" in frame.columns else []
    if value_axis in ("x", "y"):  # "none": the caller sets each panel's ticks
        (fig.update_yaxes if value_axis == "y" else fig.update_xaxes)(**count_ticks(values))
    fig.add_annotation(
        name="source",
        text=wrap_note(source_note(frame)),
        xref="paper",
        yref="paper",
        x=0,
        xshift=-50,  # start under the y-axis labels, not at the plot's edge
        y=0,
        yshift=-72,  # in pixels, below the tick labels and the axis title whatever the plot's height
        xanchor="left",
        yanchor="top",
        align="left",
        showarrow=False,
        font=dict(size=11, color="#555555"),
    )
    if is_synthetic(frame):
        fig.add_annotation(
            name="watermark",
            text=catalog.CHART_WATERMARK,
            xref="paper",
            yref="paper",
            x=0.5,
            y=0.5,
            showarrow=False,
            textangle=-20,
            opacity=0.18,
            font=dict(size=64, color="#D55E00"),
        )
    return fig


# --- builders -------------------------------------------------------------------------


def _value_axis(indicator: str) -> str:
    info = catalog.INDICATORS[indicator]
    return catalog.CHART_AXES["value"].format(name=info.name, unit=info.unit)


def _labels(frame: pd.DataFrame) -> list[str]:
    return [format_number(v, q) for v, q in zip(frame["value"], frame["qualifier"], strict=True)]


def room_for_bars(fig: go.Figure, bars: int) -> go.Figure:
    """``fig``, a chart of ``bars`` horizontal bars, made taller than the house height where its bars
    need it (:data:`BAR_ROOM` each, :data:`BARS_FRAME` for the rest): a chart of many regions or
    classes keeps each bar a line of text high and its name beside it, and the page scrolls past it.

    >>> room_for_bars(go.Figure(), 10).layout.height, room_for_bars(go.Figure(), 30).layout.height
    (500, 970)
    """
    fig.update_layout(height=max(HEIGHT, BARS_FRAME + BAR_ROOM * bars))
    return fig


def _bar(frame: pd.DataFrame, x: list[str], colours: list[str] | str, horizontal: bool = False) -> go.Bar:
    few = horizontal or len(frame) <= FEW_BARS  # a tall chart's bars far from its axis: each says its value
    kwargs = dict(
        marker_color=colours,
        text=_labels(frame) if few else None,
        textposition="outside" if few else None,
        cliponaxis=False,
        hovertemplate="%{x}: %{y}<extra></extra>" if not horizontal else "%{y}: %{x}<extra></extra>",
    )
    if horizontal:
        return go.Bar(x=frame["value"].tolist(), y=x, orientation="h", **kwargs)
    return go.Bar(x=x, y=frame["value"].tolist(), **kwargs)


def comparison_figure(points: pd.DataFrame, region_name: str, period: Period, comparison: str = "yoy") -> go.Figure:
    """A bar for each comparison span and one for the chosen span, last (points from
    ``metrics.series``); 近五年同期平均: the five years' mean as a dashed line across them."""
    indicator = str(points["indicator"].iloc[0])
    colours = [PALETTE[4]] * (len(points) - 1) + [PALETTE[0]]
    fig = go.Figure(_bar(points, points["period_label"].tolist(), colours))
    if len(points) > 2:
        mean = float(points["value"].iloc[:-1].mean())
        text = catalog.CHART_MEAN_LINE.format(
            label=catalog.COMPARISON_LABELS[comparison].removeprefix("比"),
            value=metrics.format_number(round(mean, 1)), unit=catalog.INDICATORS[indicator].unit,
        )  # fmt: skip
        # its label over the chosen span's bar, the last (a fall leaves room above it; a rise: a white ground)
        fig.add_hline(y=mean, line_dash="dash", line_color=PALETTE[3], annotation_text=text,
                      annotation_position="top right", annotation_bgcolor="rgba(255,255,255,0.85)")  # fmt: skip
    return style(
        fig,
        title=chart_title(region_name, period, indicator, "compare", comparison),
        frame=points,
        x_title=catalog.CHART_AXES["period"],
        y_title=_value_axis(indicator),
    )


def months_figure(points: pd.DataFrame, region_name: str, period: Period) -> go.Figure:
    """The months of one year as bars (a monthly trend; needs two or more points)."""
    indicator = str(points["indicator"].iloc[0])
    x = [f"{Period.parse(p).start}月" for p in points["period"]]
    fig = go.Figure(_bar(points, x, PALETTE[0]))
    return style(
        fig,
        title=chart_title(region_name, period, indicator, "months"),
        frame=points,
        x_title=catalog.CHART_AXES["month"],
        y_title=_value_axis(indicator),
    )


def years_figure(points: pd.DataFrame, region_name: str, period: Period) -> go.Figure:
    """The same span in successive years, as a line with value labels."""
    indicator = str(points["indicator"].iloc[0])
    years = [Period.parse(p).year for p in points["period"]]
    span = f"{min(years)}–{max(years)}年 {period.short_label()}"
    fig = go.Figure(
        go.Scatter(
            x=[f"{y}年" for y in years],
            y=points["value"].tolist(),
            mode="lines+markers+text",
            text=_labels(points),
            textposition="top center",
            line=dict(color=PALETTE[0], width=3),
            marker=dict(size=9),
            cliponaxis=False,
        )
    )
    return style(
        fig,
        title=chart_title(region_name, span, indicator, "years"),
        frame=points,
        x_title=catalog.CHART_AXES["period"],
        y_title=_value_axis(indicator),
    )


def children_figure(points: pd.DataFrame, region_name: str, period: Period) -> go.Figure:
    """The children of a region compared (horizontal bars, largest on top; taller for many:
    :func:`room_for_bars`)."""
    indicator = str(points["indicator"].iloc[0])
    ordered = points.sort_values("value", ascending=True, kind="stable")
    fig = go.Figure(_bar(ordered, ordered["region_name"].tolist(), PALETTE[2], horizontal=True))
    fig.update_xaxes(rangemode="tozero")
    style(
        fig,
        title=chart_title(region_name, period, indicator, "children"),
        frame=ordered,
        x_title=_value_axis(indicator),
        y_title="",  # the bars are named by region; a 地区 title would sit among the long names
        value_axis="x",
    )
    return room_for_bars(fig, len(ordered))


# --- all charts of a region and period ------------------------------------------------


def indicator_figures(
    obs: pd.DataFrame,
    regions: pd.DataFrame | None,
    region_code: str,
    period: Period,
    indicator: str,
    comparison: str = "yoy",
    kinds: tuple[str, ...] | None = None,
) -> list[ChartSpec]:
    """The charts one indicator supports for a region and period, only where data exists:
    comparison (two spans), months of the year (2+), the same span over years (3+), children (2+).
    ``kinds`` keeps only those (e.g. ``("compare",)``, which needs only the period's year and the
    year before)."""
    points = indicator_points(obs, regions, region_code, period, indicator, comparison, kinds)
    return indicator_charts(points, catalog.region_name(region_code, regions), period, indicator, comparison)


def indicator_points(
    obs: pd.DataFrame,
    regions: pd.DataFrame | None,
    region_code: str,
    period: Period,
    indicator: str,
    comparison: str = "yoy",
    kinds: tuple[str, ...] | None = None,
) -> dict[str, pd.DataFrame]:
    """The points of each chart ``indicator`` supports (kind → points; see ``indicator_figures``),
    without drawing them: an empty dict when it has no chart."""
    obs = obs[obs["indicator"] == indicator] if len(obs) else obs
    ready = metrics.prepare(obs, regions)  # indexed once for the four kinds
    out: dict[str, pd.DataFrame] = {}
    kinds = tuple(catalog.CHART_KINDS) if kinds is None else kinds
    spans = metrics.comparison_spans(period, comparison)  # newest first
    if spans and "compare" in kinds:
        pts = metrics.series(ready, indicator, region_code, [*reversed(spans), period])
        if len(pts) == len(spans) + 1:  # every span of the comparison, and this one
            out["compare"] = pts
    if "months" in kinds:
        months = [Period(period.year, m, m) for m in range(1, period.end + 1)]
        pts = metrics.series(ready, indicator, region_code, months)
        if len(pts) >= 2:
            out["months"] = pts
    if "years" in kinds:
        years = sorted({int(y) for y in obs["year"]}) if len(obs) else []
        spans = [Period(y, period.start, period.end) for y in years if y <= period.year]
        pts = metrics.series(ready, indicator, region_code, spans)
        if len(pts) >= 3:  # two years are the comparison chart already
            out["years"] = pts
    if "children" in kinds:
        pts = metrics.by_children(ready, indicator, region_code, period)
        if len(pts) >= 2:
            out["children"] = pts
    return out


def indicator_charts(
    points: dict[str, pd.DataFrame], region_name: str, period: Period, indicator: str, comparison: str = "yoy"
) -> list[ChartSpec]:
    """The charts (house style) of ``indicator_points``' points, in its order."""
    info = catalog.INDICATORS[indicator]
    draw = {
        "compare": lambda pts: comparison_figure(pts, region_name, period, comparison),
        "months": lambda pts: months_figure(pts, region_name, period),
        "years": lambda pts: years_figure(pts, region_name, period),
        "children": lambda pts: children_figure(pts, region_name, period),
    }
    out = []
    for kind, pts in points.items():
        fig = draw[kind](pts)
        out.append(
            ChartSpec(
                info.topic, indicator, kind, file_name(info.topic, indicator, kind), fig.layout.title.text, fig, pts
            )
        )
    return out


def section_figures(
    obs: pd.DataFrame,
    regions: pd.DataFrame | None,
    region_code: str,
    period: Period,
    comparison: str = "yoy",
    topics: list[str] | None = None,
) -> list[ChartSpec]:
    """Every chart for a region and period, topic by topic (the briefing export calls this).

    Indicators charted per topic are ``catalog.CHART_INDICATORS``; a chart is made only
    where its data exists (never an empty or one-point trend).
    """
    out: list[ChartSpec] = []
    for topic in topics or [t.code for t in catalog.TOPIC_LIST]:
        for code in catalog.CHART_INDICATORS.get(topic, ()):
            out.extend(indicator_figures(obs, regions, region_code, period, code, comparison))
    return out


# --- figures that belong together (catalog.CHART_GROUPS) ------------------------------


def group_members(topics: list[str] | None = None) -> list[str]:
    """Every indicator a group chart of ``topics`` (default: all) may show, in catalog order.

    >>> group_members(["enforcement"])
    ['hazards_found', 'general_hazards', 'major_hazards', 'hazards_rectified']
    """
    out: list[str] = []
    for g in catalog.CHART_GROUP_LIST:
        if topics is None or g.topic in topics:
            out.extend(c for c in g.indicators if c not in out)
    return out


def group_points(figures: pd.DataFrame, group: catalog.ChartGroup) -> pd.DataFrame:
    """The rows of ``figures`` (``metrics.figures``) that ``group``'s chart shows, in the group's
    order: its members found for one period (the first found member's; a figure of another span
    is left out, never drawn beside it). Empty when fewer than two remain.

    >>> figs = pd.DataFrame({"indicator": ["major_hazards", "hazards_found", "general_hazards"],
    ...                      "period": ["2022", "2022", "2022-01..2022-11"], "value": [42.0, 7481.0, 7000.0]})
    >>> group_points(figs, catalog.CHART_GROUPS["hazard_grades"])["indicator"].tolist()
    ['hazards_found', 'major_hazards']
    >>> group_points(figs.head(1), catalog.CHART_GROUPS["hazard_grades"]).empty
    True
    """
    order = {code: i for i, code in enumerate(group.indicators)}
    mine = figures[figures["indicator"].isin(list(order))] if len(figures) else figures
    if mine.empty:
        return mine
    mine = mine.sort_values("indicator", key=lambda s: s.map(order), kind="stable")
    mine = mine[mine["period"] == mine["period"].iloc[0]]
    return mine.reset_index(drop=True) if len(mine) >= 2 else mine.iloc[:0]


def group_title(region_name: str, period_label: str, group: catalog.ChartGroup) -> str:
    """「地区 期间 图题」: the period is the one the figures cover.

    >>> group_title("连云港市", "2022年", catalog.CHART_GROUPS["drills_participants"])
    '连云港市 2022年 应急演练场次与参演人数'
    """
    return " ".join(p for p in (region_name, period_label, group.title) if p)


def printed(value: float, qualifier: str, indicator: str) -> str:
    """A figure with its unit as the report prints it (余/多/约 in place, 以上/以下 after the unit, 万
    for large approximate ones).

    >>> printed(88000.0, "约", "drill_participants"), printed(20000.0, "余", "law_booklets")
    ('约8.8万人', '2万余册')
    >>> printed(50.0, "以上", "approval_time_cut")
    '50%以上'
    """
    return metrics.format_figure(value, qualifier, catalog.INDICATORS[indicator].unit)


def _hover(points: pd.DataFrame) -> list[str]:
    text = catalog.GROUP_CHART_TEXT["hover"]
    out = []
    for r in points.to_dict("records"):
        origins = r.get("origins") if isinstance(r.get("origins"), list | tuple) else []
        out.append(
            text.format(
                name=catalog.INDICATORS[r["indicator"]].name,
                value=printed(r["value"], r["qualifier"] or "", r["indicator"]),
                period=r["period_label"],
                origin=catalog.CHART_SOURCE_SEPARATOR.join(catalog.ORIGIN_LABELS.get(o, o) for o in origins)
                or catalog.PHRASES["missing"],
            )
        )
    return out


def part_labels(points: pd.DataFrame, whole: str) -> list[str]:
    """Each bar's label in a composition: the whole as printed, each part with its share of it
    (约 when either figure is approximate); no share without the whole.

    >>> pts = pd.DataFrame({"indicator": ["hazards_found", "general_hazards", "major_hazards"],
    ...                     "value": [7481.0, 7439.0, 42.0], "qualifier": ["", "", ""]})
    >>> part_labels(pts, "hazards_found")
    ['7481条', '7439条（占99.4%）', '42条（占0.6%）']
    >>> part_labels(pd.DataFrame({"indicator": ["law_booklets", "posters"], "value": [2e4, 3e4],
    ...                           "qualifier": ["余", "余"]}), "leaflets")
    ['2万余册', '3万余份']
    """
    rows = points.to_dict("records")
    base = next((r for r in rows if r["indicator"] == whole), None)
    t = catalog.GROUP_CHART_TEXT
    out = []
    for r in rows:
        text = printed(r["value"], r["qualifier"] or "", r["indicator"])
        if base is not None and r is not base and base["value"]:
            share = metrics.round_half_away(r["value"] / base["value"] * 100, 1)
            rough = {r["qualifier"] or "", base["qualifier"] or ""} & catalog.APPROXIMATE_QUALIFIERS
            text = t["share"].format(value=text, about=t["about"] if rough else "", share=f"{share:g}")
        out.append(text)
    return out


def group_axis(unit: str) -> str:
    """A group chart's value-axis title: 数量 or 金额, with the unit.

    >>> group_axis("条"), group_axis("元")
    ('数量（条）', '金额（元）')
    """
    t = catalog.GROUP_CHART_TEXT
    return t["axis"].format(word=t["money"] if unit in catalog.GROUP_MONEY_UNITS else t["count"], unit=unit)


def _short_labels(points: pd.DataFrame, group: catalog.ChartGroup) -> list[str]:
    labels = dict(group.members)
    return [labels[c].replace("\n", "<br>") for c in points["indicator"]]


def composition_figure(points: pd.DataFrame, region_name: str, group: catalog.ChartGroup) -> go.Figure:
    """A whole and its parts as horizontal bars (the whole on top, each part labelled with its
    share of the whole): one unit, one axis."""
    whole = group.indicators[0]
    colours = [PALETTE[4] if c == whole else PALETTE[i % len(PALETTE)] for i, c in enumerate(points["indicator"])]
    labels = part_labels(points, whole)
    values = points["value"].tolist()
    fig = go.Figure(
        go.Bar(
            x=values,
            y=_short_labels(points, group),
            orientation="h",
            marker_color=colours,
            text=labels,
            textposition="outside",
            cliponaxis=False,
            hovertext=_hover(points),
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed")
    longest = max(len(s) for s in labels)
    fig.update_xaxes(
        range=[0, max(values) * (1.15 + 0.02 * longest)], tickformat=",~g"
    )  # room for the labels outside the bars
    unit = catalog.INDICATORS[whole].unit
    return style(
        fig,
        title=group_title(region_name, str(points["period_label"].iloc[0]), group),
        frame=points,
        x_title=group_axis(unit),
        y_title="",
        value_axis="x",
    )


def bars_figure(points: pd.DataFrame, region_name: str, group: catalog.ChartGroup) -> go.Figure:
    """Figures side by side, one panel (with its own value axis) per unit, so that figures in
    different units never share an axis; panels are as wide as their bars."""
    from plotly.subplots import make_subplots

    units = list(dict.fromkeys(catalog.INDICATORS[c].unit for c in points["indicator"]))
    panels = [points[[catalog.INDICATORS[c].unit == u for c in points["indicator"]]] for u in units]
    multi = len(units) > 1  # each panel's unit above it: an axis title between panels would crowd them
    fig = make_subplots(
        rows=1,
        cols=len(units),
        column_widths=[len(p) for p in panels],
        horizontal_spacing=0.16 if multi else 0,
        subplot_titles=[group_axis(u) for u in units] if multi else None,
    )
    n = 0
    for col, (unit, panel) in enumerate(zip(units, panels, strict=True), start=1):
        colours = [PALETTE[(n + i) % len(PALETTE)] for i in range(len(panel))]
        n += len(panel)
        values = panel["value"].tolist()
        fig.add_trace(
            go.Bar(
                x=_short_labels(panel, group),
                y=values,
                marker_color=colours,
                text=part_labels(panel, ""),
                textposition="outside",
                cliponaxis=False,
                hovertext=_hover(panel),
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        fig.update_yaxes(
            title_text=None if multi else group_axis(unit),
            range=[0, max(values) * 1.18 or 1],
            tickformat=",~g",
            row=1,
            col=col,
        )
    fig = style(
        fig,
        title=group_title(region_name, str(points["period_label"].iloc[0]), group),
        frame=points,
        x_title="",
        y_title="" if multi else group_axis(units[0]),
        value_axis="none",
    )
    fig.update_xaxes(tickangle=0)
    fig.update_annotations(selector=dict(name=None), font=dict(size=13, color="#555555"))  # the panels' units
    for col, panel in enumerate(panels, start=1):
        fig.update_yaxes(**count_ticks(panel["value"]), row=1, col=col)
    return fig


def group_charts(figures: pd.DataFrame, region_name: str, topics: list[str] | None = None) -> list[ChartSpec]:
    """The group charts (``catalog.CHART_GROUPS``) of ``topics`` that ``figures`` (``metrics.figures``
    of ``group_members``) supports: each group with two or more members found for one period,
    named ``<topic>_<group>_<kind>``."""
    draw = {"composition": composition_figure, "bars": bars_figure}
    out = []
    for group in catalog.CHART_GROUP_LIST:
        if topics is not None and group.topic not in topics:
            continue
        pts = group_points(figures, group)
        if pts.empty:
            continue
        fig = draw[group.kind](pts, region_name, group)
        name = file_name(group.topic, group.code, group.kind)
        out.append(ChartSpec(group.topic, group.code, group.kind, name, fig.layout.title.text, fig, pts))
    return out


# --- the accident ledger's breakdowns (事故台账) ------------------------------------------


def breakdown_title(region_name: str, period: Period, by: str) -> str:
    """「地区 期间 事故起数 按…」.

    >>> breakdown_title("连云港市", Period(2022, 1, 11), "type")
    '连云港市 2022年1-11月 事故起数 按事故类别'
    """
    by_text = catalog.ACCIDENT_BREAKDOWN_TITLE.format(by=catalog.ACCIDENT_BREAKDOWNS[by])
    return f"{chart_title(region_name, period, 'accidents')} {by_text}"


def breakdown_figure(points: pd.DataFrame, region_name: str, period: Period, by: str) -> go.Figure:
    """The accidents of a breakdown (``ledger_figures.breakdown`` rows as chart points: ``category``,
    ``value`` = accidents, ``deaths``, ``injuries``): classes, sectors and regions as horizontal bars
    (the most on top; taller for many: :func:`room_for_bars`), grades, months, hours and days of the
    week as columns in their order."""
    hover = [
        catalog.ACCIDENT_HOVER.format(category=c, accidents=int(a), deaths=int(d), injuries=int(i))
        for c, a, d, i in zip(points["category"], points["value"], points["deaths"], points["injuries"], strict=True)
    ]
    horizontal = by in ("type", "sector", "region")
    shown = points.iloc[::-1] if horizontal else points  # the first row on top
    bar = _bar(shown, shown["category"].tolist(), PALETTE[2] if by == "region" else PALETTE[0], horizontal)
    bar.update(hovertext=hover[::-1] if horizontal else hover, hovertemplate="%{hovertext}<extra></extra>")
    fig = go.Figure(bar)
    axis = catalog.ACCIDENT_BREAKDOWNS[by]
    if horizontal:
        fig.update_xaxes(rangemode="tozero")
    style(
        fig,
        title=breakdown_title(region_name, period, by),
        frame=points,
        x_title=_value_axis("accidents") if horizontal else axis,
        y_title="" if horizontal else _value_axis("accidents"),
        value_axis="x" if horizontal else "y",
    )
    return room_for_bars(fig, len(points)) if horizontal else fig


def breakdown_charts(
    breakdowns: dict[str, pd.DataFrame], region_name: str, period: Period, *, origins: list[str], batch_ids: list[int],
    synthetic: bool, region: str = "",
) -> list[ChartSpec]:  # fmt: skip
    """A chart per breakdown that counts any accident (``ledger_figures.breakdown`` frames keyed by
    what they group by), named ``1_accidents_by_<by>``; the points carry the source (``origins``,
    ``batch_ids``) and the 示例数据 mark (``synthetic``) of the records counted."""
    out = []
    for by, frame in breakdowns.items():
        if not len(frame) or not frame["accidents"].sum():
            continue
        points = pd.DataFrame(
            {
                "indicator": "accidents",
                "region": region,
                "region_name": region_name,
                "period": str(period),
                "period_label": period.label(),
                "category_kind": catalog.ACCIDENT_BREAKDOWNS[by],
                "category": frame["category"],
                "value": frame["accidents"].astype(float),
                "deaths": frame["deaths"],
                "injuries": frame["injuries"],
                "qualifier": "",
                "status": "final",
                "synthetic": synthetic,
            }
        )
        points["origins"] = [list(origins)] * len(points)
        points["batch_ids"] = [list(batch_ids)] * len(points)
        fig = breakdown_figure(points, region_name, period, by)
        name = file_name("accidents", "accidents", f"by_{by}")
        out.append(ChartSpec("accidents", "accidents", f"by_{by}", name, fig.layout.title.text, fig, points))
    return out
