"""One chunk of a ledger file's rows as its reader checks it (the hazard, inspection and penalty case
ledgers): each column's cells by role, and the checks they share, each naming its problems by row
and column and returning which rows it found bad — required cells, days, the region (a county,
district, zone or town, not the city), a code from a list, a 统一社会信用代码, optional texts.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalog
from ..importer import norm
from .cells import Cells, checked_credit_codes, datetimes, nearest_hints


def code_lookup(codes: dict[str, str], aliases: dict[str, str]) -> dict[str, str]:
    """norm(name) → code for each code, its Chinese name and the aliases people write.

    >>> code_lookup({"major": "重大"}, {"重大隐患": "major"}) == {"major": "major", "重大": "major", "重大隐患": "major"}
    True
    """
    out = {norm(code): code for code in codes}
    out |= {norm(name): code for code, name in codes.items()}
    return out | {norm(alias): code for alias, code in aliases.items()}


def days(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[ns] at the day, bad) of date cells; a time written after the date is dropped."""
    stamps, bad = datetimes(cells)
    return stamps.astype("datetime64[D]").astype("datetime64[ns]"), bad


class Chunk:
    """A chunk's cells by role (``cells``) for ``reader`` (a ``reading.LedgerReader``), its rows'
    numbers in the file (``rows``)."""

    def __init__(self, reader, chunk: pd.DataFrame, rows: np.ndarray):
        self.reader, self.rows, self.n = reader, rows, len(chunk)
        self.cells = {role: Cells(chunk[i]) for role, i in reader.cols.items()}

    def report(self, mask: np.ndarray, role: str, kind: str, hints="", values=None) -> None:
        """A problem for each row in ``mask``: the role's column, its cell text (or ``values``), the
        hint (a text, or ``hints(mask)`` giving one per row)."""
        if not mask.any():
            return
        shown = self.cells[role].text(mask) if values is None and role in self.cells else np.asarray(values)[mask]
        hints = hints(mask) if callable(hints) else hints
        self.reader.problems.add(self.rows[mask], self.reader.column(role), shown, kind, hints)

    def blank(self, role: str) -> np.ndarray:
        return self.cells[role].blank() if role in self.cells else np.ones(self.n, dtype=bool)

    def required(self, roles) -> np.ndarray:
        """The rows with an empty required cell (each a problem), of the columns the file has."""
        bad = np.zeros(self.n, dtype=bool)
        for role in roles:
            if role in self.cells:
                self.report(self.cells[role].blank(), role, "required_empty")
                bad |= self.cells[role].blank()
        return bad

    def days(self, role: str) -> tuple[np.ndarray, np.ndarray]:
        """(the role's days, NaT where empty or absent; the rows that are not a date, each a problem)."""
        if role not in self.cells:
            return np.full(self.n, np.datetime64("NaT"), dtype="datetime64[ns]"), np.zeros(self.n, dtype=bool)
        found, wrong = days(self.cells[role])
        self.report(wrong, role, "bad_date", catalog.IMPORT_HINTS["date_forms"])
        return found, wrong

    def region(self, not_local: str, hint: str) -> tuple[np.ndarray, np.ndarray]:
        """(each row's region code, "" where none; the rows naming an unknown region or the city as
        a whole, each a problem: ``not_local`` with ``hint`` for the city)."""
        if "region" not in self.cells:
            return np.full(self.n, "", dtype=object), np.zeros(self.n, dtype=bool)
        reader, cells = self.reader, self.cells["region"]
        index = cells.resolve(reader.regions_map, reader.region_codes)
        unknown = (index < 0) & ~cells.blank()
        self.report(unknown, "region", "unknown_region", lambda m: nearest_hints(reader.region_names)(cells.text(m)))
        city = np.isin(index, reader.whole_indices)
        self.report(city, "region", reader.not_local(not_local), hint)
        return np.array([*reader.region_codes, ""], dtype=object)[index], unknown | city

    def coded(self, role: str, lookup: dict[str, str], codes: list[str], names: list[str], kind: str):
        """(each row's code of the role's list, None where empty or absent; the rows whose text is
        no name of it, each a problem ``kind`` with the nearest names as hint)."""
        if role not in self.cells:
            return np.full(self.n, None, dtype=object), np.zeros(self.n, dtype=bool)
        cells = self.cells[role]
        index = cells.resolve(lookup, codes)
        unknown = (index < 0) & ~cells.blank()
        self.report(unknown, role, kind, lambda m: nearest_hints(names)(cells.text(m)))
        return np.array([*codes, None], dtype=object)[index], unknown

    def credit_code(self) -> tuple[np.ndarray, np.ndarray]:
        """(each row's 统一社会信用代码, upper case, None where empty; the invalid ones, each a problem)."""
        if "credit_code" not in self.cells:
            return np.full(self.n, None, dtype=object), np.zeros(self.n, dtype=bool)
        wrong, hints, codes = checked_credit_codes(self.cells["credit_code"])
        self.report(wrong, "credit_code", "bad_credit_code", hints)
        return codes, wrong

    def texts(self, roles) -> dict[str, np.ndarray]:
        """The roles' texts as written (None where empty or absent): escape them to show them."""
        return {
            role: self.cells[role].optional() if role in self.cells else np.full(self.n, None, dtype=object)
            for role in roles
        }
