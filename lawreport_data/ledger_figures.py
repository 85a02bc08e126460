"""Figures counted from the accident ledger (事故台账): pure functions over the store's totals.

The store counts (``store.accident_totals``: counted, not retired records); this module names the
indicators those counts are, labels and orders a breakdown for a chart, makes the page's cards
(the official figure where one exists, the ledger's count beside it, the change against the
period before) and compares official figures with the ledger's counts (数据核对).

>>> period_days(Period(2022, 1, 11))
(datetime.date(2022, 1, 1), datetime.date(2022, 11, 30))
>>> DERIVED["major_accidents"]
'larger_and_above'
"""

from __future__ import annotations

import pandas as pd

from . import catalog, metrics
from .periods import Period
from .periods import period_days as period_days  # ledger_figures.period_days, as callers know it

DERIVED = {
    "accidents": "accidents",
    "deaths": "deaths",
    "injuries": "injuries",
    "direct_loss": "direct_loss",
    "major_accidents": "larger_and_above",
}
"""The indicators the ledger counts (``catalog.INDICATORS`` codes) and the total of
``store.accident_totals`` each one is: 事故起数, 死亡人数, 受伤人数, 直接经济损失（万元）, 较大及以上事故起数."""
BREAKDOWN_MEASURES = ["accidents", "deaths", "missing", "serious_injuries", "injuries", "direct_loss"]
"""What a breakdown carries per group (the CLI's ``--by`` keys too)."""


def comparison_spans(period: Period, comparison: str = "yoy") -> list[Period]:
    """The spans a ledger page compares with (``metrics.comparison_spans``; none: ``[]``).

    >>> [p.label() for p in comparison_spans(Period(2022, 1, 11), "prev2")], comparison_spans(Period(2022, 1, 11), "mom")
    (['2020年1-11月'], [])
    """
    return metrics.comparison_spans(period, comparison) or []


def comparison_period(period: Period, comparison: str = "yoy") -> Period | None:
    """The span a change compares against: the same span last year (同比), the one before (环比),
    two years before (比前年); for 近五年同期平均 the newest of its five.

    >>> comparison_period(Period(2022, 1, 11)).label(), comparison_period(Period(2022, 1, 11), "mom")
    ('2021年1-11月', None)
    """
    spans = comparison_spans(period, comparison)
    return spans[0] if spans else None


def comparison_label(period: Period, comparison: str = "yoy") -> str | None:
    """What the comparison's figure is of, as a card or table names it.

    >>> comparison_label(Period(2022, 1, 11)), comparison_label(Period(2022, 1, 11), "avg5")
    ('2021年1-11月', '2017–2021年1-11月平均')
    """
    spans = comparison_spans(period, comparison)
    if len(spans) > 1:
        years = [p.year for p in spans]
        return catalog.COMPARISON_SPAN_LABELS[comparison].format(
            first=min(years), last=max(years), span=period.short_label()
        )
    return spans[0].label() if spans else None


def mean_figures(figures: list) -> dict | None:
    """The comparison's figures from each of its spans' (``None``: that span has none): one span's
    as they are, several spans' (近五年同期平均) the mean of each number, where every span has them
    (a figure one span lacks, such as a rate of nothing: None).

    >>> mean_figures([{"cases": 3, "rate": 10.0}, {"cases": 4, "rate": None}])
    {'cases': 3.5, 'rate': None}
    >>> mean_figures([{"cases": 3}, None]) is None, mean_figures([]) is None, mean_figures([{"cases": 3}])
    (True, True, {'cases': 3})
    """
    if not figures or any(f is None for f in figures):
        return None
    if len(figures) == 1:
        return figures[0]
    out = {}
    for key in figures[0]:
        values = [f.get(key) for f in figures]
        numbers = all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)
        out[key] = sum(float(v) for v in values) / len(values) if numbers else None
    return out


# --- breakdowns ----------------------------------------------------------------------------


def category_label(by: str, group, names: dict[str, str] | None = None, parent: str | None = None) -> str:
    """A group's label as a chart shows it.

    >>> category_label("type", "02"), category_label("sector", "road"), category_label("grade", "larger")
    ('车辆伤害', '道路运输', '较大')
    >>> category_label("month", "2022-03"), category_label("hour", 14), category_label("weekday", 6)
    ('3月', '14时', '周日')
    >>> category_label("region", "320723", {"320723": "灌云县"}), category_label("region", "320723", {}, "320723")
    ('灌云县', '灌云县（本级）')
    """
    if by == "type":
        return catalog.ACCIDENT_TYPES.get(str(group), str(group))
    if by == "sector":
        return catalog.ACCIDENT_SECTORS.get(str(group), str(group))
    if by == "grade":
        return catalog.ACCIDENT_GRADES.get(str(group), str(group))
    if by == "month":
        return catalog.ACCIDENT_MONTH_LABEL.format(month=int(str(group)[5:7]))
    if by == "hour":
        return catalog.ACCIDENT_HOUR_LABEL.format(hour=int(group))
    if by == "weekday":
        return catalog.ACCIDENT_WEEKDAYS[int(group)]
    name = (names or {}).get(str(group)) or catalog.region_name(str(group))
    return catalog.ACCIDENT_OWN_LEVEL.format(name=name) if str(group) == parent else name


def breakdown(
    totals: pd.DataFrame, by: str, period: Period, *, children: list[str] | None = None, names=None, parent=None
) -> pd.DataFrame:
    """One region's totals grouped ``by`` (``store.accident_totals`` columns) as a chart draws them:
    columns ``group``, ``category`` (its label) and :data:`BREAKDOWN_MEASURES`, rows in the
    breakdown's order. Months of ``period``, the 24 hours, the 7 days, the four grades and
    ``children`` (the regions under the one asked for) are all listed, with zeros where no record
    falls; 事故类别 and 行业领域 list the groups that have records, the most accidents first.

    >>> t = pd.DataFrame({"group": ["2022-03", "2022-01"], "accidents": [2, 1], "deaths": [1, 0],
    ...                   "missing": 0, "serious_injuries": 0, "injuries": [0, 2], "direct_loss": [1.5, 0.0]})
    >>> breakdown(t, "month", Period(2022, 1, 3))[["category", "accidents", "deaths"]].values.tolist()
    [['1月', 1, 0], ['2月', 0, 0], ['3月', 2, 1]]
    >>> t = t.assign(group=["02", "09"], accidents=[1, 3])
    >>> breakdown(t, "type", Period(2022, 1, 3))["category"].tolist()
    ['高处坠落', '车辆伤害']
    """
    frame = (
        totals[["group", *BREAKDOWN_MEASURES]] if len(totals) else pd.DataFrame(columns=["group", *BREAKDOWN_MEASURES])
    )
    if by in ("type", "sector"):
        frame = frame.sort_values(["accidents", "group"], ascending=[False, True], kind="stable")
        order = frame["group"].tolist()
    else:
        order = {
            "month": [f"{period.year}-{m:02d}" for m in range(period.start, period.end + 1)],
            "hour": list(range(24)),
            "weekday": list(range(7)),
            "grade": list(catalog.ACCIDENT_GRADES),
            "region": list(children or []),
        }[by]
        if by == "region":  # records of regions not listed as children (the region's own) follow
            order += [g for g in frame["group"].tolist() if g not in order]
        if by in ("hour", "weekday"):
            frame = frame.assign(group=frame["group"].astype("int64")) if len(frame) else frame
    out = pd.DataFrame({"group": order})
    if len(frame):
        out = out.merge(frame, on="group", how="left")
    for m in BREAKDOWN_MEASURES:
        column = out[m].fillna(0) if m in out.columns else pd.Series(0, index=out.index)
        out[m] = column.astype(float if m == "direct_loss" else "int64")
    out.insert(1, "category", [category_label(by, g, names, parent) for g in out["group"]])
    return out.reset_index(drop=True)


# --- cards: the official figure where one exists, the ledger's count beside it --------------


def official_value(official: pd.DataFrame, indicator: str, region: str, period: Period | None) -> float | None:
    """The official figure stored for exactly that indicator, region and period, or None.

    >>> obs = pd.DataFrame([dict(indicator="accidents", region="320700", year=2022, start=1, end=11, value=70.0)])
    >>> official_value(obs, "accidents", "320700", Period(2022, 1, 11)), official_value(obs, "deaths", "320700", Period(2022, 1, 11))
    (70.0, None)
    """
    if period is None or official is None or not len(official):
        return None
    hit = official[
        (official["indicator"] == indicator)
        & (official["region"] == region)
        & (official["year"] == period.year)
        & (official["start"] == period.start)
        & (official["end"] == period.end)
    ]
    return None if hit.empty else float(hit["value"].iloc[0])


def card_rows(
    ledger: dict[str, float],
    ledger_previous: dict[str, float] | list | None,
    official: pd.DataFrame,
    region: str,
    period: Period,
    comparison: str = "yoy",
    indicators=catalog.ACCIDENT_CARDS,
    *,
    synthetic: bool = False,
) -> list[dict]:
    """The page's cards: per indicator the figure shown (the official one where stored, else the
    ledger's count), the ledger's count, whether they differ, and the change against the
    comparison span (its official figure where stored, else the ledger's count; none where
    neither exists; ``ledger_previous`` one dict per span of ``comparison_spans``, or a dict
    where there is one span; 近五年同期平均: the mean where every span has a figure) worded by
    ``metrics.describe_change``; ``synthetic`` when the card shows
    synthetic (demo) data: the ledger's counts are (``synthetic``), or an official figure it
    shows is (its observation's ``synthetic``).

    >>> obs = pd.DataFrame([dict(indicator="accidents", region="320700", year=2022, start=1, end=11, value=70.0),
    ...                     dict(indicator="accidents", region="320700", year=2021, start=1, end=11, value=114.0)])
    >>> rows = card_rows({"accidents": 68, "deaths": 37}, {"accidents": 100, "deaths": 56}, obs, "320700",
    ...                  Period(2022, 1, 11), indicators=("accidents", "deaths"))
    >>> [(r["value"], r["ledger"], r["source"], r["differs"], r["change_text"]) for r in rows]
    [(70.0, 68.0, 'official', True, '同比下降38.6%'), (37.0, 37.0, 'ledger', False, '同比下降33.9%')]
    >>> [r["synthetic"] for r in card_rows({"accidents": 68}, None, obs.assign(synthetic=[True, False]), "320700",
    ...                                    Period(2022, 1, 11), indicators=("accidents", "deaths"))]
    [True, False]
    """
    befores = comparison_spans(period, comparison)
    earlier = ledger_previous if isinstance(ledger_previous, list) else [ledger_previous] * len(befores)
    rows = []
    for code in indicators:
        info = catalog.INDICATORS[code]
        count = float(ledger.get(code, 0) or 0)
        stated = official_value(official, code, region, period)
        values = [official_value(official, code, region, span) for span in befores]
        values = [
            float(counts.get(code, 0) or 0) if v is None and counts is not None else v
            for v, counts in zip(values, earlier, strict=True)
        ]
        previous = None if not values or None in values else sum(values) / len(values)
        value = count if stated is None else stated
        demo = synthetic or _synthetic_official(official, code, region, (period, *befores))
        change = metrics.describe_change(value, previous, unit=info.unit, comparison=comparison)
        rows.append(
            {
                "indicator": code,
                "name": info.name,
                "unit": info.unit,
                "polarity": info.polarity,
                "value": value,
                "display": metrics.format_number(value),
                "ledger": count,
                "ledger_display": metrics.format_figure(count, "", info.unit),
                "official": stated,
                "source": "ledger" if stated is None else "official",
                "differs": stated is not None and stated != count,
                "previous": previous,
                "previous_label": comparison_label(period, comparison),
                "change_pct": change.pct,
                "change_text": change.text,
                "direction": change.direction,
                "synthetic": demo,
            }
        )
    return rows


def _synthetic_official(official: pd.DataFrame, indicator: str, region: str, periods) -> bool:
    """Whether an official figure of ``indicator`` and ``region`` for one of ``periods`` is synthetic."""
    if official is None or not len(official) or "synthetic" not in official.columns:
        return False
    hit = official[(official["indicator"] == indicator) & (official["region"] == region)]
    spans = {(p.year, p.start, p.end) for p in periods if p is not None}
    return any(
        bool(s) and (y, a, b) in spans
        for y, a, b, s in hit[["year", "start", "end", "synthetic"]].itertuples(index=False)
    )


# --- 数据核对 ---------------------------------------------------------------------------------

RECONCILE_KEYS = ["indicator", "region", "period", "official", "ledger", "difference"]


def reconcile_rows(official: pd.DataFrame, counted: pd.DataFrame, derived: dict = DERIVED) -> pd.DataFrame:
    """Where an official figure and the ledger's count of the same indicator, region and period
    differ: ``official`` (observations: indicator, region, year, start, end, value) against
    ``counted`` (region, year, start, end and a column per ``derived`` indicator: the accident
    ledger's :data:`DERIVED` unless another ledger's are given); columns
    :data:`RECONCILE_KEYS` (``period`` as ``Period`` writes it; ``difference`` = ledger − official),
    in indicator, region and period order. Official figures with no count to compare are left out.

    >>> obs = pd.DataFrame([dict(indicator="accidents", region="320700", year=2022, start=1, end=11, value=70.0),
    ...                     dict(indicator="deaths", region="320700", year=2022, start=1, end=11, value=37.0)])
    >>> counts = pd.DataFrame([dict(region="320700", year=2022, start=1, end=11, accidents=68, deaths=37,
    ...                             injuries=0, direct_loss=0.0, major_accidents=0)])
    >>> reconcile_rows(obs, counts).to_dict("records")
    [{'indicator': 'accidents', 'region': '320700', 'period': '2022-01..2022-11', 'official': 70.0, 'ledger': 68.0, 'difference': -2.0}]
    """
    if not len(official) or not len(counted):
        return pd.DataFrame(columns=RECONCILE_KEYS)
    long = counted.melt(
        id_vars=["region", "year", "start", "end"], value_vars=list(derived), var_name="indicator", value_name="ledger"
    )
    keys = ["indicator", "region", "year", "start", "end"]
    both = official[[*keys, "value"]].merge(long, on=keys, how="inner")
    both = both.assign(
        official=both["value"].astype(float),
        ledger=both["ledger"].astype(float),
    )
    both["difference"] = [
        metrics.round_half_away(a - b, 4) for a, b in zip(both["ledger"], both["official"], strict=True)
    ]
    both = both[both["difference"] != 0]
    order = {code: i for i, code in enumerate(derived)}
    both = both.sort_values(
        ["indicator", "region", "year", "start", "end"], key=lambda s: s.map(order) if s.name == "indicator" else s
    )
    both["period"] = [
        str(Period(int(y), int(s), int(e))) for y, s, e in zip(both["year"], both["start"], both["end"], strict=True)
    ]
    return both[RECONCILE_KEYS].reset_index(drop=True)


# --- the record list ---------------------------------------------------------------------------


def record_table(
    records: pd.DataFrame, names: dict[str, str] | None = None, columns: dict | None = None
) -> pd.DataFrame:
    """Records (``store.ACCIDENT_PAGE_COLUMNS``) as people read them: codes as names, the time to
    the minute, the headers of ``columns`` (default ``catalog.ACCIDENT_LIST_COLUMNS``) in its order.

    >>> recs = pd.DataFrame([dict(record_no=None, occurred_at=pd.Timestamp("2022-03-05 14:30"), region="320723",
    ...     unit="某公司", sector="road", type="02", deaths=1, missing=0, serious_injuries=0, injuries=2,
    ...     direct_loss=12.5, grade="general", status="written_off", synthetic=True)])
    >>> record_table(recs).iloc[0].astype(str).tolist()
    ['', '2022-03-05 14:30', '灌云县', '某公司', '道路运输', '车辆伤害', '1', '0', '0', '2', '12.5', '一般', '核销']
    >>> record_table(recs, columns={"synthetic": "示例数据"}).iloc[0].tolist()
    ['是']
    """
    columns = catalog.ACCIDENT_LIST_COLUMNS if columns is None else columns
    out = pd.DataFrame(index=records.index)
    vocab = {
        "sector": catalog.ACCIDENT_SECTORS,
        "type": catalog.ACCIDENT_TYPES,
        "grade": catalog.ACCIDENT_GRADES,
        "status": catalog.ACCIDENT_STATUSES,
    }
    for col in columns:
        values = records[col]
        if col == "occurred_at":
            values = pd.to_datetime(values).dt.strftime("%Y-%m-%d %H:%M")
        elif col == "region":
            values = values.map(lambda c: (names or {}).get(c) or catalog.region_name(c))
        elif col in vocab:
            values = values.map(lambda c, v=vocab[col]: v.get(c, c))
        elif col in ("synthetic", "retired"):
            values = values.map(lambda b: catalog.YES_NO[bool(b)])
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            values = values.map(lambda x: "" if x is None or (isinstance(x, float) and pd.isna(x)) else x)
        out[columns[col]] = values.to_numpy() if len(values) else values
    return out.reset_index(drop=True)


def list_columns(records: pd.DataFrame) -> dict:
    """The record list's headers: ``catalog.ACCIDENT_LIST_COLUMNS``, after 示例数据 when a record listed
    is synthetic (first: a wide list scrolls sideways, and the stamp stays in sight).

    >>> list(list_columns(pd.DataFrame({"synthetic": [False, True]})))[:2]
    ['synthetic', 'record_no']
    >>> "synthetic" in list_columns(pd.DataFrame({"synthetic": [False]}))
    False
    """
    columns = dict(catalog.ACCIDENT_LIST_COLUMNS)
    if "synthetic" in records.columns and bool(records["synthetic"].fillna(False).astype(bool).any()):
        columns = {"synthetic": catalog.ACCIDENT_DETAIL_COLUMNS["synthetic"], **columns}
    return columns


def record_detail(record: pd.DataFrame, names: dict[str, str] | None = None) -> pd.DataFrame:
    """One record (a one-row frame of ``store.ACCIDENT_PAGE_COLUMNS``) field by field: columns
    ``catalog.ACCIDENT_DETAIL_FIELDS`` (项目, 内容), every value as text.

    >>> rec = pd.DataFrame([dict(record_no="GY-1", occurred_at=pd.Timestamp("2022-03-05 14:30"), region="320723",
    ...     unit="=cmd", sector="road", type="02", deaths=1, missing=0, serious_injuries=0, injuries=2,
    ...     direct_loss=12.5, grade="general", status="counted", credit_code=None, industry=None,
    ...     write_off_reason=None, id=7, key="GY-1", batch_id=3, source_row=5, synthetic=False)])
    >>> record_detail(rec).head(4).values.tolist()
    [['事故编号', 'GY-1'], ['发生时间', '2022-03-05 14:30'], ['地区', '灌云县'], ['事故单位', '=cmd']]
    """
    table = record_table(record, names, catalog.ACCIDENT_DETAIL_COLUMNS)
    f = catalog.ACCIDENT_DETAIL_FIELDS
    values = [_text(v) for v in table.iloc[0]] if len(table) else [""] * len(table.columns)
    return pd.DataFrame({f["field"]: list(table.columns), f["value"]: values})


def _text(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def check_table(checks: list[dict]) -> pd.DataFrame:
    """数据核对 rows (``reconcile`` rows with ``name``, ``unit``, ``region_name``, ``period_label``) as a
    table with the headers of ``catalog.RECONCILE_COLUMNS``: the figures as numbers (a grid sorts
    them, and a negative difference is not text a spreadsheet could take for a formula), the unit beside.

    A row that involves synthetic data (``synthetic``: the demo's) says so in a column 示例数据, there
    where any row does.

    >>> row = dict(indicator="accidents", name="事故起数", unit="起", region="320700", region_name="连云港市",
    ...     period="2022-01..2022-11", period_label="2022年1-11月", official=70, ledger=68, difference=-2)
    >>> check_table([row]).iloc[0].astype(str).tolist()
    ['事故起数', '连云港市', '2022年1-11月', '70', '68', '-2', '起']
    >>> check_table([row, {**row, "synthetic": True}])["示例数据"].tolist()
    ['否', '是']
    """
    c = dict(catalog.RECONCILE_COLUMNS)
    demo = c.pop("synthetic")
    rows = [
        {
            c["indicator"]: r["name"],
            c["region"]: r["region_name"],
            c["period"]: r["period_label"],
            c["official"]: r["official"],
            c["ledger"]: r["ledger"],
            c["difference"]: r["difference"],
            c["unit"]: r["unit"],
            demo: catalog.YES_NO[bool(r.get("synthetic"))],
        }
        for r in checks
    ]
    shown = [*c.values(), demo] if any(r.get("synthetic") for r in checks) else list(c.values())
    return pd.DataFrame(rows, columns=shown)


class LedgerPageData:
    """What every ledger page's data has (事故台账, 隐患台账, 执法台账: their views are dataclasses with
    ``total``, ``page_size`` and ``checks``): its record list's number of pages and its 数据核对 rows
    as people read them."""

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.page_size))

    @property
    def check_table(self) -> pd.DataFrame:
        """The 数据核对 rows as people read them (``catalog.RECONCILE_COLUMNS``)."""
        return check_table(self.checks)
