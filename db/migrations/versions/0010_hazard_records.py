"""hazard records (隐患台账) and their change log

One row per hazard (``hazard_record``), keyed by 隐患编号 or 统一社会信用代码 (企业名称) + 发现日期 + 隐患描述,
with its dates (found, due, rectified, accepted), the batch that inserted it (``created_batch_id``)
and the one that last wrote it. ``hazard_change`` keeps, for every update (a rectification date
filled in or cleared) and retirement, all the old values of the record (and an update's new ones),
so an undo restores it exactly. Indexes: the key (unique), (found_on, region) for the reads,
created_batch_id for undo; the change log by batch and record.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30 08:16:26
"""

import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('hazard_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('old_record_no', sa.String(length=128), nullable=True),
    sa.Column('old_company', sa.Text(), nullable=False),
    sa.Column('old_credit_code', sa.String(length=18), nullable=True),
    sa.Column('old_region', sa.String(length=32), nullable=False),
    sa.Column('old_sector', sa.String(length=32), nullable=True),
    sa.Column('old_level', sa.String(length=16), nullable=False),
    sa.Column('old_source', sa.String(length=32), nullable=True),
    sa.Column('old_description', sa.Text(), nullable=False),
    sa.Column('old_found_on', sa.DateTime(), nullable=False),
    sa.Column('old_deadline', sa.DateTime(), nullable=True),
    sa.Column('old_rectified_on', sa.DateTime(), nullable=True),
    sa.Column('old_accepted_on', sa.DateTime(), nullable=True),
    sa.Column('old_supervision', sa.String(length=16), nullable=True),
    sa.Column('old_funds', sa.Float(), nullable=True),
    sa.Column('old_batch_id', sa.Integer(), nullable=True),
    sa.Column('old_source_row', sa.Integer(), nullable=True),
    sa.Column('old_retired', sa.Boolean(), nullable=False),
    sa.Column('old_retired_batch_id', sa.Integer(), nullable=True),
    sa.Column('old_synthetic', sa.Boolean(), nullable=False),
    sa.Column('old_updated_at', sa.DateTime(), nullable=False),
    sa.Column('new_record_no', sa.String(length=128), nullable=True),
    sa.Column('new_company', sa.Text(), nullable=True),
    sa.Column('new_credit_code', sa.String(length=18), nullable=True),
    sa.Column('new_region', sa.String(length=32), nullable=True),
    sa.Column('new_sector', sa.String(length=32), nullable=True),
    sa.Column('new_level', sa.String(length=16), nullable=True),
    sa.Column('new_source', sa.String(length=32), nullable=True),
    sa.Column('new_description', sa.Text(), nullable=True),
    sa.Column('new_found_on', sa.DateTime(), nullable=True),
    sa.Column('new_deadline', sa.DateTime(), nullable=True),
    sa.Column('new_rectified_on', sa.DateTime(), nullable=True),
    sa.Column('new_accepted_on', sa.DateTime(), nullable=True),
    sa.Column('new_supervision', sa.String(length=16), nullable=True),
    sa.Column('new_funds', sa.Float(), nullable=True),
    sa.Column('new_source_row', sa.Integer(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_hazard_change_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard_change'))
    )
    with op.batch_alter_table('hazard_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_change_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hazard_change_record_id'), ['record_id'], unique=False)

    op.create_table('hazard_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('record_no', sa.String(length=128), nullable=True),
    sa.Column('company', sa.Text(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('region', sa.String(length=32), nullable=False),
    sa.Column('sector', sa.String(length=32), nullable=True),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('found_on', sa.DateTime(), nullable=False),
    sa.Column('deadline', sa.DateTime(), nullable=True),
    sa.Column('rectified_on', sa.DateTime(), nullable=True),
    sa.Column('accepted_on', sa.DateTime(), nullable=True),
    sa.Column('supervision', sa.String(length=16), nullable=True),
    sa.Column('funds', sa.Float(), nullable=True),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('created_batch_id', sa.Integer(), nullable=True),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('retired_batch_id', sa.Integer(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("level IN ('general', 'major')", name=op.f('ck_hazard_record_level')),
    sa.CheckConstraint('funds IS NULL OR funds >= 0', name=op.f('ck_hazard_record_funds')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_hazard_record_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['created_batch_id'], ['import_batch.id'], name=op.f('fk_hazard_record_created_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['region'], ['region.code'], name=op.f('fk_hazard_record_region_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hazard_record')),
    sa.UniqueConstraint('key', name=op.f('uq_hazard_record_key'))
    )
    with op.batch_alter_table('hazard_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hazard_record_created_batch_id'), ['created_batch_id'], unique=False)
        batch_op.create_index('ix_hazard_record_found_on_region', ['found_on', 'region'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('hazard_record', schema=None) as batch_op:
        batch_op.drop_index('ix_hazard_record_found_on_region')
        batch_op.drop_index(batch_op.f('ix_hazard_record_created_batch_id'))

    op.drop_table('hazard_record')
    with op.batch_alter_table('hazard_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hazard_change_record_id'))
        batch_op.drop_index(batch_op.f('ix_hazard_change_batch_id'))

    op.drop_table('hazard_change')
