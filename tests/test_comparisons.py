"""比前年 and 近五年同期平均 (issue 17): the engine's changes against the same span two years before
and against the mean of the five years before, worked out by hand; the summary command with them."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from lawreport_data import api, cli, metrics
from lawreport_data.periods import Period


def _obs(values: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [dict(indicator="accidents", region="320700", year=y, start=1, end=11, value=v) for y, v in values.items()]
    )


@pytest.mark.parametrize(
    "values, comparison, previous, text",
    [
        ({2022: 70, 2021: 114, 2020: 100}, "prev2", 100, "比前年下降30.0%"),
        ({2022: 70, 2021: 114, 2020: 100}, "yoy", 114, "同比下降38.6%"),
        ({2022: 3, 2020: 0}, "prev2", 0, "比前年增加3起（前年同期为0）"),
        ({2022: 70, 2021: 80, 2020: 120, 2019: 90, 2018: 110, 2017: 100}, "avg5", 100, "比近五年同期平均下降30.0%"),
        ({2022: 90, 2021: 80, 2020: 80, 2019: 80, 2018: 80, 2017: 80}, "avg5", 80, "比近五年同期平均上升12.5%"),
        ({2022: 70, 2021: 80, 2020: 120, 2019: 90, 2018: 110}, "avg5", None, "近五年同期数据不全（4/5年）"),
        ({2022: 70, 2021: 80}, "prev2", None, "无可比数据"),
    ],
)
def test_a_change_against_two_years_before_or_the_five_years_mean_is_worded_as_a_通报_words_it(
    values, comparison, previous, text
):
    row = metrics.summary(_obs(values), "320700", Period(2022, 1, 11), comparison=comparison).iloc[0]
    assert (row["previous"] if pd.notna(row["previous"]) else None, row["change_text"]) == (previous, text)


def test_the_summary_command_compares_with_two_years_before_and_the_five_years_mean(report_engine, monkeypatch, capsys):
    # 2017–2020 1-11月 for the city beside the report's 2021 (114, derived) and 2022 (70)
    rows = "".join(
        f"连云港市,事故起数,{y}年1-11月,{v}\n" for y, v in ((2017, 130), (2018, 125), (2019, 121), (2020, 110))
    )
    api.apply_import(
        report_engine, io.BytesIO(("地区,指标,期间,数值\n" + rows).encode("gbk")), "历年.csv", user="analyst"
    )
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    found = {}
    for comparison in ("prev2", "avg5"):
        assert (
            cli.main(["summary", "--period", "2022-01..2022-11", "--comparison", comparison, "--format", "json"]) == 0
        )
        found[comparison] = next(r for r in json.loads(capsys.readouterr().out) if r["indicator"] == "accidents")
    assert (found["prev2"]["previous"], found["prev2"]["change_text"]) == (110, "比前年下降36.4%")
    # (114 + 110 + 121 + 125 + 130) / 5 = 120; 70 against 120: down 41.7%
    assert (found["avg5"]["previous"], found["avg5"]["change_text"]) == (120, "比近五年同期平均下降41.7%")
