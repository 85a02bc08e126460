"""Decoding and reading CSV files as counties send them."""

import codecs
import io

import pandas as pd
import pytest

from lawreport_data import csv_io
from lawreport_data.import_errors import ImportError_
from lawreport_data.importer import is_header

TEXT = '地区,指标,期间,数值\n灌云县,事故起数,2022年11月,3\n灌南县,死亡人数,2022年1-11月,"1,414"\n'


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gbk"),
        # 𠀀 (U+20000) and € exist in GB18030 but not in GBK
        (TEXT.replace("事故起数", "事故起数𠀀€").encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-16"), "utf-16"),
    ],
)
def test_detects_the_encoding_and_reads_the_same_cells(data, encoding):
    table = csv_io.read_csv(io.BytesIO(data), is_header)
    assert table.encoding == encoding
    assert table.header[:4] == ["地区", "指标", "期间", "数值"]
    rows = next(table.chunks)
    assert rows[0].tolist() == ["灌云县", "灌南县"]
    assert rows[3].tolist() == ["3", "1,414"]
    assert rows["row"].tolist() == [2, 3]


def test_finds_the_header_below_title_rows_and_keeps_excel_row_numbers():
    data = (
        "2022年灌云县安全生产统计表\n填报单位：灌云县应急管理局,,,\n地区,指标,期间,数值\n\n灌云县,事故起数,2022-11,3\n"
    )
    table = csv_io.read_csv(io.BytesIO(data.encode("gbk")), is_header)
    assert table.header_row == 3
    chunk = next(table.chunks)
    assert chunk["row"].tolist() == [4, 5]
    assert chunk.iloc[1][0] == "灌云县"


def test_reads_tab_separated_text():
    data = "地区\t期间\t事故起数\n灌云县\t2022-11\t3\n"
    table = csv_io.read_csv(io.BytesIO(data.encode()), is_header)
    assert next(table.chunks).iloc[0][:3].tolist() == ["灌云县", "2022-11", "3"]


def test_reads_in_chunks_with_continuing_row_numbers():
    data = "地区,指标,期间,数值\n" + "灌云县,事故起数,2022-11,3\n" * 5
    table = csv_io.read_csv(io.BytesIO(data.encode()), is_header, chunk_rows=2)
    assert [c["row"].tolist() for c in table.chunks] == [[2, 3], [4, 5], [6]]


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"", "empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "xls"),
        (b"\x00\x01\x02binary\x00", "binary"),
        (b"\xff\xff\xff\xff\x80\x80", "encoding"),
        ("名字,年龄\n张三,3\n".encode(), "no_header"),
        # Big5 bytes decode as GB18030 garbage: the header check refuses them
        ("地區,指標,期間,數值\n".encode("big5"), "no_header"),
    ],
)
def test_refuses_what_is_not_a_readable_table(data, kind):
    with pytest.raises(ImportError_) as info:
        table = csv_io.read_csv(io.BytesIO(data), is_header)
        list(table.chunks)
    assert info.value.kind == kind
    assert info.value.zh and info.value.en


def test_refuses_a_row_with_more_cells_than_the_header_naming_it():
    data = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n灌云县,事故起数,2022-10,3,4\n"
    table = csv_io.read_csv(io.BytesIO(data.encode()), is_header)
    with pytest.raises(ImportError_) as info:
        list(table.chunks)
    assert info.value.kind == "ragged"
    assert "Row 3" in info.value.en


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("地区,指标,期间,数值\n灌云县,事故起数,2022-11,3,4\n", 2),
        ("地区,指标,期间,数值\n灌云县,事故起数,2022-11,3,4,5,6\n", 2),
        ("地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n灌云县,事故起数,2022-10,3,,,9\n", 3),
    ],
)
def test_refuses_cells_beyond_the_header_wherever_they_are(text, row):
    table = csv_io.read_csv(io.BytesIO(text.encode()), is_header)
    with pytest.raises(ImportError_) as info:
        list(table.chunks)
    assert info.value.kind == "ragged"
    assert f"Row {row} " in info.value.en


def test_accepts_the_trailing_commas_excel_writes():
    text = "地区,指标,期间,数值,,\n灌云县,事故起数,2022-11,3,,\n"
    table = csv_io.read_csv(io.BytesIO(text.encode()), is_header)
    chunk = next(table.chunks)
    assert table.header == ["地区", "指标", "期间", "数值"]
    assert chunk.columns.tolist() == [0, 1, 2, 3, "row"]


@pytest.mark.parametrize(
    ("body", "rows", "values"),
    [
        # rectangular: pyarrow reads every chunk
        ("灌云县,事故起数,2022-01,1\n" * 5, [[2, 3], [4, 5], [6]], ["1"] * 5),
        # a short row in the third chunk: pandas takes over from the first row not yet handed over
        ("灌云县,事故起数,2022-01,1\n" * 4 + "灌云县,事故起数,2022-02\n", [[2, 3], [4, 5], [6]], ["1"] * 4 + [""]),
        # a blank line in the middle keeps its row number (it is skipped later by the importer)
        (
            "灌云县,事故起数,2022-01,1\n" * 3 + "\n" + "灌云县,事故起数,2022-01,2\n",
            [[2, 3], [4, 5], [6]],
            ["1"] * 3 + ["", "2"],
        ),
    ],
)
def test_reads_rectangular_and_ragged_files_with_the_same_cells_and_row_numbers(body, rows, values):
    data = ("地区,指标,期间,数值\n" + body).encode()
    chunks = list(csv_io.read_csv(io.BytesIO(data), is_header, chunk_rows=2).chunks)
    assert [c["row"].tolist() for c in chunks] == rows
    assert [v for c in chunks for v in c[3].astype(object).tolist()] == values


def test_a_rectangular_file_arrives_as_categorical_columns():
    data = ("地区,指标,期间,数值\n" + "灌云县,事故起数,2022-01,1\n灌南县,事故起数,2022-01,2\n" * 3).encode()
    chunk = next(csv_io.read_csv(io.BytesIO(data), is_header).chunks)
    assert all(isinstance(chunk[i].dtype, pd.CategoricalDtype) for i in range(4))
    assert set(chunk[0].cat.categories) == {"灌云县", "灌南县"}


@pytest.mark.parametrize("encoding", ["gbk", "utf-16", "utf-8-sig"])
def test_quoted_cells_with_commas_and_line_breaks_are_read_whole(encoding):
    text = '地区,指标,期间,数值,备注\n灌云县,事故起数,2022-01,"1,414","第一行\n第二行"\n灌南县,事故起数,2022-01,3,\n'
    chunk = next(csv_io.read_csv(io.BytesIO(text.encode(encoding)), is_header).chunks)
    assert chunk[3].astype(object).tolist() == ["1,414", "3"]
    assert chunk[4].astype(object).tolist() == ["第一行\n第二行", ""]
    assert chunk["row"].tolist() == [2, 3]
