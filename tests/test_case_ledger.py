"""Reading a penalty case ledger (行政处罚案件): what a county's file becomes, and every refusal named by
row and column. Pure: no database."""

import datetime as dt
import io

import openpyxl
import pytest

from lawreport_data import catalog
from lawreport_data.ledgers import cases, inspections
from lawreport_data.ledgers.cases import RECORD_COLUMNS, is_case_header, read_case_ledger
from tests.workbooks import xlsx_of

pytestmark = pytest.mark.unit

HEADER = (
    "序号,案件编号,立案日期,处罚决定日期,结案日期,地区,当事人,统一社会信用代码,行业领域,案件来源,违法行为,处罚种类,"
    "罚款金额（元）,没收金额（元）,移送司法机关,移送日期"
)
GOOD = {
    "序号": "1",
    "案件编号": "AJ-001",
    "立案日期": "2022-03-05",
    "处罚决定日期": "2022-04-01",
    "结案日期": "2022-05-10",
    "地区": "灌云县",
    "当事人": "甲化工有限公司",
    "统一社会信用代码": "91350100M000100Y43",
    "行业领域": "化工",
    "案件来源": "双随机",
    "违法行为": "未按规定监测重大危险源",
    "处罚种类": "警告、罚款",
    "罚款金额（元）": "30000",
    "没收金额（元）": "",
    "移送司法机关": "否",
    "移送日期": "",
}


def row(**changes) -> dict:
    return {**GOOD, **changes}


def csv_of(*rows: dict, header: str = HEADER, title: str | None = "灌云县2022年行政处罚案件", encoding="gbk") -> bytes:
    names = header.split(",")
    lines = ([title] if title else []) + [header] + [",".join(r.get(n, "") for n in names) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def read(data: bytes, name: str = "案件.csv"):
    return read_case_ledger(io.BytesIO(data), name)


def test_a_gbk_ledger_with_a_title_row_becomes_cases_with_codes_days_and_amounts():
    ledger = read(
        csv_of(
            row(),
            row(案件编号="AJ-002", 立案日期="2022年3月6日", 处罚决定日期="", 结案日期="", 案件来源="事故调查",
                处罚种类="罚款；没收违法所得；责令停产停业整顿", **{"罚款金额（元）": "1200000", "没收金额（元）": "5000元"},
                移送司法机关="是", 移送日期="2022/3/20", 统一社会信用代码="", 行业领域=""),
            row(案件编号="AJ-003", 当事人="张某", 案件来源="举报", 处罚种类="警告", 移送司法机关="",
                **{"罚款金额（元）": ""}),
        )
    )  # fmt: skip
    assert ledger.ok, ledger.problems
    assert (ledger.encoding, ledger.header_row, ledger.key_kind) == ("gbk", 2, "record_no")
    assert list(ledger.records.columns) == RECORD_COLUMNS
    r = ledger.records.set_index("key")
    assert r.loc["AJ-001", ["region", "sector", "source", "penalties", "fine", "transferred"]].tolist() == [
        "320723", "hazchem", "random", "warning,fine", 30000.0, "no"]  # fmt: skip
    assert r.loc["AJ-002", ["source", "penalties", "fine", "confiscation", "transferred"]].tolist() == [
        "accident", "fine,confiscation,suspension", 1_200_000.0, 5000.0, "yes"]  # fmt: skip
    assert str(r.loc["AJ-002", "transferred_on"].date()) == "2022-03-20"
    assert r.loc["AJ-002", ["decided_on", "closed_on"]].isna().all()
    assert r.loc["AJ-003", ["party", "source", "penalties", "fine", "transferred"]].tolist() == [
        "张某", "complaint", "warning", 0.0, "no"]  # fmt: skip
    assert r["source_row"].tolist() == [3, 4, 5]


def test_english_headers_and_an_xlsx_with_date_cells_read_the_same():
    names = ["case_no", "filed_on", "region", "party", "source", "violation", "penalties", "fine"]
    values = ["AJ-1", dt.datetime(2022, 3, 5), "灌云县", "甲化工有限公司", "日常检查", "无证经营", "罚款", 5000]
    ledger = read(xlsx_of([["行政处罚案件"], names, values]), "案件.xlsx")
    assert ledger.ok, ledger.problems
    got = ledger.records.iloc[0]
    assert (got["key"], str(got["filed_on"].date()), got["source"], got["penalties"], got["fine"]) == (
        "AJ-1", "2022-03-05", "routine", "fine", 5000.0)  # fmt: skip


@pytest.mark.parametrize(
    ("changes", "column", "problem", "hint"),
    [
        (dict(立案日期="2022-02-30"), "立案日期", "bad_date", "例如 2022-03-05"),
        (dict(立案日期=""), "立案日期", "required_empty", ""),
        (dict(结案日期="2022-03-01"), "结案日期", "before_filing", "立案日期为2022-03-05"),
        (dict(处罚决定日期="2022-03-04"), "处罚决定日期", "before_filing", "立案日期为2022-03-05"),
        (dict(案件来源="巡查"), "案件来源", "unknown_case_source", ""),
        (dict(处罚种类="警告、记过"), "处罚种类", "unknown_penalty_kind", "警告, 罚款"),
        (dict(处罚种类=""), "处罚种类", "required_empty", ""),
        (dict(处罚种类="警告"), "罚款金额（元）", "fine_without_kind", ""),
        ({"没收金额（元）": "800"}, "没收金额（元）", "confiscation_without_kind", ""),
        ({"罚款金额（元）": "-5"}, "罚款金额（元）", "negative_amount", ""),
        ({"罚款金额（元）": "三万"}, "罚款金额（元）", "bad_amount", ""),
        (dict(移送司法机关="待定"), "移送司法机关", "bad_yes_no", ""),
        (dict(移送日期="2022-06-01"), "移送日期", "transfer_date_without_transfer", ""),
        (dict(地区="连云港市"), "地区", "case_region_not_local", "案件所在"),
        (dict(统一社会信用代码="91350100M000100Y42"), "统一社会信用代码", "bad_credit_code", "校验码应为3"),
        (dict(当事人=""), "当事人", "required_empty", ""),
        (dict(违法行为=""), "违法行为", "required_empty", ""),
    ],
)
def test_a_bad_cell_is_refused_with_its_row_and_column_and_the_row_is_left_out(changes, column, problem, hint):
    ledger = read(csv_of(row(案件编号="AJ-1"), {**row(案件编号="AJ-2"), **changes}))
    assert not ledger.ok
    got = ledger.problems
    assert got[["row", "column", "problem"]].values.tolist() == [[4, column, catalog.IMPORT_PROBLEMS[problem][0]]]
    assert hint in got.loc[0, "hint"]
    assert ledger.records["key"].tolist() == ["AJ-1"]


def test_a_case_without_its_number_or_twice_is_refused():
    ledger = read(csv_of(row(), row(), row(案件编号="")))
    assert sorted(ledger.problems[["row", "column", "problem"]].values.tolist()) == [
        [3, "案件编号", catalog.IMPORT_PROBLEMS["duplicate_record"][0]],
        [4, "案件编号", catalog.IMPORT_PROBLEMS["duplicate_record"][0]],
        [5, "案件编号", catalog.IMPORT_PROBLEMS["required_empty"][0]],
    ]
    assert ledger.records.empty


@pytest.mark.parametrize(
    ("cells", "case", "inspection"),
    [
        (HEADER.split(","), True, False),
        (["case_no", "filed_on", "region", "party", "penalties"], True, False),
        (["检查日期", "地区", "企业名称", "检查方式", "发现隐患数"], False, True),
        (["发生时间", "地区", "事故单位", "行业领域", "事故类别", "死亡人数"], False, False),
        (["地区", "期间", "行政处罚案件数", "罚没款金额"], False, False),
    ],
)
def test_a_case_ledgers_header_is_told_from_the_other_tables(cells, case, inspection):
    assert is_case_header(cells) is case
    assert inspections.is_inspection_header(cells) is inspection


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_templates_read_back_as_valid_ledgers_with_their_example_rows(kind):
    data = cases.template_csv() if kind == "csv" else cases.template_xlsx()
    ledger = read(data, f"模板.{kind}")
    assert ledger.ok, ledger.problems
    assert ledger.records["key"].tolist() == [r["record_no"] for r in catalog.CASE_TEMPLATE_ROWS]
    assert ledger.records["transferred"].tolist() == ["no", "yes"]
    if kind == "xlsx":
        sheets = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
        assert sheets == list(catalog.CASE_TEMPLATE_SHEETS.values())
