"""Write a hazard ledger (隐患台账) CSV of N rows (default 1,000,000) for benchmarks/bench_ledger_read.py
(``--ledger hazards``).

Deterministic (a seeded generator): every row is valid, so the whole file is read and checked as a
county's good ledger is. The columns of the template (ledgers/hazards.py): 隐患编号 (distinct),
企业名称 (a few thousand enterprises), 统一社会信用代码 (theirs; one in ten empty), 地区 (the ten
counties, districts and zones by name), 行业领域, 隐患级别 (one in 180 重大, as the report's 42 of
7481), 隐患来源, 隐患描述 (a sentence, many repeating), 发现日期 (2018–2022; one row in 50 written
``2022年3月5日``), 整改期限 (every 重大 one, four in five of the others, 7–90 days on), 整改完成日期
(most within their deadline, some late, one in twelve still open), 验收日期 (a few days after
rectification, half of them), 挂牌督办 (for the 重大 ones) and 整改资金（万元）.

    python benchmarks/make_hazard_csv.py out.csv [--rows 1000000] [--seed 15]
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

# the words of 企业名称 and 隐患描述 (a generator's data, not a label shown anywhere)
_FIRMS = np.array(["化工", "机械制造", "港口装卸", "食品", "纺织", "建材", "物流", "冶金", "木业", "包装"])
_PLACES = np.array(["车间", "仓库", "储罐区", "配电室", "厂区道路", "粉尘作业区", "有限空间", "装卸区"])
_FAULTS = np.array(["安全出口堵塞", "消防器材失效", "防护装置缺失", "未设置警示标志", "电气线路老化",
                    "作业人员未持证上岗", "应急预案未演练", "通风设施失效"])  # fmt: skip


def frame(rows: int, seed: int = 15) -> pd.DataFrame:
    """The ledger's rows (text cells) as a county would send them."""
    rng = np.random.default_rng(seed)
    n = rows
    labels = catalog.HAZARD_COLUMN_LABELS
    regions = np.array([r.name for r in catalog.REGION_LIST if r.code != catalog.CITY_CODE], dtype=object)
    firms = max(n // 200, 10)
    firm = rng.integers(0, firms, size=n)
    firm_names = np.array([f"示例{_FIRMS[i % len(_FIRMS)]}有限公司{i:05d}" for i in range(firms)], dtype=object)
    firm_codes = credit_codes(rng, firms)
    day0 = np.datetime64("2018-01-01", "D")
    found = day0 + rng.integers(0, 5 * 365, size=n).astype("timedelta64[D]")
    major = rng.random(n) < 1 / 180
    has_deadline = major | (rng.random(n) < 0.8)
    deadline = found + rng.integers(7, 91, size=n).astype("timedelta64[D]")
    late = rng.random(n) < 0.1
    open_ = rng.random(n) < 1 / 12
    took = np.where(late, rng.integers(91, 150, size=n), rng.integers(1, 91, size=n))
    took = np.where(has_deadline & ~late, np.minimum(took, (deadline - found).astype(int)), took)
    done = found + took.astype("timedelta64[D]")
    accepted = done + rng.integers(1, 15, size=n).astype("timedelta64[D]")
    with_acceptance = ~open_ & (rng.random(n) < 0.5)

    def days(values: np.ndarray, keep: np.ndarray) -> np.ndarray:
        text = np.datetime_as_string(values, unit="D").astype(object)
        return np.where(keep, text, "")

    found_text = days(found, np.ones(n, dtype=bool))
    chinese = rng.random(n) < 1 / 50
    found_text[chinese] = [f"{d.year}年{d.month}月{d.day}日" for d in pd.DatetimeIndex(found[chinese])]
    codes = firm_codes[firm].copy()
    codes[rng.random(n) < 0.1] = ""
    supervision = np.where(major, rng.choice(["县级", "市级", "省级", "无"], size=n), "无")
    out = {
        labels["record_no"]: [f"YH{i:08d}" for i in range(n)],
        labels["company"]: firm_names[firm],
        labels["credit_code"]: codes,
        labels["region"]: regions[rng.integers(0, len(regions), size=n)],
        labels["sector"]: rng.choice(list(catalog.ACCIDENT_SECTORS.values()), size=n),
        labels["level"]: np.where(major, "重大", "一般"),
        labels["source"]: rng.choice(list(catalog.HAZARD_SOURCES.values()), size=n),
        labels["description"]: (
            _PLACES[rng.integers(0, len(_PLACES), size=n)].astype(object)
            + _FAULTS[rng.integers(0, len(_FAULTS), size=n)].astype(object)
        ),  # fmt: skip
        labels["found_on"]: found_text,
        labels["deadline"]: days(deadline, has_deadline),
        labels["rectified_on"]: days(done, ~open_),
        labels["accepted_on"]: days(accepted, with_acceptance),
        labels["supervision"]: supervision,
        labels["funds"]: np.round(rng.gamma(1.2, 2.0, size=n), 1),
    }
    return pd.DataFrame(out)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=15)
    args = p.parse_args(argv)
    data = frame(args.rows, args.seed)
    data.to_csv(args.out, index=False)
    size = Path(args.out).stat().st_size / 1e6
    print(f"{args.out}: {len(data)} rows, {size:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
