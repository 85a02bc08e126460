"""The hazard ledger's as-of figures (hazard_figures), on a county's ledger sent three times: in
February (January's hazards), in March (with rectification dates filled in and a February hazard)
and in April (a completion date that was wrong cleared). Every expected figure is worked out by hand
in the comments from the rows of tests/hazard_data.py."""

from __future__ import annotations

import pandas as pd
import pytest

from lawreport_data import catalog, hazard_figures
from tests.hazard_data import FEBRUARY, JANUARY, MARCH

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("records", "span", "as_of", "expected"),
    [
        # Found in January, on 1-31: H1 done (1 of 5); due before 1-31: H1, H2; H1 on time; H2 overdue.
        (JANUARY, ("2022-01-01", "2022-01-31"), "2022-01-31",
         dict(found=5, general=4, major=1, rectified=1, rectification_rate=20.0, major_rectification_rate=0.0,
              on_time_rate=50.0, overdue=1, open=4, mean_days_to_rectify=12.0)),
        # The same hazards on 2-28 after the March re-send: H1, H2, H3, H5 done (4 of 5); due before
        # 2-28: H1, H2, H5 (H3's deadline is 2-28 itself), only H1 on time: 1/3; mean (12+26+46+15)/4.
        (FEBRUARY, ("2022-01-01", "2022-01-31"), "2022-02-28",
         dict(found=5, general=4, major=1, rectified=4, rectification_rate=80.0, major_rectification_rate=100.0,
              on_time_rate=33.3, overdue=0, open=1, mean_days_to_rectify=24.8)),
        # 1-2月 on 2-28: H6 too (6 found, 4 done: 66.7%), not due until 3-15.
        (FEBRUARY, ("2022-01-01", "2022-02-28"), "2022-02-28",
         dict(found=6, general=5, major=1, rectified=4, rectification_rate=66.7, major_rectification_rate=100.0,
              on_time_rate=33.3, overdue=0, open=2, mean_days_to_rectify=24.8)),
        # 1-3月 on 3-31 after the April re-send: done H1, H2, H3 (3 of 6); due: H1, H2, H3, H5, H6,
        # on time H1, H3: 2/5; overdue H5 (its completion cleared) and H6; mean (12+26+46)/3.
        (MARCH, ("2022-01-01", "2022-03-31"), "2022-03-31",
         dict(found=6, general=5, major=1, rectified=3, rectification_rate=50.0, major_rectification_rate=100.0,
              on_time_rate=40.0, overdue=2, open=3, mean_days_to_rectify=28.0)),
        # As of a day before the re-send's dates: the March ledger read on 1-31 is January's picture.
        (FEBRUARY, ("2022-01-01", "2022-03-31"), "2022-01-31",
         dict(found=5, general=4, major=1, rectified=1, rectification_rate=20.0, major_rectification_rate=0.0,
              on_time_rate=50.0, overdue=1, open=4, mean_days_to_rectify=12.0)),
        # Nothing found: no rates, no mean.
        (JANUARY, ("2022-06-01", "2022-06-30"), "2022-06-30",
         dict(found=0, general=0, major=0, rectified=0, rectification_rate=None, major_rectification_rate=None,
              on_time_rate=None, overdue=0, open=0, mean_days_to_rectify=None)),
    ],
)  # fmt: skip
def test_successive_resends_change_the_as_of_figures_as_worked_out_by_hand(records, span, as_of, expected):
    got = hazard_figures.figures(hazard_figures.found_in(records, *span, as_of=as_of), as_of)
    assert got == expected
    assert set(got) == set(catalog.HAZARD_MEASURES)


def test_a_spans_rate_is_counted_from_its_records_not_averaged_from_its_months():
    months = [
        hazard_figures.found_in(FEBRUARY, *m) for m in (("2022-01-01", "2022-01-31"), ("2022-02-01", "2022-02-28"))
    ]
    rates = [hazard_figures.figures(m, "2022-02-28")["rectification_rate"] for m in months]
    span = hazard_figures.figures(hazard_figures.found_in(FEBRUARY, "2022-01-01", "2022-02-28"), "2022-02-28")
    assert rates == [80.0, 0.0] and span["rectification_rate"] == 66.7 != sum(rates) / 2


@pytest.mark.parametrize(
    ("records", "as_of", "expected"),
    [
        (JANUARY, "2022-01-31", {"H1": "rectified", "H2": "overdue", "H3": "open", "H4": "open", "H5": "open"}),
        (JANUARY, "2022-03-01", {"H1": "rectified", "H2": "overdue", "H3": "overdue", "H4": "open", "H5": "overdue"}),
        (MARCH, "2022-03-31", {"H1": "rectified", "H2": "rectified", "H3": "rectified", "H4": "open",
                               "H5": "overdue", "H6": "overdue"}),
    ],
)  # fmt: skip
def test_each_hazard_is_rectified_open_or_overdue_on_the_day(records, as_of, expected):
    assert dict(zip(records["key"], hazard_figures.statuses(records, as_of), strict=True)) == expected


@pytest.mark.parametrize(
    ("records", "as_of", "expected"),
    [
        # H3 (重大, 市级) due 2-28, not rectified in the February ledger: 8 days left on 2-20 ...
        (JANUARY, "2022-02-20", [("H3", "city", 8.0)]),
        # ... and overdue by one day on 3-1.
        (JANUARY, "2022-03-01", [("H3", "city", -1.0)]),
        # Rectified on 2-27 in the March re-send: no longer listed.
        (FEBRUARY, "2022-03-01", []),
    ],
)
def test_the_supervision_list_shows_open_supervised_hazards_with_days_left_or_overdue(records, as_of, expected):
    got = hazard_figures.supervised(records, as_of)
    assert list(zip(got["key"], got["supervision"], got["days_left"], strict=True)) == expected
    if expected and expected[0][2] < 0:
        assert hazard_figures.statuses(got, as_of).tolist() == ["overdue"]


@pytest.mark.parametrize(
    ("records", "as_of", "open_", "major"),
    [
        # Open on 1-31: H2 (21 days), H3 (19, major), H4 (11), H5 (3).
        (JANUARY, "2022-01-31", [4, 0, 0], [1, 0, 0]),
        # Open on 5-1 (April's ledger): H4 (101 days), H5 (93), H6 (75).
        (MARCH, "2022-05-01", [0, 1, 2], [0, 0, 0]),
        # On 2-20 (January's ledger): H2 (41 days), H3 (39, major), H4 (31), H5 (23).
        (JANUARY, "2022-02-20", [1, 3, 0], [0, 1, 0]),
    ],
)
def test_open_hazards_are_counted_by_their_age_on_the_day(records, as_of, open_, major):
    got = hazard_figures.age_buckets(records, as_of)
    assert got["bucket"].tolist() == [b[0] for b in catalog.HAZARD_AGE_BUCKETS]
    assert got["open"].tolist() == open_ and got["major"].tolist() == major


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # 1-2月 on 2-28: 一般 H1, H2, H4, H5, H6 (3 done: H1, H2, H5); 重大 H3 (done).
        ("level", [("general", 5, 3, 60.0, 33.3, 0, 2), ("major", 1, 1, 100.0, None, 0, 0)]),
        ("region", [("320722", 3, 1, 33.3, None, 0, 2), ("320723", 3, 3, 100.0, 33.3, 0, 0)]),
        ("month", [("2022-01", 5, 4, 80.0, 33.3, 0, 1), ("2022-02", 1, 0, 0.0, None, 0, 1)]),
        ("supervision", [("city", 1, 1, 100.0, None, 0, 0), ("none", 5, 3, 60.0, 33.3, 0, 2)]),
    ],
)
def test_grouped_figures_are_each_groups_own(by, expected):
    got = hazard_figures.grouped(hazard_figures.found_in(FEBRUARY, "2022-01-01", "2022-02-28"), "2022-02-28", by)
    columns = ["group", "found", "rectified", "rectification_rate", "on_time_rate", "overdue", "open"]
    rows = [tuple(None if pd.isna(v) else v for v in r) for r in got[columns].itertuples(index=False)]
    assert rows == expected


@pytest.mark.parametrize(
    ("rate", "found", "text"),
    [(80.0, 5, "80.0%"), (None, 0, "无隐患"), (0.0, 1, "0.0%"), (None, 3, "—")],
)
def test_a_rate_with_nothing_found_says_no_hazards(rate, found, text):
    assert hazard_figures.rate_text(rate, found) == text


def test_an_unknown_grouping_is_refused_by_name():
    with pytest.raises(ValueError, match="grade"):
        hazard_figures.grouped(JANUARY, "2022-01-31", "grade")
