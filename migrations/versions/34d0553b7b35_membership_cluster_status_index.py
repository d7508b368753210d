"""Membership index on (cluster, status, organisation): member counts and directory
membership checks read the index alone, not each membership row

Revision ID: 34d0553b7b35
Revises: c4e81a9d2f60
Create Date: 2026-12-01 16:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "34d0553b7b35"
down_revision = "c4e81a9d2f60"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(
            "ix_membership_cluster_status_org",
            ["cluster_id", "status", "organisation_id"],
            unique=False,
        )


def downgrade():
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index("ix_membership_cluster_status_org")
