"""Reaching members about posts: the weekly digest carries "opportunities for you" (open posts of
the past week the reader may see, best fit first), and a notified member sees the post under
the bell."""

from __future__ import annotations

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import OutboxMessage
from matchmaker.services import digests


def _digest_to(email: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.recipient == email)
            .where(OutboxMessage.subject.like("%partner suggestions%"))
        )
    )


def test_weekly_digest_lists_a_fitting_post_of_the_week(app, maritime, post):
    cluster, fibre, orgs, people = maritime
    opp = post(
        people["shafts"],
        cluster,
        kind="business_offer",
        title="Potkuriakselien koneistusta vapaana maaliskuussa",
        offered_sought="Potkuriakselien koneistus ja hitsaus",
    )
    hidden = post(people["mill"], fibre, title="Kuitulinjan pilottiaikaa", kind="business_offer")
    with app.test_request_context():
        digests.send_weekly()
        db.session.commit()
    (mail,) = _digest_to(people["yard"].email)
    assert "Opportunities for you:" in mail.body
    assert opp.title in mail.body
    assert f"/opportunities/{opp.id}" in mail.body
    # a post of another cluster, visible to its own cluster only, is not offered
    assert hidden.title not in mail.body
    # the poster's own organisation does not get its own post back
    own = _digest_to(people["shafts"].email)
    assert all(opp.title not in m.body for m in own)


def test_notified_users_see_the_post_under_the_bell_and_get_the_mail(app, maritime, post):
    from matchmaker.models import Notification
    from matchmaker.services import notifications
    from matchmaker.services import opportunities as service

    cluster, fibre, orgs, people = maritime
    opp = post(people["yard"], cluster)
    notifications.set_preferences(people["hvac"], {"opportunity": "off"})
    with app.test_request_context():
        service.notify(people["yard"], opp, [orgs["shafts"].id, orgs["hvac"].id])
        db.session.commit()
    for who in ("shafts", "hvac"):
        (item,) = db.session.scalars(
            sa.select(Notification).where(Notification.user_id == people[who].id)
        )
        assert item.kind == "opportunity" and item.data["title"] == opp.title
        assert notifications.unread_count(people[who]) == 1
    mailed = lambda email: db.session.scalars(  # noqa: E731
        sa.select(OutboxMessage).where(OutboxMessage.recipient == email)
    ).all()
    assert len(mailed(people["shafts"].email)) == 1
    assert mailed(people["hvac"].email) == []  # chose no mail for opportunities
