"""数据核对 of the hazard ledger: the report's 7481/7439/42 (2022, the city) against the hazards the
ledger holds, in the API and the CLI."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawreport_data import api, store
from lawreport_data.periods import Period
from lawreport_data.store import hazard_writes
from tests.hazard_data import FEBRUARY, as_records

pytestmark = pytest.mark.store
ROOT = Path(__file__).resolve().parent.parent


def send(engine, frame):
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
        hazard_writes.apply_hazards(s, as_records(frame), batch_id=batch, user="analyst")


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        # the city: 6 hazards found in 2022 (5 一般, 1 重大) against the report's 7481, 7439 and 42
        (None, [("hazards_found", "320700", "2022", 7481, 6, -7475), ("general_hazards", "320700", "2022", 7439, 5, -7434),
                ("major_hazards", "320700", "2022", 42, 1, -41)]),
        # 灌云县 has no official figure of its own: nothing to reconcile
        ("灌云县", []),
    ],
)  # fmt: skip
def test_the_reports_hazard_figures_are_reconciled_with_the_ledger(report_engine, region, expected):
    send(report_engine, FEBRUARY)
    rows = api.hazard_reconcile(report_engine, Period.year_of(2022), region)
    keys = ("indicator", "region", "period", "official", "ledger", "difference")
    assert [tuple(r[k] for k in keys) for r in rows] == expected


def test_without_a_hazard_ledger_nothing_is_reconciled(report_engine):
    assert api.hazard_reconcile(report_engine, Period.year_of(2022)) == []


def test_the_cli_lists_the_hazard_ledgers_differences_beside_the_accident_ledgers(report_engine, db_url):
    send(report_engine, FEBRUARY)
    env = {**os.environ, "LAWREPORT_DB_URL": db_url}
    p = subprocess.run(
        [sys.executable, "-m", "lawreport_data", "reconcile", "--period", "2022", "--format", "json"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    got = {(r["indicator"], r["official"], r["ledger"]) for r in json.loads(p.stdout)}
    assert {("hazards_found", 7481, 6), ("general_hazards", 7439, 5), ("major_hazards", 42, 1)} <= got
