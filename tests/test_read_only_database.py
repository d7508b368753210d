"""A read-only database (maintenance, a PostgreSQL standby) answers every write with a clear 503
page, or a JSON 503 error in the API, instead of a bare 500; reading goes on."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.services import accounts

PASSWORD = "correct horse battery"


def _read_only_connection(dbapi_connection, connection_record) -> None:
    if hasattr(dbapi_connection, "sqlite_version") or type(dbapi_connection).__module__.startswith(
        "sqlite3"
    ):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()
    else:  # PostgreSQL: what a hot standby or `ALTER DATABASE ... SET` would impose
        dbapi_connection.autocommit = True
        dbapi_connection.execute("SET default_transaction_read_only = on")
        dbapi_connection.autocommit = False


@pytest.fixture
def make_read_only(app):
    """From the call on, every new connection of the app is read-only."""

    def switch() -> None:
        db.session.commit()  # gives the connection back to the pool, which is then emptied
        sa.event.listen(db.engine, "connect", _read_only_connection)
        db.engine.dispose()

    yield switch
    if sa.event.contains(db.engine, "connect", _read_only_connection):
        sa.event.remove(db.engine, "connect", _read_only_connection)


def test_login_on_a_read_only_database_is_a_clear_503(client, make_user, make_read_only):
    user = make_user()
    make_read_only()
    assert client.get("/auth/login").status_code == 200  # reading still works
    response = client.post("/auth/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 503
    assert b"the database is read-only" in response.data
    assert b"Log out" not in response.data


def test_a_form_save_on_a_read_only_database_is_a_clear_503(
    client, auth, make_user, make_read_only
):
    user = make_user(name="Before")
    auth.login(user.email)
    make_read_only()
    response = client.post(
        "/auth/settings", data={"name": "After", "locale": "en", "submit": "Save"}
    )
    assert response.status_code == 503
    assert b"Nothing was changed" in response.data
    db.session.expire_all()
    assert db.session.get(type(user), user.id).name == "Before"


def test_the_503_page_speaks_the_visitors_language(client, make_user, make_read_only):
    user = make_user()
    make_read_only()
    response = client.post(
        "/auth/login",
        data={"email": user.email, "password": PASSWORD},
        headers={"Accept-Language": "fi"},
    )
    assert response.status_code == 503
    assert "tietokanta on vain luku -tilassa" in response.data.decode()


def test_an_api_write_on_a_read_only_database_is_a_json_503(
    client, make_org, make_user, make_read_only
):
    org = make_org()
    admin = make_user(org, org_role="admin")
    token = accounts.create_api_token(admin)
    db.session.commit()
    make_read_only()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get(f"/api/v1/organisations/{org.id}", headers=headers).status_code == 200
    response = client.patch(
        f"/api/v1/organisations/{org.id}", json={"description": "New text"}, headers=headers
    )
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "read_only"
    assert "read-only" in response.get_json()["error"]["message"]


def test_other_database_errors_are_not_taken_for_read_only(app):
    error = sa.exc.OperationalError("INSERT", {}, Exception("disk I/O error"))
    from matchmaker.app import is_read_only_error

    assert not is_read_only_error(error)
