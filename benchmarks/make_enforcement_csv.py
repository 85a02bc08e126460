"""Write an inspection ledger (检查记录) or a penalty case ledger (行政处罚案件) CSV of N rows for
benchmarks/bench_import.py (``--e2e --ledger inspections|cases``).

Deterministic (a seeded generator): every row is valid, so the whole file is read and checked as a
county's good ledger is. Inspections: 检查编号 (distinct), 检查日期 (2018–2022; one row in 50 written
``2022年3月5日``), 地区 (the ten counties, districts and zones by name), 企业名称 and 统一社会信用代码 (one
enterprise in every 20 rows, one code in ten empty), 行业领域, 检查方式, 发现隐患数 and 其中重大隐患数, the
documents' counts. Cases: 案件编号 (distinct), 立案日期, 结案日期 (most, after it), 地区, 当事人 and its code,
行业领域, 案件来源, 违法行为, 处罚种类 (one or two), 罚款金额（元）, 没收金额（元） and 移送司法机关.

    python benchmarks/make_enforcement_csv.py inspections out.csv [--rows 1000000] [--seed 16]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.make_ledger_csv import credit_codes  # noqa: E402
from lawreport_data import catalog  # noqa: E402

_FIRMS = np.array(["化工", "机械制造", "港口装卸", "食品", "纺织", "建材", "物流", "冶金", "木业", "包装"])
_VIOLATIONS = np.array(["未按规定开展安全生产教育和培训", "未如实记录安全生产教育和培训情况", "未采取措施消除事故隐患",
                        "安全出口不符合紧急疏散要求", "未按规定对重大危险源进行监测监控"])  # fmt: skip


def _common(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Days (2018–2022), regions by name, enterprises and their codes (one in ten empty)."""
    regions = np.array([r.name for r in catalog.REGION_LIST if r.code != catalog.CITY_CODE], dtype=object)
    firms = max(n // 20, 10)
    firm = rng.integers(0, firms, size=n)
    names = np.array([f"示例{_FIRMS[i % len(_FIRMS)]}有限公司{i:06d}" for i in range(firms)], dtype=object)
    codes = credit_codes(rng, firms)[firm].copy()
    codes[rng.random(n) < 0.1] = ""
    day = np.datetime64("2018-01-01", "D") + rng.integers(0, 5 * 365, size=n).astype("timedelta64[D]")
    return day, regions[rng.integers(0, len(regions), size=n)], names[firm], codes


def _days(values: np.ndarray, rng: np.random.Generator, chinese: bool = True) -> np.ndarray:
    text = np.datetime_as_string(values, unit="D").astype(object)
    if chinese:
        some = rng.random(len(values)) < 1 / 50
        text[some] = [f"{d.year}年{d.month}月{d.day}日" for d in pd.DatetimeIndex(values[some])]
    return text


def inspections_frame(rows: int, seed: int = 16) -> pd.DataFrame:
    """The inspection ledger's rows (text cells) as a county would send them."""
    rng = np.random.default_rng(seed)
    n = rows
    labels = catalog.INSPECTION_COLUMN_LABELS
    day, region, company, code = _common(rng, n)
    hazards = rng.poisson(2.0, size=n)
    major = np.where(hazards > 0, (rng.random(n) < 0.03).astype(int), 0)
    return pd.DataFrame({
        labels["record_no"]: [f"JC{i:08d}" for i in range(n)],
        labels["inspected_on"]: _days(day, rng),
        labels["region"]: region,
        labels["company"]: company,
        labels["credit_code"]: code,
        labels["sector"]: rng.choice(list(catalog.ACCIDENT_SECTORS.values()), size=n),
        labels["method"]: rng.choice(list(catalog.INSPECTION_METHODS.values()), size=n),
        labels["hazards"]: hazards,
        labels["major_hazards"]: major,
        labels["orders"]: (hazards > 0).astype(int),
        labels["decisions"]: major,
        labels["reviews"]: (hazards > 0).astype(int),
    })  # fmt: skip


def cases_frame(rows: int, seed: int = 17) -> pd.DataFrame:
    """The penalty case ledger's rows (text cells) as a county would send them."""
    rng = np.random.default_rng(seed)
    n = rows
    labels = catalog.CASE_COLUMN_LABELS
    day, region, party, code = _common(rng, n)
    closed = day + rng.integers(30, 120, size=n).astype("timedelta64[D]")
    is_closed = rng.random(n) < 0.8
    warning = rng.random(n) < 0.3
    confiscation = rng.random(n) < 0.05
    penalties = np.where(warning, "警告、罚款", "罚款").astype(object)
    penalties[confiscation] = "罚款；没收违法所得"
    transferred = rng.random(n) < 0.02
    handed = day + rng.integers(20, 60, size=n).astype("timedelta64[D]")
    return pd.DataFrame({
        labels["record_no"]: [f"AJ{i:08d}" for i in range(n)],
        labels["filed_on"]: _days(day, rng),
        labels["closed_on"]: np.where(is_closed, _days(closed, rng, chinese=False), ""),
        labels["region"]: region,
        labels["party"]: party,
        labels["credit_code"]: code,
        labels["sector"]: rng.choice(list(catalog.ACCIDENT_SECTORS.values()), size=n),
        labels["source"]: rng.choice(list(catalog.CASE_SOURCES.values()), size=n),
        labels["violation"]: _VIOLATIONS[rng.integers(0, len(_VIOLATIONS), size=n)],
        labels["penalties"]: penalties,
        labels["fine"]: rng.integers(1, 21, size=n) * 5000,
        labels["confiscation"]: np.where(confiscation, rng.integers(1, 11, size=n) * 1000, 0),
        labels["transferred"]: np.where(transferred, "是", "否"),
        labels["transferred_on"]: np.where(transferred, _days(handed, rng, chinese=False), ""),
    })  # fmt: skip


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("kind", choices=["inspections", "cases"])
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=None)
    args = p.parse_args(argv)
    make = inspections_frame if args.kind == "inspections" else cases_frame
    frame = make(args.rows) if args.seed is None else make(args.rows, args.seed)
    frame.to_csv(args.out, index=False)
    print(f"wrote {len(frame):,} {args.kind} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
