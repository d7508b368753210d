"""Digests: each member's best three new partner suggestions once a week, with reasons, in
the reader's language; the daily digest of notifications; a second run sends nothing."""

from __future__ import annotations

import re
from datetime import datetime

import sqlalchemy as sa

from matchmaker.extensions import db
from matchmaker.models import ContactPerson, DigestRun, Notification, OutboxMessage
from matchmaker.services import contacts, digests, invitations, notifications

WEDNESDAY = datetime(2026, 3, 11, 6, 0)  # ISO week 2026-W11, Monday 9 March
NEXT_WEDNESDAY = datetime(2026, 3, 18, 6, 0)


def _mails(recipient: str, subject_part: str = "") -> list[OutboxMessage]:
    return [
        m
        for m in db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.recipient == recipient)
            .order_by(OutboxMessage.id)
        )
        if subject_part in m.subject
    ]


def _digests_to(recipient: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return [m for m in _mails(recipient) if "partner suggestions" in m.subject.lower()] + [
        m for m in _mails(recipient) if "kumppaniehdotuksia" in m.subject
    ]


def test_weekly_digest_lists_the_best_suggestions_with_reasons_once_a_week(
    runner, maritime, freeze_clock
):
    cluster, orgs, people = maritime
    freeze_clock(WEDNESDAY)
    first = runner.invoke(args=["send-digests", "--period", "weekly"])
    assert first.exit_code == 0, first.output
    (digest,) = _digests_to(people["yard"].email)
    assert digest.subject == f"New partner suggestions for {orgs['yard'].name}"
    assert "Akselipaja Oy" in digest.body and "Laivailma Oy" in digest.body
    assert "They offer" in digest.body  # a reason, as the suggestions page words it
    assert "http://localhost/partners/" in digest.body
    assert "Mar 9, 2026" in digest.body  # the week, as Babel writes it in English
    second = runner.invoke(args=["send-digests", "--period", "weekly"])
    assert "0 weekly suggestion digests" in second.output
    assert len(_digests_to(people["yard"].email)) == 1
    assert db.session.scalar(sa.select(sa.func.count(DigestRun.id))) == 3


def test_weekly_digest_is_in_the_readers_language(runner, maritime, freeze_clock):
    cluster, orgs, people = maritime
    people["yard"].locale = "fi"
    people["shafts"].locale = "sv"
    db.session.commit()
    freeze_clock(WEDNESDAY)
    runner.invoke(args=["send-digests", "--period", "weekly"])
    finnish = _mails(people["yard"].email)[-1]
    assert finnish.subject == f"Uusia kumppaniehdotuksia: {orgs['yard'].name}"
    assert "9.3.2026" in finnish.body
    swedish = _mails(people["shafts"].email)[-1]
    assert swedish.subject == f"Nya partnerförslag för {orgs['shafts'].name}"
    assert "9 mars 2026" in swedish.body


def test_the_next_week_brings_only_suggestions_not_sent_before(runner, maritime, freeze_clock):
    cluster, orgs, people = maritime
    freeze_clock(WEDNESDAY)
    digests.send_weekly()
    db.session.commit()
    first = _digests_to(people["yard"].email)[0].body
    freeze_clock(NEXT_WEDNESDAY)
    digests.send_weekly()
    db.session.commit()
    later = _digests_to(people["yard"].email)[1:]
    for mail in later:
        for name in ("Akselipaja Oy", "Laivailma Oy", "Toinen Telakka Oy"):
            assert not (name in first and name in mail.body)


def test_organisations_already_in_contact_are_not_suggested(runner, maritime, freeze_clock):
    cluster, orgs, people = maritime
    item = contacts.request_contact(people["yard"], orgs["shafts"], "Hei")
    contacts.decide(people["shafts"], item, True)
    db.session.commit()
    freeze_clock(WEDNESDAY)
    runner.invoke(args=["send-digests", "--period", "weekly"])
    (digest,) = _digests_to(people["yard"].email)
    assert "Akselipaja Oy" not in digest.body


def test_a_member_without_users_gets_the_digest_only_with_its_claim_link(
    runner, maritime, make_org, freeze_clock
):
    cluster, orgs, people = maritime
    other = make_org(
        cluster,
        name="Uusi Veistämö Oy",
        capabilities="Lauttojen maalaus",
        needs="Laivojen ilmanvaihtojärjestelmät\nPotkuriakselien koneistus",
    )
    db.session.add(ContactPerson(organisation=other, name="Olli", email="olli@toinen.fi"))
    db.session.commit()
    freeze_clock(WEDNESDAY)
    runner.invoke(args=["send-digests", "--period", "weekly"])
    assert _digests_to("olli@toinen.fi") == []  # no invitation: the digest invites nobody
    invitations.invite_members(None, cluster, [other.id])
    db.session.commit()
    freeze_clock(NEXT_WEDNESDAY)
    runner.invoke(args=["send-digests", "--period", "weekly"])
    (digest,) = _digests_to("olli@toinen.fi")
    claim = next(link for link in invitations.list_for(cluster) if link.organisation_id == other.id)
    # The link is signed when the mail is written (its second differs from now's): read it back.
    (token,) = re.findall(r"/invitations/([\w.-]+)", digest.body)
    assert invitations.load(token).id == claim.id


def test_suggestions_set_to_no_mail_still_arrive_in_the_app(runner, maritime, freeze_clock):
    cluster, orgs, people = maritime
    yard = people["yard"]
    notifications.set_preferences(yard, {"suggestions": "off"})
    db.session.commit()
    freeze_clock(WEDNESDAY)
    runner.invoke(args=["send-digests", "--period", "weekly"])
    assert _digests_to(yard.email) == []
    (notice,) = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == yard.id, Notification.kind == "suggestions"
        )
    )
    assert "Akselipaja Oy" in notifications.text(notice)
    assert notifications.link(notice) == "/partners/"


def test_the_daily_digest_gathers_what_waited_and_is_sent_once(runner, maritime, freeze_clock):
    cluster, orgs, people = maritime
    yard, shafts = people["yard"], people["shafts"]
    notifications.set_preferences(shafts, {"contact": "daily"})
    shafts.locale = "fi"
    db.session.commit()
    freeze_clock(WEDNESDAY)
    contacts.request_contact(yard, orgs["shafts"], "Hei")
    db.session.commit()
    assert _mails(shafts.email) == []  # waits for the digest
    result = runner.invoke(args=["send-digests", "--period", "daily"])
    assert "1 daily digests" in result.output, result.output
    (digest,) = _mails(shafts.email)
    assert digest.subject == "1 uusi ilmoitus Matchmakerissa"
    assert f"{orgs['yard'].name} haluaisi ottaa yhteyttä." in digest.body
    assert "http://localhost/partners/requests" in digest.body
    assert "11.3.2026" in digest.body
    again = runner.invoke(args=["send-digests", "--period", "daily"])
    assert "0 daily digests" in again.output
    assert len(_mails(shafts.email)) == 1
    db.session.expire_all()
    assert (
        db.session.scalar(
            sa.select(sa.func.count(Notification.id)).where(Notification.mailed_at.is_(None))
        )
        == 0
    )


def test_what_arrives_after_the_days_digest_waits_for_the_next_day(maritime, freeze_clock):
    cluster, orgs, people = maritime
    shafts = people["shafts"]
    notifications.set_preferences(shafts, {"opportunity": "daily"})
    db.session.commit()
    freeze_clock(WEDNESDAY)
    notifications.notify(shafts, "opportunity", "opportunity_new", data={"title": "Valu"})
    db.session.commit()
    assert digests.send_daily().daily == 1
    db.session.commit()
    later = notifications.notify(shafts, "opportunity", "opportunity_new", data={"title": "Maali"})
    db.session.commit()
    assert digests.send_daily().daily == 0
    db.session.commit()
    db.session.refresh(later)
    assert later.mailed_at is None
    freeze_clock(datetime(2026, 3, 12, 6, 0))
    assert digests.send_daily().daily == 1
    db.session.commit()
    assert "Maali" in _mails(shafts.email)[-1].body
