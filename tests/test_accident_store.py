"""Accident records (事故台账) in the store, on SQLite and PostgreSQL: a re-send that changes nothing,
a 续报 that is one change, a full re-send that retires, exact undo of each, totals counted in the
database against counts made here from the inline records, paging, and the migration."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import insert, inspect, select

from lawreport_data import catalog, store
from lawreport_data.db import upgrade
from lawreport_data.models import AccidentChange, AccidentRecord, Observation
from tests.accident_data import TOWNS, add_towns, frame, record, send, send_with_result, undo

pytestmark = pytest.mark.store

CITY = catalog.CITY_CODE


@pytest.fixture
def engine(empty_engine):
    """The catalog plus three towns (two under 灌云县, one under 东海县)."""
    return add_towns(empty_engine)


def stored(engine) -> pd.DataFrame:
    """Every stored record, every column, by key."""
    with store.session_factory(engine)() as s:
        table = AccidentRecord.__table__
        rows = s.execute(select(table).order_by(table.c.key)).all()
    return pd.DataFrame(rows, columns=[c.name for c in table.columns])


def changes(engine, batch: int | None = None) -> pd.DataFrame:
    with store.session_factory(engine)() as s:
        return store.accident_changes(s, batch_id=batch)


def same(a, b) -> bool:
    """Equal, missing equalling missing."""
    return (pd.isna(a) and pd.isna(b)) if pd.isna(a) or pd.isna(b) else a == b


def version(engine) -> int:
    with store.session_factory(engine)() as s:
        return store.data_version(s)


BASE = [
    record("A1", "2022-03-05 14:30", "320723", deaths=1, injuries=2, sector="construction", type="05"),
    record("A2", "2022-03-20 08:00", "320723101", direct_loss=12.5, summary="<b>fell</b>"),
    record("A3", "2022-04-02 23:10", "320723"),
    record("B1", "2022-03-11 09:15", "320724", record_no="LYG-2022-001", credit_code="91350100M000100Y43"),
]


# --- the bulk insert ---------------------------------------------------------------------------------

TIMES = ["2022-03-05 14:30", "2020-02-29 00:00", "1999-12-31 23:59:59.123456", "2022-01-01 00:00:00.5"]


@pytest.mark.parametrize("times", [TIMES, TIMES[::-1], TIMES * 20], ids=["in-order", "reversed", "many"])
def test_times_written_in_bulk_read_back_exactly_and_select_by_day(engine, times):
    rows = [record(f"T{i:03d}", t) for i, t in enumerate(times)]
    send(engine, frame(*rows))
    back = stored(engine).set_index("key")["occurred_at"]
    assert [pd.Timestamp(back[r["key"]]) for r in rows] == [pd.Timestamp(t) for t in times]
    with store.session_factory(engine)() as s:
        leap = store.accident_totals(s, regions=["320723"], start="2020-02-29", end="2020-02-29")
    assert int(leap["accidents"].iloc[0]) == sum(t.startswith("2020-02-29") for t in times)


def _index_names(engine) -> set[str]:
    return {i["name"] for i in inspect(engine).get_indexes("accident_record")}


@pytest.mark.parametrize("fails", [False, True], ids=["written", "failed"])
def test_a_large_insert_leaves_the_indexes_as_the_model_has_them(engine, monkeypatch, fails):
    from lawreport_data.store import ledger_writes

    wanted = {i.name for i in AccidentRecord.__table__.indexes}
    assert wanted <= _index_names(engine)
    monkeypatch.setattr(ledger_writes, "DEFER_INDEXES_FROM", 2)  # BASE's four records count as large
    seen = []
    if fails:

        def insert_then_fail(session, *args, **kwargs):
            seen.append(_index_names(session.connection()))
            raise RuntimeError("disk full")

        monkeypatch.setattr(ledger_writes, "_bulk_insert", insert_then_fail)
        with pytest.raises(RuntimeError):
            send(engine, frame(*BASE))
        assert stored(engine).empty
    else:
        send(engine, frame(*BASE))
        assert sorted(stored(engine)["key"]) == sorted(r["key"] for r in BASE)
    assert wanted <= _index_names(engine)
    if fails:
        assert not wanted & seen[0]  # they were dropped for the insert, and the rollback restored them


# --- re-sends --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rows",
    [
        BASE,
        [record("N1", "2022-01-01 00:00", "320722101", unit="", industry=None, summary=None, write_off_reason=None)],
        [
            record("W1", "2022-12-31 23:59", "LYG-XW", status="written_off", write_off_reason="not a work accident"),
            record("L1", "2022-06-30 12:00", "320707", deaths=3, serious_injuries=11, injuries=11, grade="larger"),
        ],
    ],
    ids=["base", "empty-optional-fields", "written-off-and-larger"],
)
def test_re_sending_an_unchanged_ledger_changes_nothing_and_inserts_write_no_change_rows(engine, rows):
    first, result = send_with_result(engine, frame(*rows))
    assert (result.new, result.changed, result.unchanged, result.retired) == (len(rows), 0, 0, 0)
    assert changes(engine).empty  # the records' created_batch_id says who inserted them
    before, v = stored(engine), version(engine)
    assert before["created_batch_id"].tolist() == [first] * len(rows)
    again, result = send_with_result(engine, frame(*rows).assign(source_row=9))  # a moved row alone is no change
    assert (result.new, result.changed, result.unchanged, result.retired) == (0, 0, len(rows), 0)
    pd.testing.assert_frame_equal(stored(engine), before)
    assert changes(engine).empty and version(engine) == v
    with store.session_factory(engine)() as s:
        preview = store.compare_accidents(s, frame(*rows))
    assert preview["change"].tolist() == ["unchanged"] * len(rows)


@pytest.mark.parametrize(
    ("update", "fields"),
    [
        (dict(deaths=2), "deaths"),
        (dict(deaths=3, grade="larger"), "deaths,grade"),
        (dict(summary="follow-up: second death"), "summary"),
        (dict(occurred_at=pd.Timestamp("2022-03-05 14:45")), "occurred_at"),
        (dict(status="written_off", write_off_reason="natural cause"), "status,write_off_reason"),
        (dict(credit_code="91350100M000100Y43", direct_loss=3.25), "credit_code,direct_loss"),
    ],
)
def test_a_follow_up_report_is_one_change_with_the_old_values_not_a_second_record(engine, update, fields):
    send(engine, frame(*BASE))
    v = version(engine)
    before = stored(engine).set_index("key")
    later = [dict(r, **update) if r["key"] == "A1" else r for r in BASE]
    with store.session_factory(engine)() as s:
        preview = store.compare_accidents(s, frame(*later)).set_index("key")
    assert preview["change"].to_dict() == {"A1": "changed", "A2": "unchanged", "A3": "unchanged", "B1": "unchanged"}
    assert preview.loc["A1", "fields"] == fields
    for name in fields.split(","):
        assert same(preview.loc["A1", f"old_{name}"], before.loc["A1", name])
    batch, result = send_with_result(engine, frame(*later), user="li")
    assert (result.new, result.changed, result.unchanged) == (0, 1, 3)
    after = stored(engine).set_index("key")
    assert len(after) == len(BASE)
    for name, value in update.items():
        assert after.loc["A1", name] == value
    assert (after.loc["A1", "batch_id"], after.loc["A1", "created_batch_id"]) == (batch, before.loc["A1", "batch_id"])
    log = changes(engine, batch)
    assert len(log) == 1
    entry = log.iloc[0]
    assert (entry["action"], entry["key"], entry["fields"], entry["changed_by"]) == ("update", "A1", fields, "li")
    for name in ("deaths", "grade", "summary", "occurred_at", "status", "credit_code", "direct_loss", "batch_id"):
        assert same(entry[f"old_{name}"], before.loc["A1", name])
    assert version(engine) > v


@pytest.mark.parametrize(
    ("scope_regions", "retired"),
    [
        (["320723"], {"A2"}),  # the county's town is in its scope; April and 灌南县 are not
        (["320723101"], {"A2"}),
        (["320724"], {"B1"}),
        ([CITY], {"A2", "B1"}),
        (["320722"], set()),
    ],
)
def test_a_full_re_send_retires_the_missing_records_of_its_regions_and_period_only(engine, scope_regions, retired):
    send(engine, frame(*BASE))
    kept = [r for r in BASE if r["key"] in ("A1", "A3")]  # A3 is in April: outside the period
    scope = (scope_regions, "2022-03-01", "2022-03-31")
    with store.session_factory(engine)() as s:
        preview = store.compare_accidents(s, frame(*kept), replace_scope=scope)
    assert set(preview.loc[preview["change"] == "retired", "key"]) == retired
    assert preview.loc[preview["change"] == "retired", "old_region"].notna().all()
    batch, result = send_with_result(engine, frame(*kept), scope=scope)
    assert (result.new, result.changed, result.unchanged, result.retired) == (0, 0, 2, len(retired))
    after = stored(engine).set_index("key")
    assert set(after.index[after["retired"]]) == retired
    assert (after.loc[sorted(retired), "retired_batch_id"] == batch).all()
    log = changes(engine, batch)
    assert set(log["key"]) == retired and set(log["action"]) <= {"retire"}
    assert not log["old_retired"].any()


def test_a_retired_record_that_comes_back_is_un_retired_as_a_change(engine):
    send(engine, frame(*BASE))
    send(engine, frame(BASE[0]), scope=(["320723"], "2022-03-01", "2022-03-31"))  # retires A2
    batch, result = send_with_result(engine, frame(*BASE))
    assert (result.new, result.changed, result.unchanged) == (0, 1, 3)
    after = stored(engine).set_index("key")
    assert not after["retired"].any() and after.loc["A2", "retired_batch_id"] is None
    entry = changes(engine, batch).iloc[0]
    assert (entry["key"], entry["fields"], entry["old_retired"]) == ("A2", "retired", True)


def test_a_ledger_repeating_a_key_is_refused_before_anything_is_written(engine):
    with pytest.raises(ValueError, match="A1"):
        send(engine, frame(BASE[0], BASE[0]))
    assert stored(engine).empty


# --- undo ------------------------------------------------------------------------------------------

SECOND = {  # what the batch to undo sends, after BASE (and after A2 was retired, for "return")
    "insert": dict(rows=[*BASE, record("C1", "2022-05-01 10:00", "320723102")]),
    "update": dict(rows=[dict(r, deaths=r["deaths"] + 1) if r["key"] in ("A1", "B1") else r for r in BASE]),
    "retire": dict(rows=[BASE[0], BASE[2]], scope=([CITY], "2022-01-01", "2022-12-31")),
    "return": dict(rows=BASE),
    "all kinds": dict(
        rows=[dict(BASE[0], injuries=5), record("C1", "2022-03-02 10:00", "320723102")],
        scope=(["320723"], "2022-03-01", "2022-03-31"),
    ),
}


@pytest.mark.parametrize("kind", list(SECOND))
def test_undo_restores_exactly_what_a_batch_inserted_changed_or_retired(engine, kind):
    send(engine, frame(*BASE))
    if kind == "return":
        send(engine, frame(BASE[0]), scope=(["320723"], "2022-03-01", "2022-03-31"))
    before, v = stored(engine), version(engine)
    batch, result = send_with_result(engine, frame(*SECOND[kind]["rows"]), scope=SECOND[kind].get("scope"))
    assert result.new + result.changed + result.retired > 0
    assert not stored(engine).equals(before)
    with store.session_factory(engine)() as s:
        regions = store.batch_regions(s, batch)
    touched = stored(engine).astype(str).merge(before.astype(str), how="outer", indicator=True)
    assert set(touched.loc[touched["_merge"] != "both", "region"]) <= regions
    assert undo(engine, batch) == result.new + result.changed + result.retired
    pd.testing.assert_frame_equal(stored(engine), before)
    assert version(engine) > v
    with store.session_factory(engine)() as s:
        assert store.batch_info(s, batch)["status"] == "undone"


LATER = {  # a later batch that changes a record of the first (FIRST inserts C1, updates A1, retires B1)
    "updates a record it inserted": [
        dict(BASE[0], deaths=2),
        BASE[1],
        BASE[2],
        record("C1", "2022-05-01", summary="x"),
    ],
    "updates a record it updated": [dict(BASE[0], deaths=3), BASE[1], BASE[2], record("C1", "2022-05-01")],
    "brings back a record it retired": [dict(BASE[0], deaths=2), *BASE[1:], record("C1", "2022-05-01")],
}


@pytest.mark.parametrize("later_rows", list(LATER.values()), ids=list(LATER))
def test_undo_is_refused_while_a_later_batch_changed_one_of_its_records(engine, later_rows):
    send(engine, frame(*BASE))
    base = stored(engine)
    first_rows = [dict(BASE[0], deaths=2), BASE[1], BASE[2], record("C1", "2022-05-01")]
    first, _ = send_with_result(engine, frame(*first_rows), scope=(["320724"], "2022-03-01", "2022-03-31"))
    after_first = stored(engine)
    later, result = send_with_result(engine, frame(*later_rows))
    assert result.changed == 1
    with pytest.raises(store.BatchError) as info:
        undo(engine, first)
    assert (info.value.kind, info.value.fields["later"]) == ("undo_later", later)
    with store.session_factory(engine)() as s:
        assert store.batch_info(s, first)["status"] == "applied"  # the claim was rolled back
    undo(engine, later)
    pd.testing.assert_frame_equal(stored(engine), after_first)
    undo(engine, first)
    pd.testing.assert_frame_equal(stored(engine), base)


def test_undoing_a_batch_of_observations_leaves_the_accident_records_alone(engine):
    send(engine, frame(*BASE))
    before = stored(engine)
    obs = pd.DataFrame([dict(indicator="accidents", region="320723", year=2022, start=3, end=3, value=2.0)])
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name="totals.csv", file_hash="t")
        store.apply_observations(s, obs.assign(origin="import"), batch_id=batch)
    assert undo(engine, batch) == 1
    pd.testing.assert_frame_equal(stored(engine), before)


# --- totals ----------------------------------------------------------------------------------------

LEDGER = [
    record("T01", "2022-01-03 07:20", "320723", deaths=1, injuries=1, sector="road", type="02"),
    record("T02", "2022-01-15 14:05", "320723101", deaths=0, injuries=3, serious_injuries=1, sector="construction",
           type="05", direct_loss=20.5),
    record("T03", "2022-02-09 22:40", "320723102", deaths=3, sector="hazchem", type="18", grade="larger",
           direct_loss=1200.0),
    record("T04", "2022-02-28 09:00", "320722", deaths=1, missing=1, sector="road", type="02"),
    record("T05", "2022-03-01 00:30", "320722101", deaths=0, injuries=2, sector="fire", type="08", direct_loss=3.0),
    record("T06", "2022-03-19 16:45", "320724", deaths=10, sector="water", type="06", grade="major"),
    record("T07", "2022-03-20 16:10", "LYG-XW", deaths=2, injuries=4, sector="hazchem", type="16"),
    record("T08", "2022-05-06 11:11", "320706", deaths=1, sector="road", type="02", status="written_off",
           write_off_reason="illness"),
    record("T09", "2022-05-07 11:50", "320723101", deaths=2, sector="industry_trade", type="04"),  # retired below
    record("T10", "2021-12-31 23:59", "320723", deaths=5, sector="road", type="02"),  # before the period
    record("T11", "2023-01-01 00:00", "320723", deaths=5, sector="road", type="02"),  # after it
    record("T12", "2022-12-31 23:59", "320707", deaths=0, injuries=1, sector="fishing", type="06"),
]  # fmt: skip
START, END = "2022-01-01", "2022-12-31"


@pytest.fixture
def ledger(engine):
    send(engine, frame(*LEDGER))
    send(engine, frame(*(r for r in LEDGER if r["key"] != "T09")), scope=([CITY], "2022-05-01", "2022-05-31"))
    return engine


def expected_totals(region: str, by: str | None, start: str = START, end: str = END) -> pd.DataFrame:
    """The totals counted here from LEDGER: counted, not retired (T09), from start to end."""
    f = frame(*LEDGER)
    day = f["occurred_at"].dt.strftime("%Y-%m-%d")
    f = f[(f["status"] == "counted") & (f["key"] != "T09") & (day >= start) & (day <= end)]
    county = f["region"].map(lambda r: TOWNS.get(r, r))
    if region != CITY:
        f = f[(f["region"] == region) | (county == region)]
        county = county[f.index]
    f = f.assign(accidents=1, larger_and_above=f["grade"].isin(["larger", "major", "especially_major"]).astype(int))
    groups = {
        "type": f["type"],
        "sector": f["sector"],
        "grade": f["grade"],
        "month": f["occurred_at"].dt.strftime("%Y-%m"),
        "region": county if region == CITY else f["region"],
        "hour": f["occurred_at"].dt.hour,
        "weekday": f["occurred_at"].dt.day_of_week,
    }
    if by is None:
        return f[store.ACCIDENT_MEASURES].sum().to_frame().T.assign(region=region)
    return f.groupby(groups[by])[store.ACCIDENT_MEASURES].sum().rename_axis("group").reset_index().assign(region=region)


REGIONS = [CITY, "320723", "320723101", "320722", "320703"]  # the city, counties with towns, a town, none


@pytest.mark.parametrize("by", [None, *store.ACCIDENT_GROUPINGS])
@pytest.mark.parametrize(
    ("start", "end", "regions"),
    [
        (START, END, REGIONS),  # most of the stored span: SQLite scans the table
        ("2022-03-01", "2022-03-19", REGIONS),  # a short span: through the (occurred_at, region) index
        (START, END, [CITY]),  # one region: no grouping by record region
        ("2022-01-01", "2022-02-28", ["320723"]),
    ],
)
def test_totals_count_the_records_of_a_region_and_those_under_it(ledger, by, start, end, regions):
    with store.session_factory(ledger)() as s:
        got = store.accident_totals(s, regions=regions, start=start, end=end, by=by)
    columns = ["region", *(["group"] if by else []), *store.ACCIDENT_MEASURES]
    want = pd.concat([expected_totals(region, by, start, end) for region in regions], ignore_index=True)[columns]
    assert list(got.columns) == columns
    if by:
        got, want = got.astype({"group": str}), want.astype({"group": str})
    pd.testing.assert_frame_equal(got.reset_index(drop=True), want, check_dtype=False)


def test_totals_of_several_regions_have_one_row_each_zeros_included(ledger):
    with store.session_factory(ledger)() as s:
        got = store.accident_totals(s, regions=["320723", "320703", CITY], start=START, end=END)
    want = pd.concat([expected_totals(r, None) for r in ["320723", "320703", CITY]], ignore_index=True)
    assert got["region"].tolist() == ["320723", "320703", CITY]
    assert got["accidents"].tolist() == want["accidents"].tolist()
    assert got.loc[1, "accidents"] == 0


# --- the record list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        ({}, lambda f: f["key"] != "T09"),
        ({"retired": None}, lambda f: f["key"] == f["key"]),
        ({"retired": True}, lambda f: f["key"] == "T09"),
        ({"regions": "320723"}, lambda f: f["region"].str.startswith("320723") & (f["key"] != "T09")),
        ({"regions": ["320722", "LYG-XW"]}, lambda f: f["region"].isin(["320722", "320722101", "LYG-XW"])),
        ({"sector": ["road", "water"], "start": START, "end": END},
         lambda f: f["sector"].isin(["road", "water"]) & (f["occurred_at"].dt.year == 2022)),
        ({"status": "written_off"}, lambda f: f["status"] == "written_off"),
    ],
)  # fmt: skip
@pytest.mark.parametrize(
    ("order", "offset", "limit"), [("-occurred_at", 0, 3), ("occurred_at", 2, 4), ("deaths", 1, 50)]
)
def test_a_page_of_records_is_only_that_page_with_the_total_of_all_that_match(
    ledger, filters, keep, order, offset, limit
):
    f = frame(*LEDGER)
    matching = f[keep(f)]
    with store.session_factory(ledger)() as s:
        page, total = store.accident_page(s, filters=filters, offset=offset, limit=limit, order=order)
        ids = dict(s.execute(select(AccidentRecord.key, AccidentRecord.id)).all())
    assert total == len(matching)
    name = order.lstrip("-")
    want = matching.assign(id=matching["key"].map(ids)).sort_values(
        [name, "id"], ascending=not order.startswith("-"), kind="stable"
    )
    assert page["key"].tolist() == want["key"].tolist()[offset : offset + limit]
    assert list(page.columns) == store.ACCIDENT_PAGE_COLUMNS


def test_one_record_is_read_by_id_with_every_column(ledger):
    with store.session_factory(ledger)() as s:
        rid = s.scalar(select(AccidentRecord.id).where(AccidentRecord.key == "T02"))
        one, missing = store.accident_record(s, rid), store.accident_record(s, 10**9)
    assert missing is None
    assert (one["key"], one["region"], one["direct_loss"], one["serious_injuries"]) == ("T02", "320723101", 20.5, 1)
    assert set(one) == {c.name for c in AccidentRecord.__table__.columns}


# --- the migration -----------------------------------------------------------------------------------


def test_upgrading_a_store_made_at_0005_adds_the_accident_tables_and_keeps_its_data(store_at):
    engine = store_at("0005")
    assert "accident_record" not in inspect(engine).get_table_names()
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
        s.execute(
            insert(Observation),
            [dict(indicator_code="accidents", region_code="320723", year=2022, start_month=1, end_month=1, value=3.0,
                  origin="import")],
        )  # fmt: skip
    upgrade(engine)
    assert {"accident_record", "accident_change"} <= set(inspect(engine).get_table_names())
    indexes = {i["name"] for i in inspect(engine).get_indexes("accident_record")}
    assert indexes >= {"ix_accident_record_occurred_at_region", "ix_accident_record_created_batch_id"}
    with store.session_factory(engine).begin() as s:
        assert store.load_observations(s)["value"].tolist() == [3.0]
        result = store.apply_accidents(s, frame(BASE[0], BASE[3]), batch_id=None)
        assert result.new == 2 and s.scalar(select(AccidentChange.id)) is None
    engine.dispose()
