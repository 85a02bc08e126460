"""The enforcement figures (安全生产行政执法统计) of a region and span, made in plain Python from the
counts of the inspection and penalty case ledgers (``store.inspection_count_rows`` and
``store.case_count_rows``: the whole, and the groups by 检查方式 and by 案件来源). Rates are
percentages with one decimal (half away from zero), None without a base; money in 万元, one decimal.

>>> inspections = dict(enterprises=2, visits=4, hazards=6, major_hazards=1)
>>> by_method = [dict(group="random", visits=2), dict(group="routine", visits=1), dict(group="special", visits=1)]
>>> cases = dict(cases=3, fines=35000.0, confiscations=1200.0, transferred=1, closed=1)
>>> by_source = [dict(group="accident", cases=1), dict(group="complaint", cases=1), dict(group="random", cases=1)]
>>> f = enforcement_figures(inspections, by_method, cases, by_source)
>>> f["enterprises"], f["visits"], f["random_share"], f["major_per_hundred"]
(2, 4, 50.0, 25.0)
>>> f["cases"], f["fines_wan"], f["accident_cases"], f["routine_cases"], f["transferred"], f["closing_rate"]
(3, 3.6, 1, 2, 1, 33.3)
"""

from __future__ import annotations

from .rounding import round_half_away, share_pct

ENFORCEMENT_FIGURES = (
    "enterprises", "visits", "hazards", "major_hazards", "random_share", "major_per_hundred", "cases", "fines_wan",
    "accident_cases", "routine_cases", "transferred", "closing_rate",
)  # fmt: skip
"""The figures, in order: 执法检查企业数 (distinct), 检查家次, the hazards the inspections found and the
major ones, 双随机检查占比 (%), 每百次检查发现重大隐患数, 行政处罚案件数, 罚没款金额 (万元), 事故类处罚案件数,
日常监管处罚案件数 (every other source), 移送司法机关案件数, 结案率 (%)."""


def _of(rows: list[dict], group: str, key: str) -> int:
    return sum(int(r[key]) for r in rows if r["group"] == group)


def enforcement_figures(inspections: dict, by_method: list[dict], cases: dict, by_source: list[dict]) -> dict:
    """The figures of :data:`ENFORCEMENT_FIGURES` from the whole's counts (``inspections``,
    ``cases``) and the groups by 检查方式 (``by_method``) and by 案件来源 (``by_source``)."""
    visits = int(inspections["visits"])
    accident = _of(by_source, "accident", "cases")
    return {
        "enterprises": int(inspections["enterprises"]),
        "visits": visits,
        "hazards": int(inspections["hazards"]),
        "major_hazards": int(inspections["major_hazards"]),
        "random_share": share_pct(_of(by_method, "random", "visits"), visits),
        "major_per_hundred": share_pct(int(inspections["major_hazards"]), visits),  # per 100 visits
        "cases": int(cases["cases"]),
        "fines_wan": round_half_away((float(cases["fines"]) + float(cases["confiscations"])) / 10000, 1),
        "accident_cases": accident,
        "routine_cases": int(cases["cases"]) - accident,
        "transferred": int(cases["transferred"]),
        "closing_rate": share_pct(int(cases["closed"]), int(cases["cases"])),
    }
