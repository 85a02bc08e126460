"""Reading a large accident ledger: a plain ``pandas.read_csv`` of the file against our reader
(``importer.read_raw``, every chunk consumed) and the whole ledger check
(``ledgers.accidents.read_accident_ledger``: read, check every row, build the records).
``--ledger hazards`` does the same with a hazard ledger (``make_hazard_csv.py``,
``ledgers.hazards.read_hazard_ledger``).

The file is written by ``make_ledger_csv.py`` (N rows, default 1,000,000; ``--gbk`` for GBK) unless
``--csv`` names one. Each phase runs in a fresh process (its own memory, nothing cached), the phases
interleaved run by run; the median of ``--runs`` is printed with its ratio to ``pd.read_csv``.
``--baseline DIR`` also times ``read_raw`` and ``read_accident_ledger`` of another checkout (e.g.
``/work/main``) in the same runs, for a before/after on a busy machine.

    .venv/bin/python benchmarks/bench_ledger_read.py [--rows 1000000] [--runs 3] [--gbk] [--baseline DIR]
    .venv/bin/python benchmarks/bench_ledger_read.py --ledger hazards --csv hazards.csv [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PHASES = ("read_csv", "read_raw", "ledger")


def phase(name: str, path: str, ledger: str = "accidents") -> dict:
    """Time one phase in this process (the caller runs it in a fresh one)."""
    import resource

    import pandas as pd

    from lawreport_data import importer
    from lawreport_data.ledgers import accidents

    start = time.perf_counter()
    if name == "read_csv":
        rows = len(pd.read_csv(path))
    elif ledger == "hazards":
        from lawreport_data.ledgers import hazards

        with open(path, "rb") as f:
            if name == "read_raw":
                raw = importer.read_raw(f, header_test=hazards.is_hazard_header, times=True)
                rows = sum(len(c) for c in raw.chunks)
            else:
                parsed = hazards.read_hazard_ledger(f, Path(path).name)
                if not parsed.ok:
                    raise SystemExit(f"the ledger has problems: {parsed.problems.head()}")
                rows = len(parsed.records)
    elif name == "read_raw":
        # as the ledger reads it (an older checkout has no ``plain_share``)
        more = {"plain_share": accidents.PLAIN_SHARE} if hasattr(accidents, "PLAIN_SHARE") else {}
        with open(path, "rb") as f:
            raw = importer.read_raw(f, header_test=accidents.is_accident_header, times=True, **more)
            rows = sum(len(c) for c in raw.chunks)
    else:
        with open(path, "rb") as f:
            parsed = accidents.read_accident_ledger(f, Path(path).name)
        if not parsed.ok:
            raise SystemExit(f"the ledger has problems: {parsed.problems.head()}")
        rows = len(parsed.records)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _run(name: str, path: Path, tree: Path, ledger: str = "accidents") -> dict:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--phase", name, "--csv", str(path), "--ledger", ledger],
        env=env,
        cwd=tree,
        capture_output=True,
        text=True,
    )
    if out.returncode:
        raise SystemExit(f"{name} in {tree} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--gbk", action="store_true")
    parser.add_argument("--csv", type=Path, help="read this file instead of writing one")
    parser.add_argument("--baseline", type=Path, help="another checkout whose reader is timed too")
    parser.add_argument("--ledger", choices=("accidents", "hazards"), default="accidents")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(phase(args.phase, str(args.csv), args.ledger)))
        return
    if args.ledger == "hazards" and args.csv is None:
        raise SystemExit("--ledger hazards reads --csv FILE (benchmarks/make_hazard_csv.py writes one)")

    with tempfile.TemporaryDirectory() as tmp:
        path = args.csv
        if path is None:
            sys.path.insert(0, str(ROOT))
            from benchmarks.make_ledger_csv import write

            path = Path(tmp) / "ledger.csv"
            size = write(path, args.rows, gbk=args.gbk)
            print(f"{path.name}: {args.rows:,} rows, {size / 1e6:.0f} MB{' GBK' if args.gbk else ''}")
        trees = {"": ROOT}
        if args.baseline:
            trees["baseline "] = args.baseline.resolve()
        times: dict[str, list[float]] = {}
        peaks: dict[str, list[float]] = {}
        for run in range(args.runs):
            line = []
            for name in PHASES:
                for label, tree in trees.items():
                    if name == "read_csv" and label:
                        continue
                    got = _run(name, path, tree, args.ledger)
                    times.setdefault(label + name, []).append(got["seconds"])
                    peaks.setdefault(label + name, []).append(got["peak_mb"])
                    line.append(f"{label}{name} {got['seconds']:.2f} s")
            print(f"run {run + 1}: " + ", ".join(line), flush=True)
        base = statistics.median(times["read_csv"])
        print(f"medians of {args.runs} runs (each phase a fresh process):")
        for key, values in times.items():
            median = statistics.median(values)
            print(
                f"  {key:22s} {median:6.2f} s  {median / base:4.2f}x read_csv  "
                f"peak {statistics.median(peaks[key]):5.0f} MB"
            )


if __name__ == "__main__":
    main()
