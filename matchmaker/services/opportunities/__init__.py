"""Cooperation opportunities: who may see, post, edit and moderate them; search sorted for the
viewer; the organisations each fits (and the notices the owner sends them, a limited number a
day); expressions of interest; the deadline reminder and expiry job.

The HTML views, the API and the CLI call these functions; visibility is enforced here, in the
queries themselves, so no page can show what its viewer may not see.

The package's modules: core (who may do what), editing (validation, posting, moderation),
queries (listing, search, API shape), notices (matching both ways and the owner's notices),
interest (expressions of interest), expiry (the daily job). The public names are re-exported
here, so callers keep using ``from matchmaker.services import opportunities``.
"""

from __future__ import annotations

from .core import (
    EXPRESSION_LABELS,
    KIND_LABELS,
    MAX_MESSAGE,
    MAX_REASON,
    MAX_TITLE,
    NOTIFY_LIMIT,
    REMIND_DAYS,
    STATUS_LABELS,
    VISIBILITY_LABELS,
    can_moderate,
    can_view,
    get_visible,
    is_open,
    is_owner,
    local_today,
    require_owner,
    visible_clause,
)
from .editing import (
    clean,
    close,
    create,
    delete,
    fulfil,
    hide,
    postable_clusters,
    publish,
    unhide,
    update,
)
from .expiry import (
    expire_and_remind,
)
from .interest import (
    decide_interest,
    express_interest,
    interest_of,
    poster_contact,
)
from .notices import (
    Fit,
    matches,
    notices_left,
    notify,
    notify_limit,
    send_notices,
)
from .queries import (
    Listed,
    as_json,
    for_organisation,
    lookup_org,
    mine,
    search,
    text_of,
)

__all__ = [
    "EXPRESSION_LABELS",
    "Fit",
    "KIND_LABELS",
    "Listed",
    "MAX_MESSAGE",
    "MAX_REASON",
    "MAX_TITLE",
    "NOTIFY_LIMIT",
    "REMIND_DAYS",
    "STATUS_LABELS",
    "VISIBILITY_LABELS",
    "as_json",
    "can_moderate",
    "can_view",
    "clean",
    "close",
    "create",
    "decide_interest",
    "delete",
    "expire_and_remind",
    "express_interest",
    "for_organisation",
    "fulfil",
    "get_visible",
    "hide",
    "interest_of",
    "is_open",
    "is_owner",
    "local_today",
    "lookup_org",
    "matches",
    "mine",
    "notices_left",
    "notify",
    "send_notices",
    "notify_limit",
    "postable_clusters",
    "poster_contact",
    "publish",
    "require_owner",
    "search",
    "text_of",
    "unhide",
    "update",
    "visible_clause",
]
