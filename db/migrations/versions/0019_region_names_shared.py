"""region.name no longer unique: two cities of a province have counties of one name

A province's store (``init-db --province``) holds every city's counties, and two of them may share
a name (鼓楼区 is in 南京市 and in 徐州市). The unique constraint on the region's name is replaced by a
plain index (``store.find_region`` looks a name up); a name two regions share is told apart by its
parent's name before it (``importer.region_display_names``).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 22:00:00
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("region") as batch_op:
        batch_op.drop_constraint("uq_region_name", type_="unique")
        batch_op.create_index("ix_region_name", ["name"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("region") as batch_op:
        batch_op.drop_index("ix_region_name")
        batch_op.create_unique_constraint("uq_region_name", ["name"])
