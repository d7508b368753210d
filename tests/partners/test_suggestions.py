"""Suggested partners, side streams, dismissals, similar organisations and the index life cycle."""

import re

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.services import matching, organisations
from tests.conftest import TEST_CONFIG


def suggested_names(client, path="/partners/") -> list[str]:
    html = client.get(path).get_data(as_text=True)
    return re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', html)


def test_suggestions_rank_complementary_partners_first_with_reasons(client, auth, maritime):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    html = client.get("/partners/").get_data(as_text=True)
    names = re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', html)
    assert set(names[:2]) == {"Akselipaja Oy", "Laivailma Oy"}
    assert "Telakka Oy" not in names  # never itself
    # The reason quotes both profiles' own lines.
    assert "Akseleiden ja potkuriakseleiden koneistus" in html
    assert "Potkuriakselien koneistus" in html


def test_competitor_ranks_below_complementary_partners(client, auth, maritime):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    names = suggested_names(client)
    if "Toinen Telakka Oy" in names:
        assert names.index("Toinen Telakka Oy") > names.index("Akselipaja Oy")


def test_dismissed_organisation_is_not_suggested_again(client, auth, maritime):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    client.post(f"/partners/{orgs['shafts'].id}/dismiss")
    assert "Akselipaja Oy" not in suggested_names(client)
    assert "Akselipaja Oy" in client.get("/partners/dismissed").get_data(as_text=True)
    client.post(f"/partners/{orgs['shafts'].id}/undismiss")
    assert "Akselipaja Oy" in suggested_names(client)


def test_side_streams_tab_matches_offered_to_wanted(client, auth, maritime):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    html = client.get("/partners/side-streams").get_data(as_text=True)
    assert "Akselipaja Oy" in html
    assert "Teräsromu" in html


def test_editing_a_profile_changes_suggestions(client, auth, maritime):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    assert "Laivailma Oy" in suggested_names(client)
    organisations.update_profile(
        people["hvac"],
        orgs["hvac"],
        {"capabilities": "Kahvilapalvelut", "description": "Kahvila satamassa."},
    )
    db.session.commit()
    assert "Laivailma Oy" not in suggested_names(client)


def test_similar_organisations_on_profile_page(client, maritime):
    _, orgs, _ = maritime
    html = client.get(f"/organisations/{orgs['yard'].id}").get_data(as_text=True)
    similar = html.split("Similar organisations")[1]
    assert "Toinen Telakka Oy" in similar


def test_suggestions_need_an_organisation(client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    response = client.get("/partners/")
    assert response.status_code == 302


def test_two_processes_share_one_version(app, maritime):
    """A change made through one app instance makes another rebuild (several workers)."""
    _, orgs, people = maritime
    other = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": db.engine.url.render_as_string(hide_password=False),
        }
    )
    with other.app_context():
        before = matching.current_index()
        db.session.remove()
    organisations.update_profile(people["hvac"], orgs["hvac"], {"needs": "Kahvinkeittimet"})
    db.session.commit()
    with other.app_context():
        after = matching.current_index()
        assert after is not before
        db.session.remove()
        db.engine.dispose()
