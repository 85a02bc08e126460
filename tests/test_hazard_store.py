"""Hazard records (隐患台账) in the store, on SQLite and PostgreSQL: the monthly re-sends of
tests/hazard_data.py (a rectification date filled in is one change of its record, not a new hazard;
a date cleared is a change the preview names), a full re-send that retires, exact undo, and the
as-of figures read back from the store equal to those worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from sqlalchemy import select

from lawreport_data import hazard_figures, store
from lawreport_data.models import HazardRecord
from lawreport_data.store import hazard_reads, hazard_writes
from tests.hazard_data import FEBRUARY, JANUARY, MARCH, as_records

pytestmark = pytest.mark.store


def send(engine, frame: pd.DataFrame, *, scope=None):
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
        return batch, hazard_writes.apply_hazards(s, as_records(frame), batch_id=batch, user="analyst",
                                                  replace_scope=scope)  # fmt: skip


def compare(engine, frame: pd.DataFrame, *, scope=None) -> pd.DataFrame:
    with store.session_factory(engine)() as s:
        return hazard_writes.compare_hazards(s, as_records(frame), replace_scope=scope)


def stored(engine) -> pd.DataFrame:
    with store.session_factory(engine)() as s:
        table = HazardRecord.__table__
        rows = s.execute(select(table).order_by(table.c.key)).all()
    out = pd.DataFrame(rows, columns=[c.name for c in table.columns])
    return out.drop(columns=["updated_at"])


def figures(engine, span, as_of) -> dict:
    with store.session_factory(engine)() as s:
        records = hazard_reads.hazard_records(s, start=span[0], end=span[1])
    return hazard_figures.figures(hazard_figures.found_in(records, *span, as_of=as_of), as_of)


def test_successive_monthly_resends_update_records_and_give_the_figures_worked_out_by_hand(empty_engine):
    first, result = send(empty_engine, JANUARY)
    assert (result.new, result.changed, result.unchanged) == (5, 0, 0)
    assert figures(empty_engine, ("2022-01-01", "2022-01-31"), "2022-01-31")["rectification_rate"] == 20.0

    second, result = send(empty_engine, FEBRUARY)
    assert (result.new, result.changed, result.unchanged) == (1, 3, 2)  # H6; H2, H3, H5 rectified
    assert len(stored(empty_engine)) == 6  # no second record of a rectified hazard
    # the same span and day as tests/test_hazard_figures.py works out: 4 of 5, 80.0%, 1/3 on time
    got = figures(empty_engine, ("2022-01-01", "2022-01-31"), "2022-02-28")
    assert (got["rectified"], got["rectification_rate"], got["on_time_rate"], got["overdue"]) == (4, 80.0, 33.3, 0)
    assert got["mean_days_to_rectify"] == 24.8

    with store.session_factory(empty_engine)() as s:
        changes = hazard_writes.hazard_changes(s, batch_id=second)
    h2 = changes[changes["key"] == "H2"].iloc[0]
    assert (h2["action"], h2["fields"]) == ("update", "rectified_on")
    assert pd.isna(h2["old_rectified_on"]) and str(pd.Timestamp(h2["new_rectified_on"]).date()) == "2022-02-05"
    assert sorted(changes["key"]) == ["H2", "H3", "H5"]


def test_a_cleared_completion_date_is_named_in_the_preview_and_written_as_a_change(empty_engine):
    send(empty_engine, JANUARY)
    send(empty_engine, FEBRUARY)
    preview = compare(empty_engine, MARCH).set_index("key")
    assert preview.loc["H5", ["change", "fields", "cleared"]].tolist() == ["changed", "rectified_on", "rectified_on"]
    assert (preview.drop("H5")["cleared"] == "").all()
    third, result = send(empty_engine, MARCH)
    assert (result.changed, result.unchanged) == (1, 5)
    got = figures(empty_engine, ("2022-01-01", "2022-03-31"), "2022-03-31")
    assert (got["rectified"], got["rectification_rate"], got["on_time_rate"], got["overdue"]) == (3, 50.0, 40.0, 2)


def test_an_overdue_major_hazard_under_city_supervision_is_listed_from_the_store(empty_engine):
    send(empty_engine, JANUARY)
    with store.session_factory(empty_engine)() as s:
        records = hazard_reads.hazard_records(s, regions="320722")
    listed = hazard_figures.supervised(records, "2022-03-01")
    assert listed[["key", "level", "supervision", "days_left"]].values.tolist() == [["H3", "major", "city", -1.0]]
    assert hazard_figures.statuses(listed, "2022-03-01").tolist() == ["overdue"]


def test_a_full_resend_retires_what_it_no_longer_carries_and_undo_restores_every_record(empty_engine):
    send(empty_engine, JANUARY)
    before = stored(empty_engine)
    without_h4 = FEBRUARY[FEBRUARY["key"] != "H4"]
    scope = (["320722"], "2022-01-01", "2022-01-31")
    preview = compare(empty_engine, without_h4, scope=scope)
    assert preview.loc[preview["change"] == "retired", "key"].tolist() == ["H4"]
    batch, result = send(empty_engine, without_h4, scope=scope)
    assert (result.new, result.changed, result.retired) == (1, 3, 1)
    with store.session_factory(empty_engine)() as s:
        assert "H4" not in set(hazard_reads.hazard_records(s)["key"])
    with store.session_factory(empty_engine).begin() as s:
        assert store.undo_batch(s, batch, "undoer") == 5  # H6 deleted; H2, H3, H5 and H4 put back
    after = stored(empty_engine)
    pd.testing.assert_frame_equal(after, before)


def test_a_batch_changed_later_cannot_be_undone_before_the_later_one(empty_engine):
    first, _ = send(empty_engine, JANUARY)
    send(empty_engine, FEBRUARY)
    with pytest.raises(store.BatchError), store.session_factory(empty_engine).begin() as s:
        store.undo_batch(s, first, "undoer")
