"""Every page's reads on PostgreSQL use indexes (issue 18): EXPLAIN of each statement a page's call
makes shows no sequential scan of the observation, sum or ledger tables. The store is small (the
demo), where a scan is as cheap as an index; sequential scans are priced out (``enable_seqscan =
off``), so a statement that still scans has no index it could use, as it would not at a province's size. The province's store is checked too: its province and city
(None: the city) and a county."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from lawreport_data import api
from lawreport_data.db import make_engine
from lawreport_data.periods import Period
from tests.conftest import pg_schema

pytestmark = pytest.mark.store

LARGE = (
    "observation", "leaf_sum", "accident_record", "accident_month_sum", "hazard_record", "hazard_settled_sum",
    "inspection_record", "case_record",
)  # fmt: skip
P = Period(2022, 1, 11)
PAGES = {
    "总览": lambda e, r: api.overview_view(e, P, r),
    "控制指标": lambda e, r: api.progress_board(e, P, r),
    "比率": lambda e, r: api.rate_rows(e, P, r),
    "事故与安全形势": lambda e, r: api.topic_data(e, P, r, "accidents"),
    "执法检查与隐患治理": lambda e, r: api.topic_data(e, P, r, "enforcement"),
    "事故台账": lambda e, r: api.accident_view(e, P, r),
    "隐患台账": lambda e, r: api.hazard_view(e, P, r),
    "执法台账": lambda e, r: api.enforcement_view(e, P, r),
    "执法台账（案件）": lambda e, r: api.enforcement_view(e, P, r, kind="cases"),
}


@pytest.fixture(scope="module")
def demo_pg():
    with pg_schema() as url:
        engine = make_engine(url)
        api.init_db(engine, demo_data=True)
        yield engine
        engine.dispose()


@pytest.fixture(scope="module")
def province_pg():
    """The demo store made a province's (``init-db --province``): the city's reads then filter by
    its regions, the province's read every one."""
    with pg_schema() as url:
        engine = make_engine(url)
        api.init_db(engine, demo_data=True, province=True)
        yield engine
        engine.dispose()


def _statements(engine, call) -> list[tuple[str, object]]:
    """The SELECTs ``call`` sends (its parallel reads' too), the catalog's own lookups left out."""
    seen = []

    def grab(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and "pg_catalog" not in statement:
            seen.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", grab)
    try:
        call()
    finally:
        event.remove(engine, "before_cursor_execute", grab)
    return seen


@pytest.mark.parametrize("region", [None, "灌云县"])
@pytest.mark.parametrize("page", list(PAGES))
def test_a_pages_reads_use_indexes_never_a_scan_of_a_large_table(demo_pg, page, region):
    assert not _scans(demo_pg, page, region)


@pytest.mark.parametrize("region", ["江苏省", None, "灌云县"])
@pytest.mark.parametrize("page", list(PAGES))
def test_a_province_stores_pages_read_by_index_too(province_pg, page, region):
    assert not _scans(province_pg, page, region)


def _scans(engine, page: str, region: str | None) -> list[tuple[str, str]]:
    """The large tables a page's statements scan (EXPLAIN, sequential scans priced out)."""
    statements = _statements(engine, lambda: PAGES[page](engine, region))
    assert statements
    scans = []
    with engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")
        for sql, params in statements:
            plan = "\n".join(row[0] for row in conn.exec_driver_sql("EXPLAIN " + sql, params))
            scans += [(table, sql[:200]) for table in re.findall(r"Seq Scan on (\w+)", plan) if table in LARGE]
    return scans
