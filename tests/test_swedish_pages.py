"""Every page in Swedish: each GET route of the url_map is rendered in sv for the person who may
see it (the authorisation matrix's World), and no English-only text from the data files
(TOL industry names, the stored codes' labels) may show."""

from __future__ import annotations

import re

import pytest
from flask import g
from flask_babel import force_locale

from matchmaker import labels
from matchmaker.data import tol2008
from matchmaker.extensions import db
from matchmaker.models import OrganisationIndustry
from matchmaker.services import clusters as cluster_service
from tests.events.conftest import make_event  # noqa: F401
from tests.test_authorisation_matrix import NOT_OBJECT_ROUTES, SPECS, World, names_used

_ARG = re.compile(r"<(?:[a-z]+:)?([a-z_]+)>")
# Files and machine answers, not pages.
NOT_PAGES = re.compile(r"^/api/|\.ics$|\.csv$|\.xlsx$|\.<fmt>$|\.json$|^/static/")
LABEL_SETS = (
    labels.ORG_TYPES,
    labels.SIZE_CLASSES,
    labels.CONTACT_VISIBILITIES,
    labels.MEMBERSHIP_STATUSES,
    labels.EVENT_KINDS,
    labels.EVENT_STATUSES,
    labels.REGISTRATION_STATUSES,
)


def english_only_strings(app) -> set[str]:
    """Text that only an English page may show: the TOL names in English and the English
    labels of stored codes, where Swedish says something else."""
    names = {en for _, en in tol2008.SECTIONS.values()}
    names |= {en for _, _, en in tol2008.DIVISIONS.values()}
    with app.test_request_context():
        with force_locale("en"):
            english = {str(v) for d in LABEL_SETS for v in d.values()} | {"Leads"}
        with force_locale("sv"):
            swedish = {str(v) for d in LABEL_SETS for v in d.values()}
    # A few words are the same in both ("Webinar" is not; kept only where they differ).
    return {s for s in names | english if s not in swedish and len(s) > 3}


def _text(html: str) -> str:
    """The page's visible text and attribute values, without markup or the language switch."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<form[^>]*class="lang-switch".*?</form>', " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&amp;", "&")


def get_pages(app) -> dict[str, tuple[str, dict]]:
    """GET page rules: (who sees them, the World names in their URL)."""
    pages = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or NOT_PAGES.search(rule.rule):
            continue
        if rule.rule in NOT_OBJECT_ROUTES:
            continue
        if rule.arguments:
            spec = SPECS[rule.rule]
            if "GET" in spec.skip_allowed:
                continue
            pages[rule.rule] = (spec.allowed, spec.args)
        else:
            pages[rule.rule] = ("", {})
    return pages


def test_every_page_in_swedish_has_no_english_data_labels(
    app,
    make_cluster,
    make_org,
    make_user,
    make_event,  # noqa: F811
):
    pages = get_pages(app)
    rules = [r for r in pages if pages[r][1]]
    world = World(make_cluster, make_org, make_user, make_event, names_used(rules))
    # The organisations name industries, so their pages and the directory show TOL labels.
    for org in (world.own_org, world.neighbour_org, world.third_org):
        org.industries = [OrganisationIndustry(code=c) for c in ("C", "30", "71")]
    db.session.commit()
    forbidden = english_only_strings(app)
    assert "Manufacture of other transport equipment" in forbidden

    clients = {}

    def client_for(actor: str):
        if actor not in clients:
            client = app.test_client()
            client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "sv"
            with client.session_transaction() as session:
                session["locale"] = "sv"
                if actor != "anonymous":
                    getattr(world, actor).locale = "sv"
                    session["_user_id"] = getattr(world, actor).get_id()
                    session["_fresh"] = True
            clients[actor] = client
        return clients[actor]

    db.session.commit()
    problems, seen = [], 0
    for rule, (allowed, args) in sorted(pages.items()):
        url = _ARG.sub(lambda m, a=args: str(world.value(a[m.group(1)])), rule)
        # Pages without an object: as a member and as a coordinator (their menus differ).
        for actor in [allowed] if allowed else ["owner", "coord_a"]:
            g.pop("_login_user", None)
            response = client_for(actor).get(url)
            if response.status_code >= 500:
                problems.append(f"{url} as {actor}: {response.status_code}")
            if response.mimetype != "text/html" or response.status_code != 200:
                continue
            seen += 1
            text = _text(response.get_data(as_text=True))
            found = sorted(s for s in forbidden if re.search(rf"\b{re.escape(s)}\b", text))
            if found:
                problems.append(f"{url} as {actor}: {found[:5]}")
    assert seen > 60, seen
    assert problems == [], "\n".join(["", *problems])


@pytest.mark.parametrize("locale", ["fi", "sv", "en"])
def test_industry_labels_are_in_the_pages_language(locale):
    expected = {
        "fi": "Muiden kulkuneuvojen valmistus",
        "sv": "Tillverkning av andra transportmedel",
        "en": "Manufacture of other transport equipment",
    }[locale]
    assert tol2008.name("30", locale) == expected
    assert tol2008.label("30", locale) == f"30 {expected}"


@pytest.mark.parametrize(
    ("path", "finnish"),
    [
        ("/events/cluster/{slug}/new", "Tapahtuman nimi"),
        ("/events/{event}/sessions/new", "Osion nimi"),
    ],
)
def test_event_and_session_titles_are_not_job_titles(
    client,
    make_cluster,
    make_user,
    make_event,  # noqa: F811
    path,
    finnish,
):
    cluster = make_cluster()
    coordinator = make_user()
    cluster_service.add_coordinator(cluster, coordinator)
    event = make_event(cluster)
    db.session.commit()
    with client.session_transaction() as session:
        session["locale"] = "fi"
        session["_user_id"] = coordinator.get_id()
    html = client.get(path.format(slug=cluster.slug, event=event.id)).get_data(as_text=True)
    assert finnish in html
    assert "Tehtävänimike" not in html
