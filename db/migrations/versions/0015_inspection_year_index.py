"""inspection_record on SQLite: an index by year, region and enterprise

Each region's distinct count of the enterprises inspected read the year's records from the index by
day and counted them in a temporary index (0.19 s for a year of a million records). Indexed by year
(the first four characters of the day as SQLite keeps it) and within the year by region and
enterprise (统一社会信用代码, or the name where none was written), it reads them in order (0.02 s).
The index holds every column the counts read; it replaces the index by day on SQLite, whose
build it costs about the same at import. PostgreSQL keeps the index by day.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 18:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

YEAR, ENTERPRISE = sa.text("substr(inspected_on, 1, 4)"), sa.text("coalesce(credit_code, company)")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_inspection_record_inspected_on", table_name="inspection_record")
    op.create_index(
        "ix_inspection_record_year_region", "inspection_record",
        [YEAR, "region", "retired", ENTERPRISE, "inspected_on", "method", "hazards", "major_hazards"],
    )  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.drop_index("ix_inspection_record_year_region", table_name="inspection_record")
    op.create_index(
        "ix_inspection_record_inspected_on", "inspection_record",
        ["inspected_on", "region", "retired", "method", "credit_code", "company", "hazards", "major_hazards"],
    )  # fmt: skip
