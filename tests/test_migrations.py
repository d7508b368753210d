"""The migrations build exactly the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade

from matchmaker.extensions import db
from matchmaker.jobs import schema as job_schema
from matchmaker.models import include_search_objects


# SQLite cannot reflect expression indexes (the open meeting-request pair index), so there
# they are left out of the comparison; PostgreSQL compares them too.
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index uq_meeting_request"
)
@pytest.mark.filterwarnings(
    "ignore:autogenerate skipping metadata-specified expression-based index"
    " 'uq_meeting_request_open_pair'"
)
def test_migrations_match_models(app_factory):
    app = app_factory()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
            if conn.dialect.name == "postgresql":
                job_schema.drop(conn)  # the jobs migration creates the queue's schema
        upgrade()
        with db.engine.connect() as conn:
            opts = {
                "include_name": job_schema.not_queue_object,
                "include_object": include_search_objects,  # the full-text index's own
            }
            context = MigrationContext.configure(conn, opts=opts)
            diff = compare_metadata(context, db.metadata)
        assert diff == []
