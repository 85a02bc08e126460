"""What the CLI and the dashboard call: each function opens and closes its own session.

The pages call these (through the UI's caching wrappers); the CLI calls the same ones. One module
per job — ``database`` (open the store, its schema and data version), ``regions``, ``views`` (what
the pages show), ``imports`` (county files), ``batches`` (history, undo), ``briefing`` (sentences,
images, Word), ``accidents`` (the accident ledger's figures, record list and 数据核对),
``hazards``, ``grouped_hazards`` (its figures per group, without pandas) and ``hazard_page`` (the
hazard ledger's), ``enforcement`` (the inspection and penalty case ledgers counted per group, or
listed), ``enforcement_checks`` (their 数据核对) and ``accounts`` (sign-in, accounts, the audit log) — and every name is reachable
here as ``api.NAME``. Names are loaded on first use (PEP 562), so a command that only manages
accounts loads neither pandas nor Plotly.

A database fault under any of these functions reaches the caller as ``api.StoreError`` (one
sentence in Chinese and one in English, no SQL, no parameters), never as the driver's error: the
pages, ``ui.py`` and the CLI catch that one type and need not know SQLAlchemy.

>>> import lawreport_data.api as api
>>> api.region_code("灌云县")
'320723'
"""

from __future__ import annotations

import functools
import importlib
import inspect
import sys

_MODULES = {
    "database": [
        "InitResult",
        "StoreError",
        "StoreUnavailable",
        "data_version",
        "ensure_schema",
        "init_db",
        "observation_count",
        "open_engine",
        "open_replica",
        "open_store",
        "replica_lag",
        "store_error",
        "write",
    ],
    "regions": [
        "LookupError_",
        "catalog_dict",
        "region_code",
        "region_choices",
        "region_labels",
        "root_region",
        "resolve_region",
        "region_of",
    ],
    "views": [
        "TopicData",
        "default_period",
        "group_figures",
        "load_for",
        "load_for_charts",
        "overview",
        "section_figures",
        "summary",
        "topic_data",
        "years_present",
    ],
    "imports": [
        "IMPORT_KINDS",
        "ImportPreview",
        "ImportResult",
        "LedgerPreview",
        "accident_template",
        "apply_import",
        "detect_kind",
        "import_progress",
        "ledger_template",
        "preview_import",
    ],
    "batches": [
        "batch_changes",
        "history_rows",
        "import_history",
        "ledger_batch_changes",
        "ledger_batch_counts",
        "undo_batch",
    ],
    "briefing": [
        "briefing_charts",
        "briefing_docx",
        "chart_images",
        "earlier_double_decline",
        "earlier_double_declines",
        "headline_sentence",
        "narrative_sentences",
    ],
    "accidents": [
        "AccidentView",
        "RECORD_KEYS",
        "GROUP_KEYS",
        "accident_breakdown",
        "accident_export",
        "accident_records",
        "accident_view",
        "check_filters",
        "iter_records",
        "ledger_indicators",
        "reconcile",
    ],
    "grouped_hazards": ["HAZARD_GROUP_KEYS", "default_as_of", "hazard_groups"],
    "enforcement": [
        "CASE_GROUP_KEYS",
        "CASE_RECORD_KEYS",
        "INSPECTION_GROUP_KEYS",
        "INSPECTION_RECORD_KEYS",
        "case_groups",
        "case_records",
        "case_table",
        "enforcement_summary",
        "inspection_groups",
        "inspection_records",
        "inspection_table",
    ],
    "enforcement_checks": ["INSPECTION_DERIVED", "inspection_reconcile"],
    "enforcement_page": ["EnforcementView", "enforcement_export", "enforcement_view"],
    "rate_figures": ["rate_parts_text", "rate_rows", "rate_rows_text"],
    "overview_page": ["OverviewView", "overview_view"],
    "control_targets": [
        "PROGRESS_KEYS",
        "ProgressBoard",
        "import_targets",
        "progress",
        "progress_board",
        "set_target",
        "target_rows",
    ],
    "hazards": [
        "HAZARD_DERIVED",
        "HAZARD_RECORD_KEYS",
        "hazard_breakdown",
        "hazard_list",
        "hazard_reconcile",
        "hazard_summary",
    ],
    "hazard_page": ["HAZARD_VIEW_FILTERS", "HazardView", "hazard_export", "hazard_view"],
    "accounts": [
        "account_actor",
        "add_user",
        "audit_actors",
        "audit_log",
        "audit_rows",
        "list_users",
        "login",
        "session_actor",
        "set_password",
        "set_user_active",
        "user_rows",
    ],
}
# Names the callers reach through api from elsewhere in the package.
_ELSEWHERE = {
    "Actor": "lawreport_data.auth",
    "AuthError": "lawreport_data.auth",
    "ImportError_": "lawreport_data.import_errors",
    "utcnow": "lawreport_data.models",
    "database_url": "lawreport_data.db",
    "read_url": "lawreport_data.db",
}
_WHERE = {name: f"{__name__}.{module}" for module, names in _MODULES.items() for name in names} | _ELSEWHERE

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name == "auth":
        return importlib.import_module("lawreport_data.auth")
    try:
        module = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    if name in _TRANSLATED and inspect.isfunction(value):
        value = _faults_as_sentences(value)
    globals()[name] = value  # the next lookup is a plain attribute
    return value


_TRANSLATED = {name for module, names in _MODULES.items() for name in names if name != "store_error"}


def _faults_as_sentences(fn):
    """``fn`` whose database faults (SQLAlchemy's ``DBAPIError``) are raised as ``StoreError``."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            # Only a function that used SQLAlchemy can have raised its errors: a call that never
            # loaded it (`catalog` without --from-store) does not load it here either.
            errors = sys.modules.get("sqlalchemy.exc")
            if errors is None or not isinstance(exc, errors.DBAPIError):
                raise
            from .database import store_error

            raise store_error(exc) from exc

    return call


def __dir__() -> list[str]:
    return [*globals(), *__all__]
