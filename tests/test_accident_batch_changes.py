"""A ledger batch's list of changes (导入记录), on SQLite and PostgreSQL: the records it added, updated
(a 续报: old → new) and retired, as the batch wrote them, also after a later batch changed one and
after the batch was undone; and the migration that keeps an update's new values."""

from __future__ import annotations

import pandas as pd
import pytest
from alembic import command
from sqlalchemy import insert, select

from lawreport_data import api, store
from lawreport_data.db import alembic_config, make_engine, upgrade
from lawreport_data.models import AccidentChange, AccidentRecord, ImportBatch
from tests.accident_data import frame, record, send_with_result, undo

pytestmark = pytest.mark.store

FIRST = [
    record("A1", "2022-03-05 14:30", deaths=1, injuries=2, source_row=3),
    record("A2", "2022-03-20 08:00", direct_loss=12.5, source_row=4),
    record("A3", "2022-03-28 10:00", sector="construction", type="05", source_row=5),
]
# A 续报 (A1's deaths 1 → 2), A2 as it was, A3 missing from a full re-send of March, C1 new.
SECOND = [
    record("A1", "2022-03-05 14:30", deaths=2, injuries=2, source_row=3),
    record("A2", "2022-03-20 08:00", direct_loss=12.5, source_row=4),
    record("C1", "2022-03-30 16:00", injuries=1, source_row=5),
]
MARCH = (["320723"], pd.Timestamp("2022-03-01").date(), pd.Timestamp("2022-03-31").date())


def listed(engine, batch: int, change: str, **page) -> pd.DataFrame:
    return api.ledger_batch_changes(engine, batch, change, **page)


@pytest.fixture
def two_batches(empty_engine):
    first, _ = send_with_result(empty_engine, frame(*FIRST), user="甲")
    second, result = send_with_result(empty_engine, frame(*SECOND), scope=MARCH, user="乙")
    assert (result.new, result.changed, result.unchanged, result.retired) == (1, 1, 1, 1)
    return empty_engine, first, second


@pytest.mark.parametrize("undone", [False, True])
def test_a_ledger_batch_lists_its_new_changed_and_retired_records_also_once_undone(two_batches, undone):
    engine, _, second = two_batches
    if undone:
        undo(engine, second)
    counts = api.ledger_batch_counts(engine, second)
    assert counts == {"new": 0 if undone else 1, "changed": 1, "retired": 1}
    changed = listed(engine, second, "changed")
    assert changed[["记录标识", "地区", "死亡", "变更内容"]].values.tolist() == [
        ["A1", "灌云县", "2", "死亡人数：1 → 2"]
    ]
    retired = listed(engine, second, "retired")
    assert retired[["记录标识", "行业领域", "事故类别", "变更内容"]].values.tolist() == [
        ["A3", "建筑业", "触电", "全量重报的文件中没有此记录"]
    ]
    new = listed(engine, second, "new")
    assert new["记录标识"].tolist() == ([] if undone else ["C1"])


@pytest.mark.parametrize("changed_later", [False, True])
def test_a_batch_s_new_records_are_listed_as_it_wrote_them_after_a_later_change(two_batches, changed_later):
    engine, first, second = two_batches
    if not changed_later:
        undo(engine, second)
    new = listed(engine, first, "new")
    assert new[["行号", "记录标识", "死亡", "直接经济损失（万元）"]].values.tolist() == [
        [3, "A1", "1", "0"],
        [4, "A2", "0", "12.5"],
        [5, "A3", "0", "0"],
    ]
    assert api.ledger_batch_counts(engine, first) == {"new": 3, "changed": 0, "retired": 0}


def test_a_record_brought_back_is_listed_as_no_longer_retired(two_batches):
    engine, _, _ = two_batches
    third, result = send_with_result(engine, frame(FIRST[2]))
    assert result.changed == 1
    changed = listed(engine, third, "changed")
    assert changed[["记录标识", "变更内容"]].values.tolist() == [["A3", "已移除：是 → 否"]]


@pytest.mark.parametrize(("start", "limit", "keys"), [(0, 2, ["K0", "K1"]), (2, 2, ["K2", "K3"]), (4, None, ["K4"])])
def test_a_batch_s_records_are_listed_a_page_at_a_time(empty_engine, start, limit, keys):
    rows = [record(f"K{i}", f"2022-05-0{i + 1} 08:00", source_row=i + 2) for i in range(5)]
    batch, _ = send_with_result(empty_engine, frame(*rows))
    assert listed(empty_engine, batch, "new", start=start, limit=limit)["记录标识"].tolist() == keys


def test_an_unknown_kind_of_change_is_refused(empty_engine):
    with pytest.raises(ValueError, match="change must be one of"), store.session_factory(empty_engine)() as s:
        store.accident_batch_changes(s, 1, "unchanged")


def test_upgrading_to_0008_gives_an_update_stored_before_it_its_record_s_values(db_url):
    """An update row written at 0007 gets the new values from its record when the record still holds
    what its batch wrote; one whose record a later batch changed stays without them."""
    engine = make_engine(db_url)
    cfg = alembic_config(engine)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
    now = pd.Timestamp("2022-06-01").to_pydatetime()
    base = {k: v for k, v in record("X", "2022-03-05 14:30").items() if k != "source_row"}
    base["occurred_at"] = base["occurred_at"].to_pydatetime()
    old = {f"old_{k}": v for k, v in base.items() if k != "key"}
    old |= dict(old_retired=False, old_synthetic=False, old_updated_at=now, old_batch_id=1, old_source_row=2)
    batches = [dict(id=i, file_name="f.csv", file_hash="h", created_by="u") for i in (1, 2, 3)]
    records = [  # X still as batch 2 wrote it; Y changed since by batch 3
        dict(base, id=1, key="X", deaths=2, source_row=7, batch_id=2, created_batch_id=1, updated_at=now),
        dict(base, id=2, key="Y", deaths=5, source_row=8, batch_id=3, created_batch_id=1, updated_at=now),
    ]
    updates = [
        dict(old, batch_id=2, record_id=r, key=k, action="update", fields="deaths", changed_at=now, changed_by="u")
        for r, k in ((1, "X"), (2, "Y"))
    ]
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
    with engine.begin() as conn:
        conn.execute(insert(ImportBatch.__table__), batches)
        conn.execute(insert(AccidentRecord.__table__), records)
        conn.execute(insert(AccidentChange.__table__), updates)
    upgrade(engine)
    with store.session_factory(engine)() as s:
        got = s.execute(
            select(AccidentChange.key, AccidentChange.new_deaths, AccidentChange.new_source_row).order_by(
                AccidentChange.key
            )
        ).all()
    assert [tuple(r) for r in got] == [("X", 2, 7), ("Y", None, None)]
    engine.dispose()
