"""Notices an owner sends: recorded in the request, told to each organisation by a job on
PostgreSQL (a real worker), in the request without a queue."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Notification, OpportunityNotice
from matchmaker.services import opportunities as service
from tests.test_jobs import queue_jobs, wait_for, worker_process  # noqa: F401


def _told(user) -> list[str]:
    return list(
        db.session.scalars(sa.select(Notification.kind).where(Notification.user_id == user.id))
    )


@pytest.mark.postgres
def test_notices_are_told_by_the_worker_after_the_commit(
    app,
    postgres_url,
    worker_process,  # noqa: F811
    maritime,
    post,
):
    if postgres_url is None:
        pytest.skip("a real worker needs the PostgreSQL queue (--postgres)")
    app.config["JOBS_KICK"] = True
    cluster, fibre, orgs, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        service.notify(people["yard"], opp, [orgs["shafts"].id])
        db.session.rollback()  # a request that failed: nothing recorded, nothing deferred
        assert queue_jobs("send_notices") == []
        service.notify(people["yard"], opp, [orgs["shafts"].id])
        db.session.commit()
    assert db.session.scalar(sa.select(sa.func.count(OpportunityNotice.id))) == 1
    assert _told(people["shafts"]) == []  # the request only recorded the notice
    assert queue_jobs("send_notices") == [("todo", 0)]

    worker_process(app)
    wait_for(lambda: _told(people["shafts"]), what="the notices job")
    assert _told(people["shafts"]) == ["opportunity"]
    assert queue_jobs("send_notices") == [("succeeded", 1)]
