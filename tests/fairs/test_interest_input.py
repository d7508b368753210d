"""Fair interest through the API: malformed fields are 422 naming the field, never a 500
(issue 10, defect 9)."""

import pytest

from matchmaker.extensions import db
from matchmaker.models import FairInterest
from matchmaker.services import accounts


@pytest.fixture
def post(client, fair_setup):
    raw = accounts.create_api_token(fair_setup["people"]["int1"])
    db.session.commit()
    url = f"/api/v1/fairs/{fair_setup['fair'].id}/interest"

    def send(**body):
        return client.post(url, json={"cluster": "meri", **body}, headers={
            "Authorization": f"Bearer {raw}"})  # fmt: skip

    return send


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("preferred_stand_id", "abc"),
        ("preferred_stand_id", [1]),
        ("preferred_stand_id", 10**30),
        ("preferred_stand_id", 2**31),
        ("preferred_stand_id", 1.5),
        ("preferred_stand_id", {"id": 1}),
        ("exhibits", 5),
        ("exhibits", ["Kalusteet"]),
        ("exhibits", "x" * 2001),
        ("message", {"a": 1}),
        ("message", True),
        ("area_wanted", "lots"),
        ("area_wanted", -1),
        ("area_wanted", 1e400),
        ("unknown", 1),
    ],
)
def test_malformed_interest_is_422_naming_the_field(post, field, value):
    response = post(**{field: value})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert db.session.query(FairInterest).count() == 0


def test_a_stand_of_the_fair_is_accepted(post, fair_setup):
    response = post(preferred_stand_id=fair_setup["interiors"].id, exhibits="Kalusteet")
    assert response.status_code == 201
    item = db.session.get(FairInterest, response.get_json()["id"])
    assert (item.preferred_stand_id, item.exhibits) == (fair_setup["interiors"].id, "Kalusteet")


def test_an_unknown_stand_is_422_naming_the_field(post):
    response = post(preferred_stand_id=2**31 - 1)
    assert response.status_code == 422
    assert "preferred_stand_id" in response.get_json()["error"]["fields"]
