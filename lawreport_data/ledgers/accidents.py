"""The accident ledger (事故台账): read a county's file of one row per accident, check every row
against the catalog and the law, and hand over the records, or every problem with its row and
column. Nothing here writes anything: the store and the import path build on the result.

Vectorised: each distinct text of a column (a region, a sector, a date) is looked up once and
spread to the rows by its code; numbers and dates go through pandas' column-wise parsers.

>>> import io
>>> data = ("事故台账\\n发生时间,地区,行业领域,事故类别,死亡人数,受伤人数\\n"
...         "2022-03-05 14:30,灌云县,化工,中毒窒息,1,0\\n").encode("gbk")
>>> ledger = read_accident_ledger(io.BytesIO(data), "灌云县.csv")
>>> ledger.ok, ledger.encoding, ledger.header_row, ledger.key_kind
(True, 'gbk', 2, 'composite')
>>> r = ledger.records.iloc[0]
>>> r["key"], r["region"], r["sector"], r["type"], int(r["deaths"]), r["grade"], r["status"]
('2022-03-05 14:30|320723|', '320723', 'hazchem', '19', 1, 'general', 'counted')
"""

from __future__ import annotations

import dataclasses
import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import catalog, importer
from ..importer import _problem_frame, norm
from . import reading
from .cells import (
    CREDIT_CODE_CHARS,
    NULL_TEXT,
    Cells,
    arrow_of,
    checked_credit_codes,
    datetimes,
    nearest_hints,
    numbers,
    valid_credit_code,
)
from .fields import ACCIDENT_RECORD_COLUMNS
from .reading import LedgerReader, ParsedLedger, code_rows, read_ledger, records_frame, workbook

__all__ = [
    "CREDIT_CODE_CHARS",
    "RECORD_COLUMNS",
    "ParsedLedger",
    "grade_of",
    "is_accident_header",
    "parse_occurred_at",
    "read_accident_ledger",
    "restrict_regions",
    "template_csv",
    "template_frames",
    "template_xlsx",
    "valid_credit_code",
]

# The records frame handed to the store, in this order (see read_accident_ledger).
RECORD_COLUMNS = list(ACCIDENT_RECORD_COLUMNS)
COUNT_COLUMNS = ("deaths", "missing", "serious_injuries", "injuries")
# A CSV column whose first chunk has more distinct texts than this share of its rows is read as
# strings, not a categorical (csv_io.read_csv): a ledger's numbers, times, names hardly repeat.
PLAIN_SHARE = 0.5
KEY_KINDS = ("record_no", "composite")

# --- the catalog's names as lookups ------------------------------------------------------


def _lookup(*pairs) -> dict[str, str]:
    """norm(name) → code; the first pair naming a text wins."""
    out: dict[str, str] = {}
    for name, code in pairs:
        out.setdefault(norm(name), code)
    return out


COLUMN_LOOKUP = _lookup(*((a, role) for role, aliases in catalog.ACCIDENT_COLUMNS.items() for a in aliases))
# Roles no aggregate table has: one of them tells a ledger header from an aggregate one.
LEDGER_ONLY_ROLES = frozenset(
    {
        "record_no",
        "unit",
        "credit_code",
        "sector",
        "industry",
        "type",
        "missing",
        "serious_injuries",
        "grade",
        "status",
        "write_off_reason",
        "summary",
    }
)
_COUNT_SUFFIX = re.compile(r"\((?:人|名)\)$")

SECTOR_CODES = list(catalog.ACCIDENT_SECTORS)
SECTOR_LOOKUP = _lookup(
    *((c, c) for c in SECTOR_CODES),
    *((n, c) for c, n in catalog.ACCIDENT_SECTORS.items()),
    *catalog.ACCIDENT_SECTOR_ALIASES.items(),
)
SECTOR_NAMES = [*catalog.ACCIDENT_SECTORS.values(), *catalog.ACCIDENT_SECTOR_ALIASES]

TYPE_CODES = list(catalog.ACCIDENT_TYPES)
TYPE_LOOKUP = _lookup(
    *((c, c) for c in TYPE_CODES),
    *((str(int(c)), c) for c in TYPE_CODES),  # Excel turns 01 into 1
    *((n, c) for c, n in catalog.ACCIDENT_TYPES.items()),
    *catalog.ACCIDENT_TYPE_ALIASES.items(),
)
TYPE_NAMES = [*catalog.ACCIDENT_TYPES.values(), *catalog.ACCIDENT_TYPE_ALIASES]


def _industry_lookup() -> dict[str, str]:
    pairs = []
    for code, name in catalog.INDUSTRY_DIVISIONS.items():  # a division before a section of the same name
        pairs += [(code, code), (str(int(code)), code), (name, code)]
    for letter, (name, first, last) in catalog.INDUSTRY_SECTIONS.items():
        pairs += [(letter, letter), (name, letter)]
        pairs += [(f"{letter}{d:02d}", f"{d:02d}") for d in range(int(first), int(last) + 1)]  # C26
    return _lookup(*pairs)


INDUSTRY_LOOKUP = _industry_lookup()
INDUSTRY_CODES = [*catalog.INDUSTRY_SECTIONS, *catalog.INDUSTRY_DIVISIONS]
INDUSTRY_NAMES = [*(n for n, _, _ in catalog.INDUSTRY_SECTIONS.values()), *catalog.INDUSTRY_DIVISIONS.values()]

GRADE_CODES = list(catalog.ACCIDENT_GRADES)
GRADE_LOOKUP = _lookup(
    *((c, c) for c in GRADE_CODES),
    *((n, c) for c, n in catalog.ACCIDENT_GRADES.items()),
    *catalog.ACCIDENT_GRADE_ALIASES.items(),
)
STATUS_CODES = list(catalog.ACCIDENT_STATUSES)
STATUS_LOOKUP = _lookup(
    *((c, c) for c in STATUS_CODES),
    *((n, c) for c, n in catalog.ACCIDENT_STATUSES.items()),
    *catalog.ACCIDENT_STATUS_ALIASES.items(),
)
_BLANK = frozenset(norm(b) for b in catalog.BLANK_CELLS)


def column_role(cell: str) -> str:
    """A header cell's role in the ledger (a key of ``catalog.ACCIDENT_COLUMNS``), "" for an empty
    cell, "unknown" otherwise; a count's unit in brackets is allowed.

    >>> column_role("死亡人数（人）"), column_role("Occurred_At"), column_role(" 序号 "), column_role("备注")
    ('deaths', 'occurred_at', 'ignore', 'unknown')
    >>> column_role("直接经济损失（元）"), column_role("直接经济损失(万元)"), column_role("")
    ('direct_loss_yuan', 'direct_loss', '')
    """
    key = norm(cell)
    if not key:
        return ""
    if key in COLUMN_LOOKUP:
        return COLUMN_LOOKUP[key]
    base = _COUNT_SUFFIX.sub("", key)
    if base != key and COLUMN_LOOKUP.get(base) in COUNT_COLUMNS:
        return COLUMN_LOOKUP[base]
    return "unknown"


def is_accident_header(cells: list[str]) -> bool:
    """Whether a row is an accident ledger's header (not an aggregate table's): at least three
    ledger columns, one of them a column no aggregate table has (事故类别, 行业领域, 事故单位, …),
    and two such when the row also names an indicator or value column of an aggregate table.

    >>> is_accident_header(["序号", "发生时间", "地区", "行业领域", "事故类别", "死亡人数"])
    True
    >>> is_accident_header(["occurred_at", "region", "sector", "type"])
    True
    >>> is_accident_header(["地区", "指标", "期间", "数值"])  # a long aggregate table
    False
    >>> is_accident_header(["地区", "期间", "事故起数", "死亡人数", "受伤人数", "直接经济损失（万元）"])  # wide
    False
    >>> is_accident_header(["灌云县2022年事故台账"])  # a title row
    False
    """
    roles = [column_role(c) for c in cells]
    known = {r for r in roles if r not in ("", "unknown", "ignore")}
    specific = known & LEDGER_ONLY_ROLES
    aggregate = any(
        role == "unknown" and (importer.indicator_code(cell) or importer.COLUMN_LOOKUP.get(norm(cell)) == "value")
        for role, cell in zip(roles, cells, strict=True)
    )
    return len(known) >= 3 and len(specific) >= (2 if aggregate else 1)


# --- grades ----------------------------------------------------------------------------


def grade_of(deaths_incl_missing, serious_injuries, direct_loss_wan):
    """The grade by 生产安全事故报告和调查处理条例 art. 3 (``catalog.ACCIDENT_GRADE_THRESHOLDS``):
    the most serious grade any one of the three figures reaches ("以上" includes the bound).
    Scalars give a code; arrays an array of codes; a Series a Series (same index).

    >>> [grade_of(d, 0, 0) for d in (0, 2, 3, 9, 10, 29, 30)]
    ['general', 'general', 'larger', 'larger', 'major', 'major', 'especially_major']
    >>> [grade_of(0, s, 0) for s in (9, 10, 49, 50, 99, 100)]
    ['general', 'larger', 'larger', 'major', 'major', 'especially_major']
    >>> [grade_of(0, 0, x) for x in (999.99, 1000, 4999.99, 5000, 9999.99, 10000)]
    ['general', 'larger', 'larger', 'major', 'major', 'especially_major']
    >>> grade_of(pd.Series([1, 3], index=[7, 8]), pd.Series([0, 0], index=[7, 8]), [0.0, float("nan")]).to_dict()
    {7: 'general', 8: 'larger'}
    >>> grade_of(np.array([0, 12]), np.array([50, 0]), np.array([0, 0])).tolist()
    ['major', 'major']
    """
    index = next(
        (x.index for x in (deaths_incl_missing, serious_injuries, direct_loss_wan) if isinstance(x, pd.Series)), None
    )
    d = np.asarray(deaths_incl_missing, dtype="float64")
    s = np.asarray(serious_injuries, dtype="float64")
    loss = np.nan_to_num(np.asarray(direct_loss_wan, dtype="float64"), nan=0.0)
    conditions = [(d >= td) | (s >= ts) | (loss >= tl) for _, td, ts, tl in catalog.ACCIDENT_GRADE_THRESHOLDS]
    codes = np.array([g for g, *_ in catalog.ACCIDENT_GRADE_THRESHOLDS] + ["general"], dtype=object)
    which = np.select(conditions, np.arange(len(conditions)), default=len(conditions)) if conditions else 0
    out = codes[np.asarray(which, dtype=np.intp)]
    if np.ndim(out) == 0:
        return str(out)
    if index is not None:
        return pd.Series(out, index=index, dtype=object)
    return out


def parse_occurred_at(series) -> tuple[pd.Series, np.ndarray]:
    """(datetimes to the minute, bad) of 发生时间 cells: Excel date serials and datetime cells,
    ``2022-03-05``, ``2022/3/5``, ``2022.3.5``, ``2022年3月5日``, each optionally followed by a
    time ``14:30``, ``14:30:00``, ``14时30分`` or ``14时``. A blank cell is NaT and not bad; a
    cell with text that is no date and time is NaT and bad. Each distinct text is parsed once.

    >>> s = pd.Series(["2022-03-05", "2022/3/5 14:30", "2022.3.5 14:30:59", "2022年3月5日14时30分",
    ...                "2022年3月5日 8时", "44625.6041666667", "", "2022-02-30", "2022-03-05 24:00", "昨天"])
    >>> when, bad = parse_occurred_at(s)
    >>> [str(t) for t in when]  # doctest: +NORMALIZE_WHITESPACE
    ['2022-03-05 00:00:00', '2022-03-05 14:30:00', '2022-03-05 14:30:00', '2022-03-05 14:30:00',
     '2022-03-05 08:00:00', '2022-03-05 14:30:00', 'NaT', 'NaT', 'NaT', 'NaT']
    >>> bad.tolist(), when.dtype
    ([False, False, False, False, False, False, False, True, True, True], dtype('<M8[ns]'))
    >>> import datetime as dt
    >>> parse_occurred_at(pd.Series([dt.datetime(2022, 3, 5, 14, 30, 40), None]))[0].tolist()
    [Timestamp('2022-03-05 14:30:00'), NaT]
    """
    cells = Cells(series)
    when, bad = datetimes(cells)
    return pd.Series(when, index=cells.index), bad


# --- the file --------------------------------------------------------------------------


class _Reader(LedgerReader):
    """The state of one accident ledger's reading (``reading.LedgerReader``): its columns, the
    problems, each chunk's fields."""

    def __init__(self, header: list[str], header_row: int, regions: pd.DataFrame | None):
        super().__init__(
            header,
            header_row,
            regions,
            columns=catalog.ACCIDENT_COLUMNS,
            labels=catalog.ACCIDENT_COLUMN_LABELS,
            required=catalog.ACCIDENT_REQUIRED_COLUMNS,
            role_of=column_role,
        )
        self.loss_role = "direct_loss_yuan" if "direct_loss_yuan" in self.cols else "direct_loss"
        self.record_no_arrow: list[pa.Array | None] = []  # each part's 事故编号 as Arrow strings

    def taken(self, role: str) -> bool:
        """直接经济损失 in 万元 and in 元 are one column: the second of them is a duplicate."""
        return role.startswith("direct_loss") and bool({"direct_loss", "direct_loss_yuan"} & set(self.cols))

    def _fields(self, chunk: pd.DataFrame, rows: np.ndarray) -> dict[str, np.ndarray]:
        n = len(chunk)
        bad = np.full(n, bool(self.missing))
        out: dict[str, np.ndarray] = {"source_row": rows}
        cells = {role: Cells(chunk[i]) for role, i in self.cols.items()}

        def report(mask: np.ndarray, role: str, kind: str, hints="", values=None) -> None:
            """A problem for each row in ``mask``: the role's column, its cell text (or ``values``)."""
            if not mask.any():
                return
            shown = cells[role].text(mask) if values is None and role in cells else np.asarray(values)[mask]
            hints = hints(shown) if callable(hints) else hints
            self.problems.add(rows[mask], self.column(role), shown, kind, hints)

        def required(role: str) -> None:
            report(cells[role].blank(), role, "required_empty")

        # 发生时间
        if "occurred_at" in cells:
            stamps, wrong = datetimes(cells["occurred_at"])
            required("occurred_at")
            report(wrong, "occurred_at", "bad_datetime", catalog.IMPORT_HINTS["datetime_forms"])
            bad |= np.isnat(stamps)
            out["occurred_at"] = stamps
        else:
            out["occurred_at"] = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")

        # 地区: a county, district, zone or town (not the city as a whole)
        if "region" in cells:
            index = cells["region"].resolve(self.regions_map, self.region_codes)
            required("region")
            report((index < 0) & ~cells["region"].blank(), "region", "unknown_region", nearest_hints(self.region_names))
            city = np.isin(index, self.whole_indices)
            report(city, "region", self.not_local("region_not_local"), catalog.IMPORT_HINTS["region_level"])
            bad |= (index < 0) | city
            out["region"] = np.array([*self.region_codes, ""], dtype=object)[index]
        else:
            out["region"] = np.full(n, "", dtype=object)

        # 行业领域, 事故类别 (required), 国民经济行业 (optional)
        for role, lookup, codes_list, names, kind in (
            ("sector", SECTOR_LOOKUP, SECTOR_CODES, SECTOR_NAMES, "unknown_sector"),
            ("type", TYPE_LOOKUP, TYPE_CODES, TYPE_NAMES, "unknown_accident_type"),
            ("industry", INDUSTRY_LOOKUP, INDUSTRY_CODES, INDUSTRY_NAMES, "unknown_industry"),
        ):
            if role not in cells:
                out[role] = np.full(n, None if role == "industry" else "", dtype=object)
                continue
            index = cells[role].resolve(lookup, codes_list)
            blank = cells[role].blank()
            if role != "industry":
                required(role)
                bad |= blank
            unknown = (index < 0) & ~blank
            report(unknown, role, kind, nearest_hints(names))
            bad |= unknown
            out[role] = np.array([*codes_list, None], dtype=object)[index]

        # counts and the direct loss
        for role in COUNT_COLUMNS:
            if role not in cells:
                out[role] = np.zeros(n, dtype="int64")
                continue
            value, state = numbers(cells[role], "count")
            report((state == 1) | (state == 3), role, "bad_count")
            report(state == 2, role, "negative_count")
            bad |= state != 0
            out[role] = np.where(state == 0, value, 0).astype("int64")
        over = out["serious_injuries"] > out["injuries"]
        if over.any():
            given = catalog.IMPORT_HINTS["injuries_given"]
            hints = np.array([given.format(injuries=k) for k in out["injuries"][over]], dtype=object)
            report(over, "serious_injuries", "serious_over_injuries", lambda _shown: hints)
            bad |= over
        role = self.loss_role
        if role in cells:
            value, state = numbers(cells[role], "yuan" if role == "direct_loss_yuan" else "wan")
            report(state == 1, role, "bad_loss")
            report(state == 2, role, "negative_loss")
            bad |= state != 0
            value = np.where(state == 0, value, 0.0)
            out["direct_loss"] = value / 10000 if role == "direct_loss_yuan" else value
        else:
            out["direct_loss"] = np.zeros(n, dtype="float64")

        # 事故等级: derived; a grade the file gives must agree
        deaths_all = out["deaths"] + out["missing"]
        derived = grade_of(deaths_all, out["serious_injuries"], out["direct_loss"])
        out["grade"] = derived
        if "grade" in cells:
            index = cells["grade"].resolve(GRADE_LOOKUP, GRADE_CODES)
            unknown = (index < 0) & ~cells["grade"].blank()
            report(unknown, "grade", "unknown_grade")
            given = np.array([*GRADE_CODES, ""], dtype=object)[index]
            mismatch = (index >= 0) & (given != derived) & ~bad
            hints = [
                catalog.IMPORT_HINTS["grade_derived"].format(
                    grade=catalog.ACCIDENT_GRADES[derived[i]],
                    deaths=int(deaths_all[i]),
                    serious=int(out["serious_injuries"][i]),
                    loss=f"{out['direct_loss'][i]:g}",
                )
                for i in np.flatnonzero(mismatch)
            ]
            report(mismatch, "grade", "grade_mismatch", lambda _shown: hints)
            bad |= unknown | mismatch

        # 统计状态 and 核销原因
        if "write_off_reason" in cells:
            reason, reason_blank = cells["write_off_reason"].text(), cells["write_off_reason"].blank()
        else:
            reason, reason_blank = np.full(n, "", dtype=object), np.ones(n, dtype=bool)
        out["write_off_reason"] = np.where(reason_blank, None, reason).astype(object)
        if "status" in cells:
            index = cells["status"].resolve(STATUS_LOOKUP, STATUS_CODES)
            blank = cells["status"].blank()
            unknown = (index < 0) & ~blank
            report(unknown, "status", "unknown_status")
            bad |= unknown
            status = np.array([*STATUS_CODES, ""], dtype=object)[np.where(blank, STATUS_CODES.index("counted"), index)]
            no_reason = (status == "written_off") & reason_blank
            hint = catalog.IMPORT_HINTS["write_off_reason"].format(column=self.column("write_off_reason"))
            report(no_reason, "write_off_reason", "missing_write_off_reason", hint, values=reason)
            bad |= no_reason
            out["status"] = status
        else:
            out["status"] = np.full(n, "counted", dtype=object)

        # 统一社会信用代码
        if "credit_code" in cells:
            wrong, hints, out["credit_code"] = checked_credit_codes(cells["credit_code"])
            report(wrong, "credit_code", "bad_credit_code", hints)
            bad |= wrong
        else:
            out["credit_code"] = np.full(n, None, dtype=object)

        # free text: 事故编号 and 事故单位 stripped, 简要经过 as written
        for role in ("record_no", "unit", "summary"):
            if role not in cells:
                out[role] = np.full(n, "" if role == "unit" else None, dtype=object)
            elif role == "unit":
                out[role] = cells[role].text()
            elif role == "record_no":
                out[role] = cells[role].optional()
                self.record_no_arrow.append(cells[role].arrow_u)  # None unless the texts came as strings
            elif (arrow := arrow_of(chunk[self.cols[role]])) is not None:  # as written, by Arrow
                out[role] = pc.if_else(pa.array(cells[role].blank()), NULL_TEXT, arrow).to_numpy(zero_copy_only=False)
            else:
                text = chunk[self.cols[role]].to_numpy(dtype=object)
                out[role] = np.where(cells[role].blank(), None, text).astype(object)
        out["bad"] = bad
        return out

    def finish(self) -> tuple[pd.DataFrame, str]:
        """All chunks read: the unknown columns with content, the keys and their duplicates, the records."""
        self.unknown_columns()
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in RECORD_COLUMNS}), "composite"
        fields = self.fields()
        record_no = fields["record_no"]
        by_number = "record_no" in self.cols and not pd.isna(pd.Series(record_no, dtype=object)).any()
        if by_number:
            key = record_no
            key_ok = np.ones(len(key), dtype=bool)
            key_column = self.column("record_no")
        else:
            stamps = fields["occurred_at"]
            key_ok = ~np.isnat(stamps) & (fields["region"] != "")
            unique, inverse = np.unique(stamps, return_inverse=True)
            texts = pd.DatetimeIndex(unique).strftime("%Y-%m-%d %H:%M").fillna("").to_numpy(dtype=object)
            key = texts[inverse.ravel()] + "|" + fields["region"] + "|" + fields["unit"]
            key_column = "、".join(self.column(r) for r in ("occurred_at", "region", "unit") if r in self.cols)
        at = np.flatnonzero(key_ok)
        # the usual file: every number once, as Arrow counts them (no hash of Python strings)
        arrow = by_number and self.record_no_arrow and all(a is not None for a in self.record_no_arrow)
        if not (arrow and len(pc.unique(pa.chunked_array(self.record_no_arrow))) == len(at)):
            self.repeated(fields, key, at, key_column)
        fields["key"] = key
        dtypes = {"occurred_at": "datetime64[ns]", "direct_loss": "float64", "source_row": "int64"}
        dtypes |= dict.fromkeys(COUNT_COLUMNS, "int64")
        return records_frame(fields, RECORD_COLUMNS, dtypes), "record_no" if by_number else "composite"


def read_accident_ledger(
    fileobj, name: str, *, sheet: str | None = None, regions: pd.DataFrame | None = None, progress=None
) -> ParsedLedger:
    """Read and check a whole accident ledger (CSV in UTF-8/GBK/…, or XLSX; title rows above the
    header skipped; the importer's bounds on size, rows, columns and cells).

    Every problem of the content is in ``problems`` (row: the file's row number; column: the
    header as the file writes it; value; problem; hint with the nearest catalog names); nothing
    is raised for it. A file that is no table at all (empty, binary, too large, no header row)
    is refused whole with :class:`~lawreport_data.import_errors.ImportError_` as the importer does;
    a header without data rows is no problem (``rows_read`` 0: a county with no accident).
    ``regions``: the store's regions (code, name), so its towns are known.

    ``records`` has the columns :data:`RECORD_COLUMNS`, one row per data row without a problem:
    ``key`` (事故编号 when every row has one, else ``"%Y-%m-%d %H:%M|region code|unit"``),
    ``record_no``, ``occurred_at`` (datetime64[ns], to the minute), ``region`` (code), ``unit``
    ("" when not given), ``credit_code`` (upper case), ``sector`` (``catalog.ACCIDENT_SECTORS``),
    ``industry`` (门类 letter or 大类 two digits), ``type`` (GB 6441-86 two digits), the four counts
    (int64), ``direct_loss`` (float64, 万元), ``grade`` (derived), ``status`` (counted or
    written_off), ``write_off_reason``, ``summary`` (as written: escape it to show it) and
    ``source_row`` (int64). Text columns are object columns of Python strings, None where an
    optional cell is empty. ``progress(rows)``, when given, is called after each chunk read and
    checked with the data rows so far.
    """
    return read_ledger(
        fileobj, name, _Reader, sheet=sheet, regions=regions, progress=progress,
        header_test=is_accident_header, times=True, plain_share=PLAIN_SHARE,
    )  # fmt: skip


def restrict_regions(parsed: ParsedLedger, allowed: set[str], scope_name: str) -> ParsedLedger:
    """``parsed`` with a problem for each record whose region is outside ``allowed`` (a county
    analyst's own region and its towns), that record left out; nothing else changes.

    >>> import io
    >>> data = "发生时间,地区,行业领域,事故类别\\n2022-03-05,灌云县,工贸,01\\n2022-03-06,灌南县,工贸,01\\n"
    >>> parsed = read_accident_ledger(io.BytesIO(data.encode()), "t.csv")
    >>> mine = restrict_regions(parsed, {"320723"}, "灌云县")
    >>> mine.problems[["row", "column", "value", "kind"]].to_dict("records")
    [{'row': 3, 'column': '地区', 'value': '灌南县', 'kind': 'outside_region'}]
    >>> mine.records["source_row"].tolist(), parsed.ok
    ([2], True)
    """
    records = parsed.records
    outside = ~records["region"].isin(allowed).to_numpy(dtype=bool)
    if not outside.any():
        return parsed
    names = records["region"][outside].map(catalog.region_name)
    hint = catalog.IMPORT_HINTS["scope"].format(region=scope_name)
    column = parsed.columns.get("region", catalog.ACCIDENT_COLUMN_LABELS["region"])
    extra = _problem_frame(records["source_row"][outside], column, names, "outside_region", hint)
    frames = [p for p in (parsed.problems, extra) if len(p)]
    problems = pd.concat(frames, ignore_index=True).sort_values(["row", "column"], kind="stable", ignore_index=True)
    kept = records[~outside].reset_index(drop=True)
    return dataclasses.replace(parsed, records=kept, problems=problems)


# --- templates ------------------------------------------------------------------------

TEMPLATE_ROLES = [r for r in catalog.ACCIDENT_COLUMN_LABELS if r != "direct_loss_yuan"]


def template_frames(regions: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The ledger template: ``data`` (the header and two example rows) and ``codes`` (the code
    lists: regions, sectors, GB 6441-86 classes, grades, statuses, GB/T 4754-2017 sections and
    divisions). ``regions`` adds the store's towns to the region list.

    >>> frames = template_frames()
    >>> list(frames["data"].columns)[:4], len(frames["data"])
    (['事故编号', '发生时间', '地区', '事故单位'], 2)
    >>> frames["codes"].groupby("代码表", sort=False).size().tolist()
    [10, 14, 20, 4, 2, 20, 97]
    """
    lists = catalog.ACCIDENT_CODE_LISTS
    rows = code_rows(lists["type"], catalog.ACCIDENT_TYPES)
    rules = {g: (d, s, x) for g, d, s, x in catalog.ACCIDENT_GRADE_THRESHOLDS}
    rows += [
        (
            lists["grade"],
            c,
            n,
            catalog.ACCIDENT_GRADE_RULE.format(deaths=rules[c][0], serious=rules[c][1], loss=rules[c][2])
            if c in rules
            else catalog.ACCIDENT_GRADE_RULE_GENERAL,
        )
        for c, n in catalog.ACCIDENT_GRADES.items()
    ]
    rows += code_rows(lists["status"], catalog.ACCIDENT_STATUSES)
    rows += [(lists["industry_section"], c, n, f"{a}–{b}") for c, (n, a, b) in catalog.INDUSTRY_SECTIONS.items()]
    rows += code_rows(lists["industry_division"], catalog.INDUSTRY_DIVISIONS)
    labels = catalog.ACCIDENT_COLUMN_LABELS
    return reading.template_frames(labels, TEMPLATE_ROLES, catalog.ACCIDENT_TEMPLATE_ROWS, lists, regions, rows)


def template_csv() -> bytes:
    """The ledger template as CSV in UTF-8 with BOM (Excel on Chinese Windows opens it correctly)."""
    return reading.template_csv(template_frames())


def template_xlsx(regions: pd.DataFrame | None = None) -> bytes:
    """The ledger template as an xlsx workbook: the data sheet first, the code lists second."""
    return workbook(template_frames(regions), catalog.ACCIDENT_TEMPLATE_SHEETS)
