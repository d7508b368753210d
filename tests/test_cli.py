"""CLI commands: init-db, seed-demo, create-admin, create-token."""

import sqlalchemy as sa

from matchmaker.demo.data import DEMO_LOGINS
from matchmaker.extensions import db
from matchmaker.models import Cluster, Membership, Organisation, User
from matchmaker.services import business_id


def test_seed_demo_builds_realistic_installation(runner, client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo logins" in result.output
    maritime = db.session.scalar(sa.select(Cluster).where(Cluster.slug == "lahti-maritime"))
    members = db.session.scalar(
        sa.select(sa.func.count(Membership.id)).where(
            Membership.cluster_id == maritime.id, Membership.status == "approved"
        )
    )
    assert members >= 120
    ids = db.session.scalars(sa.select(Organisation.business_id)).all()
    assert all(business_id.is_valid(i) for i in ids)
    assert {c.slug for c in db.session.scalars(sa.select(Cluster))} >= {
        "lahti-maritime",
        "lahti-biomass",
        "lapland-arctic",
    }
    # The README's promise: "potkuri" and "propulsion" both find propulsion companies.
    fi = client.get(
        "/api/v1/organisations?cluster=lahti-maritime&q=potkuri&per_page=200"
    ).get_json()
    en = client.get(
        "/api/v1/organisations?cluster=lahti-maritime&q=propulsion&per_page=200"
    ).get_json()
    assert fi["total"] >= 3 and en["total"] >= 3
    assert {o["id"] for o in fi["items"]} & {o["id"] for o in en["items"]}


def test_seed_demo_is_deterministic(app_factory):
    snapshots = []
    for _ in range(2):
        app = app_factory()
        with app.app_context():
            assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
            snapshots.append(
                db.session.scalars(
                    sa.select(Organisation.business_id).order_by(Organisation.name)
                ).all()
            )
            db.session.remove()
    assert snapshots[0] == snapshots[1]


def test_seed_demo_refuses_a_database_with_data_unless_if_empty(runner, make_org):
    make_org()
    assert runner.invoke(args=["seed-demo"]).exit_code != 0
    result = runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0 and "not seeded again" in result.output


def test_demo_logins_work(runner, client, auth):
    runner.invoke(args=["seed-demo"])
    for _role, email, password in DEMO_LOGINS:
        assert b'action="/auth/logout"' in auth.login(email, password).data, email
        auth.logout()


def test_create_admin(runner):
    result = runner.invoke(
        args=["create-admin", "root@example.fi", "--password", "a very good password"]
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "root@example.fi"))
    assert user.is_site_admin and user.is_confirmed


def test_create_admin_refuses_short_password(runner):
    result = runner.invoke(args=["create-admin", "root@example.fi", "--password", "short"])
    assert result.exit_code != 0
    assert db.session.scalar(sa.select(User).where(User.email == "root@example.fi")) is None


def test_create_token_prints_a_working_token(runner, client, make_org, make_user):
    org = make_org()
    user = make_user(org)
    result = runner.invoke(args=["create-token", user.email])
    assert result.exit_code == 0
    token = result.output.strip()
    response = client.patch(
        f"/api/v1/organisations/{org.id}",
        json={"municipality": "Kärkölä"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200


def test_create_token_for_unknown_user_fails(runner):
    assert runner.invoke(args=["create-token", "nobody@example.fi"]).exit_code != 0


def test_init_db_applies_migrations(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0
