"""The demo's denominators of the rates (synthetic, issue 17): 地区生产总值（亿元）, 工矿商贸就业人员（万人）
and 机动车保有量（万辆） for 2018–2022, the city's growing by a fixed rate a year and each county's its
share (``demo.WEIGHTS``); the city's is its own figure, not the sum of the counties' (rounded apart)."""

from __future__ import annotations

import pandas as pd

from . import demo

CITY_2018 = {"gdp": 2772.0, "icm_employment": 78.0, "motor_vehicles": 98.0}
GROWTH = {"gdp": 0.095, "icm_employment": 0.02, "motor_vehicles": 0.055}
DECIMALS = {"gdp": 1, "icm_employment": 2, "motor_vehicles": 2}


def demo_denominators() -> pd.DataFrame:
    """Whole-year rows of the city and each county for :data:`demo.YEARS`, in the demo's columns.

    >>> frame = demo_denominators()
    >>> frame[(frame["region"] == "320700") & (frame["indicator"] == "gdp")]["value"].tolist()
    [2772.0, 3035.3, 3323.7, 3639.4, 3985.2]
    >>> sorted(frame["indicator"].unique()), bool(frame["synthetic"].all()), frame["start"].unique().tolist()
    (['gdp', 'icm_employment', 'motor_vehicles'], True, [1])
    """
    rows = []
    for indicator, first in CITY_2018.items():
        for year in demo.YEARS:
            city = first * (1 + GROWTH[indicator]) ** (year - min(demo.YEARS))
            rows.append((indicator, "320700", year, round(city, DECIMALS[indicator])))
            rows += [(indicator, r, year, round(city * w, DECIMALS[indicator])) for r, w in demo.WEIGHTS.items()]
    frame = pd.DataFrame(rows, columns=["indicator", "region", "year", "value"])
    frame["start"], frame["end"] = 1, 12
    frame["status"], frame["as_of"], frame["qualifier"] = "final", None, ""
    frame["origin"], frame["synthetic"], frame["source"] = "demo", True, demo.SOURCE
    frame["batch_id"] = frame["source_row"] = frame["note"] = None
    return frame
