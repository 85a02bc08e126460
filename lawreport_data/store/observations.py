"""Reading observations. They travel as DataFrames with the columns of :data:`OBS_COLUMNS`
(``metrics.OBS_COLUMNS``: the engine defines the frame; the store fills it)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..metrics import OBS_COLUMNS as OBS_COLUMNS  # (store.OBS_COLUMNS)
from ..metrics import with_defaults
from ..models import Observation

KEY = ["indicator", "region", "year", "start", "end"]

OBS_SELECT = (
    Observation.indicator_code.label("indicator"),
    Observation.region_code.label("region"),
    Observation.year,
    Observation.start_month.label("start"),
    Observation.end_month.label("end"),
    Observation.value,
    Observation.qualifier,
    Observation.status,
    Observation.as_of,
    Observation.origin,
    Observation.synthetic,
    Observation.source_text.label("source"),
    Observation.batch_id,
    Observation.source_row,
    Observation.note,
)


def load_observations(
    session: Session,
    *,
    indicators: list[str] | None = None,
    regions: list[str] | None = None,
    years: list[int] | None = None,
    include_synthetic: bool = True,
    max_year: int | None = None,
) -> pd.DataFrame:
    """Observations as a frame with :data:`OBS_COLUMNS`, filtered as asked."""
    stmt = obs_filters(select(*OBS_SELECT), indicators, years, max_year, include_synthetic=include_synthetic)
    if regions is not None:
        stmt = stmt.where(Observation.region_code.in_(regions))
    frame = pd.read_sql(stmt, session.connection())
    return normalise_obs(frame)


def obs_filters(stmt, indicators, years, max_year, *, include_synthetic: bool = True):
    """``stmt`` (a select over ``observation``) kept to the indicators, years and synthetic rows asked for."""
    if indicators is not None:
        stmt = stmt.where(Observation.indicator_code.in_(indicators))
    if years is not None:
        stmt = stmt.where(Observation.year.in_(years))
    if max_year is not None:
        stmt = stmt.where(Observation.year <= max_year)
    if not include_synthetic:
        stmt = stmt.where(Observation.synthetic.is_(False))
    return stmt


def normalise_obs(frame: pd.DataFrame) -> pd.DataFrame:
    """Give an observation frame the standard columns (``metrics.with_defaults``) and dtypes."""
    out = with_defaults(frame).copy()
    for col in ("indicator", "region", "qualifier", "status", "origin", "source", "note"):
        if isinstance(out[col].dtype, pd.CategoricalDtype):
            out[col] = out[col].astype(object)
    for col in ("year", "start", "end"):
        out[col] = out[col].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["qualifier"] = out["qualifier"].fillna("").astype(str)
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    out["as_of"] = pd.to_datetime(out["as_of"]).dt.date if len(out) else out["as_of"]
    return out


def observation_count(session: Session, *, synthetic: bool | None = None) -> int:
    """How many observations are stored (only synthetic ones, or only real ones, when asked)."""
    stmt = select(func.count()).select_from(Observation)
    if synthetic is not None:
        stmt = stmt.where(Observation.synthetic.is_(synthetic))
    return int(session.scalar(stmt))
