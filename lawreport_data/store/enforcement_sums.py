"""The enforcement ledgers' month sums (``inspection_month_sum``, ``case_month_sum``): the
inspections in force summed per record region, month and 检查方式 (检查家次, hazards found, of them
major), the penalty cases per record region, month filed, 案件来源 and combination of 处罚种类 (cases,
fines, confiscations, transferred, closed).

A page's spans are whole months, so its sums per 检查方式, 案件来源, 处罚种类, month or region are read
from these few rows instead of counted from a million records (``enforcement_reads``). 执法检查企业数
is a distinct count: an enterprise inspected in two months or two counties counts once in the
whole, so it is never kept here and always counted from the records.

The sums are kept in the writes' transaction, as the accidents' (``accident_sums``):

- records a batch inserts are summed from the batch's frame in pandas (:func:`frame_sums`) and
  added to the stored sums (:func:`add_sums`);
- a change or a retirement has the (region, month) cells it touched, before and after, counted
  again from the records (:func:`refresh_cells`); so has an undo (:func:`batch_cells` before it);
- removing the demo records counts every sum again (:func:`rebuild_sums`);
  :func:`live_sums` is what they must be, :func:`stored_sums` what they are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import and_, case, delete, func, insert, literal_column, or_, select, union
from sqlalchemy.orm import Session

from ..models import CaseChange, CaseMonthSum, CaseRecord, InspectionChange, InspectionMonthSum, InspectionRecord
from .accident_sums import add_to_stored, cells, month_text, outside

_SLICE = 100  # (month, regions) cells counted again in one statement
MONEY_DECIMALS = 2
"""Fines and confiscations are compared to the 分 (sums added in another order differ in the last bits)."""


@dataclass(frozen=True)
class Kept:
    """What is kept of one ledger: its sums' model, its record and change models, the record's day
    column (the month's), the columns kept beside region and month, and the measures."""

    name: str
    table: type
    record: type
    change: type
    day: str
    keys: tuple[str, ...]
    measures: tuple[str, ...]

    @property
    def key_columns(self) -> list[str]:
        return ["month", "region", *self.keys]

    @property
    def columns(self) -> list[str]:
        return [*self.key_columns, *self.measures]


INSPECTION_SUMS = Kept("inspections", InspectionMonthSum, InspectionRecord, InspectionChange, "inspected_on",
                       ("method",), ("visits", "hazards", "major_hazards"))  # fmt: skip
CASE_SUMS = Kept("cases", CaseMonthSum, CaseRecord, CaseChange, "filed_on", ("source", "penalties"),
                 ("cases", "fines", "confiscations", "transferred", "closed"))  # fmt: skip
KEPT = {k.name: k for k in (INSPECTION_SUMS, CASE_SUMS)}


def month_expr(session: Session, column):
    """A day's month, YYYY-MM, in SQL: on SQLite the first 7 characters of the day as SQLAlchemy
    stores it (``YYYY-MM-DD HH:MM:SS.ffffff``), on PostgreSQL ``to_char``."""
    if session.get_bind().dialect.name == "sqlite":
        return func.substr(column, literal_column("1"), literal_column("7"))
    return func.to_char(column, "YYYY-MM")


def _measure_exprs(kept: Kept) -> list:
    r = kept.record
    if kept is INSPECTION_SUMS:
        return [func.count(), func.sum(r.hazards), func.sum(r.major_hazards)]
    return [
        func.count(),
        func.sum(r.fine),
        func.sum(r.confiscation),
        func.sum(case((r.transferred == "yes", 1), else_=0)),
        func.sum(case((r.closed_on.is_not(None), 1), else_=0)),
    ]


def _sums_select(session: Session, kept: Kept, where=None):
    """The month sums counted from the records in force (``where``: which records, else all)."""
    r = kept.record
    month = month_expr(session, getattr(r, kept.day))
    keys = [month, r.region, *(getattr(r, k) for k in kept.keys)]
    measures = [m.label(name) for m, name in zip(_measure_exprs(kept), kept.measures, strict=True)]
    stmt = select(*(k.label(n) for k, n in zip(keys, kept.key_columns, strict=True)), *measures)
    return stmt.where(r.retired.is_(False), *([] if where is None else [where])).group_by(*keys)


def frame_sums(kept: Kept, records: pd.DataFrame) -> pd.DataFrame:
    """The month sums (``kept.columns``, in key order) of new records (a frame of the ledger's
    record columns; none retired), in pandas.

    >>> frame = pd.DataFrame({"inspected_on": pd.to_datetime(["2022-01-05", "2022-01-20", "2022-03-01"]),
    ...                       "region": ["A", "A", "B"], "method": ["daily", "daily", "random"],
    ...                       "hazards": [2, 1, 0], "major_hazards": [1, 0, 0]})
    >>> frame_sums(INSPECTION_SUMS, frame).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'month': '2022-01', 'region': 'A', 'method': 'daily', 'visits': 2, 'hazards': 3, 'major_hazards': 1},
     {'month': '2022-03', 'region': 'B', 'method': 'random', 'visits': 1, 'hazards': 0, 'major_hazards': 0}]
    """
    parts = {"month": month_text(records[kept.day]), "region": records["region"].to_numpy(dtype=object)}
    parts |= {k: records[k].to_numpy(dtype=object) for k in kept.keys}
    if kept is INSPECTION_SUMS:
        parts |= {"visits": np.ones(len(records), dtype="int64"), "hazards": records["hazards"].to_numpy("int64"),
                  "major_hazards": records["major_hazards"].to_numpy("int64")}  # fmt: skip
    else:
        parts |= {
            "cases": np.ones(len(records), dtype="int64"),
            "fines": records["fine"].to_numpy("float64"),
            "confiscations": records["confiscation"].to_numpy("float64"),
            "transferred": (records["transferred"].to_numpy(dtype=object) == "yes").astype("int64"),
            "closed": records["closed_on"].notna().to_numpy().astype("int64"),
        }
    # grouped on integer codes (0.05 s for 200,000 cases where a groupby on the text keys took 0.08 s)
    codes, uniques = zip(*(pd.factorize(parts[k], sort=True) for k in kept.key_columns), strict=True)
    key = np.zeros(len(records), dtype=np.int64)
    for c, u in zip(codes, uniques, strict=True):
        key = key * len(u) + c
    groups, inverse = np.unique(key, return_inverse=True)
    out = {}
    for k, u in zip(reversed(kept.key_columns), reversed(uniques), strict=True):
        out[k] = np.asarray(u, dtype=object)[groups % len(u)]
        groups = groups // len(u)
    out = {k: out[k] for k in kept.key_columns}
    for m in kept.measures:
        total = np.bincount(inverse, weights=parts[m], minlength=len(out["month"]))
        out[m] = total if m in ("fines", "confiscations") else np.rint(total).astype("int64")
    return pd.DataFrame(out)


def add_sums(session: Session, kept: Kept, sums: pd.DataFrame) -> None:
    """Add ``sums`` (``kept.columns``) to the stored ones (``accident_sums.add_to_stored``)."""
    add_to_stored(session, kept.table, sums, kept.key_columns, list(kept.measures))


def refresh_cells(session: Session, kept: Kept, touched: pd.DataFrame | None) -> None:
    """Count again from the records the sums of the ``touched`` (region, month) cells (columns
    ``region``, ``month``): theirs are deleted and summed again in SQL, only those cells' records read."""
    if touched is None or touched.empty:
        return
    s, r = kept.table, kept.record
    day = getattr(r, kept.day)
    groups = [(m, sorted(set(g))) for m, g in touched.groupby("month", sort=True)["region"]]
    for start in range(0, len(groups), _SLICE):
        chunk = groups[start : start + _SLICE]
        session.execute(delete(s).where(or_(*(and_(s.month == m, s.region.in_(regs)) for m, regs in chunk))))
        where = []
        for m, regs in chunk:
            first = pd.Timestamp(f"{m}-01")
            after = first + pd.offsets.MonthBegin(1)
            where.append(and_(day >= first.to_pydatetime(), day < after.to_pydatetime(), r.region.in_(regs)))
        session.execute(insert(s).from_select(kept.columns, _sums_select(session, kept, or_(*where))))


def record_sums(
    session: Session,
    kept: Kept,
    *,
    new: pd.DataFrame | None = None,
    changed: pd.DataFrame | None = None,
    retired: pd.DataFrame | None = None,
    batch_id: int | None = None,
    synthetic: bool = False,
) -> None:
    """Keep the sums after ``ledger_writes.apply_records`` wrote a batch (its ``after_write``):
    ``new`` records added from the frame; the cells of ``changed`` (before and after: ``region``
    and the day, ``old_region`` and ``old_<day>``) and ``retired`` records counted again from the
    records. In the batch's transaction."""
    day = kept.day
    pairs = []
    if changed is not None and len(changed):
        pairs += [(changed["region"], changed[day]), (changed["old_region"], changed[f"old_{day}"])]
    if retired is not None and len(retired):
        pairs.append((retired["region"], retired[day]))
    touched = cells(*pairs)
    if new is not None and len(new):
        add_sums(session, kept, outside(frame_sums(kept, new), touched))
    refresh_cells(session, kept, touched)


def batch_cells(session: Session, kept: Kept, batch_id: int) -> pd.DataFrame:
    """The (region, month) cells whose sums undoing batch ``batch_id`` changes: those of the
    records it inserted, and of those it changed or retired, before (their change rows' old
    values) and now. Read before the undo writes (its ``before_undo``)."""
    r, c = kept.record, kept.change
    day = kept.day
    stmt = union(
        select(r.region, month_expr(session, getattr(r, day))).where(r.created_batch_id == batch_id),
        select(c.old_region, month_expr(session, getattr(c, f"old_{day}"))).where(c.batch_id == batch_id),
        select(r.region, month_expr(session, getattr(r, day)))
        .join(c, c.record_id == r.id)
        .where(c.batch_id == batch_id),
    )
    rows = session.execute(stmt).all()
    return pd.DataFrame(rows, columns=["region", "month"]).dropna().drop_duplicates()


def rebuild_sums(session: Session, kept: Kept) -> None:
    """Count every sum of ``kept`` again from the records (a store whose sums are in doubt)."""
    session.execute(delete(kept.table))
    session.execute(insert(kept.table).from_select(kept.columns, _sums_select(session, kept)))


def live_sums(session: Session, kept: Kept) -> pd.DataFrame:
    """What the sums must be, counted from the records (``kept.columns``, in key order)."""
    return _in_key_order(kept, pd.DataFrame(session.execute(_sums_select(session, kept)).all(), columns=kept.columns))


def stored_sums(session: Session, kept: Kept) -> pd.DataFrame:
    """What the sums are (``kept.columns``, in key order)."""
    s = kept.table
    rows = session.execute(select(*(getattr(s, c) for c in kept.columns))).all()
    return _in_key_order(kept, pd.DataFrame(rows, columns=kept.columns))


def _in_key_order(kept: Kept, frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.sort_values(kept.key_columns, ignore_index=True)
    for m in kept.measures:
        money = m in ("fines", "confiscations")
        frame[m] = frame[m].astype(float).round(MONEY_DECIMALS) if money else frame[m].astype("int64")
    return frame


# --- the ledgers' hooks (ledger_writes.Ledger) -----------------------------------------------------


def _years(kept: Kept, *, new=None, changed=None, retired=None, **_) -> set[int]:
    """The years of the records a write touched (a changed record's, before and after)."""
    day = kept.day
    days = [f[c] for f, c in ((new, day), (changed, day), (changed, f"old_{day}"), (retired, day))
            if f is not None and len(f)]  # fmt: skip
    return {int(y) for d in days for y in pd.to_datetime(d).dt.year.dropna().unique()}


def _hooks(kept: Kept) -> dict:
    """The ledger's hooks (``ledger_writes.Ledger``): the month sums kept, and for the inspections
    执法检查企业数 (``inspection_distinct``) counted again for the years touched."""
    from . import inspection_distinct

    distinct = kept is INSPECTION_SUMS

    def after_write(session, **written):
        record_sums(session, kept, **written)
        if distinct:  # (a year that holds only the new records counted from their frame)
            inspection_distinct.refresh_years(session, _years(kept, **written), new=written.get("new"))

    def before_undo(session, batch_id):
        return batch_cells(session, kept, batch_id)

    def after_undo(session, touched):
        refresh_cells(session, kept, touched)
        if distinct and touched is not None and len(touched):
            inspection_distinct.refresh_years(session, {int(m[:4]) for m in touched["month"]})

    def after_delete(session):
        rebuild_sums(session, kept)
        if distinct:
            inspection_distinct.rebuild(session)

    return dict(after_write=after_write, before_undo=before_undo, after_undo=after_undo, after_delete=after_delete)


INSPECTION_HOOKS = _hooks(INSPECTION_SUMS)
CASE_HOOKS = _hooks(CASE_SUMS)


# --- reading them ----------------------------------------------------------------------------------


def read_sums(session: Session, kept: Kept, *, months, under, by: tuple[str, ...]) -> list[tuple]:
    """The sums of ``months`` (first, last ``YYYY-MM``; None for an open end) and the record
    regions ``under`` (None: all) per combination of ``by`` (each ``month``, ``region`` or one of
    ``kept.keys``), in their order: tuples of the ``by`` values then ``kept.measures``."""
    s = kept.table
    first, last = months
    where = ([] if first is None else [s.month >= first]) + ([] if last is None else [s.month <= last])
    if under is not None:
        where.append(s.region.in_(sorted(under)))
    keys = [getattr(s, k) for k in by]
    stmt = select(*keys, *(func.sum(getattr(s, m)) for m in kept.measures)).where(*where)
    return list(session.execute(stmt.group_by(*keys).order_by(*keys) if keys else stmt).all())
