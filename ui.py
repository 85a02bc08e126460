"""The dashboard's only Streamlit helper module: the shared engine and cached reads.

Pages import this, never SQLAlchemy. Cached reads are keyed on the store's data version,
so an import (which bumps it) makes every page read fresh figures.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lawreport_data import api, catalog, importer, report2022
from lawreport_data.periods import Period

# How a change's tone and direction show on st.metric: a fall in accidents is green with a down arrow.
TONE_COLORS = {"good": "green", "bad": "red", "neutral": "gray"}
ARROWS = {"up": "up", "down": "down"}


def get_engine():
    """One engine for all sessions (per database URL, so tests can point elsewhere)."""
    return _engine(api.database_url())


@st.cache_resource
def _engine(url: str):
    """The schema and the report's figures are made if missing."""
    engine = api.open_engine(url)
    api.init_db(engine)
    return engine


def data_version() -> int:
    return api.data_version(get_engine())


@st.cache_data(max_entries=256, show_spinner=False)
def _summary(version: int, period: str, region: str, comparison: str) -> pd.DataFrame:
    return api.summary(get_engine(), Period.parse(period), region, comparison)


def summary(period: Period, region: str, comparison: str = "yoy") -> pd.DataFrame:
    return _summary(data_version(), str(period), region, comparison)


# --- county data import ---------------------------------------------------------------


@st.cache_data(max_entries=8, show_spinner=False)
def _preview(version: int, digest: str, name: str, sheet: str | None, _data: bytes):
    return api.preview_import(get_engine(), io.BytesIO(_data), name, sheet=sheet)


def preview_import(data: bytes, name: str, sheet: str | None = None):
    """The checked file and what it would change (cached per content and data version).
    Raises ``api.ImportError_`` for a file that is not a table."""
    digest = hashlib.sha256(data).hexdigest()
    return _preview(data_version(), digest, name, sheet, data)


def apply_import(data: bytes, name: str, user: str, sheet: str | None = None):
    """Load the file as one batch and refresh every cached read."""
    result = api.apply_import(get_engine(), io.BytesIO(data), name, user=user, sheet=sheet)
    st.cache_data.clear()
    return result


def undo_batch(batch_id: int, user: str) -> int:
    n = api.undo_batch(get_engine(), batch_id, user=user)
    st.cache_data.clear()
    return n


@st.cache_data(max_entries=16, show_spinner=False)
def _history(version: int) -> pd.DataFrame:
    return api.import_history(get_engine())


def import_history() -> pd.DataFrame:
    return _history(data_version())


@st.cache_data(max_entries=16, show_spinner=False)
def _batch_changes(version: int, batch_id: int) -> pd.DataFrame:
    return api.batch_changes(get_engine(), batch_id)


def batch_changes(batch_id: int) -> pd.DataFrame:
    return _batch_changes(data_version(), batch_id)


@st.cache_data(show_spinner=False)
def import_template(shape: str, kind: str) -> bytes:
    """A downloadable template (``long``/``wide``, ``csv``/``xlsx``) with the catalog's names."""
    return importer.template_csv(shape) if kind == "csv" else importer.template_xlsx(shape)


# --- Word briefing download (lawreport_data.docx_io) ---------------------------------

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@st.cache_data(max_entries=8, show_spinner=False)
def _briefing_docx(version: int, period: str, region: str, comparison: str, _engine) -> bytes:
    return api.briefing_docx(_engine, Period.parse(period), region, comparison)


def _current_view() -> tuple[Period, str, str]:
    """The period, region and comparison chosen in the sidebar (its widget keys), else the
    report's headline view: 1-11月 2022, the city, 同比."""
    state = st.session_state
    region = state.get("region") or catalog.CITY_CODE
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
    engine, version = get_engine(), data_version()
    name = catalog.REGIONS[region].name if region in catalog.REGIONS else region
    b = catalog.BRIEFING
    return BriefingDownload(
        label=b["download"],
        help=b["download_help"],
        file_name=b["file_name"].format(region=name, period=str(period).replace("..", "_")),
        mime=DOCX_MIME,
        data=lambda: _briefing_docx(version, str(period), region, comparison, engine),
    )
