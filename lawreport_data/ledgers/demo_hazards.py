"""Synthetic hazard records for the demo (``init-db --demo``): one ledger row per hazard, made from
the demo's county months (:func:`lawreport_data.demo.demo_frame`) so that counting the records
gives back exactly the demo's figures, and through them the report's (2022: 7481 hazards, 7439
一般, 42 重大). Every record is marked ``synthetic``.

The records reproduce these indicators of ``catalog.INDICATORS`` for each county month, counted as
``api.hazard_reconcile`` counts them (the hazards found in the month, as of its last day), and
only these:

- ``hazards_found`` 排查隐患数: the records found (发现日期) in the month;
- ``general_hazards`` 一般隐患数 and ``major_hazards`` 重大隐患数: those of each 隐患级别;
- ``hazards_rectified`` 整改隐患数: those rectified (整改完成日期) by the month's last day. Hazards
  rectified later count in no month's figure (a year's records rectified by its end are more than
  the sum of its months).

Each hazard lives as hazards do: a 整改期限 (a 重大 one always, 30-90 days; most 一般 ones 7-30 days,
some none), rectified on or before it most often, some late, the ones still open on the last day of
the demo's last year left without 整改完成日期 (those found in its last weeks, and
:data:`LONG_OPEN` found before that year), 验收 a few days after completion for most (every 重大
one), 重大 ones under 县级 or 市级 挂牌督办 (a few 省级). Enterprises come from a pool per county
and 行业领域 (``catalog.DEMO_HAZARD_COMPANY``; most with a valid 统一社会信用代码), descriptions from
the sector's list (``catalog.DEMO_HAZARD_DESCRIPTIONS``); 发现日期 falls on weekdays more often.

>>> from lawreport_data import demo, report2022
>>> real = report2022.report_frame()
>>> records = demo_hazard_records(demo.demo_frame(real), real)
>>> list(records.columns) == [*RECORD_COLUMNS, "synthetic"], bool(records["synthetic"].all())
(True, True)
>>> y2022 = records[records["found_on"].dt.year == 2022]
>>> len(y2022), int((y2022["level"] == "general").sum()), int((y2022["level"] == "major").sum())
(7481, 7439, 42)
>>> records["record_no"].iloc[0]
'DEMO-YH-2018-000001'
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalog, demo
from .demo_accidents import REGION_SECTOR_FACTORS, _check_real, credit_codes
from .hazards import RECORD_COLUMNS

__all__ = ["INDICATORS", "LONG_OPEN", "demo_hazard_records"]

# The indicators the records reproduce, in the order of the module's docstring.
INDICATORS = ("hazards_found", "general_hazards", "major_hazards", "hazards_rectified")
SEED = (demo.SEED, 15)  # the demo's seed, and the issue that added the ledger
LONG_OPEN = 4  # hazards found before the last year and still open at its end

# Where hazards are found (relative): enterprises of 工矿商贸 most, then building sites.
SECTOR_WEIGHTS = {
    "metal_mine": 0.03,
    "hazchem": 0.14,
    "fireworks": 0.01,
    "construction": 0.20,
    "industry_trade": 0.36,
    "other_icm": 0.06,
    "road": 0.07,
    "water": 0.03,
    "fishing": 0.02,
    "fire": 0.08,
}
UNITS_PER_SECTOR = 60  # enterprises of a sector in a county (a few have most of its hazards)
NO_CREDIT_CODE = 8  # one enterprise in this many is written without its 统一社会信用代码
# 隐患来源 (relative) of 一般 and of 重大 hazards.
SOURCE_WEIGHTS = {
    "general": {"self_check": 45, "enforcement": 30, "third_party": 15, "public_report": 4, "other": 6},
    "major": {"self_check": 20, "enforcement": 50, "third_party": 25, "public_report": 3, "other": 2},
}
# 整改期限 in days after discovery (relative frequency); a 一般 hazard has none at times.
GENERAL_DEADLINES = {7: 25, 10: 15, 15: 30, 20: 10, 30: 20}
MAJOR_DEADLINES = {30: 30, 45: 25, 60: 30, 90: 15}
GENERAL_WITHOUT_DEADLINE = 0.15
ON_TIME = 0.9  # hazards with a deadline meant to be rectified by it (the month's figures move some)
LATE_DAYS = 8  # mean days past the deadline of a late one
OPEN_DAYS = 7  # mean days to rectify a hazard without a deadline
ACCEPTED = 0.9  # 一般 hazards rectified that are also accepted (every 重大 one is)
ACCEPT_DAYS = 4  # mean days from completion to 验收
PAST_MONTH_DAYS = 5  # mean days past the month's end of a hazard rectified after it
SUPERVISION_WEIGHTS = {"county": 60, "city": 33, "province": 7}  # 挂牌督办 of 重大 hazards
FUNDED = 0.6  # 一般 hazards rectified with their 整改资金 written
WEEKEND_KEPT = 0.25  # a discovery drawn on a weekend stays there this often (else drawn again)


def demo_hazard_records(demo_rows: pd.DataFrame, real: pd.DataFrame) -> pd.DataFrame:
    """Hazard records whose counts per county month are the demo's figures of :data:`INDICATORS`
    (``demo_rows`` as :func:`lawreport_data.demo.demo_frame` makes it; a county month without a
    ``hazards_rectified`` figure has its hazards rectified as they come), the columns
    :data:`~.hazards.RECORD_COLUMNS` (as :func:`~.hazards.read_hazard_ledger` gives them;
    ``source_row`` is empty: no file) and ``synthetic`` (True). Deterministic (a fixed seed).

    Raises ValueError when the demo figures contradict a city figure of ``real`` (the report) for
    one of these indicators, or when no records can carry a county month's figures (一般 and 重大
    not adding up to the hazards found, more rectified than found, a figure not whole).

    >>> rows = pd.DataFrame([dict(indicator=c, region="320723", year=2022, start=3, end=3, value=v)
    ...                      for c, v in dict(hazards_found=20, general_hazards=18, major_hazards=2,
    ...                                       hazards_rectified=17).items()])
    >>> r = demo_hazard_records(rows, rows.iloc[:0])
    >>> r["level"].value_counts().to_dict(), int((r["rectified_on"] <= "2022-03-31").sum())
    ({'general': 18, 'major': 2}, 17)
    >>> bool((r["found_on"].dt.month == 3).all()), bool(r.loc[r["level"] == "major", "deadline"].notna().all())
    (True, True)
    """
    cells = _cells(demo_rows)
    _check_real(cells, real, INDICATORS[:3])
    rng = np.random.default_rng(list(SEED))
    counts = cells["hazards_found"].to_numpy(dtype="int64")
    n = int(counts.sum())
    cell = np.repeat(np.arange(len(cells)), counts)
    starts = np.cumsum(counts) - counts
    rank = np.arange(n) - starts[cell]
    region = cells["region"].to_numpy(dtype=object)[cell]
    year = cells["year"].to_numpy(dtype="int64")[cell]
    major = rank < cells["major_hazards"].to_numpy(dtype="int64")[cell]
    level = np.where(major, "major", "general").astype(object)

    months = (cells["year"].to_numpy(dtype="int64") - 1970) * 12 + cells["start"].to_numpy(dtype="int64") - 1
    first = months.astype("datetime64[M]")
    first_day = first.astype("datetime64[D]").astype("int64")
    last_day = (first + 1).astype("datetime64[D]").astype("int64") - 1
    found = _found(first_day[cell], last_day[cell], rng)
    sector = _sectors(region, rng)
    source = _choose(SOURCE_WEIGHTS["general"], n, rng)
    source[major] = _choose(SOURCE_WEIGHTS["major"], int(major.sum()), rng)

    # 整改期限: days after discovery, -1 for none
    allowed = _choose(GENERAL_DEADLINES, n, rng).astype("int64")
    allowed[rng.random(n) < GENERAL_WITHOUT_DEADLINE] = -1
    allowed[major] = _choose(MAJOR_DEADLINES, int(major.sum()), rng).astype("int64")
    has_deadline = allowed >= 0
    # the days each would take to rectify, left alone: by the deadline (early more often), past it
    # (a late one), or a week or so without one
    on_time = rng.random(n) < ON_TIME
    took = np.where(
        has_deadline,
        np.where(
            on_time,
            np.floor(rng.beta(1.0, 3.0, n) * (allowed + 1)),
            allowed + rng.geometric(1 / LATE_DAYS, n),
        ),
        rng.geometric(1 / OPEN_DAYS, n) - 1,
    ).astype("int64")
    done = found + took

    # The month's figure: its ``hazards_rectified`` hazards quickest to rectify are done by its last
    # day (brought within it, and within their deadline, when they would be later), the others after it.
    month_end = last_day[cell]
    by_end = cells["hazards_rectified"].to_numpy(dtype=float)
    natural = np.bincount(cell, weights=done <= month_end, minlength=len(cells))
    by_end = np.where(np.isnan(by_end), natural, by_end).astype("int64")
    order = np.lexsort((rng.random(n), done, cell))
    place = np.empty(n, dtype="int64")
    place[order] = np.arange(n) - starts[cell[order]]
    early = place < by_end[cell]
    limit = np.where(has_deadline, np.minimum(month_end, found + allowed), month_end)
    squeezed = early & (done > month_end)
    done[squeezed] = found[squeezed] + np.floor(rng.random(n)[squeezed] * (limit - found + 1)[squeezed]).astype("int64")
    pushed = ~early & (done <= month_end)
    done[pushed] = month_end[pushed] + rng.geometric(1 / PAST_MONTH_DAYS, n)[pushed]

    # Still open at the end of the demo: those that would be done after it, and a few long-open ones.
    horizon = int(np.datetime64(f"{int(cells['year'].max())}-12-31", "D").astype("int64")) if n else 0
    still = done > horizon
    older = np.flatnonzero(~early & (year < (cells["year"].max() if n else 0)))
    still[np.random.default_rng([*SEED, 1]).choice(older, size=min(LONG_OPEN, len(older)), replace=False)] = True
    accepted = done + rng.geometric(1 / ACCEPT_DAYS, n)
    accepted_at = ~still & (major | (rng.random(n) < ACCEPTED)) & (accepted <= horizon)

    supervision = np.full(n, "none", dtype=object)
    supervision[major] = _choose(SUPERVISION_WEIGHTS, int(major.sum()), rng)
    funds = np.where(major, np.round(rng.gamma(2.0, 15.0, n), 1) + 1.0, np.round(rng.gamma(1.5, 0.6, n), 1) + 0.1)
    funds[still | (~major & (rng.random(n) >= FUNDED))] = np.nan
    company, credit = _units(region, sector, rng)
    description = _descriptions(sector, major, rng)

    out_order = np.lexsort((rank, cell, found))  # a day's hazards by region (cells are in its order)
    sorted_year = year[out_order]
    seq = pd.Series(np.ones(n, dtype="int64")).groupby(sorted_year).cumsum().to_numpy()
    numbers = [f"DEMO-YH-{y}-{s:06d}" for y, s in zip(sorted_year, seq, strict=True)]
    columns = {
        "key": numbers,
        "record_no": numbers,
        "company": company[out_order],
        "credit_code": credit[out_order],
        "region": region[out_order],
        "sector": sector[out_order],
        "level": level[out_order],
        "source": source[out_order],
        "description": description[out_order],
        "found_on": _days(found)[out_order],
        "deadline": _days(np.where(has_deadline, found + allowed, -1), has_deadline)[out_order],
        "rectified_on": _days(done, ~still)[out_order],
        "accepted_on": _days(accepted, accepted_at)[out_order],
        "supervision": supervision[out_order],
        "funds": funds[out_order],
    }
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for name in RECORD_COLUMNS[:-1]:
        value = columns[name]
        out[name] = value if name in _DATES else pd.Series(value, dtype="float64" if name == "funds" else object)
    out["source_row"] = pd.array([pd.NA] * n, dtype="Int64")
    out["synthetic"] = True
    return out


_DATES = ("found_on", "deadline", "rectified_on", "accepted_on")


def _cells(demo_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per county month (region, year, start) with a column per indicator: the hazards
    found (0 when absent), 一般 and 重大 (one from the other when only one is given, 重大 0 when
    neither is), rectified (NaN when absent)."""
    rows = demo_rows[demo_rows["indicator"].isin(INDICATORS) & (demo_rows["start"] == demo_rows["end"])]
    wide = rows.pivot_table(index=["region", "year", "start"], columns="indicator", values="value", aggfunc="sum")
    wide = wide.reindex(columns=list(INDICATORS)).reset_index()
    wide.columns.name = None
    found = wide["hazards_found"].fillna(0)
    major = wide["major_hazards"].fillna(found - wide["general_hazards"]).fillna(0)
    general = wide["general_hazards"].fillna(found - major)
    wide = wide.assign(hazards_found=found, major_hazards=major, general_hazards=general)
    figures = wide[list(INDICATORS)]
    if (figures < 0).any().any():
        raise ValueError("a negative demo figure (or more 一般 or 重大 hazards than found)")
    if (figures.notna() & (figures != figures.round())).any().any():
        raise ValueError("a demo hazard figure that is not whole")
    if (general + major != found).any():
        raise ValueError("一般 and 重大 hazards do not add up to the hazards found in a demo county month")
    if (wide["hazards_rectified"] > found).any():
        raise ValueError("more hazards rectified than found in a demo county month")
    return wide


def _share(weights) -> np.ndarray:
    w = np.asarray(list(weights), dtype=float)
    return w / w.sum()


def _choose(weights: dict, size: int, rng: np.random.Generator) -> np.ndarray:
    """``size`` keys of ``weights`` drawn by their weights."""
    keys = np.array(list(weights), dtype=object)
    return keys[rng.choice(len(keys), size=size, p=_share(weights.values()))]


def _found(first: np.ndarray, last: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A day (days since 1970) from ``first`` to ``last``, weekdays more often."""
    span = last - first + 1
    day = first + np.floor(rng.random(len(first)) * span).astype("int64")
    again = first + np.floor(rng.random(len(first)) * span).astype("int64")
    weekend = (day + 3) % 7 >= 5  # 1970-01-01 was a Thursday
    return np.where(weekend & (rng.random(len(first)) >= WEEKEND_KEPT), again, day)


def _days(days: np.ndarray, present: np.ndarray | None = None) -> np.ndarray:
    """Days since 1970 as datetime64[ns] at midnight (NaT where not ``present``)."""
    out = np.asarray(days, dtype="int64").astype("datetime64[D]").astype("datetime64[ns]")
    if present is not None:
        out[~present] = np.datetime64("NaT")
    return out


def _sectors(region: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    codes = list(SECTOR_WEIGHTS)
    out = np.empty(len(region), dtype=object)
    for code in dict.fromkeys(region):
        at = np.flatnonzero(region == code)
        factors = REGION_SECTOR_FACTORS.get(code, {})
        out[at] = _choose({s: SECTOR_WEIGHTS[s] * factors.get(s, 1.0) for s in codes}, len(at), rng)
    return out


def _units(region: np.ndarray, sector: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """An enterprise of the county and sector for each hazard (a few of the pool's have most of
    them) and its 统一社会信用代码 (the same wherever it appears; None for one in
    :data:`NO_CREDIT_CODE`)."""
    ranks = np.arange(1, UNITS_PER_SECTOR + 1)
    number = rng.choice(ranks, size=len(region), p=_share(1.0 / (ranks + 4.0)))
    regions = np.array([r.code for r in catalog.REGION_LIST], dtype=object)
    sectors = np.array(list(catalog.ACCIDENT_SECTORS), dtype=object)
    r_at = pd.Index(regions).get_indexer(region)
    s_at = pd.Index(sectors).get_indexer(sector)
    pool, which = np.unique((r_at * len(sectors) + s_at) * 1000 + number, return_inverse=True)
    r_of, s_of, k_of = regions[pool // 1000 // len(sectors)], sectors[pool // 1000 % len(sectors)], pool % 1000
    names = np.array(
        [
            catalog.DEMO_HAZARD_COMPANY.format(
                region=catalog.region_name(r), trade=catalog.DEMO_HAZARD_TRADES[s], number=int(k)
            )
            for r, s, k in zip(r_of, s_of, k_of, strict=True)
        ],
        dtype=object,
    )
    # an org code of its own: H, then the region's, the sector's and the enterprise's numbers
    codes = np.array(
        credit_codes(
            [r if r.isdigit() else catalog.CITY_CODE for r in r_of],
            [f"H{i // 1000 // len(sectors):02d}{i // 1000 % len(sectors):02d}{i % 1000:03d}" for i in pool],
        ),
        dtype=object,
    )
    codes[k_of % NO_CREDIT_CODE == 0] = None
    return names[which], codes[which]


def _descriptions(sector: np.ndarray, major: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """隐患描述 from the sector's list of its level."""
    out = np.empty(len(sector), dtype=object)
    pick = rng.random(len(sector))
    for code, lists in catalog.DEMO_HAZARD_DESCRIPTIONS.items():
        for texts, mine in zip(lists, (~major, major), strict=True):
            at = np.flatnonzero((sector == code) & mine)
            out[at] = np.array(texts, dtype=object)[(pick[at] * len(texts)).astype("int64")]
    return out
