"""安全生产控制指标 (issue 17): the progress arithmetic by hand, a targets file read and refused
with every problem named, targets written and revised (audited) on SQLite and PostgreSQL, and
the ``progress`` and ``targets`` commands."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api, catalog, cli, control_progress, targets_file
from lawreport_data.periods import Period
from tests.test_overview import static_charts

ROOT = Path(__file__).resolve().parent.parent

HEADER = "地区,年度,指标,控制数\n"


@pytest.mark.parametrize(
    "year, through, days, in_year",
    [
        (2022, 11, 334, 365),  # 1-11月: 30 November is the 334th day
        (2022, 1, 31, 365),
        (2023, 2, 59, 365),
        (2024, 2, 60, 366),  # a leap year: 29 February counts, of 366 days
        (2024, 11, 335, 366),
        (2024, 12, 366, 366),
    ],
)
def test_time_share_is_the_days_gone_at_the_months_end_over_the_days_of_the_year(year, through, days, in_year):
    assert control_progress.time_pct(year, through) == pytest.approx(days / in_year * 100)


@pytest.mark.parametrize(
    "actual, target, year, through, used, status",
    [
        (35, 50, 2022, 11, 70.0, "normal"),
        (46, 50, 2022, 11, 92.0, "over_pace"),  # 92.0% used, 91.5% of the year gone
        (45, 50, 2022, 11, 90.0, "normal"),
        (51, 50, 2022, 11, 102.0, "over_year"),
        (50, 50, 2022, 12, 100.0, "normal"),  # the whole target used by the year's end: within it
        (3, 18, 2024, 2, 16.7, "over_pace"),  # 16.7% used, 60/366 = 16.4% gone
        (3, 18, 2023, 2, 16.7, "over_pace"),  # 59/365 = 16.2%
        (2, 18, 2024, 2, 11.1, "normal"),
        (7, None, 2022, 11, None, "no_target"),
        (0, 0, 2022, 11, 0.0, "normal"),
        (1, 0, 2022, 11, None, "over_year"),  # a target of none, and one accident
    ],
)
def test_a_progress_row_gives_the_used_share_and_the_status_worked_out_by_hand(
    actual, target, year, through, used, status
):
    row = control_progress.progress_row("320723", "deaths", actual, target, year, through)
    assert (row["used_pct"], row["status"]) == (used, status)


@pytest.mark.parametrize(
    "body, problems",
    [
        ("灌云县,2022,死亡人数,12\n不存在县,2022,死亡人数,3\n", [(3, "地区", "unknown_region")]),
        ("灌云县,22,死亡人数,12\n", [(2, "年度", "bad_year")]),
        ("灌云县,2022,受伤人数,12\n", [(2, "指标", "not_a_target_indicator")]),
        (
            "灌云县,2022,死亡人数,-1\n灌南县,2022,死亡人数,很多\n",
            [(2, "控制数", "bad_value"), (3, "控制数", "bad_value")],
        ),
        ("灌云县,2022,死亡人数,\n", [(2, "控制数", "missing_value")]),
        ("灌云县,2022,死亡人数,12\n灌云县,2022年,死亡人数,11\n", [(3, "地区", "duplicate_target")]),
        (",2022,,12\n", [(2, "地区", "missing_region"), (2, "指标", "missing_indicator")]),
    ],
)
def test_a_targets_file_with_problems_gives_no_target_and_names_each_problem_by_row_and_column(body, problems):
    read = targets_file.read_targets(io.BytesIO((HEADER + body).encode("gbk")), "t.csv")
    assert list(zip(read.problems["row"], read.problems["column"], read.problems["kind"], strict=True)) == problems
    assert read.targets.empty


def test_a_targets_file_is_read_with_a_title_row_in_gbk_by_name_alias_or_code():
    data = "连云港市2022年安全生产控制指标\n" + HEADER + "连云港市,2022年,事故起数,90\n320723,2022,死亡人数（人）,6\n"
    read = targets_file.read_targets(io.BytesIO(data.encode("gbk")), "t.csv")
    assert read.problems.empty
    assert read.targets[["region", "year", "indicator", "target", "row"]].values.tolist() == [
        ["320700", 2022, "accidents", 90.0, 3],
        ["320723", 2022, "deaths", 6.0, 4],
    ]


def _import(engine, text: str, name: str = "控制指标.csv", user: str = "cli:test") -> dict:
    return api.import_targets(engine, io.BytesIO(text.encode("gbk")), name, user=user)


def test_progress_reads_the_reports_1_11_figures_against_the_citys_targets(report_engine):
    # the report: 1-11月 70 起, 37 人; 30 November is 91.5% of 2022
    assert _import(report_engine, HEADER + "连云港市,2022,事故起数,76\n连云港市,2022,死亡人数,36\n") == {
        "rows": 2, "new": 2, "changed": 0, "unchanged": 0,
    }  # fmt: skip
    board = api.progress(report_engine, 2022, 11)
    city = {r["indicator"]: r for r in board["rows"] if r["region"] == "320700"}
    assert {k: city["accidents"][k] for k in api.PROGRESS_KEYS} == {
        "region": "320700", "indicator": "accidents", "target": 76, "actual": 70,
        "used_pct": 92.1, "time_pct": 91.5, "status": "over_pace",
    }  # fmt: skip
    assert (city["deaths"]["actual"], city["deaths"]["status"], city["deaths"]["status_label"]) == (
        37,
        "over_year",
        "超全年",
    )
    assert city["major_accidents"]["status"] == "no_target"
    assert str(board["period"]) == "2022-01..2022-11"
    assert api.progress(report_engine, 2022)["period"] == board["period"]  # the default: the latest month with figures


def test_a_revised_target_replaces_the_stored_one_and_the_audit_log_keeps_both(report_engine):
    _import(report_engine, HEADER + "连云港市,2022,死亡人数,36\n灌云县,2022,死亡人数,5\n", user="chief")
    result = _import(
        report_engine, HEADER + "连云港市,2022,死亡人数,40\n灌云县,2022,死亡人数,5\n", name="修订.csv", user="chief"
    )
    assert result == {"rows": 2, "new": 0, "changed": 1, "unchanged": 1}
    stored = {(t["region"], t["indicator"]): (t["target"], t["source"]) for t in api.target_rows(report_engine, 2022)}
    assert stored[("320700", "deaths")] == (40.0, "控制指标文件：修订.csv")
    revisions = [r for r in api.audit_rows(report_engine) if r["action"] == "target_revise"]
    assert [(r["actor"], r["target"], r["detail"], r["file_name"]) for r in revisions] == [
        ("chief", "320700 2022 deaths", "36 → 40", "修订.csv")
    ]
    city = [
        r
        for r in api.progress(report_engine, 2022, 11)["rows"]
        if (r["region"], r["indicator"]) == ("320700", "deaths")
    ]
    assert [(r["target"], r["used_pct"], r["status"]) for r in city] == [(40, 92.5, "over_pace")]  # 37 of 40


def test_a_refused_targets_file_writes_nothing(report_engine):
    with pytest.raises(api.ImportError_) as refused:
        _import(report_engine, HEADER + "连云港市,2022,死亡人数,36\n灌云县,2022,受伤人数,5\n")
    assert list(refused.value.problems["kind"]) == ["not_a_target_indicator"]
    assert api.target_rows(report_engine, 2022) == []
    assert not [r for r in api.audit_rows(report_engine) if r["action"] == "targets_import"]


def test_the_board_says_when_the_counties_targets_do_not_add_up_to_the_citys(report_engine):
    counties = [r.code for r in catalog.children_of("320700")]
    rows = "".join(f"{c},2022,事故起数,8\n" for c in counties)
    _import(report_engine, HEADER + "连云港市,2022,事故起数,76\n" + rows)
    notes = api.progress(report_engine, 2022, 11)["notes"]
    assert notes == [
        f"连云港市事故起数控制数为76，{len(counties)}个下辖地区控制数合计为{8 * len(counties)}，两者不一致（下辖地区控制数不必相加等于上级）"
    ]


def test_the_progress_command_prints_the_board_as_json_with_the_issues_keys(
    report_engine, monkeypatch, capsys, tmp_path
):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    path = tmp_path / "控制指标.csv"
    path.write_bytes(("2022年控制指标\n" + HEADER + "连云港市,2022,事故起数,76\n").encode("gbk"))
    assert cli.main(["targets", "import", str(path)]) == 0
    assert "1 targets: 1 added, 0 revised, 0 unchanged" in capsys.readouterr().out
    assert cli.main(["progress", "--year", "2022", "--through", "2022-11", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0] == {"region": "320700", "indicator": "accidents", "target": 76, "actual": 70,
                       "used_pct": 92.1, "time_pct": 91.5, "status": "over_pace"}  # fmt: skip
    assert all(list(r) == api.PROGRESS_KEYS for r in rows)


@pytest.mark.parametrize(
    "args, message",
    [
        (["progress", "--year", "2022", "--through", "2021-11"], "is not in --year 2022"),
        (["progress", "--year", "2022", "--region", "不存在"], "unknown region"),
    ],
)
def test_the_progress_command_refuses_a_bad_request_in_one_line(report_engine, monkeypatch, capsys, args, message):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    assert cli.main(args) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_refused_targets_file_is_named_row_by_row_on_the_command_line(report_engine, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    path = tmp_path / "t.csv"
    path.write_bytes((HEADER + "灌云县,2022,死亡人数,12\n灌云县,二〇二二,受伤人数,3\n").encode("gbk"))
    assert cli.main(["targets", "import", str(path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[1:] == [
        f"{path}: row 3, column 年度: '二〇二二': not a year (four digits, e.g. 2022)",
        f"{path}: row 3, column 指标: '受伤人数': not an indicator with a control target (事故起数, 死亡人数, 较大及以上事故起数, 工矿商贸死亡人数, 道路运输死亡人数)",
    ]
    assert api.target_rows(report_engine, 2022) == []


def test_only_an_admin_account_sets_targets_from_the_command_line(report_engine, monkeypatch, capsys, tmp_path):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "guanyun", "gy-secret-12", "county", region="灌云县")
    path = tmp_path / "t.csv"
    path.write_bytes((HEADER + "灌云县,2022,死亡人数,12\n").encode("gbk"))
    assert cli.main(["targets", "import", str(path), "--user", "guanyun"]) == 2
    assert "may not set control targets" in capsys.readouterr().err
    assert api.target_rows(report_engine, 2022) == []


def test_the_demo_has_targets_for_2018_to_2022_a_little_above_its_actuals_and_one_county_over_pace(demo_engine):
    for year in range(2018, 2023):
        stored = api.target_rows(demo_engine, year)
        assert len(stored) == 11 * 3 and all(t["synthetic"] for t in stored)
    board = api.progress(demo_engine, 2022, 11)
    assert board["period"] == api.progress(demo_engine, 2022)["period"]
    off = [(r["region_name"], r["indicator"], r["status"]) for r in board["rows"] if r["status"] != "normal"]
    assert off == [("海州区", "deaths", "over_pace")]
    county = next(r for r in board["rows"] if r["status"] == "over_pace")
    assert county["actual"] == county["target"]  # its whole year's target used by 30 November
    whole = api.progress(demo_engine, 2021, 12)["rows"]  # a past year's: within every target
    assert {r["status"] for r in whole} == {"normal"}
    api.init_db(demo_engine, demo_data=True)  # again: nothing new, nothing in the audit log
    assert [r["action"] for r in api.audit_rows(demo_engine)].count("targets_import") == 1


def test_the_board_charts_the_worst_indicator_with_a_target_and_says_who_is_over(demo_engine):
    board = api.progress_board(demo_engine, Period(2022, 1, 11))
    assert board.indicators == ["accidents", "deaths", "major_accidents"] and board.first == board.charted == "deaths"
    assert board.sentences == ["海州区死亡人数已达全年控制数的100.0%，超时间进度8.5个百分点"]
    assert board.caption == "按2022年1-11月累计，时间进度为91.5%（2022年共365天）"
    assert board.own == "连云港市死亡人数：实际37人，控制数50人，已用74.0%，正常"
    spec = board.chart
    assert spec.title == "连云港市 2022年1-11月累计 控制指标进度：死亡人数"
    bars = spec.figure.data[0]
    assert list(bars.y)[-1] == "海州区" and len(bars.y) == 10  # the counties and zones, worst at the top
    assert list(bars.marker.color)[-1] == catalog.PROGRESS_COLOURS["over_pace"]
    note = next(a.text for a in spec.figure.layout.annotations if a.name == "source")
    assert "示例数据" in note and "控制指标" in note
    # a single month's view: the board is cumulated to its month's end
    assert api.progress_board(demo_engine, Period(2022, 6, 6)).caption.startswith("按2022年1-6月累计，时间进度为49.6%")


def test_without_targets_the_board_has_no_chart_and_no_sentence(report_engine):
    board = api.progress_board(report_engine, Period(2022, 1, 11))
    assert (board.indicators, board.chart, board.sentences, board.has_targets) == ([], None, [], False)


def test_the_overview_draws_the_board_of_the_worst_indicator_and_names_the_county_over_pace(demo_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", demo_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    assert "控制指标进度" in [h.value for h in at.subheader]
    assert at.segmented_control(key="progress_indicator").value == "deaths"
    assert "连云港市 2022年1-11月累计 控制指标进度：死亡人数" in [c["title"] for c in static_charts(at)]
    assert any("海州区死亡人数已达全年控制数的100.0%" in w.value for w in at.warning)
    at.segmented_control(key="progress_indicator").set_value("accidents").run()
    assert "连云港市 2022年1-11月累计 控制指标进度：事故起数" in [c["title"] for c in static_charts(at)]


def test_the_overview_says_when_no_target_is_set_for_the_year(report_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception, at.exception
    assert any(i.value.startswith("2022年尚未设置控制指标") for i in at.info)


def test_the_briefing_carries_the_control_targets_table_and_the_sentence_of_the_county_over_pace(demo_engine):
    import docx

    doc = docx.Document(io.BytesIO(api.briefing_docx(demo_engine, Period(2022, 1, 11), with_charts=False)))
    texts = [p.text for p in doc.paragraphs]
    assert "附表　控制指标进度" in texts
    rows = [[c.text for c in r.cells] for r in doc.tables[-1].rows]
    assert rows[0] == list(catalog.BRIEFING["targets_columns"])
    assert ["海州区", "死亡人数", "9", "9", "100.0", "91.5", "超进度"] in rows
    assert ["连云港市", "死亡人数", "50", "37", "74.0", "91.5", "正常"] in rows
    assert len(rows) == 1 + 3 * 11  # every region of the board has a target for each indicator in the demo
    assert "海州区死亡人数已达全年控制数的100.0%，超时间进度8.5个百分点。" in texts
    assert catalog.BRIEFING["targets_unset"] not in texts  # every region has its targets


def test_a_briefing_without_targets_has_no_control_targets_table(report_engine):
    import docx

    doc = docx.Document(io.BytesIO(api.briefing_docx(report_engine, Period(2022, 1, 11), with_charts=False)))
    assert "附表　控制指标进度" not in [p.text for p in doc.paragraphs]


def test_a_briefing_lists_only_the_regions_with_a_target_and_says_the_rest_are_left_out(report_engine):
    import docx

    _import(report_engine, HEADER + "连云港市,2022,死亡人数,36\n")
    doc = docx.Document(io.BytesIO(api.briefing_docx(report_engine, Period(2022, 1, 11), with_charts=False)))
    texts = [p.text for p in doc.paragraphs]
    assert [[c.text for c in r.cells] for r in doc.tables[-1].rows][1:] == [
        ["连云港市", "死亡人数", "36", "37", "102.8", "91.5", "超全年"]
    ]
    assert "连云港市死亡人数37人，已超过全年控制数36人。" in texts
    assert catalog.BRIEFING["targets_unset"] in texts


def test_a_target_on_道路运输死亡人数_is_read_against_the_accident_ledgers_deaths_of_that_sector(demo_engine):
    _import(demo_engine, HEADER + "连云港市,2022,道路运输死亡人数,14\n灌云县,2022,道路运输死亡人数,1\n")
    rows = [r for r in api.progress(demo_engine, 2022, 11)["rows"] if r["indicator"] == "road_deaths"]
    sectors = api.accident_breakdown(demo_engine, Period(2022, 1, 11), by="sector")
    road = int(sectors.loc[sectors["group"] == "road", "deaths"].sum())
    city = rows[0]
    assert (city["region"], city["actual"], city["target"]) == ("320700", road, 14)
    assert "ledger" in city["origins"] and city["synthetic"]
    county = next(r for r in rows if r["region"] == "320723")
    county_road = api.accident_breakdown(demo_engine, Period(2022, 1, 11), "灌云县", by="sector")
    assert county["actual"] == int(county_road.loc[county_road["group"] == "road", "deaths"].sum())
    assert "icm_deaths" not in {r["indicator"] for r in api.progress(demo_engine, 2022, 11)["rows"]}  # no target set


def test_the_board_draws_the_indicator_asked_for_and_the_worst_for_one_without_a_target(demo_engine):
    board = api.progress_board(demo_engine, Period(2022, 1, 11), indicator="accidents")
    assert (board.charted, board.chart.title) == ("accidents", "连云港市 2022年1-11月累计 控制指标进度：事故起数")
    assert board.own.startswith("连云港市事故起数：实际70起，控制数")
    assert api.progress_board(demo_engine, Period(2022, 1, 11), indicator="road_deaths").charted == "deaths"


# --- targets on the rates --------------------------------------------------------------------


def test_a_targets_file_sets_targets_on_the_rates_by_name_with_or_without_its_unit():
    data = HEADER + (
        "连云港市,2022,亿元GDP生产安全事故死亡率,0.012\n"
        "灌云县,2022,道路交通万车死亡率（人/万车）,0.5\n"
        "连云港市,2022,工矿商贸就业人员十万人生产安全事故死亡率,1.2\n"
    )
    read = targets_file.read_targets(io.BytesIO(data.encode("gbk")), "t.csv")
    assert read.problems.empty
    assert read.targets[["region", "indicator", "target"]].values.tolist() == [
        ["320700", "gdp_death_rate", 0.012],
        ["320723", "road_death_rate", 0.5],
        ["320700", "icm_death_rate", 1.2],
    ]


@pytest.mark.parametrize(
    "target, used, status",
    [
        (0.012, 83.3, "normal"),  # 0.010 of 0.012; 91.5% of 2022 gone on 30 November
        (0.0105, 95.2, "over_pace"),
        (0.009, None, "over_year"),  # 0.010 > 0.009: its share (111.1%) is over the year's
    ],
)
def test_a_rate_target_reads_the_spans_cumulative_rate_against_the_share_of_the_year(
    report_engine, target, used, status
):
    # the report's 37 deaths of 1-11月 over a 2022 地区生产总值 of 3700亿元: 0.010 人/亿元 (1-11月累计)
    api.apply_import(report_engine, io.BytesIO("地区,指标,期间,数值\n连云港市,地区生产总值（亿元）,2022年,3700\n".encode("gbk")),
                     "gdp.csv", user="analyst")  # fmt: skip
    _import(report_engine, HEADER + f"连云港市,2022,亿元GDP生产安全事故死亡率,{target}\n灌云县,2022,亿元GDP生产安全事故死亡率,0.02\n"
            "灌南县,2022,亿元GDP生产安全事故死亡率,0.02\n")  # fmt: skip
    board = api.progress(report_engine, 2022, 11)
    rows = {r["region"]: r for r in board["rows"] if r["indicator"] == "gdp_death_rate"}
    city = rows["320700"]
    assert (city["actual"], city["target"], city["time_pct"], city["status"]) == (0.01, target, 91.5, status)
    if used is not None:
        assert city["used_pct"] == used
    # the report has no county's deaths nor GDP: its rate is not 0 but missing, and said so
    assert (rows["320723"]["status"], rows["320723"]["actual"], rows["320723"]["reason"]) == (
        "no_actual", None, "缺少2022年1-11月死亡人数",
    )  # fmt: skip
    assert rows["320723"]["status_label"] == "无实际数"
    assert not any("亿元GDP" in n for n in board["notes"])  # a rate's targets are never added up


def test_an_admin_sets_a_rate_target_and_the_board_charts_it(report_engine):
    assert api.set_target(report_engine, "灌云县", 2022, "road_death_rate", 0.5, user="admin")["status"] == "new"
    board = api.progress_board(report_engine, Period(2022, 1, 11), None, "road_death_rate")
    assert board.charted == "road_death_rate"
    assert "道路交通万车死亡率" in board.chart.title
    with pytest.raises(ValueError):
        api.set_target(report_engine, "灌云县", 2022, "injuries", 5, user="admin")
