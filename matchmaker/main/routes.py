from flask import (
    Blueprint,
    Flask,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from matchmaker import formatting, labels
from matchmaker.api.errors import http_error_response
from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service
from matchmaker.services.reference import country_name, industry_label
from matchmaker.web import safe_next

bp = Blueprint("main", __name__)


@bp.route("/")
def index():
    items = [(c, cluster_service.member_count(c)) for c in cluster_service.all_clusters()]
    return render_template("main/index.html", clusters=items)


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the UI language; remembered on the account when logged in."""
    form = FlaskForm()
    code = request.form.get("locale", "")
    if form.validate_on_submit() and code in current_app.config["LANGUAGES"]:
        session["locale"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(url_for("main.index")))


@bp.route("/privacy")
def privacy():
    return render_template("main/privacy.html")


def register_template_helpers(app: Flask) -> None:
    formatting.register(app)

    @app.context_processor
    def inject():
        return {
            "labels": labels,
            "current_locale": str(get_locale()),
            "languages": app.config["LANGUAGES"],
            "empty_form": FlaskForm(),
        }

    @app.template_filter("country")
    def country_filter(code: str) -> str:
        return country_name(code, str(get_locale()))

    @app.template_filter("industry")
    def industry_filter(code: str) -> str:
        return industry_label(code, str(get_locale()))

    @app.template_filter("lines")
    def lines_filter(text: str) -> list[str]:
        return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]

    @app.template_filter("commalist")
    def commalist_filter(text: str) -> list[str]:
        return [p.strip() for p in (text or "").split(",") if p.strip()]

    @app.errorhandler(403)
    def forbidden(error):
        if request.path.startswith("/api/"):
            return http_error_response(error)
        return render_template(
            "errors/error.html", code=403, message=_("You do not have access to this page.")
        ), 403

    @app.errorhandler(404)
    def not_found(error):
        if request.path.startswith("/api/"):
            return http_error_response(error)
        return render_template(
            "errors/error.html", code=404, message=_("This page does not exist.")
        ), 404

    @app.errorhandler(405)
    def method_not_allowed(error):
        if request.path.startswith("/api/"):
            return http_error_response(error)
        return render_template(
            "errors/error.html", code=405, message=_("This action is not allowed here.")
        ), 405

    @app.errorhandler(400)
    def bad_request(error):
        if request.path.startswith("/api/"):
            return http_error_response(error)
        description = getattr(error, "description", "")
        if "CSRF" in str(description):
            message = _(
                "The form had expired or was sent from elsewhere. Reload the page and try again."
            )
        else:
            message = _("The request could not be understood.")
        return render_template("errors/error.html", code=400, message=message), 400
