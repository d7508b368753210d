"""The interest deadline ends at midnight in the cluster's zone, not at midnight UTC."""

from datetime import date, datetime

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import FairInterest
from matchmaker.services import fairs
from matchmaker.services.errors import DomainError

DEADLINE = date(2026, 3, 10)
# 00:30 on 11 March in Helsinki (UTC+2): the deadline day is over, though UTC still says 10 March.
HALF_PAST_MIDNIGHT_HELSINKI = datetime(2026, 3, 10, 22, 30)
# 23:30 on 10 March in Helsinki: the last hour of the deadline day.
LAST_HOUR_HELSINKI = datetime(2026, 3, 10, 21, 30)


@pytest.fixture
def closing(fair_setup):
    for stand in (fair_setup["propulsion"], fair_setup["interiors"]):
        stand.interest_deadline = DEADLINE
    db.session.commit()
    return fair_setup


def _interest_count() -> int:
    return db.session.scalar(
        sa.select(sa.func.count(FairInterest.id)).where(FairInterest.status == "active")
    )


def _post_interest(client, auth, setup):
    auth.login(setup["people"]["prop1"].email)
    return client.post(
        f"/fairs/{setup['fair'].id}/interest",
        data={"cluster": setup["cluster"].id, "area_wanted": "6", "exhibits": "Potkureita"},
        follow_redirects=True,
    )


def test_interest_at_half_past_midnight_helsinki_is_refused(client, auth, closing, freeze_clock):
    freeze_clock(HALF_PAST_MIDNIGHT_HELSINKI)
    response = _post_interest(client, auth, closing)
    assert b"Registration of interest closed on" in response.data
    assert _interest_count() == 0


def test_interest_in_the_last_hour_of_the_deadline_day_is_accepted(
    client, auth, closing, freeze_clock
):
    freeze_clock(LAST_HOUR_HELSINKI)
    _post_interest(client, auth, closing)
    assert _interest_count() == 1


def test_withdraw_at_half_past_midnight_helsinki_is_refused(client, auth, closing, freeze_clock):
    freeze_clock(LAST_HOUR_HELSINKI)
    _post_interest(client, auth, closing)
    freeze_clock(HALF_PAST_MIDNIGHT_HELSINKI)
    response = client.post(f"/fairs/{closing['fair'].id}/interest/withdraw", follow_redirects=True)
    assert b"The deadline has passed" in response.data
    assert _interest_count() == 1


def test_deadline_follows_the_clusters_own_zone(closing):
    """For a cluster in Lisbon (UTC+0 in March), 22:30 UTC is still the deadline day."""
    cluster = closing["cluster"]
    assert fairs.deadline_passed(closing["fair"], cluster, HALF_PAST_MIDNIGHT_HELSINKI) == DEADLINE
    cluster.timezone = "Europe/Lisbon"
    assert fairs.deadline_passed(closing["fair"], cluster, HALF_PAST_MIDNIGHT_HELSINKI) is None


def test_register_interest_takes_the_moment_to_judge(closing):
    with pytest.raises(DomainError):
        fairs.register_interest(
            closing["people"]["prop1"],
            closing["fair"],
            closing["cluster"],
            {"area_wanted": "6"},
            now=HALF_PAST_MIDNIGHT_HELSINKI,
        )
