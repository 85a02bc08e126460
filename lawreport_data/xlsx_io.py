"""Reading Excel (xlsx) files from counties with openpyxl in read-only mode (cached formula
values), first sheet or a named one, handed over like :mod:`csv_io` does: string cells in
chunks with their Excel row numbers.

Dates become ``YYYY-MM-DD`` text (the importer reads a date as its month), whole numbers lose
their ``.0``:

>>> cell_text(2022.0), cell_text(dt.datetime(2022, 11, 1)), cell_text(None), cell_text(0.955)
('2022', '2022-11-01', '', '0.955')

A ledger's cells keep the time of day (``times=True``: a record's 发生时间):

>>> cell_text_with_time(dt.datetime(2022, 3, 5, 14, 30)), cell_text_with_time(dt.datetime(2022, 3, 5))
('2022-03-05 14:30:00', '2022-03-05')
>>> cell_text_with_time(dt.time(9, 5)), cell_text_with_time(3.0)
('09:05:00', '3')
"""

from __future__ import annotations

import datetime as dt
import io
import struct
import zipfile
from collections.abc import Callable, Iterator

import pandas as pd

from .csv_io import CHUNK_ROWS, EXCEL_MAX_COLUMNS, HEADER_SEARCH_ROWS, MAX_CELL_CHARS, MAX_ROWS, RawTable
from .import_errors import ImportError_

XLSX_MAGIC = b"PK\x03\x04"
# Limits on the parts of the zip, checked on its directory before anything is unpacked (zipfile
# never hands over more than a part's declared size). openpyxl keeps the shared strings in
# memory, so their part has the smallest limit; the sheets are streamed.
MAX_SHARED_STRINGS_BYTES = 32 << 20
MAX_PART_BYTES = 512 << 20
MAX_TOTAL_BYTES = 1 << 30
MAX_RATIO = 200  # uncompressed / compressed size of a part larger than RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1 << 20
# Cells openpyxl hands over, empty ones included: a row is as wide as its last cell, even an empty
# styled one, so a sheet with such a cell far right on every row is refused early, not read for minutes.
MAX_CELLS = 100_000_000
MAX_PARTS = 10_000  # zipfile builds an object per entry of the directory: counted before it does


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return format(value, ".15g")
    return str(value).strip()


def cell_text_with_time(value) -> str:
    """:func:`cell_text`, but a datetime keeps its time of day (when it has one) and a time cell
    is its ``HH:MM:SS``."""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.replace(microsecond=0).isoformat(sep=" ")
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    return cell_text(value)


def zip_entries(fileobj) -> int | None:
    """The number of entries the zip's end record declares (ZIP64's too), read from the file's
    last 64 KiB; None when there is no end record (zipfile will refuse it).

    >>> out = io.BytesIO()
    >>> with zipfile.ZipFile(out, "w") as z:
    ...     for name in "abc":
    ...         z.writestr(name, "")
    >>> zip_entries(out), zip_entries(io.BytesIO(b"PK\\x03\\x04"))
    (3, None)
    """
    size = fileobj.seek(0, io.SEEK_END)
    start = max(0, size - (1 << 16) - 22)
    fileobj.seek(start)
    tail = fileobj.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = struct.unpack_from("<H", tail, at + 10)[0]
    locator = at - 20
    if count == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        offset = struct.unpack_from("<Q", tail, locator + 8)[0]
        fileobj.seek(offset)
        record = fileobj.read(40)
        if record[:4] == b"PK\x06\x06" and len(record) == 40:
            count = struct.unpack_from("<Q", record, 32)[0]
    return count


def check_parts(fileobj) -> None:
    """Refuse a workbook of more parts than :data:`MAX_PARTS` (``xlsx_too_many_parts``), or whose
    parts unpack to more than the limits (``xlsx_part_too_large``) or expand suspiciously much
    (``xlsx_ratio``), from the zip's directory alone."""
    count = zip_entries(fileobj)
    if count is not None and count > MAX_PARTS:
        raise ImportError_("xlsx_too_many_parts", count=count, limit=MAX_PARTS)
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ImportError_("binary") from None
    total = 0
    for info in infos:
        limit = MAX_SHARED_STRINGS_BYTES if info.filename.lower().endswith("sharedstrings.xml") else MAX_PART_BYTES
        total += info.file_size
        if info.file_size > limit or total > MAX_TOTAL_BYTES:
            limit = limit if info.file_size > limit else MAX_TOTAL_BYTES
            raise ImportError_(
                "xlsx_part_too_large", part=info.filename, size=-(-info.file_size >> 20), limit=limit >> 20
            )
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise ImportError_("xlsx_ratio", part=info.filename, ratio=ratio, limit=MAX_RATIO)


def _workbook(fileobj):
    """The workbook in read-only mode, or :class:`ImportError_` ``binary`` for anything unreadable."""
    import openpyxl  # only for Excel files: a CSV import does not pay for loading it

    check_parts(fileobj)
    fileobj.seek(0)
    try:
        return openpyxl.load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a broken workbook
        raise ImportError_("binary") from None


def read_xlsx(
    fileobj,
    is_header: Callable[[list[str]], bool],
    *,
    sheet: str | None = None,
    chunk_rows: int = CHUNK_ROWS,
    times: bool = False,
) -> RawTable:
    """The first sheet (or ``sheet``): find the header among the first rows, then stream the rest.
    ``times``: datetime cells keep their time of day (:func:`cell_text_with_time`)."""
    text_of = cell_text_with_time if times else cell_text
    wb = _workbook(fileobj)
    if sheet:
        if sheet not in wb.sheetnames:
            names = "、".join(wb.sheetnames)
            wb.close()
            raise ImportError_("no_sheet", sheet=sheet, sheets=names)
        ws = wb[sheet]
    else:
        if not wb.worksheets:
            wb.close()
            raise ImportError_("binary")
        ws = wb.worksheets[0]
    # The declared <dimension ref=...> is not trusted: rows are as wide as their own cells, and
    # the rows missing between two rows come as empty tuples (skipped, costing nothing).
    ws.reset_dimensions()
    try:
        rows = ws.iter_rows(values_only=True)
        header: list[str] | None = None
        header_row = 0
        for number in range(1, HEADER_SEARCH_ROWS + 1):
            values = next(rows, None)
            if values is None:
                break
            cells = _cells(values, number, text_of)
            if is_header(cells):
                header, header_row = cells, number
                break
    except ImportError_:
        wb.close()
        raise
    except Exception:  # noqa: BLE001
        wb.close()
        raise ImportError_("binary") from None
    if header is None:
        wb.close()
        raise ImportError_("no_header")
    while header and not header[-1]:
        header.pop()
    width = len(header)

    def chunks() -> Iterator[pd.DataFrame]:
        row = header_row + 1
        buffer: list[list[str]] = []
        numbers: list[int] = []
        blank = [""] * width  # one list for every empty row (many of them cost a reference each)
        cells_read = 0
        try:
            for values in rows:
                if row > MAX_ROWS:
                    raise ImportError_("too_many_rows", row=row, limit=MAX_ROWS)
                cells_read += len(values)
                if cells_read > MAX_CELLS:
                    raise ImportError_("too_many_cells", row=row, limit=MAX_CELLS)
                if not values or values.count(None) == len(values):  # a missing or empty row
                    buffer.append(blank)
                    numbers.append(row)
                    row += 1
                    if len(buffer) >= chunk_rows:
                        yield _frame(buffer, numbers, width)
                        buffer, numbers = [], []
                    continue
                cells = _cells(values[:width], row, text_of)
                cells += [""] * (width - len(cells))
                extra = values[width:]
                if extra.count(None) != len(extra) and any(v not in (None, "") for v in extra):
                    raise ImportError_("ragged", row=row)
                buffer.append(cells)
                numbers.append(row)
                row += 1
                if len(buffer) >= chunk_rows:
                    yield _frame(buffer, numbers, width)
                    buffer, numbers = [], []
            if buffer:
                yield _frame(buffer, numbers, width)
        except ImportError_:
            raise
        except Exception:  # noqa: BLE001
            raise ImportError_("binary") from None
        finally:
            wb.close()

    return RawTable(header=header, header_row=header_row, chunks=chunks(), encoding="xlsx")


def _cells(values: tuple, row: int, text_of=cell_text) -> list[str]:
    """The text of a row's cells; a row wider than Excel's or a cell longer than Excel's limit
    is refused (openpyxl reads whatever the XML says)."""
    if len(values) > EXCEL_MAX_COLUMNS:
        raise ImportError_("too_many_columns", row=row, column=len(values), limit=EXCEL_MAX_COLUMNS)
    cells = [text_of(v) for v in values]
    for column, text in enumerate(cells, start=1):
        if len(text) > MAX_CELL_CHARS:
            raise ImportError_("cell_too_long", row=row, column=column, limit=MAX_CELL_CHARS)
    return cells


def _frame(buffer: list[list[str]], numbers: list[int], width: int) -> pd.DataFrame:
    frame = pd.DataFrame(buffer, columns=list(range(width)), dtype=str)
    frame["row"] = numbers
    return frame
