"""Grouping suggestions, invitations and the best stand for an organisation."""

import re

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage, StandAssignment
from matchmaker.services import accounts, fairs


def _register(setup, keys=("prop1", "prop2", "int1")):
    for key in keys:
        fairs.register_interest(setup["people"][key], setup["fair"], setup["cluster"], {})
    db.session.commit()


def test_grouping_puts_thematic_neighbours_together(fair_setup):
    _register(fair_setup)
    proposal = fairs.suggest_grouping(fair_setup["fair"], fair_setup["cluster"])
    by_stand = {p.stand.name: {o.name for o in p.members} for p in proposal.stands}
    assert by_stand["Propulsion"] == {"Potkuri Oy", "Akseli Oy"}
    assert by_stand["Interiors"] == {"Sisustus Oy"}
    assert all(len(p.members) <= p.stand.places for p in proposal.stands)


def test_coordinator_accepts_the_suggested_grouping(client, auth, fair_setup):
    _register(fair_setup)
    auth.login(fair_setup["coordinator"].email)
    url = f"/fairs/{fair_setup['fair'].id}/manage/meri"
    html = client.get(url + "?suggest=1").get_data(as_text=True)
    assert "Suggested grouping" in html
    form = html.split("Accept this grouping")[0].rsplit("<form", 1)[1]
    data = dict(re.findall(r'name="(org-\d+)" value="(\d+)"', form))
    client.post(url + "/assign", data=data)
    placed = {
        a.organisation.name: a.stand.name for a in db.session.scalars(sa.select(StandAssignment))
    }
    assert placed == {
        "Potkuri Oy": "Propulsion",
        "Akseli Oy": "Propulsion",
        "Sisustus Oy": "Interiors",
    }


def test_api_grouping_shape(client, fair_setup):
    _register(fair_setup)
    token = accounts.create_api_token(fair_setup["coordinator"])
    db.session.commit()
    response = client.get(
        f"/api/v1/fairs/{fair_setup['fair'].id}/grouping?cluster=meri",
        headers={"Authorization": f"Bearer {token}"},
    )
    data = response.get_json()
    assert response.status_code == 200
    assert {s["stand"]["name"] for s in data["stands"]} == {"Propulsion", "Interiors"}
    assert all(
        set(s) >= {"members", "coherence", "shared_terms", "near_competitors"}
        for s in data["stands"]
    )


def test_invitees_are_members_without_interest_and_get_an_email(
    client, auth, fair_setup, make_org, make_user
):
    _register(fair_setup, keys=("prop1",))
    candidate = make_org(
        fair_setup["cluster"],
        name="Potkurihuolto Oy",
        capabilities="Potkurien ja akseleiden huolto",
    )
    make_user(candidate, email="huolto@example.fi")
    invitees = [
        o.name for o, _ in fairs.suggest_invitees(fair_setup["fair"], fair_setup["cluster"])
    ]
    assert "Potkurihuolto Oy" in invitees and "Potkuri Oy" not in invitees
    auth.login(fair_setup["coordinator"].email)
    client.post(f"/fairs/{fair_setup['fair'].id}/manage/meri/invite/{candidate.id}")
    mail = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "huolto@example.fi")
    )
    assert "Navigate" in mail.subject


def test_member_sees_the_stand_that_fits_best(client, auth, fair_setup):
    _register(fair_setup, keys=("int1",))
    auth.login(fair_setup["people"]["int1"].email)
    html = client.get(f"/fairs/{fair_setup['fair'].id}").get_data(as_text=True)
    assert "fits your profile best: Interiors" in html
