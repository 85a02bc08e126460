"""The dashboard's only Streamlit helper module: the shared engine and cached reads.

Pages import this, never SQLAlchemy. Cached reads are keyed on the store's data version,
so an import (which bumps it) makes every page read fresh figures.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lawreport_data import api
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
