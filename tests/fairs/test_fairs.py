"""Trade fairs: interest, assignment with places, itemised costs, confirmation, exhibitor lists."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook
from sqlalchemy.exc import IntegrityError

from matchmaker.extensions import db
from matchmaker.models import Fair, FairInterest, JointStand, OutboxMessage, StandAssignment
from matchmaker.services import accounts, fairs


def register(client, auth, setup, who, **data):
    auth.login(setup["people"][who].email)
    return client.post(
        f"/fairs/{setup['fair'].id}/interest",
        data={"cluster": setup["cluster"].id, "area_wanted": "6", "exhibits": "Potkureita", **data},
        follow_redirects=True,
    )


def test_coordinator_adds_a_fair_and_a_stand(client, auth, fair_setup):
    auth.login(fair_setup["coordinator"].email)
    response = client.post(
        "/fairs/new",
        data={
            "name": "Nor-Shipping",
            "city": "Oslo",
            "country": "NO",
            "starts_on": "2027-06-01",
            "ends_on": "2027-06-04",
        },
    )
    fair = db.session.scalar(sa.select(Fair).where(Fair.name == "Nor-Shipping"))
    assert response.status_code == 302 and fair is not None
    client.post(
        f"/fairs/{fair.id}/stands/new",
        data={
            "cluster": fair_setup["cluster"].id,
            "name": "Finland Pavilion",
            "area_m2": "40",
            "places": "5",
            "pricing": "per_m2",
            "price_per_m2": "250",
            "fee_per_company": "300",
        },
    )
    assert db.session.scalar(sa.select(JointStand).where(JointStand.fair_id == fair.id)).places == 5
    assert "Nor-Shipping" in client.get("/fairs/").get_data(as_text=True)


def test_fair_with_end_before_start_is_refused(client, auth, fair_setup):
    auth.login(fair_setup["coordinator"].email)
    response = client.post(
        "/fairs/new",
        data={"name": "X", "country": "FI", "starts_on": "2027-06-04", "ends_on": "2027-06-01"},
    )
    assert b"cannot end before it starts" in response.data
    assert db.session.scalar(sa.select(Fair).where(Fair.name == "X")) is None


def test_member_registers_interest_once(client, auth, fair_setup):
    register(client, auth, fair_setup, "prop1")
    response = register(client, auth, fair_setup, "prop1")
    assert db.session.scalar(sa.select(sa.func.count(FairInterest.id))) == 1
    assert b"Withdraw interest" in response.data


def test_non_member_cannot_register_interest(client, auth, fair_setup):
    response = register(client, auth, fair_setup, "outsider")
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count(FairInterest.id))) == 0


def test_interest_after_deadline_is_refused(client, auth, fair_setup):
    for stand in (fair_setup["propulsion"], fair_setup["interiors"]):
        stand.interest_deadline = fair_setup["today"] - timedelta(days=1)
    db.session.commit()
    response = register(client, auth, fair_setup, "prop1")
    assert b"closed" in response.data
    assert db.session.scalar(sa.select(sa.func.count(FairInterest.id))) == 0


def test_withdraw_before_deadline(client, auth, fair_setup):
    register(client, auth, fair_setup, "prop1")
    client.post(f"/fairs/{fair_setup['fair'].id}/interest/withdraw")
    assert db.session.scalar(sa.select(FairInterest)).status == "withdrawn"
    register(client, auth, fair_setup, "prop1")  # may register again
    assert (
        db.session.scalar(
            sa.select(sa.func.count(FairInterest.id)).where(FairInterest.status == "active")
        )
        == 1
    )


def test_database_refuses_two_active_interests(fair_setup):
    org = fair_setup["orgs"]["prop1"]
    for _ in range(2):
        db.session.add(
            FairInterest(
                fair_id=fair_setup["fair"].id,
                cluster_id=fair_setup["cluster"].id,
                organisation_id=org.id,
            )
        )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def _register_all(setup):
    for key in ("prop1", "prop2", "int1"):
        fairs.register_interest(
            setup["people"][key], setup["fair"], setup["cluster"], {"area_wanted": "6"}
        )
    db.session.commit()


def test_assignment_over_places_is_refused(client, auth, fair_setup):
    _register_all(fair_setup)
    auth.login(fair_setup["coordinator"].email)
    stand = fair_setup["propulsion"]  # two places
    data = {f"org-{o.id}": stand.id for o in fair_setup["orgs"].values()}
    response = client.post(
        f"/fairs/{fair_setup['fair'].id}/manage/meri/assign", data=data, follow_redirects=True
    )
    assert b"has 2 places" in response.data
    assert db.session.scalar(sa.select(sa.func.count(StandAssignment.id))) == 0


def test_member_sees_stand_neighbours_and_itemised_cost(client, auth, fair_setup):
    _register_all(fair_setup)
    orgs, stand = fair_setup["orgs"], fair_setup["propulsion"]
    fairs.assign(
        fair_setup["coordinator"],
        fair_setup["fair"],
        fair_setup["cluster"],
        {
            orgs["prop1"].id: stand.id,
            orgs["prop2"].id: stand.id,
            orgs["int1"].id: fair_setup["interiors"].id,
        },
    )
    db.session.commit()
    auth.login(fair_setup["people"]["prop1"].email)
    html = client.get(f"/fairs/{fair_setup['fair'].id}").get_data(as_text=True)
    assert "Your stand: Propulsion" in html
    assert "Akseli Oy" in html  # neighbour
    # 6 m² × 300 € + 500 € fee = 2 300 €
    assert "6\xa0m² × €300.00/m²" in html and "€2,300.00" in html


def test_split_pricing_divides_total_evenly(fair_setup):
    _register_all(fair_setup)
    orgs, stand = fair_setup["orgs"], fair_setup["interiors"]
    fairs.assign(
        fair_setup["coordinator"],
        fair_setup["fair"],
        fair_setup["cluster"],
        {orgs["prop1"].id: stand.id, orgs["prop2"].id: stand.id, orgs["int1"].id: stand.id},
    )
    db.session.commit()
    lines = fairs.cost_for(stand, stand.assignments[0])
    assert fairs.total(lines) == Decimal("3000.00")


def test_confirming_a_stand_mails_exhibitors_with_cost(client, auth, fair_setup):
    _register_all(fair_setup)
    orgs, stand = fair_setup["orgs"], fair_setup["propulsion"]
    fairs.assign(
        fair_setup["coordinator"],
        fair_setup["fair"],
        fair_setup["cluster"],
        {orgs["prop1"].id: stand.id},
    )
    db.session.commit()
    auth.login(fair_setup["coordinator"].email)
    client.post(
        f"/fairs/{fair_setup['fair'].id}/stands/{stand.id}/confirm", data={"action": "confirm"}
    )
    db.session.refresh(stand)
    assert stand.status == "confirmed"
    message = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == "prop1@example.fi")
    )
    assert "Navigate" in message.subject and "2" in message.body and "500" in message.body


def test_exhibitor_lists(client, auth, fair_setup):
    _register_all(fair_setup)
    orgs, stand = fair_setup["orgs"], fair_setup["propulsion"]
    fairs.assign(
        fair_setup["coordinator"],
        fair_setup["fair"],
        fair_setup["cluster"],
        {orgs["prop1"].id: stand.id},
    )
    db.session.commit()
    auth.login(fair_setup["coordinator"].email)
    base = f"/fairs/{fair_setup['fair'].id}/manage/meri/exhibitors"
    text = client.get(base + ".csv").data.decode("utf-8-sig")
    assert "Potkuri Oy" in text and orgs["prop1"].business_id in text and "Propulsion" in text
    book = load_workbook(io.BytesIO(client.get(base + ".xlsx").data))
    values = [c.value for row in book.active.iter_rows() for c in row]
    assert "Potkuri Oy" in values


def test_manage_page_is_for_coordinators(client, auth, fair_setup):
    auth.login(fair_setup["people"]["prop1"].email)
    assert client.get(f"/fairs/{fair_setup['fair'].id}/manage/meri").status_code == 403
    assert (
        client.get(f"/fairs/{fair_setup['fair'].id}/manage/meri/exhibitors.csv").status_code == 403
    )


def test_api_fairs_stands_and_interest(client, fair_setup):
    token = accounts.create_api_token(fair_setup["people"]["int1"])
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    items = client.get("/api/v1/fairs").get_json()["items"]
    assert items[0]["name"] == "Navigate"
    stands = client.get(f"/api/v1/fairs/{fair_setup['fair'].id}/stands").get_json()["items"]
    assert {s["name"] for s in stands} == {"Propulsion", "Interiors"}
    response = client.post(
        f"/api/v1/fairs/{fair_setup['fair'].id}/interest",
        json={"cluster": "meri", "area_wanted": 4, "exhibits": "Kalusteet"},
        headers=headers,
    )
    assert response.status_code == 201
    again = client.post(
        f"/api/v1/fairs/{fair_setup['fair'].id}/interest", json={"cluster": "meri"}, headers=headers
    )
    assert again.status_code == 409
    assert again.get_json()["error"]["code"] == "conflict"


def test_api_grouping_is_for_coordinators(client, fair_setup):
    token = accounts.create_api_token(fair_setup["people"]["prop1"])
    db.session.commit()
    response = client.get(
        f"/api/v1/fairs/{fair_setup['fair'].id}/grouping",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 403
