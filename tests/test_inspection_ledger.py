"""Reading an inspection ledger (检查记录): what a county's file becomes, and every refusal named by row
and column. Pure: no database."""

import datetime as dt
import io

import openpyxl
import pytest

from lawreport_data import catalog
from lawreport_data.ledgers import hazards, inspections
from lawreport_data.ledgers.inspections import RECORD_COLUMNS, is_inspection_header, read_inspection_ledger
from tests.workbooks import xlsx_of

pytestmark = pytest.mark.unit

HEADER = (
    "序号,检查编号,检查日期,地区,企业名称,统一社会信用代码,行业领域,检查方式,发现隐患数,其中重大隐患数,"
    "责令限期整改指令书,现场处理措施决定书,整改复查意见书"
)
GOOD = {
    "序号": "1",
    "检查编号": "JC-001",
    "检查日期": "2022-03-05",
    "地区": "灌云县",
    "企业名称": "甲化工有限公司",
    "统一社会信用代码": "91350100M000100Y43",
    "行业领域": "化工",
    "检查方式": "双随机",
    "发现隐患数": "4",
    "其中重大隐患数": "1",
    "责令限期整改指令书": "1",
    "现场处理措施决定书": "0",
    "整改复查意见书": "1",
}


def row(**changes) -> dict:
    return {**GOOD, **changes}


def csv_of(*rows: dict, header: str = HEADER, title: str | None = "灌云县2022年执法检查记录", encoding="gbk") -> bytes:
    names = header.split(",")
    lines = ([title] if title else []) + [header] + [",".join(r.get(n, "") for n in names) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def read(data: bytes, name: str = "检查记录.csv"):
    return read_inspection_ledger(io.BytesIO(data), name)


def test_a_gbk_ledger_with_a_title_row_becomes_records_with_codes_days_and_counts():
    ledger = read(
        csv_of(
            row(),
            row(检查编号="JC-002", 检查日期="2022年3月6日", 检查方式="日常执法检查", 发现隐患数="2条", 其中重大隐患数="",
                责令限期整改指令书="", 现场处理措施决定书="", 整改复查意见书="", 统一社会信用代码="", 行业领域=""),
            row(检查编号="JC-003", 检查日期="2022/3/7 09:30", 检查方式="举报核查", 地区="灌南县"),
        )
    )  # fmt: skip
    assert ledger.ok, ledger.problems
    assert (ledger.encoding, ledger.header_row, ledger.key_kind) == ("gbk", 2, "record_no")
    assert list(ledger.records.columns) == RECORD_COLUMNS
    r = ledger.records.set_index("key")
    assert r.loc["JC-001", ["region", "sector", "method", "hazards", "major_hazards", "orders", "reviews"]].tolist() == [
        "320723", "hazchem", "random", 4, 1, 1, 1]  # fmt: skip
    assert r.loc["JC-002", ["method", "hazards", "major_hazards", "orders"]].tolist() == ["routine", 2, 0, 0]
    assert r.loc["JC-002", ["credit_code", "sector"]].isna().all()
    assert r.loc["JC-003", ["region", "method"]].tolist() == ["320724", "complaint"]
    assert [str(d) for d in r["inspected_on"]] == ["2022-03-05 00:00:00", "2022-03-06 00:00:00", "2022-03-07 00:00:00"]
    assert r["source_row"].tolist() == [3, 4, 5]


def test_english_headers_and_an_xlsx_with_date_cells_read_the_same():
    names = ["inspection_no", "inspected_on", "region", "company", "method", "hazards", "major_hazards"]
    values = ["JC-1", dt.datetime(2022, 3, 5), "灌云县", "甲化工有限公司", "专项检查", 3, 0]
    ledger = read(xlsx_of([["检查记录"], names, values]), "检查记录.xlsx")
    assert ledger.ok, ledger.problems
    got = ledger.records.iloc[0]
    assert (got["key"], str(got["inspected_on"].date()), got["method"], got["hazards"]) == (
        "JC-1", "2022-03-05", "special", 3)  # fmt: skip


def test_without_a_number_on_every_row_the_key_is_the_enterprise_and_day():
    ledger = read(csv_of(row(检查编号=""), row(检查编号="JC-9", 统一社会信用代码="", 检查日期="2022-03-08")))
    assert ledger.ok and ledger.key_kind == "composite"
    assert ledger.records["key"].tolist() == ["91350100M000100Y43|2022-03-05", "甲化工有限公司|2022-03-08"]


@pytest.mark.parametrize(
    ("changes", "column", "problem", "hint"),
    [
        (dict(检查日期="2022-02-30"), "检查日期", "bad_date", "例如 2022-03-05"),
        (dict(检查日期=""), "检查日期", "required_empty", ""),
        (dict(检查方式="夜查"), "检查方式", "unknown_inspection_method", ""),
        (dict(检查方式="双随机一公开检查"), "检查方式", "unknown_inspection_method", "双随机"),
        (dict(检查方式=""), "检查方式", "required_empty", ""),
        (dict(发现隐患数="3.5"), "发现隐患数", "bad_number", ""),
        (dict(发现隐患数="若干"), "发现隐患数", "bad_number", ""),
        (dict(其中重大隐患数="-1"), "其中重大隐患数", "negative_number", ""),
        (dict(其中重大隐患数="5"), "其中重大隐患数", "major_over_found", "发现隐患数为4"),
        (dict(责令限期整改指令书="一份"), "责令限期整改指令书", "bad_number", ""),
        (dict(统一社会信用代码="91350100M000100Y42"), "统一社会信用代码", "bad_credit_code", "校验码应为3"),
        (dict(地区="灌云"), "地区", "unknown_region", "灌云县"),
        (dict(地区="连云港市"), "地区", "inspection_region_not_local", "被检查企业所在"),
        (dict(行业领域="餐饮"), "行业领域", "unknown_sector", ""),
        (dict(企业名称=""), "企业名称", "required_empty", ""),
    ],
)
def test_a_bad_cell_is_refused_with_its_row_and_column_and_the_row_is_left_out(changes, column, problem, hint):
    ledger = read(csv_of(row(检查编号="JC-1"), {**row(检查编号="JC-2"), **changes}))
    assert not ledger.ok
    got = ledger.problems
    assert got[["row", "column", "problem"]].values.tolist() == [[4, column, catalog.IMPORT_PROBLEMS[problem][0]]]
    assert hint in got.loc[0, "hint"]
    assert ledger.records["key"].tolist() == ["JC-1"]


def test_the_same_enterprise_inspected_twice_on_one_day_without_numbers_is_refused_on_both_rows():
    ledger = read(csv_of(row(检查编号=""), row(检查编号="", 检查方式="专项检查")))
    assert ledger.problems[["row", "column", "problem"]].values.tolist() == [
        [3, "统一社会信用代码、企业名称、检查日期", catalog.IMPORT_PROBLEMS["duplicate_record"][0]],
        [4, "统一社会信用代码、企业名称、检查日期", catalog.IMPORT_PROBLEMS["duplicate_record"][0]],
    ]
    assert ledger.records.empty


@pytest.mark.parametrize("missing", ["检查方式", "检查日期"])
def test_a_missing_required_column_is_named(missing):
    header = HEADER.replace(f",{missing}", "")
    ledger = read(csv_of({k: v for k, v in GOOD.items() if k != missing}, header=header))
    assert ledger.problems[["column", "problem"]].values.tolist() == [
        [missing, catalog.IMPORT_PROBLEMS["missing_column"][0]]
    ]
    assert ledger.records.empty


@pytest.mark.parametrize(
    ("cells", "inspection", "hazard"),
    [
        (HEADER.split(","), True, False),
        (["inspection_no", "inspected_on", "region", "company", "method"], True, False),
        (["企业名称", "地区", "隐患级别", "隐患描述", "发现日期", "整改期限"], False, True),
        (["发生时间", "地区", "事故单位", "行业领域", "事故类别", "死亡人数"], False, False),
        (["地区", "期间", "执法检查企业数", "排查隐患数"], False, False),
    ],
)
def test_an_inspection_ledgers_header_is_told_from_the_other_tables(cells, inspection, hazard):
    assert is_inspection_header(cells) is inspection
    assert hazards.is_hazard_header(cells) is hazard


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_templates_read_back_as_valid_ledgers_with_their_example_rows(kind):
    data = inspections.template_csv() if kind == "csv" else inspections.template_xlsx()
    ledger = read(data, f"模板.{kind}")
    assert ledger.ok, ledger.problems
    assert ledger.records["key"].tolist() == [r["record_no"] for r in catalog.INSPECTION_TEMPLATE_ROWS]
    assert ledger.records["method"].tolist() == ["random", "routine"]
    if kind == "xlsx":
        sheets = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
        assert sheets == list(catalog.INSPECTION_TEMPLATE_SHEETS.values())
