"""执法检查企业数 kept (``inspection_distinct``): for each year, each region of the tree (its towns
included; the city: every record) and each span of whole months within the year (1-N月, a month,
a quarter, any first to last month), the number of distinct enterprises inspected.

A distinct count cannot be added up from months or regions (an enterprise inspected in January and
March, or in two counties, counts once), so it is not kept as sums are (``enforcement_sums``): the
year's enterprises are read once per write, each with the months it was inspected in per region
(a 12-bit mask), and every span's count is made from those masks (an enterprise counts in a span
when its mask meets the span's months). A page then reads its counts from a few rows instead of
counting a year's records (0.1 s for each span at a million records).

Kept in the writes' transaction: after a write of the inspections, the years it touched are
counted again (:func:`refresh_years`); after an undo or the demo records' removal, every year.
A count the table does not hold (a span across years, several regions at once, a year not
counted yet) is counted from the records by the reader (``enforcement_reads.kept_counts`` says
None).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
from sqlalchemy import Integer, cast, delete, func, literal_column, select
from sqlalchemy.orm import Session

from .. import catalog
from ..models import InspectionDistinct, InspectionRecord, Region
from ..periods import day_of
from .regions import root_code
from .writes import _bulk_insert

SPANS = [(a, b) for a in range(1, 13) for b in range(a, 13)]
"""Every span of whole months within a year: (first month, last month), 78 of them."""
_SPAN_MASKS = np.array([sum(1 << (m - 1) for m in range(a, b + 1)) for a, b in SPANS], dtype=np.int64)
_MEETS = (np.arange(4096, dtype=np.int64)[None, :] & _SPAN_MASKS[:, None]) != 0  # span × month mask


def _month_bit(session: Session):
    """SQL for a record's month as a bit (January 1 … December 2048)."""
    r = InspectionRecord
    if session.get_bind().dialect.name == "sqlite":
        month = cast(func.substr(r.inspected_on, literal_column("6"), literal_column("2")), Integer)
    else:
        month = cast(func.extract("month", r.inspected_on), Integer)
    return literal_column("1").op("<<")(month - 1)


def _year_where(session: Session, year: int) -> list:
    """The inspections of ``year`` (searched by day: ``models.InspectionRecord``'s index)."""
    r = InspectionRecord
    return [r.inspected_on >= dt.datetime(year, 1, 1), r.inspected_on < dt.datetime(year + 1, 1, 1)]


def _nodes(session: Session) -> dict[str, list[str]]:
    """Each region's code and the regions it counts in: itself, the regions above it, and the
    store's root (``regions.root_code``: the city, or the province of a province's store)."""
    parent = dict(session.execute(select(Region.code, Region.parent_code)).all())
    root = root_code(session)
    out = {}
    for code in parent:
        chain, seen = [], set()
        node = code
        while node is not None and node not in seen:
            chain.append(node)
            seen.add(node)
            node = parent.get(node)
        out[code] = sorted({*chain, root})
    return out


COLUMNS = ["year", "region", "first_month", "last_month", "enterprises"]


def year_counts(session: Session, year: int) -> pd.DataFrame:
    """Every region's and span's distinct enterprises inspected in ``year``, counted from the
    records in force: columns :data:`COLUMNS` (only counts above 0)."""
    r = InspectionRecord
    enterprise = func.coalesce(r.credit_code, r.company)
    # each record's region, enterprise and month as a bit: the same enterprise's months are
    # joined below (a bitwise or), so the database neither groups nor sorts
    stmt = select(r.region, enterprise, _month_bit(session)).where(r.retired.is_(False), *_year_where(session, year))
    rows = session.connection().execute(stmt).all()  # Core rows: no ORM loading of 200,000 of them
    if not rows:
        return counts_of(year, [], [], [], {})
    region_column, enterprise_column, bit_column = zip(*rows, strict=True)
    return counts_of(year, region_column, enterprise_column, bit_column, _nodes(session))


def frame_year_counts(records: pd.DataFrame, years, nodes: dict[str, list[str]]) -> dict[int, pd.DataFrame]:
    """:func:`year_counts` of each of ``years`` made from a frame of records (the ledger's record
    columns) that are all those years' records in force: no read of the records."""
    day = pd.to_datetime(records["inspected_on"])
    year_of = day.dt.year.to_numpy()
    credit, company = records["credit_code"].to_numpy(dtype=object), records["company"].to_numpy(dtype=object)
    enterprise = np.where(pd.isna(credit), company, credit)  # coalesce(credit_code, company), as the statement
    bits = np.left_shift(1, day.dt.month.to_numpy().astype(np.int64) - 1)
    regions = records["region"].to_numpy(dtype=object)
    out = {}
    for year in years:
        of_year = year_of == year
        out[year] = counts_of(year, regions[of_year], enterprise[of_year], bits[of_year], nodes)
    return out


def counts_of(year: int, region_column, enterprise_column, bit_column, nodes: dict[str, list[str]]) -> pd.DataFrame:
    """Every region's and span's distinct enterprises from records given as their region,
    enterprise and month bit (``nodes``: each region's regions counted in, :func:`_nodes`).

    >>> nodes = {"A": ["A", "C"], "B": ["B", "C"], "C": ["C"]}
    >>> counts = counts_of(2022, ["A", "A", "B"], ["甲", "甲", "甲"], [1, 4, 1], nodes)
    >>> counts[(counts["first_month"] == 1) & (counts["last_month"].isin([1, 3]))].to_dict("records")
    ... # doctest: +NORMALIZE_WHITESPACE
    [{'year': 2022, 'region': 'A', 'first_month': 1, 'last_month': 1, 'enterprises': 1},
     {'year': 2022, 'region': 'A', 'first_month': 1, 'last_month': 3, 'enterprises': 1},
     {'year': 2022, 'region': 'B', 'first_month': 1, 'last_month': 1, 'enterprises': 1},
     {'year': 2022, 'region': 'B', 'first_month': 1, 'last_month': 3, 'enterprises': 1},
     {'year': 2022, 'region': 'C', 'first_month': 1, 'last_month': 1, 'enterprises': 1},
     {'year': 2022, 'region': 'C', 'first_month': 1, 'last_month': 3, 'enterprises': 1}]
    """
    if len(region_column) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c == "region" else "int64") for c in COLUMNS})
    enterprise_ids, _ = pd.factorize(np.asarray(enterprise_column, dtype=object))
    region_ids, regions = pd.factorize(np.asarray(region_column, dtype=object))
    masks = np.asarray(bit_column, dtype=np.int64)
    names = sorted({n for code in regions for n in nodes.get(code, [code, catalog.CITY_CODE])})
    index = {n: i for i, n in enumerate(names)}
    # each row once for each region it counts in, then per (region counted in, enterprise) the months met
    per_region = [[index[n] for n in nodes.get(code, [code, catalog.CITY_CODE])] for code in regions]
    depth = max(len(p) for p in per_region)
    table = np.array([p + [-1] * (depth - len(p)) for p in per_region], dtype=np.int64)  # region × its regions
    node = table[region_ids].reshape(-1)
    counted = node >= 0
    node = node[counted]
    ent = np.repeat(enterprise_ids, depth)[counted]
    bits = np.repeat(masks, depth)[counted]
    key = node.astype(np.int64) * (int(enterprise_ids.max()) + 1) + ent
    order = np.argsort(key, kind="stable")
    key, bits, node = key[order], bits[order], node[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    merged = np.bitwise_or.reduceat(bits, starts)
    histogram = np.zeros((len(names), 4096), dtype=np.int64)
    np.add.at(histogram, (node[starts], merged), 1)
    counts = histogram @ _MEETS.T.astype(np.int64)  # region × span
    at = np.argwhere(counts > 0)
    return pd.DataFrame(
        {
            "year": np.full(len(at), year, dtype="int64"),
            "region": np.array(names, dtype=object)[at[:, 0]],
            "first_month": np.array([SPANS[s][0] for s in at[:, 1]], dtype="int64"),
            "last_month": np.array([SPANS[s][1] for s in at[:, 1]], dtype="int64"),
            "enterprises": counts[at[:, 0], at[:, 1]].astype("int64"),
        }
    )


def _records_per_year(session: Session, years: list[int]) -> dict[int, int]:
    """How many inspections in force each of ``years`` holds (each year searched by day)."""
    r = InspectionRecord
    out = {}
    for year in years:
        out[year] = int(session.scalar(select(func.count()).where(r.retired.is_(False), *_year_where(session, year))))
    return out


def refresh_years(session: Session, years, new: pd.DataFrame | None = None) -> None:
    """Count again the kept distinct counts of ``years`` (their rows replaced). With ``new`` (the
    records a write inserted), a year whose records in force are exactly its new records (a first
    load of that year) is counted from the frame, without reading the records back."""
    d = InspectionDistinct
    years = sorted({int(y) for y in years})
    fresh: set[int] = set()
    if new is not None and len(new) and years:
        added = pd.to_datetime(new["inspected_on"]).dt.year.value_counts().to_dict()
        held = _records_per_year(session, years)
        fresh = {y for y in years if added.get(y, 0) and held.get(y, 0) == added[y]}
    made = frame_year_counts(new, sorted(fresh), _nodes(session)) if fresh else {}
    for year in years:
        session.execute(delete(d).where(d.year == year))
        counts = made[year] if year in fresh else year_counts(session, year)
        if len(counts):
            _bulk_insert(session, d.__table__, {c: counts[c] for c in counts.columns})


def record_years(session: Session) -> list[int]:
    """The years that hold an inspection in force, or are kept: each year from the first record's
    to the last one's asked whether it holds one (searched by day)."""
    r, d = InspectionRecord, InspectionDistinct
    first, last = session.execute(select(func.min(r.inspected_on), func.max(r.inspected_on))).one()
    held = []
    if first is not None:
        first, last = day_of(first), day_of(last)
        for year in range(first.year, last.year + 1):
            stmt = select(r.id).where(r.retired.is_(False), *_year_where(session, year)).limit(1)
            if session.scalar(stmt) is not None:
                held.append(year)
    kept = session.scalars(select(d.year).distinct()).all()
    return sorted({int(y) for y in [*held, *kept]})


def rebuild(session: Session) -> None:
    """Count every kept distinct count again from the records."""
    session.execute(delete(InspectionDistinct))
    refresh_years(session, record_years(session))


def fill_missing_distinct(session: Session) -> list[int]:
    """Count the years that hold inspections but are not kept (a store upgraded to migration
    0017); returns them."""
    d = InspectionDistinct
    kept = set(session.scalars(select(d.year).where(d.region == root_code(session), d.first_month == 1,
                                                    d.last_month == 12)).all())  # fmt: skip
    missing = [y for y in record_years(session) if y not in kept]
    refresh_years(session, missing)
    return missing
