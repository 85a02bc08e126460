"""The demo's synthetic accident records: they count up to the demo county months exactly, never
contradict the report, and read back through the ledger reader without a problem."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest

from lawreport_data import catalog, demo
from lawreport_data.ledgers import accidents
from lawreport_data.ledgers.demo_accidents import (
    INDICATORS,
    SECTOR_TYPES,
    UNIT_SECTORS,
    WRITE_OFFS_PER_YEAR,
    demo_accident_records,
)

CELL = ["region", "year", "month"]


@pytest.fixture(scope="module")
def records(demo_rows, real) -> pd.DataFrame:
    return demo_accident_records(demo_rows, real)


def counted(records: pd.DataFrame) -> pd.DataFrame:
    """Each indicator counted from the records per county month, as the store will count them."""
    r = records[records["status"] == "counted"].assign(
        year=records["occurred_at"].dt.year,
        month=records["occurred_at"].dt.month,
        major=records["grade"] != "general",
    )
    return r.groupby(CELL).agg(
        accidents=("key", "size"),
        deaths=("deaths", "sum"),
        injuries=("injuries", "sum"),
        direct_loss=("direct_loss", "sum"),
        major_accidents=("major", "sum"),
    )


@pytest.mark.parametrize("indicator", INDICATORS)
def test_records_add_up_to_every_demo_county_month(records, demo_rows, indicator):
    rows = demo_rows[demo_rows["indicator"] == indicator].rename(columns={"start": "month"})
    expected = rows.set_index(CELL)["value"]
    got = counted(records)[indicator].reindex(expected.index, fill_value=0)
    assert len(expected) == 600  # 10 counties and zones × 60 months
    pd.testing.assert_series_equal(got.astype(float), expected, check_names=False)


@pytest.mark.parametrize(
    ("indicator", "expected"),
    [("accidents", 70), ("deaths", 37), ("major_accidents", 0)],  # the report: 1-11月份 2022
)
def test_records_of_2022_january_to_november_are_the_reports_city_figures(records, indicator, expected):
    span = records[(records["occurred_at"] >= "2022-01-01") & (records["occurred_at"] < "2022-12-01")]
    assert counted(span)[indicator].sum() == expected


def test_each_year_has_written_off_records_with_a_reason_from_the_catalog(records):
    off = records[records["status"] == "written_off"]
    assert off.groupby(off["occurred_at"].dt.year).size().to_dict() == dict.fromkeys(demo.YEARS, WRITE_OFFS_PER_YEAR)
    assert off["write_off_reason"].isin(catalog.DEMO_WRITE_OFF_REASONS).all()
    assert records.loc[records["status"] == "counted", "write_off_reason"].isna().all()


def test_written_off_records_are_left_out_of_the_sums_that_match_the_demo(records, demo_rows):
    """Counting every record, the written-off ones too, would not give the demo's figures: they
    match because the written-off ones are left out."""
    everything = counted(records.assign(status="counted"))
    rows = demo_rows[demo_rows["indicator"] == "accidents"].rename(columns={"start": "month"})
    expected = rows.set_index(CELL)["value"]
    got = everything["accidents"].reindex(expected.index, fill_value=0)
    assert (got - expected).sum() == WRITE_OFFS_PER_YEAR * len(demo.YEARS)


def test_records_are_deterministic(records, demo_rows, real):
    pd.testing.assert_frame_equal(records, demo_accident_records(demo_rows, real))


def test_records_have_the_ledgers_columns_marked_synthetic_with_unique_keys(records):
    assert list(records.columns) == [*accidents.RECORD_COLUMNS, "synthetic"]
    assert records["synthetic"].all()
    assert records["key"].is_unique
    assert records["occurred_at"].dt.year.between(2018, 2022).all()


def _as_ledger_csv(records: pd.DataFrame) -> bytes:
    """The records as a county would write them: the template's headers, names for codes."""
    labels = catalog.ACCIDENT_COLUMN_LABELS
    r = records
    table = {
        "record_no": r["record_no"],
        "occurred_at": r["occurred_at"].dt.strftime("%Y-%m-%d %H:%M"),
        "region": r["region"].map(catalog.region_name),
        "unit": r["unit"],
        "credit_code": r["credit_code"].fillna(""),
        "sector": r["sector"].map(catalog.ACCIDENT_SECTORS),
        "industry": r["industry"].fillna(""),
        "type": r["type"].map(catalog.ACCIDENT_TYPES),
        **{c: r[c] for c in ("deaths", "missing", "serious_injuries", "injuries", "direct_loss")},
        "grade": r["grade"].map(catalog.ACCIDENT_GRADES),
        "status": r["status"].map(catalog.ACCIDENT_STATUSES),
        "write_off_reason": r["write_off_reason"].fillna(""),
        "summary": r["summary"],
    }
    frame = pd.DataFrame({labels[role]: table[role] for role in accidents.TEMPLATE_ROLES})
    return frame.to_csv(index=False).encode("utf-8-sig")


def test_every_record_reads_back_through_the_ledger_reader_without_a_problem(records):
    parsed = accidents.read_accident_ledger(io.BytesIO(_as_ledger_csv(records)), "demo.csv")
    assert parsed.problems.empty, parsed.problems.head().to_dict("records")
    assert parsed.key_kind == "record_no"
    same = accidents.RECORD_COLUMNS[:-1]  # all but source_row: the demo has no file
    pd.testing.assert_frame_equal(parsed.records[same], records[same])


def test_grades_follow_the_figures_and_serious_injuries_are_among_the_injured(records):
    grade = accidents.grade_of(
        records["deaths"] + records["missing"], records["serious_injuries"], records["direct_loss"]
    )
    assert (grade == records["grade"]).all()
    assert (records["serious_injuries"] <= records["injuries"]).all()


def test_each_enterprise_has_its_own_valid_credit_code(records):
    at_unit = records["sector"].isin(UNIT_SECTORS)
    assert (records.loc[at_unit, "unit"] != "").all()
    assert records.loc[~at_unit, "credit_code"].isna().all()
    assert records.loc[at_unit, "credit_code"].map(accidents.valid_credit_code).all()
    pairs = records.loc[at_unit, ["region", "unit", "credit_code"]].drop_duplicates()
    assert pairs[["region", "unit"]].value_counts().max() == 1  # an enterprise has one code
    assert pairs["credit_code"].value_counts().max() == 1  # and no other has it


def test_road_transport_then_construction_are_the_most_frequent_sectors(records):
    assert records["sector"].value_counts().index[:2].tolist() == ["road", "construction"]


def test_each_accident_class_is_one_its_sector_has(records):
    allowed = records["sector"].map(lambda s: set(SECTOR_TYPES[s]))
    assert [t in a for t, a in zip(records["type"], allowed, strict=True)] == [True] * len(records)


def test_accidents_peak_in_working_hours(records):
    hour = records["occurred_at"].dt.hour
    assert hour.between(8, 17).mean() > 0.5
    assert hour.between(0, 5).mean() < 0.1


def _cell(**values) -> pd.DataFrame:
    """One county month's figures (the others 0)."""
    figures = dict.fromkeys(INDICATORS, 0) | values
    return pd.DataFrame(
        [dict(indicator=c, region="320723", year=2022, start=3, end=3, value=float(v)) for c, v in figures.items()]
    )


@pytest.mark.parametrize(
    ("figures", "real_value", "message"),
    [
        (dict(accidents=0, deaths=1), None, "without an accident"),
        (dict(accidents=1, injuries=2, direct_loss=3), None, None),
        (dict(accidents=1, deaths=3), None, "more than the accidents"),  # one 一般 accident: 2 at most
        (dict(accidents=1, deaths=3, major_accidents=1), None, None),  # a 较大 one
        (dict(accidents=1, deaths=2, major_accidents=1), None, "cannot make"),
        (dict(accidents=1, major_accidents=2, deaths=6), None, "more larger-or-above accidents"),
        (dict(accidents=1, direct_loss=0.1), None, "quarter"),
        (dict(accidents=2), 3, "the report says"),
        (dict(accidents=2), 2, None),
    ],
)
def test_county_months_no_records_can_carry_are_refused(figures, real_value, message):
    real = pd.DataFrame(
        []
        if real_value is None
        else [dict(indicator="accidents", region=catalog.CITY_CODE, year=2022, start=1, end=11, value=real_value)]
    )
    if message is None:
        records = demo_accident_records(_cell(**figures), real)
        records = records[records["status"] == "counted"]
        assert len(records) == figures["accidents"]
        assert records["deaths"].sum() == figures.get("deaths", 0)
        assert np.isclose(records["direct_loss"].sum(), figures.get("direct_loss", 0))
    else:
        with pytest.raises(ValueError, match=message):
            demo_accident_records(_cell(**figures), real)
