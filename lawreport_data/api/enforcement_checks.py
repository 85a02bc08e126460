"""数据核对 of the inspection ledger (检查记录): the official 执法检查企业数 figures (the report's 1414, an
imported total) that the ledger's count of distinct enterprises inspected differs from."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from .. import ledger_figures, store
from ..periods import Period, period_days
from .accidents import _plain
from .grouped_hazards import resolve_region

INSPECTION_DERIVED = {"enterprises_inspected": "enterprises"}
"""The indicators the inspection ledger counts and the count of ``store.inspection_count_rows``
each one is: 执法检查企业数, the distinct enterprises inspected."""


def inspection_reconcile(engine: Engine, period: Period, region: str | None = None) -> list[dict]:
    """Every official figure of an :data:`INSPECTION_DERIVED` indicator for a span within ``period``
    of ``region`` or a region under it (None: every region) that the ledger's count differs from:
    the distinct enterprises inspected in that region (its towns included) and span, counted from
    the records for each (a distinct count is never added up from months or regions). A figure is
    compared only where the ledger holds an inspection of that region and span. Keys as
    ``api.reconcile``'s: ``indicator, region, period, official, ledger, difference`` (ledger −
    official)."""
    with store.session_factory(engine)() as session:
        return reconcile_in(session, period, None if region is None else resolve_region(session, region))


def reconcile_in(session, period: Period, code: str | None) -> list[dict]:
    """:func:`inspection_reconcile` of region ``code`` (resolved; None: every region) in the
    caller's session (a page reads it beside its other reads)."""
    under = None if code is None else store.regions_under(session, [code])
    official = store.load_observations(
        session,
        indicators=list(INSPECTION_DERIVED),
        years=[period.year],
        regions=None if under is None else sorted(under),
    )
    official = official[(official["start"] >= period.start) & (official["end"] <= period.end)]
    counts = []
    for (place, start, end), _ in official.groupby(["region", "start", "end"]):
        span = Period(period.year, int(start), int(end))
        first, last = period_days(span)
        row = store.inspection_count_rows(session, regions=place, start=first, end=last)[0]
        if row["visits"]:
            counts.append(dict(region=place, year=span.year, start=span.start, end=span.end,
                               **{i: row[c] for i, c in INSPECTION_DERIVED.items()}))  # fmt: skip
    rows = ledger_figures.reconcile_rows(official, pd.DataFrame(counts), INSPECTION_DERIVED)
    return [{k: _plain(v) for k, v in r.items()} for r in rows.to_dict("records")]
