"""Coordinator API: invite the contact people of members without users, list invitations.

The body rules live in services.invitations.validate_request; the schema describes them.
"""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.schemas import InvitationList, InvitationsIn, InvitationsOut, endpoint
from matchmaker.extensions import db
from matchmaker.models import Cluster
from matchmaker.services import clusters as cluster_service
from matchmaker.services import invitations
from matchmaker.services.errors import NotFound, PermissionDenied


def _coordinated(slug: str) -> Cluster:
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        raise NotFound(_("No cluster with this short name."))
    if not current_user.coordinates(cluster.id):
        raise PermissionDenied(_("Only the cluster's coordinators can do this."))
    return cluster


@bp.post("/clusters/<slug>/invitations")
@endpoint(
    InvitationsOut,
    status=201,
    login=True,
    errors=(403, 404, 422),
    json=InvitationsIn,
    tags=("coordinator",),
)
def invite_members(slug: str, json: InvitationsIn):
    """Invite members without users to claim their profiles (coordinators)"""
    cluster = _coordinated(slug)
    ids, everyone = invitations.validate_request(json.model_dump(exclude_unset=True))
    result = invitations.invite_members(
        current_user, cluster, organisation_ids=ids, all_unclaimed=everyone
    )
    db.session.commit()
    return jsonify({"invited": len(result.invited), "skipped": result.skipped_json()}), 201


@bp.get("/clusters/<slug>/invitations")
@endpoint(InvitationList, login=True, errors=(403, 404), tags=("coordinator",))
def list_invitations(slug: str):
    """The cluster's invitations, newest first (coordinators)"""
    cluster = _coordinated(slug)
    return jsonify({"items": [invitations.as_json(i) for i in invitations.list_for(cluster)]})
