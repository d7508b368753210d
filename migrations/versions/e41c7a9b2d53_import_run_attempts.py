"""Import runs keep their attempts and the process running the current one, so that a run
whose worker died is seen as interrupted (retried or failed), not as running forever

Revision ID: e41c7a9b2d53
Revises: cd9afb6db21a
Create Date: 2026-12-01 22:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "e41c7a9b2d53"
down_revision = "cd9afb6db21a"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("import_run") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("runner", sa.String(length=120), nullable=True))


def downgrade():
    with op.batch_alter_table("import_run") as batch:
        batch.drop_column("runner")
        batch.drop_column("attempts")
