"""安全生产控制指标 (issue 17): targets imported from a file, and a year's progress against them
per region (``control_progress``): the board the overview and the ``progress`` command show."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, control_charts, control_progress, dashboard, metrics, store, targets_file
from ..charts import ChartSpec
from ..import_errors import ImportError_
from ..periods import Period
from . import rate_figures
from .regions import region_of

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


def set_target(engine: Engine, region: str, year: int, indicator: str, value: float, *, user: str) -> dict:
    """Set one target (a page's entry): a new one is added, a revised one replaces the stored value
    (audited, ``store.apply_targets``). Returns ``{status: new|changed|unchanged, old}``; a value
    that is not a number ≥ 0, an indicator without targets or an unknown region raises ValueError
    (plain words) and writes nothing."""
    code = region_of(engine, region)
    if indicator not in catalog.TARGET_CODES:
        raise ValueError(f"no control target is set for {indicator!r}")
    if not 1990 <= int(year) <= 2100:
        raise ValueError(f"not a year: {year!r}")
    if value is None or not (float(value) >= 0) or float(value) == float("inf"):
        raise ValueError(f"a control target is a number of 0 or more, not {value!r}")
    with store.session_factory(engine).begin() as session:
        before = {
            (t["region"], t["indicator"]): t["target"]
            for t in store.control_targets(session, int(year), regions=[code])
        }
        counts = store.apply_targets(session, [{"region": code, "year": int(year), "indicator": indicator, "target": float(value)}],
                                     user=user, source=catalog.TARGET_ENTERED)  # fmt: skip
    status = next(k for k, v in counts.items() if v)
    return {"status": status, "old": before.get((code, indicator))}


def target_rows(engine: Engine, year: int) -> list[dict]:
    """Every stored target of ``year`` (``store.TARGET_FIELDS``)."""
    with store.session_factory(engine)() as session:
        return store.control_targets(session, year)


def _through(session, year: int) -> int:
    """The last month of ``year`` with accident figures (the span the dashboard opens on), or 12."""
    keys = store.span_keys(session, indicators=["accidents"], years=[year])
    span = dashboard.latest_span(keys) if len(keys) else None
    return span.end if span is not None and span.year == year else 12


def progress(
    engine: Engine, year: int, through: int | None = None, region: str | None = None, *, only_with_targets: bool = False
) -> dict:
    """The progress of 1-``through``月 of ``year`` (default: the latest month with accident
    figures) against the control targets, for ``region`` (default the city) and the regions
    directly under it: ``{"period", "rows", "notes"}``; rows of :data:`PROGRESS_KEYS` plus
    names and the status label, worst first per indicator (``control_progress.worst_first``),
    the region asked for first; counts as whole numbers. ``notes``: where every region under it
    has a target and they do not add up to its own (they need not: said, not refused).
    ``only_with_targets``: no rows at all where none of these regions has a target for the year
    (the overview's board: nothing to read then)."""
    code = region_of(engine, region)
    with store.session_factory(engine)() as session:
        through = through or _through(session, year)
        period = Period(year, 1, through)
        regions = store.regions_frame(session)
        children = regions.loc[regions["parent"] == code, "code"].tolist()
        wanted = [code, *children]
        stored = {(t["region"], t["indicator"]): t for t in store.control_targets(session, year, regions=wanted)}
        targets = {key: t["target"] for key, t in stored.items()}
        if not stored and only_with_targets:
            return {"period": period, "rows": [], "notes": []}
        # the region and those under it (far ones summed in SQL), as the dashboard reads a region
        obs, regions = store.load_resolvable(session, code, indicators=list(catalog.TARGET_INDICATORS), years=[year])
        lookup = metrics.prepare(obs, regions)
        shown = [i for i in catalog.TARGET_CODES
                 if i in catalog.ALWAYS_ON_BOARD or any(key[1] == i for key in targets)]  # fmt: skip
        ledger: dict = {}  # the sector deaths no one sent: counted from the accident ledger, where it has records
        if any(i in rate_figures.LEDGER_SECTORS for i in shown):
            for r in wanted:
                for i, found in (rate_figures.ledger_deaths(session, r, period) or {}).items():
                    ledger[r, i] = found
    if any(i in catalog.RATES for i in shown):  # a rate's actual: the span's cumulative rate (rate_figures)
        for r in wanted:
            for row in rate_figures.rate_rows(engine, period, r):
                value = row["value"]
                ledger[r, row["indicator"]] = {
                    "value": value, "origins": row["origins"], "synthetic": row["synthetic"], "rate": True,
                    "reason": row["reason"],
                }  # fmt: skip
    counts = [i for i in shown if i not in catalog.RATES]
    summaries = {  # each region's figures of the span, by indicator (looked up once per row below)
        r: _by_indicator(metrics.summary(lookup, r, period, indicators=counts, regions=regions), period) for r in wanted
    }
    rows: list[dict] = []
    for indicator in shown:
        block = []
        for r in wanted:
            counted = ledger.get((r, indicator))
            actual, origins, synthetic = (
                (counted["value"], list(counted["origins"]), counted["synthetic"]) if counted and counted.get("rate")
                else (None, [], False) if indicator in catalog.RATES
                else _actual(summaries[r], indicator, counted)
            )  # fmt: skip
            rate = indicator in catalog.RATES
            row = control_progress.progress_row(
                r, indicator, _whole(actual), _whole(targets.get((r, indicator))), year, through, none_is_zero=not rate
            )
            if rate and actual is None:
                row["reason"] = counted["reason"] if counted else ""
            target = stored.get((r, indicator))
            row.update(
                region_name=catalog.region_name(r, regions),
                indicator_name=catalog.target_info(indicator).name,
                status_label=catalog.PROGRESS_STATUS[row["status"]],
                origins=origins + (["control_targets"] if target else []),
                synthetic=synthetic or bool(target and target["synthetic"]),
                target_source=target["source"] if target else None,
            )
            block.append(row)
        rows += [block[0], *control_progress.worst_first(block[1:])]
    notes = []
    for indicator in (i for i in shown if i not in catalog.RATES):  # a rate's targets are never added up
        own = targets.get((code, indicator))
        parts = [targets[(c, indicator)] for c in children if (c, indicator) in targets]
        if own is not None and children and len(parts) == len(children) and sum(parts) != own:
            notes.append(catalog.PHRASES["targets_not_summed"].format(
                indicator=catalog.target_info(indicator).name, region=catalog.region_name(code, regions),
                own=f"{own:g}", parts=f"{sum(parts):g}", count=len(parts)))  # fmt: skip
    return {"period": period, "rows": rows, "notes": notes}


def _by_indicator(summary: pd.DataFrame, period: Period) -> dict[str, tuple[float, list, bool]]:
    """A region's ``metrics.summary`` rows of exactly ``period`` with a value: indicator →
    (value, origins, synthetic)."""
    if summary.empty:
        return {}
    hit = summary[(summary["period"] == str(period)) & summary["value"].notna()]
    return {
        i: (float(v), list(o or []), bool(s))
        for i, v, o, s in zip(hit["indicator"], hit["value"], hit["origins"], hit["synthetic"], strict=True)
    }


def _actual(found: dict[str, tuple[float, list, bool]], indicator: str, counted: dict | None):
    """(the actual of ``indicator`` as the dashboard shows it, its origins, synthetic): the figure
    sent or summed (``found``: the region's :func:`_by_indicator`), else ``counted`` (the accident
    ledger's), else None.

    >>> _actual({"deaths": (9.0, ["report"], False)}, "deaths", None)
    (9.0, ['report'], False)
    >>> _actual({}, "deaths", {"value": 2.0, "origins": ["ledger"], "synthetic": True})
    (2.0, ['ledger'], True)
    >>> _actual({}, "accidents", None)
    (None, [], False)
    """
    if indicator in found:
        value, origins, synthetic = found[indicator]
        return value, list(origins), synthetic
    if counted is not None:
        return counted["value"], list(counted["origins"]), counted["synthetic"]
    return None, [], False


def _whole(value: float | None) -> float | int | None:
    """A count as a whole number where it is one (12.0 → 12), else as it is.

    >>> _whole(12.0), _whole(2.5), _whole(None)
    (12, 2.5, None)
    """
    return int(value) if value is not None and float(value).is_integer() else value


@dataclass
class ProgressBoard:
    """The overview's 控制指标进度: the board's rows (``progress``), the indicators with a target
    anywhere on it (worst first: ``first``), the chart of one of them (``chart``, ``charted``), the
    sentences of the regions over their pace or their year's target, and the notes."""

    period: Period
    rows: list[dict]
    indicators: list[str] = field(default_factory=list)  # with a target on the board, catalog order
    charted: str | None = None  # the indicator ``chart`` draws
    chart: ChartSpec | None = None
    sentences: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    caption: str = ""  # the span the board is cumulated over and its time share
    own: str = ""  # the region's own progress on the charted indicator (where regions are under it)

    @property
    def has_targets(self) -> bool:
        return bool(self.indicators)

    @property
    def first(self) -> str | None:
        """The indicator drawn first: the one with the worst status on the board (a tie: catalog order)."""
        return first_of(self.rows, self.indicators)


def first_of(rows: list[dict], indicators: list[str]) -> str | None:
    """Of ``indicators``, the one whose rows have the worst status (a tie: the first).

    >>> first_of([{"indicator": "accidents", "status": "normal"}, {"indicator": "deaths", "status": "over_pace"}],
    ...          ["accidents", "deaths"])
    'deaths'
    """
    worst = {
        i: min(control_progress.STATUSES.index(r["status"]) for r in rows if r["indicator"] == i) for i in indicators
    }
    return min(worst, key=lambda i: (worst[i], indicators.index(i))) if worst else None


def progress_sentences(rows: list[dict]) -> list[str]:
    """One sentence per row over its year's target or its pace, worst first, as a 通报 says it.

    >>> progress_sentences([
    ...     {"region_name": "海州区", "indicator": "deaths", "status": "over_pace", "actual": 9, "target": 9,
    ...      "used_pct": 100.0, "time_pct": 91.5},
    ...     {"region_name": "灌南县", "indicator": "accidents", "status": "over_year", "actual": 10, "target": 5,
    ...      "used_pct": 200.0, "time_pct": 91.5},
    ...     {"region_name": "东海县", "indicator": "deaths", "status": "normal", "actual": 6, "target": 9,
    ...      "used_pct": 66.7, "time_pct": 91.5}])
    ['灌南县事故起数10起，已超过全年控制数5起', '海州区死亡人数已达全年控制数的100.0%，超时间进度8.5个百分点']
    """
    said = []
    for row in control_progress.worst_first([r for r in rows if r["status"] in ("over_year", "over_pace")]):
        info = catalog.target_info(row["indicator"])
        if row["status"] == "over_year":
            said.append(catalog.PROGRESS_BOARD["over_year"].format(
                region=row["region_name"], indicator=info.name, actual=control_charts.printed(row["actual"]),
                target=control_charts.printed(row["target"]), unit=info.unit))  # fmt: skip
        else:
            said.append(catalog.PROGRESS_BOARD["over_pace"].format(
                region=row["region_name"], indicator=info.name, used=f"{row['used_pct']:.1f}",
                points=f"{control_progress.pace_points(row):.1f}"))  # fmt: skip
    return said


def progress_board(
    engine: Engine, period: Period, region: str | None = None, indicator: str | None = None
) -> ProgressBoard:
    """The 控制指标进度 of the view: 1 to the last month of ``period`` in its year, for ``region``
    and the regions under it (only the region when none is under it), with the chart of
    ``indicator`` (default: the worst on the board; one without a target there: the worst too)."""
    board = progress(engine, period.year, period.end, region, only_with_targets=True)
    code = region_of(engine, region)
    name = catalog.region_name(code)
    result = ProgressBoard(board["period"], board["rows"], notes=board["notes"])
    result.indicators = [
        i for i in catalog.TARGET_CODES if any(r["target"] is not None for r in board["rows"] if r["indicator"] == i)
    ]
    chosen = indicator if indicator in result.indicators else result.first
    if chosen is not None:  # only the chosen indicator's chart is made
        rows = [r for r in board["rows"] if r["indicator"] == chosen]
        shown = [r for r in rows if r["region"] != code] or rows
        origins = list(dict.fromkeys(o for r in shown for o in r["origins"]))
        synthetic = any(r["synthetic"] for r in shown)
        result.charted = chosen
        result.chart = control_charts.progress_chart(
            shown, chosen, code, name, board["period"], (origins, [], synthetic)
        )
        if shown is not rows:  # the region's own row, said above its regions' board
            own = rows[0]
            result.own = catalog.PROGRESS_BOARD["own"].format(
                region=name,
                indicator=own["indicator_name"],
                actual=control_charts.printed(own["actual"] or 0),
                target=control_charts.printed(own["target"]),
                unit=catalog.target_info(chosen).unit,
                used="—" if own["used_pct"] is None else f"{own['used_pct']:.1f}%",
                status=own["status_label"],
            )
    result.sentences = progress_sentences(board["rows"])
    span = board["period"]
    days = 366 if calendar.isleap(span.year) else 365
    result.caption = catalog.PROGRESS_BOARD["cumulative"].format(
        period=span.label(), pct=f"{control_progress.time_pct(span.year, span.end):.1f}", year=span.year, days=days
    )
    return result
