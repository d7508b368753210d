"""Jobs: procrastinate's queue schema (PostgreSQL), large imports and job errors

Revision ID: 5b9e3c71d0a4
Revises: 7d3f1b9c5e28
Create Date: 2026-12-01 15:55:00

"""

import sqlalchemy as sa
from alembic import op

from matchmaker.jobs import schema as job_schema

# revision identifiers, used by Alembic.
revision = '5b9e3c71d0a4'
down_revision = "7d3f1b9c5e28"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'import_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('cluster_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content', sa.LargeBinary(), nullable=False),
        sa.Column('mapping', sa.JSON(), nullable=False),
        sa.Column('confirmed', sa.JSON(), nullable=False),
        sa.Column('rows', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('summary', sa.JSON(), nullable=True),
        sa.Column('error', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=True),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'rejected', 'failed')",
            name=op.f('ck_import_run_status'),
        ),
        sa.ForeignKeyConstraint(
            ['actor_id'], ['user.id'], name=op.f('fk_import_run_actor_id_user'), ondelete='SET NULL'
        ),
        sa.ForeignKeyConstraint(
            ['cluster_id'], ['cluster.id'], name=op.f('fk_import_run_cluster_id_cluster'),
            ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_import_run')),
    )
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_run_cluster_id'), ['cluster_id'], unique=False)
    op.create_table(
        'job_error',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.BigInteger(), nullable=False),
        sa.Column('task', sa.String(length=128), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('error', sa.Text(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_job_error')),
    )
    with op.batch_alter_table('job_error', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_error_job_id'), ['job_id'], unique=False)
    # The queue itself lives in PostgreSQL only; SQLite installations run the same tasks in
    # the worker loop, without a queue.
    # (A database where it was applied by procrastinate's own command keeps it as it is.)
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql' and not job_schema.installed(bind):
        job_schema.apply(bind)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        job_schema.drop(op.get_bind())
    with op.batch_alter_table('job_error', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_error_job_id'))
    op.drop_table('job_error')
    with op.batch_alter_table('import_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_run_cluster_id'))
    op.drop_table('import_run')
