"""Pure helpers behind the dashboard's pages: the default period, a topic's table, warnings.

>>> obs = pd.DataFrame([
...     dict(indicator="accidents", region="320700", year=2022, start=1, end=11, value=70.0, synthetic=False),
...     dict(indicator="accidents", region="320703", year=2022, start=12, end=12, value=1.0, synthetic=True),
... ])
>>> latest_span(obs)
Period(year=2022, start=1, end=11)
"""

from __future__ import annotations

import pandas as pd

from . import catalog, metrics
from .periods import Period


def latest_span(obs: pd.DataFrame, indicator: str = "accidents") -> Period | None:
    """The latest 1-N月 span (or year) with real data for ``indicator``, else for any indicator.

    Real figures win over synthetic ones: the demo's December never moves the default off
    the report's 1-11月. Single months add up to spans, so a run of months 1..N counts.

    >>> months = pd.DataFrame([dict(indicator="accidents", region="x", year=2023, start=m, end=m, value=1.0)
    ...                        for m in (1, 2, 3)])
    >>> latest_span(months).label()
    '2023年1-3月'
    >>> latest_span(pd.DataFrame(columns=["indicator", "year", "start", "end"])) is None
    True
    """
    if obs.empty:
        return None
    real = obs[~obs["synthetic"].fillna(False).astype(bool)] if "synthetic" in obs.columns else obs
    pool = real if not real.empty else obs
    mine = pool[pool["indicator"] == indicator]
    pool = mine if not mine.empty else pool
    year = int(pool["year"].max())
    rows = pool[pool["year"] == year]
    best = 0
    spans = rows[rows["start"] == 1]
    if not spans.empty:
        best = int(spans["end"].max())
    months = set(rows.loc[rows["start"] == rows["end"], "start"].astype(int))
    n = 0
    while n + 1 in months:
        n += 1
    best = max(best, n)
    return Period(year, 1, best) if best else Period.year_of(year)


def topic_summary(
    obs: pd.DataFrame,
    regions: pd.DataFrame | None,
    region: str,
    period: Period,
    topic: str,
    comparison: str = "yoy",
) -> pd.DataFrame:
    """Every indicator of ``topic`` with a value: for ``period`` where it has one, otherwise for
    the period's year (the longest span of it with data), so figures printed only for the year
    still show; each row's ``period_label`` says which span it covers.
    """
    return summary_with_fallback(
        obs, regions, region, period, [i.code for i in catalog.indicators_of_topic(topic)], comparison
    )


def summary_with_fallback(
    obs: pd.DataFrame,
    regions: pd.DataFrame | None,
    region: str,
    period: Period,
    codes: list[str],
    comparison: str = "yoy",
) -> pd.DataFrame:
    """``metrics.summary`` of ``codes``; those without a figure for ``period`` are given for the
    period's year (its longest span with data), in the order of ``codes``; a distinct count given
    as "—" for ``period`` (its months are never added up) stays so unless the year has a figure."""
    ready = metrics.prepare(obs, regions)  # indexed once for both summaries
    frame = metrics.summary(ready, region, period, comparison=comparison, indicators=codes)
    missing = [c for c in codes if c not in set(frame["indicator"][frame["value"].notna()])]
    if missing and not period.is_year:
        more = metrics.summary(ready, region, Period.year_of(period.year), comparison=comparison, indicators=missing)
        more = more[more["value"].notna()]
        if not more.empty:
            frame = frame[~frame["indicator"].isin(more["indicator"])]
            frame = pd.concat([frame, more], ignore_index=True) if not frame.empty else more
    order = {c: i for i, c in enumerate(codes)}
    return frame.sort_values("indicator", key=lambda s: s.map(order), ignore_index=True)


def display_table(summary_frame: pd.DataFrame) -> pd.DataFrame:
    """A summary frame as the pages' indicator table (Chinese headers, words not codes).

    >>> s = pd.DataFrame([dict(name="事故起数", display="70", unit="起", period_label="2022年1-11月", qualifier="",
    ...     change_text="同比下降38.6%", status="final", origins=["report"], synthetic=False)])
    >>> display_table(s).iloc[0].tolist()[:6]
    ['事故起数', '70', '起', '2022年1-11月', '准确数', '同比下降38.6%']
    """
    cols = catalog.TOPIC_TABLE_COLUMNS
    out = pd.DataFrame(
        {
            cols["name"]: summary_frame["name"],
            cols["display"]: summary_frame["display"],
            cols["unit"]: summary_frame["unit"],
            cols["period_label"]: summary_frame["period_label"],
            cols["qualifier_label"]: [catalog.QUALIFIER_LABELS.get(q or "", q) for q in summary_frame["qualifier"]],
            cols["change_text"]: summary_frame["change_text"],
            cols["status_label"]: [catalog.STATUS_LABELS.get(s, s) for s in summary_frame["status"]],
            cols["source_label"]: [
                "；".join(catalog.ORIGIN_LABELS.get(o, o) for o in (os if isinstance(os, list | tuple) else []))
                for os in summary_frame["origins"]
            ],
        }
    )
    return out


def warnings_of(summary_frame: pd.DataFrame, period: Period | None = None) -> list[str]:
    """Chinese notices for a summary frame: synthetic, provisional, approximate, the engine's own
    warnings (city vs counties), and figures shown for another span than the chosen one.

    >>> s = pd.DataFrame([dict(synthetic=True, provisional=False, approximate=True, warnings=["x"],
    ...     period="2022")])
    >>> warnings_of(s, Period(2022, 1, 11))[0]
    '本页含示例数据（合成），仅用于演示，不得引用。'
    >>> len(warnings_of(s, Period(2022, 1, 11)))
    4
    """
    if summary_frame.empty:
        return []
    ui = catalog.UI
    out = []
    if summary_frame["synthetic"].fillna(False).astype(bool).any():
        out.append(ui["synthetic_warning"])
    if summary_frame["provisional"].fillna(False).astype(bool).any():
        out.append(ui["provisional_warning"])
    if summary_frame["approximate"].fillna(False).astype(bool).any():
        out.append(ui["approximate_warning"])
    if period is not None and (summary_frame["period"] != str(period)).any():
        out.append(ui["year_fallback"])
    for ws in summary_frame["warnings"]:
        for w in ws if isinstance(ws, list | tuple) else []:
            if w not in out:
                out.append(w)
    return out
