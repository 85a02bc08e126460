"""Every page file checks the account itself (``ui.page_guard``), so a page run without app.py (a
first visitor before any session has run app.py, or ``streamlit run pages/x.py``) shows nothing the
account may not see. Through AppTest, each page file run on its own."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api

PAGES = sorted((Path(__file__).resolve().parent.parent / "pages").glob("*.py"))


@pytest.fixture
def accounts(report_engine, monkeypatch):
    """A database made by init-db with chief (admin), guanyun (灌云县 analyst), leader (viewer)."""
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "chief", "chief-secret-1", "admin")
    api.add_user(report_engine, "guanyun", "gy-secret-12", "county", region="灌云县")
    api.add_user(report_engine, "leader", "leader-secret", "viewer")
    return report_engine


def run_alone(page: Path, username: str | None = None, password: str | None = None) -> AppTest:
    """The page file run as the app's only script, signed in through the form it shows (if any)."""
    at = AppTest.from_file(str(page), default_timeout=60).run()
    assert not at.exception, at.exception
    if username is not None:
        at.text_input(key="login_username").input(username)
        at.text_input(key="login_password").input(password)
        next(b for b in at.button if b.label == "登录").click().run()
        assert not at.exception, at.exception
    return at


def shows_only_the_login(at: AppTest) -> bool:
    return (
        [t.value for t in at.title] == ["登录"]
        and "login_username" in [w.key for w in at.text_input]
        and not at.metric
        and not at.dataframe
        and not at.get("file_uploader")
        and not at.get("download_button")
        and not [h for h in at.get("html") if "<table" in h.proto.body]
    )


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_every_page_alone_shows_only_the_login_when_reading_needs_one(accounts, monkeypatch, page):
    monkeypatch.setenv("LAWREPORT_REQUIRE_LOGIN", "1")
    assert shows_only_the_login(run_alone(page))


@pytest.mark.parametrize(
    ("page", "figure"), [("accidents", "事故起数（起）"), ("overview", "事故起数（起）"), ("legal", None)]
)
def test_signing_in_on_a_page_that_needs_it_shows_that_page(accounts, monkeypatch, page, figure):
    monkeypatch.setenv("LAWREPORT_REQUIRE_LOGIN", "1")
    at = run_alone(PAGES[[p.stem for p in PAGES].index(page)], "leader", "leader-secret")
    assert [t.value for t in at.title] != ["登录"] and not at.error
    if figure:
        assert figure in [m.label for m in at.metric]


@pytest.mark.parametrize(
    ("page", "username", "password", "shown"),
    [
        ("import", None, None, "login"),
        ("history", None, None, "login"),
        ("audit", None, None, "login"),
        ("import", "leader", "leader-secret", "当前账号（查看）无权导入或撤销数据。"),
        ("history", "leader", "leader-secret", "当前账号（查看）无权导入或撤销数据。"),
        ("audit", "leader", "leader-secret", "只有市级管理员可以查看审计日志。"),
        ("audit", "guanyun", "gy-secret-12", "只有市级管理员可以查看审计日志。"),
        ("import", "guanyun", "gy-secret-12", "content"),
        ("history", "guanyun", "gy-secret-12", "content"),
        ("audit", "chief", "chief-secret-1", "content"),
    ],
)
def test_a_data_page_alone_asks_for_the_role_it_needs(accounts, page, username, password, shown):
    at = run_alone(PAGES[[p.stem for p in PAGES].index(page)], username, password)
    if shown == "login":
        assert shows_only_the_login(at) and [w.value for w in at.warning] == ["请先登录。"]
    elif shown == "content":
        assert not at.error and [t.value for t in at.title] != ["登录"]
        assert at.get("file_uploader") or at.dataframe or at.info
    else:
        assert [e.value for e in at.error] == [shown]
        assert not at.get("file_uploader") and not at.dataframe and not at.get("download_button")


def test_reading_stays_open_on_a_page_alone_when_no_login_is_required(accounts):
    at = run_alone(PAGES[[p.stem for p in PAGES].index("accidents")])
    assert "事故起数（起）" in [m.label for m in at.metric]
