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
from .cells import numbers
from .chunk import Chunk, code_lookup
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


COLUMN_LOOKUP = {norm(a): role for role, aliases in catalog.CASE_COLUMNS.items() for a in aliases}
SOURCE_LOOKUP = code_lookup(catalog.CASE_SOURCES, catalog.CASE_SOURCE_ALIASES)
PENALTY_LOOKUP = code_lookup(catalog.PENALTY_KINDS, catalog.PENALTY_KIND_ALIASES)
TRANSFERRED_LOOKUP = code_lookup(catalog.CASE_TRANSFERRED, catalog.CASE_TRANSFERRED_ALIASES)
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
        c = Chunk(self, chunk, rows)
        bad = np.full(c.n, bool(self.missing)) | c.required(catalog.CASE_REQUIRED_COLUMNS)
        out: dict[str, np.ndarray] = {"source_row": rows, **c.texts(("record_no", "party", "violation"))}

        # the days; none before 立案
        for role in DATE_COLUMNS:
            out[role], wrong = c.days(role)
            bad |= wrong
        filed = out["filed_on"]
        hint = catalog.IMPORT_HINTS["filed_on"]
        for role in DATE_COLUMNS[1:]:
            early = ~np.isnat(filed) & ~np.isnat(out[role]) & (out[role] < filed)
            c.report(early, role, "before_filing",
                     lambda m: [hint.format(date=str(np.datetime64(d, "D"))) for d in filed[m]])  # fmt: skip
            bad |= early

        out["region"], wrong = c.region("case_region_not_local", catalog.IMPORT_HINTS["case_region_level"])
        bad |= wrong
        sources = [*catalog.CASE_SOURCES.values(), *catalog.CASE_SOURCE_ALIASES]
        for role, lookup, codes, names, kind in (
            ("source", SOURCE_LOOKUP, list(catalog.CASE_SOURCES), sources, "unknown_case_source"),
            ("sector", SECTOR_LOOKUP, SECTOR_CODES, SECTOR_NAMES, "unknown_sector"),
            ("transferred", TRANSFERRED_LOOKUP, list(catalog.CASE_TRANSFERRED), list(catalog.CASE_TRANSFERRED.values()),
             "bad_yes_no"),
        ):  # fmt: skip
            out[role], wrong = c.coded(role, lookup, codes, names, kind)
            bad |= wrong
        out["transferred"] = np.where(pd.isna(out["transferred"]), "no", out["transferred"]).astype(object)  # blank: 否
        late = (out["transferred"] != "yes") & ~np.isnat(out["transferred_on"])
        c.report(late, "transferred_on", "transfer_date_without_transfer")
        bad |= late

        # 处罚种类 (one or more)
        if "penalties" in c.cells:
            kinds = c.cells["penalties"]
            out["penalties"] = kinds.spread(
                np.array([penalty_codes(t) if t else None for t in kinds.text_u], dtype=object)
            )
            unknown = pd.isna(out["penalties"]) & ~kinds.blank()
            names = ", ".join(catalog.PENALTY_KINDS.values())
            c.report(
                unknown, "penalties", "unknown_penalty_kind", catalog.IMPORT_HINTS["penalty_kinds"].format(names=names)
            )
            bad |= unknown
        else:
            out["penalties"] = np.full(c.n, None, dtype=object)

        # 罚款金额, 没收金额 (元; blank: 0), each with its penalty kind
        given = pd.Series(out["penalties"], dtype=object)
        combos = given.dropna().unique()  # a few combinations of kinds: each looked at once
        for role, kind in (("fine", "fine_without_kind"), ("confiscation", "confiscation_without_kind")):
            if role not in c.cells:
                out[role] = np.zeros(c.n)
                continue
            value, state = numbers(c.cells[role], "yuan")
            c.report(state == 1, role, "bad_amount")
            c.report(state == 2, role, "negative_amount")
            bad |= state != 0
            out[role] = np.where(state == 0, value, 0.0)
            has_kind = given.map({c: role in c.split(",") for c in combos}).to_numpy(dtype=bool, na_value=False)
            without = (out[role] > 0) & ~pd.isna(out["penalties"]) & ~has_kind
            c.report(without, role, kind)
            bad |= without

        out["credit_code"], wrong = c.credit_code()
        out["bad"] = bad | wrong
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
