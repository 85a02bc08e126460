"""The narrative: sentences written from the data, held to the 2022 report's own sentences."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from lawreport_data import catalog, metrics, narrative, report2022
from lawreport_data.narrative import _row
from lawreport_data.periods import Period

YEAR = Period.year_of(2022)


def squeeze(text: str) -> str:
    """The report's PDF text puts spaces around numbers (2091 场次); the sentences do not."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def report_summary() -> pd.DataFrame:
    return metrics.summary(report2022.report_frame(), catalog.CITY_CODE, YEAR)


@pytest.fixture(scope="module")
def written_list(report_summary) -> list[narrative.Sentence]:
    from lawreport_data import api

    obs = report2022.report_frame()
    earlier = api.earlier_double_decline(obs, catalog.CITY_CODE, report_summary)
    return narrative.sentences(report_summary, YEAR, earlier_double_decline=earlier)


@pytest.fixture(scope="module")
def written(written_list) -> dict[str, str]:
    return {s.key: s.text for s in written_list}


# key -> (the report's sentence, the sentence written from the data, the clause of it that
# the report prints verbatim: everything the data can know).
REPORT_2022 = {
    "accidents": (
        report2022.S_ACCIDENTS,
        report2022.S_ACCIDENTS,
        report2022.S_ACCIDENTS,
    ),
    "chem": (
        report2022.S_CHEM,
        "危化品方面，推进4家化工园（集中）区整治提升；检查27家化工企业151个重大危险源，发现整改673条问题隐患，"
        "组织85个危化品生产、储存建设项目安全审查。",
        "27家化工企业151个重大危险源，发现整改673条问题隐患，组织85个危化品生产、储存建设项目安全审查。",
    ),
    "mines": (
        report2022.S_MINES,
        "矿山方面，制定25项检查内容，检查发现问题隐患80项。",
        "制定25项检查内容，检查发现问题隐患80项。",
    ),
    "metal": (
        report2022.S_METAL,
        "冶金工贸方面，完成6803家工业企业风险报告，执法检查207家粉尘企业；钢铁企业煤气专项治理率100%，"
        "其他金属冶炼企业重大隐患治理率100%。",
        "执法检查207家粉尘企业；钢铁企业煤气专项治理率100%，其他金属冶炼企业重大隐患治理率100%。",
    ),
    "warning": (report2022.S_WARNING, "综合监管方面，印发警示提示函7份。", "印发警示提示函7份。"),
    "monitoring": (
        report2022.S_MONITORING,
        "对全市7座非煤矿山和1座尾矿库、28家企业158个危险化学品重大危险源实施24小时监控和在线巡查。",
        "对全市7座非煤矿山和1座尾矿库、28家企业158个危险化学品重大危险源实施24小时监控和在线巡查",
    ),
    "towns": (
        report2022.S_TOWNS,
        "推动全市97个镇街园区“1（预案）+3（清单）+5（能力）”建设。",
        "推动全市97个镇街园区“1（预案）+3（清单）+5（能力）”建设",
    ),
    "disasters": (report2022.S_DISASTERS, "处置灾害事故48起。", "处置灾害事故48起。"),
    "teams": (report2022.S_TEAMS, "建立117支应急救援队伍，七类专业救援突击队和六类保障队。", "117支应急救援队伍，"),
    "plans": (report2022.S_PLANS, "完成5个市级专项预案修订。", "5个市级专项预案修订。"),
    "drills": (
        report2022.S_DRILLS,
        "累计开展推演、演习2091场次，直接参演人数约8.8万人。",
        "推演、演习2091场次，直接参演人数约8.8万人。",
    ),
    "committee": (
        report2022.S_COMMITTEE,
        "调整完善减灾委成员单位，新增3家单位。",
        "调整完善减灾委成员单位，新增",
    ),
    "weather": (report2022.S_WEATHER, "下发《气象灾害应对工作提示单》35份。", "下发《气象灾害应对工作提示单》35份。"),
    "officers": (report2022.S_OFFICERS, "组织全市2054名灾害信息员业务培训。", "组织全市2054名灾害信息员业务培训，"),
    "online": (report2022.S_ONLINE, "实现申请、审批网上可办率100%。", "实现申请、审批网上可办率100%"),
    "approval": (report2022.S_APPROVAL, "审批事项全部压缩一半以上审批时限。", "审批事项全部压缩一半以上审批时限。"),
    "inspections": (
        report2022.S_INSPECTIONS,
        "今年，全市执法检查企业1414家，排查问题隐患7481条，其中一般隐患7439条，重大隐患42条。",
        "今年，全市执法检查企业1414家，排查问题隐患7481条，其中一般隐患7439条，重大隐患42条。",
    ),
    "cooperation": (
        report2022.S_COOPERATION,
        "携手检察机关推进安全生产领域检察监督与行政执法协作工作，明确十项协作意见。",
        "十项协作意见。",
    ),
    "lawyers": (
        report2022.S_LAWYERS,
        "组织2名符合条件人员申请成为公职律师，外聘1名法律顾问。",
        "组织2名符合条件人员申请成为公职律师，外聘1名法律顾问，",
    ),
    "opinions": (
        report2022.S_OPINIONS,
        "今年，共组织律师顾问队伍对10余份文件提供60多条意见和建议。",
        "今年，共组织律师顾问队伍对10余份文件提供60多条意见和建议。",
    ),
    "fair": (
        report2022.S_FAIR,
        "共清理公平竞争审查文件8份，其中6份符合规定予以保留，2份违反规定予以废止。",
        "共清理公平竞争审查文件8份，其中6份符合规定予以保留，2份违反规定予以废止。",
    ),
    "normative": (
        report2022.S_NORMATIVE,
        "今年，共梳理2012年以来以市应急局名义发布的文件总数1730份，其中规范性文件15份，废止12份，保留3份。",
        "今年，共梳理2012年以来以市应急局名义发布的文件总数1730份，其中规范性文件15份，废止12份，保留3份。",
    ),
    "penalties": (
        report2022.S_PENALTIES,
        "今年，共审核重大行政处罚案卷44件次，提出法制审核意见200余条，参加行政处罚案件集体讨论会并完成集体讨论记录21件次。",
        "今年，共审核重大行政处罚案卷44件次，提出法制审核意见200余条，参加行政处罚案件集体讨论会并完成集体讨论记录21件次。",
    ),
    "exposure": (
        report2022.S_EXPOSURE,
        "今年，累计曝光全市6批次64起典型案例和违法行为。",
        "曝光全市6批次64起典型案例和违法行为。",
    ),
    "proposals": (
        report2022.S_PROPOSALS,
        "2022年，市应急管理局承办市人大建议8件，其中主办3件，协办5件；承办市政协提案12件，其中主办4件，协办8件。",
        "2022年，市应急管理局承办市人大建议8件，其中主办3件，协办5件；承办市政协提案12件，其中主办4件，协办8件",
    ),
    "hotline": (
        report2022.S_HOTLINE,
        "1-12月份，共办理12345工单127件，工单及时办理率、满意度均为100%。",
        "共办理12345工单127件，工单及时办理率、满意度均为100%。",
    ),
    "institutions": (
        report2022.S_INSTITUTIONS,
        "目前，全市应急管理系统设有专职法制机构2个。",
        "目前，全市应急管理系统设有专职法制机构2个，",
    ),
    "real_name": (report2022.S_REAL_NAME, "确保实名举报案件核查率100%。", "确保实名举报案件核查率100%"),
    "complaints": (
        report2022.S_COMPLAINTS,
        "今年1-11月，全市接收安全生产举报件243件次，核实243件，奖励发放3件，发放奖励金44980元。",
        "今年1-11月，全市接收安全生产举报件243件次，核实243件，奖励发放3件，发放奖励金44980元。",
    ),
    "reconsideration": (
        report2022.S_RECONSIDERATION,
        "今年，发生一起案件被行政复议，复议决定维持一起。",
        "今年，发生一起",
    ),
    "training": (
        report2022.S_TRAINING,
        "组织安排6批次72名应急管理系统执法人员参加全省安全生产执法培训班；统筹开展四期全市应急管理综合执法队伍"
        "“以讲促学大队长讲堂”培训活动；组织全市120名乡镇干部安全生产专题培训班。",
        "组织安排6批次72名应急管理系统执法人员参加全省安全生产执法培训班；统筹开展四期全市应急管理综合执法队伍"
        "“以讲促学大队长讲堂”培训活动；组织全市120名乡镇干部安全生产专题培训班",
    ),
    "exams": (
        report2022.S_EXAMS,
        "全市24491名特种作业人员、4800多名一般性生产经营单位负责人、安全管理人员参加安全生产法律法规和知识培训考核。",
        "全市24491名特种作业人员、4800多名一般性生产经营单位负责人、安全管理人员参加安全生产法律法规和知识培训考核。",
    ),
    "materials": (
        report2022.S_MATERIALS,
        "累计发放《安全生产法》等2万余册，挂图海报3万余份，宣传折页5万余份。",
        "累计发放《安全生产法》等2万余册，挂图海报3万余份，宣传折页5万余份。",
    ),
    "news": (
        report2022.S_NEWS,
        "全市报纸、电视台刊播安全生产工作相关新闻报道共684条，连云港日报刊登9个专版、电视台播报7个专集。",
        "全市报纸、电视台刊播安全生产工作相关新闻报道共684条，连云港日报刊登9个专版、电视台播报7个专集。",
    ),
    "posts": (
        report2022.S_POSTS,
        "累计编发普法动态信息、安全防范知识等信息1476条。",
        "累计编发普法动态信息、安全防范知识等信息1476条。",
    ),
    "lectures": (
        report2022.S_LECTURES,
        "全市累计宣讲1762场，覆盖15260家企业、142800名企业员工。",
        "全市累计宣讲1762场，覆盖15260家企业、142800名企业员工。",
    ),
}


@pytest.mark.parametrize("key", sorted(REPORT_2022))
def test_sentence_for_2022_repeats_the_reports_figures_in_its_words(key, written):
    report_sentence, expected, verbatim = REPORT_2022[key]
    assert written[key] == expected
    core = verbatim.rstrip("，；。")  # the clause; the report may go on where the data stops
    assert core in expected
    assert core in squeeze(report_sentence)


def test_every_figure_of_the_2022_report_is_written_as_printed(written):
    text = "".join(written.values())
    for figure in report2022.FIGURES:
        printed = squeeze(figure.printed)
        assert printed in text, (figure.indicator, printed)


def test_writes_one_sentence_per_report_passage_and_nothing_else_for_2022(written):
    assert set(written) == set(REPORT_2022)


def test_headline_repeats_the_reports_first_sentence_when_the_decline_continues(report_summary):
    sentence = narrative.headline_sentence(report_summary, earlier_double_decline=True)
    assert sentence == report2022.S_ACCIDENTS


def test_headline_sentence_takes_only_the_summary_frame(report_summary):
    assert narrative.headline_sentence(report_summary).startswith("1-11月份，全市发生各类事故70起、死亡37人")


@pytest.mark.parametrize(
    ("accidents", "deaths", "expected"),
    [
        ((70, 114), (37, 56), "同比分别下降38.6%和33.9%"),
        ((120, 100), (60, 50), "同比分别上升20.0%和20.0%"),
        ((70, 114), (60, 50), "同比分别下降38.6%和上升20.0%"),
        ((120, 100), (37, 56), "同比分别上升20.0%和下降33.9%"),
        ((5, 5), (3, 3), "同比均持平"),
        ((5, 5), (37, 56), "事故起数同比持平，死亡人数同比下降33.9%"),
        ((3, 0), (37, 56), "事故起数上年同期为0，死亡人数同比下降33.9%"),
        ((3, 0), (1, 0), "上年同期均为0"),
        ((70, 114), (37, None), "事故起数同比下降38.6%"),
    ],
)
def test_headline_words_each_pair_of_changes(accidents, deaths, expected):
    frame = pd.DataFrame(
        [
            _row("accidents", accidents[0], previous=accidents[1], period="2022-01..2022-11"),
            _row("deaths", deaths[0], previous=deaths[1], period="2022-01..2022-11"),
        ]
    )
    sentence = narrative.headline_sentence(frame)
    assert sentence.startswith(f"1-11月份，全市发生各类事故{accidents[0]}起、死亡{deaths[0]}人，{expected}")
    assert ("双下降" in sentence) == (expected == "同比分别下降38.6%和33.9%")


def test_headline_says_a_major_accident_happened():
    frame = pd.DataFrame([_row("accidents", 10, previous=12), _row("major_accidents", 1)])
    assert narrative.headline_sentence(frame) == "2022年，全市发生各类事故10起，同比下降16.7%；发生较大及以上事故1起。"


def test_no_sentence_for_missing_figures(report_summary):
    without = report_summary[~report_summary["indicator"].isin(["deaths", "hazards_found", "general_hazards"])]
    written = {s.key: s.text for s in narrative.sentences(without, YEAR)}
    assert "死亡" not in written["accidents"]
    assert "同比下降38.6%；" in written["accidents"]
    assert written["inspections"] == "今年，全市执法检查企业1414家，重大隐患42条。"
    assert narrative.sentences(report_summary.iloc[0:0], YEAR) == []


def test_a_plain_statement_when_last_years_figure_is_zero():
    frame = pd.DataFrame([_row("drills", 12, previous=0), _row("drill_participants", 300, previous=250)])
    text = " ".join(s.text for s in narrative.sentences(frame, YEAR))
    assert "与上年同期相比，推演演习场次上年同期为0，直接参演人数上升20.0%。" in text
    assert "%" not in text.split("推演演习场次")[1].split("，")[0]


def test_county_sentences_name_the_county_not_the_city(report_summary):
    county = report_summary.assign(region="320723", region_name="灌云县")
    written = {s.key: s.text for s in narrative.sentences(county, YEAR)}
    assert written["inspections"].startswith("今年，灌云县执法检查企业1414家")
    assert written["proposals"].startswith("2022年，灌云县应急管理局承办")
    assert not any("全市" in t for t in written.values())


def test_a_span_other_than_the_one_asked_opens_the_sentence(report_summary):
    written = {s.key: s.text for s in narrative.sentences(report_summary, Period(2022, 1, 12))}
    assert written["complaints"].startswith("今年1-11月，")
    assert not written["disasters"].startswith("2022年")


def test_every_indicator_has_a_sentence():
    assert narrative.covered_indicators() == set(catalog.INDICATORS)


def test_sentences_carry_a_report_section_and_topic(report_summary):
    for s in narrative.sentences(report_summary, YEAR):
        assert s.section in catalog.REPORT_SECTIONS
        assert s.topic in catalog.TOPICS
        assert s.text.endswith("。")


def test_month_on_month_changes_are_worded_huanbi():
    real = report2022.report_frame()
    from lawreport_data import demo

    obs = pd.concat([real, demo.demo_frame(real)], ignore_index=True)
    frame = metrics.summary(obs, "320723", Period(2022, 5, 5), comparison="mom")
    written = {s.key: s.text for s in narrative.sentences(frame, Period(2022, 5, 5))}
    assert written["accidents"] == "5月份，灌云县发生各类事故1起、死亡1人，环比均持平；未发生较大及以上事故。"
    assert written["changes_accidents"] == "与上期相比，受伤人数上期为0，直接经济损失持平。"
    assert written["changes_enforcement"].startswith("与上期相比，执法检查企业数上升10.0%")
    assert "上年同期" not in "".join(written.values())


# --- from the store (SQLite and PostgreSQL) ---


def test_report_data_alone_says_the_double_decline_continues_as_the_report_states(report_engine):
    from lawreport_data import api

    _, written = api.narrative_sentences(report_engine, Period(2022, 1, 11))
    assert written[0].text == report2022.S_ACCIDENTS


def _before(accidents: float, deaths: float) -> pd.DataFrame:
    """1-11月 2020 figures of the city."""
    return pd.DataFrame(
        [
            dict(indicator=code, region=catalog.CITY_CODE, year=2020, start=1, end=11, value=value)
            for code, value in (("accidents", accidents), ("deaths", deaths))
        ]
    )


@pytest.mark.parametrize(
    ("stated", "year_2020", "expected", "closing"),
    [
        (True, None, True, "继续保持"),  # the report's own statement, held with its sentence
        (False, (150.0, 70.0), True, "继续保持"),  # computed: 2021's 114 and 56 were both lower
        (False, (100.0, 70.0), False, "实现"),  # accidents rose in 2021 (100 -> 114)
        (False, None, None, "实现"),  # nothing known about 2021's change
    ],
)
def test_the_double_decline_continues_when_the_year_before_fell_in_both_by_statement_or_data(
    report_summary, stated, year_2020, expected, closing
):
    from lawreport_data import api

    obs = report2022.report_frame()
    if not stated:
        obs = obs[obs["indicator"] != "double_decline"]
    if year_2020 is not None:
        obs = pd.concat([obs, _before(*year_2020)], ignore_index=True)
    earlier = api.earlier_double_decline(obs, catalog.CITY_CODE, report_summary)
    assert earlier is expected
    headline = narrative.headline_sentence(report_summary, earlier_double_decline=earlier)
    assert headline.endswith(f"未发生较大及以上事故，{closing}事故起数和死亡人数“双下降”。")


def test_the_statement_of_the_year_before_is_held_with_its_source_sentence():
    frame = report2022.report_frame()
    stated = frame[frame["indicator"] == "double_decline"]
    assert stated[["year", "start", "end", "value", "origin"]].values.tolist() == [[2021, 1, 11, 1.0, "report"]]
    assert "继续保持事故起数和死亡人数“双下降”" in stated["source"].iloc[0]


SECTION_FIRST = {
    1: "accidents",
    3: "lawyers",
    4: "inspections",
    5: "penalties",
    6: "real_name",
    7: "training",
    8: "institutions",
}


def test_the_first_sentence_of_each_section_repeats_a_passage_of_the_report_with_its_figures(written_list):
    firsts = {}
    for s in written_list:
        firsts.setdefault(s.section, s)
    assert {section: s.key for section, s in firsts.items()} == SECTION_FIRST
    for s in firsts.values():
        figures = [f for f in report2022.FIGURES if f.indicator in s.indicators and f.period.year == 2022]
        report_sentences = {f.sentence for f in figures}
        assert len(report_sentences) == 1, s.key
        # the whole generated sentence (its lead 今年/1-11月份/目前 included) is the report's words
        assert squeeze(s.text.rstrip("。")) in squeeze(report_sentences.pop()), s.key
        for f in figures:
            assert squeeze(f.printed) in s.text, (s.key, f.printed)


def closeness(text: str, report_sentence: str) -> str:
    """``whole``: the report's sentence; ``passage``: a part of it word for word; ``reworded``."""
    text, report_sentence = squeeze(text), squeeze(report_sentence)
    if text == report_sentence:
        return "whole"
    return "passage" if text.rstrip("。") in report_sentence else "reworded"


@pytest.mark.parametrize(
    ("text", "report_sentence", "expected"),
    [
        ("处置灾害事故48起。", "快速响应、高效处置灾害事故48起。", "passage"),
        ("处置灾害事故48起。", "处置灾害事故48起。", "whole"),
        ("处置48起灾害事故。", "快速响应、高效处置灾害事故48起。", "reworded"),
    ],
)
def test_closeness_tells_a_whole_sentence_a_passage_and_a_rewording(text, report_sentence, expected):
    assert closeness(text, report_sentence) == expected


def test_readme_says_how_close_the_2022_sentences_are_to_the_report(written_list):
    from pathlib import Path

    readme = squeeze((Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8"))
    m = re.search(r"ofthe(\d+)sentences,(\d+)repeatthereport'ssentencewhole,(\d+)areapassage.*?and(\d+)keep", readme)
    assert m, "README: how close the 2022 sentences are"
    sources = {f.indicator: f.sentence for f in report2022.FIGURES if f.period.year == 2022}
    kinds = [closeness(s.text, next(sources[i] for i in s.indicators if i in sources)) for s in written_list]
    counts = (len(kinds), kinds.count("whole"), kinds.count("passage"), kinds.count("reworded"))
    assert tuple(int(g) for g in m.groups()) == counts


@pytest.mark.parametrize(
    ("rows", "inspections", "penalties"),
    [
        # totals a county sent of 检查家次, 行政处罚案件数 and 罚没款金额 are said with the figures they go with
        ([("enterprises_inspected", 120), ("inspection_visits", 310), ("penalty_cases", 12), ("penalty_amount", 36.5)],
         "今年，全市执法检查企业120家，检查310家次。", "今年，全市行政处罚立案12件，罚没款36.5万元。"),
        ([("penalty_amount", 2.0)], None, "今年，全市罚没款2万元。"),
    ],
)  # fmt: skip
def test_the_enforcement_totals_have_their_sentences(rows, inspections, penalties):
    written = {s.key: s.text for s in narrative.sentences(pd.DataFrame([_row(i, v) for i, v in rows]), YEAR)}
    assert (written.get("inspections"), written.get("penalties")) == (inspections, penalties)


def _span_figures(values: dict[int, tuple[float, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [dict(indicator=code, region=catalog.CITY_CODE, year=y, start=1, end=11, value=v)
         for y, pair in values.items() for code, v in zip(("accidents", "deaths"), pair, strict=True)]
    )  # fmt: skip


@pytest.mark.parametrize(
    ("earlier_years", "run", "closing"),
    [
        ({2020: (150.0, 70.0), 2019: (160.0, 80.0), 2018: (170.0, 90.0)}, 3, "连续4年保持"),  # 2021, 2020, 2019 fell
        ({2020: (150.0, 70.0), 2019: (160.0, 80.0), 2018: (155.0, 90.0)}, 2, "连续3年保持"),  # 2019's accidents rose
        ({2020: (150.0, 70.0), 2019: (140.0, 80.0)}, 1, "继续保持"),  # 2020's accidents rose (140 -> 150)
        ({2020: (150.0, 70.0)}, 1, "继续保持"),  # nothing known before 2020
        ({2020: (100.0, 70.0)}, 0, "实现"),  # 2021's accidents rose (100 -> 114)
    ],
)
def test_a_run_of_years_both_falling_is_said_as_连续n年(report_summary, earlier_years, run, closing):
    from lawreport_data import api

    obs = report2022.report_frame()
    obs = pd.concat([obs[obs["indicator"] != "double_decline"], _span_figures(earlier_years)], ignore_index=True)
    assert api.earlier_double_declines(obs, catalog.CITY_CODE, report_summary) == run
    headline = narrative.headline_sentence(report_summary, earlier_double_decline=bool(run), years_in_a_row=run + 1)
    assert headline.endswith(f"未发生较大及以上事故，{closing}事故起数和死亡人数“双下降”。")
