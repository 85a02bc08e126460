"""The dashboard's only Streamlit helper module: the shared engine and cached reads.

Pages import this, never SQLAlchemy. Cached reads are keyed on the store's data version,
so an import (which bumps it) makes every page read fresh figures.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from lawreport_data import api, catalog, report2022
from lawreport_data.periods import Period


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
