"""The overview's charts drawn on the server as SVGs (``svg_figure``, issue 17): what the Plotly
figure holds is what the picture shows, in the same places."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from lawreport_data import svg_figure

NS = "{http://www.w3.org/2000/svg}"


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # well-formed XML: every text escaped


def _bars(root: ET.Element) -> list[dict]:
    return [
        {k: float(r.get(k)) for k in ("x", "y", "width", "height")} | {"fill": r.get("fill"), "hover": r.find(f"{NS}title").text}
        for r in root.iter(f"{NS}rect")
        if r.get("class") == "bar"
    ]  # fmt: skip


def _texts(root: ET.Element) -> dict[str, tuple[float, float]]:
    """Each text's place (x, y); a text drawn more than once (a tick and a bar label) is left out."""
    places: dict[str, list] = {}
    for t in root.iter(f"{NS}text"):
        places.setdefault(t.text, []).append((float(t.get("x")), float(t.get("y"))))
    return {text: found[0] for text, found in places.items() if len(found) == 1}


@pytest.mark.parametrize(
    ("values", "ratio"),
    [([3, 6], 2.0), ([10, 5], 0.5), ([2, 2], 1.0)],
)
def test_vertical_bars_are_as_high_as_their_values_with_the_value_above(values, ratio):
    fig = go.Figure(go.Bar(x=["1月", "2月"], y=values, text=[str(v) for v in values]))
    first, second = _bars(_parse(svg_figure.figure_svg(fig)))
    assert second["height"] / first["height"] == pytest.approx(ratio, rel=1e-3)
    assert first["y"] + first["height"] == pytest.approx(second["y"] + second["height"])  # one baseline
    assert first["x"] < second["x"]  # categories from the left, in order
    root = _parse(svg_figure.figure_svg(fig))
    middle = second["x"] + second["width"] / 2
    label = next(t for t in root.iter(f"{NS}text") if abs(float(t.get("x")) - middle) < 0.2 and t.text != "2月")
    assert label.text == str(values[1]) and float(label.get("y")) < second["y"]  # the label above its bar
    assert (first["hover"], second["hover"]) == (f"1月：{values[0]}", f"2月：{values[1]}")


def test_horizontal_bars_run_from_the_bottom_as_plotly_draws_them_so_a_reversed_list_reads_from_the_top():
    names, values = ["海州区", "灌云县", "赣榆区"], [13, 7, 2]  # largest first
    fig = go.Figure(
        go.Bar(x=values[::-1], y=names[::-1], orientation="h", marker_color=["#111111", "#222222", "#333333"])
    )
    root = _parse(svg_figure.figure_svg(fig))
    bars = _bars(root)
    top_down = [b["hover"].split("：")[0] for b in sorted(bars, key=lambda b: b["y"])]
    assert top_down == names
    assert [b["fill"] for b in sorted(bars, key=lambda b: b["y"])] == ["#333333", "#222222", "#111111"]
    widths = {b["hover"].split("：")[0]: b["width"] for b in bars}
    assert widths["海州区"] / widths["赣榆区"] == pytest.approx(13 / 2, rel=1e-3)
    labels = _texts(root)
    assert [n for n in sorted(names, key=lambda n: labels[n][1])] == names  # axis labels beside their bars


@pytest.mark.parametrize("time", [50.0, 91.5])
def test_a_vertical_line_and_its_note_stand_at_their_value_on_the_bars_axis(time):
    fig = go.Figure(go.Bar(x=[time, 100.0], y=["甲", "乙"], orientation="h"))
    fig.add_vline(x=time, line_dash="dash", line_color="#333333")
    fig.add_annotation(x=time, y=1, yref="paper", showarrow=False, text=f"时间进度 {time}%", name="time_line")
    fig.update_xaxes(range=[0, 150], ticksuffix="%")
    root = _parse(svg_figure.figure_svg(fig))
    bar = next(b for b in _bars(root) if b["hover"].startswith("甲"))
    line = next(e for e in root.iter(f"{NS}line") if e.get("stroke-dasharray"))
    assert float(line.get("x1")) == pytest.approx(bar["x"] + bar["width"], abs=0.2)  # the bar of that share ends on it
    assert _texts(root)[f"时间进度 {time}%"][0] == pytest.approx(float(line.get("x1")), abs=0.2)
    assert "100%" in _texts(root)  # ticks with the axis's suffix


def test_lines_pass_through_each_categorys_middle_with_markers_and_dashes_as_the_figure_says():
    fig = go.Figure(go.Bar(x=["1月", "2月", "3月"], y=[1, 2, 3], name="2022年"))
    fig.add_trace(go.Scatter(x=["1月", "2月", "3月"], y=[3, 2, 1], name="2021年", mode="lines+markers"))
    fig.add_trace(go.Scatter(x=["1月", "2月"], y=[2, 2], name="平均", mode="lines", line=dict(dash="dash")))
    fig.update_layout(showlegend=True)
    root = _parse(svg_figure.figure_svg(fig))
    bars = _bars(root)
    last, mean = [e for e in root.iter(f"{NS}polyline")]
    xs = [float(p.split(",")[0]) for p in last.get("points").split()]
    assert xs == pytest.approx([b["x"] + b["width"] / 2 for b in bars], abs=0.2)
    assert len([c for c in root.iter(f"{NS}circle")]) == 3 and mean.get("stroke-dasharray")
    assert {"2022年", "2021年", "平均"} <= set(_texts(root))  # the legend


@pytest.mark.parametrize(
    ("annotations", "marked"),
    [([], False), ([dict(name="watermark", text="示例数据", x=0.5, y=0.5, xref="paper", yref="paper")], True)],
)
def test_the_title_source_note_and_synthetic_mark_are_in_the_picture(annotations, marked):
    fig = go.Figure(go.Bar(x=["<甲&乙>"], y=[1]))
    fig.update_layout(title=dict(text="连云港市 2022年 <b>A&B</b><br>（第二行）"), height=420,
                      annotations=[dict(name="source", text="数据来源：示例<br>第二行", x=0, y=0), *annotations])  # fmt: skip
    svg = svg_figure.figure_svg(fig, height=400)
    root = _parse(svg)
    texts = _texts(root)
    assert root.get("viewBox") == f"0 0 {svg_figure.WIDTH} 400"  # the height asked for, not the figure's
    assert root.get("aria-label") == "连云港市 2022年 A&B （第二行）"  # Plotly's <b> is not drawn as text
    assert {"数据来源：示例", "第二行", "<甲&乙>"} <= set(texts)
    assert (root.find(f"{NS}text[@class='watermark']") is not None) is marked
    assert texts["数据来源：示例"][1] < texts["第二行"][1] <= 400


@pytest.mark.parametrize(
    "traces",
    [
        [go.Pie(labels=["甲"], values=[1])],
        [go.Bar(x=["1月"], y=[1]), go.Bar(x=["1月"], y=[2])],
        [go.Bar(x=[1], y=["甲"], orientation="h"), go.Scatter(x=[1], y=["甲"])],
    ],
)
def test_a_figure_with_more_than_it_draws_is_refused_not_drawn_wrong(traces):
    with pytest.raises(ValueError, match="not drawn as an SVG"):
        svg_figure.figure_svg(go.Figure(traces))


def _inside(root: ET.Element, width: float, height: float) -> list[str]:
    """What is drawn outside the picture: bars and texts (a text's width estimated as drawn)."""
    out = []
    for r in root.iter(f"{NS}rect"):
        if r.get("class") == "bar":
            x, y, w, h = (float(r.get(k)) for k in ("x", "y", "width", "height"))
            if w < 0 or h < 0 or x < 0 or y < 0 or x + w > width + 0.5 or y + h > height + 0.5:
                out.append(f"bar {r.find(f'{NS}title').text}")
    for t in root.iter(f"{NS}text"):
        if t.get("class") == "watermark":
            continue
        w = svg_figure.text_width(t.text, float(t.get("font-size")))
        x = float(t.get("x")) - {"start": 0, "middle": w / 2, "end": w}[t.get("text-anchor")]
        if x < -0.5 or x + w > width + 0.5 or float(t.get("y")) > height + 0.5:
            out.append(t.text)
    return out


@pytest.mark.parametrize(
    ("fig", "what"),
    [
        (go.Figure(go.Bar(x=["1月", "2月", "3月"], y=[float("nan"), 2, None])), "a missing value: no bar"),
        (go.Figure(go.Bar(x=np.array(["1月", "2月"]), y=np.array([1.0, 3.0]))), "numpy arrays"),
        (go.Figure(go.Bar(x=pd.Series(["1月", "2月"]), y=pd.Series([0, 0]))), "all zero"),
        (go.Figure(go.Bar(x=["1月", "2月"], y=[1])), "fewer values than categories"),
        (go.Figure(), "nothing to draw"),
        (go.Figure(go.Bar(x=[5, 400], y=["甲", "乙"], orientation="h")).update_xaxes(range=[0, 10]), "past the axis"),
        (go.Figure(go.Bar(x=[1], y=["甲"], orientation="h")).update_xaxes(range=[0, None]), "an open range"),
        (go.Figure(go.Bar(x=["1月"], y=[5])).update_yaxes(dtick=0.0001), "a tiny tick step"),
        (go.Figure(go.Bar(x=["1月"], y=[5])).update_yaxes(dtick="L2"), "a log tick step"),
        (go.Figure(go.Scatter(x=["1月", "2月", "3月"], y=[1, None, 2], mode="markers")), "markers only"),
    ],
)
def test_odd_figures_draw_without_failing_and_nothing_out_of_the_picture(fig, what):
    root = _parse(svg_figure.figure_svg(fig, height=300))
    assert _inside(root, svg_figure.WIDTH, 300) == [], what
    heights = [b["height"] for b in _bars(root)] if what != "past the axis" else [b["width"] for b in _bars(root)]
    assert all(h >= 0 for h in heights)
    if what == "a missing value: no bar":
        assert [b["hover"] for b in _bars(root)] == ["2月：2"]
    if what == "markers only":
        assert root.find(f"{NS}polyline") is None and len(list(root.iter(f"{NS}circle"))) == 2


def test_a_line_with_a_missing_month_is_broken_there():
    fig = go.Figure(go.Scatter(x=["1月", "2月", "3月", "4月", "5月"], y=[1, 2, None, 3, 4], mode="lines"))
    lines = list(_parse(svg_figure.figure_svg(fig)).iter(f"{NS}polyline"))
    assert [len(p.get("points").split()) for p in lines] == [2, 2]


@pytest.mark.parametrize("name", ["连云港高新技术产业开发区连云港高新技术产业开发区", "A" * 120])
def test_long_titles_names_and_labels_are_fitted_to_the_picture(name):
    fig = go.Figure(go.Bar(x=[9, 1], y=[name, "乙"], orientation="h", text=[f"9（{name}）", "1"]))
    fig.update_layout(title=dict(text=f"{name} 2022年1-11月累计 控制指标进度：死亡人数"))
    root = _parse(svg_figure.figure_svg(fig, height=300))
    assert _inside(root, svg_figure.WIDTH, 300) == []
    assert any(t.text.endswith("…") for t in root.iter(f"{NS}text"))  # the category name, shortened
    title = next(root.iter(f"{NS}text"))
    assert float(title.get("font-size")) < svg_figure.TITLE_SIZE  # the title drawn smaller to fit


def test_text_with_line_breaks_or_markup_stays_one_escaped_line():
    fig = go.Figure(go.Bar(x=["甲\n\n*乙*_$1$ <script>"], y=[1]))
    svg = svg_figure.figure_svg(fig)
    assert "\n" not in svg and "<script>" not in svg and "&lt;script&gt;" in svg


@pytest.mark.parametrize("scalable", [True, False])
def test_the_page_copy_shrinks_to_its_column_and_the_file_has_its_size(scalable):
    root = _parse(svg_figure.figure_svg(go.Figure(go.Bar(x=["1月"], y=[1])), width=500, height=300, scalable=scalable))
    if scalable:
        assert root.get("width") == "100%" and "max-width:500px" in root.get("style")
    else:
        assert (root.get("width"), root.get("height")) == ("500", "300")


@pytest.mark.parametrize(("bars", "horizontal"), [(1, True), (2, False), (30, True)])
def test_a_bar_is_never_thicker_than_a_bar_should_be(bars, horizontal):
    names, values = [f"镇{k}" for k in range(bars)], [float(k + 1) for k in range(bars)]
    trace = go.Bar(x=values, y=names, orientation="h") if horizontal else go.Bar(x=names, y=values)
    drawn = _bars(_parse(svg_figure.figure_svg(go.Figure(trace), height=500)))
    thickness = [b["height"] if horizontal else b["width"] for b in drawn]
    assert len(drawn) == bars and 0 < max(thickness) <= svg_figure.MAX_BAR
