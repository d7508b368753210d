"""cluster timezone

Revision ID: 55a04a617b43
Revises: 721ecd822ce3
Create Date: 2026-12-01 09:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "55a04a617b43"
down_revision = "721ecd822ce3"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "timezone", sa.String(length=64), nullable=False, server_default="Europe/Helsinki"
            )
        )


def downgrade():
    with op.batch_alter_table("cluster", schema=None) as batch_op:
        batch_op.drop_column("timezone")
