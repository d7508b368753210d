"""Who may see an event's online (webinar) join link: confirmed participants and the
event's coordinators. The event page itself is a public announcement; the link is not,
or anyone could join a full or members-only webinar."""

from __future__ import annotations

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Event, Registration, User


def can_see_online_link(user: User | None, event: Event) -> bool:
    if not event.online_url:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.coordinates(event.cluster_id):
        return True
    confirmed = db.session.scalar(
        sa.select(sa.func.count(Registration.id)).where(
            Registration.event_id == event.id,
            Registration.status == "confirmed",
            sa.or_(
                Registration.user_id == user.id,
                Registration.email == (user.email or "").strip().lower(),
            ),
        )
    )
    return bool(confirmed)


def online_url_for(user: User | None, event: Event) -> str:
    """The join link if `user` may see it, else an empty string."""
    return event.online_url if can_see_online_link(user, event) else ""
