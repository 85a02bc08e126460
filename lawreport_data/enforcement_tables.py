"""The 执法台账 page's tables, pure: its cards (``catalog.ENFORCEMENT_CARDS``) and its figures table
(``catalog.ENFORCEMENT_RATES``) from a span's enforcement figures (``enforcement_rates``) against the
comparison span's, and the list of cases transferred to the judicial organs."""

from __future__ import annotations

import pandas as pd

from . import catalog, metrics
from .hazard_tables import rate_change

_RATES = ("random_share", "closing_rate")  # percentages: their change in percentage points


def cards(
    now: dict, then: dict | None, *, official: dict | None = None, comparison: str = "yoy", synthetic: bool = False
) -> list[dict]:
    """The cards of a span's figures ``now`` with the change against ``then`` (None: no comparison
    span's records); ``official``: a card's official figure (key → value), shown with the ledger's
    count beside it. Each card has the keys ``ui.ledger_card`` reads.

    >>> now = dict(enterprises=2, visits=4, cases=3, fines_wan=3.6)
    >>> c = cards(now, dict(enterprises=1300, visits=4, cases=0, fines_wan=1.2), official={"enterprises": 1414.0})
    >>> [(x["display"], x["source"], x["ledger_display"], x["differs"], x["change_text"]) for x in c][:2]
    [('1414', 'official', '2家', True, '同比上升8.8%'), ('4', 'ledger', '4家次', False, '同比持平')]
    """
    official = official or {}
    out = []
    for key, (name, unit, polarity) in catalog.ENFORCEMENT_CARDS.items():
        count, stated = now[key], official.get(key)
        value = count if stated is None else stated
        previous = None if then is None else then[key]
        change = metrics.describe_change(value, previous, unit=unit, comparison=comparison)
        out.append(
            dict(key=key, name=name, unit=unit, polarity=polarity, value=value, display=metrics.format_number(value),
                 ledger=count, ledger_display=metrics.format_figure(count, "", unit),
                 source="ledger" if stated is None else "official", differs=stated is not None and stated != count,
                 change_text=change.text, direction=change.direction, synthetic=synthetic and stated is None)
        )  # fmt: skip
    return out


def rates_table(now: dict, then: dict | None, comparison: str = "yoy") -> pd.DataFrame:
    """The figures of ``catalog.ENFORCEMENT_RATES`` with their change (a rate's in percentage
    points), Chinese headers; "—" for a rate without a base.

    >>> t = rates_table(dict(random_share=50.0, major_per_hundred=25.0, accident_cases=1, routine_cases=2,
    ...                      transferred=1, closing_rate=None), None)
    >>> t.iloc[0].tolist(), t.iloc[5].tolist()
    (['双随机检查占比', '50.0', '%', '无可比数据'], ['结案率', '—', '%', '无可比数据'])
    """
    rows = []
    for key, (name, unit) in catalog.ENFORCEMENT_RATES.items():
        value, previous = now[key], None if then is None else then[key]
        if key in _RATES:
            _, change = rate_change(value, previous, comparison)
        else:
            change = metrics.describe_change(value, previous, unit=unit, comparison=comparison).text
        shown = (
            catalog.PHRASES["missing"]
            if value is None
            else (f"{value:.1f}" if isinstance(value, float) else f"{value:,}")
        )
        rows.append({"name": name, "display": shown, "unit": unit, "change": change})
    return pd.DataFrame(rows, columns=list(catalog.ENFORCEMENT_RATE_COLUMNS)).rename(
        columns=catalog.ENFORCEMENT_RATE_COLUMNS
    )


def transferred_table(cases: list[dict], names: dict[str, str]) -> pd.DataFrame:
    """The cases transferred to the judicial organs, by 立案日期, Chinese headers (texts as written:
    the page escapes them).

    >>> import datetime as dt
    >>> transferred_table([dict(record_no="AJ-2", filed_on=dt.datetime(2022, 3, 20), region="320723", party="张某",
    ...     violation="无证经营", transferred="yes", transferred_on=dt.datetime(2022, 4, 1))], {"320723": "灌云县"}
    ... ).iloc[0].tolist()
    ['AJ-2', '2022-03-20', '灌云县', '张某', '无证经营', '2022-04-01']
    """
    columns = catalog.ENFORCEMENT_TRANSFER_COLUMNS
    day = lambda v: "" if v is None else f"{v:%Y-%m-%d}"  # noqa: E731
    rows = [
        {"record_no": c["record_no"], "filed_on": day(c["filed_on"]), "region": names.get(c["region"], c["region"]),
         "party": c["party"], "violation": c["violation"], "transferred_on": day(c["transferred_on"])}
        for c in cases if c["transferred"] == "yes"
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(columns)).rename(columns=columns)


def record_table(kind: str, records: list[dict], names: dict[str, str]) -> pd.DataFrame:
    """Inspections (``kind`` ``inspections``) or penalty cases (``cases``) as people read them: the
    template's column names, days as dates, codes by name (several penalty kinds with 、), money in
    元; texts as written (the page escapes them, the downloads neutralise formulas).

    >>> import datetime as dt
    >>> t = record_table("cases", [dict(id=1, record_no="AJ-1", filed_on=dt.datetime(2022, 3, 5), decided_on=None,
    ...     closed_on=None, region="320723", party="甲公司", credit_code=None, sector=None, source="random",
    ...     violation="未监测", penalties="warning,fine", fine=30000.0, confiscation=0.0, transferred="no",
    ...     transferred_on=None)], {"320723": "灌云县"})
    >>> t[["案件编号", "立案日期", "地区", "案件来源", "处罚种类", "移送司法机关"]].iloc[0].tolist(), float(t["罚款金额（元）"][0])
    (['AJ-1', '2022-03-05', '灌云县', '双随机', '警告、罚款', '否'], 30000.0)
    """
    labels = catalog.INSPECTION_COLUMN_LABELS if kind == "inspections" else catalog.CASE_COLUMN_LABELS
    coded = {
        "region": names,
        "sector": catalog.ACCIDENT_SECTORS,
        "method": catalog.INSPECTION_METHODS,
        "source": catalog.CASE_SOURCES,
        "transferred": catalog.CASE_TRANSFERRED,
    }

    def shown(key: str, value):
        if value is None:
            return ""
        if hasattr(value, "strftime"):
            return f"{value:%Y-%m-%d}"
        if key == "penalties":
            return "、".join(catalog.PENALTY_KINDS.get(c, c) for c in str(value).split(","))
        return coded[key].get(value, value) if key in coded else value

    columns = list(labels)
    return pd.DataFrame(
        [{labels[k]: shown(k, r[k]) for k in columns} for r in records], columns=[labels[k] for k in columns]
    )
