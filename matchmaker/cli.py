"""CLI commands under `flask --app matchmaker`: thin Click wrappers over services."""

from __future__ import annotations

import contextlib
import getpass
import signal
import threading

import click
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from matchmaker.extensions import db
from matchmaker.jobs import worker as job_worker
from matchmaker.jobs.queue import on_queue
from matchmaker.jobs.site import SiteAddressMissing, site_request_context
from matchmaker.matching.tuning import MIN_OUTCOMES, TooFewOutcomes, tunable_names
from matchmaker.models import Organisation
from matchmaker.services import (
    accounts,
    demo,
    digests,
    invitations,
    mail_delivery,
    matching_tuning,
    search_index,
)
from matchmaker.services import clusters as cluster_service
from matchmaker.services import imports as member_imports
from matchmaker.services import matching as matching_service
from matchmaker.services import opportunities as opportunity_service
from matchmaker.services.errors import DomainError


def init_db() -> None:
    """Apply every migration to the configured database (creates it when empty)."""
    upgrade()


def database_is_empty() -> bool:
    inspector = sa.inspect(db.engine)
    if not inspector.has_table("organisation"):
        return True
    return db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 0


def site_context(app: Flask, needed: bool = True):
    """Mail written from the command line is rendered as in a request to the site's own
    address, so that its links point there: BASE_URL (https://matchmaker.example.fi, the way
    production runs the commands from cron), or else SERVER_NAME with PREFERRED_URL_SCHEME."""
    if not needed:
        return contextlib.nullcontext()
    try:
        return site_request_context(app)
    except SiteAddressMissing as exc:
        raise click.ClickException(str(exc)) from exc


def register(app: Flask) -> None:
    @app.cli.command("init-db")
    def init_db_command():
        """Create or upgrade the database schema (runs the migrations)."""
        init_db()
        click.echo("Database is up to date.")

    @app.cli.command("seed-demo")
    @click.option("--if-empty", is_flag=True, help="Seed only when no organisation exists yet.")
    def seed_demo_command(if_empty: bool):
        """Fill the database with the demo clusters, organisations and logins."""
        init_db()
        if if_empty and not database_is_empty():
            click.echo("Database already has data; demo not seeded again.")
            return
        if not database_is_empty():
            raise click.ClickException(
                "The database already has organisations. Seed an empty database "
                "(delete instance/matchmaker.sqlite) or use --if-empty."
            )
        summary = demo.seed()
        db.session.commit()
        click.echo(
            f"Seeded {summary['clusters']} clusters, {summary['organisations']} organisations "
            f"and {summary['users']} users."
        )
        click.echo("Demo logins:")
        for role, email, password in summary["logins"]:
            click.echo(f"  {role:<46} {email:<46} {password}")

    @app.cli.command("create-admin")
    @click.argument("email")
    @click.option("--name", default="", help="Display name.")
    @click.option(
        "--password",
        envvar="MATCHMAKER_ADMIN_PASSWORD",
        default=None,
        help="Password (or MATCHMAKER_ADMIN_PASSWORD); asked for when not given.",
    )
    def create_admin_command(email: str, name: str, password: str | None):
        """Create a site admin, or make an existing user one."""
        if password is None:
            password = getpass.getpass("Password: ")
        try:
            user = accounts.create_site_admin(email, name, password)
        except DomainError as exc:
            raise click.ClickException(str(exc.message)) from exc
        db.session.commit()
        click.echo(f"{user.email} is a site admin.")

    @app.cli.command("create-token")
    @click.argument("email")
    @click.option("--label", default="cli", help="A note to recognise the token by.")
    def create_token_command(email: str, label: str):
        """Print a new personal API token for a user (shown once; only a digest is kept)."""
        user = accounts.user_by_email(email)
        if user is None:
            raise click.ClickException(f"No user with e-mail {email}.")
        token = accounts.create_api_token(user, label)
        db.session.commit()
        click.echo(token)

    @app.cli.command("import-members")
    @click.argument("cluster")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
    @click.option(
        "--merge-unverified",
        is_flag=True,
        help="Also merge rows into self-registered (unverified) organisations; else skipped.",
    )
    def import_members_command(cluster: str, file: str, dry_run: bool, merge_unverified: bool):
        """Import a CSV or XLSX member list into CLUSTER: every row, or none if one is wrong."""
        target = cluster_service.by_slug(cluster)
        if target is None:
            raise click.ClickException(f"No cluster with short name {cluster}.")
        with open(file, "rb") as handle:
            content = handle.read()
        try:
            result = member_imports.import_file(
                target, file, content, dry_run=dry_run, confirm_all=merge_unverified
            )
        except member_imports.ImportRejected as exc:
            db.session.rollback()
            click.echo("\n".join(member_imports.report_lines(exc.preview)))
            raise click.ClickException(str(exc.message)) from exc
        except DomainError as exc:
            db.session.rollback()
            problems = [str(m) for ms in exc.fields.values() for m in ms]
            raise click.ClickException(" ".join([str(exc.message), *problems])) from exc
        db.session.commit()
        click.echo("\n".join(member_imports.report_lines(result)))
        click.echo("Dry run: nothing was imported." if dry_run else "Imported.")

    @app.cli.command("tune-matching")
    @click.option("--apply", is_flag=True, help="Store the fitted weights (else only report).")
    @click.option(
        "--min-outcomes",
        type=click.IntRange(min=10),
        default=MIN_OUTCOMES,
        show_default=True,
        help="Refuse to fit on fewer outcomes than this.",
    )
    def tune_matching_command(apply: bool, min_outcomes: int):
        """Fit the partner score's weights to logged outcomes (requests, meetings, dismissals)."""
        try:
            run = matching_tuning.tune(apply=apply, min_outcomes=min_outcomes)
        except TooFewOutcomes as exc:
            raise click.ClickException(f"Too few outcomes to tune matching: {exc}.") from exc
        r = run.result
        click.echo(
            f"{run.outcomes} outcomes logged ({run.positives} positive); "
            f"{r.train_pairs} pairs to fit on, {r.test_pairs} held back"
        )
        click.echo(f"{'held-back part':<22}{'AUC':>8}{'P@5':>8}")
        for label, m in (("current weights", r.before), ("fitted weights", r.after)):
            click.echo(f"{label:<22}{m.auc:>8.3f}{m.p_at_5:>8.3f}")
        click.echo(f"{'weight':<22}{'current':>9}{'fitted':>9}")
        for name in tunable_names(r.weights):
            old, new = getattr(run.current, name), getattr(r.weights, name)
            click.echo(f"{name:<22}{old:>9.4f}{new:>9.4f}")
        if apply:
            db.session.commit()
            click.echo(f"Applied: written to {run.saved_to}; the next index build uses them.")
        else:
            click.echo("Not applied: run again with --apply to use these weights.")

    @app.cli.command("deliver-mail")
    @click.option("--loop", is_flag=True, help="Keep delivering until SIGTERM or SIGINT.")
    @click.option(
        "--interval", default=1.0, show_default=True, help="Seconds between polls when idle."
    )
    @click.option(
        "--batch-size",
        type=click.IntRange(1, 1000),
        default=None,
        help="Messages per SMTP connection (default MAIL_BATCH_SIZE).",
    )
    def deliver_mail_command(loop: bool, interval: float, batch_size: int | None):
        """Deliver the queued mail: what is due now, or with --loop as a long-running worker."""
        stop = threading.Event()
        if not loop:
            result = mail_delivery.deliver_due(batch_size)
            click.echo(f"Mail: {result.summary()}.")
            return

        def request_stop(signum, frame):
            stop.set()

        previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        click.echo(f"Mail worker {mail_delivery.worker_name()} started.")
        try:
            result = mail_delivery.run_worker(stop, interval=interval, limit=batch_size)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        click.echo(f"Mail worker stopped: {result.summary()}.")

    @app.cli.command("build-index")
    @click.option("--watch", is_flag=True, help="Keep building when the data changed.")
    @click.option(
        "--quiet",
        default=5.0,
        show_default=True,
        help="With --watch: seconds without changes before a build (one build per burst).",
    )
    @click.option("--interval", default=1.0, show_default=True, help="Seconds between polls.")
    def build_index_command(watch: bool, quiet: float, interval: float):
        """Build the matching index and store it for every worker (MATCHING_INDEX_DIR)."""
        if not watch:
            path, version, seconds = matching_service.build_and_store()
            click.echo(f"Matching index v{version} stored in {path} ({seconds:.1f} s).")
            return
        stop = threading.Event()

        def request_stop(signum, frame):
            stop.set()

        previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        click.echo(f"Matching index watcher started ({matching_service.index_dir()}).")
        try:
            builds = matching_service.watch(quiet, interval, stop.is_set, sleep=stop.wait)
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        click.echo(f"Matching index watcher stopped after {builds} builds.")

    @app.cli.command("invite-members")
    @click.argument("cluster")
    @click.option("--dry-run", is_flag=True, help="Show who would be invited; send nothing.")
    def invite_members_command(cluster: str, dry_run: bool):
        """Invite the contact people of CLUSTER's members without users to claim them."""
        target = cluster_service.by_slug(cluster)
        if target is None:
            raise click.ClickException(f"No cluster with short name {cluster}.")
        with site_context(app, needed=not dry_run):
            result = invitations.invite_members(None, target, all_unclaimed=True, dry_run=dry_run)
            db.session.commit()
        verb = "Would invite" if dry_run else "Invited"
        for org, email in result.planned:
            click.echo(f"{verb}: {org.name} <{email}>")
        for org_id, reason in result.skipped:
            org = db.session.get(Organisation, org_id)
            click.echo(f"Skipped: {org.name if org else org_id} ({reason})")
        click.echo(
            f"{len(result.planned)} would be invited, {len(result.skipped)} skipped."
            if dry_run
            else f"{len(result.invited)} invited, {len(result.skipped)} skipped."
        )

    @app.cli.command("expire-opportunities")
    def expire_opportunities_command():
        """Expire opportunities past their deadline; remind owners three days before (once)."""
        with site_context(app):
            reminded, expired = opportunity_service.expire_and_remind()
            db.session.commit()
        click.echo(f"{reminded} reminded, {expired} expired.")

    @app.cli.command("remind-invitations")
    def remind_invitations_command():
        """Remind once, after a week, invitations nobody followed; mark old ones expired."""
        with site_context(app):
            reminded, expired = invitations.remind_and_expire()
            db.session.commit()
        click.echo(f"{reminded} reminded, {expired} expired.")

    @app.cli.command("send-digests")
    @click.option(
        "--period",
        type=click.Choice(["weekly", "daily"]),
        default=None,
        help="Only this digest (default: both, each sent once per its period).",
    )
    def send_digests_command(period: str | None):
        """Mail the weekly partner-suggestion digests and the daily notification digests."""
        with site_context(app):
            result = digests.send_digests(period)
            db.session.commit()
        click.echo(f"Digests: {result.summary()}")

    @app.cli.command("worker")
    @click.option(
        "--concurrency", default=1, show_default=True, help="Jobs run at once (PostgreSQL)."
    )
    @click.option(
        "--until-idle", is_flag=True, help="Stop once no job is due (else run until SIGTERM)."
    )
    @click.option(
        "--interval", default=1.0, show_default=True, help="SQLite: seconds between polls."
    )
    def worker_command(concurrency: int, until_idle: bool, interval: float):
        """Run the background jobs: mail, index builds, imports, digests and reminders.

        On PostgreSQL this is a procrastinate worker (run one or more, on any host); on
        SQLite a loop that does the same work without a queue."""
        if on_queue(app):
            click.echo(f"Job worker {mail_delivery.worker_name()} started (procrastinate).")
            job_worker.run_queue_worker(app, wait=not until_idle, concurrency=concurrency)
            click.echo("Job worker stopped.")
            return
        stop = threading.Event()
        if until_idle:
            loop = job_worker.Loop(app, app.config["INDEX_BUILD_QUIET_SECONDS"])
            while loop.step():
                pass
            click.echo(f"Jobs: {loop.summary()}.")
            return

        def request_stop(signum, frame):
            stop.set()

        previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        click.echo(f"Job worker {mail_delivery.worker_name()} started (SQLite: no queue).")
        try:
            loop = job_worker.run_loop(
                app, stop, interval=interval, quiet=app.config["INDEX_BUILD_QUIET_SECONDS"]
            )
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        click.echo(f"Job worker stopped: {loop.summary()}.")

    @app.cli.command("reindex-search")
    def reindex_search_command():
        """Rewrite every organisation's and opportunity's search keys (after a glossary or
        analyser change); the database's full-text index follows."""
        with app.app_context():
            counts = search_index.reindex()
            db.session.commit()
        click.echo(
            f"Search keys rewritten: {counts['organisation']} organisations,"
            f" {counts['opportunity']} opportunities."
        )
