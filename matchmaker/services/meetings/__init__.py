"""B2B meetings at an event: set-up, requests, automatic placement, removals, bulk scheduling.

One module per concern; callers use the names re-exported here
(``from matchmaker.services import meetings as meeting_service``):

- ``access``: lookups, rights and the booking rules shared by requests and the scheduler;
- ``setup``: time windows, slots, tables and booking rules of an event;
- ``requests``: request, accept, decline, withdraw, expire; marks and blocked times;
- ``placement``: placing, removing and moving meetings, the bulk scheduler (under the
  event's row lock, ``services.locking.lock_event``);
- ``agenda``: personal agendas, the table plan, outcomes;
- ``notifications``: mail with .ics entries.

Services flush, never commit; mail is queued and delivered after the caller commits.
"""

from matchmaker.services.meetings.access import (
    LIVE,
    booking_open,
    can_manage,
    may_meet,
    participants,
    registration_of,
    require_participant,
    require_setup,
    setup_of,
    slots_of,
    tables_of,
)
from matchmaker.services.meetings.agenda import meetings_of, set_outcome, table_plan
from matchmaker.services.meetings.notifications import meeting_ics
from matchmaker.services.meetings.placement import (
    REASONS,
    _live_meetings,  # noqa: F401  (the property tests read placements through it)
    cancel_meeting,
    discard_drafts,
    drafts_of,
    move,
    place,
    propose,
    publish_drafts,
    reason_label,
    remove_slot,
    remove_table,
    unplaced_of,
)
from matchmaker.services.meetings.requests import (
    accept,
    blocked_slot_ids,
    cancel_request,
    decline,
    expire_requests,
    marks_of,
    request_meeting,
    requests_of,
    set_blocked,
    set_mark,
)
from matchmaker.services.meetings.setup import SetupData, generate_slots, save_setup

__all__ = [
    "accept",
    "blocked_slot_ids",
    "booking_open",
    "can_manage",
    "cancel_meeting",
    "cancel_request",
    "decline",
    "discard_drafts",
    "drafts_of",
    "expire_requests",
    "generate_slots",
    "LIVE",
    "marks_of",
    "may_meet",
    "meeting_ics",
    "meetings_of",
    "move",
    "participants",
    "place",
    "propose",
    "publish_drafts",
    "reason_label",
    "REASONS",
    "registration_of",
    "remove_slot",
    "remove_table",
    "request_meeting",
    "requests_of",
    "require_participant",
    "require_setup",
    "save_setup",
    "set_blocked",
    "set_mark",
    "set_outcome",
    "setup_of",
    "SetupData",
    "slots_of",
    "table_plan",
    "tables_of",
    "unplaced_of",
]
