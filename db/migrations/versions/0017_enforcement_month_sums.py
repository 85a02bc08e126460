"""inspection_month_sum, case_month_sum: the enforcement ledgers summed per region and month

The 执法台账 page read a span's inspections summed per 检查方式 and month, and its cases per 案件来源,
month and 处罚种类, from every record of the span and of the comparison span (about 0.25 s of a
first visit at a million inspections). These sums are now kept with every write of the records
(``store.enforcement_sums``); this revision creates the tables and fills them from the records in
force (the sums ``store.enforcement_sums.rebuild_sums`` counts).

执法检查企业数 is a distinct count: it is kept per year, region and span of whole months instead
(``inspection_distinct``, ``store.inspection_distinct``), counted from the records' enterprises
and the months each was inspected in. This revision creates that table empty: a year it does not
hold is counted from the records until the next write of the inspections counts it (or
``python -m lawreport_data init-db``, which counts what is missing).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 12:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def _month(sqlite: bool, column: str) -> str:
    return f"substr({column}, 1, 7)" if sqlite else f"to_char({column}, 'YYYY-MM')"


def upgrade() -> None:
    op.create_table(
        "inspection_month_sum",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("method", sa.String(length=16), nullable=False),
        sa.Column("visits", sa.Integer(), nullable=False),
        sa.Column("hazards", sa.Integer(), nullable=False),
        sa.Column("major_hazards", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "region", "method", name=op.f("pk_inspection_month_sum")),
    )
    op.create_table(
        "case_month_sum",
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("penalties", sa.String(length=128), nullable=False),
        sa.Column("cases", sa.Integer(), nullable=False),
        sa.Column("fines", sa.Float(), nullable=False),
        sa.Column("confiscations", sa.Float(), nullable=False),
        sa.Column("transferred", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("month", "region", "source", "penalties", name=op.f("pk_case_month_sum")),
    )
    op.create_table(
        "inspection_distinct",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("first_month", sa.Integer(), nullable=False),
        sa.Column("last_month", sa.Integer(), nullable=False),
        sa.Column("enterprises", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", "region", "first_month", "last_month", name=op.f("pk_inspection_distinct")),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    retired = "0" if sqlite else "false"
    month = _month(sqlite, "inspected_on")
    op.execute(
        "INSERT INTO inspection_month_sum (month, region, method, visits, hazards, major_hazards) "
        f"SELECT {month}, region, method, COUNT(*), SUM(hazards), SUM(major_hazards) FROM inspection_record "
        f"WHERE retired = {retired} GROUP BY {month}, region, method"
    )
    month = _month(sqlite, "filed_on")
    op.execute(
        "INSERT INTO case_month_sum (month, region, source, penalties, cases, fines, confiscations, transferred, closed) "
        f"SELECT {month}, region, source, penalties, COUNT(*), SUM(fine), SUM(confiscation), "
        "SUM(CASE WHEN transferred = 'yes' THEN 1 ELSE 0 END), SUM(CASE WHEN closed_on IS NOT NULL THEN 1 ELSE 0 END) "
        f"FROM case_record WHERE retired = {retired} GROUP BY {month}, region, source, penalties"
    )


def downgrade() -> None:
    op.drop_table("inspection_distinct")
    op.drop_table("case_month_sum")
    op.drop_table("inspection_month_sum")
