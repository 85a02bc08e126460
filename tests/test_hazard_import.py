"""Importing a hazard ledger (隐患台账) through the one import path (``api.preview_import`` /
``api.apply_import``), on SQLite and PostgreSQL: told by its header, two monthly re-sends whose
completion dates move the as-of rates as computed by hand here, a completion date cleared (flagged,
allowed), an overdue major hazard under 市级挂牌督办, a full re-send, undo and the batch's list,
and bad files refused with row and column named and nothing written."""

import datetime as dt
import io

import pytest
from sqlalchemy import func, select

from lawreport_data import api, store
from lawreport_data.models import AuditEvent, HazardChange, HazardRecord, ImportBatch
from lawreport_data.periods import Period
from tests.ledger_refusals import assert_forced_kind_refused_plainly, assert_refused_and_nothing_written

pytestmark = pytest.mark.store

HEADER = (
    "隐患编号,企业名称,统一社会信用代码,地区,行业领域,隐患级别,隐患来源,隐患描述,发现日期,整改期限,整改完成日期,"
    "验收日期,挂牌督办,整改资金（万元）"
)


def ledger_csv(*rows: str, title: str = "连云港市隐患排查治理台账", encoding: str = "gbk") -> bytes:
    return ("\n".join([title, HEADER, *rows]) + "\n").encode(encoding)


# Sent at the start of February: January's hazards (dates written as counties write them).
H1 = "H1,甲化工有限公司,,灌云县,危险化学品,一般隐患,企业自查,消防通道堵塞,2022-01-03,2022-01-20,2022-01-15,,无,"
H2 = "H2,乙机械有限公司,,灌云县,工贸,一般,执法检查,防护罩缺失,2022/1/10,2022-01-25,{h2},,,"
H3 = "H3,丙化工有限公司,,东海县,危险化学品,重大事故隐患,执法检查,储罐区无防火堤,2022年1月12日,2022-02-28,{h3},,市级,35"
H4 = "H4,丁建筑有限公司,,东海县,建筑业,一般,企业自查,脚手架未验收,2022-01-20,,,,,"
H5 = "H5,戊公司,,灌云县,工贸,一般,第三方服务,配电箱无门,2022-01-28,2022-02-10,{h5},,,"
H6 = "H6,己公司,,东海县,工贸,一般,群众举报,堆放易燃物,2022-02-15,2022-03-15,,,,"
FEBRUARY = ledger_csv(H1, H2.format(h2=""), H3.format(h3=""), H4, H5.format(h5=""))
# The re-send of March: H2 (late), H3 (on time) and H5 (late) rectified; H6 found in February.
MARCH = ledger_csv(H1, H2.format(h2="2022-02-05"), H3.format(h3="2022-02-27"), H4, H5.format(h5="2022-02-12"), H6)
# The re-send of April: H5's completion date was wrong, and is taken back.
APRIL = ledger_csv(H1, H2.format(h2="2022-02-05"), H3.format(h3="2022-02-27"), H4, H5.format(h5=""), H6)

JANUARY, JAN_FEB = Period(2022, 1, 1), Period(2022, 1, 2)
RATES = ("found", "rectified", "rectification_rate", "major_rectification_rate", "on_time_rate", "overdue")


def send(engine, data: bytes, name: str = "隐患台账.csv", **kw):
    return api.apply_import(engine, io.BytesIO(data), name, user="analyst", **kw)


def rates(engine, period: Period, as_of: str) -> tuple:
    summary = api.hazard_summary(engine, period, as_of=dt.date.fromisoformat(as_of))
    return tuple(summary[k] for k in RATES) + (summary["mean_days_to_rectify"],)


def test_a_hazard_ledger_is_told_by_its_header_and_imported_as_a_hazard_batch(empty_engine):
    assert api.detect_kind(io.BytesIO(FEBRUARY)) == "hazards"
    preview = api.preview_import(empty_engine, io.BytesIO(FEBRUARY), "隐患台账.csv")
    assert preview.kind == "hazards" and preview.ok and preview.parsed.encoding == "gbk"
    assert preview.counts == {"new": 5, "changed": 0, "unchanged": 0, "retired": 0}
    assert preview.key_label == "按“隐患编号”识别记录"
    new = preview.table("new")
    assert new[["行号", "记录标识", "地区", "隐患级别", "发现日期", "挂牌督办"]].values.tolist()[2] == [
        5, "H3", "东海县", "重大", "2022-01-12", "市级"
    ]  # fmt: skip
    result = send(empty_engine, FEBRUARY)
    assert (result.kind, result.shape, result.new, result.rows) == ("hazards", "hazards", 5, 5)
    with store.session_factory(empty_engine)() as s:
        batch = s.get(ImportBatch, result.batch_id)
        assert (batch.shape, batch.rows_new) == ("hazards", 5)
        audit = s.scalars(select(AuditEvent.detail).where(AuditEvent.batch_id == result.batch_id)).one()
    assert audit == "隐患台账：新增5条、修改0条、移除0条记录（共5行）"
    again = send(empty_engine, FEBRUARY)
    assert again.noop and again.unchanged == 5


@pytest.mark.parametrize(
    ("sends", "period", "as_of", "expected"),
    [
        # February's file, as of 2-1: 5 found, H1 rectified (12 days, on time); due by then H1 and H2
        # (H2 overdue): 整改率 1/5, 重大 0/1, 按期 1/2.
        (1, JANUARY, "2022-02-01", (5, 1, 20.0, 0.0, 50.0, 1, 12.0)),
        # the same file read as of 3-1: H3 (重大, due 2-28) and H5 (due 2-10) are overdue too; 按期 1/4.
        (1, JANUARY, "2022-03-01", (5, 1, 20.0, 0.0, 25.0, 3, 12.0)),
        # March's re-send: H2 (26 days, late), H3 (46, on time), H5 (15, late) rectified, H6 found
        # 2-15: 6 found, 4 rectified; due H1 H2 H3 H5, on time H1 H3: 2/4; mean (12+26+46+15)/4 = 24.75.
        (2, JAN_FEB, "2022-03-01", (6, 4, 66.7, 100.0, 50.0, 0, 24.8)),
        # as of 2-1 the re-send changes nothing: its completion dates were still to come.
        (2, JANUARY, "2022-02-01", (5, 1, 20.0, 0.0, 50.0, 1, 12.0)),
        # April's re-send takes H5's completion back: 3 of 6 rectified, H5 overdue again, on time 2/4.
        (3, JAN_FEB, "2022-03-01", (6, 3, 50.0, 100.0, 50.0, 1, 28.0)),
    ],
)
def test_monthly_re_sends_update_the_as_of_rates_as_computed_by_hand(empty_engine, sends, period, as_of, expected):
    for data in (FEBRUARY, MARCH, APRIL)[:sends]:
        send(empty_engine, data)
    assert rates(empty_engine, period, as_of) == expected


def test_filling_in_completion_dates_is_an_audited_change_of_the_record_not_a_new_hazard(empty_engine):
    send(empty_engine, FEBRUARY)
    preview = api.preview_import(empty_engine, io.BytesIO(MARCH), "隐患台账（3月）.csv")
    assert preview.counts == {"new": 1, "changed": 3, "unchanged": 2, "retired": 0}
    assert preview.cleared == 0
    changed = preview.table("changed")
    assert changed[["记录标识", "变更内容", "清空的日期"]].values.tolist() == [
        ["H2", "整改完成日期：（空） → 2022-02-05", ""],
        ["H3", "整改完成日期：（空） → 2022-02-27", ""],
        ["H5", "整改完成日期：（空） → 2022-02-12", ""],
    ]
    result = send(empty_engine, MARCH, "隐患台账（3月）.csv")
    assert (result.new, result.changed, result.unchanged) == (1, 3, 2)
    with store.session_factory(empty_engine)() as s:
        assert s.scalar(select(func.count()).select_from(HazardRecord)) == 6
        rows = s.execute(
            select(HazardChange.key, HazardChange.fields, HazardChange.old_rectified_on, HazardChange.new_rectified_on)
            .order_by(HazardChange.key)
        ).all()  # fmt: skip
    assert [(k, f, o, n.date()) for k, f, o, n in rows] == [
        ("H2", "rectified_on", None, dt.date(2022, 2, 5)),
        ("H3", "rectified_on", None, dt.date(2022, 2, 27)),
        ("H5", "rectified_on", None, dt.date(2022, 2, 12)),
    ]
    listed = api.ledger_batch_changes(empty_engine, result.batch_id, "changed")
    assert listed[["记录标识", "企业名称", "变更内容"]].values.tolist()[1] == [
        "H3", "丙化工有限公司", "整改完成日期：（空） → 2022-02-27"
    ]  # fmt: skip
    assert api.ledger_batch_counts(empty_engine, result.batch_id) == {"new": 1, "changed": 3, "retired": 0}


def test_clearing_a_completion_date_is_allowed_and_flagged_in_the_preview(empty_engine):
    send(empty_engine, FEBRUARY)
    send(empty_engine, MARCH)
    preview = api.preview_import(empty_engine, io.BytesIO(APRIL), "隐患台账（4月）.csv")
    assert preview.counts["changed"] == 1 and preview.cleared == 1
    assert preview.table("changed")[["记录标识", "变更内容", "清空的日期"]].values.tolist() == [
        ["H5", "整改完成日期：2022-02-12 → （空）", "整改完成日期"]
    ]
    assert "清空的日期" not in preview.table("new")
    result = send(empty_engine, APRIL)
    assert result.changed == 1
    listed = api.hazard_list(empty_engine, JAN_FEB, as_of=dt.date(2022, 3, 1))
    assert listed.set_index("record_no").loc["H5", "status"] == "overdue"


def test_an_overdue_major_hazard_under_city_supervision_is_listed_as_such(empty_engine):
    send(empty_engine, FEBRUARY)
    by = api.hazard_breakdown(empty_engine, JANUARY, by="supervision", as_of=dt.date(2022, 3, 1))
    city = by.set_index("group").loc["city"]
    assert (city["found"], city["overdue"], city["open"]) == (1, 1, 1)
    listed = api.hazard_list(empty_engine, JANUARY, as_of=dt.date(2022, 3, 1)).set_index("record_no")
    assert listed.loc["H3", ["level", "supervision", "status"]].tolist() == ["major", "city", "overdue"]
    # a day earlier its deadline (2-28) has not passed: open, not overdue
    listed = api.hazard_list(empty_engine, JANUARY, as_of=dt.date(2022, 2, 28)).set_index("record_no")
    assert listed.loc["H3", "status"] == "open"


def test_a_full_re_send_retires_the_hazards_found_in_its_months_that_it_lacks_and_undo_restores(empty_engine):
    send(empty_engine, MARCH)
    lacking = ledger_csv(H1, H2.format(h2="2022-02-05"), H3.format(h3="2022-02-27"), H4, H6)  # no H5
    preview = api.preview_import(empty_engine, io.BytesIO(lacking), "t.csv", replace=True)
    assert preview.replace_scope == (["320722", "320723"], dt.date(2022, 1, 1), dt.date(2022, 2, 28))
    assert preview.file_period == JAN_FEB
    assert preview.table("retired")[["记录标识", "变更内容"]].values.tolist() == [["H5", "全量重报的文件中没有此记录"]]
    result = send(empty_engine, lacking, replace=True)
    assert (result.retired, result.unchanged) == (1, 5)
    assert rates(empty_engine, JAN_FEB, "2022-03-01")[:2] == (5, 3)
    api.undo_batch(empty_engine, result.batch_id, user="admin")
    assert rates(empty_engine, JAN_FEB, "2022-03-01")[:2] == (6, 4)


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "H9,甲公司,,灌云县,工贸,特大,企业自查,无,2022-01-05,2022-01-20,,,,",
            [(3, "隐患级别", "特大", "unknown_hazard_level")],
        ),
        (
            "H9,甲公司,,灌云县,工贸,一般,企业自查,无,2022-01-05,2022-01-20,2022-01-03,,,",
            [(3, "整改完成日期", "2022-01-03", "before_discovery")],
        ),
        (
            "H9,甲公司,,灌云县,工贸,一般,企业自查,无,2022-01-05,2022-01-04,,,,",
            [(3, "整改期限", "2022-01-04", "before_discovery")],
        ),
        (
            "H9,甲公司,,灌云县,工贸,一般,企业自查,无,2022-13-05,,,,,",
            [(3, "发现日期", "2022-13-05", "bad_date")],
        ),
        (
            "H9,甲公司,,灌云县,工贸,重大,企业自查,无,2022-01-05,,,,,",
            [(3, "整改期限", "", "deadline_required")],
        ),
    ],
)
def test_a_bad_hazard_file_is_refused_with_row_and_column_and_nothing_written(empty_engine, row, expected):
    send(empty_engine, FEBRUARY)
    assert_refused_and_nothing_written(
        empty_engine, ledger_csv(row, H1), expected, record=HazardRecord, change=HazardChange, records=5
    )


def test_a_file_forced_to_be_a_hazard_ledger_without_its_header_is_refused_plainly(empty_engine):
    assert_forced_kind_refused_plainly(empty_engine, "hazards", "no_hazard_header", "隐患级别")
