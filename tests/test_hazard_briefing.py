"""The hazard sentence of the narrative and the Word briefing, written from the hazard ledger where
it holds records of the region and span (tests/hazard_data.py's ledger: H1-H5 found in January,
H6 in February; 灌云县 holds H1, H2 and H5, 东海县 the others, H3 the 重大 one under 市级挂牌督办), the
official figures kept where the ledger's differ from them."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from docx import Document

from lawreport_data import api, catalog, store
from lawreport_data.periods import Period
from lawreport_data.store import hazard_writes
from tests.hazard_data import FEBRUARY, JANUARY, as_records

pytestmark = pytest.mark.store
ROOT = Path(__file__).resolve().parent.parent
HAZARD_KEYS = ("inspections", "hazard_ledger", "hazard_ledger_note")
REPORT_INSPECTIONS = "今年，全市执法检查企业1414家，排查问题隐患7481条，其中一般隐患7439条，重大隐患42条。"


def send(engine, frame, *, synthetic=False):
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
        hazard_writes.apply_hazards(s, as_records(frame), batch_id=batch, user="analyst", synthetic=synthetic)


def state(engine, official):
    """Official totals (region, first month, last month of 2022, 排查隐患数) as an import gives them."""
    rows = [dict(indicator="hazards_found", region=r, year=2022, start=a, end=b, value=float(v), origin="import")
            for r, a, b, v in official]  # fmt: skip
    with store.session_factory(engine).begin() as s:
        store.apply_observations(s, pd.DataFrame(rows), user="analyst")


@pytest.mark.parametrize(
    ("ledger", "official", "period", "region", "expected"),
    [
        # No ledger: the report's sentence, as it has always been written.
        (None, [], Period.year_of(2022), None, [("inspections", REPORT_INSPECTIONS)]),
        # 1-3月, the city, no official figure: on 3-31 H1-H5 are found (H3 重大), H1 alone rectified
        # (1/5 = 20.0%), H2 (due 1-25), H3 (2-28) and H5 (2-10) overdue, H4 has no deadline; H3 is
        # the one open 挂牌督办 hazard, and overdue.
        (JANUARY, [], Period(2022, 1, 3), None,
         [("hazard_ledger", "今年1-3月，全市共排查隐患5条，其中一般隐患4条、重大隐患1条，已整改1条，整改率20.0%，"
                            "逾期未整改3条；挂牌督办隐患1条尚未整改（其中逾期1条）。")]),
        # 灌云县 after the March re-send: H1, H2 and H5, all rectified by 2-12 (3/3 = 100.0%), nothing
        # overdue, none under 挂牌督办 (H6 was found in February, H3 is 东海县's).
        (FEBRUARY, [], Period(2022, 1, 3), "灌云县",
         [("hazard_ledger", "今年1-3月，灌云县共排查隐患3条，其中一般隐患3条、重大隐患0条，已整改3条，整改率100.0%。")]),
        # The same with an official 3 of the same span: equal to the ledger's count, the ledger's sentence.
        (FEBRUARY, [("320723", 1, 3, 3)], Period(2022, 1, 3), "灌云县",
         [("hazard_ledger", "今年1-3月，灌云县共排查隐患3条，其中一般隐患3条、重大隐患0条，已整改3条，整改率100.0%。")]),
        # An official 4 the ledger's 3 differs from: the official sentence stays; the ledger adds
        # what no official figure states: on 3-31 H2 (due 1-25) and H5 (due 2-10) are overdue.
        (JANUARY, [("320723", 1, 3, 4)], Period(2022, 1, 3), "灌云县",
         [("inspections", "今年1-3月，灌云县排查问题隐患4条。"), ("hazard_ledger_note", "据隐患台账，逾期未整改2条。")]),
        # The year, the city: the report's 7481/7439/42 against the ledger's 5/4/1. On 12-31 H2, H3
        # and H5 are still overdue and H3 still open under 挂牌督办.
        (JANUARY, [], Period.year_of(2022), None,
         [("inspections", REPORT_INSPECTIONS),
          ("hazard_ledger_note", "据隐患台账，逾期未整改3条；挂牌督办隐患1条尚未整改（其中逾期1条）。")]),
        # After the re-send only H6 (due 3-15) is overdue on 12-31 and H3 is rectified.
        (FEBRUARY, [], Period.year_of(2022), None,
         [("inspections", REPORT_INSPECTIONS), ("hazard_ledger_note", "据隐患台账，逾期未整改1条。")]),
        # 灌南县 holds no record: its official sentence alone.
        (FEBRUARY, [("320724", 1, 3, 4)], Period(2022, 1, 3), "灌南县",
         [("inspections", "今年1-3月，灌南县排查问题隐患4条。")]),
    ],
    ids=["no ledger", "ledger only", "county", "official equal", "official differs", "report", "report re-sent",
         "county without records"],
)  # fmt: skip
def test_the_hazard_sentence_is_the_ledgers_unless_an_official_figure_it_differs_from_is_stated(
    report_engine, ledger, official, period, region, expected
):
    if ledger is not None:
        send(report_engine, ledger)
    if official:
        state(report_engine, official)
    _, sentences = api.narrative_sentences(report_engine, period, region)
    assert [(s.key, s.text) for s in sentences if s.key in HAZARD_KEYS] == expected
    assert not any(s.synthetic for s in sentences)


@pytest.mark.parametrize("synthetic", [False, True], ids=["real records", "demo records"])
def test_the_word_briefing_and_the_cli_carry_the_ledgers_hazard_sentence(report_engine, synthetic):
    """Demo records stamp the sentence 示例数据 and the briefing warns of demo data."""
    send(report_engine, JANUARY, synthetic=synthetic)
    stamp = catalog.NARRATIVE_HAZARD["synthetic"] if synthetic else ""
    expected = (
        "今年1-3月，全市共排查隐患5条，其中一般隐患4条、重大隐患1条，已整改1条，整改率20.0%，"
        f"逾期未整改3条；挂牌督办隐患1条尚未整改（其中逾期1条）{stamp}。"
    )
    _, sentences = api.narrative_sentences(report_engine, Period(2022, 1, 3))
    [sentence] = [s for s in sentences if s.key == "hazard_ledger"]
    assert (sentence.text, sentence.synthetic) == (expected, synthetic)
    doc = Document(io.BytesIO(api.briefing_docx(report_engine, Period(2022, 1, 3), with_charts=False)))
    texts = [p.text for p in doc.paragraphs]
    at = texts.index(f"四、{catalog.REPORT_SECTIONS[4]}")
    assert any(expected in t for t in texts[at:])
    assert (catalog.BRIEFING["synthetic_warning"] in texts) == synthetic
    assert catalog.BRIEFING["no_figures"] not in texts  # the report has no figure of 1-3月; the ledger has
    env = {**os.environ, "LAWREPORT_DB_URL": report_engine.url.render_as_string(hide_password=False)}
    p = subprocess.run(
        [sys.executable, "-m", "lawreport_data", "narrative", "--period", "2022-01..2022-03"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert expected in p.stdout.splitlines()
