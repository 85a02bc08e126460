"""County files: check and preview a file, load it as one batch. One path for every kind of
file: an aggregate table (indicator values) and the ledgers (``ledger_imports``: 事故台账, one row
per accident; 隐患台账, one row per hazard), told apart by the file's header row (``kind`` forces
one).

Progress: :func:`preview_import` and :func:`apply_import` take ``progress(phase, done, total)``,
called with the phases ``reading`` (after each chunk the reader hands over: rows read so far,
``total`` None until the last call, where it equals ``done``), ``checking`` (comparing with the
store: 0 of n, then n of n) and, when applying, ``writing`` (records or values written, by
slices). :func:`import_progress` turns a call into the page's bar and text.

A full re-send of a ledger (``replace=True``, 全量重报): see ``ledger_imports``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from .. import auth, catalog, importer, store, xlsx_io
from ..auth import Actor
from ..import_errors import ImportError_
from ..ledgers import accidents as ledger
from ..ledgers.reading import ParsedLedger
from ..periods import Period
from .batches import _audit, _check_may_change, _who
from .database import write
from .ledger_imports import (
    LEDGER_KINDS,
    LedgerPreview,
    NothingToDo,
    Progress,
    accident_template,
    apply_ledger,
    file_period,
    ledger_template,
    load_batch,
    preview_ledger,
    replace_scope,
)
from .ledger_imports import tell as _tell
from .regions import _regions

__all__ = [
    "IMPORT_KINDS",
    "ImportPreview",
    "ImportResult",
    "LedgerPreview",
    "accident_template",
    "apply_import",
    "detect_kind",
    "file_period",
    "import_progress",
    "ledger_template",
    "preview_import",
    "replace_scope",
]

IMPORT_KINDS = KINDS = ("aggregate", *LEDGER_KINDS)
PHASES = ("reading", "checking", "writing")


@dataclass
class ImportPreview:
    """What an aggregate file would do: the parsed file, its changes against the store, and
    whether the same content was imported before (``same_file``: id and time of that batch)."""

    kind = "aggregate"
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
    shape: str  # long, wide, or the ledger's kind
    rows: int
    retired: int = 0  # ledger records a full re-send retired
    kind: str = "aggregate"  # or a ledger kind: accidents, hazards

    @property
    def noop(self) -> bool:
        return self.batch_id is None


def _scoped(parsed, actor: Actor | None, regions: pd.DataFrame):
    """A county analyst's file gets a problem for every row outside their region and its towns
    (an aggregate file's or a ledger's)."""
    if auth.may_import_all(actor):
        return parsed
    scope = auth.region_scope(regions, actor.region_code or "")
    name = catalog.region_name(actor.region_code, regions)
    if isinstance(parsed, ParsedLedger):
        return ledger.restrict_regions(parsed, scope, name)
    return importer.restrict_regions(parsed, scope, name)


def _audit_refused(
    engine: Engine, who: str, actor: Actor | None, name: str, file_hash: str | None, detail: str
) -> None:
    """The audit log's line for a refused file (nothing else is written)."""

    def refused(session) -> None:
        _audit(session, "import_refused", who, actor, target=name, file_name=name, file_hash=file_hash, detail=detail)

    write(engine, refused)


def _header_kind(cells: list[str]) -> str | None:
    """The ledger kind whose header row this is (``hazards``, ``accidents``), ``aggregate`` for an
    aggregate table's, None for neither. The ledgers are asked first (hazards before accidents:
    :data:`~.ledger_imports.LEDGER_KINDS`' order): an aggregate header test also accepts a
    ledger's header (it names 地区 and a count).

    >>> _header_kind(["发生时间", "地区", "行业领域", "事故类别", "死亡人数"])
    'accidents'
    >>> _header_kind(["企业名称", "地区", "隐患级别", "隐患描述", "发现日期", "整改完成日期"])
    'hazards'
    >>> _header_kind(["地区", "指标", "期间", "数值"]), _header_kind(["灌云县2022年事故台账"])
    ('aggregate', None)
    """
    for name, spec in LEDGER_KINDS.items():
        if spec.is_header(cells):
            return name
    if importer.is_header(cells):
        return "aggregate"
    return None


HEADER_PREFIX_BYTES = 256 * 1024
"""How much of a CSV file :func:`detect_kind` reads to find its header row (title rows above it
included); a file whose header lies further down is read whole to find it."""


def detect_kind(fileobj, sheet: str | None = None) -> str:
    """Which kind of file this is, by its header row (the first row, among the first few, that is
    a ledger's or an aggregate table's header): ``hazards``, ``accidents`` or ``aggregate``. Raises
    :class:`ImportError_` as the readers do for a file that is no table (empty, too large,
    binary, no header row).

    A CSV file's first :data:`HEADER_PREFIX_BYTES` are read (cut after its last whole line: a
    newline byte is never part of a UTF-8 or GBK character), not the whole file, which its reader
    then reads once; an XLSX file's rows are read lazily, so only up to its header."""
    size = importer.check_size(fileobj)
    found: list[str] = []

    def header_test(cells: list[str]) -> bool:
        kind = _header_kind(cells)
        if kind:
            found.append(kind)
        return kind is not None

    fileobj.seek(0)
    prefix = fileobj.read(HEADER_PREFIX_BYTES)
    fileobj.seek(0)
    source = fileobj
    if size > len(prefix) and not prefix.startswith(xlsx_io.XLSX_MAGIC) and b"\n" in prefix:
        source = io.BytesIO(prefix[: prefix.rindex(b"\n") + 1])
    try:
        raw = importer.read_raw(source, sheet, header_test=header_test, times=True)
    except ImportError_:
        if source is fileobj:
            raise
        fileobj.seek(0)  # the header lies below the first lines read: look in the whole file
        raw = importer.read_raw(fileobj, sheet, header_test=header_test, times=True)
    raw.chunks.close()  # the rows are not read: the header is all it takes
    fileobj.seek(0)
    return found[-1]


def _kind_of(fileobj, sheet: str | None, kind: str | None) -> str:
    if kind is None:
        return detect_kind(fileobj, sheet)
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    return kind


def _read(fileobj, name: str, sheet: str | None, kind: str, regions: pd.DataFrame, progress: Progress | None):
    """The file read by the reader of its kind, telling ``progress`` the rows read."""
    step = None if progress is None else (lambda rows: progress("reading", rows, None))
    if kind == "aggregate":
        parsed = importer.read_file(fileobj, name, sheet=sheet, regions=regions, progress=step)
        rows = parsed.rows
    else:
        spec = LEDGER_KINDS[kind]
        try:
            parsed = spec.read(fileobj, name, sheet=sheet, regions=regions, progress=step)
        except ImportError_ as refusal:
            if refusal.kind == "no_header":  # the aggregate header's description would mislead
                raise ImportError_(spec.no_header) from None
            raise
        rows = parsed.rows_read
    if progress is not None:
        progress("reading", rows, rows)
    return parsed


def _read_checked(
    engine: Engine,
    fileobj,
    name: str,
    sheet: str | None,
    actor: Actor | None,
    who: str | None,
    kind: str = "aggregate",
    progress: Progress | None = None,
):
    """The file read (as an aggregate table or a ledger, by ``kind``) and checked for
    ``actor``. A refused file, whether refused whole (not a table, bad encoding, too large:
    :class:`ImportError_` is raised on) or for its rows' problems, gets its line in the audit
    log as ``who`` (none when ``who`` is None)."""
    regions = _regions(engine)
    try:
        parsed = _scoped(_read(fileobj, name, sheet, kind, regions, progress), actor, regions)
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


def _detected(engine, fileobj, name, sheet, kind, actor, who) -> str:
    """The file's kind (``kind`` when given); a file refused before its kind is known (empty,
    too large, no header) gets its audit line as any refused file does."""
    try:
        return _kind_of(fileobj, sheet, kind)
    except ImportError_ as refusal:
        if who is not None:
            try:
                digest = importer.file_hash(fileobj)
            except (OSError, ValueError, AttributeError):
                digest = None
            _audit_refused(engine, who, actor, name, digest, catalog.AUDIT_REFUSED_UNREAD.format(reason=refusal.zh))
            refusal.audited = True
        raise


# --- progress --------------------------------------------------------------------------


def import_progress(phase: str, done: int, total: int | None) -> tuple[float, str]:
    """A progress call as the page's bar shows it: (the phase's fraction done, its text).

    >>> import_progress("reading", 200000, None)
    (0.0, '读取文件：已读200,000行')
    >>> import_progress("writing", 50000, 200000)
    (0.25, '写入数据库：50,000/200,000行')
    """
    label = catalog.IMPORT_PROGRESS_PHASES.get(phase, phase)
    if total is None:
        return 0.0, catalog.IMPORT_PROGRESS_TEXT_OPEN.format(phase=label, done=done)
    fraction = min(1.0, done / total) if total else 1.0
    return fraction, catalog.IMPORT_PROGRESS_TEXT.format(phase=label, done=done, total=total)


# --- preview and apply -----------------------------------------------------------------


def preview_import(
    engine: Engine,
    fileobj,
    name: str,
    sheet: str | None = None,
    actor: Actor | None = None,
    *,
    audit: bool = True,
    kind: str | None = None,
    replace: bool = False,
    replace_period: Period | None = None,
    progress: Progress | None = None,
) -> ImportPreview | LedgerPreview:
    """Read and check a file and compare it with the store; writes nothing.

    The file's kind is told by its header (``kind`` forces ``aggregate`` or a ledger kind): an
    aggregate file gives an :class:`ImportPreview`, a ledger a :class:`LedgerPreview` (with
    ``replace``, the records a full re-send would retire too). With a county analyst's
    ``actor``, rows of other regions are problems too. A signed-in ``actor``'s refused file
    (refused whole or for its rows) gets its line in the audit log, unless ``audit`` is False
    (the page's rerun of an upload whose refusal is logged already). Raises
    :class:`ImportError_` for a file that is not a table, for ``replace`` on an aggregate file,
    or for an actor who may not import. ``progress``: see the module's doc.
    """
    _check_may_change(actor)
    who = actor.username if actor is not None and audit else None
    kind = _detected(engine, fileobj, name, sheet, kind, actor, who)
    if replace and kind not in LEDGER_KINDS:
        raise ImportError_("replace_aggregate")
    parsed = _read_checked(engine, fileobj, name, sheet, actor, who, kind, progress)
    if kind in LEDGER_KINDS:
        return preview_ledger(engine, parsed, kind, replace, replace_period, progress)
    n = len(parsed.observations) if parsed.ok else 0
    _tell(progress, "checking", 0, n)
    with store.session_factory(engine)() as session:
        same = store.applied_batch_with_hash(session, parsed.file_hash)
        if parsed.ok:
            compare = store.compare_observations(session, parsed.observations)
        else:
            compare = store.compare_observations(session, parsed.observations.iloc[0:0])
    _tell(progress, "checking", n, n)
    return ImportPreview(parsed, compare, same)


def apply_import(
    engine: Engine,
    fileobj,
    name: str,
    user: str = "",
    sheet: str | None = None,
    actor: Actor | None = None,
    *,
    kind: str | None = None,
    replace: bool = False,
    replace_period: Period | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check a whole file, then load it in one transaction as a new batch (or change nothing).

    The file's kind is told by its header (``kind`` forces it), as for :func:`preview_import`.
    A file with any problem raises :class:`ImportError_` (kind ``problems``, with the table), as
    does a file refused whole (not a table, bad encoding, too large); either writes nothing but
    the refusal's line in the audit log. Values (records) equal to the stored
    ones are left alone; when nothing would change (e.g. the same file again) no batch is
    written. ``actor`` (a signed-in account) limits a county analyst to their region; without
    it the command line's operator ``user`` acts. The batch and its audit event are written in
    the same transaction. Busy databases are waited for. ``replace`` (ledgers only): a full
    re-send, retiring the records of its scope that the file lacks (see the module's doc).
    """
    _check_may_change(actor)
    who = _who(actor, user)
    kind = _detected(engine, fileobj, name, sheet, kind, actor, who)
    if replace and kind not in LEDGER_KINDS:
        raise ImportError_("replace_aggregate")
    parsed = _read_checked(engine, fileobj, name, sheet, actor, who, kind, progress)
    if not parsed.ok:
        raise ImportError_("problems", problems=parsed.problems, count=len(parsed.problems))
    if kind in LEDGER_KINDS:
        batch_id, applied = apply_ledger(engine, parsed, kind, name, who, actor, replace, replace_period, progress)
        return ImportResult(
            batch_id, applied.new, applied.changed, applied.unchanged, name, parsed.encoding, kind, parsed.rows_read,
            retired=applied.retired, kind=kind,
        )  # fmt: skip
    n = len(parsed.observations)
    _tell(progress, "checking", n, n)

    def load(session) -> ImportResult:
        batch_id, applied = load_batch(
            session, name=name, file_hash=parsed.file_hash, encoding=parsed.encoding, shape=parsed.shape,
            rows=parsed.rows, who=who, actor=actor, n=n, progress=progress,
            write_rows=lambda batch_id, step: store.apply_observations(
                session, importer.to_store_frame(parsed.observations, file_name=name, batch_id=batch_id),
                batch_id=batch_id, user=who, progress=step,
            ),
            detail=lambda applied: catalog.AUDIT_DETAILS["import"].format(
                new=applied.new, changed=applied.changed, rows=parsed.rows
            ),
        )  # fmt: skip
        return ImportResult(
            batch_id, applied.new, applied.changed, applied.unchanged, name, parsed.encoding, parsed.shape, parsed.rows
        )

    try:
        return write(engine, load)
    except NothingToDo as nothing:
        unchanged = nothing.args[0]
        return ImportResult(None, 0, 0, unchanged, name, parsed.encoding, parsed.shape, parsed.rows)
