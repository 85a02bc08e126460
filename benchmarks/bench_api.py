"""Time the reads the dashboard's pages make (api calls behind ui.py's caches), no browser.

    .venv/bin/python benchmarks/bench_api.py [--db sqlite:///benchmarks/out/store_1000000.sqlite]
        [--region 320700] [--period 2022-01..2022-11] [--profile figs_accidents]
    .venv/bin/python benchmarks/bench_api.py --db sqlite:///benchmarks/out/ledger_1000000.sqlite --only ledger
        [--profile ledger]                  # the 事故台账 page's one call on the 1,000,000-record ledger

Each call runs once, one after another in one process (no Streamlit cache); ``--profile NAME`` prints a
cProfile of that call instead of timing them all.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawreport_data import api, catalog  # noqa: E402
from lawreport_data.periods import Period  # noqa: E402

BIG = Path(__file__).resolve().parent / "out" / "store_1000000.sqlite"


def calls(engine, period: Period, region: str) -> dict:
    """The reads behind each page on a cold cache: ``overview`` (cards and charts), and per section
    its one read (``topic_<code>``) and the charts of its first charted indicator (``figs_<code>``)."""
    out = {
        "default_period": lambda: api.default_period(engine),
        "years_present": lambda: api.years_present(engine),
        "catalog_dict": lambda: api.catalog_dict(engine),
        "overview": lambda: api.overview(engine, period, region, "yoy"),
    }
    out["ledger"] = lambda: api.accident_view(engine, period, region)  # the 事故台账 page's one call
    data = {}
    for t in catalog.TOPIC_LIST:
        out[f"topic_{t.code}"] = lambda c=t.code: data.__setitem__(c, api.topic_data(engine, period, region, c))
        out[f"figs_{t.code}"] = lambda c=t.code: [data[c].figures(i, period) for i in list(data[c].points)[:1]]
    return out


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--db", default=f"sqlite:///{BIG}")
    p.add_argument("--region", default=catalog.CITY_CODE)
    p.add_argument("--period", default="2022-01..2022-11")
    p.add_argument("--profile", default=None)
    p.add_argument("--only", default=None, help="comma-separated names of the calls to time (default: all)")
    args = p.parse_args(argv)
    engine = api.open_engine(args.db)
    todo = calls(engine, Period.parse(args.period), args.region)
    if args.only:
        todo = {k: v for k, v in todo.items() if k in args.only.split(",")}
    if args.profile:
        if args.profile.startswith("figs_"):  # the charts are drawn from the section's read
            todo["topic_" + args.profile.removeprefix("figs_")]()
        prof = cProfile.Profile()
        prof.runcall(todo[args.profile])
        pstats.Stats(prof).sort_stats("cumulative").print_stats(40)
        return 0
    for name, fn in todo.items():
        t0 = time.perf_counter()
        fn()
        print(f"{name:22} {time.perf_counter() - t0:6.2f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
