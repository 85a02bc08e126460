"""The rates of a region and span (issue 17, ``catalog.RATES``; the arithmetic in ``rates``): their
numerators from the figures sent (工矿商贸 and 道路运输 deaths, where none was sent, from the accident
ledger's records of the region and span), their denominators from the year's figure (or the year
before's), with 同比 and where each part comes from."""

from __future__ import annotations

from sqlalchemy import Engine

from .. import catalog, metrics, rates, store
from ..ledger_figures import period_days
from ..periods import Period
from .regions import region_of
from .views import load_for

rate_parts_text = rates.parts_text  # how a rate was computed, in words (the overview's cards, the briefing)

LEDGER_SECTORS = {"icm_deaths": set(catalog.ACCIDENT_SECTOR_GROUPS["icm"][1]), "road_deaths": {"road"}}
"""The numerators the accident ledger gives where no figure was sent: the deaths of these 行业领域."""


def _sent(lk, code: str, indicator: str, span: Period) -> dict | None:
    """The figure sent for exactly ``span`` (or summed from its months or regions, as the engine
    resolves it), or None."""
    found = metrics.resolve(lk, indicator, code, span)
    if not found.found:
        return None
    return {"value": float(found.value), "origins": list(found.origins), "synthetic": bool(found.synthetic)}


def ledger_deaths(session, code: str, span: Period) -> dict | None:
    """The deaths of each of :data:`LEDGER_SECTORS`' indicators counted from the accident records
    of ``code`` and ``span`` (``{indicator: {value, origins, synthetic, ledger}}``), where the
    ledger holds records of the region in that year; else None. Three reads of the month sums."""
    year_start, year_end = period_days(Period.year_of(span.year))
    whole = store.accident_totals(session, regions=code, start=year_start, end=year_end)
    if whole.empty or int(whole["accidents"].sum()) == 0:
        return None
    start, end = period_days(span)
    sectors = store.accident_totals(session, regions=code, start=start, end=end, by="sector")
    sources = store.accident_sources(session, regions=code, start=start, end=end)
    synthetic = bool(len(sources)) and bool(sources["synthetic"].astype(bool).any())
    out = {}
    for indicator, members in LEDGER_SECTORS.items():
        deaths = sectors.loc[sectors["group"].isin(members), "deaths"].sum() if len(sectors) else 0
        out[indicator] = {"value": float(deaths), "origins": ["ledger"], "synthetic": synthetic, "ledger": True}
    return out


def _denominator(lk, code: str, indicator: str, year: int) -> tuple[dict, int] | None:
    """The year's figure of a denominator, or the year before's; None without either."""
    for y in (year, year - 1):
        found = _sent(lk, code, indicator, Period.year_of(y))
        if found is not None:
            return found, y
    return None


def rate_rows(engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy") -> list[dict]:
    """Each rate of ``catalog.RATE_LIST`` for ``region`` (default the city) and ``period``
    (``rates.rate_row``'s keys, and the summary's: origins, synthetic, warnings …), its change
    against ``comparison``'s spans (同比, 比前年, 近五年同期平均; 环比 has no span for a rate's)."""
    code = region_of(engine, region)
    codes = sorted({c for r in catalog.RATE_LIST for c in (r.numerator, r.denominator)})
    # the comparison's years, and the year before the earliest (a denominator not yet sent)
    back = metrics.COMPARISON_YEARS[comparison] + 1
    obs, regions = load_for(engine, period, indicators=codes, region=code, back=back)
    lk = metrics.prepare(obs, regions)
    spans = metrics.comparison_spans(period, comparison) or []
    before = spans[0] if spans else period.same_span_last_year()
    out = []
    with store.session_factory(engine)() as session:
        counted: dict[Period, dict | None] = {}  # the ledger's deaths per span, read once where needed

        def numerator(rate, span):
            found = _sent(lk, code, rate.numerator, span)
            if found is None and rate.numerator in LEDGER_SECTORS:
                if span not in counted:
                    counted[span] = ledger_deaths(session, code, span)
                found = (counted[span] or {}).get(rate.numerator)
            return found

        for rate in catalog.RATE_LIST:
            now = numerator(rate, period)
            den = _denominator(lk, code, rate.denominator, period.year)
            earlier = []
            for span in spans:
                found, den_then = numerator(rate, span), _denominator(lk, code, rate.denominator, span.year)
                earlier.append(
                    (found["value"] if found else None, (den_then[0]["value"], den_then[1]) if den_then else None)
                )
            notes = (catalog.RATE_TEXTS["from_ledger"],) if now and now.get("ledger") else ()
            row = rates.rate_row(
                rate, code, period,
                numerator=now["value"] if now else None,
                denominator=(den[0]["value"], den[1]) if den else None,
                notes=notes, comparison=comparison, earlier=earlier,
            )  # fmt: skip
            used = [p for p in (now, den[0] if den else None) if p]
            row.update(
                region_name=catalog.region_name(code, regions),
                qualifier="",
                status="final",
                synthetic=any(p["synthetic"] for p in used),
                previous_period=str(before),
                approximate=False,
                provisional=False,
                origins=list(dict.fromkeys(o for p in used for o in p["origins"])),
                sources=[],
                warnings=[*row["notes"], *([row["reason"]] if row["reason"] else [])],
            )
            out.append(row)
    return out


def rate_rows_text(rows: list[dict]) -> list[tuple[str, ...]]:
    """The briefing's 安全生产事故率 rows as texts (``catalog.BRIEFING`` ``rates_columns``): each rate
    of :func:`rate_rows`, "—" and the reason where it cannot be computed.

    >>> gdp = rates.rate_row(catalog.RATES["gdp_death_rate"], "320700", Period(2022, 1, 11), numerator=37,
    ...                      denominator=(3700.0, 2022), previous_numerator=56, previous_denominator=(3200.0, 2021))
    >>> rate_rows_text([gdp, rates.rate_row(catalog.RATES["road_death_rate"], "320700", Period(2022, 1, 11),
    ...                                      numerator=13, denominator=None)])  # doctest: +NORMALIZE_WHITESPACE
    [('亿元GDP生产安全事故死亡率（人/亿元）', '2022年1-11月累计', '0.010', '0.018', '同比下降42.9%',
      '死亡人数37人 ÷ 地区生产总值3700亿元（2022年）'),
     ('道路交通万车死亡率（人/万车）', '2022年1-11月累计', '—', '—', '缺少2022年机动车保有量', '')]
    """
    out = []
    for r in rows:
        rate = catalog.RATES[r["indicator"]]
        previous = "—" if r["previous"] is None else f"{r['previous']:.{rate.decimals}f}"
        change = r["reason"] if r["value"] is None else r["change_text"]
        out.append(
            (f"{r['name']}（{r['unit']}）", r["period_label"], r["display"], previous, change, rates.parts_text(r))
        )
    return out
