"""accident_month_sum: the accident records' totals per region, month and breakdown, kept at write time

The 事故台账 page counted its totals from the records on every read (cards, 同比, seven breakdowns,
数据核对: 3–5 s a query at a million records on SQLite). The totals of the counted, not retired
records per record region and month — overall and per 事故类别, 行业领域, 等级, hour and weekday —
and the records in force per status, batch and synthetic flag are now written with the records
(``store.accident_sums``). This revision creates the table and fills it from the records already
stored (the same sums ``store.rebuild_month_sums`` counts).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

MEASURES = (
    "COUNT(*), COALESCE(SUM(deaths), 0), COALESCE(SUM(missing), 0), COALESCE(SUM(serious_injuries), 0), "
    "COALESCE(SUM(injuries), 0), COALESCE(SUM(direct_loss), 0.0), "
    "COALESCE(SUM(CASE WHEN grade IN ('larger', 'major', 'especially_major') THEN 1 ELSE 0 END), 0)"
)


def _expressions(sqlite: bool) -> tuple[str, dict[str, tuple[str, str]]]:
    """The month's expression and, per dimension, (member expression, GROUP BY columns)."""
    if sqlite:
        month = "strftime('%Y-%m', occurred_at)"
        hour = "CAST(CAST(strftime('%H', occurred_at) AS INTEGER) AS VARCHAR)"
        weekday = "CAST((CAST(strftime('%w', occurred_at) AS INTEGER) + 6) % 7 AS VARCHAR)"
    else:
        month = "to_char(occurred_at, 'YYYY-MM')"
        hour = "CAST(CAST(EXTRACT(hour FROM occurred_at) AS INTEGER) AS VARCHAR)"
        weekday = "CAST(CAST(EXTRACT(isodow FROM occurred_at) AS INTEGER) - 1 AS VARCHAR)"
    source = (
        "status || '|' || COALESCE(CAST(batch_id AS VARCHAR), '') || '|' || CAST(CAST(synthetic AS INTEGER) AS VARCHAR)"
    )
    return month, {
        "all": ("''", ""),
        "type": ("type", ", type"),
        "sector": ("sector", ", sector"),
        "grade": ("grade", ", grade"),
        "hour": (hour, f", {hour}"),
        "weekday": (weekday, f", {weekday}"),
        "source": (source, ", status, batch_id, synthetic"),
    }


def upgrade() -> None:
    op.create_table(
        "accident_month_sum",
        sa.Column("dimension", sa.String(length=16), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("member", sa.String(length=64), nullable=False),
        sa.Column("accidents", sa.Integer(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("serious_injuries", sa.Integer(), nullable=False),
        sa.Column("injuries", sa.Integer(), nullable=False),
        sa.Column("direct_loss", sa.Float(), nullable=False),
        sa.Column("larger_and_above", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("dimension", "month", "region", "member", name=op.f("pk_accident_month_sum")),
    )
    month, dimensions = _expressions(op.get_bind().dialect.name == "sqlite")
    for name, (member, group) in dimensions.items():
        counted = "" if name == "source" else " AND status = 'counted'"
        retired = "0" if op.get_bind().dialect.name == "sqlite" else "false"
        measures = "COUNT(*), 0, 0, 0, 0, 0.0, 0" if name == "source" else MEASURES  # source: the count alone
        op.execute(
            "INSERT INTO accident_month_sum (dimension, month, region, member, accidents, deaths, missing, "
            f"serious_injuries, injuries, direct_loss, larger_and_above) SELECT '{name}', {month}, region, {member}, "
            f"{measures} FROM accident_record WHERE retired = {retired}{counted} GROUP BY {month}, region{group}"
        )


def downgrade() -> None:
    op.drop_table("accident_month_sum")
