"""penalty cases (行政处罚案件) and their change log

One row per administrative penalty case (``case_record``), keyed by its 案件编号, with its days
(立案, 处罚决定, 结案, 移送), region, party, source, violation, penalty kinds, fine and confiscation
(元) and whether it was transferred to the judicial organs, the batch that inserted it and the one
that last wrote it. ``case_change`` keeps, for every update and retirement, all the old values of
the record (and an update's new ones), so an undo restores it exactly. Indexes: the key (unique),
(filed_on, region, retired) for the reads, created_batch_id for undo; the change log by batch and
record.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30 18:40:16.168063
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('case_change',
    sa.Column('old_record_no', sa.String(length=128), nullable=True),
    sa.Column('old_filed_on', sa.DateTime(), nullable=False),
    sa.Column('old_decided_on', sa.DateTime(), nullable=True),
    sa.Column('old_closed_on', sa.DateTime(), nullable=True),
    sa.Column('old_region', sa.String(length=32), nullable=False),
    sa.Column('old_party', sa.Text(), nullable=False),
    sa.Column('old_credit_code', sa.String(length=18), nullable=True),
    sa.Column('old_sector', sa.String(length=32), nullable=True),
    sa.Column('old_source', sa.String(length=16), nullable=False),
    sa.Column('old_violation', sa.Text(), nullable=False),
    sa.Column('old_penalties', sa.String(length=128), nullable=False),
    sa.Column('old_fine', sa.Float(), nullable=False),
    sa.Column('old_confiscation', sa.Float(), nullable=False),
    sa.Column('old_transferred', sa.String(length=8), nullable=False),
    sa.Column('old_transferred_on', sa.DateTime(), nullable=True),
    sa.Column('new_record_no', sa.String(length=128), nullable=True),
    sa.Column('new_filed_on', sa.DateTime(), nullable=True),
    sa.Column('new_decided_on', sa.DateTime(), nullable=True),
    sa.Column('new_closed_on', sa.DateTime(), nullable=True),
    sa.Column('new_region', sa.String(length=32), nullable=True),
    sa.Column('new_party', sa.Text(), nullable=True),
    sa.Column('new_credit_code', sa.String(length=18), nullable=True),
    sa.Column('new_sector', sa.String(length=32), nullable=True),
    sa.Column('new_source', sa.String(length=16), nullable=True),
    sa.Column('new_violation', sa.Text(), nullable=True),
    sa.Column('new_penalties', sa.String(length=128), nullable=True),
    sa.Column('new_fine', sa.Float(), nullable=True),
    sa.Column('new_confiscation', sa.Float(), nullable=True),
    sa.Column('new_transferred', sa.String(length=8), nullable=True),
    sa.Column('new_transferred_on', sa.DateTime(), nullable=True),
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
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_case_change_batch_id_import_batch')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_change'))
    )
    with op.batch_alter_table('case_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_change_batch_id'), ['batch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_case_change_record_id'), ['record_id'], unique=False)

    op.create_table('case_record',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('record_no', sa.String(length=128), nullable=True),
    sa.Column('filed_on', sa.DateTime(), nullable=False),
    sa.Column('decided_on', sa.DateTime(), nullable=True),
    sa.Column('closed_on', sa.DateTime(), nullable=True),
    sa.Column('region', sa.String(length=32), nullable=False),
    sa.Column('party', sa.Text(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('sector', sa.String(length=32), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('violation', sa.Text(), nullable=False),
    sa.Column('penalties', sa.String(length=128), nullable=False),
    sa.Column('fine', sa.Float(), nullable=False),
    sa.Column('confiscation', sa.Float(), nullable=False),
    sa.Column('transferred', sa.String(length=8), nullable=False),
    sa.Column('transferred_on', sa.DateTime(), nullable=True),
    sa.Column('source_row', sa.Integer(), nullable=True),
    sa.Column('retired', sa.Boolean(), nullable=False),
    sa.Column('retired_batch_id', sa.Integer(), nullable=True),
    sa.Column('synthetic', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('created_batch_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("transferred IN ('yes', 'no')", name=op.f('ck_case_record_transferred')),
    sa.CheckConstraint('fine >= 0 AND confiscation >= 0', name=op.f('ck_case_record_amounts')),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'], name=op.f('fk_case_record_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['created_batch_id'], ['import_batch.id'], name=op.f('fk_case_record_created_batch_id_import_batch')),
    sa.ForeignKeyConstraint(['region'], ['region.code'], name=op.f('fk_case_record_region_region')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_record')),
    sa.UniqueConstraint('key', name=op.f('uq_case_record_key'))
    )
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_record_created_batch_id'), ['created_batch_id'], unique=False)
        batch_op.create_index('ix_case_record_filed_on', ['filed_on', 'region', 'retired'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('case_record', schema=None) as batch_op:
        batch_op.drop_index('ix_case_record_filed_on')
        batch_op.drop_index(batch_op.f('ix_case_record_created_batch_id'))

    op.drop_table('case_record')
    with op.batch_alter_table('case_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_change_record_id'))
        batch_op.drop_index(batch_op.f('ix_case_change_batch_id'))

    op.drop_table('case_change')
