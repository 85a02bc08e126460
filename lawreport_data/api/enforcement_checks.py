"""数据核对 of the inspection and penalty case ledgers: the official figures (the report's 1414, an
imported total) of 执法检查企业数, 检查家次, 行政处罚案件数 and 罚没款金额 that the ledgers' counts differ
from (the distinct enterprises inspected, the visits, the cases filed, their fines and confiscations
in 万元 with one decimal)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from .. import ledger_figures, store
from ..periods import Period, period_days
from ..rounding import round_half_away
from .accidents import _plain
from .grouped_hazards import resolve_region

INSPECTION_DERIVED = {"enterprises_inspected": "enterprises", "inspection_visits": "visits"}
"""The indicators the inspection ledger counts and the count of ``store.inspection_count_rows``
each one is: 执法检查企业数 (the distinct enterprises inspected) and 检查家次."""
CASE_DERIVED = {"penalty_cases": "cases", "penalty_amount": "amount"}
"""The indicators the penalty case ledger counts: 行政处罚案件数 (by 立案日期) and 罚没款金额 (万元: the
fines and confiscations of ``store.case_count_rows``, one decimal)."""


def inspection_reconcile(engine: Engine, period: Period, region: str | None = None) -> list[dict]:
    """Every official figure of an :data:`INSPECTION_DERIVED` or :data:`CASE_DERIVED` indicator for
    a span within ``period`` of ``region`` or a region under it (None: every region) that the
    ledgers' count differs from: e.g. the distinct enterprises inspected in that region (its towns
    included) and span, counted from the records for each (a distinct count is never added up from
    months or regions). A figure is compared only where the ledger holds a record of that region
    and span. Keys as
    ``api.reconcile``'s: ``indicator, region, period, official, ledger, difference`` (ledger −
    official)."""
    with store.session_factory(engine)() as session:
        return reconcile_in(session, period, None if region is None else resolve_region(session, region))


def reconcile_in(session, period: Period, code: str | None, known: dict | None = None) -> list[dict]:
    """:func:`inspection_reconcile` of region ``code`` (resolved; None: every region) in the
    caller's session (a page reads it beside its other reads). ``known``: counts already made,
    ``{(region, start month, end month): {"inspections": row, "cases": row}}`` (rows as
    ``store.inspection_count_rows`` and ``case_count_rows`` give them): the page's own span is
    not counted twice."""
    known = known or {}
    under = None if code is None else store.regions_under(session, [code])
    first, last = period_days(period)
    out = []
    for derived, kind, any_key in ((INSPECTION_DERIVED, "inspections", "visits"), (CASE_DERIVED, "cases", "cases")):
        # the official figures of the regions with records in the period and of those above them
        # (a region is compared only where the ledger holds a record of it or under it): not every town's
        by_region = (
            store.inspection_count_rows(session, regions=code, start=first, end=last, by="region", distinct=False)
            if kind == "inspections" else store.case_count_rows(session, regions=code, start=first, end=last, by="region")
        )  # fmt: skip
        present = store.regions_above(session, {str(r["group"]) for r in by_region if r[any_key]})
        if not present:
            continue
        official = store.load_observations(
            session, indicators=list(derived), years=[period.year],
            regions=sorted(present if under is None else present & under),
        )  # fmt: skip
        official = official[(official["start"] >= period.start) & (official["end"] <= period.end)]
        counts = []
        for (start, end), sent in official.groupby(["start", "end"]):  # each span's regions read together
            span = Period(period.year, int(start), int(end))
            places = sorted(set(sent["region"]))
            made = {p: known.get((p, span.start, span.end), {}).get(kind) for p in places}
            made = {p: row for p, row in made.items() if row is not None}
            rest = [p for p in places if p not in made]
            made |= store.span_counts_of(session, kind, rest, *period_days(span)) if rest else {}
            for place in places:
                row = made[place] if kind == "inspections" else _with_amount(made[place])
                if row[any_key]:  # compared only where the ledger holds a record of that region and span
                    counts.append(dict(region=place, year=span.year, start=span.start, end=span.end,
                                       **{i: row[c] for i, c in derived.items()}))  # fmt: skip
        rows = ledger_figures.reconcile_rows(official, pd.DataFrame(counts), derived)
        out += [{k: _plain(v) for k, v in r.items()} for r in rows.to_dict("records")]
    return out


def _with_amount(row: dict) -> dict:
    """A case count's row with its 罚没款金额 (万元, one decimal)."""
    return {**row, "amount": round_half_away((row["fines"] + row["confiscations"]) / 10000, 1)}
