"""The enforcement ledgers counted per group (``records inspections|cases``), on SQLite and PostgreSQL:
执法检查企业数 is distinct in every span, group and whole (an enterprise inspected twice, or in two
counties, counts once), 检查家次 and the amounts add up, a case of several penalty kinds counts in
each; the CLI prints the same, run as a user runs it."""

import datetime as dt
import io
import json

import pytest

from lawreport_data import api, store
from lawreport_data.periods import Period
from tests.test_cli_accident_import import cli, write  # noqa: F401 (fixtures)
from tests.test_inspection_import import ledger_csv as inspections_csv

pytestmark = pytest.mark.store

# E1 (known by its credit code) inspected twice in March in 灌云县 and once in April in 东海县; E2
# (known by its name: no code written) once in April in 灌云县.
E1 = "91350100M000100Y43"
INSPECTIONS = inspections_csv(
    f"JC-1,2022-03-05,灌云县,甲化工有限公司,{E1},危险化学品,双随机,3,1,1",
    f"JC-2,2022-03-20,灌云县,甲化工有限公司,{E1},危险化学品,日常检查,1,0,0",
    f"JC-3,2022-04-02,东海县,甲化工有限公司,{E1},危险化学品,专项检查,2,0,1",
    "JC-4,2022-04-10,灌云县,乙机械有限公司,,工贸,双随机,0,0,",
)
CASES = (
    "案件编号,立案日期,结案日期,地区,当事人,案件来源,违法行为,处罚种类,罚款金额（元）,没收金额（元）,移送司法机关\n"
    "AJ-1,2022-03-05,2022-05-10,灌云县,甲化工有限公司,双随机,未监测,警告、罚款,30000,,否\n"
    "AJ-2,2022-03-20,,灌云县,张某,举报,无证经营,罚款；没收违法所得,5000,1200,是\n"
    "AJ-3,2022-04-02,,东海县,乙公司,事故调查,未培训,责令停产停业,,,否\n"
).encode("gbk")


@pytest.fixture
def sent(empty_engine):
    for data in (INSPECTIONS, CASES):
        api.apply_import(empty_engine, io.BytesIO(data), "台账.csv", user="analyst")
    return empty_engine


def counts(rows: list[dict], *keys: str) -> dict:
    return {r["group"]: tuple(r[k] for k in keys) for r in rows}


@pytest.mark.parametrize(
    ("period", "region", "by", "expected"),
    [
        # by month: March E1 (2 visits), April E1 and E2; the year: 2 enterprises, not 1 + 2
        ("2022", None, "month", {"2022-03": (1, 2, 4, 1), "2022-04": (2, 2, 2, 0)}),
        ("2022", None, None, {"": (2, 4, 6, 1)}),
        # by region: E1 in both counties; the city counts it once
        ("2022", None, "region", {"320722": (1, 1, 2, 0), "320723": (2, 3, 4, 1)}),
        ("2022-03", None, None, {"": (1, 2, 4, 1)}),
        ("2022", "灌云县", None, {"": (2, 3, 4, 1)}),
        ("2022", None, "method", {"random": (2, 2, 3, 1), "routine": (1, 1, 1, 0), "special": (1, 1, 2, 0)}),
    ],
)
def test_enterprises_inspected_are_distinct_in_every_span_group_and_whole(sent, period, region, by, expected):
    rows = api.inspection_groups(sent, Period.parse(period), region, by=by)
    assert counts(rows, "enterprises", "visits", "hazards", "major_hazards") == expected


@pytest.mark.parametrize(
    ("kind", "by"),
    [("inspections", ("method", "month")), ("inspections", ("month", "region", "sector")),
     ("cases", ("source", "month", "penalties")), ("cases", ("region", "sector"))],
)  # fmt: skip
def test_sums_per_combination_roll_up_to_each_groupings_own_counts(sent, kind, by):
    from lawreport_data.enforcement_rates import per_penalty_kind, rolled_up

    span = dict(start=None, end=None)
    with store.session_factory(sent)() as session:
        if kind == "inspections":
            combos, keys = store.inspection_sums(session, by=by, **span), store.INSPECTION_COUNTS[1:]
            each = {b: store.inspection_count_rows(session, by=b, distinct=False, **span) for b in by}
        else:
            combos, keys = store.case_sums(session, by=by, **span), store.CASE_COUNTS
            each = {b: store.case_count_rows(session, by="penalty" if b == "penalties" else b, **span) for b in by}
    assert combos and all(set(r) == {*by, *keys} for r in combos)
    for b in by:
        assert (per_penalty_kind(combos, keys) if b == "penalties" else rolled_up(combos, b, keys)) == each[b]


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        # a case of several kinds counts in each: 罚款 in AJ-1 and AJ-2
        ("penalty", {"warning": (1, 30000.0, 0.0, 0, 1), "fine": (2, 35000.0, 1200.0, 1, 1),
                     "confiscation": (1, 5000.0, 1200.0, 1, 0), "suspension": (1, 0.0, 0.0, 0, 0)}),
        ("source", {"accident": (1, 0.0, 0.0, 0, 0), "complaint": (1, 5000.0, 1200.0, 1, 0),
                    "random": (1, 30000.0, 0.0, 0, 1)}),
        (None, {"": (3, 35000.0, 1200.0, 1, 1)}),
    ],
)  # fmt: skip
def test_cases_are_counted_and_their_amounts_added_per_group(sent, by, expected):
    rows = api.case_groups(sent, Period.parse("2022"), by=by)
    assert counts(rows, "cases", "fines", "confiscations", "transferred", "closed") == expected
    if by == "penalty":
        assert [r["label"] for r in rows] == ["警告", "罚款", "没收违法所得", "责令停产停业"]


@pytest.mark.parametrize(
    ("period", "region", "expected"),
    [
        # 2 enterprises over 4 visits (2 双随机), 1 major hazard; 3 cases, 35000 + 1200 元, 1 of them by an
        # accident investigation, 1 transferred, 1 closed
        ("2022", None, dict(enterprises=2, visits=4, hazards=6, major_hazards=1, random_share=50.0, major_per_hundred=25.0, cases=3,
                            fines_wan=3.6, accident_cases=1, routine_cases=2, transferred=1, closing_rate=33.3)),
        ("2022-04", "东海县", dict(enterprises=1, visits=1, hazards=2, major_hazards=0, random_share=0.0, major_per_hundred=0.0, cases=1,
                                 fines_wan=0.0, accident_cases=1, routine_cases=0, transferred=0, closing_rate=0.0)),
        ("2021", None, dict(enterprises=0, visits=0, hazards=0, major_hazards=0, random_share=None, major_per_hundred=None, cases=0,
                            fines_wan=0.0, accident_cases=0, routine_cases=0, transferred=0, closing_rate=None)),
    ],
)  # fmt: skip
def test_the_enforcement_figures_of_a_region_and_span(sent, period, region, expected):
    assert api.enforcement_summary(sent, Period.parse(period), region) == expected


def test_the_cli_prints_the_groups_and_the_whole_counted_once(cli, write):  # noqa: F811
    assert cli("init-db")[0] == 0  # the report's figures: 执法检查企业数 1414 for 2022
    for name, data in (("检查.csv", INSPECTIONS), ("案件.csv", CASES)):
        assert cli("import", write(name, data))[0] == 0
    status, out, err = cli("records", "inspections", "--period", "2022", "--by", "region", "--format", "json")
    assert status == 0, err
    assert json.loads(out) == [
        {"group": "320722", "enterprises": 1, "visits": 1, "hazards": 2, "major_hazards": 0},
        {"group": "320723", "enterprises": 2, "visits": 3, "hazards": 4, "major_hazards": 1},
    ]
    status, out, err = cli("records", "inspections", "--period", "2022", "--by", "region")
    assert status == 0, err
    assert out.splitlines()[-1].split() == ["(all)", "2", "4", "6", "1"]
    status, out, err = cli("records", "cases", "--period", "2022", "--format", "json")
    assert status == 0, err
    cases = json.loads(out)
    assert [(c["record_no"], c["penalties"], c["fine"], c["transferred"]) for c in cases] == [
        ("AJ-1", "warning,fine", 30000.0, "no"), ("AJ-2", "fine,confiscation", 5000.0, "yes"),
        ("AJ-3", "suspension", 0.0, "no"),
    ]  # fmt: skip
    assert cases[0]["filed_on"] == "2022-03-05" and cases[0]["closed_on"] == "2022-05-10"
    status, out, err = cli("records", "cases", "--period", "2022")
    assert "警告、罚款" in out and "是" in out
    status, out, err = cli("reconcile", "--period", "2022", "--format", "json")
    assert status == 0, err
    assert {"indicator": "enterprises_inspected", "region": "320700", "period": "2022", "official": 1414,
            "ledger": 2, "difference": -1412} in json.loads(out)  # fmt: skip
    status, out, err = cli("records", "inspections", "--period", "2022", "--region", "火星县")
    assert status != 0 and "火星县" in err and "Traceback" not in err


def test_reconcile_lists_the_official_enterprises_inspected_the_ledgers_distinct_count_differs_from(report_engine):
    """数据核对: the report's 1414 for the city's 2022 against the ledger's 2 enterprises; 灌云县's sent
    totals: 1-4月 5 against 2 (E1 and E2), March 1 against 1 (agrees: not listed); 东海县 has no total."""
    api.apply_import(report_engine, io.BytesIO(INSPECTIONS), "检查.csv", user="analyst")
    totals = "地区,指标,期间,数值\n灌云县,执法检查企业数,2022年1-4月,5\n灌云县,执法检查企业数,2022-03,1\n"
    api.apply_import(report_engine, io.BytesIO(totals.encode()), "汇总.csv", user="analyst")
    rows = api.inspection_reconcile(report_engine, Period.parse("2022"))
    assert rows == [
        {"indicator": "enterprises_inspected", "region": "320700", "period": "2022", "official": 1414, "ledger": 2,
         "difference": -1412},
        {"indicator": "enterprises_inspected", "region": "320723", "period": "2022-01..2022-04", "official": 5,
         "ledger": 2, "difference": -3},
    ]  # fmt: skip
    assert api.inspection_reconcile(report_engine, Period.parse("2022"), "东海县") == []


def test_one_enterprise_inspected_in_two_months_and_two_counties_counts_once_in_the_city(empty_engine):
    """The issue's case: one enterprise inspected twice in January in 灌云县 and twice in March in 东海县
    is 1 enterprise for the city over 1-3月, 1 in each county, and 2 visits in each of those months."""
    rows = [
        f"JC-{i},{day},{county},甲化工有限公司,{E1},危险化学品,日常检查,1,0,"
        for i, (day, county) in enumerate(
            [("2022-01-05", "灌云县"), ("2022-01-20", "灌云县"), ("2022-03-10", "东海县"), ("2022-03-25", "东海县")]
        )
    ]
    api.apply_import(empty_engine, io.BytesIO(inspections_csv(*rows)), "检查.csv", user="analyst")
    q1 = Period.parse("2022-01..2022-03")
    assert counts(api.inspection_groups(empty_engine, q1, by=None), "enterprises", "visits") == {"": (1, 4)}
    assert counts(api.inspection_groups(empty_engine, q1, by="region"), "enterprises", "visits") == {
        "320722": (1, 2), "320723": (1, 2)
    }  # fmt: skip
    assert counts(api.inspection_groups(empty_engine, q1, by="month"), "enterprises", "visits") == {
        "2022-01": (1, 2), "2022-03": (1, 2)
    }  # fmt: skip
    assert api.enforcement_summary(empty_engine, q1)["enterprises"] == 1


@pytest.mark.parametrize(
    ("period", "region", "expected"),
    [
        # the report states 1414 for the city's 2022: the ledgers add what it does not state
        ("2022", None, "据执法台账，检查4家次，发现隐患6条，其中重大隐患1条；立案3起，罚没款3.6万元，移送司法机关1起。"),
        # no official figure for 灌云县: the ledgers' whole sentence
        ("2022", "灌云县",
         "今年，灌云县共检查企业2家、3家次，发现隐患4条，其中重大隐患1条；立案2起，罚没款3.6万元，移送司法机关1起。"),
    ],
)  # fmt: skip
def test_the_briefing_says_what_the_enforcement_ledgers_hold_after_the_enforcement_sentence(
    report_engine, period, region, expected
):
    for data in (INSPECTIONS, CASES):
        api.apply_import(report_engine, io.BytesIO(data), "台账.csv", user="analyst")
    _, sentences = api.narrative_sentences(report_engine, Period.parse(period), region)
    texts = [s.text for s in sentences]
    assert expected in texts
    at = texts.index(expected)
    assert all(s.section <= 4 for s in sentences[:at]) and all(s.section > 4 for s in sentences[at + 1 :])


def test_the_demos_ledgers_give_the_reports_1414_and_each_county_months_figure(demo_engine):
    """The demo's synthetic inspections: the city's 2022 counted distinct is the report's 1414 (数据核对
    finds no difference), a county month's is the demo's figure, a county's visits exceed its
    enterprises; its cases are marked 示例数据 in the briefing's sentence."""
    year = Period.parse("2022")
    assert api.enforcement_summary(demo_engine, year)["enterprises"] == 1414
    assert api.inspection_reconcile(demo_engine, year) == []
    with store.session_factory(demo_engine)() as s:
        stated = store.load_observations(s, indicators=["enterprises_inspected"], regions=["320723"], years=[2022])
    march = stated[(stated["start"] == 3) & (stated["end"] == 3)]["value"].iloc[0]
    figures = api.enforcement_summary(demo_engine, Period(2022, 3, 3), "灌云县")
    assert figures["enterprises"] == march < figures["visits"] or figures["enterprises"] == march == figures["visits"]
    assert api.enforcement_summary(demo_engine, year, "灌云县")["visits"] > api.enforcement_summary(
        demo_engine, year, "灌云县")["enterprises"]  # fmt: skip
    _, sentences = api.narrative_sentences(demo_engine, year, "灌云县")
    assert any(s.key == "enforcement_ledger" and s.synthetic and "（示例数据）" in s.text for s in sentences)


MONTHLY_TOTALS = "地区,指标,期间,数值\n" + "".join(f"灌云县,执法检查企业数,2022-{m:02d},{m}\n" for m in (1, 2, 3, 4))


@pytest.mark.parametrize(
    ("ledger", "totals", "period", "value", "origin"),
    [
        # 灌云县 sent only monthly totals: its 1-4月 is "—" (never the months added up, 10)
        (False, "", "2022-01..2022-04", None, None),
        # ... unless the ledger gives it: E1 (March, twice) and E2 (April) are 2 enterprises
        (True, "", "2022-01..2022-04", 2.0, "inspection_ledger"),
        (True, "", "2022-01..2022-03", 1.0, "inspection_ledger"),
        # a span total sent is the figure shown, the ledger's count only in 数据核对
        (True, "灌云县,执法检查企业数,2022年1-4月,5\n", "2022-01..2022-04", 5.0, "import"),
        # one month: its own sent figure, not the ledger's
        (True, "", "2022-03", 3.0, "import"),
    ],
)
def test_the_ledger_gives_a_distinct_count_no_one_sent_for_the_span(
    report_engine, ledger, totals, period, value, origin
):
    if ledger:
        api.apply_import(report_engine, io.BytesIO(INSPECTIONS), "检查.csv", user="analyst")
    api.apply_import(report_engine, io.BytesIO((MONTHLY_TOTALS + totals).encode()), "汇总.csv", user="analyst")
    for frame in (
        api.summary(report_engine, Period.parse(period), "灌云县"),
        api.topic_data(report_engine, Period.parse(period), "灌云县", "enforcement").summary,
    ):
        row = frame[frame["indicator"] == "enterprises_inspected"].iloc[0]
        assert row["period_label"] == Period.parse(period).label()
        if value is None:
            assert row["display"] == "—" and any("不重复计数" in w for w in row["warnings"])
        else:
            assert (row["value"], list(row["origins"])) == (value, [origin])


def test_reconcile_lists_sent_visits_cases_and_amounts_the_ledgers_differ_from(report_engine):
    """检查家次, 行政处罚案件数 and 罚没款金额 sent as totals are checked against the ledgers: 灌云县's
    2022 visits 3 (agrees: not listed), cases 3 against 2 (AJ-1, AJ-2), 罚没款 4.0 against 3.6 万元
    (30000 + 5000 + 1200 元)."""
    for data in (INSPECTIONS, CASES):
        api.apply_import(report_engine, io.BytesIO(data), "台账.csv", user="analyst")
    totals = (
        "地区,指标,期间,数值\n灌云县,检查家次,2022年,3\n灌云县,行政处罚案件数,2022年,3\n灌云县,罚没款金额,2022年,4.0\n"
    )
    api.apply_import(report_engine, io.BytesIO(totals.encode()), "汇总.csv", user="analyst")
    rows = api.inspection_reconcile(report_engine, Period.parse("2022"), "灌云县")
    assert rows == [
        {"indicator": "penalty_cases", "region": "320723", "period": "2022", "official": 3, "ledger": 2,
         "difference": -1},
        {"indicator": "penalty_amount", "region": "320723", "period": "2022", "official": 4, "ledger": 3.6,
         "difference": -0.4},
    ]  # fmt: skip


def test_a_county_and_its_town_count_an_enterprise_inspected_in_both_once(empty_engine):
    """Per region under the city (the page's chart): 灌云县 with its town 伊山镇 counts E1 (inspected in
    both) once and E2 (the town's) once; grouped by each record's own region, the county and the town
    each count their own."""
    from sqlalchemy import insert

    from lawreport_data.models import Region

    with store.session_factory(empty_engine).begin() as s:
        s.execute(insert(Region), [dict(code="320723101", name="伊山镇", kind="town", parent_code="320723")])
    rows = inspections_csv(
        f"JC-1,2022-03-05,灌云县,甲化工有限公司,{E1},危险化学品,双随机,1,0,",
        f"JC-2,2022-04-05,伊山镇,甲化工有限公司,{E1},危险化学品,双随机,2,0,",
        "JC-3,2022-04-09,伊山镇,乙机械有限公司,,工贸,日常检查,0,0,",
        f"JC-4,2022-04-10,东海县,甲化工有限公司,{E1},危险化学品,双随机,0,0,",
    )
    api.apply_import(empty_engine, io.BytesIO(rows), "检查.csv", user="analyst")
    span = dict(start=dt.date(2022, 1, 1), end=dt.date(2022, 12, 31))
    with store.session_factory(empty_engine)() as s:
        under = store.inspection_count_rows(s, under=["320722", "320723"], **span)
        own = store.inspection_count_rows(s, by="region", **span)
        sums = store.inspection_count_rows(s, under=["320722", "320723"], distinct=False, **span)
    assert counts(under, "enterprises", "visits", "hazards") == {"320722": (1, 1, 0), "320723": (2, 3, 3)}
    assert counts(own, "enterprises", "visits") == {"320722": (1, 1), "320723": (1, 1), "320723101": (2, 2)}
    assert counts(sums, "visits", "hazards") == {"320722": (1, 0), "320723": (3, 3)}


@pytest.mark.parametrize(
    "read",
    [
        lambda s, span: store.inspection_count_rows(s, **span),  # the city's distinct count
        lambda s, span: store.inspection_count_rows(s, by="region", **span),  # each region's, in order
        lambda s, span: store.inspection_count_rows(s, under=["320722", "320723"], **span),
        lambda s, span: store.inspection_count_rows(s, regions="320723", **span),
        # a span not of whole months is summed from the records (whole months: from their sums)
        lambda s, span: store.inspection_sums(s, by=("method", "month"), **{**span, "end": dt.date(2022, 11, 29)}),
        lambda s, span: store.record_page(s, "inspections", **span),  # the record list and its count
        lambda s, span: store.any_synthetic(s, **span),
    ],
)
def test_on_sqlite_the_inspections_reads_search_the_span_in_the_index_by_day(tmp_path, read):
    """SQLite's planner searches the index by day (migration 0018) for each read of a span's
    inspections (it is not told to): no read scans the table."""
    from sqlalchemy import event

    from lawreport_data.db import make_engine, upgrade

    engine = make_engine(f"sqlite:///{tmp_path / 'store.sqlite'}")
    upgrade(engine)
    with store.session_factory(engine).begin() as s:
        store.sync_catalog(s)
    api.apply_import(engine, io.BytesIO(INSPECTIONS), "检查.csv", user="analyst")
    seen = []
    event.listen(
        engine, "before_cursor_execute", lambda conn, cur, stmt, params, ctx, many: seen.append((stmt, params))
    )
    with store.session_factory(engine)() as s:
        # a span that cuts a month: read from the records (whole months: from the month sums and
        # the enterprises kept, tests/test_enforcement_sums.py)
        read(s, dict(start=dt.date(2022, 1, 1), end=dt.date(2022, 11, 29)))
        conn = s.connection()
        plans = [
            " ".join(str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {stmt}", params))
            for stmt, params in list(seen) if "inspection_record" in stmt
        ]  # fmt: skip
    engine.dispose()
    assert plans and all("SEARCH inspection_record USING" in p and "ix_inspection_record_day" in p
                         for p in plans), plans  # fmt: skip


def test_the_demos_city_span_shows_the_ledgers_distinct_count_not_the_years_figure(demo_engine):
    """The demo's counties sent monthly 执法检查企业数 and the city the year's 1414: the city's 1-11月 is
    the inspection ledger's count of that span (with 同比 against the same ledger's 2021 1-11月), the
    whole year the report's 1414."""

    def row(period):
        frame = api.topic_data(demo_engine, Period.parse(period), None, "enforcement").summary
        return frame[frame["indicator"] == "enterprises_inspected"].iloc[0]

    with store.session_factory(demo_engine)() as s:
        counted = store.inspection_count_rows(s, start=dt.date(2022, 1, 1), end=dt.date(2022, 11, 30))[0]
    span = row("2022-01..2022-11")
    assert (span["value"], span["period_label"], list(span["origins"])) == (
        counted["enterprises"],
        "2022年1-11月",
        ["inspection_ledger"],
    )
    assert span["change_text"].startswith("同比")
    year = row("2022")
    assert (year["value"], list(year["origins"])) == (1414.0, ["report"])
