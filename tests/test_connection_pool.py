"""Pooled connections: pinged only after sitting idle, so a request in steady use costs no
extra round trip, and a connection that died while idle is replaced, not a 500."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db


def _count_pings_of(engine) -> list:
    """The pings the engine's dialect sends from now on (for this app's engine only)."""
    pings = []
    ping = engine.dialect.do_ping

    def counted(dbapi_connection):
        pings.append(dbapi_connection)
        return ping(dbapi_connection)

    engine.dialect.do_ping = counted
    return pings


def test_a_connection_in_steady_use_is_not_pinged(app, client, make_cluster):
    make_cluster()
    db.session.remove()  # the connection goes back to the pool
    pings = _count_pings_of(db.engine)
    for _n in range(3):
        assert client.get("/api/v1/clusters").status_code == 200
    assert pings == []


@pytest.mark.postgres
def test_an_idle_connection_the_server_closed_is_replaced(app_factory, postgres_url):
    if postgres_url is None:
        pytest.skip("needs a server that can close a connection (run with --postgres)")
    app = app_factory(DB_PING_IDLE_SECONDS=0.0)
    client = app.test_client()
    assert client.get("/api/v1/clusters").status_code == 200
    with app.app_context():
        pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        db.session.remove()  # back to the pool, where the server closes it
        other = sa.create_engine(db.engine.url, poolclass=sa.pool.NullPool)
        with other.connect() as connection:
            connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        other.dispose()
        pings = _count_pings_of(db.engine)
    assert client.get("/api/v1/clusters").status_code == 200
    assert len(pings) == 1
