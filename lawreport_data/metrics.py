"""The metrics engine: pure functions over observation frames (:data:`OBS_COLUMNS`).

Nothing here reads or writes a database or a file: a frame goes in, a new object comes out.

>>> obs = pd.DataFrame([
...     dict(indicator="accidents", region="320700", year=2022, start=1, end=11, value=70.0),
...     dict(indicator="accidents", region="320700", year=2021, start=1, end=11, value=114.0),
... ])
>>> summary(obs, "320700", Period(2022, 1, 11))[["value", "previous", "change_pct", "change_text"]].values.tolist()
[[70.0, 114.0, -38.6, '同比下降38.6%']]
"""

from __future__ import annotations

import math
from collections import namedtuple
from dataclasses import dataclass, field

import pandas as pd

from . import catalog
from .periods import Period
from .region_tree import children_of
from .rounding import _isnan, pct_change, round_half_away
from .rounding import share_pct as share_pct  # metrics.share_pct, as callers know it

# --- observation frames ---------------------------------------------------------------

OBS_COLUMNS = [
    "indicator",
    "region",
    "year",
    "start",
    "end",
    "value",
    "qualifier",
    "status",
    "as_of",
    "origin",
    "synthetic",
    "source",
    "batch_id",
    "source_row",
    "note",
]
OBS_DEFAULTS = {
    "qualifier": "",
    "status": "final",
    "as_of": None,
    "origin": "import",
    "synthetic": False,
    "source": None,
    "batch_id": None,
    "source_row": None,
    "note": None,
}
"""What a figure is when its frame has no such column (or, read by the engine, a missing value)."""


def with_defaults(obs: pd.DataFrame) -> pd.DataFrame:
    """The columns of :data:`OBS_COLUMNS`, in order, missing ones given :data:`OBS_DEFAULTS`;
    dtypes as they are (cheap: categoricals stay categoricals).

    >>> with_defaults(pd.DataFrame([dict(indicator="accidents", region="320700", year=2022, start=1, end=11,
    ...                                  value=70.0, qualifier="余")])).iloc[0][["qualifier", "status", "origin"]].tolist()
    ['余', 'final', 'import']
    """
    return obs.assign(**{c: v for c, v in OBS_DEFAULTS.items() if c not in obs.columns})[OBS_COLUMNS]


# --- numbers --------------------------------------------------------------------------


def percent_text(pct: float) -> str:
    """A percentage as the report prints a change or a share: one decimal, no sign.

    >>> percent_text(-38.6), percent_text(100), percent_text(5)
    ('38.6%', '100.0%', '5.0%')
    """
    return f"{abs(float(pct)):.1f}%"


def derive_previous(current: float, printed_pct: float) -> int:
    """The whole-number base that, compared with ``current``, prints as ``printed_pct``.

    >>> derive_previous(70, -38.6), derive_previous(37, -33.9)
    (114, 56)
    """
    guess = current / (1 + printed_pct / 100)
    candidates = [
        n for n in range(max(1, math.floor(guess) - 2), math.ceil(guess) + 3) if pct_change(current, n) == printed_pct
    ]
    if len(candidates) != 1:
        raise ValueError(f"cannot derive a unique base for {current} at {printed_pct}%: {candidates}")
    return candidates[0]


def format_number(value: float | None, qualifier: str = "") -> str:
    """A value as the report prints it: 万 for large approximate figures, qualifier in place.

    >>> format_number(88000, "约"), format_number(20000, "余"), format_number(200, "余")
    ('约8.8万', '2万余', '200余')
    >>> format_number(142800), format_number(38.6), format_number(None)
    ('142800', '38.6', '—')
    >>> format_number(50, "以上"), format_number(10, "以下")
    ('50以上', '10以下')
    """
    if value is None or _isnan(value):
        return catalog.PHRASES["missing"]
    if qualifier and abs(value) >= 10000:
        text = f"{round_half_away(value / 10000, 1):g}万"
    elif float(value).is_integer():
        text = f"{int(value)}"
    else:
        text = f"{value:g}"
    if qualifier == "约":
        return f"约{text}"
    return f"{text}{qualifier}"


def format_figure(value: float | None, qualifier: str, unit: str) -> str:
    """A value with its unit as printed: 余/多 before the unit, 以上/以下 after it.

    >>> format_figure(200, "余", "条"), format_figure(50, "以上", "%"), format_figure(88000, "约", "人")
    ('200余条', '50%以上', '约8.8万人')
    """
    after = qualifier if qualifier in catalog.QUALIFIERS_AFTER_UNIT else ""
    return f"{format_number(value, '' if after else qualifier)}{unit}{after}"


# --- changes --------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    pct: float | None
    absolute: float | None
    direction: str | None  # "up" | "down" | "flat" | None when not comparable
    text: str
    approximate: bool = False
    provisional: bool = False


def describe_change(
    current: float | None,
    previous: float | None,
    *,
    unit: str = "",
    comparison: str = "yoy",
    approximate: bool = False,
    provisional: bool = False,
) -> Change:
    """Word a change the way the report does.

    >>> describe_change(70, 114, unit="起").text
    '同比下降38.6%'
    >>> describe_change(3, 0, unit="起").text
    '同比增加3起（上年同期为0）'
    >>> describe_change(5, 5, comparison="mom").text
    '环比持平'
    >>> describe_change(5, None).text
    '无可比数据'
    >>> describe_change(210, 200, approximate=True).text
    '同比上升约5.0%'
    """
    label = catalog.COMPARISON_LABELS[comparison]
    p = catalog.PHRASES
    if current is None or previous is None or _isnan(current) or _isnan(previous):
        return Change(None, None, None, p["no_previous"], approximate, provisional)
    absolute = float(current) - float(previous)
    direction = "up" if absolute > 0 else "down" if absolute < 0 else "flat"
    suffix = p["provisional"] if provisional else ""
    if direction == "flat":
        return Change(0.0 if previous else None, 0.0, "flat", f"{label}{p['flat']}{suffix}", approximate, provisional)
    if previous == 0:
        verb = p["increase"] if absolute > 0 else p["decrease"]
        zero = p["previous_zero"] if comparison == "yoy" else catalog.PREVIOUS_ZERO[comparison]
        text = f"{label}{verb}{format_number(abs(absolute))}{unit}（{zero}）{suffix}"
        return Change(None, absolute, direction, text, approximate, provisional)
    pct = pct_change(current, previous)
    about = "约" if approximate else ""
    text = f"{label}{p[direction]}{about}{percent_text(pct)}{suffix}"
    return Change(pct, absolute, direction, text, approximate, provisional)


def tone(direction: str | None, polarity: int) -> str:
    """Whether a change is good news: ``good``, ``bad`` or ``neutral``.

    A fall in accidents (polarity -1) is good; a rise in a rectification rate (polarity 1) is good;
    counts of work done (polarity 0) and unchanged or unknown changes are neutral.

    >>> tone("down", -1), tone("up", -1), tone("up", 1), tone("up", 0), tone("flat", -1), tone(None, 1)
    ('good', 'bad', 'good', 'neutral', 'neutral', 'neutral')
    """
    if direction not in ("up", "down") or not polarity:
        return "neutral"
    return "good" if (direction == "up") == (polarity > 0) else "bad"


# --- resolving a value ----------------------------------------------------------------


@dataclass
class Resolved:
    """A value for one indicator, region and period, and how it was obtained."""

    indicator: str
    region: str
    period: Period
    value: float | None = None
    qualifier: str = ""
    method: str | None = None  # "stored" | "months" | "children"
    status: str = "final"
    synthetic: bool = False
    origins: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    batch_ids: tuple[int, ...] = ()
    as_of: object = None
    warnings: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.value is not None

    @property
    def approximate(self) -> bool:
        return self.qualifier in catalog.APPROXIMATE_QUALIFIERS


_ROW_FIELDS = ("value", "qualifier", "status", "synthetic", "origin", "source", "batch_id", "as_of")
_Row = namedtuple("_Row", _ROW_FIELDS)


class _Lookup:
    """Observation rows keyed by (indicator, region, year, start, end), and region children.

    A row whose ``children`` (an optional column; 0 or missing: the region's own figure) is
    n > 0 is not the region's own figure but the sum of n of its children's figures, given
    summed: those children have no rows of their own for the indicator, and the sum counts
    as n children found (``store.load_resolvable`` gives such rows, so that the city's view
    need not read every town's). n is the same for every span of an indicator and region.
    """

    def __init__(self, obs: pd.DataFrame, regions: pd.DataFrame | None):
        summed = obs["children"].fillna(0).to_numpy() > 0 if "children" in obs.columns else None
        if summed is not None and summed.any():
            given = obs[summed]
            counts = given.groupby(["indicator", "region"])["children"].agg(["min", "max"])
            if (counts["min"] != counts["max"]).any():
                raise ValueError("a region's children given summed differ in number between spans")
            self.summed_children = {key: int(n) for key, n in counts["min"].items()}
            self.summed_rows = _index(given)
            obs = obs[~summed]
        else:
            self.summed_children: dict[tuple[str, str], int] = {}
            self.summed_rows: dict[tuple, _Row] = {}
        self.rows = _index(obs)
        self.present = {(k[0], k[1]) for k in self.rows}
        if regions is None:
            regions = pd.DataFrame([{"code": r.code, "parent": r.parent, "name": r.name} for r in catalog.REGION_LIST])
        # each region's name: the store's regions frame names the towns added to it (the catalog not)
        names = regions["name"].tolist() if "name" in regions.columns else [None] * len(regions)
        self.names = {
            c: str(n) for c, n in zip(regions["code"].tolist(), names, strict=True) if isinstance(n, str) and n
        }
        self.children = children_of(zip(regions["code"].tolist(), regions["parent"].tolist(), strict=True))

    def name(self, code: str) -> str:
        """A region's name: the catalog's, else the store's (a town), else its code."""
        return catalog.REGIONS[code].name if code in catalog.REGIONS else self.names.get(code, code)


def _index(obs: pd.DataFrame) -> dict[tuple, _Row]:
    """Rows keyed by (indicator, region, year, start, end), missing values defaulted."""
    filled = ("qualifier", "status", "synthetic", "origin")
    obs = with_defaults(obs).fillna({c: OBS_DEFAULTS[c] for c in filled}).astype({"synthetic": bool})
    keys = [obs[c].tolist() for c in ("indicator", "region", "year", "start", "end")]
    values = [obs[c].tolist() for c in _ROW_FIELDS]
    return dict(zip(zip(*keys, strict=True), map(_Row, *values), strict=True))


def prepare(obs: pd.DataFrame, regions: pd.DataFrame | None = None) -> _Lookup:
    """Observations and regions indexed once, for several calls of :func:`series`,
    :func:`by_children` or :func:`summary` over the same frames (each indexes them again when
    given frames; a section's charts made ~18 indexes of the same rows).

    >>> obs = pd.DataFrame([dict(indicator="accidents", region="320703", year=2022, start=m, end=m, value=1.0)
    ...                     for m in (1, 2, 3)])
    >>> ready = prepare(obs)
    >>> series(ready, "accidents", "320703", [Period(2022, 1, 2)]).equals(
    ...     series(obs, "accidents", "320703", [Period(2022, 1, 2)]))
    True
    """
    return _Lookup(obs, regions)


def _lookup(obs: pd.DataFrame | _Lookup, regions: pd.DataFrame | None) -> _Lookup:
    return obs if isinstance(obs, _Lookup) else _Lookup(obs, regions)


def combined_qualifier(qualifiers) -> str:
    """The qualifier of a sum: 约 when any part is 约 or when lower (余/多/以上) and upper (以下)
    bounds are mixed, else the first part's (a sum of lower bounds is a lower bound).

    >>> combined_qualifier(["", "余", "多"]), combined_qualifier(["以上", "约"]), combined_qualifier(["以上", "以下"])
    ('余', '约', '约')
    >>> combined_qualifier(["", ""]), combined_qualifier(["", "以下"])
    ('', '以下')
    """
    quals = [q for q in qualifiers if q]
    upper = [q == "以下" for q in quals]
    if "约" in quals or (any(upper) and not all(upper)):
        return "约"
    return quals[0] if quals else ""


def _combine(parts: list[Resolved], base: Resolved, method: str) -> Resolved:
    info = catalog.INDICATORS.get(base.indicator)
    if info is not None and info.aggregation != "sum":  # a distinct count or a standing figure
        raise ValueError(f"{base.indicator} ({info.aggregation}) is never added up over {method}")
    base.value = float(sum(p.value for p in parts))
    base.qualifier = combined_qualifier(p.qualifier for p in parts)
    base.method = method
    base.status = "provisional" if any(p.status == "provisional" for p in parts) else "final"
    base.synthetic = any(p.synthetic for p in parts)
    base.origins = tuple(sorted({o for p in parts for o in p.origins}))
    base.sources = tuple(dict.fromkeys(s for p in parts for s in p.sources))
    base.batch_ids = tuple(sorted({b for p in parts for b in p.batch_ids}))
    dates = [p.as_of for p in parts if p.as_of is not None and not pd.isna(p.as_of)]
    base.as_of = max(dates) if dates else None
    base.warnings = [w for p in parts for w in p.warnings]
    return base


def _from_row(row, indicator: str, region: str, period: Period) -> Resolved:
    batch = row.batch_id
    return Resolved(
        indicator,
        region,
        period,
        value=float(row.value),
        qualifier=row.qualifier or "",
        method="stored",
        status=row.status or "final",
        synthetic=bool(row.synthetic),
        origins=(row.origin,),
        sources=(row.source,) if isinstance(row.source, str) and row.source else (),
        batch_ids=() if batch is None or pd.isna(batch) else (int(batch),),
        as_of=row.as_of,
    )


def _stored(rows: dict, indicator: str, region: str, period: Period, summable: bool) -> Resolved:
    """From ``rows``: the span's figure, else (for an indicator that sums) its months added up."""
    own = Resolved(indicator, region, period)
    row = rows.get((indicator, region, period.year, period.start, period.end))
    if row is not None:
        return _from_row(row, indicator, region, period)
    if summable and not period.is_month:
        months = [rows.get((indicator, region, period.year, m, m)) for m in range(period.start, period.end + 1)]
        if all(m is not None for m in months):
            parts = [
                _from_row(m, indicator, region, Period(period.year, i, i))
                for i, m in zip(range(period.start, period.end + 1), months, strict=True)
            ]
            own = _combine(parts, own, "months")
    return own


def _distinct_reason(lk: _Lookup, info, region: str, period: Period, kids: list[str]) -> str | None:
    """Why a distinct count (执法检查企业数) has no figure for a span or region it was not sent for,
    when its months or the regions under it were: they are never added up."""
    months = not period.is_month and any(
        (info.code, region, period.year, m, m) in lk.rows for m in range(period.start, period.end + 1)
    )
    if not (months or any((info.code, k) in lk.present for k in kids)):
        return None
    return catalog.PHRASES["distinct_not_summed"].format(name=info.name, region=lk.name(region), period=period.label())


def _resolve(lk: _Lookup, indicator: str, region: str, period: Period, *, check_children: bool = True) -> Resolved:
    info = catalog.INDICATORS.get(indicator)
    summable = info is None or info.aggregation == "sum"
    own = _stored(lk.rows, indicator, region, period, summable)
    kids = lk.children.get(region, [])
    if info is not None and info.aggregation == "distinct" and not own.found:
        reason = _distinct_reason(lk, info, region, period, kids)
        if reason:
            own.warnings.append(reason)
        return own
    if not summable or not kids or not (check_children or not own.found):
        return own
    # A child with no children and no rows of the indicator is not found: skipped, still counted.
    parts = [_resolve(lk, indicator, k, period) for k in kids if k in lk.children or (indicator, k) in lk.present]
    have = [p for p in parts if p.found]
    n_have = len(have)
    given = lk.summed_children.get((indicator, region))
    if given:
        summed_kids = _stored(lk.summed_rows, indicator, region, period, summable)
        if summed_kids.found:
            have.append(summed_kids)
            n_have += given
    if not have:
        return own
    summed = _combine(have, Resolved(indicator, region, period), "children")
    p = catalog.PHRASES
    if n_have < len(kids):
        summed.warnings.append(p["partial_children"].format(have=n_have, total=len(kids)))
    if not own.found:
        return summed
    if abs(own.value - summed.value) > 1e-9 and n_have == len(kids):
        name = lk.name(region)
        own.warnings.append(
            p["mismatch"].format(region=name, stored=format_number(own.value), children=format_number(summed.value))
        )
    return own


def resolve(
    obs: pd.DataFrame | _Lookup, indicator: str, region: str, period: Period, regions: pd.DataFrame | None = None
) -> Resolved:
    """The value of ``indicator`` for ``region`` over ``period`` (``obs`` may be :func:`prepare`'s).

    A stored figure for exactly that span wins; otherwise months are summed into the span,
    and otherwise the region's children are summed (only for indicators that sum). When a
    stored figure and the sum of all children disagree, the result carries a warning.

    >>> obs = pd.DataFrame([
    ...     dict(indicator="accidents", region="320703", year=2022, start=m, end=m, value=1.0) for m in (1, 2, 3)
    ... ] + [dict(indicator="rescue_teams", region="320703", year=2022, start=1, end=12, value=9.0)])
    >>> r = resolve(obs, "accidents", "320703", Period(2022, 1, 3)); (r.value, r.method)
    (3.0, 'months')
    >>> resolve(obs, "accidents", "320700", Period(2022, 1, 3)).value  # the city: its children summed
    3.0
    >>> resolve(obs, "rescue_teams", "320700", Period.year_of(2022)).found  # standing counts do not sum
    False
    """
    return _resolve(_lookup(obs, regions), indicator, region, period)


# --- summaries ------------------------------------------------------------------------


def period_label(info: catalog.Indicator, period: Period, as_of=None) -> str:
    """How a figure's span is labelled: the span of a flow, the date of a stock (截至…), the
    start of a cumulative count (2012年以来).

    >>> import datetime as dt
    >>> inst, docs = catalog.INDICATORS["legal_institutions"], catalog.INDICATORS["documents_sorted"]
    >>> period_label(inst, Period.year_of(2022), dt.date(2023, 1, 9)), period_label(inst, Period(2022, 1, 6))
    ('截至2023年1月9日', '截至2022年6月末')
    >>> period_label(docs, Period.year_of(2022)), period_label(catalog.INDICATORS["accidents"], Period(2022, 1, 11))
    ('2012年以来（至2022年）', '2022年1-11月')
    """
    labels = catalog.MEASURE_PERIOD_LABELS
    if info.measure == "stock":
        if as_of is not None and not pd.isna(as_of):
            day = pd.Timestamp(as_of)
            return labels["stock"].format(date=labels["date"].format(year=day.year, month=day.month, day=day.day))
        return labels["stock_end"].format(year=period.year, month=period.end)
    if info.measure == "cumulative" and info.since is not None:
        return labels["cumulative"].format(since=info.since, period=period.label())
    return period.label()


SUMMARY_FIELDS = [
    "indicator",
    "name",
    "unit",
    "topic",
    "section",
    "polarity",
    "region",
    "region_name",
    "period",
    "period_label",
    "value",
    "qualifier",
    "display",
    "status",
    "synthetic",
    "method",
    "origins",
    "sources",
    "batch_ids",
    "as_of",
    "previous",
    "previous_period",
    "previous_qualifier",
    "previous_synthetic",
    "change_pct",
    "change_abs",
    "direction",
    "change_text",
    "approximate",
    "provisional",
    "warnings",
]


def _resolve_in_year(lk: _Lookup, indicator: str, region: str, year: int) -> Resolved:
    """For a whole-year request: the year's figure, else the longest 1-N月 span with data.

    Real figures are preferred to synthetic ones, so demo data never hides a reported figure.
    """
    candidates = [_resolve(lk, indicator, region, Period(year, 1, end)) for end in range(12, 0, -1)]
    found = [c for c in candidates if c.found]
    info = catalog.INDICATORS.get(indicator)
    if info is not None and info.aggregation == "distinct":  # a span that leaves out a later month's data is
        last = max((m for m in range(1, 13) if (indicator, region, year, m, m) in lk.rows), default=0)
        found = [c for c in found if c.period.end >= last]  # not the year's figure: "—", not January
    real = [c for c in found if not c.synthetic]
    if real:
        return real[0]
    return found[0] if found else candidates[0]


def summary(
    obs: pd.DataFrame | _Lookup,
    region: str,
    period: Period,
    *,
    comparison: str = "yoy",
    indicators: list[str] | None = None,
    regions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per indicator with a value for ``region`` and ``period`` (columns :data:`SUMMARY_FIELDS`).

    For a whole year, an indicator with no full-year figure is given for the longest 1-N月
    span that has one, and its ``period`` says so. ``comparison`` is ``yoy`` (同比, the same
    span a year before) or ``mom`` (环比, the span just before). ``obs`` may be :func:`prepare`'s.
    Statements (``measure`` statement: the report's 双下降 of the year before) are left out
    unless ``indicators`` names them. A distinct count (执法检查企业数) with no figure for the span
    but months or regions under it that have one is given as "—" (``value`` None) with the reason
    in ``warnings``: it is never added up, nor shown for another span in its place.
    """
    lk = _lookup(obs, regions)
    codes = indicators or [i.code for i in catalog.INDICATOR_LIST if i.measure != "statement"]
    rows = []
    for code in codes:
        info = catalog.INDICATORS[code]
        cur = _resolve_in_year(lk, code, region, period.year) if period.is_year else _resolve(lk, code, region, period)
        if not cur.found and period.is_year and info.aggregation == "distinct":
            cur = _resolve(lk, code, region, Period(period.year, 1, 12))  # its reason
        if not cur.found and not (info.aggregation == "distinct" and cur.warnings):
            continue
        rows.append(_summary_row(lk, info, cur, comparison))
    frame = pd.DataFrame(rows, columns=SUMMARY_FIELDS)
    return frame


COMPARISON_YEARS = {"yoy": 1, "mom": 1, "prev2": 2, "avg5": 5}
"""How many years before the period's own a comparison reads."""


def comparison_spans(period: Period, comparison: str) -> list[Period] | None:
    """The spans a change compares against: 同比 the same span a year before, 环比 the span just
    before (None where there is none), 比前年 the same span two years before, 近五年同期平均 the same
    span in each of the five years before (newest first).

    >>> [str(p) for p in comparison_spans(Period(2022, 1, 11), "prev2")]
    ['2020-01..2020-11']
    >>> [p.year for p in comparison_spans(Period(2022, 1, 11), "avg5")], comparison_spans(Period(2022, 1, 11), "mom")
    ([2021, 2020, 2019, 2018, 2017], None)
    """
    if comparison == "mom":
        before = period.previous_span()
        return None if before is None else [before]
    if comparison not in COMPARISON_YEARS:
        raise ValueError(f"unknown comparison {comparison!r}")
    years = range(1, 2) if comparison == "yoy" else range(2, 3) if comparison == "prev2" else range(1, 6)
    return [Period(period.year - k, period.start, period.end) for k in years]


def _previous(lk: _Lookup, indicator: str, region: str, spans: list[Period]) -> Resolved | None:
    """The comparison's value: the one span's, or the mean of the five years' (all five needed;
    otherwise not found, its warnings saying how many there are)."""
    found = [_resolve(lk, indicator, region, span, check_children=False) for span in spans]
    if len(found) == 1:
        return found[0]
    have = [r for r in found if r.found]
    if len(have) < len(found):
        missing = Resolved(indicator, region, spans[0])
        missing.warnings.append(catalog.PREVIOUS_MISSING["avg5"].format(count=len(have)))
        return missing
    return Resolved(
        indicator, region, spans[0],
        value=sum(r.value for r in have) / len(have),
        qualifier="约" if any(r.qualifier for r in have) else "",  # a mean of bounds is about that
        status="provisional" if any(r.status == "provisional" for r in have) else "final",
        synthetic=any(r.synthetic for r in have),
        origins=tuple(dict.fromkeys(o for r in have for o in r.origins)),
    )  # fmt: skip


def _summary_row(lk: _Lookup, info: catalog.Indicator, cur: Resolved, comparison: str) -> dict:
    spans = comparison_spans(cur.period, comparison)
    prev_period = spans[0] if spans else None
    prev = _previous(lk, info.code, cur.region, spans) if spans else None
    prev_found = prev is not None and prev.found
    approximate = cur.approximate or (prev_found and prev.approximate)
    provisional = cur.status == "provisional" or (prev_found and prev.status == "provisional")
    if prev_period is None:
        change = Change(None, None, None, catalog.PHRASES["mom_not_applicable"])
    elif not prev_found and prev is not None and prev.warnings:
        change = Change(None, None, None, prev.warnings[0])
    else:
        change = describe_change(
            cur.value,
            prev.value if prev_found else None,
            unit=info.unit,
            comparison=comparison,
            approximate=approximate,
            provisional=provisional,
        )
    region_name = lk.name(cur.region)
    return dict(
        indicator=info.code,
        name=info.name,
        unit=info.unit,
        topic=info.topic,
        section=info.section,
        polarity=info.polarity,
        region=cur.region,
        region_name=region_name,
        period=str(cur.period),
        period_label=period_label(info, cur.period, cur.as_of),
        value=cur.value,
        qualifier=cur.qualifier,
        display=format_number(cur.value, cur.qualifier),
        status=cur.status,
        synthetic=cur.synthetic or (prev_found and prev.synthetic),
        method=cur.method,
        origins=list(cur.origins),
        sources=list(cur.sources),
        batch_ids=list(cur.batch_ids),
        as_of=cur.as_of,
        previous=prev.value if prev_found else None,
        previous_period=str(prev_period) if prev_period else None,
        previous_qualifier=prev.qualifier if prev_found else None,
        previous_synthetic=bool(prev_found and prev.synthetic),
        change_pct=change.pct,
        change_abs=change.absolute,
        direction=change.direction,
        change_text=change.text,
        approximate=bool(change.approximate),
        provisional=bool(change.provisional),
        warnings=list(cur.warnings),
    )


def add_shares(summary_frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``parent`` and ``share_pct``: each part's share of its parent indicator (one decimal).

    >>> s = pd.DataFrame({"indicator": ["hazards_found", "major_hazards"], "value": [7481.0, 42.0]})
    >>> add_shares(s)["share_pct"].tolist()
    [nan, 0.6]
    """
    out = summary_frame.copy()
    values = dict(zip(out["indicator"], out["value"], strict=True))
    parents = [catalog.INDICATORS[c].parent for c in out["indicator"]]
    out["parent"] = parents
    out["share_pct"] = [
        round_half_away(v / values[p] * 100, 1) if p in values and values[p] else float("nan")
        for v, p in zip(out["value"], parents, strict=True)
    ]
    return out


def double_decline(summary_frame: pd.DataFrame) -> bool | None:
    """双下降: accidents and deaths both down. None when either change is unknown.

    >>> s = pd.DataFrame({"indicator": ["accidents", "deaths"], "direction": ["down", "down"]})
    >>> double_decline(s)
    True
    >>> double_decline(s.assign(direction=["down", "flat"]))
    False
    """
    d = dict(zip(summary_frame["indicator"], summary_frame["direction"], strict=True))
    if any(not isinstance(d.get(k), str) for k in ("accidents", "deaths")):
        return None
    return d["accidents"] == "down" and d["deaths"] == "down"


# --- series for charts ----------------------------------------------------------------


def series(
    obs: pd.DataFrame | _Lookup,
    indicator: str,
    region: str,
    periods: list[Period],
    regions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Values of one indicator for one region over several periods (a trend), found ones only.

    >>> obs = pd.DataFrame([dict(indicator="accidents", region="320703", year=y, start=m, end=m, value=float(m))
    ...                     for y in (2021, 2022) for m in range(1, 13)])
    >>> series(obs, "accidents", "320703", [Period.year_of(2021), Period.year_of(2022)])["value"].tolist()
    [78.0, 78.0]
    """
    lk = _lookup(obs, regions)
    rows = []
    for p in periods:
        r = _resolve(lk, indicator, region, p, check_children=False)
        if r.found:
            rows.append(_point(r, lk))
    return pd.DataFrame(rows, columns=_POINT_FIELDS)


def by_children(
    obs: pd.DataFrame | _Lookup, indicator: str, region: str, period: Period, regions: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One indicator for each child of ``region`` over ``period`` (counties compared); ``obs`` may be
    :func:`prepare`'s. A child is named as the catalog or the store's ``regions`` name it (a town).

    >>> obs = pd.DataFrame([dict(indicator="deaths", region=c, year=2022, start=1, end=11, value=1.0)
    ...                     for c in ("320723101", "320723102")])
    >>> towns = pd.DataFrame({"code": ["320723101", "320723102"], "name": ["伊山镇", "杨集镇"], "parent": "320723"})
    >>> by_children(obs, "deaths", "320723", Period(2022, 1, 11), towns)["region_name"].tolist()
    ['伊山镇', '杨集镇']
    """
    lk = _lookup(obs, regions)
    if (indicator, region) in lk.summed_children:
        raise ValueError(f"the children of {region} are given summed for {indicator}, not one by one")
    rows = []
    for k in lk.children.get(region, []):
        r = _resolve(lk, indicator, k, period, check_children=False)
        if r.found:
            rows.append(_point(r, lk))
    return pd.DataFrame(rows, columns=_POINT_FIELDS)


def figures(
    obs: pd.DataFrame | _Lookup,
    indicators: list[str] | tuple[str, ...],
    region: str,
    period: Period,
    regions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Several indicators of one region and period (figures charted together), found ones only,
    in the order asked. For a whole year, as :func:`summary`: an indicator without a full-year
    figure is given for the longest 1-N月 span that has one (``period`` says which).

    >>> obs = pd.DataFrame([dict(indicator=i, region="320700", year=2022, start=1, end=e, value=v)
    ...                     for i, e, v in (("hazards_found", 12, 7481.0), ("major_hazards", 12, 42.0),
    ...                                     ("complaints_received", 11, 243.0))])
    >>> figures(obs, ["major_hazards", "hazards_found", "injuries"], "320700", Period.year_of(2022))["value"].tolist()
    [42.0, 7481.0]
    >>> figures(obs, ["complaints_received"], "320700", Period.year_of(2022))["period_label"].tolist()
    ['2022年1-11月']
    >>> figures(obs, ["hazards_found"], "320700", Period(2022, 1, 11)).empty
    True
    """
    lk = _lookup(obs, regions)
    rows = []
    for code in indicators:
        r = _resolve_in_year(lk, code, region, period.year) if period.is_year else _resolve(lk, code, region, period)
        if r.found:
            rows.append(_point(r, lk))
    return pd.DataFrame(rows, columns=_POINT_FIELDS)


_POINT_FIELDS = [
    "indicator",
    "region",
    "region_name",
    "period",
    "period_label",
    "value",
    "qualifier",
    "status",
    "synthetic",
    "origins",
    "sources",
    "batch_ids",
]


def _point(r: Resolved, lk: _Lookup) -> dict:
    return dict(
        indicator=r.indicator,
        region=r.region,
        region_name=lk.name(r.region),
        period=str(r.period),
        period_label=period_label(catalog.INDICATORS[r.indicator], r.period, r.as_of)
        if r.indicator in catalog.INDICATORS
        else r.period.label(),
        value=r.value,
        qualifier=r.qualifier,
        status=r.status,
        synthetic=r.synthetic,
        origins=list(r.origins),
        sources=list(r.sources),
        batch_ids=list(r.batch_ids),
    )
