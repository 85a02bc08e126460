"""Import batches: their history and changes, and undo."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Engine

from .. import auth, catalog, store
from ..auth import Actor
from ..import_errors import ImportError_
from .database import write

if TYPE_CHECKING:
    import pandas as pd


def _check_may_change(actor: Actor | None) -> None:
    """Refuse a viewer (or an unknown role) any import or undo."""
    if actor is not None and not actor.can_change_data:
        raise ImportError_(
            "not_allowed",
            role=catalog.ROLE_LABELS.get(actor.role, actor.role),
            user=actor.username,
            role_en=catalog.ROLE_LABELS_EN.get(actor.role, actor.role),
        )


def _who(actor: Actor | None, user: str) -> str:
    return (actor.username if actor is not None else user or "cli")[:64]


def _audit(
    session,
    action: str,
    who: str,
    actor: Actor | None,
    *,
    detail: str,
    batch_id: int | None = None,
    target: str | None = None,
    file_name: str | None = None,
    file_hash: str | None = None,
) -> None:
    """The audit event of an import, a refused file or an undo, by ``who`` (``actor``'s region with
    it): its target the batch (``catalog.AUDIT_TARGET_BATCH``) unless one is given; names cut to
    the log's 255 characters."""
    store.append_audit(
        session,
        actor=who,
        action=action,
        target=(catalog.AUDIT_TARGET_BATCH.format(batch=batch_id) if target is None else target)[:255],
        region_code=actor.region_code if actor else None,
        batch_id=batch_id,
        file_name=None if file_name is None else file_name[:255],
        file_hash=file_hash,
        detail=detail,
    )


def undo_batch(engine: Engine, batch_id: int, user: str = "", actor: Actor | None = None) -> int:
    """Undo an import batch (see :func:`store.undo_batch`); refusals raise :class:`ImportError_`.

    A county analyst may undo only a batch whose values all lie in their region and its towns.
    The undo and its audit event are written in the same transaction.
    """
    _check_may_change(actor)
    who = _who(actor, user)

    def undo(session) -> int:
        batch_id_ = int(batch_id)
        if not auth.may_import_all(actor):
            regions = store.regions_frame(session)
            outside = store.batch_regions(session, batch_id_) - auth.region_scope(regions, actor.region_code or "")
            if outside:
                raise ImportError_(
                    "undo_outside", batch=batch_id_, region=catalog.region_name(actor.region_code, regions)
                )
        try:
            restored = store.undo_batch(session, batch_id_, who)
        except store.BatchError as exc:
            raise ImportError_(exc.kind, **exc.fields) from None
        info = store.batch_info(session, batch_id_) or {}
        _audit(
            session,
            "undo",
            who,
            actor,
            batch_id=batch_id_,
            file_name=info.get("file_name"),
            file_hash=info.get("file_hash"),
            detail=catalog.AUDIT_DETAILS["undo"].format(batch=batch_id_, restored=restored),
        )
        return restored

    return write(engine, undo)


def history_rows(engine: Engine) -> list[dict]:
    """Every import batch, newest first, one dict each: what ``history`` prints."""
    with store.session_factory(engine)() as session:
        return store.batch_rows(session)


def import_history(engine: Engine) -> pd.DataFrame:
    """Every import batch, newest first, as a table (:func:`history_rows`)."""
    import pandas as pd

    return pd.DataFrame(history_rows(engine), columns=store.BATCH_COLUMNS)


def batch_changes(engine: Engine, batch_id: int) -> pd.DataFrame:
    """The change records of one batch (old and new values, time, user)."""
    with store.session_factory(engine)() as session:
        return store.changes_frame(session, batch_id=batch_id)


def _batch_ledger(session, batch_id: int):
    """The ledger (``store.Ledger``) and its kind name (``accidents``, ``hazards``) a ledger batch
    wrote; an aggregate batch, or none, lists none: the accident ledger's empty lists."""
    info = store.batch_info(session, batch_id)
    shape = info["shape"] if info and store.ledger_of(info["shape"]) is not None else "accidents"
    return store.ledger_of(shape), shape


def ledger_batch_counts(engine: Engine, batch_id: int) -> dict[str, int]:
    """How many records a ledger batch (accidents or hazards, by its shape) added (still stored),
    updated and retired."""
    with store.session_factory(engine)() as session:
        ledger, _ = _batch_ledger(session, batch_id)
        return store.ledger_batch_counts(session, batch_id, ledger)


def ledger_batch_changes(
    engine: Engine, batch_id: int, change: str, *, start: int = 0, limit: int | None = None
) -> pd.DataFrame:
    """A ledger batch's records of one kind of change (new, changed, retired), rows ``start`` to
    ``start + limit``, as people read them (Chinese headers, names for codes, each update's
    fields old → new; see ``ledgers.changes.changes_table``)."""
    from ..ledgers import changes

    with store.session_factory(engine)() as session:
        ledger, kind = _batch_ledger(session, batch_id)
        frame = store.ledger_batch_changes(session, batch_id, change, start=start, limit=limit, ledger=ledger)
        regions = store.regions_frame(session)
    return changes.changes_table(frame, change, regions=regions, view=changes.VIEWS[kind])
