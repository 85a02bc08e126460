"""The accident sentences gain the breakdown a 通报 gives, written from the accident ledger when it
holds records for the headline's region and span."""

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

pytestmark = pytest.mark.store
ROOT = Path(__file__).resolve().parent.parent


def ledger(rows: list[tuple[str, str, str, int, str]]) -> pd.DataFrame:
    """Records from (key, day, sector, deaths, grade) in 灌云县."""
    out = pd.DataFrame(
        [
            dict(
                key=k,
                record_no=None,
                occurred_at=pd.Timestamp(day),
                region="320723",
                unit=f"单位{k}",
                credit_code=None,
                sector=sector,
                industry=None,
                type="02",
                deaths=deaths,
                missing=0,
                serious_injuries=0,
                injuries=0,
                direct_loss=0.0,
                grade=grade,
                status="counted",
                write_off_reason=None,
                summary=None,
                source_row=i + 2,
            )
            for i, (k, day, sector, deaths, grade) in enumerate(rows)
        ],
        columns=store.RECORD_COLUMNS,
    )
    out["occurred_at"] = out["occurred_at"].astype("datetime64[ns]")
    return out.astype({c: "int64" for c in ["deaths", "missing", "serious_injuries", "injuries", "source_row"]})


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], None),
        (
            [
                ("a", "2022-03-01", "road", 1, "general"),
                ("b", "2022-05-02", "road", 0, "general"),
                ("c", "2022-06-03", "construction", 3, "larger"),
                ("d", "2022-12-04", "fire", 9, "larger"),
            ],
            "其中，道路运输事故2起、死亡1人，分别占总数的66.7%、25.0%；建筑业事故1起、死亡3人，分别占33.3%、75.0%；"
            "发生较大事故1起、死亡3人。",
        ),
    ],
    ids=["no ledger", "ledger"],
)
def test_the_breakdown_follows_the_headline_when_the_ledger_holds_records(report_engine, rows, expected):
    """The report's headline is of 1-11月 2022 for the city: the records of those months count (a
    county's included), December's not."""
    if rows:
        with store.session_factory(report_engine).begin() as s:
            store.apply_accidents(s, ledger(rows), batch_id=None, user="t")
    _, sentences = api.narrative_sentences(report_engine, Period(2022, 1, 12))
    keys = [s.key for s in sentences]
    if expected is None:
        assert "accident_breakdown" not in keys
        return
    at = keys.index("accident_breakdown")
    assert sentences[at].text == expected
    assert keys[at - 1] == "accidents"


SYNTHETIC_ROWS = [("a", "2022-03-01", "road", 1, "general"), ("b", "2022-05-02", "construction", 0, "general")]


def cli_narrative(engine) -> str:
    env = {**os.environ, "LAWREPORT_DB_URL": engine.url.render_as_string(hide_password=False)}
    p = subprocess.run(
        [sys.executable, "-m", "lawreport_data", "narrative", "--period", "2022-01..2022-11"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    return p.stdout


@pytest.mark.parametrize("synthetic", [False, True], ids=["real records", "demo records"])
def test_a_breakdown_written_from_synthetic_records_is_stamped_wherever_it_is_shown(report_engine, synthetic):
    """The report's figures are real; a breakdown written from the demo's records says 示例数据 in
    its text (the CLI prints it) and the Word briefing warns of demo data; from real records, neither."""
    with store.session_factory(report_engine).begin() as s:
        store.apply_accidents(s, ledger(SYNTHETIC_ROWS), batch_id=None, user="t", synthetic=synthetic)
    _, sentences = api.narrative_sentences(report_engine, Period(2022, 1, 11))
    [breakdown] = [s for s in sentences if s.key == "accident_breakdown"]
    stamp = catalog.NARRATIVE_BREAKDOWN["synthetic"]
    assert (breakdown.synthetic, breakdown.text.endswith(stamp + "。")) == (synthetic, synthetic)
    printed = [line for line in cli_narrative(report_engine).splitlines() if line.startswith("其中")]
    assert printed == [breakdown.text]
    doc = Document(io.BytesIO(api.briefing_docx(report_engine, Period(2022, 1, 11), with_charts=False)))
    texts = [p.text for p in doc.paragraphs]
    assert any(breakdown.text in t for t in texts)
    assert (catalog.BRIEFING["synthetic_warning"] in texts) == synthetic


@pytest.mark.parametrize(
    ("rows", "synthetic"),
    [([], False), (SYNTHETIC_ROWS, False), (SYNTHETIC_ROWS, True)],
    ids=["no ledger", "real records", "demo records"],
)
def test_the_overview_sentence_is_followed_by_the_ledgers_breakdown(report_engine, monkeypatch, rows, synthetic):
    from streamlit.testing.v1 import AppTest

    if rows:
        with store.session_factory(report_engine).begin() as s:
            store.apply_accidents(s, ledger(rows), batch_id=None, user="t", synthetic=synthetic)
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    texts = " ".join(m.value for m in at.markdown)
    headline = "1-11月份，全市发生各类事故70起、死亡37人"
    assert headline in texts
    _, sentences = api.narrative_sentences(report_engine, Period(2022, 1, 11))
    breakdowns = [s.text for s in sentences if s.key == "accident_breakdown"]
    if not rows:
        assert breakdowns == [] and "其中，" not in texts
        return
    assert texts.index(headline) < texts.index(breakdowns[0])
    assert (catalog.NARRATIVE_BREAKDOWN["synthetic"] in texts) == synthetic
