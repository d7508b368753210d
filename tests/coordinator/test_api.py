"""Coordinator API: imports (dry run by default) and the report; coordinators only."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Organisation
from matchmaker.services import accounts
from tests.coordinator.conftest import HEADERS, member_rows, to_csv


@pytest.fixture
def headers_for(app):
    def make(user) -> dict:
        raw = accounts.create_api_token(user, "test")
        db.session.commit()
        return {"Authorization": f"Bearer {raw}"}

    return make


def _post(client, cluster, content, headers, **form):
    return client.post(
        f"/api/v1/clusters/{cluster.slug}/imports",
        data={"file": (io.BytesIO(content), "jasenet.csv"), **form},
        content_type="multipart/form-data",
        headers=headers,
    )


def _orgs() -> int:
    return db.session.scalar(sa.select(sa.func.count(Organisation.id)))


def test_import_is_a_dry_run_by_default(client, coordinated, headers_for):
    cluster, user = coordinated
    response = _post(client, cluster, to_csv([HEADERS, *member_rows(2)]), headers_for(user))
    body = response.get_json()
    assert response.status_code == 200
    assert (body["dry_run"], body["imported"], body["created"]) == (True, False, 2)
    assert _orgs() == 0


def test_dry_run_returns_per_row_errors(client, coordinated, headers_for):
    cluster, user = coordinated
    rows = [HEADERS, *member_rows(3)]
    rows[2][1] = "123"
    body = _post(client, cluster, to_csv(rows), headers_for(user)).get_json()
    assert [(e["row"], e["field"]) for e in body["errors"]] == [(3, "business_id")]


def test_real_import_with_errors_is_422_and_writes_nothing(client, coordinated, headers_for):
    cluster, user = coordinated
    rows = [HEADERS, *member_rows(3)]
    rows[3][1] = "123"
    response = _post(client, cluster, to_csv(rows), headers_for(user), dry_run="false")
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["row"] == 4
    assert _orgs() == 0


def test_real_import_writes(client, coordinated, headers_for):
    cluster, user = coordinated
    response = _post(
        client, cluster, to_csv([HEADERS, *member_rows(2)]), headers_for(user), dry_run="0"
    )
    assert response.get_json()["imported"] is True
    assert _orgs() == 2


def test_import_by_non_coordinator_is_403_json(client, make_cluster, make_user, headers_for):
    cluster = make_cluster()
    response = _post(client, cluster, to_csv([HEADERS]), headers_for(make_user()))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_report_json(client, coordinated, headers_for, make_org):
    cluster, user = coordinated
    make_org(cluster, municipality="Lahti")
    response = client.get(
        f"/api/v1/clusters/{cluster.slug}/report?from=2000-01-01&to=2100-12-31",
        headers=headers_for(user),
    )
    body = response.get_json()
    assert body["members"]["total"] == 1
    assert body["members"]["by_municipality"] == [["Lahti", 1]]
    assert body["from"] == "2000-01-01"


def test_report_with_bad_date_is_422(client, coordinated, headers_for):
    cluster, user = coordinated
    response = client.get(
        f"/api/v1/clusters/{cluster.slug}/report?from=eilen", headers=headers_for(user)
    )
    assert response.status_code == 422


def test_report_for_anonymous_is_401(client, make_cluster):
    cluster = make_cluster()
    assert client.get(f"/api/v1/clusters/{cluster.slug}/report").status_code == 401
