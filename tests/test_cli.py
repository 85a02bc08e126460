"""`python -m lawreport_data`, run as a user runs it."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli(db_url):
    """Run the CLI against a fresh database; returns (exit status, stdout, stderr)."""
    env = {**os.environ, "LAWREPORT_DB_URL": db_url}

    def run(*args):
        p = subprocess.run(
            [sys.executable, "-m", "lawreport_data", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        return p.returncode, p.stdout, p.stderr

    return run


def test_init_db_then_summary_gives_the_reports_headline(cli):
    assert cli("init-db")[0] == 0
    status, out, _ = cli("summary", "--period", "2022-01..2022-11", "--format", "json")
    rows = {r["indicator"]: r for r in json.loads(out)}
    assert status == 0
    assert (
        rows["accidents"]["name"],
        rows["accidents"]["value"],
        rows["accidents"]["previous"],
        rows["accidents"]["change_pct"],
    ) == ("事故起数", 70, 114, -38.6)
    assert (rows["deaths"]["value"], rows["deaths"]["previous"], rows["deaths"]["change_pct"]) == (37, 56, -33.9)
    assert rows["accidents"]["change_text"] == "同比下降38.6%"


def test_summary_of_the_year_brings_out_every_figure_with_its_span_and_qualifier(cli):
    from lawreport_data import report2022

    cli("init-db")
    status, out, _ = cli("summary", "--period", "2022", "--format", "json")
    rows = {r["indicator"]: r for r in json.loads(out)}
    assert status == 0
    assert set(rows) == {f.indicator for f in report2022.FIGURES if f.period.year == 2022}
    assert (rows["legal_review_opinions"]["value"], rows["legal_review_opinions"]["qualifier"]) == (200, "余")
    assert (rows["approval_time_cut"]["display"], rows["approval_time_cut"]["qualifier"]) == ("50以上", "以上")
    assert rows["legal_institutions"]["period_label"] == "截至2023年1月9日"  # 目前, at the report's date
    assert rows["documents_sorted"]["period_label"] == "2012年以来（至2022年）"
    assert rows["accidents"]["period"] == "2022-01..2022-11"
    assert rows["hotline_orders"]["period"] == "2022"
    assert rows["drill_participants"]["value"] == 88000


def test_init_db_is_idempotent(cli):
    assert cli("init-db")[0] == 0
    status, out, _ = cli("init-db")
    assert status == 0 and "0 report figures added" in out


def test_init_db_counts_what_the_store_holds(cli):
    out = cli("init-db")[1]
    added = int(re.search(r"(\d+) report figures added", out).group(1))
    assert added > 0 and f"{added} observations in all" in out
    assert f"{added} observations in all" in cli("init-db")[1]  # nothing added the second time


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_summary_prints_tables(cli, fmt):
    cli("init-db")
    status, out, _ = cli("summary", "--period", "2022-01..2022-11", "--format", fmt)
    assert status == 0 and "事故起数" in out and "同比下降38.6%" in out


def test_catalog_lists_regions_and_indicators_as_json(cli):
    status, out, _ = cli("catalog", "--format", "json")
    data = json.loads(out)
    assert status == 0
    assert {"code": "320723", "name": "灌云县"}.items() <= next(
        r for r in data["regions"] if r["code"] == "320723"
    ).items()
    assert {"code": "accidents", "name": "事故起数", "unit": "起"}.items() <= data["indicators"][0].items()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["summary", "--period", "2022-13"], "not within 1..12"),
        (["summary", "--period", "last year"], "not a period"),
        (["summary", "--period", "2022", "--region", "火星县"], "unknown region"),
    ],
)
def test_bad_input_gets_one_plain_sentence_not_a_traceback(cli, args, message):
    cli("init-db")
    status, _, err = cli(*args)
    assert status == 2
    assert message in err and "Traceback" not in err


# --- briefing export ---


def test_narrative_prints_the_reports_sentences(cli):
    from lawreport_data import report2022

    assert cli("init-db")[0] == 0
    status, out, _ = cli("narrative", "--period", "2022")
    assert status == 0
    assert report2022.S_INSPECTIONS.replace(" ", "") in out.splitlines()
    assert out.splitlines()[0] == report2022.S_ACCIDENTS


def test_briefing_writes_a_word_file(cli, tmp_path):
    from docx import Document

    assert cli("init-db")[0] == 0
    target = tmp_path / "简报.docx"
    status, out, err = cli("briefing", "--period", "2022-01..2022-11", "--out", str(target))
    assert status == 0, err
    doc = Document(str(target))
    assert doc.paragraphs[0].text == "连云港市安全生产监管统计简报"
    assert not list(tmp_path.glob("*.part"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("briefing", "--period", "2022", "--out", "{tmp}/brief.txt"), "ending in .docx"),
        (("briefing", "--period", "2022", "--out", "{tmp}/missing/brief.docx"), "no such directory"),
        (("briefing", "--period", "2022", "--region", "火星", "--out", "{tmp}/b.docx"), "unknown region"),
        (("charts", "--period", "2022", "--region", "火星", "--out", "{tmp}/charts"), "unknown region"),
    ],
)
def test_briefing_and_charts_refuse_bad_input_in_one_sentence(cli, tmp_path, args, message):
    assert cli("init-db")[0] == 0
    status, out, err = cli(*[a.format(tmp=tmp_path) for a in args])
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert not list(tmp_path.rglob("*.docx")) and not list(tmp_path.rglob("*.png"))


def test_charts_writes_images_named_by_section_and_indicator(cli, tmp_path):
    from lawreport_data import png
    from tests.conftest import skip_or_fail

    if png.browser_path() is None:
        skip_or_fail("no Chromium at /usr/bin/chromium or BROWSER_PATH: chart export skipped")
    assert cli("init-db")[0] == 0
    out_dir = tmp_path / "charts"
    status, out, err = cli("charts", "--period", "2022-01..2022-11", "--out", str(out_dir), "--format", "svg")
    assert status == 0, err
    # the report gives 1-11月 accidents (and 2021's, derived) and 1-11月 complaints: their charts
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "1_accidents_compare.svg",
        "1_deaths_compare.svg",
        "6_complaints_bars.svg",
    ]
    assert "事故起数" in (out_dir / "1_accidents_compare.svg").read_text(encoding="utf-8")


def test_charts_of_the_annual_report_draw_the_figures_that_belong_together(cli, tmp_path):
    """The report gives most figures once, for 2022: `charts --period 2022` draws them in groups."""
    from PIL import Image

    from lawreport_data import catalog, charts, png
    from tests.conftest import skip_or_fail

    if png.browser_path() is None:
        skip_or_fail("no Chromium at /usr/bin/chromium or BROWSER_PATH: chart export skipped")
    assert cli("init-db")[0] == 0
    out_dir = tmp_path / "charts"
    status, out, err = cli("charts", "--period", "2022", "--out", str(out_dir))
    assert status == 0, err
    names = {p.name for p in out_dir.iterdir()}
    groups = {f"{charts.file_name(g.topic, g.code, g.kind)}.png" for g in catalog.CHART_GROUP_LIST}
    assert names <= groups, "on the report's data alone every chart is a group chart"
    assert {
        "4_hazard_grades_composition.png",  # 7481 = 7439 一般 + 42 重大
        "3_drills_participants_bars.png",  # 2091 场次, 约8.8万人: two panels
        "6_complaints_bars.png",  # 1-11月 received, verified, rewarded, the reward
        "7_training_bars.png",
        "7_materials_bars.png",
        "5_npc_handling_composition.png",
    } <= names
    assert "4_hazard_rectification_composition.png" not in names, "the report gives no 整改 figure for 7481"
    assert f"{len(names)} charts written" in out
    for name in names:
        assert Image.open(out_dir / name).size == (charts.WIDTH * png.PRINT_SCALE, charts.HEIGHT * png.PRINT_SCALE)
