"""The accident ledger's read side on SQLite and PostgreSQL: figures and breakdowns counted from
the records against counts made here from the inline ledger (towns roll up; 核销 and retired
records are not counted), 同比, the official figure shown where one exists, paging, the
reconciliation against the report's 70/37, and the CLI's `records accidents` and `reconcile`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lawreport_data import api, catalog, ledger_figures, metrics, store
from lawreport_data.periods import Period
from tests.accident_data import TOWNS, add_towns, frame, record, send

pytestmark = pytest.mark.store

ROOT = Path(__file__).resolve().parent.parent
CITY = catalog.CITY_CODE

# 2021 and 2022 records of 灌云县 (two of them in its towns), 东海县 (one in its town) and 灌南县,
# one written off (核销) and one retired by a full re-send; 较大 records for the major-accident count.
LEDGER = [
    record("G1", "2021-03-02 08:10", "320723", deaths=1, injuries=1, type="09", sector="construction"),
    record("G2", "2021-07-15 16:40", "320723101", injuries=2, type="02"),
    record("G3", "2022-01-09 09:30", "320723", deaths=1, type="09", sector="construction", direct_loss=80.0),
    record("G4", "2022-03-20 14:05", "320723101", deaths=3, serious_injuries=2, injuries=4, grade="larger"),
    record("G5", "2022-03-21 22:45", "320723102", injuries=1, type="03", sector="industry_trade"),
    record("G6", "2022-11-30 23:59", "320723", type="19", sector="hazchem", direct_loss=12.5),
    record("G7", "2022-12-01 00:00", "320723", deaths=1),  # the day after 1-11月
    record("W1", "2022-03-05 10:00", "320723", deaths=2, status="written_off", write_off_reason="not at work"),
    record("D1", "2022-02-14 06:20", "320722101", deaths=1, injuries=3, type="06", sector="water"),
    record("D2", "2022-06-06 13:00", "320722", missing=1, deaths=2, grade="larger", type="10", sector="construction"),
    record("N1", "2022-03-03 11:11", "320724", injuries=1, direct_loss=3.5),
    record("R1", "2022-04-04 04:04", "320724", deaths=5, grade="larger"),  # retired below
]
RETIRED = {"R1"}


@pytest.fixture
def ledger_engine(report_engine):
    """The report's figures, three towns, and LEDGER with R1 retired by a full re-send of 灌南县's April."""
    add_towns(report_engine)
    send(report_engine, frame(*LEDGER))
    send(report_engine, frame(*[r for r in LEDGER if r["key"] == "N1"]), scope=("320724", "2022-04-01", "2022-04-30"))
    return report_engine


def under(code: str) -> set[str]:
    """The region and the regions under it, from the catalog and TOWNS (None: every region)."""
    if code == CITY:
        return {r["region"] for r in LEDGER}
    return {code} | {t for t, p in TOWNS.items() if p == code}


def counted(region: str, period: Period) -> list[dict]:
    """The records of LEDGER a count of ``region`` and ``period`` is made of, found here."""
    first, last = ledger_figures.period_days(period)
    return [
        r
        for r in LEDGER
        if r["status"] == "counted"
        and r["key"] not in RETIRED
        and r["region"] in under(region)
        and first <= r["occurred_at"].date() <= last
    ]


CASES = [
    (CITY, Period(2022, 1, 11)),
    (CITY, Period.year_of(2022)),
    ("320723", Period(2022, 3, 3)),
    ("320723", Period(2022, 1, 11)),
    ("320723101", Period.year_of(2022)),
    ("320724", Period(2022, 4, 4)),
    ("320722", Period.year_of(2021)),
]


@pytest.mark.parametrize(("region", "period"), CASES)
def test_ledger_indicators_count_the_counted_records_of_the_region_and_its_towns(ledger_engine, region, period):
    rows = counted(region, period)
    got = api.ledger_indicators(ledger_engine, period, region).set_index("indicator")["value"].to_dict()
    assert got == {
        "accidents": len(rows),
        "deaths": sum(r["deaths"] for r in rows),
        "injuries": sum(r["injuries"] for r in rows),
        "direct_loss": pytest.approx(sum(r["direct_loss"] for r in rows)),
        "major_accidents": sum(r["grade"] != "general" for r in rows),
    }


def group_of(r: dict, by: str, region: str):
    t = r["occurred_at"]
    if by == "month":
        return f"{t.year}-{t.month:02d}"
    if by == "hour":
        return t.hour
    if by == "weekday":
        return t.weekday()
    if by == "region":
        return r["region"] if region == CITY or r["region"] in TOWNS.keys() - {region} else region
    return r[by]


@pytest.mark.parametrize("by", ["type", "sector", "grade", "month", "region", "hour", "weekday"])
@pytest.mark.parametrize(("region", "period"), [(CITY, Period(2022, 1, 11)), ("320723", Period.year_of(2022))])
def test_breakdowns_count_each_group_of_the_counted_records(ledger_engine, region, period, by):
    rows = counted(region, period)
    if by == "region" and region == CITY:  # a town's records count for its county
        rows = [{**r, "region": TOWNS.get(r["region"], r["region"])} for r in rows]
    expected: dict = {}
    for r in rows:
        g = expected.setdefault(group_of(r, by, region), {"accidents": 0, "deaths": 0, "injuries": 0})
        g["accidents"] += 1
        g["deaths"] += r["deaths"]
        g["injuries"] += r["injuries"]
    got = api.accident_breakdown(ledger_engine, period, region, by=by)
    assert {
        g: {"accidents": a, "deaths": d, "injuries": i}
        for g, a, d, i in zip(got["group"], got["accidents"], got["deaths"], got["injuries"], strict=True)
    } == expected


@pytest.mark.parametrize(("region", "period"), [(CITY, Period(2022, 1, 11)), ("320723", Period.year_of(2022))])
def test_the_views_breakdowns_list_every_group_of_their_kind(ledger_engine, region, period):
    view = api.accident_view(ledger_engine, period, region)
    n = len(counted(region, period))
    for by, drawn in view.breakdowns.items():
        have = api.accident_breakdown(ledger_engine, period, region, by=by)
        assert int(drawn["accidents"].sum()) == n, by
        assert drawn[drawn["accidents"] > 0]["group"].tolist() == have["group"].tolist(), by
    assert len(view.breakdowns["hour"]) == 24 and len(view.breakdowns["weekday"]) == 7
    assert len(view.breakdowns["month"]) == period.months and len(view.breakdowns["grade"]) == 4


@pytest.mark.parametrize("charted", [None, ["type", "month"], []])
def test_the_view_charts_only_the_breakdowns_asked_for_and_counts_them_all(ledger_engine, charted):
    view = api.accident_view(ledger_engine, Period.year_of(2022), CITY, charted=charted)
    drawn = list(catalog.ACCIDENT_BREAKDOWNS) if charted is None else charted
    assert [spec.kind for spec in view.charts] == [f"by_{by}" for by in drawn]
    assert list(view.breakdowns) == list(catalog.ACCIDENT_BREAKDOWNS)


@pytest.mark.parametrize(
    ("region", "period", "comparison"),
    [
        ("320723", Period(2022, 3, 3), "yoy"),
        ("320723", Period.year_of(2022), "yoy"),
        ("320722", Period(2022, 3, 3), "mom"),  # none in March, one in February
    ],
)
def test_cards_show_the_ledgers_count_and_its_change_where_no_official_figure_exists(
    ledger_engine, region, period, comparison
):
    before = ledger_figures.comparison_period(period, comparison)
    now, then = counted(region, period), counted(region, before)
    view = api.accident_view(ledger_engine, period, region, comparison=comparison)
    cards = {c["indicator"]: c for c in view.cards}
    for code, value in (("accidents", len), ("deaths", lambda rs: sum(r["deaths"] for r in rs))):
        expected = metrics.describe_change(
            value(now), value(then), unit=catalog.INDICATORS[code].unit, comparison=comparison
        )
        assert (cards[code]["value"], cards[code]["source"], cards[code]["change_text"]) == (
            value(now),
            "ledger",
            expected.text,
        )


def test_a_span_the_ledger_holds_nothing_of_gives_no_change(ledger_engine):
    view = api.accident_view(ledger_engine, Period(2022, 2, 2), "320722")  # 东海县 has no record in 2021-02
    assert {c["change_text"] for c in view.cards} == {catalog.PHRASES["no_previous"]}


def test_the_official_figure_wins_on_the_cards_with_the_ledgers_count_beside_it(ledger_engine):
    view = api.accident_view(ledger_engine, Period(2022, 1, 11), CITY)
    cards = {c["indicator"]: c for c in view.cards}
    rows = counted(CITY, Period(2022, 1, 11))
    assert (cards["accidents"]["value"], cards["accidents"]["ledger"], cards["accidents"]["differs"]) == (
        70,
        len(rows),
        True,
    )
    assert cards["accidents"]["change_text"] == "同比下降38.6%"  # against the report's 114 of 2021
    assert (cards["injuries"]["source"], cards["injuries"]["value"]) == ("ledger", sum(r["injuries"] for r in rows))


@pytest.mark.parametrize(("page", "size"), [(1, 3), (2, 3), (3, 4), (9, 4)])
def test_the_view_reads_one_page_of_the_records_in_force(ledger_engine, page, size):
    period = Period.year_of(2022)
    everything = sorted(
        (r for r in LEDGER if r["key"] not in RETIRED and r["occurred_at"].year == 2022),
        key=lambda r: r["occurred_at"],
        reverse=True,
    )
    view = api.accident_view(ledger_engine, period, CITY, page=page, page_size=size)
    last = -(-len(everything) // size)
    shown = min(page, last)
    assert view.total == len(everything) and view.page == shown
    assert view.records["unit"].tolist() == [r["unit"] for r in everything[(shown - 1) * size : shown * size]]


@pytest.mark.parametrize(
    ("filters", "keep"),
    [
        ({"status": "written_off"}, lambda r: r["status"] == "written_off"),
        ({"sector": ["construction", "water"]}, lambda r: r["sector"] in ("construction", "water")),
        ({"regions": "320723101"}, lambda r: r["region"] == "320723101"),
        ({"grade": ["larger"], "period": "2022-03"}, lambda r: r["grade"] == "larger" and r["occurred_at"].month == 3),
    ],
)
def test_the_record_list_is_filtered(ledger_engine, filters, keep):
    view = api.accident_view(ledger_engine, Period.year_of(2022), CITY, filters=filters, page_size=100)
    expected = {r["key"] for r in LEDGER if r["key"] not in RETIRED and r["occurred_at"].year == 2022 and keep(r)}
    assert set(view.records["key"]) == expected and view.total == len(expected)


def seventy(report_engine, accidents: int, deaths: int) -> None:
    """A city ledger for 2022年1-11月 of ``accidents`` counted records and ``deaths`` deaths, plus a
    written-off one (not counted)."""
    rows = [
        record(f"K{i}", f"2022-{1 + i % 11:02d}-{1 + i % 28:02d} 10:00", ["320723", "320722", "320724"][i % 3],
               deaths=1 if i < deaths else 0)
        for i in range(accidents)
    ]  # fmt: skip
    rows.append(record("W", "2022-05-05 10:00", deaths=3, status="written_off", write_off_reason="x"))
    send(report_engine, frame(*rows))


@pytest.mark.parametrize(
    ("accidents", "deaths", "expected"),
    [
        (68, 37, [("accidents", 70, 68, -2)]),
        (70, 39, [("deaths", 37, 39, 2)]),
        (70, 37, []),
    ],
)
def test_reconcile_lists_where_the_ledger_differs_from_the_reports_70_and_37(
    report_engine, accidents, deaths, expected
):
    seventy(report_engine, accidents, deaths)
    rows = api.reconcile(report_engine, Period(2022, 1, 11))
    assert [tuple(r) for r in rows] == [tuple(ledger_figures.RECONCILE_KEYS)] * len(rows)
    assert [(r["indicator"], r["official"], r["ledger"], r["difference"]) for r in rows] == expected
    assert {(r["region"], r["period"]) for r in rows} <= {(CITY, "2022-01..2022-11")}
    assert api.reconcile(report_engine, Period.year_of(2022)) == rows  # the span lies within the year
    assert api.reconcile(report_engine, Period(2022, 1, 10)) == []  # it does not lie within 1-10月


def test_reconcile_names_the_records_behind_a_difference(report_engine):
    seventy(report_engine, 68, 37)
    [row] = api.reconcile(report_engine, Period(2022, 1, 11), records=True)
    with store.session_factory(report_engine)() as s:
        page, total = store.accident_page(s, filters={"status": "counted"}, limit=1000)
    assert sorted(row["records"]) == sorted(page["id"].tolist()) and total == 68


def test_reconcile_lists_nothing_where_no_ledger_was_sent(report_engine):
    assert api.reconcile(report_engine, Period(2022, 1, 11)) == []
    view = api.accident_view(report_engine, Period(2022, 1, 11), CITY)
    assert not view.has_records and view.checks == [] and view.charts == []


def test_the_view_marks_synthetic_records_on_its_charts(report_engine):
    send(report_engine, frame(record("S1", "2022-03-03 03:03", "320723")), synthetic=True)
    view = api.accident_view(report_engine, Period(2022, 1, 11), CITY)
    assert view.synthetic and view.charts
    for spec in view.charts:
        names = [a.name for a in spec.figure.layout.annotations]
        assert "watermark" in names, spec.title
        assert spec.title.startswith("连云港市 2022年1-11月 事故起数 按")


@pytest.mark.parametrize("synthetic", [False, True])
def test_the_export_says_of_each_record_whether_it_is_synthetic(report_engine, synthetic):
    rows = [record("S1", "2022-03-03 03:03", "320723"),
            record("W1", "2022-04-04 04:04", "320723", status="written_off", write_off_reason="重复")]  # fmt: skip
    send(report_engine, frame(*rows), synthetic=synthetic)
    out = api.accident_export(report_engine, Period(2022, 1, 11), CITY)
    assert out[catalog.ACCIDENT_EXPORT_COLUMNS["synthetic"]].tolist() == [catalog.YES_NO[synthetic]] * 2


@pytest.mark.parametrize("synthetic", [False, True])
def test_a_checks_row_says_whether_it_involves_synthetic_records(report_engine, synthetic):
    """数据核对 against the report's 70: the row is stamped when the ledger's count is the demo's."""
    send(report_engine, frame(record("S1", "2022-03-03 03:03", "320723")), synthetic=synthetic)
    view = api.accident_view(report_engine, Period(2022, 1, 11), CITY)
    assert [(c["indicator"], c["synthetic"]) for c in view.checks][:1] == [("accidents", synthetic)]
    assert (
        "synthetic" not in api.reconcile(report_engine, Period(2022, 1, 11))[0]
    )  # the CLI's keys as the issue has them


# --- the CLI ------------------------------------------------------------------------------------


def cli(engine, *args):
    env = {**os.environ, "LAWREPORT_DB_URL": engine.url.render_as_string(hide_password=False)}
    p = subprocess.run(
        [sys.executable, "-m", "lawreport_data", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return p.returncode, p.stdout, p.stderr


def test_cli_lists_the_records_with_the_issues_keys(ledger_engine):
    status, out, err = cli(
        ledger_engine, "records", "accidents", "--period", "2022-03", "--region", "灌云县", "--format", "json"
    )
    assert status == 0, err
    rows = json.loads(out)
    expected = [r for r in LEDGER if r["region"] in under("320723") and r["occurred_at"].strftime("%Y-%m") == "2022-03"]
    assert all(list(r) == api.RECORD_KEYS for r in rows)
    assert [(r["unit"], r["status"], r["deaths"], r["occurred_at"]) for r in rows] == [
        (r["unit"], r["status"], r["deaths"], r["occurred_at"].strftime("%Y-%m-%dT%H:%M"))
        for r in sorted(expected, key=lambda r: r["occurred_at"])
    ]


def test_cli_table_names_each_records_region_as_the_store_names_it(ledger_engine):
    status, out, err = cli(ledger_engine, "records", "accidents", "--period", "2022-03", "--region", "灌云县")
    assert status == 0, err
    region = {line.split()[5]: line.split()[3] for line in out.splitlines()[1:]}  # unit ("unit G4") → region
    assert region == {"W1": "灌云县", "G4": "town320723101", "G5": "town320723102"}  # towns as the store names them


@pytest.mark.parametrize("by", ["type", "month"])
def test_cli_groups_the_counted_records(ledger_engine, by):
    status, out, err = cli(ledger_engine, "records", "accidents", "--period", "2022", "--by", by, "--format", "json")
    assert status == 0, err
    rows = json.loads(out)
    assert all(
        list(r) == ["group", "accidents", "deaths", "missing", "serious_injuries", "injuries", "direct_loss"]
        for r in rows
    )
    expected: dict = {}
    for r in counted(CITY, Period.year_of(2022)):
        g = group_of(r, by, CITY)
        expected[g] = expected.get(g, 0) + 1
    assert {r["group"]: r["accidents"] for r in rows} == expected


def test_cli_reconcile_prints_the_difference_from_the_report(report_engine):
    seventy(report_engine, 68, 37)
    status, out, err = cli(report_engine, "reconcile", "--period", "2022-01..2022-11", "--format", "json")
    assert status == 0, err
    assert json.loads(out) == [
        {
            "indicator": "accidents",
            "region": CITY,
            "period": "2022-01..2022-11",
            "official": 70,
            "ledger": 68,
            "difference": -2,
        }
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("records", "accidents", "--period", "2022-13"),
        ("records", "accidents", "--period", "2022", "--region", "火星"),
        ("reconcile", "--period", "2022", "--region", "火星"),
    ],
)
def test_cli_refuses_a_bad_period_or_region_in_one_line(report_engine, args):
    status, out, err = cli(report_engine, *args)
    assert status == 2 and "Traceback" not in err and err.strip()
