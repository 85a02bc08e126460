"""The penalty case ledger (行政处罚案件): read a county's file of one row per administrative penalty
case, check every row, and hand over the records, or every problem with its row and column.
Nothing here writes anything.

A case is keyed by its 案件编号. Its days: 立案日期 (required), 处罚决定日期, 结案日期 and 移送日期 (none
before 立案). It names its region, its party (当事人: an enterprise or a person; 统一社会信用代码 checked
when given), 行业领域, 案件来源, the 违法行为, one or more 处罚种类 (警告, 罚款, 没收违法所得, 责令停产停业,
暂扣许可证, 吊销许可证, 关闭, written with 、 or ; between them), the fine and the confiscation in 元
(≥ 0; a fine needs 罚款 among the penalties, a confiscation 没收违法所得), and whether it was
transferred to the judicial organs (移送司法机关: 是/否; a 移送日期 only if 是).

>>> import io
>>> data = ("案件编号,立案日期,地区,当事人,案件来源,违法行为,处罚种类,罚款金额（元）,移送司法机关\\n"
...         "连应急罚〔2022〕1号,2022年3月5日,灌云县,甲化工有限公司,双随机,未监测重大危险源,警告；罚款,30000,否\\n"
...        ).encode("gbk")
>>> ledger = read_case_ledger(io.BytesIO(data), "案件.csv")
>>> ledger.ok, ledger.key_kind
(True, 'record_no')
>>> r = ledger.records.iloc[0]
>>> r["key"], r["region"], r["source"], r["penalties"], float(r["fine"]), r["transferred"]
('连应急罚〔2022〕1号', '320723', 'random', 'warning,fine', 30000.0, 'no')
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .. import catalog
from ..importer import norm
from . import reading
from .accidents import SECTOR_CODES, SECTOR_LOOKUP, SECTOR_NAMES
from .cells import Cells, checked_credit_codes, datetimes, nearest_hints, numbers
from .fields import CASE_RECORD_COLUMNS
from .reading import LedgerReader, ParsedLedger, code_rows, read_ledger, records_frame, workbook

__all__ = [
    "RECORD_COLUMNS",
    "column_role",
    "is_case_header",
    "penalty_codes",
    "read_case_ledger",
    "template_csv",
    "template_frames",
    "template_xlsx",
]

RECORD_COLUMNS = list(CASE_RECORD_COLUMNS)
DATE_COLUMNS = ("filed_on", "decided_on", "closed_on", "transferred_on")


def _lookup(codes: dict[str, str], aliases: dict[str, str]) -> dict[str, str]:
    """norm(name) → code for each code, its Chinese name and the aliases people write."""
    out = {norm(code): code for code in codes}
    out |= {norm(name): code for code, name in codes.items()}
    return out | {norm(alias): code for alias, code in aliases.items()}


COLUMN_LOOKUP = {norm(a): role for role, aliases in catalog.CASE_COLUMNS.items() for a in aliases}
SOURCE_LOOKUP = _lookup(catalog.CASE_SOURCES, catalog.CASE_SOURCE_ALIASES)
PENALTY_LOOKUP = _lookup(catalog.PENALTY_KINDS, catalog.PENALTY_KIND_ALIASES)
TRANSFERRED_LOOKUP = _lookup(catalog.CASE_TRANSFERRED, catalog.CASE_TRANSFERRED_ALIASES)
# the columns only a penalty case ledger has: they tell its header
CASE_ONLY_ROLES = frozenset({"filed_on", "decided_on", "closed_on", "party", "violation", "penalties", "fine"})
_SEPARATORS = re.compile(r"[、;；,，/]+")


def column_role(cell: str) -> str:
    """A header cell's role in the penalty case ledger (a key of ``catalog.CASE_COLUMNS``), "" for
    an empty cell, "unknown" otherwise.

    >>> column_role("处罚种类"), column_role(" 罚款金额（元） "), column_role("Filed_On"), column_role("备注")
    ('penalties', 'fine', 'filed_on', 'unknown')
    """
    key = norm(cell)
    return "" if not key else COLUMN_LOOKUP.get(key, "unknown")


def is_case_header(cells: list[str]) -> bool:
    """Whether a row is a penalty case ledger's header: at least three of its columns, two of them
    columns only such a ledger has (立案日期, 当事人, 违法行为, 处罚种类, 罚款金额, …).

    >>> is_case_header(["序号", "案件编号", "立案日期", "地区", "当事人", "处罚种类"])
    True
    >>> is_case_header(["检查日期", "地区", "企业名称", "检查方式", "发现隐患数"])  # an inspection ledger
    False
    >>> is_case_header(["地区", "指标", "期间", "数值"]), is_case_header(["行政处罚案件台账"])
    (False, False)
    """
    roles = {column_role(c) for c in cells} - {"", "unknown", "ignore"}
    return len(roles) >= 3 and len(roles & CASE_ONLY_ROLES) >= 2


def penalty_codes(text: str) -> str | None:
    """The penalty kinds written in one cell (separated by 、 ; ， / …) as their codes in the
    catalog's order, comma-separated; None when any of them is unknown (or none is written).

    >>> penalty_codes("罚款、警告"), penalty_codes("警告；责令停产停业整顿"), penalty_codes("罚款、记过")
    ('warning,fine', 'warning,suspension', None)
    """
    parts = [p for p in _SEPARATORS.split(str(text)) if p.strip()]
    codes = {PENALTY_LOOKUP.get(norm(p)) for p in parts}
    if not parts or None in codes:
        return None
    return ",".join(c for c in catalog.PENALTY_KINDS if c in codes)


def _days(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[ns] at the day, bad) of date cells; a time written after the date is dropped."""
    stamps, bad = datetimes(cells)
    return stamps.astype("datetime64[D]").astype("datetime64[ns]"), bad


class _Reader(LedgerReader):
    """One penalty case ledger's reading (``reading.LedgerReader``): its columns, the problems,
    each chunk's fields."""

    def __init__(self, header: list[str], header_row: int, regions: pd.DataFrame | None):
        super().__init__(
            header,
            header_row,
            regions,
            columns=catalog.CASE_COLUMNS,
            labels=catalog.CASE_COLUMN_LABELS,
            required=catalog.CASE_REQUIRED_COLUMNS,
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

        for role in catalog.CASE_REQUIRED_COLUMNS:
            if role in cells:
                report(cells[role].blank(), role, "required_empty")
                bad |= cells[role].blank()

        # the days, at the day; none before 立案
        for role in DATE_COLUMNS:
            if role not in cells:
                out[role] = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
                continue
            days, wrong = _days(cells[role])
            report(wrong, role, "bad_date", catalog.IMPORT_HINTS["date_forms"])
            bad |= wrong
            out[role] = days
        filed = out["filed_on"]
        hint = catalog.IMPORT_HINTS["filed_on"]
        for role in DATE_COLUMNS[1:]:
            early = ~np.isnat(filed) & ~np.isnat(out[role]) & (out[role] < filed)
            report(early, role, "before_filing",
                   lambda m: [hint.format(date=str(np.datetime64(d, "D"))) for d in filed[m]])  # fmt: skip
            bad |= early

        # 地区: a county, district, zone or town (not the city as a whole)
        if "region" in cells:
            index = cells["region"].resolve(self.regions_map, self.region_codes)
            unknown = (index < 0) & ~cells["region"].blank()
            report(
                unknown, "region", "unknown_region", lambda m: nearest_hints(self.region_names)(cells["region"].text(m))
            )
            city = index == self.region_codes.index(catalog.CITY_CODE)
            report(city, "region", "case_region_not_local", catalog.IMPORT_HINTS["case_region_level"])
            bad |= unknown | city
            out["region"] = np.array([*self.region_codes, ""], dtype=object)[index]
        else:
            out["region"] = np.full(n, "", dtype=object)

        # 案件来源, 行业领域, 移送司法机关 (blank: 否)
        for role, lookup, codes, names, kind in (
            ("source", SOURCE_LOOKUP, list(catalog.CASE_SOURCES), [*catalog.CASE_SOURCES.values(),
             *catalog.CASE_SOURCE_ALIASES], "unknown_case_source"),
            ("sector", SECTOR_LOOKUP, SECTOR_CODES, SECTOR_NAMES, "unknown_sector"),
            ("transferred", TRANSFERRED_LOOKUP, list(catalog.CASE_TRANSFERRED), list(catalog.CASE_TRANSFERRED.values()),
             "bad_yes_no"),
        ):  # fmt: skip
            if role not in cells:
                out[role] = np.full(n, None, dtype=object)
                continue
            index = cells[role].resolve(lookup, codes)
            unknown = (index < 0) & ~cells[role].blank()
            report(unknown, role, kind, lambda m, names=names, role=role: nearest_hints(names)(cells[role].text(m)))
            bad |= unknown
            out[role] = np.array([*codes, None], dtype=object)[index]
        out["transferred"] = np.where(pd.isna(out["transferred"]), "no", out["transferred"]).astype(object)
        late = (out["transferred"] != "yes") & ~np.isnat(out["transferred_on"])
        report(late, "transferred_on", "transfer_date_without_transfer")
        bad |= late

        # 处罚种类 (one or more)
        if "penalties" in cells:
            kinds = cells["penalties"]
            per_text = np.array([penalty_codes(t) if t else None for t in kinds.text_u], dtype=object)
            out["penalties"] = kinds.spread(per_text)
            unknown = pd.isna(out["penalties"]) & ~kinds.blank()
            names = ", ".join(catalog.PENALTY_KINDS.values())
            report(
                unknown, "penalties", "unknown_penalty_kind", catalog.IMPORT_HINTS["penalty_kinds"].format(names=names)
            )
            bad |= unknown
        else:
            out["penalties"] = np.full(n, None, dtype=object)

        # 罚款金额, 没收金额 (元; blank: 0), each with its penalty kind
        given = pd.Series(out["penalties"], dtype=object).fillna("").str.split(",")
        for role, code, kind in (("fine", "fine", "fine_without_kind"),
                                 ("confiscation", "confiscation", "confiscation_without_kind")):  # fmt: skip
            if role not in cells:
                out[role] = np.zeros(n)
                continue
            value, state = numbers(cells[role], "yuan")
            report(state == 1, role, "bad_amount")
            report(state == 2, role, "negative_amount")
            bad |= state != 0
            out[role] = np.where(state == 0, value, 0.0)
            missing_kind = (out[role] > 0) & ~given.map(lambda codes, code=code: code in codes).to_numpy()
            missing_kind &= ~pd.isna(out["penalties"])
            report(missing_kind, role, kind)
            bad |= missing_kind

        # 统一社会信用代码
        if "credit_code" in cells:
            wrong, hints, out["credit_code"] = checked_credit_codes(cells["credit_code"])
            report(wrong, "credit_code", "bad_credit_code", hints)
            bad |= wrong
        else:
            out["credit_code"] = np.full(n, None, dtype=object)

        # texts: 案件编号, 当事人 and 违法行为 (shown escaped wherever they are shown)
        for role in ("record_no", "party", "violation"):
            out[role] = cells[role].optional() if role in cells else np.full(n, None, dtype=object)
        out["bad"] = bad
        return out

    def finish(self) -> tuple[pd.DataFrame, str]:
        """All chunks read: the unknown columns with content, the keys and their duplicates, the records."""
        self.unknown_columns()
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in RECORD_COLUMNS}), "record_no"
        fields = self.fields()
        key = fields["record_no"].astype(object)
        self.repeated(fields, key, np.flatnonzero(pd.notna(key)), self.column("record_no"))
        fields["key"] = key
        dtypes = dict.fromkeys(DATE_COLUMNS, "datetime64[ns]") | {
            "fine": "float64", "confiscation": "float64", "source_row": "int64"
        }  # fmt: skip
        return records_frame(fields, RECORD_COLUMNS, dtypes), "record_no"


def read_case_ledger(
    fileobj, name: str, *, sheet: str | None = None, regions: pd.DataFrame | None = None, progress=None
) -> ParsedLedger:
    """Read and check a whole penalty case ledger (CSV in UTF-8/GBK/…, or XLSX; title rows above the
    header skipped; the importer's bounds), as the other ledgers are read: every problem of the
    content in ``problems`` with its row and column, a file that is no table refused whole.

    ``records`` has the columns :data:`RECORD_COLUMNS`, one row per data row without a problem:
    ``key`` (the 案件编号), ``record_no``, the four days (datetime64[ns], NaT when empty), ``region``
    (code), ``party`` and ``violation`` (as written: escape them to show them), ``credit_code``
    (upper case), ``sector``, ``source`` (``catalog.CASE_SOURCES``), ``penalties``
    (``catalog.PENALTY_KINDS``' codes, comma-separated, in the catalog's order), ``fine`` and
    ``confiscation`` (元, 0 when empty), ``transferred`` (``yes`` or ``no``) and ``source_row``.
    """
    return read_ledger(
        fileobj, name, _Reader, sheet=sheet, regions=regions, progress=progress,
        header_test=is_case_header, times=True,
    )  # fmt: skip


# --- the template ----------------------------------------------------------------------


def template_frames(regions: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The penalty case ledger template: ``data`` (the header and two example rows) and ``codes``
    (the code lists: regions, sectors, sources, penalty kinds, 是/否). ``regions`` adds the
    store's towns to the region list.

    >>> frames = template_frames()
    >>> list(frames["data"].columns)[:5], len(frames["data"])
    (['案件编号', '立案日期', '处罚决定日期', '结案日期', '地区'], 2)
    >>> frames["codes"].groupby("代码表", sort=False).size().tolist()
    [10, 14, 6, 7, 2]
    """
    lists = catalog.CASE_CODE_LISTS
    rows = code_rows(lists["source"], catalog.CASE_SOURCES) + code_rows(lists["penalties"], catalog.PENALTY_KINDS)
    rows += code_rows(lists["transferred"], catalog.CASE_TRANSFERRED)
    labels = catalog.CASE_COLUMN_LABELS
    return reading.template_frames(labels, labels, catalog.CASE_TEMPLATE_ROWS, lists, regions, rows)


def template_csv() -> bytes:
    """The template as CSV in UTF-8 with BOM (Excel on Chinese Windows opens it correctly)."""
    return reading.template_csv(template_frames())


def template_xlsx(regions: pd.DataFrame | None = None) -> bytes:
    """The template as an xlsx workbook: the data sheet first, the code lists second."""
    return workbook(template_frames(regions), catalog.CASE_TEMPLATE_SHEETS)
