"""The overview for leaders (issue 17): one headline indicator's 逐月走势 (this year, last year, the
five years before's mean) and 各地区排名 (coloured by 同比) at a time, chosen above them."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import catalog, metrics, overview_charts, png, svg_figure
from lawreport_data.periods import Period

ROOT = Path(__file__).resolve().parent.parent


def static_charts(at: AppTest) -> list[dict]:
    """The charts a page drew on the server as SVGs (``ui.static_chart``), in order: each one's
    title (its ``aria-label``), width and height (its ``viewBox``) and the SVG itself."""
    out = []
    for element in at.markdown:
        tag = re.search(r'<svg [^>]*class="static-chart"[^>]*>', element.value)
        if tag:
            width, height = re.search(r'viewBox="0 0 (\d+) (\d+)"', tag.group()).groups()
            title = html.unescape(re.search(r'aria-label="([^"]*)"', tag.group()).group(1))
            out.append({"title": title, "width": int(width), "height": int(height), "svg": element.value})
    return out


def plotly_charts(at: AppTest) -> list:
    return [c for c in at.get("bidi_component") if c.proto.component_name == "lawreport_chart"]


def _months(values: dict[int, list[float]], region: str = "320700") -> pd.DataFrame:
    return pd.DataFrame(
        [dict(indicator="deaths", region=region, year=y, start=m, end=m, value=v)
         for y, vs in values.items() for m, v in enumerate(vs, start=1)]
    )  # fmt: skip


def test_the_trend_draws_this_years_months_last_years_and_each_months_five_year_mean():
    years = {2017 + k: [float(k + 1)] * 12 for k in range(5)}  # 2017: 1 … 2021: 5 each month
    years[2022] = [2.0, 4.0, 6.0]
    ready = metrics.prepare(_months(years))
    spec = overview_charts.overview_charts(ready, "deaths", "320700", "连云港市", Period(2022, 1, 3))[0]
    this, last, mean = spec.figure.data
    assert (list(this.x), list(this.y)) == (["1月", "2月", "3月"], [2.0, 4.0, 6.0])
    assert list(last.y) == [5.0] * 12 and last.name == "2021年"
    assert list(mean.y) == [3.0] * 12 and mean.name == "2017–2021年平均"  # (1+2+3+4+5) / 5
    assert spec.title == "连云港市 2022年 死亡人数 逐月走势"


def test_the_five_year_mean_is_left_out_for_a_month_not_every_year_has():
    years = {2017 + k: [1.0] * (12 if k else 6) for k in range(5)}  # 2017 has January to June only
    years[2022] = [2.0, 2.0]
    spec = overview_charts.overview_charts(metrics.prepare(_months(years)), "deaths", "320700", "连云港市",
                                           Period(2022, 1, 2))[0]  # fmt: skip
    assert list(spec.figure.data[2].x) == [f"{m}月" for m in range(1, 7)]


@pytest.mark.parametrize(
    "now, before, colour, label",
    [
        (3.0, 5.0, overview_charts.TONE_COLOURS["good"], "3（↓40.0%）"),
        (6.0, 5.0, overview_charts.TONE_COLOURS["bad"], "6（↑20.0%）"),
        (5.0, 5.0, overview_charts.TONE_COLOURS["neutral"], "5（持平）"),
        (2.0, 0.0, overview_charts.TONE_COLOURS["bad"], "2（新增）"),
    ],
)
def test_a_regions_ranking_bar_is_coloured_and_labelled_by_its_同比(now, before, colour, label):
    rows = pd.DataFrame([
        dict(indicator="deaths", region="320723", year=2022, start=1, end=11, value=now),
        dict(indicator="deaths", region="320723", year=2021, start=1, end=11, value=before),
        dict(indicator="deaths", region="320724", year=2022, start=1, end=11, value=0.5),
        dict(indicator="deaths", region="320724", year=2021, start=1, end=11, value=0.5),
    ])  # fmt: skip
    spec = overview_charts.overview_charts(metrics.prepare(rows), "deaths", "320700", "连云港市", Period(2022, 1, 11))
    bars = next(s for s in spec if s.kind == "ranking").figure.data[0]
    top = list(bars.y).index("灌云县")
    assert (bars.marker.color[top], bars.text[top]) == (colour, label)


def test_the_overview_draws_one_indicators_trend_and_ranking_chosen_above_them(demo_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    control = at.segmented_control(key="overview_indicator")
    assert control.value == "accidents" and control.options == [
        catalog.INDICATORS[c].name for c in catalog.OVERVIEW_CHARTS
    ]
    titles = [c["title"] for c in static_charts(at)]
    assert "连云港市 2022年 事故起数 逐月走势" in titles
    assert any(t.startswith("连云港市 2022年1-11月 事故起数 各地区排名") for t in titles)
    assert not any("死亡人数 逐月走势" in t for t in titles)  # the other indicator's charts are not drawn
    control.set_value("deaths").run()
    assert "连云港市 2022年 死亡人数 逐月走势" in [c["title"] for c in static_charts(at)]
    assert len(static_charts(at)) == 3  # the trend, the ranking and the 控制指标 board
    assert not plotly_charts(at)  # drawn on the server: no Plotly code for the browser to load


@pytest.mark.parametrize("region", ["320700", "320723"])
def test_the_overviews_sentence_is_the_one_its_own_read_gives(demo_engine, region):
    from lawreport_data import api

    for period in (Period(2022, 1, 11), Period(2022, 3, 3), Period.year_of(2021), Period.year_of(2022)):
        view = api.overview_view(demo_engine, period, region)
        assert view.sentence == api.headline_sentence(demo_engine, view.cards, region, "yoy")
        assert view.sentence  # the demo has figures for every one of these


def test_briefing_mode_draws_the_cards_sentence_and_three_charts_without_their_controls(demo_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    at.toggle(key="brief").set_value(True).run()
    assert not at.exception, at.exception
    assert [m.label for m in at.metric] == [
        "事故起数（起）",
        "死亡人数（人）",
        "双下降",
        "排查隐患数（条）",
        "整改隐患数（条）",
    ]
    figures = static_charts(at)
    assert [f["height"] for f in figures] == [400, 400, 400]
    assert figures[2]["title"] == "连云港市 2022年1-11月累计 控制指标进度：死亡人数"
    assert not at.get("segmented_control") and not at.expander  # no controls, no tables on the screen
    assert any("海州区死亡人数已达全年控制数的100.0%" in m.value.replace("\\", "") for m in at.markdown)


@pytest.mark.parametrize("chromium", [True, False])
def test_an_overview_charts_data_box_offers_its_picture_and_its_table_when_opened(demo_engine, monkeypatch, chromium):
    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    if not chromium:  # no browser for kaleido on this server: the PNG cannot be made, and it says so
        monkeypatch.delenv("BROWSER_PATH", raising=False)
        monkeypatch.setenv("PATH", "/nonexistent")
        monkeypatch.setattr(png, "SYSTEM_CHROMIUM", "/nonexistent/chromium")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.get("download_button") or all(
        not b.proto.label.startswith("下载图片") for b in at.get("download_button")
    )
    at.session_state["table_1_accidents_ranking"] = True  # the reader opens the ranking's 图表数据
    at.run()
    assert not at.exception, at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    for label in ("download_svg", "download_csv", "download_xlsx"):
        assert labels.count(catalog.UI[label]) == 1, label
    assert labels.count(catalog.UI["download_png"]) == (1 if chromium else 0)
    assert any(c.value == catalog.UI["download_png_unavailable"] for c in at.caption) is not chromium
    (table,) = [d.value for d in at.dataframe]
    ranking = next(c for c in static_charts(at) if "各地区排名" in c["title"])
    for name, value in zip(table["地区"], table["数值"], strict=True):  # each row is a bar of the picture
        assert f"<title>{name}：{value:g}</title>" in ranking["svg"]


@pytest.mark.parametrize(("regions", "height"), [(2, 500), (10, 500), (30, 190 + 26 * 30)])
def test_a_ranking_of_many_regions_grows_so_each_bar_keeps_its_room(regions, height):
    rows = pd.DataFrame(
        [dict(indicator="deaths", region=f"320723{k:03d}", year=y, start=1, end=11, value=float(k + y % 2))
         for k in range(regions) for y in (2021, 2022)]
    )  # fmt: skip
    names = pd.DataFrame({"code": [f"320723{k:03d}" for k in range(regions)], "name": [f"镇{k}" for k in range(regions)],
                          "parent": "320723", "kind": "town", "sort_order": range(regions)})  # fmt: skip
    ranking = overview_charts.ranking_points(metrics.prepare(rows, names), "deaths", "320723", Period(2022, 1, 11))
    spec = overview_charts.ranking_chart(ranking, "deaths", "320723", "灌云县", Period(2022, 1, 11))
    assert spec.figure.layout.height == height
    root = ET.fromstring(svg_figure.figure_svg(spec.figure))
    bars = [float(r.get("height")) for r in root.iter("{http://www.w3.org/2000/svg}rect") if r.get("class") == "bar"]
    assert len(bars) == regions and min(bars) >= 12  # each bar at least a line of text high
