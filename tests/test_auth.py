"""Accounts, roles and the audit log through the library (api + store), on SQLite and PostgreSQL."""

import datetime as dt
import hashlib
import io
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from lawreport_data import api, auth, importer, report2022, store
from lawreport_data.auth import AuthError
from lawreport_data.import_errors import ImportError_

T0 = dt.datetime(2026, 11, 29, 9, 0, 0)


@pytest.fixture
def accounts_engine(report_engine):
    """An init-db store with chief (admin), guanyun (灌云县 analyst) and leader (viewer)."""
    api.add_user(report_engine, "chief", "chief-secret-1", "admin")
    api.add_user(report_engine, "guanyun", "gy-secret-12", "county", region="灌云县")
    api.add_user(report_engine, "leader", "leader-secret", "viewer")
    return report_engine


def _csv(rows: str) -> io.BytesIO:
    return io.BytesIO(("地区,指标,期间,数值\n" + rows).encode("gbk"))


def test_passwords_are_stored_as_salted_argon2_hashes(accounts_engine, session_of):
    with session_of(accounts_engine) as s:
        stored = [store.account(s, u)["password_hash"] for u in ("chief", "guanyun")]
        raw = " ".join(map(str, s.execute(text("SELECT * FROM account")).all()))
    assert all(h.startswith("$argon2id$") for h in stored)
    assert "chief-secret-1" not in raw and "gy-secret-12" not in raw


def test_right_password_signs_in_with_role_and_region(accounts_engine):
    actor = api.login(accounts_engine, "guanyun", "gy-secret-12", now=T0)
    assert (actor.username, actor.role, actor.region_code) == ("guanyun", "county", "320723")


@pytest.mark.parametrize(
    "username, password",
    [("chief", "chief-secret-2"), ("chief", ""), ("nobody", "chief-secret-1"), ("CHIEF", "chief-secret-1")],
)
def test_refuses_wrong_password_or_unknown_user_alike(accounts_engine, username, password):
    with pytest.raises(AuthError) as refused:
        api.login(accounts_engine, username, password, now=T0)
    assert refused.value.kind == "bad_credentials" and refused.value.zh == "用户名或密码不正确。"


def test_refuses_a_disabled_account_and_enables_it_again(accounts_engine):
    api.set_user_active(accounts_engine, "guanyun", False, by="chief")
    with pytest.raises(AuthError, match="disabled"):
        api.login(accounts_engine, "guanyun", "gy-secret-12", now=T0)
    with pytest.raises(AuthError, match="disabled"):
        api.account_actor(accounts_engine, "guanyun")
    api.set_user_active(accounts_engine, "guanyun", True, by="chief")
    assert api.login(accounts_engine, "guanyun", "gy-secret-12", now=T0).role == "county"


def test_repeated_failures_make_the_next_login_wait_even_with_the_right_password(accounts_engine):
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(AuthError, match="Wrong user name"):
            api.login(accounts_engine, "chief", f"guess-{i}", now=T0)
    with pytest.raises(AuthError) as wait:
        api.login(accounts_engine, "chief", "chief-secret-1", now=T0 + dt.timedelta(seconds=1))
    assert wait.value.kind == "throttled" and wait.value.fields["seconds"] == 1
    later = T0 + dt.timedelta(seconds=auth.wait_seconds(auth.FREE_FAILURES))
    assert api.login(accounts_engine, "chief", "chief-secret-1", now=later).is_admin
    with pytest.raises(AuthError, match="Wrong user name"):  # a success starts the count again
        api.login(accounts_engine, "chief", "guess", now=later)
    assert api.login(accounts_engine, "chief", "chief-secret-1", now=later).is_admin


def test_waits_grow_with_each_further_failure(accounts_engine, session_of):
    now, waits = T0, []
    for _ in range(6):
        with pytest.raises(AuthError, match="Wrong user name"):
            api.login(accounts_engine, "leader", "wrong", now=now)
        with session_of(accounts_engine) as s:
            locked = store.account(s, "leader")["locked_until"]
        waits.append(int((locked - now).total_seconds()) if locked else 0)
        now += dt.timedelta(seconds=auth.MAX_WAIT_SECONDS)
    assert waits == [0, 0, 2, 4, 8, 16]


def test_a_session_ends_when_the_password_changes_or_the_account_is_disabled(accounts_engine):
    signed_in = api.login(accounts_engine, "guanyun", "gy-secret-12")
    at = api.utcnow()
    assert api.session_actor(accounts_engine, "guanyun", at) == signed_in
    api.set_password(accounts_engine, "guanyun", "another-secret", by="chief")
    assert api.session_actor(accounts_engine, "guanyun", at) is None
    assert api.session_actor(accounts_engine, "guanyun", api.utcnow()) is not None
    api.set_user_active(accounts_engine, "guanyun", False, by="chief")
    assert api.session_actor(accounts_engine, "guanyun", api.utcnow()) is None


def test_a_viewer_may_neither_preview_import_nor_undo(accounts_engine):
    viewer = api.account_actor(accounts_engine, "leader")
    for call in (
        lambda: api.preview_import(accounts_engine, _csv("灌云县,事故起数,2022-11,3\n"), "a.csv", actor=viewer),
        lambda: api.apply_import(accounts_engine, _csv("灌云县,事故起数,2022-11,3\n"), "a.csv", actor=viewer),
        lambda: api.undo_batch(accounts_engine, 1, actor=viewer),
    ):
        with pytest.raises(ImportError_) as refused:
            call()
        assert refused.value.zh == "当前账号（查看）无权导入或撤销数据。"
    assert api.import_history(accounts_engine).empty


def test_county_analyst_may_load_own_county_and_towns_only(accounts_engine, session_of):
    with session_of(accounts_engine) as s:
        store.add_region(s, "320723100", "伊山镇", "town", "320723")
        s.commit()
    gy = api.account_actor(accounts_engine, "guanyun")
    ok = api.apply_import(
        accounts_engine, _csv("灌云县,事故起数,2022-11,3\n伊山镇,事故起数,2022-11,1\n"), "own.csv", actor=gy
    )
    assert (ok.new, ok.batch_id) == (2, 1)
    with pytest.raises(ImportError_) as refused:
        api.apply_import(
            accounts_engine,
            _csv("灌云县,事故起数,2022-10,2\n连云港市,事故起数,2022-10,9\n灌南县,死亡人数,2022-10,1\n"),
            "mixed.csv",
            actor=gy,
        )
    problems = refused.value.problems
    assert problems[["row", "column", "value", "kind"]].values.tolist() == [
        [3, "地区", "连云港市", "outside_region"],
        [4, "地区", "灌南县", "outside_region"],
    ]
    assert api.import_history(accounts_engine)["id"].tolist() == [1]


def test_county_analyst_may_undo_own_batches_but_not_a_city_batch(accounts_engine):
    gy = api.account_actor(accounts_engine, "guanyun")
    chief = api.account_actor(accounts_engine, "chief")
    city = api.apply_import(accounts_engine, _csv("连云港市,事故起数,2022-01..2022-11,71\n"), "c.csv", actor=chief)
    own = api.apply_import(accounts_engine, _csv("灌云县,事故起数,2022-11,3\n"), "g.csv", actor=gy)
    with pytest.raises(ImportError_, match="only an admin may undo it"):
        api.undo_batch(accounts_engine, city.batch_id, actor=gy)
    assert api.undo_batch(accounts_engine, own.batch_id, actor=gy) == 1
    assert api.undo_batch(accounts_engine, city.batch_id, actor=chief) == 1


def test_every_change_is_in_the_audit_log_with_who_what_and_file(accounts_engine):
    gy = api.account_actor(accounts_engine, "guanyun")
    result = api.apply_import(accounts_engine, _csv("灌云县,事故起数,2022-11,3\n"), "灌云11月.csv", actor=gy)
    api.undo_batch(accounts_engine, result.batch_id, actor=api.account_actor(accounts_engine, "chief"))
    api.set_password(accounts_engine, "leader", "leader-secret-2", by="chief")
    log = api.audit_log(accounts_engine)
    assert log[["actor", "action", "target"]].values.tolist()[:3] == [
        ["chief", "user_passwd", "leader"],
        ["chief", "undo", "批次1"],
        ["guanyun", "import", "批次1"],
    ]
    imported = log[log["action"] == "import"].iloc[0]
    assert (imported["file_name"], imported["batch_id"], imported["region_code"]) == ("灌云11月.csv", 1, "320723")
    assert imported["detail"] == "新增1个、修改0个数值（共1行）"
    assert api.audit_log(accounts_engine, actor="guanyun")["action"].tolist() == ["import"]
    assert api.audit_actors(accounts_engine) == sorted(set(log["actor"]))
    assert api.audit_log(accounts_engine, action="user_add")["target"].tolist() == ["leader", "guanyun", "chief"]
    today = api.utcnow().date()
    assert len(api.audit_log(accounts_engine, since=today, until=today)) == len(log)
    assert api.audit_log(accounts_engine, until=today - dt.timedelta(days=1)).empty


@pytest.mark.parametrize(
    "typed, quoted",
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(1)", "'@SUM(1)"),
        ("ad\tmin\r", "ad\\tmin"),  # login strips the ends
        ("\x00chief\u202e", "\\x00chief\\u202e"),
        ("z" * 64, "z" * 32 + "…"),
        ("nobody", "nobody"),
    ],
)
def test_a_failed_login_by_an_unknown_name_is_audited_as_unverified_not_as_its_typed_actor(
    accounts_engine, typed, quoted
):
    with pytest.raises(AuthError, match="Wrong user name"):
        api.login(accounts_engine, typed, "whatever-1", now=T0)
    event = api.audit_log(accounts_engine, action="login_failed").iloc[0]
    assert (event["actor"], event["target"]) == ("（未验证）", "")
    assert event["detail"] == f"输入的用户名（无此账户，未验证）：{quoted}；用户名或密码不正确。"
    actors = api.audit_actors(accounts_engine)
    assert "（未验证）" in actors and typed.strip() not in actors


def test_a_failed_login_of_a_real_account_names_that_account(accounts_engine):
    with pytest.raises(AuthError, match="Wrong user name"):
        api.login(accounts_engine, "chief", "guess-1", now=T0)
    event = api.audit_log(accounts_engine, action="login_failed").iloc[0]
    assert (event["actor"], event["target"], event["detail"]) == ("chief", "chief", "用户名或密码不正确。")


@pytest.mark.parametrize(
    "data, limit, reason",
    [
        (b"\x00\x01\x02", None, "文件不是CSV或Excel（xlsx）表格，无法读取。"),
        (
            b"\x81\x30\xff\xff,a\n1,2\n",
            None,
            "无法识别文件编码（支持UTF-8和GBK/GB18030），请另存为“CSV UTF-8”后再导入。",
        ),
        ("地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n".encode() * 40000, 1, "文件超过1MB，请拆分后分批导入。"),
    ],
)
@pytest.mark.parametrize("step", ["preview", "apply"])
def test_a_file_refused_whole_leaves_an_import_refused_event_with_its_hash(
    accounts_engine, monkeypatch, data, limit, reason, step
):
    if limit is not None:
        monkeypatch.setattr(importer, "MAX_FILE_BYTES", limit * 1024 * 1024)
    gy = api.account_actor(accounts_engine, "guanyun")
    with pytest.raises(ImportError_) as refused:
        if step == "preview":
            api.preview_import(accounts_engine, io.BytesIO(data), "=x.csv", actor=gy)
        else:
            api.apply_import(accounts_engine, io.BytesIO(data), "=x.csv", actor=gy)
    assert refused.value.zh == reason
    log = api.audit_log(accounts_engine, action="import_refused")
    assert len(log) == 1
    event = log.iloc[0]
    assert (event["actor"], event["file_name"], event["region_code"]) == ("guanyun", "=x.csv", "320723")
    assert event["file_hash"] == hashlib.sha256(data).hexdigest() and event["detail"] == f"未读取：{reason}"
    assert api.import_history(accounts_engine).empty


@pytest.mark.parametrize("statement", ["UPDATE audit_event SET actor = 'x'", "DELETE FROM audit_event"])
def test_the_audit_log_is_append_only(accounts_engine, statement):
    before = api.audit_log(accounts_engine)
    with pytest.raises(DBAPIError, match="append-only"), accounts_engine.begin() as conn:
        conn.execute(text(statement))
    assert api.audit_log(accounts_engine).equals(before)


def test_loading_the_reports_figures_is_audited_once(accounts_engine):
    api.init_db(accounts_engine)  # nothing new: no second line
    loads = api.audit_log(accounts_engine, action="init_db")
    figures = len(report2022.report_frame())  # the printed figures and the two derived ones
    assert loads[["actor", "detail"]].values.tolist() == [["init-db", f"载入报告数值{figures}个、示例数据0个"]]


def test_the_last_admin_cannot_be_disabled(accounts_engine):
    with pytest.raises(AuthError, match="last active admin"):
        api.set_user_active(accounts_engine, "chief", False)
    api.add_user(accounts_engine, "deputy", "deputy-secret", "市级管理员")
    api.set_user_active(accounts_engine, "chief", False)
    assert not api.list_users(accounts_engine).set_index("username").loc["chief", "active"]


def _at_once(calls: int, fn) -> list:
    """Run ``fn(i)`` for i in range(calls), each in its own thread, released together by a barrier;
    each result or the exception it raised, in order."""
    barrier = threading.Barrier(calls)

    def run(i):
        barrier.wait()
        try:
            return fn(i)
        except Exception as exc:  # noqa: BLE001 - collected for the test to look at
            return exc

    with ThreadPoolExecutor(calls) as pool:
        return list(pool.map(run, range(calls)))


def test_a_burst_of_guesses_after_a_lock_ends_gets_one_checked_and_counted(accounts_engine, session_of, monkeypatch):
    for i in range(auth.FREE_FAILURES):
        with pytest.raises(AuthError, match="Wrong user name"):
            api.login(accounts_engine, "chief", f"guess-{i}", now=T0)
    with session_of(accounts_engine) as s:
        before = store.account(s, "chief")["failed_logins"]
    checked = []
    verify = auth.verify_password
    monkeypatch.setattr(auth, "verify_password", lambda h, p: checked.append(p) or verify(h, p))
    lock_over = T0 + dt.timedelta(seconds=auth.wait_seconds(auth.FREE_FAILURES))
    results = _at_once(10, lambda i: api.login(accounts_engine, "chief", f"burst-{i}", now=lock_over))
    kinds = sorted(r.kind for r in results if isinstance(r, AuthError))
    assert len(kinds) == 10, results
    assert len(checked) == 1 and kinds == ["bad_credentials"] + ["throttled"] * 9
    with session_of(accounts_engine) as s:
        assert store.account(s, "chief")["failed_logins"] == before + len(checked)
    assert len(api.audit_log(accounts_engine, action="login_failed")) == auth.FREE_FAILURES + 10


@pytest.mark.parametrize("step", ["verify", "hash"])
def test_argon2_work_is_bounded_to_a_few_at_once(accounts_engine, monkeypatch, step):
    state = {"now": 0, "most": 0}
    crowd = threading.Condition()

    class CountingHasher:
        """The real hasher, counting the calls in flight; each waits (briefly) for a crowd to form."""

        def __init__(self, real):
            self.real = real

        def _counted(self, work):
            with crowd:
                state["now"] += 1
                state["most"] = max(state["most"], state["now"])
                crowd.notify_all()
                crowd.wait_for(lambda: state["now"] > auth.ARGON2_AT_ONCE, timeout=0.3)
            try:
                return work()
            finally:
                with crowd:
                    state["now"] -= 1

        def hash(self, password):
            return self._counted(lambda: self.real.hash(password))

        def verify(self, digest, password):
            return self._counted(lambda: self.real.verify(digest, password))

    digest = auth.hash_password("chief-secret-1")
    auth._dummy_hash()  # made before counting starts
    monkeypatch.setattr(auth, "_hasher", CountingHasher(auth._hasher))
    if step == "verify":
        results = _at_once(8, lambda i: api.login(accounts_engine, f"nobody{i}", "whatever-1", now=T0))
        assert all(isinstance(r, AuthError) and r.kind == "bad_credentials" for r in results), results
    else:
        results = _at_once(8, lambda i: auth.hash_password(f"password-{i}"))
        assert len(set(results)) == 8 and all(r.startswith("$argon2id$") for r in results)
    assert auth.verify_password(digest, "chief-secret-1")
    assert state["most"] == auth.ARGON2_AT_ONCE
