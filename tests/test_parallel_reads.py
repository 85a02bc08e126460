"""Reads of the store run at once, each in its own session (api.parallel): the 隐患台账 page counts
this year's span, last year's and 数据核对's spans at once, and `records hazards --by` counts its
span in two halves at once."""

import threading

import pytest
from sqlalchemy import create_engine, literal, select

from lawreport_data.api import parallel
from lawreport_data.db import make_engine

pytestmark = pytest.mark.store


@pytest.fixture
def engine(db_url):
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


def test_each_read_has_its_own_session_and_the_results_come_in_order(engine):
    sessions = []

    def read(i):
        def run(session):
            sessions.append(session)
            return session.execute(select(literal(i))).scalar()

        return run

    assert parallel.at_once(engine, *(read(i) for i in range(4))) == [0, 1, 2, 3]
    assert len({id(s) for s in sessions}) == 4


def test_reads_run_at_the_same_time(engine):
    """Each read waits for the other: run in turn, the first would wait for ever (here 10 s, then fail)."""
    both = threading.Barrier(2, timeout=10)

    def read(session):
        both.wait()
        return session.execute(select(literal(1))).scalar()

    assert parallel.at_once(engine, read, read) == [1, 1]


def test_an_error_of_one_read_reaches_the_caller(engine):
    def bad(session):
        raise ValueError("no such span")

    with pytest.raises(ValueError, match="no such span"):
        parallel.at_once(engine, lambda s: 1, bad)


@pytest.mark.parametrize(
    ("url", "concurrent"),
    [("sqlite://", False), ("sqlite:///:memory:", False), ("sqlite:////tmp/store.sqlite", True),
     ("postgresql+psycopg://u@h/db", True)],
)  # fmt: skip
def test_an_in_memory_database_is_read_in_turn(url, concurrent):
    """One in-memory SQLite database per connection: reads in threads would each see an empty one."""
    assert parallel.concurrent(create_engine(url)) is concurrent
