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

from . import catalog
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


def whole_of(rows: list[dict], keys) -> dict:
    """The whole of groups that split it (each record in one group): ``keys`` summed over ``rows``,
    group "" (zeros for no rows).

    >>> whole_of([dict(group="a", cases=2, fines=1.5), dict(group="b", cases=1, fines=0.0)], ("cases", "fines"))
    {'group': '', 'cases': 3, 'fines': 1.5}
    >>> whole_of([], ("cases",))
    {'group': '', 'cases': 0}
    """
    return {"group": "", **{k: sum(r[k] for r in rows) for k in keys}}


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


def rolled_up(rows: list[dict], key: str, counts) -> list[dict]:
    """Rows per combination (``store.inspection_sums``, ``store.case_sums``) summed per ``key``: dicts
    with ``group`` and ``counts``, by group.

    >>> rolled_up([dict(method="a", month="2022-01", visits=2), dict(method="b", month="2022-01", visits=1),
    ...            dict(method="a", month="2022-02", visits=3)], "month", ("visits",))
    [{'group': '2022-01', 'visits': 3}, {'group': '2022-02', 'visits': 3}]
    """
    out: dict[str, dict] = {}
    for row in rows:
        have = out.setdefault(row[key], {"group": row[key], **{c: 0 for c in counts}})
        for c in counts:
            have[c] += row[c]
    return [out[g] for g in sorted(out)]


def per_penalty_kind(rows: list[dict], counts) -> list[dict]:
    """Rows per combination of penalty kinds (``penalties``: comma-separated codes) summed per
    kind, a case of several kinds in each, in ``catalog.PENALTY_KINDS`` order.

    >>> per_penalty_kind([dict(penalties="fine", cases=2), dict(penalties="warning,fine", cases=1)], ("cases",))
    [{'group': 'warning', 'cases': 1}, {'group': 'fine', 'cases': 3}]
    """
    split = [{**row, "kind": kind} for row in rows for kind in str(row["penalties"]).split(",")]
    per_kind = {r["group"]: r for r in rolled_up(split, "kind", counts)}
    return [per_kind[k] for k in catalog.PENALTY_KINDS if k in per_kind]
