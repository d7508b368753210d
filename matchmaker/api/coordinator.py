"""Coordinator API: member list import (dry run by default) and the funder report."""

from __future__ import annotations

from flask import jsonify
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.schemas import ImportForm, ImportResult, ReportOut, ReportQuery, endpoint
from matchmaker.extensions import db
from matchmaker.models import Cluster
from matchmaker.services import clusters as cluster_service
from matchmaker.services import imports, reports
from matchmaker.services.errors import NotFound, PermissionDenied


def _coordinated_cluster(slug: str) -> Cluster:
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        raise NotFound(_("No cluster with this short name."))
    if not current_user.coordinates(cluster.id):
        raise PermissionDenied(_("Only the cluster's coordinators can do this."))
    return cluster


@bp.post("/clusters/<slug>/imports")
@endpoint(ImportResult, login=True, errors=(403, 404), form=ImportForm, tags=("coordinator",))
def import_members(slug: str, form: ImportForm):
    """Import members from CSV/XLSX (coordinators; dry run unless dry_run=false)

    A dry run answers 200 with the per-row errors; a real import with errors writes nothing
    and answers 422 with the same body and an `error`.
    """
    cluster = _coordinated_cluster(slug)
    upload = form.file
    try:
        result = imports.import_file(
            cluster,
            upload.filename,
            upload.read(),
            actor=current_user,
            dry_run=form.dry_run,
            mapping=form.mapping,
            confirmed=form.confirmed_rows,
        )
    except imports.ImportRejected as exc:
        db.session.rollback()
        body = {"dry_run": form.dry_run, "imported": False, **exc.preview.summary()}
        if form.dry_run:
            return jsonify(body)
        body["error"] = {"code": "invalid", "message": str(exc.message), "fields": {}}
        return jsonify(body), 422
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify({"dry_run": form.dry_run, "imported": not form.dry_run, **result.summary()})


@bp.get("/clusters/<slug>/report")
@endpoint(ReportOut, login=True, errors=(403, 404), query=ReportQuery, tags=("coordinator",))
def cluster_report(slug: str, query: ReportQuery):
    """Funder report for a date range (coordinators)"""
    cluster = _coordinated_cluster(slug)
    p = reports.period(query.from_, query.to, cluster)
    return jsonify(reports.funder_report(cluster, p))
