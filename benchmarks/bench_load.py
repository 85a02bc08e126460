"""Load test (issue 18): visitors browsing the dashboard at once while an analyst imports.

    .venv/bin/python benchmarks/bench_load.py [--pg URL] [--sessions 6] [--seconds 60] [--servers 1,3]

For each setup of ``--servers`` (1: one server, visited directly; N > 1: N servers behind nginx,
``deploy/cluster.py``), on one store with the demo data (a fresh schema of ``--pg URL``, dropped
after; without it a SQLite file), ``--sessions`` visitors (Playwright contexts of one Chromium, each a
visitor with its own cookies) each open a random dashboard page of a random region (the city or a
county), wait until it is drawn (the script idle, every chart drawn, as ``bench_pages.py`` waits),
and open the next, for ``--seconds``; meanwhile one analyst imports a county's figures every
``--import-every`` seconds (``api.apply_import``, what the 数据导入 page calls), so the caches keyed on
the data version are made afresh under load. Everything runs on 127.0.0.1 and stops by itself: at
most ``--sessions`` (≤ 16) visitors for ``--seconds`` (≤ 600).

Prints, per setup: pages served, the page time's median and 95th percentile, errors (a page not drawn
within 60 s, a page showing an exception or the database error, a browser error; must be 0), imports
made, the servers' memory (resident set size after start and at the end, and the growth per
visitor session: the end minus the start, over the sessions) and the servers' CPU time per page
served (what bounds how many visitors a server can take, whatever the browsers' machine).
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import io
import os
import random
import statistics
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pages import ARGS, CHART_SLOT, DRAWN, IDLE, PAGES, SKELETON, VIEWPORT  # noqa: E402
from playwright.async_api import async_playwright  # noqa: E402

from lawreport_data import api, catalog  # noqa: E402

# a traceback, or the page's database error (ui.store_error: st.error with 🚫)
FAULT = """() => { const e = document.querySelector('[data-testid="stException"]')
  || [...document.querySelectorAll('[data-testid="stAlert"]')].find(a => a.textContent.includes('🚫'));
  return e ? e.textContent.slice(0, 200) : null; }"""
MAX_SESSIONS, MAX_SECONDS = 16, 600


def _deploy_cluster():
    """deploy/cluster.py (deploy/ is not a package: it is what the operator runs)."""
    spec = importlib.util.spec_from_file_location("deploy_cluster", ROOT / "deploy" / "cluster.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


cluster = _deploy_cluster()


def rss_mb(pid: int) -> float:
    """A process's resident set size (Linux ``/proc``)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user and system, ``/proc/PID/stat``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def fresh_store(pg: str | None, work: Path, name: str) -> tuple[str, callable]:
    """A store with the demo data; its URL and how to drop it."""
    if pg:
        from sqlalchemy import create_engine

        schema = f"bench_load_{uuid.uuid4().hex[:8]}"
        admin = create_engine(pg)
        with admin.begin() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        url = f"{pg}{'&' if '?' in pg else '?'}options=-csearch_path%3D{schema}"

        def drop() -> None:
            with admin.begin() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
            admin.dispose()

    else:
        url, drop = f"sqlite:///{work / f'{name}.sqlite'}", lambda: None
    engine = api.open_engine(url)
    api.init_db(engine, demo_data=True)
    engine.dispose()
    return url, drop


def analyst(url: str, every: float, stop: threading.Event, done: list[int], failed: list[str]) -> None:
    """Imports a county's 1-11月 figures every ``every`` seconds until ``stop``."""
    engine = api.open_engine(url)
    counties = [r.name for r in catalog.REGION_LIST if r.kind == "county"]
    rng = random.Random(7)
    while not stop.wait(every):
        name = rng.choice(counties)
        text = f"地区,指标,期间,数值\n{name},事故起数,2022年1-11月,{rng.randint(1, 20)}\n"
        try:
            api.apply_import(engine, io.BytesIO(text.encode("gbk")), f"{name}.csv", user="analyst")
            done.append(1)
        except Exception as exc:  # noqa: BLE001  (counted and named, not hidden)
            failed.append(f"import: {exc}")
    engine.dispose()


async def visitor(browser, base: str, end: float, seed: int, times: list[float], errors: list[str]) -> None:
    context = await browser.new_context(viewport=VIEWPORT)
    page = await context.new_page()
    page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
    rng = random.Random(seed)
    regions = [catalog.CITY_CODE, *[r.code for r in catalog.REGION_LIST if r.kind == "county"]]
    while time.monotonic() < end:
        path = rng.choice(PAGES)
        url = f"{base}/{'' if path == 'overview' else path}?region={rng.choice(regions)}"
        t0 = time.perf_counter()
        try:
            await page.goto(url)
            await page.wait_for_selector(IDLE, timeout=60_000)
            await page.wait_for_timeout(200)
            await page.wait_for_selector(IDLE, timeout=60_000)
            charts = await page.locator(CHART_SLOT).count()
            if charts:
                await page.wait_for_function(DRAWN, arg=[CHART_SLOT, charts], timeout=60_000)
            await page.wait_for_function(f"!document.querySelector('{SKELETON}')", timeout=60_000)
            fault = await page.evaluate(FAULT)
            if fault:
                errors.append(f"{url}: {fault}")
                continue
            times.append(time.perf_counter() - t0)
        except Exception as exc:  # noqa: BLE001
            errors.append(f"{url}: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:200]}")
    await context.close()


async def browse(base: str, sessions: int, seconds: float) -> tuple[list[float], list[str]]:
    times: list[float] = []
    errors: list[str] = []
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        end = time.monotonic() + seconds
        await asyncio.gather(*(visitor(browser, base, end, i, times, errors) for i in range(sessions)))
        await browser.close()
    return times, errors


def run_setup(n: int, url: str, args) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("LAWREPORT_DB_READ_URL", "LAWREPORT_REQUIRE_LOGIN")}
    env["LAWREPORT_DB_URL"] = url  # the store alone, read by anyone (no replica, no login)
    running = cluster.start(n, env=env)
    try:
        base = running.url if n > 1 else running.server_url(next(iter(running.servers)))
        pids = [p.pid for p in running.servers.values()]
        before = sum(rss_mb(p) for p in pids)
        cpu_before = sum(cpu_seconds(p) for p in pids)
        stop, imports, failed = threading.Event(), [], []
        worker = threading.Thread(target=analyst, args=(url, args.import_every, stop, imports, failed))
        worker.start()
        try:
            times, errors = asyncio.run(browse(base, args.sessions, args.seconds))
        finally:
            stop.set()
            worker.join()
        after = sum(rss_mb(p) for p in pids)
        cpu = sum(cpu_seconds(p) for p in pids) - cpu_before
    finally:
        running.stop()
    return {"times": times, "errors": errors + failed, "imports": len(imports), "before": before, "after": after,
            "cpu": cpu}  # fmt: skip


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--pg", metavar="URL", help="a PostgreSQL database (a fresh schema of it); default: a SQLite file")
    p.add_argument("--sessions", type=int, default=6, help=f"visitors at once (at most {MAX_SESSIONS})")
    p.add_argument("--seconds", type=float, default=60, help=f"how long they browse (at most {MAX_SECONDS})")
    p.add_argument("--servers", default="1,3", help="setups: how many servers (1: direct; more: behind nginx)")
    p.add_argument("--import-every", type=float, default=10, help="seconds between the analyst's imports")
    args = p.parse_args(argv)
    if not 1 <= args.sessions <= MAX_SESSIONS or not 0 < args.seconds <= MAX_SECONDS or args.import_every <= 0:
        p.error(f"--sessions must be 1-{MAX_SESSIONS}, --seconds at most {MAX_SECONDS}, --import-every above 0")
    setups = [int(x) for x in args.servers.split(",")]
    print(f"{args.sessions} visitors for {args.seconds:g} s per setup; one import every {args.import_every:g} s; "
          f"store: {'PostgreSQL' if args.pg else 'SQLite'} with the demo data")  # fmt: skip
    print(f"{'servers':>7} {'pages':>6} {'p50 s':>6} {'p95 s':>6} {'errors':>6} {'imports':>7} "
          f"{'RSS start MB':>12} {'RSS end MB':>10} {'MB/session':>10} {'server CPU s/page':>17}")  # fmt: skip
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in setups:
            url, drop = fresh_store(args.pg, Path(tmp), f"load_{n}")
            try:
                r = run_setup(n, url, args)
            finally:
                drop()
            t = sorted(r["times"])
            p50 = statistics.median(t) if t else float("nan")
            p95 = t[min(len(t) - 1, round(0.95 * (len(t) - 1)))] if t else float("nan")
            per = (r["after"] - r["before"]) / args.sessions
            print(f"{n:>7} {len(t):>6} {p50:6.2f} {p95:6.2f} {len(r['errors']):>6} {r['imports']:>7} "
                  f"{r['before']:12.0f} {r['after']:10.0f} {per:10.1f} {r['cpu'] / max(len(t), 1):17.2f}",
                  flush=True)  # fmt: skip
            for e in r["errors"][:10]:
                print(f"    error: {e}")
            failures += len(r["errors"])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
