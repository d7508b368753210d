"""cluster synonyms for the matching term bridge

Revision ID: 1f2be6b09e6e
Revises: 4cf11eb1f81b
Create Date: 2026-12-01 10:40:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "1f2be6b09e6e"
down_revision = "4cf11eb1f81b"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "cluster_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cluster_id", sa.Integer(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["cluster_id"],
            ["cluster.id"],
            name=op.f("fk_cluster_synonym_cluster_id_cluster"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["user.id"],
            name=op.f("fk_cluster_synonym_created_by_id_user"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cluster_synonym")),
    )
    with op.batch_alter_table("cluster_synonym", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_cluster_synonym_cluster_id"), ["cluster_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("cluster_synonym", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cluster_synonym_cluster_id"))
    op.drop_table("cluster_synonym")
