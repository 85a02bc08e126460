"""Accounts, sign-in and the audit log."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from .. import auth, catalog, store
from ..auth import Actor, AuthError
from ..models import utcnow
from .database import write
from .regions import LookupError_, resolve_region

if TYPE_CHECKING:
    import pandas as pd


UNVERIFIED_NAME_CHARS = 32


def unverified_name(typed: str) -> str:
    r"""A typed user name that matches no account, made safe to quote in the audit log: unprintable
    characters (control, bidi, NUL) and ``\`` escaped as Python writes them, cut to
    :data:`UNVERIFIED_NAME_CHARS` characters (``…`` marks a cut) and, if it starts like a formula,
    prefixed with ``'`` (:func:`tables.neutralise`).

    >>> unverified_name('=HYPERLINK("http://x")')
    '\'=HYPERLINK("http://x")'
    >>> unverified_name("a\x00b\u202ec\\d"), unverified_name("张" * 40)[-3:]
    ('a\\x00b\\u202ec\\\\d', '张张…')
    """
    text = "".join(c if c.isprintable() and c != "\\" else c.encode("unicode_escape").decode("ascii") for c in typed)
    if len(text) > UNVERIFIED_NAME_CHARS:
        text = text[:UNVERIFIED_NAME_CHARS] + "…"
    from .. import tables  # (pandas: only when such a name is met; `user list` and `audit` load none)

    return tables.neutralise(text)


def login(engine: Engine, username: str, password: str, now: dt.datetime | None = None) -> Actor:
    """Check a user name and password; the signed-in :class:`Actor`, or :class:`AuthError`.

    After :data:`auth.FREE_FAILURES` failed logins in a row each next attempt must wait
    (:func:`auth.wait_seconds`), right password or not. The attempt claims its turn before the
    password is checked (:func:`store.claim_login`: one statement counts it as failed and sets the
    next lock), so of guesses arriving at once no more are checked than the rules allow, and the
    count rises by exactly the guesses checked; a right password then resets it. A disabled
    account is refused (told so only when the password was right). Every attempt is in the audit log.
    """
    now = now or utcnow()
    name = (username or "").strip()[:64]

    try:  # a name no account can have (a NUL, which PostgreSQL refuses as a parameter, …) is not looked up
        possible = auth.check_username(name) == name
    except AuthError:
        possible = False

    def claim(session) -> tuple[dict | None, AuthError | None]:
        if not possible:
            return None, None
        acc = store.claim_login(session, name, now, auth.lock_schedule(now))
        if acc is not None:
            return acc, None
        acc = store.account(session, name)
        if acc is None:
            return None, None
        seconds = math.ceil((acc["locked_until"] - now).total_seconds()) if acc["locked_until"] else 1
        return acc, AuthError("throttled", seconds=max(1, seconds))

    acc, error = write(engine, claim)
    if acc is None:
        auth.verify_password(None, password or "")
        error = AuthError("bad_credentials")
    elif error is None:
        if not auth.verify_password(acc["password_hash"], password or ""):
            error = AuthError("bad_credentials")  # already counted by the claim
        elif not acc["active"]:
            error = AuthError("disabled")

    def record(session) -> None:
        if error is None or error.kind == "disabled":  # the right password resets the count
            store.update_account(session, name, failed_logins=0, locked_until=None)
        if error is None:
            store.update_account(session, name, last_login_at=now)
            store.append_audit(session, actor=name, action="login", target=name, region_code=acc["region_code"])
            return
        reason = catalog.AUTH_MESSAGES[error.kind][0].format(**error.fields)
        if acc is None:  # anyone can type anything here: never an actor, only quoted, escaped
            actor, target = catalog.UNVERIFIED_ACTOR, ""
            detail = catalog.AUDIT_UNVERIFIED_LOGIN.format(name=unverified_name(name), reason=reason)
        else:
            actor, target = name, name
            detail = catalog.AUDIT_DETAILS["login_failed"].format(reason=reason)
        store.append_audit(session, actor=actor, action="login_failed", target=target, detail=detail)

    write(engine, record)
    if error is not None:
        raise error
    return Actor(name, acc["role"], acc["region_code"], acc["display_name"])


def session_actor(engine: Engine, username: str, signed_in_at: dt.datetime) -> Actor | None:
    """The account behind a signed-in session, if it still may act: it exists, is active and its
    password has not been changed since the session began."""
    with store.session_factory(engine)() as session:
        acc = store.account(session, username)
    if acc is None or not acc["active"] or acc["password_changed_at"] > signed_in_at:
        return None
    return Actor(acc["username"], acc["role"], acc["region_code"], acc["display_name"])


def account_actor(engine: Engine, username: str) -> Actor:
    """The active account ``username`` as an :class:`Actor` (for the command line's --user)."""
    with store.session_factory(engine)() as session:
        acc = store.account(session, username.strip())
    if acc is None:
        raise AuthError("unknown_user", user=username)
    if not acc["active"]:
        raise AuthError("disabled")
    return Actor(acc["username"], acc["role"], acc["region_code"], acc["display_name"])


def _account_region(engine: Engine, role: str, region: str | None) -> str | None:
    if role != "county":
        return None
    if not region:
        raise AuthError("county_needs_region")
    with store.session_factory(engine)() as session:
        try:
            code = resolve_region(session, region)
        except LookupError_:
            raise AuthError("bad_region", region=region) from None
        regions = store.regions_frame(session)
    kind = regions.loc[regions["code"] == code, "kind"]
    if kind.empty or kind.iloc[0] in ("province", "city"):  # a county account's region is below a city
        raise AuthError("bad_region", region=region)
    return code


def add_user(
    engine: Engine,
    username: str,
    password: str,
    role: str,
    region: str | None = None,
    display_name: str = "",
    by: str = "cli",
) -> Actor:
    """Create an account (password hashed with argon2); written to the audit log as ``by``."""
    name = auth.check_username(username)
    role = auth.check_role(role)
    auth.check_password(name, password)
    code = _account_region(engine, role, region)
    digest = auth.hash_password(password)

    def add(session) -> Actor:
        if store.account(session, name) is not None:
            raise AuthError("user_exists", user=name)
        store.add_account(
            session, username=name, password_hash=digest, role=role, region_code=code, display_name=display_name[:64]
        )
        scope = f"，{catalog.region_name(code)}" if code else ""
        store.append_audit(
            session,
            actor=by[:64],
            action="user_add",
            target=name,
            region_code=code,
            detail=catalog.AUDIT_DETAILS["user_add"].format(role=catalog.ROLE_LABELS[role], region=scope),
        )
        return Actor(name, role, code, display_name)

    try:
        return write(engine, add)
    except IntegrityError:
        raise AuthError("user_exists", user=name) from None


def set_user_active(engine: Engine, username: str, active: bool, by: str = "cli") -> None:
    """Disable or enable an account (the last active admin cannot be disabled)."""

    def change(session) -> None:
        acc = store.account(session, username)
        if acc is None:
            raise AuthError("unknown_user", user=username)
        if not active and acc["role"] == "admin" and acc["active"] and store.active_admins(session) <= 1:
            raise AuthError("last_admin")
        store.update_account(session, username, active=active)
        action = "user_enable" if active else "user_disable"
        store.append_audit(session, actor=by[:64], action=action, target=username, region_code=acc["region_code"])

    write(engine, change)


def set_password(engine: Engine, username: str, password: str, by: str = "cli") -> None:
    """Set a new password; sessions signed in before it end, throttling is reset."""
    auth.check_password(username, password)
    digest = auth.hash_password(password)

    def change(session) -> None:
        acc = store.account(session, username)
        if acc is None:
            raise AuthError("unknown_user", user=username)
        store.update_account(
            session,
            username,
            password_hash=digest,
            password_changed_at=utcnow(),
            failed_logins=0,
            locked_until=None,
        )
        store.append_audit(session, actor=by[:64], action="user_passwd", target=username)

    write(engine, change)


def user_rows(engine: Engine) -> list[dict]:
    """Every account (no password hashes), one dict each: what ``user list`` prints."""
    with store.session_factory(engine)() as session:
        return store.account_rows(session)


def list_users(engine: Engine) -> pd.DataFrame:
    """Every account (no password hashes), as a table (:func:`user_rows`)."""
    import pandas as pd

    return pd.DataFrame(user_rows(engine), columns=store.ACCOUNT_COLUMNS)


def audit_actors(engine: Engine) -> list[str]:
    """Everyone named in the audit log, sorted."""
    with store.session_factory(engine)() as session:
        return store.audit_actors(session)


def audit_rows(
    engine: Engine,
    *,
    actor: str | None = None,
    action: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[dict]:
    """Audit events, newest first, one dict each; ``since``/``until`` are days, both included."""
    start = dt.datetime.combine(since, dt.time()) if since else None
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time()) if until else None
    with store.session_factory(engine)() as session:
        return store.audit_rows(session, actor=actor, action=action, since=start, until=end)


def audit_log(engine: Engine, **filters) -> pd.DataFrame:
    """Audit events as a table (:func:`audit_rows`, same filters)."""
    import pandas as pd

    frame = pd.DataFrame(audit_rows(engine, **filters), columns=store.AUDIT_FIELDS)
    frame["batch_id"] = frame["batch_id"].astype("Int64")
    return frame
