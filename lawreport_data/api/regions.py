"""Regions named by code, name or alias, and the catalog of regions and indicators."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import catalog, store

if TYPE_CHECKING:  # `catalog` without --from-store loads neither pandas nor SQLAlchemy
    import pandas as pd
    from sqlalchemy import Engine


class LookupError_(ValueError):
    """A region or indicator name that the catalog does not know."""


def region_code(name_or_code: str | None) -> str:
    """A region's code from its code, name or alias; the city when empty."""
    if not name_or_code:
        return catalog.CITY_CODE
    key = name_or_code.strip()
    for r in catalog.REGION_LIST:
        if key in (r.code, r.name, *r.aliases):
            return r.code
    raise LookupError_(f"unknown region: {key!r}")


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
