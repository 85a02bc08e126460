"""Deterministic synthetic monthly county data for 2018–2022 (``init-db --demo``).

Every row is marked ``synthetic`` so the dashboard can stamp 示例数据 on what uses it. Where
the report gives a city figure for a monthly indicator, the counties' months inside that
span are apportioned so that they add up to it exactly: the demo never contradicts the report.

>>> real = pd.DataFrame([dict(indicator="accidents", region="320700", year=2022, start=1, end=11, value=70.0)])
>>> demo = demo_frame(real)
>>> bool(demo["synthetic"].all()), sorted(demo["year"].unique().tolist())
(True, [2018, 2019, 2020, 2021, 2022])
>>> int(demo.query("indicator == 'accidents' and year == 2022 and end <= 11")["value"].sum())
70
>>> demo.equals(demo_frame(real))
True
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import catalog

SEED = 20221130
YEARS = range(2018, 2023)
SOURCE = f"{catalog.ORIGIN_LABELS['demo']}，随机种子 {SEED}"

# Typical city totals per year in 2018 and the yearly drift (accidents fall, work grows).
LEVELS = {
    "accidents": (160, -0.13),
    "deaths": (80, -0.12),
    "injuries": (70, -0.08),
    "direct_loss": (900, -0.05),
    "major_accidents": (2, -0.3),
    "drills": (1500, 0.08),
    "drill_participants": (60000, 0.1),
    "enterprises_inspected": (1100, 0.07),
    "hazards_found": (6000, 0.06),
    "hotline_orders": (90, 0.1),
    "complaints_received": (200, 0.05),
    "rewards_granted": (4, 0.0),
    "reward_amount": (40000, 0.0),
}
# Relative size of each county and zone.
WEIGHTS = {
    "320703": 0.09,
    "320706": 0.16,
    "320707": 0.15,
    "320722": 0.15,
    "320723": 0.12,
    "320724": 0.11,
    "LYG-KFQ": 0.08,
    "LYG-XW": 0.07,
    "LYG-GXQ": 0.04,
    "LYG-YTS": 0.03,
}
SEASON = np.array([0.7, 0.6, 0.9, 1.0, 1.1, 1.1, 1.2, 1.2, 1.1, 1.0, 1.0, 1.1])


def apportion(weights: np.ndarray, total: int) -> np.ndarray:
    """Whole numbers proportional to ``weights`` that add up to ``total`` (largest remainder).

    >>> apportion(np.array([1.0, 1.0, 2.0]), 5).tolist()
    [1, 1, 3]
    >>> apportion(np.array([0.0, 0.0]), 3).tolist()
    [2, 1]
    """
    w = np.asarray(weights, dtype=float)
    if w.sum() <= 0:
        w = np.ones_like(w)
    raw = w / w.sum() * total
    base = np.floor(raw).astype(int)
    rest = int(total - base.sum())
    order = np.argsort(-(raw - base), kind="stable")
    base[order[:rest]] += 1
    return base


def demo_frame(real: pd.DataFrame) -> pd.DataFrame:
    """Synthetic county-month observations, calibrated to the real city figures in ``real``."""
    rng = np.random.default_rng(SEED)
    regions = list(WEIGHTS)
    weights = np.array([WEIGHTS[r] for r in regions])
    grids: dict[tuple[str, int], np.ndarray] = {}  # (indicator, year) -> regions × 12 months
    for year in YEARS:
        for code, (level, drift) in LEVELS.items():
            lam = np.outer(weights, SEASON / SEASON.sum()) * level * (1 + drift) ** (year - 2018)
            grids[code, year] = rng.poisson(lam).astype(float)
        grids["major_hazards", year] = rng.binomial(grids["hazards_found", year].astype(int), 0.006).astype(float)
        for code in [*LEVELS, "major_hazards"]:
            _calibrate(grids[code, year], _targets(real, code, year))
        _fit_accidents(grids, year, real)
        found = grids["hazards_found", year]
        grids["general_hazards", year] = np.maximum(found - grids["major_hazards", year], 0)
        grids["hazards_rectified", year] = np.floor(found * rng.uniform(0.9, 1.0, found.shape))
        grids["complaints_verified", year] = grids["complaints_received", year].copy()
    rows = [
        (code, r, year, m + 1, grid[i, m])
        for (code, year), grid in grids.items()
        for i, r in enumerate(regions)
        for m in range(12)
    ]
    frame = pd.DataFrame(rows, columns=["indicator", "region", "year", "start", "value"])
    frame["end"] = frame["start"]
    latest = (frame["year"] == max(YEARS)) & (frame["start"] == 12)
    frame["status"] = np.where(latest, "provisional", "final")
    frame["as_of"] = [
        _month_end(y, m) + dt.timedelta(days=15) for y, m in zip(frame["year"], frame["start"], strict=True)
    ]
    frame["qualifier"] = ""
    frame["origin"] = "demo"
    frame["synthetic"] = True
    frame["source"] = SOURCE
    frame["batch_id"] = None
    frame["source_row"] = None
    frame["note"] = None
    return frame.sort_values(["indicator", "region", "year", "start"], ignore_index=True)


def _calibrate(grid: np.ndarray, targets: list[tuple[int, int, int]]) -> None:
    """Make the months of each target span add up to the target total (in place)."""
    for start, end, total in targets:
        block = grid[:, start - 1 : end]
        grid[:, start - 1 : end] = apportion(block.ravel(), total).reshape(block.shape)


# What one accident can carry, by 生产安全事故报告和调查处理条例 art. 3: a 一般 accident has fewer
# deaths than a 较大 one's lower bound; the demo's 较大及以上 accidents are 较大 by their deaths.
LARGER_DEATHS = next(d for g, d, _, _ in catalog.ACCIDENT_GRADE_THRESHOLDS if g == "larger")
MAJOR_DEATHS = next(d for g, d, _, _ in catalog.ACCIDENT_GRADE_THRESHOLDS if g == "major")
MAX_INJURIES = 4  # injured people per accident, at most (demo plausibility)
MAX_LOSS = 999  # 万元 per accident: below the 较大 bound of 1000万元


def accident_bounds(grids: dict, year: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """(least, most) of each accident part per county month that accident records can carry: no
    death, injury or loss without an accident; 一般 accidents with at most 2 deaths, 较大 ones
    (major_accidents, at most the accidents) with 3 to 9.

    >>> g = {(c, 2022): np.array([[v]]) for c, v in
    ...      dict(accidents=2, major_accidents=1, deaths=0, injuries=0, direct_loss=0).items()}
    >>> {k: (int(lo[0, 0]), int(hi[0, 0])) for k, (lo, hi) in accident_bounds(g, 2022).items()}
    {'major_accidents': (0, 2), 'deaths': (3, 11), 'injuries': (0, 8), 'direct_loss': (0, 1998)}
    """
    a, m = grids["accidents", year], grids["major_accidents", year]
    zero = np.zeros_like(a)
    general = np.maximum(a - m, 0)
    return {
        "major_accidents": (zero, a),
        "deaths": (LARGER_DEATHS * m, (LARGER_DEATHS - 1) * general + (MAJOR_DEATHS - 1) * m),
        "injuries": (zero, MAX_INJURIES * a),
        "direct_loss": (zero, MAX_LOSS * a),
    }


def _fit_accidents(grids: dict, year: int, real: pd.DataFrame) -> None:
    """Make the accident parts of each county month something records can carry (see
    :func:`accident_bounds`; independent draws put deaths in months without an accident), moving
    units within each span the report gives a figure for and within the rest of the year, so
    every calibrated total stays as it is. In place."""
    accidents = grids["accidents", year]
    for code in ("major_accidents", "deaths", "injuries", "direct_loss"):  # deaths' bounds need the 较大 ones
        low, high = accident_bounds(grids, year)[code]
        grid = grids[code, year]
        months = np.zeros(12, dtype=bool)
        spans = []
        for start, end, _ in _targets(real, code, year):
            months[start - 1 : end] = True
            spans.append(np.arange(start - 1, end))
        spans.append(np.flatnonzero(~months))
        for cols in spans:
            if len(cols):
                block = grid[:, cols]  # a copy (fancy index)
                fit_within(block, low[:, cols], high[:, cols], weights=accidents[:, cols])
                grid[:, cols] = block


def fit_within(values: np.ndarray, low: np.ndarray, high: np.ndarray, weights: np.ndarray | None = None) -> None:
    """Move whole units between the cells of ``values`` (whole numbers) until each lies within
    [``low``, ``high``], keeping the total; in place. A unit leaves the cell most above its
    bound, else (a cell is below its bound) the one with most per weight above its least; it
    goes to the cell most below its bound, else to the one with least per weight below its most.
    So cells within bounds change only as far as the others need. Raises ValueError when the
    bounds cannot hold the total.

    >>> v = np.array([3.0, 0.0, 1.0]); fit_within(v, np.zeros(3), np.array([0.0, 2.0, 2.0])); v.tolist()
    [0.0, 2.0, 2.0]
    >>> v = np.array([0.0, 5.0]); fit_within(v, np.array([3.0, 0.0]), np.array([9.0, 9.0])); v.tolist()
    [3.0, 2.0]
    >>> fit_within(np.array([5.0]), np.zeros(1), np.array([4.0]))
    Traceback (most recent call last):
    ValueError: 5 units cannot lie within bounds holding 0 to 4
    """
    work = values.astype(float).reshape(-1)
    lo, hi = np.asarray(low, dtype=float).reshape(-1), np.asarray(high, dtype=float).reshape(-1)
    w = np.ones(work.shape) if weights is None else np.maximum(np.asarray(weights, dtype=float).reshape(-1), 1.0)
    total = work.sum()
    if not lo.sum() <= total <= hi.sum():
        raise ValueError(f"{total:g} units cannot lie within bounds holding {lo.sum():g} to {hi.sum():g}")
    while True:
        over, under = work - hi, lo - work
        if over.max(initial=0) <= 0 and under.max(initial=0) <= 0:
            break
        slack = np.where(work >= lo + 1, (work - lo) / w, -np.inf)
        room = np.where(work + 1 <= hi, work / w, np.inf)
        giver = int(np.argmax(over) if over.max() > 0 else np.argmax(slack))
        taker = int(np.argmax(under) if under.max() > 0 else np.argmin(room))
        work[giver] -= 1
        work[taker] += 1
    values[...] = work.reshape(values.shape)


def _targets(real: pd.DataFrame, indicator: str, year: int) -> list[tuple[int, int, int]]:
    if real.empty:
        return []
    hit = real[(real["indicator"] == indicator) & (real["region"] == catalog.CITY_CODE) & (real["year"] == year)]
    return [(int(r.start), int(r.end), int(round(r.value))) for r in hit.itertuples()]


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
