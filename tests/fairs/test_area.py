"""Floor area on joint stands: wanted per company, never over-filled, billed as assigned."""

import re
from decimal import Decimal

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import FairInterest, StandAssignment
from matchmaker.services import accounts, fairs
from matchmaker.services.errors import DomainError


def _interest(setup, key, area=None):
    data = {} if area is None else {"area_wanted": area}
    fairs.register_interest(setup["people"][key], setup["fair"], setup["cluster"], data)


@pytest.fixture
def roomy(fair_setup):
    """Propulsion (30 m², 2 places) wanted by two companies asking 18 and 15 m²."""
    _interest(fair_setup, "prop1", "18")
    _interest(fair_setup, "prop2", "15")
    _interest(fair_setup, "int1")
    db.session.commit()
    return fair_setup


def test_interest_without_area_takes_the_fairs_default(roomy):
    fair = roomy["fair"]
    fair.default_area_m2 = Decimal("7.5")
    item = db.session.scalar(
        sa.select(FairInterest).where(FairInterest.organisation_id == roomy["orgs"]["int1"].id)
    )
    assert item.area_wanted is None and item.area(fair) == Decimal("7.5")


def test_manual_assignment_over_the_area_is_refused_next_to_the_field(client, auth, roomy):
    auth.login(roomy["coordinator"].email)
    stand, orgs = roomy["propulsion"], roomy["orgs"]
    response = client.post(
        f"/fairs/{roomy['fair'].id}/manage/meri/assign",
        data={f"org-{orgs['prop1'].id}": stand.id, f"org-{orgs['prop2'].id}": stand.id},
    )
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    message = "Propulsion has 30.0 m²; the companies chosen for it need 33.0 m²."
    for key in ("prop1", "prop2"):
        field = re.search(
            rf'<select name="org-{orgs[key].id}".*?</select>\s*(<p[^>]*>[^<]*)', html, re.S
        )
        assert field and 'aria-invalid="true"' in field.group(0) and message in field.group(1)
    assert db.session.scalar(sa.select(sa.func.count(StandAssignment.id))) == 0


def test_a_smaller_area_given_by_the_coordinator_fits_and_is_billed(client, auth, roomy):
    auth.login(roomy["coordinator"].email)
    stand, orgs = roomy["propulsion"], roomy["orgs"]
    response = client.post(
        f"/fairs/{roomy['fair'].id}/manage/meri/assign",
        data={
            f"org-{orgs['prop1'].id}": stand.id,
            f"area-{orgs['prop1'].id}": "15,0",
            f"org-{orgs['prop2'].id}": stand.id,
        },
    )
    assert response.status_code == 302
    placed = {a.organisation_id: a.area_m2 for a in db.session.scalars(sa.select(StandAssignment))}
    assert placed == {orgs["prop1"].id: Decimal("15.0"), orgs["prop2"].id: Decimal("15.0")}
    db.session.refresh(stand)
    lines = fairs.cost_for(stand, stand.assignments[0])
    # 15 m² × 300 €/m² + the 500 € fee
    assert lines[0].amount == Decimal("4500.00") and fairs.total(lines) == Decimal("5000.00")


def test_assignment_uses_the_wanted_area_or_the_default(roomy):
    orgs = roomy["orgs"]
    fairs.assign(
        roomy["coordinator"],
        roomy["fair"],
        roomy["cluster"],
        {orgs["prop1"].id: roomy["propulsion"].id, orgs["int1"].id: roomy["interiors"].id},
    )
    db.session.commit()
    placed = {a.organisation_id: a.area_m2 for a in db.session.scalars(sa.select(StandAssignment))}
    assert placed == {orgs["prop1"].id: Decimal("18.0"), orgs["int1"].id: Decimal("9.0")}


def test_confirming_an_over_full_stand_is_refused(roomy):
    stand, orgs = roomy["propulsion"], roomy["orgs"]
    fairs.assign(
        roomy["coordinator"], roomy["fair"], roomy["cluster"], {orgs["prop1"].id: stand.id}
    )
    db.session.commit()
    stand.area_m2 = Decimal("12")  # shrunk behind the service's back
    db.session.commit()
    with pytest.raises(DomainError, match="over-full"):
        fairs.confirm_stand(roomy["coordinator"], stand)
    assert stand.status == "open"


def test_stand_area_cannot_shrink_below_what_is_assigned(roomy):
    stand, orgs = roomy["propulsion"], roomy["orgs"]
    fairs.assign(
        roomy["coordinator"], roomy["fair"], roomy["cluster"], {orgs["prop1"].id: stand.id}
    )
    db.session.commit()
    data = {"name": stand.name, "area_m2": "12", "places": 2, "pricing": "per_m2"}
    with pytest.raises(DomainError) as refused:
        fairs.save_stand(roomy["coordinator"], roomy["fair"], roomy["cluster"], data, stand)
    assert "area_m2" in refused.value.fields


def test_suggested_grouping_never_over_fills_an_area(roomy):
    proposal = fairs.suggest_grouping(roomy["fair"], roomy["cluster"])
    for g in proposal.stands:
        assert g.area <= g.stand.area_m2 and len(g.members) <= g.stand.places
    propulsion = next(g for g in proposal.stands if g.stand.name == "Propulsion")
    assert len(propulsion.members) == 1  # 18 + 15 m² do not fit on 30 m²


def _put(client, setup, body):
    token = accounts.create_api_token(setup["coordinator"])
    db.session.commit()
    return client.put(
        f"/api/v1/fairs/{setup['fair'].id}/assignments",
        json=body,
        headers={"Authorization": f"Bearer {token}"},
    )


def test_api_assignment_over_the_area_is_422_naming_the_field(client, roomy):
    stand, orgs = roomy["propulsion"], roomy["orgs"]
    response = _put(
        client,
        roomy,
        {
            "cluster": "meri",
            "assignments": [
                {"organisation": orgs["int1"].id, "stand": roomy["interiors"].id},
                {"organisation": orgs["prop1"].id, "stand": stand.id},
                {"organisation": orgs["prop2"].id, "stand": stand.id},
            ],
        },
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"assignments[1].stand", "assignments[2].stand"}
    assert "30.0 m²" in fields["assignments[1].stand"][0]


def test_api_assignment_sets_the_line_up_with_areas(client, roomy):
    stand, orgs = roomy["propulsion"], roomy["orgs"]
    response = _put(
        client,
        roomy,
        {
            "cluster": "meri",
            "assignments": [
                {"organisation": orgs["prop1"].id, "stand": stand.id, "area_m2": 14},
                {"organisation": orgs["prop2"].id, "stand": stand.id},
            ],
        },
    )
    assert response.status_code == 200, response.get_json()
    got = {a["organisation"]["id"]: a["area_m2"] for a in response.get_json()["assigned"]}
    assert got == {orgs["prop1"].id: 14.0, orgs["prop2"].id: 15.0}


def test_api_bad_area_is_422_naming_the_field(client, roomy):
    response = _put(
        client,
        roomy,
        {
            "cluster": "meri",
            "assignments": [{"organisation": roomy["orgs"]["prop1"].id, "area_m2": -3}],
        },
    )
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert any(f.startswith("assignments") for f in fields), fields
