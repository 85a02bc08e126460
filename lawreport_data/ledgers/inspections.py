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
from .cells import Cells, checked_credit_codes, datetimes, nearest_hints, numbers
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
METHOD_LOOKUP = {norm(code): code for code in catalog.INSPECTION_METHODS}
METHOD_LOOKUP |= {norm(name): code for code, name in catalog.INSPECTION_METHODS.items()}
METHOD_LOOKUP |= {norm(alias): code for alias, code in catalog.INSPECTION_METHOD_ALIASES.items()}
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


def _days(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[ns] at the day, bad) of date cells; a time written after the date is dropped."""
    stamps, bad = datetimes(cells)
    return stamps.astype("datetime64[D]").astype("datetime64[ns]"), bad


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
        n = len(chunk)
        bad = np.full(n, bool(self.missing))
        out: dict[str, np.ndarray] = {"source_row": rows}
        cells = {role: Cells(chunk[i]) for role, i in self.cols.items()}

        def report(mask: np.ndarray, role: str, kind: str, hints="", values=None) -> None:
            if not mask.any():
                return
            shown = cells[role].text(mask) if values is None and role in cells else np.asarray(values)[mask]
            hints = hints(mask) if callable(hints) else hints
            self.problems.add(rows[mask], self.column(role), shown, kind, hints)

        for role in catalog.INSPECTION_REQUIRED_COLUMNS:
            if role in cells:
                report(cells[role].blank(), role, "required_empty")
                bad |= cells[role].blank()

        # 检查日期, at the day
        if "inspected_on" in cells:
            days, wrong = _days(cells["inspected_on"])
            report(wrong, "inspected_on", "bad_date", catalog.IMPORT_HINTS["date_forms"])
            bad |= wrong
            out["inspected_on"] = days
        else:
            out["inspected_on"] = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")

        # 地区: a county, district, zone or town (not the city as a whole)
        if "region" in cells:
            index = cells["region"].resolve(self.regions_map, self.region_codes)
            unknown = (index < 0) & ~cells["region"].blank()
            report(
                unknown, "region", "unknown_region", lambda m: nearest_hints(self.region_names)(cells["region"].text(m))
            )
            city = index == self.region_codes.index(catalog.CITY_CODE)
            report(city, "region", "inspection_region_not_local", catalog.IMPORT_HINTS["inspection_region_level"])
            bad |= unknown | city
            out["region"] = np.array([*self.region_codes, ""], dtype=object)[index]
        else:
            out["region"] = np.full(n, "", dtype=object)

        # 检查方式 (required), 行业领域 (optional)
        methods = list(catalog.INSPECTION_METHODS)
        method_names = [*catalog.INSPECTION_METHODS.values(), *catalog.INSPECTION_METHOD_ALIASES]
        for role, lookup, codes, names, kind in (
            ("method", METHOD_LOOKUP, methods, method_names, "unknown_inspection_method"),
            ("sector", SECTOR_LOOKUP, SECTOR_CODES, SECTOR_NAMES, "unknown_sector"),
        ):
            if role not in cells:
                out[role] = np.full(n, None, dtype=object)
                continue
            index = cells[role].resolve(lookup, codes)
            unknown = (index < 0) & ~cells[role].blank()
            report(unknown, role, kind, lambda m, names=names, role=role: nearest_hints(names)(cells[role].text(m)))
            bad |= unknown
            out[role] = np.array([*codes, None], dtype=object)[index]

        # the counts: whole numbers ≥ 0 (an empty cell is 0), the major hazards among those found
        counted = np.ones(n, dtype=bool)  # both hazard counts read
        for role in COUNT_COLUMNS:
            if role not in cells:
                out[role] = np.zeros(n, dtype="int64")
                continue
            value, state = numbers(cells[role], "items")
            report((state == 1) | (state == 3), role, "bad_number")
            report(state == 2, role, "negative_number")
            bad |= state != 0
            if role in ("hazards", "major_hazards"):
                counted &= state == 0
            out[role] = np.where(state == 0, value, 0).astype("int64")
        over = counted & (out["major_hazards"] > out["hazards"])
        hints = catalog.IMPORT_HINTS["hazards_given"]
        report(
            over, "major_hazards", "major_over_found", lambda m: [hints.format(hazards=h) for h in out["hazards"][m]]
        )
        bad |= over

        # 统一社会信用代码
        if "credit_code" in cells:
            wrong, hints, out["credit_code"] = checked_credit_codes(cells["credit_code"])
            report(wrong, "credit_code", "bad_credit_code", hints)
            bad |= wrong
        else:
            out["credit_code"] = np.full(n, None, dtype=object)

        # texts: 检查编号 and 企业名称 (shown escaped wherever they are shown)
        for role in ("record_no", "company"):
            out[role] = cells[role].optional() if role in cells else np.full(n, None, dtype=object)
        out["bad"] = bad
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
