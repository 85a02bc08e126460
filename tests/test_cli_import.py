"""`python -m lawreport_data import / history / undo`, run as a user runs them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli(db_url):
    """Run the CLI against a fresh database; returns (exit status, stdout, stderr)."""
    env = {**os.environ, "LAWREPORT_DB_URL": db_url}

    def run(*args, stdin: str = ""):
        p = subprocess.run(
            [sys.executable, "-m", "lawreport_data", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            input=stdin,
        )
        return p.returncode, p.stdout, p.stderr

    return run


@pytest.fixture
def files(tmp_path):
    """(good correction file, bad file, binary file) paths."""
    good = tmp_path / "更正.csv"
    good.write_bytes(
        "地区,指标,期间,数值\n连云港市,事故起数,2022年1-11月,71\n灌云县,事故起数,2022-11,3\n".encode("gbk")
    )
    bad = tmp_path / "bad.csv"
    bad.write_bytes("地区,指标,期间,数值\n灌云,事故起数,2022-13,x\n".encode())
    binary = tmp_path / "x.csv"
    binary.write_bytes(b"\x00\x01\x02\x03")
    return good, bad, binary


def test_dry_run_reports_what_would_change_and_writes_nothing(cli, files):
    good, _, _ = files
    status, out, _ = cli("import", "--dry-run", str(good))
    assert status == 0
    assert "gbk, long, 2 rows" in out and "would add 1, change 1, leave 0 unchanged" in out
    assert cli("history")[1].strip() == "no imports yet"


def test_import_history_and_undo(cli, files):
    good, _, _ = files
    assert cli("user", "add", "analyst", "--role", "admin", "--password-stdin", stdin="a-long-secret\n")[0] == 0
    status, out, _ = cli("import", "--user", "analyst", str(good))
    assert status == 0 and "imported as batch 1" in out and "1 added, 1 changed" in out
    assert "nothing to change" in cli("import", str(good))[1]
    history = cli("history")[1]
    assert "更正.csv" in history and "analyst" in history and "applied" in history
    status, out, _ = cli("undo", "1")
    assert status == 0 and "batch 1 undone" in out
    status, _, err = cli("undo", "1")
    assert status == 2 and "already undone" in err and "Traceback" not in err


def test_a_refused_file_exits_2_with_each_problem_on_a_line_with_row_and_column(cli, files):
    _, bad, binary = files
    status, _, err = cli("import", str(bad), str(binary))
    assert status == 2
    lines = err.strip().splitlines()
    assert f"{bad}: refused: The file has 3 problem(s); nothing was imported." in lines
    assert any(line.startswith(f"{bad}: row 2, column 地区: '灌云': unknown region") for line in lines)
    assert any(line.startswith(f"{bad}: row 2, column 期间: '2022-13': not a period") for line in lines)
    assert any(line.startswith(f"{bad}: row 2, column 数值: 'x': not a number") for line in lines)
    assert f"{binary}: refused: The file is not a CSV or Excel (xlsx) table." in lines
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        (
            ("标" * 150_000 + "\n地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n").encode(),
            "refused: The cell in row 1, column 1 is longer than 32767 characters (Excel's limit for a cell).",
        ),
        (
            ("地区,指标,期间,数值\n" + "灌云县,事故起数,2022-11,3\n" * 500 + "灌南县,事故起数,2022-11,\x00\n").encode(),
            "refused: Line 502 of the file holds a NUL byte, so it is not a plain text table; save it as CSV again.",
        ),
    ],
    ids=["450kb-title-line", "nul-after-8kb"],
)
def test_a_crafted_file_gets_one_line_of_english_not_a_traceback(cli, tmp_path, data, answer):
    crafted = tmp_path / "crafted.csv"
    crafted.write_bytes(data)
    status, out, err = cli("import", "--dry-run", str(crafted))
    assert (status, out, err) == (2, "", f"{crafted}: {answer}\n")
