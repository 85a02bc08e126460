"""The store on SQLite and PostgreSQL: init-db, summaries from stored figures, changes recorded."""

from dataclasses import replace

import pandas as pd
import pytest
from sqlalchemy import inspect

from lawreport_data import api, catalog, charts, dashboard, metrics, overview_charts, report2022, store
from lawreport_data.periods import Period
from tests.test_db import migration_diff


def test_init_db_loads_every_report_figure_with_its_sentence(report_engine, session_of):
    with session_of(report_engine) as s:
        stored = store.load_observations(s)
    assert len(stored) == len(report2022.FIGURES) + 2
    assert stored["source"].notna().all()
    assert not stored["synthetic"].any()


def test_init_db_twice_changes_nothing(report_engine, session_of):
    with session_of(report_engine) as s:
        before = store.load_observations(s).sort_values(store.KEY, ignore_index=True)
        version = store.data_version(s)
    result = api.init_db(report_engine)
    with session_of(report_engine) as s:
        after = store.load_observations(s).sort_values(store.KEY, ignore_index=True)
        assert store.data_version(s) == version
    assert result.report_new == 0
    pd.testing.assert_frame_equal(before, after)


def test_schema_is_made_by_migrations(report_engine):
    tables = set(inspect(report_engine).get_table_names())
    assert {"alembic_version", "observation", "region", "indicator", "import_batch", "observation_change"} <= tables


def test_the_migrated_schema_is_the_models_with_no_index_beyond_the_key_on_observation(report_engine):
    assert migration_diff(report_engine) == []
    indexes = {i["name"] for i in inspect(report_engine).get_indexes("observation")}
    assert "ix_observation_region_year" not in indexes


def test_summary_of_jan_to_nov_gives_accidents_and_deaths_with_their_declines(report_engine):
    s = api.summary(report_engine, Period(2022, 1, 11)).set_index("indicator")
    assert s.loc["accidents", ["value", "previous", "change_pct"]].tolist() == [70, 114, -38.6]
    assert s.loc["deaths", ["value", "previous", "change_pct"]].tolist() == [37, 56, -33.9]


def test_a_corrected_value_replaces_the_old_one_with_a_record(report_engine, session_of):
    fix = pd.DataFrame(
        [dict(indicator="accidents", region="320700", year=2022, start=1, end=11, value=71.0, origin="import")]
    )
    with store.session_factory(report_engine).begin() as s:
        result = store.apply_observations(s, fix, user="analyst")
    assert (result.new, result.changed) == (0, 1)
    with session_of(report_engine) as s:
        changes = store.changes_frame(s)
        value = store.load_observations(s, indicators=["accidents"], years=[2022])["value"].tolist()
    assert value == [71.0]
    change = changes.iloc[0]
    assert (change["action"], change["old_value"], change["new_value"], change["changed_by"]) == (
        "update",
        70.0,
        71.0,
        "analyst",
    )
    assert "70起" in change["old_source_text"]


def test_re_applying_the_same_values_changes_nothing(report_engine, session_of):
    frame = report2022.report_frame()
    with store.session_factory(report_engine).begin() as s:
        version = store.data_version(s)
        result = store.apply_observations(s, frame)
        assert store.data_version(s) == version
    assert (result.new, result.changed, result.unchanged) == (0, 0, len(frame))


def test_demo_data_never_overwrites_a_real_figure(demo_engine, session_of):
    with session_of(demo_engine) as s:
        city = store.load_observations(s, regions=["320700"], years=[2022])
        synthetic = store.observation_count(s, synthetic=True)
    reported = city["indicator"].isin(set(report2022.report_frame()["indicator"]))
    assert reported.any() and not city.loc[reported, "synthetic"].any()  # the city's figures are the report's
    assert set(city.loc[~reported, "indicator"]) <= {"gdp", "icm_employment", "motor_vehicles"}  # demo denominators
    assert city.set_index("indicator").loc["accidents", "value"] == 70.0
    assert synthetic > 0


def test_demo_counties_add_up_to_the_report(demo_engine):
    s = api.summary(demo_engine, Period(2022, 1, 11)).set_index("indicator")
    assert s.loc["accidents", "value"] == 70 and s.loc["accidents", "warnings"] == []
    county = api.summary(demo_engine, Period(2022, 1, 11), "灌云县").set_index("indicator")
    assert county.loc["accidents", "synthetic"]


def test_removing_demo_data_keeps_the_report(demo_engine, session_of):
    with store.session_factory(demo_engine).begin() as s:
        assert store.delete_synthetic(s) > 0
    with session_of(demo_engine) as s:
        assert store.observation_count(s) == len(report2022.FIGURES) + 2


def test_unknown_region_is_refused_by_name(report_engine):
    with pytest.raises(api.LookupError_):
        api.summary(report_engine, Period(2022, 1, 11), "火星县")


def test_a_town_can_be_added_under_a_county(empty_engine, session_of):
    with store.session_factory(empty_engine).begin() as s:
        store.add_region(s, "320723100", "伊山镇", "town", "320723")
    with session_of(empty_engine) as s:
        regions = store.regions_frame(s).set_index("code")
    assert regions.loc["320723100", "parent"] == "320723"


# --- loading what one region needs: far children summed in SQL ---------------------------------

TOWNS = {"320723": ["320723101", "320723102", "320723103"], "320722": ["320722101", "320722102"]}


def _towns_store(engine, rows):
    """Towns under 灌云县 and 东海县, with monthly rows (indicator, town, year, month, value[, fields])."""
    towns = pd.DataFrame([dict(code=t, name=f"镇{t}", kind="town", parent=c) for c, ts in TOWNS.items() for t in ts])
    frame = pd.DataFrame(
        [
            dict(
                indicator=i,
                region=t,
                year=y,
                start=m,
                end=m,
                value=v,
                origin="import",
                **{"qualifier": "", "status": "final", **(r[5] if len(r) > 5 else {})},
            )
            for r in rows
            for i, t, y, m, v in [r[:5]]
        ]
    )
    with store.session_factory(engine).begin() as s:
        store.add_regions(s, towns)
        store.apply_observations(s, frame)


def _every_town(indicator="accidents", value=lambda t, y, m: float((int(t[-1]) + m + y) % 4), skip=()):
    return [
        (indicator, t, y, m, value(t, y, m))
        for ts in TOWNS.values()
        for t in ts
        for y in (2021, 2022)
        for m in range(1, 13)
        if (t, y, m) not in skip
    ]


BOTH = {"320723", "320722"}  # the counties whose towns are summed in SQL (into rows of the county)
TOWN_DATA = {
    "every town every month": (_every_town() + _every_town("deaths"), BOTH),
    "a town misses a month": (_every_town(skip={("320723102", 2022, 2)}), BOTH),
    "a town misses everything": (
        _every_town(skip={("320722102", y, m) for y in (2021, 2022) for m in range(13)}),
        BOTH,
    ),
    "one figure approximate": (
        [*_every_town(skip={("320723101", 2022, 1)}), ("accidents", "320723101", 2022, 1, 9.0, {"qualifier": "约"})],
        {"320722"},
    ),
    "fractional values": (_every_town("direct_loss", value=lambda t, y, m: m / 3), set()),
    "a town provisional": (
        [
            *_every_town(skip={("320722101", 2022, 3)}),
            ("accidents", "320722101", 2022, 3, 2.0, {"status": "provisional"}),
        ],
        {"320723"},
    ),
}


@pytest.mark.parametrize("case", list(TOWN_DATA))
def test_what_one_region_needs_resolves_like_every_row(empty_engine, session_of, case):
    rows, summed_in_sql = TOWN_DATA[case]
    _towns_store(empty_engine, rows)
    with store.session_factory(empty_engine).begin() as s:  # 灌云县's own figure: compared with its towns
        store.apply_observations(
            s,
            pd.DataFrame(
                [dict(indicator="accidents", region="320723", year=2022, start=1, end=6, value=1.0, origin="import")]
            ),
        )
    with session_of(empty_engine) as s:
        every = store.load_observations(s), store.regions_frame(s)
        needed = {code: store.load_resolvable(s, code) for code in ("320700", "320723", "320722101")}
    city_obs = needed["320700"][0]
    assert set(city_obs.loc[city_obs["children"] > 0, "region"]) == summed_in_sql
    assert (needed["320723"][0]["children"] == 0).all(), "a region's own children are listed, never summed"
    for obs, regions in needed.values():  # the engine is given only real regions
        assert set(obs["region"]) <= set(every[1]["code"]) and regions.equals(every[1])
    for code, (obs, regions) in needed.items():
        for period in (Period(2022, 1, 6), Period(2022, 2, 2), Period.year_of(2022), Period(2022, 4, 6)):
            for comparison in ("yoy", "mom"):
                expected = metrics.summary(every[0], code, period, comparison=comparison, regions=every[1])
                got = metrics.summary(obs, code, period, comparison=comparison, regions=regions)
                pd.testing.assert_frame_equal(got, expected)
        period = Period(2022, 1, 6)
        for old, new in zip(
            charts.section_figures(*every, code, period),
            charts.section_figures(obs, regions, code, period),
            strict=True,
        ):
            pd.testing.assert_frame_equal(new.data, old.data)
    city = metrics.summary(*needed["320700"][:1], "320700", Period(2022, 1, 6), regions=needed["320700"][1])
    if case == "every town every month":  # 灌云县's own figure is still compared with its towns
        assert any("不一致" in w for w in city["warnings"].iloc[0])


def test_the_city_reads_sums_of_towns_not_their_rows(empty_engine, session_of):
    _towns_store(empty_engine, _every_town())
    with session_of(empty_engine) as s:
        obs, regions = store.load_resolvable(s, "320700", years=[2022])
    assert not obs["region"].isin([t for ts in TOWNS.values() for t in ts]).any()
    summed = obs[obs["children"] > 0].groupby("region")["children"].unique()
    assert {region: n.tolist() for region, n in summed.items()} == {"320723": [3], "320722": [2]}
    assert len(obs) == 2 * 12  # one row of the towns' sum per county and month


def _stored_leaf_sums_are_live(engine) -> pd.DataFrame:
    """leaf_sum's rows, asserted equal to the sums computed from the observations."""
    with store.session_factory(engine)() as s:
        stored, live = store.stored_leaf_sums(s), store.live_leaf_sums(s)
    pd.testing.assert_frame_equal(stored, live, check_dtype=False)
    return stored


def _town_rows(indicator, year, month, value, **fields):
    return pd.DataFrame(
        [
            dict(indicator=indicator, region=t, year=year, start=month, end=month, value=value, origin="import")
            | fields
            for ts in TOWNS.values()
            for t in ts
        ]
    )


def test_leaf_sums_follow_every_write_of_observations(empty_engine):
    _towns_store(empty_engine, _every_town())
    sums = _stored_leaf_sums_are_live(empty_engine)
    assert set(sums["parent_code"]) == BOTH and len(sums) == 2 * 2 * 12  # two counties, 24 months
    march = (sums["parent_code"] == "320723") & (sums["year"] == 2022) & (sums["start_month"] == 3)
    before = float(sums.loc[march, "value"].iloc[0])

    with store.session_factory(empty_engine).begin() as s:  # a batch corrects one town's March
        batch = store.create_batch(s, file_name="fix.csv", file_hash="x" * 64)
        fix = pd.DataFrame([dict(indicator="accidents", region="320723101", year=2022, start=3, end=3, value=50.0,
                                 origin="import")])  # fmt: skip
        store.apply_observations(s, fix, batch_id=batch)
    sums = _stored_leaf_sums_are_live(empty_engine)
    assert float(sums.loc[march, "value"].iloc[0]) != before

    with store.session_factory(empty_engine).begin() as s:  # undone: the old sum is back
        store.undo_batch(s, batch)
    assert float(_stored_leaf_sums_are_live(empty_engine).loc[march, "value"].iloc[0]) == before

    with store.session_factory(empty_engine).begin() as s:  # synthetic towns' months, then removed
        store.apply_observations(s, _town_rows("deaths", 2022, 5, 1.0, synthetic=True))
    assert "deaths" in set(_stored_leaf_sums_are_live(empty_engine)["indicator_code"])
    with store.session_factory(empty_engine).begin() as s:
        assert store.delete_synthetic(s) == 5
    assert "deaths" not in set(_stored_leaf_sums_are_live(empty_engine)["indicator_code"])

    with store.session_factory(empty_engine).begin() as s:  # a county's own figure is not a town's
        store.apply_observations(
            s, pd.DataFrame([dict(indicator="injuries", region="320723", year=2022, start=1, end=1, value=3.0,
                                  origin="import")]),
        )  # fmt: skip
    assert "injuries" not in set(_stored_leaf_sums_are_live(empty_engine)["indicator_code"])


def _stored_spans_are_live(engine) -> set[tuple]:
    """observation_span's rows as (indicator, year, start, end, synthetic), asserted equal to the
    spans read from the observations."""
    with store.session_factory(engine)() as s:
        stored, live = store.stored_observation_spans(s), store.live_observation_spans(s)
    pd.testing.assert_frame_equal(stored, live, check_dtype=False)
    return set(stored.itertuples(index=False, name=None))


def _row(indicator="injuries", year=2019, month=4, value=1.0, **fields):
    return dict(indicator=indicator, region="320723", year=year, start=month, end=month, value=value,
                origin="import") | fields  # fmt: skip


# Each step writes through the store; the spans it must leave (of injuries, 2019) follow.
SPAN_STEPS = {
    "a batch adds a span": (lambda s, b: store.apply_observations(s, pd.DataFrame([_row()]), batch_id=b), {(4, False)}),
    "a synthetic row beside a real one": (
        lambda s, b: store.apply_observations(s, pd.DataFrame([_row(region="320722", synthetic=True)])),
        {(4, False), (4, True)},
    ),
    "a row made real loses the synthetic span": (
        lambda s, b: store.apply_observations(s, pd.DataFrame([_row(region="320722", value=2.0)])),
        {(4, False)},
    ),
    "a skipped row adds nothing": (
        lambda s, b: store.apply_observations(s, pd.DataFrame([_row(value=7.0, synthetic=True)]), overwrite=False),
        {(4, False)},
    ),
    "a replaced row made synthetic": (
        lambda s, b: store.apply_observations(s, pd.DataFrame([_row(value=7.0, synthetic=True)])),
        {(4, False), (4, True)},
    ),
    "synthetic rows removed": (lambda s, b: store.delete_synthetic(s), {(4, False)}),
    "another month": (
        lambda s, b: store.apply_observations(s, pd.DataFrame([_row(month=5)]), batch_id=b),
        {(4, False), (5, False)},
    ),
    "its batch undone": (lambda s, b: store.undo_batch(s, b - 1), {(4, False)}),
}


def test_observation_spans_follow_every_write_of_observations(empty_engine):
    """The sidebar's years and default period read observation_span: after each kind of write it
    holds exactly the spans the observations have."""
    before = _stored_spans_are_live(empty_engine)
    assert not any(key[:2] == ("injuries", 2019) for key in before)
    for name, (write, expected) in SPAN_STEPS.items():
        with store.session_factory(empty_engine).begin() as s:
            batch = store.create_batch(s, file_name=f"{name}.csv", file_hash=f"{len(name):064d}")
            write(s, batch)
        spans = _stored_spans_are_live(empty_engine)
        assert {(k[2], k[4]) for k in spans if k[:2] == ("injuries", 2019)} == expected, name
    with store.session_factory(empty_engine)() as s:
        assert store.years_present(s) == sorted({k[1] for k in spans}, reverse=True) and 2019 in store.years_present(s)
        assert store.latest_year(s, indicators=["injuries"], include_synthetic=False) == max(
            k[1] for k in spans if k[0] == "injuries" and not k[4]
        )


def test_leaf_sums_are_rebuilt_when_the_catalog_moves_a_region(empty_engine, monkeypatch):

    _towns_store(empty_engine, _every_town())
    with store.session_factory(empty_engine).begin() as s:  # a county that was under the city is made top level
        county = next(r for r in catalog.REGION_LIST if r.code == "320722")
        monkeypatch.setattr(
            catalog, "REGION_LIST", [replace(r, parent=None) if r.code == "320722" else r for r in catalog.REGION_LIST]
        )  # fmt: skip
        assert county.parent is not None
        store.sync_catalog(s)
    assert set(_stored_leaf_sums_are_live(empty_engine)["parent_code"]) == {"320723"}


@pytest.mark.parametrize("topic", ["accidents", "enforcement", "complaints"])
def test_the_dashboards_reads_equal_those_over_every_row_on_the_demo_store(demo_engine, topic):
    for region in ("320700", "320723"):
        for period in (Period(2022, 1, 11), Period.year_of(2021), Period(2022, 5, 5)):
            old, new = api.load_for(demo_engine, period), api.load_for(demo_engine, period, region=region)
            pd.testing.assert_frame_equal(
                dashboard.topic_summary(*new, region, period, topic),
                dashboard.topic_summary(*old, region, period, topic),
            )
            old, new = api.load_for_charts(demo_engine, period), api.load_for_charts(demo_engine, period, region=region)
            for a, b in zip(
                charts.section_figures(*old, region, period, topics=[topic]),
                charts.section_figures(*new, region, period, topics=[topic]),
                strict=True,
            ):
                assert a.figure.to_plotly_json() == b.figure.to_plotly_json()


# --- two-read references: what the pages' one-read functions must equal -------------------------


def _topic_summary(engine, period, region, topic, comparison="yoy"):
    """A topic's table read on its own: the period's year and the one before."""
    code = api.region_code(region)
    codes = [i.code for i in catalog.indicators_of_topic(topic)]
    obs, regions = api.load_for(engine, period, indicators=codes, region=code)
    return dashboard.topic_summary(obs, regions, code, period, topic, comparison)


def _headline_summary(engine, period, region, comparison="yoy"):
    """The overview's cards read on their own."""
    code = api.region_code(region)
    codes = list(catalog.HEADLINE_INDICATORS)
    obs, regions = api.load_for(engine, period, indicators=codes, region=code)
    return dashboard.summary_with_fallback(obs, regions, code, period, codes, comparison)


def _overview_figures(engine, period, region, indicators):
    """The overview's charts of ``indicators`` from every observation of the store (nothing left out
    by region or year), as ``overview_charts`` draws them."""
    code = api.region_code(region)
    with store.session_factory(engine)() as session:
        ready = metrics.prepare(store.load_observations(session), store.regions_frame(session))
    name = catalog.region_name(code)
    return [s for i in indicators for s in overview_charts.overview_charts(ready, i, code, name, period)]


def _same_charts(got, wanted):
    assert [s.name for s in got] == [s.name for s in wanted]
    for a, b in zip(got, wanted, strict=True):
        pd.testing.assert_frame_equal(a.data, b.data)
        assert a.figure.to_plotly_json() == b.figure.to_plotly_json()


def _topic_page_matches(engine, region, period, topic, comparison):
    data = api.topic_data(engine, period, region, topic, comparison)
    got, wanted = data.summary, _topic_summary(engine, period, region, topic, comparison)
    # where the inspection ledger gives a distinct count no one sent for the span, it stands in for
    # the "—" (or the year's figure) the figures alone give (api.distinct_stand_ins); every other
    # row is the same
    ledger = got["origins"].map(lambda o: "inspection_ledger" in o).to_numpy()
    instead = wanted["value"].isna() | (wanted["period_label"] != period.label())
    assert instead[ledger].all() and set(got["indicator"][ledger]) <= {"enterprises_inspected"}
    assert (got["period_label"][ledger] == period.label()).all()
    pd.testing.assert_frame_equal(got[~ledger].reset_index(drop=True), wanted[~ledger].reset_index(drop=True))
    every = api.section_figures(engine, period, region, comparison, [topic])
    wanted = [s for s in every if s.indicator not in catalog.CHART_GROUPS]
    assert list(data.points) == list(dict.fromkeys(s.indicator for s in wanted))
    _same_charts([s for i in data.points for s in data.figures(i, period, comparison)], wanted)
    _same_charts(data.groups, [s for s in every if s.indicator in catalog.CHART_GROUPS])
    return len(every)


@pytest.mark.parametrize("topic", ["accidents", "emergency", "enforcement", "legal", "complaints", "special"])
def test_a_topic_pages_one_read_gives_its_table_and_every_chart(demo_engine, topic):
    drawn = 0
    for region in ("320700", "320723"):
        for period in (Period(2022, 1, 11), Period.year_of(2021), Period(2022, 5, 5)):
            for comparison in ("yoy", "mom"):
                drawn += _topic_page_matches(demo_engine, region, period, topic, comparison)
    assert drawn or topic == "special"


def test_a_topic_pages_one_read_sums_towns_like_its_two_reads(empty_engine):
    """Its read reaches back to earlier years, where a fractional figure keeps a county's towns
    from being summed in SQL; the table, read for two years, sums them: both give the same."""
    rows = [*_every_town(), *_every_town("deaths"), ("accidents", "320723101", 2019, 1, 0.5)]
    _towns_store(empty_engine, rows)
    for region in ("320700", "320723"):
        for period in (Period(2022, 1, 6), Period.year_of(2022)):
            assert _topic_page_matches(empty_engine, region, period, "accidents", "yoy")


@pytest.mark.parametrize("region", ["320700", "320723"])
def test_the_overviews_one_read_gives_its_cards_and_charts(demo_engine, region):
    for period in (Period(2022, 1, 11), Period(2022, 3, 3), Period.year_of(2021)):
        frame, specs = api.overview(demo_engine, period, region, "yoy")
        pd.testing.assert_frame_equal(frame, _headline_summary(demo_engine, period, region, "yoy"))
        _same_charts(specs, _overview_figures(demo_engine, period, region, ["accidents", "deaths"]))
        assert {s.kind for s in specs} == ({"trend", "ranking"} if region == "320700" else {"trend"})


def _old_default_period(session):
    """api.default_period as it was: every real accident row loaded."""
    obs = store.load_observations(session, indicators=["accidents"], include_synthetic=False)
    if obs.empty:
        obs = store.load_observations(session, years=store.years_present(session)[:1])
    return dashboard.latest_span(obs)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], "2022-01..2022-11"),  # the report alone
        ([("accidents", 2023, m, False) for m in (1, 2)], "2023-01..2023-02"),
        ([("accidents", 2023, m, True) for m in (1, 2, 3)], "2022-01..2022-11"),  # synthetic months never win
        ([("deaths", 2024, 1, False)], "2022-01..2022-11"),  # another indicator's later year does not count
    ],
)
def test_the_default_period_is_the_latest_real_span_of_accidents(report_engine, session_of, rows, expected):
    frame = pd.DataFrame(
        [
            dict(indicator=i, region="320723", year=y, start=m, end=m, value=1.0, origin="import", synthetic=syn)
            for i, y, m, syn in rows
        ],
        columns=["indicator", "region", "year", "start", "end", "value", "origin", "synthetic"],
    )
    with store.session_factory(report_engine).begin() as s:
        store.apply_observations(s, frame)
    with session_of(report_engine) as s:
        old = _old_default_period(s)
    assert str(api.default_period(report_engine)) == str(old) == expected


@pytest.mark.parametrize("synthetic", [True, False])
def test_without_real_accidents_the_default_period_is_the_latest_year_of_anything(empty_engine, session_of, synthetic):
    frame = pd.DataFrame(
        [
            dict(
                indicator="deaths",
                region="320723",
                year=2023,
                start=m,
                end=m,
                value=1.0,
                origin="import",
                synthetic=synthetic,
            )
            for m in (1, 2, 3)
        ]
        + [
            dict(
                indicator="drills",
                region="320723",
                year=2023,
                start=1,
                end=12,
                value=5.0,
                origin="import",
                synthetic=True,
            )
        ]
    )
    with store.session_factory(empty_engine).begin() as s:
        store.apply_observations(s, frame)
    with session_of(empty_engine) as s:
        old = _old_default_period(s)
        keys = store.span_keys(s, years=[2023])
    assert str(api.default_period(empty_engine)) == str(old) == ("2023-01..2023-03" if not synthetic else "2023")
    assert len(keys) == 4


@pytest.mark.parametrize("region", ["320700", "320723"])
def test_the_overviews_trend_is_the_topics_months_of_this_year_and_last(demo_engine, region):
    drawn = 0
    for period in (Period(2022, 1, 11), Period(2022, 3, 3), Period.year_of(2021)):
        trend = next(
            s for s in api.overview(demo_engine, period, region)[1] if s.kind == "trend" and s.indicator == "deaths"
        )
        for year, last, trace in ((period.year, period.end, 0), (period.year - 1, 12, 1)):
            months = [s for s in api.section_figures(demo_engine, Period(year, 1, last), region, "yoy", ["accidents"])
                      if s.kind == "months" and s.indicator == "deaths"]  # fmt: skip
            assert list(trend.figure.data[trace].y) == months[0].data["value"].tolist()
            drawn += 1
    assert drawn == 6
