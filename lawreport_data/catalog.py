"""The catalog: every region, indicator, section and Chinese phrase the product shows.

Code everywhere else uses the English codes defined here; every Chinese label lives in
this module, so a translator or a newcomer finds all of them in one place.

>>> INDICATORS["accidents"].name, INDICATORS["accidents"].unit
('事故起数', '起')
>>> REGIONS["320700"].name
'连云港市'
>>> [r.code for r in children_of("320700")][:3]
['320703', '320706', '320707']
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- regions ---------------------------------------------------------------------------

CITY_CODE = "320700"

REGION_KIND_LABELS = {
    "province": "省",
    "city": "设区市",
    "district": "市辖区",
    "county": "县",
    "zone": "功能区",
    "town": "镇街",
}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    kind: str
    parent: str | None
    sort_order: int
    aliases: tuple[str, ...] = ()


REGION_LIST: tuple[Region, ...] = (
    Region("320700", "连云港市", "city", None, 0, ("全市", "市本级合计", "连云港")),
    Region("320703", "连云区", "district", CITY_CODE, 1),
    Region("320706", "海州区", "district", CITY_CODE, 2),
    Region("320707", "赣榆区", "district", CITY_CODE, 3),
    Region("320722", "东海县", "county", CITY_CODE, 4),
    Region("320723", "灌云县", "county", CITY_CODE, 5),
    Region("320724", "灌南县", "county", CITY_CODE, 6),
    # Functional zones have no administrative division code; these codes are the
    # product's own and stay stable.
    Region("LYG-KFQ", "连云港经济技术开发区", "zone", CITY_CODE, 7, ("经济技术开发区", "开发区", "经开区")),
    Region("LYG-XW", "徐圩新区", "zone", CITY_CODE, 8),
    Region("LYG-GXQ", "连云港高新技术产业开发区", "zone", CITY_CODE, 9, ("高新区", "高新技术产业开发区")),
    Region("LYG-YTS", "云台山风景名胜区", "zone", CITY_CODE, 10, ("云台山景区", "云台山")),
)
REGIONS = {r.code: r for r in REGION_LIST}

# A province's store (``store.add_province``) puts the city under its province, beside the
# province's other cities; a city's own store holds neither. Codes of GB/T 2260.
PROVINCE_CODE = "320000"
PROVINCE = Region(PROVINCE_CODE, "江苏省", "province", None, -1, ("全省", "江苏"))
PROVINCE_CITIES: tuple[Region, ...] = tuple(
    Region(code, name, "city", PROVINCE_CODE, 0, (name[:-1],))
    for code, name in (
        ("320100", "南京市"), ("320200", "无锡市"), ("320300", "徐州市"), ("320400", "常州市"),
        ("320500", "苏州市"), ("320600", "南通市"), ("320800", "淮安市"), ("320900", "盐城市"),
        ("321000", "扬州市"), ("321100", "镇江市"), ("321200", "泰州市"), ("321300", "宿迁市"),
    )
)  # fmt: skip
"""The province's cities other than ``CITY_CODE``."""
PROVINCE_REGIONS = {r.code: r for r in (PROVINCE, *PROVINCE_CITIES)}


def region_name(code: str | None, regions=None) -> str:
    """A region's name: the catalog's, else the one in ``regions`` (the store's regions frame,
    columns code and name: towns added to the store), else the code itself; "" for no region
    (None or a missing value).

    >>> region_name("320723"), region_name("320723999"), region_name(None), region_name(float("nan"))
    ('灌云县', '320723999', '', '')
    >>> region_name("320000"), region_name("320300")
    ('江苏省', '徐州市')
    >>> import pandas as pd
    >>> region_name("320723101", pd.DataFrame({"code": ["320723101"], "name": ["伊山镇"]}))
    '伊山镇'
    """
    if not isinstance(code, str):
        return ""
    if code in REGIONS:
        return REGIONS[code].name
    if code in PROVINCE_REGIONS:
        return PROVINCE_REGIONS[code].name
    if regions is not None:
        hit = regions.loc[regions["code"] == code, "name"]
        if len(hit):
            return str(hit.iloc[0])
    return code


def children_of(code: str) -> list[Region]:
    """Regions directly under ``code`` in catalog order."""
    return [r for r in REGION_LIST if r.parent == code]


# --- report sections and dashboard topics ----------------------------------------------

# The source report's own sub-sections （一）…（七） of part 一.
REPORT_SECTIONS = {
    1: "依法全面履行政府职能",
    2: "健全完善依法行政制度体系",
    3: "推进行政决策科学化、民主化、法治化",
    4: "推进严格规范公正文明执法",
    5: "提升法治监督质量",
    6: "积极化解矛盾纠纷",
    7: "强化法治宣传教育",
    # Part 三 of the report (法治政府建设存在的不足和原因), which gives the standing 专职法制机构
    # count in its （二）; the briefing puts it after the seven sub-sections of part 一.
    8: "法治政府建设存在的不足和原因",
}
SECTION_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八"}


@dataclass(frozen=True)
class Topic:
    code: str
    number: int
    name: str


# The dashboard's seven pages: one per theme of the report.
TOPIC_LIST: tuple[Topic, ...] = (
    Topic("accidents", 1, "事故与安全形势"),
    Topic("special", 2, "专项整治与风险防控"),
    Topic("emergency", 3, "应急救援与防灾减灾"),
    Topic("enforcement", 4, "执法检查与隐患治理"),
    Topic("legal", 5, "法治监督与制度建设"),
    Topic("complaints", 6, "信访举报"),
    Topic("publicity", 7, "宣传培训"),
)
TOPICS = {t.code: t for t in TOPIC_LIST}

# --- indicators ------------------------------------------------------------------------

POLARITY_LABELS = {-1: "越低越好", 0: "中性", 1: "越高越好"}
AGGREGATION_LABELS = {"sum": "可累加", "none": "不可累加", "distinct": "不重复计数（不可跨月、跨地区相加）"}
# What a figure counts: what happened during its span (flow), what stands at a date (stock:
# 专职法制机构2个 "目前"), or everything since a start year up to its span (cumulative: documents
# issued "2012 年以来"); a statement is a yes (1) / no (0) the report states (the 2021 双下降).
# Only flows sum over months or regions.
MEASURE_LABELS = {"flow": "期间数", "stock": "时点数", "cumulative": "累计数", "statement": "报告表述"}
# How a summary, a chart or a table labels the span of a stock or cumulative figure.
MEASURE_PERIOD_LABELS = {
    "stock": "截至{date}",
    "stock_end": "截至{year}年{month}月末",
    "cumulative": "{since}年以来（至{period}）",
    "date": "{year}年{month}月{day}日",
}


@dataclass(frozen=True)
class Indicator:
    """One measured quantity.

    ``polarity``: -1 lower is better, 1 higher is better, 0 neutral (work done).
    ``aggregation``: ``sum`` adds over months and regions; ``none`` (rates, standing
    counts) never does. ``parent``: the indicator this one is a part of (share).
    ``monthly``: counties report it every month (the demo data covers these).
    ``measure``: ``flow``, ``stock`` (at ``as_of``), ``cumulative`` (since the year ``since``)
    or ``statement`` (see :data:`MEASURE_LABELS`); only a flow may have ``aggregation`` sum.
    """

    code: str
    name: str
    unit: str
    topic: str
    section: int
    polarity: int = 0
    aggregation: str = "sum"
    parent: str | None = None
    monthly: bool = False
    aliases: tuple[str, ...] = field(default=())
    measure: str = "flow"
    since: int | None = None


def _i(
    code,
    name,
    unit,
    topic,
    section,
    polarity=0,
    aggregation="sum",
    parent=None,
    monthly=False,
    aliases=(),
    measure="flow",
    since=None,
):
    return Indicator(
        code, name, unit, topic, section, polarity, aggregation, parent, monthly, tuple(aliases), measure, since
    )


INDICATOR_LIST: tuple[Indicator, ...] = (
    # 1 事故与安全形势
    _i(
        "accidents",
        "事故起数",
        "起",
        "accidents",
        1,
        -1,
        monthly=True,
        aliases=("各类事故起数", "事故数", "生产安全事故起数", "发生事故"),
    ),
    _i("deaths", "死亡人数", "人", "accidents", 1, -1, monthly=True, aliases=("事故死亡人数", "死亡", "死亡人")),
    _i("injuries", "受伤人数", "人", "accidents", 1, -1, monthly=True, aliases=("事故受伤人数", "受伤")),
    _i(
        "direct_loss",
        "直接经济损失",
        "万元",
        "accidents",
        1,
        -1,
        monthly=True,
        aliases=("经济损失", "直接经济损失（万元）"),
    ),
    _i(
        "major_accidents",
        "较大及以上事故起数",
        "起",
        "accidents",
        1,
        -1,
        monthly=True,
        aliases=("较大及以上事故", "较大以上事故起数"),
    ),
    # The report states that 1-11月 2021 had fallen in both too (继续保持…“双下降”): 1 yes, 0 no.
    _i(
        "double_decline",
        "事故起数和死亡人数同比“双下降”",
        "",
        "accidents",
        1,
        1,
        "none",
        measure="statement",
    ),
    # 控制指标 and the rates (issue 17): sector deaths (from the accident ledger where none was sent)
    # and the rates' denominators, a year's figure each (a revision replaces it, audited)
    _i("icm_deaths", "工矿商贸死亡人数", "人", "accidents", 1, -1, aliases=("工矿商贸事故死亡人数",)),
    _i(
        "road_deaths",
        "道路运输死亡人数",
        "人",
        "accidents",
        1,
        -1,
        aliases=("道路运输事故死亡人数", "道路交通死亡人数"),
    ),
    _i("gdp", "地区生产总值", "亿元", "accidents", 1, 0, "none", aliases=("GDP", "生产总值", "国内生产总值")),
    _i("icm_employment", "工矿商贸就业人员", "万人", "accidents", 1, 0, "none", aliases=("工矿商贸就业人数",)),
    _i("motor_vehicles", "机动车保有量", "万辆", "accidents", 1, 0, "none", aliases=("机动车数量",)),
    _i("coal_output", "原煤产量", "万吨", "accidents", 1, 0, "none"),
    # 2 专项整治与风险防控
    _i("chem_parks_upgraded", "化工园（集中）区整治提升数", "家", "special", 1, aliases=("化工园区整治提升数",)),
    _i("chem_enterprises_inspected", "检查化工企业数", "家", "special", 1),
    _i("chem_major_hazard_sources", "检查化工企业重大危险源数", "个", "special", 1),
    _i("chem_hazards_rectified", "危化品检查发现整改问题隐患数", "条", "special", 1),
    _i("chem_projects_reviewed", "危化品建设项目安全审查数", "个", "special", 1),
    _i("mine_check_items", "矿山检查内容项数", "项", "special", 1),
    _i("mine_hazards_found", "矿山检查发现问题隐患数", "项", "special", 1),
    _i("risk_reports", "工业企业风险报告数", "家", "special", 1),
    _i("dust_enterprises_inspected", "粉尘企业执法检查数", "家", "special", 1),
    _i("steel_gas_treatment_rate", "钢铁企业煤气专项治理率", "%", "special", 1, 1, "none"),
    _i("metal_major_hazard_treatment_rate", "其他金属冶炼企业重大隐患治理率", "%", "special", 1, 1, "none"),
    _i("warning_letters", "警示提示函", "份", "special", 1),
    _i("monitored_mines", "24小时监控非煤矿山数", "座", "special", 1, aggregation="none"),
    _i("monitored_tailings_ponds", "24小时监控尾矿库数", "座", "special", 1, aggregation="none"),
    _i("monitored_chem_enterprises", "24小时监控危化品企业数", "家", "special", 1, aggregation="none"),
    _i("monitored_major_hazard_sources", "24小时监控危险化学品重大危险源数", "个", "special", 1, aggregation="none"),
    _i("towns_basic_capacity", "推进“1+3+5”建设镇街园区数", "个", "special", 1, aggregation="none"),
    # 3 应急救援与防灾减灾
    _i("disasters_handled", "处置灾害事故起数", "起", "emergency", 1, aliases=("处置灾害事故",)),
    _i("rescue_teams", "应急救援队伍数", "支", "emergency", 1, aggregation="none", aliases=("救援队伍",)),
    _i("rescue_team_types", "专业救援突击队类别", "类", "emergency", 1, aggregation="none"),
    _i("support_team_types", "保障队类别", "类", "emergency", 1, aggregation="none"),
    _i("plans_revised", "市级专项预案修订数", "个", "emergency", 1, aliases=("预案修订数",)),
    _i("drills", "推演演习场次", "场次", "emergency", 1, monthly=True, aliases=("应急演练场次", "演练场次")),
    _i("drill_participants", "直接参演人数", "人", "emergency", 1, monthly=True, aliases=("参演人数",)),
    _i("disaster_committee_new_members", "减灾委新增成员单位数", "家", "emergency", 1),
    _i("weather_notices", "气象灾害应对工作提示单", "份", "emergency", 1),
    _i("disaster_officers_trained", "灾害信息员培训人数", "名", "emergency", 1, aliases=("灾害信息员",)),
    # 4 执法检查与隐患治理
    _i("cooperation_opinions", "检察监督与行政执法协作意见项数", "项", "legal", 4),
    _i(
        "enterprises_inspected",
        "执法检查企业数",
        "家",
        "enforcement",
        4,
        aggregation="distinct",
        monthly=True,
        aliases=("检查企业数", "执法检查企业"),
    ),
    _i("inspection_visits", "检查家次", "家次", "enforcement", 4, monthly=True, aliases=("执法检查家次", "检查次数")),
    _i("penalty_cases", "行政处罚案件数", "件", "enforcement", 4, monthly=True, aliases=("行政处罚立案数", "立案数")),
    _i("penalty_amount", "罚没款金额", "万元", "enforcement", 4, monthly=True, aliases=("罚没款", "罚没金额")),
    _i(
        "hazards_found",
        "排查隐患数",
        "条",
        "enforcement",
        4,
        monthly=True,
        aliases=("排查问题隐患数", "隐患数", "问题隐患"),
    ),
    _i(
        "general_hazards",
        "一般隐患数",
        "条",
        "enforcement",
        4,
        parent="hazards_found",
        monthly=True,
        aliases=("一般隐患",),
    ),
    _i(
        "major_hazards",
        "重大隐患数",
        "条",
        "enforcement",
        4,
        parent="hazards_found",
        monthly=True,
        aliases=("重大隐患",),
    ),
    _i(
        "hazards_rectified",
        "整改隐患数",
        "条",
        "enforcement",
        4,
        1,
        parent="hazards_found",
        monthly=True,
        aliases=("隐患整改数", "已整改隐患数"),
    ),
    _i("hazard_rectification_rate", "隐患整改率", "%", "enforcement", 4, 1, "none", aliases=("整改率",)),
    _i("online_approval_rate", "申请审批网上可办率", "%", "enforcement", 1, 1, "none"),
    _i(
        "approval_time_cut", "审批事项压缩审批时限比例", "%", "enforcement", 1, 1, "none", aliases=("审批时限压缩比例",)
    ),
    # 5 法治监督与制度建设
    _i("public_lawyers", "申请公职律师人数", "名", "legal", 3, aggregation="none"),
    _i("legal_advisers", "外聘法律顾问人数", "名", "legal", 3, aggregation="none"),
    _i("documents_advised", "法律顾问审查文件数", "份", "legal", 3),
    _i("legal_opinions", "法律顾问提出意见建议数", "条", "legal", 3),
    _i("fair_competition_reviewed", "清理公平竞争审查文件数", "份", "legal", 3),
    _i("fair_competition_kept", "公平竞争审查保留文件数", "份", "legal", 3, parent="fair_competition_reviewed"),
    _i("fair_competition_repealed", "公平竞争审查废止文件数", "份", "legal", 3, parent="fair_competition_reviewed"),
    # Documents issued "2012 年以来", reviewed in 2022: counts since 2012, not of one year.
    _i(
        "documents_sorted",
        "梳理以局名义发布文件数",
        "份",
        "legal",
        3,
        aggregation="none",
        measure="cumulative",
        since=2012,
    ),
    _i(
        "normative_documents",
        "规范性文件数",
        "份",
        "legal",
        3,
        aggregation="none",
        parent="documents_sorted",
        measure="cumulative",
        since=2012,
    ),
    _i(
        "normative_documents_repealed",
        "废止规范性文件数",
        "份",
        "legal",
        3,
        aggregation="none",
        parent="normative_documents",
        measure="cumulative",
        since=2012,
    ),
    _i(
        "normative_documents_kept",
        "保留规范性文件数",
        "份",
        "legal",
        3,
        aggregation="none",
        parent="normative_documents",
        measure="cumulative",
        since=2012,
    ),
    _i("penalty_files_reviewed", "审核重大行政处罚案卷数", "件次", "legal", 5),
    _i("legal_review_opinions", "提出法制审核意见数", "条", "legal", 5),
    _i("collective_discussions", "行政处罚案件集体讨论数", "件次", "legal", 5),
    _i("exposure_batches", "曝光典型案例批次", "批次", "legal", 5),
    _i("exposed_cases", "曝光典型案例和违法行为数", "起", "legal", 5),
    _i("npc_suggestions", "承办市人大建议数", "件", "legal", 5),
    _i("npc_suggestions_led", "主办市人大建议数", "件", "legal", 5, parent="npc_suggestions"),
    _i("npc_suggestions_assisted", "协办市人大建议数", "件", "legal", 5, parent="npc_suggestions"),
    _i("cppcc_proposals", "承办市政协提案数", "件", "legal", 5),
    _i("cppcc_proposals_led", "主办市政协提案数", "件", "legal", 5, parent="cppcc_proposals"),
    _i("cppcc_proposals_assisted", "协办市政协提案数", "件", "legal", 5, parent="cppcc_proposals"),
    _i("hotline_orders", "办理12345工单数", "件", "legal", 5, monthly=True, aliases=("12345工单", "12345工单数")),
    _i("hotline_timely_rate", "12345工单及时办理率", "%", "legal", 5, 1, "none"),
    _i("hotline_satisfaction_rate", "12345工单满意度", "%", "legal", 5, 1, "none"),
    # "目前" (at the report's date), in part 三 of the report.
    _i("legal_institutions", "专职法制机构数", "个", "legal", 8, aggregation="none", measure="stock"),
    # 6 信访举报
    _i(
        "complaints_received",
        "接收安全生产举报件数",
        "件次",
        "complaints",
        6,
        monthly=True,
        aliases=("举报件数", "接收举报件"),
    ),
    _i("complaints_verified", "核实举报件数", "件", "complaints", 6, monthly=True, aliases=("核实件数",)),
    _i("rewards_granted", "奖励发放件数", "件", "complaints", 6, monthly=True, aliases=("奖励件数",)),
    _i("reward_amount", "发放奖励金", "元", "complaints", 6, monthly=True, aliases=("奖励金", "奖励金额")),
    _i("real_name_verification_rate", "实名举报案件核查率", "%", "complaints", 6, 1, "none"),
    _i("reconsideration_cases", "被行政复议案件数", "起", "complaints", 6, aliases=("行政复议案件数",)),
    _i(
        "reconsideration_upheld",
        "行政复议决定维持案件数",
        "起",
        "complaints",
        6,
        1,
        parent="reconsideration_cases",
        aliases=("行政复议维持数",),
    ),
    # 7 宣传培训
    _i("enforcement_training_batches", "执法人员参加全省执法培训批次", "批次", "publicity", 7),
    _i("enforcement_staff_trained", "执法人员参加全省执法培训人数", "名", "publicity", 7),
    _i("captain_lecture_sessions", "“以讲促学大队长讲堂”培训期数", "期", "publicity", 7),
    _i("town_cadres_trained", "乡镇干部专题培训人数", "名", "publicity", 7),
    _i("special_operators_trained", "特种作业人员培训考核人数", "名", "publicity", 7),
    _i("managers_trained", "生产经营单位负责人和安全管理人员培训考核人数", "名", "publicity", 7),
    _i("law_booklets", "发放《安全生产法》等册数", "册", "publicity", 7),
    _i("posters", "发放挂图海报数", "份", "publicity", 7),
    _i("leaflets", "发放宣传折页数", "份", "publicity", 7),
    _i("news_reports", "报纸电视台安全生产新闻报道数", "条", "publicity", 7),
    _i("newspaper_special_pages", "连云港日报专版数", "个", "publicity", 7),
    _i("tv_special_episodes", "电视台专集数", "个", "publicity", 7),
    _i("online_posts", "编发普法动态和安全防范信息数", "条", "publicity", 7),
    _i("lectures", "集中宣讲场次", "场", "publicity", 7),
    _i("lecture_enterprises", "宣讲覆盖企业数", "家", "publicity", 7),
    _i("lecture_employees", "宣讲覆盖企业员工数", "名", "publicity", 7),
)
INDICATORS = {i.code: i for i in INDICATOR_LIST}


def indicators_of_topic(topic: str) -> list[Indicator]:
    """Indicators shown on one dashboard page, in catalog order (a statement is not shown: the
    headline words it).

    >>> "double_decline" in [i.code for i in indicators_of_topic("accidents")]
    False
    """
    return [i for i in INDICATOR_LIST if i.topic == topic and i.measure != "statement"]


# --- qualifiers, status, origin --------------------------------------------------------

# A value's qualifier exactly as printed: "" exact, 余/多 at least, 约 about, 以上 at least and
# 以下 at most (一半以上; an import file may write ≥ / ≤ for them).
QUALIFIERS = ("", "余", "多", "约", "以上", "以下")
QUALIFIER_LABELS = {
    "": "准确数",
    "余": "余（不少于）",
    "多": "多（不少于）",
    "约": "约（近似）",
    "以上": "以上（不少于）",
    "以下": "以下（不多于）",
}
APPROXIMATE_QUALIFIERS = frozenset({"余", "多", "约", "以上", "以下"})
# Qualifiers written after the unit (50%以上, 10人以下); 余/多 go before it (200余条).
QUALIFIERS_AFTER_UNIT = frozenset({"以上", "以下"})
# Signs an import file may write before a number for a qualifier.
QUALIFIER_SIGNS = {"≥": "以上", ">=": "以上", "≤": "以下", "<=": "以下"}

STATUS_LABELS = {"final": "正式数", "provisional": "快报数（待核）"}
ORIGIN_LABELS = {
    "report": "2022年度法治政府工作报告（连应急〔2023〕8号）",
    "derived": "由报告同比降幅推算",
    "import": "导入文件",
    "demo": "示例数据（合成）",
    "ledger": "事故台账",  # figures counted from accident records (never an observation's origin)
    "hazard_ledger": "隐患台账",  # figures counted from hazard records
    "inspection_ledger": "检查记录和行政处罚案件台账",  # figures counted from those two ledgers
    "control_targets": "控制指标",  # a region's annual cap (control_target), with its file
}
SOURCE_REPORT_TITLE = "连云港市应急管理局2022年度法治政府工作报告（连应急〔2023〕8号）"
REPORT_DATE = "2023-01-09"

# --- phrases ---------------------------------------------------------------------------

COMPARISON_LABELS = {"yoy": "同比", "mom": "环比", "prev2": "比前年", "avg5": "比近五年同期平均"}
SIDEBAR_COMPARISONS = ("yoy", "mom", "prev2", "avg5")
"""The comparisons the sidebar offers (every page computes them)."""
COMPARISON_SPAN_LABELS = {"avg5": "{first}–{last}年{span}平均"}
"""How a comparison of several spans is named where one span's label would stand (a card's
上年同期 line, a chart's bar): the five years' mean."""
PREVIOUS_ZERO = {"yoy": "上年同期为0", "mom": "上期为0", "prev2": "前年同期为0", "avg5": "近五年同期平均为0"}
PREVIOUS_MISSING = {"avg5": "近五年同期数据不全（{count}/5年）"}
PHRASES = {
    "target_source": "控制指标文件：{file}",
    "targets_not_summed": "{region}{indicator}控制数为{own}，{count}个下辖地区控制数合计为{parts}，两者不一致（下辖地区控制数不必相加等于上级）",
    "up": "上升",
    "down": "下降",
    "flat": "持平",
    "increase": "增加",
    "decrease": "减少",
    "no_change": "无变化",
    "no_previous": "无可比数据",
    "previous_zero": "上年同期为0",
    "approximate": "（近似）",
    "provisional": "（含快报数）",
    "derived": "（推算）",
    "synthetic": "示例数据",
    "double_decline": "双下降",
    "not_double_decline": "未实现双下降",
    "missing": "—",
    "mismatch": "{region}数据与下辖地区合计不一致：{stored} ≠ {children}",
    "partial_children": "下辖地区数据不全（{have}/{total}）",
    "distinct_not_summed": (
        "{name}为不重复计数（同一企业检查多次只计一次），不能由各月或各地区的数据相加得出：{region}{period}"
        "须报送该时段的合计数，或导入检查记录统计"
    ),
    "distinct_from_ledger": "检查记录台账统计（不重复企业数；未报送该时段的合计数）",
    "summed_months": "由月度数据累计",
    "summed_children": "由下辖地区数据汇总",
    "stored": "直接填报",
    "mom_not_applicable": "跨年累计期间不计算环比",
    "source_prefix": "数据来源：",
}

# --- county data import ------------------------------------------------------------------

# Column headers an import file may use (Chinese or English, compared after NFKC, case- and
# space-insensitively). Long shape: region, indicator, period, value [, note];
# wide shape: region, period, then one column per indicator (its name or an alias).
IMPORT_COLUMNS = {
    "region": ("地区", "区域", "县区", "地区名称", "region", "area", "county", "district"),
    "indicator": ("指标", "指标名称", "统计指标", "项目", "indicator", "item", "metric"),
    "period": ("期间", "时间", "统计期间", "月份", "年月", "日期", "period", "month", "date", "time"),
    "value": ("数值", "数据", "数量", "值", "value", "amount", "count"),
    "note": ("备注", "说明", "note", "notes", "remark", "remarks", "comment"),
}
IMPORT_COLUMN_LABELS = {"region": "地区", "indicator": "指标", "period": "期间", "value": "数值", "note": "备注"}
IMPORT_SHAPE_SHORT = {
    "long": "长表",
    "wide": "宽表",
    "accidents": "事故台账",
    "hazards": "隐患台账",
    "inspections": "检查记录",
    "cases": "行政处罚案件",
}
IMPORT_SHAPE_LABELS = {
    "long": "长表（地区、指标、期间、数值）",
    "wide": "宽表（地区、期间、各指标一列）",
    "accidents": "事故台账（每起事故一行：发生时间、地区、行业领域、事故类别、伤亡和损失）",
    "hazards": "隐患台账（每条隐患一行：企业名称、地区、隐患级别、隐患描述、发现日期、整改期限、整改完成日期）",
    "inspections": "检查记录（每次执法检查一行：检查日期、地区、企业名称、检查方式、发现隐患数）",
    "cases": "行政处罚案件（每件案件一行：案件编号、立案日期、地区、当事人、案件来源、违法行为、处罚种类、罚没金额）",
}
IMPORT_ENCODING_LABELS = {
    "utf-8": "UTF-8",
    "utf-8-sig": "UTF-8（带BOM）",
    "gbk": "GBK",
    "gb18030": "GB18030",
    "utf-16": "UTF-16",
    "xlsx": "Excel（xlsx）",
}
# Units written after a number that mean the same as the indicator's unit.
UNIT_SYNONYMS = {
    "人": ("名", "人次"),
    "名": ("人",),
    "件": ("件次",),
    "件次": ("件",),
    "场次": ("场",),
    "场": ("场次",),
}
# Cells in a wide file that mean "not reported" (skipped, not an error).
BLANK_CELLS = ("", "-", "—", "－", "/", "／", "--", "——")

# The problems table (row, column, value, problem, hint) and the changes table.
PROBLEM_COLUMNS = {"row": "行号", "column": "列", "value": "内容", "problem": "问题", "hint": "提示"}
CHANGE_COLUMNS = {
    "change": "变化",
    "region_name": "地区",
    "indicator_name": "指标",
    "period_label": "期间",
    "old": "原值",
    "new": "新值",
    "source_row": "行号",
}
CHANGE_LABELS = {"new": "新增", "changed": "修改", "unchanged": "未变"}

# Each problem: (Chinese for the page, English for the CLI).
IMPORT_PROBLEMS = {
    "unknown_region": ("地区名称无法识别", "unknown region"),
    "unknown_indicator": ("指标名称无法识别", "unknown indicator"),
    "unknown_column": ("列名无法识别（不是已知的指标或列）", "unknown column (not an indicator or known column)"),
    "duplicate_column": ("列重复", "column appears twice"),
    "bad_period": (
        "期间无法识别（可写2022、2022-11、2022-01..2022-11、2022年11月、2022年1-11月）",
        "not a period (write 2022, 2022-11, 2022-01..2022-11, 2022年11月 or 2022年1-11月)",
    ),
    "missing_region": ("缺少地区", "region is empty"),
    "missing_indicator": ("缺少指标", "indicator is empty"),
    "missing_period": ("缺少期间", "period is empty"),
    "missing_value": ("缺少数值", "value is empty"),
    "bad_value": ("数值无法识别（应为数字，可带千分位、单位、余/多/约/以上/以下）", "not a number"),
    "bad_unit": ("单位与指标不符", "unit does not match the indicator's unit"),
    "negative": ("数值不能为负数", "negative value"),
    "over_100": ("百分比不能超过100", "percentage over 100"),
    "conflict": (
        "同一地区、指标、期间有多行且数值不同",
        "same region, indicator and period given twice with different values",
    ),
    "outside_region": ("不属于本账号可填报的地区", "region outside the account's own region"),
    # ledgers (one row per record: accidents, …)
    "missing_column": ("表头缺少必需的列", "a required column is missing"),
    "ledger_unknown_column": (
        "列名无法识别且该列有内容（请删除该列或改用模板中的列名）",
        "unknown column with content (delete it or use a column name of the template)",
    ),
    "required_empty": ("必填项为空", "a required cell is empty"),
    "bad_datetime": (
        "发生时间无法识别（可写2022-03-05 14:30、2022/3/5、2022.3.5、2022年3月5日14时30分或Excel日期）",
        "not a date and time (write 2022-03-05 14:30, 2022/3/5, 2022.3.5, 2022年3月5日14时30分 or an Excel date)",
    ),
    "region_not_local": (
        "事故地区应为县区、功能区或镇街，不能填全市",
        "an accident's region is a county, district, zone or town, not the whole city",
    ),
    "region_not_local_province": (  # a province's store (store.add_province)
        "事故地区应为县区、功能区或镇街，不能填全省或设区市整体",
        "an accident's region is a county, district, zone or town, not the province or a city as a whole",
    ),
    "unknown_sector": ("行业领域无法识别", "unknown sector"),
    "unknown_industry": (
        "国民经济行业无法识别（应为GB/T 4754-2017的门类字母、大类两位代码或名称）",
        "unknown industry (a GB/T 4754-2017 section letter, two-digit division code or their name)",
    ),
    "unknown_accident_type": (
        "事故类别无法识别（应为GB 6441-86的20类之一，名称或两位代码）",
        "unknown accident type (one of the 20 classes of GB 6441-86, by name or two-digit code)",
    ),
    "bad_count": ("人数应为整数", "not a whole number"),
    "negative_count": ("人数不能为负数", "negative count"),
    "bad_loss": ("直接经济损失应为数字", "the direct loss is not a number"),
    "negative_loss": ("直接经济损失不能为负数", "negative direct loss"),
    "serious_over_injuries": (
        "重伤人数多于受伤人数（受伤人数应含重伤人数）",
        "more seriously injured than injured (the injured include the seriously injured)",
    ),
    "bad_credit_code": (
        "统一社会信用代码无效（应为18位，末位校验码符合GB 32100）",
        "invalid unified social credit code (18 characters, the last one GB 32100's check character)",
    ),
    "unknown_grade": ("事故等级无法识别（一般、较大、重大、特别重大）", "unknown grade"),
    "grade_mismatch": (
        "事故等级与按伤亡和损失核定的等级不符",
        "the grade differs from the one its casualties and loss give",
    ),
    "unknown_status": ("统计状态无法识别（计入或核销）", "unknown status (计入 counted or 核销 written off)"),
    "missing_write_off_reason": ("核销的记录须填写核销原因", "a written-off record needs a reason"),
    "duplicate_record": ("同一记录在文件中出现多次", "the same record appears more than once in the file"),
    # control targets (控制指标)
    "bad_year": ("年度无法识别（应为四位年份，如2022）", "not a year (four digits, e.g. 2022)"),
    "not_a_target_indicator": (
        "该指标不能设控制数（可设：事故起数、死亡人数、较大及以上事故起数、工矿商贸死亡人数、道路运输死亡人数）",
        "not an indicator with a control target (事故起数, 死亡人数, 较大及以上事故起数, 工矿商贸死亡人数, 道路运输死亡人数)",
    ),
    "duplicate_target": (
        "同一地区、年度、指标的控制数出现多次",
        "the same region, year and indicator's target appears more than once",
    ),
    # the hazard ledger (隐患台账)
    "bad_date": (
        "日期无法识别（可写2022-03-05、2022/3/5、2022.3.5、2022年3月5日或Excel日期）",
        "not a date (write 2022-03-05, 2022/3/5, 2022.3.5, 2022年3月5日 or an Excel date)",
    ),
    "hazard_region_not_local": (
        "隐患所在地区应为县区、功能区或镇街，不能填全市",
        "a hazard's region is a county, district, zone or town, not the whole city",
    ),
    "hazard_region_not_local_province": (  # a province's store (store.add_province)
        "隐患所在地区应为县区、功能区或镇街，不能填全省或设区市整体",
        "a hazard's region is a county, district, zone or town, not the province or a city as a whole",
    ),
    "unknown_hazard_level": ("隐患级别无法识别（一般或重大）", "unknown hazard level (一般 general or 重大 major)"),
    "unknown_hazard_source": (
        "隐患来源无法识别（企业自查、执法检查、第三方服务、群众举报、其他）",
        "unknown hazard source",
    ),
    "unknown_supervision": ("挂牌督办无法识别（无、县级、市级、省级）", "unknown supervision (无, 县级, 市级, 省级)"),
    "deadline_required": ("重大隐患须填写整改期限", "a major hazard needs a rectification deadline"),
    "before_discovery": ("日期早于发现日期", "the date is before the hazard was found"),
    "accepted_before_rectified": (
        "验收日期早于整改完成日期（或未填整改完成日期）",
        "accepted before it was rectified (or with no rectification date)",
    ),
    "bad_funds": ("整改资金应为数字", "the rectification funds are not a number"),
    "negative_funds": ("整改资金不能为负数", "negative rectification funds"),
    # the inspection ledger (检查记录)
    "inspection_region_not_local": (
        "被检查企业所在地区应为县区、功能区或镇街，不能填全市",
        "an inspected enterprise's region is a county, district, zone or town, not the whole city",
    ),
    "inspection_region_not_local_province": (  # a province's store (store.add_province)
        "被检查企业所在地区应为县区、功能区或镇街，不能填全省或设区市整体",
        "an inspected enterprise's region is a county, district, zone or town, not the province or a city as a whole",
    ),
    "unknown_inspection_method": (
        "检查方式无法识别（双随机、日常检查、专项检查、举报核查、事故调查、其他）",
        "unknown inspection method",
    ),
    "bad_number": ("应为整数", "not a whole number"),
    "negative_number": ("不能为负数", "a negative number"),
    "major_over_found": (
        "其中重大隐患数多于发现隐患数（发现隐患数应含重大隐患）",
        "more major hazards than hazards found (the hazards found include the major ones)",
    ),
    # the penalty case ledger (行政处罚案件)
    "case_region_not_local": (
        "案件所在地区应为县区、功能区或镇街，不能填全市",
        "a case's region is a county, district, zone or town, not the whole city",
    ),
    "case_region_not_local_province": (  # a province's store (store.add_province)
        "案件所在地区应为县区、功能区或镇街，不能填全省或设区市整体",
        "a case's region is a county, district, zone or town, not the province or a city as a whole",
    ),
    "unknown_case_source": (
        "案件来源无法识别（日常检查、双随机、举报、事故调查、移送、其他）",
        "unknown case source",
    ),
    "unknown_penalty_kind": (
        "处罚种类无法识别（警告、罚款、没收违法所得、责令停产停业、暂扣许可证、吊销许可证、关闭，多种用“、”或“；”分隔）",
        "unknown kind of penalty (several are separated by 、 or ;)",
    ),
    "bad_yes_no": ("应填“是”或“否”", "write 是 (yes) or 否 (no)"),
    "before_filing": ("日期早于立案日期", "the date is before the case was filed"),
    "bad_amount": ("金额应为数字（元）", "the amount is not a number (yuan)"),
    "negative_amount": ("金额不能为负数", "a negative amount"),
    "fine_without_kind": (
        "罚款金额大于0，但处罚种类中没有“罚款”",
        "a fine is given but 罚款 is not among the penalties",
    ),
    "confiscation_without_kind": (
        "没收金额大于0，但处罚种类中没有“没收违法所得”",
        "a confiscation is given but 没收违法所得 is not among the penalties",
    ),
    "transfer_date_without_transfer": (
        "填写了移送日期，但移送司法机关不是“是”",
        "a transfer date is given but the case was not transferred",
    ),
}
IMPORT_HINTS = {
    "nearest": "是否为：{names}",
    "unit": "应为{unit}",
    "conflict": "另见第{rows}行",
    "period_forms": "例如 2022-11 或 2022年1-11月",
    "scope": "本账号只能导入{region}及其镇街的数据",
    "column_names": "可写作：{names}",
    "datetime_forms": "例如 2022-03-05 14:30 或 2022年3月5日14时30分",
    "region_level": "请填写事故发生地所在的县区、功能区或镇街",
    "grade_derived": "核定为{grade}（死亡含失踪{deaths}人、重伤{serious}人、直接经济损失{loss}万元）",
    "injuries_given": "受伤人数为{injuries}",
    "check_character": "按前17位，校验码应为{char}",
    "credit_code_length": "应为18位，现为{length}位",
    "write_off_reason": "在“{column}”列说明核销原因",
    "unknown_column": "列名可写作：{names}",
    "date_forms": "例如 2022-03-05 或 2022年3月5日",
    "hazard_region_level": "请填写隐患所在的县区、功能区或镇街",
    "found_on": "发现日期为{date}",
    "rectified_on": "整改完成日期为{date}",
    "inspection_region_level": "请填写被检查企业所在的县区、功能区或镇街",
    "hazards_given": "发现隐患数为{hazards}",
    "case_region_level": "请填写案件所在的县区、功能区或镇街",
    "filed_on": "立案日期为{date}",
    "penalty_kinds": "处罚种类可写：{names}",
}

# Whole-file refusals: (Chinese, English), one sentence each.
IMPORT_REFUSALS = {
    "empty": ("文件是空的。", "The file is empty."),
    "too_large": (
        "文件超过{limit}MB，请拆分后分批导入。",
        "The file is larger than {limit} MB; split it and import the parts.",
    ),
    "binary": (
        "文件不是CSV或Excel（xlsx）表格，无法读取。",
        "The file is not a CSV or Excel (xlsx) table.",
    ),
    "xls": (
        "这是旧版Excel（.xls）文件，请在Excel中另存为 .xlsx 或 CSV 后再导入。",
        "This is an old Excel .xls file; save it as .xlsx or CSV and import that.",
    ),
    "encoding": (
        "无法识别文件编码（支持UTF-8和GBK/GB18030），请另存为“CSV UTF-8”后再导入。",
        "The file's text encoding is not UTF-8 or GBK/GB18030; save it as CSV UTF-8 and import that.",
    ),
    "no_header": (
        "没有找到表头：第一行应为“地区、指标、期间、数值”（长表）或“地区、期间”加各指标名称（宽表）。",
        "No header row found: the first row must name 地区/region, 指标/indicator, 期间/period, 数值/value "
        "(long shape) or 地区/region, 期间/period and indicator names (wide shape).",
    ),
    "missing_columns": ("表头缺少必需的列：{columns}。", "The header lacks required columns: {columns}."),
    "ragged": (
        "第{row}行的单元格数多于表头的列数，请检查是否有多余的逗号。",
        "Row {row} has more cells than the header; check for stray commas.",
    ),
    "no_rows": ("表格中没有数据行。", "The table has no data rows."),
    "nul": (
        "文件第{row}行含有空字符（NUL），不是正常的文本表格，请在Excel中另存为CSV后再导入。",
        "Line {row} of the file holds a NUL byte, so it is not a plain text table; save it as CSV again.",
    ),
    "cell_too_long": (
        "第{row}行第{column}列的单元格超过{limit}个字符（Excel单元格的上限），请检查该单元格。",
        "The cell in row {row}, column {column} is longer than {limit} characters (Excel's limit for a cell).",
    ),
    "line_too_long": (
        "第{row}行超过{limit}个字符，不像表格中的一行，请检查文件。",
        "Line {row} is longer than {limit} characters; that is not a row of a table.",
    ),
    "too_many_columns": (
        "第{row}行在第{column}列还有内容，超过了{limit}列的上限。",
        "Row {row} has content in column {column}, beyond the limit of {limit} columns.",
    ),
    "too_many_rows": (
        "文件在第{row}行超过了{limit}行的上限，请拆分后分批导入。",
        "The file goes past the limit of {limit} rows at row {row}; split it and import the parts.",
    ),
    "too_many_cells": (
        "工作表到第{row}行为止已有超过{limit}个单元格（含空单元格），无法导入；请删除表格右侧多余的列后再导入。",
        "The sheet holds more than {limit} cells (empty ones included) by row {row}; "
        "delete the unused columns on the right and import it again.",
    ),
    "xlsx_too_many_parts": (
        "Excel文件由{count}个部件组成，超过{limit}个的上限（可能是恶意构造的文件），无法导入。",
        "The Excel file has {count} parts, over the limit of {limit} (a crafted file?).",
    ),
    "xlsx_part_too_large": (
        "Excel文件中的“{part}”解压后有{size}MB，超过{limit}MB的上限，无法导入。",
        "The Excel file's part {part} is {size} MB uncompressed, over the limit of {limit} MB.",
    ),
    "xlsx_ratio": (
        "Excel文件中的“{part}”压缩比为{ratio}倍，超过{limit}倍的上限（可能是恶意构造的文件），无法导入。",
        "The Excel file's part {part} expands {ratio} times, over the limit of {limit} times (a crafted file?).",
    ),
    "no_sheet": (
        "工作簿中没有名为“{sheet}”的工作表（现有：{sheets}）。",
        "The workbook has no sheet {sheet!r} (it has: {sheets}).",
    ),
    "problems": ("文件中有{count}处问题，未导入任何数据。", "The file has {count} problem(s); nothing was imported."),
    "no_ledger_header": (
        "没有找到事故台账的表头：应有“发生时间、地区、行业领域、事故类别”等列（可下载事故台账模板对照）。",
        "No accident ledger header found: the header must name 发生时间, 地区, 行业领域 and 事故类别 "
        "(occurred_at, region, sector, type).",
    ),
    "no_hazard_header": (
        "没有找到隐患台账的表头：应有“企业名称、地区、隐患级别、隐患描述、发现日期”等列（可下载隐患台账模板对照）。",
        "No hazard ledger header found: the header must name 企业名称, 地区, 隐患级别, 隐患描述 and 发现日期 "
        "(company, region, level, description, found_on).",
    ),
    "no_inspection_header": (
        "没有找到检查记录的表头：应有“检查日期、地区、企业名称、检查方式”等列（可下载检查记录模板对照）。",
        "No inspection ledger header found: the header must name 检查日期, 地区, 企业名称 and 检查方式 "
        "(inspected_on, region, company, method).",
    ),
    "no_case_header": (
        "没有找到行政处罚案件的表头：应有“案件编号、立案日期、地区、当事人、处罚种类”等列（可下载行政处罚案件模板对照）。",
        "No penalty case ledger header found: the header must name 案件编号, 立案日期, 地区, 当事人 and 处罚种类 "
        "(case_no, filed_on, region, party, penalties).",
    ),
    "replace_aggregate": (
        "“全量重报”只适用于台账（事故台账、隐患台账、检查记录、行政处罚案件），汇总表不能全量重报。",
        "--replace applies to ledgers only (accident, hazard, inspection and penalty case ledgers), not to "
        "aggregate tables.",
    ),
    "undo_unknown": ("没有编号为{batch}的导入批次。", "There is no import batch {batch}."),
    "undo_done": ("批次{batch}已于{when}撤销。", "Batch {batch} was already undone at {when}."),
    "undo_later": (
        "批次{batch}导入的数据已被之后的批次{later}修改，请先撤销批次{later}。",
        "Values of batch {batch} were changed since by batch {later}; undo batch {later} first.",
    ),
    "busy": ("数据库正忙，请稍后重试。", "The database is busy; try again in a minute."),
    "not_allowed": (
        "当前账号（{role}）无权导入或撤销数据。",
        "The account {user!r} ({role_en}) may not import or undo.",
    ),
    "undo_outside": (
        "批次{batch}含有{region}以外地区的数据，只有市级管理员可以撤销。",
        "Batch {batch} holds values of regions outside {region}; only an admin may undo it.",
    ),
}
IMPORT_SOURCE_TEXT = "导入文件《{file}》（批次{batch}）"  # the row is kept beside it (source_row)
CHANGE_LOG_COLUMNS = {
    "action": "操作",
    "indicator_code": "指标",
    "region_code": "地区",
    "year": "年",
    "start_month": "起始月",
    "end_month": "截止月",
    "old_value": "原值",
    "new_value": "新值",
    "changed_at": "时间",
    "changed_by": "操作人",
}
CHANGE_ACTION_LABELS = {"insert": "新增", "update": "修改"}
BATCH_STATUS_LABELS = {"applied": "已导入", "undone": "已撤销"}
BATCH_COLUMNS = {
    "id": "批次",
    "file_name": "文件",
    "created_at": "导入时间",
    "created_by": "导入人",
    "encoding": "编码",
    "shape": "表样",
    "rows_total": "数据行",
    "rows_new": "新增",
    "rows_changed": "修改",
    "rows_unchanged": "未变",
    "rows_retired": "移除",
    "status": "状态",
    "undone_at": "撤销时间",
    "undone_by": "撤销人",
}
IMPORT_PAGE = {
    "title": "数据导入",
    "history_title": "导入记录",
    "intro": "上传县区报送的CSV或Excel（xlsx）文件。先预览校验，确认无误后再导入；有任何问题时不会写入任何数据。",
    "uploader": "选择文件（CSV 或 xlsx）",
    "sheet": "工作表（留空为第一个）",
    "encoding": "编码",
    "shape": "表样",
    "rows": "数据行数",
    "values": "数值个数",
    "problems_title": "发现{count}处问题，请修改文件后重新上传（本文件不会导入任何数据）",
    "changes_title": "将新增{new}个、修改{changed}个数值，{unchanged}个与现有数据相同",
    "nothing_to_do": "文件中的数据与现有数据完全相同，无需导入。",
    "same_file": "同一文件已于{when}导入（批次{batch}）。",
    "confirm": "确认导入",
    "done": "导入完成：批次{batch}，新增{new}个、修改{changed}个数值。",
    "templates": "下载模板",
    "template_long": "长表模板",
    "template_wide": "宽表模板",
    "no_batches": "还没有导入记录。",
    "undo": "撤销批次",
    "undo_pick": "选择要撤销的批次",
    "undone": "批次{batch}已撤销，数据已恢复为导入前的状态。",
    "changes_of": "批次{batch}的变更明细",
    "ledger_undone": "本批次已撤销：它新增的记录已随撤销删除，它修改和移除的记录已恢复原样。下面是它当时所做的修改和移除。",
}

# --- importing an accident ledger (the 数据导入 page and the CLI) ---------------------------
IMPORT_KIND_LABELS = {
    "aggregate": "汇总表",
    "accidents": "事故台账",
    "hazards": "隐患台账",
    "inspections": "检查记录",
    "cases": "行政处罚案件",
}
IMPORT_KIND_LABELS_EN = {
    "aggregate": "aggregate table",
    "accidents": "accident ledger",
    "hazards": "hazard ledger",
    "inspections": "inspection ledger",
    "cases": "penalty case ledger",
}
# Which key a ledger's records are matched by on a re-send (the preview says it).
ACCIDENT_KEY_LABELS = {
    "record_no": "按“事故编号”识别记录",
    "composite": "按“发生时间（到分钟）+地区+事故单位”识别记录（文件未填写事故编号）",
}
ACCIDENT_KEY_LABELS_EN = {
    "record_no": "records keyed by 事故编号 (record number)",
    "composite": "records keyed by 发生时间 + 地区 + 事故单位 (time to the minute, region, unit)",
}
ACCIDENT_CHANGE_LABELS = {"new": "新增", "changed": "修改", "unchanged": "未变", "retired": "移除"}
# The preview's record tables (one per change kind).
ACCIDENT_PREVIEW_COLUMNS = {
    "source_row": "行号",
    "key": "记录标识",
    "fields": "变更内容",  # beside the key: what a change list is read for, not past the grid's edge
    "occurred_at": "发生时间",
    "region": "地区",
    "unit": "事故单位",
    "sector": "行业领域",
    "type": "事故类别",
    "deaths": "死亡",
    "injuries": "受伤",
    "direct_loss": "直接经济损失（万元）",
    "grade": "事故等级",
    "status": "统计状态",
}
ACCIDENT_FIELD_CHANGE = "{field}：{old} → {new}"  # one changed field of a 续报
ACCIDENT_FIELD_SEPARATOR = "；"
ACCIDENT_SCOPE_REGION_SEPARATOR = "、"
ACCIDENT_SCOPE_MONTH = "{year}年{month}月"
ACCIDENT_FIELD_EMPTY = "（空）"
ACCIDENT_RETIRED_FIELD = "已移除"  # the field a full re-send sets (and a record coming back clears)
ACCIDENT_RETIRED_NOTE = "全量重报的文件中没有此记录"
ACCIDENT_IMPORT_PAGE = {
    "kind": "文件类型",
    "records": "事故记录",
    "key_caption": "{shape} · 记录标识：{key}",
    "changes_title": "将新增{new}条、修改{changed}条、移除{retired}条事故记录，{unchanged}条与现有记录相同",
    "tab": "{label}（{count}）",
    "capped": "共{count}条，显示第{first}–{last}条",
    "page": "页码",
    "none": "没有此类记录。",
    "replace": "全量重报",
    "replace_help": (
        "勾选后，本文件视为所含地区（含下属镇街）在所选期间内的完整台账（期间默认为文件所跨月份，即最早到最晚发生时间所在月份；"
        "如文件为1—11月全量但某月没有事故，请选1—11月）：现有记录中本文件没有的将被移除（不再计入统计；可在导入记录中撤销）。"
        "不勾选时只新增和更新记录，不移除任何记录。"
    ),
    "replace_scope": "全量重报范围：{regions}，{start}至{end}",
    "replace_year": "全量重报期间：年份",
    "replace_months": "月份（默认为文件所跨月份）",
    "replace_month": "{month}月",
    "replace_two_years": "文件的记录跨两个年度，全量重报范围为文件所跨月份。",
    "nothing_to_do": "文件中的事故记录与现有记录完全相同，无需导入。",
    "done": "导入完成：批次{batch}，新增{new}条、修改{changed}条、移除{retired}条事故记录。",
    "template_ledger": "事故台账模板",
}
# The hazard ledger's import: its key, its preview's columns, and the page's texts that differ
# from the accident ledger's (``LEDGER_IMPORT_PAGE`` gives each ledger kind its whole set).
HAZARD_KEY_LABELS = {
    "record_no": "按“隐患编号”识别记录",
    "composite": "按“统一社会信用代码（未填写的按企业名称）+发现日期+隐患描述”识别记录（文件未填写隐患编号）",
}
HAZARD_KEY_LABELS_EN = {
    "record_no": "records keyed by 隐患编号 (hazard number)",
    "composite": "records keyed by 统一社会信用代码 or 企业名称 + 发现日期 + 隐患描述",
}
INSPECTION_KEY_LABELS = {
    "record_no": "按“检查编号”识别记录",
    "composite": "按“统一社会信用代码（未填写的按企业名称）+检查日期”识别记录（文件未填写检查编号）",
}
INSPECTION_KEY_LABELS_EN = {
    "record_no": "records keyed by 检查编号 (inspection number)",
    "composite": "records keyed by 统一社会信用代码 or 企业名称 + 检查日期",
}
CASE_KEY_LABELS = {"record_no": "按“案件编号”识别记录"}
CASE_KEY_LABELS_EN = {"record_no": "records keyed by 案件编号 (case number)"}
LEDGER_KEY_LABELS = {
    "accidents": ACCIDENT_KEY_LABELS,
    "hazards": HAZARD_KEY_LABELS,
    "inspections": INSPECTION_KEY_LABELS,
    "cases": CASE_KEY_LABELS,
}
LEDGER_KEY_LABELS_EN = {
    "accidents": ACCIDENT_KEY_LABELS_EN,
    "hazards": HAZARD_KEY_LABELS_EN,
    "inspections": INSPECTION_KEY_LABELS_EN,
    "cases": CASE_KEY_LABELS_EN,
}
HAZARD_PREVIEW_COLUMNS = {
    "source_row": "行号",
    "key": "记录标识",
    "fields": "变更内容",
    "cleared": "清空的日期",  # a date that was set and is sent empty: allowed, and named here
    "found_on": "发现日期",
    "region": "地区",
    "company": "企业名称",
    "level": "隐患级别",
    "description": "隐患描述",
    "deadline": "整改期限",
    "rectified_on": "整改完成日期",
    "accepted_on": "验收日期",
    "supervision": "挂牌督办",
}
HAZARD_IMPORT_PAGE = {
    **ACCIDENT_IMPORT_PAGE,
    "records": "隐患记录",
    "changes_title": "将新增{new}条、修改{changed}条、移除{retired}条隐患记录，{unchanged}条与现有记录相同",
    "replace_help": (
        "勾选后，本文件视为所含地区（含下属镇街）在所选期间内发现的全部隐患（期间默认为文件所跨月份，即最早到最晚发现日期所在月份）："
        "现有记录中本文件没有的将被移除（不再计入统计；可在导入记录中撤销）。不勾选时只新增和更新记录（如填写整改完成日期），不移除任何记录。"
    ),
    "nothing_to_do": "文件中的隐患记录与现有记录完全相同，无需导入。",
    "done": "导入完成：批次{batch}，新增{new}条、修改{changed}条、移除{retired}条隐患记录。",
    "template_ledger": "隐患台账模板",
    "cleared": "{count}条记录清空了原已填写的日期（如整改完成日期），请核实：导入后这些隐患将按未整改统计。见“修改”中的“清空的日期”列。",
}
INSPECTION_PREVIEW_COLUMNS = {
    "source_row": "行号",
    "key": "记录标识",
    "fields": "变更内容",
    "inspected_on": "检查日期",
    "region": "地区",
    "company": "企业名称",
    "method": "检查方式",
    "hazards": "发现隐患数",
    "major_hazards": "其中重大隐患数",
}
INSPECTION_IMPORT_PAGE = {
    **ACCIDENT_IMPORT_PAGE,
    "records": "检查记录",
    "changes_title": "将新增{new}条、修改{changed}条、移除{retired}条检查记录，{unchanged}条与现有记录相同",
    "replace_help": (
        "勾选后，本文件视为所含地区（含下属镇街）在所选期间内的全部执法检查（期间默认为文件所跨月份，即最早到最晚检查日期所在月份）："
        "现有记录中本文件没有的将被移除（不再计入统计；可在导入记录中撤销）。不勾选时只新增和更新记录，不移除任何记录。"
    ),
    "nothing_to_do": "文件中的检查记录与现有记录完全相同，无需导入。",
    "done": "导入完成：批次{batch}，新增{new}条、修改{changed}条、移除{retired}条检查记录。",
    "template_ledger": "检查记录模板",
}
CASE_PREVIEW_COLUMNS = {
    "source_row": "行号",
    "key": "记录标识",
    "fields": "变更内容",
    "filed_on": "立案日期",
    "region": "地区",
    "party": "当事人",
    "source": "案件来源",
    "penalties": "处罚种类",
    "fine": "罚款金额（元）",
    "closed_on": "结案日期",
    "transferred": "移送司法机关",
}
CASE_IMPORT_PAGE = {
    **ACCIDENT_IMPORT_PAGE,
    "records": "处罚案件",
    "changes_title": "将新增{new}件、修改{changed}件、移除{retired}件处罚案件，{unchanged}件与现有记录相同",
    "replace_help": (
        "勾选后，本文件视为所含地区（含下属镇街）在所选期间内立案的全部行政处罚案件（期间默认为文件所跨月份，即最早到最晚立案日期所在月份）："
        "现有记录中本文件没有的将被移除（不再计入统计；可在导入记录中撤销）。不勾选时只新增和更新案件（如填写结案日期），不移除任何案件。"
    ),
    "nothing_to_do": "文件中的处罚案件与现有记录完全相同，无需导入。",
    "done": "导入完成：批次{batch}，新增{new}件、修改{changed}件、移除{retired}件处罚案件。",
    "template_ledger": "行政处罚案件模板",
}
LEDGER_IMPORT_PAGE = {
    "accidents": ACCIDENT_IMPORT_PAGE,
    "hazards": HAZARD_IMPORT_PAGE,
    "inspections": INSPECTION_IMPORT_PAGE,
    "cases": CASE_IMPORT_PAGE,
}
LEDGER_SHAPES = tuple(LEDGER_IMPORT_PAGE)  # a batch of these shapes wrote ledger records, not values
# Progress of a long import: the phase and the rows done (the page's bar).
IMPORT_PROGRESS_PHASES = {"reading": "读取文件", "checking": "校验比对", "writing": "写入数据库"}
IMPORT_PROGRESS_TEXT = "{phase}：{done:,}/{total:,}行"
IMPORT_PROGRESS_TEXT_OPEN = "{phase}：已读{done:,}行"  # while the file's length is not known yet
# --- accident ledger (事故台账) -------------------------------------------------------------
# One row per accident, sent by the counties. Codes are English; names below are what files,
# pages and briefings say.

# GB 6441-86 企业职工伤亡事故分类: the 20 classes, two-digit codes in the standard's order.
ACCIDENT_TYPES = {
    "01": "物体打击",
    "02": "车辆伤害",
    "03": "机械伤害",
    "04": "起重伤害",
    "05": "触电",
    "06": "淹溺",
    "07": "灼烫",
    "08": "火灾",
    "09": "高处坠落",
    "10": "坍塌",
    "11": "冒顶片帮",
    "12": "透水",
    "13": "放炮",
    "14": "火药爆炸",
    "15": "瓦斯爆炸",
    "16": "锅炉爆炸",
    "17": "容器爆炸",
    "18": "其他爆炸",
    "19": "中毒和窒息",
    "20": "其他伤害",
}
# Other names people write for a class (compared after NFKC, case- and space-insensitively).
ACCIDENT_TYPE_ALIASES = {
    "高空坠落": "09",
    "坠落": "09",
    "爆破": "13",
    "放炮（爆破）": "13",
    "瓦斯煤尘爆炸": "15",
    "煤尘爆炸": "15",
    "压力容器爆炸": "17",
    "中毒窒息": "19",
    "中毒、窒息": "19",
    "中毒": "19",
    "窒息": "19",
    "溺水": "06",
    "淹溺事故": "06",
    "电击": "05",
    "烧伤": "07",
    "烫伤": "07",
    "交通事故": "02",
}

# 行业领域 of the 安全生产 statistics: the first seven make 工矿商贸.
ACCIDENT_SECTORS = {
    "coal": "煤矿",
    "metal_mine": "金属非金属矿山",
    "hazchem": "危险化学品",
    "fireworks": "烟花爆竹",
    "construction": "建筑业",
    "industry_trade": "工贸",
    "other_icm": "其他工矿商贸",
    "road": "道路运输",
    "water": "水上运输",
    "rail": "铁路运输",
    "aviation": "民航",
    "fishing": "渔业船舶",
    "farm_machinery": "农业机械",
    "fire": "火灾",
}
ACCIDENT_SECTOR_GROUPS = {
    "icm": ("工矿商贸", ("coal", "metal_mine", "hazchem", "fireworks", "construction", "industry_trade", "other_icm")),
}
ACCIDENT_SECTOR_ALIASES = {
    "煤炭": "coal",
    "煤矿企业": "coal",
    "煤炭开采": "coal",
    "非煤矿山": "metal_mine",
    "金属矿山": "metal_mine",
    "非金属矿山": "metal_mine",
    "金属非金属矿山企业": "metal_mine",
    "尾矿库": "metal_mine",
    "化工": "hazchem",
    "化工企业": "hazchem",
    "危化": "hazchem",
    "危化品": "hazchem",
    "危险化学品企业": "hazchem",
    "石油化工": "hazchem",
    "烟花": "fireworks",
    "花炮": "fireworks",
    "烟花爆竹企业": "fireworks",
    "建筑施工": "construction",
    "建筑": "construction",
    "建设工程": "construction",
    "房屋建筑": "construction",
    "房屋市政工程": "construction",
    "市政工程": "construction",
    "工贸企业": "industry_trade",
    "工贸行业": "industry_trade",
    "工商贸": "industry_trade",
    "冶金": "industry_trade",
    "有色": "industry_trade",
    "冶金有色": "industry_trade",
    "建材": "industry_trade",
    "机械": "industry_trade",
    "轻工": "industry_trade",
    "纺织": "industry_trade",
    "烟草": "industry_trade",
    "商贸": "industry_trade",
    "其他工矿商贸企业": "other_icm",
    "道路交通": "road",
    "道路": "road",
    "道路交通运输": "road",
    "公路运输": "road",
    "道路运输业": "road",
    "水上交通": "water",
    "水上": "water",
    "水路运输": "water",
    "水运": "water",
    "铁路交通": "rail",
    "铁路": "rail",
    "铁路运输业": "rail",
    "民用航空": "aviation",
    "航空": "aviation",
    "民航飞行": "aviation",
    "渔船": "fishing",
    "渔业": "fishing",
    "渔业船舶事故": "fishing",
    "农机": "farm_machinery",
    "农业机械事故": "farm_machinery",
    "消防": "fire",
    "火灾事故": "fire",
    "消防火灾": "fire",
}

# GB/T 4754-2017 国民经济行业分类: 门类 (letter → name, first and last 大类) and 大类 (two digits → name).
INDUSTRY_SECTIONS = {
    "A": ("农、林、牧、渔业", "01", "05"),
    "B": ("采矿业", "06", "12"),
    "C": ("制造业", "13", "43"),
    "D": ("电力、热力、燃气及水生产和供应业", "44", "46"),
    "E": ("建筑业", "47", "50"),
    "F": ("批发和零售业", "51", "52"),
    "G": ("交通运输、仓储和邮政业", "53", "60"),
    "H": ("住宿和餐饮业", "61", "62"),
    "I": ("信息传输、软件和信息技术服务业", "63", "65"),
    "J": ("金融业", "66", "69"),
    "K": ("房地产业", "70", "70"),
    "L": ("租赁和商务服务业", "71", "72"),
    "M": ("科学研究和技术服务业", "73", "75"),
    "N": ("水利、环境和公共设施管理业", "76", "79"),
    "O": ("居民服务、修理和其他服务业", "80", "82"),
    "P": ("教育", "83", "83"),
    "Q": ("卫生和社会工作", "84", "85"),
    "R": ("文化、体育和娱乐业", "86", "90"),
    "S": ("公共管理、社会保障和社会组织", "91", "96"),
    "T": ("国际组织", "97", "97"),
}
INDUSTRY_DIVISIONS = {
    "01": "农业",
    "02": "林业",
    "03": "畜牧业",
    "04": "渔业",
    "05": "农、林、牧、渔专业及辅助性活动",
    "06": "煤炭开采和洗选业",
    "07": "石油和天然气开采业",
    "08": "黑色金属矿采选业",
    "09": "有色金属矿采选业",
    "10": "非金属矿采选业",
    "11": "开采专业及辅助性活动",
    "12": "其他采矿业",
    "13": "农副食品加工业",
    "14": "食品制造业",
    "15": "酒、饮料和精制茶制造业",
    "16": "烟草制品业",
    "17": "纺织业",
    "18": "纺织服装、服饰业",
    "19": "皮革、毛皮、羽毛及其制品和制鞋业",
    "20": "木材加工和木、竹、藤、棕、草制品业",
    "21": "家具制造业",
    "22": "造纸和纸制品业",
    "23": "印刷和记录媒介复制业",
    "24": "文教、工美、体育和娱乐用品制造业",
    "25": "石油、煤炭及其他燃料加工业",
    "26": "化学原料和化学制品制造业",
    "27": "医药制造业",
    "28": "化学纤维制造业",
    "29": "橡胶和塑料制品业",
    "30": "非金属矿物制品业",
    "31": "黑色金属冶炼和压延加工业",
    "32": "有色金属冶炼和压延加工业",
    "33": "金属制品业",
    "34": "通用设备制造业",
    "35": "专用设备制造业",
    "36": "汽车制造业",
    "37": "铁路、船舶、航空航天和其他运输设备制造业",
    "38": "电气机械和器材制造业",
    "39": "计算机、通信和其他电子设备制造业",
    "40": "仪器仪表制造业",
    "41": "其他制造业",
    "42": "废弃资源综合利用业",
    "43": "金属制品、机械和设备修理业",
    "44": "电力、热力生产和供应业",
    "45": "燃气生产和供应业",
    "46": "水的生产和供应业",
    "47": "房屋建筑业",
    "48": "土木工程建筑业",
    "49": "建筑安装业",
    "50": "建筑装饰、装修和其他建筑业",
    "51": "批发业",
    "52": "零售业",
    "53": "铁路运输业",
    "54": "道路运输业",
    "55": "水上运输业",
    "56": "航空运输业",
    "57": "管道运输业",
    "58": "多式联运和运输代理业",
    "59": "装卸搬运和仓储业",
    "60": "邮政业",
    "61": "住宿业",
    "62": "餐饮业",
    "63": "电信、广播电视和卫星传输服务",
    "64": "互联网和相关服务",
    "65": "软件和信息技术服务业",
    "66": "货币金融服务",
    "67": "资本市场服务",
    "68": "保险业",
    "69": "其他金融业",
    "70": "房地产业",
    "71": "租赁业",
    "72": "商务服务业",
    "73": "研究和试验发展",
    "74": "专业技术服务业",
    "75": "科技推广和应用服务业",
    "76": "水利管理业",
    "77": "生态保护和环境治理业",
    "78": "公共设施管理业",
    "79": "土地管理业",
    "80": "居民服务业",
    "81": "机动车、电子产品和日用产品修理业",
    "82": "其他服务业",
    "83": "教育",
    "84": "卫生",
    "85": "社会工作",
    "86": "新闻和出版业",
    "87": "广播、电视、电影和录音制作业",
    "88": "文化艺术业",
    "89": "体育",
    "90": "娱乐业",
    "91": "中国共产党机关",
    "92": "国家机构",
    "93": "人民政协、民主党派",
    "94": "社会保障",
    "95": "群众团体、社会团体和其他成员组织",
    "96": "基层群众自治组织及其他组织",
    "97": "国际组织",
}

# 生产安全事故报告和调查处理条例 第三条: grades from the least to the most serious, and the lower
# bounds of each above 一般 (deaths counting the missing, seriously injured, direct loss in 万元);
# a record reaching any one bound has that grade ("以上" includes the bound).
ACCIDENT_GRADES = {"general": "一般", "larger": "较大", "major": "重大", "especially_major": "特别重大"}
ACCIDENT_GRADE_THRESHOLDS = (
    # (grade, deaths incl. missing, seriously injured, direct loss 万元), most serious first
    ("especially_major", 30, 100, 10000),
    ("major", 10, 50, 5000),
    ("larger", 3, 10, 1000),
)
ACCIDENT_GRADE_ALIASES = {
    "一般事故": "general",
    "较大事故": "larger",
    "重大事故": "major",
    "特别重大事故": "especially_major",
    "特大": "especially_major",
}
ACCIDENT_GRADE_RULE = "死亡（含失踪）{deaths}人以上，或重伤{serious}人以上，或直接经济损失{loss}万元以上"
ACCIDENT_GRADE_RULE_GENERAL = "未达到较大事故的任一标准"

# 统计状态: a written-off record (核销) is kept and shown but never counted.
ACCIDENT_STATUSES = {"counted": "计入", "written_off": "核销"}
ACCIDENT_STATUS_ALIASES = {
    "计入统计": "counted",
    "统计": "counted",
    "正常": "counted",
    "已核销": "written_off",
    "核销事故": "written_off",
    "不计入": "written_off",
    "不计入统计": "written_off",
    "written off": "written_off",
}

# The ledger's columns: the first name is the template's; English names are accepted too.
# Direct loss in 元 is divided by 10,000 (the store keeps 万元).
ACCIDENT_COLUMNS = {
    "record_no": ("事故编号", "记录编号", "台账编号", "record_no", "record no", "accident_no", "record_id"),
    "occurred_at": (
        "发生时间",
        "事故发生时间",
        "发生日期",
        "事故发生日期",
        "事故时间",
        "时间",
        "日期",
        "occurred_at",
        "occurred",
        "datetime",
        "date",
        "time",
    ),
    "region": ("地区", "区域", "县区", "所属地区", "事故地区", "发生地区", "地区名称", "region", "area", "county"),
    "unit": (
        "事故单位",
        "事故发生单位",
        "发生单位",
        "单位名称",
        "企业名称",
        "事故企业",
        "unit",
        "company",
        "enterprise",
    ),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "credit code", "uscc"),
    "sector": ("行业领域", "行业", "领域", "事故行业", "所属行业领域", "sector"),
    "industry": ("国民经济行业", "国民经济行业分类", "行业分类", "行业代码", "industry", "industry_code"),
    "type": ("事故类别", "事故类型", "伤害类别", "类别", "类型", "type", "accident_type", "category"),
    "deaths": ("死亡人数", "死亡", "死亡人数（人）", "deaths", "dead"),
    "missing": ("失踪人数", "失踪", "失踪人数（人）", "missing"),
    "serious_injuries": ("重伤人数", "重伤", "重伤人数（人）", "serious_injuries", "seriously_injured"),
    "injuries": ("受伤人数", "受伤", "受伤人数（人）", "injuries", "injured"),
    "direct_loss": (
        "直接经济损失（万元）",
        "直接经济损失",
        "经济损失（万元）",
        "直接损失（万元）",
        "direct_loss",
        "direct_loss_wan",
        "direct loss",
    ),
    "direct_loss_yuan": ("直接经济损失（元）", "经济损失（元）", "直接损失（元）", "direct_loss_yuan"),
    "grade": ("事故等级", "等级", "事故级别", "grade", "level"),
    "status": ("统计状态", "状态", "是否计入", "status"),
    "write_off_reason": ("核销原因", "核销理由", "核销说明", "write_off_reason", "write-off reason"),
    "summary": ("简要经过", "事故简要经过", "事故经过", "简要情况", "事故概况", "summary", "description"),
    "ignore": ("序号", "no", "no.", "#"),
}
ACCIDENT_COLUMN_LABELS = {role: names[0] for role, names in ACCIDENT_COLUMNS.items() if role != "ignore"}
ACCIDENT_REQUIRED_COLUMNS = ("occurred_at", "region", "sector", "type")
ACCIDENT_COLUMN_NUMBER = "第{number}列"  # a column with content but no header text

# The ledger template: two example rows (their names must read back without problems).
ACCIDENT_TEMPLATE_ROWS = (
    {
        "record_no": "GY2022-001",
        "occurred_at": "2022-03-05 14:30",
        "region": "灌云县",
        "unit": "示例建设工程有限公司",
        "credit_code": "91350100M000100Y43",
        "sector": "建筑业",
        "industry": "土木工程建筑业",
        "type": "高处坠落",
        "deaths": 1,
        "missing": 0,
        "serious_injuries": 0,
        "injuries": 0,
        "direct_loss": 150,
        "grade": "一般",
        "status": "计入",
        "write_off_reason": "",
        "summary": "作业人员在脚手架上作业时坠落。",
    },
    {
        "record_no": "GN2022-002",
        "occurred_at": "2022年6月18日9时20分",
        "region": "灌南县",
        "unit": "",
        "credit_code": "",
        "sector": "道路运输",
        "industry": "",
        "type": "车辆伤害",
        "deaths": 0,
        "missing": 0,
        "serious_injuries": 1,
        "injuries": 2,
        "direct_loss": 12.5,
        "grade": "",
        "status": "核销",
        "write_off_reason": "经调查认定不属于生产安全事故",
        "summary": "货车在乡村道路侧翻。",
    },
)
# Synthetic accident records of the demo (ledgers/demo_accidents.py): an enterprise's name and
# the record's 简要经过, written from its fields.
DEMO_ACCIDENT_UNIT = "{region}示例{sector}单位{number:03d}"
DEMO_ACCIDENT_SUMMARY = (
    "示例数据：{month}月{day}日{hour}时{minute:02d}分，{where}发生一起{type}事故，死亡{deaths}人、受伤{injuries}人。"
)
# 核销原因 of the demo's written-off records: why an accident reported was found to be none that counts.
DEMO_WRITE_OFF_REASONS = (
    "经调查认定为突发疾病死亡，不属于生产安全事故",
    "经公安机关认定为刑事案件，不属于生产安全事故",
    "经调查认定为自然灾害引发，不属于生产安全事故",
    "经调查认定为非生产经营活动中发生，不属于生产安全事故",
    "与已报送事故重复",
)
ACCIDENT_TEMPLATE_SHEETS = {"data": "事故台账", "codes": "代码表"}
ACCIDENT_CODE_COLUMNS = {"list": "代码表", "code": "代码", "name": "名称", "note": "说明"}
ACCIDENT_CODE_LISTS = {
    "region": "地区",
    "sector": "行业领域",
    "type": "事故类别（GB 6441-86）",
    "grade": "事故等级",
    "status": "统计状态",
    "industry_section": "国民经济行业门类（GB/T 4754-2017）",
    "industry_division": "国民经济行业大类（GB/T 4754-2017）",
}

# --- dashboard and charts ---------------------------------------------------------------

APP_TITLE = "安全生产监管统计看板"
OVERVIEW_TITLE = "总览"

# Indicators each topic page charts (trend by month and year, counties compared, 同比/环比);
# the others of the topic are shown as cards and in the table.
CHART_INDICATORS = {
    "accidents": ("accidents", "deaths", "injuries", "direct_loss"),
    "special": (),
    "emergency": ("drills", "drill_participants"),
    "enforcement": ("enterprises_inspected", "hazards_found", "major_hazards", "hazards_rectified"),
    "legal": ("hotline_orders",),
    "complaints": ("complaints_received", "complaints_verified", "rewards_granted", "reward_amount"),
    "publicity": (),
}
# Headline cards of the overview, in order.
HEADLINE_INDICATORS = (
    "accidents",
    "deaths",
    "hazards_found",
    "hazards_rectified",
    "enterprises_inspected",
    "complaints_received",
)
# The overview's charts: the comparison of these headline indicators (read with the cards).
OVERVIEW_CHARTS = ("accidents", "deaths")
BRIEFING_CARDS = ("accidents", "deaths", "hazards_found", "hazards_rectified")
"""The overview's cards in 简报模式 (with 双下降): one row at 1920 pixels, each 同比 whole."""
OVERVIEW_CHART_TEXTS = {
    "indicator": "图表指标",
    "trend_title": "{region} {year}年 {name} 逐月走势",
    "ranking_title": "{region} {period} {name} 各地区排名<br>（箭头为同比：绿色下降，红色上升）",
    "this_year": "{year}年",
    "last_year": "{year}年",
    "mean5": "{first}–{last}年平均",
    "flat": "持平",
    "new": "新增",
}

CHART_KINDS = {
    "compare": "{comparison}",
    "months": "月度走势",
    "years": "历年同期",
    "children": "各地区对比",
}
CHART_AXES = {
    "period": "期间",
    "month": "月份",
    "value": "{name}（{unit}）",
}
CHART_MEAN_LINE = "{label}：{value}{unit}"
CHART_WATERMARK = "示例数据"
CHART_HOVER = "{name}：{value}"  # a bar's or point's figure on hover, in a chart drawn as an SVG
CHART_SOURCE_BATCH = "导入批次 {ids}"
CHART_SOURCE_SEPARATOR = "；"

# Columns of the table behind a chart (CSV/XLSX download).
CHART_TABLE_COLUMNS = {
    "region_name": "地区",
    "period_label": "期间",
    "name": "指标",
    "value": "数值",
    "unit": "单位",
    "qualifier": "限定",
    "status": "状态",
    "synthetic": "示例数据",
    "source": "来源",
}
YES_NO = {True: "是", False: "否"}

# --- charts of figures that belong together (group charts) ------------------------------
# The report gives most figures once, for the year: no trend or 同比 to draw. Where a section
# has two or more figures that belong together, they are charted side by side for the chosen
# period (lawreport_data.charts.group_charts): ``composition`` is a whole (the first member)
# and its parts, each part with its share of the whole; ``bars`` are figures side by side,
# one panel per unit (figures in different units never share an axis). ``members`` pairs an
# indicator with its short label on the chart ("\n" breaks it; its full name is in the hover
# and the table).
# Every member is an indicator of the group's topic and of one report section.


@dataclass(frozen=True)
class ChartGroup:
    code: str
    topic: str
    title: str
    kind: str  # composition | bars
    members: tuple[tuple[str, str], ...]  # (indicator, short label); composition: the whole first

    @property
    def indicators(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.members)


CHART_GROUP_LIST: tuple[ChartGroup, ...] = (
    ChartGroup(
        "monitoring",
        "special",
        "24小时监控对象",
        "bars",
        (
            ("monitored_mines", "非煤矿山"),
            ("monitored_tailings_ponds", "尾矿库"),
            ("monitored_chem_enterprises", "危化品企业"),
            ("monitored_major_hazard_sources", "危化品\n重大危险源"),
        ),
    ),
    ChartGroup(
        "drills_participants",
        "emergency",
        "应急演练场次与参演人数",
        "bars",
        (("drills", "推演、演习"), ("drill_participants", "直接参演人员")),
    ),
    ChartGroup(
        "team_types",
        "emergency",
        "专业救援突击队与保障队类别",
        "bars",
        (("rescue_team_types", "专业救援\n突击队"), ("support_team_types", "保障队")),
    ),
    ChartGroup(
        "hazard_grades",
        "enforcement",
        "排查隐患构成（一般/重大）",
        "composition",
        (("hazards_found", "排查问题隐患"), ("general_hazards", "一般隐患"), ("major_hazards", "重大隐患")),
    ),
    ChartGroup(
        "hazard_rectification",
        "enforcement",
        "排查隐患整改情况",
        "composition",
        (("hazards_found", "排查问题隐患"), ("hazards_rectified", "已整改")),
    ),
    ChartGroup(
        "legal_advice",
        "legal",
        "公职律师与法律顾问",
        "bars",
        (("public_lawyers", "申请公职律师"), ("legal_advisers", "外聘法律顾问")),
    ),
    ChartGroup(
        "legal_counsel",
        "legal",
        "法律顾问审查文件与提出意见",
        "bars",
        (("documents_advised", "审查文件"), ("legal_opinions", "意见和建议")),
    ),
    ChartGroup(
        "fair_competition",
        "legal",
        "公平竞争审查文件清理（保留/废止）",
        "composition",
        (
            ("fair_competition_reviewed", "清理文件"),
            ("fair_competition_kept", "保留"),
            ("fair_competition_repealed", "废止"),
        ),
    ),
    ChartGroup(
        "normative_cleanup",
        "legal",
        "规范性文件清理（废止/保留）",
        "composition",
        (
            ("normative_documents", "规范性文件"),
            ("normative_documents_repealed", "废止"),
            ("normative_documents_kept", "保留"),
        ),
    ),
    ChartGroup(
        "penalty_review",
        "legal",
        "重大行政处罚法制审核",
        "bars",
        (
            ("penalty_files_reviewed", "审核案卷"),
            ("collective_discussions", "集体讨论"),
            ("legal_review_opinions", "法制审核意见"),
        ),
    ),
    ChartGroup(
        "npc_handling",
        "legal",
        "承办市人大建议（主办/协办）",
        "composition",
        (("npc_suggestions", "承办建议"), ("npc_suggestions_led", "主办"), ("npc_suggestions_assisted", "协办")),
    ),
    ChartGroup(
        "cppcc_handling",
        "legal",
        "承办市政协提案（主办/协办）",
        "composition",
        (("cppcc_proposals", "承办提案"), ("cppcc_proposals_led", "主办"), ("cppcc_proposals_assisted", "协办")),
    ),
    ChartGroup(
        "complaints",
        "complaints",
        "安全生产举报受理、核实与奖励",
        "bars",
        (
            ("complaints_received", "接收举报"),
            ("complaints_verified", "核实"),
            ("rewards_granted", "奖励发放"),
            ("reward_amount", "奖励金"),
        ),
    ),
    ChartGroup(
        "training",
        "publicity",
        "安全生产培训人数（按对象）",
        "bars",
        (
            ("enforcement_staff_trained", "执法人员"),
            ("town_cadres_trained", "乡镇干部"),
            ("special_operators_trained", "特种作业人员"),
            ("managers_trained", "单位负责人和\n安全管理人员"),
        ),
    ),
    ChartGroup(
        "materials",
        "publicity",
        "宣传材料发放",
        "bars",
        (("law_booklets", "《安全生产法》等"), ("posters", "挂图海报"), ("leaflets", "宣传折页")),
    ),
    ChartGroup(
        "media",
        "publicity",
        "新闻宣传",
        "bars",
        (
            ("news_reports", "报纸电视\n新闻报道"),
            ("online_posts", "自媒体信息"),
            ("newspaper_special_pages", "日报专版"),
            ("tv_special_episodes", "电视专集"),
        ),
    ),
    ChartGroup(
        "lecture_reach",
        "publicity",
        "集中宣讲场次与覆盖面",
        "bars",
        (("lectures", "宣讲"), ("lecture_enterprises", "覆盖企业"), ("lecture_employees", "覆盖员工")),
    ),
)
CHART_GROUPS = {g.code: g for g in CHART_GROUP_LIST}
GROUP_MONEY_UNITS = frozenset({"元", "万元"})
GROUP_CHART_TEXT = {
    "axis": "{word}（{unit}）",  # a panel's value axis
    "count": "数量",
    "money": "金额",
    "share": "{value}（占{about}{share}%）",  # a part's label: its value and its share of the whole
    "about": "约",  # before a share computed from a 余/多/约 figure
    "hover": "{name}：{value}<br>{period}<br>来源：{origin}",
}

# The chart toolbar (Plotly's modebar) in Chinese: Plotly's English text -> ours (static/chart.js).
CHART_TOOLBAR = {
    "Download plot as a PNG": "下载图片（PNG，3倍清晰度）",
    "Download plot": "下载图片",
    "Zoom": "框选放大",
    "Pan": "平移",
    "Box Select": "矩形选择",
    "Lasso Select": "套索选择",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "还原坐标轴",
    "Reset": "还原",
    "Toggle Spike Lines": "显示/隐藏辅助线",
    "Show closest data on hover": "悬停显示最近数据",
    "Compare data on hover": "悬停比较数据",
    "Toggle show closest data on hover": "切换悬停显示方式",
    "Double-click to zoom back out": "双击还原",
    "Double-click on legend to isolate one trace": "双击图例只显示该系列",
    "Preparing image - this may take a few seconds": "正在生成图片，请稍候",
    "Image download succeeded": "图片已下载",
    "Sorry, there was a problem downloading your image!": "图片下载失败，请重试。",
}

REPLICA_LAG_WARN_SECONDS = 5
"""A read replica's lag (``LAWREPORT_DB_READ_URL``) the dashboard pages say, above this many seconds."""

UI = {
    "sidebar_header": "查询条件",
    "region": "地区",
    "period_kind": "期间类型",
    "period_kinds": {"span": "1–N月累计", "month": "单月", "year": "全年"},
    "year": "年份",
    "month": "月份",
    "end_month": "截至月份",
    "comparison": "比较方式",
    "bad_link": "链接中的{fields}无法识别，已按默认条件显示；请在左侧查询条件中重新选择。",
    "bad_link_field": "{label}“{value}”",
    "briefing": "简报模式",
    "briefing_help": "隐藏侧栏与页面装饰、放大字号，便于截图放入简报",
    "no_data": "所选地区和期间暂无数据。",
    "only_one_period": "该专题仅有{period}一个期间的数据，以表格列示，不绘制趋势图。",
    "table": "图表数据",
    "download_svg": "下载图片（SVG）",
    "download_png": "下载图片（PNG）",
    "download_png_help": "按打印分辨率（3倍）生成，点击后稍候",
    "download_png_unavailable": "本机未安装 Chromium，无法生成 PNG 图片；可下载 SVG 图片。",
    "download_csv": "下载 CSV",
    "download_xlsx": "下载 Excel",
    "store_unavailable": "无法打开数据库（{where}）：{reason}。请检查数据库地址（LAWREPORT_DB_URL）与数据库服务，"
    "或联系系统管理员；恢复后刷新页面即可。",
    "replica_lag": "本页数据读自只读副本，副本尚缺主库{seconds}秒前已有的更改，最近的导入或更正可能尚未显示；稍后刷新页面即可。",
    "chart_failed": "图表未能显示：浏览器未能载入图表组件，请刷新页面；仍不显示请联系系统管理员。",
    "indicator_table": "指标一览",
    "chart_indicator": "图表指标",
    "charts": "图表",
    "no_charts": "所选地区和期间没有可绘制趋势或对比的数据。",
    "year_has_groups": "{year}年的全年数字可按构成与对比绘图：期间类型请选“全年”。",
    "double_decline": "双下降",
    "double_decline_yes": "实现",
    "double_decline_no": "未实现",
    "double_decline_unknown": "无法判断",
    "warnings": "数据提示",
    "synthetic_warning": "本页含示例数据（合成），仅用于演示，不得引用。",
    "provisional_warning": "部分数值为快报数（待核）。",
    "approximate_warning": "部分数值为“余/多/约/以上/以下”近似数，其变化率为近似值。",
    "year_fallback": "部分指标无所选期间的数据，按其覆盖期间（见“期间”列）列示。",
    "headline": "{region} {period}",
    "briefing_exit": "退出简报模式",
}
TOPIC_TABLE_COLUMNS = {
    "name": "指标",
    "display": "数值",
    "unit": "单位",
    "period_label": "期间",
    "qualifier_label": "限定",
    "change_text": "变化",
    "status_label": "状态",
    "source_label": "来源",
}

# --- 事故台账 page: figures counted from the records, breakdowns, the record list, 数据核对 ------

ACCIDENT_LEDGER_TITLE = "事故台账"
# The cards of the page, in order (the indicators counted from the ledger are in api.accidents).
ACCIDENT_CARDS = ("accidents", "deaths", "injuries", "direct_loss")
# The breakdowns a 通报 gives, in the page's order: what each groups by, as a chart's title says it.
ACCIDENT_BREAKDOWNS = {
    "type": "事故类别",
    "sector": "行业领域",
    "grade": "事故等级",
    "month": "月份",
    "region": "地区",
    "hour": "发生时段",
    "weekday": "星期",
}
# Drawn on the 事故台账 page only when their section is opened (a 通报 cites them less often than
# the others; each chart drawn at once costs every visit, benchmarks/README.md).
ACCIDENT_BREAKDOWNS_ON_DEMAND = ("hour", "weekday")
ACCIDENT_BREAKDOWN_TITLE = "按{by}"  # after 「地区 期间 事故起数」
ACCIDENT_MONTH_LABEL = "{month}月"
ACCIDENT_HOUR_LABEL = "{hour}时"
ACCIDENT_WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
ACCIDENT_OWN_LEVEL = "{name}（本级）"  # a county's records not placed in one of its towns
ACCIDENT_HOVER = "{category}：{accidents}起，死亡{deaths}人，受伤{injuries}人"
# The record list and its export: the columns shown, with their headers (the ledger's own names).
ACCIDENT_LIST_COLUMNS = {
    "record_no": "事故编号",
    "occurred_at": "发生时间",
    "region": "地区",
    "unit": "事故单位",
    "sector": "行业领域",
    "type": "事故类别",
    "deaths": "死亡人数",
    "missing": "失踪人数",
    "serious_injuries": "重伤人数",
    "injuries": "受伤人数",
    "direct_loss": "直接经济损失（万元）",
    "grade": "事故等级",
    "status": "统计状态",
}
ACCIDENT_DETAIL_COLUMNS = {
    **ACCIDENT_LIST_COLUMNS,
    "credit_code": "统一社会信用代码",
    "industry": "国民经济行业",
    "write_off_reason": "核销原因",
    "id": "记录号",
    "key": "记录键",
    "batch_id": "导入批次",
    "source_row": "源文件行号",
    "synthetic": "示例数据",
}
ACCIDENT_DETAIL_FIELDS = {"field": "项目", "value": "内容"}
ACCIDENT_EXPORT_COLUMNS = {**ACCIDENT_LIST_COLUMNS, "credit_code": "统一社会信用代码", "industry": "国民经济行业",
                           "write_off_reason": "核销原因", "summary": "简要经过", "synthetic": "示例数据"}  # fmt: skip
RECONCILE_COLUMNS = {
    "indicator": "指标",
    "region": "地区",
    "period": "期间",
    "official": "正式数",
    "ledger": "台账统计数",
    "difference": "差额（台账－正式）",
    "unit": "单位",
    "synthetic": "示例数据",  # only where a row involves synthetic data
}
ACCIDENT_LEDGER_PAGE = {
    "title": ACCIDENT_LEDGER_TITLE,
    "no_records": "尚无事故台账记录。请在“数据导入”页面导入各县区的事故台账（每起事故一行），"
    "导入后本页按台账统计起数、伤亡和损失，并与正式数核对。",
    "no_records_here": "所选地区和期间没有事故台账记录（计入与核销均无）。",
    "official_card": "正式数（{source}）；台账统计{ledger}",
    "ledger_card": "按事故台账中计入统计的记录统计；无正式数",
    "ledger_beside": "台账统计：{ledger}",
    "synthetic_card": "示例数据",
    "differs": "与正式数不一致，见[数据核对](#{anchor})",
    "card_help_official": "卡片显示正式数；{comparison}按正式数比较（无上年正式数时按台账）。",
    "card_help_ledger": "由事故台账中计入统计（未核销）的记录统计。",
    "charts": "分类统计",
    "no_chart_records": "所选期间没有计入统计的事故，无分类图表。",
    "charts_on_demand": "按" + "、".join(ACCIDENT_BREAKDOWNS[b] for b in ACCIDENT_BREAKDOWNS_ON_DEMAND) + "统计",
    "records": "事故记录",
    "filter_region": "地区",
    "filter_sector": "行业领域",
    "filter_type": "事故类别",
    "filter_grade": "事故等级",
    "filter_status": "统计状态",
    "filter_all": "全部",
    "filter_from_check": "正在查看数据核对中的差异记录：{what}",
    "filter_clear": "清除该条件",
    "page": "页码",
    "page_of": "共 {total} 条记录，第 {page}/{pages} 页，每页 {size} 条",
    "no_matching": "没有符合条件的记录。",
    "detail": "记录详情",
    "detail_pick": "查看记录",
    "summary": "简要经过",
    "no_summary": "（未填写）",
    "download_csv": "下载筛选结果 CSV",
    "download_xlsx": "下载筛选结果 Excel",
    "file_name": "事故台账_{region}_{period}",
    "check": "数据核对",
    "check_intro": "正式数（工作报告、导入的汇总数）与事故台账统计数不一致之处；页面和简报以正式数为准。",
    "check_none": "所选地区和期间的正式数与事故台账统计数一致（或无正式数可核对）。",
    "check_pick": "查看差异背后的记录",
    "check_show": "在事故记录中列出",
    "check_what": "{region} {period} {indicator}",
}

# --- the hazard ledger (隐患台账) ---
# One row per hazard, from discovery to rectification (issue 15). Codes are what the store keeps;
# the Chinese is what people write and read.

# The ledger's columns: role → the names counties write (the first is the template's); English too.
HAZARD_COLUMNS = {
    "record_no": ("隐患编号", "编号", "hazard_no", "record_no"),
    "company": ("企业名称", "单位名称", "企业", "生产经营单位", "company", "enterprise"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "uscc"),
    "region": ("地区", "所属地区", "县区", "区域", "region", "county"),
    "sector": ("行业领域", "行业", "所属行业领域", "sector"),
    "level": ("隐患级别", "隐患等级", "级别", "等级", "level"),
    "source": ("隐患来源", "来源", "发现方式", "source"),
    "description": ("隐患描述", "隐患内容", "问题隐患", "隐患情况", "description"),
    "found_on": ("发现日期", "排查日期", "发现时间", "检查日期", "found_on", "found"),
    "deadline": ("整改期限", "整改时限", "限期", "deadline"),
    "rectified_on": ("整改完成日期", "整改完成时间", "完成日期", "整改日期", "rectified_on", "rectified"),
    "accepted_on": ("验收日期", "销号日期", "验收时间", "accepted_on", "accepted"),
    "supervision": ("挂牌督办", "挂牌督办级别", "督办级别", "supervision"),
    "funds": ("整改资金（万元）", "整改资金", "整改投入资金（万元）", "funds"),
    "ignore": ("序号", "No.", "no"),
}
HAZARD_COLUMN_LABELS = {role: names[0] for role, names in HAZARD_COLUMNS.items() if role != "ignore"}
HAZARD_REQUIRED_COLUMNS = ("company", "region", "level", "description", "found_on")
HAZARD_SOURCE_ALIASES = {"自查": "self_check", "企业自查自报": "self_check", "监管检查": "enforcement",
                         "执法": "enforcement", "第三方": "third_party", "举报": "public_report"}  # fmt: skip
HAZARD_SUPERVISION_ALIASES = {"否": "none", "未挂牌": "none", "县": "county", "区级": "county", "县区级": "county",
                              "市": "city", "省": "province"}  # fmt: skip

HAZARD_TEMPLATE_ROWS = (
    {
        "record_no": "GY-YH-2022-001",
        "company": "示例化工有限公司",
        "credit_code": "91350100M000100Y43",
        "region": "灌云县",
        "sector": "危险化学品",
        "level": "重大",
        "source": "执法检查",
        "description": "储罐区未设置防火堤",
        "found_on": "2022-03-05",
        "deadline": "2022-04-30",
        "rectified_on": "2022-04-28",
        "accepted_on": "2022-05-06",
        "supervision": "市级",
        "funds": 35,
    },
    {
        "record_no": "GN-YH-2022-002",
        "company": "示例机械制造有限公司",
        "credit_code": "",
        "region": "灌南县",
        "sector": "工贸",
        "level": "一般",
        "source": "企业自查",
        "description": "车间安全出口堵塞",
        "found_on": "2022年6月18日",
        "deadline": "",
        "rectified_on": "",
        "accepted_on": "",
        "supervision": "无",
        "funds": "",
    },
)
HAZARD_TEMPLATE_SHEETS = {"data": "隐患台账", "codes": "代码表"}
HAZARD_CODE_LISTS = {
    "region": "地区",
    "sector": "行业领域",
    "level": "隐患级别",
    "source": "隐患来源",
    "supervision": "挂牌督办",
}
HAZARD_LEVELS = {"general": "一般", "major": "重大"}
HAZARD_LEVEL_ALIASES = {"一般隐患": "general", "一般事故隐患": "general", "重大隐患": "major", "重大事故隐患": "major"}
HAZARD_SOURCES = {
    "self_check": "企业自查",
    "enforcement": "执法检查",
    "third_party": "第三方服务",
    "public_report": "群众举报",
    "other": "其他",
}
HAZARD_SUPERVISION = {"none": "无", "county": "县级", "city": "市级", "province": "省级"}
# A hazard's state on a day (``as_of``): rectified by then, open with its deadline passed, or open.
HAZARD_STATUSES = {"rectified": "已整改", "open": "整改中", "overdue": "逾期"}
# Open hazards by their age on the as-of day (days since discovery): (code, label, first, last day).
HAZARD_AGE_BUCKETS = (("upto30", "30天以内", 0, 30), ("31to90", "31-90天", 31, 90), ("over90", "90天以上", 91, None))
HAZARD_NO_HAZARDS = "无隐患"  # a rate whose base is 0 hazards found: said so, never 100% or 0%

# --- the inspection ledger (检查记录) ---
# One row per inspection visit (issue 16): who was inspected, when, how, and what was found. Codes
# are what the store keeps; the Chinese is what people write and read.

# The ledger's columns: role → the names counties write (the first is the template's); English too.
INSPECTION_COLUMNS = {
    "record_no": ("检查编号", "编号", "inspection_no", "record_no"),
    "inspected_on": ("检查日期", "检查时间", "执法检查日期", "inspected_on", "date"),
    "region": ("地区", "所属地区", "县区", "区域", "region", "county"),
    "company": ("企业名称", "被检查单位", "被检查企业", "单位名称", "生产经营单位", "company", "enterprise"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "uscc"),
    "sector": ("行业领域", "行业", "所属行业领域", "sector"),
    "method": ("检查方式", "检查类型", "检查形式", "method"),
    "hazards": ("发现隐患数", "发现隐患（条）", "发现隐患", "隐患数", "hazards"),
    "major_hazards": ("其中重大隐患数", "其中重大隐患", "重大隐患数", "major_hazards"),
    "orders": ("责令限期整改指令书", "责令限期整改指令书（份）", "整改指令书", "orders"),
    "decisions": ("现场处理措施决定书", "现场处理措施决定书（份）", "现场处理决定书", "decisions"),
    "reviews": ("整改复查意见书", "整改复查意见书（份）", "复查意见书", "reviews"),
    "ignore": ("序号", "No.", "no"),
}
INSPECTION_COLUMN_LABELS = {role: names[0] for role, names in INSPECTION_COLUMNS.items() if role != "ignore"}
INSPECTION_REQUIRED_COLUMNS = ("inspected_on", "region", "company", "method")
INSPECTION_METHODS = {
    "random": "双随机",
    "routine": "日常检查",
    "special": "专项检查",
    "complaint": "举报核查",
    "accident": "事故调查",
    "other": "其他",
}
INSPECTION_METHOD_ALIASES = {"双随机检查": "random", "双随机一公开": "random", "双随机抽查": "random",
                             "日常": "routine", "日常执法检查": "routine", "专项": "special",
                             "专项执法检查": "special", "举报": "complaint", "投诉举报核查": "complaint",
                             "事故": "accident"}  # fmt: skip
INSPECTION_TEMPLATE_ROWS = (
    {
        "record_no": "GY-JC-2022-001",
        "inspected_on": "2022-03-05",
        "region": "灌云县",
        "company": "示例化工有限公司",
        "credit_code": "91350100M000100Y43",
        "sector": "危险化学品",
        "method": "双随机",
        "hazards": 5,
        "major_hazards": 1,
        "orders": 1,
        "decisions": 0,
        "reviews": 1,
    },
    {
        "record_no": "GN-JC-2022-002",
        "inspected_on": "2022年6月18日",
        "region": "灌南县",
        "company": "示例机械制造有限公司",
        "credit_code": "",
        "sector": "工贸",
        "method": "日常检查",
        "hazards": 2,
        "major_hazards": 0,
        "orders": "",
        "decisions": "",
        "reviews": "",
    },
)
INSPECTION_TEMPLATE_SHEETS = {"data": "检查记录", "codes": "代码表"}
INSPECTION_CODE_LISTS = {"region": "地区", "sector": "行业领域", "method": "检查方式"}

# --- the penalty case ledger (行政处罚案件) ---
# One row per administrative penalty case (issue 16), keyed by its 案件编号. Codes are what the store
# keeps; the Chinese is what people write and read.
CASE_COLUMNS = {
    "record_no": ("案件编号", "案号", "立案编号", "case_no", "record_no"),
    "filed_on": ("立案日期", "立案时间", "filed_on"),
    "decided_on": ("处罚决定日期", "决定日期", "处罚日期", "decided_on"),
    "closed_on": ("结案日期", "结案时间", "closed_on"),
    "region": ("地区", "所属地区", "县区", "区域", "region", "county"),
    "party": ("当事人", "当事人名称", "被处罚单位", "被处罚人", "party"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "credit_code", "uscc"),
    "sector": ("行业领域", "行业", "所属行业领域", "sector"),
    "source": ("案件来源", "案源", "source"),
    "violation": ("违法行为", "主要违法事实", "违法事实", "案由", "violation"),
    "penalties": ("处罚种类", "处罚类型", "行政处罚种类", "penalties"),
    "fine": ("罚款金额（元）", "罚款金额", "罚款（元）", "fine"),
    "confiscation": ("没收金额（元）", "没收金额", "没收违法所得（元）", "confiscation"),
    "transferred": ("移送司法机关", "是否移送司法机关", "移送", "transferred"),
    "transferred_on": ("移送日期", "移送时间", "transferred_on"),
    "ignore": ("序号", "No.", "no"),
}
CASE_COLUMN_LABELS = {role: names[0] for role, names in CASE_COLUMNS.items() if role != "ignore"}
CASE_REQUIRED_COLUMNS = ("record_no", "filed_on", "region", "party", "source", "violation", "penalties")
CASE_SOURCES = {
    "routine": "日常检查",
    "random": "双随机",
    "complaint": "举报",
    "accident": "事故调查",
    "referral": "移送",
    "other": "其他",
}
CASE_SOURCE_ALIASES = {"日常": "routine", "日常执法检查": "routine", "双随机检查": "random", "双随机抽查": "random",
                       "投诉举报": "complaint", "群众举报": "complaint", "举报核查": "complaint", "事故": "accident",
                       "部门移送": "referral", "移交": "referral"}  # fmt: skip
PENALTY_KINDS = {
    "warning": "警告",
    "fine": "罚款",
    "confiscation": "没收违法所得",
    "suspension": "责令停产停业",
    "license_suspension": "暂扣许可证",
    "license_revocation": "吊销许可证",
    "closure": "关闭",
}
PENALTY_KIND_ALIASES = {"没收": "confiscation", "没收违法所得、非法财物": "confiscation", "停产停业": "suspension",
                        "责令停产停业整顿": "suspension", "暂扣": "license_suspension",
                        "暂扣有关许可证": "license_suspension", "吊销": "license_revocation",
                        "吊销有关许可证": "license_revocation", "责令关闭": "closure"}  # fmt: skip
CASE_TRANSFERRED = {"yes": "是", "no": "否"}
CASE_TRANSFERRED_ALIASES = {"已移送": "yes", "未移送": "no", "y": "yes", "n": "no", "true": "yes", "false": "no", "1": "yes",
                  "0": "no"}  # fmt: skip
CASE_TEMPLATE_ROWS = (
    {
        "record_no": "连应急罚〔2022〕12号",
        "filed_on": "2022-03-10",
        "decided_on": "2022-04-20",
        "closed_on": "2022-05-30",
        "region": "灌云县",
        "party": "示例化工有限公司",
        "credit_code": "91350100M000100Y43",
        "sector": "危险化学品",
        "source": "双随机",
        "violation": "未按规定对重大危险源进行监测监控",
        "penalties": "警告、罚款",
        "fine": 30000,
        "confiscation": "",
        "transferred": "否",
        "transferred_on": "",
    },
    {
        "record_no": "连应急罚〔2022〕35号",
        "filed_on": "2022年6月8日",
        "decided_on": "",
        "closed_on": "",
        "region": "灌南县",
        "party": "示例机械制造有限公司",
        "credit_code": "",
        "sector": "工贸",
        "source": "事故调查",
        "violation": "未对从业人员进行安全生产教育和培训",
        "penalties": "罚款",
        "fine": "",
        "confiscation": "",
        "transferred": "是",
        "transferred_on": "2022-06-20",
    },
)
CASE_TEMPLATE_SHEETS = {"data": "行政处罚案件", "codes": "代码表"}
CASE_CODE_LISTS = {"region": "地区", "sector": "行业领域", "source": "案件来源", "penalties": "处罚种类",
                   "transferred": "移送司法机关"}  # fmt: skip
HAZARD_MEASURES = {
    "found": "排查隐患数",
    "general": "一般隐患数",
    "major": "重大隐患数",
    "rectified": "整改隐患数",
    "rectification_rate": "整改率",
    "major_rectification_rate": "重大隐患整改率",
    "on_time_rate": "按期整改率",
    "overdue": "逾期未整改数",
    "open": "未整改数",
    "mean_days_to_rectify": "平均整改天数",
}
# Synthetic hazard records of the demo (ledgers/demo_hazards.py): an enterprise's name (its trade
# by 行业领域), and what its hazards are, per 行业领域: (一般隐患, 重大隐患).
DEMO_HAZARD_COMPANY = "{region}示例{trade}{number:03d}有限公司"
DEMO_CASE_VIOLATIONS = (  # the demo's penalty cases (ledgers/demo_enforcement.py)
    "未按规定对从业人员进行安全生产教育和培训",
    "未按规定对重大危险源进行监测监控",
    "安全设备的安装、使用、检测、维修、改造和报废不符合标准",
    "未按规定如实记录安全生产教育和培训情况",
    "未采取措施消除事故隐患",
    "生产经营场所安全出口不符合紧急疏散要求",
)
DEMO_HAZARD_TRADES = {
    "metal_mine": "矿业",
    "hazchem": "化工",
    "fireworks": "烟花爆竹",
    "construction": "建设工程",
    "industry_trade": "机械制造",
    "other_icm": "商贸",
    "road": "运输",
    "water": "航运",
    "fishing": "渔业",
    "fire": "物业管理",
}
DEMO_HAZARD_DESCRIPTIONS = {
    "metal_mine": (
        ("采场浮石未及时清理", "排土场截排水设施不完善", "井下作业人员未佩戴自救器"),
        ("露天采场边坡台阶高度超过设计规定", "尾矿库排渗设施失效"),
    ),
    "hazchem": (
        ("储罐区防火堤穿管孔洞未封堵", "可燃气体报警器未定期检定", "动火作业票填写不规范", "装置区消防通道被占用"),
        ("涉及重点监管危险化工工艺的装置未实现自动化控制", "一级重大危险源罐区未设置紧急切断装置"),
    ),
    "fireworks": (
        ("仓库未悬挂定员定量标识", "防雷设施未定期检测"),
        ("仓库内超量储存烟花爆竹产品", "生产区内违规设置员工宿舍"),
    ),
    "construction": (
        ("脚手架连墙件设置不足", "临边防护栏杆缺失", "临时用电未做到一机一闸一漏", "高处作业人员未系安全带"),
        ("深基坑未按专项施工方案开挖", "起重机械未经检验合格投入使用"),
    ),
    "industry_trade": (
        ("车间安全出口堵塞", "砂轮机未安装防护罩", "配电箱门未关闭且无警示标识", "叉车司机未持证上岗"),
        ("粉尘爆炸危险场所除尘系统未设置泄爆装置", "有限空间作业未经辨识和审批"),
    ),
    "other_icm": (
        ("疏散指示标志损坏", "货架堆放过高未固定", "燃气使用场所未设置可燃气体报警装置"),
        ("人员密集场所安全出口锁闭",),
    ),
    "road": (
        ("动态监控平台未按规定配备监控人员", "驾驶员安全教育培训记录不全", "车辆未按期进行二级维护"),
        ("使用已达报废标准的车辆从事道路运输",),
    ),
    "water": (("船舶救生设备配备不足", "船员未按规定参加安全培训"), ("船舶超载运输",)),
    "fishing": (("渔船未按规定配备救生衣", "渔船船位监测设备未开启"), ("渔船擅自改变船体结构",)),
    "fire": (
        ("消防设施未定期维护保养", "灭火器过期失效", "电动自行车在楼道内充电"),
        ("建筑消防设施严重损坏不能使用", "人员密集场所违规使用易燃可燃材料装修"),
    ),
}

# --- the 隐患台账 page (issue 15) ---
HAZARD_LEDGER_TITLE = "隐患台账"
HAZARD_CARDS = {  # the page's cards: (name, unit, polarity: 1 more is better, -1 less is better)
    "found": ("排查隐患数", "条", 0),
    "rectified": ("整改隐患数", "条", 1),
    "rectification_rate": ("整改率", "%", 1),
    "overdue": ("逾期未整改数", "条", -1),
}
HAZARD_CARD_INDICATORS = {  # a card's official figure, where one is stored for the region and period
    "found": "hazards_found",
    "rectified": "hazards_rectified",
    "rectification_rate": "hazard_rectification_rate",
}
HAZARD_FUNNEL_STAGES = {"found": "排查发现", "rectified": "完成整改", "accepted": "验收销号"}
# Chart titles: two lines (a half-width chart holds about 25 characters a line), the day on the second.
HAZARD_CHART_TITLES = {
    "funnel": "{region} {period} 隐患整改进度<br>（{period}发现，截至{as_of}）",
    "rate_by_region": "{region} {period} 隐患整改率 按地区<br>（{period}发现，截至{as_of}）",
    "age": "{region} 未整改隐患 按发现至今天数<br>（{period}发现，截至{as_of}）",
}
HAZARD_CHART_AXES = {"count": "隐患数（条）", "rate": "整改率（%）", "age": "发现至今天数", "stage": "阶段"}
HAZARD_RATE_CHANGE = {"up": "{label}提高{pp}个百分点", "down": "{label}下降{pp}个百分点", "flat": "{label}持平"}
HAZARD_RATE_TONES = {"above": "高于全地区整改率", "below": "低于全地区整改率"}
HAZARD_HOVER = {
    "funnel": "{stage}：{value:,}条（占排查{share}）",
    "rate": "{region}：整改率{rate}（已整改{rectified:,}条/排查{found:,}条）",
    "age": "{bucket} {level}：{value:,}条",
}
HAZARD_LIST_COLUMNS = {
    "record_no": "隐患编号",
    "found_on": "发现日期",
    "region": "地区",
    "company": "企业名称",
    "level": "隐患级别",
    "description": "隐患描述",
    "deadline": "整改期限",
    "rectified_on": "整改完成日期",
    "status": "状态",
    "supervision": "挂牌督办",
}
HAZARD_EXPORT_COLUMNS = {
    **HAZARD_LIST_COLUMNS,
    "credit_code": "统一社会信用代码",
    "sector": "行业领域",
    "source": "隐患来源",
    "accepted_on": "验收日期",
    "funds": "整改资金（万元）",
    "synthetic": "示例数据",
}
HAZARD_SUPERVISED_COLUMNS = {
    "urgency": "期限",
    "supervision": "挂牌督办",
    "record_no": "隐患编号",
    "company": "企业名称",
    "region": "地区",
    "level": "隐患级别",
    "description": "隐患描述",
    "deadline": "整改期限",
}
HAZARD_URGENCY = {"left": "剩余{days}天", "today": "今日到期", "overdue": "逾期{days}天", "none": "未定期限"}
HAZARD_COMPANY_COLUMNS = {
    "company": "企业名称",
    "credit_code": "统一社会信用代码",
    "region": "地区",
    "open": "未整改隐患（条）",
    "major": "其中重大（条）",
    "overdue": "其中逾期（条）",
}
HAZARD_TOP_COMPANIES = 10
# --- the 执法台账 page (inspections and penalty cases) ---
ENFORCEMENT_LEDGER_TITLE = "执法台账"
ENFORCEMENT_CARDS = {  # the page's cards: (name, unit, polarity 0: work done)
    "enterprises": ("执法检查企业数", "家", 0),
    "visits": ("检查家次", "家次", 0),
    "cases": ("行政处罚案件数", "件", 0),
    "fines_wan": ("罚没款金额", "万元", 0),
}
ENFORCEMENT_CARD_INDICATORS = {"enterprises": "enterprises_inspected"}  # a card's official figure, where stored
ENFORCEMENT_RATES = {  # the figures table below the cards: (name, unit)
    "random_share": ("双随机检查占比", "%"),
    "major_per_hundred": ("每百次检查发现重大隐患数", "条"),
    "accident_cases": ("事故类处罚案件数", "件"),
    "routine_cases": ("日常监管处罚案件数", "件"),
    "transferred": ("移送司法机关案件数", "件"),
    "closing_rate": ("结案率", "%"),
}
ENFORCEMENT_RATE_COLUMNS = {"name": "指标", "display": "数值", "unit": "单位", "change": "变化"}
ENFORCEMENT_CHART_TITLES = {
    "method": "{region} {period} 执法检查家次 按检查方式",
    "region": "{region} {period} 执法检查企业数 按地区<br>（各地区分别去重，合计不等于各地区之和）",
    "source": "{region} {period} 行政处罚案件数 按案件来源",
    "penalty": "{region} {period} 行政处罚案件数 按处罚种类<br>（一案多种处罚的分别计入）",
    "fines": "{region} {period} 罚没款金额 按月份",
    "visits_month": "{region} {period} 执法检查家次 按月份",
    "fines_region": "{region} {period} 罚没款金额 按地区",
}
ENFORCEMENT_CHART_AXES = {
    "method": "检查方式", "visits": "检查家次（家次）", "enterprises": "执法检查企业数（家）", "penalty": "处罚种类",
    "cases": "案件数（件）", "source": "案件来源", "month": "月份", "fines": "罚没款金额（万元）", "region": "地区",
}  # fmt: skip
ENFORCEMENT_TRANSFER_COLUMNS = {
    "record_no": "案件编号",
    "filed_on": "立案日期",
    "region": "地区",
    "party": "当事人",
    "violation": "违法行为",
    "transferred_on": "移送日期",
}
ENFORCEMENT_LEDGER_PAGE = {
    "title": ENFORCEMENT_LEDGER_TITLE,
    "caption": "统计口径：所选期间内的执法检查（按检查日期）和立案的行政处罚案件（按立案日期）。执法检查企业数为不重复计数。",
    "no_records": "尚无检查记录或行政处罚案件。请在“数据导入”页面导入各县区的检查记录和行政处罚案件台账，导入后本页按台账统计。",
    "no_records_here": "所选地区和期间没有检查记录或行政处罚案件。",
    "ledger_card": "按台账统计；无正式数",
    "ledger_beside": "台账统计：{ledger}",
    "card_help_official": "卡片显示正式数；{comparison}按正式数比较（无上年正式数时按台账）。",
    "card_help_ledger": "由检查记录和行政处罚案件台账统计；{comparison}为上年同期的台账统计。",
    "rates": "执法统计",
    "charts": "检查和处罚情况",
    "chart_group": "图表",
    "chart_groups": {"inspections": "执法检查", "cases": "行政处罚"},
    "transferred": "移送司法机关的案件",
    "transferred_none": "所选期间没有移送司法机关的案件。",
    "transferred_first": "共{total}起，按立案日期列出前{shown}起。",
    "transferred_all": "列出全部{total}起",
    "records": "台账记录",
    "list_kind": "记录类型",
    "list_kinds": {"inspections": "检查记录", "cases": "行政处罚案件"},
    "filter_region": "地区",
    "filter_method": "检查方式",
    "filter_source": "案件来源",
    "filter_all": "全部",
    "page": "页码",
    "page_of": "共 {total} 条记录，第 {page}/{pages} 页，每页 {size} 条",
    "no_matching": "没有符合条件的记录。",
    "download_csv": "下载筛选结果 CSV",
    "download_xlsx": "下载筛选结果 Excel",
    "file_name": "执法台账_{kind}_{region}_{period}",
    "check": "数据核对",
    "check_intro": "正式数（工作报告、导入的汇总数）与检查记录统计数（不重复企业数）不一致之处；页面和简报以正式数为准。",
    "check_none": "所选地区和期间的正式数与检查记录统计数一致（或无正式数可核对）。",
}

HAZARD_LEDGER_PAGE = {
    "title": HAZARD_LEDGER_TITLE,
    "as_of": "截至日期",
    "as_of_help": "隐患的状态（已整改、整改中、逾期）按此日期判断：此日期后才填写的整改完成日期不计入。默认为所选期间的最后一天（期间未结束时为今天）。",
    "as_of_caption": "统计口径：所选期间内发现的隐患，状态截至{as_of}。",
    "no_records": "尚无隐患台账记录。请在“数据导入”页面导入各县区的隐患台账（每条隐患一行），导入后本页按台账统计整改率、逾期和挂牌督办。",
    "no_records_here": "所选地区和期间没有隐患台账记录。",
    "ledger_card": "按隐患台账统计；无正式数",
    "ledger_beside": "台账统计：{ledger}",
    "card_help_official": "卡片显示正式数；{comparison}按正式数比较（无上年正式数时按台账）。",
    "card_help_ledger": "由隐患台账中所选期间发现的隐患统计，状态截至所选日期；{comparison}为上年同期发现的隐患截至上年同日的情况。",
    "charts": "整改情况",
    "supervised": "挂牌督办隐患（未整改，按紧迫程度排列）",
    "supervised_none": "没有未整改的挂牌督办隐患。",
    "companies": "未整改隐患最多的企业",
    "companies_none": "截至所选日期，所选期间发现的隐患均已整改。",
    "records": "隐患记录",
    "filter_region": "地区",
    "filter_level": "隐患级别",
    "filter_status": "状态",
    "filter_supervision": "挂牌督办",
    "filter_all": "全部",
    "page": "页码",
    "page_of": "共 {total} 条记录，第 {page}/{pages} 页，每页 {size} 条",
    "no_matching": "没有符合条件的记录。",
    "download_csv": "下载筛选结果 CSV",
    "download_xlsx": "下载筛选结果 Excel",
    "file_name": "隐患台账_{region}_{period}_截至{as_of}",
    "check": "数据核对",
    "check_intro": "正式数（工作报告、导入的汇总数）与隐患台账统计数不一致之处；页面和简报以正式数为准。",
    "check_none": "所选地区和期间的正式数与隐患台账统计数一致（或无正式数可核对）。",
    "no_rate": "无隐患",
}

# --- briefing: narrative, chart images, Word briefing ---

# Sentence templates of the narrative (lawreport_data/narrative.py), worded as the 2022 report
# words them. In a piece, {code} is an indicator's value with its unit as printed (8.8万人, 2万余册),
# {code:cn} the same in Chinese numerals (七类); {where} is 全市 or the region's name and {agency}
# the bureau. A piece that is a tuple lists alternatives (the first whose figures all exist wins).
# The pieces "，" "；" "、" "和" are separators (kept only between surviving pieces) and "其中"
# a prefix kept only when the piece before it survived. ``lead``: the sentence always opens
# with its period, worded as the report words it there: True 2022年 / 1-11月份, "this_year"
# 今年 / 今年1-11月 (the report's 今年), "months" 1-12月份 / 1-11月份; without it only when its
# figures cover another span than asked. A stock opens with 目前 (see narrative.period_lead).
# {code:since} is a cumulative figure's start (2012年以来); {agency_short} the bureau as the
# report shortens it (市应急局).
NARRATIVE_SEPARATORS = ("；", "，", "、", "和")
NARRATIVE_PREFIX = "其中"
NARRATIVE_TEMPLATES: tuple[dict, ...] = (
    dict(key="injuries", head="{where}", pieces=("事故受伤{injuries}", "，", "直接经济损失{direct_loss}")),
    dict(
        key="sector_deaths", head="{where}", pieces=("工矿商贸领域死亡{icm_deaths}", "，", "道路运输死亡{road_deaths}")
    ),
    dict(
        key="denominators",
        head="{where}",
        pieces=(
            "地区生产总值{gdp}",
            "，",
            "工矿商贸就业人员{icm_employment}",
            "，",
            "机动车保有量{motor_vehicles}",
            "，",
            "原煤产量{coal_output}",
        ),
    ),  # fmt: skip
    dict(
        key="chem",
        head="危化品方面，",
        pieces=(
            "推进{chem_parks_upgraded}化工园（集中）区整治提升",
            "；",
            (
                "检查{chem_enterprises_inspected}化工企业{chem_major_hazard_sources}重大危险源",
                "检查{chem_enterprises_inspected}化工企业",
                "检查化工企业{chem_major_hazard_sources}重大危险源",
            ),
            "，",
            "发现整改{chem_hazards_rectified}问题隐患",
            "，",
            "组织{chem_projects_reviewed}危化品生产、储存建设项目安全审查",
        ),
    ),
    dict(
        key="mines",
        head="矿山方面，",
        pieces=("制定{mine_check_items}检查内容", "，", "检查发现问题隐患{mine_hazards_found}"),
    ),
    dict(
        key="metal",
        head="冶金工贸方面，",
        pieces=(
            "完成{risk_reports}工业企业风险报告",
            "，",
            "执法检查{dust_enterprises_inspected}粉尘企业",
            "；",
            "钢铁企业煤气专项治理率{steel_gas_treatment_rate}",
            "，",
            "其他金属冶炼企业重大隐患治理率{metal_major_hazard_treatment_rate}",
        ),
    ),
    dict(key="warning", head="综合监管方面，", pieces=("印发警示提示函{warning_letters}",)),
    dict(
        key="monitoring",
        head="对{where}",
        pieces=(
            "{monitored_mines}非煤矿山",
            "和",
            "{monitored_tailings_ponds}尾矿库",
            "、",
            (
                "{monitored_chem_enterprises}企业{monitored_major_hazard_sources}危险化学品重大危险源",
                "{monitored_chem_enterprises}危险化学品企业",
                "{monitored_major_hazard_sources}危险化学品重大危险源",
            ),
        ),
        tail="实施24小时监控和在线巡查",
    ),
    dict(
        key="towns",
        head="推动{where}",
        pieces=("{towns_basic_capacity}镇街园区“1（预案）+3（清单）+5（能力）”建设",),
    ),
    dict(key="disasters", pieces=("处置灾害事故{disasters_handled}",)),
    dict(
        key="teams",
        head="建立",
        pieces=(
            "{rescue_teams}应急救援队伍",
            "，",
            "{rescue_team_types:cn}专业救援突击队",
            "和",
            "{support_team_types:cn}保障队",
        ),
    ),
    dict(key="plans", head="完成", pieces=("{plans_revised}市级专项预案修订",)),
    dict(key="drills", head="累计开展", pieces=("推演、演习{drills}", "，", "直接参演人数{drill_participants}")),
    dict(key="committee", head="调整完善减灾委成员单位，", pieces=("新增{disaster_committee_new_members}单位",)),
    dict(key="weather", head="下发", pieces=("《气象灾害应对工作提示单》{weather_notices}",)),
    dict(key="officers", head="组织{where}", pieces=("{disaster_officers_trained}灾害信息员业务培训",)),
    dict(key="online", head="实现", pieces=("申请、审批网上可办率{online_approval_rate}",)),
    dict(key="approval", head="审批事项全部压缩", pieces=("{approval_time_cut:cn}审批时限",)),
    dict(
        key="cooperation",
        head="携手检察机关推进安全生产领域检察监督与行政执法协作工作，明确",
        pieces=("{cooperation_opinions:cn}协作意见",),
    ),
    dict(
        key="inspections",
        lead="this_year",
        head="{where}",
        pieces=(
            "执法检查企业{enterprises_inspected}",
            "，",
            "检查{inspection_visits}",
            "，",
            "排查问题隐患{hazards_found}",
            "，",
            "其中",
            "一般隐患{general_hazards}",
            "，",
            "重大隐患{major_hazards}",
            "；",
            "已整改隐患{hazards_rectified}",
            "，",
            "隐患整改率{hazard_rectification_rate}",
        ),
    ),
    dict(
        key="penalties",
        lead="this_year",
        head="{where}",
        pieces=("行政处罚立案{penalty_cases}", "，", "罚没款{penalty_amount}"),
    ),
    dict(
        key="lawyers",
        pieces=("组织{public_lawyers}符合条件人员申请成为公职律师", "，", "外聘{legal_advisers}法律顾问"),
    ),
    dict(
        key="opinions",
        lead="this_year",
        pieces=(
            (
                "共组织律师顾问队伍对{documents_advised}文件提供{legal_opinions}意见和建议",
                "共组织律师顾问队伍审查{documents_advised}文件",
                "律师顾问队伍共提出{legal_opinions}意见和建议",
            ),
        ),
    ),
    dict(
        key="fair",
        pieces=(
            "共清理公平竞争审查文件{fair_competition_reviewed}",
            "，",
            "其中",
            "{fair_competition_kept}符合规定予以保留",
            "，",
            "{fair_competition_repealed}违反规定予以废止",
        ),
    ),
    dict(
        key="normative",
        lead="this_year",
        pieces=(
            "共梳理{documents_sorted:since}以{agency_short}名义发布的文件总数{documents_sorted}",
            "，",
            "其中",
            "规范性文件{normative_documents}",
            "，",
            "废止{normative_documents_repealed}",
            "，",
            "保留{normative_documents_kept}",
        ),
    ),
    dict(
        key="penalties",
        lead="this_year",
        pieces=(
            "共审核重大行政处罚案卷{penalty_files_reviewed}",
            "，",
            "提出法制审核意见{legal_review_opinions}",
            "，",
            "参加行政处罚案件集体讨论会并完成集体讨论记录{collective_discussions}",
        ),
    ),
    dict(
        key="exposure",
        lead="this_year",
        pieces=(
            (
                "累计曝光{where}{exposure_batches}{exposed_cases}典型案例和违法行为",
                "累计曝光{where}{exposed_cases}典型案例和违法行为",
                "累计曝光典型案例{exposure_batches}",
            ),
        ),
    ),
    dict(
        key="proposals",
        lead=True,
        head="{agency}",
        pieces=(
            "承办市人大建议{npc_suggestions}",
            "，",
            "其中",
            "主办{npc_suggestions_led}",
            "，",
            "协办{npc_suggestions_assisted}",
            "；",
            "承办市政协提案{cppcc_proposals}",
            "，",
            "其中",
            "主办{cppcc_proposals_led}",
            "，",
            "协办{cppcc_proposals_assisted}",
        ),
    ),
    dict(key="institutions", head="{where}应急管理系统", pieces=("设有专职法制机构{legal_institutions}",)),
    dict(key="real_name", head="确保", pieces=("实名举报案件核查率{real_name_verification_rate}",)),
    dict(
        key="complaints",
        lead="this_year",
        head="{where}",
        pieces=(
            "接收安全生产举报件{complaints_received}",
            "，",
            "核实{complaints_verified}",
            "，",
            "奖励发放{rewards_granted}",
            "，",
            "发放奖励金{reward_amount}",
        ),
    ),
    dict(
        key="reconsideration",
        lead="this_year",
        head="发生",
        pieces=("{reconsideration_cases:cn}案件被行政复议", "，", "复议决定维持{reconsideration_upheld:cn}"),
    ),
    dict(
        key="training",
        pieces=(
            (
                "组织安排{enforcement_training_batches}{enforcement_staff_trained}应急管理系统执法人员参加全省安全生产执法培训班",
                "组织安排{enforcement_staff_trained}应急管理系统执法人员参加全省安全生产执法培训班",
            ),
            "；",
            "统筹开展{captain_lecture_sessions:cn}{where}应急管理综合执法队伍“以讲促学大队长讲堂”培训活动",
            "；",
            "组织{where}{town_cadres_trained}乡镇干部安全生产专题培训班",
        ),
    ),
    dict(
        key="exams",
        head="{where}",
        pieces=(
            "{special_operators_trained}特种作业人员",
            "、",
            "{managers_trained}一般性生产经营单位负责人、安全管理人员",
        ),
        tail="参加安全生产法律法规和知识培训考核",
    ),
    dict(
        key="materials",
        head="累计发放",
        pieces=("《安全生产法》等{law_booklets}", "，", "挂图海报{posters}", "，", "宣传折页{leaflets}"),
    ),
    dict(
        key="news",
        head="{where}",
        pieces=(
            "报纸、电视台刊播安全生产工作相关新闻报道共{news_reports}",
            "，",
            "连云港日报刊登{newspaper_special_pages}专版",
            "、",
            "电视台播报{tv_special_episodes}专集",
        ),
    ),
    dict(key="posts", pieces=("累计编发普法动态信息、安全防范知识等信息{online_posts}",)),
    dict(
        key="lectures",
        head="{where}累计",
        pieces=(
            "宣讲{lectures}",
            "，",
            (
                "覆盖{lecture_enterprises}企业、{lecture_employees}企业员工",
                "覆盖{lecture_enterprises}企业",
                "覆盖{lecture_employees}企业员工",
            ),
        ),
    ),
)
NARRATIVE = {
    "city_where": "全市",
    "province_where": "全省",
    "province_agency": "省应急管理厅",
    "province_agency_short": "省应急厅",
    "city_agency": "市应急管理局",
    "agency": "{region}应急管理局",
    "year_lead": "{year}年",
    "span_lead": "{start}-{end}月份",
    "month_lead": "{month}月份",
    "this_year_lead": "今年",
    "this_year_span_lead": "今年{start}-{end}月",
    "this_year_month_lead": "今年{month}月",
    "stock_lead": "目前",
    "since": "{since}年以来",
    "half": "一半",
    "city_agency_short": "市应急局",
    "agency_short": "{region}应急局",
    "accidents": "发生各类事故{value}",
    "deaths": "死亡{value}",
    "deaths_alone": "事故死亡{value}",
    "major_none": "未发生较大及以上事故",
    "major_some": "发生较大及以上事故{value}",
    "double_decline_first": "实现事故起数和死亡人数“双下降”",
    "double_decline_again": "继续保持事故起数和死亡人数“双下降”",
    "double_decline_run": "连续{years}年保持事故起数和死亡人数“双下降”",
    "pair_names": ("事故起数", "死亡人数"),
    "respectively": "分别",
    "both": "均",
    "and": "和",
    "about": "约",
    "previous_zero": "上年同期为0",
    "previous_zero_both": "上年同期均为0",
    "previous_zero_mom": "上期为0",
    "previous_zero_both_mom": "上期均为0",
    "previous_zero_prev2": "前年同期为0",
    "previous_zero_both_prev2": "前年同期均为0",
    "previous_zero_avg5": "近五年同期平均为0",
    "previous_zero_both_avg5": "近五年同期平均均为0",
    "hotline_orders": "共办理12345工单{value}",
    "hotline_rates_equal": "工单及时办理率、满意度均为{value}",
    "hotline_timely": "工单及时办理率{value}",
    "hotline_satisfaction": "满意度{value}",
    "changes_yoy": "与上年同期相比，",
    "changes_mom": "与上期相比，",
    "changes_prev2": "与前年同期相比，",
    "changes_avg5": "与近五年同期平均相比，",
    "digits": "零一二三四五六七八九",
    "ten": "十",
}

# The accident breakdown a 通报 gives after its headline (narrative.accident_breakdown_sentence),
# written from the ledger's counts by 行业领域 and 事故等级. {accidents} and {deaths} are figures
# with their units (5起, 3人), {share}s percentages (38.6%).
NARRATIVE_BREAKDOWN = {
    "lead": "其中，",
    "all_in_one": "上述事故均为{sector}事故",
    "sector": "{sector}事故{accidents}",
    "group": "{group}领域事故{accidents}",
    "deaths": "、死亡{deaths}",
    "shares_first": "，分别占总数的{accidents_share}、{deaths_share}",
    "share_first": "，占总数的{accidents_share}",
    "shares": "，分别占{accidents_share}、{deaths_share}",
    "share": "，占{accidents_share}",
    "grade_first": "发生{grade}事故{accidents}",
    "grade": "{grade}事故{accidents}",
    "clause_separator": "；",
    "grade_separator": "，",
    "synthetic": "（示例数据）",  # written from synthetic (demo) records
    "end": "。",
}

# The hazard sentence (narrative.hazard_sentence), in the form the report and 通报 use.
NARRATIVE_ENFORCEMENT = {  # the 通报's enforcement sentence from the two ledgers (narrative.enforcement_sentence)
    "inspections": "{where}共检查企业{enterprises}家、{visits}家次，发现隐患{hazards}条，其中重大隐患{major}条",
    "no_inspections": "{where}台账中无执法检查记录",
    "cases": "立案{cases}起，罚没款{fines}万元，移送司法机关{transferred}起",
    "no_cases": "无行政处罚立案",
    "separator": "；",
    "end": "。",
    # after an official 执法检查企业数 the ledger's distinct count differs from (narrative.enforcement_ledger_note)
    "ledger_lead": "据执法台账，",
    "ledger_inspections": "检查{visits}家次，发现隐患{hazards}条，其中重大隐患{major}条",
    "synthetic": "（示例数据）",
}
NARRATIVE_HAZARD = {
    "found": "{where}共排查隐患{found}条，其中一般隐患{general}条、重大隐患{major}条，已整改{rectified}条，整改率{rate}",
    "none": "{where}未排查出隐患",
    "overdue": "，逾期未整改{overdue}条",
    "supervised": "；挂牌督办隐患{supervised}条尚未整改",
    "supervised_overdue": "（其中逾期{overdue}条）",
    "synthetic": "（示例数据）",
    "end": "。",
    # What the ledger adds after an official sentence it differs from (narrative.hazard_ledger_note).
    "ledger_lead": "据隐患台账，",
    "ledger_overdue": "逾期未整改{overdue}条",
    "ledger_supervised": "挂牌督办隐患{supervised}条尚未整改",
    "ledger_separator": "；",
}

# The Word briefing (lawreport_data/docx_io.py). Its headings are the source report's own
# sub-sections （一）…（七） (REPORT_SECTIONS, written 一、…七、), each figure under the section
# the report gives it in; inside a section the dashboard topics are sub-headings.
BRIEFING = {
    "title": "{region}安全生产监管统计简报",
    "subtitle": "（{period}）",
    "issuer": "连云港市应急管理局",
    "province_issuer": "江苏省应急管理厅",  # a province's store (store.add_province)
    "comparison": "比较口径：{comparison}",
    "section_heading": "{numeral}、{name}",
    "topic_heading": "（{numeral}）{name}",
    "empty_section": "本期无相关统计数据。",
    "figure_caption": "图{n}　{title}",
    "table_heading": "附表　主要指标一览",
    "targets_heading": "附表　控制指标进度",
    "targets_columns": ("地区", "指标", "控制数", "实际", "已用（%）", "时间进度（%）", "状态"),
    "targets_unset": "其余地区、指标未设置控制数，不列入本表。",
    "table_columns": ("指标", "期间", "数值", "上年同期", "同比", "来源"),
    "table_columns_mom": ("指标", "期间", "数值", "上期", "环比", "来源"),
    "table_columns_prev2": ("指标", "期间", "数值", "前年同期", "比前年", "来源"),
    "table_columns_avg5": ("指标", "期间", "数值", "近五年同期平均", "比近五年平均", "来源"),
    "rates_heading": "附表　安全生产事故率",
    "rates_columns": ("指标", "期间", "数值", "{previous}", "{comparison}", "计算"),
    "rates_previous": {"yoy": "上年同期", "mom": "上期", "prev2": "前年同期", "avg5": "近五年同期平均"},
    "rates_note": "比率只按全年或1-N月累计计算（1-N月累计为当期死亡人数除以全年分母，未折算全年）。",
    "source_short": {"report": "报告", "derived": "推算", "import": "导入", "demo": "示例"},
    "sources_heading": "数据来源",
    "source_report": "报告：{title}，原文 {count} 句",
    "source_derived": "推算：{names}（由报告同比降幅推算）",
    "source_previous_derived": "上年同期数由报告同比降幅推算：{names}",
    "source_import": "导入：导入文件，导入批次 {ids}",
    "source_demo": "示例：示例数据（合成），仅用于演示：{names}",
    "synthetic_warning": "本简报含示例数据（合成），仅用于演示，不得引用。",
    "provisional_note": "标注“快报数”的数值待核定。",
    "charts_missing": "未生成图表（{reason}）。",
    "no_figures": "所选地区和期间暂无数据。",
    "page_number": "— {page} —",
    "download": "下载 Word 简报",
    "download_help": "按当前地区和期间生成简报（文字、图表、指标表、数据来源），约需数秒",
    "file_name": "安全生产监管简报_{region}_{period}.docx",
}
BRIEFING_CHART_KINDS = ("months", "compare", "children", "years")  # one chart per indicator, first found
BRIEFING_FONTS = {"body": "仿宋", "heading": "黑体", "title": "黑体", "latin": "Times New Roman"}

# --- navigation ---
NAV_SECTIONS = {"dashboard": "统计看板", "data": "数据管理", "account": "账号"}


# A database fault under a page or a command (lawreport_data/api/database.py StoreError): what
# failed, that nothing was changed, what to do; (Chinese for the page, one English line for the CLI).
STORE_ERRORS = {
    "read_only": (
        "数据库是只读的，无法写入：本次操作没有改动任何数据。请联系系统管理员检查数据库文件或账号的写权限。",
        "The database is read-only, so nothing could be written; nothing was changed. "
        "Ask the administrator to check the write permission of the database.",
    ),
    "disk_full": (
        "数据库所在的磁盘已满，写入失败：本次操作没有改动任何数据。请联系系统管理员腾出磁盘空间后再试。",
        "The disk of the database is full, so the write failed; nothing was changed. Free disk space and try again.",
    ),
    "connection_lost": (
        "与数据库的连接中断了：本次操作没有改动任何数据。请稍后刷新页面再试；仍不行请联系系统管理员。",
        "The connection to the database was lost; nothing was changed. Try again; if it keeps failing, "
        "ask the administrator to check the database server.",
    ),
    "unavailable": (
        "无法打开数据库：{reason}。本次操作没有改动任何数据。请检查数据库地址（LAWREPORT_DB_URL）与数据库服务，"
        "或联系系统管理员；恢复后刷新页面即可。",
        "Cannot open the database: {reason}. Nothing was changed. Check LAWREPORT_DB_URL and the database server.",
    ),
    "failed": (
        "数据库出错：{reason}。本次操作没有改动任何数据。请稍后再试；仍不行请联系系统管理员。",
        "The database failed: {reason}. Nothing was changed. Try again; if it keeps failing, ask the administrator.",
    ),
}

# --- accounts, roles, audit (lawreport_data/auth.py, pages/login.py, pages/audit.py) ---------
ROLE_LABELS = {"viewer": "查看", "county": "县区填报员", "admin": "市级管理员"}
ROLE_LABELS_EN = {"viewer": "viewer", "county": "county analyst", "admin": "admin"}
# Login and account refusals: (Chinese, English).
AUTH_MESSAGES = {
    "bad_credentials": ("用户名或密码不正确。", "Wrong user name or password."),
    "disabled": ("该账号已停用，请联系市级管理员。", "The account is disabled."),
    "throttled": (
        "登录失败次数过多，请{seconds}秒后再试。",
        "Too many failed logins; try again in {seconds} s.",
    ),
    "expired": ("登录已超时，请重新登录。", "The session has expired; sign in again."),
    "unknown_user": ("没有名为“{user}”的账号。", "There is no account {user!r}."),
    "user_exists": ("账号“{user}”已存在。", "The account {user!r} exists already."),
    "weak_password": (
        "密码至少{min}位，且不能与用户名相同。",
        "The password must have at least {min} characters and differ from the user name.",
    ),
    "bad_role": ("角色应为：查看、县区填报员或市级管理员。", "The role must be viewer, county or admin."),
    "county_needs_region": (
        "县区填报员必须指定一个县区（或功能区）。",
        "A county analyst needs a region (--region).",
    ),
    "bad_region": ("地区“{region}”无法识别。", "Unknown region {region!r}."),
    "bad_username": (
        "用户名应为1-64个字母、数字、汉字或 . _ - 。",
        "A user name has 1-64 letters, digits, CJK characters or . _ -.",
    ),
    "last_admin": ("不能停用最后一个启用的市级管理员。", "The last active admin cannot be disabled."),
    "login_required": ("请先登录。", "Sign in first."),
    "admin_only": ("只有市级管理员可以查看审计日志。", "Only an admin may see the audit log."),
    "targets_admin_only": ("只有市级管理员可以设置控制指标。", "Only an admin may set control targets."),
}
AUDIT_ACTION_LABELS = {
    "init_db": "载入报告数据",
    "province": "设为全省数据库",
    "import": "导入",
    "undo": "撤销导入",
    "import_refused": "拒绝导入",
    "user_add": "新建账号",
    "user_disable": "停用账号",
    "user_enable": "启用账号",
    "user_passwd": "修改密码",
    "login": "登录",
    "login_failed": "登录失败",
    "targets_import": "导入控制指标",
    "target_revise": "修订控制数",
}
AUDIT_TARGET_BATCH = "批次{batch}"
AUDIT_COLUMNS = {
    "id": "序号",
    "at": "时间",
    "actor": "操作人",
    "action": "操作",
    "target": "对象",
    "region_code": "地区",
    "batch_id": "批次",
    "file_name": "文件",
    "detail": "说明",
}
AUDIT_DETAILS = {
    "init_db": "载入报告数值{report}个、示例数据{demo}个",
    "province": "新增地区{added}个：{names}",
    "import": "新增{new}个、修改{changed}个数值（共{rows}行）",
    "undo": "撤销批次{batch}，恢复{restored}个数值",
    "import_refused": "{count}处问题，未导入",
    "user_add": "角色：{role}{region}",
    "user_disable": "",
    "user_enable": "",
    "user_passwd": "",
    "login": "",
    "login_failed": "{reason}",
    "targets_import": "控制指标：新增{new}个、修订{changed}个、未变{unchanged}个",
    "target_revise": "{old} → {new}",
}
# The import event's detail for an accident ledger (action "import"), its full re-send scope appended.
AUDIT_ACCIDENT_IMPORT = "事故台账：新增{new}条、修改{changed}条、移除{retired}条记录（共{rows}行）{scope}"
AUDIT_HAZARD_IMPORT = "隐患台账：新增{new}条、修改{changed}条、移除{retired}条记录（共{rows}行）{scope}"
AUDIT_INSPECTION_IMPORT = "检查记录：新增{new}条、修改{changed}条、移除{retired}条记录（共{rows}行）{scope}"
AUDIT_CASE_IMPORT = "行政处罚案件：新增{new}件、修改{changed}件、移除{retired}件（共{rows}行）{scope}"
AUDIT_LEDGER_IMPORT = {
    "accidents": AUDIT_ACCIDENT_IMPORT,
    "hazards": AUDIT_HAZARD_IMPORT,
    "inspections": AUDIT_INSPECTION_IMPORT,
    "cases": AUDIT_CASE_IMPORT,
}
AUDIT_ACCIDENT_SCOPE = "；全量重报范围：{regions}，{start}至{end}"  # appended to import_accidents
AUDIT_REFUSED_UNREAD = "未读取：{reason}"  # import_refused for a file refused whole (not a table, …)
# A failed login whose user name matches no account: the typed text is not trusted as an actor.
# The event's actor is UNVERIFIED_ACTOR and the typed name, escaped and cut (api.accounts.unverified_name),
# is only quoted in the detail.
UNVERIFIED_ACTOR = "（未验证）"
AUDIT_UNVERIFIED_LOGIN = "输入的用户名（无此账户，未验证）：{name}；{reason}"
ACCOUNT_PAGE = {
    "login_title": "登录",
    "login_intro": "查看统计看板无需登录；导入、撤销数据和查看审计日志需登录。",
    "login_required_intro": "本系统要求登录后查看。",
    "username": "用户名",
    "password": "密码",
    "submit": "登录",
    "logout": "退出登录",
    "signed_in": "当前用户：{name}（{role}）",
    "welcome": "已登录：{name}（{role}）。",
    "audit_title": "审计日志",
    "audit_intro": "所有数据变更（导入、更正、撤销）和账号变更，只增不改。",
    "filter_actor": "操作人",
    "filter_action": "操作",
    "filter_from": "起始日期",
    "filter_to": "截止日期",
    "all": "全部",
    "no_events": "没有符合条件的记录。",
    "download_csv": "下载 CSV",
    "download_xlsx": "下载 Excel",
    "scope": "·{region}",
}


# 安全生产控制指标 (issue 17): the indicators a county's annual cap is set for, the columns of a
# targets file, and the progress board's statuses (control_progress.STATUSES, worst first).
TARGET_INDICATORS = ("accidents", "deaths", "major_accidents", "icm_deaths", "road_deaths")
ALWAYS_ON_BOARD = ("accidents", "deaths", "major_accidents")
"""The board lists these whether or not a target is set; the sector deaths only where one is."""


@dataclass(frozen=True)
class Rate:
    """A rate computed from two indicators: ``numerator`` ÷ ``denominator`` × ``scale``, shown in
    ``unit`` with ``decimals`` (``rates``); only for a whole year or a 1-N月 span (累计)."""

    code: str
    name: str
    numerator: str
    denominator: str
    scale: float
    unit: str
    decimals: int


RATE_LIST = (
    Rate("gdp_death_rate", "亿元GDP生产安全事故死亡率", "deaths", "gdp", 1, "人/亿元", 3),
    Rate(
        "icm_death_rate", "工矿商贸就业人员十万人生产安全事故死亡率", "icm_deaths", "icm_employment", 10, "人/十万人", 3
    ),
    Rate("road_death_rate", "道路交通万车死亡率", "road_deaths", "motor_vehicles", 1, "人/万车", 2),
)
RATES = {r.code: r for r in RATE_LIST}
TARGET_RATES = tuple(r.code for r in RATE_LIST)
"""The rates a control target may be set on: the year's cap on the rate, read 1-N月 as the
cumulative rate (the span's deaths over the year's denominator) against the share of the year."""
TARGET_CODES = (*TARGET_INDICATORS, *TARGET_RATES)
"""Everything a control target may be set on (a targets file's 指标, the 控制指标 page)."""


def target_info(code: str) -> Indicator | Rate:
    """What a control target is set on, an indicator or a rate (both have ``name`` and ``unit``).

    >>> target_info("deaths").name, target_info("road_death_rate").unit
    ('死亡人数', '人/万车')
    """
    return RATES[code] if code in RATES else INDICATORS[code]


RATE_TEXTS = {
    "cumulative": "{period}累计",
    "only_spans": "比率只按全年或1-N月累计计算",
    "no_numerator": "缺少{period}{name}",
    "no_denominator": "缺少{year}年{name}",
    "earlier_denominator": "{name}采用{year}年数",
    "from_ledger": "由事故台账统计",
    "parts": "{numerator}{num}{num_unit} ÷ {denominator}{den}{den_unit}（{year}年）",
    "scaled": "，× {scale}",
}
TARGET_FILE_COLUMNS = {"region": "地区", "year": "年度", "indicator": "指标", "target": "控制数"}
PROGRESS_STATUS = {
    "over_year": "超全年", "over_pace": "超进度", "normal": "正常", "no_actual": "无实际数", "no_target": "无控制数"
}  # fmt: skip
PROGRESS_COLUMNS = {
    "region_name": "地区",
    "indicator_name": "指标",
    "target": "控制数",
    "actual": "实际",
    "used_pct": "已用（%）",
    "time_pct": "时间进度（%）",
    "status_label": "状态",
}
TARGET_SOURCE_DEMO = "示例数据（合成）：控制数为各县区当年示例实际数略上浮"
PROGRESS_BOARD = {
    "title": "控制指标进度",
    "indicator": "指标",
    "chart_title": "{region} {period}累计 控制指标进度：{indicator}",
    "x_axis": "已用全年控制数（%）",
    "time_line": "时间进度 {pct}%",
    "bar_text": "{actual}/{target}{unit}（{used}）",
    "bar_text_no_target": "{actual}{unit}，无控制数",
    "bar_text_no_actual": "控制数{target}{unit}，{reason}",
    "hover": "{region}：实际{actual}{unit}，控制数{target}{unit}，已用{used}，{status}",
    "none": "{year}年尚未设置控制指标（可在“数据导入”页或用命令行 targets import 导入）",
    "over_pace": "{region}{indicator}已达全年控制数的{used}%，超时间进度{points}个百分点",
    "over_year": "{region}{indicator}{actual}{unit}，已超过全年控制数{target}{unit}",
    "all_within": "各地区均在控制指标时间进度以内",
    "own": "{region}{indicator}：实际{actual}{unit}，控制数{target}{unit}，已用{used}，{status}",
    "cumulative": "按{period}累计，时间进度为{pct}%（{year}年共{days}天）",
}
PROGRESS_COLOURS = {
    "over_year": "#D55E00", "over_pace": "#E69F00", "normal": "#009E73", "no_actual": "#888888", "no_target": "#BBBBBB"
}  # fmt: skip
TARGETS_PAGE = {
    "title": "控制指标",
    "intro": "各地区年度安全生产控制指标（控制数）：逐项录入或修订，或导入文件（列：地区、年度、指标、控制数）。修订以最新值为准，每次修订记入审计日志。",
    "year": "年度",
    "stored": "已设置的控制指标",
    "none": "{year}年尚未设置控制指标。",
    "columns": {
        "region_name": "地区",
        "indicator_name": "指标",
        "target": "控制数",
        "source": "来源",
        "updated_by": "设置人",
        "updated_at": "设置时间",
    },
    "entry": "录入或修订一项",
    "region": "地区",
    "indicator": "指标",
    "value": "控制数",
    "save": "保存",
    "saved": "已保存：{region}{year}年{indicator}控制数 {value}（{what}）。",
    "what": {"new": "新增", "changed": "修订，原为{old}", "unchanged": "与原值相同，未改动"},
    "upload": "导入控制指标文件（CSV 或 Excel）",
    "checked": "文件“{file}”共{rows}项控制指标，检查无误。",
    "refused": "文件“{file}”有{count}处问题，未导入：",
    "confirm": "确认导入",
    "imported": "已导入“{file}”：新增{new}项，修订{changed}项，未变{unchanged}项。",
    "template": "下载模板",
}
TARGET_ENTERED = "控制指标页面录入"
