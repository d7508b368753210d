"""CSV injection: every export that goes through spreadsheets.guard, in CSV and in XLSX."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.models import (
    Event,
    Fair,
    JointStand,
    Lead,
    Registration,
    StandAssignment,
    utcnow,
)
from matchmaker.services import event_exports, exports, fairs, leads, reports, spreadsheets

# The OWASP list of dangerous first characters, with the payloads that got past the old
# "+ or - followed by a digit is a number" exception.
PAYLOADS = [
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "=1+1",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "+358 40 123 4567",
    "-10",
]
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cells(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _xlsx_cells(content: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(content)).active
    for row in sheet.iter_rows():
        for cell in row:
            # openpyxl reads a string that starts with "=" back as a formula ("f").
            assert cell.data_type != "f", cell.value
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def _assert_guarded(cells: list[list], payload: str) -> None:
    strings = [c for row in cells for c in row if isinstance(c, str)]
    assert "'" + payload in strings
    assert not [c for c in strings if c.startswith(DANGEROUS)]


def _check_both(build, payload: str) -> None:
    """build(fmt) -> bytes of the export in that format."""
    _assert_guarded(_csv_cells(build("csv")), payload)
    _assert_guarded(_xlsx_cells(build("xlsx")), payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_guard_prefixes_every_dangerous_start(payload):
    assert spreadsheets.guard(payload) == "'" + payload


def test_guard_leaves_numbers_as_numbers():
    assert [spreadsheets.guard(v) for v in (-5, 3.5, Decimal("-1.5"), 0)] == [
        -5,
        3.5,
        Decimal("-1.5"),
        0,
    ]
    sheet = load_workbook(
        io.BytesIO(spreadsheets.to_xlsx([["n", "x", "d"], [-5, -2.5, Decimal("7.5")]]))
    ).active
    assert [c.data_type for c in sheet[2]] == ["n", "n", "n"]
    assert [c.value for c in sheet[2]] == [-5, -2.5, 7.5]
    assert _csv_cells(spreadsheets.to_csv([[-5, -2.5]]))[0] == ["-5", "-2.5"]


@pytest.mark.parametrize("payload", PAYLOADS[:4])
def test_member_list_and_directory_exports_are_guarded(make_cluster, make_org, payload):
    cluster = make_cluster()
    # Profiles are trimmed, so tab and CR starts are covered by the attendee export.
    make_org(cluster, name=payload, description=payload, employees=12)
    for full in (False, True):
        _check_both(lambda fmt, full=full: exports.member_list(cluster, fmt, full=full), payload)
    sheet = load_workbook(io.BytesIO(exports.member_list(cluster, "xlsx"))).active
    assert sheet.cell(row=2, column=exports.MEMBER_COLUMNS.index("employees") + 1).data_type == "n"


def test_funder_report_export_is_guarded_and_counts_are_numbers(make_cluster, make_org):
    cluster = make_cluster()
    payload = PAYLOADS[0]
    make_org(cluster, municipality=payload)
    # The cluster's today: from 22:00 UTC it is already tomorrow in Helsinki, and a member
    # who joined then is outside a period that ends on the UTC date.
    today = timeutil.today(timeutil.zone_name(cluster))
    p = reports.period((today - timedelta(days=30)).isoformat(), today.isoformat(), cluster)
    rows = reports.report_rows(reports.funder_report(cluster, p), {})
    _check_both(lambda fmt: spreadsheets.render(rows, fmt, "report"), payload)
    sheet = load_workbook(io.BytesIO(spreadsheets.to_xlsx(rows))).active
    assert sheet.cell(row=3, column=3).data_type == "n"


def test_lead_export_is_guarded(make_cluster):
    cluster = make_cluster()
    payload = PAYLOADS[0]
    lead = Lead(cluster_id=cluster.id, name=payload, notes=PAYLOADS[3])
    db.session.add(lead)
    db.session.commit()
    _assert_guarded(_xlsx_cells(spreadsheets.to_xlsx(leads.rows([lead]), "leads")), payload)


def test_attendee_exports_are_guarded(make_cluster):
    cluster = make_cluster()
    payload = PAYLOADS[0]
    starts = (utcnow() + timedelta(days=14)).replace(hour=7, minute=0, second=0, microsecond=0)
    event = Event(
        cluster_id=cluster.id,
        title="Seminaari",
        kind="seminar",
        starts_at=starts,
        ends_at=starts + timedelta(hours=6),
        status="published",
        language="en",
    )
    db.session.add(event)
    db.session.flush()
    db.session.add(
        Registration(
            event_id=event.id,
            name=payload,
            email="a@example.fi",
            dietary=PAYLOADS[1],
            note=PAYLOADS[4],
            status="confirmed",
        )
    )
    db.session.commit()
    builders = {"csv": event_exports.attendees_csv, "xlsx": event_exports.attendees_xlsx}
    _check_both(lambda fmt: builders[fmt](event), payload)


def test_exhibitor_exports_are_guarded(make_cluster, make_org):
    cluster = make_cluster()
    payload = PAYLOADS[0]
    org = make_org(cluster, name=payload, website="")
    today = date.today()
    fair = Fair(
        name="Navigate",
        city="Turku",
        country="FI",
        starts_on=today + timedelta(days=90),
        ends_on=today + timedelta(days=91),
    )
    db.session.add(fair)
    db.session.flush()
    stand = JointStand(
        fair=fair,
        cluster_id=cluster.id,
        name="@Propulsion",
        theme="Potkurit",
        area_m2=Decimal("30"),
        places=2,
        pricing="split",
        total_price=Decimal("9000"),
        interest_deadline=today + timedelta(days=30),
    )
    db.session.add(stand)
    db.session.flush()
    db.session.add(StandAssignment(fair_id=fair.id, stand_id=stand.id, organisation_id=org.id))
    db.session.commit()
    rows = fairs.exhibitor_table(fair, cluster.id)
    _check_both(lambda fmt: spreadsheets.render(rows, fmt, "Exhibitors"), payload)
