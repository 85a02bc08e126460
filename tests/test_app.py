"""The dashboard through Streamlit's AppTest (no browser)."""

import io
import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import catalog, importer, report2022
from tests.test_overview import static_charts

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"


@pytest.fixture
def app(report_engine, monkeypatch):
    """The app, run once against a database made by init-db."""
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_overview_shows_accidents_and_deaths_with_their_declines(app):
    metrics = {m.label: (m.value, m.delta) for m in app.metric}
    assert metrics["事故起数（起）"] == ("70", "同比下降38.6%")
    assert metrics["死亡人数（人）"] == ("37", "同比下降33.9%")


def test_a_fall_in_accidents_shows_green_with_a_down_arrow(app):
    card = next(m for m in app.metric if m.label == "事故起数（起）")
    assert (card.proto.color, card.proto.direction) == (card.proto.MetricColor.GREEN, card.proto.MetricDirection.DOWN)


def test_overview_offers_the_word_briefing(app):
    buttons = app.get("download_button")
    assert "下载 Word 简报" in [b.proto.label for b in buttons]


TOPIC_PAGES = [f"pages/{t.code}.py" for t in __import__("lawreport_data.catalog", fromlist=["x"]).TOPIC_LIST]


@pytest.fixture
def demo_app(demo_engine, monkeypatch):
    """The app, run once against a database made by init-db --demo."""
    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    assert not at.exception, at.exception
    return at


def _chart_data(at):
    """What each chart sends to the browser (static/chart.js): figure, config, bundle URL, toolbar text."""
    return [json.loads(c.proto.json) for c in at.get("bidi_component") if c.proto.component_name == "lawreport_chart"]


def _charts(at):
    return [json.loads(d["figure"]) for d in _chart_data(at)]


def _indicator_tables(at) -> list[pd.DataFrame]:
    """The sections' indicator tables (``st.html`` tables), as frames."""
    return [pd.read_html(io.StringIO(h.proto.body))[0] for h in at.get("html") if "<table" in h.proto.body]


@pytest.mark.parametrize("page", TOPIC_PAGES)
def test_every_section_page_renders_the_reports_figures(app, page):
    app.switch_page(page).run()
    assert not app.exception, app.exception
    assert _indicator_tables(app), "each section lists its indicators in a table"


@pytest.mark.parametrize("page", ["pages/overview.py", *TOPIC_PAGES])
def test_every_page_renders_with_demo_data_and_draws_charts(demo_app, page):
    demo_app.switch_page(page).run()
    assert not demo_app.exception, demo_app.exception
    if page.endswith("overview.py"):  # drawn on the server as SVGs (ui.static_chart)
        drawn = static_charts(demo_app)
        assert drawn and all(c["title"].startswith("连云港市") and "数据来源" in c["svg"] for c in drawn)
        assert any('class="watermark"' in c["svg"] for c in drawn)  # the synthetic months: stamped inside the image
    elif page.endswith(("accidents.py", "enforcement.py")):
        figures = _charts(demo_app)
        assert figures, f"{page} draws charts from the monthly demo data"
        titles = [f["layout"]["title"]["text"] for f in figures]
        assert all("连云港市" in t for t in titles)
        notes = [json.dumps(f["layout"].get("annotations", []), ensure_ascii=False) for f in figures]
        assert all("数据来源" in n for n in notes)
        assert any("示例数据" in n for n in notes)  # trends come from the synthetic months: stamped inside the image
        # static/vendor/plotly-basic.min.js draws bar, scatter and pie only: a new trace type needs a bigger bundle
        assert {t.get("type", "scatter") for f in figures for t in f["data"]} <= {"bar", "scatter", "pie"}


def test_no_page_uses_streamlits_own_plotly_chart(demo_app):
    """st.plotly_chart would load the full 4.6 MB plotly.js on the page (benchmarks/README.md)."""
    for page in ["pages/overview.py", *TOPIC_PAGES]:
        demo_app.switch_page(page).run()
        assert not demo_app.get("plotly_chart"), page


def test_charts_download_a_3x_png_named_by_their_title(demo_app):
    demo_app.switch_page("pages/accidents.py").run()
    charts = _chart_data(demo_app)
    assert charts
    for chart in charts:
        title = json.loads(chart["figure"])["layout"]["title"]["text"]
        options = chart["config"]["toImageButtonOptions"]
        assert (options["format"], options["scale"], options["filename"]) == ("png", 3, title.replace(" ", "_"))
        assert chart["config"]["displaylogo"] is False
        assert chart["locale"]["Download plot as a PNG"].startswith("下载图片")


def test_a_charts_table_is_sent_only_when_opened_with_its_csv_and_xlsx_downloads(demo_app):
    demo_app.switch_page("pages/accidents.py").run()
    months = next(c for c in _charts(demo_app) if "月度走势" in c["layout"]["title"]["text"])
    assert not demo_app.dataframe, "closed: no chart's table is on the page"
    assert not [b for b in demo_app.get("download_button") if b.proto.label.startswith("下载 CSV")]

    demo_app.session_state["table_1_accidents_months"] = True  # the reader opens the chart's table
    demo_app.run()
    assert not demo_app.exception, demo_app.exception
    assert len(demo_app.dataframe) == 1
    table = demo_app.dataframe[0].value
    assert table["数值"].tolist() == months["data"][0]["y"], "the table holds the values the chart draws"
    assert set(table["期间"]) >= {"2022年1月", "2022年11月"}
    labels = [b.proto.label for b in demo_app.get("download_button")]
    assert labels.count("下载 CSV") == 1 and labels.count("下载 Excel") == 1, "only the opened table's downloads"


def test_the_vendored_plotly_bundle_is_the_version_plotly_py_draws_with():
    """The dashboard draws with static/vendor/plotly-basic.min.js, the briefing PNGs with plotly.py's
    own plotly.js (kaleido): the same version, so a chart looks the same in both."""
    import plotly.offline

    head = (ROOT / "static" / "vendor" / "plotly-basic.min.js").read_text(encoding="utf-8")[:300]
    assert f"plotly.js (basic - minified) v{plotly.offline.get_plotlyjs_version()}" in head


def test_static_files_are_served_so_charts_can_load_plotly():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["enableStaticServing"] is True


def test_the_server_takes_uploads_as_large_as_the_importer_does():
    """server.maxUploadSize caps every upload before the page sees it: it must be the importer's own
    limit (which the upload widget is given), else a file between the two got a bare "AxiosError:
    Request failed with status code 413" instead of the widget's own size note."""
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == importer.MAX_FILE_BYTES


def test_every_toolbar_text_translated_is_one_the_bundle_shows():
    bundle = (ROOT / "static" / "vendor" / "plotly-basic.min.js").read_text(encoding="utf-8")
    assert [k for k in catalog.CHART_TOOLBAR if f'"{k}"' not in bundle] == []


def test_overview_states_double_decline_and_the_reports_sentence(app):
    """The sentence is the report's own, 继续保持 included: the report states that 1-11月 2021 fell in
    both too (held as the figure double_decline of that span)."""
    texts = " ".join(m.value for m in app.markdown)
    assert "1-11月份，全市发生各类事故70起、死亡37人，同比分别下降38.6%和33.9%" in texts
    assert "继续保持事故起数和死亡人数“双下降”。" in report2022.S_ACCIDENTS
    assert "继续保持事故起数和死亡人数“双下降”。" in texts
    assert any(m.label == "双下降" or "双下降" in str(m.value) for m in app.metric)


@pytest.mark.parametrize("name", ["灌云县", "东海县"])
def test_a_deep_link_restores_region_and_period(demo_engine, monkeypatch, name):
    """Links carry what the user sees: ?region=灌云县&kind=单月&year=2021年&month=6月."""
    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.query_params["region"] = name
    at.query_params["kind"] = "单月"
    at.query_params["year"] = "2021年"
    at.query_params["month"] = "6月"
    at.run()
    assert not at.exception, at.exception
    assert any(f"{name} 2021年6月" in c.value for c in at.caption)


@pytest.mark.parametrize(
    "params, caption",
    [
        ({"region": "320723"}, "灌云县 2022年1-11月"),
        ({"region": "320723", "kind": "month", "year": "2021", "month": "06"}, "灌云县 2021年6月"),
        ({"region": " 东海县 ", "kind": "year", "year": "2021"}, "东海县 2021年"),
    ],
)
def test_a_deep_link_written_with_codes_is_read_as_that_view(demo_engine, monkeypatch, params, caption):
    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    assert any(caption in c.value for c in at.caption), [c.value for c in at.caption]
    assert not link_notes(at)
    at.run()  # a rerun keeps the view
    assert any(caption in c.value for c in at.caption)


@pytest.mark.parametrize(
    "params, named",
    [
        ({"region": "nowhere"}, "地区“nowhere”"),
        ({"region": "320723", "year": "1999"}, "年份“1999”"),
        ({"kind": "单月", "month": "13月"}, "月份“13月”"),
        ({"region": "*x*" * 10}, "地区“" + ("*x*" * 10)[:20] + "…”"),
    ],
)
def test_a_deep_link_naming_nothing_gets_a_visible_note_until_the_view_changes(
    report_engine, monkeypatch, params, named
):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    app = AppTest.from_file(str(APP), default_timeout=60)  # a first visit through the link
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    note = ui_plain(f"链接中的{named}无法识别，已按默认条件显示；请在左侧查询条件中重新选择。")
    assert link_notes(app) == [note]
    app.run()
    assert link_notes(app) == [note]
    app.sidebar.radio(key="cmp").set_value("mom").run()
    assert not link_notes(app)


def link_notes(at) -> list[str]:
    """The deep-link notes on the page (a link icon; the data's own warnings have ⚠️)."""
    return [w.value for w in at.warning if w.icon == ":material/link:"]


def ui_plain(text: str) -> str:
    import ui

    return ui.plain(text)


def test_switching_the_comparison_to_month_on_month_rewords_changes(demo_app):
    demo_app.sidebar.radio(key="kind").set_value("month").run()
    demo_app.sidebar.radio(key="cmp").set_value("mom").run()
    assert not demo_app.exception
    assert any("环比" in (m.delta or "") for m in demo_app.metric)


def test_briefing_mode_toggle_renders(demo_app):
    demo_app.sidebar.toggle(key="brief").set_value(True).run()
    assert not demo_app.exception
    assert any(b.label == "退出简报模式" for b in demo_app.button)


def test_a_sections_table_lists_every_indicator_with_its_whole_name(app):
    """专项 has names of 17 characters (24小时监控危险化学品重大危险源数): listed whole."""
    app.switch_page("pages/special.py").run()
    (table,) = _indicator_tables(app)
    names = [i.name for i in catalog.indicators_of_topic("special")]
    assert set(table["指标"]) <= set(names) and "24小时监控危险化学品重大危险源数" in set(table["指标"])


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///{tmp}/no/such/dir/store.sqlite",  # a directory that does not exist
        "postgresql+psycopg://reader:secret@127.0.0.1:1/lawreport",  # no server listening
    ],
)
def test_a_database_that_cannot_be_opened_is_named_in_chinese_not_a_traceback(tmp_path, monkeypatch, url):
    monkeypatch.setenv("LAWREPORT_DB_URL", url.format(tmp=tmp_path))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    (error,) = at.error
    assert error.value.startswith("无法打开数据库") and "LAWREPORT_DB_URL" in error.value
    assert "secret" not in error.value  # the address is shown without its password
    assert not at.metric  # nothing else of the page is drawn


@pytest.mark.parametrize(
    ("page", "titles"),
    [
        ("pages/enforcement.py", ["连云港市 2022年 排查隐患构成（一般/重大）"]),
        (
            "pages/emergency.py",
            ["连云港市 2022年 应急演练场次与参演人数", "连云港市 2022年 专业救援突击队与保障队类别"],
        ),
        ("pages/complaints.py", ["连云港市 2022年1-11月 安全生产举报受理、核实与奖励"]),
        ("pages/publicity.py", ["连云港市 2022年 安全生产培训人数（按对象）", "连云港市 2022年 宣传材料发放"]),
    ],
)
def test_a_section_page_for_a_whole_year_draws_the_figures_that_belong_together(
    report_engine, monkeypatch, page, titles
):
    """全年 2022 on the report's data: the figures it gives once, for the year, are charted."""
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page(page).run()
    year_only = [t for t in titles if "1-11月" not in t]  # the default view, 1-11月, does not chart the year's
    assert not [f for f in _charts(at) if f["layout"]["title"]["text"] in year_only]
    hint = catalog.UI["year_has_groups"].format(year=2022)
    assert any(c.value == hint for c in at.caption) == bool(year_only), "the reader is told where they are"
    at.sidebar.radio(key="kind").set_value("year").run()
    assert not at.exception, at.exception
    assert any(c.value == "连云港市 2022年" for c in at.caption)
    figures = _charts(at)
    shown = [f["layout"]["title"]["text"] for f in figures]
    assert set(titles) <= set(shown)
    for figure in figures:
        hover = [h for trace in figure["data"] for h in trace["hovertext"]]
        assert all("来源：" in h for h in hover), "every figure on the chart names its source"
    if page.endswith("emergency.py"):
        drills = next(f for f in figures if f["layout"]["title"]["text"] == titles[0])
        assert "直接参演人数：约8.8万人" in " ".join(h for t in drills["data"] for h in t["hovertext"])
