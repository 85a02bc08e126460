"""The enforcement ledgers' month sums (``inspection_month_sum``, ``case_month_sum``), on SQLite and
PostgreSQL: after every kind of write (an import, a re-send that moves records to another month,
county or 检查方式 and closes cases, a full re-send that retires, the demo records removed, each undo)
the stored sums are those counted from the records; every count read from them equals the count of
every record; a page's whole months are read from them; the migration fills them for a store that
already holds records."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import insert, update

from lawreport_data import api, catalog, store
from lawreport_data.ledgers.fields import CASE_RECORD_COLUMNS, INSPECTION_RECORD_COLUMNS
from lawreport_data.models import CaseRecord, InspectionMonthSum, InspectionRecord
from lawreport_data.store import enforcement_reads, enforcement_sums, ledger_writes
from lawreport_data.store.case_writes import CASES, apply_cases
from lawreport_data.store.inspection_writes import INSPECTIONS, apply_inspections

pytestmark = pytest.mark.store

REGIONS = ["320723", "320722", "320724"]
METHODS = list(catalog.INSPECTION_METHODS)
SOURCES = list(catalog.CASE_SOURCES)
COMBOS = ["fine", "warning", "fine,confiscation", "suspension,fine", "warning,fine"]


def _days(rng, n: int) -> pd.DatetimeIndex:
    return pd.Timestamp("2021-10-01") + pd.to_timedelta(rng.integers(0, 456, size=n), unit="D")


def random_inspections(seed: int, n: int, prefix: str) -> pd.DataFrame:
    """``n`` inspections (the ledger reader's columns) on random days from October 2021 to
    December 2022, of 17 enterprises over three counties."""
    rng = np.random.default_rng(seed)
    hazards = rng.integers(0, 6, size=n)
    keys = [f"{prefix}{i:04d}" for i in range(n)]
    out = pd.DataFrame({
        "key": keys, "record_no": keys, "inspected_on": _days(rng, n),
        "region": rng.choice([*REGIONS, catalog.CITY_CODE, "LYG-KFQ"], size=n, p=[0.3, 0.3, 0.3, 0.05, 0.05]).astype(
            object),  # (some recorded as the city's own, some a zone's)
        "company": [f"企业{i % 17}" for i in range(n)],
        "credit_code": None, "sector": None, "method": rng.choice(METHODS, size=n).astype(object),
        "hazards": hazards, "major_hazards": np.minimum(hazards, rng.integers(0, 2, size=n)),
        "orders": 0, "decisions": 0, "reviews": 0, "source_row": np.arange(2, n + 2, dtype="int64"),
    })  # fmt: skip
    return out[list(INSPECTION_RECORD_COLUMNS)]


def random_cases(seed: int, n: int, prefix: str) -> pd.DataFrame:
    """``n`` penalty cases filed on random days from October 2021 to December 2022, some closed,
    some transferred, of one or several penalty kinds, fines to the 分."""
    rng = np.random.default_rng(seed)
    filed = _days(rng, n)
    closed = (filed + pd.to_timedelta(rng.integers(5, 90, size=n), unit="D")).where(rng.random(n) < 0.6)
    transferred = np.where(rng.random(n) < 0.2, "yes", "no").astype(object)
    keys = [f"{prefix}{i:04d}" for i in range(n)]
    out = pd.DataFrame({
        "key": keys, "record_no": keys, "filed_on": filed, "decided_on": pd.NaT, "closed_on": closed,
        "region": rng.choice(REGIONS, size=n).astype(object), "party": [f"企业{i % 13}" for i in range(n)],
        "credit_code": None, "sector": None, "source": rng.choice(SOURCES, size=n).astype(object),
        "violation": "未按规定开展隐患排查", "penalties": rng.choice(COMBOS, size=n).astype(object),
        "fine": np.round(rng.random(n) * 50000, 2), "confiscation": np.round(rng.random(n) * 3000, 2),
        "transferred": transferred,
        "transferred_on": filed.where(transferred == "yes") + pd.Timedelta(days=3),
        "source_row": np.arange(2, n + 2, dtype="int64"),
    })  # fmt: skip
    return out[list(CASE_RECORD_COLUMNS)]


LEDGERS = {
    "inspections": (random_inspections, apply_inspections, INSPECTIONS, enforcement_sums.INSPECTION_SUMS),
    "cases": (random_cases, apply_cases, CASES, enforcement_sums.CASE_SUMS),
}


def send(engine, kind: str, records: pd.DataFrame, *, scope=None, synthetic: bool = False) -> int:
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name=f"{kind}.csv", file_hash="h", created_by="analyst")
        LEDGERS[kind][1](s, records, batch_id=batch, user="analyst", replace_scope=scope, synthetic=synthetic)
    return batch


def assert_sums_are_the_records(engine, kind: str) -> None:
    kept = LEDGERS[kind][3]
    with store.session_factory(engine)() as s:
        stored, live = enforcement_sums.stored_sums(s, kept), enforcement_sums.live_sums(s, kept)
    pd.testing.assert_frame_equal(stored, live)


def moved(kind: str, records: pd.DataFrame, seed: int) -> pd.DataFrame:
    """A re-send: some records a month later, some in another county, some of another 检查方式 or
    案件来源 and penalty kinds, some cases closed or transferred that were not."""
    rng = np.random.default_rng(seed)
    out = records.copy()
    day = "inspected_on" if kind == "inspections" else "filed_on"
    out.loc[out.index[:9], day] += pd.Timedelta(days=31)
    out.loc[out.index[9:15], "region"] = "320706"
    if kind == "inspections":
        out.loc[out.index[15:25], "method"] = rng.choice(METHODS, size=10)
        out.loc[out.index[25:30], "hazards"] += 3
    else:
        out.loc[out.index[15:25], "penalties"] = "warning"
        open_ = out.index[out["closed_on"].isna()][:6]
        out.loc[open_, "closed_on"] = out.loc[open_, "filed_on"] + pd.Timedelta(days=20)
        out.loc[out.index[30:34], "fine"] += 100.5
    return out


@pytest.mark.parametrize("kind", ["inspections", "cases"])
@pytest.mark.parametrize("seed", [1, 2])
def test_the_month_sums_are_the_records_after_imports_re_sends_full_re_sends_demo_removal_and_undos(
    empty_engine, kind, seed
):
    engine = empty_engine
    make, _, ledger, kept = LEDGERS[kind]
    first = make(seed, 150, "A")
    b1 = send(engine, kind, first)
    with store.session_factory(engine)() as s:
        assert len(enforcement_sums.stored_sums(s, kept)) > 0
    assert_sums_are_the_records(engine, kind)

    b2 = send(engine, kind, pd.concat([moved(kind, first, seed), make(seed + 10, 30, "B")], ignore_index=True))
    assert_sums_are_the_records(engine, kind)
    day = "inspected_on" if kind == "inspections" else "filed_on"
    kept_rows = first[first["region"] == "320723"].iloc[::2]
    b3 = send(engine, kind, kept_rows, scope=(["320723"], "2021-01-01", "2022-12-31"))
    assert_sums_are_the_records(engine, kind)
    send(engine, kind, make(seed + 20, 40, "D"), synthetic=True)
    assert_sums_are_the_records(engine, kind)
    with store.session_factory(engine).begin() as s:
        assert ledger_writes.delete_synthetic_records(s, ledger) == 40
    assert_sums_are_the_records(engine, kind)

    for batch in (b3, b2, b1):
        with store.session_factory(engine).begin() as s:
            store.undo_batch(s, batch, "undoer")
        assert_sums_are_the_records(engine, kind)
    with store.session_factory(engine)() as s:
        assert enforcement_sums.stored_sums(s, kept).empty
    assert day in first  # (the span the full re-send retired from is of this day)


def every_record_counted(monkeypatch, read, session, **kwargs):
    """``read`` as it counts a span that cuts a month: every record, no month sums."""
    with monkeypatch.context() as m:
        m.setattr(enforcement_reads, "whole_months", lambda *_: None)
        return read(session, **kwargs)


@pytest.mark.parametrize(
    ("start", "end", "regions"),
    [("2022-01-01", "2022-12-31", None), ("2021-10-01", "2022-03-31", "320723"), (None, None, None),
     ("2022-02-01", "2022-02-28", ["320722", "320724"])],
)  # fmt: skip
@pytest.mark.parametrize(
    ("read", "kwargs"),
    [
        (store.inspection_count_rows, {}),  # the enterprises distinct from the records, the sums kept
        (store.inspection_count_rows, {"by": "method"}),
        (store.inspection_count_rows, {"by": "month"}),
        (store.inspection_count_rows, {"by": "region", "distinct": False}),
        (store.inspection_count_rows, {"by": "region"}),  # each region's own records, the city's too
        (store.inspection_count_rows, {"under": ["320722", "320723", "320724"]}),
        (store.inspection_count_rows, {"under": [catalog.CITY_CODE, "320722"]}),  # the city's own records
        (store.inspection_count_rows, {"under": ["320723", "LYG-KFQ"], "regions": "320723"}),
        (store.inspection_sums, {"by": ("method", "month")}),
        (store.inspection_sums, {"by": ("region",)}),
        (store.case_count_rows, {}),
        (store.case_count_rows, {"by": "penalty"}),
        (store.case_count_rows, {"by": "penalty", "under": ["320722", "320723"]}),  # per kind, as from the records
        (store.case_count_rows, {"by": "source"}),
        (store.case_count_rows, {"under": ["320722", "320723", "320724"]}),
        (store.case_sums, {"by": ("source", "month", "penalties")}),
    ],
)
def test_a_count_read_from_the_month_sums_equals_the_count_of_every_record(
    empty_engine, monkeypatch, read, kwargs, start, end, regions
):
    send(empty_engine, "inspections", random_inspections(5, 300, "C"))
    send(empty_engine, "cases", random_cases(6, 200, "K"))
    with store.session_factory(empty_engine)() as s:
        span = dict(regions=regions, start=start, end=end) | kwargs
        got, every = read(s, **span), every_record_counted(monkeypatch, read, s, **span)
    rounded = [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in got]
    assert rounded == [{k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for r in every]
    assert got or regions is not None  # (the whole city: something was counted)


@pytest.mark.parametrize("kind", ["inspections", "cases"])
@pytest.mark.parametrize(
    ("start", "end"),
    [("2022-01-01", "2022-12-31"), ("2022-03-01", "2022-05-31"), ("2022-03-01", "2022-03-30"),
     ("2021-10-01", "2022-03-31")],
)  # fmt: skip
def test_the_counts_of_many_regions_read_together_are_each_regions_own_count(empty_engine, kind, start, end):
    """数据核对 reads a span's counts of every region sent together (the month sums of every region
    in one statement, the kept enterprises in one more): each is that region's count alone, its
    town's records in its county's, whether the span is kept or counted from the records."""
    with store.session_factory(empty_engine).begin() as s:
        store.add_region(s, "320723101", "伊山镇", "town", "320723")
    records = LEDGERS[kind][0](8, 300, "S")
    records.loc[records.index[::7], "region"] = "320723101"
    send(empty_engine, kind, records)
    places = [catalog.CITY_CODE, *REGIONS, "320723101", "LYG-KFQ", "320706"]  # (320706: no record)
    one = store.inspection_count_rows if kind == "inspections" else store.case_count_rows
    with store.session_factory(empty_engine)() as s:
        together = store.span_counts_of(s, kind, places, start, end)
        each = {p: one(s, regions=p, start=start, end=end)[0] for p in places}
    rounded = {p: {k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for p, r in together.items()}
    assert rounded == {
        p: {k: round(v, 2) if isinstance(v, float) else v for k, v in r.items()} for p, r in each.items()
    }
    first = "visits" if kind == "inspections" else "cases"
    assert together["320723"][first] > together["320723101"][first] > 0 == together["320706"][first]


def test_a_town_added_in_a_session_is_under_its_county_at_once(empty_engine):
    """The region tree a session keeps (``regions_under``) is read again after a region is added."""
    with store.session_factory(empty_engine).begin() as s:
        before = store.regions_under(s, ["320723"])
        store.add_region(s, "320723101", "伊山镇", "town", "320723")
        assert store.regions_under(s, ["320723"]) == before | {"320723101"}
        store.add_regions(s, pd.DataFrame({"code": ["320723102"], "name": ["侍庄街道"], "kind": ["town"],
                                           "parent": ["320723"]}))  # fmt: skip
        assert store.regions_under(s, ["320723"]) == before | {"320723101", "320723102"}


@pytest.mark.parametrize(
    ("start", "end", "from_sums"),
    [("2022-03-01", "2022-03-31", True), ("2022-01-01", "2022-11-30", True),
     ("2022-03-01", "2022-03-30", False), ("2022-03-02", "2022-03-31", False)],
)  # fmt: skip
def test_a_span_of_whole_months_is_summed_from_the_month_sums(empty_engine, start, end, from_sums):
    """One inspection of 灌云县 on 2022-03-05: a count put in its month sum shows in a span of whole
    months; a span that cuts a month counts the record."""
    records = random_inspections(1, 1, "H").assign(
        region="320723", inspected_on=pd.Timestamp("2022-03-05"), method="random", hazards=2, major_hazards=1
    )
    send(empty_engine, "inspections", records)
    with store.session_factory(empty_engine).begin() as s:
        s.execute(update(InspectionMonthSum).values(visits=InspectionMonthSum.visits + 100))
        rows = store.inspection_sums(s, start=start, end=end, by=("method",))
        whole = store.inspection_count_rows(s, start=start, end=end)[0]
    assert rows == [{"method": "random", "visits": 101 if from_sums else 1, "hazards": 2, "major_hazards": 1}]
    assert whole["enterprises"] == 1  # distinct: always from the records
    assert whole["visits"] == (101 if from_sums else 1)


def _rows(records: pd.DataFrame) -> list[dict]:
    out = []
    for i, r in enumerate(records.astype(object).where(records.notna(), None).to_dict("records")):
        row = {**r, "retired": i < 5, "synthetic": False, "batch_id": None, "updated_at": dt.datetime(2023, 1, 1)}
        out.append({k: pd.Timestamp(v).to_pydatetime() if isinstance(v, pd.Timestamp) else v for k, v in row.items()})
    return out


def test_upgrading_a_store_made_at_0016_fills_the_month_sums_of_its_records(store_at):
    engine = store_at("0016")
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
        s.execute(insert(InspectionRecord), _rows(random_inspections(4, 120, "M")))
        s.execute(insert(CaseRecord), _rows(random_cases(4, 80, "N")))
    api.init_db(engine)  # migrated, and 执法检查企业数 counted for the years held (inspection_distinct)
    with store.session_factory(engine)() as s:
        frame = random_inspections(4, 120, "M").iloc[5:]  # (the first five retired)
        expected = frame.loc[frame["inspected_on"].dt.year == 2022, "company"].nunique()
        assert enforcement_reads.kept_counts(s, [catalog.CITY_CODE], "2022-01-01", "2022-12-31") == {
            catalog.CITY_CODE: expected
        }
        for kept, records in ((enforcement_sums.INSPECTION_SUMS, 115), (enforcement_sums.CASE_SUMS, 75)):
            stored, live = enforcement_sums.stored_sums(s, kept), enforcement_sums.live_sums(s, kept)
            pd.testing.assert_frame_equal(stored, live)
            assert stored[kept.measures[0]].sum() == records  # the five retired ones left out
    engine.dispose()


DISTINCT_REGIONS = [catalog.CITY_CODE, *REGIONS, "320706", "LYG-KFQ"]
DISTINCT_SPANS = [(1, 12), (1, 3), (3, 3), (10, 12), (2, 11), (12, 12)]


def assert_kept_distinct_is_the_records(engine, monkeypatch) -> None:
    """Every region's and span's 执法检查企业数 read as kept equals the records' distinct count."""
    with store.session_factory(engine)() as s:
        for year in (2021, 2022):
            for first, last in DISTINCT_SPANS:
                start = dt.date(year, first, 1)
                end = (pd.Timestamp(year, last, 1) + pd.offsets.MonthEnd(0)).date()
                kept = enforcement_reads.kept_counts(s, DISTINCT_REGIONS, start, end)
                with monkeypatch.context() as m:
                    m.setattr(enforcement_reads, "kept_counts", lambda *_: None)
                    counted = {g: store.inspection_count_rows(s, regions=g, start=start, end=end)[0]["enterprises"]
                               for g in DISTINCT_REGIONS}  # fmt: skip
                held = store.inspection_count_rows(s, start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))[0]
                assert kept == (counted if held["visits"] else None), (year, first, last)


@pytest.mark.parametrize("seed", [3, 4])
def test_enterprises_inspected_kept_per_region_and_span_are_the_records_after_every_write(
    empty_engine, monkeypatch, seed
):
    engine = empty_engine
    first = random_inspections(seed, 150, "A")
    b1 = send(engine, "inspections", first)
    assert_kept_distinct_is_the_records(engine, monkeypatch)
    moved_rows = moved("inspections", first, seed)
    moved_rows.loc[moved_rows.index[40:45], "company"] = "企业新"  # another enterprise
    b2 = send(engine, "inspections", pd.concat([moved_rows, random_inspections(seed + 10, 30, "B")], ignore_index=True))
    assert_kept_distinct_is_the_records(engine, monkeypatch)
    b3 = send(engine, "inspections", first[first["region"] == "320723"].iloc[::2],
              scope=(["320723"], "2021-01-01", "2022-12-31"))  # fmt: skip
    assert_kept_distinct_is_the_records(engine, monkeypatch)
    send(engine, "inspections", random_inspections(seed + 20, 40, "D"), synthetic=True)
    with store.session_factory(engine).begin() as s:
        ledger_writes.delete_synthetic_records(s, INSPECTIONS)
    assert_kept_distinct_is_the_records(engine, monkeypatch)
    for batch in (b3, b2, b1):
        with store.session_factory(engine).begin() as s:
            store.undo_batch(s, batch, "undoer")
        assert_kept_distinct_is_the_records(engine, monkeypatch)


@pytest.mark.parametrize(
    ("start", "end"),
    [("2022-01-01", "2022-03-30"), ("2021-12-01", "2022-01-31"), (None, None), ("2022-01-02", "2022-12-31")],
)
def test_a_span_not_of_whole_months_within_a_year_is_not_kept(empty_engine, start, end):
    send(empty_engine, "inspections", random_inspections(7, 50, "E"))
    with store.session_factory(empty_engine)() as s:
        assert enforcement_reads.kept_counts(s, [catalog.CITY_CODE], start, end) is None
        assert enforcement_reads.kept_counts(s, [catalog.CITY_CODE], "2022-01-01", "2022-03-31") is not None


def test_one_enterprise_in_january_and_march_in_two_counties_is_kept_once_for_the_city(empty_engine):
    rows = random_inspections(1, 4, "F").assign(
        company="企业甲", region=["320722", "320723", "320722", "320723"],
        inspected_on=pd.to_datetime(["2022-01-05", "2022-01-20", "2022-03-02", "2022-03-09"]),
    )  # fmt: skip
    send(empty_engine, "inspections", rows)
    with store.session_factory(empty_engine)() as s:
        quarter = enforcement_reads.kept_counts(s, [catalog.CITY_CODE, "320722", "320723"], "2022-01-01", "2022-03-31")
        february = enforcement_reads.kept_counts(s, [catalog.CITY_CODE], "2022-02-01", "2022-02-28")
        visits = store.inspection_count_rows(s, start="2022-01-01", end="2022-03-31", by="month")
    assert quarter == {catalog.CITY_CODE: 1, "320722": 1, "320723": 1}
    assert february == {catalog.CITY_CODE: 0}
    assert [(r["group"], r["visits"]) for r in visits] == [("2022-01", 2), ("2022-03", 2)]


def test_a_region_moved_in_the_catalog_has_its_enterprises_counted_again_under_its_new_parent(
    empty_engine, monkeypatch
):
    """开发区 (LYG-KFQ) moved from the city to 海州区 (320706) by a release's catalog: 海州区's kept
    执法检查企业数 then holds the zone's enterprises, as the records counted under the new tree do."""
    import dataclasses

    send(empty_engine, "inspections", random_inspections(8, 200, "G"))
    assert_kept_distinct_is_the_records(empty_engine, monkeypatch)
    moved_list = [dataclasses.replace(r, parent="320706") if r.code == "LYG-KFQ" else r for r in catalog.REGION_LIST]
    monkeypatch.setattr(catalog, "REGION_LIST", moved_list)
    with store.session_factory(empty_engine).begin() as s:
        before = enforcement_reads.kept_counts(s, ["320706"], "2022-01-01", "2022-12-31")
        store.sync_catalog(s)
        after = enforcement_reads.kept_counts(s, ["320706"], "2022-01-01", "2022-12-31")
    assert after["320706"] > before["320706"]
    assert_kept_distinct_is_the_records(empty_engine, monkeypatch)
