"""import_batch.rows_retired: the accident records a full re-send retired

An accident ledger's batch counts the records it added, changed and left unchanged as an
aggregate file's does, and also those a full re-send (全量重报) retired, so the import history
shows them. Existing batches retired nothing (0).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 00:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rows_retired", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("import_batch", schema=None) as batch_op:
        batch_op.drop_column("rows_retired")
