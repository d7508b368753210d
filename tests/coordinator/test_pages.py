"""Coordinator pages: upload, map, preview, import; report; audit log; access control."""

from __future__ import annotations

import io

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Organisation
from matchmaker.services import organisations
from tests.coordinator.conftest import HEADERS, member_rows, to_csv


def _upload(client, cluster, content: bytes, name="jasenet.csv"):
    return client.post(
        f"/coordinator/{cluster.slug}/import",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_upload_preview_then_import(client, auth, coordinated):
    cluster, user = coordinated
    auth.login(user.email)
    response = _upload(client, cluster, to_csv([HEADERS, *member_rows(3)], encoding="cp1252"))
    assert response.status_code == 302
    preview_url = response.headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert "3 to create" in page and "Äänekosken Öljy 0 Oy" in page
    mapping = {
        f"col_{i}": f
        for i, f in enumerate(
            [
                "name",
                "business_id",
                "municipality",
                "employees",
                "export_markets",
                "contact_email",
                "contact_name",
            ]
        )
    }
    response = client.post(preview_url, data={**mapping, "action": "import"})
    assert response.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 3
    # Right after an import, the coordinator lands where the new members are invited.
    assert response.headers["Location"].endswith(f"/coordinator/{cluster.slug}/invitations")


def test_preview_names_row_and_field_of_a_bad_row(client, auth, coordinated):
    cluster, user = coordinated
    auth.login(user.email)
    rows = [HEADERS, *member_rows(40)]
    rows[36][1] = "2000001-1"
    preview_url = _upload(client, cluster, to_csv(rows)).headers["Location"]
    page = client.get(preview_url).get_data(as_text=True)
    assert '<tr class="row-error"><td>37</td><td>Business ID</td>' in page
    assert "Import 40" not in page


def test_import_pages_are_for_coordinators_only(client, auth, make_cluster, make_user):
    cluster = make_cluster()
    auth.login(make_user().email)
    assert client.get(f"/coordinator/{cluster.slug}/import").status_code == 403
    assert client.get(f"/coordinator/{cluster.slug}/report").status_code == 403


def test_report_page_shows_figures_and_links_to_rows(client, auth, coordinated, make_org):
    cluster, user = coordinated
    make_org(cluster, org_type="university", municipality="Lahti")
    make_org(cluster, municipality="Lahti")
    auth.login(user.email)
    page = client.get(f"/coordinator/{cluster.slug}/report").get_data(as_text=True)
    assert "<svg" in page and 'class="bar"' in page
    assert "dimension=municipality&amp;value=Lahti" in page
    drill = client.get(
        f"/coordinator/{cluster.slug}/report/members?dimension=org_type&value=university"
    ).get_data(as_text=True)
    assert drill.count("<tr>") == 2  # header and the one university


def test_report_downloads(client, auth, coordinated, make_org):
    cluster, user = coordinated
    make_org(cluster)
    auth.login(user.email)
    csv = client.get(f"/coordinator/{cluster.slug}/report.csv")
    xlsx = client.get(f"/coordinator/{cluster.slug}/report.xlsx")
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    assert xlsx.data[:2] == b"PK"


def test_audit_log_shows_profile_change_with_actor(client, auth, coordinated, make_org, make_user):
    cluster, coordinator = coordinated
    org = make_org(cluster)
    editor = make_user(org, name="Eeva Editor")
    organisations.update_profile(editor, org, {"description": "Uusi"})
    db.session.commit()
    auth.login(coordinator.email)
    page = client.get(f"/coordinator/{cluster.slug}/audit").get_data(as_text=True)
    assert "Eeva Editor" in page and "Profile changed" in page and "description" in page


def test_report_drill_down_pages_render(client, auth, coordinated):
    cluster, user = coordinated
    auth.login(user.email)
    for path in ("events", "contacts?accepted=1", "members?new=1"):
        response = client.get(f"/coordinator/{cluster.slug}/report/{path}")
        assert response.status_code == 200, path
