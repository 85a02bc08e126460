"""Reading Excel workbooks made with openpyxl as a county's 统计报表 would be."""

import datetime as dt
import io

import openpyxl
import pytest

from lawreport_data import xlsx_io
from lawreport_data.import_errors import ImportError_
from lawreport_data.importer import is_header


def workbook_bytes(sheets: dict[str, list[list]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(row=r, column=c, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_reads_the_first_sheet_with_dates_numbers_and_excel_row_numbers():
    data = workbook_bytes(
        {
            "报表": [
                ["灌云县安全生产统计月报"],
                ["地区", "期间", "事故起数", "隐患整改率"],
                ["灌云县", dt.datetime(2022, 11, 1), 3, 98.5],
                [None, None, None, None],
                ["灌南县", 2022, 2.0, "100%"],
            ],
            "其他": [["x"]],
        }
    )
    table = xlsx_io.read_xlsx(io.BytesIO(data), is_header)
    assert (table.encoding, table.header_row) == ("xlsx", 2)
    chunk = next(table.chunks)
    assert chunk["row"].tolist() == [3, 4, 5]
    assert chunk.iloc[0][:4].tolist() == ["灌云县", "2022-11-01", "3", "98.5"]
    assert chunk.iloc[2][:4].tolist() == ["灌南县", "2022", "2", "100%"]


def test_reads_a_named_sheet():
    data = workbook_bytes(
        {"说明": [["填表说明"]], "数据": [["地区", "指标", "期间", "数值"], ["东海县", "死亡人数", "2022-11", 1]]}
    )
    chunk = next(xlsx_io.read_xlsx(io.BytesIO(data), is_header, sheet="数据").chunks)
    assert chunk.iloc[0][:4].tolist() == ["东海县", "死亡人数", "2022-11", "1"]


def test_reads_cached_formula_values_not_formulas():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["地区", "期间", "事故起数"])
    ws.append(["灌云县", "2022-11", "=1+2"])
    buffer = io.BytesIO()
    wb.save(buffer)  # openpyxl stores no cached value: a workbook never opened in Excel reads as blank
    chunk = next(xlsx_io.read_xlsx(io.BytesIO(buffer.getvalue()), is_header).chunks)
    assert chunk.iloc[0][2] == ""


def test_refuses_an_unknown_sheet_naming_the_ones_there():
    data = workbook_bytes({"数据": [["地区", "指标", "期间", "数值"]]})
    with pytest.raises(ImportError_) as info:
        xlsx_io.read_xlsx(io.BytesIO(data), is_header, sheet="汇总")
    assert info.value.kind == "no_sheet" and "数据" in info.value.zh


@pytest.mark.parametrize("data", [b"PK\x03\x04broken zip", b"PK\x03\x04" + bytes(range(256)) * 4])
def test_refuses_a_broken_workbook(data):
    with pytest.raises(ImportError_) as info:
        xlsx_io.read_xlsx(io.BytesIO(data), is_header)
    assert info.value.kind == "binary"


def test_refuses_a_workbook_without_a_header():
    data = workbook_bytes({"Sheet": [["姓名", "年龄"], ["张三", 3]]})
    with pytest.raises(ImportError_) as info:
        xlsx_io.read_xlsx(io.BytesIO(data), is_header)
    assert info.value.kind == "no_header"
