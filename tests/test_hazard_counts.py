"""The hazard figures counted in the database (``store.hazard_counts``, what ``api.hazard_breakdown``
and ``api.hazard_summary`` read), on SQLite and PostgreSQL: for random hazards, some re-sent with
dates filled in or cleared and some retired by a full re-send, every grouping, span, region and
as-of day gives the figures ``hazard_figures`` works out from the records themselves."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from lawreport_data import api, catalog, hazard_figures, store
from lawreport_data.periods import Period
from lawreport_data.store import hazard_reads, hazard_writes
from tests.accident_data import TOWNS, add_towns
from tests.hazard_data import as_records


def core_counts(session, **kw) -> pd.DataFrame:
    """``store.hazard_counts`` of what every figure is made of (``hazard_figures.COUNT_COLUMNS``)."""
    return store.hazard_counts(session, **kw)[["group", *hazard_figures.COUNT_COLUMNS]]


pytestmark = pytest.mark.store

REGIONS = ["320723", "320722", "LYG-XW", *TOWNS]
DAY = np.timedelta64(1, "D")


def random_hazards(seed: int, n: int) -> pd.DataFrame:
    """``n`` hazards found in 2021–2022 in REGIONS (the ledger reader's columns): deadlines, completions
    (some late, some on the deadline's day, some missing) at the day, as the reader gives them."""
    rng = np.random.default_rng(seed)
    found = np.datetime64("2021-01-01") + rng.integers(0, 730, size=n) * DAY
    major = rng.random(n) < 0.2
    deadline = np.where(major | (rng.random(n) < 0.7), found + rng.integers(0, 60, size=n) * DAY, np.datetime64("NaT"))
    done = np.where(rng.random(n) < 0.75, found + rng.integers(0, 90, size=n) * DAY, np.datetime64("NaT"))
    frame = pd.DataFrame(
        {
            "key": [f"K{seed}-{i:04d}" for i in range(n)],
            "level": np.where(major, "major", "general"),
            "found_on": pd.to_datetime(found),
            "deadline": pd.to_datetime(deadline),
            "rectified_on": pd.to_datetime(done),
            "supervision": rng.choice([*catalog.HAZARD_SUPERVISION, None], size=n),
            "source": rng.choice([*catalog.HAZARD_SOURCES, None], size=n),
            "region": rng.choice(REGIONS, size=n),
        }
    )
    out = as_records(frame)
    out["sector"] = rng.choice([*list(catalog.ACCIDENT_SECTORS)[:4], None], size=n)
    return out


def send(engine, records: pd.DataFrame, *, scope=None) -> None:
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
        hazard_writes.apply_hazards(s, records, batch_id=batch, user="analyst", replace_scope=scope)


@pytest.fixture
def engine(empty_engine):
    """A store holding random hazards, re-sent: completions filled in and cleared, and 灌云县's 2022
    sent in full again without a tenth of its hazards (retired)."""
    engine = add_towns(empty_engine)
    first = random_hazards(15, 400)
    send(engine, first)
    rng = np.random.default_rng(16)
    again = first.copy()
    pick = rng.random(len(again)) < 0.3
    again.loc[pick, "rectified_on"] = again.loc[pick, "found_on"] + pd.to_timedelta(
        rng.integers(0, 40, pick.sum()), "D"
    )
    again.loc[rng.random(len(again)) < 0.05, "rectified_on"] = pd.NaT
    mine = again["region"].str.startswith("320723") & (again["found_on"].dt.year == 2022)
    dropped = mine & (rng.random(len(again)) < 0.1)
    send(engine, again[~dropped].reset_index(drop=True), scope=(["320723"], "2022-01-01", "2022-12-31"))
    return engine


SPANS = [("2022-01-01", "2022-12-31"), ("2021-03-01", "2022-02-28"), ("2022-06-01", "2022-06-30")]
DAYS = ["2022-12-31", "2022-03-15", "2021-06-30", "2023-06-30"]


@pytest.mark.parametrize("regions", [None, "320723", "320723101", ["320722", "LYG-XW"]])
def test_the_counts_made_in_the_database_are_those_of_the_records(engine, regions):
    with store.session_factory(engine)() as s:
        for start, end in SPANS:
            records = hazard_reads.hazard_records(s, regions=regions, start=start, end=end)
            assert len(records)
            for day in DAYS:
                total = core_counts(s, as_of=day, regions=regions, start=start, end=end)
                assert total.drop(columns="group").to_dict("records") == [hazard_figures.counts(records, day)]
                for by in hazard_figures.HAZARD_GROUPINGS:
                    counted = core_counts(s, as_of=day, by=by, regions=regions, start=start, end=end)
                    pd.testing.assert_frame_equal(
                        hazard_figures.grouped_of(counted), hazard_figures.grouped(records, day, by), obj=(by, day)
                    )


def test_the_breakdown_and_summary_are_the_figures_of_the_records(engine):
    period, day = Period.parse("2022-01..2022-11"), "2022-12-15"
    with store.session_factory(engine)() as s:
        records = hazard_reads.hazard_records(s, regions="320723", start="2022-01-01", end="2022-11-30")
    assert api.hazard_summary(engine, period, "灌云县", as_of=day) == {
        **hazard_figures.figures(records, day),
        "synthetic": False,
    }
    got = api.hazard_breakdown(engine, period, "灌云县", by="region", as_of=day)
    want = hazard_figures.grouped(records, day, "region")
    pd.testing.assert_frame_equal(got.drop(columns="label"), want)
    assert got["label"].tolist() == ["灌云县", *(f"town{t}" for t in sorted(TOWNS) if TOWNS[t] == "320723")]
    empty = api.hazard_summary(engine, Period.parse("2019"), None, as_of="2019-12-31")
    assert empty == {**hazard_figures.figures(records.iloc[:0], "2019-12-31"), "synthetic": False}
    assert api.hazard_breakdown(engine, Period.parse("2019"), None, by="level").empty
