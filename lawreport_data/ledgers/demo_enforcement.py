"""Synthetic inspection records and penalty cases for the demo (``init-db --demo``), made from the
demo's county months of 执法检查企业数 (:func:`lawreport_data.demo.demo_frame`): in each county month
the records inspect exactly that many distinct enterprises (a few of them twice: 检查家次 exceeds
the enterprises), and within a year no enterprise is inspected in two months, so a county's or the
city's year counted distinct is its months added up: the demo's 2022 is the report's 1414, and
数据核对 finds no difference. A few inspections that found hazards lead to a penalty case filed some
weeks later. Every record is marked ``synthetic``.

>>> from lawreport_data import demo, report2022
>>> rows = demo.demo_frame(report2022.report_frame())
>>> inspections, cases = demo_enforcement_records(rows)
>>> bool(inspections["synthetic"].all() and cases["synthetic"].all())
True
>>> months = rows[(rows["indicator"] == "enterprises_inspected") & (rows["region"] == "320723")
...              & (rows["year"] == 2022) & (rows["start"] == rows["end"])].set_index("start")["value"]
>>> mine = inspections[(inspections["region"] == "320723") & (inspections["inspected_on"].dt.year == 2022)]
>>> who = mine["credit_code"].fillna(mine["company"])
>>> bool((who.groupby(mine["inspected_on"].dt.month).nunique() == months.astype(int)).all())  # each month's figure
True
>>> bool(who.nunique() == months.sum() < len(mine))  # the year: its months' enterprises, more visits
True
>>> y2022 = inspections[inspections["inspected_on"].dt.year == 2022]
>>> int(y2022["credit_code"].fillna(y2022["company"]).nunique())  # the report's 1414
1414
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalog, demo
from .demo_accidents import credit_codes
from .fields import CASE_RECORD_COLUMNS, INSPECTION_RECORD_COLUMNS

__all__ = ["demo_enforcement_records"]

SEED = (demo.SEED, 16)  # the demo's seed, and the issue that added the ledgers
POOL = 1.5  # a county's enterprises: this many times its largest year's inspected ones
TWICE = 0.15  # enterprises inspected a second time in the same month
METHOD_WEIGHTS = {"random": 30, "routine": 40, "special": 20, "complaint": 5, "accident": 2, "other": 3}
SECTORS = ("hazchem", "construction", "industry_trade", "metal_mine", "other_icm", "fire")
CASE_SHARE = 0.06  # inspections that found a hazard and led to a case
SOURCE_OF_METHOD = {"random": "random", "routine": "routine", "special": "routine", "complaint": "complaint",
                    "accident": "accident", "other": "other"}  # fmt: skip
NO_CREDIT_CODE = 9  # one enterprise in this many is written without its 统一社会信用代码


def _month_rows(demo_rows: pd.DataFrame) -> pd.DataFrame:
    rows = demo_rows[(demo_rows["indicator"] == "enterprises_inspected") & (demo_rows["start"] == demo_rows["end"])]
    return rows[rows["region"] != catalog.CITY_CODE].sort_values(["region", "year", "start"], ignore_index=True)


def _enterprises(region: str, size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A county's enterprises: names, 统一社会信用代码 (None for one in :data:`NO_CREDIT_CODE`), sectors."""
    numbers = np.arange(1, size + 1)
    sectors = np.array([SECTORS[n % len(SECTORS)] for n in numbers], dtype=object)
    names = np.array([catalog.DEMO_HAZARD_COMPANY.format(region=catalog.region_name(region),
                                                         trade=catalog.DEMO_HAZARD_TRADES[s], number=int(n))
                      for n, s in zip(numbers, sectors, strict=True)], dtype=object)  # fmt: skip
    area = region if region.isdigit() else catalog.CITY_CODE
    place = [r.code for r in catalog.REGION_LIST].index(region)
    codes = np.array(credit_codes([area] * size, [f"J{place:02d}{n:05d}" for n in numbers]), dtype=object)
    codes[numbers % NO_CREDIT_CODE == 0] = None
    return names, codes, sectors


def demo_enforcement_records(demo_rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(inspection records, penalty cases) of the demo: columns ``INSPECTION_RECORD_COLUMNS`` and
    ``CASE_RECORD_COLUMNS`` (``source_row`` empty: no file), each with ``synthetic`` (True).
    Deterministic (a fixed seed)."""
    rng = np.random.default_rng(SEED)
    months = _month_rows(demo_rows)
    parts = []
    for region, mine in months.groupby("region", sort=True):
        size = max(30, int(POOL * mine.groupby("year")["value"].sum().max()))
        names, codes, sectors = _enterprises(str(region), size)
        for year, of_year in mine.groupby("year", sort=True):
            values = of_year["value"].astype(int).to_numpy()
            order = rng.choice(size, size=int(values.sum()), replace=False)  # no enterprise in two months
            for month, picked in zip(of_year["start"], np.split(order, np.cumsum(values)[:-1]), strict=True):
                first = pd.Timestamp(int(year), int(month), 1)
                again = picked[rng.random(len(picked)) < TWICE]
                who = np.concatenate([picked, again])
                parts.append(pd.DataFrame({
                    "region": region, "company": names[who], "credit_code": codes[who], "sector": sectors[who],
                    "inspected_on": first + pd.to_timedelta(rng.integers(0, first.days_in_month, size=len(who)), unit="D"),
                }))  # fmt: skip
    out = pd.concat(parts, ignore_index=True).sort_values(["inspected_on", "region", "company"], ignore_index=True)
    n = len(out)
    out["method"] = np.array(list(METHOD_WEIGHTS), dtype=object)[
        rng.choice(
            len(METHOD_WEIGHTS), size=n, p=np.array(list(METHOD_WEIGHTS.values())) / sum(METHOD_WEIGHTS.values())
        )
    ]
    out["hazards"] = rng.poisson(2.0, size=n).astype("int64")
    out["major_hazards"] = np.where(out["hazards"] > 0, rng.random(n) < 0.03, 0).astype("int64")
    out["orders"] = ((out["hazards"] > 0) & (rng.random(n) < 0.5)).astype("int64")
    out["decisions"] = ((out["major_hazards"] > 0) & (rng.random(n) < 0.5)).astype("int64")
    out["reviews"] = out["orders"]
    years = out["inspected_on"].dt.year
    out["record_no"] = [f"DEMO-JC-{y}-{i:06d}" for i, y in enumerate(years, start=1)]
    out["key"] = out["record_no"]
    out["source_row"] = pd.array([pd.NA] * n, dtype="Int64")
    inspections = out[list(INSPECTION_RECORD_COLUMNS)].assign(synthetic=True)
    return inspections, _cases(out, rng)


def _cases(inspections: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """A penalty case for a few of the inspections that found hazards, filed 5-30 days later."""
    found = inspections[(inspections["hazards"] > 0) & (rng.random(len(inspections)) < CASE_SHARE)].reset_index(
        drop=True
    )
    n = len(found)
    filed = found["inspected_on"] + pd.to_timedelta(rng.integers(5, 31, size=n), unit="D")
    closed = filed + pd.to_timedelta(rng.integers(30, 121, size=n), unit="D")
    end = pd.Timestamp(int(inspections["inspected_on"].dt.year.max()), 12, 31)
    closed = closed.where(closed <= end)
    confiscation = rng.random(n) < 0.05
    suspension = (found["major_hazards"] > 0).to_numpy() | (rng.random(n) < 0.03)
    warning = rng.random(n) < 0.3
    penalties = [",".join(k for k, on in (("warning", w), ("fine", True), ("confiscation", c), ("suspension", s)) if on)
                 for w, c, s in zip(warning, confiscation, suspension, strict=True)]  # fmt: skip
    transferred = rng.random(n) < 0.02
    violations = catalog.DEMO_CASE_VIOLATIONS
    cases = pd.DataFrame({
        "record_no": [f"DEMO-AJ-{d.year}-{i:05d}" for i, d in enumerate(filed, start=1)],
        "filed_on": filed, "decided_on": (closed - pd.Timedelta(days=10)).where(closed.notna()), "closed_on": closed,
        "region": found["region"], "party": found["company"], "credit_code": found["credit_code"],
        "sector": found["sector"], "source": found["method"].map(SOURCE_OF_METHOD),
        "violation": np.array(violations, dtype=object)[rng.integers(0, len(violations), size=n)],
        "penalties": penalties,
        "fine": (rng.integers(1, 21, size=n) * 5000).astype(float),
        "confiscation": np.where(confiscation, rng.integers(1, 11, size=n) * 1000, 0).astype(float),
        "transferred": np.where(transferred, "yes", "no").astype(object),
        "transferred_on": (filed + pd.Timedelta(days=20)).where(transferred),
    })  # fmt: skip
    cases["key"] = cases["record_no"]
    cases["source_row"] = pd.array([pd.NA] * n, dtype="Int64")
    return cases[list(CASE_RECORD_COLUMNS)].assign(synthetic=True)
