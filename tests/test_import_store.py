"""Loading imports into the store: no-op re-imports, recorded corrections, exact undo,
concurrent imports and reads, and a killed import that leaves the store as it was."""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest

from lawreport_data import api, store
from lawreport_data.db import STATEMENT_WAIT_SECONDS, make_engine
from lawreport_data.import_errors import ImportError_
from lawreport_data.periods import Period

pytestmark = pytest.mark.store  # every test here writes a database (one opens its SQLite file itself)

ROOT = Path(__file__).resolve().parent.parent
MONTHLY = ["accidents", "deaths", "injuries", "drills", "enterprises_inspected", "hazards_found"]
COUNTIES = ["320703", "320706", "320707", "320722", "320723", "320724"]


def stored(engine) -> pd.DataFrame:
    with store.session_factory(engine)() as s:
        return store.load_observations(s).sort_values(store.KEY, ignore_index=True)


def version(engine) -> int:
    return api.data_version(engine)


def county_csv(years: range, value: int = 1) -> bytes:
    lines = ["地区,指标,期间,数值"]
    for year in years:
        for region in COUNTIES:
            for indicator in MONTHLY:
                for month in range(1, 13):
                    lines.append(f"{region},{indicator},{year}-{month:02d},{value + month}")
    return ("\n".join(lines) + "\n").encode()


CORRECTION = "地区,指标,期间,数值\n连云港市,事故起数,2022年1-11月,71\n灌云县,事故起数,2022年11月,3\n".encode()


def test_re_importing_the_same_file_changes_nothing(report_engine):
    first = api.apply_import(report_engine, io.BytesIO(CORRECTION), "fix.csv", user="a")
    before, v = stored(report_engine), version(report_engine)
    again = api.apply_import(report_engine, io.BytesIO(CORRECTION), "fix (1).csv", user="b")
    assert not first.noop and again.noop
    assert (again.new, again.changed, again.unchanged) == (0, 0, 2)
    pd.testing.assert_frame_equal(before, stored(report_engine))
    assert version(report_engine) == v
    assert api.import_history(report_engine)["id"].tolist() == [first.batch_id]
    preview = api.preview_import(report_engine, io.BytesIO(CORRECTION), "fix.csv")
    assert preview.same_file["id"] == first.batch_id
    assert preview.counts == {"new": 0, "changed": 0, "unchanged": 2}


def test_a_correction_is_recorded_with_old_and_new_value_batch_time_and_user(report_engine):
    api.apply_import(report_engine, io.BytesIO(CORRECTION), "fix.csv", user="张科长")
    second = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,4\n".encode()
    result = api.apply_import(report_engine, io.BytesIO(second), "fix2.csv", user="李科员")
    assert (result.new, result.changed) == (0, 1)
    changes = api.batch_changes(report_engine, result.batch_id)
    assert len(changes) == 1
    c = changes.iloc[0]
    assert (c["action"], c["old_value"], c["new_value"], c["changed_by"]) == ("update", 3.0, 4.0, "李科员")
    assert c["old_batch_id"] == result.batch_id - 1 and c["old_source_row"] == 3
    assert pd.Timestamp(c["changed_at"]) > pd.Timestamp.now() - pd.Timedelta(days=2)
    batch = api.import_history(report_engine).set_index("id").loc[result.batch_id]
    assert (batch["file_name"], batch["created_by"], batch["rows_changed"], batch["status"]) == (
        "fix2.csv",
        "李科员",
        1,
        "applied",
    )


def test_undo_restores_exactly_what_the_batch_replaced(report_engine):
    before = stored(report_engine)
    result = api.apply_import(report_engine, io.BytesIO(CORRECTION), "fix.csv", user="a")
    assert api.summary(report_engine, Period(2022, 1, 11)).set_index("indicator").loc["accidents", "value"] == 71
    assert api.undo_batch(report_engine, result.batch_id, user="b") == 2
    pd.testing.assert_frame_equal(before, stored(report_engine))
    batch = api.import_history(report_engine).iloc[0]
    assert (batch["status"], batch["undone_by"]) == ("undone", "b")
    with pytest.raises(ImportError_) as info:
        api.undo_batch(report_engine, result.batch_id, user="b")
    assert info.value.kind == "undo_done"
    # the file can be imported again after an undo
    assert api.apply_import(report_engine, io.BytesIO(CORRECTION), "fix.csv", user="a").changed == 1


def test_undo_of_an_overwritten_batch_waits_for_the_later_one(report_engine):
    original = stored(report_engine)
    first = api.apply_import(report_engine, io.BytesIO(CORRECTION), "a.csv", user="a")
    after_first = stored(report_engine)
    later = "地区,指标,期间,数值\n连云港市,事故起数,2022年1-11月,72\n".encode()
    second = api.apply_import(report_engine, io.BytesIO(later), "b.csv", user="a")
    with pytest.raises(ImportError_) as info:
        api.undo_batch(report_engine, first.batch_id)
    assert info.value.kind == "undo_later" and str(second.batch_id) in info.value.zh
    api.undo_batch(report_engine, second.batch_id)
    pd.testing.assert_frame_equal(after_first, stored(report_engine))
    api.undo_batch(report_engine, first.batch_id)
    pd.testing.assert_frame_equal(original, stored(report_engine))


NEW_2023 = "地区,指标,期间,数值\n灌云县,事故起数,2023-01,5\n灌南县,事故起数,2023-01,6\n".encode()


def change_records(engine, batch_id: int) -> int:
    """The change records stored for a batch (not those read back from its rows)."""
    from sqlalchemy import func, select

    from lawreport_data.models import ObservationChange

    with store.session_factory(engine)() as s:
        return s.scalar(select(func.count()).where(ObservationChange.batch_id == batch_id))


@pytest.mark.parametrize("later_value", [None, 9])
def test_a_batch_s_inserts_are_read_back_from_its_rows_and_undone_after_a_later_change(report_engine, later_value):
    """A batch's inserts store no record per row; its change list still shows each with the value it
    inserted, also after a later batch changed one, and undo waits for that batch, then restores."""
    original = stored(report_engine)
    first = api.apply_import(report_engine, io.BytesIO(NEW_2023), "2023.csv", user="甲")
    assert first.new == 2 and change_records(report_engine, first.batch_id) == 0
    after_first = stored(report_engine)
    if later_value is not None:
        fix = f"地区,指标,期间,数值\n灌云县,事故起数,2023-01,{later_value}\n".encode()
        second = api.apply_import(report_engine, io.BytesIO(fix), "fix.csv", user="乙")
        assert second.changed == 1 and change_records(report_engine, second.batch_id) == 1
    changes = api.batch_changes(report_engine, first.batch_id)
    listed = changes[["action", "region_code", "year", "start_month", "new_value", "changed_by"]]
    assert sorted(map(tuple, listed.to_numpy().tolist())) == [
        ("insert", "320723", 2023, 1, 5.0, "甲"),
        ("insert", "320724", 2023, 1, 6.0, "甲"),
    ]
    if later_value is not None:
        with pytest.raises(ImportError_) as info:
            api.undo_batch(report_engine, first.batch_id)
        assert info.value.kind == "undo_later" and str(second.batch_id) in info.value.zh
        api.undo_batch(report_engine, second.batch_id)
        pd.testing.assert_frame_equal(after_first, stored(report_engine))
        assert len(api.batch_changes(report_engine, first.batch_id)) == 2  # read back from its rows again
    assert api.undo_batch(report_engine, first.batch_id) == 2
    pd.testing.assert_frame_equal(original, stored(report_engine))


def test_a_batch_written_with_a_record_per_insert_lists_each_once(report_engine):
    """Stores written before inserts went unrecorded keep a record per insert: listed as stored."""
    from sqlalchemy import insert

    from lawreport_data.models import ObservationChange

    first = api.apply_import(report_engine, io.BytesIO(NEW_2023), "2023.csv", user="甲")
    now = pd.Timestamp.now().to_pydatetime()
    with store.session_factory(report_engine).begin() as s:  # what the older code wrote
        s.execute(
            insert(ObservationChange),
            [
                dict(
                    batch_id=first.batch_id,
                    action="insert",
                    indicator_code="accidents",
                    region_code=r,
                    year=2023,
                    start_month=1,
                    end_month=1,
                    new_value=v,
                    new_qualifier="",
                    changed_at=now,
                    changed_by="甲",
                )
                for r, v in [("320723", 5.0), ("320724", 6.0)]
            ],
        )
    changes = api.batch_changes(report_engine, first.batch_id)
    assert sorted(changes["region_code"]) == ["320723", "320724"] and set(changes["action"]) == {"insert"}
    assert api.undo_batch(report_engine, first.batch_id) == 2


def test_undo_of_an_unknown_batch_is_refused(report_engine):
    with pytest.raises(ImportError_) as info:
        api.undo_batch(report_engine, 999)
    assert info.value.kind == "undo_unknown"


def test_two_imports_at_once_and_readers_meanwhile_all_succeed(report_engine):
    files = [county_csv(range(2018, 2020)), county_csv(range(2020, 2022))]
    results, errors = [], []
    stop = threading.Event()

    def importing(data, name):
        try:
            results.append(api.apply_import(report_engine, io.BytesIO(data), name, user=name))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    def reading():
        while not stop.is_set():
            try:
                api.summary(report_engine, Period(2022, 1, 11))
            except Exception as exc:  # noqa: BLE001
                errors.append(exc)

    reader = threading.Thread(target=reading)
    reader.start()
    threads = [threading.Thread(target=importing, args=(d, f"f{i}.csv")) for i, d in enumerate(files)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    reader.join()
    assert errors == []
    assert sorted(r.new for r in results) == [len(COUNTIES) * len(MONTHLY) * 24] * 2
    assert len(api.import_history(report_engine)) == 2


def test_an_import_waits_out_a_long_write_lock_instead_of_failing(tmp_path):
    url = f"sqlite:///{tmp_path / 'busy.sqlite'}"
    engine = make_engine(url)
    api.init_db(engine)
    blocker = sqlite3.connect(tmp_path / "busy.sqlite", isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock longer than the busy timeout
    released = threading.Timer(STATEMENT_WAIT_SECONDS + 2, lambda: blocker.execute("COMMIT"))
    released.start()
    try:
        result = api.apply_import(engine, io.BytesIO(CORRECTION), "fix.csv", user="a")
    finally:
        released.join()
        blocker.close()
    assert result.changed == 1
    engine.dispose()


KILLED_IMPORT = textwrap.dedent(
    """
    import signal, sys
    from lawreport_data import api, store

    original = store.apply_observations

    def apply_then_hang(*args, **kwargs):
        result = original(*args, **kwargs)
        print("WRITTEN", flush=True)  # every row is written; the transaction is still open
        signal.pause()  # until the test kills this process
        return result

    store.apply_observations = apply_then_hang
    engine = api.open_engine(sys.argv[1])
    with open(sys.argv[2], "rb") as f:
        api.apply_import(engine, f, "killed.csv", user="killed")
    """
)


def test_an_import_killed_mid_way_leaves_the_store_unchanged_and_the_file_then_imports(report_engine, db_url, tmp_path):
    data = county_csv(range(2021, 2023))
    path = tmp_path / "county.csv"
    path.write_bytes(data)
    before, v = stored(report_engine), version(report_engine)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, db_url, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == "WRITTEN", proc.stderr.read()
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    # Nothing to wait for: reads see committed rows only, and on PostgreSQL the import below waits
    # on the killed transaction's rows until the server, having lost its client, rolls it back.
    pd.testing.assert_frame_equal(before, stored(report_engine))
    assert version(report_engine) == v
    assert api.import_history(report_engine).empty
    result = api.apply_import(report_engine, io.BytesIO(data), "county.csv", user="again")
    assert result.new == len(COUNTIES) * len(MONTHLY) * 24


@pytest.mark.parametrize("rows", [1, 2])
def test_a_file_name_with_percent_and_quote_is_kept_as_written(empty_engine, rows):
    lines = ["地区,指标,期间,数值", "灌云县,事故起数,2022-11,3", "灌南县,事故起数,2022-11,2"][: rows + 1]
    result = api.apply_import(empty_engine, io.BytesIO("\n".join(lines).encode()), "100%'s.csv", user="u")
    assert result.new == rows
    sources = set(stored(empty_engine)["source"])
    assert sources == {f"导入文件《100%'s.csv》（批次{result.batch_id}）"}


@pytest.mark.parametrize("slice_rows", [50, 100_000])
@pytest.mark.parametrize("stored_first", [False, True])
def test_an_import_in_slices_records_each_new_and_changed_value_once_and_undoes_exactly(
    report_engine, monkeypatch, slice_rows, stored_first
):
    """Slices written early share years, indicators and regions with later ones: they are not
    taken for stored values, and the change log holds one record per value of the batch."""
    monkeypatch.setattr(store, "COMPARE_SLICE", slice_rows)
    if stored_first:  # some of the keys are stored already (one with another value)
        api.apply_import(report_engine, io.BytesIO(county_csv(range(2021, 2022))), "2021.csv", user="a")
    before = stored(report_engine)
    data = county_csv(range(2021, 2023), value=1)
    if stored_first:
        data = data.replace(b"320703,accidents,2021-01,2\n", b"320703,accidents,2021-01,5\n")
    result = api.apply_import(report_engine, io.BytesIO(data), "two_years.csv", user="b")
    per_year = len(COUNTIES) * len(MONTHLY) * 12
    expected = (per_year, 1, per_year - 1) if stored_first else (2 * per_year, 0, 0)
    assert (result.new, result.changed, result.unchanged) == expected
    changes = api.batch_changes(report_engine, result.batch_id)
    assert changes["action"].value_counts().to_dict() == {
        k: v for k, v in {"insert": result.new, "update": result.changed}.items() if v
    }
    assert not changes.duplicated(["indicator_code", "region_code", "year", "start_month", "end_month"]).any()
    after = stored(report_engine)
    mine = after[after["batch_id"] == result.batch_id]
    assert len(mine) == result.new + result.changed and mine["source_row"].notna().all()
    api.undo_batch(report_engine, result.batch_id)
    pd.testing.assert_frame_equal(before, stored(report_engine))
