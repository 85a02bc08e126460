"""What the dashboard's pages show: summaries, a section's data, the overview, the charts."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, charts, dashboard, metrics, overview_charts, store
from ..periods import Period
from . import distinct_stand_ins
from .regions import region_of


def load_for(
    engine: Engine, period: Period, indicators: list[str] | None = None, region: str | None = None, *, back: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations needed to compute ``period`` and its comparison (the year and the ``back``
    before it: one for 同比 and 环比, two for 比前年, five for 近五年同期平均), and the regions.

    With ``region``, only what resolving that region needs (``store.load_resolvable``: the
    region and those below it, far children summed in SQL); without, every region's rows."""
    years = list(range(period.year - back, period.year + 1))
    with store.session_factory(engine)() as session:
        if region is not None:
            return store.load_resolvable(session, region, indicators=indicators, years=years)
        return store.load_observations(session, years=years, indicators=indicators), store.regions_frame(session)


def summary(engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy") -> pd.DataFrame:
    """One row per indicator with a value for the region and period (see ``metrics.summary``); a
    distinct count not sent for the span from the inspection ledger where it gives it
    (``distinct_stand_ins``)."""
    code = region_of(engine, region)
    obs, regions = load_for(engine, period, region=code, back=metrics.COMPARISON_YEARS[comparison])
    frame = metrics.summary(obs, code, period, comparison=comparison, regions=regions)
    return _with_ledger_counts(
        engine, obs, frame, code, period, comparison,
        lambda o: metrics.summary(o, code, period, comparison=comparison, regions=regions),
    )[1]  # fmt: skip


def _with_ledger_counts(engine, obs, frame, code, period, comparison, summarise) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(``obs``, ``frame``), or where ``frame`` gives a distinct count as "—" or for another span
    (the year's), the observations with the ledger's counts of the span and its comparison span
    standing in where it has records, and ``summarise`` of them."""
    missing = distinct_stand_ins.missing_distinct(frame, period.label())
    if not missing:
        return obs, frame
    with store.session_factory(engine)() as session:
        extra = distinct_stand_ins.stand_ins(
            session, obs, missing, code, [period, *(metrics.comparison_spans(period, comparison) or [])]
        )
    if extra.empty:
        return obs, frame
    obs = pd.concat([obs, extra], ignore_index=True)
    return obs, summarise(obs)


def years_present(engine: Engine) -> list[int]:
    """Years that have any observation, newest first."""
    with store.session_factory(engine)() as session:
        return store.years_present(session)


def default_period(engine: Engine) -> Period | None:
    """The latest span with real data (for the report's figures: 2022年1-11月)."""
    with store.session_factory(engine)() as session:
        year = store.latest_year(session, indicators=["accidents"], include_synthetic=False)
        if year is not None:  # real accident figures: only their latest year matters
            keys = store.span_keys(session, indicators=["accidents"], years=[year], include_synthetic=False)
        else:
            keys = store.span_keys(session, years=store.years_present(session)[:1])
    return dashboard.latest_span(keys)


def section_figures(
    engine: Engine,
    period: Period,
    region: str | None = None,
    comparison: str = "yoy",
    topics: list[str] | None = None,
) -> list[charts.ChartSpec]:
    """Every chart (house style) for a region and period, topic by topic; see ``charts.section_figures``."""
    code = region_of(engine, region)
    obs, regions = load_for_charts(engine, period, topics, region=code)
    specs = charts.section_figures(obs, regions, code, period, comparison, topics)
    return specs + group_figures(engine, period, code, topics)


def group_figures(
    engine: Engine, period: Period, region: str | None = None, topics: list[str] | None = None
) -> list[charts.ChartSpec]:
    """The charts of figures that belong together (``catalog.CHART_GROUPS``) for a region and
    period: one read of their members for the period's year (see ``charts.group_charts``)."""
    code = region_of(engine, region)
    with store.session_factory(engine)() as session:
        obs, regions = store.load_resolvable(
            session, code, indicators=charts.group_members(topics), years=[period.year]
        )
    found = metrics.figures(obs, charts.group_members(topics), code, period, regions)
    return charts.group_charts(found, catalog.region_name(code, regions), topics)


@dataclass(frozen=True)
class TopicData:
    """What a section's page shows, from one read: its indicators' summary (``dashboard.topic_summary``)
    and, per charted indicator with at least one chart, the points of its charts (kind → points,
    ``charts.indicator_points``); ``charts`` draws those of the indicator a reader picks."""

    summary: pd.DataFrame
    region_name: str
    points: dict[str, dict[str, pd.DataFrame]]
    groups: list[charts.ChartSpec] = field(default_factory=list)  # charts.group_charts
    year_has_groups: bool = False  # a span without group charts whose year has some (a hint to choose 全年)

    def figures(self, indicator: str, period: Period, comparison: str = "yoy") -> list[charts.ChartSpec]:
        """``indicator``'s charts, as ``section_figures`` draws them."""
        return charts.indicator_charts(self.points.get(indicator, {}), self.region_name, period, indicator, comparison)


def topic_data(engine: Engine, period: Period, region: str | None, topic: str, comparison: str = "yoy") -> TopicData:
    """A section's summary, chart points and group charts, read once (the observations of its
    indicators up to the period's year): the same as reading the summary's years alone
    (:func:`load_for`) and ``section_figures`` of the topic."""
    code = region_of(engine, region)
    codes = [i.code for i in catalog.indicators_of_topic(topic)]
    charted = list(catalog.CHART_INDICATORS.get(topic, ()))
    with store.session_factory(engine)() as session:
        obs, regions = store.load_resolvable(
            session, code, indicators=sorted(set(codes) | set(charted)), max_year=period.year
        )
    # what load_for reads for the table: the year and those its comparison reads
    recent = obs[obs["year"] >= period.year - metrics.COMPARISON_YEARS[comparison]]
    frame = dashboard.topic_summary(recent, regions, code, period, topic, comparison)
    recent, frame = _with_ledger_counts(
        engine, recent, frame, code, period, comparison,
        lambda o: dashboard.topic_summary(o, regions, code, period, topic, comparison),
    )  # fmt: skip
    points = {}
    for indicator in charted:
        mine = charts.indicator_points(obs, regions, code, period, indicator, comparison)
        if mine:
            points[indicator] = mine
    name = catalog.region_name(code, regions)
    members = charts.group_members([topic])
    groups = charts.group_charts(metrics.figures(recent, members, code, period, regions), name, [topic])
    year_has_groups = False
    if not groups and not period.is_year:
        year = metrics.figures(recent, members, code, Period.year_of(period.year), regions)
        year_has_groups = any(len(charts.group_points(year, g)) for g in catalog.CHART_GROUP_LIST if g.topic == topic)
    return TopicData(frame, name, points, groups, year_has_groups)


def overview(
    engine: Engine, period: Period, region: str | None, comparison: str = "yoy"
) -> tuple[pd.DataFrame, list[charts.ChartSpec]]:
    """The overview's cards (``catalog.HEADLINE_INDICATORS``, year figures where the span has none)
    and the charts of ``catalog.OVERVIEW_CHARTS``: each one's 逐月走势 (this year, last year, the five
    years before's mean) and 各地区排名 (``overview_charts``)."""
    return overview_parts(engine, period, region, comparison)[:2]


def overview_parts(
    engine: Engine,
    period: Period,
    region: str | None,
    comparison: str = "yoy",
    charted: tuple[str, ...] = catalog.OVERVIEW_CHARTS,
) -> tuple:
    """:func:`overview`'s cards and the charts of ``charted``, and what was read for the charts (the
    headline indicators' and 双下降's observations of the period's year and the five before, the
    regions, the region's code): the overview's sentence needs no other read (``overview_page``)."""
    code = region_of(engine, region)
    codes = list(catalog.HEADLINE_INDICATORS)
    read = [*catalog.OVERVIEW_CHARTS, "double_decline"]
    back = metrics.COMPARISON_YEARS[comparison]
    # one read for the cards (the years their comparison needs) and the charts (five years before)
    both, regions = load_for(engine, period, indicators=sorted({*codes, *read}), region=code, back=max(back, 5))
    obs = both[both["indicator"].isin(codes) & (both["year"] >= period.year - back)]
    frame = dashboard.summary_with_fallback(obs, regions, code, period, codes, comparison)
    years = both[both["indicator"].isin(read)]
    ready = metrics.prepare(years, regions)
    name = catalog.region_name(code, regions)
    specs = [
        spec for indicator in charted for spec in overview_charts.overview_charts(ready, indicator, code, name, period)
    ]
    return frame, specs, years, regions, code


def load_for_charts(
    engine: Engine, period: Period, topics: list[str] | None = None, region: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Observations of the charted indicators up to ``period``'s year (trends need earlier years);
    with ``region``, only what charting that region needs (see :func:`load_for`)."""
    codes = sorted({c for t in topics or catalog.TOPICS for c in catalog.CHART_INDICATORS.get(t, ())})
    with store.session_factory(engine)() as session:
        if region is not None:
            return store.load_resolvable(session, region, indicators=codes, max_year=period.year)
        obs = store.load_observations(session, indicators=codes, max_year=period.year)
        return obs, store.regions_frame(session)
