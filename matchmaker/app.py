"""The application factory: config layers, extensions, blueprints, CLI and hooks."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import sqlalchemy as sa
from flask import (
    Flask,
    current_app,
    g,
    has_request_context,
    render_template,
    request,
    session,
)
from flask_babel import gettext, refresh
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from matchmaker import jobs, operations, web
from matchmaker.config import (
    Defaults,
    database_uri,
    env_overrides,
    instance_secret_key,
)
from matchmaker.extensions import babel, csrf, db, login_manager, migrate
from matchmaker.jobs import schema as job_schema
from matchmaker.services import locking

MIGRATIONS_DIR = str(Path(__file__).resolve().parent.parent / "migrations")

log = logging.getLogger(__name__)

SQLITE_READONLY = 8  # the primary result code; extended codes keep it in the low byte
PG_READ_ONLY_SQL_TRANSACTION = "25006"  # also a hot standby's answer to a write


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: defaults, then instance/config.py, then the environment (or test_config)."""
    # The package's name, not "matchmaker.app": the app's name and paths stay as they were.
    app = Flask("matchmaker", instance_relative_config=True)
    app.config.from_object(Defaults)
    os.makedirs(app.instance_path, exist_ok=True)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
        app.config.update(env_overrides(os.environ))
    else:
        app.config.update(test_config)
    if os.environ.get("DATABASE_URL") and test_config is None:
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        path = Path(app.instance_path) / "matchmaker.sqlite"
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{path}"
    app.config["SQLALCHEMY_DATABASE_URI"] = database_uri(app.config["SQLALCHEMY_DATABASE_URI"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)

    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies > 0:
        # Only the client address and the scheme are taken from the proxies: a forwarded
        # Host would let a client choose the host of the links in mails.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies)

    _init_extensions(app)
    operations.init_app(app)  # first hooks: every later one logs with the request id
    web.init_app(app)  # the id converter must be in place before the blueprints add rules
    _register_blueprints(app)
    _register_cli(app)
    _register_hooks(app)
    if not app.debug and not app.testing:
        operations.configure_logging(app)
    return app


def _init_extensions(app: Flask) -> None:
    from matchmaker import models  # noqa: F401  (registers the tables with the metadata)
    from matchmaker.models import include_search_objects
    from matchmaker.services import search_index
    from matchmaker.timeutil import selector as timezone_selector

    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=MIGRATIONS_DIR,
        render_as_batch=True,
        include_name=job_schema.not_queue_object,
        include_object=include_search_objects,
    )
    search_index.init_app(app)
    csrf.init_app(app)
    jobs.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message_category = "info"
    babel.init_app(app, locale_selector=_select_locale, timezone_selector=timezone_selector)

    from flask_babel import lazy_gettext as _l

    login_manager.login_message = _l("Log in to see this page.")

    @login_manager.user_loader
    def load_user(session_token: str):
        # Sessions and remember-me cookies hold the user's session token (User.get_id), so
        # one that was rotated away, or a numeric id from before, finds nobody.
        return db.session.scalar(
            sa.select(models.User).where(models.User.session_token == session_token)
        )

    with app.app_context():
        _ping_idle_connections(db.engine, float(app.config["DB_PING_IDLE_SECONDS"]))
        if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
            sa.event.listen(db.engine, "connect", _sqlite_pragmas)


def _ping_idle_connections(engine: sa.Engine, idle_seconds: float) -> None:
    """Ping a pooled connection before use only when it sat idle longer than `idle_seconds`
    (a database restart or an idle timeout may have closed it): pool_pre_ping would ping on
    every checkout, a round trip on every request. A disconnect met on a connection in steady
    use still invalidates the whole pool (SQLAlchemy's own handling)."""

    @sa.event.listens_for(engine, "checkin")
    def checked_in(dbapi_connection, record) -> None:
        record.info["checked_in_at"] = time.monotonic()

    @sa.event.listens_for(engine, "checkout")
    def checked_out(dbapi_connection, record, proxy) -> None:
        since = record.info.get("checked_in_at")
        if since is None or time.monotonic() - since < idle_seconds:
            return  # just opened, or in steady use
        try:
            engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as exc:
            raise sa.exc.DisconnectionError() from exc  # the pool opens a new one


def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    # Foreign keys are off by default in SQLite; WAL lets readers run beside one writer;
    # a busy timeout makes concurrent writers wait instead of failing at once.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def is_read_only_error(error: sa.exc.DBAPIError) -> bool:
    """Whether the database refused a write because it (or the session) is read-only."""
    orig = getattr(error, "orig", None)
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == SQLITE_READONLY
    return getattr(orig, "sqlstate", None) == PG_READ_ONLY_SQL_TRANSACTION


def _select_locale() -> str | None:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    chosen = session.get("locale")
    if chosen in languages:
        return chosen
    return (
        request.accept_languages.best_match(list(languages))
        or current_app.config["BABEL_DEFAULT_LOCALE"]
    )


def _register_blueprints(app: Flask) -> None:
    from matchmaker.admin.routes import bp as admin_bp
    from matchmaker.api import bp as api_bp
    from matchmaker.auth.routes import bp as auth_bp
    from matchmaker.clusters.routes import bp as clusters_bp
    from matchmaker.companies.routes import bp as companies_bp
    from matchmaker.coordinator.routes import account_bp
    from matchmaker.coordinator.routes import bp as coordinator_bp
    from matchmaker.ecosystems.routes import bp as ecosystems_bp
    from matchmaker.events.routes import bp as events_bp
    from matchmaker.fairs.routes import bp as fairs_bp
    from matchmaker.invitations.routes import bp as invitations_bp
    from matchmaker.main.routes import bp as main_bp
    from matchmaker.meetings.routes import bp as meetings_bp
    from matchmaker.notifications.routes import bp as notifications_bp
    from matchmaker.opportunities.routes import bp as opportunities_bp
    from matchmaker.partners.routes import bp as partners_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(clusters_bp, url_prefix="/clusters")
    app.register_blueprint(companies_bp, url_prefix="/organisations")
    app.register_blueprint(events_bp, url_prefix="/events")
    app.register_blueprint(partners_bp, url_prefix="/partners")
    app.register_blueprint(fairs_bp, url_prefix="/fairs")
    app.register_blueprint(meetings_bp, url_prefix="/meetings")
    app.register_blueprint(opportunities_bp, url_prefix="/opportunities")
    app.register_blueprint(coordinator_bp, url_prefix="/coordinator")
    app.register_blueprint(ecosystems_bp, url_prefix="/ecosystems")
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(invitations_bp, url_prefix="/invitations")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(api_bp, url_prefix="/api/v1")


def _register_cli(app: Flask) -> None:
    from matchmaker.cli import register

    register(app)


def _register_hooks(app: Flask) -> None:
    from matchmaker.main.routes import register_template_helpers
    from matchmaker.timeutil import forget_cluster

    register_template_helpers(app)

    @app.after_request
    def security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            "frame-ancestors 'none'; form-action 'self'",
        )
        if request.is_secure and app.config.get("HSTS_MAX_AGE"):
            response.headers.setdefault(
                "Strict-Transport-Security", f"max-age={int(app.config['HSTS_MAX_AGE'])}"
            )
        return response

    @app.errorhandler(sa.exc.OperationalError)
    @app.errorhandler(sa.exc.InternalError)
    def database_refused(error):
        if locking.is_lock_timeout(error):
            # A statement after an event lock waited longer than LOCK_TIMEOUT_MS for a lock.
            db.session.rollback()
            log.warning("A lock was not granted in time")
            return _unavailable("busy", str(locking.busy().message))
        if not is_read_only_error(error):
            raise error  # any other database failure stays a 500
        db.session.rollback()
        log.warning("A write was refused: the database is read-only")
        message = gettext(
            "Saving is not possible right now: the database is read-only for maintenance. "
            "Nothing was changed. Try again in a few minutes."
        )
        return _unavailable("read_only", message)

    @app.before_request
    def fresh_locale():
        # Flask-Babel caches the locale on the app context, which tests share between
        # requests; the language (and the cluster's time zone) is decided anew for every request.
        forget_cluster()
        refresh()

    @app.before_request
    def fresh_user():
        # Flask-Login caches the user on the same app context (g._login_user): every request
        # is authenticated anew from its own cookies.
        g.pop("_login_user", None)


def _unavailable(code: str, message: str):
    """503 with a message: JSON for the API, the error page for the rest."""
    if request.path.startswith("/api/"):
        from matchmaker.api.errors import error_response

        return error_response(503, code, message)
    return render_template("errors/error.html", code=503, message=message), 503
