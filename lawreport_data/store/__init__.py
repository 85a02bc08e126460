"""All SQL of the product, one module per job. Every function takes a session; the caller
owns its lifetime (opens it, commits or rolls back, closes it).

- ``sessions``: the session factory, :func:`write` (one transaction, waits out a busy
  database), the data version caches key on;
- ``regions``: the catalog's regions and indicators in the store, towns added;
- ``observations``: reading observations (frames of ``metrics.OBS_COLUMNS``);
- ``town_sums``: the towns' sums (``leaf_sum``) and :func:`load_resolvable`;
- ``observation_spans``: the spans the observations have (``observation_span``), kept with every
  write: the years present and the default period, without a pass over the observations;
- ``writes``: bulk writes, their comparison with what is stored, the change log;
- ``ledger_writes``: a ledger's records (any ledger: its tables named by a ``Ledger``) compared
  with what is stored, written in bulk, updated and retired with their old values kept;
- ``accident_writes``: the accident ledger (事故台账) on it (``accident_change``), its month sums kept;
- ``hazard_writes``: the hazard ledger (隐患台账) on it (``hazard_change``), cleared dates named;
- ``inspection_writes``: the inspection ledger (检查记录) on it (``inspection_change``);
- ``case_writes``: the penalty case ledger (行政处罚案件) on it (``case_change``);
- ``enforcement_reads``: those two ledgers counted per group (distinct enterprises inspected) or
  listed, without pandas: their sums over whole months read from their month sums;
- ``enforcement_sums``: those month sums (``inspection_month_sum``, ``case_month_sum``), kept with
  every write;
- ``inspection_distinct``: 执法检查企业数 per year, region and span of whole months
  (``inspection_distinct``), counted again for the years every write touches;
- ``hazard_reads``: the hazard records in force of a region and span, for their as-of figures;
- ``hazard_counting``: the same counted in the database on a day, without pandas (``records
  hazards --by``): the records settled before the day's month read from their sums;
- ``hazard_settled``: those sums (``hazard_settled_sum``), kept with every write;
- ``hazard_sums``: those counts as a frame, and the 隐患台账 page's other reads (a page of records,
  the open 挂牌督办 hazards, the enterprises with the most open hazards);
- ``ledger_history``: a ledger batch's changes (added, updated, retired records) for its list;
- ``accident_reads``: accident totals counted in the database, a page of records, one record,
  where the records come from;
- ``accident_sums``: the accident records' month sums (``accident_month_sum``) those totals are
  read from for whole months, kept with every write;
- ``batches``: import batches and their undo;
- ``accounts`` and ``audit``: who may sign in, and who did what.

Callers use ``store.name``: names are loaded from their module on first use (PEP 562), so
``import lawreport_data.store.accounts`` (the CLI's quick commands) loads neither pandas,
Plotly nor Alembic; ``sessions``, ``batches``, ``accounts``, ``audit``, ``regions`` and
``hazard_counting`` must keep it so.
"""

from __future__ import annotations

import importlib

_WHERE = {
    "session_factory": "sessions",
    "fill_missing_distinct": "inspection_distinct",
    "data_changed_at": "sessions",
    "is_busy": "sessions",
    "write": "sessions",
    "data_version": "sessions",
    "meta": "sessions",
    "set_meta": "sessions",
    "bump_data_version": "sessions",
    "sync_catalog": "regions",
    "regions_frame": "regions",
    "add_regions": "regions",
    "add_region": "regions",
    "add_province": "regions",
    "root_code": "regions",
    "TREE_KEY": "regions",
    "regions_above": "regions",
    "region_names": "regions",
    "find_region": "regions",
    "KEY": "observations",
    "load_observations": "observations",
    "span_keys": "observation_spans",
    "latest_year": "observation_spans",
    "years_present": "observation_spans",
    "normalise_obs": "observations",
    "observation_count": "observations",
    "OBS_COLUMNS": "observations",
    "load_resolvable": "town_sums",
    "refresh_leaf_sums": "town_sums",
    "refresh_observation_spans": "observation_spans",
    "live_observation_spans": "observation_spans",
    "stored_observation_spans": "observation_spans",
    "live_leaf_sums": "town_sums",
    "stored_leaf_sums": "town_sums",
    "ApplyResult": "writes",
    "COMPARE_SLICE": "writes",
    "compare_observations": "writes",
    "apply_observations": "writes",
    "delete_synthetic": "writes",
    "changes_frame": "writes",
    "RECORD_COLUMNS": "accident_writes",
    "COMPARE_COLUMNS": "accident_writes",
    "AccidentResult": "accident_writes",
    "compare_accidents": "accident_writes",
    "apply_accidents": "accident_writes",
    "accident_changes": "accident_writes",
    "HAZARDS": "hazard_writes",
    "compare_hazards": "hazard_writes",
    "apply_hazards": "hazard_writes",
    "hazard_changes": "hazard_writes",
    "delete_synthetic_hazards": "hazard_writes",
    "INSPECTIONS": "inspection_writes",
    "compare_inspections": "inspection_writes",
    "apply_inspections": "inspection_writes",
    "inspection_changes": "inspection_writes",
    "CASES": "case_writes",
    "compare_cases": "case_writes",
    "apply_cases": "case_writes",
    "case_changes": "case_writes",
    "INSPECTION_GROUPINGS": "enforcement_reads",
    "CASE_GROUPINGS": "enforcement_reads",
    "INSPECTION_COUNTS": "enforcement_reads",
    "CASE_COUNTS": "enforcement_reads",
    "INSPECTION_RECORD_KEYS": "enforcement_reads",
    "CASE_RECORD_KEYS": "enforcement_reads",
    "inspection_count_rows": "enforcement_reads",
    "span_counts_of": "enforcement_reads",
    "inspection_sums": "enforcement_reads",
    "case_sums": "enforcement_reads",
    "case_count_rows": "enforcement_reads",
    "inspection_list": "enforcement_reads",
    "case_list": "enforcement_reads",
    "record_page": "enforcement_reads",
    "any_synthetic": "enforcement_reads",
    "any_enforcement_record": "enforcement_reads",
    "hazard_records": "hazard_reads",
    "any_hazard": "hazard_reads",
    "hazard_counts": "hazard_sums",
    "hazard_count_rows": "hazard_counting",
    "rebuild_settled_sums": "hazard_settled",
    "stored_settled_sums": "hazard_settled",
    "counted_settled_sums": "hazard_settled",
    "hazard_page": "hazard_sums",
    "open_supervised": "hazard_sums",
    "open_by_company": "hazard_sums",
    "hazard_batches": "hazard_sums",
    "hazard_regions": "hazard_sums",
    "BATCH_CHANGE_KINDS": "ledger_history",
    "BATCH_CHANGE_COLUMNS": "ledger_history",
    "LEDGER_SHAPES": "ledger_history",
    "batch_change_columns": "ledger_history",
    "ledger_of": "ledger_history",
    "ledger_batch_counts": "ledger_history",
    "ledger_batch_changes": "ledger_history",
    "accident_batch_counts": "ledger_history",
    "accident_batch_changes": "ledger_history",
    "ACCIDENT_MEASURES": "accident_reads",
    "ACCIDENT_GROUPINGS": "accident_reads",
    "ACCIDENT_PAGE_COLUMNS": "accident_reads",
    "ACCIDENT_FILTERS": "accident_reads",
    "accident_totals": "accident_reads",
    "accident_page": "accident_reads",
    "accident_record": "accident_reads",
    "accident_sources": "accident_reads",
    "any_accident": "accident_reads",
    "ACCIDENT_SOURCE_COLUMNS": "accident_reads",
    "rebuild_month_sums": "accident_sums",
    "live_month_sums": "accident_sums",
    "stored_month_sums": "accident_sums",
    "regions_under": "regions",
    "create_batch": "batches",
    "batch_rows": "batches",
    "BATCH_COLUMNS": "batches",
    "update_batch": "batches",
    "batch_info": "batches",
    "applied_batch_with_hash": "batches",
    "BatchError": "batches",
    "undo_batch": "batches",
    "batch_regions": "batches",
    "ACCOUNT_COLUMNS": "accounts",
    "add_account": "accounts",
    "account": "accounts",
    "account_rows": "accounts",
    "update_account": "accounts",
    "claim_login": "accounts",
    "active_admins": "accounts",
    "append_audit": "audit",
    "TARGET_FIELDS": "targets",
    "control_targets": "targets",
    "apply_targets": "targets",
    "AUDIT_FIELDS": "audit",
    "audit_rows": "audit",
    "audit_actors": "audit",
}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
