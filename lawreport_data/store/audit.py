"""The audit log: who did what, when. No pandas at module level (the CLI's ``audit`` loads
this without it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..models import AuditEvent, utcnow

if TYPE_CHECKING:
    pass


def append_audit(session: Session, **fields) -> None:
    """Append one audit event (actor, action, target, region_code, batch_id, file_name, file_hash, detail)."""
    session.execute(insert(AuditEvent).values(at=utcnow(), **fields))


AUDIT_FIELDS = ["id", "at", "actor", "action", "target", "region_code", "batch_id", "file_name", "file_hash", "detail"]


def audit_rows(
    session: Session,
    *,
    actor: str | None = None,
    action: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> list[dict]:
    """Audit events, newest first, filtered as asked (``until`` exclusive): dicts of ``AUDIT_FIELDS``."""
    stmt = select(*[getattr(AuditEvent, c) for c in AUDIT_FIELDS]).order_by(AuditEvent.id.desc())
    if actor:
        stmt = stmt.where(AuditEvent.actor == actor)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.at < until)
    return [dict(r) for r in session.execute(stmt).mappings()]


def audit_actors(session: Session) -> list[str]:
    """Everyone named in the audit log, sorted (the 审计日志 page's person filter)."""
    return list(session.scalars(select(AuditEvent.actor).distinct().order_by(AuditEvent.actor)))
