"""Events: who may see and manage them, and who may act for a registration."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.models import Event, Registration
from matchmaker.services.email_address import normalise_email
from matchmaker.services.errors import NotFound
from matchmaker.services.permissions import is_coordinator as can_manage


def _is_user(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_view(user, event: Event) -> bool:
    """Published and cancelled events are public announcements; drafts are for coordinators."""
    return event.status != "draft" or can_manage(user, event.cluster_id)


def get_visible(user, event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not can_view(user, event):
        raise NotFound(_l("No such event."))
    return event


def is_member(user, cluster_id: int) -> bool:
    """Acting for an organisation that is an approved member of the cluster."""
    if not _is_user(user) or not user.active_organisation_id:
        return False
    org = user.organisation
    return org is not None and cluster_id in org.approved_cluster_ids()


def can_act_for(user, reg: Registration) -> bool:
    """Coordinators, the person themself, and colleagues of the registering organisation."""
    if not _is_user(user):
        return False
    if user.coordinates(reg.event.cluster_id):
        return True
    if reg.user_id == user.id or normalise_email(user.email) == reg.email:
        return True
    return reg.organisation_id is not None and user.active_organisation_id == reg.organisation_id


def can_see_online_link(user, event: Event) -> bool:
    """The join link of an online event is for confirmed participants and its coordinators:
    the event page is a public announcement, the link is not."""
    return not event.online_url or bool(online_urls_for(user, [event])[event.id])


def online_url_for(user, event: Event) -> str:
    """The join link if `user` may see it, else an empty string."""
    return online_urls_for(user, [event])[event.id]


def online_urls_for(user, events: list[Event]) -> dict[int, str]:
    """Event id -> the join link `user` may see ('' when not), in at most one query."""
    shown = {e.id: e.online_url for e in events}
    linked = [e for e in events if e.online_url]
    if not linked:
        return shown
    if not _is_user(user):
        return {**shown, **{e.id: "" for e in linked}}
    asked = [e.id for e in linked if not can_manage(user, e.cluster_id)]
    confirmed = set()
    if asked:
        confirmed = set(
            db.session.scalars(
                sa.select(Registration.event_id).where(
                    Registration.event_id.in_(asked),
                    Registration.status == "confirmed",
                    sa.or_(
                        Registration.user_id == user.id,
                        Registration.email == normalise_email(user.email),
                    ),
                )
            )
        )
    return {**shown, **{i: "" for i in asked if i not in confirmed}}
