"""observation_span: the (indicator, year, span, synthetic) the observations have, kept at write time

The sidebar asks which years hold figures and which span is the latest with real ones. Over a
province's ten million observations a ``SELECT DISTINCT year`` took 1.1 s and the default period
0.7 s on a restarted server, because the observation table has no index but its key (each index is
paid for by every imported row). The distinct spans are now written with the observations
(``store.refresh_observation_spans``). This revision creates the table and fills it from the
observations already stored.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-08 01:10:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

BACKFILL = (
    "INSERT INTO observation_span (indicator_code, year, start_month, end_month, synthetic) "
    "SELECT DISTINCT indicator_code, year, start_month, end_month, synthetic FROM observation"
)


def upgrade() -> None:
    op.create_table(
        "observation_span",
        sa.Column("indicator_code", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("end_month", sa.Integer(), nullable=False),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint(
            "indicator_code", "year", "start_month", "end_month", "synthetic", name=op.f("pk_observation_span")
        ),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("observation_span")
