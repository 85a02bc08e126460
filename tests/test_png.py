"""Chart images: PNG at print resolution and SVG through kaleido and the system Chromium,
with Chinese drawn as glyphs (not the boxes a missing CJK font gives)."""

from __future__ import annotations

import io

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest
from PIL import Image

from lawreport_data import api, charts, png
from lawreport_data.periods import Period
from tests.conftest import skip_or_fail


@pytest.fixture(scope="module")
def renderer():
    """``png.render`` with the kaleido server up (the system Chromium)."""
    if png.browser_path() is None:
        skip_or_fail("no Chromium at /usr/bin/chromium or BROWSER_PATH: chart image tests skipped")
    png.start()
    yield png.render
    png.stop()


def title_only(text: str, family: str = charts.FONT_FAMILY) -> go.Figure:
    """A figure that draws nothing but ``text`` in large type."""
    fig = go.Figure(layout=dict(template=charts.TEMPLATE))
    fig.update_layout(
        title=dict(text=text, font=dict(size=120, family=family), x=0.5, xanchor="center"),
        xaxis_visible=False,
        yaxis_visible=False,
        margin=dict(t=200, b=0, l=0, r=0),
    )
    return fig


def glyph(image_bytes: bytes) -> np.ndarray:
    """The inked part of a rendered image, as a 0/1 array cropped to its bounding box."""
    grey = np.asarray(Image.open(io.BytesIO(image_bytes)).convert("L"))
    ink = grey < 128
    if not ink.any():
        return ink[:0, :0]
    rows, cols = np.where(ink)
    return ink[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1].astype(np.uint8)


def same_shape_difference(a: np.ndarray, b: np.ndarray) -> float:
    """Share of differing pixels after padding both to one size (1.0 when one is empty)."""
    if a.size == 0 or b.size == 0:
        return 1.0
    h, w = max(a.shape[0], b.shape[0]), max(a.shape[1], b.shape[1])
    pa, pb = np.zeros((h, w), np.uint8), np.zeros((h, w), np.uint8)
    pa[: a.shape[0], : a.shape[1]] = a
    pb[: b.shape[0], : b.shape[1]] = b
    return float((pa != pb).mean())


def test_png_is_print_resolution(renderer):
    fig = charts.style(
        go.Figure(go.Bar(x=["2021年1-11月", "2022年1-11月"], y=[114, 70])),
        title="连云港市 2022年1-11月 事故起数 同比",
        frame=__import__("pandas").DataFrame({"origins": [["report"]], "batch_ids": [[]]}),
        x_title="期间",
        y_title="事故起数（起）",
    )
    data = renderer(fig)
    image = Image.open(io.BytesIO(data))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert image.size == (charts.WIDTH * png.PRINT_SCALE, charts.HEIGHT * png.PRINT_SCALE)


def test_svg_keeps_the_chinese_text_and_the_cjk_font_stack(renderer):
    svg = renderer(title_only("事故起数"), "svg").decode("utf-8")
    assert svg.startswith("<svg")
    assert "事故起数" in svg
    assert "Noto Sans CJK SC" in svg


def test_chinese_characters_render_as_distinct_glyphs_not_boxes(renderer):
    """A missing CJK font draws every character as the same box (tofu); real glyphs differ.

    连 and 云 must both be inked and differ from each other, and differ from what is drawn
    for a private-use character (which no font has: the box, or nothing).
    """
    lian, yun, nofont = (glyph(renderer(title_only(t))) for t in ("连", "云", "\ue000"))
    assert lian.size and yun.size
    assert lian.mean() > 0.05 and yun.mean() > 0.05
    assert same_shape_difference(lian, yun) > 0.1
    assert same_shape_difference(lian, nofont) > 0.1
    assert same_shape_difference(yun, nofont) > 0.1


def test_a_figure_without_a_chosen_template_gets_the_house_style(monkeypatch):
    monkeypatch.setattr(pio.templates, "default", "plotly_dark")
    fig = go.Figure(go.Bar(x=["a"], y=[1]))
    assert png.with_template(fig).layout.template.layout.font.family == charts.FONT_FAMILY
    own = go.Figure(layout=dict(template="simple_white"))
    assert png.with_template(own).layout.template.layout.font.family != charts.FONT_FAMILY


def test_refuses_an_unknown_image_format():
    with pytest.raises(ValueError, match="png, svg"):
        png.render(go.Figure(), "gif")


def test_writes_every_chart_named_by_section_and_indicator(renderer, report_engine, tmp_path):
    paths = api.chart_images(report_engine, Period(2022, 1, 11), None, tmp_path)
    names = sorted(p.name for p in paths)
    assert names == ["1_accidents_compare.png", "1_deaths_compare.png", "6_complaints_bars.png"]
    for p in paths:
        assert Image.open(p).size == (charts.WIDTH * png.PRINT_SCALE, charts.HEIGHT * png.PRINT_SCALE)
    assert not list(tmp_path.glob("*.part"))


def test_renders_from_several_threads_each_get_their_own_image(renderer):
    from concurrent.futures import ThreadPoolExecutor

    texts = ["连", "云", "港", "市"]
    with ThreadPoolExecutor(4) as pool:
        images = list(pool.map(lambda t: renderer(title_only(t), "svg").decode("utf-8"), texts))
    for text, svg in zip(texts, images, strict=True):
        assert f">{text}<" in svg
