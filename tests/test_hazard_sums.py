"""The hazard ledger counted in the database on a day (``store.hazard_counts`` and its kin) gives the
figures ``hazard_figures`` computes from the records in pandas, on SQLite and PostgreSQL, for any
day, region, grouping, page and filter."""

import pandas as pd
import pytest

from lawreport_data import hazard_figures, hazard_tables, store
from lawreport_data.store import hazard_writes
from tests.hazard_data import FEBRUARY, MARCH, as_records

pytestmark = pytest.mark.store
DAYS = ["2022-01-02", "2022-01-15", "2022-01-31", "2022-02-01", "2022-02-10", "2022-02-11", "2022-02-28",
        "2022-03-01", "2022-04-20", "2022-06-30"]  # fmt: skip


@pytest.fixture
def stored(empty_engine):
    for sent in (FEBRUARY, MARCH):  # March's re-send takes H5's completion back
        with store.session_factory(empty_engine).begin() as s:
            batch = store.create_batch(s, file_name="隐患台账.csv", file_hash="h", created_by="analyst")
            hazard_writes.apply_hazards(s, as_records(sent), batch_id=batch, user="analyst")
    with store.session_factory(empty_engine)() as s:
        records = store.hazard_records(s)
    return empty_engine, records


@pytest.mark.parametrize("region", [None, "320723", "320722"])
@pytest.mark.parametrize("as_of", DAYS)
def test_the_counts_in_the_database_give_the_figures_of_the_records(stored, as_of, region):
    engine, records = stored
    mine = records if region is None else records[records["region"] == region]
    with store.session_factory(engine)() as s:
        counts = store.hazard_counts(s, regions=region, start="2022-01-01", end="2022-12-31", as_of=as_of)
    assert hazard_figures.figures_of(counts.iloc[0]) == hazard_figures.figures(mine, as_of)
    ages = hazard_figures.age_buckets(mine, as_of)
    assert counts.iloc[0][[f"age_{b}" for b in ages["bucket"]]].tolist() == ages["open"].tolist()
    assert counts.iloc[0][[f"age_{b}_major" for b in ages["bucket"]]].tolist() == ages["major"].tolist()
    day = pd.Timestamp(as_of)
    accepted = mine[(mine["found_on"] <= day) & mine["accepted_on"].notna() & (mine["accepted_on"] <= day)]
    assert counts.iloc[0]["accepted"] == len(accepted)


@pytest.mark.parametrize("by", ["region", "level", "source", "supervision"])
@pytest.mark.parametrize("as_of", ["2022-02-01", "2022-03-01"])
def test_grouped_counts_give_each_groups_figures(stored, by, as_of):
    engine, records = stored
    with store.session_factory(engine)() as s:
        counts = store.hazard_counts(s, as_of=as_of, by=by)
    expected = hazard_figures.grouped(records, as_of, by)
    got = [{"group": r["group"], **hazard_figures.figures_of(r)} for r in counts.to_dict("records")]
    keys = ["group", *hazard_figures.FIGURE_COLUMNS]
    expected = expected[keys].astype(object).where(expected[keys].notna(), None)
    assert [{k: g[k] for k in keys} for g in got] == expected.to_dict("records")


def listed(records, as_of, filters: dict) -> pd.DataFrame:
    """The records found by ``as_of`` with their state that day, filtered, newest first; a completion
    date after the day empty (what the page lists, worked out here in pandas)."""
    day = pd.Timestamp(as_of)
    out = records[records["found_on"] <= day].copy()
    out["status"] = hazard_figures.statuses(out, day)
    out["rectified_on"] = out["rectified_on"].where(out["rectified_on"] <= day)
    if "regions" in filters:
        out = out[out["region"] == filters["regions"]]
    for name in ("level", "status"):
        if name in filters:
            out = out[out[name].isin(filters[name])]
    if "supervision" in filters:
        out = out[out["supervision"].fillna("none").isin(filters["supervision"])]
    return out.sort_values(["found_on", "id"], ascending=False).reset_index(drop=True)


@pytest.mark.parametrize(
    ("filters", "as_of"),
    [({}, "2022-02-01"), ({"status": ["overdue"]}, "2022-03-01"), ({"status": ["open", "overdue"]}, "2022-02-11"),
     ({"level": ["major"]}, "2022-03-01"), ({"supervision": ["none"]}, "2022-03-01"), ({"regions": "320722"}, "2022-06-30")],
)  # fmt: skip
def test_a_page_of_records_lists_what_the_pandas_list_lists(stored, filters, as_of):
    engine, records = stored
    expected = listed(records, as_of, filters)
    with store.session_factory(engine)() as s:
        page, total = store.hazard_page(s, as_of=as_of, filters=filters, offset=1, limit=2)
    assert total == len(expected)
    assert page["id"].tolist() == expected["id"].iloc[1:3].tolist()
    assert page["status"].tolist() == expected["status"].iloc[1:3].tolist()
    assert page["rectified_on"].tolist() == expected["rectified_on"].iloc[1:3].tolist()


@pytest.mark.parametrize("as_of", ["2022-02-01", "2022-03-01"])
def test_the_open_supervised_hazards_and_the_enterprises_with_open_hazards(stored, as_of):
    engine, records = stored
    names = {"320722": "东海县", "320723": "灌云县"}
    with store.session_factory(engine)() as s:
        supervised = store.open_supervised(s, as_of=as_of)
        companies = store.open_by_company(s, as_of=as_of)
    assert hazard_tables.supervised_table(supervised, as_of, names).equals(
        hazard_tables.supervised_table(records, as_of, names)
    )
    day = pd.Timestamp(as_of)
    known = records[records["found_on"] <= day]
    still = known[hazard_figures.statuses(known, day) != "rectified"]
    expected = still.groupby("company").size().sort_values(ascending=False, kind="stable")
    assert dict(zip(companies["company"], companies["open"], strict=True)) == expected.to_dict()
    table = hazard_tables.company_table(companies, names)
    assert table.columns.tolist()[:4] == ["企业名称", "统一社会信用代码", "地区", "未整改隐患（条）"]
