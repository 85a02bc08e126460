"""inspection records (检查记录) and their change log

One row per inspection visit (``inspection_record``), keyed by 检查编号 or 统一社会信用代码 (企业名称) +
检查日期, with its day, region, enterprise, method, the hazards it found (the major ones among them)
and the documents issued, the batch that inserted it (``created_batch_id``) and the one that last
wrote it. ``inspection_change`` keeps, for every update and retirement, all the old values of the
record (and an update's new ones), so an undo restores it exactly. Indexes: the key (unique),
(inspected_on, region, retired, method, credit_code, company, hazards, major_hazards) for the reads and
counts (read from the index alone), created_batch_id for undo; the change log by batch
and record.

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-30 18:30:07.461172
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('inspection_change',
    sa.Column('old_record_no', sa.String(length=128), nullable=True),
    sa.Column('old_inspected_on', sa.DateTime(), nullable=False),
    sa.Column('old_region', sa.String(length=32), nullable=False),
    sa.Column('old_company', sa.Text(), nullable=False),
    sa.Column('old_credit_code', sa.String(length=18), nullable=True),
    sa.Column('old_sector', sa.String(length=32), nullable=True),
    sa.Column('old_method', sa.String(length=16), nullable=False),
    sa.Column('old_hazards', sa.Integer(), nullable=False),
    sa.Column('old_major_hazards', sa.Integer(), nullable=False),
    sa.Column('old_orders', sa.Integer(), nullable=False),
    sa.Column('old_decisions', sa.Integer(), nullable=False),
    sa.Column('old_reviews', sa.Integer(), nullable=False),
    sa.Column('new_record_no', sa.String(length=128), nullable=True),
    sa.Column('new_inspected_on', sa.DateTime(), nullable=True),
    sa.Column('new_region', sa.String(length=32), nullable=True),
    sa.Column('new_company', sa.Text(), nullable=True),
    sa.Column('new_credit_code', sa.String(length=18), nullable=True),
    sa.Column('new_sector', sa.String(length=32), nullable=True),
    sa.Column('new_method', sa.String(length=16), nullable=True),
    sa.Column('new_hazards', sa.Integer(), nullable=True),
    sa.Column('new_major_hazards', sa.Integer(), nullable=True),
    sa.Column('new_orders', sa.Integer(), nullable=True),
    sa.Column('new_decisions', sa.Integer(), nullable=True),
    sa.Column('new_reviews', sa.Integer(), nullable=True),
    sa.Column('new_source_row', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('fields', sa.Text(), nullable=False),
    sa.Column('old_batch_id', sa.Integer(), nullable=True),
    sa.Column('old_source_row', sa.Integer(), nullable=True),
    sa.Column('old_retired', sa.Boolean(), nullable=False),
    sa.Column('old_retired_batch_id', sa.Integer(), nullable=True),
    sa.Column('old_synthetic', sa.Boolean(), nullable=False),
    sa.Column('old_updated_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.Column('changed_by', sa.String(length=64), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_inspection_change_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_change'))
    )
    with op.batch_alter_table('inspection_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_change_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_inspection_change_record_id'), ['record_id'], unique=False)

    op.create_table('inspection_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('record_no', sa.String(length=128), nullable=True),
    sa.Column('inspected_on', sa.DateTime(), nullable=False),
    sa.Column('region', sa.String(length=32), nullable=False),
    sa.Column('company', sa.Text(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('sector', sa.String(length=32), nullable=True),
    sa.Column('method', sa.String(length=16), nullable=False),
    sa.Column('hazards', sa.Integer(), nullable=False),
    sa.Column('major_hazards', sa.Integer(), nullable=False),
    sa.Column('orders', sa.Integer(), nullable=False),
    sa.Column('decisions', sa.Integer(), nullable=False),
    sa.Column('reviews', sa.Integer(), nullable=False),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('retired_batch_id', sa.Integer(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('created_batch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('hazards >= 0 AND major_hazards >= 0 AND major_hazards <= hazards AND orders >= 0 AND decisions >= 0 AND reviews >= 0', name=op.f('ck_inspection_record_counts')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_inspection_record_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['created_batch_id'], ['import_batch.id'], name=op.f('fk_inspection_record_created_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['region'], ['region.code'], name=op.f('fk_inspection_record_region_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_inspection_record')),
    sa.UniqueConstraint('key', name=op.f('uq_inspection_record_key'))
    )
    with op.batch_alter_table('inspection_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspection_record_created_batch_id'), ['created_batch_id'], unique=False)
        batch_op.create_index('ix_inspection_record_inspected_on', ['inspected_on', 'region', 'retired', 'method', 'credit_code', 'company', 'hazards', 'major_hazards'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('inspection_record', schema=None) as batch_op:
        batch_op.drop_index('ix_inspection_record_inspected_on')
        batch_op.drop_index(batch_op.f('ix_inspection_record_created_batch_id'))

    op.drop_table('inspection_record')
    with op.batch_alter_table('inspection_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspection_change_record_id'))
        batch_op.drop_index(batch_op.f('ix_inspection_change_batch_id'))

    op.drop_table('inspection_change')
