"""安全生产控制指标 (issue 17): targets imported from a file, and a year's progress against them
per region (``control_progress``): the board the overview and the ``progress`` command show."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, control_progress, dashboard, metrics, store, targets_file
from ..import_errors import ImportError_
from ..periods import Period
from .regions import region_code

PROGRESS_KEYS = ["region", "indicator", "target", "actual", "used_pct", "time_pct", "status"]


def import_targets(engine: Engine, fileobj, name: str, *, user: str, dry_run: bool = False) -> dict:
    """Read a targets file (``targets_file``) and, unless ``dry_run``, write its targets in one
    transaction (a revision replaces the stored value and is audited). A file with any problem
    is refused whole (``ImportError_`` "problems" with every problem) and nothing is written.
    Returns ``{rows, new, changed, unchanged}`` (with ``dry_run``: ``rows`` only)."""
    with store.session_factory(engine)() as session:
        regions = store.regions_frame(session)
    read = targets_file.read_targets(fileobj, name, regions=regions)
    if len(read.problems):
        raise ImportError_("problems", problems=read.problems, count=len(read.problems))
    result = {"rows": len(read.targets)}
    if dry_run:
        return result
    source = catalog.PHRASES["target_source"].format(file=name)
    with store.session_factory(engine).begin() as session:
        counts = store.apply_targets(session, read.targets.to_dict("records"), user=user, source=source,
                                     file_name=name, file_hash=read.file_hash)  # fmt: skip
    return result | counts


def target_rows(engine: Engine, year: int) -> list[dict]:
    """Every stored target of ``year`` (``store.TARGET_FIELDS``)."""
    with store.session_factory(engine)() as session:
        return store.control_targets(session, year)


def _through(session, year: int) -> int:
    """The last month of ``year`` with accident figures (the span the dashboard opens on), or 12."""
    keys = store.span_keys(session, indicators=["accidents"], years=[year])
    span = dashboard.latest_span(keys) if len(keys) else None
    return span.end if span is not None and span.year == year else 12


def progress(engine: Engine, year: int, through: int | None = None, region: str | None = None) -> dict:
    """The progress of 1-``through``月 of ``year`` (default: the latest month with accident
    figures) against the control targets, for ``region`` (default the city) and the regions
    directly under it: ``{"period", "rows", "notes"}``; rows of :data:`PROGRESS_KEYS` plus
    names and the status label, worst first per indicator (``control_progress.worst_first``),
    the region asked for first; counts as whole numbers. ``notes``: where every region under it
    has a target and they do not add up to its own (they need not: said, not refused)."""
    code = region_code(region)
    with store.session_factory(engine)() as session:
        through = through or _through(session, year)
        period = Period(year, 1, through)
        regions = store.regions_frame(session)
        children = regions.loc[regions["parent"] == code, "code"].tolist()
        wanted = [code, *children]
        targets = {
            (t["region"], t["indicator"]): t["target"] for t in store.control_targets(session, year, regions=wanted)
        }
        obs = store.load_observations(session, years=[year], indicators=list(catalog.TARGET_INDICATORS))
    lookup = metrics.prepare(obs, regions)
    rows: list[dict] = []
    for indicator in catalog.TARGET_INDICATORS:
        block = []
        for r in wanted:
            frame = metrics.summary(lookup, r, period, indicators=[indicator], regions=regions)
            hit = frame[frame["period"] == str(period)] if len(frame) else frame
            actual = None if hit.empty or pd.isna(hit["value"].iloc[0]) else float(hit["value"].iloc[0])
            row = control_progress.progress_row(
                r, indicator, _whole(actual), _whole(targets.get((r, indicator))), year, through
            )
            row.update(
                region_name=catalog.region_name(r, regions),
                indicator_name=catalog.INDICATORS[indicator].name,
                status_label=catalog.PROGRESS_STATUS[row["status"]],
            )
            block.append(row)
        rows += [block[0], *control_progress.worst_first(block[1:])]
    notes = []
    for indicator in catalog.TARGET_INDICATORS:
        own = targets.get((code, indicator))
        parts = [targets[(c, indicator)] for c in children if (c, indicator) in targets]
        if own is not None and children and len(parts) == len(children) and sum(parts) != own:
            notes.append(catalog.PHRASES["targets_not_summed"].format(
                indicator=catalog.INDICATORS[indicator].name, region=catalog.region_name(code, regions),
                own=f"{own:g}", parts=f"{sum(parts):g}", count=len(parts)))  # fmt: skip
    return {"period": period, "rows": rows, "notes": notes}


def _whole(value: float | None) -> float | int | None:
    """A count as a whole number where it is one (12.0 → 12), else as it is.

    >>> _whole(12.0), _whole(2.5), _whole(None)
    (12, 2.5, None)
    """
    return int(value) if value is not None and float(value).is_integer() else value
