"""API: partner and side-stream suggestions, ecosystem fit."""

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.errors import error_response
from matchmaker.extensions import db
from matchmaker.models import Organisation
from matchmaker.presenters.reasons import reason_dicts
from matchmaker.services import matching, organisations
from matchmaker.services.errors import NotFound

KINDS = ("partners", "side-streams")


@bp.get("/organisations/<int:org_id>/suggestions")
def suggestions(org_id: int):
    """Suggestions for an organisation; only its own people, coordinators and admins see them."""
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized", _("Log in or send a bearer token."))
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("No organisation with this id."))
    if not organisations.can_edit(current_user, org):
        return error_response(
            403, "forbidden", _("Suggestions are shown to the organisation itself.")
        )
    kind = request.args.get("kind", "partners")
    try:
        k = int(request.args.get("k", "10"))
        if not 1 <= k <= 100:
            raise ValueError
    except ValueError:
        return error_response(
            422,
            "invalid",
            _("k must be from 1 to 100."),
            {"k": [_("Expected a whole number from 1 to 100.")]},
        )
    if kind not in KINDS:
        return error_response(
            422, "invalid", _("Unknown kind."), {"kind": [_("Use partners or side-streams.")]}
        )
    if kind == "partners":
        same = request.args.get("scope", "all") == "clusters"
        items = matching.partner_suggestions(org, k=k, same_cluster_only=same)
    else:
        items = matching.side_stream_suggestions(org, k=k)
    return jsonify(
        {
            "items": [
                {
                    "organisation": {"id": m.organisation.id, "name": m.organisation.name},
                    "score": round(m.score, 4),
                    "cross_cluster": m.cross_cluster,
                    "reasons": reason_dicts(m.reasons, m.organisation, org),
                }
                for m in items
            ]
        }
    )


@bp.get("/clusters/fit")
def cluster_fit():
    """Which clusters fit a newcomer described by `text`, with the members to meet first."""
    text = (request.args.get("text") or "").strip()
    if not text:
        return error_response(
            422,
            "invalid",
            _("Describe the organisation in text."),
            {"text": [_("This field is required.")]},
        )
    if len(text) > 5000:
        return error_response(
            422,
            "invalid",
            _("At most %(n)d characters.", n=5000),
            {"text": [_("At most %(n)d characters.", n=5000)]},
        )
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
                for f in matching.cluster_fit_for_text(text)
            ]
        }
    )
