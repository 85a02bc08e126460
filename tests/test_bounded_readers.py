"""Crafted files against the readers (issue 19): every limit, Excel's and ours, refuses a file
with one sentence naming the limit and where it was hit, before the parser allocates for it;
empty trailing columns and rows cost nothing. The zip-bomb shared string and the declared
dimension are real crafted workbooks; other limits are lowered where a real file would be slow."""

import io
import tracemalloc
import zipfile

import pytest

from lawreport_data import api, csv_io, importer, xlsx_io
from lawreport_data.import_errors import ImportError_

HEADER = "地区,指标,期间,数值\n"
ROW = "灌云县,事故起数,2022-11,3\n"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PARTS = {
    "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<workbook {NS} xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
}


def _row(number: int, cells: list[str], columns: str = "ABCD") -> str:
    inner = "".join(
        f'<c r="{c}{number}" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in zip(columns, cells, strict=False)
    )
    return f'<row r="{number}">{inner}</row>'


def _xlsx(rows: str, *, dimension: str = "", strings: list[bytes] | None = None, padding: int = 0) -> io.BytesIO:
    """A minimal workbook written with zipfile: ``rows`` of sheet XML, a declared ``dimension``,
    shared strings streamed in pieces, ``padding`` spaces of XML whitespace in the sheet."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, text in PARTS.items():
            z.writestr(name, text)
        ref = f'<dimension ref="{dimension}"/>' if dimension else ""
        with z.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(f"<worksheet {NS}>{ref}<sheetData>{rows}</sheetData>".encode())
            for _ in range(padding >> 20):
                part.write(b" " * (1 << 20))
            part.write(b"</worksheet>")
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for piece in strings or [f'<sst {NS} count="0" uniqueCount="0"/>'.encode()]:
                part.write(piece)
    out.seek(0)
    return out


def _huge_shared_string(megabytes: int) -> list[bytes]:
    block = b"A" * (1 << 20)
    return [f'<sst {NS} count="1" uniqueCount="1"><si><t>'.encode(), *[block] * megabytes, b"</t></si></sst>"]


def _refusal(data: io.BytesIO) -> ImportError_:
    with pytest.raises(ImportError_) as refused:
        importer.read_file(data, "crafted")
    return refused.value


def _csv(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


@pytest.mark.parametrize(
    ("data", "kind", "where"),
    [
        (_csv(HEADER + ROW * 800 + "灌云县,事故起数,2022-11,3\x00\n"), "nul", "Line 802 "),
        (_csv(HEADER + ROW + "灌南县,事故起数,2022-11," + "9" * 40_000 + "\n"), "cell_too_long", "row 3, column 4"),
        # short rows: the pandas way reads the file, and checks the same
        (_csv(HEADER + "灌云县,事故起数\n灌南县,事故起数,2022-11," + "9" * 40_000 + "\n"), "cell_too_long", "row 3"),
        # a run of bytes no cell can hold: refused before any parser sees it
        (_csv(HEADER + ROW * 3 + "灌南县,事故起数," + "9" * 200_000 + ",3\n"), "cell_too_long", "row 5, column 3"),
        (_csv("标" * 150_000 + "\n" + HEADER + ROW), "cell_too_long", "row 1, column 1"),
        (_csv('"' + "标," * 40_000 + '"\n' + HEADER + ROW), "cell_too_long", "row 1, column 1"),
        (_xlsx(_row(1, ["地区", "指标", "期间", "数值"]), strings=_huge_shared_string(33)), "xlsx_part_too_large", ""),
        (_xlsx(_row(1, ["地区", "指标", "期间", "数值"]), padding=4 << 20), "xlsx_ratio", "sheet1.xml"),
        (
            _xlsx(_row(1, ["地区", "指标", "期间", "数值"]) + _row(2, ["灌云县", "事故起数", "2022-11", "9" * 40_000])),
            "cell_too_long",
            "row 2, column 4",
        ),
    ],
    ids=[
        "csv-nul-after-8kb",
        "csv-cell-over-32767",
        "csv-ragged-cell-over-32767",
        "csv-run-over-any-cell",
        "csv-450kb-title",
        "csv-quoted-title-over-csv-field-limit",
        "xlsx-65mb-shared-string",
        "xlsx-zip-ratio",
        "xlsx-cell-over-32767",
    ],
)
def test_a_file_over_a_limit_is_refused_with_one_sentence_naming_it_and_where(data, kind, where):
    refused = _refusal(data)
    assert refused.kind == kind
    assert where in refused.en
    assert "\n" not in refused.en and "Traceback" not in refused.en
    assert refused.zh and refused.zh != refused.en


def _many_parts(count: int) -> io.BytesIO:
    out = _xlsx(_row(1, ["地区", "指标", "期间", "数值"]))
    with zipfile.ZipFile(out, "a") as z:
        for i in range(count):
            z.writestr(f"xl/media/{i}", b"")
    out.seek(0)
    return out


@pytest.mark.parametrize("zip64", [False, True], ids=["zip", "zip64-end-record"])
def test_a_workbook_of_too_many_parts_is_refused_before_zipfile_reads_its_directory(monkeypatch, zip64):
    monkeypatch.setattr(xlsx_io, "MAX_PARTS", 50)
    added = 0xFFFF - 5 if zip64 else 100  # the workbook has 6 parts; 65,535 and more need ZIP64's record
    refused = _refusal(_many_parts(added))
    assert refused.kind == "xlsx_too_many_parts"
    assert f"has {added + 6} parts, over the limit of 50" in refused.en


def test_the_zip_bomb_names_the_part_and_both_sizes():
    refused = _refusal(_xlsx(_row(1, ["地区"]), strings=_huge_shared_string(33)))
    assert refused.en == ("The Excel file's part xl/sharedStrings.xml is 34 MB uncompressed, over the limit of 32 MB.")
    assert "sharedStrings.xml" in refused.zh and "32MB" in refused.zh


@pytest.mark.parametrize(
    ("module", "limit", "value", "data", "kind", "where"),
    [
        (csv_io, "MAX_LINE_CHARS", 1000, _csv("," * 2000 + "\n" + HEADER + ROW), "line_too_long", "Line 1 "),
        (csv_io, "MAX_COLUMNS", 3, _csv(HEADER + ROW), "too_many_columns", "Row 1 has content in column 4"),
        (csv_io, "MAX_ROWS", 5, _csv(HEADER + ROW * 5), "too_many_rows", "5 rows at row 6"),
        (
            xlsx_io,
            "MAX_ROWS",
            3,
            _xlsx(_row(1, ["地区", "指标", "期间", "数值"]) + _row(9, ["灌云县", "事故起数", "2022-11", "3"])),
            "too_many_rows",
            "3 rows at row 4",
        ),
        (
            xlsx_io,
            "MAX_CELLS",
            100_000,
            # an empty styled cell in the last column of every row: each row comes 16,384 cells wide
            _xlsx(
                _row(1, ["地区", "指标", "期间", "数值"])
                + "".join(
                    f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>灌云县</t></is></c><c r="XFD{n}" s="1"/></row>'
                    for n in range(2, 40)
                )
            ),
            "too_many_cells",
            "100000 cells (empty ones included) by row 8",
        ),
    ],
    ids=["csv-line", "csv-columns", "csv-rows", "xlsx-rows", "xlsx-cells"],
)
def test_our_lower_limits_are_refused_the_same_way(monkeypatch, module, limit, value, data, kind, where):
    monkeypatch.setattr(module, limit, value)
    refused = _refusal(data)
    assert refused.kind == kind
    assert where in refused.en


def _observations(data: io.BytesIO) -> list:
    parsed = importer.read_file(data, "f")
    assert parsed.ok, parsed.problems
    return parsed.observations[["region", "indicator", "value", "source_row"]].values.tolist()


@pytest.mark.parametrize(
    "data",
    [
        _csv(HEADER.rstrip("\n") + "," * 100_000 + "\n" + ROW.rstrip("\n") + "," * 100_000 + "\n"),
        _csv(HEADER.rstrip("\n") + "," * 100_000 + "\n" + ROW),  # short rows after the wide header
        _csv(HEADER + ROW.rstrip("\n") + "," * 1_000_000 + "\n"),  # one row far wider than the header
        _xlsx(
            _row(1, ["地区", "指标", "期间", "数值"])
            + _row(2, ["灌云县", "事故起数", "2022-11", "3"])
            + '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>',
            dimension="A1:XFD1048576",
        ),
    ],
    ids=[
        "csv-100000-trailing-columns",
        "csv-wide-header-short-rows",
        "csv-1000000-trailing-cells-in-a-row",
        "xlsx-declares-A1:XFD1048576",
    ],
)
def test_empty_trailing_columns_and_rows_are_read_as_nothing(data):
    assert _observations(data) == [["320723", "accidents", 3.0, 2]]


@pytest.mark.parametrize(
    "data",
    [
        _csv(HEADER.rstrip("\n") + "," * 100_000 + "\n" + ROW.rstrip("\n") + "," * 100_000 + "\n"),
        _csv(HEADER.rstrip("\n") + "," * 100_000 + "\n" + ROW),
    ],
    ids=["rows-as-wide-as-the-header", "short-rows"],
)
def test_100000_empty_trailing_csv_columns_take_a_few_mb_not_a_column_each(data):
    tracemalloc.start()  # Python's and numpy's allocations (pandas' columns are those)
    try:
        importer.read_file(data, "f")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 32 << 20


@pytest.mark.parametrize(
    "data",
    [
        _csv(HEADER.rstrip("\n") + "," * 1000 + "\n" + ROW + ROW.rstrip("\n") + ",,,x" + "," * 990 + "\n"),
        _xlsx(
            _row(1, ["地区", "指标", "期间", "数值"])
            + _row(2, ["灌云县", "事故起数", "2022-11", "3"])
            + _row(3, ["灌云县", "事故起数", "2022-10", "3", "x"], columns="ABCDZ"),
            dimension="A1:XFD1048576",
        ),
    ],
    ids=["csv", "xlsx"],
)
def test_text_beyond_the_header_is_still_named_among_empty_trailing_columns(data):
    refused = _refusal(data)
    assert (refused.kind, refused.en) == ("ragged", "Row 3 has more cells than the header; check for stray commas.")


def test_a_nul_byte_after_the_first_8_kb_is_refused_before_the_store_on_every_backend(report_engine):
    data = (HEADER + ROW * 1000 + "灌南县,事故起数,2022-11,4\x00\n").encode("utf-8")
    assert data.index(b"\x00") > 8192
    version = api.data_version(report_engine)
    for call in (api.preview_import, lambda e, f, n: api.apply_import(e, f, n, user="t")):
        with pytest.raises(ImportError_) as refused:
            call(report_engine, io.BytesIO(data), "nul.csv")
        assert refused.value.kind == "nul"
        assert "1002" in refused.value.en and "1002" in refused.value.zh
    assert api.data_version(report_engine) == version
