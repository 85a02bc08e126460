"""Sentences a report would print, generated from the engine's summary frame.

>>> s = pd.DataFrame([
...     dict(indicator="accidents", region="320700", region_name="连云港市", period="2022-01..2022-11",
...          display="70", direction="down", change_pct=-38.6, approximate=False),
...     dict(indicator="deaths", region="320700", region_name="连云港市", period="2022-01..2022-11",
...          display="37", direction="down", change_pct=-33.9, approximate=False),
... ])
>>> headline_sentence(s)
'1-11月份，全市发生各类事故70起、死亡37人，同比分别下降38.6%和33.9%'
"""

from __future__ import annotations

import pandas as pd

from . import catalog
from .periods import Period


def _pct(row) -> str:
    about = "约" if row.get("approximate") else ""
    return f"{about}{abs(row['change_pct']):.1f}%"


def _change(row, comparison: str) -> str:
    if row.get("direction") in ("up", "down") and pd.notna(row.get("change_pct")):
        return f"{catalog.COMPARISON_LABELS[comparison]}{catalog.PHRASES[row['direction']]}{_pct(row)}"
    return row.get("change_text") or catalog.PHRASES["no_previous"]


def headline_sentence(summary_frame: pd.DataFrame, comparison: str = "yoy") -> str | None:
    """「1-11月份，全市发生各类事故70起、死亡37人，同比分别下降38.6%和33.9%」, or None without both figures."""
    rows = {r["indicator"]: r for r in summary_frame.to_dict("records")}
    if "accidents" not in rows or "deaths" not in rows:
        return None
    a, d = rows["accidents"], rows["deaths"]
    period = Period.parse(a["period"])
    where = catalog.CITY_WORD if a["region"] == catalog.CITY_CODE else a["region_name"]
    both = a.get("direction") == d.get("direction") and a.get("direction") in ("up", "down")
    if both and pd.notna(a.get("change_pct")) and pd.notna(d.get("change_pct")):
        change = catalog.HEADLINE_SAME_DIRECTION.format(
            comparison=catalog.COMPARISON_LABELS[comparison],
            verb=catalog.PHRASES[a["direction"]],
            a=_pct(a),
            b=_pct(d),
        )
    else:
        change = catalog.HEADLINE_MIXED.format(a=_change(a, comparison), b=_change(d, comparison))
    return catalog.HEADLINE_SENTENCE.format(
        span=period.short_label(), where=where, accidents=a["display"], deaths=d["display"], change=change
    )
