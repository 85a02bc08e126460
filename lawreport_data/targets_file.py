"""A file of 安全生产控制指标 (control targets): one row per region, year and indicator with the
columns 地区, 年度, 指标, 控制数 (CSV in any of the encodings counties send, or Excel; title rows
above the header are skipped). Read and checked whole: every problem is named by its row and
column, and a file with any problem gives no targets."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from . import catalog, importer

COLUMNS = catalog.TARGET_FILE_COLUMNS
_YEAR = re.compile(r"^(\d{4})(?:年|年度)?$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


@dataclass
class TargetsRead:
    file_name: str
    file_hash: str
    targets: pd.DataFrame  # region, year, indicator, target, row
    problems: pd.DataFrame  # importer.PROBLEM_FIELDS


def is_header(cells: list[str]) -> bool:
    """The header row: it names every column of a targets file.

    >>> is_header(["地区", "年度", "指标", "控制数"]), is_header(["地区", "期间", "事故起数"])
    (True, False)
    """
    names = {importer.norm(c) for c in cells}
    return all(importer.norm(c) in names for c in COLUMNS.values())


def _problem(row: int, column: str, value, kind: str, hint: str = "") -> dict:
    zh, en = catalog.IMPORT_PROBLEMS[kind]
    return {
        "row": row,
        "column": column,
        "value": str(value),
        "problem": zh,
        "hint": hint,
        "problem_en": en,
        "kind": kind,
    }


def read_targets(fileobj, name: str, *, regions: pd.DataFrame | None = None, sheet: str | None = None) -> TargetsRead:
    """The targets of a file and its problems (``targets`` empty when there is any).

    >>> import io
    >>> good = "2023年控制指标\\n地区,年度,指标,控制数\\n灌云县,2022,死亡人数,12\\n"
    >>> read_targets(io.BytesIO(good.encode("gbk")), "t.csv").targets.values.tolist()
    [['320723', 2022, 'deaths', 12.0, 3]]
    >>> bad = good + "东海县,2022年,受伤人数,-1\\n灌云县,2022,死亡人数,11\\n"
    >>> read = read_targets(io.BytesIO(bad.encode("gbk")), "t.csv")
    >>> read.problems[["row", "column", "kind"]].values.tolist(), len(read.targets)
    ([[4, '指标', 'not_a_target_indicator'], [4, '控制数', 'bad_value'], [5, '地区', 'duplicate_target']], 0)
    """
    file_hash = importer.file_hash(fileobj)
    raw = importer.read_raw(fileobj, sheet, header_test=is_header)
    where = {importer.norm(c): i for i, c in enumerate(raw.header)}
    position = {key: where[importer.norm(label)] for key, label in COLUMNS.items()}
    lookup = importer.region_lookup(regions)
    allowed = {code: catalog.target_info(code) for code in catalog.TARGET_CODES}
    rows, problems, seen = [], [], {}
    for chunk in raw.chunks:
        cells = {
            key: chunk[i].astype(object).where(chunk[i].notna(), "").astype(str).str.strip()
            for key, i in position.items()
        }
        for n, region, year, indicator, target in zip(
            chunk["row"], cells["region"], cells["year"], cells["indicator"], cells["target"], strict=True
        ):
            if not (region or year or indicator or target):
                continue  # a blank row
            n = int(n)
            before = len(problems)
            code = lookup.get(importer.norm(region)) if region else None
            if not region:
                problems.append(_problem(n, COLUMNS["region"], region, "missing_region"))
            elif code is None:
                names = [r.name for r in catalog.REGION_LIST]
                problems.append(
                    _problem(n, COLUMNS["region"], region, "unknown_region", importer.nearest(region, names))
                )
            match = _YEAR.match(importer.norm(year))
            if not match or not 1990 <= int(match.group(1)) <= 2100:
                problems.append(_problem(n, COLUMNS["year"], year, "bad_year"))
            ind = (importer.indicator_code(indicator) or _rate_code(indicator)) if indicator else None
            if not indicator:
                problems.append(_problem(n, COLUMNS["indicator"], indicator, "missing_indicator"))
            elif ind not in allowed:
                problems.append(_problem(n, COLUMNS["indicator"], indicator, "not_a_target_indicator"))
            number = importer.norm(target).replace(",", "")
            if not target:
                problems.append(_problem(n, COLUMNS["target"], target, "missing_value"))
            elif not _NUMBER.match(number):
                problems.append(_problem(n, COLUMNS["target"], target, "bad_value"))
            if len(problems) > before:
                continue
            key = (code, int(match.group(1)), ind)
            if key in seen:
                problems.append(_problem(n, COLUMNS["region"], region, "duplicate_target",
                                         catalog.IMPORT_HINTS["conflict"].format(rows=seen[key])))  # fmt: skip
                continue
            seen[key] = n
            rows.append({"region": code, "year": key[1], "indicator": ind, "target": float(number), "row": n})
    columns = ["region", "year", "indicator", "target", "row"]
    targets = pd.DataFrame(rows if not problems else [], columns=columns)
    frame = pd.DataFrame(problems, columns=importer.PROBLEM_FIELDS) if problems else importer.empty_problems()
    return TargetsRead(name, file_hash, targets, frame.sort_values("row", kind="stable").reset_index(drop=True))


def _rate_code(text: str) -> str | None:
    """A rate's code from its name or code (``catalog.RATE_LIST``), with or without its unit.

    >>> _rate_code("亿元GDP生产安全事故死亡率"), _rate_code("道路交通万车死亡率（人/万车）"), _rate_code("死亡率")
    ('gdp_death_rate', 'road_death_rate', None)
    """
    key = importer.norm(text)
    for rate in catalog.RATE_LIST:
        if key in {importer.norm(rate.name), importer.norm(rate.code), importer.norm(f"{rate.name}（{rate.unit}）")}:
            return rate.code
    return None
