"""The table behind a chart, and its export to CSV and XLSX bytes (pure functions).

CSV is UTF-8 with a BOM (Excel on a Chinese Windows opens it correctly); text cells that a
spreadsheet would read as a formula (starting with = + - @, tab, CR or NUL) get a leading
apostrophe. Numbers are left alone.

>>> t = pd.DataFrame({"地区": ["=HYPERLINK(1)", "灌云县"], "数值": [-3.0, 5.0]})
>>> data = to_csv_bytes(t)
>>> data[:3] == b"\\xef\\xbb\\xbf", read_csv_bytes(data)["地区"].tolist()
(True, ["'=HYPERLINK(1)", '灌云县'])
>>> read_xlsx_bytes(to_xlsx_bytes(t)).values.tolist()
[["'=HYPERLINK(1)", -3], ['灌云县', 5]]
"""

from __future__ import annotations

import html
import io
from typing import BinaryIO

import pandas as pd

from . import catalog

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def neutralise(value):
    """Prefix ``'`` to a text cell a spreadsheet would evaluate; other values pass unchanged.

    >>> neutralise("=1+1"), neutralise("@SUM(A1)"), neutralise("-2"), neutralise(-2), neutralise("灌云县")
    ("'=1+1", "'@SUM(A1)", "'-2", -2, '灌云县')
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and header) neutralised."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def chart_table(points: pd.DataFrame) -> pd.DataFrame:
    """Engine points (``metrics.series``/``by_children`` columns) as a table with Chinese headers.

    >>> pts = pd.DataFrame([dict(indicator="accidents", region_name="连云港市", period_label="2022年1-11月",
    ...     value=70.0, qualifier="", status="final", synthetic=False, origins=["report"], batch_ids=[])])
    >>> chart_table(pts).iloc[0].astype(str).tolist()[:5]
    ['连云港市', '2022年1-11月', '事故起数', '70.0', '起']
    >>> chart_table(pts.assign(category_kind="事故类别", category="车辆伤害")).columns.tolist()[:3]  # a breakdown's
    ['地区', '事故类别', '期间']
    """
    cols = catalog.CHART_TABLE_COLUMNS
    rows = []
    for r in points.to_dict("records"):
        info = catalog.INDICATORS[r["indicator"]]
        origins = r.get("origins") if isinstance(r.get("origins"), list | tuple) else []
        batches = r.get("batch_ids") if isinstance(r.get("batch_ids"), list | tuple) else []
        source = "；".join(catalog.ORIGIN_LABELS.get(o, o) for o in origins)
        if batches:
            source += "（" + catalog.CHART_SOURCE_BATCH.format(ids="、".join(f"#{b}" for b in batches)) + "）"
        category = {r["category_kind"]: r["category"]} if "category" in r else {}  # a breakdown's group
        rows.append(
            {
                cols["region_name"]: r.get("region_name", r.get("region")),
                **category,
                cols["period_label"]: r["period_label"],
                cols["name"]: info.name,
                cols["value"]: r["value"],
                cols["unit"]: info.unit,
                cols["qualifier"]: r.get("qualifier") or "",
                cols["status"]: catalog.STATUS_LABELS.get(r.get("status"), r.get("status")),
                cols["synthetic"]: catalog.YES_NO[bool(r.get("synthetic"))],
                cols["source"]: source,
            }
        )
    if "category" in points.columns and len(points):
        return pd.DataFrame(rows)
    return pd.DataFrame(rows, columns=list(cols.values()))


def write_csv(frame: pd.DataFrame, out: BinaryIO) -> None:
    """Write ``frame`` as UTF-8-with-BOM CSV, formulas neutralised. Lines end in CRLF (as Excel
    writes them), so a cell holding a lone CR or LF is quoted and cannot start a row of its own."""
    out.write(neutralised(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig"))


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    write_csv(frame, buf)
    return buf.getvalue()


def write_xlsx(frame: pd.DataFrame, out: BinaryIO, sheet_name: str = "数据") -> None:
    """Write ``frame`` as an XLSX workbook (openpyxl), formulas neutralised."""
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        neutralised(frame).to_excel(writer, index=False, sheet_name=sheet_name)


def to_xlsx_bytes(frame: pd.DataFrame, sheet_name: str = "数据") -> bytes:
    buf = io.BytesIO()
    write_xlsx(frame, buf, sheet_name)
    return buf.getvalue()


def read_csv_bytes(data: bytes | BinaryIO) -> pd.DataFrame:
    """Read a CSV written by :func:`write_csv` (bytes or a binary file-like object)."""
    src = io.BytesIO(data) if isinstance(data, bytes) else data
    return pd.read_csv(src, encoding="utf-8-sig", dtype=str, keep_default_na=False)


def read_xlsx_bytes(data: bytes | BinaryIO) -> pd.DataFrame:
    """Read the first sheet of an XLSX (bytes or a binary file-like object)."""
    src = io.BytesIO(data) if isinstance(data, bytes) else data
    return pd.read_excel(src, engine="openpyxl")


def _cell_text(value) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_html(frame: pd.DataFrame, class_name: str = "lawreport-table") -> str:
    """A frame as a plain HTML table (no index), every header and cell escaped: the sections'
    indicator list, drawn by the browser as it is (no grid, no scripts), so long names wrap and
    every row is in sight, as it prints and screenshots.

    >>> print(to_html(pd.DataFrame({"指标": ["事故起数", "<b>x</b>"], "数值": ["70", "1 & 2"]})))
    <table class="lawreport-table"><thead><tr><th>指标</th><th>数值</th></tr></thead><tbody>
    <tr><td>事故起数</td><td>70</td></tr>
    <tr><td>&lt;b&gt;x&lt;/b&gt;</td><td>1 &amp; 2</td></tr>
    </tbody></table>
    >>> print(to_html(pd.DataFrame({"损失": [70.0, 12.5, None]})).splitlines()[1:4])  # whole numbers without ".0"
    ['<tr><td>70</td></tr>', '<tr><td>12.5</td></tr>', '<tr><td></td></tr>']
    """
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell_text(v))}</td>" for v in row) + "</tr>\n"
        for row in frame.itertuples(index=False)
    )
    return f'<table class="{html.escape(class_name)}"><thead><tr>{head}</tr></thead><tbody>\n{rows}</tbody></table>'
