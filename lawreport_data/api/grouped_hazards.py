"""The hazard ledger's figures per group (``records hazards --by``) without pandas: counted in the
store (``store.hazard_count_rows``), made figures of by ``hazard_rates``, labelled from the
catalog and the store's regions. A command asking them starts in a fraction of the time a pandas
import takes; ``hazards.hazard_breakdown`` gives the same as a frame."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .. import catalog, hazard_rates, store
from ..periods import Period, day_of, period_days
from .parallel import at_once, split_days
from .regions import resolve_region

if TYPE_CHECKING:
    from sqlalchemy import Engine

HAZARD_GROUP_KEYS = ["group", *hazard_rates.FIGURE_COLUMNS]
"""A group's keys (the CLI's JSON with ``--by``): rates are percentages to one decimal or null."""


def default_as_of(period: Period, today: dt.date | None = None) -> dt.date:
    """The day figures are read as of when none is asked: the period's last day, or today while
    the period is not over.

    >>> default_as_of(Period(2022, 1, 11), dt.date(2026, 11, 30)), default_as_of(Period(2026, 1, 12), dt.date(2026, 11, 30))
    (datetime.date(2022, 11, 30), datetime.date(2026, 11, 30))
    """
    today = today or dt.date.today()
    return min(period_days(period)[1], today)


def count_at_once(engine: Engine, code: str, period: Period, as_of, by: str | None) -> list[dict]:
    """``store.hazard_count_rows`` of ``period`` (by ``as_of``) in region ``code``, its days cut in
    ``parallel.PARTS`` spans counted at once (``parallel.at_once``) and added up: the same counts in
    about half the time on two cores."""
    start, end = period_days(period)
    last = min(end, day_of(as_of))

    def count(first, final):
        return lambda s: store.hazard_count_rows(s, regions=code, start=first, end=final, as_of=as_of, by=by)

    parts = at_once(engine, *(count(first, final) for first, final in split_days(start, last)))
    return hazard_rates.add_counts(*parts)


def hazard_groups(engine: Engine, period: Period, region: str | None = None, *, by: str, as_of=None) -> list[dict]:
    """The hazards of a region (its towns included) found in ``period``, on ``as_of`` (default
    :func:`default_as_of`), grouped ``by`` one of ``hazard_rates.HAZARD_GROUPINGS``: one dict per
    group with a hazard, in order, with ``HAZARD_GROUP_KEYS`` and ``label``; for ``region`` the
    region of each record. Counted in the store, as ``hazard_figures.grouped`` counts the records."""
    as_of = as_of or default_as_of(period)
    if by not in hazard_rates.HAZARD_GROUPINGS:
        raise ValueError(f"hazards are grouped by one of {hazard_rates.HAZARD_GROUPINGS}, not {by!r}")
    with store.session_factory(engine)() as session:
        code = resolve_region(session, region)
        names = store.region_names(session) if by == "region" else {}
    counted = count_at_once(engine, code, period, as_of, by)
    labels = {
        "level": catalog.HAZARD_LEVELS,
        "source": catalog.HAZARD_SOURCES,
        "sector": catalog.ACCIDENT_SECTORS,
        "supervision": catalog.HAZARD_SUPERVISION,
        "region": names,
    }.get(by, {})
    return [{**row, "label": labels.get(row["group"], row["group"])} for row in hazard_rates.grouped_rows(counted)]
