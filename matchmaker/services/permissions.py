"""Who coordinates a cluster: the one check every service makes before a coordinator's action."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from matchmaker.services.errors import PermissionDenied


def is_coordinator(user, cluster_id: int) -> bool:
    """A logged-in coordinator of the cluster, or a site admin; False for anyone anonymous."""
    return (
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.coordinates(cluster_id)
    )


def require_coordinator(user, cluster_id: int) -> None:
    if not is_coordinator(user, cluster_id):
        raise PermissionDenied(_l("Only the cluster's coordinators can do this."))
