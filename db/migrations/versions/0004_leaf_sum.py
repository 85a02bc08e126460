"""leaf_sum: children's sums per indicator, parent and span, kept at write time

A page viewing the city summed the towns' rows under each county on every read (0.3 s for the
overview's cards on a store of a million observations); the sums are now written with the
observations (``store.refresh_leaf_sums``). This revision creates the table and fills it from
the observations already stored.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 09:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

UNIFORM = {
    "qualifier": sa.String(length=2),
    "status": sa.String(length=16),
    "origin": sa.String(length=16),
    "source_text": sa.Text(),
    "batch_id": sa.Integer(),
    "as_of": sa.Date(),
    "synthetic": sa.Integer(),
}

# The same sums store.refresh_leaf_sums writes, for every parent that has a parent itself.
_EXPR = {name: f"o.{name}" for name in UNIFORM}
_EXPR["synthetic"] = "CAST(o.synthetic AS INTEGER)"
BACKFILL = (
    "INSERT INTO leaf_sum (indicator_code, parent_code, year, start_month, end_month, n, value, abs_sum, "
    "fractional, "
    + ", ".join(f"min_{c}, max_{c}, count_{c}" for c in UNIFORM)
    + ") SELECT o.indicator_code, r.parent_code, o.year, o.start_month, o.end_month, COUNT(*), SUM(o.value), "
    "SUM(ABS(o.value)), SUM(CASE WHEN o.value = ROUND(o.value) THEN 0 ELSE 1 END), "
    + ", ".join(f"MIN({e}), MAX({e}), COUNT({e})" for e in _EXPR.values())
    + " FROM observation o JOIN region r ON r.code = o.region_code JOIN region p ON p.code = r.parent_code "
    "WHERE p.parent_code IS NOT NULL "
    "GROUP BY o.indicator_code, r.parent_code, o.year, o.start_month, o.end_month"
)


def upgrade() -> None:
    columns = [
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("parent_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("end_month", sa.Integer(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("abs_sum", sa.Float(), nullable=False),
        sa.Column("fractional", sa.Integer(), nullable=False),
    ]
    for name, type_ in UNIFORM.items():
        columns += [
            sa.Column(f"min_{name}", type_, nullable=True),
            sa.Column(f"max_{name}", type_, nullable=True),
            sa.Column(f"count_{name}", sa.Integer(), nullable=False),
        ]
    op.create_table(
        "leaf_sum",
        *columns,
        sa.PrimaryKeyConstraint(
            "indicator_code", "parent_code", "year", "start_month", "end_month", name=op.f("pk_leaf_sum")
        ),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("leaf_sum")
