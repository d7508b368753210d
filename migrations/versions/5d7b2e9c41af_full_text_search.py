"""Full-text search in the database engine: search keys of opportunities; tsvector + GIN on
PostgreSQL, FTS5 on SQLite; every row's keys rewritten with the matching pipeline's keys

Revision ID: 5d7b2e9c41af
Revises: 5d2b9e7a41c3
Create Date: 2026-12-01 15:40:00

"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy import orm

from matchmaker.models.search_schema import TABLES, ddl, drop_ddl

# revision identifiers, used by Alembic.
revision = '5d7b2e9c41af'
down_revision = "5d2b9e7a41c3"
branch_labels = None
depends_on = None


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
