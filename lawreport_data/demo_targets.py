"""The demo's 安全生产控制指标 (synthetic, issue 17): for 2018–2022, each county's and the city's
target a little above that year's demo actual (the actual × 1.15, rounded up, at least 1), except
that one county is over its pace in 2022: its 死亡人数 target is its own 1-11月 deaths (all of it
used by 30 November, 91.5% of the year gone)."""

from __future__ import annotations

import math

import pandas as pd

from . import catalog

MARGIN = 1.15
OVER_PACE = ("deaths", 2022, 11)
"""The indicator, year and last month at which one county (the one with the most deaths then) is
over its pace."""


def demo_targets(demo_rows: pd.DataFrame) -> list[dict]:
    """Targets (dicts of region, year, indicator, target) from the demo's county months.

    >>> rows = pd.DataFrame([dict(indicator="deaths", region=r, year=2022, start=m, end=m, value=v)
    ...     for r, v in (("320722", 1.0), ("320723", 2.0)) for m in range(1, 13)])
    >>> {(t["region"], t["indicator"]): t["target"] for t in demo_targets(rows) if t["year"] == 2022}
    {('320700', 'deaths'): 42, ('320722', 'deaths'): 14, ('320723', 'deaths'): 22}
    """
    monthly = demo_rows[
        (demo_rows["start"] == demo_rows["end"]) & demo_rows["indicator"].isin(catalog.TARGET_INDICATORS)
    ]
    year_sums = monthly.groupby(["region", "year", "indicator"])["value"].sum()
    city = year_sums.groupby(level=["year", "indicator"]).sum()
    targets = [
        {"region": region, "year": int(year), "indicator": indicator, "target": max(math.ceil(value * MARGIN), 1)}
        for (region, year, indicator), value in year_sums.items()
    ] + [
        {"region": "320700", "year": int(year), "indicator": indicator, "target": max(math.ceil(value * MARGIN), 1)}
        for (year, indicator), value in city.items()
    ]
    indicator, year, through = OVER_PACE
    so_far = monthly[(monthly["indicator"] == indicator) & (monthly["year"] == year) & (monthly["end"] <= through)]
    by_region = so_far.groupby("region")["value"].sum()
    if len(by_region) and by_region.max() > 0:
        county = by_region.idxmax()
        for t in targets:
            if (t["region"], t["year"], t["indicator"]) == (county, year, indicator):
                t["target"] = int(by_region[county])
    return sorted(targets, key=lambda t: (t["year"], t["region"], t["indicator"]))
