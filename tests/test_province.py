"""A province's store (issue 18): 江苏省 above the city and its twelve other cities beside it
(``init-db --province``). The province sums its cities' figures and names those that sent none;
its distinct counts (执法检查企业数) count an enterprise inspected in two cities once; a city's reads
hold its own regions only; a ledger's row may not name the province or a city as its region; the
dashboard opens at the province and writes 全省."""

from __future__ import annotations

import datetime as dt
import html
import io
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import select

from lawreport_data import api, store
from lawreport_data.db import make_engine
from lawreport_data.ledgers.fields import INSPECTION_RECORD_COLUMNS
from lawreport_data.ledgers.inspections import read_inspection_ledger
from lawreport_data.models import AccidentRecord, AuditEvent, InspectionDistinct
from lawreport_data.periods import Period
from lawreport_data.store import inspection_distinct, town_sums
from lawreport_data.store.inspection_writes import apply_inspections

ROOT = Path(__file__).resolve().parent.parent
XUZHOU, GULOU = "320300", "320302"  # 徐州市 and its 鼓楼区 (a county added as a town is)


@pytest.fixture
def province_engine(db_url):
    """A store made by ``init-db --province`` with one county of 徐州市 added under it."""
    engine = make_engine(db_url)
    result = api.init_db(engine, province=True)
    assert result.regions_added == 13  # 江苏省 and the twelve other cities
    with store.session_factory(engine).begin() as session:
        store.add_regions(session, pd.DataFrame({"code": [GULOU], "name": ["鼓楼区"], "kind": ["district"],
                                                 "parent": [XUZHOU]}))  # fmt: skip
    yield engine
    engine.dispose()


def _accidents(region: str, value: float, year: int = 2022) -> pd.DataFrame:
    return store.normalise_obs(pd.DataFrame([dict(indicator="accidents", region=region, year=year, start=1, end=11,
                                                  value=value, origin="import")]))  # fmt: skip


def test_the_province_is_the_stores_root_above_the_city_and_its_twelve_other_cities(province_engine, monkeypatch):
    with store.session_factory(province_engine)() as session:
        regions = store.regions_frame(session).set_index("code")
        assert (regions.loc["320000", "name"], regions.loc["320000", "kind"]) == ("江苏省", "province")
        cities = regions[regions["parent"] == "320000"]
        assert len(cities) == 13 and set(cities["kind"]) == {"city"} and "320700" in cities.index
        assert regions.loc["320723", "parent"] == "320700"  # the city's counties where they were
        assert store.root_code(session) == "320000"
        assert store.regions_under(session, ["320000"]) is None  # the root: no filter
        under_city = store.regions_under(session, ["320700"])
        assert "320723" in under_city and GULOU not in under_city and XUZHOU not in under_city
        assert store.regions_under(session, [XUZHOU]) == {XUZHOU, GULOU}
        assert store.regions_above(session, [GULOU, "320723"]) == {GULOU, XUZHOU, "320723", "320700", "320000"}
    with store.session_factory(province_engine).begin() as session:  # 南京市's 鼓楼区: a name two counties share
        store.add_region(session, "320106", "鼓楼区", "district", "320100")
    with store.session_factory(province_engine)() as session:
        found = {
            key: store.find_region(session, key)
            for key in ("鼓楼区", "徐州市鼓楼区", "南京市鼓楼区", "320106", "灌云县")
        }
        assert found == {
            "鼓楼区": None,
            "徐州市鼓楼区": GULOU,
            "南京市鼓楼区": "320106",
            "320106": "320106",
            "灌云县": "320723",
        }
    # the catalog synced again (a new version's init-db) leaves the city under the province, and
    # counts nothing again (nothing moved)
    rebuilt = []
    monkeypatch.setattr(town_sums, "refresh_leaf_sums", lambda s: rebuilt.append("leaf sums"))
    monkeypatch.setattr(inspection_distinct, "rebuild", lambda s: rebuilt.append("distinct counts"))
    with store.session_factory(province_engine).begin() as session:
        store.sync_catalog(session)
        assert rebuilt == []
        version = store.data_version(session)
        assert store.add_province(session) == []  # a second time: nothing added, nothing changed
        assert store.data_version(session) == version
    with store.session_factory(province_engine)() as session:
        assert store.regions_frame(session).set_index("code").loc["320700", "parent"] == "320000"
        assert store.root_code(session) == "320000"
        assert store.TREE_KEY not in session.info  # the root alone: one row read, not the region tree
        store.regions_above(session, ["320723"])
        assert store.TREE_KEY in session.info and store.root_code(session) == "320000"  # (from the tree read)


def test_a_citys_store_has_the_city_as_its_root_and_no_province(report_engine):
    with store.session_factory(report_engine)() as session:
        assert store.root_code(session) == "320700"
        assert "320000" not in set(store.regions_frame(session)["code"])
        assert store.regions_under(session, ["320700"]) is None


@pytest.mark.parametrize(
    "gulou, total, warning", [(12, 82, "下辖地区数据不全（2/13）"), (0, 70, "下辖地区数据不全（2/13）")]
)
def test_the_province_sums_its_cities_figures_and_counts_the_cities_that_sent_them(
    province_engine, gulou, total, warning
):
    with store.session_factory(province_engine).begin() as session:
        store.apply_observations(session, _accidents(GULOU, gulou), user="test")
    period = Period(2022, 1, 11)
    rows = {r: api.summary(province_engine, period, r).set_index("indicator") for r in ("江苏省", "徐州市", "连云港市")}
    assert rows["江苏省"].loc["accidents", "value"] == total  # 连云港市's 70 (the report) and 徐州市's
    assert warning in rows["江苏省"].loc["accidents", "warnings"]
    assert rows["徐州市"].loc["accidents", "value"] == gulou  # from its one county
    assert rows["连云港市"].loc["accidents", "value"] == 70  # the report's figure, as printed
    assert rows["连云港市"].loc["accidents", "change_text"] == "同比下降38.6%"


def _inspections(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """Inspection records (the ledger's columns) from (key, day, region, enterprise)."""
    out = pd.DataFrame([
        dict(key=k, record_no=k, inspected_on=pd.Timestamp(day), region=region, company=company, credit_code=None,
             sector=None, method="routine", hazards=1, major_hazards=0, orders=0, decisions=0, reviews=0,
             source_row=i + 2)
        for i, (k, day, region, company) in enumerate(rows)
    ])  # fmt: skip
    return out[list(INSPECTION_RECORD_COLUMNS)]


@pytest.mark.parametrize(
    "start, end",
    [(dt.date(2022, 1, 1), dt.date(2022, 12, 31)),  # whole months: the kept distinct counts
     (dt.date(2022, 1, 1), dt.date(2022, 12, 20))],  # not whole months: counted from the records
)  # fmt: skip
def test_an_enterprise_inspected_in_two_cities_counts_once_in_the_province(province_engine, start, end):
    records = _inspections([
        ("A1", "2022-03-05", "320723", "甲公司"), ("A2", "2022-04-05", GULOU, "甲公司"),  # one enterprise, two cities
        ("B1", "2022-05-05", GULOU, "乙公司"), ("C1", "2022-06-05", "320724", "丙公司"),
    ])  # fmt: skip
    with store.session_factory(province_engine).begin() as session:
        apply_inspections(session, records, batch_id=None, user="test")
    with store.session_factory(province_engine)() as session:
        kept = set(session.scalars(select(InspectionDistinct.region).where(InspectionDistinct.year == 2022)))
        assert {"320000", "320700", XUZHOU, GULOU} <= kept  # each level's own count is kept
        counts = {r: store.inspection_count_rows(session, regions=r, start=start, end=end)[0]
                  for r in ("320000", "320700", XUZHOU)}  # fmt: skip
        by_city = store.inspection_count_rows(session, regions="320000", start=start, end=end,
                                              under=["320700", XUZHOU])  # fmt: skip
        by_county = store.inspection_count_rows(session, regions="320700", start=start, end=end,
                                                under=["320723", "320724"])  # fmt: skip
    assert {r: c["enterprises"] for r, c in counts.items()} == {"320000": 3, "320700": 2, XUZHOU: 2}
    assert {r: c["visits"] for r, c in counts.items()} == {"320000": 4, "320700": 2, XUZHOU: 2}
    assert {row["group"]: row["enterprises"] for row in by_city} == {"320700": 2, XUZHOU: 2}
    assert {row["group"]: row["enterprises"] for row in by_county} == {"320723": 1, "320724": 1}


PROVINCE_REGIONS = pd.DataFrame({
    "code": ["320000", "320700", "320100", "320106", XUZHOU, GULOU, "320723", "LYG-GXQ", "320371"],
    "name": ["江苏省", "连云港市", "南京市", "鼓楼区", "徐州市", "鼓楼区", "灌云县", "连云港高新技术产业开发区", "高新区"],
    "kind": ["province", "city", "city", "district", "city", "district", "county", "zone", "zone"],
    "parent": [None, "320000", "320000", "320100", "320000", XUZHOU, "320700", "320700", XUZHOU],
})  # fmt: skip
HEADER = "检查编号,检查日期,地区,企业名称,检查方式,发现隐患数"


@pytest.mark.parametrize(
    "region, code, problem",
    [("江苏省", None, "不能填全省或设区市整体"), ("全省", None, "不能填全省或设区市整体"),
     ("徐州市", None, "不能填全省或设区市整体"), ("连云港市", None, "不能填全省或设区市整体"),
     ("鼓楼区", None, "南京市鼓楼区"), ("鼓楼区", None, "徐州市鼓楼区"),  # two cities have one: not guessed, both hinted
     ("徐州市鼓楼区", GULOU, None), ("320106", "320106", None), ("灌云县", "320723", None),
     ("高新区", None, "徐州市高新区"),  # 徐州市's by name, 连云港's zone by the catalog's alias: not guessed
     ("徐州市高新区", "320371", None), ("连云港高新技术产业开发区", "LYG-GXQ", None)],
)  # fmt: skip
def test_a_ledger_row_names_a_county_of_any_city_unambiguously_never_the_province_or_a_city(region, code, problem):
    data = f"{HEADER}\nJC-1,2022-03-05,{region},甲公司,双随机,1\n".encode("gbk")
    ledger = read_inspection_ledger(io.BytesIO(data), "检查记录.csv", regions=PROVINCE_REGIONS)
    if problem:
        assert not ledger.ok and problem in " ".join(ledger.problems["problem"] + " " + ledger.problems["hint"])
        assert ledger.problems[["row", "column"]].values.tolist() == [[2, "地区"]]
    else:
        assert ledger.ok, ledger.problems
        assert ledger.records["region"].tolist() == [code]


@pytest.mark.store
def test_init_db_province_from_the_cli_adds_the_province_once_and_audits_it(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.sqlite'}"
    run = [sys.executable, "-m", "lawreport_data", "init-db", "--province"]
    env = {"LAWREPORT_DB_URL": url, "PATH": "/usr/bin:/bin"}
    first = subprocess.run(run, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    again = subprocess.run(run, capture_output=True, text=True, env=env, cwd=ROOT, check=True)
    assert "13 regions of the province added" in first.stdout and "0 regions of the province added" in again.stdout
    summary = subprocess.run([sys.executable, "-m", "lawreport_data", "summary", "--region", "全省", "--period",
                              "2022-01..2022-11"], capture_output=True, text=True, env=env, cwd=ROOT, check=True)  # fmt: skip
    assert "江苏省" in summary.stdout and "同比下降38.6%" in summary.stdout
    engine = make_engine(url)
    with store.session_factory(engine)() as session:
        events = session.execute(select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.action == "province"))
        (action, detail), *more = events.all()
    engine.dispose()
    assert not more and detail.startswith("新增地区13个：江苏省、南京市、无锡市")


def test_the_dashboard_opens_at_the_province_lists_each_city_before_its_counties_and_writes_全省(
    province_engine, monkeypatch
):
    from streamlit.testing.v1 import AppTest

    with store.session_factory(province_engine).begin() as session:  # 徐州市's 鼓楼区: 12, a year before 10
        store.add_region(session, "320106", "鼓楼区", "district", "320100")  # and 南京市's, named alike
        store.apply_observations(
            session, pd.concat([_accidents(GULOU, 12), _accidents(GULOU, 10, 2021)], ignore_index=True), user="t"
        )
    monkeypatch.setenv("LAWREPORT_DB_URL", province_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception, at.exception
    region = at.selectbox(key="region")
    assert region.value == "320000"
    options = region.options
    assert options[:2] == ["江苏省", "南京市"]
    assert options.index("徐州市") + 1 == options.index("徐州市鼓楼区")  # each city followed by its own
    assert options.index("南京市") + 1 == options.index("南京市鼓楼区")  # (named apart: one name, two cities)
    assert options.index("连云港市") + 1 == options.index("连云区")
    text = " ".join(m.value for m in at.markdown)
    assert "全省发生各类事故82起" in text.replace("\\", "")  # 连云港市's 70 and 鼓楼区's 12
    ranking = next(svg for svg in re.findall(r"<svg .*?</svg>", text, re.S) if "各地区排名" in svg)
    title = html.unescape(re.search(r'aria-label="([^"]*)"', ranking).group(1))
    assert title.startswith("江苏省 2022年1-11月 事故起数 各地区排名"), title
    bars = re.findall(r">(连云港市|徐州市|南京市|鼓楼区|灌云县)<", ranking)
    assert bars == ["连云港市", "徐州市"] or bars == ["徐州市", "连云港市"], bars  # the cities that sent figures
    region.set_value("320700").run()
    assert not at.exception, at.exception
    assert "全市发生各类事故70起" in " ".join(m.value for m in at.markdown).replace("\\", "")
    at.selectbox(key="region").set_value(GULOU).run()  # another city's county, named apart
    assert not at.exception, at.exception
    assert "鼓楼区发生各类事故12起" in " ".join(m.value for m in at.markdown).replace("\\", "")
    assert any(c.value.startswith("徐州市鼓楼区 2022年1-11月") for c in at.caption)  # the view's region, named apart


def test_make_data_builds_a_province_whose_figures_are_its_cities_sums(db_url, capsys):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import make_data

    assert make_data.main(["30000", "--province", "--ledger", "400", "--hazards", "400", "--db", db_url]) == 0
    engine = make_engine(db_url)
    with store.session_factory(engine)() as session:
        regions = store.regions_frame(session)
        counties = regions[regions["kind"] == "county"]
        record_regions = set(session.scalars(select(AccidentRecord.region).distinct()))
    assert len(regions[regions["parent"] == "320000"]) == 13
    assert counties.groupby("parent").size().loc[["320100", "321300"]].tolist() == [8, 8]
    towns = regions[regions["kind"] == "town"]
    assert set(towns["parent"]) >= {"320100-X1", "320723"}  # towns in the other cities' counties and the city's
    assert {"320100-X1", "321300-X8", "320723"} <= record_regions  # accidents over the province's counties
    period = Period.year_of(2020)
    values = {}
    for code in ["320000", *regions.loc[regions["parent"] == "320000", "code"]]:
        rows = api.summary(engine, period, code).set_index("indicator")
        if "accidents" in rows.index:  # (the cities whose counties hold towns)
            values[code] = rows.loc["accidents", "value"]
    engine.dispose()
    assert {"320700", "320100", "320200"} <= set(values)
    assert values["320000"] == sum(v for c, v in values.items() if c != "320000") > 0


@pytest.mark.parametrize(
    "province, region, issuer, opening",
    [(True, "320000", "江苏省应急管理厅", "全省发生各类事故70起"),
     (True, "320700", "江苏省应急管理厅", "全市发生各类事故70起"),
     (False, "320700", "连云港市应急管理局", "全市发生各类事故70起")],
)  # fmt: skip
def test_a_briefing_is_issued_by_the_stores_bureau_and_speaks_of_the_region_viewed(
    db_url, province, region, issuer, opening
):
    import docx

    engine = make_engine(db_url)
    api.init_db(engine, province=province)
    data = api.briefing_docx(engine, Period(2022, 1, 11), region, with_charts=False)
    engine.dispose()
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    assert lines[2].startswith(issuer + "　比较口径") and document.core_properties.author == issuer
    assert any(opening in line for line in lines)


def test_a_province_admin_sets_targets_for_the_province_and_its_cities(province_engine, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import sign_in

    api.add_user(province_engine, "chief", "chief-secret-1", "admin")
    monkeypatch.setenv("LAWREPORT_DB_URL", province_engine.url.render_as_string(hide_password=False))
    at = sign_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run(), "chief", "chief-secret-1")
    at.switch_page("pages/targets.py").run()
    assert not at.exception, at.exception
    region = at.selectbox(key="tg_region")
    assert region.options[:3] == ["江苏省", "南京市", "无锡市"] and "连云港市" in region.options
    assert "灌云县" not in region.options and len(region.options) == 14  # the province and its 13 cities


@pytest.mark.parametrize("region", ["全省", "江苏", "徐州", "320000", "江苏省"])
def test_a_citys_store_knows_no_province_or_other_city(report_engine, region):
    with pytest.raises(api.LookupError_):
        api.summary(report_engine, Period(2022, 1, 11), region)


@pytest.mark.parametrize(
    "region, code",
    [("徐州市鼓楼区", GULOU), (GULOU, GULOU), ("南京市鼓楼区", "320106"), ("鼓楼区", None), ("全省", "320000"),
     ("徐州", XUZHOU), ("灌云县", "320723"), ("", "320000"), ("高新区", "LYG-GXQ")],
)  # fmt: skip
def test_a_region_is_named_in_a_province_store_by_code_name_or_city_and_name_never_guessed(
    province_engine, region, code
):
    with store.session_factory(province_engine).begin() as session:
        store.add_region(session, "320106", "鼓楼区", "district", "320100")
    if code is None:
        with pytest.raises(api.LookupError_):
            api.region_of(province_engine, region)
    else:
        assert api.region_of(province_engine, region) == code
    rows = api.summary(province_engine, Period(2022, 1, 11), region) if code else None
    assert code is None or rows["region"].eq(code).all()


@pytest.mark.parametrize("region, code", [("徐州市鼓楼区", GULOU), ("灌云县", "320723"), ("徐州市", None), ("鼓楼区", None),
                                          ("江苏省", None)])  # fmt: skip
def test_a_county_account_of_a_province_store_is_of_one_county_never_a_city(province_engine, region, code):
    from lawreport_data.auth import AuthError

    with store.session_factory(province_engine).begin() as session:
        store.add_region(session, "320106", "鼓楼区", "district", "320100")
    if code is None:
        with pytest.raises(AuthError):
            api.add_user(province_engine, "xz", "xz-secret-123", "county", region=region)
    else:
        assert api.add_user(province_engine, "xz", "xz-secret-123", "county", region=region).region_code == code


def test_a_full_resend_of_another_citys_county_names_it_as_the_store_does(province_engine):
    with store.session_factory(province_engine).begin() as session:
        store.add_region(session, "320106", "鼓楼区", "district", "320100")
    header = "事故编号,发生时间,地区,事故单位,行业领域,事故类别,死亡人数,受伤人数"
    rows = [
        "XZ-1,2022-03-05 14:30,徐州市鼓楼区,甲公司,化工,中毒窒息,1,0",
        "XZ-2,2022-03-09,徐州市鼓楼区,乙公司,工贸,机械伤害,0,1",
    ]
    first = f"{header}\n" + "\n".join(rows) + "\n"
    api.apply_import(province_engine, io.BytesIO(first.encode()), "鼓楼区.csv", user="tester")
    resend = io.BytesIO(f"{header}\n{rows[0]}\n".encode())
    seen = api.preview_import(province_engine, resend, "鼓楼区.csv", replace=True)
    assert seen.replace_scope[0] == [GULOU] and "徐州市鼓楼区" in seen.scope_text and GULOU not in seen.scope_text
    resend.seek(0)
    result = api.apply_import(province_engine, resend, "鼓楼区.csv", user="tester", replace=True)
    assert result.retired == 1
    with store.session_factory(province_engine)() as session:
        details = session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "import")).all()
    assert any("全量重报范围：徐州市鼓楼区" in d for d in details), details
