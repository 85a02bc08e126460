"""Excel files for the reading tests, as a county's would be."""

from __future__ import annotations

import io

import openpyxl


def xlsx_of(rows: list[list], sheet: str | None = None) -> bytes:
    """A workbook of one sheet holding ``rows``, named ``sheet`` (openpyxl's own name when None)."""
    wb = openpyxl.Workbook()
    if sheet is not None:
        wb.active.title = sheet
    for values in rows:
        wb.active.append(values)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
