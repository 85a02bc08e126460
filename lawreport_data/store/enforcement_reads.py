"""Inspection records (检查记录) and penalty cases (行政处罚案件) read from the database in plain Python
and SQLAlchemy (no pandas): counted per group (``records inspections|cases --by``) or listed.

执法检查企业数 is a distinct count: an enterprise (its 统一社会信用代码, or its name where none was written)
inspected twice in the span counts once, in each group it was inspected in and once in the whole.
So a span's figure is counted from its records, never added up from months or regions: the groups
of ``by="region"`` (or ``"month"``) may add up to more than the whole. 检查家次 (visits), the hazards
found and the cases' counts and amounts are sums. A case of several penalty kinds counts in each of
their groups (``by="penalty"``). Over whole months (a page's spans) those sums are read from the
month sums kept with every write (``enforcement_sums``: a few rows per month, region and 检查方式 or
案件来源 and 处罚种类), not counted from the records; the distinct count always is.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, bindparam, case, func, literal, select
from sqlalchemy.orm import Session

from ..enforcement_rates import per_penalty_kind
from ..models import CaseMonthSum, CaseRecord, InspectionDistinct, InspectionMonthSum, InspectionRecord
from ..periods import day_of
from .regions import regions_under, root_code

INSPECTION_GROUPINGS = ("method", "sector", "region", "month")
CASE_GROUPINGS = ("source", "sector", "region", "month", "penalty")
INSPECTION_COUNTS = ("enterprises", "visits", "hazards", "major_hazards")
"""Per group: distinct enterprises inspected, inspections (检查家次), hazards found, of them major."""
CASE_COUNTS = ("cases", "fines", "confiscations", "transferred", "closed")
"""Per group: cases filed, fines and confiscations (元), cases transferred to the judicial organs,
cases closed (with a 结案日期)."""


def _month(dialect: str, column):
    """A day's month, YYYY-MM: on SQLite the first 7 characters of the day as SQLAlchemy stores it
    (``YYYY-MM-DD HH:MM:SS.ffffff``; a fifth of strftime's time over a year's records)."""
    return func.substr(column, 1, 7) if dialect == "sqlite" else func.to_char(column, "YYYY-MM")


def whole_months(start, end) -> tuple[str | None, str | None] | None:
    """The first and last month (``YYYY-MM``; None for an open end) when the days ``start`` to
    ``end`` are whole months (the month sums can give their sums), else None.

    >>> whole_months("2022-01-01", "2022-11-30"), whole_months("2022-02-01", "2022-02-28")
    (('2022-01', '2022-11'), ('2022-02', '2022-02'))
    >>> whole_months("2022-01-01", "2022-11-29"), whole_months("2022-01-02", None), whole_months(None, None)
    (None, None, (None, None))
    """
    first = None if start is None else day_of(start)
    last = None if end is None else day_of(end)
    if first is not None and first.day != 1:
        return None
    if last is not None and (last + dt.timedelta(days=1)).day != 1:
        return None
    return (None if first is None else f"{first:%Y-%m}", None if last is None else f"{last:%Y-%m}")


SUMMED = {"inspections": (InspectionMonthSum, ("method", "month", "region")),
          "cases": (CaseMonthSum, ("source", "month", "region", "penalties"))}  # fmt: skip
"""What the month sums (``enforcement_sums``) are read from, and by what they can be grouped."""


def _summed(
    session: Session, kind: str, regions, start, end, by: tuple[str, ...], measures, codes: dict | None = None
) -> list[tuple] | None:
    """The month sums of ``kind`` (inspections or cases) of ``regions`` (each with the regions under
    it; None: all) from ``start`` to ``end`` (and of ``codes``: {grouping: its codes}, if given)
    per combination of ``by``, in its order: tuples of the ``by`` values then ``measures``; None
    when they cannot give it (a span not of whole months, a grouping they do not keep)."""
    table, groupings = SUMMED[kind]
    months = whole_months(start, end)
    if months is None or not set(by) | set(codes or {}) <= set(groupings):
        return None
    s = table
    first, last = months
    where = ([] if first is None else [s.month >= first]) + ([] if last is None else [s.month <= last])
    if regions is not None:
        under = regions_under(session, [regions] if isinstance(regions, str) else list(regions))
        if under is not None:
            where.append(s.region.in_(sorted(under)))
    where += [getattr(s, k).in_(sorted(v)) for k, v in (codes or {}).items()]
    keys = [getattr(s, k) for k in by]
    stmt = select(*keys, *(func.sum(getattr(s, m)) for m in measures)).where(*where)
    return list(session.execute(stmt.group_by(*keys).order_by(*keys) if keys else stmt).all())


def kept_counts(session: Session, regions: list[str], start, end) -> dict[str, int] | None:
    """执法检查企业数 of each of ``regions`` (each with the regions under it; the store's root: every record)
    from ``start`` to ``end`` as kept (``inspection_distinct``), or None when they are not kept:
    a span not of whole months within one year, or a year not counted (the caller counts the
    records). A region without a row in a kept year inspected none."""
    months = whole_months(start, end)
    if months is None or None in months or months[0][:4] != months[1][:4]:
        return None
    year, first, last = int(months[0][:4]), int(months[0][5:]), int(months[1][5:])
    d, root = InspectionDistinct, root_code(session)
    whole = (d.first_month == 1) & (d.last_month == 12) & (d.region == root)
    asked = (d.first_month == first) & (d.last_month == last) & d.region.in_(sorted(set(regions)))
    rows = session.execute(select(d.region, d.first_month, d.last_month, d.enterprises).where(
        d.year == year, whole | asked)).all()  # fmt: skip
    if not any(g == root and (a, b) == (1, 12) for g, a, b, _ in rows):
        return None
    found = {g: int(n) for g, a, b, n in rows if (a, b) == (first, last)}
    return {code: found.get(code, 0) for code in regions}


def _where(session: Session, record, day, regions, start, end) -> list:
    """Records in force of ``regions`` (each with the regions under it; None: all) whose ``day``
    lies from ``start`` to ``end`` (days, both included; None: no bound)."""
    where = [record.retired.is_(False)]
    if start is not None:
        where.append(day >= bindparam("first", dt.datetime.combine(day_of(start), dt.time()), type_=DateTime()))
    if end is not None:
        after = dt.datetime.combine(day_of(end) + dt.timedelta(days=1), dt.time())
        where.append(day < bindparam("after", after, type_=DateTime()))
    if regions is not None:
        under = regions_under(session, [regions] if isinstance(regions, str) else list(regions))
        if under is not None:  # (None: every region, the city's)
            where.append(record.region.in_(sorted(under)))
    return where


def _grouped(session: Session, columns: list, where: list, group) -> list:
    """``columns`` per ``group`` (None: one row, group "") where ``where``."""
    if group is None:
        stmt = select(literal("").label("group"), *columns).where(*where)
    else:
        stmt = select(group.label("group"), *columns).where(*where).group_by(group).order_by(group)
    return list(session.execute(stmt).all())


def _under(session: Session, record, parents) -> object:
    """Each record's region as the one of ``parents`` it lies in (itself or one of its towns), "" for none."""
    whens = {}
    for parent in parents:
        for code in regions_under(session, [parent]) or [parent]:
            whens[code] = parent
    return case(whens, value=record.region, else_="")


def _inspection_where(session: Session, regions, start, end) -> list:
    """``_where`` of the inspections (searched by day: ``models.InspectionRecord``'s index)."""
    return _where(session, InspectionRecord, InspectionRecord.inspected_on, regions, start, end)


def _under_rows(session: Session, columns: list, where: list, under: list[str], distinct: bool) -> list:
    """Per region of ``under`` (itself and its towns), in code order, those with a record: the
    counts per record region, added up
    where a region's towns hold records too and counted again for such a region's distinct
    enterprises."""
    r = InspectionRecord
    by_code = {g: values for g, *values in _grouped(session, columns, where, r.region)}
    rows = []
    for parent in sorted(under):
        present = [c for c in sorted(regions_under(session, [parent]) or [parent]) if c in by_code]
        if len(present) > 1 and distinct:  # the enterprises of a region and its towns: distinct across them
            _, *values = _grouped(session, columns, [*where, r.region.in_(present)], None)[0]
        elif present:
            values = [sum(int(by_code[c][i] or 0) for c in present) for i in range(len(columns))]
        else:
            continue
        rows.append((parent, *values))
    return rows


def inspection_count_columns(r, *, distinct: bool) -> list:
    """The columns of :data:`INSPECTION_COUNTS` (without ``enterprises`` unless ``distinct``)."""
    return [
        *(
            [func.count(func.distinct(func.coalesce(r.credit_code, r.company))).label("enterprises")]
            if distinct
            else []
        ),
        func.count().label("visits"),
        func.coalesce(func.sum(r.hazards), 0).label("hazards"),
        func.coalesce(func.sum(r.major_hazards), 0).label("major_hazards"),
    ]


def inspection_count_rows(
    session: Session,
    *,
    regions=None,
    start=None,
    end=None,
    by: str | None = None,
    under: list[str] | None = None,
    distinct: bool = True,
) -> list[dict]:
    """The inspections of ``regions`` from ``start`` to ``end`` (检查日期) counted per ``by`` (one of
    :data:`INSPECTION_GROUPINGS`; None: one row, group "", zeros when there is none; or, with
    ``under``, per region of it with its towns, each region's enterprises distinct: one statement,
    and one more for each such region whose towns hold records too): dicts with ``group`` and
    :data:`INSPECTION_COUNTS`, ints. With ``distinct=False``
    the sums only, without ``enterprises`` (its distinct count is the costly part: about three
    times the sums' time)."""
    if by is not None and by not in INSPECTION_GROUPINGS:
        raise ValueError(f"inspections are counted by one of {INSPECTION_GROUPINGS}, not {by!r}")
    r = InspectionRecord
    dialect = session.get_bind().dialect.name
    counts = INSPECTION_COUNTS if distinct else INSPECTION_COUNTS[1:]
    where = _inspection_where(session, regions, start, end)
    group = (
        None if by is None else _month(dialect, r.inspected_on) if by == "month"
        else r.region if by == "region" else func.coalesce(getattr(r, by), "")
    )  # fmt: skip
    # the sums from the month sums where they give them; the enterprises, distinct, from the records
    summed = _summed(session, "inspections", regions, start, end, ("region",) if under is not None else
                     () if by is None else (by,), INSPECTION_COUNTS[1:])  # fmt: skip
    if summed is not None:
        summed = summed if by is not None or under is not None else [("", *summed[0])]
        rows = _rolled_up(session, summed, under) if under is not None else summed
        if not distinct:
            return [{"group": str(g), **{k: int(v or 0) for k, v in zip(counts, values, strict=True)}}
                    for g, *values in rows]  # fmt: skip
        enterprise = [inspection_count_columns(r, distinct=True)[0]]
        root = root_code(session)
        whole = regions is None or regions == root
        kept = None  # 执法检查企业数 as kept, where it is: each region's of ``under`` of the whole, or one region's
        if under is not None and (whole or isinstance(regions, str)) and (regions or root) not in under:
            kept = kept_counts(session, list(under), start, end)  # (each of ``under``'s own, under it)
        elif under is None and by is None and (whole or isinstance(regions, str)):
            kept = kept_counts(session, [regions or root], start, end)
        elif by == "region" and (whole or isinstance(regions, str)):
            kept = _own_kept(session, [str(g) for g, *_ in rows], where, start, end)
        if kept is not None:
            found = kept if under is not None or by == "region" else {"": next(iter(kept.values()))}
        elif under is not None:
            found = {g: n for g, n in _under_rows(session, enterprise, where, under, True)}
        else:
            found = {g: n for g, n in _grouped(session, enterprise, where, group)}
        return [{"group": str(g), "enterprises": int(found.get(g, 0) or 0),
                 **{k: int(v or 0) for k, v in zip(INSPECTION_COUNTS[1:], values, strict=True)}}
                for g, *values in rows]  # fmt: skip
    columns = inspection_count_columns(r, distinct=distinct)
    if under is not None:
        rows = _under_rows(session, columns, where, under, distinct)
    else:
        rows = _grouped(session, columns, where, group)
    return [{"group": str(g), **{k: int(v or 0) for k, v in zip(counts, values, strict=True)}}
            for g, *values in rows]  # fmt: skip


def _own_kept(session: Session, codes: list[str], where: list, start, end) -> dict[str, int] | None:
    """执法检查企业数 of the records of each of ``codes`` as written (``by="region"``: a county's own,
    its towns' apart) from the kept counts, which hold each region with the regions under it: a
    region none of the others lies under has its kept count; one that holds others of them (the
    city, a county whose towns hold records) has its own records counted (``where``: the span's).
    None where the span is not kept."""
    kept = kept_counts(session, codes, start, end)
    if kept is None:
        return None
    present, r = set(codes), InspectionRecord
    enterprise = inspection_count_columns(r, distinct=True)[0]
    for code in codes:
        if len((regions_under(session, [code]) or present) & present) > 1:
            kept[code] = int(session.scalar(select(enterprise).where(*where, r.region == code)) or 0)
    return kept


def _rolled_up(session: Session, summed: list[tuple], under: list[str]) -> list[tuple]:
    """Month sums per record region (``summed``: region, then the sums) as sums per region of
    ``under`` (itself and the regions under it), in code order, those with a record."""
    by_code = {g: values for g, *values in summed}
    rows = []
    for parent in sorted(under):
        present = [c for c in sorted(regions_under(session, [parent]) or [parent]) if c in by_code]
        if present:
            rows.append((parent, *(sum(by_code[c][i] or 0 for c in present) for i in range(len(summed[0]) - 1))))
    return rows


def case_count_rows(
    session: Session, *, regions=None, start=None, end=None, by: str | None = None, under: list[str] | None = None
) -> list[dict]:
    """The penalty cases of ``regions`` filed from ``start`` to ``end`` (立案日期) counted per ``by``
    (one of :data:`CASE_GROUPINGS`; ``penalty``: each kind of penalty, a case of several kinds in
    each; None: one row, group "", zeros when there is none): dicts with ``group`` and
    :data:`CASE_COUNTS` (the amounts in 元, floats; the rest ints)."""
    if by is not None and by not in CASE_GROUPINGS:
        raise ValueError(f"cases are counted by one of {CASE_GROUPINGS}, not {by!r}")
    r = CaseRecord
    dialect = session.get_bind().dialect.name
    summed = _summed(session, "cases", regions, start, end, ("penalties",) if by == "penalty" else ("region",)
                     if under is not None else () if by is None else (by,), CASE_COUNTS)  # fmt: skip
    if summed is not None:  # from the month sums
        if by == "penalty":  # per kind of penalty, whatever ``under`` says (as counted from the records)
            return per_penalty_kind([{"penalties": kinds, **_case_values(values)} for kinds, *values in summed
                                     if values[0]], CASE_COUNTS)  # fmt: skip
        summed = summed if by is not None or under is not None else [("", *summed[0])]
        rows = _rolled_up(session, summed, under) if under is not None else summed
        rows = rows if by is None and under is None else [row for row in rows if row[1]]
        return [{"group": str(g), **_case_values(values)} for g, *values in rows]
    columns = _case_columns(r)
    where = _where(session, r, r.filed_on, regions, start, end)
    if by == "penalty":  # per combination of kinds, then each kind's share of them
        combos = [{"penalties": kinds, **_case_values(values)} for kinds, *values in
                  _grouped(session, columns, where, r.penalties)]  # fmt: skip
        return per_penalty_kind(combos, CASE_COUNTS)
    else:
        group = (
            None if by is None else _month(dialect, r.filed_on) if by == "month" else func.coalesce(getattr(r, by), "")
        )
        if under is not None:  # per region of ``under``, each with its towns
            group = _under(session, r, under)
        rows = _grouped(session, columns, where, group)
        if under is not None:
            rows = [row for row in rows if row[0]]
    return [{"group": str(g), **_case_values(values)} for g, *values in rows]


def span_counts_of(session: Session, kind: str, places: list[str], start, end) -> dict[str, dict]:
    """The one-row count of each of ``places`` from ``start`` to ``end``, read together: what
    ``inspection_count_rows`` or ``case_count_rows`` (``kind``: inspections or cases) give for
    ``regions=place``. From the month sums of every region in one statement (each place's the sum of
    its own and its towns') and, for inspections, the kept 执法检查企业数 of all of them in one more:
    数据核对 compares a figure of each region and span sent (110 on the demo store; 0.25 s when read one
    by one). A span they do not keep is counted for each place from the records."""
    places = list(dict.fromkeys(places))
    inspections = kind == "inspections"
    measures = INSPECTION_COUNTS[1:] if inspections else CASE_COUNTS
    summed = _summed(session, kind, None, start, end, ("region",), measures)
    kept = kept_counts(session, places, start, end) if inspections and summed is not None else {}
    if summed is None or kept is None:
        one = inspection_count_rows if inspections else case_count_rows
        return {place: one(session, regions=place, start=start, end=end)[0] for place in places}
    by_code = {g: values for g, *values in summed}
    out = {}
    for place in places:
        under = regions_under(session, [place])
        codes = list(by_code) if under is None else [c for c in under if c in by_code]
        values = [sum(by_code[c][i] or 0 for c in codes) for i in range(len(measures))]
        if inspections:
            out[place] = {"group": "", "enterprises": int(kept[place]),
                          **{k: int(v) for k, v in zip(measures, values, strict=True)}}  # fmt: skip
        else:
            out[place] = {"group": "", **_case_values(values)}
    return out


def _case_values(values) -> dict:
    """A row's :data:`CASE_COUNTS` as Python numbers (the amounts floats, the rest ints)."""
    n, f, c, t, d = values
    return {"cases": int(n or 0), "fines": float(f or 0), "confiscations": float(c or 0), "transferred": int(t or 0),
            "closed": int(d or 0)}  # fmt: skip


def _case_columns(r) -> list:
    return [
        func.count().label("cases"),
        func.coalesce(func.sum(r.fine), 0).label("fines"),
        func.coalesce(func.sum(r.confiscation), 0).label("confiscations"),
        func.coalesce(func.sum(case((r.transferred == "yes", 1), else_=0)), 0).label("transferred"),
        func.coalesce(func.sum(case((r.closed_on.is_not(None), 1), else_=0)), 0).label("closed"),
    ]


def _sums(session: Session, keys: dict, columns: list, where: list) -> list[tuple]:
    """``columns`` per combination of ``keys`` (name: expression; none: one row) where ``where``."""
    groups = list(keys.values())
    stmt = select(*(g.label(k) for k, g in keys.items()), *columns).where(*where)
    return list(session.execute(stmt.group_by(*groups).order_by(*groups) if groups else stmt).all())


def inspection_sums(session: Session, *, regions=None, start=None, end=None, by: tuple[str, ...] = ()) -> list[dict]:
    """The inspections' sums (``visits``, ``hazards``, ``major_hazards``; no distinct count) per
    combination of ``by`` (each one of :data:`INSPECTION_GROUPINGS`) in one statement: dicts with
    each key of ``by`` and the sums, only combinations with a record. ``enforcement_rates.rolled_up`` makes one
    grouping's rows of them, as ``inspection_count_rows(distinct=False)`` would count them."""
    if not set(by) <= set(INSPECTION_GROUPINGS):
        raise ValueError(f"inspections are summed by {INSPECTION_GROUPINGS}, not {by!r}")
    r = InspectionRecord
    dialect = session.get_bind().dialect.name
    rows = _summed(session, "inspections", regions, start, end, tuple(by), INSPECTION_COUNTS[1:])
    if rows is None:  # not from the month sums: counted from the records
        keys = {k: _month(dialect, r.inspected_on) if k == "month" else func.coalesce(getattr(r, k), "") for k in by}
        where = _inspection_where(session, regions, start, end)
        rows = _sums(session, keys, inspection_count_columns(r, distinct=False), where)
    return [
        {**{k: str(v) for k, v in zip(by, row[: len(by)], strict=True)},
         **{k: int(v or 0) for k, v in zip(INSPECTION_COUNTS[1:], row[len(by):], strict=True)}}
        for row in rows if row[len(by)]
    ]  # fmt: skip


CASE_SUM_KEYS = ("source", "sector", "region", "month", "penalties")
"""What :func:`case_sums` sums by: a column, the month filed, or ``penalties`` (the combination of
kinds as stored, comma-separated codes: ``enforcement_rates.per_penalty_kind`` counts a case in each)."""


def case_sums(session: Session, *, regions=None, start=None, end=None, by: tuple[str, ...] = ()) -> list[dict]:
    """The penalty cases' :data:`CASE_COUNTS` per combination of ``by`` (each one of
    :data:`CASE_SUM_KEYS`) in one statement: dicts with each key of ``by`` and the counts, only
    combinations with a case."""
    if not set(by) <= set(CASE_SUM_KEYS):
        raise ValueError(f"cases are summed by {CASE_SUM_KEYS}, not {by!r}")
    r = CaseRecord
    dialect = session.get_bind().dialect.name
    rows = _summed(session, "cases", regions, start, end, tuple(by), CASE_COUNTS)
    if rows is None:  # not from the month sums: counted from the records
        keys = {k: _month(dialect, r.filed_on) if k == "month" else func.coalesce(getattr(r, k), "") for k in by}
        rows = _sums(session, keys, _case_columns(r), _where(session, r, r.filed_on, regions, start, end))
    return [{**{k: str(v) for k, v in zip(by, row[: len(by)], strict=True)}, **_case_values(row[len(by):])}
            for row in rows if row[len(by)]]  # fmt: skip


INSPECTION_RECORD_KEYS = ("id", "record_no", "inspected_on", "region", "company", "credit_code", "sector", "method",
                          "hazards", "major_hazards", "orders", "decisions", "reviews")  # fmt: skip
CASE_RECORD_KEYS = ("id", "record_no", "filed_on", "decided_on", "closed_on", "region", "party", "credit_code",
                    "sector", "source", "violation", "penalties", "fine", "confiscation", "transferred",
                    "transferred_on")  # fmt: skip


def inspection_list(session: Session, *, regions=None, start=None, end=None) -> list[dict]:
    """The inspections in force of ``regions`` from ``start`` to ``end``, by day and key: dicts of
    :data:`INSPECTION_RECORD_KEYS` (days as datetimes)."""
    r = InspectionRecord
    stmt = select(*(getattr(r, k) for k in INSPECTION_RECORD_KEYS)).where(
        *_inspection_where(session, regions, start, end)
    )
    return [
        dict(zip(INSPECTION_RECORD_KEYS, row, strict=True))
        for row in session.execute(stmt.order_by(r.inspected_on, r.key))
    ]


def case_list(session: Session, *, regions=None, start=None, end=None, transferred: bool = False) -> list[dict]:
    """The penalty cases in force of ``regions`` filed from ``start`` to ``end`` (only those
    transferred to the judicial organs with ``transferred``), by 立案日期 and key: dicts of
    :data:`CASE_RECORD_KEYS` (days as datetimes)."""
    r = CaseRecord
    where = _where(session, r, r.filed_on, regions, start, end)
    if transferred:
        where.append(r.transferred == "yes")
    stmt = select(*(getattr(r, k) for k in CASE_RECORD_KEYS)).where(*where)
    return [dict(zip(CASE_RECORD_KEYS, row, strict=True)) for row in session.execute(stmt.order_by(r.filed_on, r.key))]


def _filtered(session: Session, record, day, regions, start, end, filters: dict, coded: str):
    """``_where`` and the page's filters: ``regions`` (a region under the one asked for) and the
    ``coded`` column's codes (none: all)."""
    where = (
        _inspection_where(session, filters.get("regions") or regions, start, end)
        if record is InspectionRecord
        else _where(session, record, day, filters.get("regions") or regions, start, end)
    )
    codes = filters.get(coded) or []
    if codes:
        where.append(getattr(record, coded).in_(list(codes)))
    return where


def record_page(
    session: Session,
    kind: str,
    *,
    regions=None,
    start=None,
    end=None,
    filters: dict | None = None,
    offset: int = 0,
    limit: int | None = 50,
) -> tuple[list[dict], int]:
    """A page of the inspections (``kind`` ``inspections``, by day, newest first; of one day, the
    last written first) or penalty cases (``cases``, by 立案日期, the same) of ``regions`` and the span, filtered by ``filters``
    (``regions``: a region under it; ``method`` or ``source``: codes), and how many there are in
    all: (dicts of :data:`INSPECTION_RECORD_KEYS` or :data:`CASE_RECORD_KEYS`, total). ``limit``
    None: every one."""
    record, keys, day, coded = (
        (InspectionRecord, INSPECTION_RECORD_KEYS, InspectionRecord.inspected_on, "method")
        if kind == "inspections"
        else (CaseRecord, CASE_RECORD_KEYS, CaseRecord.filed_on, "source")
    )
    filters = filters or {}
    where = _filtered(session, record, day, regions, start, end, filters, coded)
    # how many: from the month sums where they give it (whole months), else counted
    summed = _summed(session, kind, filters.get("regions") or regions, start, end, (),
                     ["visits" if kind == "inspections" else "cases"],
                     {coded: filters[coded]} if filters.get(coded) else None)  # fmt: skip
    if summed is not None:
        total = summed[0][0] or 0
    else:
        total = session.execute(select(func.count()).select_from(record).where(*where)).scalar_one()
    stmt = select(*(getattr(record, k) for k in keys)).where(*where).order_by(day.desc(), record.id.desc())
    stmt = stmt.offset(offset) if limit is None else stmt.offset(offset).limit(limit)
    return [dict(zip(keys, row, strict=True)) for row in session.execute(stmt)], int(total)


def any_synthetic(session: Session, *, regions=None, start=None, end=None) -> bool:
    """Whether an inspection or a penalty case in force of ``regions`` and the span is synthetic (示例数据)."""
    for record, day in ((InspectionRecord, InspectionRecord.inspected_on), (CaseRecord, CaseRecord.filed_on)):
        span = (
            _inspection_where(session, regions, start, end)
            if record is InspectionRecord
            else _where(session, record, day, regions, start, end)
        )
        where = [*span, record.synthetic.is_(True)]
        if session.execute(select(record.id).where(*where).limit(1)).first() is not None:
            return True
    return False


def any_enforcement_record(session: Session) -> bool:
    """Whether the store holds an inspection or a penalty case in force."""
    return any(
        session.execute(select(m.id).where(m.retired.is_(False)).limit(1)).first() is not None
        for m in (InspectionRecord, CaseRecord)
    )
