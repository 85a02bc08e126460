"""hazard_settled_sum: the settled hazard records summed, so that a count as of a day counts only the others

A hazard record counts the same on every day past all its dates (rectified by then, or open and
more than 90 days old; its deadline passed; accepted). ``store.hazard_counts`` counted every record
of its span on every read (0.25 s for a year of a million records): it now reads the records
settled before the as-of day's month from these sums and counts the rest. This revision creates
the table and fills it from the records in force (the same sums ``store.rebuild_settled_sums``
counts: a settled record's counts are those it has on a day past all its dates).

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30 19:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SETTLED_AGE = 91  # catalog.HAZARD_AGE_BUCKETS: an open hazard this many days old is in the last bucket
KEYS = ["region", "month", "level", "source", "sector", "supervision", "settled"]
COUNTS = [
    "found", "general", "major", "rectified", "major_rectified", "due", "on_time", "overdue", "days_to_rectify",
    "accepted", "age_upto30", "age_31to90", "age_over90", "age_upto30_major", "age_31to90_major", "age_over90_major",
]  # fmt: skip


def _count(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _select(sqlite: bool) -> str:
    if sqlite:
        month = "strftime('%Y-%m', found_on)"
        settled = (
            "strftime('%Y-%m', max(CASE WHEN rectified_on IS NOT NULL THEN date(rectified_on) "
            f"ELSE date(found_on, '+{SETTLED_AGE} days') END, COALESCE(date(deadline, '+1 day'), ''), "
            "COALESCE(date(accepted_on), '')))"
        )
        days = "round(julianday(rectified_on) - julianday(found_on))"
        retired = "0"
    else:
        month = "to_char(found_on, 'YYYY-MM')"
        settled = (
            "to_char(GREATEST(CASE WHEN rectified_on IS NOT NULL THEN rectified_on "
            f"ELSE found_on + interval '{SETTLED_AGE} days' END, deadline + interval '1 day', accepted_on), 'YYYY-MM')"
        )
        days = "EXTRACT(epoch FROM rectified_on - found_on) / 86400"
        retired = "false"
    keys = [
        "region", month, "level", "COALESCE(source, '')", "COALESCE(sector, '')", "COALESCE(supervision, '')",
        settled,
    ]  # fmt: skip
    fixed, open_ = "rectified_on IS NOT NULL", "rectified_on IS NULL"
    counts = [
        "COUNT(*)", _count("level = 'general'"), _count("level = 'major'"), _count(fixed),
        _count(f"{fixed} AND level = 'major'"), _count("deadline IS NOT NULL"),
        _count(f"deadline IS NOT NULL AND {fixed} AND rectified_on <= deadline"),
        _count(f"{open_} AND deadline IS NOT NULL"), f"COALESCE(SUM(CASE WHEN {fixed} THEN {days} ELSE 0 END), 0)",
        _count("accepted_on IS NOT NULL"), "0", "0", _count(open_), "0", "0", _count(f"{open_} AND level = 'major'"),
    ]  # fmt: skip
    return (
        f"SELECT {', '.join(keys)}, {', '.join(counts)} FROM hazard_record WHERE retired = {retired} "
        f"GROUP BY {', '.join(keys)}"
    )


def upgrade() -> None:
    op.create_table(
        "hazard_settled_sum",
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("supervision", sa.String(length=16), nullable=False),
        sa.Column("settled", sa.String(length=7), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in COUNTS),
        sa.PrimaryKeyConstraint(*KEYS, name=op.f("pk_hazard_settled_sum")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute(f"INSERT INTO hazard_settled_sum ({', '.join(KEYS + COUNTS)}) {_select(sqlite)}")


def downgrade() -> None:
    op.drop_table("hazard_settled_sum")
