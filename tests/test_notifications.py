"""In-app notifications: the bell, the page with its links, marking read, and the mail
preferences per kind honoured where the services used to queue a mail."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import Notification, OutboxMessage
from matchmaker.services import contacts, notifications
from matchmaker.services import meetings as meeting_service
from tests.events.conftest import coordinator, make_event, member, signup  # noqa: F401
from tests.meetings.conftest import meeting_event, participant  # noqa: F401


def _bell(html: str) -> str | None:
    """The unread count the header's bell shows, or None without one."""
    found = re.search(r'class="bell"[^>]*>.*?<span class="badge"[^>]*>(\d+)</span>', html, re.S)
    return found.group(1) if found else None


def _mails(recipient: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == recipient))
    )


@pytest.fixture
def pair(make_cluster, make_org, make_user):
    """Two member organisations, one user each."""
    cluster = make_cluster()
    asker = make_user(make_org(cluster), email="kysyja@example.fi")
    asked = make_user(make_org(cluster), email="vastaaja@example.fi")
    return asker, asked


def _request_contact(asker, asked):
    item = contacts.request_contact(asker, asked.organisation, "Hei")
    db.session.commit()
    return item


def test_the_bell_counts_a_meeting_request(client, auth, meeting_event, participant):  # noqa: F811
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    auth.login(ben.email)
    assert _bell(client.get("/").get_data(as_text=True)) is None
    meeting_service.request_meeting(anna, event, ben.reg.id, "Tavataan?")
    db.session.commit()
    page = client.get("/").get_data(as_text=True)
    assert _bell(page) == "1"
    listing = client.get("/notifications/").get_data(as_text=True)
    assert f"{anna.name} (" in listing and event.title in listing
    assert f'href="/meetings/event/{event.id}/requests"' in listing


def test_the_page_links_to_each_object(client, auth, pair):
    asker, asked = pair
    _request_contact(asker, asked)
    auth.login(asked.email)
    page = client.get("/notifications/").get_data(as_text=True)
    assert f"{asker.organisation.name} would like to get in contact." in page
    assert 'href="/partners/requests"' in page
    contacts.decide(
        asked, contacts.open_request(asker.organisation_id, asked.organisation_id), True
    )
    db.session.commit()
    auth.logout()
    auth.login(asker.email)
    page = client.get("/notifications/").get_data(as_text=True)
    assert f"You and {asked.organisation.name} are now in contact." in page
    assert f'href="/organisations/{asked.organisation_id}"' in page


def test_a_declined_contact_request_notifies_the_asker(pair):
    asker, asked = pair
    item = _request_contact(asker, asked)
    contacts.decide(asked, item, False)
    db.session.commit()
    (notice,) = db.session.scalars(sa.select(Notification).where(Notification.user_id == asker.id))
    assert notifications.text(notice) == f"{asked.organisation.name} declined your contact request."


def test_mark_one_read_lowers_the_count(client, auth, pair):
    asker, asked = pair
    _request_contact(asker, asked)
    notifications.notify(asked, "opportunity", "opportunity_new", data={"title": "Hitsaus"})
    db.session.commit()
    auth.login(asked.email)
    assert _bell(client.get("/notifications/").get_data(as_text=True)) == "2"
    first = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == asked.id)
    ).first()
    response = client.post(f"/notifications/{first.id}/read")
    assert response.status_code == 302
    assert _bell(client.get("/notifications/").get_data(as_text=True)) == "1"
    db.session.refresh(first)
    assert first.read_at is not None


def test_mark_all_read_clears_the_bell(client, auth, pair):
    asker, asked = pair
    for title in ("Valu", "Hitsaus", "Maalaus"):
        notifications.notify(asked, "opportunity", "opportunity_new", data={"title": title})
    db.session.commit()
    auth.login(asked.email)
    assert _bell(client.get("/").get_data(as_text=True)) == "3"
    client.post("/notifications/read-all")
    assert _bell(client.get("/").get_data(as_text=True)) is None
    assert notifications.unread_count(asked) == 0


def test_another_persons_notification_cannot_be_marked(client, auth, pair):
    asker, asked = pair
    _request_contact(asker, asked)
    theirs = db.session.scalar(sa.select(Notification).where(Notification.user_id == asked.id))
    auth.login(asker.email)
    assert client.post(f"/notifications/{theirs.id}/read").status_code == 404
    db.session.refresh(theirs)
    assert theirs.read_at is None


def test_marking_read_needs_the_csrf_token(app_factory, make_user):
    app = app_factory(WTF_CSRF_ENABLED=True)
    with app.app_context():
        user = make_user(email="lukija@example.fi")
        item = notifications.notify(user, "opportunity", "opportunity_new", data={"title": "X"})
        db.session.commit()
        browser = app.test_client()
        login = browser.get("/auth/login").get_data(as_text=True)
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login).group(1)
        browser.post(
            "/auth/login",
            data={"email": user.email, "password": "correct horse battery", "csrf_token": token},
        )
        assert browser.post(f"/notifications/{item.id}/read").status_code == 400
        assert browser.post("/notifications/read-all").status_code == 400
        assert notifications.unread_count(user) == 1


def test_the_page_is_paginated(client, auth, make_user):
    user = make_user()
    for n in range(notifications.PAGE_SIZE + 3):
        notifications.notify(user, "opportunity", "opportunity_new", data={"title": f"Tarjous {n}"})
    db.session.commit()
    auth.login(user.email)
    first = client.get("/notifications/").get_data(as_text=True)
    second = client.get("/notifications/?page=2").get_data(as_text=True)
    assert first.count('<li class="notification') == notifications.PAGE_SIZE
    assert second.count('<li class="notification') == 3
    assert 'rel="next"' in first and "Tarjous 0<" in second


def test_the_notifications_page_needs_a_login(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/auth/login" in response.location


# --- preferences ---------------------------------------------------------------------


def test_by_default_a_contact_request_is_mailed_at_once(pair):
    asker, asked = pair
    _request_contact(asker, asked)
    assert len(_mails(asked.email)) == 1
    assert notifications.unread_count(asked) == 1


def test_preference_off_keeps_the_notification_and_writes_no_mail(pair):
    asker, asked = pair
    notifications.set_preferences(asked, {"contact": "off"})
    db.session.commit()
    _request_contact(asker, asked)
    assert _mails(asked.email) == []
    assert notifications.unread_count(asked) == 1
    notice = db.session.scalar(sa.select(Notification).where(Notification.user_id == asked.id))
    assert notice.mailed_at is not None  # never waits for a digest


def test_preference_daily_leaves_the_mail_to_the_digest(pair):
    asker, asked = pair
    notifications.set_preferences(asked, {"contact": "daily"})
    db.session.commit()
    _request_contact(asker, asked)
    assert _mails(asked.email) == []
    notice = db.session.scalar(sa.select(Notification).where(Notification.user_id == asked.id))
    assert notice.mailed_at is None


def test_a_preference_for_one_kind_leaves_the_others_alone(meeting_event, participant):  # noqa: F811
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    notifications.set_preferences(ben, {"contact": "off"})
    db.session.commit()
    before = len(_mails(ben.reg.email))
    meeting_service.request_meeting(anna, event, ben.reg.id, "Hei")
    db.session.commit()
    assert len(_mails(ben.reg.email)) == before + 1


def test_meeting_preference_off_stops_the_meeting_mail(meeting_event, participant):  # noqa: F811
    event = meeting_event()
    anna, ben = participant(event), participant(event)
    notifications.set_preferences(ben, {"meeting": "off"})
    db.session.commit()
    before = len(_mails(ben.reg.email))
    meeting_service.request_meeting(anna, event, ben.reg.id, "Hei")
    db.session.commit()
    assert len(_mails(ben.reg.email)) == before
    assert notifications.unread_count(ben) == 1


def test_waitlist_promotion_is_a_notification(make_cluster, make_event, member, signup):  # noqa: F811
    cluster = make_cluster()
    event = make_event(cluster, capacity=1)
    first = member(cluster)
    waiting = member(cluster)
    taken = signup(first, event)
    signup(waiting, event)
    from matchmaker.services import events as event_service

    event_service.cancel_registration(first, taken)
    db.session.commit()
    (notice,) = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == waiting.id)
    )
    assert notice.kind == "waitlist"
    assert event.title in notifications.text(notice)
    assert notifications.link(notice) == f"/events/{event.id}"


def test_a_membership_decision_is_a_notification(client, make_cluster, make_org, make_user):
    from matchmaker.services import clusters as cluster_service

    cluster = make_cluster()
    boss = make_user(email="koordinaattori@example.fi")
    cluster_service.add_coordinator(cluster, boss)
    org = make_org()
    admin = make_user(org, org_role="admin")
    application = cluster_service.apply(admin, cluster, org, "Haluamme mukaan")
    db.session.commit()
    cluster_service.decide(boss, application, True)
    db.session.commit()
    (notice,) = db.session.scalars(sa.select(Notification).where(Notification.user_id == admin.id))
    assert notifications.text(notice) == f"{org.name} is now a member of {cluster.name}."
    assert notifications.link(notice) == f"/clusters/{cluster.slug}/"


def test_the_settings_page_saves_the_choices(client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    page = client.get("/auth/settings").get_data(as_text=True)
    assert 'name="notif-contact"' in page and 'name="notif-suggestions"' in page
    response = client.post(
        "/auth/settings",
        data={
            "notif-contact": "daily",
            "notif-meeting": "off",
            "notif-waitlist": "immediate",
            "notif-membership": "immediate",
            "notif-suggestions": "off",
            "notif-opportunity": "daily",
            "notif-submit": "1",
        },
    )
    assert response.status_code == 302
    prefs = notifications.preferences(user)
    assert prefs["contact"] == "daily" and prefs["meeting"] == "off"
    assert prefs["suggestions"] == "off" and prefs["opportunity"] == "daily"
    page = client.get("/auth/settings").get_data(as_text=True)
    assert re.search(r'<option selected value="daily">|<option value="daily" selected', page)


def test_a_channel_a_kind_does_not_offer_is_refused_next_to_the_field(client, auth, make_user):
    user = make_user()
    auth.login(user.email)
    response = client.post(
        "/auth/settings",
        data={
            "notif-contact": "immediate",
            "notif-meeting": "immediate",
            "notif-waitlist": "immediate",
            "notif-membership": "immediate",
            "notif-suggestions": "daily",  # suggestions come weekly or not at all
            "notif-opportunity": "immediate",
            "notif-submit": "1",
        },
    )
    assert response.status_code == 200
    assert "Not a valid choice" in response.get_data(as_text=True)
    assert notifications.preferences(user)["suggestions"] == "immediate"


def test_notify_refuses_an_unknown_kind(make_user):
    with pytest.raises(ValueError):
        notifications.notify(make_user(), "gossip", "opportunity_new")
