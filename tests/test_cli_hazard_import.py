"""`python -m lawreport_data import` with hazard ledgers, run as a user runs it: the result lines,
a completion date taken back named in the dry run, a bad file refused with row and column."""

import pytest

from tests.test_cli_accident_import import cli, write  # noqa: F401 (fixtures)
from tests.test_hazard_import import APRIL, FEBRUARY, MARCH, ledger_csv

pytestmark = pytest.mark.store


def test_a_hazard_ledger_imports_and_re_sends_with_a_result_line_each(cli, write):  # noqa: F811
    status, out, err = cli("import", "--dry-run", write("2月.csv", FEBRUARY))
    assert status == 0, err
    assert "hazard ledger, 5 rows, records keyed by 隐患编号" in out
    assert "would add 5, change 0, retire 0, leave 0 unchanged" in out
    status, out, err = cli("import", write("2月.csv", FEBRUARY))
    assert status == 0 and "imported as batch 1 (gbk, hazard ledger, 5 rows): 5 added, 0 changed" in out, err
    assert "nothing to change (5 hazard records already stored" in cli("import", write("2月.csv", FEBRUARY))[1]
    status, out, _ = cli("import", write("3月.csv", MARCH))
    assert status == 0 and "1 added, 3 changed, 2 unchanged, 0 retired" in out
    status, out, _ = cli("import", "--dry-run", write("4月.csv", APRIL))
    assert "would add 0, change 1, retire 0, leave 5 unchanged; 1 record(s) would clear a date that was set" in out
    status, out, _ = cli("import", "--dry-run", "--replace", write("4月.csv", APRIL))
    assert "full re-send of 320722, 320723 from 2022-01-01 to 2022-02-28" in out


def test_a_bad_hazard_file_is_refused_with_each_problem_named(cli, write):  # noqa: F811
    bad = ledger_csv("H9,甲公司,,灌云县,工贸,特大,企业自查,无,2022-01-05,2022-01-04,,,,")
    status, out, err = cli("import", write("bad.csv", bad))
    assert status == 2
    assert "row 3, column 隐患级别: '特大'" in err and "row 3, column 整改期限: '2022-01-04'" in err
    assert "nothing was imported" in err
    assert "bad.csv" not in cli("history")[1]
