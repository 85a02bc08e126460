"""The fields of a ledger's record, in one place for the reader, the tables and the store (no
imports: the store's modules that load no pandas can use it)."""

ACCIDENT_VALUE_COLUMNS = (
    "record_no",
    "occurred_at",
    "region",
    "unit",
    "credit_code",
    "sector",
    "industry",
    "type",
    "deaths",
    "missing",
    "serious_injuries",
    "injuries",
    "direct_loss",
    "grade",
    "status",
    "write_off_reason",
    "summary",
)
"""The columns of an accident record that a re-send compares (besides its key): a difference in
any of them is a change; its source row alone is not."""

ACCIDENT_RECORD_COLUMNS = ("key", *ACCIDENT_VALUE_COLUMNS, "source_row")
"""The records frame the ledger reader hands to the store, in this order."""

HAZARD_VALUE_COLUMNS = (
    "record_no",
    "company",
    "credit_code",
    "region",
    "sector",
    "level",
    "source",
    "description",
    "found_on",
    "deadline",
    "rectified_on",
    "accepted_on",
    "supervision",
    "funds",
)
"""The columns of a hazard record that a re-send compares (besides its key): filling in 整改完成日期
is a change of the record, not a new hazard."""

HAZARD_RECORD_COLUMNS = ("key", *HAZARD_VALUE_COLUMNS, "source_row")
"""The records frame the hazard ledger reader hands over, in this order."""

INSPECTION_VALUE_COLUMNS = (
    "record_no",
    "inspected_on",
    "region",
    "company",
    "credit_code",
    "sector",
    "method",
    "hazards",
    "major_hazards",
    "orders",
    "decisions",
    "reviews",
)
"""The columns of an inspection record (检查记录) that a re-send compares (besides its key)."""

INSPECTION_RECORD_COLUMNS = ("key", *INSPECTION_VALUE_COLUMNS, "source_row")
"""The records frame the inspection ledger reader hands over, in this order."""

CASE_VALUE_COLUMNS = (
    "record_no",
    "filed_on",
    "decided_on",
    "closed_on",
    "region",
    "party",
    "credit_code",
    "sector",
    "source",
    "violation",
    "penalties",
    "fine",
    "confiscation",
    "transferred",
    "transferred_on",
)
"""The columns of a penalty case (行政处罚案件) that a re-send compares (besides its key, 案件编号)."""

CASE_RECORD_COLUMNS = ("key", *CASE_VALUE_COLUMNS, "source_row")
"""The records frame the penalty case ledger reader hands over, in this order."""
