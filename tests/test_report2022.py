"""Every figure the product holds from the report can be found, as printed, in the report."""

import hashlib
import re
from pathlib import Path

import pytest

from lawreport_data import catalog, report2022

REPORT_COPY = Path(report2022.__file__).parent / "source" / "2022_report.txt"
SHARED_REPORT = Path(__file__).resolve().parents[2] / "shared" / "source" / "2022_report.txt"
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
# Figures the report gives in words: half the time limit or more, the one case (一起) the
# province and city upheld, and "yes" for 继续保持 (the year before also fell in both).
WORDED = {"一半以上": 50, "决定维持": 1, "继续保持事故起数和死亡人数“双下降”": 1}


def squeeze(text: str) -> str:
    """The report breaks lines and pages mid-sentence and pads numbers with spaces."""
    return re.sub(r"\s+", "", text)


def printed_value(printed: str) -> float:
    """The number a printed token stands for: 70起 → 70, 约 8.8 万人 → 88000, 七类 → 7, 未发生… → 0."""
    if printed.startswith("未发生"):
        return 0
    if printed in WORDED:
        return WORDED[printed]
    token = squeeze(printed)
    if m := re.search(r"(\d+(?:\.\d+)?)(万?)", token):
        return float(m[1]) * (10000 if m[2] else 1)
    return CHINESE_DIGITS[token[0]]


REPORT_TEXT = squeeze(REPORT_COPY.read_text(encoding="utf-8"))


REPORT_SHA256 = "6c9ca2c76889bc2d5db7d347c49a7b5011be61444fc3c4cf4f9ce5152b8b943e"


def test_repository_copy_of_the_report_is_the_source_unchanged():
    assert hashlib.sha256(REPORT_COPY.read_bytes()).hexdigest() == REPORT_SHA256
    if SHARED_REPORT.exists():  # beside a checkout made for this project: the very same bytes
        assert REPORT_COPY.read_bytes() == SHARED_REPORT.read_bytes()


@pytest.mark.parametrize("figure", report2022.FIGURES, ids=lambda f: f.indicator)
def test_every_figure_comes_from_a_sentence_of_the_report(figure):
    assert squeeze(figure.sentence) in REPORT_TEXT
    assert squeeze(figure.printed) in squeeze(figure.sentence)
    assert printed_value(figure.printed) == figure.value


@pytest.mark.parametrize("figure", report2022.FIGURES, ids=lambda f: f.indicator)
def test_qualifier_is_the_one_printed(figure):
    printed = squeeze(figure.printed)
    after_number = re.search(r"[\d万](余|多)", printed)  # 200余条, 2万余册, 4800多名
    if printed.startswith("约"):
        expected = "约"
    elif after_number:
        expected = after_number[1]
    else:  # 一半以上 (not 未发生较大及以上事故)
        expected = "以上" if printed.endswith("以上") else ""
    assert figure.qualifier == expected


def test_every_figure_is_a_known_indicator_given_once():
    codes = [f.indicator for f in report2022.FIGURES]
    assert set(codes) <= set(catalog.INDICATORS)
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("indicator", "period", "value"),
    [
        ("accidents", "2022-01..2022-11", 70),
        ("deaths", "2022-01..2022-11", 37),
        ("major_accidents", "2022-01..2022-11", 0),
        ("complaints_received", "2022-01..2022-11", 243),
        ("reward_amount", "2022-01..2022-11", 44980),
        ("hotline_orders", "2022", 127),
        ("enterprises_inspected", "2022", 1414),
        ("drill_participants", "2022", 88000),
        ("approval_time_cut", "2022", 50),
        ("reconsideration_cases", "2022", 1),
        ("double_decline", "2021-01..2021-11", 1),
    ],
)
def test_each_figure_keeps_the_span_the_report_gives(indicator, period, value):
    figure = next(f for f in report2022.FIGURES if f.indicator == indicator)
    assert (str(figure.period), figure.value) == (period, value)


def test_last_years_accidents_and_deaths_are_derived_and_marked_so():
    frame = report2022.report_frame()
    derived = frame[frame["origin"] == "derived"].set_index("indicator")
    assert derived.loc["accidents", ["year", "start", "end", "value"]].tolist() == [2021, 1, 11, 114.0]
    assert derived.loc["deaths", ["year", "start", "end", "value"]].tolist() == [2021, 1, 11, 56.0]
    assert all("推算" in s for s in derived["source"])


@pytest.mark.parametrize(
    ("indicator", "measure", "since", "section"),
    [
        ("legal_institutions", "stock", None, 8),  # 目前 …专职法制机构2个: part 三（二）of the report
        ("documents_sorted", "cumulative", 2012, 3),  # 2012 年以来 … 1730 份
        ("normative_documents", "cumulative", 2012, 3),
        ("normative_documents_repealed", "cumulative", 2012, 3),
        ("normative_documents_kept", "cumulative", 2012, 3),
        ("approval_time_cut", "flow", None, 1),  # （一）六是优化法治营商环境
        ("reconsideration_cases", "flow", None, 6),  # （六）积极化解矛盾纠纷
        ("reconsideration_upheld", "flow", None, 6),
    ],
)
def test_stocks_and_counts_since_a_year_are_modelled_so_under_the_section_that_gives_them(
    indicator, measure, since, section
):
    info = catalog.INDICATORS[indicator]
    assert (info.measure, info.since, info.section) == (measure, since, section)
    assert info.aggregation == "none" or measure == "flow"
    figure = next(f for f in report2022.FIGURES if f.indicator == indicator)
    assert squeeze(figure.sentence) in section_text(section)


def section_text(section: int) -> str:
    """The report's text of one section: （一）…（七） of part 一, or part 三 (section 8)."""
    report = REPORT_COPY.read_text(encoding="utf-8")
    start = report.index(catalog.REPORT_SECTIONS[section])
    if section == 8:
        end = report.index("四、2023年", start)
    elif section == 7:
        end = report.index("二、主要负责人", start)
    else:
        end = report.index(f"（{catalog.SECTION_NUMERALS[section + 1]}）", start)
    return squeeze(report[start:end])


@pytest.mark.parametrize("figure", report2022.FIGURES, ids=lambda f: f.indicator)
def test_every_figure_sits_under_the_section_of_the_report_that_gives_it(figure):
    assert squeeze(figure.sentence) in section_text(catalog.INDICATORS[figure.indicator].section)
