"""Accident ledger records for the store, view and page tests: plain incoming records (the ledger
reader's columns), three towns to place them in, and sending them as a batch as an import does."""

from __future__ import annotations

import pandas as pd

from lawreport_data import store

TOWNS = {"320723101": "320723", "320723102": "320723", "320722101": "320722"}  # two under 灌云县, one under 东海县


def record(key: str, when: str, region: str = "320723", **fields) -> dict:
    """One incoming record (the ledger reader's columns), with plain defaults."""
    return {
        "key": key,
        "record_no": None,
        "occurred_at": pd.Timestamp(when),
        "region": region,
        "unit": f"unit {key}",
        "credit_code": None,
        "sector": "road",
        "industry": None,
        "type": "02",
        "deaths": 0,
        "missing": 0,
        "serious_injuries": 0,
        "injuries": 0,
        "direct_loss": 0.0,
        "grade": "general",
        "status": "counted",
        "write_off_reason": None,
        "summary": None,
        "source_row": 2,
        **fields,
    }


def frame(*rows: dict) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=store.RECORD_COLUMNS)
    out["occurred_at"] = pd.to_datetime(out["occurred_at"]).astype("datetime64[ns]")
    for c in ("deaths", "missing", "serious_injuries", "injuries", "source_row"):
        out[c] = out[c].astype("int64")
    out["direct_loss"] = out["direct_loss"].astype("float64")
    return out


def add_towns(engine):
    """The three TOWNS added to ``engine``'s regions; returns ``engine``."""
    towns = pd.DataFrame([dict(code=t, name=f"town{t}", kind="town", parent=p) for t, p in TOWNS.items()])
    with store.session_factory(engine).begin() as s:
        store.add_regions(s, towns)
    return engine


def send_with_result(engine, records: pd.DataFrame, *, scope=None, synthetic: bool = False, user: str = "analyst"):
    """Apply ``records`` as a new batch, as an import does; returns (batch id, what it did)."""
    with store.session_factory(engine).begin() as s:
        batch = store.create_batch(s, file_name="ledger.csv", file_hash="h", created_by=user)
        return batch, store.apply_accidents(
            s, records, batch_id=batch, user=user, replace_scope=scope, synthetic=synthetic
        )


def send(engine, records: pd.DataFrame, *, scope=None, synthetic: bool = False, user: str = "analyst") -> int:
    """Apply ``records`` as a new batch; returns its id."""
    return send_with_result(engine, records, scope=scope, synthetic=synthetic, user=user)[0]


def undo(engine, batch: int) -> int:
    with store.session_factory(engine).begin() as s:
        return store.undo_batch(s, batch, "undoer")
