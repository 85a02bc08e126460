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
}
SECTION_NUMERALS = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七"}


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
AGGREGATION_LABELS = {"sum": "可累加", "none": "不可累加"}


@dataclass(frozen=True)
class Indicator:
    """One measured quantity.

    ``polarity``: -1 lower is better, 1 higher is better, 0 neutral (work done).
    ``aggregation``: ``sum`` adds over months and regions; ``none`` (rates, standing
    counts) never does. ``parent``: the indicator this one is a part of (share).
    ``monthly``: counties report it every month (the demo data covers these).
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


def _i(code, name, unit, topic, section, polarity=0, aggregation="sum", parent=None, monthly=False, aliases=()):
    return Indicator(code, name, unit, topic, section, polarity, aggregation, parent, monthly, tuple(aliases))


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
        monthly=True,
        aliases=("检查企业数", "执法检查企业"),
    ),
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
    # 5 法治监督与制度建设
    _i("public_lawyers", "申请公职律师人数", "名", "legal", 3, aggregation="none"),
    _i("legal_advisers", "外聘法律顾问人数", "名", "legal", 3, aggregation="none"),
    _i("documents_advised", "法律顾问审查文件数", "份", "legal", 3),
    _i("legal_opinions", "法律顾问提出意见建议数", "条", "legal", 3),
    _i("fair_competition_reviewed", "清理公平竞争审查文件数", "份", "legal", 3),
    _i("fair_competition_kept", "公平竞争审查保留文件数", "份", "legal", 3, parent="fair_competition_reviewed"),
    _i("fair_competition_repealed", "公平竞争审查废止文件数", "份", "legal", 3, parent="fair_competition_reviewed"),
    _i("documents_sorted", "梳理以局名义发布文件数", "份", "legal", 3),
    _i("normative_documents", "规范性文件数", "份", "legal", 3, parent="documents_sorted"),
    _i("normative_documents_repealed", "废止规范性文件数", "份", "legal", 3, parent="normative_documents"),
    _i("normative_documents_kept", "保留规范性文件数", "份", "legal", 3, parent="normative_documents"),
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
    _i("legal_institutions", "专职法制机构数", "个", "legal", 5, aggregation="none"),
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
    """Indicators shown on one dashboard page, in catalog order."""
    return [i for i in INDICATOR_LIST if i.topic == topic]


# --- qualifiers, status, origin --------------------------------------------------------

# A value's qualifier exactly as printed: "" exact, 余/多 at least, 约 about.
QUALIFIERS = ("", "余", "多", "约")
QUALIFIER_LABELS = {"": "准确数", "余": "余（不少于）", "多": "多（不少于）", "约": "约（近似）"}
APPROXIMATE_QUALIFIERS = frozenset({"余", "多", "约"})

STATUS_LABELS = {"final": "正式数", "provisional": "快报数（待核）"}
ORIGIN_LABELS = {
    "report": "2022年度法治政府工作报告（连应急〔2023〕8号）",
    "derived": "由报告同比降幅推算",
    "import": "导入文件",
    "demo": "示例数据（合成）",
}
SOURCE_REPORT_TITLE = "连云港市应急管理局2022年度法治政府工作报告（连应急〔2023〕8号）"
REPORT_DATE = "2023-01-09"

# --- phrases ---------------------------------------------------------------------------

COMPARISON_LABELS = {"yoy": "同比", "mom": "环比"}
PHRASES = {
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
    "summed_months": "由月度数据累计",
    "summed_children": "由下辖地区数据汇总",
    "stored": "直接填报",
    "mom_not_applicable": "跨年累计期间不计算环比",
    "source_prefix": "数据来源：",
}

# Column headers of the summary table, shown by the CLI (table/csv) and the pages.
SUMMARY_COLUMNS = {
    "indicator": "指标代码",
    "name": "指标",
    "unit": "单位",
    "region": "地区",
    "period": "期间",
    "value": "数值",
    "qualifier": "限定",
    "previous": "上年同期",
    "change_pct": "变化率(%)",
    "change_text": "变化",
    "status": "状态",
    "source": "来源",
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

CHART_KINDS = {
    "compare": "{comparison}",
    "months": "月度走势",
    "years": "历年同期",
    "children": "各地区对比",
}
CHART_AXES = {
    "period": "期间",
    "month": "月份",
    "region": "地区",
    "value": "{name}（{unit}）",
}
CHART_WATERMARK = "示例数据"
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

# The overview's generated sentence (see narrative.headline_sentence).
HEADLINE_SENTENCE = "{span}份，{where}发生各类事故{accidents}起、死亡{deaths}人，{change}"
HEADLINE_SAME_DIRECTION = "{comparison}分别{verb}{a}和{b}"
HEADLINE_MIXED = "事故起数{a}，死亡人数{b}"
CITY_WORD = "全市"

UI = {
    "sidebar_header": "查询条件",
    "region": "地区",
    "period_kind": "期间类型",
    "period_kinds": {"span": "1–N月累计", "month": "单月", "year": "全年"},
    "year": "年份",
    "month": "月份",
    "end_month": "截至月份",
    "comparison": "比较方式",
    "briefing": "简报模式",
    "briefing_help": "隐藏侧栏与页面装饰、放大字号，便于截图放入简报",
    "no_data": "所选地区和期间暂无数据。",
    "only_one_period": "该专题仅有{period}一个期间的数据，以表格列示，不绘制趋势图。",
    "table": "图表数据",
    "download_csv": "下载 CSV",
    "download_xlsx": "下载 Excel",
    "indicator_table": "指标一览",
    "chart_indicator": "图表指标",
    "charts": "图表",
    "no_charts": "所选地区和期间没有可绘制趋势或对比的数据。",
    "double_decline": "双下降",
    "double_decline_yes": "实现",
    "double_decline_no": "未实现",
    "double_decline_unknown": "无法判断",
    "warnings": "数据提示",
    "synthetic_warning": "本页含示例数据（合成），仅用于演示，不得引用。",
    "provisional_warning": "部分数值为快报数（待核）。",
    "approximate_warning": "部分数值为“余/多/约”近似数，其变化率为近似值。",
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
