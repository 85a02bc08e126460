"""Round-trip check of the Word briefing through LibreOffice, and chart-export timing.

    .venv/bin/python benchmarks/check_briefing.py [--out DIR] [--region 灌云县] [--period 2022-01..2022-11]

Makes a database with the report's figures and the demo data in DIR, writes the briefing,
converts it to PDF with ``libreoffice --headless --convert-to pdf`` and the pages to PNG with
``pdftoppm`` (look at them), and checks the PDF's text holds the generated sentences. Prints
the time of the first chart (browser start) and of the following ones, and their ratio.
Not part of ``make test``: CI does not install LibreOffice.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawreport_data import api, png  # noqa: E402
from lawreport_data.periods import Period  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=None, help="directory for the database, .docx, .pdf and page PNGs")
    parser.add_argument("--region", default="灌云县")
    parser.add_argument("--period", default="2022-01..2022-11")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="briefing-check-"))
    out.mkdir(parents=True, exist_ok=True)
    period = Period.parse(args.period)
    engine = api.open_engine(f"sqlite:///{out / 'check.sqlite'}")
    api.init_db(engine, demo_data=True)

    specs = api.section_figures(engine, period, args.region)
    t0 = time.perf_counter()
    png.render(specs[0].figure)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for spec in specs[1:]:
        png.render(spec.figure)
    rest = (time.perf_counter() - t0) / max(1, len(specs) - 1)
    print(
        f"charts: {len(specs)}; first {first:.2f} s (browser start), then {rest:.3f} s each; ratio {first / rest:.1f}"
    )

    failures = 0
    for region in (None, args.region):
        _, sentences = api.narrative_sentences(engine, period, region)
        t0 = time.perf_counter()
        data = api.briefing_docx(engine, period, region)
        name = f"briefing_{region or 'city'}"
        docx = out / f"{name}.docx"
        docx.write_bytes(data)
        print(f"{docx}: {len(data) // 1024} KB in {time.perf_counter() - t0:.1f} s")
        office = shutil.which("libreoffice") or shutil.which("soffice")
        if office is None:
            print("LibreOffice not installed (apt-get install libreoffice-writer-nogui): conversion not checked")
            continue
        subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)], check=True)
        pdf = docx.with_suffix(".pdf")
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(out / name)], check=True)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = "".join(text.split())
        missing = [s.text for s in sentences if "".join(s.text.split())[:20] not in flat]
        pages = sorted(out.glob(f"{name}-*.png"))
        print(f"{pdf}: {len(pages)} pages as PNG in {out}; sentences not found in the PDF text: {len(missing)}")
        for m in missing:
            print("   missing:", m)
        failures += bool(missing)
    png.stop()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
