"""Reading an accident ledger (事故台账): what a county's file becomes, and every refusal named by
row and column. Pure: no database."""

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from lawreport_data import catalog, csv_io, importer
from lawreport_data.import_errors import ImportError_
from lawreport_data.ledgers import accidents
from lawreport_data.ledgers.accidents import RECORD_COLUMNS, read_accident_ledger
from tests.workbooks import xlsx_of

HEADER = "序号,事故编号,发生时间,地区,事故单位,统一社会信用代码,行业领域,事故类别,死亡人数,失踪人数,重伤人数,受伤人数,直接经济损失（万元）,事故等级,统计状态,核销原因,简要经过"
# one good row of HEADER's columns, by column name (tests change one cell)
GOOD = {
    "序号": "1",
    "事故编号": "GY-001",
    "发生时间": "2022-03-05 14:30",
    "地区": "灌云县",
    "事故单位": "甲公司",
    "统一社会信用代码": "91350100M000100Y43",
    "行业领域": "建筑业",
    "事故类别": "高处坠落",
    "死亡人数": "1",
    "失踪人数": "0",
    "重伤人数": "0",
    "受伤人数": "0",
    "直接经济损失（万元）": "120",
    "事故等级": "一般",
    "统计状态": "计入",
    "核销原因": "",
    "简要经过": "坠落",
}


def csv_of(*rows: dict, header: str = HEADER, title: str | None = None) -> bytes:
    names = header.split(",")
    lines = ([title] if title else []) + [header]
    lines += [",".join(row.get(n, "") for n in names) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def row(changes: dict | None = None, **more) -> dict:
    """GOOD with some cells changed (by column name)."""
    return {**GOOD, **(changes or {}), **more}


def read(data: bytes, **kwargs) -> accidents.ParsedLedger:
    return read_accident_ledger(io.BytesIO(data), "台账.csv", **kwargs)


def problems_of(parsed) -> list[tuple]:
    return list(parsed.problems[["row", "column", "kind"]].itertuples(index=False, name=None))


# --- files read correctly --------------------------------------------------------------

MIXED = (
    "灌云县2022年生产安全事故台账\n"
    + HEADER
    + "\n"
    + "1,GY-001,2022-03-05 14:30,灌云县,甲公司,91350100M000100Y43,化工,中毒和窒息,1,0,0,2,35.5,一般,计入,,进入储罐作业时中毒\n"
    + "2,GY-002,2022/3/6,灌南县,乙公司,,建筑施工,09,0,0,1,1,0,,,,\n"
    + "3,GY-003,2022.3.7 8:05,东海县,,,道路交通,车辆伤害,3,0,0,0,0,较大事故,计入,,\n"
    + "4,GY-004,2022年3月8日14时30分,开发区,丙公司,,工贸,机械伤害,0,0,0,0,2,,核销,经认定不属于生产安全事故,\n"
    + "5,GY-005,2022年3月9日 9时,连云区,,,消防,火灾,0,1,0,0,0,,,,\n"
)


def test_reads_a_gbk_ledger_with_a_title_row_mixed_dates_and_a_written_off_record():
    parsed = read(MIXED.encode("gbk"))
    assert parsed.ok, parsed.problems.to_dict("records")
    assert (parsed.encoding, parsed.header_row, parsed.rows_read, parsed.key_kind) == ("gbk", 2, 5, "record_no")
    r = parsed.records
    assert list(r.columns) == RECORD_COLUMNS
    assert r["occurred_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2022-03-05 14:30",
        "2022-03-06 00:00",
        "2022-03-07 08:05",
        "2022-03-08 14:30",
        "2022-03-09 09:00",
    ]
    assert r["region"].tolist() == ["320723", "320724", "320722", "LYG-KFQ", "320703"]
    assert r["sector"].tolist() == ["hazchem", "construction", "road", "industry_trade", "fire"]
    assert r["type"].tolist() == ["19", "09", "02", "03", "08"]
    assert r["grade"].tolist() == ["general", "general", "larger", "general", "general"]
    assert r["status"].tolist() == ["counted", "counted", "counted", "written_off", "counted"]
    assert r["write_off_reason"].tolist() == [None, None, None, "经认定不属于生产安全事故", None]
    assert r["key"].tolist() == ["GY-001", "GY-002", "GY-003", "GY-004", "GY-005"]
    assert r["source_row"].tolist() == [3, 4, 5, 6, 7]
    assert r["credit_code"].tolist() == ["91350100M000100Y43", None, None, None, None]
    assert r["unit"].tolist() == ["甲公司", "乙公司", "", "丙公司", ""]
    assert r[["deaths", "missing", "serious_injuries", "injuries"]].to_numpy().tolist()[4] == [0, 1, 0, 0]
    assert r["direct_loss"].tolist() == [35.5, 0.0, 0.0, 2.0, 0.0]
    assert r["summary"].tolist()[0] == "进入储罐作业时中毒"
    assert str(r["occurred_at"].dtype) == "datetime64[ns]"
    assert [str(r[c].dtype) for c in ("deaths", "direct_loss", "source_row")] == ["int64", "float64", "int64"]


def test_reads_an_xlsx_ledger_with_a_title_row_excel_datetimes_and_a_written_off_record():
    data = xlsx_of(
        [
            ["灌南县事故台账（2022年）"],
            HEADER.split(","),
            [1, "GN-1", dt.datetime(2022, 5, 1, 9, 45), "灌南县", "丁公司", None, "危险化学品", "容器爆炸", 0, 0, 2, 3, 1200, "较大", "计入"],
            [2, "GN-2", dt.datetime(2022, 5, 2), "灌南县", None, None, "渔业船舶", 6, 1, 1, 0, 0, None, None, "核销", "自然灾害"],
            [3, "GN-3", 44690.75, "320724", None, None, "水上交通", "淹溺", 0, 0, 0, 0, 0.5],
        ]
    )  # fmt: skip
    parsed = read_accident_ledger(io.BytesIO(data), "灌南.xlsx")
    assert parsed.ok, parsed.problems.to_dict("records")
    assert (parsed.encoding, parsed.header_row, parsed.rows_read) == ("xlsx", 2, 3)
    r = parsed.records
    assert r["occurred_at"].dt.strftime("%Y-%m-%d %H:%M").tolist() == [
        "2022-05-01 09:45",
        "2022-05-02 00:00",
        "2022-05-09 18:00",
    ]
    assert r["type"].tolist() == ["17", "06", "06"]
    assert r["grade"].tolist() == ["larger", "general", "general"]  # 1200万元 reaches 较大
    assert r["status"].tolist() == ["counted", "written_off", "counted"]
    assert r["deaths"].tolist() == [0, 1, 0] and r["missing"].tolist() == [0, 1, 0]
    assert r["source_row"].tolist() == [3, 4, 5]


def test_reads_english_headers_and_codes():
    data = (
        b"record_no,occurred_at,region,unit,credit_code,sector,industry,type,deaths,missing,serious_injuries,"
        b"injuries,direct_loss,grade,status,write_off_reason,summary\n"
        b"E1,2022-01-02 03:04,320723,ACME,91350100m000100y43,coal,B,01,0,0,1,2,3.5,general,counted,,fell\n"
    )
    parsed = read(data)
    assert parsed.ok, parsed.problems.to_dict("records")
    rec = parsed.records.iloc[0]
    assert (rec["key"], rec["sector"], rec["industry"], rec["type"], rec["credit_code"]) == (
        "E1",
        "coal",
        "B",
        "01",
        "91350100M000100Y43",
    )
    assert (int(rec["serious_injuries"]), int(rec["injuries"]), float(rec["direct_loss"])) == (1, 2, 3.5)


@pytest.mark.parametrize(
    ("column", "text", "field", "code"),
    [
        ("行业领域", "化工", "sector", "hazchem"),
        ("行业领域", "危化品", "sector", "hazchem"),
        ("行业领域", "建筑施工", "sector", "construction"),
        ("行业领域", "道路交通", "sector", "road"),
        ("行业领域", "水上交通", "sector", "water"),
        ("行业领域", "铁路交通", "sector", "rail"),
        ("行业领域", "非煤矿山", "sector", "metal_mine"),
        ("行业领域", "冶金", "sector", "industry_trade"),
        ("行业领域", "商贸", "sector", "industry_trade"),
        ("行业领域", "消防", "sector", "fire"),
        ("行业领域", "农机", "sector", "farm_machinery"),
        ("行业领域", "其他工矿商贸", "sector", "other_icm"),
        ("行业领域", " 民航 ", "sector", "aviation"),
        ("事故类别", "中毒窒息", "type", "19"),
        ("事故类别", "高空坠落", "type", "09"),
        ("事故类别", "9", "type", "09"),
        ("事故类别", "20", "type", "20"),
        ("地区", "经开区", "region", "LYG-KFQ"),
        ("地区", "320723", "region", "320723"),
    ],
)
def test_names_aliases_and_codes_map_to_the_catalog_codes(column, text, field, code):
    parsed = read(csv_of(row(**{column: text})))
    assert parsed.ok, parsed.problems.to_dict("records")
    assert parsed.records[field].tolist() == [code]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("C", "C"),
        ("c", "C"),
        ("制造业", "C"),
        ("26", "26"),
        ("C26", "26"),
        ("土木工程建筑业", "48"),
        ("5", "05"),
        ("", None),
    ],
)
def test_the_industry_is_a_gbt_4754_section_or_division(text, code):
    data = csv_of({**GOOD, "国民经济行业": text}, header=HEADER + ",国民经济行业")
    parsed = read(data)
    assert parsed.ok, parsed.problems.to_dict("records")
    assert parsed.records["industry"].tolist() == [code]


# --- refusals: each named by row and column, the row left out of the records -----------------


@pytest.mark.parametrize(
    ("changes", "column", "kind", "value", "hint"),
    [
        ({"死亡人数": "3"}, "事故等级", "grade_mismatch", "一般", "核定为较大"),
        ({"失踪人数": "10"}, "事故等级", "grade_mismatch", "一般", "死亡含失踪11人"),
        (
            {"统一社会信用代码": "91350100M000100Y42"},
            "统一社会信用代码",
            "bad_credit_code",
            "91350100M000100Y42",
            "校验码应为3",
        ),
        ({"统一社会信用代码": "9135010"}, "统一社会信用代码", "bad_credit_code", "9135010", "现为7位"),
        ({"事故类别": "车辆"}, "事故类别", "unknown_accident_type", "车辆", "车辆伤害"),
        ({"事故类别": "21"}, "事故类别", "unknown_accident_type", "21", ""),
        ({"行业领域": "建筑工地"}, "行业领域", "unknown_sector", "建筑工地", "建筑"),
        ({"死亡人数": "-1"}, "死亡人数", "negative_count", "-1", ""),
        ({"受伤人数": "1.5"}, "受伤人数", "bad_count", "1.5", ""),
        ({"失踪人数": "若干"}, "失踪人数", "bad_count", "若干", ""),
        ({"重伤人数": "3", "受伤人数": "2"}, "重伤人数", "serious_over_injuries", "3", "受伤人数为2"),
        ({"直接经济损失（万元）": "-5"}, "直接经济损失（万元）", "negative_loss", "-5", ""),
        ({"直接经济损失（万元）": "很多"}, "直接经济损失（万元）", "bad_loss", "很多", ""),
        ({"统计状态": "核销", "核销原因": ""}, "核销原因", "missing_write_off_reason", "", "核销原因"),
        ({"统计状态": "待定"}, "统计状态", "unknown_status", "待定", ""),
        ({"事故等级": "严重"}, "事故等级", "unknown_grade", "严重", ""),
        ({"发生时间": "2022-02-30"}, "发生时间", "bad_datetime", "2022-02-30", "2022年3月5日"),
        ({"发生时间": "三月五日"}, "发生时间", "bad_datetime", "三月五日", ""),
        ({"发生时间": "2022-03-05 25:00"}, "发生时间", "bad_datetime", "2022-03-05 25:00", ""),
        ({"发生时间": ""}, "发生时间", "required_empty", "", ""),
        ({"地区": "灌云"}, "地区", "unknown_region", "灌云", "灌云县"),
        ({"地区": "连云港市"}, "地区", "region_not_local", "连云港市", ""),
        ({"行业领域": "—"}, "行业领域", "required_empty", "", ""),
    ],
)
def test_a_bad_cell_is_refused_with_its_row_column_value_and_hint(changes, column, kind, value, hint):
    data = csv_of(row(事故编号="A1"), row(changes, 事故编号="A2"), title="灌云县事故台账")
    parsed = read(data)
    assert problems_of(parsed) == [(4, column, kind)]
    problem = parsed.problems.iloc[0]
    assert problem["value"] == value and hint in problem["hint"]
    assert problem["problem"] == catalog.IMPORT_PROBLEMS[kind][0] and problem["problem_en"]
    assert parsed.records["key"].tolist() == ["A1"]  # the good row only


def test_every_problem_of_a_file_is_listed_at_once():
    data = csv_of(row(事故类别="车辆"), row({"死亡人数": "-1"}, 事故编号="X"), row(地区="火星县", 事故编号="Y"))
    parsed = read(data)
    assert problems_of(parsed) == [
        (2, "事故类别", "unknown_accident_type"),
        (3, "死亡人数", "negative_count"),
        (4, "地区", "unknown_region"),
    ]
    assert parsed.records.empty


def test_a_missing_required_column_is_named_at_the_header_row():
    header = HEADER.replace(",事故类别", "")
    parsed = read(csv_of(row(), header=header, title="标题"))
    assert problems_of(parsed) == [(2, "事故类别", "missing_column")]
    assert "事故类型" in parsed.problems.iloc[0]["hint"]
    assert parsed.records.empty


def test_a_duplicate_key_names_both_rows():
    parsed = read(csv_of(row(事故编号="D1"), row(事故编号="D2"), row(事故编号="D1", 发生时间="2022-04-01")))
    assert problems_of(parsed) == [(2, "事故编号", "duplicate_record"), (4, "事故编号", "duplicate_record")]
    assert parsed.problems["hint"].tolist() == ["另见第4行", "另见第2行"]
    assert parsed.records["key"].tolist() == ["D2"]


def test_a_duplicate_composite_key_names_the_columns_it_is_made_of():
    header = HEADER.replace("事故编号,", "")
    parsed = read(csv_of(row(), row(发生时间="2022/3/5 14:30"), header=header))
    assert problems_of(parsed) == [
        (2, "发生时间、地区、事故单位", "duplicate_record"),
        (3, "发生时间、地区、事故单位", "duplicate_record"),
    ]
    assert parsed.problems["value"].tolist() == ["2022-03-05 14:30|320723|甲公司"] * 2


@pytest.mark.parametrize(
    ("extra", "cells", "problem"),
    [
        ("备注", ["", " "], None),  # an unknown column with only empty cells is ignored
        ("备注", ["", "已结案"], (3, "备注", "ledger_unknown_column")),
        ("", ["", ""], None),
    ],
)
def test_an_unknown_column_is_refused_only_when_it_holds_something(extra, cells, problem):
    header = HEADER + "," + extra + ",事故类别"  # a last known column keeps an empty header cell inside
    header = header.replace("事故类别,", "", 1)
    rows = [{**row(事故编号=f"U{i}"), extra: c} for i, c in enumerate(cells)]
    parsed = read(csv_of(*rows, header=header))
    assert problems_of(parsed) == ([problem] if problem else [])
    assert parsed.records["key"].tolist() == ["U0", "U1"]  # the column's problem is the file's, not a row's


def test_rows_with_only_a_serial_number_are_blank_rows():
    data = csv_of(row(), {"序号": "2"}, {"序号": "3"})
    parsed = read(data)
    assert parsed.ok and parsed.rows_read == 1


# --- keys, grades, money -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "numbers", "kind", "keys"),
    [
        (HEADER, ["K1", "K2"], "record_no", ["K1", "K2"]),
        (HEADER, ["K1", ""], "composite", ["2022-03-05 14:30|320723|甲公司", "2022-03-06 14:30|320723|甲公司"]),
        (
            HEADER.replace("事故编号,", ""),
            [None, None],
            "composite",
            ["2022-03-05 14:30|320723|甲公司", "2022-03-06 14:30|320723|甲公司"],
        ),
    ],
)
def test_the_key_is_the_record_number_only_when_every_row_has_one(header, numbers, kind, keys):
    rows = [row(事故编号=numbers[0] or ""), row(事故编号=numbers[1] or "", 发生时间="2022年3月6日14时30分")]
    parsed = read(csv_of(*rows, header=header))
    assert parsed.ok, parsed.problems.to_dict("records")
    assert parsed.key_kind == kind and parsed.records["key"].tolist() == keys
    assert parsed.records["record_no"].tolist() == [n or None for n in numbers]


@pytest.mark.parametrize(
    ("deaths", "missing", "serious", "loss", "grade"),
    [
        ("2", "0", "9", "999.99", "general"),
        ("2", "1", "0", "0", "larger"),  # the missing count as dead
        ("3", "0", "0", "0", "larger"),
        ("0", "0", "10", "0", "larger"),
        ("0", "0", "0", "1000", "larger"),
        ("9", "0", "49", "4999", "larger"),
        ("10", "0", "0", "0", "major"),
        ("0", "0", "50", "0", "major"),
        ("0", "0", "0", "5000", "major"),
        ("29", "0", "99", "9999", "major"),
        ("25", "5", "0", "0", "especially_major"),
        ("0", "0", "100", "0", "especially_major"),
        ("0", "0", "0", "10000", "especially_major"),
    ],
)
def test_the_grade_follows_article_3_at_every_bound(deaths, missing, serious, loss, grade):
    changes = {"死亡人数": deaths, "失踪人数": missing, "重伤人数": serious, "受伤人数": serious}
    changes |= {"直接经济损失（万元）": loss, "事故等级": catalog.ACCIDENT_GRADES[grade]}
    parsed = read(csv_of(row(changes)))
    assert parsed.ok, parsed.problems.to_dict("records")
    assert parsed.records["grade"].tolist() == [grade]


def test_a_loss_in_yuan_is_stored_in_wan_yuan():
    header = HEADER.replace("直接经济损失（万元）", "直接经济损失（元）")
    parsed = read(csv_of({**row(事故等级="较大"), "直接经济损失（元）": '"10,000,000"'}, header=header))
    assert parsed.ok, parsed.problems.to_dict("records")
    assert parsed.records["direct_loss"].tolist() == [1000.0]


def test_a_town_of_the_store_is_a_region():
    towns = pd.DataFrame({"code": ["320723100"], "name": ["伊山镇"]})
    data = csv_of(row(地区="伊山镇"))
    assert read(data).problems["kind"].tolist() == ["unknown_region"]
    parsed = read(data, regions=towns)
    assert parsed.ok and parsed.records["region"].tolist() == ["320723100"]


# --- the file as a whole -------------------------------------------------------------------


def test_a_ledger_header_is_told_from_an_aggregate_one():
    ledger = accidents.template_frames()["data"].columns.tolist()
    assert accidents.is_accident_header(ledger)
    for shape in ("long", "wide"):
        assert not accidents.is_accident_header(importer.template_frames()[shape].columns.tolist())


@pytest.mark.parametrize(
    ("data", "limit", "kind"),
    [
        (csv_of(row()), ("MAX_FILE_BYTES", 100), "too_large"),
        (csv_of(row(简要经过="长" * (csv_io.MAX_CELL_CHARS + 1))), None, "cell_too_long"),
        (b"", None, "empty"),
        ("标题\n地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode(), None, "no_header"),
    ],
)
def test_a_file_that_is_no_ledger_is_refused_whole_within_the_readers_bounds(data, limit, kind, monkeypatch):
    if limit:
        monkeypatch.setattr(importer, *limit)
    with pytest.raises(ImportError_) as info:
        read(data)
    assert info.value.kind == kind


def test_the_templates_read_back_without_problems():
    for data in (accidents.template_csv(), accidents.template_xlsx()):
        parsed = read(data)
        assert parsed.ok, parsed.problems.to_dict("records")
        assert parsed.rows_read == 2 and parsed.key_kind == "record_no"
        assert parsed.records["status"].tolist() == ["counted", "written_off"]
    book = openpyxl.load_workbook(io.BytesIO(accidents.template_xlsx()), read_only=True)
    assert book.sheetnames == list(catalog.ACCIDENT_TEMPLATE_SHEETS.values())
    codes = pd.read_excel(
        io.BytesIO(accidents.template_xlsx()), sheet_name=catalog.ACCIDENT_TEMPLATE_SHEETS["codes"], dtype=str
    )
    by_list = codes.groupby("代码表")["名称"].apply(list)
    assert by_list[catalog.ACCIDENT_CODE_LISTS["type"]] == list(catalog.ACCIDENT_TYPES.values())
    assert by_list[catalog.ACCIDENT_CODE_LISTS["sector"]] == list(catalog.ACCIDENT_SECTORS.values())
    assert "灌云县" in by_list[catalog.ACCIDENT_CODE_LISTS["region"]]


# --- the catalog the reader relies on ------------------------------------------------------


def test_the_catalog_codes_of_the_ledger_are_complete_and_consistent():
    assert list(catalog.ACCIDENT_TYPES) == [f"{i:02d}" for i in range(1, 21)]
    assert set(catalog.ACCIDENT_TYPE_ALIASES.values()) <= set(catalog.ACCIDENT_TYPES)
    assert set(catalog.ACCIDENT_SECTOR_ALIASES.values()) <= set(catalog.ACCIDENT_SECTORS)
    ((_, icm),) = catalog.ACCIDENT_SECTOR_GROUPS.values()
    assert list(icm) == list(catalog.ACCIDENT_SECTORS)[:7]
    spans = [range(int(a), int(b) + 1) for _, a, b in catalog.INDUSTRY_SECTIONS.values()]
    assert [d for span in spans for d in span] == list(range(1, 98))
    assert list(catalog.INDUSTRY_DIVISIONS) == [f"{i:02d}" for i in range(1, 98)]
    assert [g for g, *_ in catalog.ACCIDENT_GRADE_THRESHOLDS] == list(catalog.ACCIDENT_GRADES)[:0:-1]


# --- columns of texts that hardly repeat (read as strings, not categoricals) -------------

MESSY = [
    row(事故编号=" GY-001 ", 统一社会信用代码=" ９１350100m000100y43 "),
    row(事故编号="GY-002", 发生时间="2022-3-6 8:05", 事故单位=" 乙公司 ", 统一社会信用代码="91350100M000100Y42"),
    row(
        事故编号="GY-003", 发生时间="2022年3月7日14时30分", 事故单位="—", 统一社会信用代码="12345", 简要经过=" 留空格 "
    ),
    row(事故编号="GY-004", 发生时间="2022-02-30 10:00", 统一社会信用代码="9135010OM000100Y43"),
    row(事故编号="GY-005", 发生时间="2022-03-05 24:00", 统一社会信用代码="-", 简要经过="—"),
    row(事故编号="GY-006", 发生时间="2022-03-05 14:30:59", 统一社会信用代码="91350100M000100Y43"),
    row(事故编号="GY-007", 发生时间="44625.6041666667", 事故单位="", 统一社会信用代码="9135 0100M000100Y43"),
    row(事故编号="GY-008", 发生时间="2022-03-05", 统一社会信用代码="91350100M000100Y4３"),
]


@pytest.mark.parametrize(
    "rows",
    [
        MESSY,
        [row(事故编号="", **{k: v for k, v in r.items() if k != "事故编号"}) for r in MESSY],  # a composite key
        [row(事故编号=f"GY-{i}", 发生时间=f"2022-03-{i % 28 + 1:02d} 10:{i % 60:02d}") for i in range(40)],
    ],
)
def test_a_ledger_reads_the_same_whether_its_texts_arrive_as_strings_or_categoricals(rows, monkeypatch):
    strings = read(csv_of(*rows))
    monkeypatch.setattr(accidents, "PLAIN_SHARE", None)  # every column a categorical, as aggregate files
    categoricals = read(csv_of(*rows))
    pd.testing.assert_frame_equal(strings.records, categoricals.records)
    pd.testing.assert_frame_equal(strings.problems, categoricals.problems)
    for name in ("record_no", "unit", "credit_code", "summary"):
        assert [type(v) for v in strings.records[name]] == [type(v) for v in categoricals.records[name]]


@pytest.mark.parametrize(("share", "kinds"), [(0.5, ["str", "category"]), (None, ["category", "category"])])
def test_the_csv_reader_keeps_columns_of_distinct_texts_as_strings_only_when_asked(share, kinds):
    data = ("地区,编号\n" + "".join(f"灌云县,N{i}\n" for i in range(9))).encode()
    chunks = list(csv_io.read_csv(io.BytesIO(data), importer.is_header, chunk_rows=4, plain_share=share).chunks)
    assert [str(chunks[-1][i].dtype) for i in (1, 0)] == kinds
    assert [v for c in chunks for v in c[1].astype(object)] == [f"N{i}" for i in range(9)]
    assert [r for c in chunks for r in c["row"]] == list(range(2, 11))


def test_a_cell_over_excels_limit_in_a_string_column_is_refused_naming_its_row_and_column():
    cells = [f"N{i}" for i in range(5)] + ["长" * (csv_io.MAX_CELL_CHARS + 1)]
    data = ("地区,编号\n" + "".join(f"灌云县,{c}\n" for c in cells)).encode()
    table = csv_io.read_csv(io.BytesIO(data), importer.is_header, chunk_rows=4, plain_share=0.5)
    with pytest.raises(ImportError_) as refused:
        list(table.chunks)
    assert refused.value.kind == "cell_too_long"
    assert "row 7, column 2 " in refused.value.en


@pytest.mark.parametrize("when", ["0001-01-01 00:00", "1600-03-05", "2262-04-12 00:00", "9999-12-31 23:59"])
@pytest.mark.parametrize("numbers", [("GY-001", "GY-002"), ("", ""), ("", "GY-002")])
def test_a_date_outside_what_a_timestamp_holds_is_a_bad_date_not_another_date(when, numbers):
    parsed = read(csv_of(row(发生时间=when, 事故编号=numbers[0]), row(事故编号=numbers[1])))
    assert problems_of(parsed) == [(2, "发生时间", "bad_datetime")]


@pytest.mark.parametrize("when", ["昨天", "2022-02-30"])
def test_a_bad_date_in_a_ledger_keyed_by_time_region_and_unit_is_a_problem_of_its_row(when):
    """Some rows without a 事故编号: the key is 时间|地区|单位, and a row without a time has none."""
    parsed = read(csv_of(row(发生时间=when), row(事故编号="", 事故单位="乙公司")))
    assert problems_of(parsed) == [(2, "发生时间", "bad_datetime")]
    assert parsed.key_kind == "composite"
