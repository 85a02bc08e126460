"""What the CLI and the dashboard call: each function opens and closes its own session.

The pages call these (through the UI's caching wrappers); the CLI calls the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from . import catalog, charts, dashboard, demo, importer, metrics, narrative, report2022, store
from .db import database_url, make_engine, upgrade
from .import_errors import ImportError_
from .periods import Period


class LookupError_(ValueError):
    """A region or indicator name that the catalog does not know."""


def open_engine(url: str | None = None) -> Engine:
    """An engine on ``url`` or, by default, ``LAWREPORT_DB_URL`` / the SQLite file under db/."""
    return make_engine(url or database_url())


@dataclass
class InitResult:
    report_new: int
    demo_new: int
    observations: int


def init_db(engine: Engine, *, demo_data: bool = False) -> InitResult:
    """Create or migrate the schema, load the catalog and the report's figures (idempotent).

    Stored figures are never overwritten (a correction made later survives a re-run); with
    ``demo_data`` the synthetic county months are added where no figure exists yet.
    """
    upgrade(engine)
    with store.session_factory(engine).begin() as session:
        store.sync_catalog(session)
        real = report2022.report_frame()
        report = store.apply_observations(session, real, overwrite=False, user="init-db")
        demo_new = 0
        if demo_data:
            demo_new = store.apply_observations(
                session, demo.demo_frame(real), overwrite=False, user="init-db --demo"
            ).new
        total = store.observation_count(session)
    return InitResult(report.new, demo_new, total)


def region_code(name_or_code: str | None) -> str:
    """A region's code from its code, name or alias; the city when empty."""
    if not name_or_code:
        return catalog.CITY_CODE
    key = name_or_code.strip()
    for r in catalog.REGION_LIST:
        if key in (r.code, r.name, *r.aliases):
            return r.code
    raise LookupError_(f"unknown region: {key!r}")


def data_version(engine: Engine) -> int:
    with store.session_factory(engine)() as session:
        return store.data_version(session)


def load_for(
    engine: Engine,
    period: Period,
    comparison: str = "yoy",
    indicators: list[str] | None = None,
    region: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations needed to compute ``period`` and its comparison, and the regions.

    With ``region``, only what resolving that region needs (``store.load_resolvable``: the
    region and those below it, far children summed in SQL); without, every region's rows."""
    years = [period.year - 1, period.year]
    with store.session_factory(engine)() as session:
        if region is not None:
            return store.load_resolvable(session, region, indicators=indicators, years=years)
        return store.load_observations(session, years=years, indicators=indicators), store.regions_frame(session)


def summary(engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy") -> pd.DataFrame:
    """One row per indicator with a value for the region and period (see ``metrics.summary``)."""
    code = region_code(region)
    obs, regions = load_for(engine, period, comparison, region=code)
    return metrics.summary(obs, code, period, comparison=comparison, regions=regions)


def topic_summary(
    engine: Engine, period: Period, region: str | None, topic: str, comparison: str = "yoy"
) -> pd.DataFrame:
    """Every indicator of a dashboard topic (see ``dashboard.topic_summary``)."""
    code = region_code(region)
    codes = [i.code for i in catalog.indicators_of_topic(topic)]
    obs, regions = load_for(engine, period, comparison, indicators=codes, region=code)
    return dashboard.topic_summary(obs, regions, code, period, topic, comparison)


def headline_summary(engine: Engine, period: Period, region: str | None, comparison: str = "yoy") -> pd.DataFrame:
    """The overview's indicators (``catalog.HEADLINE_INDICATORS``), year figures where the span has none."""
    code = region_code(region)
    codes = list(catalog.HEADLINE_INDICATORS)
    obs, regions = load_for(engine, period, comparison, indicators=codes, region=code)
    return dashboard.summary_with_fallback(obs, regions, code, period, codes, comparison)


def years_present(engine: Engine) -> list[int]:
    """Years that have any observation, newest first."""
    with store.session_factory(engine)() as session:
        return store.years_present(session)


def default_period(engine: Engine) -> Period | None:
    """The latest span with real data (for the report's figures: 2022年1-11月)."""
    with store.session_factory(engine)() as session:
        year = store.latest_year(session, indicators=["accidents"], include_synthetic=False)
        if year is not None:  # real accident figures: only their latest year matters
            keys = store.span_keys(session, indicators=["accidents"], years=[year], include_synthetic=False)
        else:
            keys = store.span_keys(session, years=store.years_present(session)[:1])
    return dashboard.latest_span(keys)


def section_figures(
    engine: Engine,
    period: Period,
    region: str | None = None,
    comparison: str = "yoy",
    topics: list[str] | None = None,
) -> list[charts.ChartSpec]:
    """Every chart (house style) for a region and period, topic by topic; see ``charts.section_figures``."""
    code = region_code(region)
    obs, regions = load_for_charts(engine, period, topics, region=code)
    return charts.section_figures(obs, regions, code, period, comparison, topics)


def comparison_figures(
    engine: Engine, period: Period, region: str | None, comparison: str, indicators: list[str]
) -> list[charts.ChartSpec]:
    """Only the comparison charts (``compare``) of ``indicators``, as ``section_figures`` draws
    them; they need the period's year and the one before, not every year (the overview's charts)."""
    code = region_code(region)
    obs, regions = load_for(engine, period, comparison, indicators=indicators, region=code)
    return [
        spec
        for indicator in indicators
        for spec in charts.indicator_figures(obs, regions, code, period, indicator, comparison, kinds=("compare",))
    ]


def load_for_charts(
    engine: Engine, period: Period, topics: list[str] | None = None, region: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations of the charted indicators up to ``period``'s year (trends need earlier years);
    with ``region``, only what charting that region needs (see :func:`load_for`)."""
    codes = sorted({c for t in topics or catalog.TOPICS for c in catalog.CHART_INDICATORS.get(t, ())})
    with store.session_factory(engine)() as session:
        if region is not None:
            return store.load_resolvable(session, region, indicators=codes, max_year=period.year)
        obs = store.load_observations(session, indicators=codes, max_year=period.year)
        return obs, store.regions_frame(session)


def catalog_dict(engine: Engine | None = None) -> dict:
    """Regions (from the store when given, else the catalog) and indicators."""
    if engine is not None:
        with store.session_factory(engine)() as session:
            regions = store.regions_frame(session)
    else:
        regions = pd.DataFrame([vars(r) for r in catalog.REGION_LIST]).drop(columns="aliases")
    region_rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "kind": r["kind"],
            "kind_label": catalog.REGION_KIND_LABELS.get(r["kind"], r["kind"]),
            "parent": r["parent"] if isinstance(r["parent"], str) else None,
        }
        for r in regions.to_dict("records")
    ]
    indicator_rows = [
        {
            "code": i.code,
            "name": i.name,
            "unit": i.unit,
            "topic": i.topic,
            "topic_name": catalog.TOPICS[i.topic].name,
            "section": i.section,
            "section_name": catalog.REPORT_SECTIONS[i.section],
            "polarity": i.polarity,
            "aggregation": i.aggregation,
            "parent": i.parent,
            "monthly": i.monthly,
            "aliases": list(i.aliases),
        }
        for i in catalog.INDICATOR_LIST
    ]
    return {"regions": region_rows, "indicators": indicator_rows}


# --- county data import ---------------------------------------------------------------


@dataclass
class ImportPreview:
    """What a file would do: the parsed file, its changes against the store, and whether the
    same content was imported before (``same_file``: id and time of that batch)."""

    parsed: importer.Parsed
    changes: pd.DataFrame
    same_file: dict | None

    @property
    def ok(self) -> bool:
        return self.parsed.ok

    @property
    def counts(self) -> dict[str, int]:
        kinds = self.changes["change"].value_counts() if len(self.changes) else {}
        return {k: int(kinds.get(k, 0)) for k in ("new", "changed", "unchanged")}


@dataclass
class ImportResult:
    batch_id: int | None  # None: nothing to change (the same content is already stored)
    new: int
    changed: int
    unchanged: int
    file_name: str
    encoding: str
    shape: str
    rows: int

    @property
    def noop(self) -> bool:
        return self.batch_id is None


def _regions(engine: Engine) -> pd.DataFrame:
    with store.session_factory(engine)() as session:
        return store.regions_frame(session)


def preview_import(engine: Engine, fileobj, name: str, sheet: str | None = None) -> ImportPreview:
    """Read and check a file and compare it with the store; writes nothing.

    Raises :class:`ImportError_` for a file that is not a table; problems are in the preview.
    """
    parsed = importer.read_file(fileobj, name, sheet=sheet, regions=_regions(engine))
    with store.session_factory(engine)() as session:
        same = store.applied_batch_with_hash(session, parsed.file_hash)
        if parsed.ok:
            compare = store.compare_observations(session, parsed.observations)
        else:
            compare = store.compare_observations(session, parsed.observations.iloc[0:0])
    return ImportPreview(parsed, compare, same)


def apply_import(engine: Engine, fileobj, name: str, user: str = "", sheet: str | None = None) -> ImportResult:
    """Check a whole file, then load it in one transaction as a new batch (or change nothing).

    A file with any problem raises :class:`ImportError_` (kind ``problems``, with the table)
    and writes nothing. Values equal to the stored ones are left alone; when nothing would
    change (e.g. the same file again) no batch is written. Busy databases are waited for.
    """
    parsed = importer.read_file(fileobj, name, sheet=sheet, regions=_regions(engine))
    if not parsed.ok:
        raise ImportError_("problems", problems=parsed.problems, count=len(parsed.problems))

    class _NothingToDo(Exception):
        pass

    def load(session) -> ImportResult:
        batch_id = store.create_batch(
            session,
            file_name=name[:255],
            file_hash=parsed.file_hash,
            encoding=parsed.encoding,
            shape=parsed.shape,
            created_by=user[:64],
            status="applied",
            rows_total=parsed.rows,
        )
        frame = importer.to_store_frame(parsed.observations, file_name=name, batch_id=batch_id)
        applied = store.apply_observations(session, frame, batch_id=batch_id, user=user[:64])
        if not (applied.new or applied.changed):
            raise _NothingToDo(applied.unchanged)
        store.update_batch(
            session, batch_id, rows_new=applied.new, rows_changed=applied.changed, rows_unchanged=applied.unchanged
        )
        return ImportResult(
            batch_id, applied.new, applied.changed, applied.unchanged, name, parsed.encoding, parsed.shape, parsed.rows
        )

    try:
        return _write(engine, load)
    except _NothingToDo as nothing:
        unchanged = nothing.args[0]
        return ImportResult(None, 0, 0, unchanged, name, parsed.encoding, parsed.shape, parsed.rows)


def _write(engine: Engine, fn):
    try:
        return store.write(engine, fn)
    except OperationalError as exc:
        if store._is_busy(exc):
            raise ImportError_("busy") from None
        raise


def undo_batch(engine: Engine, batch_id: int, user: str = "") -> int:
    """Undo an import batch (see :func:`store.undo_batch`); refusals raise :class:`ImportError_`."""

    def undo(session) -> int:
        try:
            return store.undo_batch(session, int(batch_id), user[:64])
        except store.BatchError as exc:
            raise ImportError_(exc.kind, **exc.fields) from None

    return _write(engine, undo)


def import_history(engine: Engine) -> pd.DataFrame:
    """Every import batch, newest first."""
    with store.session_factory(engine)() as session:
        return store.batches_frame(session)


def batch_changes(engine: Engine, batch_id: int) -> pd.DataFrame:
    """The change records of one batch (old and new values, time, user)."""
    with store.session_factory(engine)() as session:
        return store.changes_frame(session, batch_id=batch_id)


# --- briefing export: narrative, chart images, Word -----------------------------------


def narrative_sentences(
    engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy"
) -> tuple[pd.DataFrame, list[narrative.Sentence]]:
    """The summary frame and the sentences written from it (see ``narrative.sentences``)."""
    code = region_code(region)
    with store.session_factory(engine)() as session:
        obs = store.load_observations(session, years=[period.year - 2, period.year - 1, period.year])
        regions = store.regions_frame(session)
    frame = metrics.summary(obs, code, period, comparison=comparison, regions=regions)
    derived = obs[obs["origin"] == "derived"]
    keys = {(r.indicator, r.region, str(Period(int(r.year), int(r.start), int(r.end)))) for r in derived.itertuples()}
    pairs = zip(frame["indicator"], frame["previous_period"], strict=True)
    frame["previous_derived"] = [(i, code, p) in keys for i, p in pairs]
    earlier = earlier_double_decline(obs, code, frame, regions) if comparison == "yoy" else None
    return frame, narrative.sentences(frame, period, earlier_double_decline=earlier)


def earlier_double_decline(
    obs: pd.DataFrame, region: str, summary_frame: pd.DataFrame, regions: pd.DataFrame | None = None
) -> bool | None:
    """Whether accidents and deaths also both fell in the span a year before the headline's span."""
    row = summary_frame[summary_frame["indicator"] == "accidents"]
    if row.empty:
        return None
    before = Period.parse(row["period"].iloc[0]).same_span_last_year()
    earlier = metrics.summary(obs, region, before, indicators=["accidents", "deaths"], regions=regions)
    if earlier.empty or set(earlier["period"]) != {str(before)}:
        return None
    return metrics.double_decline(earlier)


def briefing_charts(specs: list[charts.ChartSpec]) -> list[charts.ChartSpec]:
    """One chart per indicator for the briefing, by ``catalog.BRIEFING_CHART_KINDS`` preference."""
    chosen: dict[str, charts.ChartSpec] = {}
    rank = {k: i for i, k in enumerate(catalog.BRIEFING_CHART_KINDS)}
    for spec in specs:
        have = chosen.get(spec.indicator)
        if spec.kind in rank and (have is None or rank[spec.kind] < rank[have.kind]):
            chosen[spec.indicator] = spec
    return [s for s in specs if chosen.get(s.indicator) is s]


def chart_images(engine: Engine, period: Period, region: str | None = None, out_dir=None, fmt: str = "png") -> list:
    """Render every chart of the region and period into ``out_dir``; the paths written."""
    from pathlib import Path

    from . import png

    specs = section_figures(engine, period, region)
    return png.write_charts(specs, Path(out_dir), fmt)


def briefing_docx(
    engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy", *, with_charts: bool = True
) -> bytes:
    """The Word briefing of a region and period as .docx bytes (charts need Chromium; without
    it the briefing says so and carries the text and the table)."""
    from . import docx_io, png

    frame, sentences = narrative_sentences(engine, period, region, comparison)
    code = region_code(region)
    images, note = [], None
    if with_charts:
        try:
            specs = briefing_charts(section_figures(engine, period, code, comparison))
            w, h = png.BRIEFING_SIZE
            images = [(s, png.render(png.without_title(s.figure), width=w, height=h)) for s in specs]
        except png.ImageExportError as exc:
            note = str(exc)
    name = catalog.REGIONS[code].name if code in catalog.REGIONS else code
    if not frame.empty:
        name = str(frame["region_name"].iloc[0])
    return docx_io.briefing_bytes(
        summary_frame=frame,
        sentences=sentences,
        period=period,
        region_name=name,
        comparison=comparison,
        images=images,
        charts_note=note,
    )
