"""A house-style Plotly figure drawn as a static SVG (no JavaScript), for the overview's first view.

The overview must be drawn within 2× a bare Streamlit page (issue 17); Plotly's bundle alone, loaded
and evaluated in the browser, costs about as much as the rest of the page. So the overview's three
figures (逐月走势, 各地区排名, 控制指标进度) are drawn here on the server from the same ``go.Figure`` the
other pages and the downloads use: only what those figures hold — vertical and horizontal bars with
their labels, lines with markers, a dashed vertical line and its note, the title, axis titles, ticks,
the legend, the source note and the 示例数据 mark. A bar's or point's value shows on hover (``<title>``).

>>> import plotly.graph_objects as go
>>> fig = go.Figure(go.Bar(x=["1月", "2月"], y=[3, 5], text=["3", "5"], marker_color="#0072B2"))
>>> _ = fig.update_layout(title=dict(text="连云港市 2022年 事故起数 逐月走势"), height=300)
>>> svg = figure_svg(fig)
>>> svg.startswith("<svg") and 'aria-label="连云港市 2022年 事故起数 逐月走势"' in svg
True
>>> svg.count('class="bar"'), "<title>2月：5</title>" in svg
(2, True)
"""

from __future__ import annotations

import html
import math

import plotly.graph_objects as go

from .charts import FONT_FAMILY, HEIGHT, PALETTE

WIDTH = 560  # the drawing's own width, in CSS pixels: shrunk to a narrower column, never enlarged
TITLE_SIZE, SUBTITLE_SIZE, TICK_SIZE, LABEL_SIZE, NOTE_SIZE = 16, 13, 12, 12, 11
AXIS_COLOUR, GRID_COLOUR, TEXT_COLOUR, NOTE_COLOUR = "#888888", "#e5e5e5", "#222222", "#555555"


def text_width(text: str, size: float) -> float:
    """The width of ``text`` in pixels at font ``size``: a CJK character is one em, others about half.

    >>> text_width("连云港市", 12), text_width("12.5%", 10)
    (48.0, 27.5)
    """
    return float(sum(size if ord(c) > 0x2E7F else size * 0.55 for c in text))


def nice_ticks(top: float, dtick: float | None = None, count: int = 5) -> list[float]:
    """Ticks from 0 up to ``top``: every ``dtick`` when given, else a step of 1, 2, 2.5 or 5 × 10ⁿ
    giving about ``count`` of them.

    >>> nice_ticks(70), nice_ticks(3, dtick=1), nice_ticks(0)
    ([0, 20, 40, 60], [0, 1, 2, 3], [0, 1])
    >>> nice_ticks(217.5)
    [0, 50, 100, 150, 200]
    """
    if top <= 0:
        return [0, 1]
    step = dtick
    if not step:
        raw = top / count
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks, k = [], 0
    while k * step <= top * (1 + 1e-9):
        ticks.append(round(k * step, 10))
        k += 1
    return [int(t) if float(t).is_integer() else t for t in ticks]


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _lines(text: str | None) -> list[str]:
    return [t for t in (text or "").replace("<br />", "<br>").split("<br>")] if text else []


def _colours(marker_colour, n: int, default: str) -> list[str]:
    if marker_colour is None:
        return [default] * n
    if isinstance(marker_colour, str):
        return [marker_colour] * n
    return list(marker_colour)


def _text(x: float, y: float, text: str, *, size: float, anchor: str = "start", colour: str = TEXT_COLOUR,
          extra: str = "") -> str:  # fmt: skip
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{colour}" text-anchor="{anchor}"{extra}>'
            f"{_e(text)}</text>")  # fmt: skip


def figure_svg(fig: go.Figure, width: int = WIDTH, height: int | None = None) -> str:
    """``fig`` as an SVG document of ``width`` × ``height`` (default: its layout's), scaled to its
    container. A figure with more than this module draws (a trace other than a bar or a line,
    several bar traces, lines over horizontal bars) is refused: ``ValueError``."""
    layout = fig.layout
    height = int(height or layout.height or HEIGHT)
    bars = [t for t in fig.data if t.type == "bar"]
    kinds = {t.type for t in fig.data} - {"bar", "scatter"}
    if kinds or len(bars) > 1 or (bars and any(t.type != "bar" for t in fig.data) and bars[0].orientation == "h"):
        raise ValueError(f"not drawn as an SVG: {sorted(kinds) or 'several bar traces, or lines over horizontal bars'}")
    horizontal = any(t.orientation == "h" for t in bars)
    value_axis, category_axis = (layout.xaxis, layout.yaxis) if horizontal else (layout.yaxis, layout.xaxis)
    # categories, in the order drawn: along x from the left, or along y from the bottom
    categories = list(category_axis.categoryarray or [])
    for trace in fig.data:
        for c in trace.y if horizontal else trace.x:
            if c not in categories:
                categories.append(c)
    values = [float(v) for t in fig.data for v in ((t.x if horizontal else t.y) or []) if v is not None]
    top = float(value_axis.range[1]) if value_axis.range else max([*values, 0.0]) * 1.1
    ticks = nice_ticks(top, value_axis.dtick)
    top = max(top, ticks[-1]) if not value_axis.range else top
    suffix = value_axis.ticksuffix or ""
    # margins
    title = _lines(layout.title.text)
    legend = [t for t in fig.data if layout.showlegend and t.name]
    notes = [a for a in layout.annotations if a.name == "source"]
    note_lines = sum(len(_lines(a.text)) for a in notes)
    over_plot = [a for a in layout.annotations if a.name not in ("source", "watermark")]
    mt = 12 + TITLE_SIZE + 6 + (len(title) - 1) * (SUBTITLE_SIZE + 6) + (26 if legend else 8) + (18 if over_plot else 0)
    if horizontal:
        ml = 12 + max([text_width(str(c), TICK_SIZE) for c in categories] or [0])
    else:
        ml = 30 + max(text_width(f"{t:g}{suffix}", TICK_SIZE) for t in ticks) + 8
    mb = 8 + TICK_SIZE + 8 + (TICK_SIZE + 10 if (layout.xaxis.title.text) else 0) + (note_lines * (NOTE_SIZE + 3) + 8)
    mr = 24
    pw, ph = width - ml - mr, height - mt - mb

    def scale(v: float) -> float:  # value → pixels along the value axis from its origin
        return 0 if top <= 0 else max(0.0, float(v)) / top * (pw if horizontal else ph)

    band = (ph if horizontal else pw) / max(len(categories), 1)

    def centre(c) -> float:  # a category's middle, in pixels
        i = categories.index(c)
        return mt + ph - (i + 0.5) * band if horizontal else ml + (i + 0.5) * band

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="100%" class="static-chart" role="img" '
        f'aria-label="{_e(" ".join(title))}" style="font-family:{_e(FONT_FAMILY)};max-width:{width}px;height:auto">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    y = 12 + TITLE_SIZE
    for i, line in enumerate(title):
        out.append(_text(8, y, line, size=TITLE_SIZE if i == 0 else SUBTITLE_SIZE))
        y += SUBTITLE_SIZE + 6
    if legend:
        x, ly = 8.0, y + 8
        for k, trace in enumerate(legend):
            colour = _trace_colour(trace, k)
            if trace.type == "bar":
                out.append(f'<rect x="{x:.1f}" y="{ly - 9:.1f}" width="14" height="10" fill="{colour}"/>')
            else:
                dash = ' stroke-dasharray="6 4"' if trace.line.dash == "dash" else ""
                out.append(f'<line x1="{x:.1f}" y1="{ly - 4:.1f}" x2="{x + 18:.1f}" y2="{ly - 4:.1f}" '
                           f'stroke="{colour}" stroke-width="2.5"{dash}/>')  # fmt: skip
            out.append(_text(x + 22, ly, trace.name, size=TICK_SIZE))
            x += 22 + text_width(trace.name, TICK_SIZE) + 18
    # grid, ticks and axes
    for t in ticks:
        if t > top * (1 + 1e-9):
            continue
        p = scale(t)
        if horizontal:
            out.append(f'<line x1="{ml + p:.1f}" y1="{mt}" x2="{ml + p:.1f}" y2="{mt + ph}" stroke="{GRID_COLOUR}"/>')
            out.append(_text(ml + p, mt + ph + 8 + TICK_SIZE, f"{t:g}{suffix}", size=TICK_SIZE, anchor="middle"))
        else:
            out.append(
                f'<line x1="{ml}" y1="{mt + ph - p:.1f}" x2="{ml + pw}" y2="{mt + ph - p:.1f}" stroke="{GRID_COLOUR}"/>'
            )
            out.append(_text(ml - 6, mt + ph - p + 4, f"{t:g}{suffix}", size=TICK_SIZE, anchor="end"))
    out.append(f'<line x1="{ml}" y1="{mt + ph}" x2="{ml + pw}" y2="{mt + ph}" stroke="{AXIS_COLOUR}"/>')
    if horizontal:
        out.append(f'<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{mt + ph}" stroke="{AXIS_COLOUR}"/>')
    for c in categories:
        if horizontal:
            out.append(_text(ml - 6, centre(c) + 4, c, size=TICK_SIZE, anchor="end"))
        else:
            out.append(_text(centre(c), mt + ph + 8 + TICK_SIZE, c, size=TICK_SIZE, anchor="middle"))
    if layout.xaxis.title.text:
        out.append(_text(ml + pw / 2, mt + ph + 2 * TICK_SIZE + 18, layout.xaxis.title.text, size=TICK_SIZE + 1,
                         anchor="middle"))  # fmt: skip
    if layout.yaxis.title.text and not horizontal:
        out.append(_text(16, mt + ph / 2, layout.yaxis.title.text, size=TICK_SIZE + 1, anchor="middle",
                         extra=f' transform="rotate(-90 16 {mt + ph / 2:.1f})"'))  # fmt: skip
    # the traces
    for k, trace in enumerate(fig.data):
        colour = _trace_colour(trace, k)
        cats = list((trace.y if horizontal else trace.x) or [])
        vals = [0.0 if v is None else float(v) for v in ((trace.x if horizontal else trace.y) or [])]
        hovers = list(trace.hovertext) if isinstance(trace.hovertext, tuple | list) else None
        if trace.type == "bar":
            colours, labels = _colours(trace.marker.color, len(vals), colour), list(trace.text or [])
            thick = band * 0.7
            for i, (c, v) in enumerate(zip(cats, vals, strict=True)):
                hover = hovers[i] if hovers else f"{c}：{v:g}{suffix}"
                p, mid = scale(v), centre(c)
                if horizontal:
                    box = f'x="{ml}" y="{mid - thick / 2:.1f}" width="{p:.1f}" height="{thick:.1f}"'
                    label = _text(ml + p + 4, mid + 4, labels[i], size=LABEL_SIZE) if i < len(labels) else ""
                else:
                    box = f'x="{mid - thick / 2:.1f}" y="{mt + ph - p:.1f}" width="{thick:.1f}" height="{p:.1f}"'
                    label = (
                        _text(mid, mt + ph - p - 4, labels[i], size=LABEL_SIZE, anchor="middle")
                        if i < len(labels)
                        else ""
                    )
                out.append(f'<rect class="bar" {box} fill="{colours[i]}"><title>{_e(hover)}</title></rect>{label}')
        else:
            points = [(centre(c), mt + ph - scale(v)) for c, v in zip(cats, vals, strict=True)]
            dash = ' stroke-dasharray="6 4"' if trace.line.dash == "dash" else ""
            width_ = trace.line.width or 2
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            out.append(f'<polyline class="line" points="{path}" fill="none" stroke="{colour}" '
                       f'stroke-width="{width_}"{dash}/>')  # fmt: skip
            if "markers" in (trace.mode or ""):
                for (x, y), c, v in zip(points, cats, vals, strict=True):
                    out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                               f"<title>{_e(trace.name or '')} {_e(c)}：{v:g}</title></circle>")  # fmt: skip
    # vertical lines (add_vline) and the notes over the plot
    for shape in layout.shapes:
        if shape.type == "line" and shape.x0 == shape.x1 and horizontal:
            x = ml + scale(shape.x0)
            out.append(f'<line x1="{x:.1f}" y1="{mt}" x2="{x:.1f}" y2="{mt + ph}" stroke="{shape.line.color or TEXT_COLOUR}" '
                       f'stroke-width="{shape.line.width or 1.5}" stroke-dasharray="6 4"/>')  # fmt: skip
    for note in over_plot:
        x = ml + scale(note.x) if horizontal and note.xref in (None, "x") else ml + pw * float(note.x or 0)
        out.append(_text(x, mt - 6, note.text, size=TICK_SIZE, anchor="middle"))
    for note in notes:
        ny = mt + ph + 2 * TICK_SIZE + 18 + (TICK_SIZE + 10 if layout.xaxis.title.text else 0)
        for i, line in enumerate(_lines(note.text)):
            out.append(_text(8, ny + i * (NOTE_SIZE + 3), line, size=NOTE_SIZE, colour=NOTE_COLOUR))
    for mark in (a for a in layout.annotations if a.name == "watermark"):
        cx, cy = ml + pw / 2, mt + ph / 2
        out.append(_text(cx, cy, mark.text, size=56, anchor="middle", colour="#D55E00",
                         extra=f' opacity="0.18" transform="rotate(-20 {cx:.1f} {cy:.1f})"'))  # fmt: skip
    out.append("</svg>")
    return "".join(out)


def _trace_colour(trace, k: int) -> str:
    if trace.type == "bar":
        colour = trace.marker.color
        return colour if isinstance(colour, str) else PALETTE[k % len(PALETTE)]
    return trace.line.color or PALETTE[k % len(PALETTE)]
