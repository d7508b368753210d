"""Cooperation opportunities: who may see, post, edit and moderate them; search sorted for the
viewer; the organisations each fits (and the notices the owner sends them, a limited number a
day); expressions of interest; the deadline reminder and expiry job.

The HTML views, the API and the CLI call these functions; visibility is enforced here, in the
queries themselves, so no page can show what its viewer may not see.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.matching import opportunities as opp_matching
from matchmaker.models import (
    Cluster,
    ContactRequest,
    Membership,
    Opportunity,
    OpportunityIndustry,
    OpportunityInterest,
    OpportunityNotice,
    Organisation,
    User,
    utcnow,
)
from matchmaker.models.opportunities import (
    OPPORTUNITY_KINDS,
    VISIBILITIES,
    ExpressionStatus,
    OpportunityStatus,
)
from matchmaker.services import contacts, invitations, mail, matching, reference
from matchmaker.services.errors import Conflict, DomainError, NotFound, PermissionDenied
from matchmaker.services.organisations import MAX_TEXT
from matchmaker.services.permissions import is_coordinator

log = logging.getLogger(__name__)

KIND_LABELS = {
    "business_offer": _l("Business offer"),
    "business_request": _l("Business request"),
    "technology_offer": _l("Technology offer"),
    "technology_request": _l("Technology request"),
    "rd_partner": _l("R&D partner search"),
    "subcontracting": _l("Subcontracting"),
    "joint_bid": _l("Joint bid or joint fair participation"),
}
VISIBILITY_LABELS = {
    "cluster": _l("Members of the cluster"),
    "clusters": _l("Members of all clusters"),
    "public": _l("Public"),
}
STATUS_LABELS = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "closed": _l("Closed"),
    "expired": _l("Expired"),
    "fulfilled": _l("Fulfilled"),
}
EXPRESSION_LABELS = {
    "pending": _l("Waiting for an answer"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
}
NOTIFY_LIMIT = 20  # organisations a day per owner (OPPORTUNITY_NOTIFY_LIMIT overrides)
REMIND_DAYS = 3
MAX_TITLE = 200
MAX_MESSAGE = 2000
MAX_REASON = 1000


# ------------------------------------------------------------------ who may do what
def _org_id(user) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.active_organisation_id


def _approved_cluster_ids(org_id: int | None) -> set[int]:
    if not org_id:
        return set()
    return set(
        db.session.scalars(
            sa.select(Membership.cluster_id).where(
                Membership.organisation_id == org_id, Membership.status == "approved"
            )
        )
    )


def is_owner(user, opp: Opportunity) -> bool:
    """A person acting for the owner organisation, or for a cluster's own post its coordinator
    (site admins count as both)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_site_admin:
        return True
    if opp.owner_org_id is None:
        return is_coordinator(user, opp.cluster_id)
    return user.active_organisation_id == opp.owner_org_id


def can_moderate(user, opp: Opportunity) -> bool:
    return is_coordinator(user, opp.cluster_id)


def visible_clause(viewer):
    """SQL condition: the opportunities the viewer may see. Others see a published (or
    closed, expired, fulfilled) unhidden post only within its visibility; drafts and hidden
    posts only their owners and the cluster's coordinators."""
    authenticated = viewer is not None and getattr(viewer, "is_authenticated", False)
    if authenticated and viewer.is_site_admin:
        return sa.true()
    shown = sa.and_(Opportunity.status != "draft", Opportunity.hidden_at.is_(None))
    reach = [Opportunity.visibility == "public"]
    own: list = []
    if authenticated:
        org_id = viewer.active_organisation_id
        clusters = _approved_cluster_ids(org_id)
        coordinated = set(viewer.coordinated_cluster_ids)
        if clusters or coordinated:
            reach.append(Opportunity.visibility == "clusters")
        if clusters | coordinated:
            reach.append(
                sa.and_(
                    Opportunity.visibility == "cluster",
                    Opportunity.cluster_id.in_(clusters | coordinated),
                )
            )
        if org_id:
            own.append(Opportunity.owner_org_id == org_id)
        if coordinated:
            own.append(Opportunity.cluster_id.in_(coordinated))
    return sa.or_(sa.and_(shown, sa.or_(*reach)), *own)


def can_view(viewer, opp: Opportunity) -> bool:
    return (
        db.session.scalar(
            sa.select(sa.func.count(Opportunity.id)).where(
                Opportunity.id == opp.id, visible_clause(viewer)
            )
        )
        > 0
    )


def get_visible(viewer, opp_id: int) -> Opportunity:
    """The opportunity if the viewer may see it; NotFound otherwise (no hint that it exists)."""
    opp = db.session.get(Opportunity, opp_id)
    if opp is None or not can_view(viewer, opp):
        raise NotFound(_l("No such opportunity."))
    return opp


def require_owner(user, opp: Opportunity) -> None:
    if not is_owner(user, opp):
        raise PermissionDenied(_l("Only the organisation that posted it can do this."))


def local_today(opp_or_cluster) -> date:
    cluster = opp_or_cluster.cluster if isinstance(opp_or_cluster, Opportunity) else opp_or_cluster
    return timeutil.today(cluster)


def is_open(opp: Opportunity, today: date | None = None) -> bool:
    """Published, not hidden, and its deadline (a day in the cluster's zone) not yet past."""
    today = today or local_today(opp)
    return opp.status == "published" and not opp.hidden and opp.deadline >= today


# ------------------------------------------------------------------ validation
def _codes(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = value.replace(";", ",").split(",")
    return [str(v).strip() for v in value if str(v).strip()]


def clean(data: dict, cluster: Cluster | None, partial: Opportunity | None = None) -> dict:
    """Check an opportunity's fields (all of them, or with `partial` only those given)."""
    errors: dict[str, list] = {}
    out: dict = {}

    def given(name: str) -> bool:
        return partial is None or name in data

    if given("kind"):
        kind = (data.get("kind") or "").strip()
        if kind not in OPPORTUNITY_KINDS:
            errors["kind"] = [_l("Choose a kind.")]
        out["kind"] = kind
    if given("title"):
        title = " ".join((data.get("title") or "").split())
        if not title:
            errors["title"] = [_l("Give the opportunity a title.")]
        elif len(title) > MAX_TITLE:
            errors["title"] = [_l("At most %(n)d characters.", n=MAX_TITLE)]
        out["title"] = title
    for name in ("description", "offered_sought", "keywords"):
        if given(name):
            text = (data.get(name) or "").strip()
            if len(text) > MAX_TEXT:
                errors[name] = [_l("At most %(n)d characters.", n=MAX_TEXT)]
            out[name] = text
    if given("industries"):
        codes = sorted(set(_codes(data.get("industries"))))
        bad = [c for c in codes if not reference.is_industry_code(c)]
        if bad:
            errors["industries"] = [_l("Unknown industry code: %(codes)s", codes=", ".join(bad))]
        out["industries"] = codes
    if given("countries"):
        codes = sorted({c.upper() for c in _codes(data.get("countries"))})
        bad = [c for c in codes if c not in reference.country_codes()]
        if bad:
            errors["countries"] = [_l("Unknown country code: %(codes)s", codes=", ".join(bad))]
        out["countries"] = codes
    if given("visibility"):
        visibility = data.get("visibility") or "cluster"
        if visibility not in VISIBILITIES:
            errors["visibility"] = [_l("Choose who may see it.")]
        out["visibility"] = visibility
    if given("deadline"):
        deadline = data.get("deadline")
        if isinstance(deadline, str):
            try:
                deadline = date.fromisoformat(deadline)
            except ValueError:
                deadline = None
                errors["deadline"] = [_l("Enter the deadline as YYYY-MM-DD.")]
        if isinstance(deadline, datetime):
            deadline = deadline.date()
        if deadline is None:
            errors.setdefault("deadline", [_l("Give a deadline.")])
        elif cluster is not None and deadline < timeutil.today(cluster):
            errors["deadline"] = [_l("The deadline is in the past.")]
        out["deadline"] = deadline
    if errors:
        first = next(iter(errors.values()))[0]
        raise DomainError(
            first if len(errors) == 1 else _l("Check the highlighted fields."), fields=errors
        )
    return out


def _apply(opp: Opportunity, values: dict) -> None:
    for name, value in values.items():
        if name == "industries":
            opp.industries = [OpportunityIndustry(code=c) for c in value]
        else:
            setattr(opp, name, value)


# ------------------------------------------------------------------ posting
def postable_clusters(actor: User) -> list[Cluster]:
    """Clusters the actor may post in: their organisation's approved clusters, and the ones
    they coordinate (for the cluster itself)."""
    ids = _approved_cluster_ids(_org_id(actor)) | set(actor.coordinated_cluster_ids)
    if not ids:
        return []
    return list(
        db.session.scalars(sa.select(Cluster).where(Cluster.id.in_(ids)).order_by(Cluster.name))
    )


def create(
    actor: User, cluster: Cluster, data: dict, for_cluster: bool = False, publish: bool = False
) -> Opportunity:
    """A new draft (or published) opportunity of the actor's organisation in a cluster it is a
    member of; with ``for_cluster`` a coordinator posts for the cluster itself."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_l("Log in to post an opportunity."))
    if for_cluster:
        if not is_coordinator(actor, cluster.id):
            raise PermissionDenied(_l("Only the cluster's coordinators can post for it."))
        owner_id = None
    else:
        owner_id = _org_id(actor)
        if not owner_id:
            raise PermissionDenied(_l("Only people acting for an organisation can do this."))
        if cluster.id not in _approved_cluster_ids(owner_id) and not actor.is_site_admin:
            raise PermissionDenied(_l("Your organisation is not a member of this cluster."))
    values = clean(data, cluster)
    opp = Opportunity(cluster=cluster, owner_org_id=owner_id, created_by_id=actor.id)
    opp.status = OpportunityStatus.DRAFT.value
    _apply(opp, values)
    db.session.add(opp)
    if publish:
        opp.publish()
    db.session.flush()
    log.info("Opportunity %s created in cluster %s", opp.id, cluster.id)
    return opp


def update(actor: User, opp: Opportunity, data: dict) -> Opportunity:
    require_owner(actor, opp)
    if opp.status == "fulfilled":
        raise Conflict(_l("A fulfilled opportunity cannot be changed."))
    values = clean(data, opp.cluster, partial=opp)
    if "deadline" in values and values["deadline"] != opp.deadline:
        opp.reminded_at = None  # a new deadline gets its own reminder
    _apply(opp, values)
    db.session.flush()
    return opp


def publish(actor: User, opp: Opportunity) -> Opportunity:
    require_owner(actor, opp)
    if opp.deadline < local_today(opp):
        raise DomainError(_l("The deadline is in the past: move it first."), field="deadline")
    opp.publish()
    return opp


def close(actor: User, opp: Opportunity) -> Opportunity:
    require_owner(actor, opp)
    opp.close()
    return opp


def fulfil(actor: User, opp: Opportunity, partner: Organisation) -> Opportunity:
    """Mark the opportunity fulfilled with the partner chosen: one whose interest was accepted."""
    require_owner(actor, opp)
    accepted = {i.organisation_id for i in opp.interests if i.status == "accepted"}
    if partner.id not in accepted:
        raise DomainError(
            _l("Choose a partner whose expression of interest you accepted."), field="partner"
        )
    opp.fulfil(partner.id)
    return opp


def delete(actor: User, opp: Opportunity) -> None:
    """Delete a post nobody has answered yet; one with expressions of interest is closed
    instead, so that the other side's history (and the funder's figures) stay."""
    require_owner(actor, opp)
    if opp.interests:
        raise Conflict(_l("Others have expressed interest in it: close it instead."))
    db.session.delete(opp)


def hide(actor: User, opp: Opportunity, reason: str) -> Opportunity:
    """A coordinator hides a post from everyone but its owner; the owner is told why."""
    if not can_moderate(actor, opp):
        raise PermissionDenied(_l("Only the cluster's coordinators can do this."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Say why it is hidden: the owner is told."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(_l("At most %(n)d characters.", n=MAX_REASON), field="reason")
    opp.hide(reason, actor.id)
    for person in _owner_recipients(opp):
        mail.send_template(
            person.email,
            "opportunity_hidden",
            person.locale,
            opportunity=opp,
            cluster=opp.cluster,
            reason=reason,
            link=url_for("opportunities.show", opp_id=opp.id, _external=True),
        )
    return opp


def unhide(actor: User, opp: Opportunity) -> Opportunity:
    if not can_moderate(actor, opp):
        raise PermissionDenied(_l("Only the cluster's coordinators can do this."))
    opp.unhide()
    return opp


def _owner_recipients(opp: Opportunity) -> list:
    """Who hears about the owner's post: the owner organisation's users (or its contact
    people), or for a cluster's own post the coordinator who posted it."""
    if opp.owner_org is not None:
        return invitations.recipients(opp.owner_org, cluster=opp.cluster)
    if opp.created_by is not None:
        return [invitations.Recipient(opp.created_by.email, opp.created_by.locale)]
    return []


# ------------------------------------------------------------------ listing and search
@dataclass
class Listed:
    opportunity: Opportunity
    score: float


def search(
    viewer,
    q: str = "",
    kind: str = "",
    industry: str = "",
    cluster: Cluster | None = None,
    open_only: bool = False,
    limit: int | None = None,
) -> list[Listed]:
    """The opportunities the viewer may see, filtered, sorted by relevance for them: to the
    search words when given (the post's text, and its poster's profile, in the matching
    index), else to the viewer's own profile; then by the nearest deadline."""
    stmt = (
        sa.select(Opportunity)
        .where(visible_clause(viewer))
        .options(
            so.selectinload(Opportunity.owner_org),
            so.selectinload(Opportunity.cluster),
            so.selectinload(Opportunity.industries),
            so.selectinload(Opportunity.interests),
        )
    )
    if kind:
        stmt = stmt.where(Opportunity.kind == kind)
    if industry:
        like = reference.industry_codes_within(industry) or [industry]
        stmt = stmt.where(
            Opportunity.id.in_(
                sa.select(OpportunityIndustry.opportunity_id).where(
                    sa.or_(
                        OpportunityIndustry.code.in_(like),
                        OpportunityIndustry.code.startswith(industry),
                    )
                )
            )
        )
    if cluster is not None:
        stmt = stmt.where(Opportunity.cluster_id == cluster.id)
    if open_only:
        stmt = stmt.where(
            Opportunity.status == "published",
            Opportunity.hidden_at.is_(None),
            Opportunity.deadline >= timeutil.today(cluster) - timedelta(days=1),
        )
    items = list(db.session.scalars(stmt.order_by(Opportunity.deadline, Opportunity.id)))
    if open_only:  # exactly, each in its own cluster's day
        items = [o for o in items if is_open(o)]
    texts = {o.id: text_of(o) for o in items}
    q = (q or "").strip()
    if q:
        text_scores = opp_matching.rank_texts(matching.current_index(), q, texts)
        owner_scores = matching.search_scores(q)
        needle = q.casefold()
        scored = []
        for o in items:
            score = text_scores.get(o.id, 0.0) + 0.25 * owner_scores.get(o.owner_org_id, 0.0)
            if text_scores.get(o.id, 0.0) > 0 or needle in texts[o.id].casefold():
                scored.append(Listed(o, round(score, 6)))
    else:
        org = viewer.organisation if _org_id(viewer) else None
        fits = matching.profile_fit(org, texts) if org is not None else {}
        scored = [Listed(o, fits.get(o.id, (0.0, 1.0))[0]) for o in items]
    # open ones first, then the best fit, then the nearest deadline
    scored.sort(
        key=lambda li: (
            not is_open(li.opportunity),
            -li.score,
            li.opportunity.deadline,
            li.opportunity.id,
        )
    )
    return scored[:limit] if limit else scored


def text_of(opp: Opportunity) -> str:
    """The text matching reads: title, what is offered or sought, description, keywords,
    industries in Finnish and English (as profiles have them)."""
    labels = " ".join(
        f"{reference.industry_label(c, 'fi')} {reference.industry_label(c, 'en')}"
        for c in opp.industry_codes
    )
    return "\n".join(
        filter(None, (opp.title, opp.offered_sought, opp.description, opp.keywords, labels))
    )


def for_organisation(org: Organisation, viewer, k: int = 5) -> list[Listed]:
    """ "Opportunities for you": open posts the viewer may see from others that fit the
    organisation's profile best."""
    if _org_id(viewer) == org.id:  # the search already sorts by this profile's fit
        found = search(viewer, open_only=True)
    else:
        items = [li.opportunity for li in search(viewer, open_only=True)]
        fits = matching.profile_fit(org, {o.id: text_of(o) for o in items})
        found = [Listed(o, fits.get(o.id, (0.0, 1.0))[0]) for o in items]
    ranked = [li for li in found if li.opportunity.owner_org_id != org.id and li.score > 0]
    ranked.sort(key=lambda li: (-li.score, li.opportunity.deadline, li.opportunity.id))
    return ranked[:k]


def mine(viewer) -> list[Opportunity]:
    """Posts of the viewer's organisation and of the clusters they coordinate."""
    conds = []
    if _org_id(viewer):
        conds.append(Opportunity.owner_org_id == viewer.active_organisation_id)
    coordinated = set(viewer.coordinated_cluster_ids) if viewer is not None else set()
    if coordinated:
        conds.append(
            sa.and_(Opportunity.owner_org_id.is_(None), Opportunity.cluster_id.in_(coordinated))
        )
    if not conds:
        return []
    return list(
        db.session.scalars(
            sa.select(Opportunity).where(sa.or_(*conds)).order_by(Opportunity.created_at.desc())
        )
    )


# ------------------------------------------------------------------ matching both ways
def _audience(opp: Opportunity) -> set[int] | None:
    """Organisations allowed to see the post (None: anyone)."""
    if opp.visibility == "public":
        return None
    stmt = sa.select(Membership.organisation_id).where(Membership.status == "approved")
    if opp.visibility == "cluster":
        stmt = stmt.where(Membership.cluster_id == opp.cluster_id)
    return set(db.session.scalars(stmt))


@dataclass
class Fit:
    organisation: Organisation
    score: float
    reasons: list
    notified: bool = False
    interested: bool = False


def matches(opp: Opportunity, k: int = 10) -> list[Fit]:
    """The organisations the opportunity fits best among those allowed to see it, with
    reasons (an offer against their needs, a request against their offers)."""
    found = opp_matching.match(
        matching.current_index(),
        opp_matching.OpportunityText(
            opp.kind, text_of(opp), frozenset(opp.industry_codes), frozenset(opp.countries or ())
        ),
        k=k,
        exclude=[opp.owner_org_id] if opp.owner_org_id else [],
        candidates=_audience(opp),
    )
    ids = [s.id for s in found]
    orgs = {
        o.id: o for o in db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(ids)))
    }
    notified = set(
        db.session.scalars(
            sa.select(OpportunityNotice.organisation_id).where(
                OpportunityNotice.opportunity_id == opp.id
            )
        )
    )
    interested = {i.organisation_id for i in opp.interests}
    return [
        Fit(orgs[s.id], s.score, list(s.reasons), s.id in notified, s.id in interested)
        for s in found
        if s.id in orgs
    ]


def notify_limit() -> int:
    return int(current_app.config.get("OPPORTUNITY_NOTIFY_LIMIT", NOTIFY_LIMIT))


def _owner_notices(opp: Opportunity):
    """Notices sent about any post of the same owner (the organisation, or the cluster)."""
    same_owner = (
        Opportunity.owner_org_id == opp.owner_org_id
        if opp.owner_org_id is not None
        else sa.and_(Opportunity.owner_org_id.is_(None), Opportunity.cluster_id == opp.cluster_id)
    )
    return (
        sa.select(sa.func.count(OpportunityNotice.id))
        .join(Opportunity, Opportunity.id == OpportunityNotice.opportunity_id)
        .where(same_owner)
    )


def notices_left(opp: Opportunity, now: datetime | None = None) -> int:
    """How many organisations the owner may still notify today (the cluster's day)."""
    start = timeutil.day_start(timeutil.today(opp.cluster, now), opp.cluster)
    used = db.session.scalar(_owner_notices(opp).where(OpportunityNotice.sent_at >= start))
    return max(notify_limit() - (used or 0), 0)


def notify(actor: User, opp: Opportunity, org_ids: list[int]) -> list[Organisation]:
    """Invite organisations that fit to look at the post: each once, within the owner's daily
    limit, only those allowed to see it; members without users reach their contact people."""
    require_owner(actor, opp)
    if not is_open(opp):
        raise DomainError(_l("Only an open opportunity can be sent to others."))
    wanted = sorted({int(i) for i in org_ids})
    if not wanted:
        raise DomainError(_l("Choose the organisations to notify."), field="organisations")
    audience = _audience(opp)
    already = set(
        db.session.scalars(
            sa.select(OpportunityNotice.organisation_id).where(
                OpportunityNotice.opportunity_id == opp.id
            )
        )
    )
    targets = [
        o
        for o in db.session.scalars(
            sa.select(Organisation).where(Organisation.id.in_(wanted)).order_by(Organisation.id)
        )
        if o.id != opp.owner_org_id
        and (audience is None or o.id in audience)
        and o.id not in already
    ]
    if not targets:
        raise Conflict(_l("These organisations have already been notified or cannot see it."))
    left = notices_left(opp)
    if len(targets) > left:
        raise DomainError(
            _l(
                "You can notify %(left)d more organisations today (at most %(limit)d a day).",
                left=left,
                limit=notify_limit(),
            ),
            field="organisations",
        )
    link = url_for("opportunities.show", opp_id=opp.id, _external=True)
    for org in targets:
        db.session.add(
            OpportunityNotice(opportunity_id=opp.id, organisation=org, sent_by_id=actor.id)
        )
        for person in invitations.recipients(org, cluster=opp.cluster, actor=actor):
            mail.send_template(
                person.email,
                "opportunity_notice",
                person.locale,
                opportunity=opp,
                cluster=opp.cluster,
                org=org,
                kind=KIND_LABELS[opp.kind],
                link=link,
                claim_link=person.claim_link,
            )
    db.session.flush()
    log.info("Opportunity %s: %d organisations notified", opp.id, len(targets))
    return targets


# ------------------------------------------------------------------ expressions of interest
def express_interest(actor: User, opp: Opportunity, message: str = "") -> OpportunityInterest:
    """Another organisation answers the post; its owner gets a mail."""
    org_id = _org_id(actor)
    if not org_id:
        raise PermissionDenied(_l("Only people acting for an organisation can do this."))
    if not can_view(actor, opp):
        raise NotFound(_l("No such opportunity."))
    if opp.owner_org_id == org_id:
        raise PermissionDenied(_l("This is your own organisation's opportunity."))
    if not is_open(opp):
        raise DomainError(_l("This opportunity is no longer open for interest."))
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise DomainError(_l("At most %(n)d characters.", n=MAX_MESSAGE), field="message")
    exists = db.session.scalar(
        sa.select(OpportunityInterest.id).where(
            OpportunityInterest.opportunity_id == opp.id,
            OpportunityInterest.organisation_id == org_id,
        )
    )
    if exists is not None:
        raise Conflict(_l("Your organisation has already expressed interest."))
    item = OpportunityInterest(
        opportunity=opp, organisation_id=org_id, user_id=actor.id, message=message
    )
    item.status = ExpressionStatus.PENDING.value
    db.session.add(item)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except sa.exc.IntegrityError as exc:  # the same organisation, at the same moment
        raise Conflict(_l("Your organisation has already expressed interest.")) from exc
    for person in _owner_recipients(opp):
        mail.send_template(
            person.email,
            "opportunity_interest",
            person.locale,
            opportunity=opp,
            cluster=opp.cluster,
            interest=item,
            from_org=actor.organisation,
            link=url_for("opportunities.show", opp_id=opp.id, _external=True),
            claim_link=getattr(person, "claim_link", None),
        )
    return item


def decide_interest(actor: User, item: OpportunityInterest, accept: bool) -> OpportunityInterest:
    """The owner accepts (both sides then see each other's contact people, as after an
    accepted contact request) or declines; the other side is mailed either way."""
    opp = item.opportunity
    require_owner(actor, opp)
    if item.status != "pending":
        raise Conflict(_l("This expression of interest has already been answered."))
    item.decide(accept, actor.id)
    if accept and opp.owner_org_id is not None:
        _connect(item.organisation_id, opp.owner_org_id, actor)
    for user in invitations.user_recipients(item.organisation):
        mail.send_template(
            user.email,
            "opportunity_interest_accepted" if accept else "opportunity_interest_declined",
            user.locale,
            opportunity=opp,
            cluster=opp.cluster,
            org=item.organisation,
            link=url_for("opportunities.show", opp_id=opp.id, _external=True),
        )
    return item


def _connect(org_a: int, org_b: int, actor: User) -> None:
    """An accepted contact between the two organisations (source "opportunity"), unless they
    already have one: the contact pages and every visibility check then treat them as in
    contact."""
    if contacts.are_connected(org_a, org_b):
        return
    pending = contacts.open_request(org_a, org_b)
    if pending is not None:
        pending.decide(True, actor.id)
        return
    now = utcnow()
    db.session.add(
        ContactRequest(
            from_org_id=org_a,
            to_org_id=org_b,
            from_user_id=None,
            message="",
            status="accepted",
            source="opportunity",
            decided_at=now,
            decided_by_id=actor.id,
        )
    )


def interest_of(viewer, opp: Opportunity) -> OpportunityInterest | None:
    org_id = _org_id(viewer)
    if not org_id:
        return None
    return next((i for i in opp.interests if i.organisation_id == org_id), None)


def poster_contact(opp: Opportunity) -> User | None:
    """For a cluster's own post: the coordinator who posted it, shown to accepted partners."""
    return opp.created_by if opp.owner_org_id is None else None


# ------------------------------------------------------------------ the daily job
def expire_and_remind(now: datetime | None = None) -> tuple[int, int]:
    """Expire published posts whose deadline day has passed in their cluster's zone; remind
    the owner once, three days before. Running it again sends and changes nothing."""
    now = now or utcnow()
    expired = reminded = 0
    rows = db.session.scalars(
        sa.select(Opportunity).where(Opportunity.status == "published").order_by(Opportunity.id)
    )
    for opp in rows:
        today = timeutil.today(opp.cluster, now)
        if opp.deadline < today:
            opp.expire(now)
            expired += 1
        elif opp.reminded_at is None and opp.deadline <= today + timedelta(days=REMIND_DAYS):
            opp.reminded_at = now
            for person in _owner_recipients(opp):
                mail.send_template(
                    person.email,
                    "opportunity_reminder",
                    person.locale,
                    opportunity=opp,
                    cluster=opp.cluster,
                    days=(opp.deadline - today).days,
                    link=url_for("opportunities.show", opp_id=opp.id, _external=True),
                    claim_link=getattr(person, "claim_link", None),
                )
            reminded += 1
    log.info("Opportunities: %d reminded, %d expired", reminded, expired)
    return reminded, expired


# ------------------------------------------------------------------ API shape
def as_json(opp: Opportunity, full: bool = False) -> dict:
    out = {
        "id": opp.id,
        "kind": opp.kind,
        "title": opp.title,
        "organisation": {"id": opp.owner_org.id, "name": opp.owner_org.name}
        if opp.owner_org is not None
        else None,
        "cluster": opp.cluster.slug,
        "deadline": opp.deadline.isoformat(),
        "status": opp.status,
        "visibility": opp.visibility,
    }
    if full:
        out.update(
            description=opp.description,
            offered_sought=opp.offered_sought,
            keywords=opp.keywords,
            industries=opp.industry_codes,
            countries=list(opp.countries or []),
            open=is_open(opp),
            hidden=opp.hidden,
            partner={"id": opp.partner_org.id, "name": opp.partner_org.name}
            if opp.partner_org is not None
            else None,
        )
    return out


def lookup_org(org_id) -> Organisation:
    org = db.session.get(Organisation, org_id) if org_id else None
    if org is None:
        raise NotFound(_l("No organisation with this id."), field="partner")
    return org
