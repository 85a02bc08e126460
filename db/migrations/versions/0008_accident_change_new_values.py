"""accident_change.new_*: an update's values after it

A batch's list of changes (导入记录) shows what each 续报 changed, old → new. The old values were
kept already (they are what an undo puts back); the new ones were only on the record, and lost
once the batch was undone or the record changed again. Each update now keeps them too, in typed
columns beside the old ones. Updates stored before this get them from their record where the
record still holds what that batch wrote (its ``batch_id`` is the change's batch); the others
stay empty.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

COLUMNS = [
    ("record_no", sa.String(length=128)),
    ("occurred_at", sa.DateTime()),
    ("region", sa.String(length=32)),
    ("unit", sa.Text()),
    ("credit_code", sa.String(length=18)),
    ("sector", sa.String(length=32)),
    ("industry", sa.String(length=64)),
    ("type", sa.String(length=2)),
    ("deaths", sa.Integer()),
    ("missing", sa.Integer()),
    ("serious_injuries", sa.Integer()),
    ("injuries", sa.Integer()),
    ("direct_loss", sa.Float()),
    ("grade", sa.String(length=16)),
    ("status", sa.String(length=16)),
    ("write_off_reason", sa.Text()),
    ("summary", sa.Text()),
    ("source_row", sa.Integer()),
]


def upgrade() -> None:
    with op.batch_alter_table("accident_change", schema=None) as batch_op:
        for name, type_ in COLUMNS:
            batch_op.add_column(sa.Column(f"new_{name}", type_, nullable=True))
    change = sa.table(
        "accident_change",
        sa.column("record_id"),
        sa.column("batch_id"),
        sa.column("action"),
        *(sa.column(f"new_{name}") for name, _ in COLUMNS),
    )
    record = sa.table("accident_record", sa.column("id"), sa.column("batch_id"), *(sa.column(n) for n, _ in COLUMNS))
    holds = sa.and_(record.c.id == change.c.record_id, record.c.batch_id == change.c.batch_id)
    op.execute(
        sa.update(change)
        .where(change.c.action == "update", sa.exists().where(holds))
        .values({f"new_{name}": sa.select(record.c[name]).where(holds).scalar_subquery() for name, _ in COLUMNS})
    )


def downgrade() -> None:
    with op.batch_alter_table("accident_change", schema=None) as batch_op:
        for name, _ in reversed(COLUMNS):
            batch_op.drop_column(f"new_{name}")
