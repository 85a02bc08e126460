"""Write a long county-import CSV of about N rows (default 300,000) for benchmarks/bench_import.py.

Every (region, indicator, span of months) of consecutive years back from 2022, so no key repeats;
values as counties write them: mostly plain numbers, some with thousands separators, a unit,
余 or 约, and percentages for rate indicators.

    python benchmarks/make_import_csv.py out.csv [--rows 300000]
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lawreport_data import catalog  # noqa: E402

# Every month first, then every other span of months (1-2月 … 全年): 78 periods a year.
SPANS = [(m, m) for m in range(1, 13)] + [(s, e) for s in range(1, 13) for e in range(s + 1, 13)]


def write(path: Path, rows: int, seed: int = 7, only: set[str] | None = None) -> int:
    """``rows`` rows into ``path``; with ``only``, of those indicator codes alone."""
    rng = random.Random(seed)
    regions = [r.name for r in catalog.REGION_LIST]
    indicators = [i for i in catalog.INDICATOR_LIST if only is None or i.code in only]
    written = 0
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["地区", "指标", "期间", "数值", "备注"])
        year = 2022
        while written < rows:
            for region in regions:
                for ind in indicators:
                    for start, end in SPANS:
                        if written >= rows:
                            return written
                        if ind.unit == "%":
                            value = f"{rng.uniform(50, 100):.1f}%"
                        else:
                            n = rng.randint(0, 5000)
                            kind = rng.random()
                            if kind < 0.05:
                                value = f"{n:,}"
                            elif kind < 0.08:
                                value = f"{n}{ind.unit}"
                            elif kind < 0.10:
                                value = f"{n}余"
                            else:
                                value = str(n)
                        period = f"{year}-{start:02d}" if start == end else f"{year}-{start:02d}..{year}-{end:02d}"
                        out.writerow([region, ind.name, period, value, ""])
                        written += 1
            year -= 1
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--rows", type=int, default=300_000)
    args = parser.parse_args()
    n = write(args.path, args.rows)
    print(f"wrote {n:,} rows to {args.path} ({args.path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
