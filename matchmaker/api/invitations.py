"""Coordinator API: invite the contact people of members without users, list invitations.

The body rules live in services.invitations.validate_request, so a schema layer can wrap
these routes without the rule moving.
"""

from __future__ import annotations

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.errors import error_response
from matchmaker.extensions import db
from matchmaker.models import Cluster
from matchmaker.services import clusters as cluster_service
from matchmaker.services import invitations
from matchmaker.services.errors import NotFound


def _coordinated(slug: str) -> Cluster | tuple:
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        raise NotFound(_("No cluster with this short name."))
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized", _("Log in or send a bearer token."))
    if not current_user.coordinates(cluster.id):
        return error_response(403, "forbidden", _("Only the cluster's coordinators can do this."))
    return cluster


@bp.post("/clusters/<slug>/invitations")
def invite_members(slug: str):
    """`{"organisation_ids": [...]}` or `{"all_unclaimed": true}` → 201 with what was done."""
    cluster = _coordinated(slug)
    if not isinstance(cluster, Cluster):
        return cluster
    ids, everyone = invitations.validate_request(request.get_json(silent=True))
    result = invitations.invite_members(
        current_user, cluster, organisation_ids=ids, all_unclaimed=everyone
    )
    db.session.commit()
    return jsonify({"invited": len(result.invited), "skipped": result.skipped_json()}), 201


@bp.get("/clusters/<slug>/invitations")
def list_invitations(slug: str):
    cluster = _coordinated(slug)
    if not isinstance(cluster, Cluster):
        return cluster
    return jsonify({"items": [invitations.as_json(i) for i in invitations.list_for(cluster)]})
