"""PostgreSQL's bulk writes stream their rows with COPY (issue 18): the same files give the same rows
as on SQLite, where they are written by executemany; a refused file writes nothing on either."""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from sqlalchemy import event

from lawreport_data import api
from lawreport_data.db import make_engine
from lawreport_data.store import writes
from tests.accident_data import frame, record, send
from tests.conftest import pg_schema

pytestmark = pytest.mark.store

AGGREGATE = """地区,指标,期间,数值,备注
连云港市,事故起数,2021年3月,12,含“快报”数
灌云县,事故起数,2021年3月,3余,
灌南县,死亡人数,2021年1-3月,2,比例5%以上
灌南县,排查隐患数,2021年,1200,
东海县,隐患整改率,2021年,98.5,
"""

LEDGER = [
    record(
        "C1",
        "2021-03-02 08:10",
        "320723",
        deaths=1,
        injuries=1,
        type="09",
        sector="construction",
        summary="车辆伤害 50%以上 “引号”",
    ),  # fmt: skip
    record("C2", "2021-07-15 16:40:05", "320724", injuries=2, direct_loss=12.5),
    record(
        "C3",
        "2022-01-09 09:30",
        "320722",
        deaths=3,
        grade="larger",
        status="written_off",
        write_off_reason="非生产经营性",
    ),  # fmt: skip
]


@pytest.fixture
def both(tmp_path):
    """An engine on a fresh SQLite file and one on a fresh PostgreSQL schema, each made by init-db."""
    with pg_schema() as url:
        engines = {"sqlite": make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}"), "postgresql": make_engine(url)}
        for engine in engines.values():
            api.init_db(engine)
        yield engines
        for engine in engines.values():
            engine.dispose()


def _copies(monkeypatch) -> list:
    calls = []
    real = writes._copy_insert

    def counted(conn, table, columns, constants=None):
        calls.append(table.name)
        return real(conn, table, columns, constants)

    monkeypatch.setattr(writes, "_copy_insert", counted)
    return calls


_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d+)?)?$")


def _plain(value):
    """A value as both stores give it back: SQLite keeps dates and times as text, booleans as 0/1."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.date) or (isinstance(value, str) and _STAMP.match(value)):
        return pd.Timestamp(value).isoformat()
    if isinstance(value, bool | int | float):
        return float(value)
    return value


def _rows(engine, table: str, drop: tuple[str, ...]) -> pd.DataFrame:
    with engine.connect() as conn:
        out = pd.read_sql(f"SELECT * FROM {table}", conn)
    out = out.drop(columns=[c for c in out.columns if c in drop or c.endswith("_at") and c != "occurred_at"])
    out = pd.DataFrame({c: [_plain(v) for v in out[c].astype(object)] for c in out.columns})
    return out.sort_values(list(out.columns), key=lambda column: column.astype(str)).reset_index(drop=True)


def test_an_aggregate_file_gives_the_same_observations_on_postgresql_by_copy(both, monkeypatch):
    copies = _copies(monkeypatch)
    for name, engine in both.items():
        api.apply_import(engine, io.BytesIO(AGGREGATE.encode("gbk")), "月报.csv", user="analyst")
        assert ("observation" in copies) == (name == "postgresql")
    drop = ("id", "batch_id")
    pd.testing.assert_frame_equal(_rows(both["sqlite"], "observation", drop), _rows(both["postgresql"], "observation", drop),
                                  check_dtype=False)  # fmt: skip


def test_a_ledger_gives_the_same_records_on_postgresql_by_copy(both, monkeypatch):
    copies = _copies(monkeypatch)
    for engine in both.values():
        send(engine, frame(*LEDGER))
    assert "accident_record" in copies
    drop = ("id", "batch_id", "first_batch_id")
    sqlite_rows, pg_rows = (_rows(both[n], "accident_record", drop) for n in ("sqlite", "postgresql"))
    pd.testing.assert_frame_equal(sqlite_rows, pg_rows, check_dtype=False)
    assert pg_rows["summary"].tolist().count("车辆伤害 50%以上 “引号”") == 1  # a "%" is data, not a placeholder


def test_a_refused_file_writes_nothing_on_postgresql(both):
    engine = both["postgresql"]
    bad = AGGREGATE + "不存在县,事故起数,2021年3月,1,\n"
    with pytest.raises(api.ImportError_):
        api.apply_import(engine, io.BytesIO(bad.encode("gbk")), "坏.csv", user="analyst")
    with engine.connect() as conn:
        assert pd.read_sql("SELECT count(*) AS n FROM observation WHERE origin = 'import'", conn)["n"].iloc[0] == 0


def _foreign_keys(engine, table: str) -> list[tuple[str, str]]:
    with engine.connect() as conn:
        return conn.exec_driver_sql(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = to_regclass(%(t)s) AND contype = 'f' ORDER BY conname",
            {"t": table},
        ).all()


# more rows than the report's (89): a load that fills the store (with the threshold lowered)
LARGE = "地区,指标,期间,数值\n" + "".join(
    f"{county},{name},{year}年{month}月,{month}\n"
    for county in ("灌云县", "灌南县", "东海县", "海州区", "连云区")
    for name in ("事故起数", "死亡人数")
    for year in (2019, 2020)
    for month in range(1, 13)
)


def test_a_large_load_checks_its_foreign_keys_once_after_and_keeps_them(both, monkeypatch):
    engine = both["postgresql"]
    before = {t: _foreign_keys(engine, t) for t in ("observation", "accident_record")}
    assert before["observation"] and before["accident_record"]
    monkeypatch.setattr(writes, "CHECK_KEYS_AFTER_FROM", 1)  # every load here counts as large
    dropped = []

    def seen(conn, cursor, statement, *args):
        if "DROP CONSTRAINT" in statement:
            dropped.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    api.apply_import(engine, io.BytesIO(LARGE.encode("gbk")), "历年.csv", user="analyst")
    send(engine, frame(*LEDGER))
    assert len(dropped) == len(before["observation"]) + len(before["accident_record"])
    assert {t: _foreign_keys(engine, t) for t in before} == before  # added back as they were
    api.apply_import(both["sqlite"], io.BytesIO(LARGE.encode("gbk")), "历年.csv", user="analyst")
    drop = ("id", "batch_id")
    pd.testing.assert_frame_equal(_rows(both["sqlite"], "observation", drop), _rows(engine, "observation", drop))


def test_a_large_load_that_breaks_a_foreign_key_writes_nothing(both, monkeypatch):
    from sqlalchemy.exc import IntegrityError

    from lawreport_data import store

    engine = both["postgresql"]
    monkeypatch.setattr(writes, "CHECK_KEYS_AFTER_FROM", 1)
    keys = _foreign_keys(engine, "observation")
    with engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT count(*) FROM observation").scalar()
    rows = [
        dict(indicator="accidents", region=r, year=2021, start=3, end=3, value=1.0, origin="import")
        for r in ("320723", "999999")
    ]  # fmt: skip  (999999: no such region)
    with pytest.raises(IntegrityError), store.session_factory(engine).begin() as s:
        store.apply_observations(s, pd.DataFrame(rows), user="analyst")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT count(*) FROM observation").scalar() == stored
    assert _foreign_keys(engine, "observation") == keys
