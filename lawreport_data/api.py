"""What the CLI and the dashboard call: each function opens and closes its own session.

The pages call these (through the UI's caching wrappers); the CLI calls the same ones.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from . import auth, catalog, charts, dashboard, demo, importer, metrics, narrative, report2022, store
from .auth import Actor, AuthError
from .db import database_url, make_engine, upgrade
from .import_errors import ImportError_
from .models import utcnow
from .periods import Period


class LookupError_(ValueError):
    """A region or indicator name that the catalog does not know."""


def open_engine(url: str | None = None) -> Engine:
    """An engine on ``url`` or, by default, ``LAWREPORT_DB_URL`` / the SQLite file under db/."""
    return make_engine(url or database_url())


class StoreUnavailable(RuntimeError):
    """The database cannot be opened: a wrong address, a server that is down, no permission.

    ``where`` names it without its password; ``reason`` is the driver's first line."""

    def __init__(self, where: str, reason: str):
        super().__init__(f"cannot open the database {where}: {reason}")
        self.where, self.reason = where, reason


def open_store(url: str | None = None) -> Engine:
    """An engine with the schema and the report's figures in place (:func:`init_db`), or
    :class:`StoreUnavailable` when the database cannot be reached.

    >>> import tempfile, pathlib
    >>> try:
    ...     open_store(f"sqlite:///{pathlib.Path(tempfile.gettempdir()) / 'no' / 'such' / 'dir' / 'x.sqlite'}")
    ... except StoreUnavailable as exc:
    ...     exc.reason
    'unable to open database file'
    """
    engine = open_engine(url)
    try:
        init_db(engine)
    except (DBAPIError, OSError) as exc:
        engine.dispose()
        orig = getattr(exc, "orig", None) or exc
        reason = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
        raise StoreUnavailable(engine.url.render_as_string(hide_password=True), reason) from exc
    return engine


@dataclass
class InitResult:
    report_new: int
    demo_new: int


def init_db(engine: Engine, *, demo_data: bool = False) -> InitResult:
    """Create or migrate the schema, load the catalog and the report's figures (idempotent).

    Stored figures are never overwritten (a correction made later survives a re-run); with
    ``demo_data`` the synthetic county months are added where no figure exists yet. It runs
    whenever the dashboard's server opens its engine, so it reads no more than it needs (no
    count of the whole table: ``observation_count`` gives that).
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
        if report.new or demo_new:
            store.append_audit(
                session,
                actor="init-db",
                action="init_db",
                target=catalog.SOURCE_REPORT_TITLE[:255],
                detail=catalog.AUDIT_DETAILS["init_db"].format(report=report.new, demo=demo_new),
            )
    return InitResult(report.new, demo_new)


def observation_count(engine: Engine) -> int:
    """How many observations the store holds (report, imported and demo)."""
    with store.session_factory(engine)() as session:
        return store.observation_count(session)


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


@dataclass(frozen=True)
class TopicData:
    """What a section's page shows, from one read: its indicators' summary (``topic_summary``)
    and, per charted indicator with at least one chart, the points of its charts (kind → points,
    ``charts.indicator_points``); ``charts`` draws those of the indicator a reader picks."""

    summary: pd.DataFrame
    region_name: str
    points: dict[str, dict[str, pd.DataFrame]]

    def figures(self, indicator: str, period: Period, comparison: str = "yoy") -> list[charts.ChartSpec]:
        """``indicator``'s charts, as ``section_figures`` draws them."""
        return charts.indicator_charts(self.points.get(indicator, {}), self.region_name, period, indicator, comparison)


def topic_data(engine: Engine, period: Period, region: str | None, topic: str, comparison: str = "yoy") -> TopicData:
    """A section's summary and chart points, read once (the observations of its indicators up to
    the period's year): the same as ``topic_summary`` and ``section_figures`` of the topic."""
    code = region_code(region)
    codes = [i.code for i in catalog.indicators_of_topic(topic)]
    charted = list(catalog.CHART_INDICATORS.get(topic, ()))
    with store.session_factory(engine)() as session:
        obs, regions = store.load_resolvable(
            session, code, indicators=sorted(set(codes) | set(charted)), max_year=period.year
        )
    recent = obs[obs["year"] >= period.year - 1]  # what topic_summary reads: the year and the one before
    frame = dashboard.topic_summary(recent, regions, code, period, topic, comparison)
    points = {}
    for indicator in charted:
        mine = charts.indicator_points(obs, regions, code, period, indicator, comparison)
        if mine:
            points[indicator] = mine
    return TopicData(frame, charts.name_of_region(regions, code), points)


def overview(
    engine: Engine, period: Period, region: str | None, comparison: str = "yoy"
) -> tuple[pd.DataFrame, list[charts.ChartSpec]]:
    """The overview's cards (``headline_summary``) and its comparison charts (``comparison_figures``
    of ``catalog.OVERVIEW_CHARTS``), read once."""
    code = region_code(region)
    codes = list(catalog.HEADLINE_INDICATORS)
    obs, regions = load_for(engine, period, comparison, indicators=codes, region=code)
    frame = dashboard.summary_with_fallback(obs, regions, code, period, codes, comparison)
    specs = [
        spec
        for indicator in catalog.OVERVIEW_CHARTS
        for spec in charts.indicator_figures(obs, regions, code, period, indicator, comparison, kinds=("compare",))
    ]
    return frame, specs


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


def _region_name(code: str | None, regions: pd.DataFrame | None = None) -> str:
    if code is None:
        return ""
    if code in catalog.REGIONS:
        return catalog.REGIONS[code].name
    if regions is not None:
        hit = regions.loc[regions["code"] == code, "name"]
        if len(hit):
            return str(hit.iloc[0])
    return code


def _check_may_change(actor: Actor | None) -> None:
    """Refuse a viewer (or an unknown role) any import or undo."""
    if actor is not None and not actor.can_change_data:
        raise ImportError_(
            "not_allowed",
            role=catalog.ROLE_LABELS.get(actor.role, actor.role),
            user=actor.username,
            role_en=catalog.ROLE_LABELS_EN.get(actor.role, actor.role),
        )


def _scoped(parsed: importer.Parsed, actor: Actor | None, regions: pd.DataFrame) -> importer.Parsed:
    """A county analyst's file gets a problem for every row outside their region and its towns."""
    if auth.may_import_all(actor):
        return parsed
    scope = auth.region_scope(regions, actor.region_code or "")
    return importer.restrict_regions(parsed, scope, _region_name(actor.region_code, regions))


def _who(actor: Actor | None, user: str) -> str:
    return (actor.username if actor is not None else user or "cli")[:64]


def _audit_refused(engine: Engine, who: str, actor: Actor | None, name: str, parsed: importer.Parsed) -> None:
    """The audit log's line for a file refused for its problems (nothing else is written)."""

    def refused(session) -> None:
        store.append_audit(
            session,
            actor=who,
            action="import_refused",
            target=name[:255],
            region_code=actor.region_code if actor else None,
            file_name=name[:255],
            file_hash=parsed.file_hash,
            detail=catalog.AUDIT_DETAILS["import_refused"].format(count=len(parsed.problems)),
        )

    _write(engine, refused)


def preview_import(
    engine: Engine, fileobj, name: str, sheet: str | None = None, actor: Actor | None = None
) -> ImportPreview:
    """Read and check a file and compare it with the store; writes nothing.

    With a county analyst's ``actor``, rows of other regions are problems too. A signed-in
    ``actor``'s refused file gets its line in the audit log. Raises :class:`ImportError_` for a
    file that is not a table, or for an actor who may not import.
    """
    _check_may_change(actor)
    regions = _regions(engine)
    parsed = _scoped(importer.read_file(fileobj, name, sheet=sheet, regions=regions), actor, regions)
    if actor is not None and not parsed.ok:
        _audit_refused(engine, actor.username, actor, name, parsed)
    with store.session_factory(engine)() as session:
        same = store.applied_batch_with_hash(session, parsed.file_hash)
        if parsed.ok:
            compare = store.compare_observations(session, parsed.observations)
        else:
            compare = store.compare_observations(session, parsed.observations.iloc[0:0])
    return ImportPreview(parsed, compare, same)


def apply_import(
    engine: Engine, fileobj, name: str, user: str = "", sheet: str | None = None, actor: Actor | None = None
) -> ImportResult:
    """Check a whole file, then load it in one transaction as a new batch (or change nothing).

    A file with any problem raises :class:`ImportError_` (kind ``problems``, with the table)
    and writes nothing but the refusal's line in the audit log. Values equal to the stored
    ones are left alone; when nothing would change (e.g. the same file again) no batch is
    written. ``actor`` (a signed-in account) limits a county analyst to their region; without
    it the command line's operator ``user`` acts. The batch and its audit event are written in
    the same transaction. Busy databases are waited for.
    """
    _check_may_change(actor)
    who = _who(actor, user)
    regions = _regions(engine)
    parsed = _scoped(importer.read_file(fileobj, name, sheet=sheet, regions=regions), actor, regions)
    if not parsed.ok:
        _audit_refused(engine, who, actor, name, parsed)
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
            created_by=who,
            status="applied",
            rows_total=parsed.rows,
        )
        frame = importer.to_store_frame(parsed.observations, file_name=name, batch_id=batch_id)
        applied = store.apply_observations(session, frame, batch_id=batch_id, user=who)
        if not (applied.new or applied.changed):
            raise _NothingToDo(applied.unchanged)
        store.update_batch(
            session, batch_id, rows_new=applied.new, rows_changed=applied.changed, rows_unchanged=applied.unchanged
        )
        store.append_audit(
            session,
            actor=who,
            action="import",
            target=catalog.AUDIT_TARGET_BATCH.format(batch=batch_id),
            region_code=actor.region_code if actor else None,
            batch_id=batch_id,
            file_name=name[:255],
            file_hash=parsed.file_hash,
            detail=catalog.AUDIT_DETAILS["import"].format(new=applied.new, changed=applied.changed, rows=parsed.rows),
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


def undo_batch(engine: Engine, batch_id: int, user: str = "", actor: Actor | None = None) -> int:
    """Undo an import batch (see :func:`store.undo_batch`); refusals raise :class:`ImportError_`.

    A county analyst may undo only a batch whose values all lie in their region and its towns.
    The undo and its audit event are written in the same transaction.
    """
    _check_may_change(actor)
    who = _who(actor, user)

    def undo(session) -> int:
        batch_id_ = int(batch_id)
        if not auth.may_import_all(actor):
            regions = store.regions_frame(session)
            outside = store.batch_regions(session, batch_id_) - auth.region_scope(regions, actor.region_code or "")
            if outside:
                raise ImportError_("undo_outside", batch=batch_id_, region=_region_name(actor.region_code, regions))
        try:
            restored = store.undo_batch(session, batch_id_, who)
        except store.BatchError as exc:
            raise ImportError_(exc.kind, **exc.fields) from None
        info = store.batch_info(session, batch_id_) or {}
        store.append_audit(
            session,
            actor=who,
            action="undo",
            target=catalog.AUDIT_TARGET_BATCH.format(batch=batch_id_),
            region_code=actor.region_code if actor else None,
            batch_id=batch_id_,
            file_name=info.get("file_name"),
            file_hash=info.get("file_hash"),
            detail=catalog.AUDIT_DETAILS["undo"].format(batch=batch_id_, restored=restored),
        )
        return restored

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


# --- accounts and the audit log ---------------------------------------------------------


def login(engine: Engine, username: str, password: str, now: dt.datetime | None = None) -> Actor:
    """Check a user name and password; the signed-in :class:`Actor`, or :class:`AuthError`.

    After :data:`auth.FREE_FAILURES` failed logins in a row each next attempt must wait
    (:func:`auth.wait_seconds`), right password or not. A disabled account is refused (told so
    only when the password was right). Every attempt is in the audit log.
    """
    now = now or utcnow()
    name = (username or "").strip()[:64]

    def attempt(session) -> Actor | AuthError:
        acc = store.account(session, name)
        if acc is None:
            auth.verify_password(None, password or "")
            error = AuthError("bad_credentials")
        elif acc["locked_until"] is not None and now < acc["locked_until"]:
            error = AuthError("throttled", seconds=math.ceil((acc["locked_until"] - now).total_seconds()))
        elif not auth.verify_password(acc["password_hash"], password or ""):
            failures = acc["failed_logins"] + 1
            wait = auth.wait_seconds(failures)
            locked = now + dt.timedelta(seconds=wait) if wait else None
            store.update_account(session, name, failed_logins=failures, locked_until=locked)
            error = AuthError("bad_credentials")
        elif not acc["active"]:
            error = AuthError("disabled")
        else:
            store.update_account(session, name, failed_logins=0, locked_until=None, last_login_at=now)
            store.append_audit(session, actor=name, action="login", target=name, region_code=acc["region_code"])
            return Actor(name, acc["role"], acc["region_code"], acc["display_name"])
        reason = catalog.AUTH_MESSAGES[error.kind][0].format(**error.fields)
        store.append_audit(
            session,
            actor=name,
            action="login_failed",
            target=name,
            detail=catalog.AUDIT_DETAILS["login_failed"].format(reason=reason),
        )
        return error

    result = _write(engine, attempt)
    if isinstance(result, AuthError):
        raise result
    return result


def session_actor(engine: Engine, username: str, signed_in_at: dt.datetime) -> Actor | None:
    """The account behind a signed-in session, if it still may act: it exists, is active and its
    password has not been changed since the session began."""
    with store.session_factory(engine)() as session:
        acc = store.account(session, username)
    if acc is None or not acc["active"] or acc["password_changed_at"] > signed_in_at:
        return None
    return Actor(acc["username"], acc["role"], acc["region_code"], acc["display_name"])


def account_actor(engine: Engine, username: str) -> Actor:
    """The active account ``username`` as an :class:`Actor` (for the command line's --user)."""
    with store.session_factory(engine)() as session:
        acc = store.account(session, username.strip())
    if acc is None:
        raise AuthError("unknown_user", user=username)
    if not acc["active"]:
        raise AuthError("disabled")
    return Actor(acc["username"], acc["role"], acc["region_code"], acc["display_name"])


def _account_region(engine: Engine, role: str, region: str | None) -> str | None:
    if role != "county":
        return None
    if not region:
        raise AuthError("county_needs_region")
    regions = _regions(engine)
    key = region.strip()
    hit = regions[(regions["code"] == key) | (regions["name"] == key)]
    if hit.empty:
        try:
            key = region_code(key)
        except LookupError_:
            raise AuthError("bad_region", region=region) from None
        hit = regions[regions["code"] == key]
    if hit.empty or hit["parent"].isna().all():
        raise AuthError("bad_region", region=region)
    return str(hit["code"].iloc[0])


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    region: str | None = None,
    display_name: str = "",
    by: str = "cli",
) -> Actor:
    """Create an account (password hashed with argon2); written to the audit log as ``by``."""
    name = auth.check_username(username)
    role = auth.check_role(role)
    auth.check_password(name, password)
    code = _account_region(engine, role, region)
    digest = auth.hash_password(password)

    def add(session) -> Actor:
        if store.account(session, name) is not None:
            raise AuthError("user_exists", user=name)
        store.add_account(
            session, username=name, password_hash=digest, role=role, region_code=code, display_name=display_name[:64]
        )
        scope = f"，{_region_name(code)}" if code else ""
        store.append_audit(
            session,
            actor=by[:64],
            action="user_add",
            target=name,
            region_code=code,
            detail=catalog.AUDIT_DETAILS["user_add"].format(role=catalog.ROLE_LABELS[role], region=scope),
        )
        return Actor(name, role, code, display_name)

    try:
        return _write(engine, add)
    except IntegrityError:
        raise AuthError("user_exists", user=name) from None


def set_user_active(engine: Engine, username: str, active: bool, by: str = "cli") -> None:
    """Disable or enable an account (the last active admin cannot be disabled)."""

    def change(session) -> None:
        acc = store.account(session, username)
        if acc is None:
            raise AuthError("unknown_user", user=username)
        if not active and acc["role"] == "admin" and acc["active"] and store.active_admins(session) <= 1:
            raise AuthError("last_admin")
        store.update_account(session, username, active=active)
        action = "user_enable" if active else "user_disable"
        store.append_audit(session, actor=by[:64], action=action, target=username, region_code=acc["region_code"])

    _write(engine, change)


def set_password(engine: Engine, username: str, password: str, by: str = "cli") -> None:
    """Set a new password; sessions signed in before it end, throttling is reset."""
    auth.check_password(username, password)
    digest = auth.hash_password(password)

    def change(session) -> None:
        acc = store.account(session, username)
        if acc is None:
            raise AuthError("unknown_user", user=username)
        store.update_account(
            session,
            username,
            password_hash=digest,
            password_changed_at=utcnow(),
            failed_logins=0,
            locked_until=None,
        )
        store.append_audit(session, actor=by[:64], action="user_passwd", target=username)

    _write(engine, change)


def list_users(engine: Engine) -> pd.DataFrame:
    """Every account (no password hashes)."""
    with store.session_factory(engine)() as session:
        return store.accounts_frame(session)


def audit_actors(engine: Engine) -> list[str]:
    """Everyone named in the audit log, sorted."""
    with store.session_factory(engine)() as session:
        return store.audit_actors(session)


def audit_log(
    engine: Engine,
    *,
    actor: str | None = None,
    action: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> pd.DataFrame:
    """Audit events, newest first; ``since``/``until`` are days, both included."""
    start = dt.datetime.combine(since, dt.time()) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None
    with store.session_factory(engine)() as session:
        return store.audit_frame(session, actor=actor, action=action, since=start, until=end)
