"""Reads of the store run at once, each in its own session and thread (the API owns its
sessions): a page that counts this year's hazards and last year's waits for the longer of the
two, not their sum, and one span's counts cut in two are counted in half the time on two cores
(SQLite and the PostgreSQL driver let other threads run while a statement runs). An in-memory
SQLite database is one connection per thread, another database each: there they run in turn."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from .. import store

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

PARTS = 2
"""Into how many spans :func:`split_days` cuts a span counted at once."""


def _one(engine: Engine, read: Callable[[Session], object]):
    with store.session_factory(engine)() as session:
        return read(session)


def concurrent(engine: Engine) -> bool:
    """Whether reads on ``engine`` may run in threads of their own (not an in-memory SQLite)."""
    url = engine.url
    return not (url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:"))


def at_once(engine: Engine, *reads: Callable[[Session], object]) -> list:
    """``read(session)`` of each of ``reads``, each in its own session, at once where the store
    allows (:func:`concurrent`): their results, in order. An error of one is raised here."""
    if len(reads) < 2 or not concurrent(engine):
        return [_one(engine, read) for read in reads]
    with ThreadPoolExecutor(max_workers=len(reads)) as pool:
        futures = [pool.submit(_one, engine, read) for read in reads]
        return [f.result() for f in futures]


def split_days(start: dt.date, end: dt.date, parts: int = PARTS) -> list[tuple[dt.date, dt.date]]:
    """``start`` to ``end`` (days, both included) cut into up to ``parts`` spans of whole days,
    in order, together the same days; cut at the start of a month where the span holds one, so
    that each part of a span of whole months is whole months too (whose settled hazards the store
    reads from their sums).

    >>> split_days(dt.date(2022, 1, 1), dt.date(2022, 12, 31))
    [(datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)), (datetime.date(2022, 7, 1), datetime.date(2022, 12, 31))]
    >>> split_days(dt.date(2022, 1, 1), dt.date(2022, 6, 15))
    [(datetime.date(2022, 1, 1), datetime.date(2022, 2, 28)), (datetime.date(2022, 3, 1), datetime.date(2022, 6, 15))]
    >>> split_days(dt.date(2022, 3, 5), dt.date(2022, 3, 20))
    [(datetime.date(2022, 3, 5), datetime.date(2022, 3, 12)), (datetime.date(2022, 3, 13), datetime.date(2022, 3, 20))]
    >>> split_days(dt.date(2022, 3, 5), dt.date(2022, 3, 5), 4)
    [(datetime.date(2022, 3, 5), datetime.date(2022, 3, 5))]
    """
    days = (end - start).days + 1
    if days <= 0:
        return [(start, end)]
    parts = max(1, min(parts, days))
    bounds = [start + dt.timedelta(days=days * i // parts) for i in range(parts + 1)]
    months = [b.replace(day=1) for b in bounds[1:-1]]
    if all(a > b for a, b in zip([*months, end + dt.timedelta(days=1)], [start, *months], strict=True)):
        bounds[1:-1] = months  # the month starts keep every part non-empty
    return [(bounds[i], bounds[i + 1] - dt.timedelta(days=1)) for i in range(parts)]
