"""Trade fairs and joint stands: interest, grouping suggestions, assignment, costs, exhibitors.

The package's modules: core (fairs, stands and their floor areas), interest (registering and
withdrawing interest), assignment (assigning exhibitors, costs), confirmation (confirming and
reopening stands, invitations), exhibitors (the exhibitor list), grouping (suggested invitees
and grouping). The public names are re-exported here, so callers keep using
``from matchmaker.services import fairs``.
"""

from __future__ import annotations

from .assignment import (
    CostLine,
    assign,
    assignment_of,
    cost_for,
    total,
)
from .confirmation import (
    confirm_stand,
    invite,
    reopen_stand,
)
from .core import (
    CENT,
    TENTH,
    area_used,
    assigned_area,
    create_fair,
    m2,
    over_full,
    save_stand,
    stands_of,
    upcoming_and_past,
)
from .exhibitors import (
    EXHIBITOR_COLUMNS,
    exhibitor_rows,
    exhibitor_table,
)
from .grouping import (
    GroupingProposal,
    StandProposal,
    best_stands_for,
    suggest_grouping,
    suggest_invitees,
)
from .interest import (
    active_interest,
    deadline,
    deadline_passed,
    interests,
    register_interest,
    withdraw_interest,
)

__all__ = [
    "CENT",
    "CostLine",
    "EXHIBITOR_COLUMNS",
    "GroupingProposal",
    "StandProposal",
    "TENTH",
    "active_interest",
    "area_used",
    "assign",
    "assigned_area",
    "assignment_of",
    "best_stands_for",
    "confirm_stand",
    "cost_for",
    "create_fair",
    "deadline",
    "deadline_passed",
    "exhibitor_rows",
    "exhibitor_table",
    "interests",
    "invite",
    "m2",
    "over_full",
    "register_interest",
    "reopen_stand",
    "save_stand",
    "stands_of",
    "suggest_grouping",
    "suggest_invitees",
    "total",
    "upcoming_and_past",
    "withdraw_interest",
]
