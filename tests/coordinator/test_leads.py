"""Leads: stage, owner, filters, import and export."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from matchmaker.extensions import db
from matchmaker.services import leads
from matchmaker.services.errors import PermissionDenied
from tests.conftest import valid_business_id
from tests.coordinator.conftest import to_csv


def _lead(cluster, user, **kw):
    lead = leads.save(user, cluster, {"name": "Kuljetus Oy", "status": "identified", **kw})
    db.session.commit()
    return lead


def test_filter_by_status_and_owner(coordinated):
    cluster, user = coordinated
    _lead(cluster, user, name="A Oy", status="meeting", owner_id=str(user.id))
    _lead(cluster, user, name="B Oy", status="contacted")
    found = leads.search(cluster, leads.LeadQuery(status="meeting", owner=str(user.id)))
    assert [lead.name for lead in found] == ["A Oy"]


def test_owner_must_coordinate_the_cluster(coordinated, make_user):
    cluster, user = coordinated
    with pytest.raises(leads.DomainError) as caught:
        leads.save(user, cluster, {"name": "A Oy", "owner_id": str(make_user().id)})
    assert "owner_id" in caught.value.fields


def test_only_coordinators_save_leads(make_cluster, make_user):
    with pytest.raises(PermissionDenied):
        leads.save(make_user(), make_cluster(), {"name": "A Oy"})


def test_import_adds_then_updates_by_business_id(coordinated):
    cluster, user = coordinated
    bid = valid_business_id(7001)
    rows = [["Nimi", "Y-tunnus", "Kunta"], ["Kuljetus Oy", bid, "Kemi"]]
    leads.import_file(user, cluster, "l.csv", to_csv(rows))
    rows[1][0], rows[1][2] = "Kuljetus ja Huolinta Oy", "Tornio"
    leads.import_file(user, cluster, "l.csv", to_csv(rows))
    db.session.commit()
    [lead] = leads.search(cluster, leads.LeadQuery())
    assert (lead.name, lead.municipality) == ("Kuljetus ja Huolinta Oy", "Tornio")


def test_lead_page_and_xlsx_export(client, auth, coordinated):
    cluster, user = coordinated
    _lead(cluster, user, next_step="Soita", next_step_on=date(2026, 12, 1))
    auth.login(user.email)
    assert "Kuljetus Oy" in client.get(f"/coordinator/{cluster.slug}/leads").get_data(True)
    response = client.get(f"/coordinator/{cluster.slug}/leads/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.cell(row=2, column=1).value == "Kuljetus Oy"
    assert sheet.cell(row=2, column=9).value == "2026-12-01"


def test_a_bookmarked_owner_who_no_longer_coordinates_filters_nothing(
    client, auth, coordinated, make_user
):
    cluster, user = coordinated
    _lead(cluster, user, name="Kuljetus Oy")
    auth.login(user.email)
    page = client.get(f"/coordinator/{cluster.slug}/leads?owner={make_user().id}")
    assert "Kuljetus Oy" in page.get_data(True)
