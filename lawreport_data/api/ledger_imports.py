"""Ledger files (台账: one row per accident, per hazard) on the import path of ``imports``: each
ledger kind named once (:data:`LEDGER_KINDS`: its reader, its header test, the day its records
are of, its store functions, its templates), the preview of what a file would change, and the
load of a checked file as one batch.

A full re-send of a ledger (``replace=True``, 全量重报) retires the stored records of the file's
regions (their towns included) whose day (an accident's 发生时间, a hazard's 发现日期) lies in the
months the file spans (from the first day of the month of its earliest day to the last day of the
month of its latest), or in ``replace_period`` when given, and that the file no longer carries.
A ledger without records retires nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine

from .. import catalog, store
from ..ledgers import accidents, cases, changes, hazards, inspections
from ..ledgers.reading import ParsedLedger
from ..periods import Period
from .batches import _audit
from .database import write
from .regions import _regions

Progress = Callable[[str, int, int | None], None]


@dataclass(frozen=True)
class LedgerKind:
    """One kind of ledger file: its name (the import kind and the batch's shape), its reader
    (``read(fileobj, name, sheet=, regions=, progress=)``), its header test, the records' day
    column a full re-send's months are of, the refusal when its header is not found, the store's
    compare and apply functions (by name: the store loads on first use) and its templates."""

    name: str
    read: Callable
    is_header: Callable[[list[str]], bool]
    when: str
    no_header: str
    compare: str
    apply: str
    template_csv: Callable[[], bytes]
    template_xlsx: Callable

    @property
    def view(self) -> changes.ChangeView:
        return changes.VIEWS[self.name]


LEDGER_KINDS = {
    "hazards": LedgerKind(
        "hazards", hazards.read_hazard_ledger, hazards.is_hazard_header, "found_on", "no_hazard_header",
        "compare_hazards", "apply_hazards", hazards.template_csv, hazards.template_xlsx,
    ),
    "inspections": LedgerKind(
        "inspections", inspections.read_inspection_ledger, inspections.is_inspection_header, "inspected_on",
        "no_inspection_header", "compare_inspections", "apply_inspections", inspections.template_csv,
        inspections.template_xlsx,
    ),
    "cases": LedgerKind(
        "cases", cases.read_case_ledger, cases.is_case_header, "filed_on", "no_case_header", "compare_cases",
        "apply_cases", cases.template_csv, cases.template_xlsx,
    ),
    "accidents": LedgerKind(
        "accidents", accidents.read_accident_ledger, accidents.is_accident_header, "occurred_at", "no_ledger_header",
        "compare_accidents", "apply_accidents", accidents.template_csv, accidents.template_xlsx,
    ),
}  # fmt: skip
"""The ledger kinds, in the order a header row is tried (a hazard ledger's header also names the
columns an accident ledger's test looks for, so it is asked first; an inspection ledger's header
is told from a hazard ledger's by its own columns, 检查方式, 发现隐患数, …)."""


class NothingToDo(Exception):
    """Raised in the transaction when a file changes nothing: it rolls back, no batch is left."""


def load_batch(
    session, *, name: str, file_hash: str, encoding: str, shape: str, rows: int, who: str, actor, n: int,
    progress: Progress | None, write_rows: Callable, detail: Callable,
):  # fmt: skip
    """One checked file loaded as a batch in the caller's transaction (an aggregate table's or a
    ledger's): the batch (``shape``, ``rows`` read), its rows written by ``write_rows(batch_id,
    step)`` (``step(done)`` tells ``progress`` of the ``n`` rows written; it returns the store's
    counts: new, changed, unchanged and a ledger's retired), the batch's counts and the import's
    audit event (``detail(counts)``). Raises :class:`NothingToDo` when nothing would change.
    Returns (the batch's id, the counts)."""
    batch_id = store.create_batch(
        session,
        file_name=name[:255],
        file_hash=file_hash,
        encoding=encoding,
        shape=shape,
        created_by=who,
        status="applied",
        rows_total=rows,
    )
    step = None if progress is None else (lambda done: progress("writing", done, n))
    applied = write_rows(batch_id, step)
    counts = {"rows_new": applied.new, "rows_changed": applied.changed, "rows_unchanged": applied.unchanged}
    if hasattr(applied, "retired"):  # a ledger's (an aggregate table's figures are never retired)
        counts["rows_retired"] = applied.retired
    if not (applied.new or applied.changed or counts.get("rows_retired")):
        raise NothingToDo(applied.unchanged)
    store.update_batch(session, batch_id, **counts)
    _audit(
        session, "import", who, actor, batch_id=batch_id, file_name=name, file_hash=file_hash, detail=detail(applied)
    )
    return batch_id, applied


def tell(progress: Progress | None, phase: str, done: int, total: int | None) -> None:
    if progress is not None:
        progress(phase, done, total)


@dataclass
class LedgerPreview:
    """What a ledger file would do: the parsed ledger, every record compared with the store
    (``changes``: the store's compare frame, change new / changed / unchanged / retired; the
    retired ones only with ``replace``), the full re-send's scope (region codes, first day, last
    day; None without ``replace`` or records), ``same_file`` as for aggregates, and the ledger's
    ``kind`` (``accidents``, ``hazards``)."""

    parsed: ParsedLedger
    changes: pd.DataFrame
    same_file: dict | None
    replace_scope: tuple[list[str], dt.date, dt.date] | None = None
    kind: str = "accidents"
    region_names: dict[str, str] | None = None  # the store's (a town, another city's county), by code

    @property
    def ok(self) -> bool:
        return self.parsed.ok

    @property
    def counts(self) -> dict[str, int]:
        return changes.change_counts(self.changes)

    @property
    def texts(self) -> dict[str, str]:
        """The import page's texts for this ledger kind (``catalog.LEDGER_IMPORT_PAGE``)."""
        return catalog.LEDGER_IMPORT_PAGE[self.kind]

    @property
    def key_label(self) -> str:
        """Which key the file's records are matched by (事故编号/隐患编号, or a composite)."""
        return catalog.LEDGER_KEY_LABELS[self.kind][self.parsed.key_kind]

    @property
    def cleared(self) -> int:
        """How many records the file changes by emptying a date that was set (a hazard's
        整改完成日期 taken back: allowed, and the page says so)."""
        return changes.cleared_count(self.changes, LEDGER_KINDS[self.kind].view)

    def table(self, change: str, *, start: int = 0, limit: int | None = None) -> pd.DataFrame:
        """The records of one kind of change, with Chinese headers (see ``ledgers.changes``)."""
        view = LEDGER_KINDS[self.kind].view
        return changes.changes_table(self.changes, change, start=start, limit=limit, view=view)

    @property
    def file_period(self) -> Period | None:
        """The months the file's records span, as a period (the full re-send's default); None
        when they span two years or there are none (see :func:`file_period`)."""
        records = self.parsed.records if self.parsed.ok else self.parsed.records.iloc[0:0]
        return file_period(records, LEDGER_KINDS[self.kind].when)

    @property
    def scope_text(self) -> str:
        """The full re-send's scope in words ("" without one)."""
        return _scope_text(self.replace_scope, self.region_names)


# --- full re-send ----------------------------------------------------------------------


def replace_scope(records: pd.DataFrame, replace_period: Period | None = None, when: str = "occurred_at"):
    """The scope a full re-send of ``records`` retires in: (the records' region codes, first day,
    last day), the days being the months from the earliest to the latest ``when`` (发生时间; a
    hazard's 发现日期) or ``replace_period``'s months; None when there are no records.

    >>> records = pd.DataFrame({"region": ["320723", "320722", "320723"],
    ...     "occurred_at": pd.to_datetime(["2022-03-05 14:30", "2022-06-30 23:59", "2022-04-01 00:00"])})
    >>> replace_scope(records)
    (['320722', '320723'], datetime.date(2022, 3, 1), datetime.date(2022, 6, 30))
    >>> replace_scope(records, Period(2022, 1, 12))[1:]
    (datetime.date(2022, 1, 1), datetime.date(2022, 12, 31))
    >>> replace_scope(records.rename(columns={"occurred_at": "found_on"}), when="found_on")[1:]
    (datetime.date(2022, 3, 1), datetime.date(2022, 6, 30))
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
        earliest, latest = records[when].min(), records[when].max()
        first, last = (earliest.year, earliest.month), (latest.year, latest.month)
    end_day = calendar.monthrange(*last)[1]
    return regions, dt.date(*first, 1), dt.date(*last, end_day)


def file_period(records: pd.DataFrame, when: str = "occurred_at") -> Period | None:
    """The months from the earliest to the latest ``when`` of ``records`` as a period (what a
    full re-send covers unless told otherwise); None when they span two years (no one period
    says that) or there are no records.

    >>> when = pd.to_datetime(["2022-03-05 14:30", "2022-06-30 23:59"])
    >>> file_period(pd.DataFrame({"occurred_at": when}))
    Period(year=2022, start=3, end=6)
    >>> file_period(pd.DataFrame({"found_on": pd.to_datetime(["2021-12-31", "2022-01-01"])}), "found_on") is None
    True
    """
    if not len(records):
        return None
    earliest, latest = records[when].min(), records[when].max()
    if earliest.year != latest.year:
        return None
    return Period(int(latest.year), int(earliest.month), int(latest.month))


def _scope_words(scope, names: dict[str, str] | None = None) -> dict[str, str]:
    """A full re-send's scope as words: its regions (named as ``names``, the store's, name them,
    else as the catalog does), its first and last month.

    >>> _scope_words((["320722", "320723"], dt.date(2022, 3, 1), dt.date(2022, 6, 30)))
    {'regions': '东海县、灌云县', 'start': '2022年3月', 'end': '2022年6月'}
    >>> _scope_words((["320302"], dt.date(2022, 3, 1), dt.date(2022, 3, 31)), {"320302": "徐州市鼓楼区"})["regions"]
    '徐州市鼓楼区'
    """
    codes, start, end = scope
    names = names or {}
    return {
        "regions": catalog.ACCIDENT_SCOPE_REGION_SEPARATOR.join(names.get(c) or catalog.region_name(c) for c in codes),
        "start": catalog.ACCIDENT_SCOPE_MONTH.format(year=start.year, month=start.month),
        "end": catalog.ACCIDENT_SCOPE_MONTH.format(year=end.year, month=end.month),
    }


def _scope_text(scope, names: dict[str, str] | None = None) -> str:
    """A full re-send's scope in a sentence ("" for none)."""
    return "" if scope is None else catalog.ACCIDENT_IMPORT_PAGE["replace_scope"].format(**_scope_words(scope, names))


def _scope_names(session, scope) -> dict[str, str] | None:
    """The names of a full re-send's regions as the store tells them apart (``importer.region_display_names``)."""
    if scope is None:
        return None
    from ..importer import region_display_names

    return {c: n for c, n in region_display_names(store.regions_frame(session)).items() if c in set(scope[0])}


# --- preview and load ------------------------------------------------------------------


def preview_ledger(
    engine: Engine, parsed: ParsedLedger, kind: str, replace: bool, replace_period, progress
) -> LedgerPreview:
    """What loading the checked ledger ``parsed`` of ``kind`` would change (writes nothing)."""
    spec = LEDGER_KINDS[kind]
    records = parsed.records if parsed.ok else parsed.records.iloc[0:0]
    scope = replace_scope(records, replace_period, spec.when) if replace else None
    n = len(records)
    tell(progress, "checking", 0, n)
    with store.session_factory(engine)() as session:
        same = store.applied_batch_with_hash(session, parsed.file_hash)
        compare = getattr(store, spec.compare)(session, records, replace_scope=scope)
        names = _scope_names(session, scope)
    tell(progress, "checking", n, n)
    return LedgerPreview(parsed, compare, same, scope, kind, names)


def apply_ledger(
    engine: Engine, parsed, kind: str, name: str, who: str, actor, replace: bool, replace_period, progress
):
    """Load a checked ledger of ``kind`` in one transaction: its batch (its shape the kind), its
    records, the batch's counts and the audit event; nothing when nothing would change. Returns
    (the batch's id, None when nothing changed; the counts, a ``store.LedgerResult``)."""
    spec = LEDGER_KINDS[kind]
    records = parsed.records
    scope = replace_scope(records, replace_period, spec.when) if replace else None
    n = len(records)
    tell(progress, "checking", n, n)

    scope_text = ""
    if scope:
        with store.session_factory(engine)() as session:
            scope_text = catalog.AUDIT_ACCIDENT_SCOPE.format(**_scope_words(scope, _scope_names(session, scope)))

    def load(session):
        return load_batch(
            session, name=name, file_hash=parsed.file_hash, encoding=parsed.encoding, shape=kind,
            rows=parsed.rows_read, who=who, actor=actor, n=n, progress=progress,
            write_rows=lambda batch_id, step: getattr(store, spec.apply)(
                session, records, batch_id=batch_id, user=who, replace_scope=scope, progress=step
            ),
            detail=lambda applied: catalog.AUDIT_LEDGER_IMPORT[kind].format(
                new=applied.new, changed=applied.changed, retired=applied.retired, rows=parsed.rows_read,
                scope=scope_text,
            ),
        )  # fmt: skip

    try:
        return write(engine, load)
    except NothingToDo as nothing:
        return None, store.AccidentResult(unchanged=nothing.args[0])


# --- templates -------------------------------------------------------------------------


def ledger_template(ledger: str, kind: str, engine: Engine | None = None) -> bytes:
    """A ledger's template (``ledger``: accidents or hazards): ``csv`` (UTF-8 with BOM) or
    ``xlsx`` (the code lists on a second sheet; with ``engine``, the store's towns among the
    regions)."""
    spec = LEDGER_KINDS[ledger]
    if kind == "csv":
        return spec.template_csv()
    return spec.template_xlsx(_regions(engine) if engine is not None else None)


def accident_template(kind: str, engine: Engine | None = None) -> bytes:
    """The accident ledger's template (:func:`ledger_template`)."""
    return ledger_template("accidents", kind, engine)
