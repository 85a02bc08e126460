"""`python -m lawreport_data import` with accident ledgers, run as a user runs it."""

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEADER = "事故编号,发生时间,地区,事故单位,行业领域,事故类别,死亡人数,受伤人数,事故等级"
ROWS = (
    "GY-1,2022-03-05 14:30,灌云县,甲公司,化工,中毒窒息,1,0,一般",
    "GY-2,2022/3/6,灌云县,乙公司,建筑施工,高处坠落,0,1,",
)


def ledger(*rows: str) -> bytes:
    return ("\n".join(["灌云县事故台账", HEADER, *rows]) + "\n").encode("gbk")


@pytest.fixture
def cli(db_url):
    """Run the CLI against a fresh database; returns (exit status, stdout, stderr)."""
    env = {**os.environ, "LAWREPORT_DB_URL": db_url}

    def run(*args):
        p = subprocess.run(
            [sys.executable, "-m", "lawreport_data", *args], cwd=ROOT, env=env, capture_output=True, text=True
        )
        return p.returncode, p.stdout, p.stderr

    run.env = env
    return run


@pytest.fixture
def write(tmp_path):
    def to(name: str, data: bytes) -> str:
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)

    return to


def test_a_ledger_imports_resends_and_retires_with_a_result_line_each(cli, write):
    path = write("灌云.csv", ledger(*ROWS))
    status, out, err = cli("import", "--dry-run", path)
    assert status == 0 and "accident ledger" in out and "records keyed by 事故编号" in out
    assert "would add 2, change 0, retire 0, leave 0 unchanged" in out
    status, out, err = cli("import", path)
    assert status == 0 and "imported as batch 1" in out, (out, err)
    assert "2 added, 0 changed, 0 unchanged, 0 retired" in out
    assert err == "", err  # stderr is a pipe here: no progress line
    assert "nothing to change (2 accident records" in cli("import", path)[1]
    follow_up = write("续报.csv", ledger(ROWS[0].replace(",1,0,", ",2,0,")))
    status, out, _ = cli("import", "--replace", follow_up)
    assert status == 0 and "0 added, 1 changed, 0 unchanged, 1 retired" in out
    history = cli("history")[1]
    assert "accidents" in history and "rows_retired" in history


@pytest.mark.parametrize(
    ("row", "line"),
    [
        ("GY-3,2022-03-07,灌云县,丙公司,工贸,机械伤害,3,0,一般", "row 4, column 事故等级: '一般': "),
        ("GY-3,2022-03-07,灌云县,丙公司,工贸,被门夹伤,0,0,", "row 4, column 事故类别: '被门夹伤': "),
        ("GY-3,2022-03-07,灌云县,丙公司,工贸,机械伤害,-1,0,", "row 4, column 死亡人数: '-1': negative count"),
    ],
)
def test_a_bad_ledger_exits_2_naming_row_and_column_in_plain_english(cli, write, row, line):
    path = write("bad.csv", ledger(ROWS[0], row))
    status, out, err = cli("import", path)
    assert status == 2 and out == ""
    assert f"{path}: refused: The file has 1 problem(s); nothing was imported." in err
    assert any(text.startswith(f"{path}: {line}") for text in err.splitlines())
    assert "Traceback" not in err
    assert cli("history")[1].strip() == "no imports yet"


@pytest.mark.parametrize(
    ("kind", "status", "text"),
    [("accidents", 0, "accident ledger"), ("aggregate", 2, "The header lacks required columns")],
)
def test_kind_forces_how_the_file_is_read(cli, write, kind, status, text):
    path = write("灌云.csv", ledger(*ROWS))
    code, out, err = cli("import", "--dry-run", "--kind", kind, path)
    assert code == status and text in out + err


def test_replace_is_refused_for_an_aggregate_table(cli, write):
    path = write("agg.csv", "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode())
    code, _, err = cli("import", "--replace", path)
    assert code == 2 and "--replace applies to ledgers only" in err


@pytest.mark.parametrize(
    ("period", "scope", "retired"),
    [
        ([], "from 2022-03-01 to 2022-04-30", ["GY-2"]),
        (["--period", "2022-01..2022-11"], "from 2022-01-01 to 2022-11-30", ["GY-2", "GY-4"]),
        (["--period", "2022-05"], "from 2022-05-01 to 2022-05-31", ["GY-4"]),
    ],
    ids=["file-months", "jan-nov", "may"],
)
def test_a_full_resend_retires_what_the_file_lacks_in_the_period_given(cli, write, period, scope, retired):
    """A county re-sending 1–11月 with no accident in May retires May's stored record too, with --period."""
    may = "GY-4,2022-05-10 09:00,灌云县,丁公司,工贸,机械伤害,1,0,一般"
    assert cli("import", write("first.csv", ledger(*ROWS, may)))[0] == 0
    april = "GY-5,2022-04-02 08:00,灌云县,戊公司,工贸,机械伤害,0,1,"
    path = write("resend.csv", ledger(ROWS[0], april))
    status, out, err = cli("import", "--dry-run", "--replace", *period, path)
    assert status == 0, err
    assert f"{path}: full re-send of 320723 {scope}" in out
    assert [line.split()[3] for line in out.splitlines() if "would retire" in line] == retired
    assert f"retire {len(retired)}, leave 1 unchanged" in out
    status, out, err = cli("import", "--replace", *period, path)
    assert status == 0 and f"1 added, 0 changed, 1 unchanged, {len(retired)} retired" in out, (out, err)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2022-01..2022-11"], "--period names the months of a full re-send: give it with --replace"),
        (["--replace", "--period", "2022-01..2022-11"], "--replace applies to ledgers only"),
        (["--replace", "--period", "2022-01..2023-11"], "a span must stay within one year"),
    ],
    ids=["without-replace", "aggregate", "two-years"],
)
def test_a_period_without_replace_or_for_an_aggregate_table_is_refused_plainly(cli, write, args, message):
    path = write("agg.csv", "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode())
    code, out, err = cli("import", *args, path)
    assert code == 2 and message in err and "Traceback" not in err
    assert cli("history")[1].strip() == "no imports yet"


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_a_progress_line_goes_to_stderr_only_in_a_terminal(cli, write, tty):
    path = write("灌云.csv", ledger(*ROWS))
    if tty:
        leader, follower = pty.openpty()
        stderr = follower
    else:
        stderr = subprocess.PIPE
    p = subprocess.Popen(
        [sys.executable, "-m", "lawreport_data", "import", path],
        cwd=ROOT,
        env=cli.env,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )
    out, err = p.communicate(timeout=120)
    if tty:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal is closed once the process is gone
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        err = b"".join(chunks)
    assert p.returncode == 0 and b"2 added" in out
    assert (b"reading" in err and b"writing" in err) is tty
    assert (err == b"") is not tty
