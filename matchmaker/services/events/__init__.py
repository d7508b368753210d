"""Events: who sees and manages them, signup with a waiting list, cancellation and promotion.

One module per concern; callers use the names re-exported here
(``from matchmaker.services import events as event_service``):

- ``access``: who may see, manage and act for a registration;
- ``editing``: creating and changing events and their sessions;
- ``seats``: seat counts, taking and filling seats (the concurrency core, always under
  ``services.locking.lock_event``);
- ``registration``: signup, cancellation, the waiting list by hand, check-in, outsiders;
- ``notifications``: mail with calendar files, reminders;
- ``queries``: what members and coordinators see.

Services flush, never commit; mail is queued with the transaction and delivered only after
the caller commits.
"""

from matchmaker.models import utcnow
from matchmaker.services.events.access import (
    can_act_for,
    can_manage,
    can_see_online_link,
    can_view,
    get_visible,
    is_member,
    normalise_email,
    online_url_for,
    online_urls_for,
)
from matchmaker.services.events.editing import (
    EVENT_FIELDS,
    cancel_event,
    clean_text,
    create_event,
    delete_session,
    duplicate_event,
    publish_event,
    save_session,
    update_event,
    validate_event,
    validate_session,
)
from matchmaker.services.events.notifications import locale_for, send_reminders
from matchmaker.services.events.queries import (
    PROFILE_FIT_SHARE,
    all_registrations,
    checkin_list,
    counts_by_organisation,
    emails_registered_by_viewer,
    event_text,
    events_in,
    events_of,
    fitting_events,
    organisation_label,
    recommended_session_ids,
    registration_or_404,
    registrations_for_viewer,
    registrations_of_org,
    registrations_query,
    session_waitlist_positions,
    upcoming_page,
    waitlist_position,
)
from matchmaker.services.events.registration import (
    Person,
    cancel_by_link,
    cancel_registration,
    change_registration,
    confirm_from_waitlist,
    confirm_outsider,
    outsider_signup,
    registration_open,
    set_attended,
    signup,
    signup_by_id,
)
from matchmaker.services.events.seats import (
    attended_count,
    confirmed_count,
    confirmed_counts,
    organisation_places_left,
    seats_left,
    session_confirmed_counts,
    session_seats_left,
    waitlist_count,
)
from matchmaker.services.events.tickets import (
    check_in_by_token,
    checkin_token,
    fold,
    manage_url,
    qr_svg,
    registration_for_link,
)

__all__ = [
    "EVENT_FIELDS",
    "PROFILE_FIT_SHARE",
    "Person",
    "all_registrations",
    "attended_count",
    "registrations_query",
    "can_act_for",
    "can_manage",
    "can_see_online_link",
    "can_view",
    "cancel_event",
    "cancel_by_link",
    "cancel_registration",
    "change_registration",
    "check_in_by_token",
    "checkin_token",
    "fold",
    "manage_url",
    "organisation_places_left",
    "qr_svg",
    "registration_for_link",
    "session_waitlist_positions",
    "checkin_list",
    "clean_text",
    "confirm_from_waitlist",
    "confirm_outsider",
    "confirmed_count",
    "confirmed_counts",
    "counts_by_organisation",
    "create_event",
    "delete_session",
    "duplicate_event",
    "emails_registered_by_viewer",
    "event_text",
    "events_in",
    "events_of",
    "fitting_events",
    "get_visible",
    "is_member",
    "locale_for",
    "normalise_email",
    "online_url_for",
    "online_urls_for",
    "organisation_label",
    "outsider_signup",
    "publish_event",
    "recommended_session_ids",
    "registration_open",
    "registration_or_404",
    "registrations_for_viewer",
    "registrations_of_org",
    "save_session",
    "seats_left",
    "send_reminders",
    "session_confirmed_counts",
    "session_seats_left",
    "set_attended",
    "signup",
    "signup_by_id",
    "update_event",
    "upcoming_page",
    "utcnow",
    "validate_event",
    "validate_session",
    "waitlist_count",
    "waitlist_position",
]
