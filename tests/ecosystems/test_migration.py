"""The lead pipeline migration maps the old lead statuses onto the new stages and back."""

from __future__ import annotations

import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from matchmaker.extensions import db

BEFORE = "587dc59afc1b"
INSERT = sa.text(
    "INSERT INTO lead (cluster_id, name, municipality, website, description, status, next_step,"
    " notes, created_at, updated_at) VALUES (:c, :name, '', '', '', :status, '', '',"
    " '2026-01-01 00:00:00', '2026-02-01 00:00:00')"
)


def test_old_statuses_become_stages_with_their_dates(app_factory):
    app = app_factory()
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade(revision=BEFORE)
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "INSERT INTO cluster (slug, name, region, description, timezone, created_at)"
                    " VALUES ('a', 'A', '', '', 'Europe/Helsinki', '2026-01-01 00:00:00')"
                )
            )
            cid = conn.execute(sa.text("SELECT id FROM cluster")).scalar()
            for name, status in (
                ("A", "not_contacted"),
                ("B", "contacted"),
                ("C", "meeting"),
                ("D", "joined"),
                ("E", "not_interested"),
            ):
                conn.execute(INSERT, {"c": cid, "name": name, "status": status})
        upgrade()
        with db.engine.connect() as conn:
            rows = conn.execute(
                sa.text("SELECT name, status, contacted_at, decided_at FROM lead ORDER BY name")
            ).all()
        got = {
            name: (status, bool(contacted), bool(decided))
            for name, status, contacted, decided in rows
        }
        assert got == {
            "A": ("identified", False, False),
            "B": ("contacted", True, False),
            "C": ("meeting", True, False),
            "D": ("located", True, True),
            "E": ("not_located", False, True),
        }
        downgrade(revision=BEFORE)
        with db.engine.connect() as conn:
            back = dict(conn.execute(sa.text("SELECT name, status FROM lead")).all())
        assert back == {
            "A": "not_contacted",
            "B": "contacted",
            "C": "meeting",
            "D": "joined",
            "E": "not_interested",
        }
        upgrade()
