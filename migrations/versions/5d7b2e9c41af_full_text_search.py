"""Full-text search in the database engine: search keys of opportunities; tsvector + GIN on
PostgreSQL, FTS5 on SQLite; every row's keys rewritten with the matching pipeline's keys

Revision ID: 5d7b2e9c41af
Revises: 5d2b9e7a41c3
Create Date: 2026-12-01 15:40:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import orm

from matchmaker.models.search_schema import TABLES
from matchmaker.models.search_schema import ddl as current_ddl
from matchmaker.models.search_schema import drop_ddl as current_drop_ddl

# revision identifiers, used by Alembic.
revision = '5d7b2e9c41af'
down_revision = "5d2b9e7a41c3"
branch_labels = None
depends_on = None


def ddl(dialect: str, table: str) -> list[str]:
    """The index as this revision made it (revision cd9afb6db21a moves PostgreSQL's
    organisation vector to a side table): a generated column on PostgreSQL."""
    if dialect == "postgresql":
        return [
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
            f" (to_tsvector('simple'::regconfig, coalesce(search_text, ''))) STORED",
            f"CREATE INDEX ix_{table}_search_vector ON {table} USING gin (search_vector)",
        ]
    return current_ddl(dialect, table)


def drop_ddl(dialect: str, table: str) -> list[str]:
    if dialect == "postgresql":
        return [
            f"DROP INDEX IF EXISTS ix_{table}_search_vector",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ]
    return current_drop_ddl(dialect, table)


def upgrade():
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('search_text', sa.Text(), server_default='', nullable=False))
    bind = op.get_bind()
    # The old column held Snowball stems for LIKE; the keys are rewritten before the index is
    # made, so it is built once.
    from matchmaker.services.search_index import reindex

    reindex(orm.Session(bind=bind))
    for table in TABLES:
        for statement in ddl(bind.dialect.name, table):
            op.execute(statement)


def downgrade():
    bind = op.get_bind()
    for table in TABLES:
        for statement in drop_ddl(bind.dialect.name, table):
            op.execute(statement)
    with op.batch_alter_table('opportunity', schema=None) as batch_op:
        batch_op.drop_column('search_text')
