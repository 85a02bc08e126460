"""The rates (issue 17: 亿元GDP生产安全事故死亡率, 工矿商贸就业人员十万人生产安全事故死亡率, 道路交通万车死亡率):
``catalog.RATES``' numerator ÷ denominator × scale, rounded half away from zero to the rate's
decimals. Pure functions.

A rate is computed for a whole year or a 1-N月 span only, and a span's is labelled 1-N月累计: its
deaths of the months so far over the year's denominator, never annualised. The denominator is the
year's figure, or where the year has none yet, the year before's (said beside the rate); none of
either gives "—" with the reason.
"""

from __future__ import annotations

from . import catalog, metrics
from .periods import Period
from .rounding import round_half_away

T = catalog.RATE_TEXTS


def rate_value(numerator: float | None, denominator: float | None, scale: float, decimals: int) -> float | None:
    """The rate, rounded; None without a numerator or with no positive denominator.

    >>> rate_value(37, 4005.0, 1, 3), rate_value(19, 85.0, 10, 3), rate_value(13, 121.6, 1, 2)
    (0.009, 2.235, 0.11)
    >>> rate_value(None, 4005.0, 1, 3), rate_value(37, 0, 1, 3), rate_value(37, None, 1, 3)
    (None, None, None)
    """
    if numerator is None or denominator is None or denominator <= 0:
        return None
    return round_half_away(numerator / denominator * scale, decimals)


def rate_label(period: Period) -> str | None:
    """How a rate's span is labelled: a year as it is, a 1-N月 span as 累计; other spans get none.

    >>> rate_label(Period.year_of(2022)), rate_label(Period(2022, 1, 11)), rate_label(Period(2022, 11, 11))
    ('2022年', '2022年1-11月累计', None)
    """
    if period.is_year:
        return period.label()
    if period.start == 1:
        return T["cumulative"].format(period=period.label())
    return None


def rate_row(
    rate: catalog.Rate,
    region: str,
    period: Period,
    *,
    numerator: float | None,
    denominator: tuple[float, int] | None,
    previous_numerator: float | None = None,
    previous_denominator: tuple[float, int] | None = None,
    notes: tuple[str, ...] = (),
    comparison: str = "yoy",
    earlier: list[tuple[float | None, tuple[float, int] | None]] | None = None,
) -> dict:
    """One rate of ``region`` and ``period``: its value, display, its change (同比: the same span a
    year before over that year's denominator; ``comparison`` prev2 or avg5 with ``earlier``, the
    (numerator, denominator) of each of the comparison's spans: the mean of their rates, all
    needed), the denominator's value and year, and the reason for "—". ``denominator``: (value,
    year) or None.

    >>> gdp = catalog.RATES["gdp_death_rate"]
    >>> row = rate_row(gdp, "320700", Period(2022, 1, 11), numerator=37, denominator=(4005.0, 2022),
    ...                previous_numerator=56, previous_denominator=(3700.0, 2021))
    >>> row["display"], row["period_label"], row["previous"], row["change_text"], row["reason"]
    ('0.009', '2022年1-11月累计', 0.015, '同比下降39.0%', '')
    >>> row = rate_row(gdp, "320700", Period(2022, 1, 11), numerator=37, denominator=None)
    >>> row["display"], row["reason"]
    ('—', '缺少2022年地区生产总值')
    >>> rate_row(gdp, "320700", Period(2022, 11, 11), numerator=3, denominator=(4005.0, 2022))["reason"]
    '比率只按全年或1-N月累计计算'
    >>> row = rate_row(gdp, "320700", Period(2022, 1, 11), numerator=37, denominator=(3700.0, 2022), comparison="avg5",
    ...                earlier=[(40, (3200.0, y)) for y in range(2021, 2018, -1)] + [(44, (2750.0, 2018)), (48, (2400.0, 2017))])
    >>> row["previous"], row["change_text"]  # (0.0125 × 3 + 0.016 + 0.02) / 5 = 0.0147
    (0.015, '比近五年同期平均下降32.0%')
    """
    label = rate_label(period)
    reason = ""
    value = previous = None
    if label is None:
        reason = T["only_spans"]
    elif numerator is None:
        reason = T["no_numerator"].format(period=period.label(), name=catalog.INDICATORS[rate.numerator].name)
    elif denominator is None:
        reason = T["no_denominator"].format(year=period.year, name=catalog.INDICATORS[rate.denominator].name)
    else:
        value = rate_value(numerator, denominator[0], rate.scale, rate.decimals)
    pairs = [(previous_numerator, previous_denominator)] if earlier is None else earlier
    exacts = [_exact(n, d, rate) for n, d in pairs]  # the change is of the unrounded rates
    exact_previous = None
    if value is not None and pairs and None not in exacts:
        exact_previous = sum(exacts) / len(exacts)
        previous = round_half_away(exact_previous, rate.decimals)
    exact = _exact(numerator, denominator, rate) if value is not None else None
    said = list(notes)
    if denominator is not None and denominator[1] != period.year and value is not None:
        said.append(
            T["earlier_denominator"].format(name=catalog.INDICATORS[rate.denominator].name, year=denominator[1])
        )
    change = (
        metrics.describe_change(exact, exact_previous, unit=rate.unit, comparison=comparison)
        if value is not None
        else None
    )
    return {
        "indicator": rate.code,
        "name": rate.name,
        "unit": rate.unit,
        "region": region,
        "period": str(period),
        "period_label": label or period.label(),
        "value": value,
        "display": "—" if value is None else f"{value:.{rate.decimals}f}",
        "previous": previous,
        "change_pct": None if change is None else change.pct,
        "change_text": "" if change is None else change.text,
        "direction": None if change is None else change.direction,
        "numerator": rate.numerator,
        "numerator_value": numerator,
        "denominator": rate.denominator,
        "denominator_value": None if denominator is None else denominator[0],
        "denominator_year": None if denominator is None else denominator[1],
        "reason": reason,
        "notes": said,
    }


def parts_text(row: dict) -> str:
    """How a rate (a :func:`rate_row`) was computed, in words; "" where it was not.

    >>> gdp = catalog.RATES["gdp_death_rate"]
    >>> parts_text(rate_row(gdp, "320700", Period(2022, 1, 11), numerator=37, denominator=(4005.0, 2022)))
    '死亡人数37人 ÷ 地区生产总值4005亿元（2022年）'
    >>> parts_text(rate_row(catalog.RATES["icm_death_rate"], "320700", Period.year_of(2022), numerator=19,
    ...                     denominator=(85.0, 2022)))
    '工矿商贸死亡人数19人 ÷ 工矿商贸就业人员85万人（2022年），× 10'
    """
    if row["value"] is None:
        return ""
    rate = catalog.RATES[row["indicator"]]
    num, den = catalog.INDICATORS[rate.numerator], catalog.INDICATORS[rate.denominator]
    parts = T["parts"].format(
        numerator=num.name, num=f"{row['numerator_value']:g}", num_unit=num.unit, denominator=den.name,
        den=f"{row['denominator_value']:g}", den_unit=den.unit, year=row["denominator_year"],
    )  # fmt: skip
    return parts + (T["scaled"].format(scale=f"{rate.scale:g}") if rate.scale != 1 else "")


def _exact(numerator, denominator, rate: catalog.Rate) -> float | None:
    if numerator is None or denominator is None or denominator[0] <= 0:
        return None
    return numerator / denominator[0] * rate.scale
