"""The dashboard's only Streamlit helper module: the shared engine, cached reads, the shared
sidebar controls (bound to the URL), 简报模式, and the renderers the pages call.

Pages import this, never SQLAlchemy. Cached reads are keyed on the store's data version,
so an import (which bumps it) makes every page read fresh figures.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

import multipage
from lawreport_data import (
    api,
    catalog,
    charts,
    dashboard,
    importer,
    links,
    metrics,
    png,
    report2022,
    svg_figure,
    tables,
)
from lawreport_data.periods import Period

# How a change's tone and direction show on st.metric: a fall in accidents is green with a down arrow.
TONE_COLORS = {"good": "green", "bad": "red", "neutral": "gray"}

UI = catalog.UI

# --- engine and cached reads ----------------------------------------------------------


def get_engine():
    """One engine for all sessions (per database URL, so tests can point elsewhere)."""
    return _engine(api.database_url())


@st.cache_resource(max_entries=4, on_release=lambda engine: engine.dispose())
def _engine(url: str):
    """The schema and the report's figures are made if missing (``api.StoreUnavailable`` is not
    cached: the next run tries again). A server has one database; a process that meets many (the
    tests: one per test) keeps the last four engines and closes the connections of the others."""
    return api.open_store(url)


def read_engine():
    """The engine the dashboard's reads use: the read replica (``LAWREPORT_DB_READ_URL``) where one
    is set, else the store's. Imports, undo, targets, accounts and the audit log read and write
    the store itself (:func:`get_engine`): what an analyst has just done is there at once."""
    url = api.read_url()
    return _replica(url) if url else get_engine()


@st.cache_resource(max_entries=4, on_release=lambda engine: engine.dispose())
def _replica(url: str):
    """A replica is opened, never migrated (``api.open_replica``; not cached when it fails)."""
    return api.open_replica(url)


def require_store() -> None:
    """Stop the page with a Chinese message, not a traceback, when the database cannot be opened.
    A read replica that cannot be opened stops only the dashboard's pages (their reads raise
    ``api.StoreUnavailable``, which ``run_page`` shows); import, history, 控制指标, accounts and the
    audit log go on with the store."""
    try:
        get_engine()
    except api.StoreError as exc:
        store_error(exc)
        st.stop()


def store_error(exc: api.StoreError) -> None:
    """A database fault as its Chinese sentence (what failed, that nothing changed, what to do)."""
    st.error(exc.zh, icon="🚫")


def data_version() -> str:
    """What every cached read is keyed on: the database read and its data version (an import bumps
    it), so a cached figure never outlives a change, nor comes from another database (tests use
    many). With a read replica, its own version: a figure is read again once the replica has the
    change, not before (it would read the old one and keep it)."""
    url = api.read_url() or api.database_url()
    return f"{url}#{api.data_version(read_engine())}"


def store_version() -> str:
    """:func:`data_version` of the store itself, for what is read from it (:func:`get_engine`:
    the import's preview, the history, a ledger's template), never from a replica."""
    url = api.database_url()
    return f"{url}#{api.data_version(get_engine())}"


def replica_note() -> None:
    """Where the dashboard reads a replica that lacks a change the store has had for more than
    ``catalog.REPLICA_LAG_WARN_SECONDS``: say so, and for how long (``api.replica_lag``)."""
    if not api.read_url():
        return
    lag = api.replica_lag(read_engine(), get_engine())
    if lag is not None and lag > catalog.REPLICA_LAG_WARN_SECONDS:
        st.warning(UI["replica_lag"].format(seconds=round(lag)), icon=":material/schedule:")


@st.cache_data(max_entries=256, show_spinner=False)
def _summary(version: str, period: str, region: str, comparison: str) -> pd.DataFrame:
    return api.summary(read_engine(), Period.parse(period), region, comparison)


def summary(period: Period, region: str, comparison: str = "yoy") -> pd.DataFrame:
    return _summary(data_version(), str(period), region, comparison)


# --- county data import ---------------------------------------------------------------


class ImportProgress:
    """``progress(phase, done, total)`` for the import calls, shown as a bar with the phase and
    the rows done (``api.import_progress``) in a slot of the page; :meth:`clear` removes it."""

    def __init__(self):
        self.slot = st.empty()

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        fraction, text = api.import_progress(phase, done, total)
        self.slot.progress(fraction, text=text)

    def clear(self) -> None:
        self.slot.empty()


def preview_import(
    data: bytes,
    name: str,
    actor: api.Actor,
    sheet: str | None = None,
    *,
    replace: bool = False,
    replace_period=None,
    progress: Callable | None = None,
):
    """The checked file and what it would change for this account: an aggregate file's
    ``api.ImportPreview`` or a ledger's ``api.LedgerPreview`` (``replace``: a full re-send, of
    ``replace_period`` when given, else of the file's months).
    Kept in the session per content, account, options and data version, so a rerun of the page
    (any widget touched) does not read the file again (not ``st.cache_data``: the reading tells
    ``progress``, a bar on the page, which a cached call could not replay). Raises
    ``api.ImportError_`` for a file that is not a table."""
    digest = hashlib.sha256(data).hexdigest()
    # A refused file raises (an exception is not kept), so each rerun of the page reads it again:
    # its refusal is logged once a session (the key is kept, not the exception, whose traceback
    # would keep the file's bytes alive); one that could not be logged is tried again.
    logged = st.session_state.setdefault("_logged_refusals", set())
    key = (digest, name, sheet, actor.username)
    memo_key = (store_version(), *key, replace, replace_period)
    memo = st.session_state.get("_import_preview")
    if memo is not None and memo[0] == memo_key:
        return memo[1]
    st.session_state.pop("_import_preview", None)  # the previous file's preview is let go first
    try:
        preview = api.preview_import(
            get_engine(),
            io.BytesIO(data),
            name,
            sheet=sheet,
            actor=actor,
            audit=key not in logged,
            replace=replace,
            replace_period=replace_period,
            progress=progress,
        )
    except api.ImportError_ as refusal:
        if refusal.audited:
            logged.add(key)
        raise
    if not preview.ok:
        logged.add(key)  # its problems are logged: a rerun does not log them again
    st.session_state["_import_preview"] = (memo_key, preview)
    return preview


def apply_import(
    data: bytes,
    name: str,
    actor: api.Actor,
    sheet: str | None = None,
    *,
    replace: bool = False,
    replace_period=None,
    progress: Callable | None = None,
):
    """Load the file as one batch (the account's rules apply) and refresh every cached read."""
    try:
        return api.apply_import(
            get_engine(),
            io.BytesIO(data),
            name,
            sheet=sheet,
            actor=actor,
            replace=replace,
            replace_period=replace_period,
            progress=progress,
        )
    finally:
        st.session_state.pop("_import_preview", None)
        st.cache_data.clear()


def undo_batch(batch_id: int, actor: api.Actor) -> int:
    n = api.undo_batch(get_engine(), batch_id, actor=actor)
    st.cache_data.clear()
    return n


@st.cache_data(max_entries=16, show_spinner=False)
def _history(version: str) -> pd.DataFrame:
    return api.import_history(get_engine())


def import_history() -> pd.DataFrame:
    return _history(store_version())


@st.cache_data(max_entries=16, show_spinner=False)
def _batch_changes(version: str, batch_id: int) -> pd.DataFrame:
    return api.batch_changes(get_engine(), batch_id)


def batch_changes(batch_id: int) -> pd.DataFrame:
    return _batch_changes(store_version(), batch_id)


@st.cache_data(max_entries=16, show_spinner=False)
def _ledger_batch_counts(version: str, batch_id: int) -> dict[str, int]:
    return api.ledger_batch_counts(get_engine(), batch_id)


def ledger_batch_counts(batch_id: int) -> dict[str, int]:
    """How many accident records a ledger batch added, updated and retired."""
    return _ledger_batch_counts(store_version(), batch_id)


@st.cache_data(max_entries=32, show_spinner=False)
def _ledger_batch_changes(version: str, batch_id: int, change: str, start: int, limit: int) -> pd.DataFrame:
    return api.ledger_batch_changes(get_engine(), batch_id, change, start=start, limit=limit)


def ledger_batch_changes(batch_id: int, change: str, start: int, limit: int) -> pd.DataFrame:
    """One page of a ledger batch's records of one kind of change, as people read them."""
    return _ledger_batch_changes(store_version(), batch_id, change, start, limit)


@st.cache_data(show_spinner=False)
def import_template(shape: str, kind: str) -> bytes:
    """A downloadable template (``long``/``wide``, ``csv``/``xlsx``) with the catalog's names."""
    return importer.template_csv(shape) if kind == "csv" else importer.template_xlsx(shape)


@st.cache_data(max_entries=8, show_spinner=False)
def _ledger_template(version: str, ledger: str, kind: str) -> bytes:
    return api.ledger_template(ledger, kind, get_engine())


def ledger_template(ledger: str, kind: str) -> bytes:
    """A ledger's template (``accidents`` or ``hazards``; ``csv`` or ``xlsx``: the code lists on
    a second sheet, the store's towns among the regions)."""
    return _ledger_template(store_version(), ledger, kind)


# --- Word briefing download (lawreport_data.docx_io) ---------------------------------

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_data(max_entries=8, show_spinner=False)
def _briefing_docx(version: str, period: str, region: str, comparison: str, _engine) -> bytes:
    return api.briefing_docx(_engine, Period.parse(period), region, comparison)


def _current_view() -> tuple[Period, str, str]:
    """The period, region and comparison chosen in the sidebar (its widget keys), else the
    report's headline view: 1-11月 2022, the store's whole area (the city), 同比."""
    state = st.session_state
    region = state.get("region") or (api.region_choices(_choices(data_version())[0]) or [catalog.CITY_CODE])[0]
    comparison = state.get("cmp") or "yoy"
    year, kind, month = state.get("year"), state.get("kind"), state.get("month")
    if year is None:
        return report2022.JAN_NOV, region, comparison
    if kind == "year" or month is None:
        return Period.year_of(int(year)), region, comparison
    if kind == "month":
        return Period(int(year), int(month), int(month)), region, comparison
    return Period(int(year), 1, int(month)), region, comparison


@dataclass(frozen=True)
class BriefingDownload:
    label: str
    help: str
    file_name: str
    mime: str
    data: Callable[[], bytes]  # made when the button is clicked (st.download_button runs it then)


def briefing_download(period: Period | None = None, region: str | None = None) -> BriefingDownload:
    """What the page's one ``st.download_button`` needs to offer the Word briefing of the view."""
    view_period, view_region, comparison = _current_view()
    period, region = period or view_period, region or view_region
    engine, version = read_engine(), data_version()
    name = catalog.region_name(region)
    b = catalog.BRIEFING
    return BriefingDownload(
        label=b["download"],
        help=b["download_help"],
        file_name=b["file_name"].format(region=name, period=str(period).replace("..", "_")),
        mime=DOCX_MIME,
        data=lambda: _briefing_docx(version, str(period), region, comparison, engine),
    )


@st.cache_data(max_entries=128, show_spinner=False)
def _topic_data(version: str, period: str, region: str, topic: str, comparison: str) -> api.TopicData:
    return api.topic_data(read_engine(), Period.parse(period), region, topic, comparison)


@st.cache_data(max_entries=256, show_spinner=False)
def _topic_figures(
    version: str, period: str, region: str, topic: str, comparison: str, indicator: str
) -> list[charts.ChartSpec]:
    data = _topic_data(version, period, region, topic, comparison)
    return data.figures(indicator, Period.parse(period), comparison)


@st.cache_data(max_entries=128, show_spinner=False)
def _overview(version: str, period: str, region: str, comparison: str, indicator: str) -> api.OverviewView:
    return api.overview_view(read_engine(), Period.parse(period), region, comparison, indicator)


@st.cache_data(max_entries=128, show_spinner=False)
def _rate_rows(version: str, period: str, region: str, comparison: str) -> list[dict]:
    return api.rate_rows(read_engine(), Period.parse(period), region, comparison)


@st.cache_data(max_entries=128, show_spinner=False)
def _progress_board(version: str, period: str, region: str, indicator: str | None) -> api.ProgressBoard:
    return api.progress_board(read_engine(), Period.parse(period), region, indicator)


@st.cache_data(max_entries=16, show_spinner=False)
def _choices(version: str, of_store: bool = False) -> tuple[pd.DataFrame, list[int], str | None]:
    """The regions, the years with figures and the default period: read where the dashboard reads
    (``version``: :func:`data_version`), or ``of_store`` from the store itself (:func:`store_version`:
    the account box and the 控制指标 page, which go on without the replica)."""
    engine = get_engine() if of_store else read_engine()
    regions = pd.DataFrame(api.catalog_dict(engine)["regions"])
    default = api.default_period(engine)
    return regions, api.years_present(engine), str(default) if default else None


# --- shared controls ------------------------------------------------------------------


@dataclass(frozen=True)
class View:
    region: str
    region_name: str
    period: Period
    comparison: str
    briefing: bool
    link_note: str | None = None  # a deep link's values that named nothing (shown under the title)


def controls() -> View:
    """The sidebar: region, period (1–N月 / month / year), comparison, 简报模式; all in the URL."""
    regions, years, default = _choices(data_version())
    default_period = Period.parse(default) if default else Period.year_of(years[0] if years else 2022)
    codes = api.region_choices(regions) or [catalog.CITY_CODE]  # the whole area first
    names = api.region_labels(regions)  # (徐州市鼓楼区 where two regions are named 鼓楼区)
    years = years or [default_period.year]
    bad_link = _read_link(codes, names, years)
    sb = st.sidebar
    sb.header(UI["sidebar_header"])
    region = sb.selectbox(
        UI["region"], codes, index=0,
        format_func=lambda c: names.get(c, c), key="region", bind="query-params",
    )  # fmt: skip
    kinds = list(UI["period_kinds"])
    default_kind = "year" if default_period.is_year else "month" if default_period.is_month else "span"
    kind = sb.radio(
        UI["period_kind"], kinds, index=kinds.index(default_kind), format_func=UI["period_kinds"].get,
        key="kind", bind="query-params", horizontal=True,
    )  # fmt: skip
    year = sb.selectbox(
        UI["year"], years, index=years.index(default_period.year) if default_period.year in years else 0,
        format_func=lambda y: f"{y}年", key="year", bind="query-params",
    )  # fmt: skip
    months = list(range(1, 13))
    if kind == "year":
        period = Period.year_of(year)
    else:
        month = sb.selectbox(
            UI["end_month"] if kind == "span" else UI["month"], months, index=default_period.end - 1,
            format_func=lambda m: f"{m}月", key="month", bind="query-params",
        )  # fmt: skip
        period = Period(year, 1, month) if kind == "span" else Period(year, month, month)
    comparisons = list(catalog.SIDEBAR_COMPARISONS)
    comparison = sb.radio(
        UI["comparison"], comparisons, format_func=catalog.COMPARISON_LABELS.get,
        key="cmp", bind="query-params", horizontal=True,
    )  # fmt: skip
    briefing = sb.toggle(UI["briefing"], key="brief", bind="query-params", help=UI["briefing_help"])
    _page_css(briefing)
    view_key = (region, str(period), comparison)
    if bad_link:  # Streamlit drops a bad value from the address: the note stays until the view changes
        st.session_state["_link_note"] = (bad_link, view_key)
    note, seen = st.session_state.get("_link_note", (None, None))
    return View(region, names.get(region, region), period, comparison, briefing, note if seen == view_key else None)


def _read_link(codes: list[str], names: dict[str, str], years: list[int]) -> str | None:
    """Read the address's parameters before the sidebar's widgets do: a value written as a code
    (``?region=320723``, ``?year=2022``, ``?month=11``, ``?kind=year``, ``?cmp=yoy``) is set as the
    widget's value (the widgets read only their shown labels); values that name nothing give the
    note returned (a bound widget would drop them silently and show the default view)."""
    kinds, comparisons = UI["period_kinds"], catalog.COMPARISON_LABELS
    choices = {
        "region": ({names.get(c, c): c for c in codes}, {c: c for c in codes}),
        "kind": ({label: k for k, label in kinds.items()}, {k: k for k in kinds}),
        "year": ({f"{y}年": y for y in years}, {str(y): y for y in years}),
        "month": (
            {f"{m}月": m for m in range(1, 13)},
            {**{str(m): m for m in range(1, 13)}, **{f"{m:02d}": m for m in range(1, 10)}},
        ),
        "cmp": ({label: c for c, label in comparisons.items()}, {c: c for c in comparisons}),
    }
    params = {key: st.query_params.get(key) for key in choices}
    named, bad = links.read_link(params, choices)
    for key, value in named.items():
        if key not in st.session_state:
            st.session_state[key] = value
    if not bad:
        return None
    labels = {"region": UI["region"], "kind": UI["period_kind"], "year": UI["year"], "month": UI["month"]}
    labels["cmp"] = UI["comparison"]
    fields = "、".join(UI["bad_link_field"].format(label=labels[k], value=links.shown_value(params[k])) for k in bad)
    return UI["bad_link"].format(fields=fields)


def _exit_briefing() -> None:
    st.session_state["brief"] = False


_PAGE_CSS = """
[data-testid="stMetricLabel"] * { white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
:is(.st-key-indicator_table, [class*="st-key-html_table_"]) table { width: 100%; border-collapse: collapse;
  font-size: 0.875rem; line-height: 1.5; }
:is(.st-key-indicator_table, [class*="st-key-html_table_"]) :is(td, th) { text-align: left; vertical-align: top;
  padding: 0.25rem 0.5rem; border: none; border-bottom: 1px solid rgba(128, 128, 128, 0.25); }
:is(.st-key-indicator_table, [class*="st-key-html_table_"]) th { font-weight: 400; opacity: 0.65; }
.st-key-indicator_table :is(td, th):not(:first-child):not(:last-child) { white-space: nowrap; }
[class*="st-key-html_table_"] :is(td, th) { white-space: nowrap; }
[class*="st-key-html_table_"] { overflow-x: auto; }
/* the hazard lists' names and descriptions wrap (written by counties: long), their dates and codes do not */
:is(.st-key-html_table_hz_records td:is(:nth-child(4), :nth-child(6)), .st-key-html_table_hz_supervised
  td:is(:nth-child(4), :nth-child(7)), .st-key-html_table_hz_companies td:first-child) { white-space: normal;
  min-width: 8rem; }
"""
_BRIEFING_CSS = """
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.stMainBlockContainer, [data-testid="stMainBlockContainer"] { padding-top: 1.5rem; max-width: 100%; }
html, body, [data-testid="stAppViewContainer"] { font-size: 20px; }
[data-testid="stMarkdownContainer"] p { font-size: 1.25rem; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] p { font-size: 3rem !important; line-height: 1.2; }
[data-testid="stMetricLabel"] p { font-size: 1.3rem !important; }
h1 { font-size: 2.6rem !important; }
.st-key-indicator_table table { font-size: 1.05rem; }
"""


def _page_css(briefing: bool) -> None:
    """The dashboard's styles: a card's label wraps instead of losing the end of a long indicator
    name and its unit; the indicator table's short columns do not wrap; 简报模式 hides the sidebar
    and chrome and enlarges the text.

    An element of the sidebar (the style beside an empty span), so it is drawn in order, before the
    cards: a style-only ``st.html`` goes to Streamlit's event container, which arrived after them (cut
    labels showed for a moment). A style applies even where 简报模式 hides the sidebar."""
    st.sidebar.html(f"<style>{_PAGE_CSS}{_BRIEFING_CSS if briefing else ''}</style><span></span>")


def briefing_exit(view: View) -> None:
    """In 简报模式 the sidebar is hidden: a small button at the page's end leaves it."""
    if view.briefing:
        st.button(UI["briefing_exit"], on_click=_exit_briefing, type="tertiary")


# --- renderers ------------------------------------------------------------------------


def page_header(title: str, view: View) -> None:
    st.title(title)
    st.caption(UI["headline"].format(region=view.region_name, period=view.period.label()))
    replica_note()
    if view.link_note:
        st.warning(plain(view.link_note), icon=":material/link:")


def show_warnings(frame: pd.DataFrame, view: View) -> None:
    notes = dashboard.warnings_of(frame, view.period)
    if notes:
        st.warning("\n".join(f"- {n}" for n in notes), icon="⚠️")


def metric_card(container, row: dict, period: Period) -> None:
    label = f"{row['name']}（{row['unit']}）"
    if row["period"] != str(period):
        label += f" · {row['period_label']}"
    container.metric(
        label,
        row["display"],
        row["change_text"] if isinstance(row.get("direction"), str) else None,
        delta_color=TONE_COLORS[metrics.tone(row.get("direction"), int(row["polarity"]))],
        delta_arrow=row.get("direction") if row.get("direction") in ("up", "down") else "off",
        help=f"{row['period_label']}；{catalog.QUALIFIER_LABELS.get(row['qualifier'] or '', '')}",
        border=True,
    )


def headline(view: View, frame: pd.DataFrame, sentence: str | None) -> pd.DataFrame:
    """The overview's cards, 双下降 status and the generated sentence."""
    rows = {r["indicator"]: r for r in frame.to_dict("records")}
    shown = [c for c in catalog.HEADLINE_INDICATORS if c in rows]
    if not shown:
        st.info(UI["no_data"])
        return frame
    cols = st.columns(4)
    for i, code in enumerate(shown[:2]):
        metric_card(cols[i], rows[code], view.period)
    status = dashboard_double_decline(frame)
    cols[2].metric(UI["double_decline"], status, border=True)
    rest = shown[2:]
    if rest:
        more = st.columns(4)
        for col, code in zip(more, rest, strict=False):
            metric_card(col, rows[code], view.period)
    rates = [
        r for r in _rate_rows(data_version(), str(view.period), view.region, view.comparison) if r["value"] is not None
    ]
    if rates:  # the rates that can be computed, with their change and parts
        for col, row in zip(st.columns(4), rates, strict=False):
            rate_card(col, row)
    if sentence:
        st.markdown(f"**{sentence}**")
    return frame


def rate_card(container, row: dict) -> None:
    """A rate (``api.rate_rows``): its value and change (a fall is good news), its parts in the help."""
    parts = api.rate_parts_text(row)
    container.metric(
        f"{row['name']}（{row['unit']}）· {row['period_label']}",
        row["display"],
        row["change_text"] if isinstance(row.get("direction"), str) else None,
        delta_color=TONE_COLORS[metrics.tone(row.get("direction"), -1)],
        delta_arrow=row.get("direction") if row.get("direction") in ("up", "down") else "off",
        help="；".join([parts, *row["notes"]]),
        border=True,
    )


def dashboard_double_decline(frame: pd.DataFrame) -> str:
    if frame.empty:
        return UI["double_decline_unknown"]
    state = metrics.double_decline(frame)
    return {True: UI["double_decline_yes"], False: UI["double_decline_no"], None: UI["double_decline_unknown"]}[state]


def indicator_table(view: View, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        st.info(UI["no_data"])
        return frame
    show_warnings(frame, view)
    cards = frame.head(4)
    cols = st.columns(4)
    for col, row in zip(cols, cards.to_dict("records"), strict=False):
        metric_card(col, row, view.period)
    st.subheader(UI["indicator_table"])
    # A static HTML table: every indicator in sight (a section has up to 27) with long names wrapped,
    # not cut, as it prints and screenshots. st.dataframe's grid made every section page ~0.2 s slower
    # to draw, and st.table ~0.1 s (the browser loads and compiles 0.8 MB of Arrow and date code for
    # it; benchmarks/README.md). Each chart's own table (图表数据) stays a sortable grid with downloads.
    # Its look, and short columns (value, unit, period, qualifier, change, status) kept to one line,
    # are in _PAGE_CSS.
    with st.container(key="indicator_table"):
        st.html(tables.to_html(dashboard.display_table(frame)))
    return frame


# Charts are drawn by static/chart.js with the vendored plotly.js basic bundle (1.2 MB, served from
# static/ by server.enableStaticServing), not st.plotly_chart, whose full 4.6 MB bundle alone made
# a chart page take twice as long as a bare page (static/vendor/README.md, benchmarks/README.md).
_STATIC = Path(__file__).resolve().parent / "static"
PLOTLY_BUNDLE = "plotly-basic.min.js"


def bundle_version(head: str) -> str:
    """The plotly.js version in a bundle's licence header, e.g. ``* plotly.js (basic - minified) v4.1.1``
    (it also busts the browser's cache of the bundle when the file changes)."""
    return re.search(r"plotly\.js .*? v(\S+)", head).group(1)


PLOTLY_VERSION = bundle_version((_STATIC / "vendor" / PLOTLY_BUNDLE).read_text(encoding="utf-8")[:300])
_plotly_chart = st.components.v2.component(
    "lawreport_chart", js=(_STATIC / "chart.js").read_text(encoding="utf-8"), isolate_styles=False
)


def plotly_chart(figure, *, key: str, config: dict) -> None:
    """Draw a Plotly figure at the column's width, the modebar in Chinese, with ``config``."""
    _plotly_chart(
        data={
            "figure": figure.to_json(),
            "config": config,
            "src": f"app/static/vendor/{PLOTLY_BUNDLE}?v={PLOTLY_VERSION}",
            "locale": catalog.CHART_TOOLBAR,
            "failed": UI["chart_failed"],
        },
        key=key,
    )


def render_chart(spec: charts.ChartSpec) -> None:
    """A chart, its PNG download at 3×, and the table behind it with CSV and XLSX downloads."""
    fname = charts.download_name(spec.title)
    plotly_chart(
        spec.figure,
        key=f"chart_{spec.name}",
        config={
            "displaylogo": False,
            "toImageButtonOptions": {
                "format": "png",
                "filename": fname,
                "scale": 3,
                "width": charts.WIDTH,
                "height": charts.HEIGHT,
            },
        },
    )
    chart_data(spec)


def static_chart(
    spec: charts.ChartSpec, *, width: int = svg_figure.WIDTH, height: int | None = None, table: bool = True
) -> None:
    """A chart drawn on the server as an SVG (``svg_figure``: no Plotly code to load in the browser,
    the overview's first view), ``width`` pixels wide at most and ``height`` high if given; the
    table behind it, with its downloads and the SVG's (vector: any resolution), when ``table``."""
    try:
        svg = svg_figure.figure_svg(spec.figure, width=width, height=height)
    except ValueError:  # a figure with more than svg_figure draws: Plotly draws it
        render_chart(spec)
        return
    with st.container(key=f"chart_{spec.name}"):
        # markdown, not st.html: st.html's sanitiser keeps HTML only and drops an SVG whole
        st.markdown(f"<div>{svg}</div>", unsafe_allow_html=True)
    if table:
        chart_data(spec, picture=(width, height))


def chart_data(spec: charts.ChartSpec, *, picture: tuple[int, int | None] | None = None) -> None:
    """The expander 图表数据 under a chart: the table behind it, its CSV and XLSX downloads (and,
    for a chart drawn as an SVG of ``picture`` = (width, height), the picture: as an SVG of that
    size, and as a PNG at print resolution made by kaleido when clicked, where Chromium is)."""
    fname = charts.download_name(spec.title)
    # The table is made and sent only when a reader opens it (a rerun): four hidden tables and
    # eight download buttons per page made every chart page slower to draw (benchmarks/README.md).
    box = st.expander(UI["table"], key=f"table_{spec.name}", on_change="rerun")
    if not box.open:
        return
    with box:
        if picture is not None:  # drawn on the server: its picture as a vector and at print resolution
            left, right = st.columns(2)
            svg = svg_figure.figure_svg(spec.figure, width=picture[0], height=picture[1], scalable=False)
            left.download_button(
                UI["download_svg"], svg.encode("utf-8"), file_name=f"{fname}.svg", mime="image/svg+xml",
                on_click="ignore", key=f"svg_{spec.name}",
            )  # fmt: skip
            height = int(spec.figure.layout.height or charts.HEIGHT)
            if png.browser_path() is None:
                right.caption(UI["download_png_unavailable"])
            else:
                right.download_button(
                    UI["download_png"], lambda: png.render(spec.figure, height=height), file_name=f"{fname}.png",
                    mime="image/png", on_click="ignore", key=f"png_{spec.name}", help=UI["download_png_help"],
                )  # fmt: skip
        table = spec.table
        st.dataframe(table, hide_index=True, width="stretch")
        left, right = st.columns(2)
        left.download_button(
            UI["download_csv"], lambda: tables.to_csv_bytes(table), file_name=f"{fname}.csv",
            mime="text/csv", on_click="ignore", key=f"csv_{spec.name}",
        )  # fmt: skip
        right.download_button(
            UI["download_xlsx"], lambda: tables.to_xlsx_bytes(table), file_name=f"{fname}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore", key=f"xlsx_{spec.name}",
        )  # fmt: skip


LEDGER_CHANGE_ROWS = 200  # a ledger's records of one kind of change shown at a time


def ledger_change_tabs(kinds: list[str], counts: dict[str, int], rows_of, key: str) -> None:
    """One tab per kind of change (新增, 修改, …) with its count, each listing its records a page of
    ``LEDGER_CHANGE_ROWS`` at a time: ``rows_of(kind, first, limit)`` gives a page's rows (the
    import preview's and 导入记录's lists of a ledger batch)."""
    labels = catalog.ACCIDENT_IMPORT_PAGE
    tabs = st.tabs([labels["tab"].format(label=catalog.ACCIDENT_CHANGE_LABELS[k], count=counts[k]) for k in kinds])
    size = LEDGER_CHANGE_ROWS
    for tab, kind in zip(tabs, kinds, strict=True):
        with tab:
            count = counts[kind]
            if not count:
                st.caption(labels["none"])
                continue
            pages = (count + size - 1) // size
            page = int(st.number_input(labels["page"], 1, pages, 1, key=f"{key}_{kind}")) if pages > 1 else 1
            first = (page - 1) * size
            text_table(rows_of(kind, first, size))
            if pages > 1:
                st.caption(labels["capped"].format(count=count, first=first + 1, last=min(first + size, count)))


def text_table(frame: pd.DataFrame) -> None:
    """A table that can hold text from files or typed by users (the audit log, import records and
    their change logs, an import preview's problems and changes): shown with every text cell that a
    spreadsheet would read as a formula prefixed with ``'`` (:func:`tables.neutralised`), so the grid's
    own toolbar download and copy carry no formula either. Streamlit has no per-table switch for that
    download (only ``client.disableDataExport``, for every table), so what the grid holds is made safe."""
    st.dataframe(tables.neutralised(frame), hide_index=True)


def html_table(frame: pd.DataFrame, key: str) -> None:
    """A table drawn by the browser as it is (``tables.to_html``: every cell escaped, no grid, no
    scripts, no download of its own): a page of records, a record's fields. st.dataframe's grid
    made the 事故台账 page load the grid's and Arrow's code (benchmarks/README.md); what a user takes
    away comes from the page's CSV/XLSX buttons, formulas neutralised."""
    with st.container(key=f"html_table_{key}"):
        st.html(tables.to_html(frame))


def long_table(frame: pd.DataFrame, key: str, *, first: int, note: str, switch: str) -> None:
    """A table of many rows (``html_table``): its ``first`` rows, a line saying so (``note``,
    formatted with ``total`` and ``shown``) and a switch that lists them all (``switch``, with
    ``total``; a rerun, keyed ``{key}_all``); a table of ``first`` rows or fewer whole. A city's 789
    transferred cases drawn whole made the 执法台账 page 0.4 s slower (benchmarks/README.md)."""
    total = len(frame)
    if total <= first:
        html_table(frame, key)
        return
    shown = st.empty()  # the line above the switch, the switch's state read first
    whole = st.toggle(switch.format(total=total), key=f"{key}_all")
    if not whole:
        shown.caption(note.format(total=total, shown=first))
    html_table(frame if whole else frame.head(first), key)


def charts_on_demand(label: str, specs: list[charts.ChartSpec], *, key: str) -> None:
    """Charts drawn only when a reader turns on their switch (a rerun; on for the rest of the
    session): the page's script reads ``st.session_state[key]`` before its data call, so that the
    charts are made only then. A switch, not an expander: each chart's table is an expander, and
    Streamlit does not draw an expander inside another."""
    if st.toggle(label, key=key):
        render_charts(specs)


def render_charts(specs: list[charts.ChartSpec], *, static: bool = False) -> None:
    """Charts two to a row, in their order: drawn by Plotly in the browser, or on the server as SVGs
    (``static``). A chart taller than the house height (many bars: ``charts.room_for_bars``) has a
    row of its own, as wide as the page: half as wide, a scaled SVG's bars and names would shrink
    by half."""
    draw = static_chart if static else render_chart
    pair: list[charts.ChartSpec] = []

    def row() -> None:
        if pair:
            for col, spec in zip(st.columns(2), pair, strict=False):
                with col:
                    draw(spec)
            pair.clear()

    for spec in specs:
        if int(spec.figure.layout.height or charts.HEIGHT) > charts.HEIGHT:
            row()
            draw(spec)
            continue
        pair.append(spec)
        if len(pair) == 2:
            row()
    row()


def topic_page(topic: str) -> None:
    """One page per report section: its indicators (cards and table) and the charts that fit."""
    view = controls()
    info = catalog.TOPICS[topic]
    page_header(f"{catalog.SECTION_NUMERALS[info.number]}、{info.name}", view)
    key = (data_version(), str(view.period), view.region, topic, view.comparison)
    data = _topic_data(*key)
    frame = indicator_table(view, data.summary)
    have = list(data.points)  # the charted indicators that have a chart; only the chosen one's are drawn
    if have or data.groups:
        st.subheader(UI["charts"])
    if data.groups:  # figures that belong together (catalog.CHART_GROUPS), for the period
        render_charts(data.groups)
    if have:
        chosen = have[0]
        if len(have) > 1:
            chosen = st.segmented_control(
                UI["chart_indicator"], have, default=have[0], format_func=lambda c: catalog.INDICATORS[c].name,
                key=f"ind_{topic}",
            ) or have[0]  # fmt: skip
            chosen = chosen if chosen in have else have[0]
        render_charts(_topic_figures(*key, chosen))
    if data.year_has_groups:
        st.caption(UI["year_has_groups"].format(year=view.period.year))
    elif not frame.empty and not data.groups and not have:
        periods = sorted(set(frame["period_label"]))
        if len(periods) == 1:
            st.caption(UI["only_one_period"].format(period=periods[0]))
        else:
            st.caption(UI["no_charts"])
    briefing_exit(view)


def overview_page() -> View:
    view = controls()
    page_header(catalog.APP_TITLE, view)
    # one headline indicator's 逐月走势 and 各地区排名 at a time: only its charts are made
    chosen = st.session_state.get("overview_indicator") or catalog.OVERVIEW_CHARTS[0]
    data = _overview(data_version(), str(view.period), view.region, view.comparison, chosen)
    frame = data.cards
    if view.briefing:  # 简报模式: one screen (1920×1080) of cards, the sentence and three charts
        board = _progress_board(
            data_version(), str(view.period), view.region, st.session_state.get("progress_indicator")
        )
        briefing_overview(view, data, board)
        briefing_exit(view)
        return view
    headline(view, frame, data.sentence)
    show_warnings(frame, view)
    if not frame.empty:
        st.segmented_control(catalog.OVERVIEW_CHART_TEXTS["indicator"], list(catalog.OVERVIEW_CHARTS),
                             default=catalog.OVERVIEW_CHARTS[0], key="overview_indicator",
                             format_func=lambda c: catalog.INDICATORS[c].name)  # fmt: skip
        render_charts(data.charts, static=True)
    chosen = st.session_state.get("progress_indicator")  # None: the board's worst indicator
    progress_board(_progress_board(data_version(), str(view.period), view.region, chosen))
    briefing_exit(view)
    return view


BRIEFING_CHART_HEIGHT = 400  # three charts side by side under the cards fit 1080 pixels


def briefing_overview(view: View, data: api.OverviewView, board: api.ProgressBoard) -> None:
    """总览 in 简报模式: the headline cards of ``catalog.BRIEFING_CARDS`` in one row (wide enough for
    their 同比 at the enlarged size), the sentence, then side by side the chosen
    indicator's 逐月走势 and 各地区排名 and the 控制指标 board (where targets are set), lower than
    elsewhere and without their tables; the regions over their pace in one line."""
    rows = {r["indicator"]: r for r in data.cards.to_dict("records")}
    shown = [c for c in catalog.BRIEFING_CARDS if c in rows]
    if not shown:
        st.info(UI["no_data"])
        return
    cols = iter(st.columns(len(shown) + 1))
    for i, code in enumerate(shown):
        if i == 2:
            next(cols).metric(UI["double_decline"], dashboard_double_decline(data.cards), border=True)
        metric_card(next(cols), rows[code], view.period)
    if data.sentence:
        st.markdown(f"**{data.sentence}**")
    specs = [*data.charts, *([board.chart] if board.chart is not None else [])]
    for col, spec in zip(st.columns(max(len(specs), 1)), specs, strict=False):
        with col:
            static_chart(spec, height=BRIEFING_CHART_HEIGHT, table=False)
    if board.sentences:
        st.markdown("；".join(plain(s) for s in board.sentences) + "。")


BOARD_WIDTH = 900  # the 控制指标 board spans the page: its SVG's width at most (text at its own size)


def progress_board(board: api.ProgressBoard) -> None:
    """控制指标进度: the chosen indicator's board (the worst one first), the regions over their
    pace or target in sentences, and the notes; or that no target is set for the year."""
    texts = catalog.PROGRESS_BOARD
    st.subheader(texts["title"])
    if not board.has_targets:
        st.info(texts["none"].format(year=board.period.year))
        return
    st.caption(board.caption)
    st.segmented_control(texts["indicator"], board.indicators, default=board.first,
                         format_func=lambda c: catalog.target_info(c).name, key="progress_indicator")  # fmt: skip
    if board.own:
        st.markdown(f"**{plain(board.own)}**")
    static_chart(board.chart, width=BOARD_WIDTH)
    if board.sentences:
        st.warning("\n".join(f"- {s}" for s in board.sentences), icon=":material/flag:")
    else:
        st.success(texts["all_within"])
    for note in board.notes:
        st.caption(note)


# --- 事故台账: the accident ledger's page (lawreport_data.api.accidents) -------------------

LEDGER = catalog.ACCIDENT_LEDGER_PAGE
LEDGER_PAGE_SIZE = 20
CHECK_ANCHOR = "data-check"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _frozen(filters: dict) -> tuple:
    """The record list's filters as a hashable key (lists as tuples, empty ones left out)."""
    return tuple(
        sorted((k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in filters.items() if v not in (None, "", [], ()))
    )  # fmt: skip


@st.cache_data(max_entries=64, show_spinner=False)
def _accident_view(
    version: str,
    period: str,
    region: str,
    filters: tuple,
    page: int,
    page_size: int,
    comparison: str,
    charted: tuple[str, ...],
) -> api.AccidentView:
    return api.accident_view(
        read_engine(), Period.parse(period), region, filters=dict(filters), page=page, page_size=page_size,
        comparison=comparison, charted=charted,
    )  # fmt: skip


def accident_view(
    view: View, filters: dict, page: int, *, on_demand: bool, page_size: int = LEDGER_PAGE_SIZE
) -> api.AccidentView:
    """The 事故台账 page's data (one api call, cached per data version, view, filters and page), with
    the charts of ``catalog.ACCIDENT_BREAKDOWNS_ON_DEMAND`` only when ``on_demand`` (the reader
    asked for them): charts not shown are not made."""
    key = _frozen(filters)
    later = catalog.ACCIDENT_BREAKDOWNS_ON_DEMAND
    charted = tuple(by for by in catalog.ACCIDENT_BREAKDOWNS if on_demand or by not in later)
    return _accident_view(
        data_version(), str(view.period), view.region, key, int(page), page_size, view.comparison, charted
    )


def child_regions(code: str) -> dict[str, str]:
    """The regions of the store directly under ``code`` (code → name), for the record list's filter."""
    regions = _choices(data_version())[0]
    mine = regions[regions["parent"] == code]
    return dict(zip(mine["code"], mine["name"], strict=True))


def record_filters(texts: dict, region: str, lists: dict[str, dict[str, str]], *, key: str, on_change) -> dict:
    """A ledger page's record-list filters in one row (事故台账, 隐患台账: ``texts``): 地区 (the
    regions under ``region``; all by default), then one multiselect per code list of ``lists``
    (filter name → code → label; none chosen: all). Widgets keyed ``{key}_region``,
    ``{key}_{name}``; ``on_change`` when any changes (back to the first page). Returns the filters."""
    children = child_regions(region)
    cols = st.columns(1 + len(lists))
    filters = {
        "regions": cols[0].selectbox(
            texts["filter_region"], ["", *children], format_func=lambda c: children.get(c, texts["filter_all"]),
            key=f"{key}_region", on_change=on_change,
        )
    }  # fmt: skip
    for col, (name, labels) in zip(cols[1:], lists.items(), strict=True):
        filters[name] = col.multiselect(
            texts[f"filter_{name}"], list(labels), format_func=labels.get, key=f"{key}_{name}",
            placeholder=texts["filter_all"], on_change=on_change,
        )  # fmt: skip
    return filters


def check_section(texts: dict, data, *, key: str) -> None:
    """A ledger page's 数据核对 (``texts``: its page's; ``data``: its view, with ``checks`` and
    ``check_table``): the heading others link to, what it compares, and the differences or a line
    saying there are none."""
    st.subheader(texts["check"], anchor=CHECK_ANCHOR)
    st.caption(texts["check_intro"])
    if data.checks:
        html_table(data.check_table, key)
    else:
        st.caption(texts["check_none"])


def record_pager(data, texts: dict, *, key: str) -> None:
    """The record list's page number (``st.session_state[key]``, kept within the pages there are)
    and the line under it: how many records, which page of how many. ``data``: a ledger page's
    data (``total``, ``page``, ``pages``, ``page_size``)."""
    st.session_state[key] = data.page
    left, right = st.columns([1, 3])
    left.number_input(texts["page"], min_value=1, max_value=data.pages, step=1, key=key)
    right.caption(texts["page_of"].format(total=data.total, page=data.page, pages=data.pages, size=data.page_size))


def record_downloads(texts: dict, name: str, export: Callable[[str], Callable[[], bytes]], *, key: str) -> None:
    """The filtered records' CSV and XLSX buttons (``name`` the file's name without its ending;
    ``export(kind)``: the bytes' maker, called when a button is clicked). Keyed ``{key}_csv``,
    ``{key}_xlsx``."""
    left, right = st.columns(2)
    left.download_button(
        texts["download_csv"], export("csv"), file_name=f"{name}.csv", mime="text/csv", on_click="ignore",
        key=f"{key}_csv",
    )  # fmt: skip
    right.download_button(
        texts["download_xlsx"], export("xlsx"), file_name=f"{name}.xlsx", mime=XLSX_MIME, on_click="ignore",
        key=f"{key}_xlsx",
    )  # fmt: skip


def accident_export(view: View, filters: dict, kind: str) -> Callable[[], bytes]:
    """The filtered records as CSV (utf-8-sig) or XLSX bytes, made when the button is clicked;
    formulas neutralised (``tables``)."""
    engine, key = read_engine(), _frozen(filters)

    def data() -> bytes:
        frame = api.accident_export(engine, view.period, view.region, filters=dict(key))
        if kind == "csv":
            return tables.to_csv_bytes(frame)
        return tables.to_xlsx_bytes(frame, sheet_name=catalog.ACCIDENT_TEMPLATE_SHEETS["data"])

    return data


# --- 隐患台账 (lawreport_data.api.hazard_page) ------------------------------------------------

HAZARD = catalog.HAZARD_LEDGER_PAGE


def as_of_control(view: View) -> dt.date:
    """The sidebar's 截至日期 (in the address as ``asof``): the day hazards' states are read on,
    by default the period's last day (today while it is not over); a new period resets it to
    that period's default, a deep link's day is kept."""
    default = api.default_as_of(view.period)
    state = st.session_state
    if "_asof_period" not in state:  # the first run: a deep link's day, read as the sidebar reads its codes
        try:
            state["asof"] = dt.date.fromisoformat(str(st.query_params.get("asof", "")).strip())
        except ValueError:
            state["asof"] = default
    elif state["_asof_period"] != str(view.period) or state.get("asof") is None:
        state["asof"] = default
    state["_asof_period"] = str(view.period)
    chosen = st.sidebar.date_input(
        HAZARD["as_of"], min_value=dt.date(1990, 1, 1), max_value=dt.date(2999, 12, 31), key="asof",
        bind="query-params", help=HAZARD["as_of_help"], format="YYYY-MM-DD",
    )  # fmt: skip
    return chosen if isinstance(chosen, dt.date) else default


@st.cache_data(max_entries=64, show_spinner=False)
def _hazard_view(
    version: str, period: str, region: str, as_of: str, filters: tuple, page: int, page_size: int, comparison: str
) -> api.HazardView:
    return api.hazard_view(
        read_engine(), Period.parse(period), region, as_of=dt.date.fromisoformat(as_of), filters=dict(filters),
        page=page, page_size=page_size, comparison=comparison,
    )  # fmt: skip


def hazard_view(view: View, as_of: dt.date, filters: dict, page: int, page_size: int = LEDGER_PAGE_SIZE):
    """The 隐患台账 page's data (one api call, cached per data version, view, day, filters, page)."""
    return _hazard_view(
        data_version(), str(view.period), view.region, as_of.isoformat(), _frozen(filters), int(page), page_size,
        view.comparison,
    )  # fmt: skip


@st.cache_data(max_entries=64, show_spinner=False)
def _enforcement_view(
    version: str, period: str, region: str, comparison: str, kind: str, filters: tuple, page: int
) -> api.EnforcementView:
    return api.enforcement_view(
        read_engine(), Period.parse(period), region, comparison=comparison, kind=kind, filters=dict(filters),
        page=page, page_size=LEDGER_PAGE_SIZE,
    )  # fmt: skip


def enforcement_view(view: View, kind: str, filters: dict, page: int) -> api.EnforcementView:
    """The 执法台账 page's data (one api call, cached per data version, view, list, filters, page)."""
    return _enforcement_view(
        data_version(), str(view.period), view.region, view.comparison, kind, _frozen(filters), int(page)
    )


def enforcement_export(view: View, kind: str, filters: dict, fmt: str) -> Callable[[], bytes]:
    """The filtered records of the 执法台账 page's list as CSV or XLSX bytes, made when clicked."""
    engine, key = read_engine(), _frozen(filters)

    def data() -> bytes:
        return api.enforcement_export(engine, view.period, view.region, kind=kind, filters=dict(key), fmt=fmt)

    return data


def hazard_export(view: View, as_of: dt.date, filters: dict, kind: str) -> Callable[[], bytes]:
    """The filtered hazard records as CSV or XLSX bytes, made when the button is clicked."""
    engine, key = read_engine(), _frozen(filters)

    def data() -> bytes:
        return api.hazard_export(engine, view.period, view.region, as_of=as_of, filters=dict(key), fmt=kind)

    return data


def ledger_card(container, row: dict, comparison: str = "yoy", texts: dict = LEDGER) -> None:
    """A card of a ledger's page (事故台账, 隐患台账: ``texts``): the figure shown (official where one
    exists) with its change, and under it the ledger's count, with a link to 数据核对 where the
    two differ, and 示例数据 where the card shows synthetic data."""
    container.metric(
        f"{row['name']}（{row['unit']}）",
        row["display"],
        row["change_text"] if isinstance(row.get("direction"), str) else None,
        delta_color=TONE_COLORS[metrics.tone(row.get("direction"), int(row["polarity"]))],
        delta_arrow=row.get("direction") if row.get("direction") in ("up", "down") else "off",
        help=texts["card_help_official" if row["source"] == "official" else "card_help_ledger"].format(
            comparison=catalog.COMPARISON_LABELS[comparison]
        ),
        border=True,
    )
    if row["source"] == "official":
        note = texts["ledger_beside"].format(ledger=row["ledger_display"])
        if row["differs"]:
            note += " · " + LEDGER["differs"].format(anchor=CHECK_ANCHOR)
    else:
        note = texts["ledger_card"]
    if row.get("synthetic"):  # the demo's records or figures: stamped on the card itself
        note = f":orange-badge[{LEDGER['synthetic_card']}] {note}"
    container.caption(note)


# --- accounts: login, session expiry, role checks (lawreport_data.auth) ---------------

ACCOUNT = catalog.ACCOUNT_PAGE


def current_actor() -> api.Actor | None:
    """The signed-in account of this browser session, or None. A session idle longer than
    ``LAWREPORT_SESSION_MINUTES`` ends, and so does one whose account was disabled or whose
    password was changed since it signed in."""
    state = st.session_state.get("auth")
    if not state:
        return None
    now = api.utcnow()
    if api.auth.session_expired(state["last_seen"], now, api.auth.session_minutes()):
        st.session_state.pop("auth", None)
        st.session_state["auth_notice"] = catalog.AUTH_MESSAGES["expired"][0]
        return None
    try:
        actor = api.session_actor(get_engine(), state["username"], state["signed_in_at"])
    except api.StoreError as exc:  # the database went away under a running server
        store_error(exc)
        st.stop()
    if actor is None:
        st.session_state.pop("auth", None)
        return None
    state["last_seen"] = now
    return actor


def sign_in(username: str, password: str) -> str | None:
    """Try a login; None when signed in, else the Chinese reason."""
    try:
        actor = api.login(get_engine(), username, password)
    except api.AuthError as exc:
        return exc.zh
    now = api.utcnow()
    st.session_state["auth"] = {"username": actor.username, "signed_in_at": now, "last_seen": now}
    st.session_state.pop("auth_notice", None)
    return None


def sign_out() -> None:
    st.session_state.pop("auth", None)


def role_text(actor: api.Actor) -> str:
    """The account's role, and the region it is bound to (a county, or a town added to the store)."""
    region = ""
    if actor.region_code:
        regions = _choices(store_version(), of_store=True)[0]
        names = regions.loc[regions["code"] == actor.region_code, "name"]
        region = ACCOUNT["scope"].format(region=names.iloc[0] if len(names) else actor.region_code)
    return catalog.ROLE_LABELS.get(actor.role, actor.role) + region


def sidebar_menu(pages: dict[str, list]) -> None:
    """The app's own menu at the top of the sidebar: app.py's sections (统计看板, 数据管理, 账号) with
    their pages' titles, as Streamlit page links (the page shown is highlighted by Streamlit).

    Streamlit's own menu is never drawn (``client.showSidebarNavigation = false`` in
    .streamlit/config.toml; app.py's ``st.navigation`` is ``position="hidden"``): before any session
    has run app.py, Streamlit's old ``pages/`` mode would draw a menu of the page files' names
    (accidents, audit, history …) for a first visitor (multipage.py). A single page (the login,
    where reading needs one) gets no menu."""
    if sum(len(entries) for entries in pages.values()) < 2:
        return
    menu = st.sidebar.container(key="app_menu", gap="small")
    for section, entries in pages.items():
        block = menu.container(gap="xxsmall")
        block.caption(section)
        for page in entries:
            block.page_link(page, width="stretch")


def account_box(actor: api.Actor | None) -> None:
    """The sidebar's last lines: who is signed in, and 退出登录."""
    if actor is None:
        return
    st.sidebar.caption(ACCOUNT["signed_in"].format(name=plain(actor.label), role=role_text(actor)))
    st.sidebar.button(ACCOUNT["logout"], on_click=sign_out, key="logout")


# --- the page guard: every page file's first call -------------------------------------

# What app.py decided for the script run in this thread (each session runs its script in its own
# thread): that the page was reached through its st.navigation, and the account it read.
_app_run = threading.local()
_REROUTED = "_rerouted_to_app"


def run_page(page, actor: api.Actor | None) -> None:
    """app.py's last call: run the page its ``st.navigation`` chose, marked as reached through app.py,
    so ``page_guard`` trusts the navigation (and the account app.py has just read).

    The one place a page's database fault is caught: whatever the page was doing (a read, an
    import's confirm, an undo), it ends with the fault's Chinese sentence instead of a traceback
    (``api`` raises every driver error as ``api.StoreError``; its transaction was rolled back)."""
    _app_run.via_app, _app_run.actor = True, actor
    try:
        page.run()
    except api.StoreError as exc:
        store_error(exc)
    finally:
        _app_run.via_app, _app_run.actor = False, None


def page_guard(*, change_data: bool = False, admin: bool = False, admin_only: str = "admin_only") -> api.Actor | None:
    """The first call of every page file: the account, or the page stops here. Whatever runs the page
    (app.py's navigation, Streamlit's old ``pages/`` mode before any session has run app.py, or
    ``streamlit run pages/x.py``), nothing of it shows unless the account may see it:

    - nobody signed in, where reading needs a login (``LAWREPORT_REQUIRE_LOGIN``) or the page needs
      an account (``change_data``, ``admin``): the login form only;
    - ``change_data`` (数据导入, 导入记录): an account that may change data;
    - ``admin`` (审计日志, 控制指标): an admin (``admin_only``: the message's key in
      ``catalog.AUTH_MESSAGES``).

    A run that did not come through app.py is first sent back through it, once per session: the old
    mode is switched off for the process (``multipage``) and the script rerun, which starts at
    app.py, so its menu and gate take over from a page address (three first visitors within a second
    of a cold ``streamlit run app.py`` each get the app's own menu)."""
    if getattr(_app_run, "via_app", False):
        actor = _app_run.actor
    else:
        multipage.use_app_navigation()
        if not st.session_state.get(_REROUTED):
            st.session_state[_REROUTED] = True
            st.rerun()
        require_store()
        actor = current_actor()
    if actor is None and (change_data or admin or api.auth.login_required_for_reading()):
        if not api.auth.login_required_for_reading():
            st.warning(catalog.AUTH_MESSAGES["login_required"][0])
        login_form()
        st.stop()
    if admin and not actor.is_admin:
        st.error(catalog.AUTH_MESSAGES[admin_only][0])
        st.stop()
    if change_data and not actor.can_change_data:
        st.error(catalog.IMPORT_REFUSALS["not_allowed"][0].format(role=catalog.ROLE_LABELS[actor.role]))
        st.stop()
    return actor


# --- 控制指标: the targets page (admins) ------------------------------------------------


def target_years() -> tuple[list[int], int]:
    """The years a target may be set for (this year, the next and the store's, newest first) and
    the one shown first: the year the dashboard opens on (its latest figures), else this year."""
    now = dt.date.today().year
    _, present, default = _choices(store_version(), of_store=True)
    years = sorted({now, now + 1, *present}, reverse=True)
    return years, Period.parse(default).year if default else now


def target_regions() -> dict[str, str]:
    """The store's whole area (the city; a province's store: the province) and the regions
    directly under it (code → name)."""
    regions = _choices(store_version(), of_store=True)[0]
    root = (api.region_choices(regions) or [catalog.CITY_CODE])[0]
    names = api.region_labels(regions) if len(regions) else {}
    mine = regions[regions["parent"] == root]
    return {root: names.get(root, catalog.region_name(root)), **{c: names.get(c, c) for c in mine["code"]}}


def target_notice() -> None:
    """What the last save or import on the 控制指标 page did (said once, after its rerun)."""
    if notice := st.session_state.pop("tg_notice", None):
        st.success(notice)


def target_table(year: int) -> pd.DataFrame:
    """The year's stored targets with Chinese headers (read afresh: a page of an admin's work)."""
    texts = catalog.TARGETS_PAGE
    rows = api.target_rows(get_engine(), year)
    if not rows:
        return pd.DataFrame()
    frame = pd.DataFrame(rows)
    frame["region_name"] = frame["region"].map(catalog.region_name)
    frame["indicator_name"] = frame["indicator"].map(lambda c: catalog.target_info(c).name)
    frame["target"] = frame["target"].map(lambda v: f"{v:g}")
    frame["updated_at"] = frame["updated_at"].map(lambda t: f"{t:%Y-%m-%d %H:%M}")
    return frame[list(texts["columns"])].rename(columns=texts["columns"])


def save_target(actor: api.Actor, region: str, year: int, indicator: str, value) -> None:
    """Write one target and say what it did (a new one, a revision with the old value, nothing)."""
    texts = catalog.TARGETS_PAGE
    if value is None:
        st.error(catalog.IMPORT_PROBLEMS["missing_value"][0])
        return
    done = api.set_target(get_engine(), region, year, indicator, value, user=actor.username)
    what = texts["what"][done["status"]].format(old=f"{done['old']:g}" if done["old"] is not None else "")
    st.session_state["tg_notice"] = texts["saved"].format(region=catalog.region_name(region), year=year,
        indicator=catalog.target_info(indicator).name, value=f"{value:g}", what=what)  # fmt: skip
    st.rerun()  # the table above shows what was written


def import_targets_file(actor: api.Actor, uploaded) -> None:
    """Check an uploaded targets file; with no problem, offer to import it (nothing is written before)."""
    texts = catalog.TARGETS_PAGE
    data = uploaded.getvalue()
    try:
        checked = api.import_targets(get_engine(), io.BytesIO(data), uploaded.name, user=actor.username, dry_run=True)
    except api.ImportError_ as refusal:
        if refusal.problems is None:
            st.error(refusal.zh)
            return
        st.error(texts["refused"].format(file=plain(uploaded.name), count=len(refusal.problems)))
        text_table(importer.problems_table(refusal.problems))
        return
    st.info(texts["checked"].format(file=plain(uploaded.name), rows=checked["rows"]))
    if st.button(texts["confirm"], type="primary", key="tg_confirm"):
        done = api.import_targets(get_engine(), io.BytesIO(data), uploaded.name, user=actor.username)
        st.session_state["tg_notice"] = texts["imported"].format(file=plain(uploaded.name), **done)
        st.session_state["tg_upload_round"] = st.session_state.get("tg_upload_round", 0) + 1  # a fresh uploader
        st.rerun()


def login_form() -> None:
    """The 登录 page's form: user name and password; a wrong one gets one Chinese sentence."""
    st.title(ACCOUNT["login_title"])
    st.caption(ACCOUNT["login_required_intro"] if api.auth.login_required_for_reading() else ACCOUNT["login_intro"])
    if notice := st.session_state.pop("auth_notice", None):
        st.info(notice)
    with st.form("login", enter_to_submit=True):
        username = st.text_input(ACCOUNT["username"], key="login_username", max_chars=64)
        password = st.text_input(ACCOUNT["password"], type="password", key="login_password", max_chars=256)
        submitted = st.form_submit_button(ACCOUNT["submit"], type="primary")
    if submitted:
        if problem := sign_in(username, password):
            st.error(problem)
        else:
            st.rerun()


def audit_log(**filters) -> pd.DataFrame:
    """The audit log (never cached: it grows with every login)."""
    return api.audit_log(get_engine(), **filters)


def audit_actors() -> list[str]:
    """Everyone in the audit log (for the person filter), without reading the whole log."""
    return api.audit_actors(get_engine())


_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})


def plain(text) -> str:
    """Text from a file or a user, safe inside Streamlit markdown (st.success, st.caption ...):
    every markdown and HTML character escaped, so it shows as typed and never as a link,
    an image or markup."""
    return str(text).translate(_MARKDOWN_SPECIAL)
