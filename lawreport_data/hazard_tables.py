"""The 隐患台账 page's cards and tables as people read them: pure functions over hazard records (the
store's ``hazard_records`` frame) and their as-of figures (``hazard_figures``). Nothing here reads
the store or draws anything.

The cards compare a span's hazards on a day with the comparison span's hazards on the same day
of that span (同比: the same span last year, as of the same day a year before), so a re-send that
fills in completion dates moves this year's card and not last year's.

>>> now = dict(found=2, rectified=1, rectification_rate=50.0, overdue=1)
>>> [(c["display"], c["change_text"]) for c in cards(now, dict(found=1, rectified=1, rectification_rate=100.0, overdue=0))]
[('2', '同比上升100.0%'), ('1', '同比持平'), ('50.0%', '同比下降50.0个百分点'), ('1', '同比增加1条（上年同期为0）')]
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
    now: dict,
    then: dict | None,
    *,
    official: dict[str, float] | None = None,
    comparison: str = "yoy",
    synthetic: bool = False,
) -> list[dict]:
    """The cards (``catalog.HAZARD_CARDS``: found, rectified, 整改率, 逾期) of a span's figures on a
    day (``now``: ``hazard_figures.figures`` or ``figures_of``) with the change against
    ``then`` (the comparison span's on its day; None: none sent). ``official``: a card's official
    figure (key → value) is shown where given, the ledger's count beside it. Each card: ``key``,
    ``name``, ``unit``, ``polarity``, ``value``, ``display``, ``ledger``, ``ledger_display``,
    ``source`` (official or ledger), ``differs``, ``change_text``, ``direction``, ``synthetic``."""
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
            ledger_display = hazard_figures.rate_text(count, now["found"])
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


def funnel(counts) -> pd.DataFrame:
    """Found → rectified → accepted (验收销号) on the day of ``counts`` (``store.hazard_counts``' row):
    columns ``stage``, ``label``, ``value``.

    >>> funnel(dict(found=3, rectified=2, accepted=1))["value"].tolist()
    [3, 2, 1]
    """
    stages = catalog.HAZARD_FUNNEL_STAGES
    return pd.DataFrame(
        {"stage": list(stages), "label": list(stages.values()), "value": [int(counts[k]) for k in stages]}
    )


def ages(counts) -> pd.DataFrame:
    """The open hazards by age (``catalog.HAZARD_AGE_BUCKETS``) from ``store.hazard_counts``' row:
    columns ``bucket``, ``label``, ``open``, ``major`` (as ``hazard_figures.age_buckets``).

    >>> ages(dict(age_upto30=3, age_31to90=1, age_over90=0, age_upto30_major=1, age_31to90_major=0,
    ...           age_over90_major=0))[["bucket", "open", "major"]].values.tolist()
    [['upto30', 3, 1], ['31to90', 1, 0], ['over90', 0, 0]]
    """
    rows = [{"bucket": code, "label": label, "open": int(counts[f"age_{code}"]), "major": int(counts[f"age_{code}_major"])}
            for code, label, *_ in catalog.HAZARD_AGE_BUCKETS]  # fmt: skip
    return pd.DataFrame(rows, columns=["bucket", "label", "open", "major"])


def rate_by_region(counts: pd.DataFrame, parent_of: dict[str, str], names: dict[str, str]) -> pd.DataFrame:
    """整改率 of each region under the page's region from ``store.hazard_counts(by="region")``
    (``parent_of``: a counted region → the one it is shown under, e.g. a town → its county: their
    counts summed, never their rates averaged), highest first: ``region``, ``name``, ``found``,
    ``rectified``, ``rectification_rate``, ``tone`` (``above`` or ``below`` the whole's rate).

    >>> c = pd.DataFrame({"group": ["a1", "a", "b"], "found": [1, 1, 1], "rectified": [1, 0, 1],
    ...     **{k: [0, 0, 0] for k in ("general", "major", "major_rectified", "due", "on_time", "overdue", "days_to_rectify")}})
    >>> rate_by_region(c, {"a1": "a", "a": "a", "b": "b"}, {"a": "甲县", "b": "乙县"})[
    ...     ["name", "found", "rectified", "rectification_rate", "tone"]].values.tolist()
    [['乙县', 1, 1, 100.0, 'above'], ['甲县', 2, 1, 50.0, 'below']]
    """
    columns = ["region", "name", "found", "rectified", "rectification_rate", "tone"]
    if not len(counts):
        return pd.DataFrame(columns=columns)
    summed = counts.drop(columns="group").groupby(counts["group"].map(parent_of).fillna(counts["group"])).sum()
    whole = hazard_figures.figures_of(summed.sum())["rectification_rate"]
    rows = []
    for region, row in summed.iterrows():
        f = hazard_figures.figures_of(row)
        rows.append({"region": region, "name": names.get(region, region), "found": f["found"],
                     "rectified": f["rectified"], "rectification_rate": f["rectification_rate"]})  # fmt: skip
    out = pd.DataFrame(rows)
    rate = out["rectification_rate"].astype(float)
    out["tone"] = np.where(rate >= (whole if whole is not None else 0), "above", "below")
    out = out.sort_values(["rectification_rate", "found"], ascending=[False, False], kind="stable", na_position="last")
    return out[columns].reset_index(drop=True)


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


def company_table(companies: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The enterprises with the most open hazards (``store.open_by_company``) as people read them:
    the headers of ``catalog.HAZARD_COMPANY_COLUMNS``, regions by name.

    >>> c = pd.DataFrame({"company": ["甲公司"], "credit_code": [None], "region": ["320723"], "open": [2],
    ...                   "major": [1], "overdue": [0]})
    >>> company_table(c, {"320723": "灌云县"}).values.tolist()
    [['甲公司', '', '灌云县', 2, 1, 0]]
    """
    out = companies.assign(
        credit_code=[_text(v) for v in companies["credit_code"]],
        region=[names.get(c, c) for c in companies["region"]],
        company=[_text(v) for v in companies["company"]],
    )
    return out[list(catalog.HAZARD_COMPANY_COLUMNS)].rename(columns=catalog.HAZARD_COMPANY_COLUMNS)


def record_table(frame: pd.DataFrame, names: dict[str, str], columns: dict[str, str] = catalog.HAZARD_LIST_COLUMNS):
    """Records (``store.hazard_page`` rows) as people read them: codes by name, days as 2022-03-05,
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
