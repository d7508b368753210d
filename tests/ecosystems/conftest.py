"""Ecosystem fixtures: a coordinated cluster and a callable ecosystem factory."""

from __future__ import annotations

import itertools

import pytest

from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service
from matchmaker.services import ecosystems

_counter = itertools.count(1)


@pytest.fixture
def coordinated(make_cluster, make_user):
    """(cluster, its coordinator)."""
    cluster = make_cluster()
    user = make_user()
    cluster_service.add_coordinator(cluster, user)
    db.session.commit()
    return cluster, user


@pytest.fixture
def make_ecosystem(app):
    """make_ecosystem(user, cluster, members=[(org, role)], **fields) -> a saved ecosystem."""

    def make(user, cluster, members=(), **fields):
        n = next(_counter)
        data = {
            "slug": f"eco-{n}",
            "published": True,
            "name_fi": f"Ekosysteemi {n}",
            "summary_fi": "Tiivistelmä",
            "description_fi": "Kuvaus",
            **fields,
        }
        eco = ecosystems.save(user, cluster, data)
        for org, role in members:
            ecosystems.add_member(user, eco, org.id, role)
        db.session.commit()
        return eco

    return make
