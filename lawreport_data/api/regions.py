"""Regions named by code, name or alias, and the catalog of regions and indicators."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from .. import catalog, store
from ..region_tree import children_of, preorder

if TYPE_CHECKING:  # `catalog` without --from-store loads neither pandas nor SQLAlchemy
    import pandas as pd
    from sqlalchemy import Engine


class LookupError_(ValueError):
    """A region or indicator name that the catalog does not know."""


def region_code(name_or_code: str | None) -> str:
    """A region's code from its code, name or alias in the catalog (the city's regions); the city
    when empty. :func:`resolve_region` also knows the store's regions (towns, a province's)."""
    if not name_or_code:
        return catalog.CITY_CODE
    key = name_or_code.strip()
    for r in catalog.REGION_LIST:
        if key in (r.code, r.name, *r.aliases):
            return r.code
    raise LookupError_(f"unknown region: {key!r}")


def region_choices(regions: pd.DataFrame) -> list[str]:
    """The regions a visitor chooses from (the store's ``regions_frame``, towns left out): the
    whole area first (the province of a province's store, else the city), then each region
    followed by the regions under it, in the store's order.

    >>> import pandas as pd
    >>> regions = pd.DataFrame({"code": ["320700", "320703", "320000", "320300", "320302", "320703001"],
    ...                         "kind": ["city", "district", "province", "city", "district", "town"],
    ...                         "parent": ["320000", "320700", None, "320000", "320300", "320703"]})
    >>> region_choices(regions)
    ['320000', '320700', '320703', '320300', '320302']
    >>> region_choices(regions[regions["kind"] != "province"].assign(parent=lambda f: f["parent"].where(
    ...     f["kind"] != "city")))  # a city's store: the catalog's city and a store's other roots
    ['320700', '320703', '320300', '320302']
    """
    shown = regions[regions["kind"] != "town"]
    codes = shown["code"].tolist()
    known = set(codes)
    children = children_of((c, p if p in known else None) for c, p in zip(codes, shown["parent"].tolist(), strict=True))
    roots = sorted(children.get(None, []), key=lambda c: (c != catalog.PROVINCE_CODE, c != catalog.CITY_CODE))
    return preorder(children, roots)


def region_labels(regions: pd.DataFrame) -> dict[str, str]:
    """Each region's name as the sidebar shows it: its own, or where two of the store's regions
    share it (鼓楼区 of 南京市 and of 徐州市) its parent's name before it (``importer.region_display_names``)."""
    from ..importer import region_display_names

    return region_display_names(regions)


def root_region(engine: Engine) -> str:
    """The store's whole area: the province of a province's store (``store.add_province``), else
    the city."""
    with store.session_factory(engine)() as session:
        return store.root_code(session)


def resolve_region(session, region: str | None) -> str:
    """A region's code in the store ``session`` reads: none given, the store's whole area
    (``store.root_code``: the city, or the province of a province's store); else the region whose
    code, name or alias (the catalog's) it is, a region of the store's own (a town, another city's
    county: by code, name, or its parent's name before a name two regions share, 徐州市鼓楼区) or,
    in a province's store, the province or a city by its alias (全省, 徐州). A name that could be
    either of two regions (高新区: 连云港's zone by the catalog's alias, another city's by name) is
    :class:`LookupError_`, as is one that names none."""
    if not region or not str(region).strip():
        return store.root_code(session)
    key = str(region).strip()
    found = set()
    with contextlib.suppress(LookupError_):
        found.add(region_code(key))
    if key not in found:  # (a catalog code: itself)
        in_store = store.find_region(session, key)
        if in_store is not None:
            found.add(in_store)
        for r in catalog.PROVINCE_REGIONS.values():
            if key in r.aliases and store.find_region(session, r.code) == r.code:
                found.add(r.code)
    if len(found) > 1:
        raise LookupError_(f"region {key!r} may be any of {sorted(found)}: give its code")
    if not found:
        raise LookupError_(f"unknown region: {key!r}")
    return found.pop()


def region_of(engine: Engine, region: str | None) -> str:
    """:func:`resolve_region` in a session of its own on ``engine``."""
    with store.session_factory(engine)() as session:
        return resolve_region(session, region)


def _regions(engine: Engine) -> pd.DataFrame:
    with store.session_factory(engine)() as session:
        return store.regions_frame(session)


def catalog_dict(engine: Engine | None = None) -> dict:
    """Regions (from the store when given, else the catalog) and indicators."""
    if engine is not None:
        regions = _regions(engine).to_dict("records")
    else:
        regions = [{k: v for k, v in vars(r).items() if k != "aliases"} for r in catalog.REGION_LIST]
    region_rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "kind": r["kind"],
            "kind_label": catalog.REGION_KIND_LABELS.get(r["kind"], r["kind"]),
            "parent": r["parent"] if isinstance(r["parent"], str) else None,
        }
        for r in regions
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
            "measure": i.measure,
            "since": i.since,
            "parent": i.parent,
            "monthly": i.monthly,
            "aliases": list(i.aliases),
        }
        for i in catalog.INDICATOR_LIST
    ]
    return {"regions": region_rows, "indicators": indicator_rows}
