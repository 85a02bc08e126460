"""The towns' sums: ``leaf_sum`` (the children's rows of every region whose parent has a parent,
summed per indicator and span, kept up to date with every write) and :func:`load_resolvable`,
which reads what resolving one region needs, far children summed in SQL."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import Integer, and_, case, cast, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from .. import catalog
from ..models import LeafSum, Observation, Region
from ..region_tree import children_of, preorder
from .observations import OBS_COLUMNS, OBS_SELECT, load_observations, normalise_obs, obs_filters
from .regions import regions_frame

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
    """What the metrics engine needs to resolve ``region``: observations (``OBS_COLUMNS`` and
    ``children``) and regions (``regions_frame``), resolving exactly as ``load_observations``
    of every region would.

    Rows of ``region`` and of every region below it are loaded, except the children of regions
    below ``region`` (not of ``region`` itself) whose children have no children (seen from the
    city: the towns under the counties; a county's own towns are loaded, to be listed). Those
    are summed in SQL (``leaf_sum``) per indicator, parent and span, for the children that hold
    every span of the group, when the sum is exact: the group's rows differ only in value and
    the values are whole numbers (so the order of addition does not matter). Such a sum is a
    row of the parent (a real region) whose ``children`` says how many children it sums (0 on
    every other row; see ``metrics``: those children have no rows of their own for the
    indicator). Other children are loaded as they are. Indicators that do not sum never read
    those children and are not loaded for them.
    """
    regions = regions_frame(session)
    children = children_of(zip(regions["code"].tolist(), regions["parent"].tolist(), strict=True))
    below = preorder(children, [region])[1:]
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
        return obs.assign(children=0), regions
    sums: list[pd.DataFrame] = []  # the children's sums, each with its weight: how many children
    raw: dict[str, set[str]] = {}  # indicator -> children loaded as they are
    partial = []
    leaf = _leaf_sums(session, collapsible, summable, years, max_year)
    if len(leaf):  # per (indicator, parent) group, in the order the groups first appear
        groups = leaf.groupby(["indicator", "parent"], sort=False)
        exact = _exact_groups(leaf)
        kids = leaf["parent"].map({p: len(children[p]) for p in leaf["parent"].unique()})
        full = (leaf["n"] == kids).groupby([leaf["indicator"], leaf["parent"]], sort=False).transform("all")
        ok = exact.reindex(pd.MultiIndex.from_frame(leaf[["indicator", "parent"]])).to_numpy(dtype=bool)
        whole = ok & full.to_numpy(dtype=bool)  # every child holds every span: the sums are all it needs
        order = np.argsort(groups.ngroup().to_numpy()[whole], kind="stable")
        sums.append(leaf[whole].iloc[order].assign(weight=kids[whole].iloc[order]))
        for (indicator, parent), exact_sum in exact.items():
            if not exact_sum:
                raw.setdefault(indicator, set()).update(children[parent])
        for (indicator, parent), g in leaf[ok & ~whole].groupby(["indicator", "parent"], sort=False):
            partial.append((indicator, parent, g))
    pending = []
    if partial:  # the children holding every span of the group are summed, the others stay rows
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
        sums.append(g.assign(weight=weight))
    parts = [obs.assign(children=0), loose.assign(children=0)]
    if sums:
        summed = pd.concat(sums, ignore_index=True)
        parts.append(
            pd.DataFrame(
                {
                    "indicator": summed["indicator"],
                    "region": summed["parent"],
                    "year": summed["year"],
                    "start": summed["start"],
                    "end": summed["end"],
                    "value": summed["value"],
                    "origin": summed["min_origin"],
                    "source": summed["min_source_text"],
                    **{c: summed[f"min_{c}"] for c in ("qualifier", "status", "batch_id", "as_of")},
                    "synthetic": summed["min_synthetic"].fillna(0).astype(bool),
                    "children": summed["weight"],
                }
            )
        )
    frame = pd.concat([p for p in parts if len(p)] or parts[:1], ignore_index=True)
    return normalise_obs(frame).assign(children=frame["children"].astype("int64")), regions


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
        code: parent
        for code, parent in zip(regions["code"].tolist(), regions["parent"].tolist(), strict=True)
        if isinstance(parent, str)
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


def _exact_groups(frame: pd.DataFrame) -> pd.Series:
    """Per (indicator, parent) group of ``leaf_sum`` rows: whether its rows differ only in value,
    and its values are whole numbers small enough that summing them in any order gives the same
    float (each column of ``_UNIFORM`` empty in every row, or in none and one value throughout).

    >>> rows = pd.DataFrame({"indicator": ["a", "a", "b"], "parent": ["p", "p", "p"], "n": [2, 2, 2],
    ...     "fractional": [0, 0, 0], "abs_sum": [3.0, 4.0, 5.0],
    ...     **{f"{k}_{c}": [2, 2, 2] if k == "count" else ["x", "x", "y"] for c in _UNIFORM for k in ("count", "min", "max")}})
    >>> _exact_groups(rows).to_dict()
    {('a', 'p'): True, ('b', 'p'): True}
    >>> _exact_groups(rows.assign(max_status=["x", "z", "y"])).to_dict()  # one span's children differ
    {('a', 'p'): False, ('b', 'p'): True}
    >>> _exact_groups(rows.assign(count_origin=[1, 2, 2], fractional=[0, 0, 1])).to_dict()  # a row without one; a fraction
    {('a', 'p'): False, ('b', 'p'): False}
    """
    groups = frame.groupby(["indicator", "parent"], sort=False)
    exact = (groups["fractional"].sum() == 0) & (groups["abs_sum"].sum() < _EXACT_SUM_LIMIT)
    n = groups["n"].sum()
    for c in _UNIFORM:
        counted = groups[f"count_{c}"].sum()
        lows, highs = groups[f"min_{c}"], groups[f"max_{c}"]
        one = (lows.nunique(dropna=False) == 1) & (highs.nunique(dropna=False) == 1) & (lows.first() == highs.first())
        exact &= (counted == 0) | ((counted == n) & one)
    return exact


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
    return pd.read_sql(obs_filters(stmt, None, years, max_year), session.connection())


def _rows_of(session: Session, wanted: dict[str, set[str]], years, max_year) -> pd.DataFrame:
    """The rows of some regions for some indicators (``{indicator: regions}``)."""
    if not wanted:
        return normalise_obs(pd.DataFrame(columns=OBS_COLUMNS))
    o = Observation
    stmt = select(*OBS_SELECT).where(
        or_(*(and_(o.indicator_code == i, o.region_code.in_(sorted(regs))) for i, regs in sorted(wanted.items())))
    )
    return normalise_obs(pd.read_sql(obs_filters(stmt, None, years, max_year), session.connection()))
