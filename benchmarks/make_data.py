"""Write a synthetic store (or CSV) of N observations: towns × monthly indicators × months.

    .venv/bin/python benchmarks/make_data.py 1000000                       # benchmarks/out/store_1000000.sqlite
    .venv/bin/python benchmarks/make_data.py 1000000 --db sqlite:///x.sqlite
    .venv/bin/python benchmarks/make_data.py 300000 --csv benchmarks/out/obs.csv

The store also holds the report's figures (init-db); every generated row is marked synthetic.
Towns (镇街) are added under the ten counties and zones, as many as N needs; the dashboard's
city and county figures are then sums over them.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawreport_data import api, catalog, store  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
YEARS = range(2018, 2023)


def towns_for(n: int) -> pd.DataFrame:
    monthly = [i.code for i in catalog.INDICATOR_LIST if i.monthly]
    per_town = len(monthly) * len(YEARS) * 12
    count = max(1, math.ceil(n / per_town))
    parents = [r.code for r in catalog.children_of(catalog.CITY_CODE)]
    rows = [
        dict(
            code=f"{parents[i % len(parents)]}-T{i:04d}",
            name=f"示例镇{i:04d}",
            kind="town",
            parent=parents[i % len(parents)],
        )
        for i in range(count)
    ]
    return pd.DataFrame(rows)


def observations(n: int, towns: pd.DataFrame, seed: int = 7) -> pd.DataFrame:
    monthly = [i.code for i in catalog.INDICATOR_LIST if i.monthly]
    rng = np.random.default_rng(seed)
    idx = pd.MultiIndex.from_product(
        [monthly, towns["code"], list(YEARS), range(1, 13)], names=["indicator", "region", "year", "start"]
    ).to_frame(index=False)
    frame = idx.iloc[:n].copy()
    frame["end"] = frame["start"]
    frame["value"] = rng.poisson(3, len(frame)).astype(float)
    frame["origin"] = "demo"
    frame["synthetic"] = True
    frame["source"] = "benchmarks/make_data.py"
    return frame


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("n", type=int)
    p.add_argument("--db", default=None)
    p.add_argument("--csv", default=None)
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    towns = towns_for(args.n)
    frame = observations(args.n, towns)
    if args.csv:
        out = frame.assign(
            地区=frame["region"], 指标=frame["indicator"].map(lambda c: catalog.INDICATORS[c].name),
            期间=[f"{y}-{m:02d}" for y, m in zip(frame["year"], frame["start"], strict=True)], 数值=frame["value"],
        )[["地区", "指标", "期间", "数值"]]  # fmt: skip
        out.to_csv(args.csv, index=False, encoding="utf-8-sig")
        print(f"wrote {len(out):,} rows to {args.csv} in {time.perf_counter() - t0:.1f} s")
        return 0
    OUT.mkdir(exist_ok=True)
    path = OUT / f"store_{args.n}.sqlite"
    if not args.db:  # the default file is made afresh (its towns cannot be added twice)
        for old in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            old.unlink(missing_ok=True)
    url = args.db or f"sqlite:///{path}"
    engine = api.open_engine(url)
    api.init_db(engine)
    with store.session_factory(engine).begin() as session:
        store.add_regions(session, towns)
        store.apply_observations(session, frame, user="make_data")
    print(f"wrote {len(frame):,} observations in {len(towns)} towns to {url} in {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
