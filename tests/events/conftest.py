"""Factories for event tests: events, sessions and members who can sign up."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Event, EventSession, OutboxMessage, utcnow
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from matchmaker.services import mail_render


@pytest.fixture
def make_event(app, make_cluster):
    def make(cluster=None, *, sessions=(), **kw) -> Event:
        cluster = cluster or make_cluster()
        # A fixed time of day (07:00 UTC = 09:00/10:00 in Helsinki), so that no test depends
        # on the hour it runs at: an event made at 23:00 would cross midnight.
        default_start = (utcnow() + timedelta(days=14)).replace(
            hour=7, minute=0, second=0, microsecond=0
        )
        starts = kw.pop("starts_at", default_start)
        event = Event(
            cluster_id=cluster.id,
            title=kw.pop("title", "Meriteollisuuden verkostoitumisseminaari"),
            kind=kw.pop("kind", "seminar"),
            starts_at=starts,
            ends_at=kw.pop("ends_at", starts + timedelta(hours=6)),
            status=kw.pop("status", "published"),
            language=kw.pop("language", "en"),
            venue=kw.pop("venue", "Sibeliustalo, Lahti"),
            **kw,
        )
        for i, spec in enumerate(sessions):
            spec = dict(spec)
            start = spec.pop("starts_at", starts + timedelta(hours=i))
            event.sessions.append(
                EventSession(
                    title=spec.pop("title", f"Session {i + 1}"),
                    starts_at=start,
                    ends_at=spec.pop("ends_at", start + timedelta(hours=1)),
                    **spec,
                )
            )
        db.session.add(event)
        db.session.commit()
        return event

    return make


@pytest.fixture
def member(make_cluster, make_org, make_user):
    """make a member user (of a new organisation in `cluster`)."""

    def make(cluster, **kw):
        org = make_org(cluster, **kw.pop("org", {}))
        return make_user(org, **kw)

    return make


@pytest.fixture
def coordinator(make_user):
    """make a coordinator of `cluster` (no organisation needed)."""

    def make(cluster, **kw):
        user = make_user(**kw)
        cluster_service.add_coordinator(cluster, user)
        db.session.commit()
        return user

    return make


@pytest.fixture
def signup(app):
    """Sign someone up through the service and commit, as a view would."""

    def do(actor, event, name=None, email=None, sessions=(), **kw):
        person = event_service.Person(name=name or actor.name, email=email or actor.email, **kw)
        reg = event_service.signup(actor, event, person, sessions)
        db.session.commit()
        return reg

    return do


def mails_to(recipient: str) -> list[OutboxMessage]:
    """The messages to `recipient`, rendered as the mail worker renders them."""
    mail_render.render_queued()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id)
        )
    )
