"""Forms that help: autocomplete hints for password managers and phones, and the market and
industry pickers as checkbox lists (one click never wipes the other choices)."""

from __future__ import annotations

import re

import pytest

from matchmaker.extensions import db
from matchmaker.services.reference import collation_key, countries


def _input(html: str, name: str) -> str:
    match = re.search(rf'<input[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no input {name}"
    return match.group(0)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/auth/login", {"email": "username", "password": "current-password"}),
        (
            "/auth/register",
            {
                "name": "name",
                "email": "email",
                "password": "new-password",
                "password2": "new-password",
                "org_name": "organization",
            },
        ),
        ("/auth/forgot", {"email": "email"}),
    ],
)
def test_anonymous_forms_name_what_each_field_holds(client, path, expected):
    html = client.get(path).get_data(as_text=True)
    for name, value in expected.items():
        assert f'autocomplete="{value}"' in _input(html, name), name


def test_account_and_profile_forms_name_what_each_field_holds(
    client, auth, make_cluster, make_org, make_user
):
    org = make_org(make_cluster())
    user = make_user(org, org_role="admin")
    auth.login(user.email)
    settings = client.get("/auth/settings").get_data(as_text=True)
    assert 'autocomplete="current-password"' in _input(settings, "pw-current_password")
    assert 'autocomplete="new-password"' in _input(settings, "pw-password")
    assert 'autocomplete="name"' in _input(settings, "name")
    profile = client.get(f"/organisations/{org.id}/edit").get_data(as_text=True)
    assert 'autocomplete="organization"' in _input(profile, "name")
    assert 'autocomplete="url"' in _input(profile, "website")
    contact = client.get(f"/organisations/{org.id}/contacts/new").get_data(as_text=True)
    assert 'autocomplete="tel"' in _input(contact, "phone")
    assert 'autocomplete="email"' in _input(contact, "email")


def test_market_picker_is_a_checkbox_list_with_the_same_names_and_values(
    client, auth, make_cluster, make_org, make_user
):
    org = make_org(make_cluster(), export_markets=["NO", "DE"])
    user = make_user(org, org_role="admin")
    auth.login(user.email)
    html = client.get(f"/organisations/{org.id}/edit").get_data(as_text=True)
    assert '<select multiple id="export_markets"' not in html
    boxes = re.findall(r'<input[^>]*name="export_markets"[^>]*>', html)
    assert len(boxes) == len(countries("en"))
    assert all('type="checkbox"' in b for b in boxes)
    checked = sorted(re.search(r'value="(\w+)"', b).group(1) for b in boxes if "checked" in b)
    assert checked == ["DE", "NO"]
    assert "js/checklist.js" in html and "data-checklist" in html
    assert "Hold Ctrl" not in html


def test_ticking_one_more_market_keeps_the_others(client, auth, make_cluster, make_org, make_user):
    """The browser sends every ticked box: adding France keeps Norway and Germany."""
    org = make_org(make_cluster(), export_markets=["NO", "DE"])
    user = make_user(org, org_role="admin")
    auth.login(user.email)
    response = client.post(
        f"/organisations/{org.id}/edit",
        data={
            "name": org.name,
            "business_id": org.business_id,
            "org_type": "company",
            "size_class": "",
            "export_markets": ["NO", "DE", "FR"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert sorted(org.export_markets) == ["DE", "FR", "NO"]


def test_countries_follow_the_languages_alphabet():
    swedish = [name for _, name in countries("sv")]
    assert swedish.index("Zimbabwe") < swedish.index("Åland") < swedish.index("Österrike")
    english = [name for _, name in countries("en")]
    assert english.index("Afghanistan") < english.index("Åland Islands") < english.index("Albania")


def test_collation_key_puts_nordic_letters_after_z():
    assert collation_key("Äänekoski", "fi") > collation_key("Zürich", "fi")
    assert collation_key("Äänekoski", "en") < collation_key("Bern", "en")
    assert collation_key("Égypte", "fi") < collation_key("Ferrara", "fi")
