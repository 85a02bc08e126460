"""Two dashboard servers behind nginx (deploy/cluster.py, deploy/nginx-site.conf) on one PostgreSQL
store (issue 18): pages served through nginx (its WebSocket included); a figure imported into the
shared store is shown by the other server at its visitor's next rerun (the caches are keyed on the
store's data version); a server stopped mid-session loses nothing, and its visitor's page comes back
from the other server."""

from __future__ import annotations

import importlib.util
import io
import os
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from lawreport_data import api
from lawreport_data.db import make_engine
from tests.conftest import pg_schema, skip_or_fail
from tests.test_browser import CHROMIUM, IDLE, LAUNCH_ARGS, open_page

pytestmark = pytest.mark.browser


def _deploy_cluster():
    """deploy/cluster.py (deploy/ is not a package: it is what the operator runs)."""
    path = Path(__file__).resolve().parent.parent / "deploy" / "cluster.py"
    spec = importlib.util.spec_from_file_location("deploy_cluster", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclass looks its module up
    spec.loader.exec_module(module)
    return module


deploy_cluster = _deploy_cluster()


@pytest.fixture
def cluster():
    """A report store on a PostgreSQL schema of its own, two servers on it and nginx in front."""
    if not shutil.which("nginx") and not Path(deploy_cluster.NGINX).exists():
        skip_or_fail("nginx is missing (Debian's nginx package): cluster tests skipped")
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing: browser tests skipped")
    with pg_schema() as url:
        engine = make_engine(url)
        api.init_db(engine)
        running = deploy_cluster.start(2, env=dict(os.environ, LAWREPORT_DB_URL=url))
        try:
            yield running, engine
        finally:
            running.stop()
            engine.dispose()


@pytest.fixture
def pages():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)

        def new_page():
            return browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN").new_page()

        yield new_page
        browser.close()


def card(page, label: str):
    return page.locator('[data-testid="stMetric"]').filter(has_text=label).locator('[data-testid="stMetricValue"]')


def test_two_servers_behind_nginx_serve_the_dashboard_and_read_one_import(cluster, pages):
    running, engine = cluster
    first, second = running.servers
    through_nginx = pages()
    open_page(through_nginx, running.url)  # the page's WebSocket goes through nginx too
    expect(card(through_nginx, "事故起数（起）")).to_have_text("70")

    # a visitor of the second server views 灌云县, which has no figures yet
    visitor = pages()
    open_page(visitor, f"{running.server_url(second)}/?region=320723")
    expect(visitor.locator('[data-testid="stMetric"]').filter(has_text="事故起数（起）")).to_have_count(0)

    # an import written to the shared store (as the first server's 数据导入 page writes it)
    text = "地区,指标,期间,数值\n灌云县,事故起数,2022年1-11月,7\n灌云县,死亡人数,2022年1-11月,3\n"
    api.apply_import(engine, io.BytesIO(text.encode("gbk")), "灌云县.csv", user="analyst")

    # the visitor's next rerun (简报模式 on: the same view, nothing re-keyed) shows it
    visitor.get_by_text("简报模式").click()
    expect(visitor.locator(IDLE)).to_be_attached(timeout=60_000)
    expect(card(visitor, "事故起数（起）")).to_have_text("7", timeout=30_000)


def test_a_server_stopped_mid_session_loses_nothing_and_its_visitor_is_served_by_the_other(cluster, pages):
    running, engine = cluster
    page = pages()
    open_page(page, running.url)
    expect(card(page, "事故起数（起）")).to_have_text("70")
    served = [port for port in running.servers if running.server_url(port) in _upstreams(running)]
    assert len(served) == 1, served  # one visitor, one server (ip_hash)
    running.stop(served[0])
    # Streamlit's page reconnects, and nginx sends it to the server still running: the visitor's next
    # step (简报模式 on) is run there, with the store's figures as they were
    page.get_by_text("简报模式").click()
    expect(page.get_by_role("button", name="退出简报模式")).to_be_visible(timeout=60_000)
    expect(card(page, "事故起数（起）")).to_have_text("70", timeout=30_000)
    assert running.servers[served[0]].poll() is not None  # the first server is gone
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM observation").scalar() > 0


def _upstreams(running) -> set[str]:
    """The servers nginx has sent requests to (its access log's upstream addresses)."""
    log = (running.workdir / "access.log").read_text(encoding="utf-8", errors="replace")
    return {f"http://{addr}" for addr in __import__("re").findall(r"upstream=(127\.0\.0\.1:\d+)", log)}
