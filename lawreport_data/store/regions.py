"""The catalog in the store: regions and indicators synced from ``catalog``, towns added."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.orm import Session, aliased

from .. import catalog
from ..models import Indicator, Region
from ..region_tree import children_of, preorder
from .sessions import bump_data_version

if TYPE_CHECKING:  # regions_under and the names are read without pandas (records hazards --by)
    import pandas as pd


def sync_catalog(session: Session) -> None:
    """Make the region and indicator tables hold the catalog (insert or update; never delete)."""
    session.info.pop(TREE_KEY, None)
    have_regions = {code: parent for code, parent in session.execute(select(Region.code, Region.parent_code))}
    moved = False
    known = {r.code for r in catalog.REGION_LIST}
    for r in catalog.REGION_LIST:  # parents come first in the catalog
        parent = r.parent
        if parent is None and have_regions.get(r.code) not in (None, *known):
            # a catalog root the store put under a region of its own stays there (the city under
            # the province of a province's store, add_province)
            parent = have_regions[r.code]
        values = dict(name=r.name, kind=r.kind, parent_code=parent, sort_order=r.sort_order)
        if r.code in have_regions:
            moved = moved or have_regions[r.code] != parent
            session.execute(update(Region).where(Region.code == r.code).values(**values))
        else:
            session.execute(insert(Region).values(code=r.code, **values))
    if moved:  # whose rows are summed under which parent may have changed
        from .inspection_distinct import rebuild
        from .town_sums import refresh_leaf_sums

        refresh_leaf_sums(session)
        rebuild(session)  # and which enterprises each region's distinct count holds
    have_ind = set(session.scalars(select(Indicator.code)))
    rows = {
        i.code: dict(name=i.name, unit=i.unit, topic=i.topic, section=i.section, polarity=i.polarity,
                     aggregation=i.aggregation, parent_code=i.parent, monthly=i.monthly)
        for i in catalog.INDICATOR_LIST
    }  # fmt: skip
    for r in catalog.RATE_LIST:  # computed, never stored as observations: rows for the targets set on them
        numerator = catalog.INDICATORS[r.numerator]
        rows[r.code] = dict(name=r.name, unit=r.unit, topic=numerator.topic, section=numerator.section,
                            polarity=numerator.polarity, aggregation="rate", parent_code=None, monthly=False)  # fmt: skip
    for code, values in rows.items():
        if code in have_ind:
            session.execute(update(Indicator).where(Indicator.code == code).values(**values))
        else:
            session.execute(insert(Indicator).values(code=code, **values))


def regions_frame(session: Session) -> pd.DataFrame:
    """Regions in the store: code, name, kind, parent, sort_order."""
    stmt = select(
        Region.code, Region.name, Region.kind, Region.parent_code.label("parent"), Region.sort_order
    ).order_by(Region.sort_order, Region.code)
    import pandas as pd

    return pd.read_sql(stmt, session.connection())


def add_regions(session: Session, frame: pd.DataFrame) -> None:
    """Add many regions at once (columns code, name, kind, parent), e.g. the towns of a county."""
    rows = [
        dict(code=r["code"], name=r["name"], kind=r["kind"], parent_code=r["parent"], sort_order=1000)
        for r in frame.to_dict("records")
    ]
    if rows:
        session.info.pop(TREE_KEY, None)
        session.execute(insert(Region), rows)
        bump_data_version(session)


def add_province(session: Session) -> list[str]:
    """Make the store a province's: the province (江苏省) above the city, and the province's other
    cities beside it (their counties and towns are added as a county's towns are, ``add_regions``).
    Returns the codes added; a second call adds nothing and changes nothing."""
    have = dict(session.execute(select(Region.code, Region.parent_code)).all())
    added = []
    for r in (catalog.PROVINCE, *catalog.PROVINCE_CITIES):  # the province first: the cities' parent
        if r.code not in have:
            session.execute(insert(Region).values(code=r.code, name=r.name, kind=r.kind, parent_code=r.parent,
                                                  sort_order=r.sort_order))  # fmt: skip
            added.append(r.code)
    moved = catalog.CITY_CODE in have and have[catalog.CITY_CODE] != catalog.PROVINCE_CODE
    if moved:
        stmt = update(Region).where(Region.code == catalog.CITY_CODE).values(parent_code=catalog.PROVINCE_CODE)
        session.execute(stmt)
    if added or moved:
        session.info.pop(TREE_KEY, None)
        if moved:  # the counties' towns are now far children (leaf_sum), and the city's enterprises the province's
            from .inspection_distinct import rebuild
            from .town_sums import refresh_leaf_sums

            refresh_leaf_sums(session)
            rebuild(session)
        bump_data_version(session)
    return added


def add_region(session: Session, code: str, name: str, kind: str, parent: str) -> None:
    """Add a region (e.g. a town under a county)."""
    session.info.pop(TREE_KEY, None)
    session.execute(insert(Region).values(code=code, name=name, kind=kind, parent_code=parent, sort_order=1000))
    bump_data_version(session)


def regions_under(session: Session, codes) -> set[str] | None:
    """``codes`` and every region of the store under them (a county's towns), or None when one
    of them is the store's root (:func:`root_code`: every region, no filter needed)."""
    codes = {str(c) for c in codes}
    if root_code(session) in codes:
        return None
    return set(preorder(_children(session), codes))


def regions_above(session: Session, codes) -> set[str]:
    """``codes`` and every region of the store above them (a town's county, city and province)."""
    parents = {kid: parent for parent, kids in _children(session).items() if parent is not None for kid in kids}
    out: set[str] = set()
    for code in codes:
        node = str(code)
        while node is not None and node not in out:
            out.add(node)
            node = parents.get(node)
    return out


TREE_KEY = "lawreport_region_children"
"""Where a session keeps the region tree it has read (``Session.info``): a page's reads ask for the
regions under one many times (数据核对: once per figure sent). The store's writes of regions in
this module drop it; a session is short (a page's reads, one import)."""


def root_code(session: Session) -> str:
    """The store's whole area: the province in a province's store (:func:`add_province`), else
    the city."""
    tree = session.info.get(TREE_KEY)
    if tree is not None:
        roots = tree.get(None, [])
        return roots[0] if roots else catalog.CITY_CODE
    # the first region without a parent, in the tree's order: one row, not the whole table
    stmt = select(Region.code).where(Region.parent_code.is_(None)).order_by(Region.sort_order, Region.code).limit(1)
    return session.scalar(stmt) or catalog.CITY_CODE


def _children(session: Session) -> dict[str | None, list[str]]:
    """Each region's direct children in the store (under None: the regions without a parent, in
    the store's order), read once per session."""
    children = session.info.get(TREE_KEY)
    if children is None:
        stmt = select(Region.code, Region.parent_code).order_by(Region.sort_order, Region.code)
        children = session.info[TREE_KEY] = children_of(session.execute(stmt).tuples())
    return children


def region_names(session: Session) -> dict[str, str]:
    """Every region of the store: code → name (the catalog's and the towns added)."""
    return dict(session.execute(select(Region.code, Region.name)).all())


def find_region(session: Session, key: str) -> str | None:
    """The code of the store's region whose code or name is ``key`` (a town added to the store),
    or None; a name two regions share (鼓楼区 of 南京市 and of 徐州市) names one only with its
    parent's name before it (徐州市鼓楼区)."""
    key = str(key).strip()
    stmt = select(Region.code, Region.name).where(or_(Region.code == key, Region.name == key))
    rows = session.execute(stmt).all()
    if any(code == key for code, _ in rows):
        return key
    if rows:
        return rows[0][0] if len(rows) == 1 else None  # shared: not guessed
    parent = aliased(Region)
    splits = [(key[:i], key[i:]) for i in range(1, len(key))]  # (the parent's name, its own)
    stmt = select(Region.code).join(parent, Region.parent_code == parent.code).where(
        or_(*(and_(parent.name == a, Region.name == b) for a, b in splits)))  # fmt: skip
    found = session.scalars(stmt.limit(2)).all() if splits else []
    return found[0] if len(found) == 1 else None
