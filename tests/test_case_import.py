"""Importing a penalty case ledger (行政处罚案件) through the one import path (``api.preview_import`` /
``api.apply_import``), on SQLite and PostgreSQL: told by its header, a re-send filling in 结案日期 as an
audited change of the case, a full re-send that retires, undo, and bad files refused with row and
column named and nothing written."""

import datetime as dt
import io

import pytest
from sqlalchemy import select

from lawreport_data import api, store
from lawreport_data.models import AuditEvent, CaseChange, CaseRecord
from tests.ledger_refusals import assert_forced_kind_refused_plainly, assert_refused_and_nothing_written

pytestmark = pytest.mark.store

HEADER = "案件编号,立案日期,结案日期,地区,当事人,案件来源,违法行为,处罚种类,罚款金额（元）,没收金额（元）,移送司法机关,移送日期"


def ledger_csv(*rows: str, title: str = "连云港市2022年行政处罚案件", encoding: str = "gbk") -> bytes:
    return ("\n".join([title, HEADER, *rows]) + "\n").encode(encoding)


A1 = "AJ-1,2022-03-05,{closed},灌云县,甲化工有限公司,双随机,未监测重大危险源,警告、罚款,30000,,否,"
A2 = "AJ-2,2022/3/20,,灌云县,张某,举报,无证经营,罚款；没收违法所得,5000,1200,是,2022-04-01"
A3 = "AJ-3,2022年4月2日,,东海县,乙公司,事故调查,未培训从业人员,责令停产停业,,,否,"
OPEN = ledger_csv(A1.format(closed=""), A2, A3)
CLOSED = ledger_csv(A1.format(closed="2022-05-10"), A2, A3)  # AJ-1 closed


def send(engine, data: bytes, name: str = "处罚案件.csv", **kw):
    return api.apply_import(engine, io.BytesIO(data), name, user="analyst", **kw)


def stored(engine) -> dict[str, tuple]:
    with store.session_factory(engine)() as s:
        r = CaseRecord
        rows = s.execute(
            select(
                r.key, r.region, r.source, r.penalties, r.fine, r.confiscation, r.transferred, r.closed_on, r.retired
            )
        ).all()
    return {k: (*rest[:-2], rest[-2] and rest[-2].date(), rest[-1]) for k, *rest in rows}


def test_a_case_ledger_is_told_by_its_header_and_imported_as_a_case_batch(empty_engine):
    assert api.detect_kind(io.BytesIO(OPEN)) == "cases"
    preview = api.preview_import(empty_engine, io.BytesIO(OPEN), "处罚案件.csv")
    assert preview.kind == "cases" and preview.ok and preview.parsed.encoding == "gbk"
    assert preview.counts == {"new": 3, "changed": 0, "unchanged": 0, "retired": 0}
    assert preview.key_label == "按“案件编号”识别记录"
    new = preview.table("new")
    assert new[["记录标识", "地区", "案件来源", "处罚种类", "移送司法机关"]].values.tolist()[1] == [
        "AJ-2", "灌云县", "举报", "罚款、没收违法所得", "是"
    ]  # fmt: skip
    result = send(empty_engine, OPEN)
    assert (result.kind, result.shape, result.new) == ("cases", "cases", 3)
    assert stored(empty_engine) == {
        "AJ-1": ("320723", "random", "warning,fine", 30000.0, 0.0, "no", None, False),
        "AJ-2": ("320723", "complaint", "fine,confiscation", 5000.0, 1200.0, "yes", None, False),
        "AJ-3": ("320722", "accident", "suspension", 0.0, 0.0, "no", None, False),
    }
    with store.session_factory(empty_engine)() as s:
        audit = s.scalars(select(AuditEvent.detail).where(AuditEvent.batch_id == result.batch_id)).one()
    assert audit == "行政处罚案件：新增3件、修改0件、移除0件（共3行）"


def test_closing_a_case_is_an_audited_change_and_undo_reopens_it(empty_engine):
    send(empty_engine, OPEN)
    preview = api.preview_import(empty_engine, io.BytesIO(CLOSED), "处罚案件（5月）.csv")
    assert preview.counts == {"new": 0, "changed": 1, "unchanged": 2, "retired": 0}
    assert preview.table("changed")[["记录标识", "变更内容"]].values.tolist() == [
        ["AJ-1", "结案日期：（空） → 2022-05-10"]
    ]
    result = send(empty_engine, CLOSED)
    assert stored(empty_engine)["AJ-1"][-2] == dt.date(2022, 5, 10)
    with store.session_factory(empty_engine)() as s:
        rows = s.execute(select(CaseChange.key, CaseChange.fields, CaseChange.old_closed_on)).all()
    assert [tuple(r) for r in rows] == [("AJ-1", "closed_on", None)]
    api.undo_batch(empty_engine, result.batch_id, user="admin")
    assert stored(empty_engine)["AJ-1"][-2] is None


def test_a_full_re_send_retires_the_cases_filed_in_its_months_that_it_lacks(empty_engine):
    send(empty_engine, OPEN)
    lacking = ledger_csv(A1.format(closed=""), A3)  # no AJ-2
    preview = api.preview_import(empty_engine, io.BytesIO(lacking), "t.csv", replace=True)
    assert preview.replace_scope == (["320722", "320723"], dt.date(2022, 3, 1), dt.date(2022, 4, 30))
    result = send(empty_engine, lacking, replace=True)
    assert (result.retired, result.unchanged) == (1, 2)
    assert stored(empty_engine)["AJ-2"][-1] is True
    api.undo_batch(empty_engine, result.batch_id, user="admin")
    assert stored(empty_engine)["AJ-2"][-1] is False


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("AJ-9,2022-03-09,,灌云县,丙公司,巡查,无证,罚款,100,,否,", [(3, "案件来源", "巡查", "unknown_case_source")]),
        ("AJ-9,2022-03-09,2022-03-01,灌云县,丙公司,举报,无证,罚款,100,,否,", [(3, "结案日期", "2022-03-01", "before_filing")]),
        ("AJ-9,2022-03-09,,灌云县,丙公司,举报,无证,警告,100,,否,", [(3, "罚款金额（元）", "100", "fine_without_kind")]),
        ("AJ-9,2022-03-09,,灌云县,丙公司,举报,无证,记过,,,否,", [(3, "处罚种类", "记过", "unknown_penalty_kind")]),
        ("AJ-9,2022-03-09,,灌云县,丙公司,举报,无证,罚款,100,,否,2022-03-10",
         [(3, "移送日期", "2022-03-10", "transfer_date_without_transfer")]),
    ],
)  # fmt: skip
def test_a_bad_case_file_is_refused_with_row_and_column_and_nothing_written(empty_engine, row, expected):
    send(empty_engine, OPEN)
    assert_refused_and_nothing_written(
        empty_engine, ledger_csv(row, A3), expected, record=CaseRecord, change=CaseChange, records=3
    )


def test_a_file_forced_to_be_a_case_ledger_without_its_header_is_refused_plainly(empty_engine):
    assert_forced_kind_refused_plainly(empty_engine, "cases", "no_case_header", "处罚种类")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_case_templates_import_as_two_cases(empty_engine, kind):
    result = send(empty_engine, api.ledger_template("cases", kind), f"行政处罚案件模板.{kind}")
    assert (result.kind, result.new) == ("cases", 2)
