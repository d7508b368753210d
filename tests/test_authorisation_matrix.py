"""The authorisation matrix: every route that names an object is tried by people who have no
right to it, and by the person who has.

For each route of `app.url_map` with an id or a slug in its path, SPECS names the objects to
put in the URL and who is allowed. Four intruders are tried for every method of the route:

- ``anonymous``: nobody logged in;
- ``outsider``: the admin of an organisation that belongs to no cluster;
- ``neighbour``: the admin of another member organisation of the same cluster;
- ``coord_b``: the coordinator of another cluster.

An intruder must get 401, 403 or 404 (an anonymous visitor of an HTML page may instead be sent
to the login page): never a 2xx, never a redirect elsewhere, never a 500. The allowed person must
get through (no 401/403/404, no 500), which shows that the intruders were refused for who they
are and not because the URL was wrong. A route that is in neither SPECS nor NOT_OBJECT_ROUTES
fails `test_every_route_is_in_the_matrix`, so a new route cannot ship without a check.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask import current_app, g

from matchmaker.extensions import db
from matchmaker.models import (
    ApiToken,
    Fair,
    ImportRun,
    JointStand,
    MeetingSlot,
    MeetingTable,
    Notification,
    OutboxMessage,
    utcnow,
)
from matchmaker.services import accounts, contacts, ecosystems, leads, organisations, synonyms
from matchmaker.services import clusters as cluster_service
from matchmaker.services import events as event_service
from matchmaker.services import fairs as fair_service
from matchmaker.services import meetings as meeting_service
from matchmaker.services import opportunities as opportunity_service
from tests.events.conftest import make_event  # noqa: F401

INTRUDERS = ("anonymous", "outsider", "neighbour", "coord_b")
DENIED = {401, 403, 404}


@dataclass(frozen=True)
class Spec:
    """Who may use a route, and the objects in its URL (attribute names of the World)."""

    args: dict[str, str]
    allowed: str
    # Intruders this route is meant for (with the reason in a comment at the spec).
    open_to: frozenset[str] = frozenset()
    # Methods whose allowed request cannot be made meaningful here (see the comment at the spec).
    skip_allowed: frozenset[str] = frozenset()
    data: dict = field(default_factory=dict)
    # Writes that end an object others use (cancel, delete) run after the rest, by this number.
    last: int = 0


def spec(allowed: str, open_to=(), skip_allowed=(), data=None, last=0, **args) -> Spec:
    return Spec(args, allowed, frozenset(open_to), frozenset(skip_allowed), data or {}, last)


# Routes with a path argument that names no object anybody owns: the secret in the URL is the
# right (tested where the feature is: expired, forged and reused tokens), or it is a file path.
NOT_OBJECT_ROUTES = {
    "/static/<path:filename>": "static files",
    "/auth/confirm/<token>": "signed e-mail confirmation token (tests/test_accounts.py)",
    "/auth/reset/<token>": "signed password reset token (tests/test_accounts.py)",
    "/events/feed/<token>.ics": "secret calendar feed token (tests/events/test_mail_calendar.py)",
    "/events/guest/confirm/<token>": "signed guest confirmation (tests/events/test_signup.py)",
    "/events/registration/<token>": "signed manage link (tests/events/test_change_registration.py)",
    "/events/registration/<token>/cancel": "signed manage link (tests/events/"
    "test_change_registration.py)",
    "/invitations/<token>": "signed single-use invitation (tests/test_invitations.py)",
}

# Public announcements and the directory: everyone may read them (contact details inside them
# are filtered per viewer; see test_authorisation_memberships.py).
EVERYONE = INTRUDERS
# People acting for an organisation may ask any other organisation for contact, dismiss it from
# their suggestions, or apply to any cluster; only who they are acting for is checked.
WITH_AN_ORG = ("outsider", "neighbour")

SPECS: dict[str, Spec] = {
    # --- admin ---------------------------------------------------------------------------
    "/admin/clusters/<int:cluster_id>/coordinators": spec("site_admin", cluster_id="cluster_a"),
    "/admin/outbox/<int:message_id>": spec("site_admin", message_id="outbox_message"),
    "/admin/outbox/<int:message_id>/retry": spec("site_admin", message_id="outbox_message"),
    # The queue's job ids exist on PostgreSQL only (tests/test_jobs.py retries one there).
    "/admin/jobs/<int:job_id>/retry": spec("site_admin", skip_allowed=("POST",), job_id="job_id"),
    "/admin/jobs/<int:job_id>/cancel": spec("site_admin", skip_allowed=("POST",), job_id="job_id"),
    "/admin/imports/<int:run_id>/retry": spec("site_admin", run_id="import_run"),
    # --- accounts ------------------------------------------------------------------------
    "/auth/tokens/<int:token_id>/revoke": spec("owner", token_id="owner_token"),
    # --- notifications -------------------------------------------------------------------
    "/notifications/<int:notification_id>/read": spec(
        "owner", notification_id="owner_notification"
    ),
    # --- clusters ------------------------------------------------------------------------
    "/clusters/<slug>/": spec("owner", EVERYONE, slug="cluster_a_slug"),
    "/clusters/<slug>/catalogue": spec("owner", EVERYONE, slug="cluster_a_slug"),
    "/clusters/<slug>/apply": spec("outsider", WITH_AN_ORG, slug="cluster_a_slug"),
    "/clusters/<slug>/applications": spec("coord_a", slug="cluster_a_slug"),
    "/clusters/<slug>/applications/<int:membership_id>": spec(
        "coord_a", slug="cluster_a_slug", membership_id="application", data={"decision": "approve"}
    ),
    # --- organisations -------------------------------------------------------------------
    "/organisations/<int:org_id>": spec("owner", EVERYONE, org_id="own_org"),
    "/organisations/<int:org_id>/edit": spec("owner", org_id="own_org"),
    "/organisations/<int:org_id>/people": spec("owner", org_id="own_org"),
    "/organisations/<int:org_id>/people/<int:user_id>": spec(
        "owner", org_id="own_org", user_id="colleague", data={"action": "role", "role": "admin"}
    ),
    "/organisations/<int:org_id>/contacts/new": spec("owner", org_id="own_org"),
    "/organisations/<int:org_id>/contacts/<int:contact_id>": spec(
        "owner", org_id="own_org", contact_id="own_contact"
    ),
    "/organisations/<int:org_id>/contacts/<int:contact_id>/delete": spec(
        "owner", org_id="own_org", contact_id="own_contact", last=1
    ),
    # --- partners ------------------------------------------------------------------------
    "/partners/<int:org_id>/contact": spec("owner", WITH_AN_ORG, org_id="third_org"),
    "/partners/<int:org_id>/dismiss": spec("owner", WITH_AN_ORG, org_id="third_org"),
    "/partners/<int:org_id>/undismiss": spec("owner", WITH_AN_ORG, org_id="third_org"),
    "/partners/requests/<int:request_id>": spec(
        "owner", request_id="contact_request", data={"decision": "accept"}
    ),
    # --- opportunities -------------------------------------------------------------------
    # An own-cluster post: the neighbour, a member of the same cluster, may read it and
    # express interest; the rest is for the owner organisation (and moderation for coord_a).
    "/opportunities/<int:opp_id>": spec("owner", ("neighbour",), opp_id="opportunity"),
    "/opportunities/<int:opp_id>/edit": spec("owner", opp_id="opportunity"),
    "/opportunities/<int:opp_id>/publish": spec("owner", opp_id="opportunity"),
    "/opportunities/<int:opp_id>/close": spec("owner", opp_id="opportunity", last=4),
    "/opportunities/<int:opp_id>/fulfil": spec(
        "owner", opp_id="opportunity", data={"partner": "@third_org"}, last=5
    ),
    "/opportunities/<int:opp_id>/delete": spec("owner", opp_id="opportunity", last=1),
    "/opportunities/<int:opp_id>/notify": spec(
        "owner", opp_id="opportunity", data={"organisations": "@fourth_org"}
    ),
    "/opportunities/<int:opp_id>/interest": spec(
        "neighbour", opp_id="opportunity", data={"message": "Kiinnostaa"}
    ),
    "/opportunities/<int:opp_id>/hide": spec(
        "coord_a", opp_id="opportunity", data={"reason": "Tarkistetaan"}, last=2
    ),
    "/opportunities/<int:opp_id>/unhide": spec("coord_a", opp_id="opportunity", last=3),
    "/opportunities/interests/<int:interest_id>": spec(
        "owner", interest_id="opportunity_interest", data={"decision": "accept"}
    ),
    "/opportunities/report/<slug>": spec("coord_a", slug="cluster_a_slug"),
    # --- events --------------------------------------------------------------------------
    "/events/cluster/<slug>/": spec("owner", EVERYONE, slug="cluster_a_slug"),
    "/events/cluster/<slug>/new": spec("coord_a", slug="cluster_a_slug"),
    "/events/<int:event_id>": spec("owner", EVERYONE, event_id="event"),
    "/events/<int:event_id>/calendar.ics": spec("owner", EVERYONE, event_id="event"),
    # Members of the cluster sign up (the neighbour is one); outsiders only for open events.
    "/events/<int:event_id>/register": spec("neighbour", event_id="event"),
    # Guest sign-up is for people without an account, on events open to outsiders; the
    # event here is not open, so it is refused to everyone, the coordinator included.
    "/events/<int:event_id>/guest": spec(
        "owner",
        skip_allowed=("POST",),
        event_id="event",
        data={"name": "Vieras", "email": "vieras@example.fi", "organisation_name": "Vieras Oy"},
    ),
    "/events/<int:event_id>/edit": spec("coord_a", event_id="event"),
    "/events/<int:event_id>/duplicate": spec("coord_a", event_id="event"),
    "/events/<int:event_id>/publish": spec("coord_a", event_id="draft_event"),
    "/events/<int:event_id>/cancel": spec("coord_a", event_id="event", last=3),
    "/events/<int:event_id>/sessions/new": spec("coord_a", event_id="event"),
    "/events/<int:event_id>/sessions/<int:session_id>": spec(
        "coord_a", event_id="event", session_id="event_session"
    ),
    "/events/<int:event_id>/sessions/<int:session_id>/delete": spec(
        "coord_a", event_id="event", session_id="event_session", last=1
    ),
    "/events/<int:event_id>/registrations": spec("coord_a", event_id="event"),
    "/events/<int:event_id>/attendees.csv": spec("coord_a", event_id="event"),
    "/events/<int:event_id>/attendees.xlsx": spec("coord_a", event_id="event"),
    "/events/<int:event_id>/checkin": spec("coord_a", event_id="event"),
    "/events/<int:event_id>/checkin/ticket": spec("coord_a", event_id="event"),
    "/events/registrations/<int:reg_id>/change": spec(
        "owner", reg_id="owner_reg", data={"dietary": "kasvis"}
    ),
    "/events/registrations/<int:reg_id>/cancel": spec("owner", reg_id="owner_reg", last=2),
    "/events/registrations/<int:reg_id>/checkin": spec("coord_a", reg_id="owner_reg"),
    "/events/registrations/<int:reg_id>/confirm": spec("coord_a", reg_id="waitlisted_reg"),
    # --- meetings ------------------------------------------------------------------------
    "/meetings/event/<int:event_id>/": spec("owner", event_id="event"),
    "/meetings/event/<int:event_id>/agenda": spec("owner", event_id="event"),
    "/meetings/event/<int:event_id>/agenda.ics": spec("owner", event_id="event"),
    "/meetings/event/<int:event_id>/requests": spec("owner", event_id="event"),
    "/meetings/event/<int:event_id>/mark/<int:reg_id>": spec(
        "owner", event_id="event", reg_id="third_reg", data={"kind": "must_meet"}
    ),
    "/meetings/event/<int:event_id>/request/<int:reg_id>": spec(
        "owner", event_id="event", reg_id="fourth_reg", data={"message": "Hei"}
    ),
    "/meetings/requests/<int:request_id>/accept": spec("owner", request_id="meeting_request"),
    "/meetings/requests/<int:request_id>/decline": spec("owner", request_id="meeting_request"),
    "/meetings/requests/<int:request_id>/withdraw": spec("third", request_id="meeting_request"),
    "/meetings/<int:meeting_id>/cancel": spec("owner", meeting_id="meeting", last=1),
    "/meetings/<int:meeting_id>/outcome": spec("owner", meeting_id="meeting"),
    "/meetings/<int:meeting_id>/move": spec("coord_a", meeting_id="meeting"),
    "/meetings/event/<int:event_id>/setup": spec("coord_a", event_id="event"),
    "/meetings/event/<int:event_id>/plan": spec("coord_a", event_id="event"),
    "/meetings/event/<int:event_id>/scheduler": spec("coord_a", event_id="event"),
    "/meetings/event/<int:event_id>/scheduler/propose": spec("coord_a", event_id="event"),
    "/meetings/event/<int:event_id>/scheduler/publish": spec("coord_a", event_id="event"),
    "/meetings/event/<int:event_id>/scheduler/discard": spec("coord_a", event_id="event"),
    "/meetings/event/<int:event_id>/slots/<int:slot_id>/remove": spec(
        "coord_a", event_id="event", slot_id="free_slot"
    ),
    "/meetings/event/<int:event_id>/tables/<int:table_id>/remove": spec(
        "coord_a", event_id="event", table_id="free_table"
    ),
    # --- fairs ---------------------------------------------------------------------------
    "/fairs/<int:fair_id>": spec("owner", EVERYONE, fair_id="fair"),
    # Any member of a cluster with a stand at the fair may register interest (the neighbour).
    "/fairs/<int:fair_id>/interest": spec(
        "neighbour", fair_id="fair", data={"cluster": "@cluster_a"}
    ),
    "/fairs/<int:fair_id>/interest/withdraw": spec("owner", fair_id="fair"),
    # Every cluster's coordinator puts together their own cluster's stand at a fair.
    "/fairs/<int:fair_id>/stands/new": spec("coord_a", ("coord_b",), fair_id="fair"),
    "/fairs/<int:fair_id>/stands/<int:stand_id>": spec("coord_a", fair_id="fair", stand_id="stand"),
    "/fairs/<int:fair_id>/stands/<int:stand_id>/confirm": spec(
        "coord_a", fair_id="fair", stand_id="stand"
    ),
    "/fairs/<int:fair_id>/manage/<slug>": spec("coord_a", fair_id="fair", slug="cluster_a_slug"),
    "/fairs/<int:fair_id>/manage/<slug>/assign": spec(
        "coord_a", fair_id="fair", slug="cluster_a_slug"
    ),
    "/fairs/<int:fair_id>/manage/<slug>/exhibitors.<fmt>": spec(
        "coord_a", fair_id="fair", slug="cluster_a_slug", fmt="=csv"
    ),
    "/fairs/<int:fair_id>/manage/<slug>/invite/<int:org_id>": spec(
        "coord_a", fair_id="fair", slug="cluster_a_slug", org_id="third_org"
    ),
    "/fairs/<int:fair_id>/overview/<slug>": spec("coord_a", fair_id="fair", slug="cluster_a_slug"),
    # --- coordinator ---------------------------------------------------------------------
    "/coordinator/<slug>/": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/audit": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/export/<kind>.<fmt>": spec(
        "coord_a", slug="cluster_a_slug", kind="=directory", fmt="=csv"
    ),
    "/coordinator/<slug>/import": spec("coord_a", slug="cluster_a_slug"),
    # The token comes from an upload (tests/coordinator/test_imports.py); an unknown one is a
    # 404 for the coordinator too, so only the refusals are checked here.
    "/coordinator/<slug>/import/<token>": spec(
        "coord_a", skip_allowed=("GET", "POST"), slug="cluster_a_slug", token="=unknown"
    ),
    "/coordinator/<slug>/invitations": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/invitations/organisation/<int:org_id>": spec(
        "coord_a", slug="cluster_a_slug", org_id="third_org"
    ),
    "/coordinator/<slug>/leads": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/leads/new": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/leads/<int:lead_id>": spec(
        "coord_a", slug="cluster_a_slug", lead_id="lead"
    ),
    "/coordinator/<slug>/leads/export.xlsx": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/leads/import": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/imports/<int:run_id>": spec(
        "coord_a", slug="cluster_a_slug", run_id="import_run"
    ),
    "/coordinator/<slug>/report": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/report.<fmt>": spec("coord_a", slug="cluster_a_slug", fmt="=csv"),
    "/coordinator/<slug>/report/contacts": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/report/events": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/report/fairs": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/report/members": spec("coord_a", slug="cluster_a_slug"),
    "/coordinator/<slug>/report/leads": spec("coord_a", slug="cluster_a_slug"),
    # --- ecosystems ----------------------------------------------------------------------
    # A draft ecosystem is seen only by its cluster's coordinators (a published one by all).
    "/ecosystems/<slug>": spec("coord_a", slug="draft_ecosystem_slug"),
    "/ecosystems/<slug>/brochure": spec("coord_a", slug="draft_ecosystem_slug"),
    "/ecosystems/cluster/<slug>/": spec("coord_a", slug="cluster_a_slug"),
    "/ecosystems/cluster/<slug>/new": spec("coord_a", slug="cluster_a_slug"),
    # Everyone may read the published ecosystem; only its cluster's coordinators change it.
    "/ecosystems/<slug>/edit": spec("coord_a", slug="ecosystem_slug"),
    "/ecosystems/<slug>/manage": spec("coord_a", slug="ecosystem_slug"),
    "/ecosystems/<slug>/milestones/<int:milestone_id>": spec(
        "coord_a", slug="ecosystem_slug", milestone_id="milestone"
    ),
    "/ecosystems/<slug>/milestones/<int:milestone_id>/delete": spec(
        "coord_a", slug="ecosystem_slug", milestone_id="milestone", last=1
    ),
    "/ecosystems/<slug>/members/<int:member_id>/delete": spec(
        "coord_a", slug="ecosystem_slug", member_id="ecosystem_member", last=1
    ),
    "/api/v1/ecosystems/<slug>": spec("coord_a", slug="draft_ecosystem_slug"),
    "/coordinator/<slug>/synonyms": spec(
        "coord_a", slug="cluster_a_slug", data={"terms": "ahtaus = stevedoring"}
    ),
    "/coordinator/<slug>/synonyms/<int:synonym_id>/delete": spec(
        "coord_a", slug="cluster_a_slug", synonym_id="synonym", last=1
    ),
    "/coordinator/<slug>/settings": spec(
        "coord_a",
        slug="cluster_a_slug",
        data={"name": "Cluster A", "region": "", "description": "", "timezone": "Europe/Helsinki"},
    ),
    # --- API -----------------------------------------------------------------------------
    # The body is valid, so the refusal is the rights check, not the schema's.
    "/api/v1/clusters/<slug>/imports": spec(
        "coord_a", slug="cluster_a_slug", data={"file": (b"nimi;y-tunnus\n", "members.csv")}
    ),
    "/api/v1/clusters/<slug>/report": spec("coord_a", slug="cluster_a_slug"),
    "/api/v1/clusters/<slug>/invitations": spec(
        "coord_a", slug="cluster_a_slug", data={"all_unclaimed": True}
    ),
    "/api/v1/organisations/<int:org_id>": spec(
        "owner", EVERYONE, org_id="own_org", data={"name": "Uusi Nimi Oy"}
    ),
    "/api/v1/organisations/<int:org_id>/suggestions": spec("owner", org_id="own_org"),
    "/api/v1/events/<int:event_id>": spec("owner", EVERYONE, event_id="event"),
    "/api/v1/events/<int:event_id>/registrations": spec(
        "neighbour",
        event_id="event",
        data={"name": "Naapuri Nieminen", "email": "naapuri@matrix.example", "session_ids": []},
    ),
    "/api/v1/registrations/<int:reg_id>": spec("owner", reg_id="owner_reg", last=1),
    "/api/v1/events/<int:event_id>/sessions": spec(
        "coord_a",
        event_id="event",
        data={"title": "Norja", "starts_at": "@event_starts_iso", "ends_at": "@event_ends_iso"},
    ),
    "/api/v1/events/<int:event_id>/meetings": spec("owner", event_id="event"),
    "/api/v1/events/<int:event_id>/agenda.ics": spec("owner", event_id="event"),
    "/api/v1/events/<int:event_id>/meeting-requests": spec(
        "owner", event_id="event", data={"to_registration_id": "@fourth_reg", "message": "Hei"}
    ),
    "/api/v1/meeting-requests/<int:request_id>/accept": spec("owner", request_id="meeting_request"),
    "/api/v1/meeting-requests/<int:request_id>/decline": spec(
        "owner", request_id="meeting_request"
    ),
    "/api/v1/fairs/<int:fair_id>/stands": spec("owner", EVERYONE, fair_id="fair"),
    "/api/v1/fairs/<int:fair_id>/interest": spec(
        "neighbour", fair_id="fair", data={"cluster": "@cluster_a_slug"}
    ),
    "/api/v1/fairs/<int:fair_id>/grouping": spec("coord_a", fair_id="fair"),
    # The neighbour, a member of the post's cluster, may read it (PATCH and DELETE are 403).
    "/api/v1/opportunities/<int:opp_id>": spec(
        "owner", ("neighbour",), opp_id="opportunity", data={"title": "Uusi otsikko"}, last=1
    ),
    "/api/v1/opportunities/<int:opp_id>/matches": spec("owner", opp_id="opportunity"),
    "/api/v1/opportunities/<int:opp_id>/interest": spec(
        "neighbour", opp_id="opportunity", data={"message": "Kiinnostaa"}
    ),
    "/api/v1/fairs/<int:fair_id>/assignments": spec(
        "coord_a", fair_id="fair", data={"cluster": "@cluster_a_slug", "assignments": []}
    ),
}


# --- the objects ---------------------------------------------------------------------------


class World:
    """Two clusters and everything a route can name, made with the test factories.

    Cluster A: the owner's organisation (an admin ``owner`` and a ``colleague``), the
    ``neighbour``'s organisation, the organisations of three more event participants (``third``,
    ``fourth``, ``fifth``), an application waiting for a decision, and its coordinator
    ``coord_a``. Cluster B: one member and its coordinator ``coord_b``. The ``outsider``'s
    organisation belongs to no cluster.
    """

    EVENT_PARTS = {"event", "draft_event", "event_session", "meeting", "meeting_request"}
    EVENT_PARTS |= {"event_starts_iso", "event_ends_iso"}
    EVENT_PARTS |= {"owner_reg", "third_reg", "fourth_reg", "waitlisted_reg"}
    EVENT_PARTS |= {"free_slot", "free_table"}

    def __init__(self, make_cluster, make_org, make_user, new_event, needs: set[str]):
        self.clients: dict = {}
        self.tokens: dict[str, str] = {}
        self.cluster_a = make_cluster(slug="klusteri-a")
        self.cluster_a_slug = self.cluster_a.slug
        self.cluster_b = make_cluster(slug="klusteri-b")
        self.coord_a = make_user()
        self.coord_b = make_user()
        cluster_service.add_coordinator(self.cluster_a, self.coord_a)
        cluster_service.add_coordinator(self.cluster_b, self.coord_b)
        make_org(self.cluster_b)
        self.site_admin = make_user(is_site_admin=True)

        self.own_org = make_org(self.cluster_a)
        self.owner = make_user(self.own_org, org_role="admin")
        self.colleague = make_user(self.own_org)
        self.own_contact = organisations.save_contact(
            self.owner, self.own_org, {"name": "Oma Olli", "visibility": "private"}
        )
        self.neighbour_org = make_org(self.cluster_a)
        self.neighbour = make_user(self.neighbour_org, org_role="admin")
        self.outsider_org = make_org()
        self.outsider = make_user(self.outsider_org, org_role="admin")
        for name in ("third", "fourth", "fifth"):
            org = make_org(self.cluster_a)
            setattr(self, f"{name}_org", org)
            setattr(self, name, make_user(org, org_role="admin"))
        self.applicant_org = make_org()
        applicant = make_user(self.applicant_org, org_role="admin")
        self.application = cluster_service.apply(applicant, self.cluster_a, self.applicant_org)
        self.contact_request = contacts.request_contact(self.third, self.own_org, "Hei")
        accounts.create_api_token(self.owner, "matrix")
        db.session.commit()
        self.owner_token = db.session.scalar(
            sa.select(ApiToken).where(ApiToken.user_id == self.owner.id)
        )
        # The contact request above told the owner.
        self.owner_notification = db.session.scalar(
            sa.select(Notification).where(Notification.user_id == self.owner.id)
        )

        # The event, the fair and the lead only for the routes that name them: faster.
        if needs & self.EVENT_PARTS:
            self._event(new_event)
        if needs & {"fair", "stand"}:
            self._fair()
        if "lead" in needs:
            self.lead = leads.save(self.coord_a, self.cluster_a, {"name": "Liidi Oy"})
        if needs & {"opportunity", "opportunity_interest"}:
            self._opportunity()
        if "synonym" in needs:
            self.synonym = synonyms.add(self.coord_a, self.cluster_a, "ruoppaus = dredging")
        if needs & {"ecosystem_slug", "draft_ecosystem_slug", "milestone", "ecosystem_member"}:
            self._ecosystems()
        self.outbox_message = db.session.scalars(sa.select(OutboxMessage)).first()
        if "import_run" in needs:  # a large import of cluster A that failed
            self.import_run = ImportRun(
                cluster=self.cluster_a,
                actor=self.coord_a,
                filename="members.csv",
                content=b"name;business_id\n",
                mapping={},
                rows=3000,
                status="failed",
                error="OperationalError",
            )
            db.session.add(self.import_run)
        self.job_id = 1
        db.session.commit()

    def _event(self, new_event):
        starts = (utcnow() + timedelta(days=14)).replace(hour=7, minute=0, second=0, microsecond=0)
        self.event = new_event(
            self.cluster_a,
            capacity=4,
            starts_at=starts,
            sessions=[{"title": "Ruotsi"}],
        )
        self.event_session = self.event.sessions[0]
        self.event_starts_iso = self.event.starts_at.isoformat() + "Z"
        self.event_ends_iso = self.event.ends_at.isoformat() + "Z"
        self.draft_event = new_event(self.cluster_a, status="draft")
        window = (starts + timedelta(hours=1), starts + timedelta(hours=3))
        meeting_service.save_setup(
            self.coord_a, self.event, meeting_service.SetupData(windows=[window], tables=3)
        )
        for name in ("owner", "third", "fourth", "fifth"):
            user = getattr(self, name)
            person = event_service.Person(name=user.name, email=user.email)
            reg = event_service.signup(user, self.event, person, [])
            user.reg = reg
            setattr(self, f"{name}_reg", reg)
        waiting = event_service.Person(name="Jonottaja", email="jonottaja@example.fi")
        self.waitlisted_reg = event_service.signup(self.colleague, self.event, waiting, [])
        assert self.waitlisted_reg.status == "waitlisted"
        db.session.commit()
        self.meeting_request = meeting_service.request_meeting(
            self.third, self.event, self.owner_reg.id, "Tavataanko?"
        )
        agreed = meeting_service.request_meeting(self.owner, self.event, self.fifth_reg.id)
        db.session.commit()
        self.meeting = meeting_service.accept(self.fifth, agreed)
        db.session.commit()
        self.free_slot = db.session.scalar(
            sa.select(MeetingSlot).where(
                MeetingSlot.id != self.meeting.slot_id, MeetingSlot.event_id == self.event.id
            )
        )
        self.free_table = db.session.scalar(
            sa.select(MeetingTable).where(
                MeetingTable.id != self.meeting.table_id, MeetingTable.event_id == self.event.id
            )
        )

    def _ecosystems(self):
        texts = {"name_fi": "Kierrätyspuisto", "summary_fi": "Tontit", "description_fi": "Tontit"}
        eco = ecosystems.save(
            self.coord_a, self.cluster_a, {"slug": "puisto", "published": True, **texts}
        )
        self.ecosystem_slug = eco.slug
        draft = ecosystems.save(self.coord_a, self.cluster_a, {"slug": "luonnos", **texts})
        self.draft_ecosystem_slug = draft.slug
        self.milestone = ecosystems.save_milestone(
            self.coord_a, eco, {"title_fi": "Kaava", "due_on": utcnow().date()}
        )
        self.ecosystem_member = ecosystems.add_member(
            self.coord_a, eco, self.third_org.id, "supplier"
        )

    def _opportunity(self):
        data = {
            "kind": "subcontracting",
            "title": "Potkuriakselit",
            "offered_sought": "Potkuriakselien koneistus",
            "deadline": utcnow().date() + timedelta(days=30),
        }
        with current_app.test_request_context():
            self.opportunity = opportunity_service.create(
                self.owner, self.cluster_a, data, publish=True
            )
            self.opportunity_interest = opportunity_service.express_interest(
                self.third, self.opportunity, "Hei"
            )
        db.session.commit()

    def _fair(self):
        today = utcnow().date()
        self.fair = Fair(
            name="Navigate",
            city="Turku",
            country="FI",
            starts_on=today + timedelta(days=90),
            ends_on=today + timedelta(days=91),
        )
        db.session.add(self.fair)
        db.session.flush()
        self.stand = JointStand(
            fair=self.fair,
            cluster_id=self.cluster_a.id,
            name="Propulsion",
            area_m2=Decimal("30"),
            places=2,
            pricing="per_m2",
            price_per_m2=Decimal("300"),
            interest_deadline=today + timedelta(days=30),
        )
        db.session.add(self.stand)
        db.session.flush()
        fair_service.register_interest(self.owner, self.fair, self.cluster_a, {})
        db.session.commit()

    def value(self, name: str):
        """A URL or body value: "=text" is literal, else the named object's id (or the text)."""
        if isinstance(name, str) and name.startswith("="):
            return name[1:]
        item = getattr(self, name)
        return getattr(item, "id", item)


def names_used(rules) -> set[str]:
    """The World attributes that these routes' URLs and bodies name."""
    names = set()
    for rule in rules:
        item = SPECS[rule]
        names |= {v for v in item.args.values() if not v.startswith("=")}
        names |= {v[1:] for v in item.data.values() if isinstance(v, str) and v.startswith("@")}
    return names


# --- the checks ----------------------------------------------------------------------------

_ARG = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")


def object_rules(app) -> dict[str, object]:
    """Every rule with a path argument, by its rule text."""
    return {r.rule: r for r in app.url_map.iter_rules() if r.arguments}


def uncovered_routes(app) -> list[str]:
    return sorted(set(object_rules(app)) - set(SPECS) - set(NOT_OBJECT_ROUTES))


def _client(app, world: World, actor: str):
    """One browser per actor, logged in once (the session holds Flask-Login's user id)."""
    if actor not in world.clients:
        client = app.test_client()
        client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
        if actor != "anonymous":
            with client.session_transaction() as session:
                session["_user_id"] = getattr(world, actor).get_id()
                session["_fresh"] = True
        world.clients[actor] = client
    return world.clients[actor]


def _bearer(world: World, actor: str) -> dict:
    if actor == "anonymous":
        return {}
    if actor not in world.tokens:
        world.tokens[actor] = accounts.create_api_token(getattr(world, actor), "matrix")
        db.session.commit()
    return {"Authorization": f"Bearer {world.tokens[actor]}"}


def _request(app, world: World, actor: str, method: str, rule: str, item: Spec):
    url = _ARG.sub(lambda m: str(world.value(item.args[m.group(1)])), rule)
    data = {
        k: world.value(v[1:]) if isinstance(v, str) and v.startswith("@") else v
        for k, v in item.data.items()
    }
    # Requests share the test's app context, so forget the user the last request loaded.
    g.pop("_login_user", None)
    client = _client(app, world, actor)
    if rule.startswith("/api/"):
        headers = _bearer(world, actor)
        if method == "GET":
            return client.get(url, headers=headers, query_string=data)
        if "file" in data:  # a multipart upload: (content, filename)
            content, filename = data.pop("file")
            data["file"] = (io.BytesIO(content), filename)
            return client.open(url, method=method, headers=headers, data=data)
        return client.open(url, method=method, headers=headers, json=data)
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data=data)


def _refused(response, actor: str, api: bool) -> bool:
    if response.status_code in DENIED:
        return True
    location = response.headers.get("Location", "")
    return (
        actor == "anonymous"
        and not api
        and response.status_code in (302, 303)
        and "/auth/login" in location
    )


def group_of(rule: str) -> str:
    """Routes are checked in a few groups, one World each (a World takes a second or two)."""
    head = rule.split("/")[1]
    return head if head in ("events", "meetings", "fairs", "coordinator", "api") else "directory"


GROUPS = sorted({group_of(rule) for rule in SPECS})


def _methods(rule) -> list[str]:
    return sorted(rule.methods - {"HEAD", "OPTIONS"}, key=lambda m: (m != "GET", m))


@pytest.mark.parametrize("group", GROUPS)
def test_routes_refuse_intruders_and_let_the_owner_in(
    app,
    make_cluster,
    make_org,
    make_user,
    make_event,  # noqa: F811
    group,
):
    """All intruders first (they must change nothing), then the allowed person: reads, then
    writes, those that end an object (cancel, delete) last, in the order of `Spec.last`."""
    rules = object_rules(app)
    mine = sorted(r for r in SPECS if group_of(r) == group)
    world = World(make_cluster, make_org, make_user, make_event, names_used(mine))
    problems = []
    for rule in mine:
        item = SPECS[rule]
        assert rule in rules, f"SPECS names {rule}, which is not a route any more"
        assert set(item.args) == set(rules[rule].arguments), f"URL arguments of {rule}"
        api = rule.startswith("/api/")
        for method in _methods(rules[rule]):
            for actor in INTRUDERS:
                if actor in item.open_to or actor == item.allowed:
                    continue
                response = _request(app, world, actor, method, rule, item)
                if not _refused(response, actor, api):
                    problems.append(f"{method} {rule} by {actor}: {response.status_code}")
    allowed = [
        (rule, method)
        for rule in mine
        for method in _methods(rules[rule])
        if method not in SPECS[rule].skip_allowed
    ]
    allowed.sort(key=lambda rm: (rm[1] != "GET", SPECS[rm[0]].last))
    for rule, method in allowed:
        item = SPECS[rule]
        for actor in sorted(item.open_to - {item.allowed}):
            response = _request(app, world, actor, method, rule, item)
            if response.status_code >= 500:
                problems.append(f"{method} {rule} by {actor}: {response.status_code}")
        response = _request(app, world, item.allowed, method, rule, item)
        if response.status_code >= 500 or _refused(
            response, item.allowed, rule.startswith("/api/")
        ):
            problems.append(
                f"{method} {rule} by {item.allowed} (allowed): {response.status_code} "
                f"{response.headers.get('Location', '')}"
            )
    assert problems == [], "\n".join(["", *problems])


def test_every_route_is_in_the_matrix(app):
    """A new route with an id or a slug needs a SPECS entry (or a reason to be left out)."""
    assert uncovered_routes(app) == []


def test_a_new_route_without_a_spec_fails_the_matrix(app_factory):
    other = app_factory()
    other.add_url_rule("/secret/<int:thing_id>", "secret", lambda thing_id: "everyone sees it")
    assert uncovered_routes(other) == ["/secret/<int:thing_id>"]
