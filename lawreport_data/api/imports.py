"""County files: check and preview a file, load it as one batch. One path for both kinds of
file: an aggregate table (indicator values) and an accident ledger (事故台账, one row per
accident), told apart by the file's header row (``kind`` forces one).

Progress: :func:`preview_import` and :func:`apply_import` take ``progress(phase, done, total)``,
called with the phases ``reading`` (after each chunk the reader hands over: rows read so far,
``total`` None until the last call, where it equals ``done``), ``checking`` (comparing with the
store: 0 of n, then n of n) and, when applying, ``writing`` (records or values written, by
slices). :func:`import_progress` turns a call into the page's bar and text.

A full re-send of a ledger (``replace=True``, 全量重报) retires the stored records of the file's
regions (their towns included) that occurred in the months the file spans (from the first day of
the month of its earliest 发生时间 to the last day of the month of its latest), or in
``replace_period`` when given, and that the file no longer carries. A ledger without records
retires nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from .. import auth, catalog, importer, store, xlsx_io
from ..auth import Actor
from ..import_errors import ImportError_
from ..ledgers import accident_changes
from ..ledgers import accidents as ledger
from ..periods import Period
from .batches import _audit, _check_may_change, _who
from .database import write
from .regions import _regions

IMPORT_KINDS = KINDS = ("aggregate", "accidents")
PHASES = ("reading", "checking", "writing")
Progress = Callable[[str, int, int | None], None]


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
class LedgerPreview:
    """What an accident ledger would do: the parsed ledger, every record compared with the store
    (``changes``: ``store.compare_accidents``' frame, change new / changed / unchanged / retired;
    the retired ones only with ``replace``), the full re-send's scope (region codes, first day,
    last day; None without ``replace`` or records), and ``same_file`` as for aggregates."""

    kind = "accidents"
    parsed: ledger.ParsedLedger
    changes: pd.DataFrame
    same_file: dict | None
    replace_scope: tuple[list[str], dt.date, dt.date] | None = None

    @property
    def ok(self) -> bool:
        return self.parsed.ok

    @property
    def counts(self) -> dict[str, int]:
        return accident_changes.change_counts(self.changes)

    @property
    def key_label(self) -> str:
        """Which key the file's records are matched by (事故编号, or time + region + unit)."""
        return catalog.ACCIDENT_KEY_LABELS[self.parsed.key_kind]

    def table(self, change: str, *, start: int = 0, limit: int | None = None) -> pd.DataFrame:
        """The records of one kind of change, with Chinese headers (see ``accident_changes``)."""
        return accident_changes.changes_table(self.changes, change, start=start, limit=limit)

    @property
    def file_period(self) -> Period | None:
        """The months the file's records span, as a period (the full re-send's default); None
        when they span two years or there are none (see :func:`file_period`)."""
        return file_period(self.parsed.records if self.parsed.ok else self.parsed.records.iloc[0:0])

    @property
    def scope_text(self) -> str:
        """The full re-send's scope in words ("" without one)."""
        return _scope_text(self.replace_scope)


@dataclass
class ImportResult:
    batch_id: int | None  # None: nothing to change (the same content is already stored)
    new: int
    changed: int
    unchanged: int
    file_name: str
    encoding: str
    shape: str  # long, wide or accidents
    rows: int
    retired: int = 0  # accident records a full re-send retired
    kind: str = "aggregate"  # or accidents

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
    if isinstance(parsed, ledger.ParsedLedger):
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
    """``accidents`` for an accident ledger's header row, ``aggregate`` for an aggregate table's,
    None for neither. The ledger is asked first: an aggregate header test also accepts a ledger's
    header (it names 地区 and a count).

    >>> _header_kind(["发生时间", "地区", "行业领域", "事故类别", "死亡人数"])
    'accidents'
    >>> _header_kind(["地区", "指标", "期间", "数值"]), _header_kind(["灌云县2022年事故台账"])
    ('aggregate', None)
    """
    if ledger.is_accident_header(cells):
        return "accidents"
    if importer.is_header(cells):
        return "aggregate"
    return None


HEADER_PREFIX_BYTES = 256 * 1024
"""How much of a CSV file :func:`detect_kind` reads to find its header row (title rows above it
included); a file whose header lies further down is read whole to find it."""


def detect_kind(fileobj, sheet: str | None = None) -> str:
    """Which kind of file this is, by its header row (the first row, among the first few, that is
    a ledger's or an aggregate table's header): ``accidents`` or ``aggregate``. Raises
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
        try:
            parsed = ledger.read_accident_ledger(fileobj, name, sheet=sheet, regions=regions, progress=step)
        except ImportError_ as refusal:
            if refusal.kind == "no_header":  # the aggregate header's description would mislead
                raise ImportError_("no_ledger_header") from None
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
    """The file read (as an aggregate table or an accident ledger, by ``kind``) and checked for
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


# --- full re-send ----------------------------------------------------------------------


def replace_scope(records: pd.DataFrame, replace_period: Period | None = None):
    """The scope a full re-send of ``records`` retires in: (the records' region codes, first day,
    last day), the days being the months from the earliest to the latest 发生时间 (or
    ``replace_period``'s months); None when there are no records.

    >>> records = pd.DataFrame({"region": ["320723", "320722", "320723"],
    ...     "occurred_at": pd.to_datetime(["2022-03-05 14:30", "2022-06-30 23:59", "2022-04-01 00:00"])})
    >>> replace_scope(records)
    (['320722', '320723'], datetime.date(2022, 3, 1), datetime.date(2022, 6, 30))
    >>> replace_scope(records, Period(2022, 1, 12))[1:]
    (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    >>> replace_scope(records.iloc[0:0]) is None
    True
    """
    if not len(records):
        return None
    regions = sorted(str(r) for r in pd.unique(records["region"]))
    if replace_period is not None:
        first = (replace_period.year, replace_period.start)
        last = (replace_period.year, replace_period.end)
    else:
        earliest, latest = records["occurred_at"].min(), records["occurred_at"].max()
        first, last = (earliest.year, earliest.month), (latest.year, latest.month)
    end_day = calendar.monthrange(*last)[1]
    return regions, dt.date(*first, 1), dt.date(*last, end_day)


def file_period(records: pd.DataFrame) -> Period | None:
    """The months from the earliest to the latest 发生时间 of ``records`` as a period (what a full
    re-send covers unless told otherwise); None when they span two years (no one period says
    that) or there are no records.

    >>> when = pd.to_datetime(["2022-03-05 14:30", "2022-06-30 23:59"])
    >>> file_period(pd.DataFrame({"occurred_at": when}))
    Period(year=2022, start=3, end=6)
    >>> file_period(pd.DataFrame({"occurred_at": pd.to_datetime(["2021-12-31", "2022-01-01"])})) is None
    True
    """
    if not len(records):
        return None
    earliest, latest = records["occurred_at"].min(), records["occurred_at"].max()
    if earliest.year != latest.year:
        return None
    return Period(int(latest.year), int(earliest.month), int(latest.month))


def _scope_words(scope) -> dict[str, str]:
    """A full re-send's scope as words: its regions, its first and last month.

    >>> _scope_words((["320722", "320723"], dt.date(2022, 3, 1), dt.date(2022, 6, 30)))
    {'regions': '东海县、灌云县', 'start': '2022年3月', 'end': '2022年6月'}
    """
    codes, start, end = scope
    return {
        "regions": catalog.ACCIDENT_SCOPE_REGION_SEPARATOR.join(catalog.region_name(c) for c in codes),
        "start": catalog.ACCIDENT_SCOPE_MONTH.format(year=start.year, month=start.month),
        "end": catalog.ACCIDENT_SCOPE_MONTH.format(year=end.year, month=end.month),
    }


def _scope_text(scope) -> str:
    """A full re-send's scope in a sentence ("" for none)."""
    return "" if scope is None else catalog.ACCIDENT_IMPORT_PAGE["replace_scope"].format(**_scope_words(scope))


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


def _tell(progress: Progress | None, phase: str, done: int, total: int | None) -> None:
    if progress is not None:
        progress(phase, done, total)


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

    The file's kind is told by its header (``kind`` forces ``aggregate`` or ``accidents``): an
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
    if replace and kind != "accidents":
        raise ImportError_("replace_aggregate")
    parsed = _read_checked(engine, fileobj, name, sheet, actor, who, kind, progress)
    if kind == "accidents":
        return _preview_ledger(engine, parsed, replace, replace_period, progress)
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


def _preview_ledger(engine, parsed, replace: bool, replace_period, progress) -> LedgerPreview:
    records = parsed.records if parsed.ok else parsed.records.iloc[0:0]
    scope = replace_scope(records, replace_period) if replace else None
    n = len(records)
    _tell(progress, "checking", 0, n)
    with store.session_factory(engine)() as session:
        same = store.applied_batch_with_hash(session, parsed.file_hash)
        compare = store.compare_accidents(session, records, replace_scope=scope)
    _tell(progress, "checking", n, n)
    return LedgerPreview(parsed, compare, same, scope)


class _NothingToDo(Exception):
    """Raised in the transaction when a file changes nothing: it rolls back, no batch is left."""


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
    if replace and kind != "accidents":
        raise ImportError_("replace_aggregate")
    parsed = _read_checked(engine, fileobj, name, sheet, actor, who, kind, progress)
    if not parsed.ok:
        raise ImportError_("problems", problems=parsed.problems, count=len(parsed.problems))
    if kind == "accidents":
        return _apply_ledger(engine, parsed, name, who, actor, replace, replace_period, progress)
    n = len(parsed.observations)
    _tell(progress, "checking", n, n)

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
        step = None if progress is None else (lambda done: progress("writing", done, n))
        applied = store.apply_observations(session, frame, batch_id=batch_id, user=who, progress=step)
        if not (applied.new or applied.changed):
            raise _NothingToDo(applied.unchanged)
        store.update_batch(
            session, batch_id, rows_new=applied.new, rows_changed=applied.changed, rows_unchanged=applied.unchanged
        )
        _audit(
            session,
            "import",
            who,
            actor,
            batch_id=batch_id,
            file_name=name,
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


def _apply_ledger(engine, parsed, name: str, who: str, actor, replace: bool, replace_period, progress) -> ImportResult:
    """Load a checked ledger in one transaction: its batch (shape ``accidents``), its records,
    the batch's counts and the audit event; nothing when nothing would change."""
    records = parsed.records
    scope = replace_scope(records, replace_period) if replace else None
    n = len(records)
    _tell(progress, "checking", n, n)

    def load(session) -> ImportResult:
        batch_id = store.create_batch(
            session,
            file_name=name[:255],
            file_hash=parsed.file_hash,
            encoding=parsed.encoding,
            shape="accidents",
            created_by=who,
            status="applied",
            rows_total=parsed.rows_read,
        )
        step = None if progress is None else (lambda done: progress("writing", done, n))
        applied = store.apply_accidents(
            session, records, batch_id=batch_id, user=who, replace_scope=scope, progress=step
        )
        if not (applied.new or applied.changed or applied.retired):
            raise _NothingToDo(applied.unchanged)
        store.update_batch(
            session,
            batch_id,
            rows_new=applied.new,
            rows_changed=applied.changed,
            rows_unchanged=applied.unchanged,
            rows_retired=applied.retired,
        )
        scope_text = catalog.AUDIT_ACCIDENT_SCOPE.format(**_scope_words(scope)) if scope else ""
        _audit(
            session,
            "import",
            who,
            actor,
            batch_id=batch_id,
            file_name=name,
            file_hash=parsed.file_hash,
            detail=catalog.AUDIT_ACCIDENT_IMPORT.format(
                new=applied.new,
                changed=applied.changed,
                retired=applied.retired,
                rows=parsed.rows_read,
                scope=scope_text,
            ),
        )
        return _ledger_result(parsed, name, batch_id, applied)

    try:
        return write(engine, load)
    except _NothingToDo as nothing:
        return _ledger_result(parsed, name, None, store.AccidentResult(unchanged=nothing.args[0]))


def _ledger_result(parsed, name: str, batch_id, applied) -> ImportResult:
    return ImportResult(
        batch_id,
        applied.new,
        applied.changed,
        applied.unchanged,
        name,
        parsed.encoding,
        "accidents",
        parsed.rows_read,
        retired=applied.retired,
        kind="accidents",
    )


def accident_template(kind: str, engine: Engine | None = None) -> bytes:
    """The accident ledger's template: ``csv`` (UTF-8 with BOM) or ``xlsx`` (the code lists on a
    second sheet; with ``engine``, the store's towns among the regions)."""
    if kind == "csv":
        return ledger.template_csv()
    return ledger.template_xlsx(_regions(engine) if engine is not None else None)
