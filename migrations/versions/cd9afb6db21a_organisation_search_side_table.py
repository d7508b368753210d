"""PostgreSQL: the organisations' search vector moves from a generated column of the wide
organisation row to the side table organisation_search, with a token per approved membership
(kept in step by triggers on organisation and membership)

Revision ID: cd9afb6db21a
Revises: 5b9e3c71d0a4
Create Date: 2026-12-01 19:00:00

"""

from alembic import op

from matchmaker.models.search_schema import pg_side_table, pg_side_table_drop

# revision identifiers, used by Alembic.
revision = 'cd9afb6db21a'
down_revision = "5b9e3c71d0a4"
branch_labels = None
depends_on = None

GENERATED = [
    "ALTER TABLE organisation ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
    " (to_tsvector('simple'::regconfig, coalesce(search_text, ''))) STORED",
    "CREATE INDEX ix_organisation_search_vector ON organisation USING gin (search_vector)",
]


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return  # SQLite's FTS5 table is already a narrow table of its own
    op.execute("DROP INDEX IF EXISTS ix_organisation_search_vector")
    op.execute("ALTER TABLE organisation DROP COLUMN IF EXISTS search_vector")
    for statement in pg_side_table():
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    for statement in pg_side_table_drop():
        op.execute(statement)
    for statement in GENERATED:
        op.execute(statement)
