"""Reading Excel (xlsx) files from counties with openpyxl in read-only mode (cached formula
values), first sheet or a named one, handed over like :mod:`csv_io` does: string cells in
chunks with their Excel row numbers.

Dates become ``YYYY-MM-DD`` text (the importer reads a date as its month), whole numbers lose
their ``.0``:

>>> cell_text(2022.0), cell_text(dt.datetime(2022, 11, 1)), cell_text(None), cell_text(0.955)
('2022', '2022-11-01', '', '0.955')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pandas as pd

from .csv_io import CHUNK_ROWS, HEADER_SEARCH_ROWS, RawTable
from .import_errors import ImportError_

XLSX_MAGIC = b"PK\x03\x04"


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


def _workbook(fileobj):
    """The workbook in read-only mode, or :class:`ImportError_` ``binary`` for anything unreadable."""
    import openpyxl  # only for Excel files: a CSV import does not pay for loading it

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
) -> RawTable:
    """The first sheet (or ``sheet``): find the header among the first rows, then stream the rest."""
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
    try:
        rows = ws.iter_rows(values_only=True)
        header: list[str] | None = None
        header_row = 0
        for number in range(1, HEADER_SEARCH_ROWS + 1):
            values = next(rows, None)
            if values is None:
                break
            cells = [cell_text(v) for v in values]
            if is_header(cells):
                header, header_row = cells, number
                break
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
        try:
            for values in rows:
                cells = [cell_text(v) for v in values[:width]]
                cells += [""] * (width - len(cells))
                extra = any(v not in (None, "") for v in values[width:])
                if extra:
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


def _frame(buffer: list[list[str]], numbers: list[int], width: int) -> pd.DataFrame:
    frame = pd.DataFrame(buffer, columns=list(range(width)), dtype=str)
    frame["row"] = numbers
    return frame
