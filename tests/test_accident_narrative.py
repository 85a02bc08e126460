"""The accident breakdown sentence a 通报 gives, written from the ledger's counts by sector and grade."""

from __future__ import annotations

import pandas as pd
import pytest

from lawreport_data import narrative


def counts(**groups: tuple[int, int]) -> pd.DataFrame:
    """A grouped counts frame as the store gives it: group code → (accidents, deaths)."""
    return pd.DataFrame(
        [dict(group=g, accidents=a, deaths=d) for g, (a, d) in groups.items()],
        columns=["group", "accidents", "deaths"],
    )


@pytest.mark.parametrize(
    ("by_sector", "by_grade", "totals", "expected"),
    [
        pytest.param(
            counts(construction=(351, 7), road=(49, 1)),
            counts(general=(400, 8)),
            (400, 8),
            "其中，建筑业事故351起、死亡7人，分别占总数的87.8%、87.5%；道路运输事故49起、死亡1人，分别占12.3%、12.5%。",
            id="halves-round-away-from-zero",
        ),
        pytest.param(
            counts(road=(2, 2), hazchem=(1, 1)),
            None,
            (3, 3),
            "其中，道路运输事故2起、死亡2人，分别占总数的66.7%、66.7%；危险化学品事故1起、死亡1人，分别占33.3%、33.3%。",
            id="thirds-to-one-decimal",
        ),
        pytest.param(
            counts(road=(5, 2)), counts(general=(5, 2)), (5, 2), "上述事故均为道路运输事故。", id="one-sector-only"
        ),
        pytest.param(
            counts(construction=(1, 3)),
            counts(larger=(1, 3)),
            (1, 3),
            "上述事故均为建筑业事故；发生较大事故1起、死亡3人。",
            id="one-sector-with-a-larger-accident",
        ),
        pytest.param(
            counts(road=(3, 2), fire=(1, 0)),
            None,
            (4, 2),
            "其中，道路运输事故3起、死亡2人，分别占总数的75.0%、100.0%；火灾事故1起，占25.0%。",
            id="a-sector-without-deaths-has-one-share",
        ),
        pytest.param(
            counts(road=(2, 0), water=(1, 0)),
            None,
            (3, 0),
            "其中，道路运输事故2起，占总数的66.7%；水上运输事故1起，占33.3%。",
            id="no-deaths-at-all",
        ),
        pytest.param(
            counts(industry_trade=(2, 1), road=(4, 1), hazchem=(2, 1), construction=(2, 2)),
            counts(general=(10, 5)),
            (10, 5),
            "其中，道路运输事故4起、死亡1人，分别占总数的40.0%、20.0%；建筑业事故2起、死亡2人，分别占20.0%、40.0%；"
            "危险化学品事故2起、死亡1人，分别占20.0%、20.0%；工矿商贸领域事故6起、死亡4人，分别占60.0%、80.0%。",
            id="three-largest-sectors-ties-by-deaths-then-catalog-and-the-group",
        ),
        pytest.param(
            counts(construction=(3, 1), industry_trade=(1, 0)),
            None,
            (4, 1),
            "其中，建筑业事故3起、死亡1人，分别占总数的75.0%、100.0%；工贸事故1起，占25.0%。",
            id="no-group-when-it-had-all-accidents",
        ),
        pytest.param(
            counts(road=(3, 1), construction=(1, 1)),
            None,
            (4, 2),
            "其中，道路运输事故3起、死亡1人，分别占总数的75.0%、50.0%；建筑业事故1起、死亡1人，分别占25.0%、50.0%。",
            id="no-group-with-one-of-its-sectors",
        ),
        pytest.param(
            counts(road=(2, 14)),
            counts(larger=(1, 4), major=(1, 10)),
            (2, 14),
            "上述事故均为道路运输事故；发生较大事故1起、死亡4人，重大事故1起、死亡10人。",
            id="larger-and-major",
        ),
        pytest.param(
            counts(hazchem=(1, 0), road=(1, 1)),
            counts(larger=(1, 0), general=(1, 1)),
            (2, 1),
            "其中，道路运输事故1起、死亡1人，分别占总数的50.0%、100.0%；危险化学品事故1起，占50.0%；发生较大事故1起。",
            id="a-larger-accident-by-its-loss",
        ),
        pytest.param(None, counts(larger=(1, 3)), (1, 3), "发生较大事故1起、死亡3人。", id="grades-without-sectors"),
    ],
)
def test_breakdown_sentence_names_the_largest_sectors_with_shares_and_the_serious_grades(
    by_sector, by_grade, totals, expected
):
    sentence = narrative.accident_breakdown_sentence(
        by_sector, by_grade, total_accidents=totals[0], total_deaths=totals[1]
    )
    assert sentence == expected


@pytest.mark.parametrize(
    ("by_sector", "by_grade", "total_accidents"),
    [
        pytest.param(counts(), counts(), 0, id="no-accidents"),
        pytest.param(None, None, None, id="no-total"),
        pytest.param(counts(road=(0, 0)), counts(general=(0, 0)), 0, id="zero-rows"),
        pytest.param(counts(), counts(general=(3, 1)), 3, id="only-general-and-no-sectors"),
    ],
)
def test_nothing_to_break_down_writes_no_sentence(by_sector, by_grade, total_accidents):
    assert (
        narrative.accident_breakdown_sentence(by_sector, by_grade, total_accidents=total_accidents, total_deaths=0)
        is None
    )


def test_a_sector_split_over_rows_is_counted_once():
    split = pd.concat([counts(road=(2, 1)), counts(road=(1, 0)), counts(fire=(1, 0))], ignore_index=True)
    sentence = narrative.accident_breakdown_sentence(split, None, total_accidents=4, total_deaths=1)
    assert sentence.startswith("其中，道路运输事故3起、死亡1人，分别占总数的75.0%、100.0%；")
