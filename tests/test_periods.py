import pytest

from lawreport_data.periods import Period, PeriodError


@pytest.mark.parametrize(
    ("text", "expected", "label"),
    [
        ("2022", Period(2022, 1, 12), "2022年"),
        ("2022-11", Period(2022, 11, 11), "2022年11月"),
        ("2022-1", Period(2022, 1, 1), "2022年1月"),
        ("2022-01..2022-11", Period(2022, 1, 11), "2022年1-11月"),
        (" 2021-03..2021-05 ", Period(2021, 3, 5), "2021年3-5月"),
    ],
)
def test_parses_command_line_periods_and_labels_them_in_chinese(text, expected, label):
    assert Period.parse(text) == expected
    assert Period.parse(text).label() == label


@pytest.mark.parametrize("text", ["2022-13", "2022-00", "2021-11..2022-02", "2022-05..2022-03", "22", "1-11月", ""])
def test_refuses_unreadable_period(text):
    with pytest.raises(PeriodError):
        Period.parse(text)


@pytest.mark.parametrize("text", ["2022", "2022-07", "2022-02..2022-09"])
def test_period_round_trips_through_its_string(text):
    assert Period.parse(str(Period.parse(text))) == Period.parse(text)


@pytest.mark.parametrize(
    ("period", "previous"),
    [
        (Period(2022, 11, 11), Period(2022, 10, 10)),
        (Period(2022, 1, 1), Period(2021, 12, 12)),
        (Period(2022, 1, 12), Period(2021, 1, 12)),
        (Period(2022, 7, 9), Period(2022, 4, 6)),
        (Period(2022, 1, 11), None),
    ],
)
def test_previous_span_is_the_span_of_equal_length_just_before(period, previous):
    assert period.previous_span() == previous
