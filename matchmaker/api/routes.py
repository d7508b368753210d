"""API: clusters, the member directory and organisation profiles."""

import sqlalchemy as sa
from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import selectinload

from matchmaker.api import bp
from matchmaker.api.schemas import (
    ClusterList,
    DirectoryQuery,
    OrganisationDetail,
    OrganisationPage,
    ProfilePatch,
    endpoint,
)
from matchmaker.extensions import db
from matchmaker.models import Cluster, Membership, Organisation
from matchmaker.services import clusters as cluster_service
from matchmaker.services import directory, organisations
from matchmaker.services.errors import NotFound
from matchmaker.web import user_or_none


def cluster_json(cluster: Cluster) -> dict:
    return {
        "id": cluster.id,
        "slug": cluster.slug,
        "name": cluster.name,
        "region": cluster.region,
        "description": cluster.description,
        "timezone": cluster.timezone,
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
@endpoint(ClusterList, tags=("clusters",))
def list_clusters():
    """Clusters with member counts"""
    return jsonify({"items": [cluster_json(c) for c in cluster_service.all_clusters()]})


@bp.get("/organisations")
@endpoint(OrganisationPage, errors=(404,), query=DirectoryQuery, tags=("organisations",))
def list_organisations(query: DirectoryQuery):
    """Member directory search"""
    if query.cluster:
        cluster = cluster_service.by_slug(query.cluster)
        if cluster is None:
            raise NotFound(_("No cluster with this short name."), field="cluster")
        cluster_ids = [cluster.id]
    else:
        cluster_ids = list(db.session.scalars(sa.select(Cluster.id)))
    search = directory.DirectoryQuery(
        q=query.q,
        org_type=query.type,
        industry=query.industry,
        municipality=query.municipality,
        size_class=query.size_class,
        export_market=query.export_market,
        sort=query.sort,
        cluster_ids=cluster_ids or [-1],
    )
    # Each item names its clusters: load memberships and clusters with the page, not per item.
    page = directory.paginate(
        search,
        query.page,
        query.per_page,
        options=[selectinload(Organisation.memberships).selectinload(Membership.cluster)],
        exact=True,  # the API's total is a number to compute with, never "more than"
    )
    return jsonify(
        {
            "items": [organisation_json(o) for o in page.items],
            "total": page.total,
            "page": query.page,
            "per_page": query.per_page,
        }
    )


def _organisation_or_404(org_id: int) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("No organisation with this id."))
    return org


@bp.get("/organisations/<int:org_id>")
@endpoint(OrganisationDetail, errors=(404,), tags=("organisations",))
def get_organisation(org_id: int):
    """One organisation's profile (contacts as the caller may see them)"""
    return jsonify(organisation_json(_organisation_or_404(org_id), detail=True))


@bp.patch("/organisations/<int:org_id>")
@endpoint(
    OrganisationDetail, login=True, errors=(403, 404), json=ProfilePatch, tags=("organisations",)
)
def patch_organisation(org_id: int, json: ProfilePatch):
    """Change profile fields

    Any subset of the profile; the profile rule checks every value and answers 422 with
    each field's problems at once.
    """
    org = _organisation_or_404(org_id)
    try:
        organisations.update_profile(current_user, org, json.model_dump(exclude_unset=True))
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify(organisation_json(org, detail=True))
