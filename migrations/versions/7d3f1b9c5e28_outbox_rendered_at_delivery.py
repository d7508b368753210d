"""Outbox rows rendered at delivery: the template, locale and context they are rendered from

Revision ID: 7d3f1b9c5e28
Revises: 5d7b2e9c41af
Create Date: 2026-12-01 15:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "7d3f1b9c5e28"
down_revision = "5d7b2e9c41af"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("locale", sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column("context", sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column("rendered_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_column("rendered_at")
        batch_op.drop_column("context")
        batch_op.drop_column("locale")
        batch_op.drop_column("template")
