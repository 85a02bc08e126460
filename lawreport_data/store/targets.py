"""安全生产控制指标 kept per region, year and indicator: read, and written with every revision in
the audit log. No pandas at module level."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import catalog
from ..models import ControlTarget, utcnow
from .audit import append_audit
from .sessions import bump_data_version

TARGET_FIELDS = ["region", "year", "indicator", "target", "source", "synthetic", "updated_by", "updated_at"]


def control_targets(session: Session, year: int, *, regions: list[str] | None = None) -> list[dict]:
    """The targets of ``year`` (of ``regions`` only, when given): dicts of :data:`TARGET_FIELDS`,
    by region and indicator."""
    t = ControlTarget
    stmt = (
        select(
            t.region_code, t.year, t.indicator_code, t.target, t.source_text, t.synthetic, t.updated_by, t.updated_at
        )
        .where(t.year == year)
        .order_by(t.region_code, t.indicator_code)
    )
    if regions is not None:
        stmt = stmt.where(t.region_code.in_(regions))
    return [dict(zip(TARGET_FIELDS, row, strict=True)) for row in session.execute(stmt)]


def apply_targets(
    session: Session,
    targets: list[dict],
    *,
    user: str,
    source: str,
    file_name: str | None = None,
    file_hash: str | None = None,
    synthetic: bool = False,
    only_new: bool = False,
) -> dict[str, int]:
    """Write ``targets`` (dicts with region, year, indicator, target): a new key is added, a
    changed value replaces the stored one (the newest counts) with an audit event of the old and
    new value (``target_revise``); then one event for the whole write (``targets_import``) where
    anything was written. ``only_new``: a stored target is left as it is (the demo's, added by
    ``init-db --demo`` where none is stored). Returns the counts ``{new, changed, unchanged}``."""
    t = ControlTarget
    counts = {"new": 0, "changed": 0, "unchanged": 0}
    years = sorted({int(r["year"]) for r in targets})
    stored = {
        (row.region_code, row.year, row.indicator_code): (row.id, row.target)
        for row in session.execute(select(t.id, t.region_code, t.year, t.indicator_code, t.target).where(t.year.in_(years)))
    }  # fmt: skip
    now = utcnow()
    for r in targets:
        key = (r["region"], int(r["year"]), r["indicator"])
        value = float(r["target"])
        if key not in stored:
            session.add(ControlTarget(region_code=key[0], year=key[1], indicator_code=key[2], target=value,
                                      source_text=source, synthetic=synthetic, updated_by=user, updated_at=now))  # fmt: skip
            counts["new"] += 1
            continue
        target_id, old = stored[key]
        if old == value or only_new:
            counts["unchanged"] += 1
            continue
        session.execute(update(t).where(t.id == target_id).values(
            target=value, source_text=source, synthetic=synthetic, updated_by=user, updated_at=now))  # fmt: skip
        append_audit(session, actor=user, action="target_revise", target=f"{key[0]} {key[1]} {key[2]}",
                     region_code=key[0], file_name=file_name, file_hash=file_hash, detail=catalog.AUDIT_DETAILS["target_revise"].format(old=_plain(old), new=_plain(value)))  # fmt: skip
        counts["changed"] += 1
    session.flush()
    if not (counts["new"] or counts["changed"]):
        return counts
    bump_data_version(session)  # the pages' caches key on it
    append_audit(session, actor=user, action="targets_import", target=file_name or source, file_name=file_name,
                 file_hash=file_hash, detail=catalog.AUDIT_DETAILS["targets_import"].format(**counts))  # fmt: skip
    return counts


def _plain(value: float) -> str:
    """A value as people write it.

    >>> _plain(12.0), _plain(0.5)
    ('12', '0.5')
    """
    return f"{value:g}"
