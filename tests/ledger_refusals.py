"""What every ledger's import tests check of a refused file (事故台账 aside: its tests came first):
the problems the preview names, the refusal of the import, and that nothing was written."""

import io

import pytest
from sqlalchemy import func, select

from lawreport_data import api, store
from lawreport_data.import_errors import ImportError_
from lawreport_data.models import ImportBatch


def assert_refused_and_nothing_written(engine, data: bytes, expected: list[tuple], *, record, change, records: int):
    """``data`` previews with exactly the ``expected`` problems (row, column, value, kind), its import
    is refused, and the store still holds one batch, ``records`` records of ``record`` and no
    ``change`` row."""
    problems = api.preview_import(engine, io.BytesIO(data), "bad.csv").parsed.problems
    assert list(zip(problems["row"], problems["column"], problems["value"], problems["kind"], strict=True)) == expected
    with pytest.raises(ImportError_) as refused:
        api.apply_import(engine, io.BytesIO(data), "bad.csv", user="analyst")
    assert refused.value.kind == "problems"
    with store.session_factory(engine)() as s:
        assert s.scalar(select(func.count()).select_from(ImportBatch)) == 1
        assert s.scalar(select(func.count()).select_from(record)) == records
        assert s.scalar(select(func.count()).select_from(change)) == 0


def assert_forced_kind_refused_plainly(engine, kind: str, refusal: str, column: str) -> None:
    """An aggregate table imported as a ledger of ``kind`` is refused (``refusal``), naming ``column``."""
    data = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode()
    with pytest.raises(ImportError_) as refused:
        api.preview_import(engine, io.BytesIO(data), "t.csv", kind=kind)
    assert refused.value.kind == refusal and column in refused.value.zh
