"""The accident records' month sums (``accident_month_sum``), on SQLite and PostgreSQL: after every
kind of write (a first import, a 续报 moving records between months and regions, a full re-send
that retires, each undo) the stored sums are those counted from the records, and every total,
source and record count read from them equals the one counted from the records; the migration
fills them for a store that already holds records."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import delete, insert

from lawreport_data import catalog, store
from lawreport_data.db import upgrade
from lawreport_data.models import AccidentMonthSum, AccidentRecord
from lawreport_data.store import accident_reads
from tests.accident_data import TOWNS, add_towns, send, undo

pytestmark = pytest.mark.store

CITY = catalog.CITY_CODE
REGIONS = ["320723", "320722", "320724", "LYG-XW", *TOWNS]
SECTORS = list(catalog.ACCIDENT_SECTORS)[:5]
TYPES = list(catalog.ACCIDENT_TYPES)[:6]


def random_records(seed: int, n: int, prefix: str) -> pd.DataFrame:
    """``n`` records (the ledger reader's columns) at random times of 2021–2022 in REGIONS."""
    rng = np.random.default_rng(seed)
    minutes = rng.integers(0, 2 * 365 * 1440, size=n)
    deaths = rng.choice([0, 1, 3, 12], size=n, p=[0.6, 0.3, 0.07, 0.03])
    status = np.where(rng.random(n) < 0.15, "written_off", "counted")
    out = pd.DataFrame(
        {
            "key": [f"{prefix}{i:04d}" for i in range(n)],
            "record_no": None,
            "occurred_at": pd.Timestamp("2021-01-01") + pd.to_timedelta(minutes, unit="min"),
            "region": rng.choice(REGIONS, size=n).astype(object),
            "unit": "",
            "credit_code": None,
            "sector": rng.choice(SECTORS, size=n).astype(object),
            "industry": None,
            "type": rng.choice(TYPES, size=n).astype(object),
            "deaths": deaths.astype("int64"),
            "missing": rng.integers(0, 2, size=n).astype("int64"),
            "serious_injuries": rng.integers(0, 2, size=n).astype("int64"),
            "injuries": rng.integers(1, 4, size=n).astype("int64"),
            "direct_loss": np.round(rng.gamma(1.5, 40.0, size=n), 2),
            "grade": np.where(deaths >= 10, "major", np.where(deaths >= 3, "larger", "general")).astype(object),
            "status": status.astype(object),
            "write_off_reason": np.where(status == "written_off", "reason", None).astype(object),
            "summary": None,
            "source_row": np.arange(2, n + 2, dtype="int64"),
        }
    )
    return out[list(store.RECORD_COLUMNS)]


@pytest.fixture
def engine(empty_engine):
    return add_towns(empty_engine)


SPANS = [("2022-01-01", "2022-12-31"), ("2021-03-01", "2022-02-28")]
ASKED = [[CITY], ["320723101"], ["320723", "320722", "320724", CITY]]


def read_everything(engine) -> dict:
    """Every total, source and record count of SPANS and ASKED."""
    out = {}
    with store.session_factory(engine)() as s:
        for start, end in SPANS:
            for regions in ASKED:
                for by in [None, *store.ACCIDENT_GROUPINGS]:
                    out[start, tuple(regions), by] = store.accident_totals(
                        s, regions=regions, start=start, end=end, by=by
                    )
                sources = store.accident_sources(s, regions=regions, start=start, end=end)
                out[start, tuple(regions), "sources"] = sources.sort_values(
                    ["region", "status", "batch_id", "synthetic"], ignore_index=True
                )
                for filters in ({}, {"status": "written_off"}, {"status": "counted", "grade": ["larger", "major"]},
                                {"status": "counted", "sector": SECTORS[0]}):  # fmt: skip
                    where = {"regions": regions, "start": start, "end": end, **filters}
                    out[start, tuple(regions), str(filters)] = store.accident_page(s, filters=where, limit=1)[1]
    return out


def assert_sums_are_the_records(engine, monkeypatch) -> None:
    """The stored sums are those counted from the records, and every read from them equals the
    same read counted from the records."""
    with store.session_factory(engine)() as s:
        pd.testing.assert_frame_equal(store.stored_month_sums(s), store.live_month_sums(s))
    from_sums = read_everything(engine)
    with monkeypatch.context() as m:
        m.setattr(accident_reads, "whole_months", lambda start, end: None)  # every read counts the records
        m.setattr(accident_reads, "_count_from_sums", lambda session, filters: None)
        from_records = read_everything(engine)
    assert from_sums.keys() == from_records.keys()
    for key, got in from_sums.items():
        want = from_records[key]
        if isinstance(got, pd.DataFrame):
            pd.testing.assert_frame_equal(got, want, obj=str(key))
        else:
            assert got == want, key


@pytest.mark.parametrize("seed", [1, 2])
def test_month_sums_equal_the_records_after_imports_follow_ups_full_re_sends_and_undos(engine, monkeypatch, seed):
    first = random_records(seed, 160, "A")
    b1 = send(engine, first)
    assert_sums_are_the_records(engine, monkeypatch)

    # A second ledger: 续报 of 30 records (counts raised, some moved to another month or region,
    # some written off), 40 new ones, and a full re-send of 灌云县's 2022 retiring what it lacks.
    rng = np.random.default_rng(seed + 100)
    follow = first.sample(30, random_state=seed).copy()
    follow["deaths"] += 1
    follow["grade"] = np.where(follow["deaths"] >= 10, "major", np.where(follow["deaths"] >= 3, "larger", "general"))
    moved = rng.random(30) < 0.5
    follow.loc[moved, "occurred_at"] += pd.Timedelta(days=40)
    follow.loc[~moved, "region"] = rng.choice(REGIONS, size=int((~moved).sum()))
    follow.iloc[:3, follow.columns.get_loc("status")] = "written_off"
    follow.iloc[:3, follow.columns.get_loc("write_off_reason")] = "reason"
    kept = first[first["region"].str.startswith("320723") & (first["occurred_at"].dt.year == 2022)].iloc[::2]
    second = pd.concat([follow, kept[~kept["key"].isin(follow["key"])], random_records(seed + 7, 40, "B")])
    b2 = send(engine, second.reset_index(drop=True), scope=(["320723"], "2022-01-01", "2022-12-31"), synthetic=True)
    assert_sums_are_the_records(engine, monkeypatch)

    undo(engine, b2)
    assert_sums_are_the_records(engine, monkeypatch)
    undo(engine, b1)
    with store.session_factory(engine)() as s:
        assert store.stored_month_sums(s).empty
    assert_sums_are_the_records(engine, monkeypatch)


def test_rebuilding_the_month_sums_counts_them_again_from_the_records(engine):
    send(engine, random_records(3, 80, "A"))
    with store.session_factory(engine).begin() as s:
        live = store.live_month_sums(s)
        s.execute(delete(AccidentMonthSum).where(AccidentMonthSum.dimension == "type"))
        s.execute(insert(AccidentMonthSum), [dict(live.iloc[0].to_dict(), month="1999-01")])
        assert not store.stored_month_sums(s).equals(live)
        store.rebuild_month_sums(s)
        pd.testing.assert_frame_equal(store.stored_month_sums(s), live)


def test_upgrading_a_store_made_at_0008_fills_the_month_sums_of_its_records(store_at):
    engine = store_at("0008")
    records = random_records(4, 60, "M")
    records.loc[records.index[:5], "key"] = records["key"].iloc[:5] + "-retired"
    rows = [
        {**{k: (None if pd.isna(v) else v) for k, v in r.items()}, "retired": i < 5, "synthetic": i % 2 == 0,
         "batch_id": None, "updated_at": pd.Timestamp("2023-01-01")}
        for i, r in enumerate(records.assign(occurred_at=records["occurred_at"].dt.to_pydatetime()).to_dict("records"))
    ]  # fmt: skip
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
        store.add_regions(s, pd.DataFrame([dict(code=t, name=t, kind="town", parent=p) for t, p in TOWNS.items()]))
        s.execute(insert(AccidentRecord), rows)
    upgrade(engine)
    with store.session_factory(engine)() as s:
        stored, live = store.stored_month_sums(s), store.live_month_sums(s)
    assert len(stored) > 0
    pd.testing.assert_frame_equal(stored, live)
    engine.dispose()
