"""Ledgers: files of one row per record (accidents first; hazards and enforcement later), read
and validated as a whole before anything is stored. Pure: pandas only, no store, no page.

Each ledger kind has its own module (:mod:`.accidents`); the file reading itself (encodings,
XLSX, title rows, bounded limits) is the importer's (:func:`lawreport_data.importer.read_raw`).
"""
