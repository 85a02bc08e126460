"""What the CLI and the dashboard call: each function opens and closes its own session.

The pages call these (through the UI's caching wrappers); the CLI calls the same ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from . import catalog, charts, dashboard, demo, metrics, report2022, store
from .db import database_url, make_engine, upgrade
from .periods import Period


class LookupError_(ValueError):
    """A region or indicator name that the catalog does not know."""


def open_engine(url: str | None = None) -> Engine:
    """An engine on ``url`` or, by default, ``LAWREPORT_DB_URL`` / the SQLite file under db/."""
    return make_engine(url or database_url())


@dataclass
class InitResult:
    report_new: int
    demo_new: int
    observations: int


def init_db(engine: Engine, *, demo_data: bool = False) -> InitResult:
    """Create or migrate the schema, load the catalog and the report's figures (idempotent).

    Stored figures are never overwritten (a correction made later survives a re-run); with
    ``demo_data`` the synthetic county months are added where no figure exists yet.
    """
    upgrade(engine)
    with store.session_factory(engine).begin() as session:
        store.sync_catalog(session)
        real = report2022.report_frame()
        report = store.apply_observations(session, real, overwrite=False, user="init-db")
        demo_new = 0
        if demo_data:
            demo_new = store.apply_observations(
                session, demo.demo_frame(real), overwrite=False, user="init-db --demo"
            ).new
        total = store.observation_count(session)
    return InitResult(report.new, demo_new, total)


def region_code(name_or_code: str | None) -> str:
    """A region's code from its code, name or alias; the city when empty."""
    if not name_or_code:
        return catalog.CITY_CODE
    key = name_or_code.strip()
    for r in catalog.REGION_LIST:
        if key in (r.code, r.name, *r.aliases):
            return r.code
    raise LookupError_(f"unknown region: {key!r}")


def data_version(engine: Engine) -> int:
    with store.session_factory(engine)() as session:
        return store.data_version(session)


def load_for(
    engine: Engine, period: Period, comparison: str = "yoy", indicators: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations needed to compute ``period`` and its comparison, and the regions."""
    years = [period.year - 1, period.year]
    with store.session_factory(engine)() as session:
        return store.load_observations(session, years=years, indicators=indicators), store.regions_frame(session)


def summary(engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy") -> pd.DataFrame:
    """One row per indicator with a value for the region and period (see ``metrics.summary``)."""
    code = region_code(region)
    obs, regions = load_for(engine, period, comparison)
    return metrics.summary(obs, code, period, comparison=comparison, regions=regions)


def topic_summary(
    engine: Engine, period: Period, region: str | None, topic: str, comparison: str = "yoy"
) -> pd.DataFrame:
    """Every indicator of a dashboard topic (see ``dashboard.topic_summary``)."""
    code = region_code(region)
    obs, regions = load_for(engine, period, comparison, indicators=[i.code for i in catalog.indicators_of_topic(topic)])
    return dashboard.topic_summary(obs, regions, code, period, topic, comparison)


def headline_summary(engine: Engine, period: Period, region: str | None, comparison: str = "yoy") -> pd.DataFrame:
    """The overview's indicators (``catalog.HEADLINE_INDICATORS``), year figures where the span has none."""
    code = region_code(region)
    codes = list(catalog.HEADLINE_INDICATORS)
    obs, regions = load_for(engine, period, comparison, indicators=codes)
    return dashboard.summary_with_fallback(obs, regions, code, period, codes, comparison)


def years_present(engine: Engine) -> list[int]:
    """Years that have any observation, newest first."""
    with store.session_factory(engine)() as session:
        return store.years_present(session)


def default_period(engine: Engine) -> Period | None:
    """The latest span with real data (for the report's figures: 2022年1-11月)."""
    with store.session_factory(engine)() as session:
        obs = store.load_observations(session, indicators=["accidents"], include_synthetic=False)
        if obs.empty:
            obs = store.load_observations(session, years=store.years_present(session)[:1])
    return dashboard.latest_span(obs)


def section_figures(
    engine: Engine,
    period: Period,
    region: str | None = None,
    comparison: str = "yoy",
    topics: list[str] | None = None,
) -> list[charts.ChartSpec]:
    """Every chart (house style) for a region and period, topic by topic; see ``charts.section_figures``."""
    code = region_code(region)
    obs, regions = load_for_charts(engine, period, topics)
    return charts.section_figures(obs, regions, code, period, comparison, topics)


def load_for_charts(
    engine: Engine, period: Period, topics: list[str] | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations of the charted indicators up to ``period``'s year (trends need earlier years)."""
    codes = sorted({c for t in topics or catalog.TOPICS for c in catalog.CHART_INDICATORS.get(t, ())})
    with store.session_factory(engine)() as session:
        obs = store.load_observations(session, indicators=codes, max_year=period.year)
        return obs, store.regions_frame(session)


def catalog_dict(engine: Engine | None = None) -> dict:
    """Regions (from the store when given, else the catalog) and indicators."""
    if engine is not None:
        with store.session_factory(engine)() as session:
            regions = store.regions_frame(session)
    else:
        regions = pd.DataFrame([vars(r) for r in catalog.REGION_LIST]).drop(columns="aliases")
    region_rows = [
        {
            "code": r["code"],
            "name": r["name"],
            "kind": r["kind"],
            "kind_label": catalog.REGION_KIND_LABELS.get(r["kind"], r["kind"]),
            "parent": r["parent"] if isinstance(r["parent"], str) else None,
        }
        for r in regions.to_dict("records")
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
            "parent": i.parent,
            "monthly": i.monthly,
            "aliases": list(i.aliases),
        }
        for i in catalog.INDICATOR_LIST
    ]
    return {"regions": region_rows, "indicators": indicator_rows}
