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

``--resend SHARE`` writes the same ledger as its county's next monthly re-send: ``SHARE`` of its
records changed, each an open hazard (empty 整改完成日期) now rectified (benchmarks/bench_import.py
``--resend``).

    python benchmarks/make_hazard_csv.py out.csv [--rows 1000000] [--seed 15] [--resend 0.05]
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


def resent(data: pd.DataFrame, share: float, seed: int = 16) -> tuple[pd.DataFrame, int]:
    """``data`` (a :func:`frame`) as re-sent a month later: ``share`` of its rows (of the open ones,
    chosen by a seeded generator) with 整改完成日期 filled in, 1–60 days after 发现日期; the other
    rows as they were. Returns the new frame and the number of rows changed."""
    labels = catalog.HAZARD_COLUMN_LABELS
    done_label, found_label = labels["rectified_on"], labels["found_on"]
    open_rows = np.flatnonzero((data[done_label] == "").to_numpy())
    count = round(share * len(data))
    if count > len(open_rows):
        raise ValueError(f"{count} changes asked, only {len(open_rows)} open hazards")
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(open_rows, size=count, replace=False))
    found_text = data[found_label].iloc[chosen].str.replace(r"(\d+)年(\d+)月(\d+)日", r"\1-\2-\3", regex=True)
    found = pd.to_datetime(found_text, format="%Y-%m-%d").to_numpy().astype("datetime64[D]")
    done = found + rng.integers(1, 61, size=count).astype("timedelta64[D]")
    out = data.copy()
    column = out[done_label].to_numpy(dtype=object).copy()
    column[chosen] = np.datetime_as_string(done, unit="D")
    out[done_label] = column
    return out, count


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=15)
    p.add_argument("--resend", type=float, default=0.0, help="the re-send: this share of the records changed")
    args = p.parse_args(argv)
    data = frame(args.rows, args.seed)
    changed = ""
    if args.resend:
        data, count = resent(data, args.resend)
        changed = f", {count} of them changed (整改完成日期 filled in)"
    data.to_csv(args.out, index=False)
    size = Path(args.out).stat().st_size / 1e6
    print(f"{args.out}: {len(data)} rows{changed}, {size:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
