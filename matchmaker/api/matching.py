"""API: partner and side-stream suggestions, ecosystem fit."""

from typing import Literal

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from pydantic import Field

from matchmaker.api import bp
from matchmaker.api.schemas import FitList, FitQuery, SuggestionList, SuggestionsQuery, endpoint
from matchmaker.extensions import db
from matchmaker.models import Organisation
from matchmaker.presenters.reasons import reason_dicts
from matchmaker.services import matching, organisations
from matchmaker.services.errors import NotFound, PermissionDenied

# Seconds a client waits before asking again while the first index is being built.
RETRY_AFTER_SECONDS = 30


class SuggestionStatusList(SuggestionList):
    status: Literal["ready", "preparing"] = Field(
        description="preparing: the first matching index is still being built, items are "
        "empty and the response carries Retry-After; ask again later"
    )


@bp.get("/organisations/<int:org_id>/suggestions")
@endpoint(
    SuggestionStatusList,
    login=True,
    errors=(403, 404),
    query=SuggestionsQuery,
    tags=("matching",),
)
def suggestions(org_id: int, query: SuggestionsQuery):
    """Partner or side-stream suggestions with reasons (own organisation)

    Only the organisation's own people, coordinators and admins see them.
    """
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("No organisation with this id."))
    if not organisations.can_edit(current_user, org):
        raise PermissionDenied(_("Suggestions are shown to the organisation itself."))
    if query.kind == "partners":
        same = query.scope == "clusters"
        items = matching.partner_suggestions(org, k=query.k, same_cluster_only=same)
    else:
        items = matching.side_stream_suggestions(org, k=query.k)
    status = matching.index_state()
    response = jsonify(
        {
            "status": status,
            "items": [
                {
                    "organisation": {"id": m.organisation.id, "name": m.organisation.name},
                    "score": round(m.score, 4),
                    "cross_cluster": m.cross_cluster,
                    "reasons": reason_dicts(m.reasons, m.organisation, org),
                }
                for m in items
            ],
        }
    )
    if status == matching.PREPARING:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@bp.get("/clusters/fit")
@endpoint(FitList, query=FitQuery, tags=("matching",))
def cluster_fit(query: FitQuery):
    """Clusters that fit a newcomer described by text, and whom to meet first"""
    return jsonify(
        {
            "items": [
                {
                    "cluster": {"id": f.cluster.id, "slug": f.cluster.slug, "name": f.cluster.name},
                    "score": round(f.score, 4),
                    "members": [
                        {"id": o.id, "name": o.name, "score": round(s, 4)} for o, s in f.members
                    ],
                }
                for f in matching.cluster_fit_for_text(query.text)
            ]
        }
    )
