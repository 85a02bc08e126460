"""Rounding as the report rounds (half away from zero, one decimal): percent changes and shares.
Plain Python (no pandas), so commands that must start at once can use them; ``metrics`` re-exports
them."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["pct_change", "round_half_away", "share_pct"]


def _isnan(x) -> bool:
    return isinstance(x, float) and math.isnan(x)


def round_half_away(x: float, digits: int = 1) -> float:
    """Round half away from zero, as printed reports do (Python's ``round`` rounds to even).

    >>> round_half_away(0.25), round(0.25, 1)
    (0.3, 0.2)
    >>> round_half_away(-38.596491), round_half_away(-2.45)
    (-38.6, -2.5)
    """
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_HALF_UP))


def pct_change(current: float | None, previous: float | None) -> float | None:
    """Percent change to one decimal, or None when there is no base (missing or 0).

    >>> pct_change(70, 114), pct_change(37, 56), pct_change(3, 0), pct_change(5, None)
    (-38.6, -33.9, None, None)
    >>> pct_change(20.5, 20)  # 2.5 exactly: half rounds away from zero
    2.5
    """
    if current is None or previous is None or _isnan(current) or _isnan(previous) or previous == 0:
        return None
    exact = (Decimal(repr(float(current))) - Decimal(repr(float(previous)))) / Decimal(repr(float(previous))) * 100
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def share_pct(part: float | None, total: float | None) -> float | None:
    """``part`` as a percentage of ``total`` to one decimal (half away from zero, as the report
    rounds), or None when there is no total (missing or 0).

    >>> share_pct(40, 70), share_pct(1, 8), share_pct(3, 0), share_pct(70, 70)
    (57.1, 12.5, None, 100.0)
    >>> share_pct(49, 400)  # 12.25 exactly: half rounds away from zero
    12.3
    """
    if part is None or total is None or _isnan(part) or _isnan(total) or total == 0:
        return None
    exact = Decimal(repr(float(part))) / Decimal(repr(float(total))) * 100
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
