"""The accident sentences gain the breakdown a 通报 gives, written from the accident ledger when it
holds records for the headline's region and span."""

import pandas as pd
import pytest

from lawreport_data import api, store
from lawreport_data.periods import Period

pytestmark = pytest.mark.store


def ledger(rows: list[tuple[str, str, str, int, str]]) -> pd.DataFrame:
    """Records from (key, day, sector, deaths, grade) in 灌云县."""
    out = pd.DataFrame(
        [
            dict(
                key=k,
                record_no=None,
                occurred_at=pd.Timestamp(day),
                region="320723",
                unit=f"单位{k}",
                credit_code=None,
                sector=sector,
                industry=None,
                type="02",
                deaths=deaths,
                missing=0,
                serious_injuries=0,
                injuries=0,
                direct_loss=0.0,
                grade=grade,
                status="counted",
                write_off_reason=None,
                summary=None,
                source_row=i + 2,
            )
            for i, (k, day, sector, deaths, grade) in enumerate(rows)
        ],
        columns=store.RECORD_COLUMNS,
    )
    out["occurred_at"] = out["occurred_at"].astype("datetime64[ns]")
    return out.astype({c: "int64" for c in ["deaths", "missing", "serious_injuries", "injuries", "source_row"]})


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], None),
        (
            [
                ("a", "2022-03-01", "road", 1, "general"),
                ("b", "2022-05-02", "road", 0, "general"),
                ("c", "2022-06-03", "construction", 3, "larger"),
                ("d", "2022-12-04", "fire", 9, "larger"),
            ],
            "其中，道路运输事故2起、死亡1人，分别占总数的66.7%、25.0%；建筑业事故1起、死亡3人，分别占33.3%、75.0%；"
            "发生较大事故1起、死亡3人。",
        ),
    ],
    ids=["no ledger", "ledger"],
)
def test_the_breakdown_follows_the_headline_when_the_ledger_holds_records(report_engine, rows, expected):
    """The report's headline is of 1-11月 2022 for the city: the records of those months count (a
    county's included), December's not."""
    if rows:
        with store.session_factory(report_engine).begin() as s:
            store.apply_accidents(s, ledger(rows), batch_id=None, user="t")
    _, sentences = api.narrative_sentences(report_engine, Period(2022, 1, 12))
    keys = [s.key for s in sentences]
    if expected is None:
        assert "accident_breakdown" not in keys
        return
    at = keys.index("accident_breakdown")
    assert sentences[at].text == expected
    assert keys[at - 1] == "accidents"
