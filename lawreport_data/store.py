"""All SQL of the product. Every function takes a session; the caller owns its lifetime
(opens it, commits or rolls back, closes it).

Observations travel as DataFrames with the columns of :data:`OBS_COLUMNS`.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import (
    DateTime,
    Engine,
    Integer,
    and_,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from . import catalog
from .models import (
    Account,
    AuditEvent,
    ImportBatch,
    Indicator,
    LeafSum,
    Meta,
    Observation,
    ObservationChange,
    Region,
    utcnow,
)

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
    have_regions = {code: parent for code, parent in session.execute(select(Region.code, Region.parent_code))}
    moved = False
    for r in catalog.REGION_LIST:  # parents come first in the catalog
        values = dict(name=r.name, kind=r.kind, parent_code=r.parent, sort_order=r.sort_order)
        if r.code in have_regions:
            moved = moved or have_regions[r.code] != r.parent
            session.execute(update(Region).where(Region.code == r.code).values(**values))
        else:
            session.execute(insert(Region).values(code=r.code, **values))
    if moved:  # whose rows are summed under which parent may have changed
        refresh_leaf_sums(session)
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


def add_regions(session: Session, frame: pd.DataFrame) -> None:
    """Add many regions at once (columns code, name, kind, parent), e.g. the towns of a county."""
    rows = [
        dict(code=r["code"], name=r["name"], kind=r["kind"], parent_code=r["parent"], sort_order=1000)
        for r in frame.to_dict("records")
    ]
    if rows:
        session.execute(insert(Region), rows)
        bump_data_version(session)


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


def _obs_filters(stmt, indicators, years, max_year):
    if indicators is not None:
        stmt = stmt.where(Observation.indicator_code.in_(indicators))
    if years is not None:
        stmt = stmt.where(Observation.year.in_(years))
    if max_year is not None:
        stmt = stmt.where(Observation.year <= max_year)
    return stmt


STAND_IN_PREFIX = "~"  # stand-in codes: "~<parent>~<indicator>" (never a stored region's code)
_UNIFORM = ("qualifier", "status", "origin", "source_text", "batch_id", "as_of", "synthetic")
_EXACT_SUM_LIMIT = 2.0**53  # integers below this add up exactly in any order


def load_resolvable(
    session: Session,
    region: str,
    *,
    indicators: list[str] | None = None,
    years: list[int] | None = None,
    max_year: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What the metrics engine needs to resolve ``region``: observations (``OBS_COLUMNS``) and
    regions (``regions_frame``), giving exactly what ``load_observations`` of every region would.

    Rows of ``region`` and of every region below it are loaded, except the children of regions
    below ``region`` (not of ``region`` itself) whose children have no children (seen from the
    city: the towns under the counties; a county's own towns are loaded, to be listed). Those are summed in SQL per indicator, parent and span into
    a stand-in (a row of ``regions`` with ``stands_for`` and ``weight``, see
    ``metrics._Lookup``), for the children that hold every span of the group, when the sum is
    exact: the group's rows differ only in value and the values are whole numbers (so the
    order of addition does not matter). Other children are loaded as they are. Indicators that
    do not sum never read those children and are not loaded for them.
    """
    regions = regions_frame(session)
    children: dict[str, list[str]] = {}
    for code, parent in zip(regions["code"], regions["parent"], strict=True):
        if isinstance(parent, str) and parent:
            children.setdefault(parent, []).append(code)
    below: list[str] = []
    seen = {region}  # (a loop of parents would never end)
    level = [k for k in children.get(region, []) if k not in seen]
    while level:
        below.extend(level)
        seen.update(level)
        level = [k for x in level for k in children.get(x, []) if k not in seen]
    collapsible = [x for x in below if x in children and not any(k in children for k in children[x])]
    leaves = {k for x in collapsible for k in children[x]}
    obs = load_observations(
        session, indicators=indicators, regions=[region, *(c for c in below if c not in leaves)], years=years,
        max_year=max_year,
    )  # fmt: skip
    summable = [
        code
        for code in (indicators if indicators is not None else list(catalog.INDICATORS))
        if code not in catalog.INDICATORS or catalog.INDICATORS[code].aggregation == "sum"
    ]
    if not collapsible or not summable:
        return obs, regions
    stand_rows: list[pd.DataFrame] = []
    stand_ins: list[tuple[str, str, int]] = []  # parent, indicator, weight
    raw: dict[str, set[str]] = {}  # indicator -> children loaded as they are
    partial = []
    for (indicator, parent), g in _leaf_sums(session, collapsible, summable, years, max_year).groupby(
        ["indicator", "parent"], sort=False
    ):
        kids = children[parent]
        if not _exact_group(g):
            raw.setdefault(indicator, set()).update(kids)
        elif (g["n"] == len(kids)).all():  # every child holds every span: the sums are the stand-in
            stand_rows.append(g)
            stand_ins.append((parent, indicator, len(kids)))
        else:
            partial.append((indicator, parent, g))
    pending = []
    if partial:  # the children holding every span of the group go into the stand-in, others stay rows
        counts = _leaf_counts(
            session, sorted({p for _, p, _ in partial}), sorted({i for i, _, _ in partial}), years, max_year
        )
        for indicator, parent, g in partial:
            mine = counts[(counts["indicator"] == indicator) & (counts["parent"] == parent)]
            complete = set(mine.loc[mine["n"] == len(g), "region"])
            incomplete = set(mine["region"]) - complete
            raw.setdefault(indicator, set()).update(incomplete)
            if complete:
                pending.append((indicator, parent, g, incomplete, len(complete)))
    loose = _rows_of(session, raw, years, max_year)
    for indicator, parent, g, incomplete, weight in pending:
        rows = loose[(loose["indicator"] == indicator) & loose["region"].isin(incomplete)]
        minus = rows.groupby(["year", "start", "end"])["value"].agg(["sum", "count"])
        g = g.join(minus, on=["year", "start", "end"]).fillna({"sum": 0.0, "count": 0})
        g = g.assign(value=g["value"] - g["sum"], n=g["n"] - g["count"])
        assert (g["n"] == weight).all(), (indicator, parent)
        stand_rows.append(g)
        stand_ins.append((parent, indicator, weight))
    parts = [obs, loose]
    if stand_rows:
        stand = pd.concat(stand_rows, ignore_index=True)
        stand_obs = pd.DataFrame(
            {
                "indicator": stand["indicator"],
                "region": STAND_IN_PREFIX + stand["parent"] + STAND_IN_PREFIX + stand["indicator"],
                "year": stand["year"],
                "start": stand["start"],
                "end": stand["end"],
                "value": stand["value"],
                "origin": stand["min_origin"],
                "source": stand["min_source_text"],
                **{c: stand[f"min_{c}"] for c in ("qualifier", "status", "batch_id", "as_of")},
                "synthetic": stand["min_synthetic"].fillna(0).astype(bool),
            }
        )
        parts.append(stand_obs)
        names = dict(zip(regions["code"], regions["name"], strict=True))
        extra = pd.DataFrame(
            [
                dict(
                    code=f"{STAND_IN_PREFIX}{parent}{STAND_IN_PREFIX}{indicator}",
                    name=f"{names.get(parent, parent)}·{indicator}",
                    kind="stand-in",
                    parent=parent,
                    sort_order=0,
                    stands_for=indicator,
                    weight=weight,
                )
                for parent, indicator, weight in stand_ins
            ]
        )
        if set(extra["code"]) & set(regions["code"]):
            raise ValueError("a stored region code looks like a stand-in's")
        regions = pd.concat([regions.assign(stands_for=None, weight=0), extra], ignore_index=True)
    return normalise_obs(pd.concat([p for p in parts if len(p)] or [obs], ignore_index=True)), regions


def _leaf_sums(session: Session, parents: list[str], indicators: list[str], years, max_year) -> pd.DataFrame:
    """Per indicator, parent and span: the children's count, sum, and what tells an exact sum
    (read from ``leaf_sum``, which :func:`refresh_leaf_sums` keeps equal to :func:`live_leaf_sums`)."""
    ls = LeafSum
    stmt = select(
        ls.indicator_code.label("indicator"),
        ls.parent_code.label("parent"),
        ls.year,
        ls.start_month.label("start"),
        ls.end_month.label("end"),
        *(getattr(ls, name) for name in _LEAF_VALUES),
    ).where(ls.parent_code.in_(parents), ls.indicator_code.in_(indicators))
    if years is not None:
        stmt = stmt.where(ls.year.in_(years))
    if max_year is not None:
        stmt = stmt.where(ls.year <= max_year)
    return pd.read_sql(stmt, session.connection())


_LEAF_VALUES = ["n", "value", "abs_sum", "fractional"] + [
    f"{agg}_{name}" for name in _UNIFORM for agg in ("min", "max", "count")
]


def _leaf_sum_select(parents: list[str], indicators: list[str] | None = None, years: list[int] | None = None):
    """The children's sums of ``parents`` computed from the observations, as ``leaf_sum``'s columns."""
    o = Observation
    cols = {c: getattr(o, c) for c in _UNIFORM}
    cols["synthetic"] = cast(o.synthetic, Integer)
    aggregates = {
        "n": func.count(),
        "value": func.sum(o.value),
        "abs_sum": func.sum(func.abs(o.value)),
        "fractional": func.sum(case((o.value == func.round(o.value), 0), else_=1)),
    }
    for name, c in cols.items():
        aggregates[f"min_{name}"] = func.min(c)
        aggregates[f"max_{name}"] = func.max(c)
        aggregates[f"count_{name}"] = func.count(c)
    stmt = (
        select(
            o.indicator_code,
            Region.parent_code,
            o.year,
            o.start_month,
            o.end_month,
            *(aggregates[name].label(name) for name in _LEAF_VALUES),
        )
        .join(Region, Region.code == o.region_code)
        .where(Region.parent_code.in_(parents))
        .group_by(o.indicator_code, Region.parent_code, o.year, o.start_month, o.end_month)
    )
    if indicators is not None:
        stmt = stmt.where(o.indicator_code.in_(indicators))
    if years is not None:
        stmt = stmt.where(o.year.in_(years))
    return stmt


_LEAF_COLUMNS = ["indicator_code", "parent_code", "year", "start_month", "end_month", *_LEAF_VALUES]


def _summed_parents(regions: pd.DataFrame) -> dict[str, str]:
    """Region → parent, for the regions whose parent has a parent itself (whose rows ``leaf_sum`` sums)."""
    parent_of = {
        code: parent for code, parent in zip(regions["code"], regions["parent"], strict=True) if isinstance(parent, str)
    }
    return {code: parent for code, parent in parent_of.items() if parent_of.get(parent)}


def refresh_leaf_sums(session: Session, touched: pd.DataFrame | None = None) -> None:
    """Bring ``leaf_sum`` up to date after observations were written: the sums of every
    (indicator, parent, year) that a row of ``touched`` (columns indicator, region, year) falls
    in; with no ``touched``, every sum (after regions moved). Runs in the caller's transaction,
    so the sums change exactly when the observations do."""
    summed = _summed_parents(regions_frame(session))
    ls = LeafSum
    if touched is None:
        session.execute(delete(ls))
        parents = sorted(set(summed.values()))
        if parents:
            session.execute(insert(ls).from_select(_LEAF_COLUMNS, _leaf_sum_select(parents)))
        return
    if not summed or touched.empty:
        return
    keys = touched.loc[touched["region"].isin(list(summed)), ["indicator", "region", "year"]].drop_duplicates()
    keys = keys.assign(parent=keys["region"].map(summed))
    for indicator, g in keys.groupby("indicator", sort=True):
        parents = sorted(set(g["parent"]))
        years = sorted({int(y) for y in g["year"]})
        # the same box of (parent, year) is cleared and summed again, so extra pairs in it stay right
        session.execute(
            delete(ls).where(ls.indicator_code == indicator, ls.parent_code.in_(parents), ls.year.in_(years))
        )
        session.execute(insert(ls).from_select(_LEAF_COLUMNS, _leaf_sum_select(parents, [indicator], years)))


def live_leaf_sums(session: Session) -> pd.DataFrame:
    """What ``leaf_sum`` must hold, computed from the observations (its columns, in key order)."""
    parents = sorted(set(_summed_parents(regions_frame(session)).values()))
    frame = pd.read_sql(_leaf_sum_select(parents), session.connection()) if parents else None
    return _in_key_order(frame)


def stored_leaf_sums(session: Session) -> pd.DataFrame:
    """What ``leaf_sum`` holds (its columns, in key order)."""
    return _in_key_order(pd.read_sql(select(*(getattr(LeafSum, c) for c in _LEAF_COLUMNS)), session.connection()))


def _in_key_order(frame: pd.DataFrame | None) -> pd.DataFrame:
    if frame is None:
        return pd.DataFrame(columns=_LEAF_COLUMNS)
    return frame[_LEAF_COLUMNS].sort_values(_LEAF_COLUMNS[:5], ignore_index=True)


def _exact_group(g: pd.DataFrame) -> bool:
    """Whether a group's rows differ only in value, and its values are whole numbers small
    enough that summing them in any order gives the same float."""
    if g["fractional"].sum() or g["abs_sum"].sum() >= _EXACT_SUM_LIMIT:
        return False
    n = int(g["n"].sum())
    for c in _UNIFORM:
        counted = int(g[f"count_{c}"].sum())
        if counted == 0:
            continue
        if counted != n:
            return False
        lows, highs = set(g[f"min_{c}"]), set(g[f"max_{c}"])
        if len(lows) != 1 or lows != highs:
            return False
    return True


def _leaf_counts(session: Session, parents: list[str], indicators: list[str], years, max_year) -> pd.DataFrame:
    """Per indicator and child of ``parents``: how many rows it holds."""
    o = Observation
    stmt = (
        select(
            o.indicator_code.label("indicator"),
            o.region_code.label("region"),
            Region.parent_code.label("parent"),
            func.count().label("n"),
        )
        .join(Region, Region.code == o.region_code)
        .where(Region.parent_code.in_(parents), o.indicator_code.in_(indicators))
        .group_by(o.indicator_code, o.region_code, Region.parent_code)
    )
    return pd.read_sql(_obs_filters(stmt, None, years, max_year), session.connection())


def _rows_of(session: Session, wanted: dict[str, set[str]], years, max_year) -> pd.DataFrame:
    """The rows of some regions for some indicators (``{indicator: regions}``)."""
    if not wanted:
        return normalise_obs(pd.DataFrame(columns=OBS_COLUMNS))
    o = Observation
    stmt = select(*_OBS_SELECT).where(
        or_(*(and_(o.indicator_code == i, o.region_code.in_(sorted(regs))) for i, regs in sorted(wanted.items())))
    )
    return normalise_obs(pd.read_sql(_obs_filters(stmt, None, years, max_year), session.connection()))


def span_keys(
    session: Session,
    *,
    indicators: list[str] | None = None,
    years: list[int] | None = None,
    include_synthetic: bool = True,
) -> pd.DataFrame:
    """The distinct (indicator, year, start, end, synthetic) of the observations, filtered as asked:
    what ``dashboard.latest_span`` looks at, without the rows."""
    o = Observation
    stmt = select(
        o.indicator_code.label("indicator"), o.year, o.start_month.label("start"), o.end_month.label("end"), o.synthetic
    ).distinct()
    stmt = _obs_filters(stmt, indicators, years, None)
    if not include_synthetic:
        stmt = stmt.where(o.synthetic.is_(False))
    frame = pd.read_sql(stmt, session.connection())
    return frame.astype({"year": "int64", "start": "int64", "end": "int64", "synthetic": bool})


def latest_year(session: Session, *, indicators: list[str] | None = None, include_synthetic: bool = True) -> int | None:
    """The latest year with an observation (of ``indicators``), or None."""
    stmt = _obs_filters(select(func.max(Observation.year)), indicators, None, None)
    if not include_synthetic:
        stmt = stmt.where(Observation.synthetic.is_(False))
    year = session.scalar(stmt)
    return None if year is None else int(year)


def years_present(session: Session) -> list[int]:
    """Distinct years with observations, newest first."""
    return [int(y) for y in session.scalars(select(Observation.year).distinct().order_by(Observation.year.desc()))]


def normalise_obs(frame: pd.DataFrame) -> pd.DataFrame:
    """Give an observation frame the standard columns and dtypes (missing ones defaulted)."""
    out = frame.copy()
    defaults = _DEFAULTS
    for col, default in defaults.items():
        if col not in out.columns:
            out[col] = default
    out = out[OBS_COLUMNS]
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


@dataclass
class ApplyResult:
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: int = 0


def _box(frame: pd.DataFrame, below_id: int | None = None) -> list:
    """Conditions for the stored rows with the frame's years, indicators and regions (a superset
    of its keys), and with ``below_id``: only rows stored before (not those just inserted)."""
    where = [
        Observation.year.in_(sorted(int(y) for y in pd.unique(frame["year"]))),
        Observation.indicator_code.in_(sorted(str(i) for i in pd.unique(frame["indicator"]))),
        Observation.region_code.in_(sorted(str(r) for r in pd.unique(frame["region"]))),
    ]
    if below_id is not None:
        where.append(Observation.id < below_id)
    return where


def _existing_for(session: Session, frame: pd.DataFrame, below_id: int | None = None) -> pd.DataFrame:
    stmt = select(Observation.id, *_OBS_SELECT, Observation.updated_at).where(*_box(frame, below_id))
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


COMPARE_SLICE = 100_000  # rows compared (and written) at a time: memory stays bounded


def _compare_slices(session: Session, frame: pd.DataFrame, below_id: int | None = None):
    """Incoming observations in key order, slice by slice: ``(incoming, merged)``, where
    ``merged`` is None when the store holds nothing for the slice's keys (all new: nothing to
    compare), else the slice merged with the stored rows: each row with ``change`` (new,
    changed or unchanged), the stored ``id`` and stored values (``*_old``). Only stored rows
    with an id below ``below_id`` count (rows written meanwhile by the caller do not).

    When the store holds nothing for the whole frame's years, indicators and regions (e.g. a
    new year's data), one query says so and no slice is compared."""
    if frame.empty:
        return
    order = frame.sort_values(KEY, kind="stable").index if len(frame) > 1 else frame.index
    anything = session.scalar(select(Observation.id).where(*_box(frame, below_id)).limit(1)) is not None
    for start in range(0, len(order), COMPARE_SLICE):
        piece = frame.loc[order[start : start + COMPARE_SLICE]]
        existing = _existing_for(session, piece, below_id) if anything else None
        if existing is None or existing.empty:  # nothing stored for these keys: all new
            yield _with_defaults(piece), None
            continue
        incoming = normalise_obs(piece)
        merged = incoming.merge(existing, on=KEY, how="left", suffixes=("", "_old"), indicator=True)
        is_new = (merged["_merge"] == "left_only").to_numpy()
        same = (_same(merged, "_old") & ~is_new).to_numpy()
        change = np.where(is_new, "new", np.where(same, "unchanged", "changed"))
        merged["change"] = change
        yield incoming, merged.drop(columns="_merge")


_DEFAULTS = {
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


def _with_defaults(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of :data:`OBS_COLUMNS`, missing ones defaulted, dtypes as they are (cheap:
    categoricals stay categoricals); ``as_of`` as dates like :func:`normalise_obs` gives them."""
    out = frame.assign(**{c: v for c, v in _DEFAULTS.items() if c not in frame.columns})[OBS_COLUMNS]
    if out["as_of"].notna().any():
        out["as_of"] = pd.to_datetime(out["as_of"]).dt.date
    return out


def compare_observations(session: Session, frame: pd.DataFrame) -> pd.DataFrame:
    """What writing ``frame`` would do: its rows (in key order) with ``change`` (new, changed,
    unchanged) and the stored ``old_value`` / ``old_qualifier``."""
    keep = [*OBS_COLUMNS, "change", "old_value", "old_qualifier"]
    parts = [
        normalise_obs(incoming).assign(change="new", old_value=np.nan, old_qualifier=None)[keep]
        if m is None
        else m.assign(old_value=m["value_old"], old_qualifier=m["qualifier_old"])[keep]
        for incoming, m in _compare_slices(session, frame)
    ]
    if not parts:
        empty = normalise_obs(frame.iloc[0:0])
        return empty.assign(change=pd.Series(dtype=object), old_value=pd.Series(dtype=float), old_qualifier="")
    return pd.concat(parts, ignore_index=True)


def _column_values(series: pd.Series) -> list:
    """Plain Python values (None for missing) that every DBAPI driver takes."""
    if isinstance(series.dtype, pd.CategoricalDtype):  # each distinct value once, then a take
        categories = np.append(series.cat.categories.to_numpy(dtype=object), None)  # code -1: None
        return categories[series.cat.codes.to_numpy()].tolist()
    if series.dtype.kind in "iub" or (series.dtype.kind == "f" and not series.isna().any()):
        return series.tolist()
    return series.astype(object).where(series.notna(), None).tolist()


def _is_constant(series: pd.Series) -> bool:
    if len(series) == 0:
        return True
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        return bool((codes == codes[0]).all())
    first = series.iloc[0]
    if pd.isna(first):
        return bool(series.isna().all())
    return bool((series == first).all())


def _bulk_insert(session: Session, table, columns: dict[str, pd.Series], constants: dict | None = None) -> None:
    """One driver-level executemany of many rows, without building a dict per row.

    Columns holding one value throughout (and ``constants``) are written into the statement as
    SQL literals; the others go through their types' bind processors (dates and booleans as
    SQLAlchemy stores them) and straight to the driver.
    """
    conn = session.connection()
    dialect = conn.dialect
    placeholder = "?" if dialect.paramstyle == "qmark" else "%s"
    fixed = dict(constants or {})
    varying: dict[str, pd.Series] = {}
    n = 0
    for name, series in columns.items():
        n = len(series)
        if _is_constant(series):
            fixed[name] = None if n == 0 or pd.isna(series.iloc[0]) else series.iloc[0]
        else:
            varying[name] = series
    if n == 0:
        return
    # With a format-style driver (psycopg) text stays a parameter (a "%" in a literal would be
    # read as a placeholder); numbers, dates, booleans and NULL become literals.
    for name in [k for k, v in fixed.items() if isinstance(v, str) and placeholder == "%s"]:
        varying[name] = pd.Series([fixed.pop(name)] * n, dtype=object)

    def sql_literal(name, value) -> str:
        if value is not None and hasattr(value, "item"):
            value = value.item()  # numpy scalar
        text = str(literal(value, table.c[name].type).compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
        return text

    quote = dialect.identifier_preparer.quote
    names = list(varying) + list(fixed)
    values_sql = [placeholder] * len(varying) + [sql_literal(k, v) for k, v in fixed.items()]
    sql = f"INSERT INTO {quote(table.name)} ({', '.join(quote(c) for c in names)}) VALUES ({', '.join(values_sql)})"
    procs = {name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in varying}
    for start in range(0, n, _SLICE):  # tuples are built slice by slice: memory stays bounded
        data = []
        for name, series in varying.items():
            values = _column_values(series.iloc[start : start + _SLICE])
            proc = procs[name]
            data.append([proc(v) for v in values] if proc else values)
        if not data:  # every column constant: identical rows, no parameters
            for _ in range(min(_SLICE, n - start)):
                conn.exec_driver_sql(sql)
            continue
        conn.exec_driver_sql(sql, list(zip(*data, strict=True)))


_SLICE = 50_000


def _insert_new(session: Session, new_rows: pd.DataFrame, batch_id, user: str, now) -> None:
    _bulk_insert(
        session,
        Observation.__table__,
        {
            "indicator_code": new_rows["indicator"],
            "region_code": new_rows["region"],
            "year": new_rows["year"],
            "start_month": new_rows["start"],
            "end_month": new_rows["end"],
            "value": new_rows["value"],
            "qualifier": new_rows["qualifier"],
            "status": new_rows["status"],
            "as_of": new_rows["as_of"],
            "origin": new_rows["origin"],
            "synthetic": new_rows["synthetic"],
            "source_text": new_rows["source"],
            "batch_id": new_rows["batch_id"],
            "source_row": new_rows["source_row"],
            "note": new_rows["note"],
        },
        {"updated_at": now},
    )
    if batch_id is None:  # (a batch's insert records are written in one statement afterwards)
        _bulk_insert(
            session,
            ObservationChange.__table__,
            {
                "indicator_code": new_rows["indicator"],
                "region_code": new_rows["region"],
                "year": new_rows["year"],
                "start_month": new_rows["start"],
                "end_month": new_rows["end"],
                "new_value": new_rows["value"],
                "new_qualifier": new_rows["qualifier"],
            },
            {"batch_id": None, "action": "insert", "changed_at": now, "changed_by": user},
        )


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

    Every insert and update is recorded in ``observation_change`` (with the old values, so a
    batch can be undone). Bulk statements, no per-row round trips. Runs inside the caller's
    transaction; nothing is committed here.
    """
    result = ApplyResult()
    if frame.empty:
        return result
    if batch_id is not None:
        frame = frame.assign(batch_id=batch_id)
    now = utcnow()
    changed_parts = []
    first_new_id = (session.scalar(select(func.max(Observation.id))) or 0) + 1  # rows inserted here: from this id
    for incoming, merged in _compare_slices(session, frame, below_id=first_new_id):
        if merged is None:
            new_rows = incoming
        else:
            change = merged["change"].to_numpy()
            new_rows = merged[change == "new"]
            changed_parts.append(merged[change == "changed"])
            result.unchanged += int((change == "unchanged").sum())
        result.new += len(new_rows)
        if len(new_rows):
            _insert_new(session, new_rows, batch_id, user, now)
    changed = pd.concat(changed_parts, ignore_index=True) if changed_parts else pd.DataFrame()
    if not overwrite:
        result.skipped = len(changed)
        changed = changed.iloc[0:0]
    result.changed = len(changed)
    if result.new and batch_id is not None:
        # The batch's rows are exactly its new ones until the updates below: one INSERT ... SELECT.
        cols = ["indicator_code", "region_code", "year", "start_month", "end_month"]
        session.execute(
            insert(ObservationChange).from_select(
                ["batch_id", "action", *cols, "new_value", "new_qualifier", "changed_at", "changed_by"],
                select(
                    literal(batch_id),
                    literal("insert"),
                    *(getattr(Observation, c) for c in cols),
                    Observation.value,
                    Observation.qualifier,
                    literal(now, DateTime()),
                    literal(user),
                ).where(Observation.id >= first_new_id, Observation.batch_id == batch_id),
            )
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
        session.execute(
            insert(ObservationChange), [_change_row(r, "update", batch_id, user, now, with_old=True) for r in rows]
        )
    if result.new or result.changed:
        refresh_leaf_sums(session, frame)
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
    o = Observation
    touched = _touched(session, select(o.indicator_code, o.region_code, o.year).where(o.synthetic.is_(True)))
    n = session.execute(delete(o).where(o.synthetic.is_(True))).rowcount
    if n:
        refresh_leaf_sums(session, touched)
        bump_data_version(session)
    return n


def _touched(session: Session, stmt) -> pd.DataFrame:
    """The distinct (indicator, region, year) of a select of those three columns."""
    rows = session.execute(stmt.distinct()).all()
    return pd.DataFrame(rows, columns=["indicator", "region", "year"])


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


def update_batch(session: Session, batch_id: int, **fields) -> None:
    session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(**fields))


def batch_info(session: Session, batch_id: int) -> dict | None:
    """One batch as a dict, or None."""
    batch = session.get(ImportBatch, batch_id)
    return None if batch is None else {c.name: getattr(batch, c.name) for c in ImportBatch.__table__.columns}


def applied_batch_with_hash(session: Session, file_hash: str) -> dict | None:
    """The newest applied (not undone) batch of a file with this content hash."""
    row = session.execute(
        select(ImportBatch.id, ImportBatch.created_at, ImportBatch.file_name)
        .where(ImportBatch.file_hash == file_hash, ImportBatch.status == "applied")
        .order_by(ImportBatch.id.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row else None


class BatchError(ValueError):
    """A batch that cannot be undone; ``kind`` names the reason (catalog.IMPORT_REFUSALS)."""

    def __init__(self, kind: str, **fields):
        self.kind = kind
        self.fields = fields
        super().__init__(f"{kind}: {fields}")


def _key_join():
    c, o = ObservationChange, Observation
    return and_(
        o.indicator_code == c.indicator_code,
        o.region_code == c.region_code,
        o.year == c.year,
        o.start_month == c.start_month,
        o.end_month == c.end_month,
    )


def undo_batch(session: Session, batch_id: int, user: str = "") -> int:
    """Undo an applied batch: delete the values it inserted and put back exactly the rows it
    replaced (value, qualifier, status, 截至日期, origin, source, provenance, note).

    Refused (``BatchError``) when the batch is unknown or already undone, or when a later
    batch has since changed one of its values (undo that one first). Returns the number of
    values restored or removed. Runs in the caller's transaction.
    """
    batch = session.get(ImportBatch, batch_id)
    if batch is None:
        raise BatchError("undo_unknown", batch=batch_id)
    if batch.status != "applied":
        when = batch.undone_at.strftime("%Y-%m-%d %H:%M") if batch.undone_at else ""
        raise BatchError("undo_done", batch=batch_id, when=when)
    c, o = ObservationChange, Observation
    later = session.scalars(
        select(o.batch_id)
        .select_from(c)
        .join(o, _key_join(), isouter=True)
        .where(c.batch_id == batch_id, or_(o.batch_id.is_(None), o.batch_id != batch_id))
        .distinct()
    ).all()
    if later:
        known = sorted(b for b in later if b is not None)
        raise BatchError("undo_later", batch=batch_id, later=known[-1] if known else "?")
    touched = session.execute(delete(o).where(o.batch_id == batch_id)).rowcount
    now = utcnow()
    session.execute(
        insert(o).from_select(
            [
                "indicator_code",
                "region_code",
                "year",
                "start_month",
                "end_month",
                "value",
                "qualifier",
                "status",
                "as_of",
                "origin",
                "synthetic",
                "source_text",
                "batch_id",
                "source_row",
                "note",
                "updated_at",
            ],
            select(
                c.indicator_code,
                c.region_code,
                c.year,
                c.start_month,
                c.end_month,
                c.old_value,
                c.old_qualifier,
                c.old_status,
                c.old_as_of,
                c.old_origin,
                c.old_synthetic,
                c.old_source_text,
                c.old_batch_id,
                c.old_source_row,
                c.old_note,
                literal(now, DateTime()),
            ).where(c.batch_id == batch_id, c.action == "update"),
        )
    )
    refresh_leaf_sums(
        session, _touched(session, select(c.indicator_code, c.region_code, c.year).where(c.batch_id == batch_id))
    )
    update_batch(session, batch_id, status="undone", undone_at=now, undone_by=user)
    bump_data_version(session)
    return touched


# --- transactions ---------------------------------------------------------------------

BUSY_WAIT_SECONDS = 120.0


def _is_busy(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    return "database is locked" in text or "database is busy" in text or "deadlock" in text


def write(engine: Engine, fn, *, wait: float = BUSY_WAIT_SECONDS):
    """Run ``fn(session)`` in one transaction and commit; when the database is busy (SQLite's
    "database is locked", a PostgreSQL deadlock, or a key inserted meanwhile by another
    writer), roll back and run it again, for up to ``wait`` seconds."""
    deadline = time.monotonic() + wait
    delay = 0.05
    conflicts = 0
    while True:
        try:
            with session_factory(engine).begin() as session:
                return fn(session)
        except OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
        except IntegrityError:
            conflicts += 1
            if conflicts > 3:
                raise
        time.sleep(delay)
        delay = min(delay * 2, 1.0)


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


# --- accounts and the audit log -------------------------------------------------------

ACCOUNT_COLUMNS = [
    "username",
    "display_name",
    "role",
    "region_code",
    "active",
    "created_at",
    "last_login_at",
    "failed_logins",
    "locked_until",
]


def add_account(
    session: Session, *, username: str, password_hash: str, role: str, region_code: str | None, display_name: str = ""
) -> int:
    """A new account; returns its id (IntegrityError when the user name is taken)."""
    account = Account(
        username=username, password_hash=password_hash, role=role, region_code=region_code, display_name=display_name
    )
    session.add(account)
    session.flush()
    return account.id


def account(session: Session, username: str) -> dict | None:
    """One account as a dict (with its password hash), or None."""
    row = session.scalars(select(Account).where(Account.username == username)).first()
    if row is None:
        return None
    return {c.name: getattr(row, c.name) for c in Account.__table__.columns}


def accounts_frame(session: Session) -> pd.DataFrame:
    """Every account (no password hashes), by user name."""
    stmt = select(*[getattr(Account, c) for c in ACCOUNT_COLUMNS]).order_by(Account.username)
    return pd.DataFrame(session.execute(stmt).all(), columns=ACCOUNT_COLUMNS)


def update_account(session: Session, username: str, **fields) -> None:
    session.execute(update(Account).where(Account.username == username).values(**fields))


def active_admins(session: Session) -> int:
    stmt = select(func.count()).select_from(Account).where(Account.role == "admin", Account.active.is_(True))
    return session.scalar(stmt)


def append_audit(session: Session, **fields) -> None:
    """Append one audit event (actor, action, target, region_code, batch_id, file_name, file_hash, detail)."""
    session.execute(insert(AuditEvent).values(at=utcnow(), **fields))


AUDIT_FIELDS = ["id", "at", "actor", "action", "target", "region_code", "batch_id", "file_name", "file_hash", "detail"]


def audit_frame(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> pd.DataFrame:
    """Audit events, newest first, filtered as asked (``until`` exclusive)."""
    stmt = select(*[getattr(AuditEvent, c) for c in AUDIT_FIELDS]).order_by(AuditEvent.id.desc())
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.at < until)
    frame = pd.DataFrame(session.execute(stmt).all(), columns=AUDIT_FIELDS)
    frame["batch_id"] = frame["batch_id"].astype("Int64")
    return frame


def audit_actors(session: Session) -> list[str]:
    """Everyone named in the audit log, sorted (the 审计日志 page's person filter)."""
    return list(session.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))


def batch_regions(session: Session, batch_id: int) -> set[str]:
    """The regions whose values a batch inserted or replaced."""
    stmt = select(ObservationChange.region_code).where(ObservationChange.batch_id == batch_id).distinct()
    return set(session.scalars(stmt))
