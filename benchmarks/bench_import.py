"""Import speed: a ~300,000-row long county CSV, our full import (read, validate every row,
load in one transaction with provenance and the change log) against a raw
``pandas.read_csv(...).to_sql(...)`` dump of the same file into a fresh SQLite file.

Each phase runs in its own process so its peak memory (max RSS) is its own.

    .venv/bin/python benchmarks/bench_import.py [--rows 300000] [--runs 3]

Prints both times, the ratio ours / raw (target: at most 1.0) and the peak memory of each;
with ``--runs`` the phases are repeated and each run's ratio and the median are printed.

``--e2e --ledger`` does the same with an accident ledger (``make_ledger_csv.py``, ``--rows``
records, e.g. 1,000,000) instead of a county's aggregate file, ``--e2e --ledger hazards`` with a
hazard ledger (``make_hazard_csv.py``), ``--e2e --ledger inspections`` or ``cases`` with an
inspection or penalty case ledger (``make_enforcement_csv.py``; for inspections, then ``records
inspections --period 2022 --by region`` on the last run's store, ``--query-runs`` times: the city's
enterprises of a year counted distinct); ``--file FILE`` times an existing file instead of writing one.

``--e2e --ledger hazards --resend 0.05`` times a county's monthly re-send instead: a store holding
the ledger (imported once by the CLI, not timed; the SQLite file copied afresh before each run) and
the same ledger again with that share of its records changed (open hazards now rectified,
``make_hazard_csv.resent``), ``python -m lawreport_data import FILE2`` against the raw process on
FILE2 into a fresh SQLite file; then ``records hazards --period 2022 --by region --as-of
2022-12-31`` on that store, as a whole process and as the API call alone (``--query-runs`` each).

``--e2e`` times whole processes, as a user waits for them (start-up and imports included): the
command line ``python -m lawreport_data import FILE`` into a store made beforehand by ``init-db``
against a plain process that runs ``pd.read_csv(FILE).to_sql(...)`` into a fresh SQLite file; and
the start-up of a few commands that read nothing big (``--help``, ``catalog``, ``history``).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def phase_raw(csv_path: Path, work: Path, how: str) -> dict:
    import sqlite3

    import pandas as pd
    from sqlalchemy import create_engine

    start = time.perf_counter()
    frame = pd.read_csv(csv_path)
    if how == "engine":
        engine = create_engine(f"sqlite:///{work / 'raw_engine.sqlite'}")
        frame.to_sql("raw", engine, index=False)
        engine.dispose()
    else:
        conn = sqlite3.connect(work / "raw_sqlite3.sqlite")
        frame.to_sql("raw", conn, index=False)
        conn.commit()
        conn.close()
    return {"seconds": time.perf_counter() - start, "rows": len(frame), "peak_mb": _peak_mb()}


def phase_ours(csv_path: Path, work: Path) -> dict:
    from lawreport_data import api, store
    from lawreport_data.db import make_engine, upgrade

    engine = make_engine(f"sqlite:///{work / 'store.sqlite'}")
    upgrade(engine)  # a fresh store: schema and catalog, not timed
    with store.session_factory(engine).begin() as session:
        store.sync_catalog(session)
    start = time.perf_counter()
    with csv_path.open("rb") as f:
        result = api.apply_import(engine, f, csv_path.name, user="bench")
    seconds = time.perf_counter() - start
    with store.session_factory(engine)() as session:
        stored = store.observation_count(session)
    engine.dispose()
    return {"seconds": seconds, "rows": result.new, "stored": stored, "peak_mb": _peak_mb()}


def run_phase(name: str, csv_path: Path, work: Path) -> dict:
    for old in work.glob("*.sqlite*"):  # every phase writes into a fresh database
        old.unlink()
    out = subprocess.run(
        [sys.executable, __file__, "--phase", name, "--csv", str(csv_path), "--work", str(work)],
        capture_output=True,
        text=True,
    )
    if out.returncode:
        sys.exit(f"phase {name} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


RAW_PROCESS = """
import sys
import pandas as pd
from sqlalchemy import create_engine
engine = create_engine(sys.argv[2] if "://" in sys.argv[2] else "sqlite:///" + sys.argv[2])
pd.read_csv(sys.argv[1]).to_sql("raw", engine, index=False)
engine.dispose()
"""

START_UP = [["--help"], ["catalog"], ["history"], ["user", "list"], ["audit"]]


def _timed(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> float:
    return _timed_cpu(cmd, env, cwd)[0]


def _timed_out(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, float, str]:
    """``_timed_cpu`` and what the process printed."""
    cpu, start = _children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    seconds = time.perf_counter() - start
    if out.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return seconds, _children_cpu() - cpu, out.stdout


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed_cpu(cmd: list[str], env: dict | None = None, cwd: Path = ROOT) -> tuple[float, float]:
    """The wall time of a whole process and the CPU time (user + system) it used: on a machine
    other jobs share, the CPU time is the steadier of the two."""
    cpu, start = _children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=cwd)
    seconds = time.perf_counter() - start
    if out.returncode:
        sys.exit(f"{' '.join(cmd)} failed ({out.returncode}):\n{out.stderr}")
    return seconds, _children_cpu() - cpu


def _indicators_of(checkout: Path) -> set[str]:
    """The indicator codes of another checkout's catalog."""
    code = "from lawreport_data import catalog; print(' '.join(i.code for i in catalog.INDICATOR_LIST))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=checkout, check=True)
    return set(out.stdout.split())


class _PgSchemas:
    """Fresh schemas of one PostgreSQL database (``--pg URL``), one per process timed, dropped after."""

    def __init__(self, url: str):
        from sqlalchemy import create_engine

        self.base, self.admin, self.made = url, create_engine(url), []

    def fresh(self, name: str) -> str:
        import uuid

        schema = f"bench_{name}_{uuid.uuid4().hex[:8]}"
        with self.admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        self.made.append(schema)
        sep = "&" if "?" in self.base else "?"
        return f"{self.base}{sep}options=-csearch_path%3D{schema}"

    def drop_all(self) -> None:
        with self.admin.begin() as conn:
            for schema in self.made:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        self.made = []


def end_to_end(csv_path: Path, work: Path, runs: int, before: Path | None, pg: str | None = None) -> None:
    """Whole processes, one after the other in each run: the raw dump, then our CLI's import (and,
    with ``before``, the same CLI of another checkout, e.g. the code before a change: ``python -m``
    from that folder runs that folder's package). With ``pg`` (a PostgreSQL URL), both write into
    fresh schemas of that database instead of SQLite files."""
    import os

    schemas = _PgSchemas(pg) if pg else None

    checkouts = {"ours": ROOT} | ({"before": before} if before else {})
    ratios: dict[str, list[float]] = {name: [] for name in checkouts}
    cpu_ratios: dict[str, list[float]] = {name: [] for name in checkouts}
    env = dict(os.environ, LAWREPORT_DB_URL=f"sqlite:///{work / 'store.sqlite'}")
    for where in checkouts.values():  # the bytecode an installed package has (`make install` writes it)
        subprocess.run([sys.executable, "-m", "compileall", "-q", "lawreport_data"], cwd=where, check=True)
    for run in range(1, runs + 1):
        for old in work.glob("*.sqlite*"):
            old.unlink()
        target = schemas.fresh("raw") if schemas else str(work / "raw.sqlite")
        raw, raw_cpu = _timed_cpu([sys.executable, "-c", RAW_PROCESS, str(csv_path), target])
        line = f"run {run}: raw process {raw:6.2f} s (CPU {raw_cpu:6.2f} s)"
        for name, where in checkouts.items():
            for old in work.glob("*.sqlite*"):
                old.unlink()
            if schemas:
                env = dict(env, LAWREPORT_DB_URL=schemas.fresh(name))
            _timed([sys.executable, "-m", "lawreport_data", "init-db"], env, where)  # the store a bureau has
            t, cpu = _timed_cpu([sys.executable, "-m", "lawreport_data", "import", str(csv_path)], env, where)
            ratios[name].append(t / raw)
            cpu_ratios[name].append(cpu / raw_cpu)
            line += f"   {name} `import` process {t:6.2f} s ({ratios[name][-1]:.2f}x; CPU {cpu:6.2f} s, {cpu_ratios[name][-1]:.2f}x)"
        print(line)
        if schemas:
            schemas.drop_all()
    for label, table in (("end-to-end ratio", ratios), ("CPU-time ratio", cpu_ratios)):
        for name, values in table.items():
            print(
                f"{label} {name} / raw over {runs} runs: "
                + ", ".join(f"{r:.2f}x" for r in values)
                + f" (median {statistics.median(values):.2f}x, worst {max(values):.2f}x)"
            )
    print("start-up of commands that read little (whole process, median of 5; the store made by init-db):")
    bare = statistics.median(_timed([sys.executable, "-c", "pass"]) for _ in range(5))
    print(f"  {'python -c pass':28s} {bare:5.2f} s")
    print(f"  {'':28s} " + "  ".join(f"{name:>6s}" for name in checkouts))
    envs = {}  # a store of its own for each checkout (a newer schema is not one the older code reads)
    for name, where in checkouts.items():
        envs[name] = dict(os.environ, LAWREPORT_DB_URL=f"sqlite:///{work / f'startup_{name}.sqlite'}")
        _timed([sys.executable, "-m", "lawreport_data", "init-db"], envs[name], where)
    for args in START_UP:
        times = [
            statistics.median(
                _timed([sys.executable, "-m", "lawreport_data", *args], envs[name], where) for _ in range(5)
            )
            for name, where in checkouts.items()
        ]
        print(f"  {' '.join(args):28s} " + "  ".join(f"{t:5.2f}s" for t in times))


def _median_line(label: str, values: list[float], unit: str = "x") -> str:
    return (
        f"{label} over {len(values)} runs: "
        + ", ".join(f"{v:.2f}{unit}" for v in values)
        + f" (median {statistics.median(values):.2f}{unit}, worst {max(values):.2f}{unit})"
    )


def resend(first: Path, second: Path, rows: int, changed: int, work: Path, runs: int, query_runs: int) -> None:
    """A monthly re-send as whole processes: ``first`` imported once into a store made by
    ``init-db`` (not timed); in each run, the raw process on ``second``, then our CLI importing
    ``second`` into a fresh copy of that store (``changed`` records must come out changed, the rest
    unchanged). Then the hazard figures by region on the store, as a process and as the API call."""
    import os
    import re
    import shutil

    base = work / "base.sqlite"
    store_file = work / "store.sqlite"
    for old in work.glob("*.sqlite*"):
        old.unlink()
    env = dict(os.environ, LAWREPORT_DB_URL=f"sqlite:///{base}")
    _timed([sys.executable, "-m", "lawreport_data", "init-db"], env)
    seconds, cpu, said = _timed_out([sys.executable, "-m", "lawreport_data", "import", str(first)], env)
    print(f"base store: {said.strip()} ({seconds:.1f} s, not timed below)")
    if list(work.glob("base.sqlite-*")):  # every connection closed: SQLite has moved its WAL into the file
        sys.exit("the base store was left with a WAL or journal file")
    env = dict(os.environ, LAWREPORT_DB_URL=f"sqlite:///{store_file}")
    ratios, cpu_ratios = [], []
    for run in range(1, runs + 1):
        for old in work.glob("raw.sqlite*"):
            old.unlink()
        raw, raw_cpu = _timed_cpu([sys.executable, "-c", RAW_PROCESS, str(second), str(work / "raw.sqlite")])
        for old in work.glob("store.sqlite*"):
            old.unlink()
        shutil.copyfile(base, store_file)  # the store as it was before the re-send
        t, cpu, said = _timed_out([sys.executable, "-m", "lawreport_data", "import", str(second)], env)
        counts = re.search(r"(\d+) added, (\d+) changed, (\d+) unchanged, (\d+) retired", said)
        if not counts or [int(c) for c in counts.groups()] != [0, changed, rows - changed, 0]:
            sys.exit(f"the re-send did not do what it should: {said.strip()}")
        ratios.append(t / raw)
        cpu_ratios.append(cpu / raw_cpu)
        print(
            f"run {run}: raw process {raw:6.2f} s (CPU {raw_cpu:6.2f} s)   ours re-send `import` process {t:6.2f} s "
            f"({ratios[-1]:.2f}x; CPU {cpu:6.2f} s, {cpu_ratios[-1]:.2f}x)",
            flush=True,
        )
    print(_median_line("re-send end-to-end ratio ours / raw", ratios))
    print(_median_line("re-send CPU-time ratio ours / raw", cpu_ratios))
    for old in work.glob("store.sqlite*"):
        old.unlink()
    hazard_query(base, query_runs)


QUERY = ["records", "hazards", "--period", "2022", "--by", "region", "--as-of", "2022-12-31"]
API_CALL = """
import datetime as dt, json, sys, time
from lawreport_data import api
from lawreport_data.periods import Period
engine = api.open_engine()
times = []
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    api.hazard_breakdown(engine, Period.parse("2022"), None, by="region", as_of=dt.date(2022, 12, 31))
    times.append(time.perf_counter() - start)
print(json.dumps(times))
"""


def _process_times(commands: list[tuple[str, list[str]]], env: dict, runs: int) -> None:
    """Each command run as a whole process ``runs`` times in order: its wall and CPU times and medians."""
    for label, cmd in commands:
        walls, cpus = zip(*(_timed_cpu(cmd, env) for _ in range(runs)), strict=True)
        print(
            f"  {label:24s} wall "
            + ", ".join(f"{t:.2f}" for t in walls)
            + f" s (median {statistics.median(walls):.2f} s)"
            "; CPU " + ", ".join(f"{t:.2f}" for t in cpus) + f" s (median {statistics.median(cpus):.2f} s)"
        )


def hazard_query(store_file: Path, runs: int) -> None:
    """``records hazards --period 2022 --by region --as-of 2022-12-31`` on ``store_file``: the whole
    process ``runs`` times, then the API call ``runs`` times in one process (its first call apart:
    it opens the store), with ``python -c pass`` and ``--help`` for the interpreter's own start."""
    import os

    env = dict(os.environ, LAWREPORT_DB_URL=f"sqlite:///{store_file}")
    print(f"`{' '.join(QUERY)}` on that store (runs in order; medians):")
    _process_times(
        [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("--help", [sys.executable, "-m", "lawreport_data", "--help"]),
            ("records hazards process", [sys.executable, "-m", "lawreport_data", *QUERY]),
        ],
        env,
        runs,
    )
    out = subprocess.run(
        [sys.executable, "-c", API_CALL, str(runs + 1)], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    )
    first, *later = json.loads(out.stdout)
    print(
        f"  {'api.hazard_breakdown':24s} first {first:.3f} s; then "
        + ", ".join(f"{t:.3f}" for t in later)
        + f" s (median {statistics.median(later):.3f} s)"
    )


INSPECTION_QUERY = ["records", "inspections", "--period", "2022", "--by", "region"]


def inspection_query(store_file: Path, runs: int) -> None:
    """``records inspections --period 2022 --by region`` on ``store_file`` (its table ends with the
    city's enterprises of the year counted distinct): the whole process ``runs`` times, with
    ``python -c pass`` for the interpreter's own start."""
    import os

    env = dict(os.environ, LAWREPORT_DB_URL=f"sqlite:///{store_file}")
    print(f"`{' '.join(INSPECTION_QUERY)}` on that store (runs in order; medians):")
    _process_times(
        [
            ("python -c pass", [sys.executable, "-c", "pass"]),
            ("records inspections", [sys.executable, "-m", "lawreport_data", *INSPECTION_QUERY]),
        ],
        env,
        runs,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description="import speed against a raw read_csv + to_sql dump")
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--runs", type=int, default=1, help="repeat the three phases (ratios per run and median)")
    parser.add_argument("--e2e", action="store_true", help="time whole processes (CLI import vs raw dump) and start-up")
    parser.add_argument(
        "--pg", metavar="URL", help="with --e2e: both processes write into fresh schemas of this PostgreSQL database"
    )
    parser.add_argument(
        "--before", type=Path, help="with --e2e: also time the CLI of this checkout (e.g. a git worktree)"
    )
    parser.add_argument(
        "--ledger",
        nargs="?",
        const="accidents",
        choices=["accidents", "hazards", "inspections", "cases"],
        help="with --e2e: a ledger of --rows records (accidents, the default: make_ledger_csv.py; hazards: "
        "make_hazard_csv.py; inspections, cases: make_enforcement_csv.py)",
    )
    parser.add_argument(
        "--resend",
        type=float,
        metavar="SHARE",
        help="with --e2e --ledger hazards: time a re-send of the ledger with this share of its records changed",
    )
    parser.add_argument("--query-runs", type=int, default=5, help="with --resend: processes and calls of the query")
    parser.add_argument("--file", type=Path, help="with --e2e: time this existing file instead of writing one")
    parser.add_argument("--phase", choices=["raw-engine", "raw-sqlite3", "ours"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        if args.phase == "ours":
            result = phase_ours(args.csv, args.work)
        else:
            result = phase_raw(args.csv, args.work, args.phase.split("-")[1])
        print(json.dumps(result))
        return

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_import_csv import write

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.resend:
            import make_hazard_csv

            if not (args.e2e and args.ledger == "hazards"):
                sys.exit("--resend goes with --e2e --ledger hazards")
            first, second = work / "hazards.csv", work / "hazards_resent.csv"
            data = make_hazard_csv.frame(args.rows)
            data.to_csv(first, index=False)
            data, changed = make_hazard_csv.resent(data, args.resend)
            data.to_csv(second, index=False)
            del data
            print(
                f"files: {args.rows:,} hazard records, {first.stat().st_size / 1e6:.1f} MB; the re-send "
                f"{second.stat().st_size / 1e6:.1f} MB, {changed:,} of them changed (整改完成日期 filled in)"
            )
            resend(first, second, args.rows, changed, work, args.runs, args.query_runs)
            return
        if args.e2e and args.file:
            csv_path = args.file
            print(f"file: {csv_path} ({csv_path.stat().st_size / 1e6:.1f} MB)")
        elif args.e2e and args.ledger in ("inspections", "cases"):
            import make_enforcement_csv

            csv_path = work / f"{args.ledger}.csv"
            make = (
                make_enforcement_csv.inspections_frame
                if args.ledger == "inspections"
                else make_enforcement_csv.cases_frame
            )
            make(args.rows).to_csv(csv_path, index=False)
            print(f"file: {args.rows:,} {args.ledger} records, {csv_path.stat().st_size / 1e6:.1f} MB (UTF-8)")
        elif args.e2e and args.ledger == "hazards":
            import make_hazard_csv

            csv_path = work / "hazards.csv"
            make_hazard_csv.frame(args.rows).to_csv(csv_path, index=False)
            print(f"file: {args.rows:,} hazard records, {csv_path.stat().st_size / 1e6:.1f} MB (UTF-8)")
        elif args.e2e and args.ledger:
            import make_ledger_csv

            csv_path = work / "ledger.csv"
            size = make_ledger_csv.write(csv_path, args.rows)
            print(f"file: {args.rows:,} accident records, {size / 1e6:.1f} MB (UTF-8)")
        else:
            csv_path = work / "county_long.csv"
            # With --before, only the indicators both checkouts know, so both import the same file.
            n = write(csv_path, args.rows, only=_indicators_of(args.before) if args.before else None)
            size = csv_path.stat().st_size / 1e6
            print(f"file: {n:,} rows, {size:.1f} MB (long shape, UTF-8)")
        if args.e2e:
            end_to_end(csv_path, work, args.runs, args.before, args.pg)
            if args.ledger == "inspections":  # the last run's store holds the file's records
                inspection_query(work / "store.sqlite", args.query_runs)
            return
        ratios, ratios3 = [], []
        for run in range(1, args.runs + 1):
            # the three phases one after the other in each run, so a busy moment hits them alike
            raw = run_phase("raw-engine", csv_path, work)
            raw3 = run_phase("raw-sqlite3", csv_path, work)
            ours = run_phase("ours", csv_path, work)
            assert ours["rows"] == n == ours["stored"], ours
            ratios.append(ours["seconds"] / raw["seconds"])
            ratios3.append(ours["seconds"] / raw3["seconds"])
            if args.runs > 1:
                print(f"run {run}:")
            print(
                f"raw read_csv + to_sql (SQLAlchemy engine):  {raw['seconds']:6.2f} s   peak {raw['peak_mb']:6.0f} MB"
            )
            print(
                f"raw read_csv + to_sql (sqlite3 connection): {raw3['seconds']:6.2f} s   peak {raw3['peak_mb']:6.0f} MB"
            )
            print(
                f"our import (validate + load + audit):       {ours['seconds']:6.2f} s   peak {ours['peak_mb']:6.0f} MB"
            )
            print(f"ratio ours / raw (engine):  {ratios[-1]:.2f}x")
            print(f"ratio ours / raw (sqlite3): {ratios3[-1]:.2f}x")
        if args.runs > 1:
            print(
                f"ratio ours / raw (engine) over {args.runs} runs: "
                + ", ".join(f"{r:.2f}x" for r in ratios)
                + f" (median {statistics.median(ratios):.2f}x, worst {max(ratios):.2f}x)"
            )


if __name__ == "__main__":
    main()
