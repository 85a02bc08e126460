"""Accounts in the dashboard through AppTest: who sees which page and control, login, expiry,
and every step in the audit log."""

import datetime as dt
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lawreport_data import api, auth, store
from lawreport_data.api import accounts as api_accounts
from tests.conftest import sign_in

APP = Path(__file__).resolve().parent.parent / "app.py"
OWN = "地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode("gbk")
MIXED = (
    "地区,指标,期间,数值\n灌云县,事故起数,2022-10,2\n灌南县,事故起数,2022-10,4\n东海县,死亡人数,2022-10,1\n".encode()
)


@pytest.fixture
def accounts_app(report_engine, monkeypatch):
    """The app on a database made by init-db, with accounts: chief (admin), guanyun (灌云县
    analyst), leader (viewer); nobody signed in."""
    monkeypatch.setenv("LAWREPORT_DB_URL", report_engine.url.render_as_string(hide_password=False))
    api.add_user(report_engine, "chief", "chief-secret-1", "admin")
    api.add_user(report_engine, "guanyun", "gy-secret-12", "county", region="灌云县")
    api.add_user(report_engine, "leader", "leader-secret", "viewer")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    return at


def _upload(at, name: str, data: bytes):
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize(
    ("username", "password", "region", "shown"),
    [
        ("guanyun", "gy-secret-12", None, "县区填报员·灌云县"),
        ("yishan", "ys-secret-123", "伊山镇", "县区填报员·伊山镇"),
    ],
)
def test_the_sidebar_names_the_signed_in_accounts_role_and_region(
    accounts_app, report_engine, username, password, region, shown
):
    if region:  # an account bound to a town added to the store, not in the catalog
        with store.session_factory(report_engine).begin() as s:
            store.add_region(s, "320723100", region, "town", "320723")
        api.add_user(report_engine, username, password, "county", region=region)
    at = sign_in(accounts_app, username, password)
    captions = [c.value for c in at.sidebar.caption]
    assert any(f"（{shown}）" in c for c in captions), captions


TOPICS = [
    "1. 事故与安全形势",
    "事故台账",
    "2. 专项整治与风险防控",
    "3. 应急救援与防灾减灾",
    "4. 执法检查与隐患治理",
    "隐患台账",
    "执法台账",
]
TOPICS += ["5. 法治监督与制度建设", "6. 信访举报", "7. 宣传培训"]


def sidebar_menu(at) -> tuple[list[str], list[str]]:
    """The app's own menu in the sidebar: its section headers and its entries, in order."""
    # A container's id ends with its key (st.container(key="app_menu"), ui.sidebar_menu).
    menu = next(b for b in at.sidebar.children.values() if getattr(b.proto, "id", "").endswith("-app_menu"))
    return [c.value for c in menu.caption], [link.proto.label for link in menu.get("page_link")]


@pytest.mark.parametrize(
    ("username", "password", "sections", "entries"),
    [
        (None, None, ["统计看板", "账号"], ["总览", *TOPICS, "登录"]),
        ("leader", "leader-secret", ["统计看板", "账号"], ["总览", *TOPICS, "登录"]),
        (
            "guanyun",
            "gy-secret-12",
            ["统计看板", "数据管理", "账号"],
            ["总览", *TOPICS, "数据导入", "导入记录", "登录"],
        ),
        (
            "chief",
            "chief-secret-1",
            ["统计看板", "数据管理", "账号"],
            ["总览", *TOPICS, "数据导入", "导入记录", "控制指标", "审计日志", "登录"],
        ),
    ],
)
def test_the_sidebar_menu_lists_the_pages_the_account_may_open_by_their_titles(
    accounts_app, username, password, sections, entries
):
    at = sign_in(accounts_app, username, password) if username else accounts_app
    at.switch_page("pages/overview.py").run()
    assert sidebar_menu(at) == (sections, entries)


def shows_only_the_login(at) -> bool:
    """The page answered with the login form (and 请先登录): no upload, no undo, no table."""
    return (
        not at.exception
        and [w.value for w in at.warning] == ["请先登录。"]
        and "登录" in [t.value for t in at.title]
        and not at.get("file_uploader")
        and not [b for b in at.button if b.key in ("undo_batch", "confirm_import")]
        and not at.dataframe
    )


@pytest.mark.parametrize("page", ["pages/import.py", "pages/history.py", "pages/audit.py"])
def test_a_visitor_on_an_import_history_or_audit_address_gets_the_login_form_only(accounts_app, page):
    """The address exists (no Streamlit "Page not found" in English): the page answers with its login."""
    at = accounts_app.switch_page(page).run()
    assert shows_only_the_login(at) and not at.metric


@pytest.mark.parametrize(
    ("page", "message"),
    [("pages/import.py", "查看"), ("pages/history.py", "查看"), ("pages/audit.py", "只有市级管理员可以查看审计日志。")],
)
def test_a_viewer_signed_in_still_has_no_upload_undo_or_audit(accounts_app, page, message):
    at = sign_in(accounts_app, "leader", "leader-secret")
    assert "当前用户：leader（查看）" in [c.value for c in at.sidebar.caption]
    at = at.switch_page(page).run()
    assert not at.exception
    assert len(at.error) == 1 and message in at.error[0].value
    assert not at.get("file_uploader") and not [b for b in at.button if b.key in ("undo_batch", "confirm_import")]


def test_reading_stays_open_to_a_visitor(accounts_app):
    assert "70" in [m.value for m in accounts_app.metric]


@pytest.mark.parametrize(
    "username, password, message",
    [
        ("chief", "wrong-password", "用户名或密码不正确。"),
        ("nobody", "chief-secret-1", "用户名或密码不正确。"),
        ("", "", "用户名或密码不正确。"),
    ],
)
def test_wrong_password_is_refused_with_one_sentence(accounts_app, username, password, message):
    at = sign_in(accounts_app, username, password)
    assert [e.value for e in at.error] == [message]
    assert shows_only_the_login(at.switch_page("pages/import.py").run())


def login_form_filled(username: str, password: str) -> AppTest:
    """A browser session of its own on the 登录 page, the form filled in, not yet sent."""
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_username").input(username)
    at.text_input(key="login_password").input(password)
    return at


def test_a_burst_of_wrong_passwords_through_the_login_page_after_a_lock_gets_one_checked(
    accounts_app, report_engine, monkeypatch
):
    """Issue 19: after three failures and the end of the lock, 8 guesses sent through the page at
    the same moment had 5 checked. Each guess is a session of its own, all let into the login
    together; the clock is the test's."""
    clock = {"now": dt.datetime(2026, 11, 29, 9, 0, 0)}
    monkeypatch.setattr(api_accounts, "utcnow", lambda: clock["now"])
    for i in range(auth.FREE_FAILURES):
        at = sign_in(accounts_app, "chief", f"guess-{i}")
        assert [e.value for e in at.error] == ["用户名或密码不正确。"]
    with store.session_factory(report_engine)() as s:
        before = store.account(s, "chief")["failed_logins"]
    clock["now"] += dt.timedelta(seconds=auth.wait_seconds(auth.FREE_FAILURES))  # the lock has just ended
    sessions = [login_form_filled("chief", f"burst-{i}") for i in range(8)]
    checked = []
    verify = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: checked.append(p) or verify(h, p))
    arrived, together = threading.Semaphore(0), threading.Barrier(len(sessions))
    check_username = auth.check_username

    def gathered(name: str) -> str:
        """A login's first step: it waits here until every guess of the burst has got this far."""
        arrived.release()
        together.wait(timeout=60)
        return check_username(name)

    monkeypatch.setattr(auth, "check_username", gathered)

    def send(at: AppTest) -> list[str]:
        next(b for b in at.button if b.label == "登录").click().run()
        assert not at.exception, at.exception
        return [e.value for e in at.error]

    with ThreadPoolExecutor(len(sessions)) as pool:
        sent = []
        for at in sessions:  # AppTest sets a run up in process-wide state: one set-up at a time,
            sent.append(pool.submit(send, at))
            assert arrived.acquire(timeout=60)  # the next once this guess waits inside api.login
        answers = sorted(m for guess in sent for m in guess.result())
    assert len(checked) == 1
    wait = auth.wait_seconds(auth.FREE_FAILURES + 1)  # the lock the one checked guess set
    assert answers == ["用户名或密码不正确。"] + [f"登录失败次数过多，请{wait}秒后再试。"] * 7
    with store.session_factory(report_engine)() as s:
        assert store.account(s, "chief")["failed_logins"] == before + 1


def test_a_disabled_account_cannot_sign_in_and_a_signed_in_one_is_signed_out(accounts_app, report_engine):
    at = sign_in(accounts_app, "guanyun", "gy-secret-12")
    at.switch_page("pages/import.py").run()
    assert at.get("file_uploader")
    api.set_user_active(report_engine, "guanyun", False, by="chief")
    at.switch_page("pages/overview.py").run()
    assert shows_only_the_login(at.switch_page("pages/import.py").run())
    at = sign_in(at, "guanyun", "gy-secret-12")
    assert [e.value for e in at.error] == ["该账号已停用，请联系市级管理员。"]


def test_an_idle_session_expires(accounts_app, monkeypatch):
    at = sign_in(accounts_app, "chief", "chief-secret-1")
    at.switch_page("pages/import.py").run()
    assert at.get("file_uploader")
    monkeypatch.setenv("LAWREPORT_SESSION_MINUTES", "30")
    at.session_state["auth"]["last_seen"] -= dt.timedelta(minutes=31)
    at.switch_page("pages/login.py").run()
    assert "登录已超时，请重新登录。" in [i.value for i in at.info]
    assert shows_only_the_login(at.switch_page("pages/import.py").run())


def test_a_county_analyst_imports_own_county_and_is_refused_other_rows(accounts_app, report_engine):
    at = sign_in(accounts_app, "guanyun", "gy-secret-12")
    at.switch_page("pages/import.py").run()
    _upload(at, "灌云.csv", OWN)
    at.button(key="confirm_import").click().run()
    assert "导入完成：批次1" in at.success[0].value
    _upload(at, "混合.csv", MIXED)
    assert "发现2处问题" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems[["行号", "列", "内容"]].values.tolist() == [[3, "地区", "灌南县"], [4, "地区", "东海县"]]
    assert set(problems["提示"]) == {"本账号只能导入灌云县及其镇街的数据"}
    assert not [b for b in at.button if b.key == "confirm_import"]
    assert api.import_history(report_engine)["file_name"].tolist() == ["灌云.csv"]


def test_a_county_analyst_cannot_undo_a_batch_with_other_regions(accounts_app, report_engine):
    city = "地区,指标,期间,数值\n连云港市,事故起数,2022-01..2022-11,71\n".encode()
    batch = api.apply_import(report_engine, __import__("io").BytesIO(city), "市级更正.csv", user="chief").batch_id
    at = sign_in(accounts_app, "guanyun", "gy-secret-12")
    at.switch_page("pages/history.py").run()
    at.button(key="undo_batch").click().run()
    assert at.error[0].value.startswith(f"批次{batch}含有灌云县以外地区的数据")
    assert api.import_history(report_engine).iloc[0]["status"] == "applied"


def test_an_admin_undoes_a_batch_and_every_step_is_in_the_audit_log(accounts_app, report_engine):
    at = sign_in(accounts_app, "guanyun", "gy-secret-12")
    at.switch_page("pages/import.py").run()
    _upload(at, "灌云.csv", OWN)
    at.button(key="confirm_import").click().run()
    _upload(at, "混合.csv", MIXED)
    at.button(key="logout").click().run()

    at = sign_in(at, "chief", "chief-secret-1")
    at.switch_page("pages/history.py").run()
    at.button(key="undo_batch").click().run()
    assert not at.exception, at.exception
    assert "批次1已撤销" in at.success[0].value

    at.switch_page("pages/audit.py").run()
    assert not at.exception, at.exception
    log = at.dataframe[0].value
    steps = list(zip(log["操作人"], log["操作"], strict=True))
    assert steps[:5] == [
        ("chief", "撤销导入"),
        ("chief", "登录"),
        ("guanyun", "拒绝导入"),
        ("guanyun", "导入"),
        ("guanyun", "登录"),
    ]
    assert log.loc[log["操作"] == "导入", "文件"].tolist() == ["灌云.csv"]
    at.selectbox(key="f_action").set_value("undo").run()
    assert at.dataframe[0].value["操作"].tolist() == ["撤销导入"]
    people = at.selectbox(key="f_actor")
    assert {"chief", "guanyun"} <= set(people.options) and "init-db" in people.options
    people.set_value("guanyun").run()
    at.selectbox(key="f_action").set_value(None).run()
    assert set(at.dataframe[0].value["操作人"]) == {"guanyun"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["下载 CSV", "下载 Excel"]


def test_the_audit_page_is_for_admins_only(accounts_app):
    at = sign_in(accounts_app, "guanyun", "gy-secret-12")
    at = at.switch_page("pages/audit.py").run()
    assert [e.value for e in at.error] == ["只有市级管理员可以查看审计日志。"] and not at.dataframe


def test_reading_can_require_a_login(accounts_app, monkeypatch):
    monkeypatch.setenv("LAWREPORT_REQUIRE_LOGIN", "1")
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception, at.exception
    assert not at.metric and [t.value for t in at.title] == ["登录"]
    at.text_input(key="login_username").input("leader")
    at.text_input(key="login_password").input("leader-secret")
    next(b for b in at.button if b.label == "登录").click().run()
    at.switch_page("pages/overview.py").run()
    assert "70" in [m.value for m in at.metric]
