"""Crafted hostile files against the import: time and peak memory of each, in its own process.

Each case is built in a temporary folder (the large ones stay small on disk: an XLSX part is
written compressed by zipfile), then ``python -m lawreport_data import FILE --dry-run`` runs on
it in a subprocess against a fresh SQLite store, with a timeout so no case can hang the run.
The peak RSS is ``resource.getrusage(RUSAGE_CHILDREN)`` of that one process.

    .venv/bin/python benchmarks/bench_crafted.py [--timeout 120] [--rows 300000]

Prints one line a case: size on disk, seconds, peak RSS in MB, exit status and the CLI's answer.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEADER = "地区,指标,期间,数值"
ROW = "灌云县,事故起数,2022-11,3"

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
    'Target="sharedStrings.xml"/></Relationships>'
)
SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _inline_row(number: int, cells: list[str], columns: str = "ABCD") -> str:
    inner = "".join(
        f'<c r="{col}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
        for col, text in zip(columns, cells, strict=False)
    )
    return f'<row r="{number}">{inner}</row>'


def write_xlsx(path: Path, sheet_xml: str | bytes, shared_strings: list[bytes] | None = None) -> None:
    """A minimal workbook; ``shared_strings`` are the raw pieces of sharedStrings.xml, streamed
    into the zip one by one (so a 300 MB part never sits in memory here)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", ROOT_RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            for piece in shared_strings or [f'<sst {SHEET_NS} count="0" uniqueCount="0"></sst>'.encode()]:
                part.write(piece)


def xlsx_huge_shared_string(path: Path, megabytes: int = 300) -> None:
    """One shared string of ``megabytes`` MB (a highly compressible run of one letter)."""
    block = b"A" * (1 << 20)
    pieces = [f'<sst {SHEET_NS} count="1" uniqueCount="1"><si><t>'.encode()]
    pieces += [block] * megabytes
    pieces.append(b"</t></si></sst>")
    rows = _inline_row(1, HEADER.split(",")) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    write_xlsx(path, f"<worksheet {SHEET_NS}><sheetData>{rows}</sheetData></worksheet>", pieces)


def xlsx_many_shared_strings(path: Path, count: int = 1_400_000) -> None:
    """``count`` small distinct shared strings: a part just under the limit of 32 MB."""
    pieces = [f'<sst {SHEET_NS} count="{count}" uniqueCount="{count}">'.encode()]
    for start in range(0, count, 100_000):
        pieces.append(b"".join(b"<si><t>%d</t></si>" % i for i in range(start, min(count, start + 100_000))))
    pieces.append(b"</sst>")
    rows = _inline_row(1, HEADER.split(",")) + _inline_row(2, ROW.split(","))
    write_xlsx(path, f"<worksheet {SHEET_NS}><sheetData>{rows}</sheetData></worksheet>", pieces)


def xlsx_declared_dimension(path: Path) -> None:
    """Declares ``A1:XFD1048576`` and holds the header, one row, and one cell in the far corner."""
    rows = _inline_row(1, HEADER.split(",")) + _inline_row(2, ROW.split(","))
    rows += '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t></t></is></c></row>'
    sheet = f'<worksheet {SHEET_NS}><dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData></worksheet>'
    write_xlsx(path, sheet)


def csv_trailing_columns(path: Path, columns: int = 100_000) -> None:
    commas = "," * columns
    path.write_text(f"{HEADER}{commas}\n{ROW}{commas}\n", encoding="utf-8")


def csv_wide_row(path: Path, commas: int = 50_000_000) -> None:
    """A 4-column header, then one row followed by ``commas`` empty cells."""
    with path.open("w", encoding="utf-8") as f:
        f.write(f"{HEADER}\n{ROW}")
        f.write("," * commas)
        f.write("\n")


def csv_huge_cell(path: Path, megabytes: int = 45) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write(f"{HEADER}\n灌云县,事故起数,2022-11,")
        f.write("9" * (megabytes << 20))
        f.write("\n")


def csv_huge_title(path: Path, kilobytes: int = 450) -> None:
    path.write_text("标" * (kilobytes * 1024 // 3) + f"\n{HEADER}\n{ROW}\n", encoding="utf-8")


def csv_normal(path: Path, rows: int) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "make_import_csv.py"), str(path), "--rows", str(rows)],
        check=True,
        capture_output=True,
    )


CASES = [
    ("xlsx: one 300 MB shared string", "huge_shared_string.xlsx", xlsx_huge_shared_string),
    ("xlsx: 1,400,000 small shared strings", "many_shared_strings.xlsx", xlsx_many_shared_strings),
    ("xlsx: declares A1:XFD1048576, one far cell", "declared_dimension.xlsx", xlsx_declared_dimension),
    ("csv: 100,000 empty trailing columns", "trailing_columns.csv", csv_trailing_columns),
    ("csv: a row with 50,000,000 empty cells", "wide_row.csv", csv_wide_row),
    ("csv: one 45 MB cell", "huge_cell.csv", csv_huge_cell),
    ("csv: 450 KB title line", "huge_title.csv", csv_huge_title),
]


def run_case(path: Path, db_url: str, timeout: float) -> tuple[float, float, str, str]:
    """(seconds, peak RSS in MB, exit status, last line of output) of one dry-run import."""
    env = {**os.environ, "LAWREPORT_DB_URL": db_url, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "lawreport_data", "import", str(path), "--dry-run"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        status, output = str(proc.returncode), (proc.stdout + proc.stderr).strip()
    except subprocess.TimeoutExpired:  # subprocess.run kills the import before raising
        status, output = "timeout", f"killed after {timeout:.0f} s"
    seconds = time.perf_counter() - start
    # this process (``--one``) has run no other child: the children's maximum is the import's
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    line = output.splitlines()[0] if output else ""
    return seconds, peak / 1024, status, line.replace(str(path.parent) + "/", "")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a case may take (default 120)")
    parser.add_argument("--rows", type=int, default=300_000, help="rows of the normal CSV (default 300000)")
    parser.add_argument("--case", help="run only the case whose file name contains this")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one built file, print the result
    args = parser.parse_args()
    if args.one:
        path = Path(args.one)
        with tempfile.TemporaryDirectory() as tmp:
            seconds, peak, status, line = run_case(path, f"sqlite:///{tmp}/store.sqlite", args.timeout)
        print(f"{seconds:.1f}\t{peak:.0f}\t{status}\t{line}")
        return
    cases = CASES + [(f"csv: normal {args.rows:,} rows", "normal.csv", lambda p: csv_normal(p, args.rows))]
    print(f"{'case':45} {'size':>10} {'time':>8} {'peak RSS':>9}  exit  answer")
    with tempfile.TemporaryDirectory() as tmp:
        for label, file_name, build in cases:
            if args.case and args.case not in file_name:
                continue
            path = Path(tmp) / file_name
            build(path)
            size = path.stat().st_size
            # a fresh process per case, so RUSAGE_CHILDREN's maximum is this case's own
            out = subprocess.run(
                [sys.executable, __file__, "--one", str(path), "--timeout", str(args.timeout)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            seconds, peak, status, line = out.split("\t", 3)
            size_text = f"{size / 1024:.1f} KB" if size < 1 << 20 else f"{size / (1 << 20):.1f} MB"
            print(
                f"{label:45} {size_text:>10} {float(seconds):>6.1f} s {float(peak):>6.0f} MB  {status:>4}  {line[:160]}"
            )
            path.unlink()


if __name__ == "__main__":
    main()
