"""meeting request: one open request per pair, whichever side asked

Revision ID: 4cf11eb1f81b
Revises: 19f1f1a27734
Create Date: 2026-12-01 10:30:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "4cf11eb1f81b"
down_revision = "19f1f1a27734"
branch_labels = None
depends_on = None

OPEN = sa.text("status = 'requested'")


def _pair() -> list:
    """LEAST/GREATEST of the two registrations; SQLite spells them min()/max()."""
    low, high = ("min", "max") if op.get_bind().dialect.name == "sqlite" else ("least", "greatest")
    cols = "from_registration_id, to_registration_id"
    return [sa.text(f"{low}({cols})"), sa.text(f"{high}({cols})")]


def upgrade():
    # Where A->B and B->A are both open, the later one is withdrawn (the earlier one stands).
    op.execute(
        "UPDATE meeting_request SET status = 'cancelled' WHERE status = 'requested' "
        "AND EXISTS (SELECT 1 FROM meeting_request r WHERE r.status = 'requested' "
        "AND r.event_id = meeting_request.event_id "
        "AND r.from_registration_id = meeting_request.to_registration_id "
        "AND r.to_registration_id = meeting_request.from_registration_id "
        "AND r.id < meeting_request.id)"
    )
    op.drop_index(
        "uq_meeting_request_open_pair",
        table_name="meeting_request",
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_index(
        "uq_meeting_request_open_pair",
        "meeting_request",
        ["event_id", *_pair()],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )


def downgrade():
    op.drop_index(
        "uq_meeting_request_open_pair",
        table_name="meeting_request",
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
    op.create_index(
        "uq_meeting_request_open_pair",
        "meeting_request",
        ["from_registration_id", "to_registration_id"],
        unique=True,
        sqlite_where=OPEN,
        postgresql_where=OPEN,
    )
