"""Accounts: registration, e-mail confirmation, login with rate limiting, password reset,
joining an organisation, API tokens."""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import secrets
from datetime import timedelta
from functools import cache

import sqlalchemy as sa
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.security import check_password_hash, generate_password_hash

from matchmaker.extensions import db
from matchmaker.models import ApiToken, LoginAttempt, User, utcnow
from matchmaker.services import invitations, mail, organisations, tokens
from matchmaker.services.email_address import normalise_email
from matchmaker.services.errors import (
    Conflict,
    DomainError,
    NotFound,
    PermissionDenied,
    RateLimited,
)

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10


def user_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def check_password_rules(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise DomainError(
            _l("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH), field="password"
        )


def _new_user(email: str, name: str, password: str, locale: str | None) -> User:
    email = normalise_email(email)
    if user_by_email(email) is not None:
        raise Conflict(_l("An account with this e-mail address already exists."), field="email")
    check_password_rules(password)
    user = User(
        email=email, name=name.strip(), password_hash=hash_password(password), locale=locale
    )
    db.session.add(user)
    return user


def register_with_new_organisation(
    *, email: str, name: str, password: str, locale: str | None, organisation: dict
) -> User | None:
    """A person registers together with a new organisation, of which they become admin.

    The organisation stays unverified until a coordinator approves a membership of it. A
    business ID that is already here makes this a request to join that organisation instead:
    typing a business ID must not make anyone its admin. Returns None when the address
    already has an account (its owner is told by mail; the caller says the same either way).
    """
    existing = organisations.by_business_id(organisation.get("business_id") or "")
    if existing is not None:
        return register_to_join(
            email=email,
            name=name,
            password=password,
            locale=locale,
            business_id=existing.business_id,
        )
    required = ("name", "business_id")
    missing = {f: [_l("This field is required.")] for f in required if not organisation.get(f)}
    if missing:
        raise DomainError(_l("Check the highlighted fields."), fields=missing)
    organisations.validate_profile(organisation)  # every problem shown before anything is made
    check_password_rules(password)
    if _tell_owner_if_registered(email):
        return None
    org = organisations.create_organisation(organisation)
    org.verified = False
    user = _new_user(email, name, password, locale)
    user.join_organisation(org, role="admin", pending=False)
    db.session.flush()
    send_confirmation(user)
    return user


def register_to_join(
    *, email: str, name: str, password: str, locale: str | None, business_id: str
) -> User | None:
    """A person asks to join an existing organisation; its admins approve or decline.

    Returns None when the address already has an account (see register_with_new_organisation).
    """
    org = organisations.by_business_id(business_id)
    if org is None:
        raise NotFound(
            _l("No organisation with this business ID is registered yet."), field="business_id"
        )
    check_password_rules(password)
    if _tell_owner_if_registered(email):
        return None
    user = _new_user(email, name, password, locale)
    user.join_organisation(org, role="member", pending=True)
    db.session.flush()
    send_confirmation(user)
    # Its admins decide; an organisation nobody has claimed yet is asked through its contact
    # people, who can claim it with the link and then decide.
    admins = [u for u in org.users if u.is_org_admin and u.is_confirmed]
    people = (
        [invitations.Recipient(a.email, a.locale) for a in admins]
        if admins
        else invitations.recipients(org)
    )
    for person in people:
        mail.send_template(
            person.email,
            "join_request",
            person.locale,
            user=user,
            organisation=org,
            link=url_for("companies.people", org_id=org.id, _external=True),
            claim_link=person.claim_link,
        )
    return user


def _tell_owner_if_registered(email: str) -> bool:
    """If the address has an account, mail its owner how to log in or reset, and say True.

    Registration answers "check your mail" either way, so it does not reveal who has an
    account; the password is hashed anyway so that the answer takes as long.
    """
    user = user_by_email(email)
    if user is None:
        return False
    hash_password(secrets.token_hex(8))
    log.info("Registration attempted with an address that has an account")
    mail.send_template(
        user.email,
        "account_exists",
        user.locale,
        user=user,
        login_link=url_for("auth.login", _external=True),
        reset_link=url_for("auth.forgot_password", _external=True),
    )
    return True


def send_confirmation(user: User) -> None:
    token = tokens.sign("confirm", {"uid": user.id, "email": user.email})
    mail.send_template(
        user.email,
        "confirm_email",
        user.locale,
        user=user,
        link=url_for("auth.confirm_email", token=token, _external=True),
    )


def confirm_email(token: str) -> User:
    user = tokens.load_confirmation(
        "confirm",
        token,
        User,
        id_key="uid",
        email_key="email",
        expired=_l("This confirmation link has expired. Ask for a new one."),
    )
    if user.confirmed_at is None:
        user.confirmed_at = utcnow()
    return user


def _reset_fingerprint(user: User) -> str:
    # A used or outdated link stops working as soon as the password changes.
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def request_password_reset(email: str) -> None:
    """Mail a reset link if the account exists; say nothing either way to the caller."""
    user = user_by_email(email)
    if user is None or not user.is_active_account:
        return
    token = tokens.sign("reset", {"uid": user.id, "fp": _reset_fingerprint(user)})
    mail.send_template(
        user.email,
        "reset_password",
        user.locale,
        user=user,
        link=url_for("auth.reset_password", token=token, _external=True),
    )


def reset_password(token: str, new_password: str) -> User:
    data = tokens.load(
        "reset",
        token,
        max_age=current_app.config["RESET_TOKEN_MAX_AGE"],
        expired=_l("This reset link has expired. Ask for a new one."),
        invalid=_l("This reset link is not valid."),
    )
    user = db.session.get(User, data.get("uid"))
    if user is None or data.get("fp") != _reset_fingerprint(user):
        raise DomainError(_l("This reset link has already been used or is not valid."))
    check_password_rules(new_password)
    user.password_hash = hash_password(new_password)
    user.rotate_session_token()  # whoever had a session (or a stolen cookie) is logged out
    if user.confirmed_at is None:  # the link proved they read this mailbox
        user.confirmed_at = utcnow()
    return user


def change_password(user: User, current: str, new: str) -> None:
    """Set a new password; every other login of the user ends (the view logs this one in again)."""
    if not check_password_hash(user.password_hash, current):
        raise DomainError(_l("The current password is not correct."), field="current_password")
    check_password_rules(new)
    user.password_hash = hash_password(new)
    user.rotate_session_token()


def log_out_everywhere(user: User) -> None:
    """End every session and remember-me cookie of the user, on every device."""
    user.rotate_session_token()


def end_remembered_login(user: User) -> None:
    """Logging out of a remembered login: the remember-me cookie, wherever a copy of it is,
    must stop working, and only a new session token does that."""
    user.rotate_session_token()


# --- the login limiter ---------------------------------------------------------------------
#
# Every attempt that reaches the password check is first recorded as a LoginAttempt row; the
# row is removed when the password was right, so the rows in the window are the failures (and
# the checks in flight). Whether an attempt may reach the check is decided and recorded in one
# short transaction of its own that is serialised per address and per client: on PostgreSQL
# by transaction-scoped advisory locks taken in a fixed order (address, then client), on
# SQLite by the database's write lock, which the first statement (the pruning DELETE) takes.
# So parallel guesses cannot all read "below the limit" before any of them is counted.


def client_key(ip: str) -> str:
    """The client an attempt is counted for: the IP address, an IPv6 address by its /64
    network (one host usually holds the whole /64, so single addresses cost an attacker
    nothing)."""
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return (ip or "unknown")[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _serialise_attempts(conn, email: str, client: str) -> None:
    if conn.dialect.name == "postgresql":
        for key in (f"login-email:{email}", f"login-client:{client}"):
            conn.execute(sa.select(sa.func.pg_advisory_xact_lock(sa.func.hashtextextended(key, 0))))


def _prune_statement(since):
    # Old attempts go in small batches; SKIP LOCKED lets concurrent pruners pass each other
    # on PostgreSQL (SQLite ignores it: it has one writer at a time anyway).
    old = (
        sa.select(LoginAttempt.id)
        .where(LoginAttempt.at < since)
        .order_by(LoginAttempt.id)
        .limit(500)
        .with_for_update(skip_locked=True)
    )
    return sa.delete(LoginAttempt).where(LoginAttempt.id.in_(old.scalar_subquery()))


def admit_login_attempt(email: str, client: str) -> int | None:
    """Decide whether an attempt may have its password checked, and if so record it, in one
    atomic step. Returns the attempt's id, or None when the limit refuses it.

    Per client, at most LOGIN_MAX_FAILURES_PER_IP failures in the window. Per address, at most
    LOGIN_MAX_FAILURES; past that, a client that has not failed on this address in the
    window still gets its password checked, so that strangers' guesses cannot lock the owner
    out, while each guessing client is stopped.
    """
    cfg = current_app.config
    now = utcnow()
    since = now - timedelta(seconds=cfg["LOGIN_WINDOW_SECONDS"])
    recent = sa.select(sa.func.count(LoginAttempt.id)).where(LoginAttempt.at >= since)
    with db.engine.begin() as conn:
        _serialise_attempts(conn, email, client)
        conn.execute(_prune_statement(since))
        if conn.scalar(recent.where(LoginAttempt.ip == client)) >= cfg["LOGIN_MAX_FAILURES_PER_IP"]:
            return None
        if conn.scalar(recent.where(LoginAttempt.email == email)) >= cfg["LOGIN_MAX_FAILURES"]:
            if conn.scalar(recent.where(LoginAttempt.email == email, LoginAttempt.ip == client)):
                return None
        return conn.scalar(
            sa.insert(LoginAttempt)
            .values(email=email, ip=client, at=now)
            .returning(LoginAttempt.id)
        )


def authenticate(email: str, password: str, ip: str) -> User:
    """Check a login, within the limits of admit_login_attempt()."""
    email = normalise_email(email)
    client = client_key(ip)
    if admit_login_attempt(email, client) is None:
        log.warning("Login rate limit reached")
        raise RateLimited(_l("Too many failed attempts. Wait a few minutes and try again."))
    user = user_by_email(email)
    # Hash even for unknown addresses so timing does not reveal which accounts exist.
    stored = user.password_hash if user else _dummy_hash()
    if not check_password_hash(stored, password or "") or user is None:
        # The admitted attempt stays recorded: it is a failure.
        raise DomainError(_l("Wrong e-mail address or password."))
    # The right password: this client's failures on this address no longer count; other
    # clients' failures still do.
    db.session.execute(
        sa.delete(LoginAttempt).where(LoginAttempt.email == email, LoginAttempt.ip == client)
    )
    if not user.is_active_account:
        raise PermissionDenied(_l("This account has been deactivated."))
    if not user.is_confirmed:
        raise PermissionDenied(
            _l("Confirm your e-mail address first: we sent you a link when you registered.")
        )
    user.last_login_at = utcnow()
    return user


def _dummy_hash() -> str:
    app = current_app._get_current_object()
    cached = app.extensions.get("matchmaker_dummy_hash")
    if cached is None:
        cached = app.extensions["matchmaker_dummy_hash"] = hash_password(secrets.token_hex(8))
    return cached


def decide_join_request(actor: User, user: User, approve: bool) -> None:
    """An organisation admin approves or declines a person who asked to join."""
    if not (
        actor.is_site_admin
        or (actor.is_org_admin and actor.organisation_id == user.organisation_id)
    ):
        raise PermissionDenied(_l("Only the organisation's admins can decide this."))
    if user.org_status != "pending":
        raise Conflict(_l("This request has already been decided."))
    user.decide_join(approve)
    mail.send_template(
        user.email,
        "join_decision",
        user.locale,
        user=user,
        approved=approve,
        organisation=user.organisation,
    )


def set_org_role(actor: User, user: User, role: str) -> None:
    if role not in User.ORG_ROLES:
        raise DomainError(_l("Unknown role."), field="role")
    _require_org_admin_of(actor, user)
    if actor.id == user.id and role != "admin" and _admin_count(user.organisation_id) <= 1:
        raise Conflict(_l("An organisation needs at least one admin."))
    user.org_role = role


def remove_from_organisation(actor: User, user: User) -> None:
    _require_org_admin_of(actor, user)
    if user.org_role == "admin" and _admin_count(user.organisation_id) <= 1:
        raise Conflict(_l("An organisation needs at least one admin."))
    user.leave_organisation()


def _require_org_admin_of(actor: User, user: User) -> None:
    if not (
        actor.is_site_admin
        or (actor.is_org_admin and actor.organisation_id == user.organisation_id)
    ):
        raise PermissionDenied(_l("Only the organisation's admins can do this."))


def _admin_count(org_id: int | None) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(User.id)).where(
            User.organisation_id == org_id, User.org_role == "admin", User.org_status == "active"
        )
    )


def create_api_token(user: User, label: str = "") -> str:
    """Create a personal API token and return it; only its digest is stored."""
    raw = "mm_" + secrets.token_urlsafe(32)
    db.session.add(ApiToken(user=user, digest=_digest(raw), label=label))
    return raw


def user_for_token(raw: str) -> User | None:
    """The active account a live token belongs to, in one query (every API request asks)."""
    return db.session.scalar(_token_user_query(), {"digest": _digest(raw)})


@cache
def _token_user_query() -> sa.Select:
    """Built once: a reused statement also skips computing its cache key on every request."""
    return (
        sa.select(User)
        .join(ApiToken, ApiToken.user_id == User.id)
        .where(
            ApiToken.digest == sa.bindparam("digest"),
            ApiToken.revoked_at.is_(None),
            User.is_active_account.is_(True),
        )
    )


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create_site_admin(email: str, name: str, password: str) -> User:
    user = user_by_email(email)
    if user is None:
        user = _new_user(email, name or email.split("@")[0], password, None)
    else:
        check_password_rules(password)
        user.password_hash = hash_password(password)
        user.rotate_session_token()
    user.is_site_admin = True
    user.confirmed_at = user.confirmed_at or utcnow()
    return user


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            user.api_tokens.select().where(ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)
        )
    )


def revoke_token(actor: User, token_id: int) -> None:
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != actor.id:
        raise NotFound(_l("No such token."))
    token.revoked_at = utcnow()
