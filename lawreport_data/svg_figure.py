"""A house-style Plotly figure drawn as a static SVG (no JavaScript), for the overview's first view.

The overview must be drawn within 2× a bare Streamlit page (issue 17); Plotly's bundle alone, loaded
and evaluated in the browser, costs about as much as the rest of the page. So the overview's three
figures (逐月走势, 各地区排名, 控制指标进度) are drawn here on the server from the same ``go.Figure`` the
other pages and the downloads use: only what those figures hold — vertical and horizontal bars with
their labels, lines with markers, a dashed vertical line and its note, the title, axis titles, ticks,
the legend, the source note and the 示例数据 mark. A bar's or point's value shows on hover (``<title>``).
What does not fit is made to: a title too long for the width is drawn smaller, a category name too
long for the margin is shortened with …, a bar beyond the axis's end stops there and a label that
would run out of the picture is drawn inside its bar. Missing values (None, NaN) draw nothing: no
bar, a gap in a line. Text is escaped, and a line break in it becomes a space (the SVG goes into a
Markdown HTML block, which a blank line would end).

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
import re

import plotly.graph_objects as go

from . import catalog
from .charts import FONT_FAMILY, HEIGHT, PALETTE

WIDTH = 560  # the drawing's own width, in CSS pixels: shrunk to a narrower column, never enlarged
TITLE_SIZE, SUBTITLE_SIZE, TICK_SIZE, LABEL_SIZE, NOTE_SIZE = 16, 13, 12, 12, 11
AXIS_COLOUR, GRID_COLOUR, TEXT_COLOUR, NOTE_COLOUR = "#888888", "#e5e5e5", "#222222", "#555555"


MAX_TICKS = 50
MAX_BAR = 40  # a bar's thickness at most, in pixels: one region's bar is a bar, not a block
MIN_PLOT = 40  # the plot's least width and height, in pixels, whatever the margins
CATEGORY_SHARE = 0.4  # the widest a horizontal chart's category names may be, of the width


def text_width(text: str, size: float) -> float:
    """The width of ``text`` in pixels at font ``size``: a CJK character is one em, others about half.

    >>> text_width("连云港市", 12), text_width("12.5%", 10)
    (48.0, 27.5)
    """
    return float(sum(size if ord(c) > 0x2E7F else size * 0.55 for c in text))


def shortened(text: str, size: float, room: float) -> str:
    """``text`` cut with … to fit ``room`` pixels at font ``size``.

    >>> shortened("连云港高新技术产业开发区", 12, 60), shortened("海州区", 12, 60)
    ('连云港高…', '海州区')
    """
    if text_width(text, size) <= room:
        return text
    while text and text_width(text + "…", size) > room:
        text = text[:-1]
    return text + "…"


def nice_ticks(top: float, dtick=None, count: int = 5) -> list[float]:
    """Ticks from 0 up to ``top``: every ``dtick`` when it is a positive number giving at most
    ``MAX_TICKS`` of them, else a step of 1, 2, 2.5 or 5 × 10ⁿ giving about ``count``.

    >>> nice_ticks(70), nice_ticks(3, dtick=1), nice_ticks(0), nice_ticks(float("nan"))
    ([0, 20, 40, 60], [0, 1, 2, 3], [0, 1], [0, 1])
    >>> nice_ticks(217.5), nice_ticks(100, dtick=0.001)[:3], nice_ticks(5, dtick="L2"), nice_ticks(5, dtick=-1)
    ([0, 50, 100, 150, 200], [0, 20, 40], [0, 1, 2, 3, 4, 5], [0, 1, 2, 3, 4, 5])
    """
    if not (math.isfinite(top) and top > 0):
        return [0, 1]
    step = dtick if isinstance(dtick, int | float) and dtick > 0 and top / dtick <= MAX_TICKS else None
    if step is None:
        raw = top / count
        power = 10 ** math.floor(math.log10(raw))
        step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks, k = [], 0
    while k * step <= top * (1 + 1e-9):
        ticks.append(round(k * step, 10))
        k += 1
    return [int(t) if float(t).is_integer() else t for t in ticks]


def number(value) -> float | None:
    """A plotted value as a finite float, or None (missing: None, NaN, infinite, not a number).

    >>> number(3), number("2.5"), number(None), number(float("nan")), number(float("inf")), number("甲")
    (3.0, 2.5, None, None, None, None)
    """
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _seq(value) -> list:
    """A trace's array property as a list: none → [], a string → [it], an array → its items."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return list(value)


def _plain(text) -> str:
    r"""Text as drawn: Plotly's inline tags (<b>, <i>, <sup>, …) dropped, line breaks as spaces.

    >>> _plain("连云港市 <b>2022年</b>"), _plain("甲\n\n乙"), _plain(None)
    ('连云港市 2022年', '甲 乙', '')
    """
    if text is None:
        return ""
    return re.sub(r"[\r\n]+", " ", re.sub(r"</?(?:b|i|em|strong|sup|sub|span|a)(?:\s[^>]*)?>", "", str(text)))


def _e(text) -> str:
    return html.escape(_plain(text), quote=True)


def _lines(text: str | None) -> list[str]:
    """A Plotly text's lines (split at <br>), each as drawn."""
    return [_plain(t) for t in re.split(r"<br\s*/?>", str(text))] if text else []


def _colours(marker_colour, n: int, default: str) -> list[str]:
    colours = [marker_colour] * n if isinstance(marker_colour, str) else _seq(marker_colour)
    return [c if isinstance(c, str) else default for c in colours] + [default] * (n - len(colours))


def _text(x: float, y: float, text: str, *, size: float, anchor: str = "start", colour: str = TEXT_COLOUR,
          extra: str = "") -> str:  # fmt: skip
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" fill="{colour}" text-anchor="{anchor}"{extra}>'
            f"{_e(text)}</text>")  # fmt: skip


def _hover(name, value: float, suffix: str = "") -> str:
    return catalog.CHART_HOVER.format(name=_plain(name), value=f"{value:g}{suffix}")


def figure_svg(fig: go.Figure, width: int = WIDTH, height: int | None = None, *, scalable: bool = True) -> str:
    """``fig`` as an SVG document of ``width`` × ``height`` pixels (default: its layout's height):
    ``scalable``, it shrinks to a narrower container (the page); else it is that size (a file).
    A figure with more than this module draws (a trace other than a bar or a line, several bar
    traces, lines over horizontal bars) is refused: ``ValueError``."""
    layout = fig.layout
    height = int(height or layout.height or HEIGHT)
    bars = [t for t in fig.data if t.type == "bar"]
    kinds = {t.type for t in fig.data} - {"bar", "scatter"}
    horizontal = any(t.orientation == "h" for t in bars)
    if kinds or len(bars) > 1 or (horizontal and len(fig.data) > 1):
        raise ValueError(f"not drawn as an SVG: {sorted(kinds) or 'several bar traces, or lines over horizontal bars'}")
    value_axis, category_axis = (layout.xaxis, layout.yaxis) if horizontal else (layout.yaxis, layout.xaxis)

    def points_of(trace) -> list[tuple[str, float | None]]:  # (category, value), as many as both give
        cats, vals = (_seq(trace.y), _seq(trace.x)) if horizontal else (_seq(trace.x), _seq(trace.y))
        return [(_plain(c), number(v)) for c, v in zip(cats, vals, strict=False)]

    traces = [(t, points_of(t)) for t in fig.data]
    # categories, in the order drawn: along x from the left, or along y from the bottom
    categories = [_plain(c) for c in _seq(category_axis.categoryarray)]
    for _, points in traces:
        categories += [c for c, _ in points if c not in categories]
    values = [v for _, points in traces for _, v in points if v is not None]
    given = [number(v) for v in _seq(value_axis.range)]
    top = given[1] if len(given) == 2 and given[1] is not None and given[1] > 0 else max([*values, 0.0]) * 1.1
    ticks = nice_ticks(top, value_axis.dtick)
    top = top if given[1:2] and given[1] == top else max(top, ticks[-1])
    suffix = value_axis.ticksuffix or ""
    # the title, shrunk to the width
    title = _lines(layout.title.text)
    sizes = [TITLE_SIZE if i == 0 else SUBTITLE_SIZE for i in range(len(title))]
    sizes = [min(s, s * (width - 16) / max(text_width(t, s), 1)) for t, s in zip(title, sizes, strict=True)]
    legend_shown = layout.showlegend if layout.showlegend is not None else len(fig.data) > 1
    legend = [t for t in fig.data if legend_shown and t.name]
    notes = [a for a in layout.annotations if a.name == "source"]
    note_lines = sum(len(_lines(a.text)) for a in notes)
    over_plot = [a for a in layout.annotations if a.name not in ("source", "watermark")]
    # margins, and the plot between them (never less than MIN_PLOT each way)
    mt = 12 + sum(s + 6 for s in sizes) + (26 if legend else 8) + (18 if over_plot else 0)
    if horizontal:
        room = width * CATEGORY_SHARE
        names = {c: shortened(c, TICK_SIZE, room) for c in categories}
        ml = 12 + max([text_width(n, TICK_SIZE) for n in names.values()] or [0])
    else:
        names = {c: c for c in categories}
        ml = 30 + max(text_width(f"{t:g}{suffix}", TICK_SIZE) for t in ticks) + 8
    x_title = _plain(layout.xaxis.title.text)
    mb = 8 + TICK_SIZE + 8 + (TICK_SIZE + 10 if x_title else 0) + (note_lines * (NOTE_SIZE + 3) + 8)
    mr = 24
    pw, ph = max(width - ml - mr, MIN_PLOT), max(height - mt - mb, MIN_PLOT)
    height = max(height, int(mt + ph + mb))

    def scale(v: float) -> float:  # value → pixels along the value axis from its origin, within the plot
        return 0.0 if top <= 0 else min(max(0.0, v), top) / top * (pw if horizontal else ph)

    band = (ph if horizontal else pw) / max(len(categories), 1)

    def centre(c: str) -> float:  # a category's middle, in pixels
        i = categories.index(c)
        return mt + ph - (i + 0.5) * band if horizontal else ml + (i + 0.5) * band

    size = f'width="100%" style="max-width:{width}px;height:auto"' if scalable else f'width="{width}" height="{height}"'
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" {size} class="static-chart" '
        f'role="img" aria-label="{_e(" ".join(title))}" font-family="{_e(FONT_FAMILY)}">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
    ]
    y = 12.0
    for line, s in zip(title, sizes, strict=True):
        y += s
        out.append(_text(8, y, line, size=round(s, 1)))
        y += 6
    if legend:
        x, ly = 8.0, y + 14
        for k, trace in enumerate(legend):
            colour = _trace_colour(trace, k)
            if trace.type == "bar":
                out.append(f'<rect x="{x:.1f}" y="{ly - 9:.1f}" width="14" height="10" fill="{colour}"/>')
            else:
                dash = ' stroke-dasharray="6 4"' if trace.line.dash == "dash" else ""
                out.append(f'<line x1="{x:.1f}" y1="{ly - 4:.1f}" x2="{x + 18:.1f}" y2="{ly - 4:.1f}" '
                           f'stroke="{colour}" stroke-width="2.5"{dash}/>')  # fmt: skip
            out.append(_text(x + 22, ly, trace.name, size=TICK_SIZE))
            x += 22 + text_width(_plain(trace.name), TICK_SIZE) + 18
    # grid, ticks and axes
    for t in ticks:
        if t > top * (1 + 1e-9):
            continue
        p = scale(t)
        if horizontal:
            out.append(f'<line x1="{ml + p:.1f}" y1="{mt}" x2="{ml + p:.1f}" y2="{mt + ph}" stroke="{GRID_COLOUR}"/>')
            out.append(_text(ml + p, mt + ph + 8 + TICK_SIZE, f"{t:g}{suffix}", size=TICK_SIZE, anchor="middle"))
        else:
            out.append(f'<line x1="{ml}" y1="{mt + ph - p:.1f}" x2="{ml + pw}" y2="{mt + ph - p:.1f}" '
                       f'stroke="{GRID_COLOUR}"/>')  # fmt: skip
            out.append(_text(ml - 6, mt + ph - p + 4, f"{t:g}{suffix}", size=TICK_SIZE, anchor="end"))
    out.append(f'<line x1="{ml}" y1="{mt + ph}" x2="{ml + pw}" y2="{mt + ph}" stroke="{AXIS_COLOUR}"/>')
    if horizontal:
        out.append(f'<line x1="{ml}" y1="{mt}" x2="{ml}" y2="{mt + ph}" stroke="{AXIS_COLOUR}"/>')
    for c in categories:
        if horizontal:
            out.append(_text(ml - 6, centre(c) + 4, names[c], size=TICK_SIZE, anchor="end"))
        else:
            out.append(_text(centre(c), mt + ph + 8 + TICK_SIZE, c, size=TICK_SIZE, anchor="middle"))
    if x_title:
        out.append(_text(ml + pw / 2, mt + ph + 2 * TICK_SIZE + 18, x_title, size=TICK_SIZE + 1, anchor="middle"))
    y_title = _plain(layout.yaxis.title.text)
    if y_title and not horizontal:
        out.append(_text(16, mt + ph / 2, y_title, size=TICK_SIZE + 1, anchor="middle",
                         extra=f' transform="rotate(-90 16 {mt + ph / 2:.1f})"'))  # fmt: skip
    # the traces
    for k, (trace, points) in enumerate(traces):
        colour = _trace_colour(trace, k)
        hovers = _seq(trace.hovertext) if not isinstance(trace.hovertext, str) else []
        if trace.type == "bar":
            colours = _colours(trace.marker.color, len(points), colour)
            labels = [trace.text] * len(points) if isinstance(trace.text, str) else _seq(trace.text)
            thick = min(band * 0.7, MAX_BAR)
            for i, (c, v) in enumerate(points):
                if v is None:
                    continue
                hover = _plain(hovers[i]) if i < len(hovers) and hovers[i] is not None else _hover(c, v, suffix)
                label = _plain(labels[i]) if i < len(labels) and labels[i] is not None else ""
                p, mid = scale(v), centre(c)
                if horizontal:
                    box = f'x="{ml}" y="{mid - thick / 2:.1f}" width="{p:.1f}" height="{thick:.1f}"'
                    beyond, inside = width - 2 - (ml + p + 4), p - 8
                    if text_width(label, LABEL_SIZE) <= beyond or beyond >= inside:  # beyond the bar's end
                        text = _text(ml + p + 4, mid + 4, shortened(label, LABEL_SIZE, beyond), size=LABEL_SIZE)
                    else:  # no room beyond it: inside its end
                        text = _text(ml + p - 4, mid + 4, shortened(label, LABEL_SIZE, inside), size=LABEL_SIZE,
                                     anchor="end", colour="white")  # fmt: skip
                else:
                    box = f'x="{mid - thick / 2:.1f}" y="{mt + ph - p:.1f}" width="{thick:.1f}" height="{p:.1f}"'
                    text = _text(mid, mt + ph - p - 4, label, size=LABEL_SIZE, anchor="middle")
                out.append(f'<rect class="bar" {box} fill="{colours[i]}"><title>{_e(hover)}</title></rect>')
                if label:
                    out.append(text)
        else:
            dash = ' stroke-dasharray="6 4"' if trace.line.dash == "dash" else ""
            mode = trace.mode or "lines+markers"
            if "lines" in mode:  # a missing value breaks the line
                runs, run = [], []
                for c, v in points:
                    if v is None:
                        runs, run = runs + [run], []
                    else:
                        run.append(f"{centre(c):.1f},{mt + ph - scale(v):.1f}")
                for piece in [*runs, run]:
                    if len(piece) > 1:
                        out.append(f'<polyline class="line" points="{" ".join(piece)}" fill="none" stroke="{colour}" '
                                   f'stroke-width="{trace.line.width or 2:g}"{dash}/>')  # fmt: skip
            if "markers" in mode:
                for c, v in points:
                    if v is not None:
                        hover = _hover(f"{_plain(trace.name)} {c}".strip(), v)
                        out.append(f'<circle cx="{centre(c):.1f}" cy="{mt + ph - scale(v):.1f}" r="3.5" '
                                   f'fill="{colour}"><title>{_e(hover)}</title></circle>')  # fmt: skip
    # vertical lines (add_vline) on a horizontal chart's value axis, and the notes over the plot
    for shape in layout.shapes:
        x0 = number(shape.x0)
        if shape.type == "line" and x0 is not None and shape.x0 == shape.x1 and horizontal:
            x = ml + scale(x0)
            out.append(f'<line x1="{x:.1f}" y1="{mt}" x2="{x:.1f}" y2="{mt + ph}" '
                       f'stroke="{shape.line.color or TEXT_COLOUR}" stroke-width="{shape.line.width or 1.5:g}" '
                       f'stroke-dasharray="6 4"/>')  # fmt: skip
    for note in over_plot:
        at = number(note.x)
        if at is None:
            x = ml + pw / 2
        elif horizontal and note.xref in (None, "x"):
            x = ml + scale(at)
        else:
            x = ml + pw * min(max(at, 0.0), 1.0)
        text = " ".join(_lines(note.text))
        half = text_width(text, TICK_SIZE) / 2
        out.append(_text(min(max(x, half + 2), width - half - 2), mt - 6, text, size=TICK_SIZE, anchor="middle"))
    ny = mt + ph + 2 * TICK_SIZE + 18 + (TICK_SIZE + 10 if x_title else 0)
    for line in (line for note in notes for line in _lines(note.text)):
        out.append(_text(8, ny, line, size=NOTE_SIZE, colour=NOTE_COLOUR))
        ny += NOTE_SIZE + 3
    for mark in (a for a in layout.annotations if a.name == "watermark"):
        cx, cy = ml + pw / 2, mt + ph / 2
        out.append(_text(cx, cy, mark.text, size=56, anchor="middle", colour="#D55E00",
                         extra=f' class="watermark" opacity="0.18" transform="rotate(-20 {cx:.1f} {cy:.1f})"'))  # fmt: skip
    out.append("</svg>")
    return "".join(out)


def _trace_colour(trace, k: int) -> str:
    if trace.type == "bar":
        colour = trace.marker.color
        return colour if isinstance(colour, str) else PALETTE[k % len(PALETTE)]
    return trace.line.color or PALETTE[k % len(PALETTE)]
