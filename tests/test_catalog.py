"""Every code the product uses has its Chinese label in the catalog."""

import pytest

from lawreport_data import catalog

ALL_UNITS = {
    "亿元",
    "万人",
    "万辆",
    "万吨",
    "起",
    "人",
    "家",
    "条",
    "件",
    "场次",
    "人次",
    "份",
    "元",
    "万元",
    "%",
    "个",
    "项",
    "座",
    "支",
    "类",
    "名",
    "件次",
    "家次",
    "批次",
    "期",
    "册",
    "场",
}


@pytest.mark.parametrize("indicator", catalog.INDICATOR_LIST, ids=lambda i: i.code)
def test_every_indicator_has_its_labels(indicator):
    assert indicator.name and not indicator.name.isascii()
    assert indicator.unit in ALL_UNITS or (indicator.measure == "statement" and indicator.unit == "")  # yes/no
    assert indicator.topic in catalog.TOPICS
    assert indicator.section in catalog.REPORT_SECTIONS
    assert indicator.polarity in catalog.POLARITY_LABELS
    assert indicator.aggregation in catalog.AGGREGATION_LABELS
    assert indicator.parent is None or indicator.parent in catalog.INDICATORS
    assert indicator.measure in catalog.MEASURE_LABELS
    # only a flow sums over months and regions; a count since a year names the year
    assert indicator.aggregation == "none" or indicator.measure == "flow"
    assert (indicator.since is not None) == (indicator.measure == "cumulative")


@pytest.mark.parametrize("region", catalog.REGION_LIST, ids=lambda r: r.code)
def test_every_region_has_its_labels(region):
    assert region.kind in catalog.REGION_KIND_LABELS
    assert region.parent is None or region.parent in catalog.REGIONS


@pytest.mark.parametrize(
    "labels",
    [catalog.QUALIFIER_LABELS, catalog.STATUS_LABELS, catalog.ORIGIN_LABELS, catalog.COMPARISON_LABELS],
)
def test_every_code_of_a_vocabulary_has_a_label(labels):
    assert all(isinstance(v, str) and v for v in labels.values())


def test_qualifiers_have_labels():
    assert set(catalog.QUALIFIERS) == set(catalog.QUALIFIER_LABELS)


def test_core_indicators_use_the_names_users_say():
    names = {i.code: i.name for i in catalog.INDICATOR_LIST}
    assert [names[c] for c in ("accidents", "deaths", "injuries", "direct_loss")] == [
        "事故起数",
        "死亡人数",
        "受伤人数",
        "直接经济损失",
    ]
    assert [names[c] for c in ("enterprises_inspected", "hazards_found", "general_hazards", "major_hazards")] == [
        "执法检查企业数",
        "排查隐患数",
        "一般隐患数",
        "重大隐患数",
    ]


def test_names_and_aliases_point_to_one_indicator_each():
    seen = {}
    for i in catalog.INDICATOR_LIST:
        for name in (i.code, i.name, *i.aliases):
            assert seen.setdefault(name, i.code) == i.code, f"{name} names both {seen[name]} and {i.code}"


def test_names_and_aliases_point_to_one_region_each():
    seen = {}
    for r in catalog.REGION_LIST:
        for name in (r.code, r.name, *r.aliases):
            assert seen.setdefault(name, r.code) == r.code


def test_the_city_has_six_counties_and_districts_and_four_zones():
    kinds = [r.kind for r in catalog.children_of(catalog.CITY_CODE)]
    assert kinds.count("zone") == 4 and len(kinds) == 10


@pytest.mark.parametrize(
    ("code", "polarity"), [("accidents", -1), ("deaths", -1), ("hazard_rectification_rate", 1), ("drills", 0)]
)
def test_polarity_says_which_way_is_good(code, polarity):
    assert catalog.INDICATORS[code].polarity == polarity


def test_every_role_audit_action_and_account_message_has_its_chinese_label():
    from lawreport_data import auth

    assert set(catalog.ROLE_LABELS) == set(auth.ROLES) == set(catalog.ROLE_LABELS_EN)
    assert set(catalog.AUDIT_DETAILS) == set(catalog.AUDIT_ACTION_LABELS)
    assert all(zh and en for zh, en in catalog.AUTH_MESSAGES.values())
    assert set(catalog.AUDIT_COLUMNS) <= set(__import__("lawreport_data.store", fromlist=["x"]).AUDIT_FIELDS)
