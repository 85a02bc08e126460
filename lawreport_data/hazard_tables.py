"""The 隐患台账 page's cards and tables as people read them: pure functions over hazard records (the
store's ``hazard_records`` frame) and their as-of figures (``hazard_figures``). Nothing here reads
the store or draws anything.

The cards compare a span's hazards on a day with the comparison span's hazards on the same day
of that span (同比: the same span last year, as of the same day a year before), so a re-send that
fills in completion dates moves this year's card and not last year's.

>>> day = pd.Timestamp
>>> records = pd.DataFrame({"found_on": [day("2022-01-05"), day("2022-01-10")],
...     "deadline": [day("2022-01-15"), day("2022-01-20")], "rectified_on": [day("2022-01-14"), pd.NaT],
...     "level": ["general", "major"]})
>>> [c["display"] for c in cards(records, records.iloc[0:1], "2022-01-31")]
['2', '1', '50.0%', '1']
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from . import catalog, hazard_figures, metrics

CARD_KEYS = tuple(catalog.HAZARD_CARDS)


def shifted_as_of(as_of, period_end, before_end) -> dt.date:
    """The comparison span's as-of day: as far from its last day as ``as_of`` is from the span's.

    >>> shifted_as_of(dt.date(2022, 11, 30), dt.date(2022, 11, 30), dt.date(2021, 11, 30))
    datetime.date(2021, 11, 30)
    >>> shifted_as_of(dt.date(2022, 12, 31), dt.date(2022, 6, 30), dt.date(2021, 6, 30))
    datetime.date(2021, 12, 31)
    """
    return pd.Timestamp(before_end).date() + (pd.Timestamp(as_of).date() - pd.Timestamp(period_end).date())


def rate_change(rate: float | None, previous: float | None, comparison: str = "yoy") -> tuple[str | None, str]:
    """A rate's change in percentage points: (direction, words).

    >>> rate_change(98.8, 95.3), rate_change(50.0, 50.0, "mom"), rate_change(None, 12.0)
    (('up', '同比提高3.5个百分点'), ('flat', '环比持平'), (None, '无可比数据'))
    """
    label = catalog.COMPARISON_LABELS[comparison]
    if rate is None or previous is None:
        return None, catalog.PHRASES["no_previous"]
    points = metrics.round_half_away(float(rate) - float(previous), 1)
    direction = "up" if points > 0 else "down" if points < 0 else "flat"
    return direction, catalog.HAZARD_RATE_CHANGE[direction].format(label=label, pp=f"{abs(points):.1f}")


def cards(
    records: pd.DataFrame,
    before: pd.DataFrame | None,
    as_of,
    before_as_of=None,
    *,
    official: dict[str, float] | None = None,
    comparison: str = "yoy",
    synthetic: bool = False,
) -> list[dict]:
    """The cards (``catalog.HAZARD_CARDS``: found, rectified, 整改率, 逾期) of ``records`` on ``as_of``
    with the change against ``before`` (the comparison span's records, None: none sent) on
    ``before_as_of`` (default ``as_of``). ``official``: a card's official figure (key → value) is
    shown where given, the ledger's count beside it. Each card: ``key``, ``name``, ``unit``,
    ``polarity``, ``value``, ``display``, ``ledger``, ``ledger_display``, ``source`` (official or
    ledger), ``differs``, ``change_text``, ``direction``, ``synthetic``."""
    now = hazard_figures.figures(records, as_of)
    then = None if before is None else hazard_figures.figures(before, before_as_of or as_of)
    official = official or {}
    out = []
    for key, (name, unit, polarity) in catalog.HAZARD_CARDS.items():
        count = now[key]
        stated = official.get(key)
        value = count if stated is None else stated
        previous = None if then is None else then[key]
        if key == "rectification_rate":
            direction, text = rate_change(value, previous, comparison)
            display = hazard_figures.rate_text(value, now["found"])
            ledger_display = display
        else:
            change = metrics.describe_change(value, previous, unit=unit, comparison=comparison)
            direction, text = change.direction, change.text
            display = metrics.format_number(value)
            ledger_display = metrics.format_figure(count, "", unit)
        out.append(
            {
                "key": key,
                "name": name,
                "unit": unit,
                "polarity": polarity,
                "value": value,
                "display": display,
                "ledger": count,
                "ledger_display": ledger_display,
                "source": "ledger" if stated is None else "official",
                "differs": stated is not None and stated != count,
                "change_text": text,
                "direction": direction,
                "synthetic": synthetic,
            }
        )
    return out


def funnel(records: pd.DataFrame, as_of) -> pd.DataFrame:
    """Found → rectified → accepted (验收销号) by ``as_of``: columns ``stage``, ``label``, ``value``.

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"found_on": [day("2022-01-05")] * 3, "rectified_on": [day("2022-01-09"), day("2022-01-20"), pd.NaT],
    ...                   "accepted_on": [day("2022-01-12"), pd.NaT, pd.NaT]})
    >>> funnel(r, "2022-01-31")["value"].tolist(), funnel(r, "2022-01-10")["value"].tolist()
    ([3, 2, 1], [3, 1, 0])
    """
    day = hazard_figures.as_of_day(as_of)
    known = records[records["found_on"] <= day]
    values = {
        "found": len(known),
        "rectified": int((known["rectified_on"].notna() & (known["rectified_on"] <= day)).sum()),
        "accepted": int((known["accepted_on"].notna() & (known["accepted_on"] <= day)).sum()),
    }
    stages = catalog.HAZARD_FUNNEL_STAGES
    return pd.DataFrame({"stage": list(stages), "label": list(stages.values()), "value": list(values.values())})


def rate_by_region(records: pd.DataFrame, as_of, parent_of: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    """整改率 of each region under the page's region (``parent_of``: a record's region → the one it
    is counted under, e.g. a town → its county), highest first: ``region``, ``name``, ``found``,
    ``rectified``, ``rectification_rate``, ``tone`` (``above`` or ``below`` the whole's rate).

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"region": ["a1", "a", "b"], "found_on": [day("2022-01-05")] * 3,
    ...     "deadline": [pd.NaT] * 3, "rectified_on": [day("2022-01-09"), pd.NaT, day("2022-01-09")],
    ...     "level": ["general"] * 3})
    >>> rate_by_region(r, "2022-01-31", {"a1": "a", "a": "a", "b": "b"}, {"a": "甲县", "b": "乙县"})[
    ...     ["name", "found", "rectified", "rectification_rate", "tone"]].values.tolist()
    [['乙县', 1, 1, 100.0, 'above'], ['甲县', 2, 1, 50.0, 'below']]
    """
    whole = hazard_figures.figures(records, as_of)["rectification_rate"]
    mapped = records.assign(region=records["region"].map(parent_of).fillna(records["region"]))
    grouped = hazard_figures.grouped(mapped, as_of, "region")
    out = grouped.rename(columns={"group": "region"})[["region", "found", "rectified", "rectification_rate"]]
    out["name"] = [names.get(c, c) for c in out["region"]]
    rate = out["rectification_rate"].astype(float)
    out["tone"] = np.where(rate >= (whole if whole is not None else 0), "above", "below")
    out = out.sort_values(["rectification_rate", "found"], ascending=[False, False], kind="stable", na_position="last")
    return out[["region", "name", "found", "rectified", "rectification_rate", "tone"]].reset_index(drop=True)


def urgency_text(days_left: float) -> str:
    """How urgent a supervised hazard is, in words.

    >>> urgency_text(10.0), urgency_text(0.0), urgency_text(-9.0), urgency_text(float("nan"))
    ('剩余10天', '今日到期', '逾期9天', '未定期限')
    """
    u = catalog.HAZARD_URGENCY
    if days_left != days_left:
        return u["none"]
    if days_left > 0:
        return u["left"].format(days=int(days_left))
    if days_left == 0:
        return u["today"]
    return u["overdue"].format(days=int(-days_left))


def _day(value) -> str:
    return "" if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def _text(value) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def supervised_table(records: pd.DataFrame, as_of, names: dict[str, str]) -> pd.DataFrame:
    """The open hazards under 挂牌督办 on ``as_of``, most urgent first (``hazard_figures.supervised``),
    with the headers of ``catalog.HAZARD_SUPERVISED_COLUMNS``; texts plain (escape them to show).

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"record_no": ["Y1"], "company": ["甲公司"], "region": ["320723"], "level": ["major"],
    ...     "description": ["无防火堤"], "supervision": ["city"], "found_on": [day("2022-01-12")],
    ...     "deadline": [day("2022-02-28")], "rectified_on": [pd.NaT]})
    >>> supervised_table(r, "2022-03-01", {"320723": "灌云县"}).iloc[0].tolist()[:4]
    ['逾期1天', '市级', 'Y1', '甲公司']
    """
    open_ = hazard_figures.supervised(records, as_of)
    rows = {
        "urgency": [urgency_text(d) for d in open_["days_left"]],
        "supervision": [catalog.HAZARD_SUPERVISION.get(s, s) for s in open_["supervision"]],
        "record_no": [_text(v) for v in open_["record_no"]],
        "company": [_text(v) for v in open_["company"]],
        "region": [names.get(c, c) for c in open_["region"]],
        "level": [catalog.HAZARD_LEVELS.get(v, v) for v in open_["level"]],
        "description": [_text(v) for v in open_["description"]],
        "deadline": [_day(v) for v in open_["deadline"]],
    }
    return pd.DataFrame(rows, columns=list(catalog.HAZARD_SUPERVISED_COLUMNS), dtype=object).rename(
        columns=catalog.HAZARD_SUPERVISED_COLUMNS
    )


def open_by_company(records: pd.DataFrame, as_of, names: dict[str, str], top: int = catalog.HAZARD_TOP_COMPANIES):
    """The enterprises with the most hazards not rectified on ``as_of`` (an enterprise is its
    统一社会信用代码, else its name), most first, at most ``top``: headers of
    ``catalog.HAZARD_COMPANY_COLUMNS``.

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"company": ["甲公司", "甲公司（新）", "乙公司"], "credit_code": ["91X", "91X", None],
    ...     "region": ["320723"] * 3, "level": ["major", "general", "general"], "found_on": [day("2022-01-05")] * 3,
    ...     "deadline": [day("2022-01-10"), pd.NaT, pd.NaT], "rectified_on": [pd.NaT] * 3})
    >>> open_by_company(r, "2022-01-31", {"320723": "灌云县"}).values.tolist()
    [['甲公司', '91X', '灌云县', 2, 1, 1], ['乙公司', '', '灌云县', 1, 0, 0]]
    """
    day = hazard_figures.as_of_day(as_of)
    known = records[records["found_on"] <= day]
    states = hazard_figures.statuses(known, day)
    still = known[states != "rectified"].assign(
        _who=lambda f: f["credit_code"].fillna(f["company"]),
        _major=lambda f: (f["level"] == "major").astype(int),
        _overdue=(states[states != "rectified"] == "overdue").astype(int),
    )
    if still.empty:
        return pd.DataFrame(columns=list(catalog.HAZARD_COMPANY_COLUMNS.values()))
    grouped = still.groupby("_who", sort=False).agg(
        company=("company", "first"), credit_code=("credit_code", "first"), region=("region", "first"),
        open=("_who", "size"), major=("_major", "sum"), overdue=("_overdue", "sum"),
    )  # fmt: skip
    grouped = grouped.sort_values(["open", "major", "overdue"], ascending=False, kind="stable").head(top)
    grouped["credit_code"] = [_text(v) for v in grouped["credit_code"]]
    grouped["region"] = [names.get(c, c) for c in grouped["region"]]
    for c in ("open", "major", "overdue"):
        grouped[c] = grouped[c].astype(int)
    out = grouped.reset_index(drop=True)[list(catalog.HAZARD_COMPANY_COLUMNS)]
    return out.rename(columns=catalog.HAZARD_COMPANY_COLUMNS)


def list_frame(records: pd.DataFrame, as_of, filters: dict | None = None) -> pd.DataFrame:
    """The records found by ``as_of`` with their ``status`` that day, filtered (``filters``:
        ``regions`` a set of region codes; ``level``, ``status``, ``supervision`` lists of codes, empty:
        all), newest first; a 整改完成日期 or 验收日期 after ``as_of`` is empty (on that day it was still to
    come).

        >>> day = pd.Timestamp
        >>> r = pd.DataFrame({"id": [1, 2], "region": ["a", "b"], "level": ["general", "major"],
        ...     "supervision": [None, "city"], "found_on": [day("2022-01-05"), day("2022-01-06")],
        ...     "deadline": [pd.NaT, day("2022-01-08")], "rectified_on": [pd.NaT] * 2})
        >>> list_frame(r, "2022-01-31", {"status": ["overdue"]})["id"].tolist(), list_frame(r, "2022-01-31")["id"].tolist()
        ([2], [2, 1])
    """
    day = hazard_figures.as_of_day(as_of)
    known = records[records["found_on"] <= day]
    out = known.assign(status=hazard_figures.statuses(known, day))
    for later in ("rectified_on", "accepted_on"):  # a date after the day had not happened yet on it
        if later in out:
            out[later] = out[later].where(out[later] <= day)
    filters = filters or {}
    if filters.get("regions"):
        out = out[out["region"].isin(set(filters["regions"]))]
    for name in ("level", "status", "supervision"):
        chosen = filters.get(name)
        if chosen:
            values = out[name].fillna("none") if name == "supervision" else out[name]
            out = out[values.isin(list(chosen))]
    return out.sort_values(["found_on", "id"], ascending=False, kind="stable").reset_index(drop=True)


def record_table(frame: pd.DataFrame, names: dict[str, str], columns: dict[str, str] = catalog.HAZARD_LIST_COLUMNS):
    """Records (:func:`list_frame` rows) as people read them: codes by name, days as 2022-03-05,
    the headers of ``columns``; texts plain (escape them to show).

    >>> day = pd.Timestamp
    >>> r = pd.DataFrame({"record_no": ["Y1"], "found_on": [day("2022-01-12")], "region": ["320723"],
    ...     "company": ["甲公司"], "level": ["major"], "description": ["<b>x</b>"], "deadline": [pd.NaT],
    ...     "rectified_on": [pd.NaT], "status": ["open"], "supervision": [None]})
    >>> record_table(r, {"320723": "灌云县"}).iloc[0].tolist()
    ['Y1', '2022-01-12', '灌云县', '甲公司', '重大', '<b>x</b>', '', '', '整改中', '无']
    """
    labels = {
        "region": names,
        "level": catalog.HAZARD_LEVELS,
        "status": catalog.HAZARD_STATUSES,
        "supervision": catalog.HAZARD_SUPERVISION,
        "sector": catalog.ACCIDENT_SECTORS,
        "source": catalog.HAZARD_SOURCES,
    }
    out: dict[str, list] = {}
    for col in columns:
        values = frame[col] if col in frame else pd.Series([None] * len(frame))
        if col in ("found_on", "deadline", "rectified_on", "accepted_on"):
            out[col] = [_day(v) for v in values]
        elif col == "supervision":
            out[col] = [catalog.HAZARD_SUPERVISION.get(v if isinstance(v, str) else "none", v) for v in values]
        elif col in labels:
            out[col] = [labels[col].get(v, _text(v)) for v in values]
        elif col == "synthetic":
            out[col] = [catalog.YES_NO[bool(v)] for v in values]
        elif col == "funds":
            out[col] = [None if pd.isna(v) else float(v) for v in values]
        else:
            out[col] = [_text(v) for v in values]
    return pd.DataFrame(out, columns=list(columns), dtype=object).rename(columns=columns)
