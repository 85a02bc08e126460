"""All SQL of the product. Every function takes a session; the caller owns its lifetime
(opens it, commits or rolls back, closes it).

Observations travel as DataFrames with the columns of :data:`OBS_COLUMNS`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session, sessionmaker

from . import catalog
from .models import ImportBatch, Indicator, Meta, Observation, ObservationChange, Region, utcnow

OBS_COLUMNS = [
    "indicator",
    "region",
    "year",
    "start",
    "end",
    "value",
    "qualifier",
    "status",
    "as_of",
    "origin",
    "synthetic",
    "source",
    "batch_id",
    "source_row",
    "note",
]
KEY = ["indicator", "region", "year", "start", "end"]

_OBS_SELECT = (
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


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


# --- catalog --------------------------------------------------------------------------


def sync_catalog(session: Session) -> None:
    """Make the region and indicator tables hold the catalog (insert or update; never delete)."""
    have_regions = set(session.scalars(select(Region.code)))
    for r in catalog.REGION_LIST:  # parents come first in the catalog
        values = dict(name=r.name, kind=r.kind, parent_code=r.parent, sort_order=r.sort_order)
        if r.code in have_regions:
            session.execute(update(Region).where(Region.code == r.code).values(**values))
        else:
            session.execute(insert(Region).values(code=r.code, **values))
    have_ind = set(session.scalars(select(Indicator.code)))
    for i in catalog.INDICATOR_LIST:
        values = dict(
            name=i.name,
            unit=i.unit,
            topic=i.topic,
            section=i.section,
            polarity=i.polarity,
            aggregation=i.aggregation,
            parent_code=i.parent,
            monthly=i.monthly,
        )
        if i.code in have_ind:
            session.execute(update(Indicator).where(Indicator.code == i.code).values(**values))
        else:
            session.execute(insert(Indicator).values(code=i.code, **values))


def regions_frame(session: Session) -> pd.DataFrame:
    """Regions in the store: code, name, kind, parent, sort_order."""
    stmt = select(
        Region.code, Region.name, Region.kind, Region.parent_code.label("parent"), Region.sort_order
    ).order_by(Region.sort_order, Region.code)
    return pd.read_sql(stmt, session.connection())


def add_region(session: Session, code: str, name: str, kind: str, parent: str) -> None:
    """Add a region (e.g. a town under a county)."""
    session.execute(insert(Region).values(code=code, name=name, kind=kind, parent_code=parent, sort_order=1000))
    bump_data_version(session)


# --- observations ---------------------------------------------------------------------


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
    stmt = select(*_OBS_SELECT)
    if indicators is not None:
        stmt = stmt.where(Observation.indicator_code.in_(indicators))
    if regions is not None:
        stmt = stmt.where(Observation.region_code.in_(regions))
    if years is not None:
        stmt = stmt.where(Observation.year.in_(years))
    if max_year is not None:
        stmt = stmt.where(Observation.year <= max_year)
    if not include_synthetic:
        stmt = stmt.where(Observation.synthetic.is_(False))
    frame = pd.read_sql(stmt, session.connection())
    return normalise_obs(frame)


def years_present(session: Session) -> list[int]:
    """Distinct years with observations, newest first."""
    return [int(y) for y in session.scalars(select(Observation.year).distinct().order_by(Observation.year.desc()))]


def normalise_obs(frame: pd.DataFrame) -> pd.DataFrame:
    """Give an observation frame the standard columns and dtypes (missing ones defaulted)."""
    out = frame.copy()
    defaults = {
        "qualifier": "",
        "status": "final",
        "as_of": None,
        "origin": "import",
        "synthetic": False,
        "source": None,
        "batch_id": None,
        "source_row": None,
        "note": None,
    }
    for col, default in defaults.items():
        if col not in out.columns:
            out[col] = default
    out = out[OBS_COLUMNS]
    for col in ("year", "start", "end"):
        out[col] = out[col].astype("int64")
    out["value"] = out["value"].astype("float64")
    out["qualifier"] = out["qualifier"].fillna("").astype(str)
    out["synthetic"] = out["synthetic"].fillna(False).astype(bool)
    out["as_of"] = pd.to_datetime(out["as_of"]).dt.date if len(out) else out["as_of"]
    return out


@dataclass
class ApplyResult:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0


def _existing_for(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    stmt = select(Observation.id, *_OBS_SELECT, Observation.updated_at).where(
        Observation.year.in_(sorted({int(y) for y in frame["year"]})),
        Observation.indicator_code.in_(sorted(set(frame["indicator"]))),
        Observation.region_code.in_(sorted(set(frame["region"]))),
    )
    return pd.read_sql(stmt, session.connection())


def _same(a: pd.DataFrame, b_suffix: str) -> pd.Series:
    """Rows whose incoming value, qualifier and status equal the stored ones."""
    value_same = (a["value"] - a["value" + b_suffix]).abs() <= 1e-9 * a["value"].abs().clip(lower=1)
    return value_same & (a["qualifier"] == a["qualifier" + b_suffix]) & (a["status"] == a["status" + b_suffix])


def _records(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (None if (v is pd.NaT or (isinstance(v, float) and pd.isna(v))) else v) for k, v in row.items()}
        for row in frame.to_dict("records")
    ]


def apply_observations(
    session: Session,
    frame: pd.DataFrame,
    *,
    batch_id: int | None = None,
    user: str = "",
    overwrite: bool = True,
) -> ApplyResult:
    """Write observations: insert new keys, replace changed values (recording the old ones),
    leave equal ones alone. With ``overwrite=False`` existing keys are never touched.

    Runs inside the caller's transaction; nothing is committed here.
    """
    result = ApplyResult()
    if frame.empty:
        return result
    incoming = normalise_obs(frame)
    incoming["batch_id"] = batch_id if batch_id is not None else incoming["batch_id"]
    existing = _existing_for(session, incoming)
    merged = incoming.merge(existing, on=KEY, how="left", suffixes=("", "_old"), indicator=True)
    is_new = merged["_merge"] == "left_only"
    now = utcnow()

    new_rows = merged[is_new]
    old_rows = merged[~is_new]
    same = _same(old_rows, "_old") if len(old_rows) else pd.Series(dtype=bool)
    unchanged = old_rows[same]
    changed = old_rows[~same]
    result.new = len(new_rows)
    result.unchanged = len(unchanged)
    if not overwrite:
        result.skipped = len(changed)
        changed = changed.iloc[0:0]
    result.changed = len(changed)

    if len(new_rows):
        rows = _records(new_rows[OBS_COLUMNS])
        session.execute(
            insert(Observation),
            [
                dict(
                    indicator_code=r["indicator"],
                    region_code=r["region"],
                    year=int(r["year"]),
                    start_month=int(r["start"]),
                    end_month=int(r["end"]),
                    value=float(r["value"]),
                    qualifier=r["qualifier"],
                    status=r["status"],
                    as_of=r["as_of"],
                    origin=r["origin"],
                    synthetic=bool(r["synthetic"]),
                    source_text=r["source"],
                    batch_id=r["batch_id"],
                    source_row=r["source_row"],
                    note=r["note"],
                    updated_at=now,
                )
                for r in rows
            ],
        )
    if len(changed):
        rows = _records(changed)
        session.execute(
            update(Observation),
            [
                dict(
                    id=int(r["id"]),
                    value=float(r["value"]),
                    qualifier=r["qualifier"],
                    status=r["status"],
                    as_of=r["as_of"],
                    origin=r["origin"],
                    synthetic=bool(r["synthetic"]),
                    source_text=r["source"],
                    batch_id=r["batch_id"],
                    source_row=r["source_row"],
                    note=r["note"],
                    updated_at=now,
                )
                for r in rows
            ],
        )
    changes = []
    for r in _records(new_rows) if len(new_rows) else []:
        changes.append(_change_row(r, "insert", batch_id, user, now, with_old=False))
    for r in _records(changed) if len(changed) else []:
        changes.append(_change_row(r, "update", batch_id, user, now, with_old=True))
    if changes:
        session.execute(insert(ObservationChange), changes)
    if result.new or result.changed:
        bump_data_version(session)
    return result


def _change_row(r: dict, action: str, batch_id, user: str, now, *, with_old: bool) -> dict:
    row = dict(
        batch_id=batch_id,
        action=action,
        indicator_code=r["indicator"],
        region_code=r["region"],
        year=int(r["year"]),
        start_month=int(r["start"]),
        end_month=int(r["end"]),
        new_value=float(r["value"]),
        new_qualifier=r["qualifier"],
        changed_at=now,
        changed_by=user,
    )
    if with_old:
        row.update(
            old_value=r["value_old"],
            old_qualifier=r["qualifier_old"],
            old_status=r["status_old"],
            old_as_of=r["as_of_old"],
            old_origin=r["origin_old"],
            old_synthetic=bool(r["synthetic_old"]),
            old_source_text=r["source_old"],
            old_batch_id=None if r["batch_id_old"] is None else int(r["batch_id_old"]),
            old_source_row=None if r["source_row_old"] is None else int(r["source_row_old"]),
            old_note=r["note_old"],
        )
    return row


def delete_synthetic(session: Session) -> int:
    """Remove every synthetic (demo) observation; real figures stay."""
    n = session.execute(delete(Observation).where(Observation.synthetic.is_(True))).rowcount
    if n:
        bump_data_version(session)
    return n


def changes_frame(session: Session, *, batch_id: int | None = None) -> pd.DataFrame:
    """The change records, newest first."""
    stmt = select(ObservationChange).order_by(ObservationChange.id.desc())
    if batch_id is not None:
        stmt = stmt.where(ObservationChange.batch_id == batch_id)
    cols = [c.name for c in ObservationChange.__table__.columns]
    rows = session.scalars(stmt).all()
    return pd.DataFrame([{c: getattr(r, c) for c in cols} for r in rows], columns=cols)


# --- batches --------------------------------------------------------------------------


def create_batch(session: Session, **fields) -> int:
    """A new import batch; returns its id."""
    batch = ImportBatch(**fields)
    session.add(batch)
    session.flush()
    return batch.id


def batches_frame(session: Session) -> pd.DataFrame:
    stmt = select(ImportBatch).order_by(ImportBatch.id.desc())
    cols = [c.name for c in ImportBatch.__table__.columns]
    rows = session.scalars(stmt).all()
    return pd.DataFrame([{c: getattr(r, c) for c in cols} for r in rows], columns=cols)


# --- data version ---------------------------------------------------------------------


def data_version(session: Session) -> int:
    """A number that grows with every change of data; caches key on it."""
    value = session.scalar(select(Meta.value).where(Meta.key == "data_version"))
    return int(value) if value is not None else 0


def bump_data_version(session: Session) -> int:
    current = data_version(session)
    new = current + 1
    if session.scalar(select(func.count()).select_from(Meta).where(Meta.key == "data_version")):
        session.execute(update(Meta).where(Meta.key == "data_version").values(value=str(new)))
    else:
        session.execute(insert(Meta).values(key="data_version", value=str(new)))
    return new


def observation_count(session: Session, *, synthetic: bool | None = None) -> int:
    stmt = select(func.count()).select_from(Observation)
    if synthetic is not None:
        stmt = stmt.where(Observation.synthetic.is_(synthetic))
    return int(session.scalar(stmt))


def keys_present(session: Session, keys: list[tuple]) -> set[tuple]:
    """Which of the (indicator, region, year, start, end) keys are stored."""
    if not keys:
        return set()
    cols = (
        Observation.indicator_code,
        Observation.region_code,
        Observation.year,
        Observation.start_month,
        Observation.end_month,
    )
    found = session.execute(select(*cols).where(tuple_(*cols).in_(keys))).all()
    return {tuple(r) for r in found}


def today() -> dt.date:
    return dt.date.today()
