"""Self-registered organisations are unverified; memberships the cluster asked for

Revision ID: 19f1f1a27734
Revises: 3ed5f42c0559
Create Date: 2026-12-01 09:35:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '19f1f1a27734'
down_revision = '3ed5f42c0559'
branch_labels = None
depends_on = None


def upgrade():
    # Organisations already here were imported or vouched for before the flag existed.
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('verified', sa.Boolean(), server_default=sa.true(), nullable=False)
        )
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('invited', sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade():
    with op.batch_alter_table('membership', schema=None) as batch_op:
        batch_op.drop_column('invited')
    with op.batch_alter_table('organisation', schema=None) as batch_op:
        batch_op.drop_column('verified')
