"""Which spans the observations have: ``observation_span`` (per indicator, the distinct year,
start and end month and synthetic flag of its observations, kept up to date with every write)
and the reads of it that the sidebar makes (the years present, the default period's spans)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..models import Observation, ObservationSpan

_COLUMNS = ["indicator_code", "year", "start_month", "end_month", "synthetic"]


def _filtered(stmt, indicators: list[str] | None, years: list[int] | None, include_synthetic: bool):
    s = ObservationSpan
    if indicators is not None:
        stmt = stmt.where(s.indicator_code.in_(indicators))
    if years is not None:
        stmt = stmt.where(s.year.in_(years))
    if not include_synthetic:
        stmt = stmt.where(s.synthetic.is_(False))
    return stmt


def span_keys(
    session: Session,
    *,
    indicators: list[str] | None = None,
    years: list[int] | None = None,
    include_synthetic: bool = True,
) -> pd.DataFrame:
    """The distinct (indicator, year, start, end, synthetic) of the observations, filtered as asked:
    what ``dashboard.latest_span`` looks at, without the rows."""
    s = ObservationSpan
    stmt = select(
        s.indicator_code.label("indicator"), s.year, s.start_month.label("start"), s.end_month.label("end"), s.synthetic
    )
    frame = pd.read_sql(_filtered(stmt, indicators, years, include_synthetic), session.connection())
    return frame.astype({"year": "int64", "start": "int64", "end": "int64", "synthetic": bool})


def latest_year(session: Session, *, indicators: list[str] | None = None, include_synthetic: bool = True) -> int | None:
    """The latest year with an observation (of ``indicators``), or None."""
    year = session.scalar(_filtered(select(func.max(ObservationSpan.year)), indicators, None, include_synthetic))
    return None if year is None else int(year)


def years_present(session: Session) -> list[int]:
    """Distinct years with observations, newest first."""
    s = ObservationSpan
    return [int(y) for y in session.scalars(select(s.year).distinct().order_by(s.year.desc()))]


def _live_select(indicators: list[str] | None = None, years: list[int] | None = None):
    o = Observation
    stmt = select(o.indicator_code, o.year, o.start_month, o.end_month, o.synthetic).distinct()
    if indicators is not None:
        stmt = stmt.where(o.indicator_code.in_(indicators))
    if years is not None:
        stmt = stmt.where(o.year.in_(years))
    return stmt


def refresh_observation_spans(session: Session, touched: pd.DataFrame) -> None:
    """Bring ``observation_span`` up to date after observations were written: the spans of every
    (indicator, year) that a row of ``touched`` (columns indicator and year) falls in are read
    again from the observations. Runs in the caller's transaction, so the spans change exactly
    when the observations do."""
    if touched.empty:
        return
    s = ObservationSpan
    keys = touched[["indicator", "year"]].drop_duplicates()
    for indicator, g in keys.groupby("indicator", sort=True):
        years = sorted({int(y) for y in g["year"]})
        session.execute(delete(s).where(s.indicator_code == indicator, s.year.in_(years)))
        session.execute(insert(s).from_select(_COLUMNS, _live_select([indicator], years)))


def _distinct_spans(frame: pd.DataFrame) -> pd.DataFrame:
    """The distinct (indicator, year, start, end, synthetic) of ``frame`` (synthetic False where
    not given), found over whole numbers (a million rows' texts compared took a second).

    >>> rows = pd.DataFrame({"indicator": ["b", "a", "b", "b"], "year": [2022] * 4, "start": [1, 1, 1, 2],
    ...                      "end": [1, 1, 1, 2], "synthetic": [False, None, False, True]})
    >>> _distinct_spans(rows).values.tolist()
    [['a', 2022, 1, 1, False], ['b', 2022, 1, 1, False], ['b', 2022, 2, 2, True]]
    """
    codes, names = pd.factorize(frame["indicator"], sort=True)
    given = frame["synthetic"] if "synthetic" in frame.columns else pd.Series(False, index=frame.index)
    # one whole number per row: indicator, year (< 10000), months (< 16) and flag, then decoded
    key = codes.astype(np.int64)
    for values, base in (
        (frame["year"].to_numpy(dtype=np.int64), 10_000),
        (frame["start"].to_numpy(dtype=np.int64), 16),
        (frame["end"].to_numpy(dtype=np.int64), 16),
        (given.fillna(False).astype(bool).to_numpy(dtype=np.int64), 2),
    ):
        key = key * base + values
    key = np.unique(key)
    key, synthetic = np.divmod(key, 2)
    key, end = np.divmod(key, 16)
    key, start = np.divmod(key, 16)
    code, year = np.divmod(key, 10_000)
    return pd.DataFrame(
        {
            "indicator": np.asarray(names, dtype=object)[code],
            "year": year,
            "start": start,
            "end": end,
            "synthetic": synthetic.astype(bool),
        }
    )


def add_observation_spans(session: Session, written: pd.DataFrame, changed: pd.DataFrame) -> None:
    """``observation_span`` after ``store.apply_observations`` wrote ``written`` (the rows given,
    columns indicator, year, start, end and synthetic) and replaced ``changed`` (with
    synthetic_old): a write only adds spans, unless a replaced row's synthetic flag changed, which
    may leave a span without rows (that indicator's years are read again). The spans already
    held are read from this small table, not from the observations."""
    if written.empty:
        return
    flipped = (
        changed[changed["synthetic"].astype(bool) != changed["synthetic_old"].astype(bool)] if len(changed) else changed
    )
    spans = _distinct_spans(written)
    held = span_keys(session, indicators=sorted(set(spans["indicator"])))
    new = spans.merge(held, how="left", indicator="_held")
    new = new[new["_held"] == "left_only"]
    if len(new):
        from .writes import _bulk_insert  # (writes imports this module)

        _bulk_insert(
            session,
            ObservationSpan.__table__,
            {
                "indicator_code": new["indicator"],
                "year": new["year"],
                "start_month": new["start"],
                "end_month": new["end"],
                "synthetic": new["synthetic"].astype(bool),
            },
        )
    if len(flipped):
        refresh_observation_spans(session, flipped)


def live_observation_spans(session: Session) -> pd.DataFrame:
    """What ``observation_span`` must hold, read from the observations (in key order)."""
    return _in_key_order(pd.read_sql(_live_select(), session.connection()))


def stored_observation_spans(session: Session) -> pd.DataFrame:
    """What ``observation_span`` holds (in key order)."""
    s = ObservationSpan
    return _in_key_order(pd.read_sql(select(*(getattr(s, c) for c in _COLUMNS)), session.connection()))


def _in_key_order(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[_COLUMNS].astype({"synthetic": bool})
    return frame.sort_values(_COLUMNS, ignore_index=True)
