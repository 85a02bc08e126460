"""Hostile input through import and export: formula cells, HTML and script in names and notes,
huge and malformed files, SQL-looking strings. Nothing may escape: no formula in an exported
sheet, no markup rendered, no statement run, no traceback, nothing half-written."""

import csv
import io
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from sqlalchemy import inspect
from streamlit.testing.v1 import AppTest

from lawreport_data import api, importer, store, tables
from lawreport_data.import_errors import ImportError_
from tests.conftest import sign_in

APP = Path(__file__).resolve().parent.parent / "app.py"
SQL = "灌云县'); DROP TABLE observation; --"
SCRIPT = "<script>alert(1)</script>"
FORMULAS = ["=1+1", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=1", "\r=1", '=HYPERLINK("http://x","点我")']


def _csv(rows: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(("地区,指标,期间,数值,备注\n" + rows).encode(encoding))


def _tables(engine) -> set[str]:
    return set(inspect(engine).get_table_names())


@pytest.mark.parametrize(
    "region, problem",
    [(SQL, "unknown_region"), (SCRIPT, "unknown_region"), ('=HYPERLINK("http://evil")', "unknown_region")],
)
def test_hostile_region_names_are_refused_as_text_and_run_nothing(report_engine, region, problem):
    before = _tables(report_engine)
    quoted = '"' + region.replace('"', '""') + '"'
    with pytest.raises(ImportError_) as refused:
        api.apply_import(report_engine, _csv(f"{quoted},事故起数,2022-11,3,\n"), "x.csv", user="t")
    problems = refused.value.problems
    assert problems[["row", "value", "kind"]].values.tolist() == [[2, region, problem]]
    assert _tables(report_engine) == before and api.import_history(report_engine).empty


def test_sql_and_script_in_file_names_and_notes_are_stored_verbatim(report_engine, session_of):
    name = f"{SQL}{SCRIPT}.csv"
    note = "'; DELETE FROM observation; -- =1+1 <b>粗</b>"
    result = api.apply_import(report_engine, _csv(f'灌云县,事故起数,2022-11,3,"{note}"\n'), name, user="t")
    assert result.batch_id == 1
    assert api.import_history(report_engine).iloc[0]["file_name"] == name
    with session_of(report_engine) as s:
        obs = store.load_observations(s, indicators=["accidents"], regions=["320723"])
        assert store.observation_count(s) > 80  # nothing deleted
    assert obs.iloc[0]["note"] == note
    assert {"observation", "import_batch", "audit_event"} <= _tables(report_engine)


def test_sql_looking_user_names_sign_nobody_in(report_engine):
    api.add_user(report_engine, "chief", "chief-secret-1", "admin")
    for name in ("chief' --", "' OR '1'='1", "chief'; UPDATE account SET role='admin'; --"):
        with pytest.raises(api.AuthError, match="Wrong user name"):
            api.login(report_engine, name, "' OR '1'='1")
    with pytest.raises(api.AuthError, match="A user name has"):
        api.add_user(report_engine, "x' OR 1=1 --", "long-enough-pw", "admin")
    assert api.list_users(report_engine)["username"].tolist() == ["chief"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_exported_csv_and_xlsx_never_hold_a_formula(cell):
    frame = pd.DataFrame({"地区": [cell], "文件": [f"{cell}.csv"], "数值": [-3.5]})
    rows = list(csv.reader(io.StringIO(tables.to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows[1] == ["'" + cell, f"'{cell}.csv", "-3.5"]  # numbers stay numbers
    book = openpyxl.load_workbook(io.BytesIO(tables.to_xlsx_bytes(frame)))
    cells = [c for row in book.active.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert book.active["A2"].value == "'" + cell


def test_the_audit_export_neutralises_a_formula_file_name(report_engine):
    api.apply_import(report_engine, _csv("灌云县,事故起数,2022-11,3,\n"), "=cmd|' /C calc'!A0.csv", user="@evil")
    exported = tables.read_csv_bytes(tables.to_csv_bytes(api.audit_log(report_engine)))
    assert exported.iloc[0]["file_name"] == "'=cmd|' /C calc'!A0.csv"
    assert exported.iloc[0]["actor"] == "'@evil"


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04" + b"\x00" * 64,  # a zip header with nothing behind it, named .csv
        b"MZ\x90\x00\x03" + bytes(range(256)) * 4,  # a Windows program
        "地区,指标,期间,数值\n".encode("utf-16"),
        b'\xef\xbb\xbf\xe5\x9c\xb0\xe5\x8c\xba,"unterminated\n' * 50,
        b"\x00" * 4096,
        ("地区,指标,期间,数值\n" + "灌云县,事故起数,2022-11," + "9" * 100_000 + "\n").encode(),
        ("地区," * 5000 + "\n").encode(),
    ],
)
def test_malformed_files_get_one_sentence_or_problems_never_a_crash(report_engine, data):
    version = api.data_version(report_engine)
    try:
        preview = api.preview_import(report_engine, io.BytesIO(data), "恶意.csv")
    except ImportError_ as refused:
        assert refused.zh and refused.en
    else:
        assert not preview.ok
    assert api.data_version(report_engine) == version


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(report_engine, tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as f:
        f.truncate(importer.MAX_FILE_BYTES + 1)  # sparse: no disk is used
    with huge.open("rb") as f, pytest.raises(ImportError_) as refused:
        api.apply_import(report_engine, f, "huge.csv", user="t")
    assert refused.value.kind == "too_large"


def test_file_type_is_told_by_content_not_name(report_engine):
    book = openpyxl.Workbook()
    book.active.append(["地区", "指标", "期间", "数值"])
    book.active.append(["灌云县", "事故起数", "2022-11", 3])
    xlsx = io.BytesIO()
    book.save(xlsx)
    assert api.preview_import(report_engine, io.BytesIO(xlsx.getvalue()), "看似.csv").parsed.encoding == "xlsx"
    csv = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode("gbk")
    assert api.preview_import(report_engine, io.BytesIO(csv), "看似.xlsx").parsed.encoding == "gbk"
    with pytest.raises(ImportError_, match="not a CSV or Excel"):
        api.preview_import(report_engine, io.BytesIO(b"\x7fELF\x02\x01\x01" + bytes(200)), "看似.csv")


def test_the_upload_widget_has_the_size_limit_and_file_names_never_render_as_markup(report_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "chief", "chief-secret-1", "admin")
    at = sign_in(AppTest.from_file(str(APP), default_timeout=60).run(), "chief", "chief-secret-1")
    at.switch_page("pages/import.py").run()
    uploader = at.get("file_uploader")[0].proto
    assert uploader.max_upload_size_mb == importer.MAX_FILE_BYTES // (1024 * 1024)
    hostile = "[点我](javascript:alert(1))<img src=x onerror=alert(1)>.csv"
    data = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode()
    at.file_uploader[0].set_value((hostile, data, "text/csv")).run()
    at.button(key="confirm_import").click().run()
    at.switch_page("pages/history.py").run()
    assert not at.exception, at.exception
    shown = [e.value for kind in ("markdown", "success", "info", "error", "caption") for e in at.get(kind)]
    assert not [t for t in shown if "<img" in t or "](javascript" in t]
    assert api.import_history(report_engine).iloc[0]["file_name"] == hostile


def test_plain_escapes_markup_so_it_shows_as_typed():
    import ui

    escaped = ui.plain("[x](javascript:alert(1)) <b>*粗*</b>")
    assert "](" not in escaped and "<b>" not in escaped and "\\*粗\\*" in escaped
