"""Exports: member list and directory as CSV and XLSX, read back by the importer."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from flask_babel import force_locale
from openpyxl import load_workbook

from matchmaker.companies.forms import ProfileForm
from matchmaker.extensions import db
from matchmaker.models import Organisation
from matchmaker.services import exports, imports, organisations


@pytest.fixture
def member(make_cluster, make_org, make_user):
    cluster = make_cluster()
    org = make_org(
        cluster,
        name="Äänekosken Öljy Oy",
        municipality="Hämeenlinna",
        description="=SUM(A1) ei kaava",
        industries=["C", "30"],
        export_markets=["SE", "NO"],
        size_class="small",
    )
    organisations.save_contact(
        make_user(org), org, {"name": "Jääskeläinen", "email": "j@oljy.fi", "phone": "+358 40 1"}
    )
    db.session.commit()
    return cluster, org


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_directory_export_imports_back_unchanged(member, make_cluster, fmt):
    cluster, org = member
    content = exports.member_list(cluster, fmt, full=True)
    other = make_cluster()
    result = imports.import_file(other, f"x.{fmt}", content, dry_run=False)
    db.session.commit()
    assert (result.created, result.updated) == (0, 1)
    db.session.expire_all()
    again = db.session.get(Organisation, org.id)
    assert again.description == "=SUM(A1) ei kaava"
    assert again.industry_codes == ["30", "C"] and again.export_markets == ["NO", "SE"]
    assert [c.email for c in again.contacts] == ["j@oljy.fi"]
    assert db.session.scalar(sa.select(sa.func.count(Organisation.id))) == 1


def test_csv_export_is_excel_friendly(member):
    cluster, _ = member
    with force_locale("fi"):
        content = exports.member_list(cluster, "csv")
    assert content.startswith(b"\xef\xbb\xbf")
    header, row = content[3:].decode("utf-8").splitlines()[:2]
    assert header.split(";")[:2] == ["Nimi", "Y-tunnus"]  # the coordinator's language
    assert "Äänekosken Öljy Oy" in row


def test_formula_is_text_in_xlsx(member):
    cluster, _ = member
    sheet = load_workbook(io.BytesIO(exports.member_list(cluster, "xlsx", full=True))).active
    cell = sheet.cell(row=2, column=exports.DIRECTORY_COLUMNS.index("description") + 1)
    assert cell.data_type == "s" and cell.value.startswith("'=")


def test_export_page_needs_coordinator(client, auth, member, make_user):
    cluster, org = member
    outsider = make_user()
    auth.login(outsider.email)
    response = client.get(f"/coordinator/{cluster.slug}/export/members.csv")
    assert response.status_code == 403


LOCALES = ("fi", "en", "sv")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("locale", LOCALES)
def test_export_in_each_language_imports_back_with_every_column_mapped(
    member, make_cluster, locale, fmt
):
    cluster, org = member
    with force_locale(locale):
        content = exports.member_list(cluster, fmt, full=True)
    # Read by a coordinator who uses another language than the one who exported it.
    with force_locale(LOCALES[(LOCALES.index(locale) + 1) % len(LOCALES)]):
        table = imports.read_table(f"x.{fmt}", content)
        mapping = imports.guess_mapping(table.headers)
        assert table.headers[:2] != ["name", "business_id"]  # the labels, not the keys
        assert [mapping[h] for h in table.headers] == list(exports.DIRECTORY_COLUMNS)
        other = make_cluster()
        result = imports.import_file(other, f"x.{fmt}", content, dry_run=False)
    db.session.commit()
    assert (result.created, result.updated) == (0, 1)
    db.session.expire_all()
    again = db.session.get(Organisation, org.id)
    assert again.industry_codes == ["30", "C"] and [c.email for c in again.contacts] == [
        "j@oljy.fi"
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_profile_form_labels_are_import_headers_in_every_language(app, locale):
    with app.test_request_context(), force_locale(locale):
        form = ProfileForm(meta={"csrf": False})
        fields = {str(f.label.text): f.name for f in form if f.type != "SubmitField"}
    with force_locale("fi"):
        assert imports.guess_mapping(list(fields)) == fields


def test_mita_tarjoamme_and_mita_etsimme_are_recognised(app):
    assert imports.guess_mapping(["Mitä tarjoamme", "Mitä etsimme", "Tyyppi"]) == {
        "Mitä tarjoamme": "capabilities",
        "Mitä etsimme": "needs",
        "Tyyppi": "org_type",
    }
    assert imports.guess_mapping(["What we are looking for", "Vad vi erbjuder"]) == {
        "What we are looking for": "needs",
        "Vad vi erbjuder": "capabilities",
    }
