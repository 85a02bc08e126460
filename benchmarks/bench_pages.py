"""Render every dashboard page in Chromium and compare with a bare Streamlit page, same run.

    .venv/bin/python benchmarks/make_data.py 1000000      # once: the 1,000,000-observation store
    .venv/bin/python benchmarks/make_data.py --ledger 1000000   # once: the 1,000,000-accident-record store
    .venv/bin/python benchmarks/make_data.py --hazards 1000000  # once: the 1,000,000-hazard-record store
    .venv/bin/python benchmarks/make_data.py --inspections 1000000 --cases 200000  # once: the enforcement store
    .venv/bin/python benchmarks/bench_pages.py [--runs 3] [--stores report,demo,1M,ledger1M,hazards1M,enforcement1M] [--pages ...] [--returning]
    .venv/bin/python benchmarks/bench_pages.py --stores demo --url province=postgresql+psycopg://…   # a store made with make_data.py --province

Each run starts the servers afresh: the bare page's, then the dashboard's on each store (the report's
figures alone, the demo data, and the 1M stores when they exist), served as ``make run`` serves it (serve.py). Each page is
opened in a new browser tab (a new session) until the script is idle and every chart is
drawn (counted from the charts' keyed places: Plotly's code arrives after the script is idle;
the overview's and the 执法台账 page's charts come drawn, as SVGs: ui.static_chart;
the 事故台账 page, ``accident-ledger``, also until its record list is shown):
first every page once (its first visit after the restart: empty caches; for the overview, the
server's first script run), then every page again (a later visit). Printed: the median over the
runs of the first visits and of the later ones, each with its ratio to the bare page's median
(of all its visits), and the worst single visit's ratio. Each visit is a new browser profile
(nothing cached: Streamlit's and Plotly's scripts are loaded and compiled every time);
``--returning`` keeps one profile, as for a returning user.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lawreport_data import api, catalog  # noqa: E402

IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
CHART_SLOT = '[class*="st-key-chart_"]'
SKELETON = '[data-testid="stSkeleton"]'
# a chart is drawn when Plotly's SVG is in its place, or it came as an SVG (ui.static_chart)
DRAWN = "([slot, n]) => [...document.querySelectorAll(slot)].filter(e => e.querySelector('.js-plotly-plot .main-svg, svg.static-chart')).length >= n"
PAGES = ["overview"] + [t.code for t in catalog.TOPIC_LIST] + ["accident-ledger", "hazard-ledger", "enforcement-ledger"]
LEDGER_TABLE = '.st-key-html_table_records table, [data-testid="stDataFrame"] table, .stAlert'  # the 事故台账 page's record list (or: no records)
HAZARD_TABLE = ".st-key-html_table_hz_records table, .stAlert"  # the 隐患台账 page's record list (or: no records)
ENFORCEMENT_TABLE = ".st-key-html_table_enf_records table, .stAlert"  # the 执法台账 page's record list
VIEWPORT = {"width": 1440, "height": 1000}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def serve(script: str, db_url: str) -> tuple[subprocess.Popen, str]:
    """``streamlit run script``; the dashboard as ``make run`` serves it (serve.py: its modules imported
    when the server starts)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    run = ["serve.py"] if script == "app.py" else ["-m", "streamlit", "run", script]
    cmd = [sys.executable, *run, "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    proc = subprocess.Popen(
        cmd,
        cwd=ROOT,
        env={**os.environ, "LAWREPORT_DB_URL": db_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(200):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return proc, f"http://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("server did not start")


def visit(browser, url: str) -> float:
    """One visit in a new tab: of a new browser profile (a Browser), or of a returning one (a context)."""
    page = browser.new_page(viewport=VIEWPORT) if isinstance(browser, Browser) else browser.new_page()
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=180_000)
    page.wait_for_timeout(200)
    page.wait_for_selector(IDLE, timeout=180_000)
    # Plotly's code is loaded lazily: when the script is idle the charts' places exist (keyed
    # "chart_…" by ui.render_chart) but may not be drawn yet; wait until every one is.
    charts = page.locator(CHART_SLOT).count()
    if charts:
        page.wait_for_function(DRAWN, arg=[CHART_SLOT, charts], timeout=60_000)
    # every element drawn: Streamlit shows a skeleton in an element's place until its code is in
    # (charts sent drawn, as on the overview, can be in before its cards are)
    page.wait_for_function(f"!document.querySelector('{SKELETON}')", timeout=60_000)
    if url.rstrip("/").endswith("accident-ledger"):
        page.wait_for_selector(LEDGER_TABLE, state="attached", timeout=60_000)
    if url.rstrip("/").endswith("hazard-ledger"):
        page.wait_for_selector(HAZARD_TABLE, state="attached", timeout=60_000)
    if url.rstrip("/").endswith("enforcement-ledger"):
        page.wait_for_selector(ENFORCEMENT_TABLE, state="attached", timeout=60_000)
    elapsed = time.perf_counter() - t0
    page.close()
    return elapsed


def visit_all(browser, script: str, db_url: str, paths: list[str]) -> tuple[list[float], list[float]]:
    """Start a server, visit every page once (first visits), then once more (later visits)."""
    proc, base = serve(script, db_url)
    try:
        urls = [f"{base}/{'' if p == 'overview' else p}" for p in paths]  # the default page is the root
        first = [visit(browser, u) for u in urls]
        later = [visit(browser, u) for u in urls]
    finally:
        proc.terminate()
        proc.wait()
    return first, later


def read_through(path: Path) -> None:
    """Read a store's file once, so the operating system holds it in memory (as it does for a
    server in use): right after a reboot the 1M store's first 总览 visit took about 1 s longer."""
    with path.open("rb") as f:
        while f.read(1 << 24):
            pass


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--runs", type=int, default=3)
    p.add_argument(
        "--returning",
        action="store_true",
        help="one browser profile for every visit (scripts cached, as for a returning user); default: a new one each",
    )
    p.add_argument(
        "--stores",
        default="report,demo,1M,ledger1M,hazards1M,enforcement1M",
        help="which stores: report, demo, 1M, ledger1M, hazards1M, enforcement1M (default: those that exist)",
    )
    p.add_argument("--pages", default=",".join(PAGES), help=f"which pages (default: all of {','.join(PAGES)})")
    p.add_argument(
        "--url", action="append", default=[], metavar="LABEL=URL",
        help="also a store at URL (e.g. province=postgresql+psycopg://…: make_data.py --province), measured as LABEL",
    )  # fmt: skip
    args = p.parse_args(argv)
    pages = [x for x in PAGES if x in args.pages.split(",")]
    tmp = Path(tempfile.mkdtemp())
    demo_url = f"sqlite:///{tmp / 'demo.sqlite'}"
    api.init_db(api.open_engine(demo_url), demo_data=True)
    report_url = f"sqlite:///{tmp / 'report.sqlite'}"
    api.init_db(api.open_engine(report_url))  # the report's figures alone, as `make run` serves them
    stores = {"report": report_url, "demo": demo_url}
    big = ROOT / "benchmarks" / "out" / "store_1000000.sqlite"
    if big.exists():
        stores["1M"] = f"sqlite:///{big}"
    else:
        print("(no 1M store: run benchmarks/make_data.py 1000000 first)")
    ledger = ROOT / "benchmarks" / "out" / "ledger_1000000.sqlite"
    if ledger.exists():
        stores["ledger1M"] = f"sqlite:///{ledger}"
    else:
        print("(no 1M-record ledger store: run benchmarks/make_data.py --ledger 1000000 first)")
    hazard_store = ROOT / "benchmarks" / "out" / "hazards_1000000.sqlite"
    if hazard_store.exists():
        stores["hazards1M"] = f"sqlite:///{hazard_store}"
    else:
        print("(no 1M-record hazard store: run benchmarks/make_data.py --hazards 1000000 first)")
    enforcement_store = ROOT / "benchmarks" / "out" / "inspections_1000000_cases_200000.sqlite"
    if enforcement_store.exists():
        stores["enforcement1M"] = f"sqlite:///{enforcement_store}"
    else:
        print("(no enforcement store: run benchmarks/make_data.py --inspections 1000000 --cases 200000 first)")
    stores = {k: v for k, v in stores.items() if k in args.stores.split(",")}
    stores.update(item.split("=", 1) for item in args.url)
    for url in stores.values():  # first visits measure the app's empty caches, not a cold disk
        if url.startswith("sqlite:///"):
            read_through(Path(url.removeprefix("sqlite:///")))
    bare: list[float] = []
    first: dict[tuple[str, str], list[float]] = {(k, p): [] for k in stores for p in pages}
    later: dict[tuple[str, str], list[float]] = {(k, p): [] for k in stores for p in pages}
    with sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        browser = launched.new_context(viewport=VIEWPORT) if args.returning else launched
        for run in range(args.runs):
            f, later_bare = visit_all(browser, "benchmarks/bare_app.py", demo_url, [""])
            bare += f + later_bare
            for label, url in stores.items():
                f, lt = visit_all(browser, "app.py", url, pages)
                for path, a, b in zip(pages, f, lt, strict=True):
                    first[label, path].append(a)
                    later[label, path].append(b)
            print(f"run {run + 1} of {args.runs} done", file=sys.stderr, flush=True)
        launched.close()
    base = statistics.median(bare)
    print(f"bare page: median {base:.2f} s of {len(bare)} visits ({min(bare):.2f}-{max(bare):.2f} s)")
    print(
        f"{'store':8} {'page':15} {'first':>6} {'ratio':>6} {'later':>6} {'ratio':>6} {'worst':>6}"
        f"   (medians of {args.runs} runs; ratios to the bare median; worst: the slowest single visit)"
    )
    for label in stores:
        for path in pages:
            a, b = statistics.median(first[label, path]), statistics.median(later[label, path])
            worst = max(first[label, path] + later[label, path])
            print(
                f"{label:8} {path:15} {a:6.2f} {a / base:5.2f}x {b:6.2f} {b / base:5.2f}x {worst / base:5.2f}x",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
