"""The overview's data in one call (issue 17): its cards, its charts and its sentence, the sentence
written from what the charts read (no read of its own)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from .. import catalog
from ..charts import ChartSpec
from ..periods import Period
from .briefing import headline_sentence
from .views import overview_parts


@dataclass
class OverviewView:
    cards: pd.DataFrame  # the headline indicators' summary rows
    charts: list[ChartSpec]  # the chosen indicator's 逐月走势 and 各地区排名
    sentence: str | None  # the generated headline sentence


def overview_view(
    engine: Engine, period: Period, region: str | None, comparison: str = "yoy", indicator: str | None = None
) -> OverviewView:
    """The overview's cards, sentence and the charts of ``indicator`` (one of
    ``catalog.OVERVIEW_CHARTS``, default the first: the page draws one indicator's at a time)
    (``views.overview_parts``, ``briefing.headline_sentence``)."""
    indicator = indicator or catalog.OVERVIEW_CHARTS[0]
    if indicator not in catalog.OVERVIEW_CHARTS:
        raise ValueError(f"the overview charts one of {catalog.OVERVIEW_CHARTS}, not {indicator!r}")
    frame, specs, years, regions, code = overview_parts(engine, period, region, comparison, (indicator,))
    return OverviewView(frame, specs, headline_sentence(engine, frame, code, comparison, read=(years, regions)))
