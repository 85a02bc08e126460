"""A read replica's state: how far its data is behind the primary it streams from (PostgreSQL)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_LAG = text(
    "SELECT pg_is_in_recovery(), "
    "pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(), "
    "EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
)


def replica_lag(session: Session) -> float | None:
    """Seconds the data read here is behind the primary: 0.0 where the replica has applied all it
    has received; the time since the last change it applied where changes wait to be applied;
    None where this database is no replica (a primary, SQLite) or has applied nothing yet.

    What the primary has not yet sent is not counted (the replica cannot know it): on one
    machine or a local network that is a matter of milliseconds."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    in_recovery, caught_up, behind = session.execute(_LAG).one()
    if not in_recovery:
        return None
    if caught_up:
        return 0.0
    return None if behind is None else max(float(behind), 0.0)
