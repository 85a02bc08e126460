"""Write an accident ledger (事故台账) CSV of N rows (default 1,000,000) for benchmarks/bench_ledger_read.py.

Deterministic (a seeded generator): every row is valid, so the whole file is read and checked as a
county's good ledger is. 15 columns as counties write them: 事故编号 (distinct), 发生时间 (to the
minute, 2018–2022; one row in 50 as ``2022年3月5日14时30分``), 地区 (the ten counties, districts and
zones by name), 事故单位 (almost every one distinct), 统一社会信用代码 (18 characters with GB 32100's
check character; one row in ten empty), 行业领域 and 事故类别 (catalog names, some aliases or codes),
国民经济行业 (a GB/T 4754-2017 大类 name or code), the four counts, 直接经济损失（万元）, 事故等级 (the
grade the law gives those figures) and 简要经过 (a sentence, almost every one distinct).

    python benchmarks/make_ledger_csv.py out.csv [--rows 1000000] [--gbk] [--seed 14]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawreport_data import catalog  # noqa: E402
from lawreport_data.ledgers.accidents import CREDIT_CODE_CHARS, grade_of  # noqa: E402
from lawreport_data.ledgers.fields import ACCIDENT_VALUE_COLUMNS  # noqa: E402

ROLES = [c for c in ACCIDENT_VALUE_COLUMNS if c not in ("status", "write_off_reason")]  # every record counted
_WEIGHTS = np.array([pow(3, i, 31) for i in range(17)], dtype=np.int64)
# the words of 事故单位 and 简要经过 (a generator's data, not a label shown anywhere)
_FIRMS = np.array(["建设工程", "化工", "物流", "机械制造", "港口装卸", "食品", "纺织", "建材", "运输", "矿业"])
_PLACES = np.array(["厂区", "仓库", "施工现场", "道路", "码头", "车间", "货场", "工地"])
_EVENTS = np.array(["作业时坠落", "车辆侧翻", "设备故障伤人", "管道泄漏", "货物倒塌", "起火", "触电", "吊物坠落"])


def credit_codes(rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` valid 统一社会信用代码 (17 random symbols and GB 32100's check character)."""
    values = rng.integers(0, 31, size=(n, 17))
    values[:, 0] = 9  # 登记管理部门: 工商
    values[:, 1] = 1  # 机构类别: 企业
    check = (31 - (values * _WEIGHTS).sum(axis=1) % 31) % 31
    symbols = np.frombuffer(CREDIT_CODE_CHARS.encode(), dtype=np.uint8)
    raw = symbols[np.concatenate([values, check[:, None]], axis=1)]
    return raw.view("S18").ravel().astype(str).astype(object)


def frame(rows: int, seed: int = 14) -> pd.DataFrame:
    """The ledger's rows (text cells) as a county would send them."""
    rng = np.random.default_rng(seed)
    n = rows
    labels = catalog.ACCIDENT_COLUMN_LABELS
    regions = np.array([r.name for r in catalog.REGION_LIST if r.code != catalog.CITY_CODE], dtype=object)
    sectors = np.array(
        [*catalog.ACCIDENT_SECTORS.values(), *catalog.ACCIDENT_SECTOR_ALIASES], dtype=object
    )  # names and the aliases people write
    types = np.array([*catalog.ACCIDENT_TYPES.values(), *catalog.ACCIDENT_TYPES], dtype=object)  # names and codes
    divisions = np.array([*catalog.INDUSTRY_DIVISIONS.values(), *catalog.INDUSTRY_DIVISIONS], dtype=object)

    start = np.datetime64("2018-01-01T00:00", "m")
    minutes = np.sort(rng.integers(0, 5 * 365 * 1440, size=n))
    stamps = start + minutes.astype("timedelta64[m]")
    when = pd.DatetimeIndex(stamps.astype("datetime64[ns]"))
    occurred = when.strftime("%Y-%m-%d %H:%M").to_numpy(dtype=object)
    chinese = rng.random(n) < 0.02
    occurred[chinese] = (
        pd.Series(when.year[chinese]).astype(str)
        + "年"
        + pd.Series(when.month[chinese]).astype(str)
        + "月"
        + pd.Series(when.day[chinese]).astype(str)
        + "日"
        + pd.Series(when.hour[chinese]).astype(str)
        + "时"
        + pd.Series(when.minute[chinese]).astype(str)
        + "分"
    ).to_numpy(dtype=object)

    region_i = rng.integers(0, len(regions), size=n)
    number = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(7)
    record_no = "SG" + pd.Series(when.year).astype(str) + "-" + pd.Series(region_i).astype(str).str.zfill(2)
    record_no = (record_no + "-" + number).to_numpy(dtype=object)

    firm = rng.integers(0, len(_FIRMS), size=n)
    unit_no = pd.Series(rng.integers(0, 10 * n, size=n)).astype(str)
    unit = (pd.Series(_FIRMS[firm]) + unit_no + "公司").to_numpy(dtype=object)
    codes = credit_codes(rng, n)
    codes[rng.random(n) < 0.1] = ""

    deaths = rng.choice([0, 1, 2, 3], size=n, p=[0.55, 0.4, 0.04, 0.01])
    missing = (rng.random(n) < 0.01).astype("int64")
    injuries = rng.choice([0, 1, 2, 5], size=n, p=[0.5, 0.35, 0.1, 0.05])
    serious = np.minimum(injuries, rng.integers(0, 3, size=n))
    loss = np.round(rng.gamma(1.5, 40.0, size=n), 2)
    grade = pd.Series(grade_of(deaths + missing, serious, loss)).map(catalog.ACCIDENT_GRADES).to_numpy(dtype=object)

    place = rng.integers(0, len(_PLACES), size=n)
    event = rng.integers(0, len(_EVENTS), size=n)
    summary = (
        pd.Series(when.strftime("%m月%d日%H时%M分")) + pd.Series(_PLACES[place]) + pd.Series(_EVENTS[event])
    ).to_numpy(dtype=object)

    cells = {
        "record_no": record_no,
        "occurred_at": occurred,
        "region": regions[region_i],
        "unit": unit,
        "credit_code": codes,
        "sector": sectors[rng.integers(0, len(sectors), size=n)],
        "industry": divisions[rng.integers(0, len(divisions), size=n)],
        "type": types[rng.integers(0, len(types), size=n)],
        "deaths": deaths,
        "missing": missing,
        "serious_injuries": serious,
        "injuries": injuries,
        "direct_loss": loss,
        "grade": grade,
        "summary": summary,
    }
    return pd.DataFrame({labels[r]: cells[r] for r in ROLES})


def write(path: Path, rows: int, *, gbk: bool = False, seed: int = 14) -> int:
    """The ledger of ``rows`` rows into ``path`` (UTF-8, or GBK as Excel on Chinese Windows saves
    it); the number of bytes written."""
    frame(rows, seed).to_csv(path, index=False, encoding="gbk" if gbk else "utf-8")
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--gbk", action="store_true", help="GBK, as Excel saves a CSV on Chinese Windows")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    size = write(args.path, args.rows, gbk=args.gbk, seed=args.seed)
    print(f"{args.path}: {args.rows} rows, {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
