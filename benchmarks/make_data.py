"""Write a synthetic store (or CSV) of N observations: towns × monthly indicators × months;
and/or a synthetic accident ledger (事故台账) of M records.

    .venv/bin/python benchmarks/make_data.py 1000000                       # benchmarks/out/store_1000000.sqlite
    .venv/bin/python benchmarks/make_data.py 1000000 --db sqlite:///x.sqlite
    .venv/bin/python benchmarks/make_data.py 300000 --csv benchmarks/out/obs.csv
    .venv/bin/python benchmarks/make_data.py --ledger 1000000              # benchmarks/out/ledger_1000000.sqlite
    .venv/bin/python benchmarks/make_data.py 1000000 --ledger 1000000      # both in store_1000000_ledger_1000000.sqlite

The ledger's records (``--ledger M``) are written as an import writes them (``store.apply_accidents``,
one bulk insert, its month sums kept), marked synthetic, in no batch: deterministic (a seeded
generator), 2018–2022 to the minute, over the city's ten counties, districts and zones, every
record valid (its grade the one the law gives its figures), one in 50 核销.

The store also holds the report's figures (init-db); every generated row is marked synthetic.
Towns (镇街) are added under the ten counties and zones, as many as N needs; the dashboard's
city and county figures are then sums over them.

With ``--province`` the store is a province's (``init-db --province``: 江苏省 above the city, its
twelve other cities beside it), each other city given eight synthetic counties (南京示例县1 …), the
towns, accident and hazard records spread over all the province's counties (the inspections and
cases are read from a county file of the city's own, as ``make_enforcement_csv.py`` writes it):

    .venv/bin/python benchmarks/make_data.py 10000000 --province --ledger 1000000 --hazards 1000000 \
        --inspections 1000000 --cases 1000000 --db postgresql+psycopg://postgres@127.0.0.1:5432/test
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


COUNTIES_PER_CITY = 8  # of each of the province's other cities (--province)


def province_counties() -> pd.DataFrame:
    """Synthetic counties of the province's other cities (columns code, name, kind, parent), codes
    (320100-X1: no real division's) and names unique in the store."""
    rows = [
        dict(code=f"{city.code}-X{k}", name=f"{city.name[:-1]}示例县{k}", kind="county", parent=city.code)
        for city in catalog.PROVINCE_CITIES
        for k in range(1, COUNTIES_PER_CITY + 1)
    ]
    return pd.DataFrame(rows)


def county_codes(province: bool) -> list[str]:
    """The regions the towns and records are spread over: the city's counties, districts and zones,
    and with ``province`` the other cities' counties too."""
    codes = [r.code for r in catalog.children_of(catalog.CITY_CODE)]
    return codes + (province_counties()["code"].tolist() if province else [])


def towns_for(n: int, parents: list[str] | None = None) -> pd.DataFrame:
    monthly = [i.code for i in catalog.INDICATOR_LIST if i.monthly]
    per_town = len(monthly) * len(YEARS) * 12
    count = max(1, math.ceil(n / per_town))
    parents = parents or county_codes(False)
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


def ledger(m: int, seed: int = 14, regions: list[str] | None = None) -> pd.DataFrame:
    """``m`` synthetic accident records (``store.RECORD_COLUMNS``, as the ledger reader gives them)
    over ``regions`` (default: the city's counties, districts and zones)."""
    from lawreport_data.ledgers.accidents import grade_of

    rng = np.random.default_rng(seed)
    regions = np.array(regions or county_codes(False), dtype=object)
    minutes = np.sort(rng.integers(0, 5 * 365 * 1440, size=m))
    occurred = np.datetime64("2018-01-01T00:00", "m") + minutes.astype("timedelta64[m]")
    deaths = rng.choice([0, 1, 2, 3], size=m, p=[0.55, 0.4, 0.04, 0.01])
    missing = (rng.random(m) < 0.01).astype("int64")
    injuries = rng.choice([0, 1, 2, 5], size=m, p=[0.5, 0.35, 0.1, 0.05])
    serious = np.minimum(injuries, rng.integers(0, 3, size=m))
    loss = np.round(rng.gamma(1.5, 40.0, size=m), 2)
    off = rng.random(m) < 0.02
    key = pd.Series(np.arange(1, m + 1)).astype(str).str.zfill(7)
    key = ("SYN-" + key).to_numpy(dtype=object)
    return pd.DataFrame(
        {
            "key": key,
            "record_no": key,
            "occurred_at": occurred.astype("datetime64[ns]"),
            "region": regions[rng.integers(0, len(regions), size=m)],
            "unit": "",
            "credit_code": None,
            "sector": np.array(list(catalog.ACCIDENT_SECTORS), dtype=object)[
                rng.integers(0, len(catalog.ACCIDENT_SECTORS), size=m)
            ],
            "industry": None,
            "type": np.array(list(catalog.ACCIDENT_TYPES), dtype=object)[
                rng.integers(0, len(catalog.ACCIDENT_TYPES), size=m)
            ],
            "deaths": deaths,
            "missing": missing,
            "serious_injuries": serious,
            "injuries": injuries,
            "direct_loss": loss,
            "grade": grade_of(deaths + missing, serious, loss),
            "status": np.where(off, "written_off", "counted").astype(object),
            "write_off_reason": np.where(off, "synthetic", None).astype(object),
            "summary": None,
            "source_row": pd.array([pd.NA] * m, dtype="Int64"),
        }
    )[list(store.RECORD_COLUMNS)]


def hazards(m: int, seed: int = 15, regions: list[str] | None = None) -> pd.DataFrame:
    """``m`` synthetic hazard records of 2018–2022 (``HAZARD_RECORD_COLUMNS``, as the hazard ledger
    reader gives them): one in 180 重大 (as the report's 42 of 7481) under 挂牌督办, deadlines 7–90
    days after discovery (most 一般 ones have one), most rectified on time, some late, about 3% open."""
    from lawreport_data.ledgers.fields import HAZARD_RECORD_COLUMNS

    rng = np.random.default_rng(seed)
    regions = np.array(regions or county_codes(False), dtype=object)
    day0 = np.datetime64("2018-01-01", "D")
    found = day0 + np.sort(rng.integers(0, 5 * 365, size=m)).astype("timedelta64[D]")
    major = rng.random(m) < 1 / 180
    span = np.where(major, rng.integers(30, 91, size=m), rng.integers(7, 31, size=m))
    deadline = found + span.astype("timedelta64[D]")
    no_deadline = ~major & (rng.random(m) < 0.2)
    took = np.where(rng.random(m) < 0.85, rng.integers(1, span + 1), span + rng.integers(1, 30, size=m))
    rectified = found + took.astype("timedelta64[D]")
    still_open = rng.random(m) < 0.03
    accepted = rectified + rng.integers(1, 10, size=m).astype("timedelta64[D]")
    companies = np.array([f"示例企业{i:05d}有限公司" for i in range(20000)], dtype=object)
    who = rng.integers(0, len(companies), size=m)
    key = ("SYN-YH-" + pd.Series(np.arange(1, m + 1)).astype(str).str.zfill(7)).to_numpy(dtype=object)
    supervision = np.where(
        major, np.array(["county", "city", "province"], dtype=object)[rng.integers(0, 3, size=m)], "none"
    )

    def days(values, empty) -> np.ndarray:
        return np.where(empty, np.datetime64("NaT"), values).astype("datetime64[ns]")

    frame = pd.DataFrame(
        {
            "key": key,
            "record_no": key,
            "company": companies[who],
            "credit_code": None,
            "region": regions[who % len(regions)],
            "sector": np.array(list(catalog.ACCIDENT_SECTORS), dtype=object)[rng.integers(0, 7, size=m)],
            "level": np.where(major, "major", "general").astype(object),
            "source": np.array(list(catalog.HAZARD_SOURCES), dtype=object)[rng.integers(0, 5, size=m)],
            "description": "示例隐患：安全出口堵塞",
            "found_on": found.astype("datetime64[ns]"),
            "deadline": days(deadline, no_deadline),
            "rectified_on": days(rectified, still_open),
            "accepted_on": days(accepted, still_open | (rng.random(m) < 0.3)),
            "supervision": supervision.astype(object),
            "funds": np.nan,
            "source_row": np.arange(2, m + 2, dtype="int64"),
        }
    )
    return frame[list(HAZARD_RECORD_COLUMNS)]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("n", type=int, nargs="?", default=0, help="observations (default 0)")
    p.add_argument("--db", default=None)
    p.add_argument("--csv", default=None)
    p.add_argument("--ledger", type=int, default=0, metavar="M", help="also M synthetic accident records")
    p.add_argument("--hazards", type=int, default=0, metavar="H", help="also H synthetic hazard records")
    p.add_argument("--inspections", type=int, default=0, metavar="I", help="also I synthetic inspection records")
    p.add_argument("--cases", type=int, default=0, metavar="C", help="also C synthetic penalty cases")
    p.add_argument("--province", action="store_true", help="a province's store: 13 cities, their counties")
    args = p.parse_args(argv)
    t0 = time.perf_counter()
    counties = county_codes(args.province)
    towns = towns_for(args.n, counties) if args.n else pd.DataFrame(columns=["code", "name", "kind", "parent"])
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
    name = "_".join(
        (["province"] if args.province else [])
        + ([f"store_{args.n}"] if args.n or not (args.ledger or args.hazards or args.inspections or args.cases) else [])
        + ([f"ledger_{args.ledger}"] if args.ledger else [])
        + ([f"hazards_{args.hazards}"] if args.hazards else [])
        + ([f"inspections_{args.inspections}"] if args.inspections else [])
        + ([f"cases_{args.cases}"] if args.cases else [])
    )
    path = OUT / f"{name}.sqlite"
    if not args.db:  # the default file is made afresh (its towns cannot be added twice)
        for old in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            old.unlink(missing_ok=True)
    url = args.db or f"sqlite:///{path}"
    engine = api.open_engine(url)
    api.init_db(engine, province=args.province)
    with store.session_factory(engine).begin() as session:
        if args.province:
            store.add_regions(session, province_counties())
        if len(towns):
            store.add_regions(session, towns)
            store.apply_observations(session, frame, user="make_data")
    if args.n:
        print(f"wrote {len(frame):,} observations in {len(towns)} towns to {url} in {time.perf_counter() - t0:.1f} s")
    if args.ledger:
        t1 = time.perf_counter()
        records = ledger(args.ledger, regions=counties)
        with store.session_factory(engine).begin() as session:
            store.apply_accidents(session, records, batch_id=None, user="make_data", synthetic=True)
        print(f"wrote {len(records):,} synthetic accident records to {url} in {time.perf_counter() - t1:.1f} s")
    if args.hazards:
        t1 = time.perf_counter()
        records = hazards(args.hazards, regions=counties)
        with store.session_factory(engine).begin() as session:
            store.apply_hazards(session, records, batch_id=None, user="make_data", synthetic=True)
        print(f"wrote {len(records):,} synthetic hazard records to {url} in {time.perf_counter() - t1:.1f} s")
    for kind, rows in (("inspections", args.inspections), ("cases", args.cases)):
        if rows:  # the benchmark's county file (make_enforcement_csv.py), read as an import reads it
            import io

            import make_enforcement_csv

            from lawreport_data.ledgers import cases, inspections

            t1 = time.perf_counter()
            make = make_enforcement_csv.inspections_frame if kind == "inspections" else make_enforcement_csv.cases_frame
            data = io.BytesIO(make(rows).to_csv(index=False).encode())
            read = inspections.read_inspection_ledger if kind == "inspections" else cases.read_case_ledger
            records = read(data, f"{kind}.csv").records
            apply = store.apply_inspections if kind == "inspections" else store.apply_cases
            with store.session_factory(engine).begin() as session:
                apply(session, records, batch_id=None, user="make_data", synthetic=True)
            print(f"wrote {len(records):,} synthetic {kind} to {url} in {time.perf_counter() - t1:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
