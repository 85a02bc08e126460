"""accident records (事故台账) and their change log

One row per accident (``accident_record``), keyed by 事故编号 or time, region and unit; the batch
that inserted it (``created_batch_id``: a batch's inserts need no change rows, its undo deletes
them) and the batch that last wrote it. ``accident_change`` keeps, for every update and
retirement, all the old values of the record, so an undo restores it exactly. Indexes: the key
(unique), (occurred_at, region) for the reads, created_batch_id for undo; nothing else (every
index is paid for by every imported record).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30 00:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accident_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("fields", sa.Text(), nullable=False),
        sa.Column("old_record_no", sa.String(length=128), nullable=True),
        sa.Column("old_occurred_at", sa.DateTime(), nullable=False),
        sa.Column("old_region", sa.String(length=32), nullable=False),
        sa.Column("old_unit", sa.Text(), nullable=False),
        sa.Column("old_credit_code", sa.String(length=18), nullable=True),
        sa.Column("old_sector", sa.String(length=32), nullable=False),
        sa.Column("old_industry", sa.String(length=64), nullable=True),
        sa.Column("old_type", sa.String(length=2), nullable=False),
        sa.Column("old_deaths", sa.Integer(), nullable=False),
        sa.Column("old_missing", sa.Integer(), nullable=False),
        sa.Column("old_serious_injuries", sa.Integer(), nullable=False),
        sa.Column("old_injuries", sa.Integer(), nullable=False),
        sa.Column("old_direct_loss", sa.Float(), nullable=False),
        sa.Column("old_grade", sa.String(length=16), nullable=False),
        sa.Column("old_status", sa.String(length=16), nullable=False),
        sa.Column("old_write_off_reason", sa.Text(), nullable=True),
        sa.Column("old_summary", sa.Text(), nullable=True),
        sa.Column("old_batch_id", sa.Integer(), nullable=True),
        sa.Column("old_source_row", sa.Integer(), nullable=True),
        sa.Column("old_retired", sa.Boolean(), nullable=False),
        sa.Column("old_retired_batch_id", sa.Integer(), nullable=True),
        sa.Column("old_synthetic", sa.Boolean(), nullable=False),
        sa.Column("old_updated_at", sa.DateTime(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_accident_change_batch_id_import_batch")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accident_change")),
    )
    with op.batch_alter_table("accident_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accident_change_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_accident_change_record_id"), ["record_id"], unique=False)

    op.create_table(
        "accident_record",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("record_no", sa.String(length=128), nullable=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("region", sa.String(length=32), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.Column("sector", sa.String(length=32), nullable=False),
        sa.Column("industry", sa.String(length=64), nullable=True),
        sa.Column("type", sa.String(length=2), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("serious_injuries", sa.Integer(), nullable=False),
        sa.Column("injuries", sa.Integer(), nullable=False),
        sa.Column("direct_loss", sa.Float(), nullable=False),
        sa.Column("grade", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("write_off_reason", sa.Text(), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("created_batch_id", sa.Integer(), nullable=True),
        sa.Column("source_row", sa.Integer(), nullable=True),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("retired_batch_id", sa.Integer(), nullable=True),
        sa.Column("synthetic", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('counted', 'written_off')", name=op.f("ck_accident_record_status")),
        sa.CheckConstraint(
            "deaths >= 0 AND missing >= 0 AND serious_injuries >= 0 AND injuries >= 0 AND direct_loss >= 0",
            name=op.f("ck_accident_record_counts"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["import_batch.id"], name=op.f("fk_accident_record_batch_id_import_batch")
        ),
        sa.ForeignKeyConstraint(
            ["created_batch_id"], ["import_batch.id"], name=op.f("fk_accident_record_created_batch_id_import_batch")
        ),
        sa.ForeignKeyConstraint(["region"], ["region.code"], name=op.f("fk_accident_record_region_region")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accident_record")),
        sa.UniqueConstraint("key", name=op.f("uq_accident_record_key")),
    )
    with op.batch_alter_table("accident_record", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accident_record_created_batch_id"), ["created_batch_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_accident_record_occurred_at_region"), ["occurred_at", "region"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("accident_record", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accident_record_occurred_at_region"))
        batch_op.drop_index(batch_op.f("ix_accident_record_created_batch_id"))

    op.drop_table("accident_record")
    with op.batch_alter_table("accident_change", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accident_change_record_id"))
        batch_op.drop_index(batch_op.f("ix_accident_change_batch_id"))

    op.drop_table("accident_change")
