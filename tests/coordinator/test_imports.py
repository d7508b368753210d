"""Member list import: encodings, separators, row errors, all or nothing, updates."""

from __future__ import annotations

import io
import re
import tracemalloc
import zipfile

import pytest
import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, Membership, Organisation, OutboxMessage
from matchmaker.services import accounts, imports
from matchmaker.services import clusters as cluster_service
from matchmaker.services.errors import DomainError, PermissionDenied
from tests.conftest import valid_business_id
from tests.coordinator.conftest import HEADERS, member_rows, to_csv


def _count_orgs() -> int:
    return db.session.scalar(sa.select(sa.func.count(Organisation.id)))


def _import(cluster, content: bytes, filename="jasenet.csv", dry_run=False):
    result = imports.import_file(cluster, filename, content, dry_run=dry_run)
    db.session.commit()
    return result


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_finnish_characters_survive_both_encodings(make_cluster, encoding):
    cluster = make_cluster()
    _import(cluster, to_csv([HEADERS, *member_rows(3)], encoding=encoding))
    names = set(db.session.scalars(sa.select(Organisation.name)))
    assert "Äänekosken Öljy 0 Oy" in names
    assert db.session.scalar(sa.select(Organisation.municipality).limit(1)) in (
        "Lahti",
        "Hämeenlinna",
    )


def test_comma_separated_file_with_bom_is_read(make_cluster):
    cluster = make_cluster()
    rows = [[c.replace(",", "") for c in r] for r in [HEADERS, *member_rows(2)]]
    result = _import(cluster, to_csv(rows, sep=",", bom=True))
    assert result.created == 2
    assert {o.name for o in db.session.scalars(sa.select(Organisation))} == {
        "Äänekosken Öljy 0 Oy",
        "Äänekosken Öljy 1 Oy",
    }


def test_empty_row_is_skipped_and_rows_keep_spreadsheet_numbers(make_cluster):
    cluster = make_cluster()
    rows = [HEADERS, *member_rows(2)]
    rows.insert(2, [""] * len(HEADERS))
    rows[3][1] = "1234567-8"  # bad check digit, on spreadsheet row 4 after the empty row 3
    with pytest.raises(imports.ImportRejected) as caught:
        _import(cluster, to_csv(rows))
    assert [(e["row"], e["field"]) for e in caught.value.preview.errors()] == [(4, "business_id")]


def test_bad_business_id_on_row_37_imports_nothing_and_names_the_row(make_cluster):
    cluster = make_cluster()
    rows = [HEADERS, *member_rows(60)]
    rows[36][1] = "2000001-1"  # row 37 of the sheet (the header is row 1)
    with pytest.raises(imports.ImportRejected) as caught:
        _import(cluster, to_csv(rows))
    db.session.rollback()
    assert [(e["row"], e["field"]) for e in caught.value.preview.errors()] == [(37, "business_id")]
    assert _count_orgs() == 0


def test_existing_business_id_is_updated_not_duplicated(make_cluster, make_org):
    cluster = make_cluster()
    rows = [HEADERS, *member_rows(2)]
    org = make_org(name="Vanha nimi Oy", business_id=rows[1][1], municipality="Kemi")
    result = imports.import_file(cluster, "x.csv", to_csv(rows), dry_run=True)
    assert [i["action"] for i in result.summary()["items"]] == ["update", "create"]
    _import(cluster, to_csv(rows))
    assert _count_orgs() == 2
    db.session.refresh(org)
    assert (org.name, org.municipality) == ("Äänekosken Öljy 0 Oy", "Lahti")
    assert org.contacts[0].email == "myynti0@yritys.fi"


def test_imported_organisations_become_approved_members(make_cluster):
    cluster = make_cluster()
    _import(cluster, to_csv([HEADERS, *member_rows(3)]))
    statuses = db.session.scalars(
        sa.select(Membership.status).where(Membership.cluster_id == cluster.id)
    ).all()
    assert statuses == ["approved"] * 3


def test_dry_run_writes_nothing(make_cluster):
    cluster = make_cluster()
    result = _import(cluster, to_csv([HEADERS, *member_rows(3)]), dry_run=True)
    assert result.created == 3 and _count_orgs() == 0


def test_duplicate_inside_the_file_names_the_first_row(make_cluster):
    cluster = make_cluster()
    rows = [HEADERS, *member_rows(3)]
    rows[3][1] = rows[1][1]
    with pytest.raises(imports.ImportRejected) as caught:
        _import(cluster, to_csv(rows))
    [error] = caught.value.preview.errors()
    assert error["row"] == 4 and "row 2" in error["messages"][0]


def test_bad_email_and_country_are_named_by_field(make_cluster):
    cluster = make_cluster()
    rows = [HEADERS, *member_rows(1)]
    rows[1][4], rows[1][5] = "SE, XX", "ei-osoite"
    with pytest.raises(imports.ImportRejected) as caught:
        _import(cluster, to_csv(rows))
    assert {e["field"] for e in caught.value.preview.errors()} == {
        "export_markets",
        "contact_email",
    }


def test_xlsx_member_list_is_imported(make_cluster):
    cluster = make_cluster()
    book = Workbook()
    sheet = book.active
    sheet.append(["Nimi", "Y-tunnus", "Henkilöstö"])
    sheet.append(["Lämpö Oy", valid_business_id(9001), 12])
    out = io.BytesIO()
    book.save(out)
    _import(cluster, out.getvalue(), filename="jasenet.xlsx")
    org = db.session.scalar(sa.select(Organisation))
    assert (org.name, org.employees) == ("Lämpö Oy", 12)


def test_mapping_is_remembered_for_the_cluster(make_cluster):
    cluster = make_cluster()
    rows = [["Firma", "Tunniste"], ["Lämpö Oy", valid_business_id(9002)]]
    table = imports.read_table("x.csv", to_csv(rows))
    mapping = {"Firma": "name", "Tunniste": "business_id"}
    imports.import_members(cluster, table, mapping)
    db.session.commit()
    assert imports.guess_mapping(["Firma", "Tunniste"], imports.remembered_mapping(cluster)) == (
        mapping
    )


def test_import_is_in_the_audit_log(make_cluster):
    cluster = make_cluster()
    _import(cluster, to_csv([HEADERS, *member_rows(2)]))
    actions = db.session.scalars(
        sa.select(AuditEntry.action).where(AuditEntry.cluster_id == cluster.id)
    ).all()
    assert sorted(actions) == ["import.created", "import.created", "import.members"]


def test_cli_dry_run_reports_row_errors(runner, make_cluster, tmp_path):
    cluster = make_cluster()
    rows = [HEADERS, *member_rows(3)]
    rows[2][1] = "123"
    path = tmp_path / "jasenet.csv"
    path.write_bytes(to_csv(rows, encoding="cp1252"))
    result = runner.invoke(args=["import-members", cluster.slug, str(path), "--dry-run"])
    assert result.exit_code == 1
    assert "\n3 business_id: " in result.output
    assert _count_orgs() == 0


def test_cli_imports_a_file(runner, make_cluster, tmp_path):
    cluster = make_cluster()
    path = tmp_path / "jasenet.csv"
    path.write_bytes(to_csv([HEADERS, *member_rows(4)]))
    result = runner.invoke(args=["import-members", cluster.slug, str(path)])
    assert result.exit_code == 0, result.output
    assert _count_orgs() == 4


# --------------------------------------------------------------------- hostile files
def _xlsx(rows: list[list]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _edit_sheet(content: bytes, edit) -> bytes:
    """Rewrite xl/worksheets/sheet1.xml inside the zip, as an attacker with a text editor."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode("utf-8")).encode("utf-8")
            target.writestr(info.filename, data)
    return out.getvalue()


def _declare_huge(xml: str) -> str:
    return re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:XFD15000"/>', xml)


def _measure(call):
    """(result or raised DomainError, peak MB allocated while it ran). Memory, not time: a
    declared or real size that was allocated shows here whatever else the machine does."""
    tracemalloc.start()
    try:
        outcome = call()
    except DomainError as exc:
        outcome = exc
    finally:
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
    return outcome, peak


def test_declared_dimension_of_15000_by_16384_is_not_allocated():
    content = _edit_sheet(_xlsx([["Nimi", "Y-tunnus"], ["Lämpö Oy", "2000131-8"]]), _declare_huge)
    assert b"XFD15000" in zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    table, peak = _measure(lambda: imports.read_table("x.xlsx", content))
    assert table.headers == ["Nimi", "Y-tunnus"] and len(table.rows) == 1
    assert peak < 50


def test_small_xlsx_with_a_cell_at_xfd15000_is_refused_without_allocating_it():
    far = '<row r="15000"><c r="XFD15000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    content = _edit_sheet(
        _xlsx([["Nimi", "Y-tunnus"], ["Lämpö Oy", "2000131-8"]]),
        lambda xml: _declare_huge(xml).replace("</sheetData>", far),
    )
    assert len(content) < 10_000
    error, peak = _measure(lambda: imports.read_table("x.xlsx", content))
    assert isinstance(error, DomainError)
    assert f"At most {imports.MAX_COLUMNS} columns" in str(error.message)
    assert error.fields.keys() == {"file"}
    assert peak < 50


def test_header_of_16384_columns_is_refused_not_previewed():
    cells = "".join(
        f'<c r="{get_column_letter(i)}1" t="inlineStr"><is><t>c{i}</t></is></c>'
        for i in range(1, 16385)
    )
    content = _edit_sheet(
        _xlsx([["Nimi"]]),
        lambda xml: re.sub(
            r"<sheetData>.*</sheetData>",
            f'<sheetData><row r="1">{cells}</row></sheetData>',
            xml,
            flags=re.S,
        ),
    )
    error, peak = _measure(lambda: imports.read_table("x.xlsx", content))
    assert isinstance(error, DomainError) and "columns" in str(error.message)
    assert peak < 50
    wide_csv = ";".join(f"c{i}" for i in range(16384)).encode() + b"\r\n" + b"x;y\r\n"
    with pytest.raises(DomainError, match="columns"):
        imports.read_table("x.csv", wide_csv)


def test_xlsx_row_numbered_far_beyond_the_limit_is_refused():
    far = '<row r="900000"><c r="A900000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
    content = _edit_sheet(_xlsx([["Nimi"], ["A Oy"]]), lambda xml: xml.replace("</sheetData>", far))
    error, peak = _measure(lambda: imports.read_table("x.xlsx", content))
    assert isinstance(error, DomainError) and "rows" in str(error.message)
    assert peak < 50


def test_csv_with_utf8_and_windows_1252_rows_is_refused_with_the_row_named():
    utf8 = to_csv([HEADERS, *member_rows(3)])
    cp1252 = to_csv(member_rows(2, start=7000), encoding="cp1252")
    with pytest.raises(DomainError) as caught:
        imports.read_table("x.csv", utf8 + cp1252)
    assert "Row 5 " in str(caught.value.message) and caught.value.fields.keys() == {"file"}
    # The other way round: a Windows-1252 list with UTF-8 rows pasted below.
    with pytest.raises(DomainError) as caught:
        imports.read_table("x.csv", to_csv([HEADERS], encoding="cp1252") + cp1252 + utf8)
    assert "Row 4 " in str(caught.value.message)


def test_csv_that_is_windows_1252_throughout_is_still_read():
    content = to_csv([HEADERS, *member_rows(3)], encoding="cp1252")
    table = imports.read_table("x.csv", content)
    assert table.headers[5] == "Sähköposti" and table.rows[0][1][0] == "Äänekosken Öljy 0 Oy"


# --------------------------------------------------------------------- whose member
@pytest.fixture
def two_clusters(make_cluster, make_org, make_user):
    """A maritime member with an admin, and the coordinator of Lapland (not of maritime)."""
    maritime = make_cluster(slug="meri")
    lapland = make_cluster(slug="lappi")
    org = make_org(maritime, name="Meri Oy", website="https://meri.example", municipality="Lahti")
    admin = make_user(org, org_role="admin", email="admin@meri.example")
    coordinator = make_user(email="coord@lappi.example")
    cluster_service.add_coordinator(lapland, coordinator)
    db.session.commit()
    return {
        "maritime": maritime,
        "lapland": lapland,
        "org": org,
        "admin": admin,
        "coordinator": coordinator,
    }


def _evil_row(business_id: str) -> bytes:
    return to_csv([["nimi", "y-tunnus", "verkkosivut"], ["X", business_id, "https://evil.example"]])


def test_import_cannot_overwrite_another_clusters_member(two_clusters):
    s = two_clusters
    org, lapland = s["org"], s["lapland"]
    result = imports.import_file(
        lapland, "x.csv", _evil_row(org.business_id), actor=s["coordinator"], dry_run=False
    )
    db.session.commit()
    assert [r.action for r in result.rows] == ["apply"] and result.updated == 0
    db.session.expire_all()
    assert (org.name, org.website) == ("Meri Oy", "https://meri.example")
    item = cluster_service.membership(lapland, org)
    assert (item.status, item.invited) == ("pending", True)
    assert org.approved_cluster_ids() == {s["maritime"].id}
    [message] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.recipient == s["admin"].email)
    ).all()
    assert "invites Meri Oy" in message.subject


def test_invitation_from_an_import_is_decided_by_the_organisations_admins(two_clusters):
    s = two_clusters
    imports.import_file(
        s["lapland"],
        "x.csv",
        _evil_row(s["org"].business_id),
        actor=s["coordinator"],
        dry_run=False,
    )
    db.session.commit()
    item = cluster_service.membership(s["lapland"], s["org"])
    with pytest.raises(PermissionDenied):
        cluster_service.decide(s["coordinator"], item, approve=True)
    assert item not in cluster_service.pending_applications(s["lapland"])
    assert item in cluster_service.pending_invitations(s["lapland"])
    cluster_service.decide(s["admin"], item, approve=True)
    db.session.commit()
    assert item.status == "approved"


def test_import_updates_a_member_the_coordinator_coordinates(two_clusters, make_org):
    s = two_clusters
    own = make_org(s["lapland"], name="Lappi Oy")
    result = imports.import_file(
        s["lapland"], "x.csv", _evil_row(own.business_id), actor=s["coordinator"], dry_run=False
    )
    db.session.commit()
    assert [r.action for r in result.rows] == ["update"]
    db.session.refresh(own)
    assert (own.name, own.website) == ("X", "https://evil.example")


def test_pending_or_declined_membership_does_not_let_an_import_update(two_clusters):
    s = two_clusters
    org = s["org"]
    db.session.add(
        Membership(cluster_id=s["lapland"].id, organisation_id=org.id, status="declined")
    )
    db.session.commit()
    result = imports.import_file(
        s["lapland"], "x.csv", _evil_row(org.business_id), actor=s["coordinator"], dry_run=True
    )
    assert [r.action for r in result.rows] == ["apply"]


def test_import_audit_entries_go_to_every_cluster_of_the_organisation(two_clusters, make_cluster):
    s = two_clusters
    org = s["org"]
    cluster_service.add_member(s["lapland"], org)
    third = make_cluster(slug="kolmas")
    cluster_service.add_coordinator(third, s["coordinator"])
    db.session.commit()
    imports.import_file(
        third, "x.csv", _evil_row(org.business_id), actor=s["coordinator"], dry_run=False
    )
    db.session.commit()
    clusters = db.session.scalars(
        sa.select(AuditEntry.cluster_id).where(
            AuditEntry.action == "import.updated", AuditEntry.organisation_id == org.id
        )
    ).all()
    assert sorted(clusters) == sorted([s["maritime"].id, s["lapland"].id, third.id])


def test_preview_page_names_rows_to_update_create_and_invite(client, auth, two_clusters, make_org):
    s = two_clusters
    own = make_org(s["lapland"], name="Lappi Oy")
    rows = [
        ["nimi", "y-tunnus"],
        ["A", s["org"].business_id],
        ["B", own.business_id],
        ["Uusi Oy", valid_business_id(7777)],
    ]
    auth.login(s["coordinator"].email)
    response = client.post(
        "/coordinator/lappi/import",
        data={"file": (io.BytesIO(to_csv(rows)), "jasenet.csv")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Invite to join only" in page and "Update" in page and "Create" in page
    assert "1 only invited to join" in page and "1 to update" in page and "1 to create" in page


# --------------------------------------------------------------------- unverified
def _self_registered(client, business_id: str) -> Organisation:
    client.post(
        "/auth/register",
        data={
            "mode": "new",
            "name": "Kaappari",
            "email": "kaappari@example.fi",
            "password": "a long enough password",
            "password2": "a long enough password",
            "locale": "en",
            "business_id": business_id,
            "org_name": "Kaappari Oy",
            "org_type": "company",
        },
    )
    return db.session.scalar(sa.select(Organisation).where(Organisation.business_id == business_id))


def test_import_skips_an_unverified_organisation_unless_confirmed(app, client, coordinated):
    cluster, coordinator = coordinated
    org = _self_registered(client, valid_business_id(8080))
    assert org is not None and org.verified is False
    rows = [
        ["nimi", "y-tunnus", "sähköposti", "yhteyshenkilö"],
        ["Oikea Oy", org.business_id, "myynti@oikea.fi", "Myyjä"],
    ]
    result = imports.import_file(cluster, "x.csv", to_csv(rows), actor=coordinator, dry_run=False)
    db.session.commit()
    [row] = result.rows
    assert (row.action, row.unverified) == ("skip", True) and "registered itself" in row.reason
    db.session.expire_all()
    assert org.name == "Kaappari Oy" and org.contacts == []
    assert cluster_service.membership(cluster, org) is None

    result = imports.import_file(
        cluster, "x.csv", to_csv(rows), actor=coordinator, dry_run=False, confirmed={2}
    )
    db.session.commit()
    assert [r.action for r in result.rows] == ["merge"]
    db.session.expire_all()
    assert (org.name, org.verified) == ("Oikea Oy", True)
    assert cluster_service.membership(cluster, org).status == "approved"


def test_preview_page_offers_a_merge_checkbox_for_unverified_rows(client, auth, coordinated):
    cluster, coordinator = coordinated
    org = _self_registered(client, valid_business_id(8081))
    rows = [["nimi", "y-tunnus"], ["Oikea Oy", org.business_id]]
    auth.login(coordinator.email)
    response = client.post(
        f"/coordinator/{cluster.slug}/import",
        data={"file": (io.BytesIO(to_csv(rows)), "jasenet.csv")},
        content_type="multipart/form-data",
    )
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert "unverified" in page and 'name="merge_row" value="2"' in page and "Skip" in page
    form = {"col_0": "name", "col_1": "business_id", "action": "preview", "merge_row": "2"}
    page = client.post(url, data=form).get_data(as_text=True)
    assert "Merge into the unverified organisation" in page
    client.post(url, data={**form, "action": "import"})
    db.session.expire_all()
    assert (org.name, org.verified) == ("Oikea Oy", True)


def test_organisation_admin_accepts_the_invitation_on_the_cluster_page(client, auth, two_clusters):
    s = two_clusters
    imports.import_file(
        s["lapland"],
        "x.csv",
        _evil_row(s["org"].business_id),
        actor=s["coordinator"],
        dry_run=False,
    )
    db.session.commit()
    item = cluster_service.membership(s["lapland"], s["org"])
    auth.login(s["admin"].email)
    page = client.get("/clusters/lappi/").get_data(as_text=True)
    assert "has invited Meri Oy" in page
    response = client.post(f"/clusters/lappi/applications/{item.id}", data={"decision": "approve"})
    assert response.headers["Location"].endswith("/clusters/lappi/")
    db.session.refresh(item)
    assert item.status == "approved"


def test_api_import_merges_unverified_rows_only_when_named(client, coordinated):
    cluster, coordinator = coordinated
    org = _self_registered(client, valid_business_id(8082))
    raw = accounts.create_api_token(coordinator, "test")
    db.session.commit()
    rows = [["nimi", "y-tunnus"], ["Oikea Oy", org.business_id]]

    def post(**form):
        return client.post(
            f"/api/v1/clusters/{cluster.slug}/imports",
            data={"file": (io.BytesIO(to_csv(rows)), "x.csv"), **form},
            content_type="multipart/form-data",
            headers={"Authorization": f"Bearer {raw}"},
        )

    body = post().get_json()
    assert body["skipped"] == 1 and body["items"][0]["unverified"] is True
    bad = post(merge_rows="2;x")
    assert bad.status_code == 422 and "merge_rows" in bad.get_json()["error"]["fields"]
    body = post(merge_rows="2", dry_run="false").get_json()
    assert (body["imported"], body["updated"], body["items"][0]["action"]) == (True, 1, "merge")
