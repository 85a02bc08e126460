"""The hazard sentence of a 通报, written from the hazard ledger's as-of figures (tests/hazard_data.py's
ledger, whose figures tests/test_hazard_figures.py works out by hand)."""

import pytest

from lawreport_data import hazard_figures, narrative
from tests.hazard_data import FEBRUARY, JANUARY

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("records", "span", "as_of", "expected"),
    [
        # On 3-1 January's ledger has H2, H3 (市级, due 2-28) and H5 overdue, H1 rectified.
        (JANUARY, ("2022-01-01", "2022-01-31"), "2022-03-01",
         "全市共排查隐患5条，其中一般隐患4条、重大隐患1条，已整改1条，整改率20.0%，逾期未整改3条；"
         "挂牌督办隐患1条尚未整改（其中逾期1条）。"),
        # The same span after the March re-send: four rectified, nothing overdue, H3 done.
        (FEBRUARY, ("2022-01-01", "2022-01-31"), "2022-02-28",
         "全市共排查隐患5条，其中一般隐患4条、重大隐患1条，已整改4条，整改率80.0%。"),
        (FEBRUARY, ("2022-06-01", "2022-06-30"), "2022-06-30", "全市未排查出隐患。"),
    ],
)  # fmt: skip
def test_the_hazard_sentence_states_the_as_of_figures_with_overdue_and_supervised_hazards(
    records, span, as_of, expected
):
    found = hazard_figures.found_in(records, *span, as_of=as_of)
    supervised = hazard_figures.supervised(found, as_of)
    overdue = int((hazard_figures.statuses(supervised, as_of) == "overdue").sum())
    sentence = narrative.hazard_sentence(
        "全市", hazard_figures.figures(found, as_of), supervised=len(supervised), supervised_overdue=overdue
    )
    assert sentence == expected
