"""Tables that can hold user text are handed to the data grid neutralised, so the grid's own toolbar
download (CSV) and copy never carry a formula (issue 19, point 4). AppTest sees what the grid holds."""

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api, tables
from tests.conftest import sign_in

APP = Path(__file__).resolve().parent.parent / "app.py"


def formula_cells(frame: pd.DataFrame) -> list[str]:
    """Headers and text cells a spreadsheet would read as a formula."""
    cells = [str(c) for c in frame.columns] + [v for col in frame.columns for v in frame[col] if isinstance(v, str)]
    return [c for c in cells if c.startswith(tables.FORMULA_STARTS)]


@pytest.fixture
def admin_app(report_engine, monkeypatch):
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "chief", "chief-secret-1", "admin")
    return sign_in(AppTest.from_file(str(APP), default_timeout=60).run(), "chief", "chief-secret-1")


@pytest.mark.parametrize("formula", ['=HYPERLINK("http://evil","x")', "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"])
def test_import_records_and_audit_log_hand_the_grid_no_formula(admin_app, report_engine, formula):
    good = "地区,指标,期间,数值\n灌云县,事故起数,2022年11月,3\n".encode("gbk")
    api.apply_import(report_engine, io.BytesIO(good), f"{formula}.csv", user="chief")
    at = admin_app
    for page, grids in [("pages/history.py", 2), ("pages/audit.py", 1)]:
        at.switch_page(page).run()
        assert not at.exception, at.exception
        assert len(at.dataframe) == grids
        held = [grid.value for grid in at.dataframe]
        assert not [c for frame in held for c in formula_cells(frame)]
        assert f"'{formula}.csv" in held[0]["文件"].tolist()


@pytest.mark.parametrize("formula", ["=HYPERLINK(1)", "+cmd|' /C calc'!A0", "@SUM(1)"])
def test_the_import_preview_problems_hand_the_grid_no_formula(admin_app, formula):
    at = admin_app
    at.switch_page("pages/import.py").run()
    bad = f"地区,指标,期间,数值\n{formula},事故起数,2022-11,3\n".encode()
    at.file_uploader[0].set_value(("bad.csv", bad, "text/csv")).run()
    assert not at.exception, at.exception
    problems = at.dataframe[0].value
    assert not formula_cells(problems)
    assert f"'{formula}" in problems["内容"].tolist()
