"""Figures of the hazard ledger (隐患台账) as of a day: pure functions over hazard records.

A hazard's life is read from its dates: found (发现日期), due (整改期限), rectified (整改完成日期),
accepted (验收日期). Every figure is *as of* a day ``as_of``: a hazard found after it does not exist
yet, a completion date after it has not happened yet. The records are a DataFrame with (at least)
``found_on``, ``deadline``, ``rectified_on`` (datetime64, NaT when empty), ``level`` (``general`` or
``major``) and the grouping columns (``source``, ``sector``, ``region``, ``supervision``).

- **整改率** = rectified ÷ found, **重大隐患整改率** the same of the major ones;
- **按期整改率** = rectified on or before the deadline ÷ those whose deadline has passed (is before
  ``as_of``); a hazard without a deadline is in neither;
- **逾期未整改数**: deadline passed, not rectified; **平均整改天数**: days from discovery to
  rectification, mean over the rectified ones.

Rates are percentages to one decimal, half away from zero (``metrics.share_pct``), and None when
their base is 0: for 整改率 the page says 无隐患 (``rate_text``), never 100%. A rate of a span is
counted from the span's records, never summed or averaged from months (``figures`` of the span).

>>> day = pd.Timestamp
>>> records = pd.DataFrame({
...     "found_on": [day("2022-01-05"), day("2022-01-10"), day("2022-01-20")],
...     "deadline": [day("2022-01-15"), day("2022-01-31"), pd.NaT],
...     "rectified_on": [day("2022-01-14"), day("2022-02-03"), pd.NaT],
...     "level": ["general", "major", "general"],
... })
>>> f = figures(records, "2022-02-10")
>>> f["found"], f["rectified"], f["rectification_rate"], f["on_time_rate"], f["overdue"]
(3, 2, 66.7, 50.0, 0)
>>> f["major_rectification_rate"], f["mean_days_to_rectify"]
(100.0, 16.5)
>>> figures(records, "2022-02-01")["overdue"]  # the major one: due 1-31, rectified only 2-3
1
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import catalog
from .hazard_rates import COUNT_COLUMNS as COUNT_COLUMNS  # hazard_figures.COUNT_COLUMNS, as callers know it
from .hazard_rates import FIGURE_COLUMNS, HAZARD_GROUPINGS, figures_of, grouped_rows


def as_of_day(as_of) -> pd.Timestamp:
    """The as-of day as a Timestamp at midnight.

    >>> import datetime as dt
    >>> as_of_day("2022-11-30"), as_of_day(dt.date(2022, 3, 1))
    (Timestamp('2022-11-30 00:00:00'), Timestamp('2022-03-01 00:00:00'))
    """
    return pd.Timestamp(as_of).normalize()


def found_in(records: pd.DataFrame, start, end, as_of=None) -> pd.DataFrame:
    """The hazards found from the day ``start`` to the day ``end`` (both included) and, with
    ``as_of``, not after it (a hazard found later did not exist yet on that day)."""
    first, last = as_of_day(start), as_of_day(end)
    if as_of is not None:
        last = min(last, as_of_day(as_of))
    found = records["found_on"]
    return records[(found >= first) & (found <= last)]


def _rectified(records: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    done = records["rectified_on"]
    return done.notna() & (done <= day)


def _overdue(records: pd.DataFrame, day: pd.Timestamp) -> pd.Series:
    deadline = records["deadline"]
    return ~_rectified(records, day) & deadline.notna() & (deadline < day)


def statuses(records: pd.DataFrame, as_of) -> pd.Series:
    """Each hazard's state on ``as_of`` (``catalog.HAZARD_STATUSES``): ``rectified`` (done by
    then), ``overdue`` (not done, deadline before the day) or ``open``.

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"deadline": [day("2022-03-10"), day("2022-03-10"), pd.NaT],
    ...                   "rectified_on": [day("2022-03-09"), pd.NaT, pd.NaT]})
    >>> statuses(r, "2022-03-10").tolist(), statuses(r, "2022-03-11").tolist()
    (['rectified', 'open', 'open'], ['rectified', 'overdue', 'open'])
    >>> statuses(r, "2022-03-08").tolist()  # the completion is still to come on 3-8
    ['open', 'open', 'open']
    """
    day = as_of_day(as_of)
    out = np.where(_rectified(records, day), "rectified", np.where(_overdue(records, day), "overdue", "open"))
    return pd.Series(out, index=records.index, dtype=object)


def counts(records: pd.DataFrame, as_of) -> dict:
    """The :data:`COUNT_COLUMNS` of ``records`` on ``as_of`` (ints); :func:`figures_of` makes the
    figures of them.

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"found_on": [day("2022-01-05"), day("2022-01-10")], "level": ["general", "major"],
    ...                   "deadline": [day("2022-01-15"), pd.NaT], "rectified_on": [day("2022-01-14"), pd.NaT]})
    >>> counts(r, "2022-01-31")
    {'found': 2, 'general': 1, 'major': 1, 'rectified': 1, 'major_rectified': 0, 'due': 1, 'on_time': 1, 'overdue': 0, 'days_to_rectify': 9}
    """
    day = as_of_day(as_of)
    records = records[records["found_on"] <= day]
    done = _rectified(records, day)
    major = records["level"] == "major"
    deadline = records["deadline"]
    due = deadline.notna() & (deadline < day)
    on_time = due & done & (records["rectified_on"] <= deadline)
    days = (records.loc[done, "rectified_on"] - records.loc[done, "found_on"]).dt.days
    return {
        "found": len(records),
        "general": int((records["level"] == "general").sum()),
        "major": int(major.sum()),
        "rectified": int(done.sum()),
        "major_rectified": int((done & major).sum()),
        "due": int(due.sum()),
        "on_time": int(on_time.sum()),
        "overdue": int(_overdue(records, day).sum()),
        "days_to_rectify": int(days.sum()),
    }


def figures(records: pd.DataFrame, as_of) -> dict:
    """The figures of ``records`` (the hazards of a span, ``found_in``) on ``as_of``: the keys of
    ``catalog.HAZARD_MEASURES`` (counts as ints, rates and 平均整改天数 to one decimal or None)."""
    return figures_of(counts(records, as_of))


def group_values(records: pd.DataFrame, by: str) -> pd.Series:
    """What each record is grouped under ``by`` (``HAZARD_GROUPINGS``): its column, or for
    ``month`` the month of discovery as ``YYYY-MM``; an empty value is ``""``.

    >>> r = pd.DataFrame({"found_on": [pd.Timestamp("2022-03-05")], "source": [None]})
    >>> group_values(r, "month").tolist(), group_values(r, "source").tolist()
    (['2022-03'], [''])
    """
    if by not in HAZARD_GROUPINGS:
        raise ValueError(f"hazards are grouped by one of {HAZARD_GROUPINGS}, not {by!r}")
    if by == "month":
        return records["found_on"].dt.strftime("%Y-%m")
    return records[by].astype(object).where(records[by].notna(), "")


def grouped(records: pd.DataFrame, as_of, by: str) -> pd.DataFrame:
    """``figures`` per group of ``by`` (groups that have a hazard, in their order): columns
    ``group`` then ``FIGURE_COLUMNS``. Each group's rates are its own records', so the groups'
    rates do not add up to the whole's."""
    day = as_of_day(as_of)
    records = records[records["found_on"] <= day]
    keys = group_values(records, by)
    rows = [
        {"group": group, **{k: v for k, v in figures(part, day).items() if k in FIGURE_COLUMNS}}
        for group, part in records.groupby(keys, sort=True)
    ]
    return pd.DataFrame(rows, columns=["group", *FIGURE_COLUMNS])


def grouped_of(counted: pd.DataFrame) -> pd.DataFrame:
    """What :func:`grouped` gives, made of each group's counts (columns ``group`` and
    :data:`COUNT_COLUMNS`, one row per group, as ``store.hazard_counts`` counts them): groups that
    have a hazard, in their order (``hazard_rates.grouped_rows`` as a frame).

    >>> c = pd.DataFrame([dict(group="b", found=2, general=2, major=0, rectified=1, major_rectified=0, due=1,
    ...                        on_time=0, overdue=1, days_to_rectify=7), dict(group="a", **dict.fromkeys(COUNT_COLUMNS, 0))])
    >>> grouped_of(c)[["group", "found", "rectification_rate", "on_time_rate", "overdue", "mean_days_to_rectify"]].values.tolist()
    [['b', 2, 50.0, 0.0, 1, 7.0]]
    """
    return pd.DataFrame(grouped_rows(counted.to_dict("records")), columns=["group", *FIGURE_COLUMNS])


def age_buckets(records: pd.DataFrame, as_of) -> pd.DataFrame:
    """The hazards not rectified on ``as_of`` by their age that day (days since discovery), in
    ``catalog.HAZARD_AGE_BUCKETS``: columns ``bucket``, ``label``, ``open``, ``major``.

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"found_on": [day("2022-03-01"), day("2022-01-30"), day("2021-12-01")],
    ...                   "rectified_on": [pd.NaT] * 3, "level": ["major", "general", "general"]})
    >>> age_buckets(r, "2022-03-31")[["bucket", "open", "major"]].values.tolist()
    [['upto30', 1, 1], ['31to90', 1, 0], ['over90', 1, 0]]
    """
    day = as_of_day(as_of)
    known = records[records["found_on"] <= day]
    still = known[~_rectified(known, day)]
    age = (day - still["found_on"]).dt.days
    rows = []
    for code, label, first, last in catalog.HAZARD_AGE_BUCKETS:
        inside = (age >= first) & (age <= last if last is not None else True)
        rows.append({"bucket": code, "label": label, "open": int(inside.sum()),
                     "major": int((inside & (still["level"] == "major")).sum())})  # fmt: skip
    return pd.DataFrame(rows, columns=["bucket", "label", "open", "major"])


def supervised(records: pd.DataFrame, as_of) -> pd.DataFrame:
    """The hazards under 挂牌督办 (``supervision`` other than none) not rectified on ``as_of``,
    most urgent first: ``days_left`` until the deadline (negative: days overdue; NaN: no
    deadline, last), then the higher level of supervision first.

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"key": ["a", "b", "c", "d"], "supervision": ["city", "county", "none", "province"],
    ...                   "found_on": [day("2022-01-01")] * 4,
    ...                   "deadline": [day("2022-03-20"), day("2022-03-01"), day("2022-03-01"), pd.NaT],
    ...                   "rectified_on": [pd.NaT] * 4})
    >>> supervised(r, "2022-03-10")[["key", "days_left"]].values.tolist()
    [['b', -9.0], ['a', 10.0], ['d', nan]]
    """
    day = as_of_day(as_of)
    known = records[records["found_on"] <= day]
    level = known["supervision"]
    rank = {code: i for i, code in enumerate(catalog.HAZARD_SUPERVISION)}
    mine = known[level.notna() & (level != "none") & ~_rectified(known, day)].copy()
    mine["days_left"] = (mine["deadline"] - day).dt.days.astype(float)
    mine["_rank"] = -mine["supervision"].map(rank).astype(float)
    return mine.sort_values(["days_left", "_rank"], na_position="last", kind="stable").drop(columns="_rank")


def rate_text(rate: float | None, found: int) -> str:
    """A 整改率 as the page and briefings write it: ``无隐患`` when no hazard was found, ``—`` when
    there is no rate otherwise.

    >>> rate_text(66.7, 3), rate_text(None, 0), rate_text(None, 5), rate_text(100.0, 2)
    ('66.7%', '无隐患', '—', '100.0%')
    """
    if found == 0:
        return catalog.HAZARD_NO_HAZARDS
    return "—" if rate is None else f"{rate:.1f}%"
