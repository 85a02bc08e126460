import datetime as dt

import pandas as pd
import pytest

from lawreport_data import demo, report2022


def test_demo_is_deterministic(demo_rows):
    pd.testing.assert_frame_equal(demo_rows, demo.demo_frame(report2022.report_frame()))


def test_every_demo_row_is_marked_synthetic(demo_rows):
    assert demo_rows["synthetic"].all() and (demo_rows["origin"] == "demo").all()


@pytest.mark.parametrize(
    ("indicator", "year", "end", "total"),
    [
        ("accidents", 2022, 11, 70),
        ("deaths", 2022, 11, 37),
        ("accidents", 2021, 11, 114),
        ("deaths", 2021, 11, 56),
        ("hazards_found", 2022, 12, 7481),
        ("general_hazards", 2022, 12, 7439),
        ("major_hazards", 2022, 12, 42),
        ("reward_amount", 2022, 11, 44980),
    ],
)
def test_county_months_add_up_to_the_reports_city_figure(demo_rows, indicator, year, end, total):
    rows = demo_rows[(demo_rows["indicator"] == indicator) & (demo_rows["year"] == year) & (demo_rows["end"] <= end)]
    assert rows["value"].sum() == total


def test_demo_covers_only_monthly_indicators_for_2018_to_2022(demo_rows):
    from lawreport_data import catalog

    assert all(catalog.INDICATORS[c].monthly for c in demo_rows["indicator"].unique())
    assert sorted(demo_rows["year"].unique()) == [2018, 2019, 2020, 2021, 2022]
    assert (demo_rows["start"] == demo_rows["end"]).all()


def test_no_demo_value_is_negative(demo_rows):
    assert (demo_rows["value"] >= 0).all()


@pytest.mark.parametrize("part", ["major_accidents", "deaths", "injuries", "direct_loss"])
def test_every_county_month_can_be_carried_by_accident_records(demo_rows, part):
    """No death, injury or loss in a month without an accident; no more deaths than its accidents
    can have by their grade (一般 at most 2, 较大 3 to 9), no more 较大 accidents than accidents."""
    grids = {
        (code, year): rows.pivot(index="region", columns="start", values="value").to_numpy()
        for (code, year), rows in demo_rows.groupby(["indicator", "year"])
    }
    for year in demo.YEARS:
        low, high = demo.accident_bounds(grids, year)[part]
        value = grids[part, year]
        assert ((value >= low) & (value <= high)).all(), (part, year)


@pytest.mark.parametrize(
    ("values", "low", "high", "expected"),
    [
        ([2, 0, 1], [0, 0, 0], [0, 3, 3], [0, 2, 1]),  # the excess goes where least is held
        ([0, 4], [3, 0], [9, 9], [3, 1]),  # a cell's least taken from the others
        ([1, 2], [0, 0], [5, 5], [1, 2]),  # within bounds: unchanged
    ],
)
def test_fit_within_moves_units_into_bounds_keeping_the_total(values, low, high, expected):
    import numpy as np

    v = np.array(values, dtype=float)
    demo.fit_within(v, np.array(low), np.array(high))
    assert v.tolist() == expected


@pytest.mark.parametrize(("county", "year"), [("320723", 2022), ("320703", 2019)])
def test_init_db_demo_writes_accident_records_that_add_up_to_the_demo_figures(db_url, county, year):
    """`init-db --demo`: the synthetic 事故台账 behind the demo's county months, each month's
    accidents, deaths and injuries the demo's figures; a second run adds nothing."""
    from lawreport_data import api, store

    engine = api.open_engine(db_url)
    first = api.init_db(engine, demo_data=True)
    again = api.init_db(engine, demo_data=True)
    assert first.demo_records > 0 and again.demo_records == 0
    with store.session_factory(engine)() as s:
        figures = store.load_observations(s, indicators=["accidents", "deaths", "injuries"], years=[year])
        totals = store.accident_totals(
            s, regions=[county], start=dt.date(year, 1, 1), end=dt.date(year, 12, 31), by="month"
        )
    engine.dispose()
    months = figures[(figures["region"] == county) & (figures["start"] == figures["end"])]
    expected = months.pivot_table(index="start", columns="indicator", values="value", aggfunc="sum")
    got = totals.assign(month=totals["group"].str[-2:].astype(int)).set_index("month")
    for indicator in ["accidents", "deaths", "injuries"]:
        want = {m: int(v) for m, v in expected[indicator].items() if v}
        have = {m: int(v) for m, v in got[indicator].items() if v}
        assert have == want, indicator


@pytest.mark.parametrize("year", [2018, 2022])
def test_init_db_demo_lists_written_off_records_but_counts_only_the_others(db_url, year):
    """The demo's 核销 records are stored with their 核销原因 and listed, and the city's counted
    accidents are still the sum of the demo's county months."""
    from lawreport_data import api, catalog, store
    from lawreport_data.ledgers.demo_accidents import WRITE_OFFS_PER_YEAR

    engine = api.open_engine(db_url)
    api.init_db(engine, demo_data=True)
    days = dict(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    with store.session_factory(engine)() as s:
        off, n_off = store.accident_page(s, filters=dict(regions=catalog.CITY_CODE, status="written_off", **days))
        _, n_all = store.accident_page(s, filters=dict(regions=catalog.CITY_CODE, **days))
        totals = store.accident_totals(s, regions=[catalog.CITY_CODE], **days)
        figures = store.load_observations(s, indicators=["accidents"], years=[year])
    engine.dispose()
    county_months = figures[(figures["region"] != catalog.CITY_CODE) & (figures["start"] == figures["end"])]
    assert n_off == WRITE_OFFS_PER_YEAR
    assert off["write_off_reason"].isin(catalog.DEMO_WRITE_OFF_REASONS).all() and off["synthetic"].all()
    assert int(totals["accidents"].sum()) == int(county_months["value"].sum()) == n_all - n_off
