"""Matching input changes as an insert-only log instead of one counter row

The single ``index_version`` row was updated by every profile write, so on PostgreSQL all
profile writes queued behind its row lock until commit. Each change is now a row of
``profile_change`` (its id is the version); workers fold in the organisations it names.

Revision ID: 5d2b9e7a41c3
Revises: 34d0553b7b35
Create Date: 2026-12-01 15:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "5d2b9e7a41c3"
down_revision = "34d0553b7b35"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "profile_change",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_change")),
    )
    # The next version continues from the old counter, so stored builds stay comparable.
    op.execute(
        "INSERT INTO profile_change (organisation_id, changed_at) "
        "SELECT NULL, changed_at FROM index_version"
    )
    op.drop_table("index_version")


def downgrade():
    op.create_table(
        "index_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_index_version")),
    )
    op.execute(
        "INSERT INTO index_version (id, version, changed_at) "
        "SELECT 1, COALESCE(MAX(id), 0), CURRENT_TIMESTAMP FROM profile_change"
    )
    op.drop_table("profile_change")
