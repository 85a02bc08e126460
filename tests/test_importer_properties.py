"""Property tests: whatever bytes or tables arrive, the importer either reads them or refuses
them with its own error type; it never raises anything else, and what it reads is sane."""

import csv
import io
import math

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from lawreport_data import catalog, importer
from lawreport_data.import_errors import ImportError_

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

HEADERS = ["地区", "指标", "期间", "数值", "备注", "region", "period", "序号", "单位", "", "事故起数", "死亡人数（人）"]
REGION_CELLS = [r.name for r in catalog.REGION_LIST] + ["灌云", "", "320723", "火星县"]
INDICATOR_CELLS = [i.name for i in catalog.INDICATOR_LIST[:10]] + ["事故", "", "隐患整改率"]
PERIOD_CELLS = ["2022", "2022-11", "2022-01..2022-11", "2022年", "2022年11月", "2022年1-11月", "2022-13", "44866", ""]
VALUE_CELLS = ["3", "1,414", "７０", "约35.5", "300余", "12起", "95%", "101%", "-1", "abc", "", "—", "1e400", "nan"]

cell = st.one_of(
    st.sampled_from(REGION_CELLS + INDICATOR_CELLS + PERIOD_CELLS + VALUE_CELLS),
    st.text(max_size=12),
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)


@st.composite
def tables(draw):
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=7))
    width = len(header)
    rows = draw(st.lists(st.lists(cell, min_size=0, max_size=width), max_size=15))
    return header, rows


def csv_bytes(header, rows, encoding):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(header, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def check(data: bytes) -> None:
    try:
        parsed = importer.read_file(io.BytesIO(data), "random")
    except ImportError_ as exc:
        assert exc.zh and exc.en
        return
    obs = parsed.observations
    assert parsed.rows >= 1
    assert obs["value"].map(math.isfinite).all()
    assert (obs["value"] >= 0).all()
    assert set(obs["qualifier"]) <= set(catalog.QUALIFIERS)
    assert set(obs["indicator"]) <= set(catalog.INDICATORS)
    assert not obs.duplicated(importer.KEY).any()
    if len(parsed.problems):
        assert (parsed.problems["row"] >= 1).all()
        assert parsed.problems["problem"].astype(bool).all()


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise_past_the_importers_error(data):
    check(data)


@SETTINGS
@given(st.binary(max_size=500))
def test_random_bytes_behind_a_good_header_never_raise_past_the_importers_error(tail):
    check("地区,指标,期间,数值\n".encode() + tail)


@SETTINGS
@given(tables(), st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]))
def test_random_csv_tables_never_raise_past_the_importers_error(table, encoding):
    check(csv_bytes(*table, encoding))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_random_xlsx_tables_never_raise_past_the_importers_error(table):
    header, rows = table
    check(xlsx_bytes([ILLEGAL_CHARACTERS_RE.sub("", h) for h in header], rows))
