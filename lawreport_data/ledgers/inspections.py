"""The inspection ledger (检查记录): read a county's file of one row per inspection visit, check every
row, and hand over the records, or every problem with its row and column. Nothing here writes
anything.

An inspection has a day (检查日期), a region (a county, district, zone or town), the enterprise
inspected (企业名称, 统一社会信用代码 checked by GB 32100's check character), its 行业领域, how it was
inspected (检查方式: 双随机, 日常检查, 专项检查, 举报核查, 事故调查, 其他), the hazards it found and the
major ones among them (whole numbers ≥ 0, major ≤ found), and the documents issued (责令限期整改指令书,
现场处理措施决定书, 整改复查意见书). The record's key is its 检查编号 when every row has one, else
统一社会信用代码 (or 企业名称) + 检查日期.

>>> import io
>>> data = ("灌云县执法检查记录\\n检查日期,地区,企业名称,检查方式,发现隐患数,其中重大隐患数\\n"
...         "2022年3月5日,灌云县,甲化工有限公司,双随机检查,3,1\\n").encode("gbk")
>>> ledger = read_inspection_ledger(io.BytesIO(data), "灌云县.csv")
>>> ledger.ok, ledger.encoding, ledger.header_row, ledger.key_kind
(True, 'gbk', 2, 'composite')
>>> r = ledger.records.iloc[0]
>>> r["key"], r["region"], r["method"], str(r["inspected_on"].date()), int(r["hazards"]), int(r["major_hazards"])
('甲化工有限公司|2022-03-05', '320723', 'random', '2022-03-05', 3, 1)
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
from .fields import INSPECTION_RECORD_COLUMNS
from .reading import LedgerReader, ParsedLedger, code_rows, read_ledger, records_frame, workbook

__all__ = [
    "RECORD_COLUMNS",
    "column_role",
    "is_inspection_header",
    "read_inspection_ledger",
    "template_csv",
    "template_frames",
    "template_xlsx",
]

RECORD_COLUMNS = list(INSPECTION_RECORD_COLUMNS)
COUNT_COLUMNS = ("hazards", "major_hazards", "orders", "decisions", "reviews")

COLUMN_LOOKUP = {norm(a): role for role, aliases in catalog.INSPECTION_COLUMNS.items() for a in aliases}
METHOD_LOOKUP = code_lookup(catalog.INSPECTION_METHODS, catalog.INSPECTION_METHOD_ALIASES)
# the columns no other ledger and no aggregate table has: they tell an inspection ledger's header
INSPECTION_ONLY_ROLES = frozenset({"method", "hazards", "major_hazards", "orders", "decisions", "reviews"})


def column_role(cell: str) -> str:
    """A header cell's role in the inspection ledger (a key of ``catalog.INSPECTION_COLUMNS``), ""
    for an empty cell, "unknown" otherwise.

    >>> column_role("检查方式"), column_role(" 其中重大隐患数 "), column_role("Inspected_On"), column_role("备注")
    ('method', 'major_hazards', 'inspected_on', 'unknown')
    """
    key = norm(cell)
    return "" if not key else COLUMN_LOOKUP.get(key, "unknown")


def is_inspection_header(cells: list[str]) -> bool:
    """Whether a row is an inspection ledger's header: at least three of its columns, two of them
    检查日期 or columns only an inspection ledger has (检查方式, 发现隐患数, 责令限期整改指令书, …); a
    hazard ledger's 检查日期 (its 发现日期) alone does not make one.

    >>> is_inspection_header(["序号", "检查日期", "地区", "企业名称", "检查方式", "发现隐患数"])
    True
    >>> is_inspection_header(["企业名称", "地区", "隐患级别", "隐患描述", "发现日期"])  # a hazard ledger
    False
    >>> is_inspection_header(["地区", "指标", "期间", "数值"]), is_inspection_header(["执法检查记录"])
    (False, False)
    """
    roles = {column_role(c) for c in cells} - {"", "unknown", "ignore"}
    own = roles & (INSPECTION_ONLY_ROLES | {"inspected_on"})
    return len(roles) >= 3 and len(own) >= 2


class _Reader(LedgerReader):
    """One inspection ledger's reading (``reading.LedgerReader``): its columns, the problems, each
    chunk's fields."""

    def __init__(self, header: list[str], header_row: int, regions: pd.DataFrame | None):
        super().__init__(
            header,
            header_row,
            regions,
            columns=catalog.INSPECTION_COLUMNS,
            labels=catalog.INSPECTION_COLUMN_LABELS,
            required=catalog.INSPECTION_REQUIRED_COLUMNS,
            role_of=column_role,
        )

    def _fields(self, chunk: pd.DataFrame, rows: np.ndarray) -> dict[str, np.ndarray]:
        c = Chunk(self, chunk, rows)
        bad = np.full(c.n, bool(self.missing)) | c.required(catalog.INSPECTION_REQUIRED_COLUMNS)
        out: dict[str, np.ndarray] = {"source_row": rows, **c.texts(("record_no", "company"))}
        out["inspected_on"], wrong = c.days("inspected_on")
        bad |= wrong
        out["region"], wrong = c.region("inspection_region_not_local", catalog.IMPORT_HINTS["inspection_region_level"])
        bad |= wrong
        methods = list(catalog.INSPECTION_METHODS)
        names = [*catalog.INSPECTION_METHODS.values(), *catalog.INSPECTION_METHOD_ALIASES]
        out["method"], wrong = c.coded("method", METHOD_LOOKUP, methods, names, "unknown_inspection_method")
        bad |= wrong
        out["sector"], wrong = c.coded("sector", SECTOR_LOOKUP, SECTOR_CODES, SECTOR_NAMES, "unknown_sector")
        bad |= wrong
        out["credit_code"], wrong = c.credit_code()
        bad |= wrong

        # the counts: whole numbers ≥ 0 (an empty cell is 0), the major hazards among those found
        counted = np.ones(c.n, dtype=bool)  # both hazard counts read
        for role in COUNT_COLUMNS:
            if role not in c.cells:
                out[role] = np.zeros(c.n, dtype="int64")
                continue
            value, state = numbers(c.cells[role], "items")
            c.report((state == 1) | (state == 3), role, "bad_number")
            c.report(state == 2, role, "negative_number")
            bad |= state != 0
            if role in ("hazards", "major_hazards"):
                counted &= state == 0
            out[role] = np.where(state == 0, value, 0).astype("int64")
        over = counted & (out["major_hazards"] > out["hazards"])
        hint = catalog.IMPORT_HINTS["hazards_given"]
        c.report(
            over, "major_hazards", "major_over_found", lambda m: [hint.format(hazards=h) for h in out["hazards"][m]]
        )
        out["bad"] = bad | over
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
        else:  # an enterprise inspected twice on one day needs its 检查编号
            who = pd.Series(fields["credit_code"], dtype=object).fillna(pd.Series(fields["company"], dtype=object))
            day = pd.Series(pd.DatetimeIndex(fields["inspected_on"]).strftime("%Y-%m-%d"), dtype=object)
            key_ok = who.notna().to_numpy() & ~np.isnat(fields["inspected_on"])
            key = (who.fillna("") + "|" + day.fillna("")).to_numpy(dtype=object)
            key_column = "、".join(
                self.column(r) for r in ("credit_code", "company", "inspected_on") if r in self.cols
            )  # fmt: skip
        self.repeated(fields, key, np.flatnonzero(key_ok), key_column)
        fields["key"] = key
        dtypes = {"inspected_on": "datetime64[ns]", "source_row": "int64"} | dict.fromkeys(COUNT_COLUMNS, "int64")
        return records_frame(fields, RECORD_COLUMNS, dtypes), "record_no" if by_number else "composite"


def read_inspection_ledger(
    fileobj, name: str, *, sheet: str | None = None, regions: pd.DataFrame | None = None, progress=None
) -> ParsedLedger:
    """Read and check a whole inspection ledger (CSV in UTF-8/GBK/…, or XLSX; title rows above the
    header skipped; the importer's bounds), as the hazard ledger is read
    (:func:`~lawreport_data.ledgers.hazards.read_hazard_ledger`): every problem of the content in
    ``problems`` with its row and column, a file that is no table refused whole.

    ``records`` has the columns :data:`RECORD_COLUMNS`, one row per data row without a problem:
    ``key``, ``record_no``, ``inspected_on`` (datetime64[ns] at the day), ``region`` (code),
    ``company`` (as written: escape it to show it), ``credit_code`` (upper case), ``sector``
    (``catalog.ACCIDENT_SECTORS``), ``method`` (``catalog.INSPECTION_METHODS``), the counts
    ``hazards``, ``major_hazards``, ``orders``, ``decisions``, ``reviews`` (int64, 0 when empty) and
    ``source_row``. Optional texts are None where empty.
    """
    return read_ledger(
        fileobj, name, _Reader, sheet=sheet, regions=regions, progress=progress,
        header_test=is_inspection_header, times=True,
    )  # fmt: skip


# --- the template ----------------------------------------------------------------------


def template_frames(regions: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The inspection ledger template: ``data`` (the header and two example rows) and ``codes``
    (the code lists: regions, sectors, methods). ``regions`` adds the store's towns to the region
    list.

    >>> frames = template_frames()
    >>> list(frames["data"].columns)[:5], len(frames["data"])
    (['检查编号', '检查日期', '地区', '企业名称', '统一社会信用代码'], 2)
    >>> frames["codes"].groupby("代码表", sort=False).size().tolist()
    [10, 14, 6]
    """
    rows = code_rows(catalog.INSPECTION_CODE_LISTS["method"], catalog.INSPECTION_METHODS)
    labels = catalog.INSPECTION_COLUMN_LABELS
    return reading.template_frames(
        labels, labels, catalog.INSPECTION_TEMPLATE_ROWS, catalog.INSPECTION_CODE_LISTS, regions, rows
    )


def template_csv() -> bytes:
    """The template as CSV in UTF-8 with BOM (Excel on Chinese Windows opens it correctly)."""
    return reading.template_csv(template_frames())


def template_xlsx(regions: pd.DataFrame | None = None) -> bytes:
    """The template as an xlsx workbook: the data sheet first, the code lists second."""
    return workbook(template_frames(regions), catalog.INSPECTION_TEMPLATE_SHEETS)
