"""Coordinator fixtures: a coordinator of a cluster, member list files written in tests."""

from __future__ import annotations

import pytest

from matchmaker.extensions import db
from matchmaker.services import clusters as cluster_service
from tests.conftest import valid_business_id

HEADERS = [
    "Nimi",
    "Y-tunnus",
    "Kotikunta",
    "Henkilöstö",
    "Vientimaat",
    "Sähköposti",
    "Yhteyshenkilö",
]


def member_rows(count: int, start: int = 5000) -> list[list[str]]:
    """Rows of a realistic Finnish member list; business IDs are valid and distinct."""
    return [
        [
            f"Äänekosken Öljy {n} Oy",
            valid_business_id(start + n),
            "Hämeenlinna" if n % 2 else "Lahti",
            str(5 + n),
            "SE, NO",
            f"myynti{n}@yritys.fi",
            f"Jääskeläinen {n}",
        ]
        for n in range(count)
    ]


def to_csv(rows: list[list[str]], sep: str = ";", encoding: str = "utf-8", bom: bool = False):
    text = "\r\n".join(sep.join(r) for r in rows) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


@pytest.fixture
def coordinated(make_cluster, make_user):
    """A cluster and a user who coordinates it."""
    cluster = make_cluster()
    user = make_user()
    cluster_service.add_coordinator(cluster, user)
    db.session.commit()
    return cluster, user
