"""A county's hazard ledger sent three times, for the hazard figures' and sentences' tests: in
February (January's hazards), in March (with rectification dates filled in and a February hazard)
and in April (a completion date that was wrong cleared)."""

import pandas as pd

COLUMNS = ["key", "level", "found_on", "deadline", "rectified_on", "supervision", "source", "region"]


def ledger(*rows: tuple) -> pd.DataFrame:
    out = pd.DataFrame(list(rows), columns=COLUMNS)
    for c in ("found_on", "deadline", "rectified_on"):
        out[c] = pd.to_datetime(out[c])
    return out


# As sent at the start of February: January's hazards, one rectified.
JANUARY = ledger(
    ("H1", "general", "2022-01-03", "2022-01-20", "2022-01-15", "none", "self_check", "320723"),  # 12 days, on time
    ("H2", "general", "2022-01-10", "2022-01-25", None, "none", "enforcement", "320723"),
    ("H3", "major", "2022-01-12", "2022-02-28", None, "city", "enforcement", "320722"),  # 市级挂牌督办
    ("H4", "general", "2022-01-20", None, None, "none", "self_check", "320722"),  # no deadline
    ("H5", "general", "2022-01-28", "2022-02-10", None, "none", "third_party", "320723"),
)
# The re-send of March: H2, H3 and H5 rectified, and a hazard found in February.
FEBRUARY = ledger(
    ("H1", "general", "2022-01-03", "2022-01-20", "2022-01-15", "none", "self_check", "320723"),
    ("H2", "general", "2022-01-10", "2022-01-25", "2022-02-05", "none", "enforcement", "320723"),  # 26 days, late
    ("H3", "major", "2022-01-12", "2022-02-28", "2022-02-27", "city", "enforcement", "320722"),  # 46 days, on time
    ("H4", "general", "2022-01-20", None, None, "none", "self_check", "320722"),
    ("H5", "general", "2022-01-28", "2022-02-10", "2022-02-12", "none", "third_party", "320723"),  # 15 days, late
    ("H6", "general", "2022-02-15", "2022-03-15", None, "none", "public_report", "320722"),
)
# The re-send of April: H5's completion date was wrong and is cleared.
MARCH = FEBRUARY.assign(rectified_on=FEBRUARY["rectified_on"].where(FEBRUARY["key"] != "H5"))


def as_records(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame``'s hazards as the ledger reader hands them over (every record column), the other
    fields filled plainly."""
    from lawreport_data.ledgers.fields import HAZARD_RECORD_COLUMNS

    out = frame.assign(
        record_no=frame["key"],
        company=[f"企业{k}" for k in frame["key"]],
        credit_code=None,
        sector="hazchem",
        description=[f"隐患{k}" for k in frame["key"]],
        accepted_on=pd.NaT,
        funds=float("nan"),
        source_row=range(2, len(frame) + 2),
    )
    out["accepted_on"] = pd.to_datetime(out["accepted_on"])
    out["source_row"] = out["source_row"].astype("int64")
    return out[list(HAZARD_RECORD_COLUMNS)].reset_index(drop=True)
