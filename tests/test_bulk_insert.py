"""The bulk insert's fast paths give exactly what SQLAlchemy's own bind processors give."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite

from lawreport_data.store.writes import datetime_texts

pytestmark = pytest.mark.unit


def _proc(dialect):
    return DateTime().dialect_impl(dialect).bind_processor(dialect)


@pytest.mark.parametrize(
    "times",
    [
        ["2022-03-05 14:30", "2022-03-05 14:30:00"],
        ["2020-02-29 00:00", None, "1999-12-31 23:59:59.123456"],
        ["1900-01-01 00:00:00.000001", "2099-12-31 23:59:59.999999"],
        [None, None, "2022-11-30 08:00"],
    ],
)
def test_times_are_written_as_sqlites_processor_writes_each(times):
    series = pd.Series(pd.to_datetime(times, format="mixed"))
    proc = _proc(sqlite.dialect())
    expected = [None if pd.isna(v) else proc(v.to_pydatetime()) for v in series]
    assert datetime_texts(series, proc) == expected


DAY_ONLY = sqlite.DATETIME(storage_format="%(year)04d/%(month)02d/%(day)02d")


@pytest.mark.parametrize(
    "series, proc",
    [
        (pd.Series(["2022-03-05 14:30"]), _proc(sqlite.dialect())),  # text, not times
        (pd.Series(pd.to_datetime(["2022-03-05"])).dt.tz_localize("Asia/Shanghai"), _proc(sqlite.dialect())),
        (pd.Series(pd.to_datetime(["2022-03-05"])), DAY_ONLY.bind_processor(sqlite.dialect())),
    ],
    ids=["text", "time-zone", "another-storage-format"],
)
def test_other_columns_and_formats_are_left_to_their_processor(series, proc):
    assert datetime_texts(series, proc) is None
