"""Coordinator API: member list import (dry run by default) and the funder report."""

from __future__ import annotations

import json
import re

from flask import jsonify, request
from flask_babel import gettext as _
from flask_login import current_user

from matchmaker.api import bp
from matchmaker.api.errors import error_response
from matchmaker.extensions import db
from matchmaker.models import Cluster
from matchmaker.services import clusters as cluster_service
from matchmaker.services import imports, reports
from matchmaker.services.errors import NotFound

_FALSE = {"0", "false", "no", "off"}


def _coordinated_cluster(slug: str) -> Cluster | tuple:
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        raise NotFound(_("No cluster with this short name."))
    if not current_user.is_authenticated:
        return error_response(401, "unauthorized", _("Log in or send a bearer token."))
    if not current_user.coordinates(cluster.id):
        return error_response(403, "forbidden", _("Only the cluster's coordinators can do this."))
    return cluster


@bp.post("/clusters/<slug>/imports")
def import_members(slug: str):
    """Multipart `file`; `dry_run` (default true); optional `mapping` as a JSON object."""
    cluster = _coordinated_cluster(slug)
    if not isinstance(cluster, Cluster):
        return cluster
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return error_response(
            400,
            "bad_request",
            _("Send the member list as multipart field 'file'."),
            {"file": [_("This field is required.")]},
        )
    dry_run = request.values.get("dry_run", "true").strip().lower() not in _FALSE
    mapping = None
    if request.values.get("mapping"):
        try:
            mapping = json.loads(request.values["mapping"])
            if not isinstance(mapping, dict):
                raise ValueError
        except ValueError:
            return error_response(
                400, "bad_request", _("mapping must be a JSON object: column -> field.")
            )
    # Rows (spreadsheet numbers, comma-separated) whose unverified organisation to merge into.
    raw_rows = request.values.get("merge_rows", "").replace(" ", "")
    if raw_rows and not re.fullmatch(r"\d{1,8}(,\d{1,8})*", raw_rows):
        return error_response(
            400,
            "bad_request",
            _("merge_rows must be row numbers separated by commas."),
            {"merge_rows": [_("Row numbers separated by commas, e.g. 3,7.")]},
        )
    confirmed = {int(n) for n in raw_rows.split(",") if n}
    try:
        result = imports.import_file(
            cluster,
            upload.filename,
            upload.read(),
            actor=current_user,
            dry_run=dry_run,
            mapping=mapping,
            confirmed=confirmed,
        )
    except imports.ImportRejected as exc:
        db.session.rollback()
        body = {"dry_run": dry_run, "imported": False, **exc.preview.summary()}
        if dry_run:
            return jsonify(body)
        body["error"] = {"code": "invalid", "message": str(exc.message), "fields": {}}
        return jsonify(body), 422
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return jsonify({"dry_run": dry_run, "imported": not dry_run, **result.summary()})


@bp.get("/clusters/<slug>/report")
def cluster_report(slug: str):
    cluster = _coordinated_cluster(slug)
    if not isinstance(cluster, Cluster):
        return cluster
    p = reports.period(request.args.get("from"), request.args.get("to"), cluster)
    return jsonify(reports.funder_report(cluster, p))
