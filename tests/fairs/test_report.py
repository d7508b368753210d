"""Fair figures in the funder report, counted by hand."""

from datetime import timedelta

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditEntry
from matchmaker.services import accounts, fairs, reports


def test_report_counts_fairs_stands_and_exhibitors(client, auth, fair_setup):
    setup = fair_setup
    for key in ("prop1", "prop2", "int1"):
        fairs.register_interest(setup["people"][key], setup["fair"], setup["cluster"], {})
    orgs = setup["orgs"]
    fairs.assign(
        setup["coordinator"],
        setup["fair"],
        setup["cluster"],
        {
            orgs["prop1"].id: setup["propulsion"].id,
            orgs["prop2"].id: setup["propulsion"].id,
            orgs["int1"].id: None,
        },
    )
    db.session.commit()
    start = setup["today"]
    inside = reports.period(start, start + timedelta(days=365))
    before = reports.period(start - timedelta(days=365), start)
    assert reports.fairs_section(setup["cluster"], inside) == {
        "fairs": 1,
        "stands": 2,
        "exhibitors": 2,
    }
    assert reports.fairs_section(setup["cluster"], before) == {
        "fairs": 0,
        "stands": 0,
        "exhibitors": 0,
    }

    auth.login(setup["coordinator"].email)
    html = client.get(
        f"/coordinator/meri/report/fairs?start={inside.start}&end={inside.end}"
    ).get_data(as_text=True)
    assert "Potkuri Oy" in html and "Akseli Oy" in html and "Sisustus Oy" not in html


def test_stand_assignments_and_registrations_are_audited(client, auth, fair_setup):
    setup = fair_setup
    fairs.register_interest(setup["people"]["prop1"], setup["fair"], setup["cluster"], {})
    fairs.assign(
        setup["coordinator"],
        setup["fair"],
        setup["cluster"],
        {setup["orgs"]["prop1"].id: setup["propulsion"].id},
    )
    fairs.confirm_stand(setup["coordinator"], setup["propulsion"])
    db.session.commit()
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions[-2:] == ["stand.assigned", "stand.confirmed"]
    auth.login(setup["coordinator"].email)
    assert "Joint stand confirmed" in client.get("/coordinator/meri/audit").get_data(as_text=True)


def test_report_page_names_every_figure(client, auth, fair_setup):
    auth.login(fair_setup["coordinator"].email)
    html = client.get("/coordinator/meri/report").get_data(as_text=True)
    for label in ("Events held", "Meetings agreed", "Meetings held", "Organisations at fairs"):
        assert label in html
    token_user = fair_setup["coordinator"]
    raw = accounts.create_api_token(token_user)
    db.session.commit()
    data = client.get(
        "/api/v1/clusters/meri/report", headers={"Authorization": f"Bearer {raw}"}
    ).get_json()
    assert set(data["meetings"]) == {"suggested", "requested", "accepted", "held", "next_step"}
    assert set(data["fairs"]) == {"fairs", "stands", "exhibitors"}
