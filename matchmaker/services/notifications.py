"""In-app notifications and each person's choice of how they arrive by mail.

`notify()` is the one entry point: the services call it where they used to queue a mail for a
user. The notification is always written (the bell shows it); the mail follows the person's
preference for its kind: at once (the template the caller names), in the daily digest
(services/digests.py), or not at all. People without a user account (contact people, guests)
are mailed by the callers as before: they have no preferences and no bell.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError

from matchmaker.extensions import db
from matchmaker.models import Notification, NotificationPreference, User, utcnow
from matchmaker.models.notifications import CHANNELS, NOTIFICATION_KINDS
from matchmaker.services import mail
from matchmaker.services.errors import DomainError, NotFound

log = logging.getLogger(__name__)

KIND_LABELS = {
    "contact": _l("Contact requests and answers"),
    "meeting": _l("Meeting requests and answers"),
    "waitlist": _l("Waiting-list promotions"),
    "membership": _l("Membership decisions"),
    "suggestions": _l("New partner suggestions"),
    "opportunity": _l("New opportunities"),
}
CHANNEL_LABELS = {
    "immediate": _l("Mail at once"),
    "daily": _l("Daily digest"),
    "off": _l("No mail"),
}
# Partner suggestions come as a weekly digest of their own: mailed or not.
SUGGESTION_CHANNEL_LABELS = {"immediate": _l("Weekly digest"), "off": _l("No mail")}
DEFAULT_CHANNEL = "immediate"

# The sentence each notification shows, filled with its stored data.
MESSAGES = {
    "contact_requested": _l("%(org)s would like to get in contact."),
    "contact_accepted": _l("You and %(org)s are now in contact."),
    "contact_declined": _l("%(org)s declined your contact request."),
    "meeting_requested": _l("%(name)s (%(org)s) asks for a meeting at %(event)s."),
    "meeting_accepted": _l("Your meeting with %(name)s at %(event)s is agreed."),
    "meeting_declined": _l("%(name)s declined your meeting request at %(event)s."),
    "event_promoted": _l("A seat became free: you are now registered for %(event)s."),
    "membership_approved": _l("%(org)s is now a member of %(cluster)s."),
    "membership_declined": _l("%(cluster)s declined the membership application of %(org)s."),
    "suggestions": _l("New partner suggestions for %(org)s: %(names)s."),
    "opportunity_new": _l("New opportunity: %(title)s"),
}
PAGE_SIZE = 20


def channels_for(kind: str) -> dict:
    return SUGGESTION_CHANNEL_LABELS if kind == "suggestions" else CHANNEL_LABELS


# ------------------------------------------------------------------ preferences
def preferences(user: User) -> dict[str, str]:
    """Every kind's channel for `user` (the default where none was chosen)."""
    chosen = dict(
        db.session.execute(
            sa.select(NotificationPreference.kind, NotificationPreference.channel).where(
                NotificationPreference.user_id == user.id
            )
        ).all()
    )
    return {kind: chosen.get(kind, DEFAULT_CHANNEL) for kind in NOTIFICATION_KINDS}


def preference(user: User, kind: str) -> str:
    row = db.session.get(NotificationPreference, (user.id, kind))
    return row.channel if row is not None else DEFAULT_CHANNEL


def set_preferences(user: User, choices: dict[str, str]) -> None:
    """Store the channels chosen per kind; an unknown kind or channel is refused by name."""
    for kind, channel in choices.items():
        if kind not in NOTIFICATION_KINDS:
            raise DomainError(_l("Unknown kind of notification."), field=kind)
        if channel not in CHANNELS or channel not in channels_for(kind):
            raise DomainError(_l("Not a valid choice."), field=kind)
    for kind, channel in choices.items():
        row = db.session.get(NotificationPreference, (user.id, kind))
        if row is None:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, channel=channel))
        else:
            row.channel = channel


# ------------------------------------------------------------------ writing them
def notify(
    user: User,
    kind: str,
    message: str,
    *,
    endpoint: str | None = None,
    params: dict | None = None,
    data: dict | None = None,
    template: str | None = None,
    recipient: str | None = None,
    locale: str | None = None,
    attachments: list[dict] | None = None,
    **context,
) -> Notification:
    """Tell `user` about something in the app, and by mail as they chose for `kind`.

    `message` names a sentence of MESSAGES, filled with `data` (plain text values);
    `endpoint` and `params` make the link to the object. With `template`, the mail
    mail/<template>.txt is queued at once when the user's preference is "immediate" (to
    `recipient`, by default the user's address, in `locale`, by default theirs, rendered
    with `context`); with "daily" the
    daily digest carries it, with "off" nothing is mailed. Opportunities call
    `notify(user, "opportunity", "opportunity_new", endpoint=..., data={"title": ...})`.
    """
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    if message not in MESSAGES:
        raise ValueError(f"unknown notification message {message!r}")
    channel = preference(user, kind)
    now = utcnow()
    item = Notification(
        user_id=user.id,
        kind=kind,
        message=message,
        data={k: str(v) for k, v in (data or {}).items()},
        endpoint=endpoint,
        params=params or {},
        created_at=now,
        # Only a daily-digest notification waits for a mail; the others are done with.
        mailed_at=None if channel == "daily" else now,
    )
    db.session.add(item)
    if template is not None and channel == "immediate":
        mail.send_template(
            recipient or user.email,
            template,
            locale or user.locale,
            attachments=attachments,
            **context,
        )
    return item


# ------------------------------------------------------------------ reading them
def text(item: Notification) -> str:
    """The notification's sentence in the current language."""
    try:
        return str(MESSAGES[item.message]) % {k: v for k, v in (item.data or {}).items()}
    except (KeyError, TypeError, ValueError):
        log.warning("Notification %s cannot be shown as %s", item.id, item.message)
        return str(KIND_LABELS.get(item.kind, item.kind))


def link(item: Notification, external: bool = False) -> str | None:
    """The object's page, or None when it has none (or no longer can be linked)."""
    if not item.endpoint:
        return None
    try:
        return url_for(item.endpoint, _external=external, **(item.params or {}))
    except BuildError:
        return None


def unread_count(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None)
        )
    )


def page_for(user: User, page: int = 1, per_page: int = PAGE_SIZE):
    return db.paginate(
        sa.select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        page=page,
        per_page=per_page,
        error_out=False,
    )


def mark_read(user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read; another person's is not found."""
    item = db.session.get(Notification, notification_id)
    if item is None or item.user_id != user.id:
        raise NotFound(_l("No such notification."))
    item.mark_read(utcnow())
    return item


def mark_all_read(user: User) -> int:
    return db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
