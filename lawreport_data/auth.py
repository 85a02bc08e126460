"""Accounts: who may do what, password hashing (argon2), the login throttle and session expiry.

Pure rules and hashing only; the accounts themselves are in the store (``store.account``) and
the steps that read and write them are in ``api`` (``api.login``, ``api.add_user`` ...).

Roles: ``viewer`` (查看) reads; ``county`` (县区填报员) imports and undoes rows of one region and
its towns; ``admin`` (市级管理员) may do everything, manage accounts and read the audit log.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from . import catalog
from .region_tree import children_of, preorder

if TYPE_CHECKING:
    import pandas as pd

ROLES = ("viewer", "county", "admin")
MIN_PASSWORD = 8
FREE_FAILURES = 3  # failed logins in a row before each next attempt has to wait
MAX_WAIT_SECONDS = 300
SESSION_MINUTES = 30  # idle minutes before a signed-in session expires (LAWREPORT_SESSION_MINUTES)
_USERNAME = re.compile(r"^[\w.\-]{1,64}$")

ARGON2_AT_ONCE = 2  # argon2 hashes/verifies running at once per process (64 MiB each); more wait their turn

_hasher = PasswordHasher()
_argon2_slots = threading.BoundedSemaphore(ARGON2_AT_ONCE)


@functools.cache
def _dummy_hash() -> str:
    """Verified against when the user name is unknown, so both cases take the same time (made on
    first use: hashing costs about 0.1 s, which a command that signs nobody in need not pay)."""
    return hash_password("no such account: timing equaliser")


class AuthError(ValueError):
    """A refused login or account change: ``kind`` names it in :data:`catalog.AUTH_MESSAGES`.

    >>> e = AuthError("throttled", seconds=8)
    >>> e.zh, str(e)
    ('登录失败次数过多，请8秒后再试。', 'Too many failed logins; try again in 8 s.')
    """

    def __init__(self, kind: str, **fields):
        zh, en = catalog.AUTH_MESSAGES[kind]
        self.kind = kind
        self.fields = fields
        self.zh = zh.format(**fields)
        self.en = en.format(**fields)
        super().__init__(self.en)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a signed-in account, or the command line's operator.

    >>> Actor("ly", "county", "320723").can_change_data, Actor("v", "viewer").can_change_data
    (True, False)
    >>> Actor("a", "admin").is_admin
    True
    """

    username: str
    role: str
    region_code: str | None = None
    display_name: str = ""

    @property
    def can_change_data(self) -> bool:
        return self.role in ("county", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def label(self) -> str:
        return self.display_name or self.username


def hash_password(password: str) -> str:
    """An argon2id hash (salted; the same password gives a different hash each time). At most
    :data:`ARGON2_AT_ONCE` hashes or verifications run at once; a burst waits its turn."""
    with _argon2_slots:
        return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored_hash`` (None: unknown account, still takes the time).

    >>> h = hash_password("correct horse")
    >>> verify_password(h, "correct horse"), verify_password(h, "wrong"), verify_password(None, "x")
    (True, False, False)
    """
    digest = stored_hash or _dummy_hash()
    try:
        with _argon2_slots:
            return _hasher.verify(digest, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_username(username: str) -> str:
    """The user name, stripped, or :class:`AuthError` ``bad_username``.

    >>> check_username(" gy.zhang ")
    'gy.zhang'
    >>> check_username("a b")
    Traceback (most recent call last):
    ...
    lawreport_data.auth.AuthError: A user name has 1-64 letters, digits, CJK characters or . _ -.
    """
    name = (username or "").strip()
    if not _USERNAME.match(name):
        raise AuthError("bad_username")
    return name


def check_password(username: str, password: str) -> None:
    """Refuse a password shorter than :data:`MIN_PASSWORD` or equal to the user name.

    >>> check_password("admin", "admin")
    Traceback (most recent call last):
    ...
    lawreport_data.auth.AuthError: The password must have at least 8 characters and differ from the user name.
    """
    if len(password or "") < MIN_PASSWORD or password.strip().lower() == username.strip().lower():
        raise AuthError("weak_password", min=MIN_PASSWORD)


def check_role(role: str) -> str:
    """A role code from its code or Chinese label.

    >>> check_role("县区填报员"), check_role("admin")
    ('county', 'admin')
    """
    key = (role or "").strip()
    for code, label in catalog.ROLE_LABELS.items():
        if key in (code, label):
            return code
    raise AuthError("bad_role")


def wait_seconds(failures: int) -> int:
    """How long the next login must wait after ``failures`` failed logins in a row: nothing for the
    first :data:`FREE_FAILURES`, then 2, 4, 8 ... seconds, at most :data:`MAX_WAIT_SECONDS`.

    >>> [wait_seconds(n) for n in (0, 2, 3, 4, 5, 12)]
    [0, 0, 2, 4, 8, 300]
    """
    if failures < FREE_FAILURES:
        return 0
    return min(MAX_WAIT_SECONDS, 2 ** (failures - FREE_FAILURES + 1))


def lock_schedule(now: dt.datetime) -> list[dt.datetime | None]:
    """The lock one more failed login sets, by the failures so far: item ``k`` for ``k`` failures,
    the last item for that many or more (None: no wait), from :func:`wait_seconds`.

    >>> t = dt.datetime(2022, 11, 30, 9, 0)
    >>> [(lock - t).seconds if lock else 0 for lock in lock_schedule(t)]
    [0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    """
    locks, failures = [], 0
    while True:
        wait = wait_seconds(failures + 1)
        locks.append(now + dt.timedelta(seconds=wait) if wait else None)
        if wait >= MAX_WAIT_SECONDS:
            return locks
        failures += 1


def session_minutes() -> int:
    """Idle minutes before a session expires: ``LAWREPORT_SESSION_MINUTES`` or 30."""
    try:
        return max(1, int(os.environ.get("LAWREPORT_SESSION_MINUTES", SESSION_MINUTES)))
    except ValueError:
        return SESSION_MINUTES


def login_required_for_reading() -> bool:
    """Whether reading the dashboard needs a login too (``LAWREPORT_REQUIRE_LOGIN=1``)."""
    return os.environ.get("LAWREPORT_REQUIRE_LOGIN", "").strip().lower() in ("1", "true", "yes")


def session_expired(last_seen: dt.datetime, now: dt.datetime, minutes: int) -> bool:
    """Whether a session last active at ``last_seen`` has expired at ``now``.

    >>> t = dt.datetime(2022, 11, 30, 9, 0)
    >>> session_expired(t, t + dt.timedelta(minutes=29), 30), session_expired(t, t + dt.timedelta(minutes=31), 30)
    (False, True)
    """
    return now - last_seen > dt.timedelta(minutes=minutes)


def region_scope(regions: pd.DataFrame, code: str) -> set[str]:
    """``code`` and every region under it (towns of a county), from a regions frame (code, parent).

    >>> import pandas as pd
    >>> regions = pd.DataFrame({"code": ["320700", "320723", "320723001", "320724"],
    ...                         "parent": [None, "320700", "320723", "320700"]})
    >>> sorted(region_scope(regions, "320723"))
    ['320723', '320723001']
    """
    children = children_of(zip(regions["code"].tolist(), regions["parent"].tolist(), strict=True))
    return set(preorder(children, [code]))


def may_import_all(actor: Actor | None) -> bool:
    """No region restriction: the command line's operator (``None``) or an admin."""
    return actor is None or actor.is_admin
