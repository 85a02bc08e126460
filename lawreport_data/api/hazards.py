"""The hazard ledger (隐患台账) for the CLI and the pages: its as-of figures of a region and span,
grouped or not, and its records with their state on the day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Engine

from .. import hazard_figures, ledger_figures, store
from ..ledger_figures import period_days
from ..periods import Period
from .accidents import _plain, _resolve
from .grouped_hazards import HAZARD_GROUP_KEYS, default_as_of, hazard_groups

HAZARD_RECORD_KEYS = [
    "id", "record_no", "company", "credit_code", "region", "sector", "level", "source", "description",
    "found_on", "deadline", "rectified_on", "accepted_on", "supervision", "funds", "status",
]  # fmt: skip
"""A listed hazard's keys (the CLI's JSON), codes as stored; ``status`` its state on the as-of day."""


HAZARD_DERIVED = {
    "hazards_found": "found",
    "general_hazards": "general",
    "major_hazards": "major",
    "hazards_rectified": "rectified",
}
"""The indicators the hazard ledger counts (``catalog.INDICATORS`` codes) and the figure of
``hazard_figures.figures`` each one is: 排查隐患数, 一般隐患数, 重大隐患数, 整改隐患数."""


def _records(engine: Engine, period: Period, region: str | None) -> tuple[str, pd.DataFrame, pd.DataFrame]:
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        records = store.hazard_records(session, regions=code, start=start, end=end)
    return code, regions, records


def _counts(
    engine: Engine, period: Period, region: str | None, as_of, by: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        code, regions = _resolve(session, region)
        counted = store.hazard_counts(session, as_of=as_of, by=by, regions=code, start=start, end=end)
    return regions, counted


def hazard_breakdown(engine: Engine, period: Period, region: str | None = None, *, by: str, as_of=None) -> pd.DataFrame:
    """:func:`grouped_hazards.hazard_groups` as a frame: columns ``HAZARD_GROUP_KEYS`` and ``label``."""
    rows = hazard_groups(engine, period, region, by=by, as_of=as_of)
    return pd.DataFrame(rows, columns=[*HAZARD_GROUP_KEYS, "label"])


def hazard_summary(engine: Engine, period: Period, region: str | None = None, *, as_of=None) -> dict:
    """The figures of the hazards found in ``period`` (``catalog.HAZARD_MEASURES``) on ``as_of``,
    counted in the store, and ``synthetic``: whether any hazard they count is synthetic (the demo's:
    示例数据)."""
    as_of = as_of or default_as_of(period)
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        code, _ = _resolve(session, region)
        counted = store.hazard_counts(session, as_of=as_of, regions=code, start=start, end=end)
        _, synthetic = store.hazard_batches(session, regions=code, start=start, end=end, as_of=as_of)
    return {**hazard_figures.figures_of(counted.to_dict("records")[0]), "synthetic": synthetic}


def hazard_list(engine: Engine, period: Period, region: str | None = None, *, as_of=None) -> pd.DataFrame:
    """The hazards found in ``period`` (retired ones not) with their ``status`` on ``as_of``
    (``catalog.HAZARD_STATUSES``; none found after that day), oldest first: ``HAZARD_RECORD_KEYS``."""
    as_of = as_of or default_as_of(period)
    _, _, records = _records(engine, period, region)
    records = records[records["found_on"] <= hazard_figures.as_of_day(as_of)]
    return records.assign(status=hazard_figures.statuses(records, as_of))[HAZARD_RECORD_KEYS].reset_index(drop=True)


def _official(session, period: Period, code: str | None, among: set[str] | None = None) -> pd.DataFrame:
    """The official figures of :data:`HAZARD_DERIVED` indicators for spans within ``period`` of
    region ``code`` and the regions under it (None: every region), of ``among`` only when given."""
    under = None if code is None else store.regions_under(session, [code])
    scope = under if among is None else among if under is None else among & under
    official = store.load_observations(
        session, indicators=list(HAZARD_DERIVED), years=[period.year],
        regions=None if scope is None else sorted(scope),
    )  # fmt: skip
    return official[(official["start"] >= period.start) & (official["end"] <= period.end)]


def reconcile_spans(session, period: Period, code: str | None) -> list[tuple[dt.date, dt.date]]:
    """The spans (first and last day) :func:`hazard_reconcile` counts for ``period`` and region
    ``code``: those of the official figures it compares with (of the regions with hazards found in
    ``period`` and those above them), in order."""
    start, end = period_days(period)
    present = store.hazard_regions(session, regions=code, start=start, end=end, as_of=end)
    official = _official(session, period, code, among=store.regions_above(session, present))
    spans = {(int(a), int(b)) for a, b in zip(official["start"], official["end"], strict=True)}
    return [period_days(Period(period.year, a, b)) for a, b in sorted(spans)]


def hazard_reconcile(
    engine: Engine, period: Period, region: str | None = None, *, counted: dict | None = None
) -> list[dict]:
    """数据核对 of the hazard ledger: every official figure (the report's 7481/7439/42, an imported
    total) of a :data:`HAZARD_DERIVED` indicator for a period within ``period`` and ``region`` or a
    region under it (None: every region) that the ledger's count differs from, the count being of
    the hazards found in that period, rectified by its last day. Keys as ``api.reconcile``'s:
    ``indicator, region, period, official, ledger, difference`` (ledger − official). A region is
    reconciled only where the ledger holds a hazard of it or of a region under it in ``period``.
    ``counted``: (first day, last day) → ``store.hazard_counts(by="region")`` of ``region`` and that
    span on its last day, for the spans (:func:`reconcile_spans`) the caller has counted (the
    page): not counted again."""
    start, end = period_days(period)
    counted = dict(counted or {})
    with store.session_factory(engine)() as session:
        code = None if region is None else _resolve(session, region)[0]
        if (start, end) not in counted:
            counted[start, end] = store.hazard_counts(
                session, regions=code, start=start, end=end, as_of=end, by="region"
            )
        present = set(counted[start, end]["group"])
        # the official figures of the regions with hazards and of those above them (not every town's)
        official = _official(session, period, code, among=store.regions_above(session, present))
        scopes = {r: store.regions_under(session, [r]) for r in set(official["region"])}
        covered = {r for r, inside in scopes.items() if (inside or present) & present}
        official = official[official["region"].isin(covered)]
        counts = []
        # one count per span (by region), each official region's the sum of the regions under it
        for (start_month, end_month), rows in official.groupby(["start", "end"]):
            span = Period(period.year, int(start_month), int(end_month))
            first, last = period_days(span)
            by_region = counted.get((first, last))
            if by_region is None:
                by_region = store.hazard_counts(session, regions=code, start=first, end=last, as_of=last, by="region")
            names, values = list(by_region.columns[1:]), by_region.iloc[:, 1:].to_numpy()
            groups = by_region["group"].to_numpy(dtype=object)
            for region_code in pd.unique(rows["region"]):
                inside = scopes[region_code]
                mine = values if inside is None else values[np.isin(groups, list(inside))]
                got = hazard_figures.figures_of(dict(zip(names, mine.sum(axis=0), strict=True)))
                counts.append(dict(region=region_code, year=span.year, start=span.start, end=span.end,
                                   **{i: got[f] for i, f in HAZARD_DERIVED.items()}))  # fmt: skip
    rows = ledger_figures.reconcile_rows(official, pd.DataFrame(counts), HAZARD_DERIVED)
    return [{k: _plain(v) for k, v in row.items()} for row in rows.to_dict("records")]
