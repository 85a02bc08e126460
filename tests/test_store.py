"""The store on SQLite and PostgreSQL: init-db, summaries from stored figures, changes recorded."""

import pandas as pd
import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from lawreport_data import api, report2022, store
from lawreport_data.models import Base
from lawreport_data.periods import Period


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
    with report_engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
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
    assert not city["synthetic"].any()
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
