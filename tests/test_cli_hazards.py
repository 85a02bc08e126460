"""`python -m lawreport_data records hazards`, run as a user runs it, on a store holding the hazard
ledger of tests/hazard_data.py as sent in March (its figures worked out by hand in
tests/test_hazard_figures.py)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawreport_data import catalog, store
from lawreport_data.store import hazard_writes
from tests.hazard_data import FEBRUARY, JANUARY, as_records

pytestmark = pytest.mark.store
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli(empty_engine, db_url):
    """The CLI against a store holding January's ledger and its March re-send."""
    for sent in (JANUARY, FEBRUARY):
        with store.session_factory(empty_engine).begin() as s:
            batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
            hazard_writes.apply_hazards(s, as_records(sent), batch_id=batch, user="analyst")
    env = {**os.environ, "LAWREPORT_DB_URL": db_url}

    def run(*args):
        p = subprocess.run(
            [sys.executable, "-m", "lawreport_data", "records", "hazards", *args],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )  # fmt: skip
        return p.returncode, p.stdout, p.stderr

    return run


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # 1-2月 on 2-28: 一般 H1, H2, H4, H5, H6 (3 rectified), 重大 H3 (rectified); see test_hazard_figures
        (["--period", "2022-01..2022-02", "--as-of", "2022-02-28", "--by", "level"],
         [dict(group="general", found=5, rectified=3, rectification_rate=60.0, on_time_rate=33.3, overdue=0, open=2,
               mean_days_to_rectify=17.7),
          dict(group="major", found=1, rectified=1, rectification_rate=100.0, on_time_rate=None, overdue=0, open=0,
               mean_days_to_rectify=46.0)]),
        # the period's end is the default day; 1月's hazards by month
        (["--period", "2022-01", "--by", "month"],
         [dict(group="2022-01", found=5, rectified=1, rectification_rate=20.0, on_time_rate=50.0, overdue=1, open=4,
               mean_days_to_rectify=12.0)]),
        (["--period", "2022-01..2022-02", "--as-of", "2022-02-28", "--by", "region", "--region", "灌云县"],
         [dict(group="320723", found=3, rectified=3, rectification_rate=100.0, on_time_rate=33.3, overdue=0, open=0,
               mean_days_to_rectify=17.7)]),
    ],
)  # fmt: skip
def test_grouped_json_gives_each_groups_as_of_figures(cli, args, expected):
    status, out, err = cli(*args, "--format", "json")
    assert status == 0, err
    assert json.loads(out) == expected
    for row in expected:  # a rate keeps its decimal (60.0, not 60)
        assert f'"rectification_rate": {row["rectification_rate"]:.1f}' in out


def test_the_records_are_listed_with_their_state_on_the_day(cli):
    status, out, err = cli("--period", "2022-01..2022-02", "--as-of", "2022-02-11", "--format", "json")
    assert status == 0, err
    got = {r["record_no"]: (r["status"], r["rectified_on"]) for r in json.loads(out)}
    assert got == {
        "H1": ("已整改", "2022-01-15"),
        "H2": ("已整改", "2022-02-05"),
        "H3": ("整改中", "2022-02-27"),  # its completion is still to come on 2-11
        "H4": ("整改中", None),
        "H5": ("逾期", "2022-02-12"),  # due 2-10, done only 2-12
    }  # H6, found 2-15, did not exist yet
    assert {s for s, _ in got.values()} == set(catalog.HAZARD_STATUSES.values())


def test_the_table_names_the_day_and_an_unknown_region_is_refused_plainly(cli):
    status, out, _ = cli("--period", "2022-01", "--by", "supervision")
    assert status == 0 and out.startswith("as of 2022-01-31") and "市级" in out
    status, out, err = cli("--period", "2022-01", "--region", "火星县")
    assert status != 0 and "火星县" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["--period", "2022-01..2022-02", "--by", "region"], "灌云县"),
        (["--period", "2022-01..2022-02", "--as-of", "2022-02-28", "--by", "month", "--format", "json"], '"2022-02"'),
        (["--period", "2022", "--by", "level", "--region", "灌云县", "--format", "csv"], "general,3,3,100.0"),
    ],
    ids=lambda a: " ".join(a) if isinstance(a, list) else "",
)
def test_grouped_figures_are_given_without_loading_pandas(cli, db_url, args, shown):
    """Counted in the store and made figures of in plain Python: the command starts at once (no
    pandas, numpy, Arrow or Plotly), and gives what it gives with them (the tests above)."""
    from tests.test_cli_startup import HEAVY, PROBE

    env = {**os.environ, "LAWREPORT_DB_URL": db_url}
    p = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(HEAVY), "records", "hazards", *args],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert p.returncode == 0, p.stderr
    assert p.stdout == cli(*args)[1] and shown in p.stdout
    assert p.stderr.rsplit("LOADED:", 1)[1].strip() == ""
