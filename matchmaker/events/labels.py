"""User-facing names of event codes, translated lazily."""

from flask_babel import lazy_gettext as _l

EVENT_KINDS = {
    "seminar": _l("Seminar"),
    "networking": _l("Networking event"),
    "market_review": _l("Market review day"),
    "webinar": _l("Webinar"),
}

EVENT_STATUSES = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "cancelled": _l("Cancelled"),
}

REGISTRATION_STATUSES = {
    "pending": _l("Waiting for e-mail confirmation"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the waiting list"),
    "cancelled": _l("Cancelled"),
}
