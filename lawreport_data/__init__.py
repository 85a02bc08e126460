"""lawreport_data: the safety-supervision statistics store, engine and exports (no UI)."""
