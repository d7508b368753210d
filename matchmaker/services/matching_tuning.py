"""Outcomes members logged, read for ``tune-matching``, and the tuning run itself.

Positive: a contact request (the requester wanted this partner; a declined one is negative),
a meeting with a next step, a "must meet" mark. Negative: a dismissed suggestion, a declined
contact or meeting request, a meeting held without a next step, a "no thanks" mark. The
fitting itself is ``matching.tuning`` (pure); this module only reads the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app

from matchmaker.extensions import db
from matchmaker.matching import Weights
from matchmaker.matching.tuning import (
    MIN_OUTCOMES,
    Outcome,
    TuningResult,
    fit_weights,
)
from matchmaker.models import (
    ContactRequest,
    Dismissal,
    Meeting,
    MeetingMark,
    MeetingRequest,
    Registration,
    utcnow,
)
from matchmaker.services import matching as matching_service
from matchmaker.services.matching_weights import save_weights, stored_weights


@dataclass(frozen=True)
class TuningRun:
    result: TuningResult
    outcomes: int
    positives: int
    current: Weights  # the weights the fit started from
    saved_to: str | None = None


def load_outcomes() -> list[Outcome]:
    """Every logged outcome between two organisations, oldest first."""
    dated: list[tuple[datetime, Outcome]] = []
    for org, other, at in db.session.execute(
        sa.select(Dismissal.organisation_id, Dismissal.dismissed_id, Dismissal.created_at)
    ):
        dated.append((at, Outcome(org, other, False, "dismissed")))
    for org, other, status, created, decided in db.session.execute(
        sa.select(
            ContactRequest.from_org_id,
            ContactRequest.to_org_id,
            ContactRequest.status,
            ContactRequest.created_at,
            ContactRequest.decided_at,
        )
    ):
        dated.append(
            (decided or created, Outcome(org, other, status != "declined", f"contact_{status}"))
        )

    a, b = so.aliased(Registration), so.aliased(Registration)
    for a_org, b_org, at in db.session.execute(
        sa.select(a.organisation_id, b.organisation_id, MeetingRequest.created_at)
        .join(a, MeetingRequest.from_registration_id == a.id)
        .join(b, MeetingRequest.to_registration_id == b.id)
        .where(MeetingRequest.status == "declined")
    ):
        if a_org and b_org:
            dated.append((at, Outcome(a_org, b_org, False, "meeting_declined")))
    for m, a_org, b_org in db.session.execute(
        sa.select(Meeting, a.organisation_id, b.organisation_id)
        .join(a, Meeting.a_registration_id == a.id)
        .join(b, Meeting.b_registration_id == b.id)
        .where(Meeting.status != "cancelled")
    ):
        outcome = _meeting_outcome(m)
        if outcome is not None and a_org and b_org:
            first, second = a_org, b_org
            if m.request is not None and m.request.from_registration_id == m.b_registration_id:
                first, second = b_org, a_org  # the score is the requester's view
            kind = "meeting_next_step" if outcome else "meeting_no_next_step"
            dated.append((m.updated_at, Outcome(first, second, outcome, kind)))
    for reg_org, other_org, kind, at in db.session.execute(
        sa.select(a.organisation_id, b.organisation_id, MeetingMark.kind, MeetingMark.created_at)
        .join(a, MeetingMark.registration_id == a.id)
        .join(b, MeetingMark.other_registration_id == b.id)
    ):
        if reg_org and other_org:
            dated.append((at, Outcome(reg_org, other_org, kind == "must_meet", f"mark_{kind}")))
    dated.sort(key=lambda item: (item[0], item[1].org_id, item[1].other_id))
    return [o for _, o in dated if o.org_id != o.other_id]


def _meeting_outcome(m: Meeting) -> bool | None:
    """True: a next step agreed; False: held, and nobody wants a next step; None: unknown."""
    if m.next_step_a or m.next_step_b:
        return True
    held = m.held_a or m.held_b
    if held and (m.next_step_a is False or m.next_step_b is False):
        return False
    return None


def tune(apply: bool = False, min_outcomes: int = MIN_OUTCOMES) -> TuningRun:
    """Fit the weights on the outcomes; with ``apply``, store them and mark the index stale
    so every process rebuilds with them (the caller commits). Raises TooFewOutcomes."""
    app = current_app._get_current_object()
    current = stored_weights(app)
    outcomes = load_outcomes()
    index = matching_service.build_index()
    result = fit_weights(index, outcomes, current, min_outcomes=min_outcomes)
    saved = None
    if apply:
        note = {
            "fitted_at": utcnow().isoformat(timespec="seconds"),
            "train_pairs": result.train_pairs,
            "test_pairs": result.test_pairs,
            "auc_before": result.before.auc,
            "auc_after": result.after.auc,
        }
        saved = str(save_weights(app, result.weights, note))
        matching_service.bump_version()
    return TuningRun(result, len(outcomes), sum(o.positive for o in outcomes), current, saved)
