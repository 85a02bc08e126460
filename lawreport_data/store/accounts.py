"""Accounts (who may sign in, their role and region). No pandas at module level: the CLI's
``user`` commands load this without it."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, case, func, literal, or_, select, update
from sqlalchemy.orm import Session

from ..models import Account

if TYPE_CHECKING:
    pass

ACCOUNT_COLUMNS = [
    "username",
    "display_name",
    "role",
    "region_code",
    "active",
    "created_at",
    "last_login_at",
    "failed_logins",
    "locked_until",
]


def add_account(
    session: Session, *, username: str, password_hash: str, role: str, region_code: str | None, display_name: str = ""
) -> int:
    """A new account; returns its id (IntegrityError when the user name is taken)."""
    account = Account(
        username=username, password_hash=password_hash, role=role, region_code=region_code, display_name=display_name
    )
    session.add(account)
    session.flush()
    return account.id


def account(session: Session, username: str) -> dict | None:
    """One account as a dict (with its password hash), or None."""
    row = session.scalars(select(Account).where(Account.username == username)).first()
    if row is None:
        return None
    return {c.name: getattr(row, c.name) for c in Account.__table__.columns}


def account_rows(session: Session) -> list[dict]:
    """Every account (no password hashes), by user name: one dict of ``ACCOUNT_COLUMNS`` each."""
    stmt = select(*[getattr(Account, c) for c in ACCOUNT_COLUMNS]).order_by(Account.username)
    return [dict(r) for r in session.execute(stmt).mappings()]


def update_account(session: Session, username: str, **fields) -> None:
    session.execute(update(Account).where(Account.username == username).values(**fields))


def claim_login(session: Session, username: str, now: dt.datetime, locks: list[dt.datetime | None]) -> dict | None:
    """Claim the right to check one password of ``username``, in one statement: when the account is
    not locked at ``now``, count the attempt as failed in advance (``failed_logins`` + 1) and set its
    next lock, ``locks[k]`` for an account with ``k`` failures so far (the last item for more).
    Returns the account as a dict, with the counts after the claim, or None when it does not exist
    or is locked (then nothing is changed). Of attempts arriving at once, the database lets each
    claim in turn, so once one of them sets a lock the others find it."""
    schedule = [literal(lock, DateTime()) for lock in locks]
    next_lock = case(*[(Account.failed_logins == k, lock) for k, lock in enumerate(schedule[:-1])], else_=schedule[-1])
    stmt = (
        update(Account)
        .where(Account.username == username, or_(Account.locked_until.is_(None), Account.locked_until <= now))
        .values(failed_logins=Account.failed_logins + 1, locked_until=next_lock)
        .returning(*Account.__table__.columns)
    )
    row = session.execute(stmt).mappings().first()
    return dict(row) if row is not None else None


def active_admins(session: Session) -> int:
    stmt = select(func.count()).select_from(Account).where(Account.role == "admin", Account.active.is_(True))
    return session.scalar(stmt)
