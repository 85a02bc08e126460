"""inspection_record on SQLite: a narrow index by day instead of the covering one by year

Migration 0015 indexed the inspections on SQLite by year, region and enterprise with every column
the counts read, so that each region's distinct count of a year read its enterprises in order. The
执法台账 page's counts now come from the month sums and the distinct counts kept with every write
(migration 0017); the covering index cost 2.1 s of a million records' import. It is replaced by an
index by day, the records in force and region (0.9 s): what the reads the sums do not give (a span
that cuts a month, the record list) search by day. PostgreSQL keeps its index by day.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 16:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

YEAR, ENTERPRISE = sa.text("substr(inspected_on, 1, 4)"), sa.text("coalesce(credit_code, company)")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_inspection_record_year_region", table_name="inspection_record")
    op.create_index("ix_inspection_record_day", "inspection_record", ["inspected_on", "retired", "region"])


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_inspection_record_day", table_name="inspection_record")
    op.create_index(
        "ix_inspection_record_year_region", "inspection_record",
        [YEAR, "region", "retired", ENTERPRISE, "inspected_on", "method", "hazards", "major_hazards"],
    )  # fmt: skip
