"""A distinct count (执法检查企业数) no one sent for the span asked, counted from the inspection ledger.

Its months and its counties are never added up (``metrics``: "—" with the reason, or the year's
figure where the year has one), so a 1-N月 or a city figure exists only where it was sent for that
span, or where the ledger gives it: the ledger's
count of distinct enterprises inspected in the region (its towns included) and span then stands in,
as an observation of origin ``inspection_ledger`` (the summary and its change read it as any other;
the source says where it came from). An official figure of the span is always the one shown; the
difference is listed in 数据核对 (``enforcement_checks``)."""

from __future__ import annotations

import pandas as pd

from .. import catalog, store
from ..periods import Period, period_days
from .enforcement_checks import INSPECTION_DERIVED


def missing_distinct(frame: pd.DataFrame, label: str) -> list[str]:
    """The distinct counts of :data:`INSPECTION_DERIVED` a summary of the span labelled ``label`` gives as
    "—" (no value: a distinct count whose months or regions were sent, not its span) or for another
    span (the year's figure shown for a span of it that has none).

    >>> frame = pd.DataFrame({"indicator": ["enterprises_inspected", "inspection_visits"], "value": [None, None],
    ...                       "period_label": ["2022年1-11月"] * 2})  # 检查家次 adds up: never stood in for
    >>> missing_distinct(frame, "2022年1-11月"), missing_distinct(frame.fillna(1414.0).assign(period_label="2022年"), "2022年1-11月")
    (['enterprises_inspected'], ['enterprises_inspected'])
    """
    if frame.empty:
        return []
    other = set(frame["indicator"][frame["value"].isna() | (frame["period_label"] != label)])
    return [i for i in INSPECTION_DERIVED if catalog.INDICATORS[i].aggregation == "distinct" and i in other]


def stand_ins(
    session, obs: pd.DataFrame, indicators: list[str], code: str, periods: list[Period | None]
) -> pd.DataFrame:
    """Observations of the ledger's counts of ``indicators`` for region ``code`` in each of
    ``periods`` that has no stored figure of its own, where the ledger holds an inspection of that
    region and span (columns of ``obs``; none: an empty frame)."""
    rows = []
    for period in [p for p in periods if p is not None]:
        for indicator in indicators:
            sent = obs[(obs["indicator"] == indicator) & (obs["region"] == code) & (obs["year"] == period.year)
                       & (obs["start"] == period.start) & (obs["end"] == period.end)]  # fmt: skip
            if len(sent):
                continue
            start, end = period_days(period)
            counted = store.inspection_count_rows(session, regions=code, start=start, end=end)[0]
            if not counted["visits"]:
                continue
            synthetic = store.any_synthetic(session, regions=code, start=start, end=end)
            rows.append(dict(
                indicator=indicator, region=code, year=period.year, start=period.start, end=period.end,
                value=float(counted[INSPECTION_DERIVED[indicator]]), qualifier="", status="final", as_of=None,
                origin="inspection_ledger", synthetic=synthetic, source=catalog.PHRASES["distinct_from_ledger"],
                batch_id=None, source_row=None, note=None,
            ))  # fmt: skip
    return pd.DataFrame(rows, columns=obs.columns) if rows else obs.iloc[:0]
