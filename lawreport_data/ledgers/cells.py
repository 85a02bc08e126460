"""The cells of a county's ledger, read the way every ledger reads them: a column as its distinct
texts (stripped, blanks known) with each row's code into them; dates and times in the forms counties
write; numbers with their units; 统一社会信用代码 checked by GB 32100's check character; and the
problems found, with their rows. Vectorised: each distinct text is handled once and spread to the
rows; texts that hardly repeat stay Arrow strings. The accident ledger (``accidents``) and the hazard
ledger (``hazards``) are built on it.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .. import catalog, importer
from ..importer import _factorize, _problem_frame, empty_problems, nearest, norm

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


def credit_check(codes) -> tuple[np.ndarray, np.ndarray]:
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


def credit_texts(texts):
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
    others = credit_texts(texts.take(pa.array(at)).to_numpy(zero_copy_only=False))
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
    return bool(credit_check([text])[0][0])


# --- cells -----------------------------------------------------------------------------

_BLANK_TEXTS = sorted({*catalog.BLANK_CELLS, *(unicodedata.normalize("NFKC", b) for b in catalog.BLANK_CELLS)})
_BLANK_ARROW = pa.array(_BLANK_TEXTS, type=pa.string())
NULL_TEXT = pa.scalar(None, type=pa.string())


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


def arrow_of(series: pd.Series) -> pa.Array | None:
    """The Arrow array behind a "str" column of the CSV reader (texts that hardly repeat), else None."""
    if isinstance(series.array, pd.arrays.ArrowStringArray):
        return series.array._pa_array.combine_chunks()
    return None


class Cells:
    """One column of a chunk as its distinct texts (stripped; "" for a blank cell, which holds
    nothing or only a "not reported" mark such as - or —) and each row's code into them: all work
    is done once per distinct text and spread to the rows by the codes.

    A column of texts that hardly repeat (the CSV reader's "str" columns: record numbers, times,
    names) is not factorized: each cell is its own text (``codes`` None), stripped by Arrow, and
    its texts become Python strings only when asked for (``text_u``)."""

    def __init__(self, series):
        series = series if isinstance(series, pd.Series) else pd.Series(series, dtype=object)
        self.index = series.index
        arrow = arrow_of(series)
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
            return pc.if_else(pa.array(self.blank_u), NULL_TEXT, self.arrow_u).to_numpy(zero_copy_only=False)
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


def checked_credit_codes(code: Cells) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A 统一社会信用代码 column checked: (wrong: each row whose code is given and not valid; the
    wrong rows' hints, in their order: the check character expected, or the length when it is
    not 18; each row's code as compared (:func:`credit_texts`), None where blank).

    >>> wrong, hints, codes = checked_credit_codes(Cells(["91350100M000100Y43", "91350100m000100y44", "123", "", "123"]))
    >>> wrong.tolist(), hints.tolist(), codes.tolist()  # doctest: +NORMALIZE_WHITESPACE
    ([False, True, True, False, True], ['按前17位，校验码应为3', '应为18位，现为3位', '应为18位，现为3位'],
     ['91350100M000100Y43', '91350100M000100Y44', '123', None, '123'])
    >>> checked_credit_codes(Cells(["９１３５０１００Ｍ０００１００Ｙ４３", " 91350100m000 100y43", "—"]))[2].tolist()
    ['91350100M000100Y43', '91350100M000100Y43', None]
    """
    # as Arrow either way: its kernels make the ASCII codes upper case (Python only the few others)
    texts = code.arrow_u if code.codes is None else pa.array(code.text_u, type=pa.string(), from_pandas=True)
    upper_u = credit_texts(texts)
    valid_u, expected_u = credit_check(upper_u)
    wrong_u = ~valid_u & ~code.blank_u
    hint_u = np.full(len(upper_u), "", dtype=object)
    for i in np.flatnonzero(wrong_u):
        length = len(upper_u[i].as_py())
        if expected_u[i]:
            hint_u[i] = catalog.IMPORT_HINTS["check_character"].format(char=expected_u[i])
        elif length != 18:
            hint_u[i] = catalog.IMPORT_HINTS["credit_code_length"].format(length=length)
    wrong = code.spread(wrong_u)
    hints = code.spread(hint_u)[wrong] if wrong.any() else np.empty(0, dtype=object)
    codes_u = pc.if_else(pa.array(code.blank_u), NULL_TEXT, upper_u).to_numpy(zero_copy_only=False)
    codes = code.spread(codes_u.astype(object))
    return wrong, hints, codes


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


def datetimes(cells: Cells) -> tuple[np.ndarray, np.ndarray]:
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


# --- numbers ---------------------------------------------------------------------------

_NUMBER_UNITS = {"count": r"(?:人|名)$", "items": r"(?:条|份|项|处|个)$", "wan": r"万元$", "yuan": r"元$"}


def numbers(cells: Cells, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """(value, state) of number cells: state 0 fine, 1 not a number, 2 negative, 3 not whole
    (counts of people or of items only); a blank cell (or -, —, /) is 0. One parse per distinct text.

    >>> numbers(Cells(pd.Series(["3", "", "-", "1,200", "２人", "-1", "1.5", "x", "4.0"])), "count")[1].tolist()
    [0, 0, 0, 0, 0, 2, 3, 1, 0]
    >>> numbers(Cells(pd.Series(["12.5", "1,000万元", "-2"])), "wan")
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
    if unit in ("count", "items"):
        state[(state == 0) & ((value != np.floor(value)) | (value > 1e9))] = 3
    value[state == 1] = np.nan
    return cells.spread(value), cells.spread(state)


class Problems:
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


def nearest_hints(names: list[str]):
    """A hint maker: the nearest catalog names of each value, one lookup per distinct value."""

    def hints(values: np.ndarray) -> np.ndarray:
        return importer._map_unique(pd.Series(values, dtype=object), lambda t: nearest(t, names)).to_numpy()

    return hints
