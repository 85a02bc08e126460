"""Importing county files of every kind: what is stored, with what provenance, and what is refused."""

import codecs
import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

from lawreport_data import api, csv_io, importer, store
from lawreport_data.import_errors import ImportError_
from tests.workbooks import xlsx_of


def stored(engine, **filters) -> pd.DataFrame:
    with store.session_factory(engine)() as s:
        return store.load_observations(s, **filters).sort_values(store.KEY, ignore_index=True)


def value_of(engine, indicator, region, year, start, end):
    frame = stored(engine, indicators=[indicator], regions=[region], years=[year])
    row = frame[(frame["start"] == start) & (frame["end"] == end)]
    assert len(row) == 1, row
    return row.iloc[0]


LONG_CN = '地区,指标,期间,数值,备注\n灌云县,事故起数,2022年11月,3,快报\n灌南县,死亡人数,2022年1-11月,"1,414",\n东海县,隐患整改率,2022年,98.5%,\n'
LONG_EN = "Region,Indicator,Period,Value\n320723,accidents,2022-11,3\n灌南县,deaths,2022-01..2022-11,1414\n东海县,整改率,2022,98.5\n"


@pytest.mark.parametrize(
    ("data", "encoding", "note"),
    [
        (LONG_CN.encode("utf-8"), "utf-8", "快报"),
        (codecs.BOM_UTF8 + LONG_CN.encode("utf-8"), "utf-8-sig", "快报"),
        (LONG_CN.encode("gbk"), "gbk", "快报"),
        (LONG_CN.replace("快报", "快报€").encode("gb18030"), "gb18030", "快报€"),
        (LONG_EN.encode("utf-8"), "utf-8", None),
    ],
)
def test_imports_a_long_csv_in_any_encoding_with_values_and_provenance(report_engine, data, encoding, note):
    result = api.apply_import(report_engine, io.BytesIO(data), "灌云县11月.csv", user="analyst")
    assert (result.encoding, result.shape, result.rows, result.new) == (encoding, "long", 3, 3)
    accidents = value_of(report_engine, "accidents", "320723", 2022, 11, 11)
    deaths = value_of(report_engine, "deaths", "320724", 2022, 1, 11)
    rate = value_of(report_engine, "hazard_rectification_rate", "320722", 2022, 1, 12)
    assert (accidents["value"], deaths["value"], rate["value"]) == (3.0, 1414.0, 98.5)
    assert (accidents["origin"], accidents["batch_id"], accidents["source_row"]) == ("import", result.batch_id, 2)
    assert (deaths["source_row"], rate["source_row"]) == (3, 4)
    assert accidents["source"] == f"导入文件《灌云县11月.csv》（批次{result.batch_id}）"
    assert accidents["note"] == note


def test_imports_a_wide_xlsx_with_excel_dates_units_and_qualifiers(report_engine):
    data = xlsx_of(
        [
            ["灌云县2022年安全生产统计月报"],
            ["序号", "地区", "期间", "事故起数（起）", "死亡人数", "直接经济损失（万元）", "应急演练场次", "备注"],
            [1, "灌云县", dt.datetime(2022, 10, 1), 2, 1, "约35.5万元", "12场", ""],
            [2, "灌云县", "2022年11月", "３", "—", None, "30余", "快报数"],
            [3, "开发区", 202211 // 100, 0, 0, 0, "1,200多", ""],
        ],
        "Sheet1",
    )
    result = api.apply_import(report_engine, io.BytesIO(data), "月报.xlsx", user="analyst")
    assert (result.encoding, result.shape, result.rows) == ("xlsx", "wide", 3)
    assert result.new == 4 + 2 + 4
    oct_loss = value_of(report_engine, "direct_loss", "320723", 2022, 10, 10)
    assert (oct_loss["value"], oct_loss["qualifier"], oct_loss["source_row"]) == (35.5, "约", 3)
    nov = value_of(report_engine, "accidents", "320723", 2022, 11, 11)
    assert (nov["value"], nov["note"]) == (3.0, "快报数")
    drills = value_of(report_engine, "drills", "320723", 2022, 11, 11)
    assert (drills["value"], drills["qualifier"]) == (30.0, "余")
    zone = value_of(report_engine, "drills", "LYG-KFQ", 2022, 1, 12)
    assert (zone["value"], zone["qualifier"], zone["source_row"]) == (1200.0, "多", 5)
    with store.session_factory(report_engine)() as s:
        assert store.observation_count(s, synthetic=None) == len(stored(report_engine))
    missing = stored(report_engine, indicators=["deaths"], regions=["320723"], years=[2022])
    assert missing["start"].tolist() == [10]  # the "—" cell is "not reported", not a zero


def test_imports_a_long_xlsx_from_a_named_sheet(report_engine):
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    ws = wb.create_sheet("数据")
    ws.append(["地区", "指标", "期间", "数值"])
    ws.append(["灌南县", "执法检查企业数", "2022-11", 120])
    buffer = io.BytesIO()
    wb.save(buffer)
    result = api.apply_import(report_engine, io.BytesIO(buffer.getvalue()), "b.xlsx", "u", sheet="数据")
    assert result.new == 1
    assert value_of(report_engine, "enterprises_inspected", "320724", 2022, 11, 11)["value"] == 120.0


def test_a_city_correction_reaches_the_summary_with_its_source(report_engine):
    data = "地区,指标,期间,数值\n连云港市,事故起数,2022-01..2022-11,71\n".encode()
    result = api.apply_import(report_engine, io.BytesIO(data), "更正.csv", user="analyst")
    assert (result.new, result.changed) == (0, 1)
    from lawreport_data.periods import Period

    row = api.summary(report_engine, Period(2022, 1, 11)).set_index("indicator").loc["accidents"]
    assert row["value"] == 71
    assert row["batch_ids"] == [result.batch_id]
    assert any("更正.csv" in s for s in row["sources"])


BAD = (
    "地区,指标,期间,数值\n"
    "灌云县,事故起数,2022-11,3\n"  # 2: good
    "灌云,事故起数,2022-11,3\n"  # 3: unknown region
    "灌南县,事故数目,2022-11,3\n"  # 4: unknown indicator
    "东海县,事故起数,2022-13,3\n"  # 5: bad period
    "东海县,死亡人数,2022-11,三\n"  # 6: non-numeric
    "东海县,受伤人数,2022-11,-2\n"  # 7: negative count
    "东海县,隐患整改率,2022,101%\n"  # 8: percentage over 100
    "赣榆区,事故起数,2022-11,4\n"  # 9: duplicate key, different value (with 10)
    "赣榆区,事故起数,2022年11月,5\n"  # 10
    "海州区,事故起数,2022-11,4起\n"  # 11: good, with unit
    "海州区,死亡人数,2022-11,4家\n"  # 12: wrong unit
    "海州区,受伤人数,2022-11,\n"  # 13: missing value
)


def test_refuses_a_bad_file_whole_naming_every_bad_row_and_changes_nothing(report_engine):
    before = stored(report_engine)
    with pytest.raises(ImportError_) as info:
        api.apply_import(report_engine, io.BytesIO(BAD.encode("gbk")), "bad.csv", user="analyst")
    problems = info.value.problems
    assert info.value.kind == "problems"
    found = dict(zip(problems["row"], problems["kind"], strict=False))
    assert found == {
        3: "unknown_region",
        4: "unknown_indicator",
        5: "bad_period",
        6: "bad_value",
        7: "negative",
        8: "over_100",
        9: "conflict",
        10: "conflict",
        12: "bad_unit",
        13: "missing_value",
    }
    by_row = problems.set_index("row")
    assert by_row.loc[3, "column"] == "地区" and "灌云县" in by_row.loc[3, "hint"]
    assert "事故起数" in by_row.loc[4, "hint"]
    assert by_row.loc[5, "value"] == "2022-13"
    assert by_row.loc[9, "hint"] == "另见第10行"
    assert by_row.loc[12, "hint"] == "应为人"
    pd.testing.assert_frame_equal(before, stored(report_engine))
    assert api.import_history(report_engine).empty


def test_preview_shows_the_problems_and_the_changes(report_engine):
    bad = api.preview_import(report_engine, io.BytesIO(BAD.encode()), "bad.csv")
    assert not bad.ok and len(bad.parsed.problems) == 10
    table = importer.problems_table(bad.parsed.problems)
    assert list(table.columns) == ["行号", "列", "内容", "问题", "提示"]
    good = "地区,指标,期间,数值\n连云港市,事故起数,2022年1-11月,71\n连云港市,死亡人数,2022年1-11月,37\n灌云县,事故起数,2022-11,3\n"
    preview = api.preview_import(report_engine, io.BytesIO(good.encode()), "good.csv")
    assert preview.ok and preview.counts == {"new": 1, "changed": 1, "unchanged": 1}
    changes = importer.changes_table(preview.changes)
    assert changes.iloc[0].tolist()[:6] == ["修改", "连云港市", "事故起数", "2022年1-11月", "70", "71"]
    assert stored(report_engine, regions=["320723"]).empty  # a preview writes nothing


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (bytes(range(256)) * 10, "binary"),
        ("姓名,电话\n张三,123\n".encode(), "no_header"),
        ("地区,指标,数值\n灌云县,事故起数,3\n".encode(), "missing_columns"),
        ("地区,指标,期间,数值\n".encode(), "no_rows"),
        (b"PK\x03\x04not really a workbook", "binary"),
    ],
)
def test_refuses_a_file_that_is_not_a_table_in_one_sentence(report_engine, data, kind):
    before = stored(report_engine)
    with pytest.raises(ImportError_) as info:
        api.apply_import(report_engine, io.BytesIO(data), "x.csv", user="u")
    assert info.value.kind == kind
    assert info.value.zh.endswith("。") and "\n" not in info.value.en
    pd.testing.assert_frame_equal(before, stored(report_engine))


def test_refuses_a_file_over_the_size_limit(monkeypatch):
    monkeypatch.setattr(importer, "MAX_FILE_BYTES", 10)
    with pytest.raises(ImportError_) as info:
        importer.read_file(io.BytesIO(b"x" * 11), "big.csv")
    assert info.value.kind == "too_large"


def test_missing_columns_are_named():
    with pytest.raises(ImportError_) as info:
        importer.read_file(io.BytesIO("地区,指标,数值\n灌云县,事故起数,3\n".encode()), "x.csv")
    assert "期间" in info.value.zh


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022", (2022, 1, 12)),
        ("2022年", (2022, 1, 12)),
        ("2022-11", (2022, 11, 11)),
        ("2022/11", (2022, 11, 11)),
        ("2022年11月", (2022, 11, 11)),
        ("2022-01..2022-11", (2022, 1, 11)),
        ("2022年1-11月", (2022, 1, 11)),
        ("2022年1月-11月", (2022, 1, 11)),
        ("２０２２年１－１１月", (2022, 1, 11)),
        ("2022-11-01", (2022, 11, 11)),
        ("2022/11/30", (2022, 11, 11)),
        ("44866", (2022, 11, 11)),
        ("2022-13", None),
        ("2021-01..2022-11", None),
        ("2022年11-1月", None),
        ("去年", None),
        ("", None),
    ],
)
def test_reads_every_listed_period_form(text, expected):
    assert importer.parse_period(text) == expected


@pytest.mark.parametrize(
    ("text", "indicator", "value", "qualifier", "error"),
    [
        ("1,414", "hazards_found", 1414.0, "", ""),
        ("１，４１４", "hazards_found", 1414.0, "", ""),
        ("70起", "accidents", 70.0, "", ""),
        ("70 起", "accidents", 70.0, "", ""),
        ("95.5%", "hazard_rectification_rate", 95.5, "", ""),
        ("300余人", "drill_participants", 300.0, "余", ""),
        ("300多名", "drill_participants", 300.0, "多", ""),
        ("约3.5万元", "direct_loss", 3.5, "约", ""),
        ("约300余", "drills", None, "", "bad_value"),
        ("50%以上", "approval_time_cut", 50.0, "以上", ""),
        ("≥50%", "approval_time_cut", 50.0, "以上", ""),
        (">=50", "approval_time_cut", 50.0, "以上", ""),
        ("５０％以上", "approval_time_cut", 50.0, "以上", ""),
        ("10以下", "accidents", 10.0, "以下", ""),
        ("≤10起", "accidents", 10.0, "以下", ""),
        ("10起以下", "accidents", 10.0, "以下", ""),
        ("≥50%以上", "approval_time_cut", None, "", "bad_value"),
        ("约50以上", "approval_time_cut", None, "", "bad_value"),
        ("300余人以上", "drill_participants", None, "", "bad_value"),
        ("50以上%", "approval_time_cut", None, "", "bad_unit"),
        ("3.5万", "accidents", None, "", "bad_unit"),
        ("1,41", "accidents", None, "", "bad_value"),
        ("abc", "accidents", None, "", "bad_value"),
        ("nan", "accidents", None, "", "bad_value"),
        ("inf", "accidents", None, "", "bad_value"),
    ],
)
def test_reads_values_as_what_they_mean_and_nothing_else(text, indicator, value, qualifier, error):
    parsed = importer.parse_values(pd.Series([text]), pd.Series([indicator])).iloc[0]
    assert parsed["error"] == error
    if not error:
        assert (parsed["value"], parsed["qualifier"]) == (value, qualifier)


@pytest.mark.parametrize(("cell", "qualifier"), [("50%以上", "以上"), ("≥50%", "以上"), ("10%以下", "以下")])
def test_a_bound_a_file_writes_is_stored_and_shown_like_yu_and_yue(report_engine, cell, qualifier):
    data = f"地区,指标,期间,数值\n灌云县,审批时限压缩比例,2022,{cell}\n".encode()
    assert api.apply_import(report_engine, io.BytesIO(data), "t.csv", "u").new == 1
    with store.session_factory(report_engine)() as s:
        stored = store.load_observations(s, years=[2022])
    row = stored[(stored["indicator"] == "approval_time_cut") & (stored["region"] == "320723")].iloc[0]
    assert (row["value"], row["qualifier"]) == (float(cell.strip("≥%以上下")), qualifier)


def test_a_town_added_to_the_store_is_a_known_region(report_engine):
    with store.session_factory(report_engine).begin() as s:
        store.add_region(s, "320723100", "伊山镇", "town", "320723")
    data = "地区,指标,期间,数值\n伊山镇,事故起数,2022-11,1\n".encode()
    assert api.apply_import(report_engine, io.BytesIO(data), "t.csv", "u").new == 1


def test_templates_read_back_as_headers_of_both_shapes():
    for shape in ("long", "wide"):
        for data in (importer.template_csv(shape), importer.template_xlsx(shape)):
            with pytest.raises(ImportError_) as info:  # empty templates: every value missing or no rows
                parsed = importer.read_file(io.BytesIO(data), "t")
                raise ImportError_("problems", problems=parsed.problems, count=len(parsed.problems))
            assert info.value.kind in {"problems", "no_rows"}
            raw = importer.read_raw(io.BytesIO(data))
            assert importer.is_header(raw.header)


@pytest.mark.parametrize(("unit", "kind"), [("起", None), ("", None), ("家", "bad_unit")])
def test_a_unit_column_in_a_long_file_is_checked_against_the_indicator(unit, kind):
    data = f"序号,地区,指标,期间,数值,单位\n1,灌云县,事故起数,2022-11,3,{unit}\n".encode()
    parsed = importer.read_file(io.BytesIO(data), "u.csv")
    if kind is None:
        assert parsed.ok and parsed.observations["value"].tolist() == [3.0]
    else:
        assert parsed.problems["kind"].tolist() == [kind]


@pytest.mark.parametrize(
    "text",
    [
        LONG_CN,
        LONG_EN,
        # problems of every kind, each with its row and column
        "地区,指标,期间,数值\n火星县,事故起数,2022-11,3\n灌云县,事故,2022-11,3\n灌云县,事故起数,2022-13,3\n"
        "灌云县,死亡人数,2022-11,3起\n灌云县,受伤人数,2022-11,-1\n东海县,隐患整改率,2022,101%\n"
        "灌南县,事故起数,2022-11,3\n灌南县,事故起数,2022-11,4\n灌南县,死亡人数,2022-11,1\n灌南县,死亡人数,2022-11,1\n",
        # wide shape
        "地区,期间,事故起数（起）,死亡人数（人）\n灌云县,2022年10月,3,—\n灌南县,2022年10月,约2,1人\n",
    ],
)
def test_the_fast_reader_and_the_ragged_file_reader_give_the_same_result(text, monkeypatch):
    """pyarrow reads a rectangular file (categorical cells); pandas reads the others (text cells):
    the same observations and problems either way."""
    fast = importer.read_file(io.BytesIO(text.encode()), "a.csv")

    def not_rectangular(*args):
        raise csv_io._NotRectangular
        yield

    monkeypatch.setattr(csv_io, "_arrow_chunks", not_rectangular)
    slow = importer.read_file(io.BytesIO(text.encode()), "a.csv")
    pd.testing.assert_frame_equal(fast.observations, slow.observations)
    pd.testing.assert_frame_equal(fast.problems, slow.problems)
    assert fast.rows == slow.rows


@pytest.mark.parametrize("text", ["9" * 400, "1e400", "inf", "-inf", "nan", "1,000" + "0" * 400 + "起"])
def test_refuses_a_value_that_is_not_a_finite_number(text):
    parsed = importer.parse_values(pd.Series([text]), pd.Series(["accidents"]))
    assert parsed["error"].tolist() == ["bad_value"]
