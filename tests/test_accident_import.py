"""Importing an accident ledger (事故台账) through the one import path (``api.preview_import`` /
``api.apply_import``), on SQLite and PostgreSQL: the kind told by the header, a 续报, a full
re-send, refusals that write nothing, county analysts, progress."""

import datetime as dt
import io

import openpyxl
import pytest
from sqlalchemy import func, select

from lawreport_data import api, store
from lawreport_data.auth import Actor
from lawreport_data.models import AccidentChange, AccidentRecord, AuditEvent, ImportBatch
from lawreport_data.periods import Period

HEADER = (
    "事故编号,发生时间,地区,事故单位,统一社会信用代码,行业领域,事故类别,死亡人数,受伤人数,事故等级,统计状态,核销原因"
)


def ledger_csv(*rows: str, title: str | None = "灌云县2022年事故台账", encoding: str = "utf-8") -> bytes:
    lines = ([title] if title else []) + [HEADER, *rows]
    return ("\n".join(lines) + "\n").encode(encoding)


# Mixed date forms, a 核销 row, a 续报-able record (GY-1), two records in 灌云县 in March.
ROWS = (
    "GY-1,2022-03-05 14:30,灌云县,甲公司,91350100M000100Y43,化工,中毒窒息,1,0,一般,计入,",
    "GY-2,2022/3/6,灌云县,乙公司,,建筑施工,高处坠落,0,1,,,",
    "GY-3,2022年3月20日9时5分,灌云县,丙公司,,工贸,机械伤害,0,0,,核销,经认定不属于生产安全事故",
    "GN-1,2022.3.7 8:05,灌南县,,,道路交通,车辆伤害,0,2,,,",
)
AGGREGATE = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode()


def xlsx_ledger() -> bytes:
    wb = openpyxl.Workbook()
    sheet = wb.active
    sheet.append(["灌云县事故台账（2022年）"])
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "GY-1",
            dt.datetime(2022, 3, 5, 14, 30),
            "灌云县",
            "甲公司",
            "91350100M000100Y43",
            "化工",
            "中毒窒息",
            1,
            0,
            "一般",
            "计入",
        ]
    )
    sheet.append(["GY-2", "2022/3/6", "灌云县", "乙公司", None, "建筑施工", "09", 0, 1])
    sheet.append(
        [
            "GY-3",
            44640.376,
            "灌云县",
            "丙公司",
            None,
            "工贸",
            "机械伤害",
            0,
            0,
            None,
            "核销",
            "经认定不属于生产安全事故",
        ]
    )
    sheet.append(["GN-1", "2022年3月7日 8时5分", "灌南县", None, None, "道路交通", "车辆伤害", 0, 2])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()  # fmt: skip


def apply(engine, data: bytes, name: str = "台账.csv", **kwargs):
    return api.apply_import(engine, io.BytesIO(data), name, user="tester", **kwargs)


def preview(engine, data: bytes, name: str = "台账.csv", **kwargs):
    return api.preview_import(engine, io.BytesIO(data), name, **kwargs)


def counts(engine) -> dict:
    """Rows of every table an import writes (the refusal's audit line aside)."""
    with store.session_factory(engine)() as s:
        audit = s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action != "import_refused"))
        return {
            "records": s.scalar(select(func.count()).select_from(AccidentRecord)),
            "changes": s.scalar(select(func.count()).select_from(AccidentChange)),
            "batches": s.scalar(select(func.count()).select_from(ImportBatch)),
            "audit": audit,
        }


def records(engine) -> dict:
    """key → (deaths, status, retired) of every stored record."""
    with store.session_factory(engine)() as s:
        rows = s.execute(
            select(AccidentRecord.key, AccidentRecord.deaths, AccidentRecord.status, AccidentRecord.retired)
        )
        return {k: (d, st, r) for k, d, st, r in rows}


def audit_details(engine, action: str = "import") -> list[str]:
    return [e["detail"] for e in api.audit_rows(engine, action=action)]


@pytest.mark.parametrize(
    ("data", "name", "encoding"),
    [(ledger_csv(*ROWS, encoding="gbk"), "灌云.csv", "gbk"), (xlsx_ledger(), "灌云.xlsx", "xlsx")],
    ids=["gbk-csv", "xlsx"],
)
def test_a_ledger_with_a_title_row_mixed_dates_and_a_written_off_row_imports_as_one_batch(
    empty_engine, data, name, encoding
):
    seen = preview(empty_engine, data, name)
    assert seen.kind == "accidents" and seen.ok
    assert seen.counts == {"new": 4, "changed": 0, "unchanged": 0, "retired": 0}
    assert seen.parsed.key_kind == "record_no" and "事故编号" in seen.key_label
    result = apply(empty_engine, data, name)
    assert (result.kind, result.shape, result.encoding) == ("accidents", "accidents", encoding)
    assert (result.new, result.changed, result.retired, result.rows) == (4, 0, 0, 4)
    stored = records(empty_engine)
    assert stored["GY-3"][1] == "written_off" and stored["GY-1"] == (1, "counted", False)
    history = api.history_rows(empty_engine)
    assert [(h["shape"], h["rows_new"], h["rows_total"]) for h in history] == [("accidents", 4, 4)]
    assert "新增4条" in audit_details(empty_engine)[0]


def test_an_identical_resend_writes_no_batch(empty_engine):
    data = ledger_csv(*ROWS)
    apply(empty_engine, data)
    before = counts(empty_engine)
    again = apply(empty_engine, data)
    assert again.noop and again.unchanged == 4
    assert counts(empty_engine) == before


def test_a_follow_up_report_is_one_audited_change_and_undo_restores_it(empty_engine):
    first = apply(empty_engine, ledger_csv(*ROWS))
    follow_up = ledger_csv(ROWS[0].replace(",1,0,一般", ",2,0,一般"), *ROWS[1:])
    seen = preview(empty_engine, follow_up)
    assert seen.counts == {"new": 0, "changed": 1, "unchanged": 3, "retired": 0}
    changed = seen.table("changed")
    assert changed["变更内容"].tolist() == ["死亡人数：1 → 2"] and changed["记录标识"].tolist() == ["GY-1"]
    result = apply(empty_engine, follow_up)
    assert (result.new, result.changed, result.unchanged) == (0, 1, 3)
    assert records(empty_engine)["GY-1"][0] == 2 and len(records(empty_engine)) == 4  # not a second accident
    history = {h["id"]: h for h in api.history_rows(empty_engine)}
    assert (history[result.batch_id]["shape"], history[result.batch_id]["rows_changed"]) == ("accidents", 1)
    assert "修改1条" in audit_details(empty_engine)[0]
    api.undo_batch(empty_engine, result.batch_id, user="tester")
    assert records(empty_engine)["GY-1"][0] == 1
    assert api.history_rows(empty_engine)[0]["status"] == "undone" and first.batch_id != result.batch_id


def test_a_full_resend_retires_the_missing_record_of_its_regions_and_months_listed_audited_and_undoable(
    empty_engine,
):
    apply(empty_engine, ledger_csv(*ROWS))
    resend = ledger_csv(ROWS[0], ROWS[2])  # 灌云县, March: GY-2 is missing; GN-1 (灌南县) is out of scope
    plain = preview(empty_engine, resend)
    assert plain.counts["retired"] == 0 and plain.replace_scope is None
    seen = preview(empty_engine, resend, replace=True)
    assert seen.counts == {"new": 0, "changed": 0, "unchanged": 2, "retired": 1}
    assert seen.replace_scope == (["320723"], dt.date(2022, 3, 1), dt.date(2022, 3, 31))
    assert seen.table("retired")["记录标识"].tolist() == ["GY-2"]
    assert "灌云县" in seen.scope_text and "2022年3月" in seen.scope_text
    result = apply(empty_engine, resend, replace=True)
    assert (result.retired, result.unchanged, result.new) == (1, 2, 0)
    stored = records(empty_engine)
    assert stored["GY-2"][2] is True and stored["GN-1"][2] is False
    assert api.history_rows(empty_engine)[0]["rows_retired"] == 1
    assert "移除1条" in audit_details(empty_engine)[0] and "全量重报范围：灌云县" in audit_details(empty_engine)[0]
    api.undo_batch(empty_engine, result.batch_id, user="tester")
    assert records(empty_engine)["GY-2"][2] is False


def test_an_explicit_replace_period_bounds_what_a_full_resend_retires(empty_engine):
    april = "GY-9,2022-04-02 10:00,灌云县,丁公司,,工贸,物体打击,0,1,,,"
    apply(empty_engine, ledger_csv(*ROWS, april))
    resend = ledger_csv(ROWS[0])
    by_file = preview(empty_engine, resend, replace=True)  # March only: GY-2 and GY-3 go, April stays
    assert sorted(by_file.table("retired")["记录标识"]) == ["GY-2", "GY-3"]
    whole = preview(empty_engine, resend, replace=True, replace_period=Period(2022, 1, 12))
    assert sorted(whole.table("retired")["记录标识"]) == ["GY-2", "GY-3", "GY-9"]


@pytest.mark.parametrize(
    ("bad_row", "column", "kind"),
    [
        ("GY-5,2022-03-08 10:00,灌云县,戊公司,,工贸,机械伤害,3,0,一般,,", "事故等级", "grade_mismatch"),
        ("GY-5,2022-03-08 10:00,灌云县,戊公司,91350100M000100Y42,工贸,机械伤害,0,0,,,", "统一社会信用代码", "bad_credit_code"),
        ("GY-5,2022-03-08 10:00,灌云县,戊公司,,工贸,被门夹伤,0,0,,,", "事故类别", "unknown_accident_type"),
        ("GY-5,2022-03-08 10:00,灌云县,戊公司,,工贸,机械伤害,0,-1,,,", "受伤人数", "negative_count"),
    ],
    ids=["grade-mismatch", "credit-code", "accident-type", "negative-count"],
)  # fmt: skip
def test_a_bad_row_refuses_the_whole_ledger_naming_row_and_column_and_writes_nothing(
    empty_engine, bad_row, column, kind
):
    apply(empty_engine, ledger_csv(*ROWS))
    before = counts(empty_engine)
    data = ledger_csv(ROWS[0].replace(",1,0,一般", ",2,0,一般"), bad_row)  # a good change beside the bad row
    seen = preview(empty_engine, data)
    assert not seen.ok
    with pytest.raises(api.ImportError_) as refused:
        apply(empty_engine, data)
    assert refused.value.kind == "problems"
    problems = refused.value.problems
    assert problems[["row", "column", "kind"]].values.tolist() == [[4, column, kind]]
    assert counts(empty_engine) == before
    assert records(empty_engine)["GY-1"][0] == 1
    assert api.audit_rows(empty_engine, action="import_refused")


def test_a_county_analyst_may_import_only_their_regions_records(empty_engine):
    analyst = Actor("guanyun", "county", "320723")
    with pytest.raises(api.ImportError_) as refused:
        api.apply_import(empty_engine, io.BytesIO(ledger_csv(*ROWS)), "台账.csv", actor=analyst)
    problems = refused.value.problems
    assert problems[["row", "column", "kind"]].values.tolist() == [[6, "地区", "outside_region"]]
    assert counts(empty_engine)["records"] == 0
    result = api.apply_import(empty_engine, io.BytesIO(ledger_csv(*ROWS[:3])), "台账.csv", actor=analyst)
    assert result.new == 3
    assert api.audit_rows(empty_engine, action="import")[0]["region_code"] == "320723"


@pytest.mark.parametrize(
    ("data", "kind", "expected"),
    [
        (ledger_csv(*ROWS), None, "accidents"),
        (AGGREGATE, None, "aggregate"),
        (ledger_csv(*ROWS), "accidents", "accidents"),
        (AGGREGATE, "aggregate", "aggregate"),
        (ledger_csv(*ROWS), "aggregate", "missing_columns"),
        (AGGREGATE, "accidents", "no_ledger_header"),
    ],
)
def test_the_kind_is_told_by_the_header_unless_forced(empty_engine, data, kind, expected):
    try:
        seen = preview(empty_engine, data, kind=kind)
    except api.ImportError_ as refusal:
        assert refusal.kind == expected
        return
    assert seen.kind == expected


def test_a_full_resend_of_an_aggregate_file_is_refused(empty_engine):
    with pytest.raises(api.ImportError_) as refused:
        apply(empty_engine, AGGREGATE, replace=True)
    assert refused.value.kind == "replace_aggregate" and counts(empty_engine)["batches"] == 0


@pytest.mark.parametrize("data", [ledger_csv(*ROWS), AGGREGATE], ids=["ledger", "aggregate"])
@pytest.mark.parametrize("action", ["preview", "apply"])
def test_progress_is_told_phase_by_phase_reading_checking_writing(empty_engine, data, action):
    calls = []
    (preview if action == "preview" else apply)(empty_engine, data, progress=lambda *c: calls.append(c))
    phases = [p for i, (p, _, _) in enumerate(calls) if i == 0 or calls[i - 1][0] != p]
    assert phases == (["reading", "checking"] if action == "preview" else ["reading", "checking", "writing"])
    last_reading = [c for c in calls if c[0] == "reading"][-1]
    assert last_reading[1] == last_reading[2] > 0  # the last reading call knows the total
    final = calls[-1]
    assert final[1] == final[2]  # every phase ends done
