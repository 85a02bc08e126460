"""Reading a hazard ledger (隐患台账): what a county's file becomes, and every refusal named by row and
column. Pure: no database."""

import io

import openpyxl
import pandas as pd
import pytest

from lawreport_data import catalog
from lawreport_data.ledgers import hazards
from lawreport_data.ledgers.hazards import RECORD_COLUMNS, is_hazard_header, read_hazard_ledger
from tests.workbooks import xlsx_of

pytestmark = pytest.mark.unit

HEADER = "序号,隐患编号,企业名称,统一社会信用代码,地区,行业领域,隐患级别,隐患来源,隐患描述,发现日期,整改期限,整改完成日期,验收日期,挂牌督办,整改资金（万元）"
GOOD = {
    "序号": "1",
    "隐患编号": "YH-001",
    "企业名称": "甲化工有限公司",
    "统一社会信用代码": "91350100M000100Y43",
    "地区": "灌云县",
    "行业领域": "化工",
    "隐患级别": "一般隐患",
    "隐患来源": "执法检查",
    "隐患描述": "安全出口堵塞",
    "发现日期": "2022-03-05",
    "整改期限": "2022-03-20",
    "整改完成日期": "2022-03-18",
    "验收日期": "2022-03-25",
    "挂牌督办": "无",
    "整改资金（万元）": "1.5",
}


def row(**changes) -> dict:
    return {**GOOD, **changes}


def csv_of(
    *rows: dict, header: str = HEADER, title: str | None = "灌云县2022年隐患排查治理台账", encoding="gbk"
) -> bytes:
    names = header.split(",")
    lines = ([title] if title else []) + [header] + [",".join(r.get(n, "") for n in names) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def read(data: bytes, name: str = "台账.csv"):
    return read_hazard_ledger(io.BytesIO(data), name)


def test_a_gbk_ledger_with_a_title_row_and_mixed_date_forms_becomes_records():
    ledger = read(
        csv_of(
            row(),
            row(隐患编号="YH-002", 隐患级别="重大事故隐患", 发现日期="2022年3月6日", 整改期限="2022/4/30",
                整改完成日期="", 验收日期="", 挂牌督办="市级", 隐患来源="群众举报", **{"整改资金（万元）": ""}),
            row(隐患编号="YH-003", 发现日期="2022.3.7", 整改期限="", 整改完成日期="2022-03-09 16:30", 验收日期="",
                统一社会信用代码="", 行业领域="", 隐患来源="", 挂牌督办=""),
        )
    )  # fmt: skip
    assert ledger.ok, ledger.problems
    assert (ledger.encoding, ledger.header_row, ledger.key_kind) == ("gbk", 2, "record_no")
    r = ledger.records.set_index("key")
    assert list(ledger.records.columns) == RECORD_COLUMNS
    assert r.loc["YH-001", ["region", "sector", "level", "source", "supervision", "funds"]].tolist() == [
        "320723", "hazchem", "general", "enforcement", "none", 1.5]  # fmt: skip
    assert r.loc["YH-002", ["level", "supervision", "source"]].tolist() == ["major", "city", "public_report"]
    assert [str(r.loc[k, "found_on"].date()) for k in r.index] == ["2022-03-05", "2022-03-06", "2022-03-07"]
    assert str(r.loc["YH-003", "rectified_on"]) == "2022-03-09 00:00:00"  # a time after the date is dropped
    assert pd.isna(r.loc["YH-002", "rectified_on"]) and pd.isna(r.loc["YH-002", "funds"])
    assert r.loc["YH-003", ["credit_code", "sector", "source", "supervision"]].isna().all()
    assert r["source_row"].tolist() == [3, 4, 5]


def test_an_xlsx_ledger_with_date_cells_reads_the_same():
    names = HEADER.split(",")
    values = [GOOD[n] for n in names]
    values[names.index("发现日期")] = pd.Timestamp("2022-03-05").to_pydatetime()
    data = xlsx_of([["灌云县隐患台账"], names, values])
    ledger = read(data, "台账.xlsx")
    assert ledger.ok, ledger.problems
    assert str(ledger.records.loc[0, "found_on"].date()) == "2022-03-05"


def test_without_a_number_on_every_row_the_key_is_the_enterprise_day_and_description():
    ledger = read(csv_of(row(隐患编号=""), row(隐患编号="YH-9", 统一社会信用代码="", 隐患描述="消防通道堵塞")))
    assert ledger.ok and ledger.key_kind == "composite"
    assert ledger.records["key"].tolist() == [
        "91350100M000100Y43|2022-03-05|安全出口堵塞",
        "甲化工有限公司|2022-03-05|消防通道堵塞",
    ]


@pytest.mark.parametrize(
    ("changes", "column", "problem", "hint"),
    [
        (dict(发现日期="2022-13-05"), "发现日期", "bad_date", "例如 2022-03-05"),
        (dict(发现日期=""), "发现日期", "required_empty", ""),
        (dict(隐患级别="较大"), "隐患级别", "unknown_hazard_level", ""),
        (dict(隐患级别=""), "隐患级别", "required_empty", ""),
        (dict(隐患级别="重大", 整改期限=""), "整改期限", "deadline_required", ""),
        (dict(整改期限="2022-03-01"), "整改期限", "before_discovery", "发现日期为2022-03-05"),
        (dict(整改完成日期="2022-03-04"), "整改完成日期", "before_discovery", "发现日期为2022-03-05"),
        (dict(验收日期="2022-03-10"), "验收日期", "accepted_before_rectified", "整改完成日期为2022-03-18"),
        (dict(整改完成日期="", 验收日期="2022-03-10"), "验收日期", "accepted_before_rectified", ""),
        (dict(统一社会信用代码="91350100M000100Y42"), "统一社会信用代码", "bad_credit_code", "校验码应为3"),
        (dict(地区="灌云"), "地区", "unknown_region", "灌云县"),
        (dict(地区="连云港市"), "地区", "hazard_region_not_local", ""),
        (dict(隐患来源="巡查"), "隐患来源", "unknown_hazard_source", ""),
        (dict(挂牌督办="国家级"), "挂牌督办", "unknown_supervision", ""),
        ({"整改资金（万元）": "-2"}, "整改资金（万元）", "negative_funds", ""),
        ({"整改资金（万元）": "若干"}, "整改资金（万元）", "bad_funds", ""),
        (dict(企业名称=""), "企业名称", "required_empty", ""),
        (dict(隐患描述=""), "隐患描述", "required_empty", ""),
    ],
)
def test_a_bad_cell_is_refused_with_its_row_and_column_and_the_row_is_left_out(changes, column, problem, hint):
    ledger = read(csv_of(row(隐患编号="YH-1"), {**row(隐患编号="YH-2"), **changes}))
    assert not ledger.ok
    got = ledger.problems
    assert got[["row", "column", "problem"]].values.tolist() == [[4, column, catalog.IMPORT_PROBLEMS[problem][0]]]
    assert hint in got.loc[0, "hint"]
    assert ledger.records["key"].tolist() == ["YH-1"]


def test_the_same_hazard_twice_is_refused_on_both_rows():
    ledger = read(csv_of(row(), row()))
    assert ledger.problems[["row", "problem"]].values.tolist() == [
        [3, catalog.IMPORT_PROBLEMS["duplicate_record"][0]],
        [4, catalog.IMPORT_PROBLEMS["duplicate_record"][0]],
    ]


def test_a_missing_required_column_is_named():
    header = HEADER.replace(",隐患级别", "")
    ledger = read(csv_of({k: v for k, v in GOOD.items() if k != "隐患级别"}, header=header))
    assert ledger.problems[["column", "problem"]].values.tolist() == [
        ["隐患级别", catalog.IMPORT_PROBLEMS["missing_column"][0]]
    ]
    assert ledger.records.empty


@pytest.mark.parametrize(
    ("cells", "expected"),
    [
        (HEADER.split(","), True),
        (["hazard_no", "company", "region", "level", "description", "found_on"], True),
        (["发生时间", "地区", "事故单位", "行业领域", "事故类别", "死亡人数"], False),
        (["地区", "期间", "排查隐患数", "一般隐患数", "重大隐患数"], False),
    ],
)
def test_a_hazard_ledgers_header_is_told_from_other_tables(cells, expected):
    assert is_hazard_header(cells) is expected


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_templates_read_back_as_valid_ledgers_with_their_example_rows(kind):
    data = hazards.template_csv() if kind == "csv" else hazards.template_xlsx()
    ledger = read(data, f"模板.{kind}")
    assert ledger.ok, ledger.problems
    assert ledger.records["key"].tolist() == [r["record_no"] for r in catalog.HAZARD_TEMPLATE_ROWS]
    assert ledger.records["level"].tolist() == ["major", "general"]
    if kind == "xlsx":
        sheets = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
        assert sheets == list(catalog.HAZARD_TEMPLATE_SHEETS.values())
