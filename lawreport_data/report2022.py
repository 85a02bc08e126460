"""Every figure of the 2022 report (连应急〔2023〕8号), with the sentence it was taken from.

Each :class:`Figure` names the literal text the report prints for it (``printed``), which a
test finds in the sentence, and the sentence, which a test finds in the report itself.

>>> f = next(f for f in FIGURES if f.indicator == "legal_review_opinions")
>>> f.value, f.qualifier, f.printed
(200, '余', '200余条')
>>> [(f.indicator, f.value) for f in derived_figures()]
[('accidents', 114), ('deaths', 56)]

Stocks and cumulative counts (``catalog.Indicator.measure``) are held under the year that
states them, as of the report's date: 专职法制机构2个 "目前", 1730 documents "2012 年以来".
The report's own statement that 1-11月 2021 also fell in both (继续保持“双下降”) is held as
the figure ``double_decline`` = 1 of 2021-01..2021-11.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from . import catalog
from .metrics import derive_previous
from .periods import Period

YEAR = 2022
AS_OF = dt.date.fromisoformat(catalog.REPORT_DATE)
JAN_NOV = Period(2022, 1, 11)
FULL_YEAR = Period.year_of(2022)


@dataclass(frozen=True)
class Figure:
    indicator: str
    value: float
    printed: str
    sentence: str
    period: Period = FULL_YEAR
    qualifier: str = ""


S_ACCIDENTS = (
    "1-11月份，全市发生各类事故70起、死亡37人，同比分别下降38.6%和33.9%；未发生较大及以上事故，"
    "继续保持事故起数和死亡人数“双下降”。"
)
S_CHEM = (
    "危化品方面，严格执行危险化学品“禁限控”目录，推进4家化工园（集中）区整治提升；全覆盖检查市内27家化工企业"
    "151个重大危险源，发现整改673条问题隐患，组织85个危化品生产、储存建设项目安全审查。"
)
S_MINES = (
    "矿山方面，推动原锦屏磷矿尾矿库回采，指导海州区政府组织开展原锦屏磷矿尾矿库溃坝应急演练；制定25项检查内容，"
    "检查发现问题隐患80项。"
)
S_METAL = (
    "冶金工贸方面，全面完成6803家工业企业风险报告，全覆盖执法检查207家粉尘企业；钢铁企业煤气专项治理率100%，"
    "其他金属冶炼企业重大隐患治理率100%。"
)
S_WARNING = (
    "综合监管方面，开展全市安全生产专项整治三年行动评估工作，针对海洋渔业、海上风电、餐饮燃气、专业市场等行业领域"
    "突出风险印发警示提示函7份；推动交通运输、住建、消防等部门深入开展专项整治和百日攻坚。"
)
S_MONITORING = (
    "强化科技赋能，全面建成连云港市应急管理信息化平台，构建覆盖全域应急管理感知数据采集体系，对全市7座非煤矿山和"
    "1座尾矿库、28家企业158个危险化学品重大危险源实施24小时监控和在线巡查，做到及时预警研判和调度处置；"
)
S_TOWNS = "全面部署“百团大战”，推动全市97个镇街园区“1（预案）+3（清单）+5（能力）”建设，持续夯实基层安全生产基础。"
S_DISASTERS = "立足“全灾种、大应急”，深化“666”应急处置工作法运用，快速响应、高效处置灾害事故48起。"
S_TEAMS = "建立市县乡三级117支应急救援队伍，危化品、森林灭火等七类专业救援突击队和水电气、通信等六类保障队。"
S_PLANS = (
    "全面建成覆盖全市的三级应急预案体系，推动基层构建“1+13+X+Y”应急预案体系，完成气象、文旅、水利等 5 个"
    "市级专项预案修订。"
)
S_DRILLS = (
    "针对高层建筑、城镇燃气、危化品事故多发领域和森林防火、防汛抗旱等季节性突出风险，累计开展应急通信、高层建筑火灾、"
    "港区海上危化品综合应急救援等推演、演习 2091 场次，直接参演人数约 8.8 万人。"
)
S_COMMITTEE = (
    "调整完善减灾委成员单位，新增市城管局、连云港海事局、连云港供电公司 3 家单位，厘清部门“防”“救”职责界限和工作链条。"
)
S_WEATHER = (
    "会同气象等部门开展强对流灾害性天气监测预警服务示范体系建设，密切会商研判，下发《气象灾害应对工作提示单》35 份。"
)
S_OFFICERS = "多渠道、多层次组织全市 2054 名灾害信息员业务培训，建立“反应灵敏、运转高效、全面准确”的灾情报送体系。"
S_ONLINE = (
    "深入推进“不见面”审批，实现申请、审批网上可办率 100%目标的同时，积极帮助企业开展网上申报，提供直接邮寄证书服务"
    "或由企业自取证书，实现企业“最多跑一次”；"
)
S_LAWYERS = (
    "修订市应急局公职律师与法律顾问制度，申请成立公职律师机构，组织 2 名符合条件人员申请成为公职律师，外聘 1 名法律顾问，"
    "形成内外结合、相互补充的法律顾问工作格局，提高依法行政能力和水平。"
)
S_OPINIONS = "今年，共组织律师顾问队伍对 10 余份文件提供 60 多条意见和建议。"
S_FAIR = "开展政策措施清理“回头看”活动，共清理公平竞争审查文件 8 份，其中 6 份符合规定予以保留，2 份违反规定予以废止。"
S_NORMATIVE = (
    "今年，共梳理 2012 年以来以市应急局名义发布的文件总数 1730 份，其中规范性文件 15 份，废止 12 份，保留 3 份。"
)
S_COOPERATION = (
    "携手检察机关推进安全生产领域检察监督与行政执法协作工作，联合组织加强安全生产领域检察监督与行政执法协作工作意见会签仪式，"
    "明确加强安全生产违法行为行刑衔接、建立检察监督和行政执法联合专项行动机制等十项协作意见。"
)
S_INSPECTIONS = "今年，全市执法检查企业 1414 家，排查问题隐患 7481 条，其中一般隐患 7439 条，重大隐患 42 条。"
S_PENALTIES = (
    "今年，共审核重大行政处罚案卷44件次，提出法制审核意见200余条，参加行政处罚案件集体讨论会并完成集体讨论记录21件次。"
)
S_EXPOSURE = (
    "今年，切实加大“一案双罚”主要负责人违法行为曝光力度，累计在市应急局微信公众号、局网站曝光全市6批次64起典型案例"
    "和违法行为。"
)
S_PROPOSALS = (
    "2022 年，市应急管理局承办市人大建议 8 件，其中主办 3 件，协办 5 件；承办市政协提案 12 件，其中主办 4 件，协办 8 件；"
    "内容涉及应急联动、危化品管理、应急力量建设、风险能力提升等方面。"
)
S_HOTLINE = "另外，1-12 月份共办理 12345 工单 127 件，工单及时办理率、满意度均为 100%。"
S_APPROVAL = "压缩时限，审批事项全部压缩一半以上审批时限。"
S_RECONSIDERATION = "今年，发生一起“罗怀金信访举报瞒报生产安全事故案”被行政复议，省、市政府决定维持。"
S_REAL_NAME = (
    "通过法定途径分类处理信访投诉请求，完善多元化矛盾化解机制，确保实名举报案件核查率 100%，保障信访人合理合法诉求。"
)
S_COMPLAINTS = "今年 1-11 月，全市接收安全生产举报件 243 件次，核实 243 件，奖励发放 3 件，发放奖励金 44980 元。"
S_TRAINING = (
    "组织安排 6 批次 72 名应急管理系统执法人员参加全省安全生产执法培训班；统筹开展四期全市应急管理综合执法队伍"
    "“以讲促学大队长讲堂”培训活动；组织全市 120 名乡镇干部安全生产专题培训班等，提升全市应急系统人员法律素养及专业技能。"
)
S_EXAMS = (
    "组织全市高危行业企业负责人、安全管理人员、特种作业人员安全培训，全市 24491 名特种作业人员、4800 多名一般性生产经营"
    "单位负责人、安全管理人员参加安全生产法律法规和知识培训考核。"
)
S_MATERIALS = "累计发放《安全生产法》等2万余册，挂图海报3万余份，宣传折页5万余份。"
S_NEWS = "全市报纸、电视台刊播安全生产工作相关新闻报道共684条，连云港日报刊登9个专版、电视台播报7个专集。"
S_POSTS = "利用公众号、网站等自媒体扩大宣传，累计编发普法动态信息、安全防范知识等信息1476条。"
S_LECTURES = (
    "扎实开展“百团进百万企业千万员工”等活动，市县区、部门、镇街(园区)党政主要领导带头深入基层、企业开展集中宣讲活动，"
    "全市累计宣讲1762场，覆盖15260家企业、142800名企业员工。"
)
S_INSTITUTIONS = (
    "目前，全市应急管理系统设有专职法制机构2个，符合法律规定资质条件的法治工作人员偏少，从事法治工作的人员多为兼职，"
    "且承担的其他工作任务较重，日常职责难以得到有效落实，不能满足当前法治政府建设及我市应急管理的工作需要。"
)


def _f(indicator, value, printed, sentence, period=FULL_YEAR, qualifier=""):
    return Figure(indicator, value, printed, sentence, period, qualifier)


FIGURES: tuple[Figure, ...] = (
    _f("accidents", 70, "70起", S_ACCIDENTS, JAN_NOV),
    _f("deaths", 37, "37人", S_ACCIDENTS, JAN_NOV),
    _f("major_accidents", 0, "未发生较大及以上事故", S_ACCIDENTS, JAN_NOV),
    # 继续保持: 1-11月 2021 had fallen in both too (the report's statement; 2020 is not held).
    _f("double_decline", 1, "继续保持事故起数和死亡人数“双下降”", S_ACCIDENTS, JAN_NOV.same_span_last_year()),
    _f("chem_parks_upgraded", 4, "4家", S_CHEM),
    _f("chem_enterprises_inspected", 27, "27家", S_CHEM),
    _f("chem_major_hazard_sources", 151, "151个", S_CHEM),
    _f("chem_hazards_rectified", 673, "673条", S_CHEM),
    _f("chem_projects_reviewed", 85, "85个", S_CHEM),
    _f("mine_check_items", 25, "25项", S_MINES),
    _f("mine_hazards_found", 80, "80项", S_MINES),
    _f("risk_reports", 6803, "6803家", S_METAL),
    _f("dust_enterprises_inspected", 207, "207家", S_METAL),
    _f("steel_gas_treatment_rate", 100, "煤气专项治理率100%", S_METAL),
    _f("metal_major_hazard_treatment_rate", 100, "重大隐患治理率100%", S_METAL),
    _f("warning_letters", 7, "7份", S_WARNING),
    _f("monitored_mines", 7, "7座", S_MONITORING),
    _f("monitored_tailings_ponds", 1, "1座", S_MONITORING),
    _f("monitored_chem_enterprises", 28, "28家", S_MONITORING),
    _f("monitored_major_hazard_sources", 158, "158个", S_MONITORING),
    _f("towns_basic_capacity", 97, "97个", S_TOWNS),
    _f("disasters_handled", 48, "48起", S_DISASTERS),
    _f("rescue_teams", 117, "117支", S_TEAMS),
    _f("rescue_team_types", 7, "七类", S_TEAMS),
    _f("support_team_types", 6, "六类", S_TEAMS),
    _f("plans_revised", 5, "5 个", S_PLANS),
    _f("drills", 2091, "2091 场次", S_DRILLS),
    _f("drill_participants", 88000, "约 8.8 万人", S_DRILLS, qualifier="约"),
    _f("disaster_committee_new_members", 3, "3 家", S_COMMITTEE),
    _f("weather_notices", 35, "35 份", S_WEATHER),
    _f("disaster_officers_trained", 2054, "2054 名", S_OFFICERS),
    _f("online_approval_rate", 100, "100%", S_ONLINE),
    _f("approval_time_cut", 50, "一半以上", S_APPROVAL, qualifier="以上"),
    _f("public_lawyers", 2, "2 名", S_LAWYERS),
    _f("legal_advisers", 1, "1 名", S_LAWYERS),
    _f("documents_advised", 10, "10 余份", S_OPINIONS, qualifier="余"),
    _f("legal_opinions", 60, "60 多条", S_OPINIONS, qualifier="多"),
    _f("fair_competition_reviewed", 8, "8 份", S_FAIR),
    _f("fair_competition_kept", 6, "6 份", S_FAIR),
    _f("fair_competition_repealed", 2, "2 份", S_FAIR),
    _f("documents_sorted", 1730, "1730 份", S_NORMATIVE),
    _f("normative_documents", 15, "15 份", S_NORMATIVE),
    _f("normative_documents_repealed", 12, "废止 12 份", S_NORMATIVE),
    _f("normative_documents_kept", 3, "保留 3 份", S_NORMATIVE),
    _f("cooperation_opinions", 10, "十项", S_COOPERATION),
    _f("enterprises_inspected", 1414, "1414 家", S_INSPECTIONS),
    _f("hazards_found", 7481, "7481 条", S_INSPECTIONS),
    _f("general_hazards", 7439, "7439 条", S_INSPECTIONS),
    _f("major_hazards", 42, "42 条", S_INSPECTIONS),
    _f("penalty_files_reviewed", 44, "44件次", S_PENALTIES),
    _f("legal_review_opinions", 200, "200余条", S_PENALTIES, qualifier="余"),
    _f("collective_discussions", 21, "21件次", S_PENALTIES),
    _f("exposure_batches", 6, "6批次", S_EXPOSURE),
    _f("exposed_cases", 64, "64起", S_EXPOSURE),
    _f("npc_suggestions", 8, "建议 8 件", S_PROPOSALS),
    _f("npc_suggestions_led", 3, "主办 3 件", S_PROPOSALS),
    _f("npc_suggestions_assisted", 5, "协办 5 件", S_PROPOSALS),
    _f("cppcc_proposals", 12, "提案 12 件", S_PROPOSALS),
    _f("cppcc_proposals_led", 4, "主办 4 件", S_PROPOSALS),
    _f("cppcc_proposals_assisted", 8, "协办 8 件", S_PROPOSALS),
    _f("hotline_orders", 127, "127 件", S_HOTLINE),
    _f("hotline_timely_rate", 100, "100%", S_HOTLINE),
    _f("hotline_satisfaction_rate", 100, "100%", S_HOTLINE),
    _f("legal_institutions", 2, "2个", S_INSTITUTIONS),
    _f("real_name_verification_rate", 100, "100%", S_REAL_NAME),
    _f("complaints_received", 243, "243 件次", S_COMPLAINTS, JAN_NOV),
    _f("complaints_verified", 243, "核实 243 件", S_COMPLAINTS, JAN_NOV),
    _f("rewards_granted", 3, "3 件", S_COMPLAINTS, JAN_NOV),
    _f("reward_amount", 44980, "44980 元", S_COMPLAINTS, JAN_NOV),
    _f("reconsideration_cases", 1, "一起", S_RECONSIDERATION),
    _f("reconsideration_upheld", 1, "决定维持", S_RECONSIDERATION),
    _f("enforcement_training_batches", 6, "6 批次", S_TRAINING),
    _f("enforcement_staff_trained", 72, "72 名", S_TRAINING),
    _f("captain_lecture_sessions", 4, "四期", S_TRAINING),
    _f("town_cadres_trained", 120, "120 名", S_TRAINING),
    _f("special_operators_trained", 24491, "24491 名", S_EXAMS),
    _f("managers_trained", 4800, "4800 多名", S_EXAMS, qualifier="多"),
    _f("law_booklets", 20000, "2万余册", S_MATERIALS, qualifier="余"),
    _f("posters", 30000, "3万余份", S_MATERIALS, qualifier="余"),
    _f("leaflets", 50000, "5万余份", S_MATERIALS, qualifier="余"),
    _f("news_reports", 684, "684条", S_NEWS),
    _f("newspaper_special_pages", 9, "9个专版", S_NEWS),
    _f("tv_special_episodes", 7, "7个专集", S_NEWS),
    _f("online_posts", 1476, "1476条", S_POSTS),
    _f("lectures", 1762, "1762场", S_LECTURES),
    _f("lecture_enterprises", 15260, "15260家", S_LECTURES),
    _f("lecture_employees", 142800, "142800名", S_LECTURES),
)

# Printed declines from which last year's figures are derived: indicator -> percent change.
PRINTED_DECLINES = {"accidents": -38.6, "deaths": -33.9}


def derived_figures() -> list[Figure]:
    """Jan–Nov 2021 accidents and deaths, derived from the printed 同比 declines."""
    out = []
    for f in FIGURES:
        if f.indicator in PRINTED_DECLINES:
            previous = derive_previous(f.value, PRINTED_DECLINES[f.indicator])
            sentence = f"{f.sentence}（{catalog.ORIGIN_LABELS['derived']}：{f.value}÷(1{PRINTED_DECLINES[f.indicator]:+.1f}%)）"
            out.append(
                Figure(
                    f.indicator, previous, f"{PRINTED_DECLINES[f.indicator]}%", sentence, f.period.same_span_last_year()
                )
            )
    return out


def report_frame() -> pd.DataFrame:
    """The report's figures (and the two derived ones) as observations of the city."""
    rows = []
    for origin, figures in (("report", FIGURES), ("derived", derived_figures())):
        for f in figures:
            rows.append(
                dict(
                    indicator=f.indicator,
                    region=catalog.CITY_CODE,
                    year=f.period.year,
                    start=f.period.start,
                    end=f.period.end,
                    value=float(f.value),
                    qualifier=f.qualifier,
                    status="final",
                    as_of=AS_OF,
                    origin=origin,
                    synthetic=False,
                    source=f.sentence,
                    batch_id=None,
                    source_row=None,
                    note=None,
                )
            )
    return pd.DataFrame(rows)
