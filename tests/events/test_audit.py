"""Registrations appear in the cluster's audit log (who, what, when; no personal data)."""

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditEntry
from matchmaker.services import events as event_service


def test_signup_and_cancel_are_audited_without_personal_data(
    make_cluster, make_event, member, signup
):
    cluster = make_cluster()
    event = make_event(cluster)
    user = member(cluster)
    reg = signup(user, event)
    event_service.cancel_registration(user, reg)
    db.session.commit()
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    actions = [e.action for e in entries]
    assert "registration.created" in actions and actions[-1] == "registration.cancelled"
    assert all(reg.email not in str(e.details) and reg.name not in str(e.details) for e in entries)
