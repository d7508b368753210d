"""A fair's default floor area per company on a joint stand

Revision ID: c4e81a9d2f60
Revises: 9a237bda1e96
Create Date: 2026-12-01 12:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e81a9d2f60'
down_revision = "9a237bda1e96"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('fair', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'default_area_m2', sa.Numeric(precision=8, scale=1), server_default='9.0',
                nullable=False,
            )
        )
        batch_op.create_check_constraint(batch_op.f('ck_fair_default_area'), 'default_area_m2 > 0')


def downgrade():
    with op.batch_alter_table('fair', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_fair_default_area'), type_='check')
        batch_op.drop_column('default_area_m2')
