"""The hazard ledger (隐患台账): read a county's file of one row per hazard, check every row, and hand
over the records, or every problem with its row and column. Nothing here writes anything.

A hazard's dates are days: 发现日期 (required), 整改期限 (required for a major hazard), 整改完成日期 (empty:
not yet) and 验收日期 (not before 整改完成日期); a deadline or a completion before discovery is a problem.
The record's key is its 隐患编号 when every row has one, else 统一社会信用代码 (or 企业名称) + 发现日期 +
隐患描述.

>>> import io
>>> data = ("灌云县隐患台账\\n企业名称,地区,隐患级别,隐患描述,发现日期,整改期限,整改完成日期,挂牌督办\\n"
...         "甲化工有限公司,灌云县,重大隐患,储罐区无防火堤,2022年3月5日,2022-04-30,,市级\\n").encode("gbk")
>>> ledger = read_hazard_ledger(io.BytesIO(data), "灌云县.csv")
>>> ledger.ok, ledger.encoding, ledger.header_row, ledger.key_kind
(True, 'gbk', 2, 'composite')
>>> r = ledger.records.iloc[0]
>>> r["key"], r["region"], r["level"], str(r["found_on"].date()), r["rectified_on"], r["supervision"]
('甲化工有限公司|2022-03-05|储罐区无防火堤', '320723', 'major', '2022-03-05', NaT, 'city')
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalog
from ..importer import norm
from . import reading
from .accidents import SECTOR_CODES, SECTOR_LOOKUP, SECTOR_NAMES
from .cells import numbers
from .chunk import Chunk, code_lookup
from .fields import HAZARD_RECORD_COLUMNS
from .reading import LedgerReader, ParsedLedger, code_rows, read_ledger, records_frame, workbook

__all__ = [
    "RECORD_COLUMNS",
    "column_role",
    "is_hazard_header",
    "read_hazard_ledger",
    "template_csv",
    "template_frames",
    "template_xlsx",
]

RECORD_COLUMNS = list(HAZARD_RECORD_COLUMNS)
DATE_COLUMNS = ("found_on", "deadline", "rectified_on", "accepted_on")


COLUMN_LOOKUP = {norm(a): role for role, aliases in catalog.HAZARD_COLUMNS.items() for a in aliases}
LEVEL_LOOKUP = code_lookup(catalog.HAZARD_LEVELS, catalog.HAZARD_LEVEL_ALIASES)
SOURCE_LOOKUP = code_lookup(catalog.HAZARD_SOURCES, catalog.HAZARD_SOURCE_ALIASES)
SUPERVISION_LOOKUP = code_lookup(catalog.HAZARD_SUPERVISION, catalog.HAZARD_SUPERVISION_ALIASES)
# the columns no accident ledger and no aggregate table has: they tell a hazard ledger's header
HAZARD_ONLY_ROLES = frozenset({"level", "description", "found_on", "deadline", "rectified_on", "accepted_on"})


def column_role(cell: str) -> str:
    """A header cell's role in the hazard ledger (a key of ``catalog.HAZARD_COLUMNS``), "" for an
    empty cell, "unknown" otherwise.

    >>> column_role("隐患级别"), column_role(" 整改完成日期 "), column_role("Found_On"), column_role("备注")
    ('level', 'rectified_on', 'found_on', 'unknown')
    """
    key = norm(cell)
    return "" if not key else COLUMN_LOOKUP.get(key, "unknown")


def is_hazard_header(cells: list[str]) -> bool:
    """Whether a row is a hazard ledger's header: at least three of its columns, two of them
    columns only a hazard ledger has (隐患级别, 隐患描述, 发现日期, 整改期限, …).

    >>> is_hazard_header(["序号", "企业名称", "地区", "隐患级别", "隐患描述", "发现日期"])
    True
    >>> is_hazard_header(["发生时间", "地区", "行业领域", "事故类别"])  # an accident ledger
    False
    >>> is_hazard_header(["地区", "指标", "期间", "数值"]), is_hazard_header(["灌云县隐患台账"])
    (False, False)
    """
    roles = {column_role(c) for c in cells} - {"", "unknown", "ignore"}
    return len(roles) >= 3 and len(roles & HAZARD_ONLY_ROLES) >= 2


def _date_text(stamp) -> str:
    return str(np.datetime64(stamp, "D"))


class _Reader(LedgerReader):
    """One hazard ledger's reading (``reading.LedgerReader``): its columns, the problems, each
    chunk's fields."""

    def __init__(self, header: list[str], header_row: int, regions: pd.DataFrame | None):
        super().__init__(
            header,
            header_row,
            regions,
            columns=catalog.HAZARD_COLUMNS,
            labels=catalog.HAZARD_COLUMN_LABELS,
            required=catalog.HAZARD_REQUIRED_COLUMNS,
            role_of=column_role,
        )

    def _fields(self, chunk: pd.DataFrame, rows: np.ndarray) -> dict[str, np.ndarray]:
        c = Chunk(self, chunk, rows)
        bad = np.full(c.n, bool(self.missing)) | c.required(catalog.HAZARD_REQUIRED_COLUMNS)
        out: dict[str, np.ndarray] = {"source_row": rows, **c.texts(("record_no", "company", "description"))}

        # the dates, at the day
        for role in DATE_COLUMNS:
            out[role], wrong = c.days(role)
            bad |= wrong
        found = out["found_on"]

        def found_hints(mask: np.ndarray) -> list[str]:  # only the problem rows' dates are written
            return [catalog.IMPORT_HINTS["found_on"].format(date=_date_text(d)) for d in found[mask]]

        for role in ("deadline", "rectified_on"):
            early = ~np.isnat(found) & ~np.isnat(out[role]) & (out[role] < found)
            c.report(early, role, "before_discovery", found_hints)
            bad |= early
        done, accepted = out["rectified_on"], out["accepted_on"]
        early = ~np.isnat(accepted) & (np.isnat(done) | (accepted < np.where(np.isnat(done), accepted, done)))
        hint = catalog.IMPORT_HINTS["rectified_on"]
        c.report(early, "accepted_on", "accepted_before_rectified",
                 lambda m: ["" if np.isnat(d) else hint.format(date=_date_text(d)) for d in done[m]])  # fmt: skip
        bad |= early

        out["region"], wrong = c.region("hazard_region_not_local", catalog.IMPORT_HINTS["hazard_region_level"])
        bad |= wrong

        # 隐患级别 (required), 行业领域, 隐患来源, 挂牌督办 (optional)
        for role, lookup, codes, names, kind in (
            ("level", LEVEL_LOOKUP, list(catalog.HAZARD_LEVELS), [*catalog.HAZARD_LEVELS.values(),
             *catalog.HAZARD_LEVEL_ALIASES], "unknown_hazard_level"),
            ("sector", SECTOR_LOOKUP, SECTOR_CODES, SECTOR_NAMES, "unknown_sector"),
            ("source", SOURCE_LOOKUP, list(catalog.HAZARD_SOURCES), list(catalog.HAZARD_SOURCES.values()),
             "unknown_hazard_source"),
            ("supervision", SUPERVISION_LOOKUP, list(catalog.HAZARD_SUPERVISION),
             list(catalog.HAZARD_SUPERVISION.values()), "unknown_supervision"),
        ):  # fmt: skip
            out[role], wrong = c.coded(role, lookup, codes, names, kind)
            bad |= wrong

        # a major hazard has a deadline
        no_deadline = (out["level"] == "major") & c.blank("deadline")
        c.report(no_deadline, "deadline", "deadline_required", values=np.full(c.n, "", dtype=object))
        bad |= no_deadline

        # 整改资金（万元）
        if "funds" in c.cells:
            value, state = numbers(c.cells["funds"], "wan")
            c.report(state == 1, "funds", "bad_funds")
            c.report(state == 2, "funds", "negative_funds")
            bad |= state != 0
            out["funds"] = np.where((state == 0) & ~c.cells["funds"].blank(), value, np.nan)
        else:
            out["funds"] = np.full(c.n, np.nan)

        out["credit_code"], wrong = c.credit_code()
        out["bad"] = bad | wrong
        return out

    def finish(self) -> tuple[pd.DataFrame, str]:
        """All chunks read: the unknown columns with content, the keys and their duplicates, the records."""
        self.unknown_columns()
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in RECORD_COLUMNS}), "composite"
        fields = self.fields()
        record_no = pd.Series(fields["record_no"], dtype=object)
        by_number = "record_no" in self.cols and not record_no.isna().any()
        if by_number:
            key = fields["record_no"].astype(object)
            key_ok = np.ones(len(key), dtype=bool)
            key_column = self.column("record_no")
        else:
            who = pd.Series(fields["credit_code"], dtype=object).fillna(pd.Series(fields["company"], dtype=object))
            day = pd.DatetimeIndex(fields["found_on"]).strftime("%Y-%m-%d")
            key_ok = who.notna().to_numpy() & ~np.isnat(fields["found_on"]) & pd.notna(fields["description"])
            key = (who.fillna("") + "|" + pd.Series(day, dtype=object).fillna("") + "|"
                   + pd.Series(fields["description"], dtype=object).fillna("")).to_numpy(dtype=object)  # fmt: skip
            key_column = "、".join(self.column(r) for r in ("credit_code", "company", "found_on", "description")
                                   if r in self.cols)  # fmt: skip
        self.repeated(fields, key, np.flatnonzero(key_ok), key_column)
        fields["key"] = key
        dtypes = dict.fromkeys(DATE_COLUMNS, "datetime64[ns]") | {"funds": "float64", "source_row": "int64"}
        return records_frame(fields, RECORD_COLUMNS, dtypes), "record_no" if by_number else "composite"


def read_hazard_ledger(
    fileobj, name: str, *, sheet: str | None = None, regions: pd.DataFrame | None = None, progress=None
) -> ParsedLedger:
    """Read and check a whole hazard ledger (CSV in UTF-8/GBK/…, or XLSX; title rows above the
    header skipped; the importer's bounds), as :func:`~lawreport_data.ledgers.accidents.read_accident_ledger`
    reads an accident ledger: every problem of the content in ``problems`` with its row and column,
    a file that is no table refused whole.

    ``records`` has the columns :data:`RECORD_COLUMNS`, one row per data row without a problem:
    ``key``, ``record_no``, ``company``, ``credit_code`` (upper case), ``region`` (code),
    ``sector`` (``catalog.ACCIDENT_SECTORS``), ``level`` (``catalog.HAZARD_LEVELS``), ``source``,
    ``description`` (as written: escape it to show it), the four dates (datetime64[ns] at the
    day, NaT when empty), ``supervision`` (``catalog.HAZARD_SUPERVISION``), ``funds`` (万元, NaN
    when empty) and ``source_row``. Optional texts are None where empty.
    """
    return read_ledger(
        fileobj, name, _Reader, sheet=sheet, regions=regions, progress=progress,
        header_test=is_hazard_header, times=True,
    )  # fmt: skip


# --- the template ----------------------------------------------------------------------


def template_frames(regions: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The hazard ledger template: ``data`` (the header and two example rows) and ``codes`` (the
    code lists: regions, sectors, levels, sources, supervision). ``regions`` adds the store's
    towns to the region list.

    >>> frames = template_frames()
    >>> list(frames["data"].columns)[:5], len(frames["data"])
    (['隐患编号', '企业名称', '统一社会信用代码', '地区', '行业领域'], 2)
    >>> frames["codes"].groupby("代码表", sort=False).size().tolist()
    [10, 14, 2, 5, 4]
    """
    lists = catalog.HAZARD_CODE_LISTS
    rows = code_rows(lists["level"], catalog.HAZARD_LEVELS) + code_rows(lists["source"], catalog.HAZARD_SOURCES)
    rows += code_rows(lists["supervision"], catalog.HAZARD_SUPERVISION)
    labels = catalog.HAZARD_COLUMN_LABELS
    return reading.template_frames(labels, labels, catalog.HAZARD_TEMPLATE_ROWS, lists, regions, rows)


def template_csv() -> bytes:
    """The template as CSV in UTF-8 with BOM (Excel on Chinese Windows opens it correctly)."""
    return reading.template_csv(template_frames())


def template_xlsx(regions: pd.DataFrame | None = None) -> bytes:
    """The template as an xlsx workbook: the data sheet first, the code lists second."""
    return workbook(template_frames(regions), catalog.HAZARD_TEMPLATE_SHEETS)
