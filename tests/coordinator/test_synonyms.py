"""Coordinators' synonyms: listed, added, deleted, validated, audited, used by matching."""

import re

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import AuditEntry, ClusterSynonym
from matchmaker.services import clusters as cluster_service
from matchmaker.services import matching, synonyms
from matchmaker.services.errors import DomainError, PermissionDenied


def _names(client, slug: str, q: str) -> list[str]:
    html = client.get(f"/clusters/{slug}/?q={q}").data.decode()
    return re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', html)


@pytest.fixture
def port(coordinated, make_org):
    cluster, user = coordinated
    make_org(
        cluster,
        name="Kotka Stevedores Ltd",
        description="Stevedoring and cargo handling in the port of Kotka.",
        capabilities="Stevedoring of project cargo.",
    )
    make_org(cluster, name="Leipomo Oy", description="Leipää ja pullaa.")
    return cluster, user


def test_a_synonym_changes_search_results_after_the_next_build(client, auth, port):
    cluster, user = port
    assert _names(client, cluster.slug, "ahtaus") == []
    auth.login(user.email)
    response = client.post(
        f"/coordinator/{cluster.slug}/synonyms",
        data={"terms": "ahtaus = stevedoring"},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    assert "Synonym added." in html and "ahtaus = stevedoring" in html
    assert _names(client, cluster.slug, "ahtaus") == ["Kotka Stevedores Ltd"]


def test_a_synonym_changes_partner_suggestions(app, port, make_org):
    cluster, user = port
    needer = make_org(cluster, name="Satamaoperaattori Oy", needs="Etsimme ahtausta.")
    before = [m.organisation.name for m in matching.partner_suggestions(needer)]
    assert "Kotka Stevedores Ltd" not in before
    synonyms.add(user, cluster, "ahtaus, stevedoring")
    db.session.commit()
    after = [m.organisation.name for m in matching.partner_suggestions(needer)]
    assert after[:1] == ["Kotka Stevedores Ltd"]


def test_adding_is_audited(client, auth, port):
    cluster, user = port
    auth.login(user.email)
    client.post(f"/coordinator/{cluster.slug}/synonyms", data={"terms": "ahtaus = stevedoring"})
    entry = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "synonym.added"))
    assert entry.actor_id == user.id and entry.cluster_id == cluster.id
    assert entry.details["terms"] == 2


@pytest.mark.parametrize(
    ("terms", "message"),
    [
        ("ahtaus", "Give at least two words"),
        ("ahtaus = AHTAUS", "Give at least two words"),
        ("123 = 456", "Each word must contain letters."),
        ("a = " + "b" * 61, "at most 60 characters"),
    ],
)
def test_bad_input_is_shown_next_to_the_field(client, auth, port, terms, message):
    cluster, user = port
    auth.login(user.email)
    response = client.post(f"/coordinator/{cluster.slug}/synonyms", data={"terms": terms})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClusterSynonym)) == 0


def test_a_duplicate_is_refused(port):
    cluster, user = port
    synonyms.add(user, cluster, "ahtaus = stevedoring")
    with pytest.raises(DomainError) as exc:
        synonyms.add(user, cluster, "Stevedoring, ahtaus")
    assert "terms" in exc.value.fields


def test_deleting_removes_it_and_is_audited(client, auth, port):
    cluster, user = port
    synonym = synonyms.add(user, cluster, "ahtaus = stevedoring")
    db.session.commit()
    auth.login(user.email)
    response = client.post(
        f"/coordinator/{cluster.slug}/synonyms/{synonym.id}/delete", follow_redirects=True
    )
    assert "Synonym deleted." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClusterSynonym)) == 0
    assert db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "synonym.deleted"))
    assert _names(client, cluster.slug, "ahtaus") == []


def test_only_the_clusters_coordinators_manage_synonyms(
    client, auth, port, make_cluster, make_user
):
    cluster, user = port
    other = make_cluster()
    outsider = make_user()
    db.session.commit()
    auth.login(outsider.email)
    assert client.get(f"/coordinator/{cluster.slug}/synonyms").status_code == 403
    assert (
        client.post(f"/coordinator/{cluster.slug}/synonyms", data={"terms": "a = b"}).status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        synonyms.add(outsider, cluster, "ahtaus = stevedoring")
    cluster_service.add_coordinator(other, user)
    synonym = synonyms.add(user, other, "ahtaus = stevedoring")
    db.session.commit()
    auth.logout()
    auth.login(user.email)
    # A synonym of another cluster cannot be deleted through this cluster's page.
    assert (
        client.post(f"/coordinator/{cluster.slug}/synonyms/{synonym.id}/delete").status_code == 404
    )


def test_the_model_refuses_fewer_than_two_terms():
    with pytest.raises(ValueError):
        ClusterSynonym(terms=["ahtaus"])


def test_posting_without_a_csrf_token_is_refused(app_factory, make_cluster, make_user):
    csrf_app = app_factory(WTF_CSRF_ENABLED=True)
    with csrf_app.app_context():
        cluster = make_cluster()
        user = make_user()
        cluster_service.add_coordinator(cluster, user)
        db.session.commit()
        client = csrf_app.test_client()
        page = client.get("/auth/login").data.decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        client.post(
            "/auth/login",
            data={"email": user.email, "password": "correct horse battery", "csrf_token": token},
        )
        response = client.post(
            f"/coordinator/{cluster.slug}/synonyms", data={"terms": "ahtaus = stevedoring"}
        )
        assert response.status_code == 400
