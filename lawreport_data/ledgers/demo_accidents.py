"""Synthetic accident records for the demo (``init-db --demo``): one ledger row per accident,
made from the demo's county months (:func:`lawreport_data.demo.demo_frame`) so that counting the
records gives back exactly the demo's figures, and through them the report's (1-11月 2022: 70起,
37人, no 较大 accident). Every record is marked ``synthetic``.

The records reproduce these indicators of ``catalog.INDICATORS`` (flows, counted from 计入
records of a county month), and only these:

- ``accidents`` 事故起数 (起): the number of records;
- ``deaths`` 死亡人数 (人): the sum of ``deaths`` (``missing`` is always 0, so it is also the
  deaths counting the missing that grades use);
- ``injuries`` 受伤人数 (人): the sum of ``injuries`` (the seriously injured are among them);
- ``direct_loss`` 直接经济损失 (万元): the sum of ``direct_loss`` (whole quarters of 万元, so the sums
  are exact);
- ``major_accidents`` 较大及以上事故起数 (起): the records graded 较大 or above (by their deaths: 3-9).

Besides them, :data:`WRITE_OFFS_PER_YEAR` records a year are 核销 (written off: a death that proved
no production safety accident, a report sent twice), each with a 核销原因 of
``catalog.DEMO_WRITE_OFF_REASONS``: listed with the others, never counted, so the counts stay the
demo's figures.

A record is valid as the reader checks one: its grade is :func:`~.accidents.grade_of` its figures,
重伤 within 受伤, a 统一社会信用代码 (with GB 32100's and GB 11714's check characters) for an
enterprise or none, a unique 事故编号. Sectors are weighted as accident statistics run (道路运输
first, 建筑业 second, 危险化学品 where the chemical parks are), each with the GB 6441-86 classes
it has; times of day peak in working hours.

>>> from lawreport_data import demo, report2022
>>> real = report2022.report_frame()
>>> records = demo_accident_records(demo.demo_frame(real), real)
>>> list(records.columns) == [*RECORD_COLUMNS, "synthetic"], bool(records["synthetic"].all())
(True, True)
>>> counted = records[records["status"] == "counted"]
>>> in_span = counted[(counted["occurred_at"] >= "2022-01-01") & (counted["occurred_at"] < "2022-12-01")]
>>> len(in_span), int(in_span["deaths"].sum()), int((in_span["grade"] != "general").sum())
(70, 37, 0)
>>> off = records[records["status"] == "written_off"]
>>> off.groupby(off["occurred_at"].dt.year).size().tolist(), bool(off["write_off_reason"].notna().all())
([3, 3, 3, 3, 3], True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import catalog, demo
from .accidents import RECORD_COLUMNS, grade_of
from .cells import credit_check

__all__ = ["INDICATORS", "WRITE_OFFS_PER_YEAR", "credit_codes", "demo_accident_records"]

# The indicators the records reproduce, in the order of the module's docstring.
INDICATORS = ("accidents", "deaths", "injuries", "direct_loss", "major_accidents")
SEED = (demo.SEED, 14)  # the demo's seed, and the issue that added the ledger
WRITE_OFFS_PER_YEAR = 3  # 核销 records a year, in county months drawn at random

# How often each 行业领域 has an accident (relative), and where some are more frequent.
SECTOR_WEIGHTS = {
    "coal": 0.0,  # no coal mine in the city
    "metal_mine": 0.02,
    "hazchem": 0.05,
    "fireworks": 0.005,
    "construction": 0.17,
    "industry_trade": 0.12,
    "other_icm": 0.04,
    "road": 0.40,
    "water": 0.04,
    "rail": 0.01,
    "aviation": 0.0,
    "fishing": 0.04,
    "farm_machinery": 0.03,
    "fire": 0.05,
}
REGION_SECTOR_FACTORS = {
    "LYG-XW": {"hazchem": 6.0},  # the petrochemical base
    "320723": {"hazchem": 2.0},  # chemical parks
    "320724": {"hazchem": 2.0},
    "320703": {"water": 3.0, "fishing": 2.0},  # the port
    "320707": {"fishing": 3.0},
    "320722": {"metal_mine": 2.0},
}
# GB 6441-86 classes each sector has, with their relative frequency.
SECTOR_TYPES = {
    "coal": {"11": 3, "15": 1, "12": 1, "02": 1},
    "metal_mine": {"10": 3, "11": 2, "09": 2, "13": 1, "02": 1},
    "hazchem": {"19": 4, "08": 2, "18": 1, "17": 1, "07": 1},
    "fireworks": {"14": 1},
    "construction": {"09": 6, "01": 3, "10": 2, "04": 2, "05": 1, "03": 1},
    "industry_trade": {"03": 4, "01": 2, "04": 2, "09": 2, "05": 1, "19": 1, "07": 1},
    "other_icm": {"01": 2, "20": 2, "09": 1, "02": 1},
    "road": {"02": 1},
    "water": {"06": 3, "20": 1},
    "rail": {"02": 1},
    "aviation": {"20": 1},
    "fishing": {"06": 3, "20": 1},
    "farm_machinery": {"02": 2, "03": 1},
    "fire": {"08": 1},
}
# GB/T 4754-2017 大类 of each sector's accidents (the first listed most often), None: not given.
SECTOR_INDUSTRIES = {
    "coal": ("06",),
    "metal_mine": ("10", "08"),
    "hazchem": ("26", "25"),
    "fireworks": ("26",),
    "construction": ("47", "48", "50"),
    "industry_trade": ("33", "34", "30", "13", "31"),
    "other_icm": ("59", "51"),
    "road": ("54",),
    "water": ("55",),
    "rail": ("53",),
    "aviation": ("56",),
    "fishing": ("04",),
    "farm_machinery": ("01",),
    "fire": (None,),
}
# Who dies and who is hurt (relative, per accident), and how costly an accident is.
LETHALITY = {"road": 3.0, "water": 3.0, "fishing": 3.0, "construction": 2.0, "hazchem": 2.0, "metal_mine": 2.0}
INJURY = {"road": 3.0, "fire": 2.0, "hazchem": 2.0}
LOSS_SCALE = {"hazchem": 4.0, "fire": 3.0, "water": 3.0, "construction": 1.5, "industry_trade": 1.5}
SERIOUS_SHARE = 0.3  # of the injured, seriously
# Sectors whose accidents happen at an enterprise named in the record (with its credit code).
UNIT_SECTORS = (*catalog.ACCIDENT_SECTOR_GROUPS["icm"][1], "water")
UNITS_PER_SECTOR = 40  # enterprises of a sector in a county
# The hour of day: working hours most, a dip at noon, few at night.
HOUR_WEIGHTS = np.array([1, 1, 1, 1, 1, 2, 3, 5, 8, 9, 9, 7, 5, 7, 9, 9, 8, 7, 5, 4, 3, 2, 2, 1], dtype=float)

_LARGER = demo.LARGER_DEATHS
_MOST = demo.MAJOR_DEATHS - 1  # a 较大 accident's deaths at most
_SERIOUS_MOST = next(s for g, _, s, _ in catalog.ACCIDENT_GRADE_THRESHOLDS if g == "larger") - 1  # still 一般
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_codes(areas, orgs) -> list[str]:
    """统一社会信用代码 of enterprises (9: market regulation, 1: enterprise), each in an area (six
    digits) with a 组织机构代码 starting with an org (eight digits or capitals): its GB 11714 check
    character and GB 32100's last character computed (the last for all codes at once).

    >>> credit_codes(["350100"], ["M000100Y"])  # the published example
    ['91350100M000100Y43']
    >>> from lawreport_data.ledgers.accidents import valid_credit_code
    >>> code = credit_codes(["320723"], ["05070001"])[0]  # 11 - (5·7 + 7·10 + 1·2) mod 11 = 3
    >>> code[8:17], valid_credit_code(code)
    ('050700013', True)
    """
    bodies = []
    for area, org in zip(areas, orgs, strict=True):
        check = 11 - sum(int(c, 36) * w for c, w in zip(org, _ORG_WEIGHTS, strict=True)) % 11
        bodies.append(f"91{area}{org}{'X' if check == 10 else '0' if check == 11 else check}")
    if not bodies:
        return []
    _, last = credit_check([b + "0" for b in bodies])
    return [b + str(c) for b, c in zip(bodies, last, strict=True)]


def demo_accident_records(demo_rows: pd.DataFrame, real: pd.DataFrame) -> pd.DataFrame:
    """Accident records whose counts per county month are the demo's figures of :data:`INDICATORS`
    (``demo_rows`` as :func:`lawreport_data.demo.demo_frame` makes it), the columns
    :data:`~.accidents.RECORD_COLUMNS` (as :func:`~.accidents.read_accident_ledger` gives them;
    ``source_row`` is empty: no file) and ``synthetic`` (True), with :data:`WRITE_OFFS_PER_YEAR`
    核销 records a year besides (never counted). Deterministic (a fixed seed).

    Raises ValueError when the demo figures contradict a city figure of ``real`` (the report) for
    one of these indicators, or when no records can carry a county month's figures (deaths
    without an accident, more deaths than its accidents' grades allow, a loss that is no whole
    quarter of 万元).

    >>> rows = pd.DataFrame([dict(indicator=c, region="320723", year=2022, start=3, end=3, value=v)
    ...                      for c, v in dict(accidents=2, deaths=4, injuries=1, direct_loss=7.5,
    ...                                       major_accidents=1).items()])
    >>> r = demo_accident_records(rows, rows.iloc[:0])
    >>> counted = r[r["status"] == "counted"]
    >>> counted[["deaths", "injuries", "direct_loss"]].sum().tolist(), counted["grade"].tolist()
    ([4.0, 1.0, 7.5], ['larger', 'general'])
    >>> r["status"].value_counts().to_dict()  # and the year's written-off ones
    {'written_off': 3, 'counted': 2}
    """
    cells = _cells(demo_rows)
    _check_real(cells, real)
    rng = np.random.default_rng(list(SEED))
    counts = cells["accidents"].to_numpy(dtype="int64")
    n = int(counts.sum())
    cell = np.repeat(np.arange(len(cells)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    rank = np.arange(n) - first  # a record's place in its county month: the 较大 ones first
    region = cells["region"].to_numpy(dtype=object)[cell]
    year = cells["year"].to_numpy(dtype="int64")[cell]
    month = cells["start"].to_numpy(dtype="int64")[cell]
    major = rank < cells["major_accidents"].to_numpy(dtype="int64")[cell]

    sector = _sectors(region, rng)
    kind, industry = _kinds(sector, rng)
    occurred = _times(year, month, rng)
    deaths = np.zeros(n, dtype="int64")
    injuries = np.zeros(n, dtype="int64")
    loss_quarters = np.zeros(n, dtype="int64")
    lethal = np.array([LETHALITY.get(s, 1.0) for s in sector])
    hurt = np.array([INJURY.get(s, 1.0) for s in sector])
    costly = np.array([LOSS_SCALE.get(s, 1.0) for s in sector]) * rng.gamma(2.0, 1.0, size=n)
    starts = np.cumsum(counts) - counts
    empty = (counts == 0) & (cells[["deaths", "injuries", "direct_loss", "major_accidents"]] > 0).any(axis=1)
    if empty.any():
        c = cells[empty].iloc[0]
        raise ValueError(f"deaths, injuries or a loss without an accident in {(c.region, c.year, c.start)}")
    for i, c in zip(np.flatnonzero(counts), cells[counts > 0].itertuples(index=False), strict=True):
        at = slice(starts[i], starts[i] + counts[i])
        where = (c.region, c.year, c.start)
        deaths[at] = _deaths(int(c.deaths), major[at], lethal[at], rng, where)
        injuries[at] = rng.multinomial(int(c.injuries), _share(hurt[at]))
        loss_quarters[at] = demo.apportion(costly[at], _quarters(c.direct_loss, where))
    serious = np.minimum(rng.binomial(injuries, SERIOUS_SHARE), _SERIOUS_MOST)
    direct_loss = loss_quarters / 4.0
    grade = grade_of(deaths, serious, direct_loss)
    wrong = (grade != "general") != major
    if wrong.any():
        at = int(np.argmax(wrong))
        raise ValueError(f"a record graded {grade[at]} in {(region[at], year[at], month[at])}")

    status = np.full(n, "counted", dtype=object)
    reason = np.full(n, None, dtype=object)
    off = _write_offs(cells, np.random.default_rng([*SEED, 1]))  # their own draws: the counted stay as they are
    region, year, occurred, sector, kind, industry, deaths, serious, injuries, direct_loss, status, reason = (
        np.concatenate([mine, off[name]])
        for mine, name in (
            (region, "region"), (year, "year"), (occurred, "occurred_at"), (sector, "sector"), (kind, "type"),
            (industry, "industry"), (deaths, "deaths"), (serious, "serious_injuries"), (injuries, "injuries"),
            (direct_loss, "direct_loss"), (status, "status"), (reason, "write_off_reason"),
        )
    )  # fmt: skip
    grade = np.asarray(grade_of(deaths, serious, direct_loss), dtype=object)  # the written-off ones 一般
    n = len(region)

    unit, credit = _units(region, sector, rng)
    order = np.lexsort((occurred, region, year))
    sorted_region, sorted_year = region[order], year[order]
    seq = pd.Series(np.ones(n, dtype="int64")).groupby([sorted_year, sorted_region]).cumsum().to_numpy()
    numbers = [f"DEMO-{y}-{r}-{s:04d}" for y, r, s in zip(sorted_year, sorted_region, seq, strict=True)]
    columns = {
        "key": numbers,
        "record_no": numbers,
        "occurred_at": occurred[order],
        "region": sorted_region,
        "unit": unit[order],
        "credit_code": credit[order],
        "sector": sector[order],
        "industry": industry[order],
        "type": kind[order],
        "deaths": deaths[order],
        "missing": np.zeros(n, dtype="int64"),
        "serious_injuries": serious[order],
        "injuries": injuries[order],
        "direct_loss": direct_loss[order],
        "grade": grade[order],
        "status": status[order],
        "write_off_reason": reason[order],
        "summary": None,
        "source_row": pd.array([pd.NA] * n, dtype="Int64"),
    }
    out = pd.DataFrame(index=pd.RangeIndex(n))
    for name in RECORD_COLUMNS:  # one column at a time, as the reader builds them
        value = columns[name]
        out[name] = value if name == "source_row" else pd.Series(value, dtype=_DTYPES.get(name, object))
    out["summary"] = _summaries(out)
    out["synthetic"] = True
    return out


_DTYPES = {"occurred_at": "datetime64[ns]", "direct_loss": "float64"} | dict.fromkeys(
    ("deaths", "missing", "serious_injuries", "injuries"), "int64"
)


def _cells(demo_rows: pd.DataFrame) -> pd.DataFrame:
    """One row per county month (region, year, start) with a column per indicator (0 when absent)."""
    rows = demo_rows[demo_rows["indicator"].isin(INDICATORS) & (demo_rows["start"] == demo_rows["end"])]
    wide = rows.pivot_table(
        index=["region", "year", "start"], columns="indicator", values="value", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(columns=list(INDICATORS), fill_value=0).reset_index()
    wide.columns.name = None
    if (wide[list(INDICATORS)] < 0).any().any():
        raise ValueError("a negative demo figure")
    for code in ("accidents", "deaths", "injuries", "major_accidents"):
        if (wide[code] != wide[code].round()).any():
            raise ValueError(f"a demo {code} figure that is not whole")
    if (wide["major_accidents"] > wide["accidents"]).any():
        raise ValueError("more larger-or-above accidents than accidents in a demo county month")
    return wide


def _check_real(cells: pd.DataFrame, real: pd.DataFrame, indicators=INDICATORS) -> None:
    """The city's figures in ``real`` for the reproduced ``indicators`` must be the sums of the demo's."""
    if real.empty:
        return
    mine = real[real["indicator"].isin(indicators) & (real["region"] == catalog.CITY_CODE)]
    for r in mine.itertuples():
        span = cells[(cells["year"] == r.year) & cells["start"].between(r.start, r.end)]
        total = span[r.indicator].sum()
        if len(span) and abs(total - r.value) > 1e-9:
            raise ValueError(f"demo {r.indicator} {r.year} {r.start}-{r.end}: {total:g}, the report says {r.value:g}")


def _share(weights) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _sectors(region: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    codes = list(SECTOR_WEIGHTS)
    out = np.empty(len(region), dtype=object)
    for code in dict.fromkeys(region):
        at = np.flatnonzero(region == code)
        factors = REGION_SECTOR_FACTORS.get(code, {})
        p = _share([SECTOR_WEIGHTS[s] * factors.get(s, 1.0) for s in codes])
        out[at] = rng.choice(codes, size=len(at), p=p)
    return out


def _kinds(sector: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """A GB 6441-86 class and a GB/T 4754-2017 大类 (or None) for each record, by its sector."""
    kind = np.empty(len(sector), dtype=object)
    industry = np.empty(len(sector), dtype=object)
    for code in SECTOR_TYPES:
        at = np.flatnonzero(sector == code)
        if len(at):
            types = SECTOR_TYPES[code]
            kind[at] = rng.choice(list(types), size=len(at), p=_share(list(types.values())))
            choices = np.array(SECTOR_INDUSTRIES[code], dtype=object)
            industry[at] = choices[np.minimum(rng.geometric(0.6, size=len(at)) - 1, len(choices) - 1)]
    return kind, industry


def _write_offs(cells: pd.DataFrame, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """:data:`WRITE_OFFS_PER_YEAR` 核销 records for each year of ``cells`` (:func:`_cells`), each in a
    county month of that year drawn at random: one death (and at times one injured), no loss, a
    核销原因 of ``catalog.DEMO_WRITE_OFF_REASONS``; the fields the counted records have (by name)."""
    at = np.concatenate(
        [
            rng.choice(np.flatnonzero(cells["year"].to_numpy() == y), size=WRITE_OFFS_PER_YEAR)
            for y in sorted(cells["year"].unique())
        ]
    ) if len(cells) else np.zeros(0, dtype="int64")  # fmt: skip
    m = len(at)
    region = cells["region"].to_numpy(dtype=object)[at]
    year = cells["year"].to_numpy(dtype="int64")[at]
    sector = _sectors(region, rng)
    kind, industry = _kinds(sector, rng)
    reasons = np.array(catalog.DEMO_WRITE_OFF_REASONS, dtype=object)
    return {
        "region": region,
        "year": year,
        "occurred_at": _times(year, cells["start"].to_numpy(dtype="int64")[at], rng),
        "sector": sector,
        "type": kind,
        "industry": industry,
        "deaths": np.ones(m, dtype="int64"),
        "serious_injuries": np.zeros(m, dtype="int64"),
        "injuries": rng.integers(0, 2, size=m),
        "direct_loss": np.zeros(m),
        "status": np.full(m, "written_off", dtype=object),
        "write_off_reason": reasons[rng.integers(0, len(reasons), size=m)],
    }


def _times(year: np.ndarray, month: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A minute in the month, the hour by :data:`HOUR_WEIGHTS`."""
    starts = np.array([f"{y}-{m:02d}" for y, m in zip(year, month, strict=True)], dtype="datetime64[M]")
    days = ((starts + 1).astype("datetime64[D]") - starts.astype("datetime64[D]")).astype("int64")
    day = np.floor(rng.random(len(year)) * days).astype("int64")
    hour = rng.choice(24, size=len(year), p=_share(HOUR_WEIGHTS))
    minute = rng.integers(0, 60, size=len(year))
    return starts.astype("datetime64[m]") + ((day * 24 + hour) * 60 + minute).astype("timedelta64[m]")


def _deaths(total: int, major: np.ndarray, lethal: np.ndarray, rng: np.random.Generator, where) -> np.ndarray:
    """Deaths of a county month's accidents: 3 for each 较大 one, then one each for the 一般 ones
    most likely to kill (by sector, in a random order), a second each, then the 较大 ones up to 9."""
    out = np.where(major, _LARGER, 0)
    rest = total - int(out.sum())
    if rest < 0:
        raise ValueError(f"{total} deaths cannot make {int(major.sum())} larger-or-above accidents in {where}")
    keys = np.log(lethal) + rng.gumbel(size=len(lethal))  # a weighted random order
    general = [i for i in np.argsort(-keys, kind="stable") if not major[i]]
    for cap, who in ((1, general), (_LARGER - 1, general), (_MOST, np.flatnonzero(major))):
        for i in who:
            take = min(rest, cap - out[i])
            if take > 0:
                out[i] += take
                rest -= take
    if rest:
        raise ValueError(f"{total} deaths are more than the accidents of {where} can have")
    return out


def _quarters(loss: float, where) -> int:
    quarters = round(float(loss) * 4)
    if abs(quarters - float(loss) * 4) > 1e-9:
        raise ValueError(f"a loss of {loss:g} (10,000 yuan) in {where} is no whole quarter")
    return quarters


def _units(region: np.ndarray, sector: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """An enterprise and its credit code for the accidents of :data:`UNIT_SECTORS` ("" and None
    for the others); an enterprise's code is the same wherever it appears."""
    n = len(region)
    unit = np.full(n, "", dtype=object)
    credit = np.full(n, None, dtype=object)
    number = rng.integers(1, UNITS_PER_SECTOR + 1, size=n)
    regions = [r.code for r in catalog.REGION_LIST]
    sectors = list(catalog.ACCIDENT_SECTORS)
    at = np.flatnonzero(np.isin(sector, UNIT_SECTORS))
    areas, orgs = [], []
    for i in at:
        r, s, k = region[i], sector[i], int(number[i])
        unit[i] = catalog.DEMO_ACCIDENT_UNIT.format(
            region=catalog.region_name(r), sector=catalog.ACCIDENT_SECTORS[s], number=k
        )
        areas.append(r if r.isdigit() else catalog.CITY_CODE)
        orgs.append(f"{regions.index(r):02d}{sectors.index(s):02d}{k:04d}")
    credit[at] = credit_codes(areas, orgs)
    return unit, credit


def _summaries(records: pd.DataFrame) -> pd.Series:
    """简要经过 of each record, written from its fields (a catalog template)."""
    when = records["occurred_at"]
    texts = [
        catalog.DEMO_ACCIDENT_SUMMARY.format(
            month=t.month,
            day=t.day,
            hour=t.hour,
            minute=t.minute,
            where=u or catalog.region_name(r),
            type=catalog.ACCIDENT_TYPES[k],
            deaths=d,
            injuries=j,
        )
        for t, u, r, k, d, j in zip(
            when,
            records["unit"],
            records["region"],
            records["type"],
            records["deaths"],
            records["injuries"],
            strict=True,
        )
    ]
    return pd.Series(texts, index=records.index, dtype=object)
