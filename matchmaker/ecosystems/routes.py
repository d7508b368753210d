"""Ecosystem pages: the public list, page and printable brochure; which ecosystem fits a
newcomer; and the coordinators' pages for the texts, the roadmap and the members."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import force_locale, format_date, format_decimal, format_percent, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from matchmaker.ecosystems.forms import (
    LANGUAGE_NAMES,
    MILESTONE_LABELS,
    ROLE_LABELS,
    EcosystemForm,
    FitForm,
    MemberForm,
    MilestoneForm,
)
from matchmaker.extensions import db
from matchmaker.models import Ecosystem, EcosystemMember, EcosystemMilestone
from matchmaker.models.ecosystems import LOCALES
from matchmaker.services import clusters as cluster_service
from matchmaker.services import ecosystems
from matchmaker.services.errors import DomainError
from matchmaker.web import abort_for, refuse, service_call, user_or_none

bp = Blueprint("ecosystems", __name__)


@bp.app_template_filter("number")
def number_filter(value) -> str:
    return format_decimal(value)


@bp.app_template_filter("percent")
def percent_filter(value: float) -> str:
    return format_percent(value, "#,##0.#%")


@bp.app_template_filter("day")
def day_filter(value, fmt: str = "medium") -> str:
    return format_date(value, fmt)


def _locale() -> str:
    return str(get_locale())


def _visible(slug: str) -> Ecosystem:
    try:
        return ecosystems.visible(user_or_none(), slug)
    except DomainError as exc:
        abort_for(exc)


def _editable(slug: str) -> Ecosystem:
    """The ecosystem, if the current user coordinates its cluster (404 for a hidden draft)."""
    eco = _visible(slug)
    if not ecosystems.can_edit(current_user, eco):
        abort(403)
    return eco


def _common() -> dict:
    return {"roles": ROLE_LABELS, "milestone_labels": MILESTONE_LABELS, "locale": _locale()}


# --------------------------------------------------------------------- public
@bp.route("/")
def index():
    items = ecosystems.listed_for(user_or_none())
    return render_template("ecosystems/index.html", items=items, **_common())


@bp.route("/fit", methods=["GET", "POST"])
def fit():
    """Which ecosystem fits a company: a pasted description, or the viewer's own profile."""
    form = FitForm()
    fits = None
    subject = None
    org = current_user.organisation if current_user.is_authenticated else None
    if request.method == "POST" and request.form.get("source") == "profile" and org is not None:
        if empty_form_ok():
            fits = ecosystems.fit(org, _locale())
            subject = org.name
    elif form.validate_on_submit():
        try:
            text = ecosystems.check_fit_text(form.text.data)
        except DomainError as exc:
            refuse(exc, form)
        else:
            fits = ecosystems.fit(text, _locale())
    return render_template(
        "ecosystems/fit.html", form=form, fits=fits, subject=subject, org=org, **_common()
    )


def empty_form_ok() -> bool:
    """The CSRF check of a button-only form."""
    return FlaskForm().validate_on_submit()


@bp.route("/<slug>")
def show(slug: str):
    eco = _visible(slug)
    return render_template(
        "ecosystems/show.html",
        eco=eco,
        can_edit=ecosystems.can_edit(current_user, eco),
        languages=LANGUAGE_NAMES,
        **_common(),
    )


@bp.route("/<slug>/brochure")
def brochure(slug: str):
    """The ecosystem as a one- or two-page A4 brochure in fi, en or sv (?lang=)."""
    eco = _visible(slug)
    lang = request.args.get("lang", "")
    if lang not in LOCALES:
        lang = _locale() if _locale() in LOCALES else eco.source_locale
    with force_locale(lang):
        return render_template(
            "ecosystems/brochure.html",
            eco=eco,
            lang=lang,
            roles=ROLE_LABELS,
            milestone_labels=MILESTONE_LABELS,
            page_url=url_for("ecosystems.show", slug=eco.slug, _external=True),
        )


# --------------------------------------------------------------------- coordinators
@bp.route("/cluster/<slug>/")
@login_required
def cluster_list(slug: str):
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    if not current_user.coordinates(cluster.id):
        abort(403)
    return render_template(
        "ecosystems/cluster.html",
        cluster=cluster,
        items=ecosystems.for_cluster(cluster),
        **_common(),
    )


def _form_data(form: EcosystemForm) -> dict:
    return {k: v for k, v in form.data.items() if k not in ("csrf_token", "submit")}


def _fill(form: EcosystemForm, eco: Ecosystem) -> None:
    for name in ("name", "summary", "description"):
        for code in LOCALES:
            getattr(form, f"{name}_{code}").data = (getattr(eco, name) or {}).get(code, "")
    for code in LOCALES:
        getattr(form, f"value_factors_{code}").data = "\n".join(
            (eco.value_factors or {}).get(code, [])
        )


@bp.route("/cluster/<slug>/new", methods=["GET", "POST"])
@login_required
def create(slug: str):
    cluster = cluster_service.by_slug(slug)
    if cluster is None:
        abort(404)
    if not current_user.coordinates(cluster.id):
        abort(403)
    form = EcosystemForm()
    if form.validate_on_submit():
        with service_call(form, _("Ecosystem saved.")) as call:
            eco = ecosystems.save(current_user, cluster, _form_data(form))
        if call.ok:
            return redirect(url_for("ecosystems.manage", slug=eco.slug))
    return render_template(
        "ecosystems/edit.html", form=form, cluster=cluster, eco=None, languages=LANGUAGE_NAMES
    )


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    eco = _editable(slug)
    form = EcosystemForm(obj=eco if request.method == "GET" else None)
    if request.method == "GET":
        _fill(form, eco)
    if form.validate_on_submit():
        with service_call(form, _("Ecosystem saved.")) as call:
            ecosystems.save(current_user, eco.cluster, _form_data(form), eco)
        if call.ok:
            return redirect(url_for("ecosystems.manage", slug=eco.slug))
    return render_template(
        "ecosystems/edit.html", form=form, cluster=eco.cluster, eco=eco, languages=LANGUAGE_NAMES
    )


@bp.route("/<slug>/manage", methods=["GET", "POST"])
@login_required
def manage(slug: str):
    """The roadmap and the members of one ecosystem; the two forms post here."""
    eco = _editable(slug)
    milestone_form = MilestoneForm(prefix="m")
    member_form = MemberForm(prefix="o", organisations=ecosystems.member_choices())
    if request.method == "POST":
        which = request.form.get("form")
        form = milestone_form if which == "milestone" else member_form
        if form.validate_on_submit():
            with service_call(form, _("Saved.")) as call:
                if form is milestone_form:
                    ecosystems.save_milestone(current_user, eco, milestone_form.data)
                else:
                    ecosystems.add_member(
                        current_user, eco, member_form.organisation_id.data, member_form.role.data
                    )
            if call.ok:
                return redirect(url_for("ecosystems.manage", slug=eco.slug))
    return render_template(
        "ecosystems/manage.html",
        eco=eco,
        milestone_form=milestone_form,
        member_form=member_form,
        **_common(),
    )


def _milestone(eco: Ecosystem, milestone_id: int) -> EcosystemMilestone:
    milestone = db.get_or_404(EcosystemMilestone, milestone_id)
    if milestone.ecosystem_id != eco.id:
        abort(404)
    return milestone


@bp.route("/<slug>/milestones/<int:milestone_id>", methods=["GET", "POST"])
@login_required
def milestone_edit(slug: str, milestone_id: int):
    eco = _editable(slug)
    milestone = _milestone(eco, milestone_id)
    form = MilestoneForm()
    if request.method == "GET":
        for code in LOCALES:
            getattr(form, f"title_{code}").data = milestone.title.get(code, "")
        form.due_on.data = milestone.due_on
        form.status.data = milestone.status
    if form.validate_on_submit():
        with service_call(form, _("Milestone saved.")) as call:
            ecosystems.save_milestone(current_user, eco, form.data, milestone)
        if call.ok:
            return redirect(url_for("ecosystems.manage", slug=eco.slug))
    return render_template(
        "ecosystems/milestone.html", eco=eco, milestone=milestone, form=form, **_common()
    )


@bp.route("/<slug>/milestones/<int:milestone_id>/delete", methods=["POST"])
@login_required
def milestone_delete(slug: str, milestone_id: int):
    eco = _editable(slug)
    milestone = _milestone(eco, milestone_id)
    if empty_form_ok():
        with service_call(done=_("Milestone removed.")):
            ecosystems.delete_milestone(current_user, eco, milestone)
    return redirect(url_for("ecosystems.manage", slug=eco.slug))


@bp.route("/<slug>/members/<int:member_id>/delete", methods=["POST"])
@login_required
def member_delete(slug: str, member_id: int):
    eco = _editable(slug)
    member = db.get_or_404(EcosystemMember, member_id)
    if member.ecosystem_id != eco.id:
        abort(404)
    if empty_form_ok():
        with service_call(done=_("Member removed.")):
            ecosystems.remove_member(current_user, eco, member)
    return redirect(url_for("ecosystems.manage", slug=eco.slug))
