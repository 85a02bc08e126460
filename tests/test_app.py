"""The dashboard through Streamlit's AppTest (no browser)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = Path(__file__).resolve().parent.parent / "app.py"


@pytest.fixture
def app(report_engine, monkeypatch):
    """The app, run once against a database made by init-db."""
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def test_overview_shows_accidents_and_deaths_with_their_declines(app):
    metrics = {m.label: (m.value, m.delta) for m in app.metric}
    assert metrics["事故起数（起）"] == ("70", "同比下降38.6%")
    assert metrics["死亡人数（人）"] == ("37", "同比下降33.9%")


def test_a_fall_in_accidents_shows_green_with_a_down_arrow(app):
    card = next(m for m in app.metric if m.label == "事故起数（起）")
    assert (card.proto.color, card.proto.direction) == (card.proto.MetricColor.GREEN, card.proto.MetricDirection.DOWN)


def test_overview_offers_the_word_briefing(app):
    buttons = app.get("download_button")
    assert [b.proto.label for b in buttons] == ["下载 Word 简报"]
