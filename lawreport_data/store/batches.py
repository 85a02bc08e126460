"""Import batches and their undo. Imports no pandas at module level (the CLI's ``history``
loads this without it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import DateTime, and_, bindparam, delete, insert, literal, or_, select, union, update
from sqlalchemy.orm import Session

from ..models import ImportBatch, Observation, ObservationChange, utcnow
from .sessions import bump_data_version

if TYPE_CHECKING:
    pass


def create_batch(session: Session, **fields) -> int:
    """A new import batch; returns its id."""
    batch = ImportBatch(**fields)
    session.add(batch)
    session.flush()
    return batch.id


BATCH_COLUMNS = [c.name for c in ImportBatch.__table__.columns]


def batch_rows(session: Session) -> list[dict]:
    """Every batch, newest first: one dict of ``BATCH_COLUMNS`` each."""
    stmt = select(ImportBatch.__table__).order_by(ImportBatch.id.desc())
    return [dict(r) for r in session.execute(stmt).mappings()]


def update_batch(session: Session, batch_id: int, **fields) -> None:
    session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(**fields))


def batch_info(session: Session, batch_id: int) -> dict | None:
    """One batch as a dict, or None."""
    batch = session.get(ImportBatch, batch_id)
    return None if batch is None else {c.name: getattr(batch, c.name) for c in ImportBatch.__table__.columns}


def applied_batch_with_hash(session: Session, file_hash: str) -> dict | None:
    """The newest applied (not undone) batch of a file with this content hash."""
    row = session.execute(
        select(ImportBatch.id, ImportBatch.created_at, ImportBatch.file_name)
        .where(ImportBatch.file_hash == file_hash, ImportBatch.status == "applied")
        .order_by(ImportBatch.id.desc())
        .limit(1)
    ).first()
    return dict(row._mapping) if row else None


class BatchError(ValueError):
    """A batch that cannot be undone; ``kind`` names the reason (catalog.IMPORT_REFUSALS)."""

    def __init__(self, kind: str, **fields):
        self.kind = kind
        self.fields = fields
        super().__init__(f"{kind}: {fields}")


def _key_join():
    c, o = ObservationChange, Observation
    return and_(
        o.indicator_code == c.indicator_code,
        o.region_code == c.region_code,
        o.year == c.year,
        o.start_month == c.start_month,
        o.end_month == c.end_month,
    )


def undo_batch(session: Session, batch_id: int, user: str = "") -> int:
    """Undo an applied batch: delete the values it inserted and put back exactly the rows it
    replaced (value, qualifier, status, 截至日期, origin, source, provenance, note); delete the
    ledger records (accidents, hazards) it inserted and put back every old value of those it
    updated or retired.

    Refused (``BatchError``) when the batch is unknown or already undone, or when a later
    batch has since changed one of its values or records (undo that one first). Returns the
    number of values and records restored or removed. Runs in the caller's transaction.

    The batch is claimed first, in one statement (``status`` from ``applied`` to ``undone`` where
    it is still ``applied``): of two undos at once exactly one claims it; the other waits for the
    row (PostgreSQL) or the write lock (SQLite), then finds it undone and is refused
    (``undo_done``), so ``undone_by`` is never overwritten. A refusal rolls the claim back with
    the caller's transaction.
    """
    now = utcnow()
    table = ImportBatch.__table__
    claimed = session.execute(
        update(table)
        .where(table.c.id == batch_id, table.c.status == "applied")
        .values(status="undone", undone_at=now, undone_by=user)
    ).rowcount
    if claimed != 1:
        row = session.execute(select(table.c.status, table.c.undone_at).where(table.c.id == batch_id)).first()
        if row is None:
            raise BatchError("undo_unknown", batch=batch_id)
        when = row.undone_at.strftime("%Y-%m-%d %H:%M") if row.undone_at else ""
        raise BatchError("undo_done", batch=batch_id, when=when)
    c, o = ObservationChange, Observation
    later = session.scalars(
        select(o.batch_id)
        .select_from(c)
        .join(o, _key_join(), isouter=True)
        .where(c.batch_id == batch_id, or_(o.batch_id.is_(None), o.batch_id != batch_id))
        .distinct()
    ).all()
    # Rows it inserted carry no record of it (store.writes.apply_observations): a later batch that
    # changed one recorded this batch as the row's old batch.
    b = ImportBatch
    later += session.scalars(
        select(c.batch_id)
        .join(b, b.id == c.batch_id)
        .where(c.old_batch_id == batch_id, c.batch_id != batch_id, b.status == "applied")
        .distinct()
    ).all()
    later = [*later, *(b for ledger in _ledgers() for b in _changed_later(session, ledger, batch_id))]
    if later:
        known = sorted(b for b in later if b is not None)
        raise BatchError("undo_later", batch=batch_id, later=known[-1] if known else "?")
    touched_keys = select(o.indicator_code, o.region_code, o.year).where(o.batch_id == batch_id)
    from .writes import _touched

    inserted = _touched(session, touched_keys)  # (before they are deleted) for the towns' sums
    touched = sum(_undo_records(session, ledger, batch_id) for ledger in _ledgers())
    touched += session.execute(delete(o).where(o.batch_id == batch_id)).rowcount
    session.execute(
        insert(o).from_select(
            [
                "indicator_code",
                "region_code",
                "year",
                "start_month",
                "end_month",
                "value",
                "qualifier",
                "status",
                "as_of",
                "origin",
                "synthetic",
                "source_text",
                "batch_id",
                "source_row",
                "note",
                "updated_at",
            ],
            select(
                c.indicator_code,
                c.region_code,
                c.year,
                c.start_month,
                c.end_month,
                c.old_value,
                c.old_qualifier,
                c.old_status,
                c.old_as_of,
                c.old_origin,
                c.old_synthetic,
                c.old_source_text,
                c.old_batch_id,
                c.old_source_row,
                c.old_note,
                literal(now, DateTime()),
            ).where(c.batch_id == batch_id, c.action == "update"),
        )
    )
    import pandas as pd

    from .observation_spans import refresh_observation_spans
    from .town_sums import refresh_leaf_sums

    restored = _touched(session, select(c.indicator_code, c.region_code, c.year).where(c.batch_id == batch_id))
    undone = pd.concat([inserted, restored], ignore_index=True)
    refresh_leaf_sums(session, undone)
    refresh_observation_spans(session, undone)
    bump_data_version(session)
    return touched


def _ledgers() -> tuple:
    """The ledgers whose records a batch may write (``ledger_writes.Ledger``; loaded on first use,
    as they load pandas)."""
    from .accident_writes import ACCIDENTS
    from .case_writes import CASES
    from .hazard_writes import HAZARDS
    from .inspection_writes import INSPECTIONS

    return (ACCIDENTS, HAZARDS, INSPECTIONS, CASES)


def _changed_later(session: Session, ledger, batch_id: int) -> list[int | None]:
    """The batches that since changed a record of ``ledger`` this batch inserted, updated or
    retired (each such write sets the record's ``batch_id``; an undo puts the old one back)."""
    r, c = ledger.record, ledger.change
    inserted = select(r.batch_id).where(
        r.created_batch_id == batch_id, or_(r.batch_id.is_(None), r.batch_id != batch_id)
    )
    changed = (
        select(r.batch_id)
        .select_from(c)
        .join(r, r.id == c.record_id, isouter=True)
        .where(c.batch_id == batch_id, or_(r.batch_id.is_(None), r.batch_id != batch_id))
    )
    return list(session.scalars(union(inserted, changed)))


def _undo_records(session: Session, ledger, batch_id: int) -> int:
    """Delete the records of ``ledger`` the batch inserted; put back every old value of those it
    updated or retired (one UPDATE by id per record, in one executemany)."""
    r, c = ledger.record, ledger.change
    kept = ledger.before_undo(session, batch_id) if ledger.before_undo is not None else None
    deleted = session.execute(delete(r).where(r.created_batch_id == batch_id)).rowcount
    old = [getattr(c, f"old_{name}") for name in ledger.restored]
    rows = session.execute(select(c.record_id, *old).where(c.batch_id == batch_id).order_by(c.id)).all()
    if rows:
        table = r.__table__
        stmt = (
            update(table)
            .where(table.c.id == bindparam("record_id_"))
            .values({name: bindparam(f"{name}_") for name in ledger.restored})
        )
        names = ["record_id_", *(f"{name}_" for name in ledger.restored)]
        session.execute(stmt, [dict(zip(names, row, strict=True)) for row in rows])
    if ledger.after_undo is not None:
        ledger.after_undo(session, kept)
    return deleted + len(rows)


def batch_regions(session: Session, batch_id: int) -> set[str]:
    """The regions whose values or ledger records a batch inserted, replaced or retired (a
    changed record's region before and after). Its inserted values have no change record
    (store.writes.apply_observations): their regions are those of the rows that carry it."""
    parts = [
        select(ObservationChange.region_code).where(ObservationChange.batch_id == batch_id),
        select(Observation.region_code).where(Observation.batch_id == batch_id),
    ]
    for ledger in _ledgers():
        r, c = ledger.record, ledger.change
        parts += [
            select(r.region).where(r.created_batch_id == batch_id),
            select(c.old_region).where(c.batch_id == batch_id),
            select(r.region).join(c, c.record_id == r.id).where(c.batch_id == batch_id),
        ]
    return set(session.scalars(union(*parts)))
