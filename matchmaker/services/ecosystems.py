"""Business ecosystems: the coordinators' editing rules, who sees what, and "which ecosystem
fits this newcomer" (through services.matching's index, with matching.ecosystems).

A coordinator writes an ecosystem in one language (its source language, which must be complete)
and may add the other two field by field; a field left empty in a language shows the source
language's text, marked with its language on the page.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from matchmaker.extensions import db
from matchmaker.matching.ecosystems import EcosystemSpec, ecosystem_fit
from matchmaker.models import (
    Cluster,
    Ecosystem,
    EcosystemMember,
    EcosystemMilestone,
    Lead,
    Membership,
    Organisation,
    User,
)
from matchmaker.models.ecosystems import (
    LOCALES,
    MAX_VALUE_FACTOR,
    MAX_VALUE_FACTORS,
    MEMBER_ROLES,
    MILESTONE_STATUSES,
    SLUG_RE,
    TEXT_LIMITS,
)
from matchmaker.services import audit, matching
from matchmaker.services.email_address import is_valid_email
from matchmaker.services.errors import DomainError, NotFound
from matchmaker.services.permissions import is_coordinator, require_coordinator

log = logging.getLogger(__name__)

TRANSLATED = ("name", "summary", "description")
REQUIRED = ("name", "summary", "description")
# Paths of the app that an ecosystem's slug would shadow under /ecosystems/.
RESERVED_SLUGS = frozenset({"fit", "new", "cluster", "manage"})
MAX_FIT_TEXT = 5000


# --------------------------------------------------------------------- reading
def by_slug(slug: str) -> Ecosystem | None:
    return db.session.scalar(sa.select(Ecosystem).where(Ecosystem.slug == slug))


def published() -> list[Ecosystem]:
    return list(
        db.session.scalars(
            sa.select(Ecosystem).where(Ecosystem.published.is_(True)).order_by(Ecosystem.slug)
        )
    )


def for_cluster(cluster: Cluster) -> list[Ecosystem]:
    return list(
        db.session.scalars(
            sa.select(Ecosystem).where(Ecosystem.cluster_id == cluster.id).order_by(Ecosystem.slug)
        )
    )


def can_edit(user, eco: Ecosystem) -> bool:
    return is_coordinator(user, eco.cluster_id)


def can_view(user, eco: Ecosystem) -> bool:
    """A published ecosystem is public; a draft only for its cluster's coordinators."""
    return eco.published or can_edit(user, eco)


def visible(user, slug: str) -> Ecosystem:
    """The ecosystem by slug if `user` may see it; NotFound otherwise (a draft's existence is
    not told to others)."""
    eco = by_slug(slug)
    if eco is None or not can_view(user, eco):
        raise NotFound(_l("No ecosystem with this short name."))
    return eco


def listed_for(user) -> list[Ecosystem]:
    """Published ecosystems, and the drafts of the clusters `user` coordinates."""
    items = list(db.session.scalars(sa.select(Ecosystem).order_by(Ecosystem.slug)))
    return [e for e in items if can_view(user, e)]


def member_count(eco: Ecosystem) -> int:
    return len(eco.members)


def member_choices() -> list[Organisation]:
    """Organisations that may join an ecosystem: approved members of any cluster."""
    in_a_cluster = sa.select(Membership.organisation_id).where(Membership.status == "approved")
    return list(
        db.session.scalars(
            sa.select(Organisation)
            .where(Organisation.id.in_(in_a_cluster))
            .order_by(Organisation.name, Organisation.id)
        )
    )


# --------------------------------------------------------------------- writing
def parse_factors(text: str) -> list[str]:
    """Value factors from a text area: one per line, list marks and blank lines dropped."""
    out = []
    for line in (text or "").splitlines():
        line = re.sub(r"^\s*(?:[-*•·]|\d+[.)])\s*", "", line).strip()
        if line:
            out.append(line)
    return out


def validate(data: dict, eco: Ecosystem | None = None) -> dict:
    """The ecosystem's fields from form or API data (`name_fi`, `summary_en`, ...,
    `value_factors_sv` as lines or a list), or DomainError naming every wrong field."""
    errors: dict[str, list] = {}
    out: dict = {}
    slug = (data.get("slug") or "").strip().lower()
    if not slug or not SLUG_RE.fullmatch(slug) or len(slug) > 64:
        errors["slug"] = [_l("Use lower-case letters, digits and hyphens (e.g. vt12-logistics).")]
    elif slug in RESERVED_SLUGS:
        errors["slug"] = [_l("This short name is reserved. Choose another.")]
    else:
        other = by_slug(slug)
        if other is not None and (eco is None or other.id != eco.id):
            errors["slug"] = [_l("Another ecosystem has this short name.")]
    out["slug"] = slug
    source = data.get("source_locale") or "fi"
    if source not in LOCALES:
        errors["source_locale"] = [_l("Choose one of the listed options.")]
        source = "fi"
    out["source_locale"] = source
    for name in TRANSLATED:
        texts = {}
        for code in LOCALES:
            key = f"{name}_{code}"
            value = (data.get(key) or "").strip()
            if len(value) > TEXT_LIMITS[name]:
                errors[key] = [_l("At most %(n)d characters.", n=TEXT_LIMITS[name])]
            elif value:
                texts[code] = value
        if name in REQUIRED and source not in texts and f"{name}_{source}" not in errors:
            errors[f"{name}_{source}"] = [_l("Write this in the ecosystem's main language.")]
        out[name] = texts
    factors = {}
    for code in LOCALES:
        key = f"value_factors_{code}"
        raw = data.get(key) or []
        items = parse_factors(raw) if isinstance(raw, str) else [str(i).strip() for i in raw]
        items = [i for i in items if i]
        if len(items) > MAX_VALUE_FACTORS:
            errors[key] = [_l("At most %(n)d value factors.", n=MAX_VALUE_FACTORS)]
        elif any(len(i) > MAX_VALUE_FACTOR for i in items):
            errors[key] = [_l("A value factor has at most %(n)d characters.", n=MAX_VALUE_FACTOR)]
        elif items:
            factors[code] = items
    out["value_factors"] = factors
    for key, limit in (("location", 200), ("website", 300)):
        value = (data.get(key) or "").strip()
        if len(value) > limit:
            errors[key] = [_l("At most %(n)d characters.", n=limit)]
        out[key] = value
    if out["website"] and not re.match(r"^https?://[^\s]+$", out["website"]):
        errors["website"] = [_l("Enter an address that starts with https://.")]
    email = (data.get("contact_email") or "").strip()
    if email and not is_valid_email(email):
        errors["contact_email"] = [_l("Enter a valid e-mail address.")]
    out["contact_email"] = email
    out["published"] = bool(data.get("published"))
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return out


def save(actor: User | None, cluster: Cluster, data: dict, eco: Ecosystem | None = None):
    """Create an ecosystem of `cluster` or change `eco` (its cluster's coordinators only)."""
    require_coordinator(actor, cluster.id)
    if eco is not None and eco.cluster_id != cluster.id:
        raise NotFound(_l("No ecosystem with this short name."))
    values = validate(data, eco)
    if eco is None:
        eco = Ecosystem(cluster_id=cluster.id)
        db.session.add(eco)
    for key, value in values.items():
        setattr(eco, key, value)
    db.session.flush()
    audit.record("ecosystem.saved", actor=actor, cluster=cluster, details={"ecosystem": eco.id})
    return eco


def _milestone_values(data: dict) -> dict:
    errors: dict[str, list] = {}
    titles = {}
    for code in LOCALES:
        value = (data.get(f"title_{code}") or "").strip()
        if len(value) > TEXT_LIMITS["title"]:
            errors[f"title_{code}"] = [_l("At most %(n)d characters.", n=TEXT_LIMITS["title"])]
        elif value:
            titles[code] = value
    if not titles and not errors:
        errors["title_fi"] = [_l("Give the milestone a title in at least one language.")]
    due = data.get("due_on")
    if not isinstance(due, date):
        errors["due_on"] = [_l("Enter a date.")]
    status = data.get("status") or "planned"
    if status not in MILESTONE_STATUSES:
        errors["status"] = [_l("Choose one of the listed options.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    return {"title": titles, "due_on": due, "status": status}


def save_milestone(
    actor: User | None, eco: Ecosystem, data: dict, milestone: EcosystemMilestone | None = None
) -> EcosystemMilestone:
    require_coordinator(actor, eco.cluster_id)
    if milestone is not None and milestone.ecosystem_id != eco.id:
        raise NotFound(_l("No such milestone."))
    values = _milestone_values(data)
    if milestone is None:
        milestone = EcosystemMilestone(ecosystem=eco)
        db.session.add(milestone)
    for key, value in values.items():
        setattr(milestone, key, value)
    db.session.flush()
    audit.record(
        "ecosystem.roadmap", actor=actor, cluster=eco.cluster, details={"ecosystem": eco.id}
    )
    return milestone


def delete_milestone(actor: User | None, eco: Ecosystem, milestone: EcosystemMilestone) -> None:
    require_coordinator(actor, eco.cluster_id)
    if milestone.ecosystem_id != eco.id:
        raise NotFound(_l("No such milestone."))
    eco.milestones.remove(milestone)
    db.session.flush()
    audit.record(
        "ecosystem.roadmap", actor=actor, cluster=eco.cluster, details={"ecosystem": eco.id}
    )


def add_member(actor: User | None, eco: Ecosystem, organisation_id, role: str) -> EcosystemMember:
    """Add an organisation (an approved member of any cluster) in a role, or change its role."""
    require_coordinator(actor, eco.cluster_id)
    errors = {}
    org = None
    try:
        org = db.session.get(Organisation, int(organisation_id))
    except (TypeError, ValueError):
        org = None
    if org is None or not org.approved_cluster_ids():
        errors["organisation_id"] = [_l("Choose an organisation that belongs to a cluster.")]
    if role not in MEMBER_ROLES:
        errors["role"] = [_l("Choose one of the listed options.")]
    if errors:
        raise DomainError(_l("Check the highlighted fields."), fields=errors)
    member = next((m for m in eco.members if m.organisation_id == org.id), None)
    if member is None:
        member = EcosystemMember(organisation=org, role=role)
        eco.members.append(member)
    member.role = role
    db.session.flush()
    audit.record(
        "ecosystem.members",
        actor=actor,
        cluster=eco.cluster,
        organisation=org,
        details={"ecosystem": eco.id, "role": role},
    )
    return member


def remove_member(actor: User | None, eco: Ecosystem, member: EcosystemMember) -> None:
    require_coordinator(actor, eco.cluster_id)
    if member.ecosystem_id != eco.id:
        raise NotFound(_l("No such member."))
    org = member.organisation
    eco.members.remove(member)
    db.session.flush()
    audit.record(
        "ecosystem.members",
        actor=actor,
        cluster=eco.cluster,
        organisation=org,
        details={"ecosystem": eco.id, "removed": True},
    )


# --------------------------------------------------------------------- fit
@dataclass
class MemberToMeet:
    organisation: Organisation
    role: str
    score: float
    words: list[str]


@dataclass
class Fit:
    ecosystem: Ecosystem
    score: float
    reasons: list[dict] = field(default_factory=list)
    members: list[MemberToMeet] = field(default_factory=list)


def _spec(eco: Ecosystem, locale: str) -> EcosystemSpec:
    factors = tuple(f for code in LOCALES for f in (eco.value_factors or {}).get(code, []))
    return EcosystemSpec(
        eco.id,
        tuple(eco.all_texts(first=locale)),
        factors,
        tuple((m.organisation_id, m.role) for m in eco.members),
    )


def _reasons(fit, eco: Ecosystem, members: list[MemberToMeet], locale: str) -> list[dict]:
    """Why an ecosystem fits, in the viewer's language, as {kind, text, words}."""
    out = []
    if fit.words:
        out.append(
            {
                "kind": "offer",
                "text": str(
                    _l("What the ecosystem offers mentions: %(w)s", w=", ".join(fit.words))
                ),
                "words": list(fit.words),
            }
        )
    shown = set(eco.text("value_factors", locale))
    factors = [f for f in fit.value_factors if f in shown] or list(fit.value_factors)[:3]
    for factor in factors[:3]:
        out.append(
            {"kind": "value_factor", "text": str(_l("Value factor: %(f)s", f=factor)), "words": []}
        )
    close = [m for m in members if m.words]
    if close:
        names = ", ".join(m.organisation.name for m in close[:3])
        words = list(dict.fromkeys(w for m in close for w in m.words))[:8]
        out.append(
            {
                "kind": "members",
                "text": str(
                    _l(
                        "Members that do related work: %(names)s (%(words)s)",
                        names=names,
                        words=", ".join(words),
                    )
                ),
                "words": words,
            }
        )
    return out


def fit(
    newcomer: str | Organisation,
    locale: str = "fi",
    ecosystems: list[Ecosystem] | None = None,
    meet: int = 5,
) -> list[Fit]:
    """Ecosystems (published ones by default) ranked for a newcomer described by a text or an
    organisation's profile, with reasons and the members to meet first. Only ecosystems the
    newcomer fits at all (a positive score) are listed."""
    items = published() if ecosystems is None else ecosystems
    if not items:
        return []
    index = matching.current_index()
    if isinstance(newcomer, Organisation):
        subject = index.profiles[index.pos(newcomer.id)] if newcomer.id in index else newcomer.name
    else:
        subject = newcomer
    fits = ecosystem_fit(index, subject, [_spec(e, locale) for e in items], meet=meet)
    by_id = {e.id: e for e in items}
    orgs = {
        o.id: o
        for o in db.session.scalars(
            sa.select(Organisation).where(
                Organisation.id.in_({m.id for f in fits for m in f.members})
            )
        )
    }
    out = []
    for f in fits:
        if f.score <= 0:
            continue
        eco = by_id[f.ecosystem_id]
        members = [
            MemberToMeet(orgs[m.id], m.role, m.score, list(m.words))
            for m in f.members
            if m.id in orgs
        ]
        out.append(Fit(eco, f.score, _reasons(f, eco, members, locale), members))
    return out


def check_fit_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise DomainError(_l("Describe the company."), field="text")
    if len(text) > MAX_FIT_TEXT:
        raise DomainError(_l("At most %(n)d characters.", n=MAX_FIT_TEXT), field="text")
    return text


def lead_text(lead: Lead) -> str:
    return f"{lead.name}\n{lead.description}".strip()


def fit_for_lead(lead: Lead, locale: str = "fi") -> list[Fit]:
    """Ecosystems for a lead: its cluster's (drafts too: the coordinator is looking) first
    considered with the published ones of every cluster."""
    if not lead.description.strip():
        return []
    items = {e.id: e for e in published()}
    items.update({e.id: e for e in for_cluster(lead_cluster(lead))})
    return fit(lead_text(lead), locale, sorted(items.values(), key=lambda e: e.slug))


def lead_cluster(lead: Lead) -> Cluster:
    return db.session.get(Cluster, lead.cluster_id)
