"""The coordinator blueprint (login required on every page), the account blueprint and the
cluster lookup the coordinator view modules share."""

from __future__ import annotations

from flask import Blueprint, abort
from flask_login import current_user, login_required

from matchmaker import timeutil
from matchmaker.models import Cluster
from matchmaker.services import clusters as cluster_service

bp = Blueprint("coordinator", __name__)
account_bp = Blueprint("account", __name__)


def _cluster(slug: str) -> Cluster:
    """The cluster, if the current user coordinates it (site admins coordinate all)."""
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    if not current_user.coordinates(cluster.id):
        abort(403)
    timeutil.use_cluster(cluster)
    return cluster


@bp.before_request
@login_required
def require_login():
    return None
