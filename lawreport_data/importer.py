"""County data import: read a CSV or XLSX file, validate every row against the catalog and
normalise it into an observation frame, all before anything is written.

Pure functions over DataFrames (vectorised: each distinct region, indicator or period text is
looked up once, values are parsed with column-wise string operations). The store side (what
changes, the batch, the transaction) lives in :mod:`lawreport_data.api` and ``store``.

>>> parse_period("2022年1-11月"), parse_period("2022-11"), parse_period("2022年")
((2022, 1, 11), (2022, 11, 11), (2022, 1, 12))
>>> parse_period("2022-11-01"), parse_period("44866"), parse_period("2022-13")
((2022, 11, 11), (2022, 11, 11), None)
>>> values = parse_values(pd.Series(["1,414", "７０", "约3.5万元", "300余人", "95%", "x"]),
...                       pd.Series(["hazards_found", "accidents", "direct_loss", "drill_participants",
...                                  "hazard_rectification_rate", "accidents"]))
>>> values["value"].tolist()[:5], values["qualifier"].tolist(), values["error"].tolist()
([1414.0, 70.0, 3.5, 300.0, 95.0], ['', '', '约', '余', '', ''], ['', '', '', '', '', 'bad_value'])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import catalog, csv_io, xlsx_io
from .import_errors import ImportError_
from .periods import Period

__all__ = ["ImportError_", "MAX_FILE_BYTES", "Parsed", "read_file"]

MAX_FILE_BYTES = 200 * 1024 * 1024  # the size limit of one import file (also the upload widget's)

PROBLEM_FIELDS = ["row", "column", "value", "problem", "hint", "problem_en", "kind"]


# --- names ----------------------------------------------------------------------------


def norm(text) -> str:
    """How names are compared: NFKC (full-width to half-width), no spaces, lower case.

    >>> norm(" 事故起数（起） "), norm("Region")
    ('事故起数(起)', 'region')
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text))).lower()


_UNIT_SUFFIX = re.compile(r"\(([^()]*)\)$")


def _column_lookup() -> dict[str, str]:
    lookup = {norm(a): role for role, aliases in catalog.IMPORT_COLUMNS.items() for a in aliases}
    for a in ("序号", "编号", "no", "no.", "#"):
        lookup[norm(a)] = "ignore"
    for a in ("单位", "计量单位", "unit"):
        lookup[norm(a)] = "unit"
    return lookup


def _indicator_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for i in catalog.INDICATOR_LIST:
        for name in (i.code, i.name, *i.aliases):
            lookup.setdefault(norm(name), i.code)
    return lookup


COLUMN_LOOKUP = _column_lookup()
INDICATOR_LOOKUP = _indicator_lookup()
INDICATOR_CODES = [i.code for i in catalog.INDICATOR_LIST]
INDICATOR_NAMES = [n for i in catalog.INDICATOR_LIST for n in (i.name, *i.aliases)]


def indicator_code(text: str) -> str | None:
    """An indicator's code from its name, alias or code, with or without a ``(unit)`` suffix.

    >>> indicator_code("事故起数（起）"), indicator_code("Accidents"), indicator_code("事故")
    ('accidents', 'accidents', None)
    """
    key = norm(text)
    if key in INDICATOR_LOOKUP:
        return INDICATOR_LOOKUP[key]
    stripped = _UNIT_SUFFIX.sub("", key)
    return INDICATOR_LOOKUP.get(stripped) if stripped != key else None


def region_lookup(regions: pd.DataFrame | None = None) -> dict[str, str]:
    """Region name, alias or code → code; ``regions`` adds the store's own (e.g. towns). A name
    that two of the store's regions share (鼓楼区 of 南京市 and of 徐州市, in a province's store)
    names neither: each is found by its code or by its parent's name before its own.

    >>> regions = pd.DataFrame({"code": ["320100", "320106", "320300", "320302"],
    ...                         "name": ["南京市", "鼓楼区", "徐州市", "鼓楼区"],
    ...                         "parent": ["320000", "320100", "320000", "320300"]})
    >>> lookup = region_lookup(regions)
    >>> "鼓楼区" in lookup, lookup["徐州市鼓楼区"], lookup["320106"], lookup["灌云县"]
    (False, '320302', '320106', '320723')
    >>> lookup = region_lookup(pd.DataFrame({"code": ["LYG-GXQ", "320300", "320371"],
    ...                                      "name": ["连云港高新技术产业开发区", "徐州市", "高新区"],
    ...                                      "parent": ["320700", "320000", "320300"]}))
    >>> "高新区" in lookup, lookup["徐州市高新区"], lookup["连云港高新技术产业开发区"]
    (False, '320371', 'LYG-GXQ')
    """
    lookup: dict[str, str] = {}
    for r in catalog.REGION_LIST:
        for name in (r.code, r.name, *r.aliases):
            lookup.setdefault(norm(name), r.code)
    if regions is not None:
        shown = region_display_names(regions)
        for code in regions["code"]:
            lookup.setdefault(norm(code), code)
            lookup.setdefault(norm(shown[code]), code)
            province = catalog.PROVINCE_REGIONS.get(code)  # a province's store: 全省, 徐州
            for alias in province.aliases if province else ():
                lookup.setdefault(norm(alias), code)
        for name in set(regions["name"]) - set(shown.values()):  # shared: no region's name (or alias) alone
            lookup.pop(norm(name), None)
    return lookup


def region_display_names(regions: pd.DataFrame) -> dict[str, str]:
    """Each of the store's regions (``regions``: code, name, parent) → the name that tells it
    apart: its own, or, where two regions share it, its parent's name before it (徐州市鼓楼区).

    >>> region_display_names(pd.DataFrame({"code": ["1", "1a", "2", "2a", "2b"], "name": ["甲市", "城区", "乙市", "城区", "新区"],
    ...                                    "parent": [None, "1", None, "2", "2"]}))
    {'1': '甲市', '1a': '甲市城区', '2': '乙市', '2a': '乙市城区', '2b': '新区'}

    A name the catalog gives one of the city's regions as an alias is shared too:

    >>> region_display_names(pd.DataFrame({"code": ["LYG-GXQ", "320300", "320371"],
    ...                                    "name": ["连云港高新技术产业开发区", "徐州市", "高新区"],
    ...                                    "parent": ["320700", "320000", "320300"]}))["320371"]
    '徐州市高新区'
    """
    names = dict(zip(regions["code"].tolist(), regions["name"].tolist(), strict=True))
    shared = set(regions.loc[regions["name"].duplicated(keep=False), "name"])
    catalog_names = {norm(n): r.code for r in catalog.REGION_LIST for n in (r.name, *r.aliases)}
    shared |= {n for c, n in names.items() if catalog_names.get(norm(n), c) != c}  # 高新区: an alias of 连云港's
    parents = regions["parent"].tolist() if "parent" in regions else [None] * len(regions)
    return {
        code: f"{names.get(parent, '') if isinstance(parent, str) else ''}{name}" if name in shared else name
        for code, name, parent in zip(regions["code"].tolist(), regions["name"].tolist(), parents, strict=True)
    }


def nearest(text: str, names: list[str], n: int = 3) -> str:
    """The hint for an unknown name: the closest catalog names.

    >>> nearest("灌云", ["灌云县", "灌南县", "东海县"])
    '是否为：灌云县、灌南县'
    """
    found = difflib.get_close_matches(str(text), names, n=n, cutoff=0.4)
    if not found:
        found = [name for name in names if str(text) and (str(text) in name or name in str(text))][:n]
    return catalog.IMPORT_HINTS["nearest"].format(names="、".join(found)) if found else ""


# --- periods --------------------------------------------------------------------------

_P_YEAR = re.compile(r"^(\d{4})(?:年|年度|年全年)?$")
_P_MONTH = re.compile(r"^(\d{4})(?:-|/|\.|年)(\d{1,2})月?(?:份)?$")
_P_DATE = re.compile(r"^(\d{4})(?:-|/|\.|年)(\d{1,2})(?:-|/|\.|月)(\d{1,2})日?(?:t?00:00(?::00)?)?$")
_P_SPAN = re.compile(r"^(\d{4})-(\d{1,2})(?:\.\.|~|至|-|—|–)(\d{4})-(\d{1,2})$")
_P_CN_SPAN = re.compile(r"^(\d{4})年(\d{1,2})月?(?:-|~|至|—|–|－)(?:(\d{4})年)?(\d{1,2})月(?:份)?$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def _period_tuple(year: int, start: int, end: int) -> tuple[int, int, int] | None:
    try:
        p = Period(year, start, end)
    except ValueError:
        return None
    return (p.year, p.start, p.end)


def parse_period(text: str) -> tuple[int, int, int] | None:
    """(year, start month, end month) of a period cell, or None when it is not one."""
    s = norm(text).replace("——", "-")
    if not s:
        return None
    if m := _P_YEAR.match(s):
        return _period_tuple(int(m[1]), 1, 12)
    if m := _P_MONTH.match(s):
        return _period_tuple(int(m[1]), int(m[2]), int(m[2]))
    if m := _P_DATE.match(s):
        try:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
        return _period_tuple(day.year, day.month, day.month)
    if m := _P_SPAN.match(s):
        return _period_tuple(int(m[1]), int(m[2]), int(m[4])) if m[1] == m[3] else None
    if m := _P_CN_SPAN.match(s):
        if m[3] and m[3] != m[1]:
            return None
        return _period_tuple(int(m[1]), int(m[2]), int(m[4]))
    if re.fullmatch(r"\d{5}(?:\.0+)?", s):  # an Excel date serial written out as a number
        day = _EXCEL_EPOCH + dt.timedelta(days=int(float(s)))
        return _period_tuple(day.year, day.month, day.month)
    return None


# --- values ---------------------------------------------------------------------------

_VALUE = re.compile(
    r"^(?P<approx>约|≥|≤|>=|<=)?(?P<num>[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[+-]?\.\d+)(?P<more>余|多)?"
    r"(?P<unit>[^\d.,+-]*?)(?P<bound>以上|以下)?$"
)


_SPACE = re.compile(r"\s+")


def _allowed_units() -> dict[str, set[str]]:
    out = {}
    for i in catalog.INDICATOR_LIST:
        units = {i.unit, *catalog.UNIT_SYNONYMS.get(i.unit, ())}
        out[i.code] = units
    return out


ALLOWED_UNITS = _allowed_units()
UNITS = {i.code: i.unit for i in catalog.INDICATOR_LIST}


def _parse_texts(texts: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(value, qualifier, unit, error) of distinct value texts."""
    n = len(texts)
    value = pd.to_numeric(texts, errors="coerce").astype("float64").to_numpy(copy=True)  # plain numbers
    qualifier = np.full(n, "", dtype=object)
    unit = np.full(n, "", dtype=object)
    error = np.full(n, "", dtype=object)
    slow = np.isnan(value) | ~np.isfinite(value)
    value[slow] = np.nan
    raw = texts.to_numpy(dtype=object)
    for i in np.flatnonzero(slow):  # a few distinct texts: one regular expression each
        s = _SPACE.sub("", unicodedata.normalize("NFKC", str(raw[i])))
        m = _VALUE.match(s)
        marks = [] if m is None else [q for q in (m["approx"], m["more"], m["bound"]) if q]
        ok = m is not None and len(marks) <= 1  # one qualifier at most (约300余, ≥50%以上 are refused)
        if ok and marks:
            qualifier[i] = catalog.QUALIFIER_SIGNS.get(marks[0], marks[0])
        if ok:
            value[i] = float(m["num"].replace(",", ""))
            unit[i] = m["unit"]
        error[i] = "missing" if s == "" else ("" if ok else "bad_value")
    error[(error == "") & ~np.isfinite(value)] = "bad_value"  # also a number too long to be one (inf)
    return value, qualifier, unit, error


def parse_values(text: pd.Series, indicators: pd.Series) -> pd.DataFrame:
    """Parse value cells (with their rows' indicator codes) into value, qualifier and an error kind.

    Each distinct text is parsed once. Plain numbers go the fast way; the rest through one
    regular expression: thousands separators, full-width digits, 约 (or ≥, ≤ for 以上, 以下)
    before or 余/多 after the number, a trailing unit that must be the indicator's (or %), and
    以上/以下 after it (50%以上).
    """
    value, qualifier, error = _parse_value_codes(text, indicators.to_numpy(dtype=object))
    return pd.DataFrame(
        {"value": value, "qualifier": _QUALIFIERS[qualifier], "error": _VALUE_ERRORS[error]}, index=text.index
    )


_QUALIFIERS = np.array(catalog.QUALIFIERS, dtype=object)
_VALUE_ERRORS = np.array(["", "missing", "bad_value", "bad_unit"], dtype=object)


def _parse_value_codes(text: pd.Series, indicators: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(value, qualifier as an index into ``catalog.QUALIFIERS``, error as an index into
    ``_VALUE_ERRORS``) of each value cell; each distinct text parsed once, ``indicators`` (the
    rows' codes, "" when unknown) only read for the few cells that carry a unit."""
    codes, uniques = _factorize(text)
    value_u, qualifier_u, unit_u, error_u = _parse_texts(pd.Series(uniques, dtype=object))
    qualifier_code = {q: i for i, q in enumerate(catalog.QUALIFIERS)}
    error_code = {e: i for i, e in enumerate(_VALUE_ERRORS)}
    qualifier_code_u = np.array([qualifier_code[q] for q in qualifier_u], dtype="int8")
    error_code_u = np.array([error_code[e] for e in error_u], dtype="int8")
    value, qualifier, error = value_u[codes], qualifier_code_u[codes], error_code_u[codes]
    unit_ok_u = (unit_u != "") & (error_u == "")
    with_unit = np.flatnonzero(unit_ok_u[codes]) if unit_ok_u.any() else np.empty(0, dtype=np.intp)
    if len(with_unit):
        inds = indicators[with_unit]
        units = unit_u[codes[with_unit]]
        wrong = [u not in ALLOWED_UNITS.get(c, ()) for u, c in zip(units, inds, strict=True)]
        error[with_unit[np.array(wrong, dtype=bool)]] = 3  # bad_unit
    return value, qualifier, error


# --- the file -------------------------------------------------------------------------


@dataclass
class Parsed:
    """A file read and checked: what it holds and what is wrong with it."""

    file_name: str
    file_hash: str
    encoding: str
    shape: str
    header_row: int
    rows: int
    observations: pd.DataFrame
    problems: pd.DataFrame
    sheet: str | None = None
    extras: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.problems.empty

    @property
    def encoding_label(self) -> str:
        return catalog.IMPORT_ENCODING_LABELS.get(self.encoding, self.encoding)

    @property
    def shape_label(self) -> str:
        return catalog.IMPORT_SHAPE_LABELS.get(self.shape, self.shape)


def file_hash(fileobj) -> str:
    fileobj.seek(0)
    digest = hashlib.sha256()
    while block := fileobj.read(1 << 20):
        digest.update(block)
    return digest.hexdigest()


def _size(fileobj) -> int:
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    return size


def check_size(fileobj) -> int:
    """Refuse an empty file or one over :data:`MAX_FILE_BYTES` (:class:`ImportError_`); else its size."""
    size = _size(fileobj)
    if size == 0:
        raise ImportError_("empty")
    if size > MAX_FILE_BYTES:
        raise ImportError_("too_large", limit=MAX_FILE_BYTES // (1024 * 1024))
    return size


def check_file(fileobj) -> str:
    """:func:`check_size`, then the file's SHA-256 (an import file of any kind, aggregate or ledger)."""
    check_size(fileobj)
    return file_hash(fileobj)


def _roles(header: list[str]) -> list[tuple[str, str | None]]:
    """Each header cell's role: ("region"|"indicator"|"period"|"value"|"note"|"unit"|"ignore", None),
    ("column", indicator code) for a wide indicator column, ("", None) for an empty header,
    ("unknown", None) otherwise."""
    out = []
    for cell in header:
        key = norm(cell)
        if not key:
            out.append(("", None))
        elif key in COLUMN_LOOKUP:
            out.append((COLUMN_LOOKUP[key], None))
        elif code := indicator_code(cell):
            out.append(("column", code))
        else:
            out.append(("unknown", None))
    return out


def is_header(cells: list[str]) -> bool:
    """A row is the header when at least two cells are known column or indicator names
    and one of them is the region column."""
    roles = [r for r, _ in _roles(cells)]
    known = [r for r in roles if r not in ("", "unknown")]
    return len(known) >= 2 and "region" in roles


def _problem_frame(rows, column, values, kind: str, hints) -> pd.DataFrame:
    zh, en = catalog.IMPORT_PROBLEMS[kind]
    rows = pd.Series(rows).reset_index(drop=True)
    n = len(rows)
    return pd.DataFrame(
        {
            "row": rows.astype("int64"),
            "column": pd.Series(column).reset_index(drop=True) if not isinstance(column, str) else [column] * n,
            "value": pd.Series(values, dtype=object).reset_index(drop=True).astype(str),
            "problem": [zh] * n,
            "hint": pd.Series(hints, dtype=object).reset_index(drop=True)
            if not isinstance(hints, str)
            else [hints] * n,
            "problem_en": [en] * n,
            "kind": [kind] * n,
        }
    )


def empty_problems() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="int64" if c == "row" else object) for c in PROBLEM_FIELDS})


def _blank_rows(cells: pd.DataFrame, region_column: int) -> np.ndarray:
    """Rows with nothing but empty or whitespace cells (skipped; the other rows keep their numbers).
    Only rows whose region cell is blank can be such rows, so only those are looked at closely."""
    blank = np.ones(len(cells), dtype=bool)
    for name in cells.columns:
        blank &= (cells[name] == "").to_numpy(dtype=bool)
    region_blank = _map_unique(cells[region_column], lambda t: not str(t).strip()).to_numpy(dtype=bool)
    suspects = np.flatnonzero(~blank & region_blank)
    if len(suspects):
        values = cells.iloc[suspects].to_numpy(dtype=object)
        blank[suspects] = [all(not str(v).strip() for v in row) for row in values]
    return blank


def read_raw(
    fileobj, sheet: str | None = None, *, header_test=None, times: bool = False, plain_share: float | None = None
) -> csv_io.RawTable:
    """Pick the reader by content (an xlsx is a zip whatever its name says). ``header_test`` tells
    the header row (default :func:`is_header`, an aggregate table's); ``times`` keeps the time of
    day of Excel datetime cells (a ledger's); ``plain_share``: a CSV's columns of texts that hardly
    repeat arrive as "str" columns, not categoricals (see :func:`csv_io.read_csv`)."""
    header_test = header_test or is_header
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(xlsx_io.XLSX_MAGIC):
        return xlsx_io.read_xlsx(fileobj, header_test, sheet=sheet, times=times)
    return csv_io.read_csv(fileobj, header_test, plain_share=plain_share)


def read_file(
    fileobj, name: str, *, sheet: str | None = None, regions: pd.DataFrame | None = None, progress=None
) -> Parsed:
    """Read, validate and normalise a whole file. Raises :class:`ImportError_` for a file that
    is not a table; otherwise every problem is in ``Parsed.problems`` (empty when the file is good).
    ``progress(rows)``, when given, is called after each chunk with the data rows read so far.
    """
    digest = check_file(fileobj)
    raw = read_raw(fileobj, sheet)
    header = raw.header
    roles = _roles(header)
    role_names = [r for r, _ in roles]
    problems: list[pd.DataFrame] = []

    wide_columns = [(i, code) for i, (r, code) in enumerate(roles) if r == "column"]
    single = {}
    for role in ("region", "indicator", "period", "value", "note", "unit"):
        at = [i for i, r in enumerate(role_names) if r == role]
        if at:
            single[role] = at[0]
        for extra in at[1:]:
            problems.append(_problem_frame([raw.header_row], header[extra], [header[extra]], "duplicate_column", ""))
    if "indicator" in single and "value" in single:
        shape = "long"
        required = ["region", "indicator", "period", "value"]
    else:
        shape = "wide" if wide_columns else "long"
        required = ["region", "period"] if shape == "wide" else ["region", "indicator", "period", "value"]
    missing = [catalog.IMPORT_COLUMN_LABELS[r] for r in required if r not in single]
    if missing:
        raw.chunks.close()
        raise ImportError_("missing_columns", columns="、".join(missing))

    seen_codes: dict[str, int] = {}
    for i, code in wide_columns:
        if shape == "long":
            role_names[i] = "unknown"
            continue
        if code in seen_codes:
            problems.append(_problem_frame([raw.header_row], header[i], [header[i]], "duplicate_column", ""))
        seen_codes.setdefault(code, i)
    hint_names = INDICATOR_NAMES + [a for aliases in catalog.IMPORT_COLUMNS.values() for a in aliases]
    for i, r in enumerate(role_names):
        if r == "unknown":
            problems.append(
                _problem_frame(
                    [raw.header_row], header[i], [header[i]], "unknown_column", nearest(header[i], hint_names)
                )
            )

    regions_map = region_lookup(regions)
    region_names = [r.name for r in catalog.REGION_LIST] + (
        list(region_display_names(regions).values()) if regions is not None else []
    )
    region_names = [n for n in dict.fromkeys(region_names) if norm(n) in regions_map]
    parts: list[pd.DataFrame] = []
    rows = 0
    for chunk in raw.chunks:
        cells = chunk.drop(columns="row")
        if len(cells.columns):
            chunk = chunk[~_blank_rows(cells, single["region"])]
        rows += len(chunk)
        if progress is not None:
            progress(rows)
        if chunk.empty:
            continue
        if shape == "long":
            value_text = chunk[single["value"]]
            if "unit" in single:
                value_text = value_text.str.strip() + chunk[single["unit"]].str.strip()
            long = pd.DataFrame(
                {
                    "row": chunk["row"],
                    "region_text": chunk[single["region"]],
                    "indicator_text": chunk[single["indicator"]],
                    "period_text": chunk[single["period"]],
                    "value_text": value_text,
                    "note": chunk[single["note"]] if "note" in single else "",
                }
            )
            long["value_column"] = pd.Categorical.from_codes(
                np.zeros(len(long), dtype="int8"), categories=pd.Index([header[single["value"]]], dtype=object)
            )
        else:
            pieces = []
            for code, i in seen_codes.items():
                text = chunk[i]
                keep = ~text.str.strip().isin(catalog.BLANK_CELLS)
                pieces.append(
                    pd.DataFrame(
                        {
                            "row": chunk["row"][keep],
                            "region_text": chunk[single["region"]][keep],
                            "indicator_text": code,
                            "period_text": chunk[single["period"]][keep],
                            "value_text": text[keep],
                            "note": chunk[single["note"]][keep] if "note" in single else "",
                            "value_column": header[i],
                        }
                    )
                )
            long = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()
            if long.empty:
                continue
        obs, chunk_problems = _normalise(long, header, single, shape, regions_map, region_names)
        parts.append(obs)
        problems.extend(chunk_problems)
    if rows == 0:
        raise ImportError_("no_rows")

    obs = pd.concat(parts, ignore_index=True) if parts else _empty_obs()
    obs, conflicts = _deduplicate(obs)
    problems.append(conflicts)
    frames = [p for p in problems if len(p)]
    problem_frame = (
        pd.concat(frames, ignore_index=True).sort_values(["row", "column"], kind="stable", ignore_index=True)
        if frames
        else empty_problems()
    )
    return Parsed(
        file_name=name,
        file_hash=digest,
        encoding=raw.encoding,
        shape=shape,
        header_row=raw.header_row,
        rows=rows,
        observations=obs.drop(columns=["value_column"]),
        problems=problem_frame,
        sheet=sheet,
        extras={"region_column": header[single["region"]]},
    )


def restrict_regions(parsed: Parsed, allowed: set[str], scope_name: str) -> Parsed:
    """``parsed`` with one more problem for each row whose region is outside ``allowed``
    (a county analyst's own region and its towns); the rows are named, nothing else changes.

    >>> obs = pd.DataFrame({"region": ["320723", "320724", "320724"], "source_row": [2, 3, 3]})
    >>> p = Parsed("f.csv", "h", "utf-8", "long", 1, 3, obs, empty_problems(), extras={"region_column": "地区"})
    >>> r = restrict_regions(p, {"320723"}, "灌云县")
    >>> r.problems[["row", "column", "value"]].to_dict("records")
    [{'row': 3, 'column': '地区', 'value': '灌南县'}]
    >>> r.ok, p.ok
    (False, True)
    """
    obs = parsed.observations
    outside = obs[~obs["region"].isin(allowed)].drop_duplicates("source_row")
    if outside.empty:
        return parsed
    names = outside["region"].map(catalog.region_name)
    hint = catalog.IMPORT_HINTS["scope"].format(region=scope_name)
    extra = _problem_frame(
        outside["source_row"], parsed.extras.get("region_column", "地区"), names, "outside_region", hint
    )
    problems = pd.concat([p for p in (parsed.problems, extra) if len(p)], ignore_index=True)
    problems = problems.sort_values(["row", "column"], kind="stable", ignore_index=True)
    return dataclasses.replace(parsed, problems=problems)


def _empty_obs() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator": pd.Series(dtype=object),
            "region": pd.Series(dtype=object),
            "year": pd.Series(dtype="int16"),
            "start": pd.Series(dtype="int8"),
            "end": pd.Series(dtype="int8"),
            "value": pd.Series(dtype="float64"),
            "qualifier": pd.Series(dtype=object),
            "note": pd.Series(dtype=object),
            "source_row": pd.Series(dtype="int32"),
            "value_column": pd.Series(dtype=object),
        }
    )


def _map_unique(series: pd.Series, fn) -> pd.Series:
    """``fn`` of each cell, computed once per distinct text (files repeat a few names a lot)."""
    codes, uniques = _factorize(series)
    results = np.empty(len(uniques), dtype=object)
    results[:] = [fn(u) for u in uniques]
    return pd.Series(results[codes], index=series.index)


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(code of each cell, distinct texts): later work is done once per distinct text and
    spread to the rows by the codes (numpy takes, no per-row Python). The CSV reader's
    categorical columns come with their codes already."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy(), series.cat.categories.to_numpy(dtype=object)
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=False)
    return codes, np.asarray(uniques, dtype=object)


def _categorical(series: pd.Series, categories: list[str]) -> pd.Categorical:
    """``series`` as a categorical of ``categories`` (each distinct text looked up once)."""
    codes, uniques = _factorize(series)
    position = {c: i for i, c in enumerate(categories)}
    found = np.array([position.get(u, -1) for u in uniques], dtype="int32")
    return pd.Categorical.from_codes(found[codes], categories=categories)


def _resolve(series: pd.Series, lookup, categories: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(index into ``categories`` of the resolved code, -1 when unknown or blank; cell is blank)
    for each cell, one lookup per distinct text."""
    codes, uniques = _factorize(series)
    keys = [norm(u) for u in uniques]
    position = {c: i for i, c in enumerate(categories)}
    found = np.array([position.get(lookup(k, u), -1) for k, u in zip(keys, uniques, strict=True)], dtype="int32")
    blank = np.array([k == "" for k in keys], dtype=bool)
    return found[codes], blank[codes]


def _normalise(
    long: pd.DataFrame, header: list[str], single: dict, shape: str, regions_map: dict, region_names: list[str]
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """One chunk of (row, texts) → observations of its good rows, and its problems."""
    problems: list[pd.DataFrame] = []
    col = {role: header[i] for role, i in single.items()}
    rows = long["row"]

    def report(mask: np.ndarray, column, field: str, kind: str, hint) -> None:
        if mask.any():
            hints = hint(long[field][mask]) if callable(hint) else hint
            column = column if isinstance(column, str) else column[mask]
            problems.append(_problem_frame(rows[mask], column, long[field][mask], kind, hints))

    region_codes = sorted(set(regions_map.values()))
    region, empty = _resolve(long["region_text"], lambda key, _text: regions_map.get(key), region_codes)
    report(empty, col["region"], "region_text", "missing_region", "")
    report(
        (region < 0) & ~empty,
        col["region"],
        "region_text",
        "unknown_region",
        lambda texts: _map_unique(texts, lambda t: nearest(t, region_names)),
    )
    bad = region < 0

    if shape == "long":
        indicator, empty = _resolve(long["indicator_text"], lambda _key, text: indicator_code(text), INDICATOR_CODES)
        report(empty, col["indicator"], "indicator_text", "missing_indicator", "")
        report(
            (indicator < 0) & ~empty,
            col["indicator"],
            "indicator_text",
            "unknown_indicator",
            lambda texts: _map_unique(texts, lambda t: nearest(t, INDICATOR_NAMES)),
        )
        bad |= indicator < 0
    else:  # a wide file's indicator column holds codes already
        codes, uniques = _factorize(long["indicator_text"])
        indicator = np.array([INDICATOR_CODES.index(u) for u in uniques], dtype="int32")[codes]

    codes, uniques = _factorize(long["period_text"])
    spans_u = [parse_period(u) for u in uniques]
    blank_u = np.array([norm(u) == "" for u in uniques], dtype=bool)
    parsed_u = np.array([p is not None for p in spans_u], dtype=bool)
    spans_u = np.array([p or (0, 0, 0) for p in spans_u], dtype="int64").reshape(-1, 3)
    period_ok, empty = parsed_u[codes], blank_u[codes]
    report(empty, col["period"], "period_text", "missing_period", "")
    report(~period_ok & ~empty, col["period"], "period_text", "bad_period", catalog.IMPORT_HINTS["period_forms"])
    bad |= ~period_ok

    code_of = np.array([*INDICATOR_CODES, ""], dtype=object)  # index -1: unknown
    value, qualifier, error = _parse_value_codes(long["value_text"], code_of[indicator])
    value_column = long["value_column"]
    report(error == 1, value_column, "value_text", "missing_value", "")
    report(error == 2, value_column, "value_text", "bad_value", "")
    unit_of = np.array([UNITS[c] for c in INDICATOR_CODES] + [""], dtype=object)
    report(
        error == 3,
        value_column,
        "value_text",
        "bad_unit",
        lambda texts: [
            catalog.IMPORT_HINTS["unit"].format(unit=u) if u else "" for u in unit_of[indicator[error == 3]]
        ],
    )
    bad |= error != 0
    negative = value < 0
    report(negative, value_column, "value_text", "negative", "")
    over = (unit_of[indicator] == "%") & (value > 100)
    report(over, value_column, "value_text", "over_100", "")
    bad |= negative | over

    good = np.flatnonzero(~bad)
    spans = spans_u[codes[good]]
    # compact dtypes: a few million rows stay a few bytes each
    obs = pd.DataFrame(
        {
            "indicator": pd.Categorical.from_codes(indicator[good], categories=INDICATOR_CODES),
            "region": pd.Categorical.from_codes(region[good], categories=region_codes),
            "year": spans[:, 0].astype("int16"),
            "start": spans[:, 1].astype("int8"),
            "end": spans[:, 2].astype("int8"),
            "value": value[good],
            "qualifier": pd.Categorical.from_codes(qualifier[good], categories=list(catalog.QUALIFIERS)),
            "note": _map_unique(long["note"].iloc[good], lambda t: str(t).strip() or None).to_numpy(),
            "source_row": rows.iloc[good].to_numpy(dtype="int32"),
            "value_column": _categorical(value_column.iloc[good], list(dict.fromkeys(header))),
        }
    )
    return obs, problems


KEY = ["indicator", "region", "year", "start", "end"]


def _deduplicate(obs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Rows repeating a key: identical ones collapse to the first; differing ones are problems."""
    if obs.empty:
        return obs, empty_problems()
    dup = obs.duplicated(KEY, keep=False)
    if not dup.any():
        return obs, empty_problems()
    groups = obs[dup]
    variants = groups.groupby(KEY, sort=False, observed=True)[["value", "qualifier"]].transform("nunique")
    conflict_mask = (variants["value"] > 1) | (variants["qualifier"] > 1)
    conflicts = groups[conflict_mask]
    problem = empty_problems()
    if len(conflicts):
        rows_of = conflicts.groupby(KEY, sort=False, observed=True)["source_row"].transform(
            lambda s: ",".join(str(r) for r in s)
        )
        hints = [
            catalog.IMPORT_HINTS["conflict"].format(rows=",".join(x for x in rs.split(",") if x != str(r)))
            for rs, r in zip(rows_of, conflicts["source_row"], strict=True)
        ]
        shown = [_display(v, q) for v, q in zip(conflicts["value"], conflicts["qualifier"], strict=True)]
        problem = _problem_frame(conflicts["source_row"], conflicts["value_column"], shown, "conflict", hints)
        obs = obs.drop(index=conflicts.index)
    return obs.drop_duplicates(KEY, keep="first").reset_index(drop=True), problem


# --- what the preview shows -----------------------------------------------------------


def to_store_frame(obs: pd.DataFrame, *, file_name: str, batch_id: int) -> pd.DataFrame:
    """The parsed observations as the store takes them: origin import, provenance batch + row."""
    n = len(obs)
    source = catalog.IMPORT_SOURCE_TEXT.format(file=file_name, batch=batch_id)

    def constant(value: str) -> pd.Categorical:
        return pd.Categorical.from_codes(np.zeros(n, dtype="int8"), categories=pd.Index([value], dtype=object))

    return obs.assign(
        origin=constant("import"),
        status=constant("final"),
        synthetic=np.zeros(n, dtype=bool),
        batch_id=np.full(n, batch_id, dtype="int64"),
        source=constant(source),
    )


def _display(value, qualifier) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"
    if qualifier == "约":
        return "约" + text
    return text + (qualifier or "")


def changes_table(compare: pd.DataFrame, *, limit: int | None = None, only_changes: bool = False) -> pd.DataFrame:
    """The preview's changes table with Chinese headers: 变化 (新增/修改/未变), 地区, 指标, 期间, 原值, 新值, 行号.

    >>> c = pd.DataFrame([dict(indicator="accidents", region="320700", year=2022, start=1, end=11,
    ...     value=71.0, qualifier="", old_value=70.0, old_qualifier="", change="changed", source_row=2)])
    >>> [str(v) for v in changes_table(c).iloc[0]]
    ['修改', '连云港市', '事故起数', '2022年1-11月', '70', '71', '2']
    """
    frame = compare
    if only_changes:
        frame = frame[frame["change"] != "unchanged"]
    order = {"changed": 0, "new": 1, "unchanged": 2}
    frame = frame.sort_values("change", key=lambda s: s.map(order), kind="stable")
    if limit is not None:
        frame = frame.head(limit)
    names_r = {r.code: r.name for r in catalog.REGION_LIST}
    names_i = {i.code: i.name for i in catalog.INDICATOR_LIST}
    periods = [
        Period(int(y), int(s), int(e)).label()
        for y, s, e in zip(frame["year"], frame["start"], frame["end"], strict=True)
    ]
    out = pd.DataFrame(
        {
            "change": frame["change"].map(catalog.CHANGE_LABELS).tolist(),
            "region_name": frame["region"].map(lambda c: names_r.get(c, c)).tolist(),
            "indicator_name": frame["indicator"].map(lambda c: names_i.get(c, c)).tolist(),
            "period_label": periods,
            "old": [_display(v, q) for v, q in zip(frame["old_value"], frame["old_qualifier"], strict=True)],
            "new": [_display(v, q) for v, q in zip(frame["value"], frame["qualifier"], strict=True)],
            "source_row": frame["source_row"].astype("int64").tolist(),
        }
    )
    return out.rename(columns=catalog.CHANGE_COLUMNS)


def problems_table(problems: pd.DataFrame, *, limit: int | None = None) -> pd.DataFrame:
    """The problems table with Chinese headers: 行号, 列, 内容, 问题, 提示."""
    frame = problems if limit is None else problems.head(limit)
    return frame[list(catalog.PROBLEM_COLUMNS)].rename(columns=catalog.PROBLEM_COLUMNS).reset_index(drop=True)


def problem_lines(problems: pd.DataFrame) -> list[str]:
    """One plain line per problem for the command line.

    >>> p = _problem_frame([3], "期间", ["2022-13"], "bad_period", "")
    >>> problem_lines(p)[0]
    "row 3, column 期间: '2022-13': not a period (write 2022, 2022-11, 2022-01..2022-11, 2022年11月 or 2022年1-11月)"
    """
    return [
        f"row {r}, column {c}: {v!r}: {p}" + (f" ({h})" if h else "")
        for r, c, v, p, h in zip(
            problems["row"],
            problems["column"],
            problems["value"],
            problems["problem_en"],
            problems["hint"],
            strict=True,
        )
    ]


# --- templates ------------------------------------------------------------------------


def template_frames() -> dict[str, pd.DataFrame]:
    """Example long and wide tables with the catalog's names (what the page offers to download)."""
    monthly = [i for i in catalog.INDICATOR_LIST if i.monthly]
    counties = [r for r in catalog.REGION_LIST if r.parent == catalog.CITY_CODE][:2]
    labels = catalog.IMPORT_COLUMN_LABELS
    long_rows = [
        {
            labels["region"]: r.name,
            labels["indicator"]: i.name,
            labels["period"]: "2022年11月",
            labels["value"]: "",
            labels["note"]: "",
        }
        for r in counties
        for i in monthly
    ]
    wide_rows = [
        {labels["region"]: r.name, labels["period"]: f"2022年{m}月", **{f"{i.name}（{i.unit}）": "" for i in monthly}}
        for r in counties
        for m in (10, 11)
    ]
    return {"long": pd.DataFrame(long_rows), "wide": pd.DataFrame(wide_rows)}


def template_csv(shape: str) -> bytes:
    """A template as CSV in UTF-8 with BOM (Excel on Chinese Windows opens it correctly)."""
    return template_frames()[shape].to_csv(index=False).encode("utf-8-sig")


def template_xlsx(shape: str) -> bytes:
    """A template as an xlsx workbook."""
    buffer = io.BytesIO()
    template_frames()[shape].to_excel(buffer, index=False, sheet_name="数据")
    return buffer.getvalue()
