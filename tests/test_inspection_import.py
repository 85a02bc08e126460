"""Importing an inspection ledger (检查记录) through the one import path (``api.preview_import`` /
``api.apply_import``), on SQLite and PostgreSQL: told by its header, a re-send correcting a count as
an audited change of the record, a full re-send that retires, undo, and bad files refused with row
and column named and nothing written."""

import datetime as dt
import io

import pytest
from sqlalchemy import select

from lawreport_data import api, store
from lawreport_data.models import AuditEvent, ImportBatch, InspectionChange, InspectionRecord
from tests.ledger_refusals import assert_forced_kind_refused_plainly, assert_refused_and_nothing_written

pytestmark = pytest.mark.store

HEADER = (
    "检查编号,检查日期,地区,企业名称,统一社会信用代码,行业领域,检查方式,发现隐患数,其中重大隐患数,责令限期整改指令书"
)


def ledger_csv(*rows: str, title: str = "连云港市2022年执法检查记录", encoding: str = "gbk") -> bytes:
    return ("\n".join([title, HEADER, *rows]) + "\n").encode(encoding)


J1 = "JC-1,2022-03-05,灌云县,甲化工有限公司,91350100M000100Y43,危险化学品,双随机,3,1,1"
J2 = "JC-2,2022/3/8,灌云县,乙机械有限公司,,工贸,日常检查,{hazards},0,"
J3 = "JC-3,2022年4月2日,东海县,甲化工有限公司,91350100M000100Y43,危险化学品,专项检查,2,0,1"
MARCH = ledger_csv(J1, J2.format(hazards="0"), J3)
CORRECTED = ledger_csv(J1, J2.format(hazards="2"), J3)  # JC-2's hazards found corrected


def send(engine, data: bytes, name: str = "检查记录.csv", **kw):
    return api.apply_import(engine, io.BytesIO(data), name, user="analyst", **kw)


def stored(engine) -> dict[str, tuple]:
    with store.session_factory(engine)() as s:
        r = InspectionRecord
        rows = s.execute(
            select(r.key, r.region, r.method, r.hazards, r.major_hazards, r.orders, r.inspected_on, r.retired)
        ).all()
    return {k: (region, method, h, m, o, on.date(), retired) for k, region, method, h, m, o, on, retired in rows}


def test_an_inspection_ledger_is_told_by_its_header_and_imported_as_an_inspection_batch(empty_engine):
    assert api.detect_kind(io.BytesIO(MARCH)) == "inspections"
    preview = api.preview_import(empty_engine, io.BytesIO(MARCH), "检查记录.csv")
    assert preview.kind == "inspections" and preview.ok and preview.parsed.encoding == "gbk"
    assert preview.counts == {"new": 3, "changed": 0, "unchanged": 0, "retired": 0}
    assert preview.key_label == "按“检查编号”识别记录"
    assert preview.table("new")[["行号", "记录标识", "地区", "检查方式", "检查日期"]].values.tolist()[2] == [
        5, "JC-3", "东海县", "专项检查", "2022-04-02"
    ]  # fmt: skip
    result = send(empty_engine, MARCH)
    assert (result.kind, result.shape, result.new, result.rows) == ("inspections", "inspections", 3, 3)
    assert stored(empty_engine) == {
        "JC-1": ("320723", "random", 3, 1, 1, dt.date(2022, 3, 5), False),
        "JC-2": ("320723", "routine", 0, 0, 0, dt.date(2022, 3, 8), False),
        "JC-3": ("320722", "special", 2, 0, 1, dt.date(2022, 4, 2), False),
    }
    with store.session_factory(empty_engine)() as s:
        assert s.get(ImportBatch, result.batch_id).shape == "inspections"
        audit = s.scalars(select(AuditEvent.detail).where(AuditEvent.batch_id == result.batch_id)).one()
    assert audit == "检查记录：新增3条、修改0条、移除0条记录（共3行）"
    assert send(empty_engine, MARCH).noop


def test_a_corrected_count_is_an_audited_change_of_the_record_and_undo_restores_it(empty_engine):
    send(empty_engine, MARCH)
    preview = api.preview_import(empty_engine, io.BytesIO(CORRECTED), "检查记录（更正）.csv")
    assert preview.counts == {"new": 0, "changed": 1, "unchanged": 2, "retired": 0}
    assert preview.table("changed")[["记录标识", "变更内容"]].values.tolist() == [["JC-2", "发现隐患数：0 → 2"]]
    result = send(empty_engine, CORRECTED)
    assert stored(empty_engine)["JC-2"][2] == 2
    with store.session_factory(empty_engine)() as s:
        rows = s.execute(
            select(InspectionChange.key, InspectionChange.fields, InspectionChange.old_hazards,
                   InspectionChange.new_hazards)
        ).all()  # fmt: skip
    assert [tuple(r) for r in rows] == [("JC-2", "hazards", 0, 2)]
    assert api.ledger_batch_counts(empty_engine, result.batch_id) == {"new": 0, "changed": 1, "retired": 0}
    api.undo_batch(empty_engine, result.batch_id, user="admin")
    assert stored(empty_engine)["JC-2"][2] == 0


def test_a_full_re_send_retires_the_inspections_of_its_months_that_it_lacks_and_undo_restores(empty_engine):
    send(empty_engine, MARCH)
    lacking = ledger_csv(J1, J3)  # no JC-2
    preview = api.preview_import(empty_engine, io.BytesIO(lacking), "t.csv", replace=True)
    assert preview.replace_scope == (["320722", "320723"], dt.date(2022, 3, 1), dt.date(2022, 4, 30))
    assert preview.table("retired")["记录标识"].tolist() == ["JC-2"]
    result = send(empty_engine, lacking, replace=True)
    assert (result.retired, result.unchanged) == (1, 2)
    assert stored(empty_engine)["JC-2"][-1] is True
    api.undo_batch(empty_engine, result.batch_id, user="admin")
    assert stored(empty_engine)["JC-2"][-1] is False


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("JC-9,2022-03-09,灌云县,丙公司,,工贸,夜查,1,0,", [(3, "检查方式", "夜查", "unknown_inspection_method")]),
        ("JC-9,2022-03-09,灌云县,丙公司,,工贸,双随机,1,2,", [(3, "其中重大隐患数", "2", "major_over_found")]),
        ("JC-9,2022-03-32,灌云县,丙公司,,工贸,双随机,1,0,", [(3, "检查日期", "2022-03-32", "bad_date")]),
        ("JC-9,2022-03-09,连云港市,丙公司,,工贸,双随机,1,0,", [(3, "地区", "连云港市", "inspection_region_not_local")]),
        ("JC-9,2022-03-09,灌云县,丙公司,,工贸,双随机,-1,0,", [(3, "发现隐患数", "-1", "negative_number")]),
    ],
)
def test_a_bad_inspection_file_is_refused_with_row_and_column_and_nothing_written(empty_engine, row, expected):
    send(empty_engine, MARCH)
    assert_refused_and_nothing_written(
        empty_engine, ledger_csv(row, J1), expected, record=InspectionRecord, change=InspectionChange, records=3
    )


def test_a_file_forced_to_be_an_inspection_ledger_without_its_header_is_refused_plainly(empty_engine):
    assert_forced_kind_refused_plainly(empty_engine, "inspections", "no_inspection_header", "检查方式")


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_inspection_templates_import_as_two_records(empty_engine, kind):
    data = api.ledger_template("inspections", kind)
    result = send(empty_engine, data, f"检查记录模板.{kind}")
    assert (result.kind, result.new) == ("inspections", 2)
