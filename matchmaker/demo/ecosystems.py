"""Demo ecosystems of the Lahti region (``content/ecosystems.toml``): texts in fi/en/sv,
roadmaps dated relative to today, members drawn from the demo clusters by name, the
coordinators' targets and leads at every stage of the pipeline."""

from __future__ import annotations

from datetime import date, timedelta

from matchmaker.demo.loader import load
from matchmaker.extensions import db
from matchmaker.models import (
    Cluster,
    Ecosystem,
    EcosystemMember,
    EcosystemMilestone,
    Lead,
    LeadTarget,
    Organisation,
    utcnow,
)

_TEXT_FIELDS = ("name", "summary", "description", "value_factors")
_PLAIN_FIELDS = ("slug", "source_locale", "published", "location", "website", "contact_email")


def _months_from(today: date, months: int) -> date:
    """The first day of the month `months` away from `today`'s month."""
    index = today.year * 12 + today.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def seed_ecosystems(clusters: dict[str, Cluster], orgs: dict[str, Organisation]) -> int:
    """Add the demo ecosystems, targets and leads; returns how many ecosystems were made."""
    doc = load("ecosystems")
    today = utcnow().date()
    by_name = {o.name: o for o in orgs.values()}
    made: dict[str, Ecosystem] = {}
    for spec in doc["ecosystem"]:
        eco = Ecosystem(
            cluster_id=clusters[spec["cluster"]].id,
            **{k: spec[k] for k in _PLAIN_FIELDS if k in spec},
            **{k: {c: v for c, v in spec.get(k, {}).items()} for k in _TEXT_FIELDS},
        )
        for m in spec.get("milestone", []):
            eco.milestones.append(
                EcosystemMilestone(
                    title=dict(m["title"]),
                    due_on=_months_from(today, m["months"]),
                    status=m["status"],
                )
            )
        for m in spec.get("member", []):
            if m["org"] not in by_name:
                raise KeyError(f"demo ecosystem {spec['slug']}: no organisation {m['org']!r}")
            eco.members.append(EcosystemMember(organisation=by_name[m["org"]], role=m["role"]))
        db.session.add(eco)
        made[spec["slug"]] = eco
    db.session.flush()
    for t in doc["target"]:
        db.session.add(
            LeadTarget(
                cluster_id=clusters[t["cluster"]].id,
                contacts=t["contacts"],
                locations=t["locations"],
            )
        )
    now = utcnow()
    for spec in doc["lead"]:
        lead = Lead(
            cluster_id=clusters[spec["cluster"]].id,
            ecosystem_id=made[spec["ecosystem"]].id if spec["ecosystem"] else None,
            name=spec["name"],
            municipality=spec.get("municipality", ""),
            description=spec["description"],
            status=spec["stage"],
            next_step=spec.get("next_step", ""),
            next_step_on=(
                today + timedelta(days=spec["next_in_days"]) if "next_in_days" in spec else None
            ),
        )
        if "contacted_days_ago" in spec:
            lead.contacted_at = now - timedelta(days=spec["contacted_days_ago"])
        if "decided_days_ago" in spec:
            lead.decided_at = now - timedelta(days=spec["decided_days_ago"])
        db.session.add(lead)
    db.session.flush()
    return len(made)
