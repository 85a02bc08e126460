"""Briefing export: the report's sentences written from the figures, chart images, Word."""

from __future__ import annotations

import calendar

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, charts, hazard_figures, metrics, narrative, store
from ..ledger_figures import period_days
from ..periods import Period
from ..rates import rate_label
from .control_targets import progress_board
from .hazards import HAZARD_DERIVED, default_as_of
from .rate_figures import rate_rows, rate_rows_text
from .regions import region_of, root_region
from .views import section_figures

LEDGER_HAZARD_FIGURES = {**HAZARD_DERIVED, "hazard_rectification_rate": "rectification_rate"}
"""The hazard indicators the hazard ledger's sentence states (``catalog.INDICATORS`` codes), each
with its figure of ``hazard_figures.figures``: 排查隐患数, 一般隐患数, 重大隐患数, 整改隐患数, 隐患整改率."""


def narrative_sentences(
    engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy"
) -> tuple[pd.DataFrame, list[narrative.Sentence]]:
    """The summary frame and the sentences written from it (see ``narrative.sentences``), with the
    accident ledger's breakdown after the headline (:func:`_ledger_breakdown`) and the hazard
    ledger's sentence after the 执法检查 one (:func:`_ledger_hazards`) where the ledgers hold records
    of the region and span."""
    code = region_of(engine, region)
    with store.session_factory(engine)() as session:
        obs = store.load_observations(session, years=list(range(period.year - RUN_YEARS - 1, period.year + 1)))
        regions = store.regions_frame(session)
    frame = metrics.summary(obs, code, period, comparison=comparison, regions=regions)
    derived = obs[obs["origin"] == "derived"]
    keys = {(r.indicator, r.region, str(Period(int(r.year), int(r.start), int(r.end)))) for r in derived.itertuples()}
    pairs = zip(frame["indicator"], frame["previous_period"], strict=True)
    frame["previous_derived"] = [(i, code, p) in keys for i, p in pairs]
    with store.session_factory(engine)() as session:
        breakdown = _ledger_breakdown(session, code, frame)
        hazards = _ledger_hazards(session, code, period, frame, regions)
    earlier = earlier_double_decline(obs, code, frame, regions) if comparison == "yoy" else None
    run = earlier_double_declines(obs, code, frame, regions) if earlier else 0
    sentences = narrative.sentences(frame, period, earlier_double_decline=earlier, years_in_a_row=run + 1 if earlier else None,
                                    hazards=hazards)  # fmt: skip
    if breakdown is not None:  # right after the headline, as a 通报 gives it
        at = next((i + 1 for i, s in enumerate(sentences) if s.key == "accidents"), 0)
        sentences.insert(at, breakdown)
    enforcement = _ledger_enforcement(engine, code, period, frame, regions)
    if enforcement is not None:  # after the 执法检查 and hazard sentences (section 4)
        at = max((i + 1 for i, s in enumerate(sentences) if s.section <= enforcement.section), default=len(sentences))
        sentences.insert(at, enforcement)
    return frame, sentences


def _ledger_enforcement(
    engine: Engine, region: str, period: Period, summary_frame: pd.DataFrame, regions: pd.DataFrame | None = None
) -> narrative.Sentence | None:
    """The enforcement sentence of ``region`` (its towns included) and ``period`` from the inspection
    and penalty case ledgers when they hold any there (None otherwise): the ledgers' whole sentence
    (``narrative.enforcement_sentence``) unless the summary states an official 执法检查企业数 of this
    region and span (the 执法检查 sentence states it; 数据核对 lists a difference from the ledger's
    distinct count) — then only what no official figure states (``narrative.enforcement_ledger_note``:
    家次, hazards, cases, 罚没款, 移送)."""
    from .enforcement import enforcement_summary

    figures = enforcement_summary(engine, period, region)
    if not (figures["visits"] or figures["cases"]):
        return None
    start, end = period_days(period)
    with store.session_factory(engine)() as session:
        synthetic = store.any_synthetic(session, regions=region, start=start, end=end)
    stated = summary_frame[
        (summary_frame["indicator"] == "enterprises_inspected")
        & (summary_frame["region"] == region)
        & (summary_frame["period"] == str(period))
        & summary_frame["value"].notna()
    ]
    info = catalog.INDICATORS["enterprises_inspected"]
    if len(stated):
        text = narrative.enforcement_ledger_note(figures, synthetic=synthetic)
        return narrative.Sentence("enforcement_ledger_note", info.topic, info.section, text, (), synthetic)
    where = narrative.where_word(region, catalog.region_name(region, regions))
    lead = narrative.period_lead(period, "this_year") + "，"
    text = narrative.enforcement_sentence(where, figures, lead=lead, synthetic=synthetic)
    return narrative.Sentence("enforcement_ledger", info.topic, info.section, text, (), synthetic)


def _ledger_breakdown(session, region: str, summary_frame: pd.DataFrame) -> narrative.Sentence | None:
    """The accident breakdown (行业领域, 较大及以上) of the headline's span and region, written from the
    accident ledger's records when it holds any there (shares of the ledger's own totals); stamped
    示例数据 (and ``synthetic``) when any of the records counted is synthetic (the demo's)."""
    import datetime as dt

    row = summary_frame[summary_frame["indicator"] == "accidents"]
    if row.empty or not store.any_accident(session):
        return None
    span = Period.parse(row["period"].iloc[0])
    start = dt.date(span.year, span.start, 1)
    end = dt.date(span.year, span.end, calendar.monthrange(span.year, span.end)[1])
    totals = store.accident_totals(session, regions=[region], start=start, end=end)
    accidents, deaths = int(totals["accidents"].sum()), int(totals["deaths"].sum())
    if not accidents:
        return None
    by_sector = store.accident_totals(session, regions=[region], start=start, end=end, by="sector")
    by_grade = store.accident_totals(session, regions=[region], start=start, end=end, by="grade")
    sources = store.accident_sources(session, regions=region, start=start, end=end)
    synthetic = bool((sources["synthetic"] & (sources["status"] == "counted")).any())
    text = narrative.accident_breakdown_sentence(
        by_sector, by_grade, total_accidents=accidents, total_deaths=deaths, synthetic=synthetic
    )
    if text is None:
        return None
    return narrative.Sentence("accident_breakdown", "accidents", 1, text, ("accidents", "deaths"), synthetic)


def _ledger_hazards(
    session, region: str, period: Period, summary_frame: pd.DataFrame, regions: pd.DataFrame | None = None
) -> narrative.Sentence | None:
    """The hazard sentence of ``region`` (its towns included) and ``period``, written from the
    hazard ledger's records found in the period, as of its last day (``api.hazards.default_as_of``:
    today while it is not over), when the ledger holds any there; None when it holds none (the
    执法检查 template then states the hazard figures of the summary alone, as it always has).

    Official figures and the ledger's counts are weighed as for accidents, whose headline states
    the official totals and whose ledger breakdown follows it (README, 数据核对: the official total
    is shown and the difference listed for checking, ``api.hazard_reconcile``):

    - where the summary states a hazard figure (:data:`LEDGER_HAZARD_FIGURES`) of this region and
      of exactly this span that the ledger's figure differs from (the report's 7481/7439/42), the
      template's sentence stays as it is, with the official figures, and the ledger adds only what
      no official figure states: :func:`narrative.hazard_ledger_note` (逾期未整改 and the open
      挂牌督办 hazards, how many of them overdue), nothing when it has neither;
    - otherwise (no official hazard figure of the span, or each one equal to the ledger's) the
      ledger's :func:`narrative.hazard_sentence` states the hazard figures in place of the
      template's (the template keeps its other figures: 执法检查企业…家), opening with the period
      as the template does (今年1-11月，), with 逾期未整改 and the open 挂牌督办 hazards when any.

    The sentence says 示例数据 (and is ``synthetic``) when a record counted is synthetic (the demo's)."""
    start, end = period_days(period)
    records = store.hazard_records(session, regions=region, start=start, end=end)
    if records.empty:
        return None
    as_of = default_as_of(period)
    counted = records[records["found_on"] <= hazard_figures.as_of_day(as_of)]
    figures = hazard_figures.figures(counted, as_of)
    open_supervised = hazard_figures.supervised(counted, as_of)
    more = dict(
        supervised=len(open_supervised),
        supervised_overdue=int((hazard_figures.statuses(open_supervised, as_of) == "overdue").sum()),
        synthetic=bool(counted["synthetic"].astype(bool).any()),
    )
    stated = summary_frame[
        summary_frame["indicator"].isin(list(LEDGER_HAZARD_FIGURES))
        & (summary_frame["region"] == region)
        & (summary_frame["period"] == str(period))
    ]
    differs = any(
        figures[LEDGER_HAZARD_FIGURES[code]] is None or float(value) != float(figures[LEDGER_HAZARD_FIGURES[code]])
        for code, value in zip(stated["indicator"], stated["value"], strict=True)
    )
    topic, section = catalog.INDICATORS["hazards_found"].topic, catalog.INDICATORS["hazards_found"].section
    if differs:
        text = narrative.hazard_ledger_note(figures, **more)
        if text is None:
            return None
        return narrative.Sentence("hazard_ledger_note", topic, section, text, (), more["synthetic"])
    where = narrative.where_word(region, catalog.region_name(region, regions))
    lead = narrative.period_lead(period, "this_year") + "，"
    text = narrative.hazard_sentence(where, figures, lead=lead, **more)
    codes = tuple(LEDGER_HAZARD_FIGURES)
    return narrative.Sentence("hazard_ledger", topic, section, text, codes, more["synthetic"])


def earlier_double_decline(
    obs: pd.DataFrame, region: str, summary_frame: pd.DataFrame, regions: pd.DataFrame | None = None
) -> bool | None:
    """Whether accidents and deaths also both fell in the span a year before the headline's span:
    as the report states it (the figure ``double_decline`` of that span, held with its source
    sentence), else computed from the figures of that span and the one before it.

    >>> from lawreport_data import report2022
    >>> obs = report2022.report_frame()
    >>> frame = metrics.summary(obs, "320700", Period(2022, 1, 11))
    >>> earlier_double_decline(obs, "320700", frame), earlier_double_decline(obs[obs["year"] == 2022], "320700", frame)
    (True, None)
    """
    row = summary_frame[summary_frame["indicator"] == "accidents"]
    if row.empty:
        return None
    return _double_decline_of(obs, region, Period.parse(row["period"].iloc[0]).same_span_last_year(), regions)


def _double_decline_of(obs, region: str, span: Period, regions) -> bool | None:
    """Whether both fell in ``span`` against the same span a year before: stated, else computed."""
    stated = metrics.summary(obs, region, span, indicators=["double_decline"], regions=regions)
    stated = stated[stated["period"] == str(span)]
    if not stated.empty:
        return bool(stated["value"].iloc[0])
    earlier = metrics.summary(obs, region, span, indicators=["accidents", "deaths"], regions=regions)
    if earlier.empty or set(earlier["period"]) != {str(span)}:
        return None
    return metrics.double_decline(earlier)


RUN_YEARS = 4
"""How many years before the headline's span a run of 双下降 is looked for (the overview reads five)."""


def earlier_double_declines(
    obs: pd.DataFrame, region: str, summary_frame: pd.DataFrame, regions: pd.DataFrame | None = None
) -> int:
    """How many spans in a row before the headline's span (the same months, a year apart) also saw
    both fall, each as stated or computed (:func:`earlier_double_decline`), up to :data:`RUN_YEARS`.

    >>> from lawreport_data import report2022
    >>> obs = report2022.report_frame()
    >>> earlier_double_declines(obs, "320700", metrics.summary(obs, "320700", Period(2022, 1, 11)))
    1
    """
    row = summary_frame[summary_frame["indicator"] == "accidents"]
    if row.empty:
        return 0
    span = Period.parse(row["period"].iloc[0])
    obs = metrics.prepare(obs, regions) if isinstance(obs, pd.DataFrame) else obs  # indexed once
    run = 0
    for k in range(1, RUN_YEARS + 1):
        if not _double_decline_of(obs, region, Period(span.year - k, span.start, span.end), regions):
            break
        run += 1
    return run


def headline_sentence(
    engine: Engine,
    summary_frame: pd.DataFrame,
    region: str | None = None,
    comparison: str = "yoy",
    *,
    read: tuple[pd.DataFrame, pd.DataFrame] | None = None,
) -> str | None:
    """The overview's sentence (``narrative.headline_sentence`` of its summary), saying 继续保持 when
    the span a year before also saw both fall (:func:`earlier_double_decline`: as the report states
    it, or computed), from a read of that span's accidents, deaths and statement alone; followed by
    the accident ledger's breakdown of the same region and span when the ledger holds records
    there (:func:`_ledger_breakdown`, stamped 示例数据 when they are the demo's). ``read``: the
    observations and regions already read that hold those (the overview's), instead of a read."""
    code = region_of(engine, region)
    row = summary_frame[summary_frame["indicator"] == "accidents"] if len(summary_frame) else summary_frame
    earlier, run = None, 0
    if comparison == "yoy" and not row.empty:
        before = Period.parse(row["period"].iloc[0]).same_span_last_year()
        if read is None:
            with store.session_factory(engine)() as session:
                read = store.load_resolvable(
                    session,
                    code,
                    indicators=["accidents", "deaths", "double_decline"],
                    years=list(range(before.year - RUN_YEARS, before.year + 1)),
                )
        ready = metrics.prepare(read[0], read[1])  # indexed once for the up to ten spans looked at
        run = earlier_double_declines(ready, code, summary_frame, read[1])
        earlier = bool(run) if run else earlier_double_decline(ready, code, summary_frame, read[1])
    text = narrative.headline_sentence(
        summary_frame, earlier_double_decline=earlier, years_in_a_row=run + 1 if earlier else None
    )
    if text is None:
        return None
    with store.session_factory(engine)() as session:  # then the ledger's breakdown, as a 通报 gives it
        breakdown = _ledger_breakdown(session, code, summary_frame)
    return text if breakdown is None else text + breakdown.text


def briefing_charts(specs: list[charts.ChartSpec]) -> list[charts.ChartSpec]:
    """One chart per indicator for the briefing, by ``catalog.BRIEFING_CHART_KINDS`` preference,
    and every group chart (``catalog.CHART_GROUPS``)."""
    chosen: dict[str, charts.ChartSpec] = {}
    rank = {k: i for i, k in enumerate(catalog.BRIEFING_CHART_KINDS)}
    for spec in specs:
        if spec.indicator in catalog.CHART_GROUPS:
            chosen[spec.indicator] = spec
            continue
        have = chosen.get(spec.indicator)
        if spec.kind in rank and (have is None or rank[spec.kind] < rank[have.kind]):
            chosen[spec.indicator] = spec
    return [s for s in specs if chosen.get(s.indicator) is s]


def chart_images(engine: Engine, period: Period, region: str | None = None, out_dir=None, fmt: str = "png") -> list:
    """Render every chart of the region and period into ``out_dir``; the paths written."""
    from pathlib import Path

    from .. import png

    specs = section_figures(engine, period, region)
    return png.write_charts(specs, Path(out_dir), fmt)


def briefing_docx(
    engine: Engine, period: Period, region: str | None = None, comparison: str = "yoy", *, with_charts: bool = True
) -> bytes:
    """The Word briefing of a region and period as .docx bytes (charts need Chromium; without
    it the briefing says so and carries the text and the table)."""
    from .. import docx_io, png

    frame, sentences = narrative_sentences(engine, period, region, comparison)
    code = region_of(engine, region)
    images, note = [], None
    if with_charts:
        try:
            specs = briefing_charts(section_figures(engine, period, code, comparison))
            w, h = png.BRIEFING_SIZE
            images = [(s, png.render(png.without_title(s.figure), width=w, height=h)) for s in specs]
        except png.ImageExportError as exc:
            note = str(exc)
    name = catalog.region_name(code)
    if not frame.empty:
        name = str(frame["region_name"].iloc[0])
    board = progress_board(engine, period, code)
    table = target_rows_text(board.rows)
    rates = rate_rows(engine, period, code, comparison) if rate_label(period) else []
    return docx_io.briefing_bytes(
        targets=(table, board.sentences, board.caption, len(table) < len(board.rows)),
        rates=rate_rows_text(rates) if any(r["value"] is not None for r in rates) else [],
        summary_frame=frame,
        sentences=sentences,
        period=period,
        region_name=name,
        comparison=comparison,
        images=images,
        charts_note=note,
        issuer=catalog.BRIEFING["province_issuer" if root_region(engine) == catalog.PROVINCE_CODE else "issuer"],
    )


def target_rows_text(rows: list[dict]) -> list[tuple[str, ...]]:
    """The briefing's 控制指标进度 rows as texts: the rows with a target, as ``api.progress`` orders them.

    >>> target_rows_text([{"region_name": "海州区", "indicator_name": "死亡人数", "target": 9, "actual": 9,
    ...     "used_pct": 100.0, "time_pct": 91.5, "status": "over_pace", "status_label": "超进度"},
    ...     {"region_name": "连云区", "indicator_name": "死亡人数", "target": None, "actual": 7,
    ...     "used_pct": None, "time_pct": 91.5, "status": "no_target", "status_label": "无控制数"}])
    [('海州区', '死亡人数', '9', '9', '100.0', '91.5', '超进度')]
    """
    from ..control_charts import printed

    return [
        (
            r["region_name"],
            r["indicator_name"],
            printed(r["target"]),
            printed(r["actual"] or 0),
            "—" if r["used_pct"] is None else f"{r['used_pct']:.1f}",
            f"{r['time_pct']:.1f}",
            r["status_label"],
        )  # fmt: skip
        for r in rows
        if r["target"] is not None
    ]
