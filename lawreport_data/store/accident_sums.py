"""The accident records' month sums (``accident_month_sum``): per record region and month, the
totals of the counted, not retired records overall and per 事故类别, 行业领域, 等级, hour of day and
day of the week, and how many records in force come from each status, batch and synthetic flag.

A page's periods are whole months, so its totals (``accident_reads.accident_totals``) and the
sources of its figures (``accident_sources``) are read from these few rows instead of counted
from a million records. The sums are kept in the writes' transaction:

- records a batch inserts are summed here from the batch's frame (:func:`month_sums`, pandas and
  numpy, no read of the records) and added to the stored sums (:func:`add_month_sums`);
- a change, a retirement or an undo has the sums of only the (region, month) cells it touched
  counted again from the records (:func:`refresh_cells`);
- :func:`rebuild_month_sums` counts every sum again (a store whose sums are in doubt);
  :func:`live_month_sums` is what they must be, :func:`stored_month_sums` what they are.

Records are summed in the month and region they occurred in (the region as recorded: a town's
records are a town's); a region's totals add up its own and those under it when read, so moving
a town to another county changes no sum.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import (
    Integer,
    String,
    and_,
    case,
    cast,
    delete,
    extract,
    func,
    insert,
    literal,
    literal_column,
    or_,
    select,
    union,
)
from sqlalchemy.orm import Session

from ..models import AccidentChange, AccidentMonthSum, AccidentRecord
from .writes import _bulk_insert

ACCIDENT_MEASURES = [
    "accidents",
    "deaths",
    "missing",
    "serious_injuries",
    "injuries",
    "direct_loss",
    "larger_and_above",
]
"""The totals of ``accident_totals``: the number of accidents, the sums of their counts and
losses (万元), and the number of 较大及以上 accidents."""
LARGER_AND_ABOVE = ("larger", "major", "especially_major")
DIMENSIONS = ("all", "type", "sector", "grade", "hour", "weekday", "source")
"""What the month sums are kept per: ``all`` (one row per region and month), a record's
``type``, ``sector``, ``grade``, its ``hour`` (0–23) and ``weekday`` (0 Monday … 6 Sunday) — of
the counted, not retired records — and ``source``: the records in force (not retired, either
status) per status, batch and synthetic flag (member ``status|batch|0 or 1``; only ``accidents``, the
number of records, is kept: its other measures are 0)."""
KEYS = ["dimension", "month", "region", "member"]
COLUMNS = [*KEYS, *ACCIDENT_MEASURES]
LOSS_DECIMALS = 6
"""直接经济损失 totals are rounded to this many decimals of 万元 (1 分): sums of the same losses
added in another order (per month here, per record when counted from the records) then agree."""
_COUNTS = ["deaths", "missing", "serious_injuries", "injuries"]
_SLICE = 100  # (month, regions) cells counted again in one statement


# --- expressions over the records ----------------------------------------------------------------


def record_expr(session: Session, by: str, column=None):
    """SQL for a record's ``by`` (``type``, ``sector``, ``grade``, ``region``: its column; ``month``
    as ``YYYY-MM``, ``hour`` 0–23, ``weekday`` 0 Monday … 6 Sunday: of ``column``, default its
    time), the same on SQLite and PostgreSQL."""
    r = AccidentRecord
    if by in ("type", "sector", "grade", "region"):
        return getattr(r, by)
    t = r.occurred_at if column is None else column
    sqlite = session.get_bind().dialect.name == "sqlite"
    if by == "month":
        return func.strftime("%Y-%m", t) if sqlite else func.to_char(t, "YYYY-MM")
    if by == "hour":
        return cast(func.strftime("%H", t), Integer) if sqlite else cast(extract("hour", t), Integer)
    if by == "weekday":  # SQLite's %w and PostgreSQL's isodow differ: both made 0 Monday … 6 Sunday
        if sqlite:
            return (cast(func.strftime("%w", t), Integer) + 6) % 7
        return cast(extract("isodow", t), Integer) - 1
    raise ValueError(f"records are grouped by type, sector, grade, region, month, hour or weekday, not {by!r}")


def _member_expr(session: Session, dimension: str):
    r = AccidentRecord
    if dimension == "all":
        return literal("", String())
    if dimension == "source":
        bar = literal("|", String())
        batch = func.coalesce(cast(r.batch_id, String()), literal("", String()))
        return r.status + bar + batch + bar + cast(cast(r.synthetic, Integer), String())
    if dimension in ("hour", "weekday"):
        return cast(record_expr(session, dimension), String())
    return record_expr(session, dimension)


def _measures() -> list:
    r = AccidentRecord
    return [
        *(func.coalesce(func.sum(getattr(r, c)), 0).label(c) for c in _COUNTS),
        func.coalesce(func.sum(r.direct_loss), 0.0).label("direct_loss"),
        func.coalesce(func.sum(case((r.grade.in_(LARGER_AND_ABOVE), 1), else_=0)), 0).label("larger_and_above"),
    ]


def _zeros() -> list:
    """The ``source`` rows' measures: only their record count is kept."""
    return [literal_column("0.0" if c == "direct_loss" else "0").label(c) for c in ACCIDENT_MEASURES[1:]]


def _sums_select(session: Session, dimension: str, where=None):
    """The month sums of ``dimension`` counted from the records (``where``: which records, else all)."""
    r = AccidentRecord
    month, member = record_expr(session, "month"), _member_expr(session, dimension)
    kept = [r.retired.is_(False)] + ([] if dimension == "source" else [r.status == "counted"])
    # grouped by the columns the member is made of (PostgreSQL takes the expression built of them)
    parts = {"all": [], "source": [r.status, r.batch_id, r.synthetic]}.get(dimension, [member])
    return (
        select(
            literal(dimension, String()).label("dimension"),
            month.label("month"),
            r.region.label("region"),
            member.label("member"),
            func.count().label("accidents"),
            *(_measures() if dimension != "source" else _zeros()),
        )
        .where(*kept, *([] if where is None else [where]))
        .group_by(month, r.region, *parts)
    )


# --- sums of a batch's new records, in pandas --------------------------------------------------


def month_text(times) -> np.ndarray:
    """Each time's month as ``YYYY-MM`` (only the distinct months are formatted).

    >>> month_text(pd.Series(pd.to_datetime(["2022-03-05 14:30", "2021-12-31 23:59", "2022-03-01 00:00"]))).tolist()
    ['2022-03', '2021-12', '2022-03']
    """
    months = np.asarray(pd.to_datetime(times).to_numpy(dtype="datetime64[ns]"), dtype="datetime64[M]")
    distinct, inverse = np.unique(months, return_inverse=True)
    return np.datetime_as_string(distinct, unit="M").astype(object)[inverse.reshape(-1)]


def month_sums(records: pd.DataFrame, *, batch_id: int | None = None, synthetic: bool = False) -> pd.DataFrame:
    """The month sums (``COLUMNS``, in key order) of new records (columns ``region``, ``occurred_at``,
    ``status``, ``type``, ``sector``, ``grade``, the counts and ``direct_loss``; none retired),
    written by batch ``batch_id`` with the ``synthetic`` flag: what :func:`_sums_select` counts
    from the same records once stored. Records are summed with ``numpy.bincount`` over small
    integer keys (region, month, member), no row of text is built per record.

    >>> recs = pd.DataFrame(dict(region=["320723", "320723", "320722"],
    ...     occurred_at=pd.to_datetime(["2022-03-05 14:30", "2022-03-20 08:00", "2022-04-02 23:10"]),
    ...     status=["counted", "counted", "written_off"], type=["02", "05", "02"], sector="road",
    ...     grade=["general", "larger", "general"], deaths=[1, 3, 0], missing=0, serious_injuries=0,
    ...     injuries=[2, 0, 0], direct_loss=[1.5, 0.25, 2.0]))
    >>> s = month_sums(recs, batch_id=4)
    >>> s[s["dimension"] == "all"][["month", "region", "accidents", "deaths", "direct_loss", "larger_and_above"]].values.tolist()
    [['2022-03', '320723', 2, 4, 1.75, 1]]
    >>> s[s["dimension"] == "source"][["month", "region", "member", "accidents"]].values.tolist()
    [['2022-03', '320723', 'counted|4|0', 2], ['2022-04', '320722', 'written_off|4|0', 1]]
    >>> s[s["dimension"] == "hour"]["member"].tolist(), s[s["dimension"] == "weekday"]["member"].tolist()
    (['14', '8'], ['5', '6'])
    """
    n = len(records)
    if n == 0:
        return pd.DataFrame({c: pd.Series(dtype=object if c in KEYS else "int64") for c in COLUMNS})
    t = np.asarray(pd.to_datetime(records["occurred_at"]).to_numpy(dtype="datetime64[ns]"), dtype="datetime64[m]")
    month_no = t.astype("datetime64[M]").astype(np.int64)
    first_month = int(month_no.min())
    month_i = month_no - first_month
    day = t.astype("datetime64[D]").astype(np.int64)
    hour = t.astype("datetime64[h]").astype(np.int64) - day * 24
    weekday = (day + 3) % 7  # 1970-01-01 was a Thursday
    codes = {c: pd.factorize(records[c]) for c in ("region", "status", "type", "sector", "grade")}
    region_i, regions = codes["region"]
    status_i, statuses = codes["status"]
    counted = status_i == _where(statuses, "counted")
    every = bool(counted.all())
    grade_i, grades = codes["grade"]
    larger = np.isin(grade_i, [i for i, g in enumerate(grades) if g in LARGER_AND_ABOVE]).astype("float64")
    weights = [  # each measure's values of the counted records, contiguous (one pass each per dimension)
        x if every else x[counted]
        for x in [*(records[c].to_numpy(dtype="float64") for c in [*_COUNTS, "direct_loss"]), larger]
    ]
    n_months, n_regions = int(month_i.max()) + 1, len(regions)
    cell = month_i * n_regions + region_i  # the (month, region) cell
    months = np.datetime_as_string(np.arange(first_month, first_month + n_months).astype("datetime64[M]"), unit="M")
    batch = "" if batch_id is None else str(int(batch_id))
    members = {
        "all": (np.zeros(n, dtype=np.int64), np.array([""], dtype=object)),
        "hour": (hour, np.array([str(h) for h in range(24)], dtype=object)),
        "weekday": (weekday, np.array([str(d) for d in range(7)], dtype=object)),
    }
    for name in ("type", "sector", "grade"):
        members[name] = (codes[name][0], np.asarray(codes[name][1], dtype=object))
    members["source"] = (status_i, np.array([f"{s}|{batch}|{int(bool(synthetic))}" for s in statuses], dtype=object))
    parts = []
    for dimension in DIMENSIONS:
        member_i, names = members[dimension]
        size = n_months * n_regions * len(names)
        if dimension == "source":  # every record, by status: its count alone is read
            key = cell * len(names) + member_i
            measures = []
        else:
            key = cell * len(names) + member_i
            key = key if every else key[counted]
            measures = weights
        count = np.bincount(key, minlength=size)
        present = np.flatnonzero(count)
        member_at, cell_at = present % len(names), present // len(names)
        part = pd.DataFrame(
            {
                "dimension": dimension,
                "month": months[cell_at // n_regions],
                "region": np.asarray(regions, dtype=object)[cell_at % n_regions],
                "member": names[member_at],
                "accidents": count[present].astype("int64"),
            }
        )
        for j, name in enumerate(ACCIDENT_MEASURES[1:]):
            total = (
                np.bincount(key, weights=measures[j], minlength=size)[present] if measures else np.zeros(len(present))
            )
            part[name] = total if name == "direct_loss" else np.rint(total).astype("int64")
        parts.append(part)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(KEYS, ignore_index=True)


# --- keeping the stored sums ---------------------------------------------------------------------


def _where(uniques, value) -> int:
    """The code ``pd.factorize`` gave ``value`` (-2 when absent: no code is)."""
    hit = [i for i, u in enumerate(uniques) if u == value]
    return hit[0] if hit else -2


def add_month_sums(session: Session, sums: pd.DataFrame) -> None:
    """Add ``sums`` (``COLUMNS``) to the stored month sums (:func:`add_to_stored`)."""
    add_to_stored(session, AccidentMonthSum, sums, KEYS, ACCIDENT_MEASURES)


def add_to_stored(session: Session, table: type, sums: pd.DataFrame, keys: list[str], measures: list[str]) -> None:
    """Add ``sums`` (columns ``keys`` then ``measures``; the keys include ``month`` and ``region``)
    to the sums ``table`` keeps (the accidents', the enforcement ledgers', the settled hazards'):
    its rows of the months and regions they touch are read, added to and written back (none to
    read in a first import)."""
    if sums.empty:
        return
    columns = [*keys, *measures]
    box = [table.month.in_(sorted(set(sums["month"]))), table.region.in_(sorted(set(sums["region"])))]
    stored = session.execute(select(*(getattr(table, c) for c in columns)).where(*box)).all()
    if stored:
        session.execute(delete(table).where(*box))
        both = pd.concat([pd.DataFrame(stored, columns=columns), sums[columns]], ignore_index=True)
        sums = both.groupby(keys, as_index=False, sort=True)[measures].sum()
    _bulk_insert(session, table.__table__, {c: sums[c] for c in columns})


def outside(sums: pd.DataFrame, touched: pd.DataFrame) -> pd.DataFrame:
    """``sums`` without their rows of the ``touched`` (region, month) cells, which are counted
    again from the records (the new records' included).

    >>> sums = pd.DataFrame({"region": ["A", "A", "B"], "month": ["2022-01", "2022-02", "2022-01"], "n": [1, 2, 3]})
    >>> outside(sums, pd.DataFrame({"region": ["A"], "month": ["2022-02"]}))["n"].tolist()
    [1, 3]
    """
    if not len(touched):
        return sums
    again = pd.MultiIndex.from_frame(touched[["region", "month"]])
    return sums[~pd.MultiIndex.from_frame(sums[["region", "month"]]).isin(again)]


def cells(*frames: tuple) -> pd.DataFrame:
    """The distinct (region, month) cells of ``(regions, times)`` pairs (Series or arrays).

    >>> cells((["A", "A"], pd.to_datetime(["2022-03-05", "2022-03-31"])), (["B"], pd.to_datetime(["2022-04-01"])))
      region    month
    0      A  2022-03
    1      B  2022-04
    """
    parts = [
        pd.DataFrame({"region": np.asarray(regions, dtype=object), "month": month_text(times)})
        for regions, times in frames
        if len(regions)
    ]
    if not parts:
        return pd.DataFrame({"region": pd.Series(dtype=object), "month": pd.Series(dtype=object)})
    both = pd.concat(parts, ignore_index=True).dropna()
    return both.drop_duplicates().sort_values(["month", "region"], ignore_index=True)


def refresh_cells(session: Session, touched: pd.DataFrame) -> None:
    """Count again from the records the month sums of the ``touched`` (region, month) cells
    (columns ``region``, ``month``): theirs are deleted and each dimension's summed again in SQL,
    only those cells' records read (through the (occurred_at, region) index)."""
    if touched is None or touched.empty:
        return
    s, r = AccidentMonthSum, AccidentRecord
    groups = [(m, sorted(set(g))) for m, g in touched.groupby("month", sort=True)["region"]]
    for start in range(0, len(groups), _SLICE):
        chunk = groups[start : start + _SLICE]
        session.execute(
            delete(s).where(
                s.dimension.in_(DIMENSIONS), or_(*(and_(s.month == m, s.region.in_(regs)) for m, regs in chunk))
            )
        )
        where = or_(*(and_(*_month_range(m), r.region.in_(regs)) for m, regs in chunk))
        for dimension in DIMENSIONS:
            session.execute(insert(s).from_select(COLUMNS, _sums_select(session, dimension, where)))


def _month_range(month: str) -> list:
    first = pd.Timestamp(f"{month}-01")
    after = first + pd.offsets.MonthBegin(1)
    t = AccidentRecord.occurred_at
    return [t >= first.to_pydatetime(), t < after.to_pydatetime()]


def record_sums(
    session: Session,
    *,
    new: pd.DataFrame | None = None,
    changed: pd.DataFrame | None = None,
    retired: pd.DataFrame | None = None,
    batch_id: int | None = None,
    synthetic: bool = False,
) -> None:
    """Keep the month sums after ``accident_writes.apply_accidents`` wrote a batch: ``new`` (the
    inserted records: added from the frame), ``changed`` (updated records, their new values and
    ``old_region``, ``old_occurred_at``) and ``retired`` (``region``, ``occurred_at``): the cells
    of the last two, before and after, counted again from the records. Call it once the batch's
    records are written, in its transaction."""
    pairs = []
    if changed is not None and len(changed):
        pairs += [(changed["region"], changed["occurred_at"]), (changed["old_region"], changed["old_occurred_at"])]
    if retired is not None and len(retired):
        pairs.append((retired["region"], retired["occurred_at"]))
    touched = cells(*pairs)
    if new is not None and len(new):
        add_month_sums(session, outside(month_sums(new, batch_id=batch_id, synthetic=synthetic), touched))
    refresh_cells(session, touched)


def batch_cells(session: Session, batch_id: int) -> pd.DataFrame:
    """The (region, month) cells whose sums undoing batch ``batch_id`` changes: those of the
    records it inserted, and of those it changed or retired, before (their change rows' old
    values) and now. Read before the undo writes."""
    r, c = AccidentRecord, AccidentChange
    stmt = union(
        select(r.region, record_expr(session, "month")).where(r.created_batch_id == batch_id),
        select(c.old_region, record_expr(session, "month", c.old_occurred_at)).where(c.batch_id == batch_id),
        select(r.region, record_expr(session, "month")).join(c, c.record_id == r.id).where(c.batch_id == batch_id),
    )
    rows = session.execute(stmt).all()
    return pd.DataFrame(rows, columns=["region", "month"]).drop_duplicates().sort_values(["month", "region"])


def rebuild_month_sums(session: Session) -> None:
    """Count every month sum again from the records (a store whose sums are in doubt)."""
    session.execute(delete(AccidentMonthSum))
    for dimension in DIMENSIONS:
        session.execute(insert(AccidentMonthSum).from_select(COLUMNS, _sums_select(session, dimension)))


def live_month_sums(session: Session) -> pd.DataFrame:
    """What the month sums must be, counted from the records (``COLUMNS``, in key order)."""
    rows = [row for d in DIMENSIONS for row in session.execute(_sums_select(session, d)).all()]
    return _in_key_order(pd.DataFrame(rows, columns=COLUMNS))


def stored_month_sums(session: Session) -> pd.DataFrame:
    """What the month sums are (``COLUMNS``, in key order)."""
    s = AccidentMonthSum
    rows = session.execute(select(*(getattr(s, c) for c in COLUMNS))).all()
    return _in_key_order(pd.DataFrame(rows, columns=COLUMNS))


def _in_key_order(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.sort_values(KEYS, ignore_index=True)
    for m in ACCIDENT_MEASURES:
        frame[m] = frame[m].astype(float).round(LOSS_DECIMALS) if m == "direct_loss" else frame[m].astype("int64")
    return frame


# --- reading them ----------------------------------------------------------------------------------


def whole_months(start, end) -> tuple[str | None, str | None] | None:
    """The first and last month (``YYYY-MM``; None for an open end) when the days ``start`` to
    ``end`` are whole months, else None.

    >>> whole_months("2022-01-01", "2022-11-30"), whole_months("2022-02-01", "2022-02-28")
    (('2022-01', '2022-11'), ('2022-02', '2022-02'))
    >>> whole_months("2022-01-01", "2022-11-29"), whole_months("2022-01-02", None), whole_months(None, None)
    (None, None, (None, None))
    """
    first = None if start is None else pd.Timestamp(start).normalize()
    last = None if end is None else pd.Timestamp(end).normalize()
    if first is not None and first.day != 1:
        return None
    if last is not None and not last.is_month_end:
        return None
    return (None if first is None else f"{first:%Y-%m}", None if last is None else f"{last:%Y-%m}")


def month_totals(session: Session, *, months, under, by: str | None, per_region: bool) -> pd.DataFrame:
    """Totals from the month sums of ``months`` (first, last; None for open ends) and the record
    regions ``under`` (None: all), as ``accident_totals`` counts them from the records: columns
    ``record_region`` (when ``per_region``), ``group`` (with ``by``, not ``region``), then
    ``ACCIDENT_MEASURES``."""
    s = AccidentMonthSum
    dimension = by if by in DIMENSIONS else "all"
    where = [s.dimension == dimension]
    first, last = months
    where += ([] if first is None else [s.month >= first]) + ([] if last is None else [s.month <= last])
    if under is not None:
        where.append(s.region.in_(sorted(under)))
    keys = [s.region.label("record_region")] if per_region else []
    if by == "month":
        keys.append(s.month.label("group"))
    elif by is not None and by != "region":
        keys.append(s.member.label("group"))
    stmt = (
        select(*keys, *(func.coalesce(func.sum(getattr(s, m)), 0).label(m) for m in ACCIDENT_MEASURES))
        .where(*where)
        .group_by(*(k.element for k in keys))
    )
    names = [*(["record_region"] if per_region else []), *(["group"] if by not in (None, "region") else [])]
    rows = pd.DataFrame(session.execute(stmt).all(), columns=[*names, *ACCIDENT_MEASURES])
    if by in ("hour", "weekday"):
        rows["group"] = rows["group"].astype("int64")
    return rows


def month_sources(session: Session, *, months, under) -> list[tuple]:
    """Where the records in force of ``months`` and the record regions ``under`` (None: all)
    come from, from the month sums: (region, status, batch id or None, synthetic, records) tuples,
    as ``accident_sources`` counts them from the records."""
    s = AccidentMonthSum
    first, last = months
    where = [s.dimension == "source"]
    where += ([] if first is None else [s.month >= first]) + ([] if last is None else [s.month <= last])
    if under is not None:
        where.append(s.region.in_(sorted(under)))
    stmt = select(s.region, s.member, func.sum(s.accidents)).where(*where).group_by(s.region, s.member)
    out = []
    for region, member, records in session.execute(stmt).all():
        status, batch, synthetic = member.split("|")
        out.append((region, status, int(batch) if batch else None, synthetic == "1", int(records)))
    return out
