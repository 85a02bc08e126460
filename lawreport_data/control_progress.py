"""安全生产控制指标 progress (issue 17): a region's actual figure of 1-N月 against the year's
control target (控制数), read against the share of the year gone. Pure functions.

- used share (已用比例) = actual ÷ target, in per cent;
- time share (时间进度) = days from 1 January to the end of month N ÷ days in the year (366 in a
  leap year), in per cent;
- status: 超全年 (the actual is over the whole year's target), 超进度 (used share over the time
  share), 正常 (within it), 无控制数 (no target was set for that region, year and indicator).
"""

from __future__ import annotations

import calendar
import datetime as dt

STATUSES = ("over_year", "over_pace", "normal", "no_actual", "no_target")
"""Worst first: the order the progress board lists them in (``no_actual``: a target on a rate that
cannot be computed, its denominator missing; a count not sent is 0)."""


def time_pct(year: int, through: int) -> float:
    """Days elapsed at the end of month ``through`` ÷ days in ``year``, in per cent (unrounded).

    >>> round(time_pct(2022, 11), 1), round(time_pct(2024, 2), 2), time_pct(2023, 12)  # 334 of 365; 60 of 366
    (91.5, 16.39, 100.0)
    >>> round(time_pct(2023, 2), 2)  # not a leap year: 59 of 365 days
    16.16
    """
    if not 1 <= through <= 12:
        raise ValueError(f"month {through} is not 1-12")
    days = dt.date(year, through, calendar.monthrange(year, through)[1]).timetuple().tm_yday
    return days / (366 if calendar.isleap(year) else 365) * 100


def used_pct(actual: float | None, target: float | None) -> float | None:
    """The actual as a share of the target, in per cent (unrounded); None without a target or an
    actual; a target of 0 used by any actual is infinitely over (``inf``), by none 0.

    >>> used_pct(35, 50), used_pct(0, 0), used_pct(1, 0), used_pct(3, None)
    (70.0, 0.0, inf, None)
    """
    if actual is None or target is None:
        return None
    if target == 0:
        return 0.0 if actual == 0 else float("inf")
    return actual / target * 100


def status(actual: float | None, target: float | None, time: float, *, none_is_zero: bool = True) -> str:
    """The progress status of ``actual`` against ``target`` at time share ``time`` (per cent);
    an ``actual`` of None counts as 0 (a count not sent) unless not ``none_is_zero`` (a rate).

    >>> [status(a, 50, 91.5) for a in (40, 46, 51)]
    ['normal', 'over_pace', 'over_year']
    >>> status(50, 50, 91.5), status(50, 50, 100.0), status(3, None, 50.0), status(0, 0, 50.0)
    ('over_pace', 'normal', 'no_target', 'normal')
    >>> status(None, 0.012, 91.5), status(None, 0.012, 91.5, none_is_zero=False)
    ('normal', 'no_actual')
    """
    if target is None:
        return "no_target"
    if actual is None and not none_is_zero:
        return "no_actual"
    actual = actual or 0
    if actual > target:
        return "over_year"
    used = used_pct(actual, target)
    return "over_pace" if used > time + 1e-9 else "normal"


def progress_row(
    region: str,
    indicator: str,
    actual: float | None,
    target: float | None,
    year: int,
    through: int,
    *,
    none_is_zero: bool = True,
) -> dict:
    """One row of the board: ``{region, indicator, target, actual, used_pct, time_pct, status}``,
    the shares rounded to one decimal (None where there is no target; an unbounded share as None
    too, its status saying 超全年).

    >>> progress_row("320722", "deaths", 10, 12, 2022, 11)
    {'region': '320722', 'indicator': 'deaths', 'target': 12, 'actual': 10, 'used_pct': 83.3, 'time_pct': 91.5, 'status': 'normal'}
    >>> progress_row("320722", "deaths", 11, 12, 2022, 11)["status"]  # 91.7% used, 91.5% of the year gone
    'over_pace'
    >>> progress_row("320722", "deaths", 3, None, 2024, 2)["status"], progress_row("320722", "deaths", 3, None, 2024, 2)["time_pct"]
    ('no_target', 16.4)
    """
    time = time_pct(year, through)
    used = None if actual is None and not none_is_zero else used_pct(actual if actual is not None else 0, target)
    return {
        "region": region,
        "indicator": indicator,
        "target": target,
        "actual": actual,
        "used_pct": None if used is None or used == float("inf") else round(used + 0.0, 1),
        "time_pct": round(time, 1),
        "status": status(actual, target, time, none_is_zero=none_is_zero),
    }


def pace_points(row: dict) -> float | None:
    """How far the used share is ahead of the time share, in percentage points (one decimal); None
    where there is no share.

    >>> pace_points({"used_pct": 95.0, "time_pct": 91.8}), pace_points({"used_pct": None, "time_pct": 91.8})
    (3.2, None)
    """
    if row["used_pct"] is None:
        return None
    return round(row["used_pct"] - row["time_pct"], 1)


def worst_first(rows: list[dict]) -> list[dict]:
    """The rows ordered as the board lists them: by status (超全年, 超进度, 正常, 无实际数, 无控制数), then
    by used share, highest first.

    >>> [r["region"] for r in worst_first([
    ...     {"region": "a", "status": "normal", "used_pct": 50.0},
    ...     {"region": "b", "status": "no_target", "used_pct": None},
    ...     {"region": "c", "status": "over_pace", "used_pct": 95.0},
    ...     {"region": "d", "status": "normal", "used_pct": 80.0},
    ...     {"region": "e", "status": "over_year", "used_pct": None}])]
    ['e', 'c', 'd', 'a', 'b']
    """
    return sorted(rows, key=lambda r: (STATUSES.index(r["status"]), -(r["used_pct"] or 0)))
