import sqlalchemy as sa
from flask import current_app, jsonify, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from matchmaker.api import bp
from matchmaker.api.errors import error_response
from matchmaker.extensions import db
from matchmaker.models import Cluster, Membership, Organisation
from matchmaker.services import clusters as cluster_service
from matchmaker.services import directory, organisations
from matchmaker.services.errors import NotFound
from matchmaker.web import MAX_PAGE, user_or_none


def cluster_json(cluster: Cluster) -> dict:
    return {
        "id": cluster.id,
        "slug": cluster.slug,
        "name": cluster.name,
        "region": cluster.region,
        "description": cluster.description,
        "member_count": cluster_service.member_count(cluster),
    }


def organisation_json(org: Organisation, detail: bool = False) -> dict:
    data = {
        "id": org.id,
        "name": org.name,
        "business_id": org.business_id,
        "org_type": org.org_type,
        "size_class": org.size_class,
        "municipality": org.municipality,
        "website": org.website,
        "clusters": sorted(m.cluster.slug for m in org.memberships if m.status == "approved"),
    }
    if detail:
        data.update(
            {
                "employees": org.employees,
                "founded_year": org.founded_year,
                "description": org.description,
                "capabilities": org.capabilities,
                "needs": org.needs,
                "side_streams_offered": org.side_streams_offered,
                "side_streams_wanted": org.side_streams_wanted,
                "keywords": org.keywords,
                "certifications": org.certifications,
                "industries": org.industry_codes,
                "export_markets": org.export_markets,
                "target_markets": org.target_markets,
                "contacts": [
                    {
                        "name": c.name,
                        "title": c.title,
                        "email": c.email,
                        "phone": c.phone,
                        "visibility": c.visibility,
                    }
                    for c in organisations.visible_contacts(org, user_or_none())
                ],
                "updated_at": org.updated_at.isoformat() + "Z",
            }
        )
    else:
        data["description"] = org.description
    return data


@bp.get("/clusters")
def list_clusters():
    return jsonify({"items": [cluster_json(c) for c in cluster_service.all_clusters()]})


@bp.get("/organisations")
def list_organisations():
    slug = request.args.get("cluster", "").strip()
    if slug:
        cluster = cluster_service.by_slug(slug)
        if cluster is None:
            raise NotFound(_("No cluster with this short name."), field="cluster")
        cluster_ids = [cluster.id]
    else:
        cluster_ids = list(db.session.scalars(sa.select(Cluster.id)))
    try:
        page_number = int(request.args.get("page", "1"))
        per_page = int(request.args.get("per_page", current_app.config["API_PAGE_SIZE"]))
        if not 1 <= page_number <= MAX_PAGE or not 1 <= per_page <= 200:
            raise ValueError
    except ValueError:
        return error_response(
            422,
            "invalid",
            _("page must be 1 or more and per_page from 1 to 200."),
            {"page": [_("Expected a positive whole number.")]},
        )
    query = directory.DirectoryQuery(
        q=request.args.get("q", ""),
        org_type=request.args.get("type", ""),
        industry=request.args.get("industry", ""),
        municipality=request.args.get("municipality", ""),
        size_class=request.args.get("size_class", ""),
        export_market=request.args.get("export_market", ""),
        sort=request.args.get("sort", "name"),
        cluster_ids=cluster_ids or [-1],
    )
    # Each item names its clusters: load memberships and clusters with the page, not per item.
    stmt = directory.build_select(query).options(
        selectinload(Organisation.memberships).selectinload(Membership.cluster)
    )
    page = db.paginate(stmt, page=page_number, per_page=per_page, error_out=False)
    return jsonify(
        {
            "items": [organisation_json(o) for o in page.items],
            "total": page.total,
            "page": page_number,
            "per_page": per_page,
        }
    )


def _organisation_or_404(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("No organisation with this id."))
    return org


@bp.get("/organisations/<int:org_id>")
def get_organisation(org_id: int):
    return jsonify(organisation_json(_organisation_or_404(org_id), detail=True))


@bp.patch("/organisations/<int:org_id>")
def patch_organisation(org_id: int):
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized", _("Log in or send a bearer token."))
    org = _organisation_or_404(org_id)
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "bad_request", _("Send a JSON object."))
    try:
        organisations.update_profile(current_user, org, data)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify(organisation_json(org, detail=True))
