"""The settled hazard records' sums (``hazard_settled_sum``), on SQLite and PostgreSQL: after every
kind of write (an import, a monthly re-send filling in and clearing dates, a full re-send that
retires, each undo, the demo records removed) the stored sums are those counted from the records;
a count on any day and in any grouping, read partly from them, equals the count of every record;
the migration fills them for a store that already holds records."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import insert, update

from lawreport_data import catalog, store
from lawreport_data.db import upgrade
from lawreport_data.ledgers.fields import HAZARD_RECORD_COLUMNS
from lawreport_data.models import HazardRecord, HazardSettledSum
from lawreport_data.store import hazard_counting, hazard_writes

pytestmark = pytest.mark.store

REGIONS = ["320723", "320722", "320724"]
SECTORS = list(catalog.ACCIDENT_SECTORS)[:4]


def random_hazards(seed: int, n: int, prefix: str) -> pd.DataFrame:
    """``n`` hazard records (the ledger reader's columns) found on random days from July 2021 to
    December 2022: some with no deadline, most rectified a random number of days later (some after
    their deadline), half of those accepted later still, the rest open."""
    rng = np.random.default_rng(seed)
    found = pd.Timestamp("2021-07-01") + pd.to_timedelta(rng.integers(0, 549, size=n), unit="D")
    level = np.where(rng.random(n) < 0.15, "major", "general")
    deadline = found + pd.to_timedelta(rng.integers(3, 60, size=n), unit="D")
    deadline = deadline.where((level == "major") | (rng.random(n) < 0.8))
    rectified = found + pd.to_timedelta(rng.integers(0, 120, size=n), unit="D")
    rectified = rectified.where(rng.random(n) < 0.75)
    accepted = rectified + pd.to_timedelta(rng.integers(0, 25, size=n), unit="D")
    accepted = accepted.where(rng.random(n) < 0.5)
    keys = [f"{prefix}{i:04d}" for i in range(n)]
    out = pd.DataFrame(
        {
            "key": keys,
            "record_no": keys,
            "company": [f"企业{i % 17}" for i in range(n)],
            "credit_code": None,
            "region": rng.choice(REGIONS, size=n).astype(object),
            "sector": rng.choice([*SECTORS, None], size=n).astype(object),
            "level": level.astype(object),
            "source": rng.choice([*catalog.HAZARD_SOURCES, None], size=n).astype(object),
            "description": [f"隐患{k}" for k in keys],
            "found_on": found,
            "deadline": deadline,
            "rectified_on": rectified,
            "accepted_on": accepted,
            "supervision": rng.choice(list(catalog.HAZARD_SUPERVISION), size=n).astype(object),
            "funds": np.nan,
            "source_row": np.arange(2, n + 2, dtype="int64"),
        }
    )
    return out[list(HAZARD_RECORD_COLUMNS)]


def send(engine, records: pd.DataFrame, *, scope=None, synthetic: bool = False) -> int:
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
        hazard_writes.apply_hazards(
            s, records, batch_id=batch, user="analyst", replace_scope=scope, synthetic=synthetic
        )  # fmt: skip
    return batch


def undo(engine, batch: int) -> None:
    with store.session_factory(engine).begin() as s:
        store.undo_batch(s, batch, "undoer")


def assert_sums_are_the_records(engine) -> None:
    with store.session_factory(engine)() as s:
        assert store.stored_settled_sums(s) == store.counted_settled_sums(s)


def every_record_counted(monkeypatch, session, **kwargs) -> list[dict]:
    """``hazard_count_rows`` as it counts a span that cuts a month: every record, no sums."""
    with monkeypatch.context() as m:
        m.setattr(hazard_counting, "_whole_months", lambda *_: None)
        return store.hazard_count_rows(session, **kwargs)


@pytest.mark.parametrize("seed", [1, 2])
def test_the_settled_sums_are_the_records_after_imports_re_sends_full_re_sends_undos_and_demo_removal(
    empty_engine, seed
):
    engine = empty_engine
    first = random_hazards(seed, 150, "A")
    b1 = send(engine, first)
    with store.session_factory(engine)() as s:
        assert len(store.stored_settled_sums(s)) > 0
    assert_sums_are_the_records(engine)

    # The monthly re-send: open hazards rectified, one rectification cleared, a deadline moved,
    # new hazards; then a full re-send of 灌云县 retiring what it lacks, and demo records.
    second = first.copy()
    still = second["rectified_on"].isna()
    second.loc[still, "rectified_on"] = second.loc[still, "found_on"] + pd.Timedelta(days=40)
    done = second.index[second["rectified_on"].notna() & ~still][:5]
    second.loc[done, ["rectified_on", "accepted_on"]] = pd.NaT
    second.loc[second.index[:7], "deadline"] += pd.Timedelta(days=31)
    b2 = send(engine, pd.concat([second, random_hazards(seed + 10, 30, "B")], ignore_index=True))
    assert_sums_are_the_records(engine)
    kept = second[second["region"] == "320723"].iloc[::2]
    b3 = send(engine, kept, scope=(["320723"], "2021-01-01", "2022-12-31"))
    assert_sums_are_the_records(engine)
    send(engine, random_hazards(seed + 20, 40, "D"), synthetic=True)
    assert_sums_are_the_records(engine)
    with store.session_factory(engine).begin() as s:
        assert hazard_writes.delete_synthetic_hazards(s) == 40
    assert_sums_are_the_records(engine)

    for batch in (b3, b2, b1):
        undo(engine, batch)
        assert_sums_are_the_records(engine)
    with store.session_factory(engine)() as s:
        assert store.stored_settled_sums(s) == []


DAYS = [
    "2021-09-30", "2021-10-01", "2022-01-01", "2022-01-31", "2022-02-01", "2022-03-15", "2022-05-31",
    "2022-06-01", "2022-09-30", "2022-12-31", "2023-02-28", "2023-06-30",
]  # fmt: skip


@pytest.mark.parametrize(
    ("start", "end"),
    [("2022-01-01", "2022-12-31"), ("2021-10-01", "2022-03-31"), (None, None), ("2022-06-01", None)],
)
@pytest.mark.parametrize("by", [None, "region", "month", "level", "source", "sector", "supervision"])
def test_a_count_read_partly_from_the_settled_sums_equals_the_count_of_every_record(
    empty_engine, monkeypatch, by, start, end
):
    engine = empty_engine
    send(engine, random_hazards(5, 300, "C"))
    with store.session_factory(engine)() as s:
        for day in DAYS:
            kwargs = dict(regions=catalog.CITY_CODE, start=start, end=end, as_of=day, by=by)
            assert store.hazard_count_rows(s, **kwargs) == every_record_counted(monkeypatch, s, **kwargs), day


@pytest.mark.parametrize(
    ("as_of", "from_sums"),
    [
        ("2022-01-31", False),  # settled in January: not before January, counted from the records
        ("2022-02-01", True),  # February: January's settled records come from their sums
        ("2022-12-31", True),
    ],
)
def test_records_settled_before_the_days_month_are_read_from_their_sums(empty_engine, as_of, from_sums):
    """H1 (found 2022-01-03, due 01-20, rectified 01-15) settles on 2022-01-21: a count on a day of
    a later month reads it from ``hazard_settled_sum`` (a count put there shows), one in January
    counts the record."""
    records = random_hazards(1, 1, "H").assign(
        region="320723", level="general", found_on=pd.Timestamp("2022-01-03"),
        deadline=pd.Timestamp("2022-01-20"), rectified_on=pd.Timestamp("2022-01-15"), accepted_on=pd.NaT,
    )  # fmt: skip
    send(empty_engine, records)
    with store.session_factory(empty_engine).begin() as s:
        assert store.stored_settled_sums(s)[0][6] == "2022-01"
        s.execute(update(HazardSettledSum).values(found=HazardSettledSum.found + 100))
        rows = store.hazard_count_rows(s, start="2022-01-01", end="2022-12-31", as_of=as_of)
    assert rows[0]["found"] == (101 if from_sums else 1)
    assert rows[0]["rectified"] == 1 and rows[0]["on_time"] == 1


def test_upgrading_a_store_made_at_0011_fills_the_settled_sums_of_its_records(store_at):
    engine = store_at("0011")
    records = random_hazards(4, 120, "M")
    rows = [
        {**{k: (None if pd.isna(v) else v) for k, v in r.items()}, "retired": i < 5, "synthetic": False,
         "batch_id": None, "updated_at": dt.datetime(2023, 1, 1)}
        for i, r in enumerate(records.astype(object).where(records.notna(), None).to_dict("records"))
    ]  # fmt: skip
    for row in rows:
        for c in ("found_on", "deadline", "rectified_on", "accepted_on"):
            row[c] = None if row[c] is None else pd.Timestamp(row[c]).to_pydatetime()
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
        s.execute(insert(HazardRecord), rows)
    upgrade(engine)
    with store.session_factory(engine)() as s:
        stored, counted = store.stored_settled_sums(s), store.counted_settled_sums(s)
    assert len(stored) > 0
    assert stored == counted
    engine.dispose()
