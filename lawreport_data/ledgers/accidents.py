"""The accident ledger (事故台账): read a county's file of one row per accident, check every row
against the catalog and the law, and hand over the records, or every problem with its row and
column. Nothing here writes anything: the store and the import path build on the result.

Vectorised: each distinct text of a column (a region, a sector, a date) is looked up once and
spread to the rows by its code; numbers and dates go through pandas' column-wise parsers.

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
import io
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import catalog, importer
from ..importer import _factorize, _problem_frame, empty_problems, nearest, norm
from .fields import ACCIDENT_RECORD_COLUMNS

__all__ = [
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
COLUMN_NAMES = [a for role, names in catalog.ACCIDENT_COLUMNS.items() if role != "ignore" for a in names]
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


# --- 统一社会信用代码 (GB 32100-2015) -----------------------------------------------------

CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 symbols: no I, O, S, V, Z
_CREDIT_VALUE = np.full(128, -1, dtype=np.int64)
for _i, _c in enumerate(CREDIT_CODE_CHARS):
    _CREDIT_VALUE[ord(_c)] = _i
_CREDIT_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)


def _fixed_bytes(texts: pa.Array, at: np.ndarray, width: int) -> np.ndarray:
    """The bytes of the texts at ``at`` (each ``width`` bytes long) as a (len(at), width) array."""
    if not len(at):
        return np.zeros((0, width), dtype=np.uint8)
    fixed = texts.take(pa.array(at, type=pa.int64())).cast(pa.binary()).cast(pa.binary(width))
    data = np.frombuffer(fixed.buffers()[1], dtype=np.uint8)[fixed.offset * width :][: len(at) * width]
    return data.reshape(-1, width)


_CREDIT_BYTE = np.full(256, -1, dtype=np.int8)  # a byte's value in the code, -1 for no symbol
_CREDIT_BYTE[:128] = _CREDIT_VALUE


def _credit_check(codes) -> tuple[np.ndarray, np.ndarray]:
    """(valid, expected check character or "") for each code (upper case already), vectorised:
    the characters as code points, one weighted sum per row. ``codes``: texts, or an Arrow
    array of them (read without Python strings)."""
    if isinstance(codes, pa.Array):
        n = len(codes)
        lengths = pc.fill_null(pc.binary_length(codes), 0).to_numpy(zero_copy_only=False)
        at = np.flatnonzero(lengths == 18)  # 18 bytes: 18 characters when they are all ASCII
        values = _CREDIT_BYTE[_fixed_bytes(codes, at, 18)]  # a byte of a longer character: -1
    else:
        codes = np.asarray(codes, dtype=object)
        n = len(codes)
        lengths = pd.Series(codes, dtype=object).str.len().to_numpy()
        at = np.flatnonzero(lengths == 18)
        points = np.array(codes[at].tolist(), dtype="<U18").view(np.uint32).reshape(-1, 18)
        values = np.where(points < 128, _CREDIT_VALUE[np.minimum(points, 127)], -1)
    valid = np.zeros(n, dtype=bool)
    expected = np.full(n, "", dtype=object)
    if not len(at):
        return valid, expected
    body_ok = (values[:, :17] >= 0).all(axis=1)
    # the weighted sum by a float product (exact: at most 17 · 30 · 30)
    total = (values[:, :17].astype(np.float64) @ _CREDIT_WEIGHTS.astype(np.float64)).astype(np.int64)
    check = (31 - total % 31) % 31
    valid[at] = body_ok & (values[:, 17] == check)
    chars = np.array(list(CREDIT_CODE_CHARS), dtype=object)
    expected[at[body_ok]] = chars[check[body_ok]]
    return valid, expected


# Python's \s among ASCII characters (RE2's \s leaves out \v and \x1c-\x1f)
_ASCII_SPACE = r"[\t\n\x0b\x0c\r\x1c-\x1f ]+"


def _credit_texts(texts):
    """Each code as compared: NFKC, no whitespace, upper case. An Arrow array stays one (ASCII
    texts by Arrow's kernels, the few others as Python does it); an object array gives one."""
    if not isinstance(texts, pa.Array):
        return np.array([re.sub(r"\s+", "", unicodedata.normalize("NFKC", t)).upper() for t in texts], dtype=object)
    ascii_ = pc.string_is_ascii(texts).to_numpy(zero_copy_only=False)
    out = pc.ascii_upper(texts)
    spaced = np.flatnonzero(pc.match_substring_regex(texts, _ASCII_SPACE).to_numpy(zero_copy_only=False))
    if len(spaced):  # the few with spaces inside: taken out
        values = out.to_numpy(zero_copy_only=False)
        values[spaced] = pc.replace_substring_regex(out.take(pa.array(spaced)), _ASCII_SPACE, "").to_numpy(
            zero_copy_only=False
        )
        out = pa.array(values, type=pa.string())
    if ascii_.all():
        return out
    at = np.flatnonzero(~ascii_)
    others = _credit_texts(texts.take(pa.array(at)).to_numpy(zero_copy_only=False))
    values = out.to_numpy(zero_copy_only=False)
    values[at] = others
    return pa.array(values, type=pa.string())


def valid_credit_code(code: str) -> bool:
    """Whether ``code`` is an 18-character 统一社会信用代码 whose last character is GB 32100's
    check character of the first 17 (lower case and full-width are read as written upper case).

    >>> valid_credit_code("91350100M000100Y43"), valid_credit_code("91350100M000100Y42")
    (True, False)
    >>> valid_credit_code("91350100m000100y43"), valid_credit_code("91350100M000100Y4"), valid_credit_code("")
    (True, False, False)
    >>> valid_credit_code("9135010OM000100Y43")  # the letter O is not a symbol of the code
    False
    """
    text = unicodedata.normalize("NFKC", str(code)).strip().upper()
    return bool(_credit_check([text])[0][0])


# --- cells -----------------------------------------------------------------------------

_BLANK_TEXTS = sorted({*catalog.BLANK_CELLS, *(unicodedata.normalize("NFKC", b) for b in catalog.BLANK_CELLS)})
_BLANK_ARROW = pa.array(_BLANK_TEXTS, type=pa.string())
_NULL_TEXT = pa.scalar(None, type=pa.string())


def _strip(uniques: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(stripped text, blank) of distinct cells. Arrow's string kernels do the work; Python
    strings are made only for the few texts that change (most cells carry no stray spaces)."""
    try:
        arr = pa.array(uniques, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text (a caller's datetime or number cells)
        texts = [
            "" if u is None or (isinstance(u, float) and u != u) or u is pd.NaT else str(u).strip() for u in uniques
        ]
        arr = pa.array(texts, type=pa.string())
        uniques = np.array(texts, dtype=object)
    trimmed = pc.fill_null(pc.utf8_trim_whitespace(arr), "")
    blank = pc.is_in(trimmed, value_set=_BLANK_ARROW).to_numpy(zero_copy_only=False)
    changed = pc.fill_null(pc.not_equal(arr, trimmed), True).to_numpy(zero_copy_only=False)
    at = np.flatnonzero(changed & ~blank)
    if not len(at) and not blank.any():
        return np.asarray(uniques, dtype=object), blank  # nothing to change: no copy
    texts = np.array(uniques, dtype=object, copy=True)
    if len(at):
        texts[at] = trimmed.take(pa.array(at)).to_numpy(zero_copy_only=False)
    texts[blank] = ""
    return texts, blank


def _arrow_of(series: pd.Series) -> pa.Array | None:
    """The Arrow array behind a "str" column of the CSV reader (texts that hardly repeat), else None."""
    if isinstance(series.array, pd.arrays.ArrowStringArray):
        return series.array._pa_array.combine_chunks()
    return None


class _Cells:
    """One column of a chunk as its distinct texts (stripped; "" for a blank cell, which holds
    nothing or only a "not reported" mark such as - or —) and each row's code into them: all work
    is done once per distinct text and spread to the rows by the codes.

    A column of texts that hardly repeat (the CSV reader's "str" columns: record numbers, times,
    names) is not factorized: each cell is its own text (``codes`` None), stripped by Arrow, and
    its texts become Python strings only when asked for (``text_u``)."""

    def __init__(self, series):
        series = series if isinstance(series, pd.Series) else pd.Series(series, dtype=object)
        self.index = series.index
        arrow = _arrow_of(series)
        self._text_u: np.ndarray | None = None
        if arrow is None:
            self.codes, uniques = _factorize(series)
            self._text_u, self.blank_u = _strip(uniques)
            self.arrow_u = None
        else:
            self.codes = None
            trimmed = pc.utf8_trim_whitespace(arrow)
            self.blank_u = pc.is_in(trimmed, value_set=_BLANK_ARROW).to_numpy(zero_copy_only=False)
            self.arrow_u = pc.if_else(pa.array(self.blank_u), "", trimmed) if self.blank_u.any() else trimmed

    @property
    def text_u(self) -> np.ndarray:
        if self._text_u is None:
            self._text_u = self.arrow_u.to_numpy(zero_copy_only=False)
        return self._text_u

    def __len__(self) -> int:
        return len(self.blank_u) if self.codes is None else len(self.codes)

    def text(self, mask: np.ndarray | None = None) -> np.ndarray:
        if self.codes is None:
            if mask is None:
                return self.text_u
            if self._text_u is None:  # a few rows (a problem's): only theirs become Python strings
                return self.arrow_u.filter(pa.array(mask)).to_numpy(zero_copy_only=False)
            return self._text_u[mask]
        return self.text_u[self.codes if mask is None else self.codes[mask]]

    def optional(self) -> np.ndarray:
        """Each cell's text, None where it is blank (an optional column's values)."""
        if self.codes is None:
            return pc.if_else(pa.array(self.blank_u), _NULL_TEXT, self.arrow_u).to_numpy(zero_copy_only=False)
        return np.where(self.blank_u, None, self.text_u).astype(object)[self.codes]

    def blank(self) -> np.ndarray:
        return self.blank_u if self.codes is None else self.blank_u[self.codes]

    def spread(self, per_text: np.ndarray) -> np.ndarray:
        return per_text if self.codes is None else per_text[self.codes]

    def resolve(self, lookup: dict[str, str], codes_list: list[str]) -> np.ndarray:
        """Index into ``codes_list`` of each cell's code by ``lookup`` (norm(text) → code), -1 when
        unknown or blank."""
        position = {c: i for i, c in enumerate(codes_list)}
        found = np.array([position.get(lookup.get(norm(t), ""), -1) for t in self.text_u], dtype="int32")
        found[self.blank_u] = -1
        return self.spread(found)


# --- 发生时间 -----------------------------------------------------------------------------

_DATETIME = re.compile(
    r"^(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:[T\s]+|(?<=日))(?P<H>\d{1,2})\s*(?:"
    r":\s*(?P<M>\d{1,2})(?:\s*:\s*(?P<S>\d{1,2})(?:\.\d+)?)?"
    r"|[时点]\s*(?:(?P<M2>\d{1,2})\s*分?\s*(?:(?P<S2>\d{1,2})\s*秒)?)?"
    r"))?$"
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")  # an Excel date serial (1927–2173), the time as a fraction
_EXCEL_EPOCH = np.datetime64("1899-12-30T00:00", "m")
_FAST_FORMATS = ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d")


def _parse_texts(texts: np.ndarray) -> np.ndarray:
    """datetime64[m] of each distinct (stripped, non-blank) text; NaT where it is no date and time."""
    out = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[m]")
    todo = np.ones(len(texts), dtype=bool)
    series = pd.Series(texts, dtype=object)
    for fmt in _FAST_FORMATS:  # the common forms at C speed
        if not todo.any():
            return out
        at = np.flatnonzero(todo)
        got = pd.to_datetime(series.iloc[at], format=fmt, errors="coerce").to_numpy(dtype="datetime64[m]")
        ok = ~np.isnat(got)
        out[at[ok]] = got[ok]
        todo[at[ok]] = False
    if not todo.any():
        return out
    at = np.flatnonzero(todo)
    rest = series.iloc[at].str.normalize("NFKC").str.strip()
    serial = rest.str.match(_SERIAL).to_numpy(dtype=bool)
    if serial.any():
        minutes = np.round(rest[serial].astype("float64").to_numpy() * 1440).astype("int64")
        out[at[serial]] = _EXCEL_EPOCH + minutes.astype("timedelta64[m]")
    parts = rest[~serial].str.extract(_DATETIME)
    if not len(parts):
        return out
    minute = parts["M"].fillna(parts["M2"]).fillna("0").astype("int64").to_numpy()
    second = parts["S"].fillna(parts["S2"]).fillna("0").astype("int64").to_numpy()
    hour = parts["H"].fillna("0").astype("int64").to_numpy()
    date = pd.to_datetime(
        pd.DataFrame({"year": parts["y"], "month": parts["m"], "day": parts["d"]}).astype("float64"),
        errors="coerce",
    ).to_numpy(dtype="datetime64[m]")
    stamp = date + (hour * 60 + minute).astype("timedelta64[m]")
    stamp[np.isnat(date) | (hour >= 24) | (minute >= 60) | (second >= 60)] = np.datetime64("NaT")
    out[at[~serial]] = stamp
    return out


# _FAST_FORMATS with two-digit fields, as fixed-width layouts: (width, seconds too, time too)
_LAYOUTS = ((16, False, True), (19, True, True), (10, False, False))
_DIGIT_AT = (0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18)
_MARKS = {4: "-", 7: "-", 10: " ", 13: ":", 16: ":"}


def _arrow_stamps(texts: pa.Array) -> np.ndarray:
    """datetime64[m] of the texts written ``2022-03-05 14:30`` (``:59`` seconds or no time
    allowed), each field with all its digits: read from their bytes by numpy, the fields checked
    (no 2022-02-30, no 24:00); NaT for every other text (:func:`_parse_texts` reads those).

    >>> _arrow_stamps(pa.array(["2022-03-05 14:30", "2022-03-05 14:30:59", "2022-03-05", "2022-3-5",
    ...                         "2022-02-30 10:00", "2022-03-05 24:00", "2024-02-29 23:59", "2022-03-05T14:30",
    ...                         "2022-03-0５"])).tolist()  # doctest: +NORMALIZE_WHITESPACE
    [datetime.datetime(2022, 3, 5, 14, 30), datetime.datetime(2022, 3, 5, 14, 30), datetime.datetime(2022, 3, 5, 0, 0),
     None, None, None, datetime.datetime(2024, 2, 29, 23, 59), None, None]
    """
    out = np.full(len(texts), np.datetime64("NaT"), dtype="datetime64[m]")
    lengths = pc.fill_null(pc.binary_length(texts), 0).to_numpy(zero_copy_only=False)
    for width, seconds, time in _LAYOUTS:
        at = np.flatnonzero(lengths == width)
        if not len(at):
            continue
        raw = _fixed_bytes(texts, at, width)
        d = raw.astype(np.int64) - ord("0")
        form = np.ones(len(at), dtype=bool)
        for i in _DIGIT_AT:
            if i < width:
                form &= (raw[:, i] >= ord("0")) & (raw[:, i] <= ord("9"))
        for i, mark in _MARKS.items():
            if i < width:
                form &= raw[:, i] == ord(mark)
        year = d[:, 0] * 1000 + d[:, 1] * 100 + d[:, 2] * 10 + d[:, 3]
        month, day = d[:, 5] * 10 + d[:, 6], d[:, 8] * 10 + d[:, 9]
        hour = d[:, 11] * 10 + d[:, 12] if time else np.zeros(len(at), dtype=np.int64)
        minute = d[:, 14] * 10 + d[:, 15] if time else np.zeros(len(at), dtype=np.int64)
        second = d[:, 17] * 10 + d[:, 18] if seconds else np.zeros(len(at), dtype=np.int64)
        ok = form & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31)
        ok &= (hour < 24) & (minute < 60) & (second < 60)
        months = ((np.where(ok, year, 1970) - 1970) * 12 + np.where(ok, month, 1) - 1).astype("datetime64[M]")
        dates = months.astype("datetime64[D]") + (np.where(ok, day, 1) - 1).astype("timedelta64[D]")
        ok &= dates.astype("datetime64[M]") == months  # no 30 February
        stamps = dates.astype("datetime64[m]") + (hour * 60 + minute).astype("timedelta64[m]")
        out[at[ok]] = stamps[ok]
    return out


# the minutes a datetime64[ns] holds (a date outside is no date: it would wrap around)
_FIRST_MINUTE, _LAST_MINUTE = np.datetime64("1677-09-21T00:13", "m"), np.datetime64("2262-04-11T23:47", "m")


def _occurred(cells: _Cells) -> tuple[np.ndarray, np.ndarray]:
    """(datetime64[ns] to the minute, bad) of each cell."""
    if cells.codes is None:  # every cell its own text: the usual forms by Arrow, the others once each
        stamps = _arrow_stamps(cells.arrow_u)
        rest = np.flatnonzero(np.isnat(stamps) & ~cells.blank_u)
        if len(rest):
            codes, uniques = pd.factorize(cells.arrow_u.take(pa.array(rest)).to_numpy(zero_copy_only=False))
            stamps[rest] = _parse_texts(np.asarray(uniques, dtype=object))[codes]
        blank = cells.blank_u
    else:
        stamps = _parse_texts(cells.text_u)
        blank = cells.blank_u
    stamps[blank | (stamps < _FIRST_MINUTE) | (stamps > _LAST_MINUTE)] = np.datetime64("NaT")
    bad = np.isnat(stamps) & ~blank
    return cells.spread(stamps.astype("datetime64[ns]")), cells.spread(bad)


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
    cells = _Cells(series)
    when, bad = _occurred(cells)
    return pd.Series(when, index=cells.index), bad


# --- numbers ---------------------------------------------------------------------------

_NUMBER_UNITS = {"count": r"(?:人|名)$", "wan": r"万元$", "yuan": r"元$"}


def _numbers(cells: _Cells, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """(value, state) of number cells: state 0 fine, 1 not a number, 2 negative, 3 not whole
    (counts only); a blank cell (or -, —, /) is 0. One parse per distinct text.

    >>> _numbers(_Cells(pd.Series(["3", "", "-", "1,200", "２人", "-1", "1.5", "x", "4.0"])), "count")[1].tolist()
    [0, 0, 0, 0, 0, 2, 3, 1, 0]
    >>> _numbers(_Cells(pd.Series(["12.5", "1,000万元", "-2"])), "wan")
    (array([  12.5, 1000. ,   -2. ]), array([0, 0, 2], dtype=int8))
    """
    texts = pd.Series(cells.text_u, dtype=object)
    value = pd.to_numeric(texts.where(~cells.blank_u, "0"), errors="coerce").astype("float64").to_numpy(copy=True)
    slow = np.flatnonzero(np.isnan(value))
    if len(slow):  # full-width digits, thousands separators, a unit: the few texts that are not plain numbers
        cleaned = texts.iloc[slow].str.normalize("NFKC").str.replace(r"[\s,]", "", regex=True)
        cleaned = cleaned.str.replace(_NUMBER_UNITS[unit], "", regex=True)
        value[slow] = pd.to_numeric(cleaned, errors="coerce").astype("float64").to_numpy()
    state = np.zeros(len(texts), dtype="int8")
    state[~np.isfinite(value)] = 1
    state[(state == 0) & (value < 0)] = 2
    if unit == "count":
        state[(state == 0) & ((value != np.floor(value)) | (value > 1e9))] = 3
    value[state == 1] = np.nan
    return cells.spread(value), cells.spread(state)


# --- the file --------------------------------------------------------------------------


@dataclass
class ParsedLedger:
    """An accident ledger read and checked: its records (``RECORD_COLUMNS``; complete only when
    there are no problems: a row with a problem is left out) and every problem."""

    records: pd.DataFrame
    problems: pd.DataFrame
    key_kind: str  # "record_no" (事故编号 filled on every row) or "composite" (时间|地区|单位)
    encoding: str
    header_row: int
    file_name: str
    rows_read: int
    file_hash: str = ""
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # role → the header text in the file

    @property
    def ok(self) -> bool:
        return self.problems.empty

    @property
    def encoding_label(self) -> str:
        return catalog.IMPORT_ENCODING_LABELS.get(self.encoding, self.encoding)


class _Problems:
    """Problem frames as they are found (importer's PROBLEM_FIELDS)."""

    def __init__(self):
        self.frames: list[pd.DataFrame] = []

    def add(self, rows, column, values, kind: str, hints="") -> None:
        if len(rows):
            self.frames.append(_problem_frame(rows, column, values, kind, hints))

    def frame(self) -> pd.DataFrame:
        frames = [f for f in self.frames if len(f)]
        if not frames:
            return empty_problems()
        out = pd.concat(frames, ignore_index=True)
        return out.sort_values(["row", "column"], kind="stable", ignore_index=True)


def _nearest_hints(names: list[str]):
    """A hint maker: the nearest catalog names of each value, one lookup per distinct value."""

    def hints(values: np.ndarray) -> np.ndarray:
        return importer._map_unique(pd.Series(values, dtype=object), lambda t: nearest(t, names)).to_numpy()

    return hints


class _Reader:
    """The state of one file's reading: the columns found, the problems, each chunk's fields."""

    def __init__(self, header: list[str], header_row: int, regions: pd.DataFrame | None):
        self.header = header
        self.header_row = header_row
        self.problems = _Problems()
        self.roles = [column_role(c) for c in header]
        self.cols: dict[str, int] = {}
        for i, role in enumerate(self.roles):
            if role in ("", "unknown", "ignore"):
                continue
            loss_taken = role.startswith("direct_loss") and ({"direct_loss", "direct_loss_yuan"} & set(self.cols))
            if role in self.cols or loss_taken:
                self.problems.add([header_row], header[i], [header[i]], "duplicate_column")
                continue
            self.cols[role] = i
        self.loss_role = "direct_loss_yuan" if "direct_loss_yuan" in self.cols else "direct_loss"
        self.missing = [r for r in catalog.ACCIDENT_REQUIRED_COLUMNS if r not in self.cols]
        for role in self.missing:
            names = "、".join(n for n in catalog.ACCIDENT_COLUMNS[role] if not n.isascii())
            hint = catalog.IMPORT_HINTS["column_names"].format(names=names)
            self.problems.add([header_row], catalog.ACCIDENT_COLUMN_LABELS[role], [""], "missing_column", hint)
        # columns nobody reads: refused only if a cell of theirs holds something
        self.others = [i for i, r in enumerate(self.roles) if r in ("", "unknown")]
        self.content_at: dict[int, tuple[int, str]] = {}
        self.regions_map = importer.region_lookup(regions)
        self.region_codes = sorted(set(self.regions_map.values()))
        names = [r.name for r in catalog.REGION_LIST if r.code != catalog.CITY_CODE]
        names += list(regions["name"]) if regions is not None else []
        self.region_names = list(dict.fromkeys(names))
        self.parts: list[dict[str, np.ndarray]] = []
        self.record_no_arrow: list[pa.Array | None] = []  # each part's 事故编号 as Arrow strings
        self.rows_read = 0

    def column(self, role: str) -> str:
        """The header text of a role's column as the file writes it (its label when absent)."""
        return self.header[self.cols[role]] if role in self.cols else catalog.ACCIDENT_COLUMN_LABELS[role]

    def read(self, chunk: pd.DataFrame) -> None:
        # a row is blank when nothing but its 序号 is filled (ledgers come with numbered empty rows)
        cells = chunk[[c for c in chunk.columns if c != "row" and self.roles[c] != "ignore"]]
        if len(cells.columns):
            blank = importer._blank_rows(cells, self.cols.get("region", cells.columns[0]))
            if blank.any():  # (no copy of a chunk without blank rows)
                chunk = chunk[~blank]
        if not len(chunk):
            return
        self.rows_read += len(chunk)
        rows = chunk["row"].to_numpy(dtype="int64")
        for i in self.others:
            if i in self.content_at:
                continue
            other = _Cells(chunk[i])
            filled = ~other.blank()
            if filled.any():
                first = int(np.argmax(filled))
                self.content_at[i] = (int(rows[first]), str(other.text()[first]))
        self.parts.append(self._fields(chunk, rows))

    def _fields(self, chunk: pd.DataFrame, rows: np.ndarray) -> dict[str, np.ndarray]:
        n = len(chunk)
        bad = np.full(n, bool(self.missing))
        out: dict[str, np.ndarray] = {"source_row": rows}
        cells = {role: _Cells(chunk[i]) for role, i in self.cols.items()}

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
            stamps, wrong = _occurred(cells["occurred_at"])
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
            report(
                (index < 0) & ~cells["region"].blank(), "region", "unknown_region", _nearest_hints(self.region_names)
            )
            city = index == self.region_codes.index(catalog.CITY_CODE)
            report(city, "region", "region_not_local", catalog.IMPORT_HINTS["region_level"])
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
            report(unknown, role, kind, _nearest_hints(names))
            bad |= unknown
            out[role] = np.array([*codes_list, None], dtype=object)[index]

        # counts and the direct loss
        for role in COUNT_COLUMNS:
            if role not in cells:
                out[role] = np.zeros(n, dtype="int64")
                continue
            value, state = _numbers(cells[role], "count")
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
            value, state = _numbers(cells[role], "yuan" if role == "direct_loss_yuan" else "wan")
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
            code = cells["credit_code"]
            upper_u = _credit_texts(code.arrow_u) if code.codes is None else _credit_texts(code.text_u)
            valid_u, expected_u = _credit_check(upper_u)
            wrong_u = ~valid_u & ~code.blank_u
            hint_u = np.full(len(upper_u), "", dtype=object)
            for i in np.flatnonzero(wrong_u):
                length = len(upper_u[i].as_py() if isinstance(upper_u, pa.Array) else upper_u[i])
                if expected_u[i]:
                    hint_u[i] = catalog.IMPORT_HINTS["check_character"].format(char=expected_u[i])
                elif length != 18:
                    hint_u[i] = catalog.IMPORT_HINTS["credit_code_length"].format(length=length)
            wrong = code.spread(wrong_u)
            report(wrong, "credit_code", "bad_credit_code", lambda _shown: code.spread(hint_u)[wrong])
            bad |= wrong
            if isinstance(upper_u, pa.Array):
                out["credit_code"] = pc.if_else(pa.array(code.blank_u), _NULL_TEXT, upper_u).to_numpy(
                    zero_copy_only=False
                )
            else:
                out["credit_code"] = code.spread(np.where(code.blank_u, None, upper_u).astype(object))
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
            elif (arrow := _arrow_of(chunk[self.cols[role]])) is not None:  # as written, by Arrow
                out[role] = pc.if_else(pa.array(cells[role].blank()), _NULL_TEXT, arrow).to_numpy(zero_copy_only=False)
            else:
                text = chunk[self.cols[role]].to_numpy(dtype=object)
                out[role] = np.where(cells[role].blank(), None, text).astype(object)
        out["bad"] = bad
        return out

    def finish(self) -> tuple[pd.DataFrame, str]:
        """All chunks read: the unknown columns with content, the keys and their duplicates, the records."""
        for i, (row, text) in sorted(self.content_at.items()):
            name = self.header[i] or catalog.ACCIDENT_COLUMN_NUMBER.format(number=i + 1)
            hint = nearest(self.header[i], COLUMN_NAMES) if self.header[i] else ""
            self.problems.add([row], name, [text], "ledger_unknown_column", hint)
        if not self.parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in RECORD_COLUMNS}), "composite"
        fields = {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}
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
        if by_number and self.record_no_arrow and all(a is not None for a in self.record_no_arrow):
            # the usual file: every number once, as Arrow counts them (no hash of Python strings)
            distinct = len(pc.unique(pa.chunked_array(self.record_no_arrow)))
            twice = np.zeros(len(at), dtype=bool) if distinct == len(at) else None
        else:
            twice = None
        if twice is None:
            twice = pd.Series(key[at], dtype=object).duplicated(keep=False).to_numpy()
        if twice.any():
            at = at[twice]
            rows = fields["source_row"][at]
            together = (
                pd.Series(rows)
                .groupby(pd.Series(key[at], dtype=object), sort=False)
                .transform(lambda s: ",".join(str(r) for r in s))
            )
            hints = [
                catalog.IMPORT_HINTS["conflict"].format(rows=",".join(x for x in rs.split(",") if x != str(r)))
                for rs, r in zip(together, rows, strict=True)
            ]
            self.problems.add(rows, key_column, key[at], "duplicate_record", hints)
            fields["bad"][at] = True
        fields["key"] = key
        good = ~fields["bad"]
        everything = bool(good.all())  # the usual case: no copies
        dtypes = {"occurred_at": "datetime64[ns]", "direct_loss": "float64", "source_row": "int64"}
        dtypes |= dict.fromkeys(COUNT_COLUMNS, "int64")
        # one column at a time: a dict of columns would be consolidated (the text columns copied into one block)
        records = pd.DataFrame(index=pd.RangeIndex(int(good.sum())))
        for name in RECORD_COLUMNS:
            values = fields[name] if everything else fields[name][good]
            records[name] = pd.Series(values, dtype=dtypes.get(name, object), copy=False)
        return records, "record_no" if by_number else "composite"


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
    digest = importer.check_file(fileobj)
    raw = importer.read_raw(fileobj, sheet, header_test=is_accident_header, times=True, plain_share=PLAIN_SHARE)
    reader = _Reader(raw.header, raw.header_row, regions)
    for chunk in raw.chunks:
        reader.read(chunk)
        if progress is not None:
            progress(reader.rows_read)
    records, key_kind = reader.finish()
    return ParsedLedger(
        records=records,
        problems=reader.problems.frame(),
        key_kind=key_kind,
        encoding=raw.encoding,
        header_row=raw.header_row,
        file_name=name,
        rows_read=reader.rows_read,
        file_hash=digest,
        sheet=sheet,
        columns={role: raw.header[i] for role, i in reader.cols.items()},
    )


def restrict_regions(parsed: ParsedLedger, allowed: set[str], scope_name: str) -> ParsedLedger:
    """``parsed`` with a problem for each record whose region is outside ``allowed`` (a county
    analyst's own region and its towns), that record left out; nothing else changes.

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
    labels = catalog.ACCIDENT_COLUMN_LABELS
    data = pd.DataFrame([{labels[r]: row[r] for r in TEMPLATE_ROLES} for row in catalog.ACCIDENT_TEMPLATE_ROWS])
    lists = catalog.ACCIDENT_CODE_LISTS
    group_of = {c: name for name, members in catalog.ACCIDENT_SECTOR_GROUPS.values() for c in members}
    rows: list[tuple[str, str, str, str]] = []
    rows += [
        (lists["region"], r.code, r.name, catalog.REGION_KIND_LABELS[r.kind])
        for r in catalog.REGION_LIST
        if r.code != catalog.CITY_CODE
    ]
    if regions is not None:
        known = {r.code for r in catalog.REGION_LIST}
        rows += [
            (lists["region"], str(c), str(n), catalog.REGION_KIND_LABELS["town"])
            for c, n in zip(regions["code"], regions["name"], strict=True)
            if c not in known
        ]
    rows += [(lists["sector"], c, n, group_of.get(c, "")) for c, n in catalog.ACCIDENT_SECTORS.items()]
    rows += [(lists["type"], c, n, "") for c, n in catalog.ACCIDENT_TYPES.items()]
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
    rows += [(lists["status"], c, n, "") for c, n in catalog.ACCIDENT_STATUSES.items()]
    rows += [(lists["industry_section"], c, n, f"{a}–{b}") for c, (n, a, b) in catalog.INDUSTRY_SECTIONS.items()]
    rows += [(lists["industry_division"], c, n, "") for c, n in catalog.INDUSTRY_DIVISIONS.items()]
    codes = pd.DataFrame(rows, columns=list(catalog.ACCIDENT_CODE_COLUMNS.values()), dtype=object)
    return {"data": data, "codes": codes}


def template_csv() -> bytes:
    """The ledger template as CSV in UTF-8 with BOM (Excel on Chinese Windows opens it correctly)."""
    return template_frames()["data"].to_csv(index=False).encode("utf-8-sig")


def template_xlsx(regions: pd.DataFrame | None = None) -> bytes:
    """The ledger template as an xlsx workbook: the data sheet first, the code lists second."""
    frames = template_frames(regions)
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frames["data"].to_excel(writer, index=False, sheet_name=catalog.ACCIDENT_TEMPLATE_SHEETS["data"])
        frames["codes"].to_excel(writer, index=False, sheet_name=catalog.ACCIDENT_TEMPLATE_SHEETS["codes"])
    return buffer.getvalue()
