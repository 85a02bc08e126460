"""Undo exactly once (issue 19, point 7): two undos of one batch at once, and an import racing
an undo of the same keys, on SQLite and PostgreSQL. Each race runs a bounded number of rounds;
the threads start together at a Barrier, so no sleep decides the order."""

import io
import threading

import pandas as pd
import pytest

from lawreport_data import api, catalog, store
from lawreport_data.import_errors import ImportError_

pytestmark = pytest.mark.store

ROUNDS = 8
COUNTIES = ["320703", "320706", "320707", "320722", "320723", "320724"]
INDICATORS = ["accidents", "deaths", "injuries", "drills"]


def _csv(year: int, value: int) -> io.BytesIO:
    lines = ["地区,指标,期间,数值"] + [
        f"{region},{indicator},{year}-{month:02d},{value + month}"
        for region in COUNTIES
        for indicator in INDICATORS
        for month in range(1, 13)
    ]
    return io.BytesIO(("\n".join(lines) + "\n").encode())


def _at_once(*calls):
    """Run each call in its own thread, released together; returns each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        try:
            outcomes[i] = call()
        except Exception as exc:  # noqa: BLE001 - returned and asserted by the test
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _values(engine, year: int) -> list[float]:
    with store.session_factory(engine)() as s:
        frame = store.load_observations(s)
    mine = frame[(frame["year"] == year) & frame["region"].isin(COUNTIES) & frame["indicator"].isin(INDICATORS)]
    return mine.sort_values(store.KEY)["value"].tolist()


def test_two_undos_of_one_batch_at_once_undo_it_exactly_once(empty_engine):
    for round_ in range(ROUNDS):
        year = 2000 + round_
        batch = api.apply_import(empty_engine, _csv(year, 1), f"r{round_}.csv", user="importer").batch_id
        outcomes = _at_once(
            *(lambda who=who, batch=batch: api.undo_batch(empty_engine, batch, user=who) for who in ("a", "b"))
        )
        done = [o for o in outcomes if not isinstance(o, Exception)]
        refused = [o for o in outcomes if isinstance(o, Exception)]
        assert done == [len(COUNTIES) * len(INDICATORS) * 12], outcomes
        assert [(type(e), e.kind) for e in refused] == [(ImportError_, "undo_done")], outcomes
        assert refused[0].zh.startswith(f"批次{batch}已于")
        winner = "ab"[outcomes.index(done[0])]
        info = api.import_history(empty_engine).set_index("id").loc[batch]
        assert (info["status"], info["undone_by"]) == ("undone", winner)
        undos = api.audit_log(empty_engine, action="undo")
        assert undos[undos["batch_id"] == batch]["actor"].tolist() == [winner]
        assert _values(empty_engine, year) == []


def test_an_import_racing_an_undo_of_the_same_keys_waits_or_is_refused_with_a_sentence(empty_engine):
    """The undone batch replaced values of a base import; the racing import replaces them again."""
    cells = len(COUNTIES) * len(INDICATORS) * 12
    for round_ in range(ROUNDS):
        year = 2000 + round_
        api.apply_import(empty_engine, _csv(year, 1), f"base{round_}.csv", user="base")
        base = _values(empty_engine, year)
        first = api.apply_import(empty_engine, _csv(year, 100), f"a{round_}.csv", user="a").batch_id
        outcomes = _at_once(
            lambda first=first: api.undo_batch(empty_engine, first, user="undoer"),
            lambda year=year: api.apply_import(empty_engine, _csv(year, 200), f"b{year}.csv", user="b"),
        )
        unhandled = [o for o in outcomes if isinstance(o, Exception) and not isinstance(o, ImportError_)]
        assert unhandled == [], outcomes
        for o in outcomes:
            if isinstance(o, ImportError_):
                assert o.kind in catalog.IMPORT_REFUSALS and o.zh and o.en
        undone, imported = outcomes
        if isinstance(imported, ImportError_):  # refused: the undo alone happened
            assert undone == cells and _values(empty_engine, year) == base
            continue
        assert _values(empty_engine, year) == [200.0 + m for m in range(1, 13)] * (len(COUNTIES) * len(INDICATORS))
        if isinstance(undone, ImportError_):  # the import came first: the undo waits for a later batch
            assert undone.kind == "undo_later"
        else:  # the undo came first; the import then replaced the base values and undoes to them
            assert undone == cells
            api.undo_batch(empty_engine, imported.batch_id, user="check")
            assert _values(empty_engine, year) == base
        with store.session_factory(empty_engine)() as s:
            pd.testing.assert_frame_equal(store.stored_leaf_sums(s), store.live_leaf_sums(s), check_dtype=False)
