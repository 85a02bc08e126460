"""control_target: 安全生产控制指标 (a region's cap on an indicator for a year)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 21:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "control_target",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("region_code", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("target", sa.Float(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["indicator_code"], ["indicator.code"], name="fk_control_target_indicator_code_indicator"),
        sa.ForeignKeyConstraint(["region_code"], ["region.code"], name="fk_control_target_region_code_region"),
        sa.PrimaryKeyConstraint("id", name="pk_control_target"),
        sa.UniqueConstraint("region_code", "year", "indicator_code", name="uq_control_target_key"),
    )


def downgrade() -> None:
    op.drop_table("control_target")
