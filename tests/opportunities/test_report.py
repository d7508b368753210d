"""The funder report counts each step of an opportunity in the period it happened."""

from datetime import datetime

from matchmaker.extensions import db
from matchmaker.services import opportunities as service
from matchmaker.services import reports


def _full_story(maritime, post, app, freeze_clock):
    cluster, _, orgs, people = maritime
    freeze_clock(datetime(2027, 3, 1, 10, 0))
    opp = post(people["yard"], cluster, deadline=datetime(2027, 3, 20).date())
    other = post(
        people["yard"],
        cluster,
        kind="joint_bid",
        title="SMM-osasto",
        deadline=datetime(2027, 3, 20).date(),
    )
    with app.test_request_context():
        item = service.express_interest(people["shafts"], opp, "Koneistamme")
        service.express_interest(people["hvac"], opp, "Mekin")
        service.express_interest(people["hvac"], other, "Osastolle")
        db.session.commit()
        freeze_clock(datetime(2027, 4, 2, 10, 0))
        service.decide_interest(people["yard"], item, True)
        service.fulfil(people["yard"], opp, orgs["shafts"])
        db.session.commit()
    return cluster, opp


def test_report_counts_each_step_in_its_period_and_per_kind(maritime, post, app, freeze_clock):
    cluster, _ = _full_story(maritime, post, app, freeze_clock)
    march = reports.opportunities_section(
        cluster, reports.period("2027-03-01", "2027-03-31", cluster)
    )
    assert march["totals"] == {"published": 2, "interests": 3, "accepted": 0, "fulfilled": 0}
    assert dict(march["by_kind"]["interests"]) == {"joint_bid": 1, "subcontracting": 2}
    april = reports.opportunities_section(
        cluster, reports.period("2027-04-01", "2027-04-30", cluster)
    )
    assert april["totals"] == {"published": 0, "interests": 0, "accepted": 1, "fulfilled": 1}
    assert dict(april["by_kind"]["fulfilled"]) == {"subcontracting": 1}


def test_report_page_csv_and_drilldown_show_the_fulfilled_post(
    maritime, post, app, freeze_clock, client, auth
):
    cluster, opp = _full_story(maritime, post, app, freeze_clock)
    _, _, _, people = maritime
    auth.login(people["coord"].email)
    args = "start=2027-04-01&end=2027-04-30"
    page = client.get(f"/coordinator/{cluster.slug}/report?{args}").data.decode()
    assert 'data-figure="fulfilled">1<' in page
    csv = client.get(f"/coordinator/{cluster.slug}/report.csv?{args}").data.decode()
    assert "Opportunities fulfilled,1" in csv.replace(";", ",")
    drill = client.get(f"/opportunities/report/{cluster.slug}?figure=fulfilled&{args}")
    assert drill.status_code == 200 and opp.title.encode() in drill.data
    assert b"Akselipaja Oy" in drill.data
    auth.logout()
    auth.login(people["yard"].email)
    assert client.get(f"/opportunities/report/{cluster.slug}").status_code == 403
