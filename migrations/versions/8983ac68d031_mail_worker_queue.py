"""mail worker queue: outbox rows get a status, attempts, a back-off and a worker's claim

Revision ID: 8983ac68d031
Revises: 1f2be6b09e6e
Create Date: 2026-12-01 10:40:00.000000

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '8983ac68d031'
down_revision = '1f2be6b09e6e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('attempts', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('next_attempt_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('last_attempt_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('claimed_by', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('claimed_until', sa.DateTime(), nullable=True))

    # Rows from before the worker: sent, failed, or kept because no server was configured
    # (those are not sent now, long after they were written; an admin can queue one again).
    outbox = sa.table(
        'outbox_message',
        sa.column('status', sa.String),
        sa.column('attempts', sa.Integer),
        sa.column('sent_at', sa.DateTime),
        sa.column('error', sa.Text),
    )
    conn = op.get_bind()
    conn.execute(sa.update(outbox).where(outbox.c.sent_at.is_not(None)).values(status='sent', attempts=1))
    conn.execute(
        sa.update(outbox)
        .where(outbox.c.sent_at.is_(None), outbox.c.error.is_not(None))
        .values(status='failed', attempts=1)
    )
    conn.execute(sa.update(outbox).where(outbox.c.status.is_(None)).values(status='kept', attempts=0))

    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=sa.String(length=16), nullable=False)
        batch_op.alter_column('attempts', existing_type=sa.Integer(), nullable=False)
        batch_op.create_check_constraint(
            batch_op.f('ck_outbox_message_status'),
            "status IN ('queued', 'sent', 'failed', 'kept')",
        )
        batch_op.create_index('ix_outbox_message_due', ['next_attempt_at'], unique=False, sqlite_where=sa.text("status = 'queued'"), postgresql_where=sa.text("status = 'queued'"))


def downgrade():
    with op.batch_alter_table('outbox_message', schema=None) as batch_op:
        batch_op.drop_index('ix_outbox_message_due', sqlite_where=sa.text("status = 'queued'"), postgresql_where=sa.text("status = 'queued'"))
        batch_op.drop_constraint(batch_op.f('ck_outbox_message_status'), type_='check')
        batch_op.drop_column('claimed_until')
        batch_op.drop_column('claimed_by')
        batch_op.drop_column('last_attempt_at')
        batch_op.drop_column('next_attempt_at')
        batch_op.drop_column('attempts')
        batch_op.drop_column('status')
