"""Configuration: defaults here, then instance/config.py, then environment variables."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

# Environment variables read on top of the defaults (name -> parser).
_TRUE = {"1", "true", "yes", "on"}


def _bool(value: str) -> bool:
    return value.strip().lower() in _TRUE


ENV_SETTINGS = {
    "SECRET_KEY": str,
    "DATABASE_URL": str,
    "MAIL_SERVER": str,
    "MAIL_PORT": int,
    "MAIL_USERNAME": str,
    "MAIL_PASSWORD": str,
    "MAIL_USE_TLS": _bool,
    "MAIL_DEFAULT_SENDER": str,
    "MAIL_MAX_ATTEMPTS": int,
    "MAIL_RETRY_BASE_SECONDS": int,
    "SESSION_COOKIE_SECURE": _bool,
    "REMEMBER_COOKIE_SECURE": _bool,
    "PREFERRED_URL_SCHEME": str,
    "SERVER_NAME": str,
    "BASE_URL": str,
    "LOGIN_MAX_FAILURES": int,
    "LOGIN_WINDOW_SECONDS": int,
    "TRUSTED_PROXIES": int,
    "MATCHING_INDEX_DIR": str,
    "LOG_FORMAT": str,
    "METRICS_TOKEN": str,
    "JOBS_MAX_ATTEMPTS": int,
    "JOBS_RETRY_BASE_SECONDS": int,
    "JOBS_POOL_SIZE": int,
    "JOBS_KEEP_DAYS": int,
    "JOBS_KEEP_FAILED_DAYS": int,
    "JOBS_HEARTBEAT_SECONDS": float,
    "JOBS_STALLED_SECONDS": float,
    "IMPORT_JOB_ROWS": int,
    "INDEX_BUILD_QUIET_SECONDS": float,
}


class Defaults:
    SQLALCHEMY_DATABASE_URI: str | None = None  # set from DATABASE_URL or instance/
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    # A pooled connection idle for longer than this is pinged before use (app.py); one in
    # steady use is not (pool_pre_ping would cost a round trip on every request).
    DB_PING_IDLE_SECONDS = 5.0
    # Cookies: secure by default; a plain-HTTP development server turns these off
    # explicitly (see README), never silently.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = 60 * 60 * 24 * 30
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 24 * 14
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of one hour
    BABEL_DEFAULT_LOCALE = "fi"
    BABEL_DEFAULT_TIMEZONE = "Europe/Helsinki"
    LANGUAGES = {"fi": "Suomi", "en": "English", "sv": "Svenska"}
    # The site's address for links in mail written outside a request (cron jobs, the mail
    # commands): https://matchmaker.example.fi. SERVER_NAME serves as well when it is set.
    BASE_URL: str | None = None
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USE_TLS = True
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "Matchmaker <noreply@matchmaker.example>"
    # The mail worker (deliver-mail): messages per SMTP connection, how long a worker's claim
    # on them lasts, the SMTP socket timeout, and retries of temporary failures after
    # MAIL_RETRY_BASE_SECONDS, doubling up to MAIL_RETRY_MAX_SECONDS, MAIL_MAX_ATTEMPTS in all.
    MAIL_BATCH_SIZE = 50
    MAIL_CLAIM_SECONDS = 300
    MAIL_SMTP_TIMEOUT = 10
    MAIL_MAX_ATTEMPTS = 8
    MAIL_RETRY_BASE_SECONDS = 60
    MAIL_RETRY_MAX_SECONDS = 60 * 60 * 6
    EMAIL_TOKEN_MAX_AGE = 60 * 60 * 24 * 3  # confirmation links: three days
    RESET_TOKEN_MAX_AGE = 60 * 60 * 2  # password reset links: two hours
    # The link in an event mail to change or cancel that registration (also ends with the event).
    REGISTRATION_LINK_MAX_AGE = 60 * 60 * 24 * 180
    LOGIN_MAX_FAILURES = 5  # per e-mail address within the window
    LOGIN_MAX_FAILURES_PER_IP = 30
    LOGIN_WINDOW_SECONDS = 15 * 60
    # Reverse proxies in front of the app that set X-Forwarded-For and X-Forwarded-Proto
    # (0: none, the client's address is the connection's). Set it to exactly the number of
    # proxies: with more, clients could forge their address; with fewer, all share one.
    TRUSTED_PROXIES = 0
    HSTS_MAX_AGE = 60 * 60 * 24 * 365  # sent over HTTPS only
    PASSWORD_HASH_METHOD = "scrypt"
    DIRECTORY_PAGE_SIZE = 20
    EVENTS_PAGE_SIZE = 20  # the upcoming events of every cluster (/events/), per page
    # A directory search PostgreSQL expects to find more organisations than this is ranked
    # among the profiles where its words are frequent (at least SEARCH_RANK_CANDIDATES of
    # them) and says "about N": ranking every match reads every match's vector (100,000
    # profiles, a common word: 500 ms). Sorted by another order, it says "more than N".
    SEARCH_RANK_LIMIT = 1000
    SEARCH_RANK_CANDIDATES = 100
    API_PAGE_SIZE = 50
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # How long a request waits for an event's row lock on PostgreSQL before "busy, try again".
    LOCK_TIMEOUT_MS = 10_000
    LOG_FORMAT = "json"  # JSON lines with the request id; "text" for a person reading them
    # /metrics answers loopback callers (not through a proxy) and this bearer token.
    METRICS_TOKEN: str | None = None
    # Jobs (matchmaker/jobs/): a failed job is tried JOBS_MAX_ATTEMPTS times in all, waiting
    # JOBS_RETRY_BASE_SECONDS ** n seconds before the n-th retry.
    JOBS_MAX_ATTEMPTS = 5
    JOBS_RETRY_BASE_SECONDS = 4
    JOBS_POOL_SIZE = 4  # connections to the queue per process (PostgreSQL)
    # Finished jobs (and finished large imports) are pruned after JOBS_KEEP_DAYS; failed ones
    # after JOBS_KEEP_FAILED_DAYS, so that admins still see them.
    JOBS_KEEP_DAYS = 14
    JOBS_KEEP_FAILED_DAYS = 90
    # A worker's heartbeat; a job whose worker is silent for JOBS_STALLED_SECONDS (killed, cut
    # off) is put back in the queue, checked as often (at most every minute).
    JOBS_HEARTBEAT_SECONDS = 10.0
    JOBS_STALLED_SECONDS = 60.0
    JOBS_KICK = True  # defer a job after a commit that queued mail or changed matching input
    INDEX_BUILD_QUIET_SECONDS = 5.0  # a burst of edits within this is one index build
    IMPORT_JOB_ROWS = 2000  # member imports with more rows run as a job


def instance_secret_key(instance_path: str) -> str:
    """A secret key kept in instance/ so sessions survive restarts without configuration."""
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(key)
    path.chmod(0o600)
    return key


def env_overrides(environ: os._Environ | dict) -> dict:
    out = {}
    for name, parse in ENV_SETTINGS.items():
        value = environ.get(name)
        if value not in (None, ""):
            out[name] = parse(value)
    return out


def database_uri(url: str) -> str:
    """Accept postgres:// and postgresql:// URLs and use the psycopg 3 driver for them."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url
