"""County files: check and preview a file, load it as one batch."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from .. import auth, catalog, importer, store
from ..auth import Actor
from ..import_errors import ImportError_
from .batches import _check_may_change, _who
from .database import write
from .regions import _regions


@dataclass
class ImportPreview:
    """What a file would do: the parsed file, its changes against the store, and whether the
    same content was imported before (``same_file``: id and time of that batch)."""

    parsed: importer.Parsed
    changes: pd.DataFrame
    same_file: dict | None

    @property
    def ok(self) -> bool:
        return self.parsed.ok

    @property
    def counts(self) -> dict[str, int]:
        kinds = self.changes["change"].value_counts() if len(self.changes) else {}
        return {k: int(kinds.get(k, 0)) for k in ("new", "changed", "unchanged")}


@dataclass
class ImportResult:
    batch_id: int | None  # None: nothing to change (the same content is already stored)
    new: int
    changed: int
    unchanged: int
    file_name: str
    encoding: str
    shape: str
    rows: int

    @property
    def noop(self) -> bool:
        return self.batch_id is None


def _scoped(parsed: importer.Parsed, actor: Actor | None, regions: pd.DataFrame) -> importer.Parsed:
    """A county analyst's file gets a problem for every row outside their region and its towns."""
    if auth.may_import_all(actor):
        return parsed
    scope = auth.region_scope(regions, actor.region_code or "")
    return importer.restrict_regions(parsed, scope, catalog.region_name(actor.region_code, regions))


def _audit_refused(
    engine: Engine, who: str, actor: Actor | None, name: str, file_hash: str | None, detail: str
) -> None:
    """The audit log's line for a refused file (nothing else is written)."""

    def refused(session) -> None:
        store.append_audit(
            session,
            actor=who,
            action="import_refused",
            target=name[:255],
            region_code=actor.region_code if actor else None,
            file_name=name[:255],
            file_hash=file_hash,
            detail=detail,
        )

    write(engine, refused)


def _read_checked(
    engine: Engine, fileobj, name: str, sheet: str | None, actor: Actor | None, who: str | None
) -> importer.Parsed:
    """The file read and checked for ``actor``. A refused file, whether refused whole (not a table,
    bad encoding, too large: :class:`ImportError_` is raised on) or for its rows' problems, gets its
    line in the audit log as ``who`` (none when ``who`` is None)."""
    regions = _regions(engine)
    try:
        parsed = _scoped(importer.read_file(fileobj, name, sheet=sheet, regions=regions), actor, regions)
    except ImportError_ as refusal:
        if who is not None:
            try:  # streamed in 1 MiB blocks: a file too large to read still gets its hash
                digest = importer.file_hash(fileobj)
            except (OSError, ValueError, AttributeError):
                digest = None
            detail = catalog.AUDIT_REFUSED_UNREAD.format(reason=refusal.zh)
            _audit_refused(engine, who, actor, name, digest, detail)
            refusal.audited = True
        raise
    if who is not None and not parsed.ok:
        detail = catalog.AUDIT_DETAILS["import_refused"].format(count=len(parsed.problems))
        _audit_refused(engine, who, actor, name, parsed.file_hash, detail)
    return parsed


def preview_import(
    engine: Engine,
    fileobj,
    name: str,
    sheet: str | None = None,
    actor: Actor | None = None,
    *,
    audit: bool = True,
) -> ImportPreview:
    """Read and check a file and compare it with the store; writes nothing.

    With a county analyst's ``actor``, rows of other regions are problems too. A signed-in
    ``actor``'s refused file (refused whole or for its rows) gets its line in the audit log, unless
    ``audit`` is False (the page's rerun of an upload whose refusal is logged already). Raises
    :class:`ImportError_` for a file that is not a table, or for an actor who may not import.
    """
    _check_may_change(actor)
    who = actor.username if actor is not None and audit else None
    parsed = _read_checked(engine, fileobj, name, sheet, actor, who)
    with store.session_factory(engine)() as session:
        same = store.applied_batch_with_hash(session, parsed.file_hash)
        if parsed.ok:
            compare = store.compare_observations(session, parsed.observations)
        else:
            compare = store.compare_observations(session, parsed.observations.iloc[0:0])
    return ImportPreview(parsed, compare, same)


def apply_import(
    engine: Engine, fileobj, name: str, user: str = "", sheet: str | None = None, actor: Actor | None = None
) -> ImportResult:
    """Check a whole file, then load it in one transaction as a new batch (or change nothing).

    A file with any problem raises :class:`ImportError_` (kind ``problems``, with the table), as
    does a file refused whole (not a table, bad encoding, too large); either writes nothing but
    the refusal's line in the audit log. Values equal to the stored
    ones are left alone; when nothing would change (e.g. the same file again) no batch is
    written. ``actor`` (a signed-in account) limits a county analyst to their region; without
    it the command line's operator ``user`` acts. The batch and its audit event are written in
    the same transaction. Busy databases are waited for.
    """
    _check_may_change(actor)
    who = _who(actor, user)
    parsed = _read_checked(engine, fileobj, name, sheet, actor, who)
    if not parsed.ok:
        raise ImportError_("problems", problems=parsed.problems, count=len(parsed.problems))

    class _NothingToDo(Exception):
        pass

    def load(session) -> ImportResult:
        batch_id = store.create_batch(
            session,
            file_name=name[:255],
            file_hash=parsed.file_hash,
            encoding=parsed.encoding,
            shape=parsed.shape,
            created_by=who,
            status="applied",
            rows_total=parsed.rows,
        )
        frame = importer.to_store_frame(parsed.observations, file_name=name, batch_id=batch_id)
        applied = store.apply_observations(session, frame, batch_id=batch_id, user=who)
        if not (applied.new or applied.changed):
            raise _NothingToDo(applied.unchanged)
        store.update_batch(
            session, batch_id, rows_new=applied.new, rows_changed=applied.changed, rows_unchanged=applied.unchanged
        )
        store.append_audit(
            session,
            actor=who,
            action="import",
            target=catalog.AUDIT_TARGET_BATCH.format(batch=batch_id),
            region_code=actor.region_code if actor else None,
            batch_id=batch_id,
            file_name=name[:255],
            file_hash=parsed.file_hash,
            detail=catalog.AUDIT_DETAILS["import"].format(new=applied.new, changed=applied.changed, rows=parsed.rows),
        )
        return ImportResult(
            batch_id, applied.new, applied.changed, applied.unchanged, name, parsed.encoding, parsed.shape, parsed.rows
        )

    try:
        return write(engine, load)
    except _NothingToDo as nothing:
        unchanged = nothing.args[0]
        return ImportResult(None, 0, 0, unchanged, name, parsed.encoding, parsed.shape, parsed.rows)
