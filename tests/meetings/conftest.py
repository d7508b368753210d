"""Factories for meeting tests: an event with a meeting set-up and confirmed participants."""

from __future__ import annotations

from datetime import timedelta

import pytest

from matchmaker.extensions import db
from matchmaker.services import meetings as meeting_service
from tests.events.conftest import coordinator, make_event, member, signup  # noqa: F401


@pytest.fixture
def meeting_event(make_event, make_cluster, coordinator):  # noqa: F811
    """make an event with meetings: ``slots`` slots of 20 min in one window, ``tables``."""

    def make(*, slots=3, tables=2, cluster=None, **setup_kw):
        cluster = cluster or make_cluster()
        event = make_event(cluster)
        boss = coordinator(cluster)
        start = event.starts_at + timedelta(hours=1)
        data = meeting_service.SetupData(
            windows=[(start, start + timedelta(minutes=20 * slots))],
            meeting_minutes=20,
            tables=tables,
            **setup_kw,
        )
        meeting_service.save_setup(boss, event, data)
        db.session.commit()
        event.boss = boss
        return event

    return make


@pytest.fixture
def participant(member, signup):  # noqa: F811
    """make a member user with a confirmed registration for ``event``."""

    def make(event, **kw):
        user = member(event.cluster, **kw)
        reg = signup(user, event)
        user.reg = reg
        return user

    return make


@pytest.fixture
def agreed(app):
    """request + accept through the services, committed; returns the meeting."""

    def do(sender, receiver, event, now=None):
        item = meeting_service.request_meeting(sender, event, receiver.reg.id, "Hei", now=now)
        db.session.commit()
        meeting = meeting_service.accept(receiver, item, now=now)
        db.session.commit()
        return meeting

    return do
