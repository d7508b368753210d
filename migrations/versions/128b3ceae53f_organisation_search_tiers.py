"""PostgreSQL: the organisations' side table gains tier_vector, a token per frequent word
(a level digit and the word) with a GIN index, so a search of common words ranks only the
profiles where they are frequent; the table is rebuilt with its triggers

Revision ID: 128b3ceae53f
Revises: e41c7a9b2d53
Create Date: 2026-12-01 22:10:00

"""

from alembic import op

from matchmaker.models.search_schema import pg_side_table, pg_side_table_drop

# revision identifiers, used by Alembic.
revision = "128b3ceae53f"
down_revision = "e41c7a9b2d53"
branch_labels = None
depends_on = None


def _rebuild(tiers: bool) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's FTS5 ranks every match with bm25 from its own index
    for statement in pg_side_table_drop():
        op.execute(statement)
    for statement in pg_side_table(tiers=tiers):
        op.execute(statement)


def upgrade():
    _rebuild(tiers=True)


def downgrade():
    _rebuild(tiers=False)
