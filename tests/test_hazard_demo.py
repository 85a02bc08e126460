"""The demo's synthetic hazard records: they count up to the demo county months exactly (found,
一般, 重大, rectified by the month's end), never contradict the report, live plausible lives, read
back through the ledger reader without a problem, and are stored marked synthetic (the summary says
so) and removed with the demo data, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from sqlalchemy import func, select

from lawreport_data import api, catalog, demo, store
from lawreport_data.ledgers import hazards
from lawreport_data.ledgers.cells import valid_credit_code
from lawreport_data.ledgers.demo_hazards import INDICATORS, LONG_OPEN, SECTOR_WEIGHTS, demo_hazard_records
from lawreport_data.models import CaseRecord, InspectionRecord
from lawreport_data.periods import Period
from tests.hazard_data import FEBRUARY, as_records

MONTH = ["region", "year", "month"]
END = pd.Timestamp(f"{max(demo.YEARS)}-12-31")  # the demo's last day


@pytest.fixture(scope="module")
def records(demo_rows, real) -> pd.DataFrame:
    return demo_hazard_records(demo_rows, real)


def counted(records: pd.DataFrame) -> pd.DataFrame:
    """Each indicator counted from the records per county month, as 数据核对 counts them: the
    hazards found in the month, those of each level, those rectified by the month's last day."""
    found = records["found_on"]
    month_end = found.dt.to_period("M").dt.end_time.dt.normalize()
    r = records.assign(
        year=found.dt.year.astype("int64"),
        month=found.dt.month.astype("int64"),
        general=records["level"] == "general",
        major=records["level"] == "major",
        rectified=records["rectified_on"].notna() & (records["rectified_on"] <= month_end),
    )
    return r.groupby(MONTH).agg(
        hazards_found=("key", "size"),
        general_hazards=("general", "sum"),
        major_hazards=("major", "sum"),
        hazards_rectified=("rectified", "sum"),
    )


@pytest.mark.parametrize("grain", [MONTH, ["region", "year"]])
@pytest.mark.parametrize("indicator", INDICATORS)
def test_records_add_up_to_the_demo_figures_of_every_county_month_and_year(records, demo_rows, indicator, grain):
    rows = demo_rows[demo_rows["indicator"] == indicator].rename(columns={"start": "month"})
    expected = rows.groupby(grain)["value"].sum()
    got = counted(records)[indicator].groupby(grain).sum().reindex(expected.index, fill_value=0)
    assert len(expected) == (600 if grain == MONTH else 50)  # 10 counties and zones × 60 months
    pd.testing.assert_series_equal(got.astype(float), expected, check_names=False)


@pytest.mark.parametrize("indicator", ["hazards_found", "general_hazards", "major_hazards"])
def test_records_of_2022_are_the_reports_city_figures(records, real, indicator):
    said = real[(real["indicator"] == indicator) & (real["region"] == catalog.CITY_CODE) & (real["year"] == 2022)]
    assert len(said) == 1 and (said["start"].iloc[0], said["end"].iloc[0]) == (1, 12)  # the report: 2022
    assert counted(records)[indicator].xs(2022, level="year").sum() == said["value"].iloc[0]


def test_records_are_deterministic(records, demo_rows, real):
    pd.testing.assert_frame_equal(records, demo_hazard_records(demo_rows, real))


def test_records_have_the_ledgers_columns_marked_synthetic_with_unique_keys(records):
    assert list(records.columns) == [*hazards.RECORD_COLUMNS, "synthetic"]
    assert records["synthetic"].all()
    assert records["key"].is_unique and (records["key"] == records["record_no"]).all()
    assert records["key"].str.fullmatch(r"DEMO-YH-\d{4}-\d{6}").all()
    assert (records["key"].str[8:12].astype(int) == records["found_on"].dt.year).all()
    assert records["found_on"].dt.year.isin(demo.YEARS).all()


def test_no_date_comes_before_the_one_it_follows(records):
    r = records
    assert (r["deadline"].dropna() > r.loc[r["deadline"].notna(), "found_on"]).all()
    assert (r["rectified_on"].dropna() >= r.loc[r["rectified_on"].notna(), "found_on"]).all()
    accepted = r["accepted_on"].notna()
    assert r.loc[accepted, "rectified_on"].notna().all()
    assert (r.loc[accepted, "accepted_on"] >= r.loc[accepted, "rectified_on"]).all()
    assert (r[["rectified_on", "accepted_on"]].max(axis=1).dropna() <= END).all()  # nothing after the demo


@pytest.mark.parametrize(("level", "least", "most", "always"), [("major", 30, 90, True), ("general", 7, 30, False)])
def test_deadlines_are_weeks_for_general_hazards_and_months_for_major_ones(records, level, least, most, always):
    mine = records[records["level"] == level]
    days = (mine["deadline"] - mine["found_on"]).dt.days.dropna()
    assert days.between(least, most).all()
    with_deadline = mine["deadline"].notna().mean()
    assert with_deadline == 1.0 if always else 0.7 < with_deadline < 0.95


def test_most_hazards_are_rectified_by_their_deadline_some_late(records):
    due = records[records["deadline"].notna() & records["rectified_on"].notna()]
    on_time = (due["rectified_on"] <= due["deadline"]).mean()
    assert 0.8 < on_time < 0.98


def test_some_hazards_are_still_open_at_the_demos_end_a_handful_of_them_long_ago(records):
    still = records[records["rectified_on"].isna()]
    last_year = records["found_on"].dt.year == END.year
    assert 0 < len(still) < 0.02 * last_year.sum()
    assert (still["found_on"].dt.year < END.year).sum() == LONG_OPEN <= 5
    assert still["funds"].isna().all()


def test_most_rectified_hazards_are_accepted_within_days_every_major_one(records):
    done = records[records["rectified_on"].notna()]
    assert done["accepted_on"].notna().mean() > 0.85
    assert (done["accepted_on"] - done["rectified_on"]).dt.days.median() <= 7
    major = done[(done["level"] == "major") & (done["rectified_on"] < END - pd.Timedelta(days=30))]
    assert len(major) and major["accepted_on"].notna().all()


def test_major_hazards_are_under_county_or_city_supervision_a_few_provincial(records):
    major = records.loc[records["level"] == "major", "supervision"].value_counts(normalize=True)
    assert set(major.index) == {"county", "city", "province"}
    assert major["county"] + major["city"] > 0.8 and 0 < major["province"] < 0.15
    assert (records.loc[records["level"] == "general", "supervision"] == "none").all()


def test_hazards_come_from_every_source_most_from_self_checks_and_inspections(records):
    share = records["source"].value_counts(normalize=True)
    assert set(share.index) == set(catalog.HAZARD_SOURCES)
    assert share["self_check"] + share["enforcement"] > 0.6


def test_each_description_is_one_of_its_sectors_list_for_its_level(records):
    allowed = {
        (sector, level): set(texts)
        for sector, lists in catalog.DEMO_HAZARD_DESCRIPTIONS.items()
        for level, texts in zip(("general", "major"), lists, strict=True)
    }
    assert set(records["sector"]) == {s for s, w in SECTOR_WEIGHTS.items() if w > 0}
    mine = zip(records["sector"], records["level"], records["description"], strict=True)
    assert all(d in allowed[s, lv] for s, lv, d in mine)


def test_each_enterprise_has_its_own_valid_credit_code_or_none(records):
    assert records["company"].str.contains("示例").all()
    pairs = records[["region", "company", "credit_code"]].drop_duplicates()
    assert pairs[["region", "company"]].value_counts().max() == 1  # an enterprise has one code (or none)
    codes = pairs["credit_code"].dropna()
    assert codes.map(valid_credit_code).all() and codes.is_unique
    assert 0.02 < pairs["credit_code"].isna().mean() < 0.25  # some written without one


def _as_ledger_csv(records: pd.DataFrame) -> bytes:
    """The records as a county would write them: the template's headers, names for codes."""
    r = records

    def day(c):
        return r[c].dt.strftime("%Y-%m-%d").fillna("")

    table = {
        "record_no": r["record_no"],
        "company": r["company"],
        "credit_code": r["credit_code"].fillna(""),
        "region": r["region"].map(catalog.region_name),
        "sector": r["sector"].map(catalog.ACCIDENT_SECTORS),
        "level": r["level"].map(catalog.HAZARD_LEVELS),
        "source": r["source"].map(catalog.HAZARD_SOURCES),
        "description": r["description"],
        **{c: day(c) for c in ("found_on", "deadline", "rectified_on", "accepted_on")},
        "supervision": r["supervision"].map(catalog.HAZARD_SUPERVISION),
        "funds": r["funds"],
    }
    frame = pd.DataFrame({catalog.HAZARD_COLUMN_LABELS[role]: v for role, v in table.items()})
    return frame.to_csv(index=False).encode("utf-8-sig")


def test_every_record_reads_back_through_the_ledger_reader_without_a_problem(records):
    parsed = hazards.read_hazard_ledger(io.BytesIO(_as_ledger_csv(records)), "demo.csv")
    assert parsed.problems.empty, parsed.problems.head().to_dict("records")
    assert parsed.key_kind == "record_no"
    same = hazards.RECORD_COLUMNS[:-1]  # all but source_row: the demo has no file
    pd.testing.assert_frame_equal(parsed.records[same], records[same])


def _cell(**values) -> pd.DataFrame:
    """One county month's figures (those given only)."""
    return pd.DataFrame(
        [dict(indicator=c, region="320723", year=2022, start=3, end=3, value=float(v)) for c, v in values.items()]
    )


@pytest.mark.parametrize(
    ("figures", "real_value", "message"),
    [
        (dict(hazards_found=10, general_hazards=9, major_hazards=2), None, "do not add up"),
        (dict(hazards_found=10, general_hazards=11), None, "negative"),  # 重大 would be -1
        (dict(hazards_found=10, hazards_rectified=11), None, "more hazards rectified"),
        (dict(hazards_found=2.5), None, "not whole"),
        (dict(hazards_found=10, general_hazards=9, major_hazards=1, hazards_rectified=4), None, None),
        (dict(hazards_found=10, major_hazards=3), None, None),  # 一般: the rest; rectified as they come
        (dict(hazards_found=10, general_hazards=10), 11, "the report says"),
        (dict(hazards_found=10, general_hazards=10), 10, None),
    ],
)
def test_county_months_no_records_can_carry_are_refused(figures, real_value, message):
    real = pd.DataFrame(
        []
        if real_value is None
        else [dict(indicator="hazards_found", region=catalog.CITY_CODE, year=2022, start=1, end=12, value=real_value)]
    )
    if message is not None:
        with pytest.raises(ValueError, match=message):
            demo_hazard_records(_cell(**figures), real)
        return
    records = demo_hazard_records(_cell(**figures), real)
    got = counted(records).iloc[0]
    assert got["hazards_found"] == figures["hazards_found"]
    assert got["major_hazards"] == figures.get(
        "major_hazards", figures["hazards_found"] - figures.get("general_hazards", 0)
    )
    if "hazards_rectified" in figures:
        assert got["hazards_rectified"] == figures["hazards_rectified"]


# --- in the store ---------------------------------------------------------------------------


def test_the_demo_stores_hazards_count_up_to_its_stored_figures_and_a_second_run_adds_none(demo_engine):
    """The stored records, read back, count up to the stored demo county months every year; 数据核对
    of the hazard ledger finds no difference in 2022 (the counties' months and the report's city
    figures)."""
    with store.session_factory(demo_engine)() as s:
        stored = store.hazard_records(s)
        figures = store.load_observations(s, indicators=list(INDICATORS), years=list(demo.YEARS))
    months = figures[figures["synthetic"] & (figures["start"] == figures["end"])].rename(columns={"start": "month"})
    assert stored["synthetic"].all() and len(months) == 600 * len(INDICATORS)
    got = counted(stored).stack().rename_axis([*MONTH, "indicator"])
    expected = months.set_index([*MONTH, "indicator"])["value"]
    got = got.reindex(expected.index, fill_value=0).astype(float)
    pd.testing.assert_series_equal(got, expected, check_names=False)
    assert api.hazard_reconcile(demo_engine, Period(2022, 1, 12)) == []
    assert api.init_db(demo_engine, demo_data=True).demo_hazards == 0


@pytest.mark.parametrize(
    ("demo_keys", "as_of", "synthetic"),
    [
        ((), "2022-03-01", False),  # a county's records only
        (("H3",), "2022-03-01", True),  # one of them the demo's
        (("H6",), "2022-02-14", False),  # the demo's was found after the day: not counted yet
        (("H6",), "2022-02-15", True),
    ],
)
def test_the_hazard_summary_says_whether_a_hazard_it_counts_is_synthetic(empty_engine, demo_keys, as_of, synthetic):
    frame = as_records(FEBRUARY)
    demo_part = frame["key"].isin(demo_keys)
    with store.session_factory(empty_engine).begin() as s:
        store.apply_hazards(s, frame[~demo_part], batch_id=None, user="analyst")
        store.apply_hazards(s, frame[demo_part], batch_id=None, user="init-db --demo", synthetic=True)
    summary = api.hazard_summary(empty_engine, Period(2022, 1, 2), as_of=dt.date.fromisoformat(as_of))
    assert summary["synthetic"] is synthetic


def test_removing_demo_data_removes_its_hazard_records_and_keeps_a_countys(demo_engine):
    county = as_records(FEBRUARY)  # keys of their own: no demo record is touched
    with store.session_factory(demo_engine).begin() as s:
        batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
        store.apply_hazards(s, county, batch_id=batch, user="analyst")
    period = Period(2022, 1, 2)
    before = api.hazard_summary(demo_engine, period, "灌云县")
    with store.session_factory(demo_engine)() as s:
        demo_hazards = int(store.hazard_records(s)["synthetic"].sum())
        demo_figures = store.observation_count(s, synthetic=True)
        demo_enforcement = sum(  # the demo's inspections and penalty cases go too
            s.scalar(select(func.count()).select_from(m).where(m.synthetic.is_(True)))
            for m in (InspectionRecord, CaseRecord)
        )
    with store.session_factory(demo_engine).begin() as s:
        removed = store.delete_synthetic(s)
    after = api.hazard_summary(demo_engine, period, "灌云县")
    with store.session_factory(demo_engine)() as s:
        left = store.hazard_records(s)
    assert demo_hazards > 0 and demo_enforcement > 0 and removed == demo_figures + demo_hazards + demo_enforcement
    assert sorted(left["key"]) == sorted(county["key"]) and not left["synthetic"].any()
    assert before["synthetic"] and not after["synthetic"]
    assert after["found"] == (county["region"] == "320723").sum() < before["found"]
    assert api.init_db(demo_engine, demo_data=True).demo_hazards == demo_hazards  # loaded again
