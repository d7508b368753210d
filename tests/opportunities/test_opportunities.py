"""Opportunities: visibility, posting rules, moderation, the expiry job, matching both ways,
notices within the daily limit, expressions of interest and what accepting one reveals."""

from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa

from matchmaker import timeutil
from matchmaker.extensions import db
from matchmaker.matching import ProfileIndex
from matchmaker.models import ContactPerson, Opportunity, OpportunityNotice, OutboxMessage
from matchmaker.services import opportunities as service
from matchmaker.services import organisations, profile_fit
from matchmaker.services.errors import Conflict, DomainError, InvalidTransition, PermissionDenied


def mails_to(address: str) -> list[OutboxMessage]:
    return list(
        db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.recipient == address))
    )


def listed(viewer) -> set[int]:
    return {li.opportunity.id for li in service.search(viewer)}


# ------------------------------------------------------------------ visibility
def test_own_cluster_post_is_seen_only_by_that_clusters_members(maritime, post, client, auth):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster, visibility="cluster")
    assert opp.id in listed(people["shafts"])
    assert opp.id in listed(people["coord"])
    assert opp.id not in listed(people["mill"])
    assert opp.id not in listed(people["outsider"])
    assert opp.id not in listed(None)
    assert client.get(f"/opportunities/{opp.id}").status_code == 404
    auth.login(people["mill"].email)
    assert client.get(f"/opportunities/{opp.id}").status_code == 404
    assert opp.title.encode() not in client.get("/opportunities/?open=y").data
    auth.logout()
    auth.login(people["shafts"].email)
    assert client.get(f"/opportunities/{opp.id}").status_code == 200


def test_all_clusters_post_reaches_other_clusters_but_not_outsiders(maritime, post):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster, visibility="clusters")
    assert opp.id in listed(people["mill"])
    assert opp.id in listed(people["coord_fibre"])
    assert opp.id not in listed(people["outsider"])
    assert opp.id not in listed(None)


def test_public_post_is_seen_by_anonymous_visitors(maritime, post, client):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster, visibility="public")
    assert opp.id in listed(None)
    page = client.get(f"/opportunities/{opp.id}")
    assert page.status_code == 200 and opp.title.encode() in page.data


def test_draft_is_seen_only_by_its_owner_and_the_coordinators(maritime, post):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster, publish=False, visibility="public")
    assert opp.id in listed(people["yard"])
    assert opp.id in listed(people["coord"])
    assert opp.id not in listed(people["shafts"])
    assert opp.id not in listed(None)


def test_matches_only_list_organisations_allowed_to_see_the_post(maritime, post):
    cluster, _, orgs, people = maritime
    opp = post(people["yard"], cluster, visibility="cluster")
    ids = {f.organisation.id for f in service.matches(opp)}
    assert orgs["shafts"].id in ids
    assert orgs["outsider"].id not in ids  # offers exactly this, but cannot see the post
    assert orgs["yard"].id not in ids


# ------------------------------------------------------------------ posting
def test_member_cannot_post_in_a_cluster_it_is_not_a_member_of(maritime, app):
    _, fibre, _, people = maritime
    with app.test_request_context(), pytest.raises(PermissionDenied):
        service.create(people["yard"], fibre, {"kind": "joint_bid", "title": "x"})


def test_deadline_in_the_past_is_refused_on_the_field(maritime, app):
    cluster, _, _, people = maritime
    yesterday = timeutil.today(cluster) - timedelta(days=1)
    with app.test_request_context(), pytest.raises(DomainError) as err:
        service.create(
            people["yard"],
            cluster,
            {"kind": "joint_bid", "title": "Yhteisosasto", "deadline": yesterday},
        )
    assert "deadline" in err.value.fields


def test_coordinator_posts_for_the_cluster_and_others_cannot(maritime, post, app):
    cluster, _, _, people = maritime
    opp = post(people["coord"], cluster, for_cluster=True, kind="joint_bid", title="SMM 2027")
    assert opp.owner_org_id is None and opp.poster_name == cluster.name
    assert service.is_owner(people["coord"], opp)
    assert not service.is_owner(people["yard"], opp)
    with app.test_request_context(), pytest.raises(PermissionDenied):
        service.create(people["yard"], cluster, {"title": "x"}, for_cluster=True)


def test_only_the_owner_organisation_edits_and_closes(maritime, post, app):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        with pytest.raises(PermissionDenied):
            service.update(people["shafts"], opp, {"title": "Kaapattu"})
        with pytest.raises(PermissionDenied):
            service.close(people["shafts"], opp)
        service.update(people["yard"], opp, {"title": "Uusi otsikko"})
        service.close(people["yard"], opp)
    assert opp.title == "Uusi otsikko" and opp.status == "closed"


def test_transition_table_refuses_fulfilled_to_published(maritime, post, app):
    cluster, _, orgs, people = maritime
    opp = post(people["yard"], cluster)
    opp.fulfil(orgs["shafts"].id)
    with pytest.raises(InvalidTransition):
        opp.publish()


def test_edit_form_shows_field_error_for_past_deadline(maritime, post, client, auth):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    auth.login(people["yard"].email)
    page = client.post(
        f"/opportunities/{opp.id}/edit",
        data={
            "kind": "subcontracting",
            "title": "Akselit",
            "deadline": "2001-01-01",
            "visibility": "cluster",
        },
    )
    assert page.status_code == 200
    assert b"The deadline is in the past." in page.data


# ------------------------------------------------------------------ moderation
def test_hiding_needs_a_reason_mails_it_and_hides_from_others(maritime, post, app):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        with pytest.raises(DomainError):
            service.hide(people["coord"], opp, "  ")
        with pytest.raises(PermissionDenied):
            service.hide(people["coord_fibre"], opp, "Ei kuulu tänne")
        with pytest.raises(PermissionDenied):
            service.hide(people["shafts"], opp, "Kilpailija")
        service.hide(people["coord"], opp, "Sama ilmoitus on jo kahdesti")
        db.session.commit()
    mail = mails_to("yard@example.fi")[-1]
    assert "Sama ilmoitus on jo kahdesti" in mail.body
    assert opp.id not in listed(people["shafts"])
    assert opp.id in listed(people["yard"]) and opp.id in listed(people["coord"])


def test_hidden_post_refuses_interest(maritime, post, app):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    opp.hide("roskapostia", people["coord"].id)
    db.session.commit()
    with app.test_request_context(), pytest.raises(DomainError) as err:
        service.express_interest(people["shafts"], opp, "Hei")
    assert err.value.status == 404


# ------------------------------------------------------------------ expiry job
def test_reminder_three_days_before_then_expiry_and_second_runs_send_nothing(
    maritime, post, app, freeze_clock
):
    cluster, _, _, people = maritime
    freeze_clock(datetime(2027, 3, 1, 10, 0))
    opp = post(people["yard"], cluster, deadline=datetime(2027, 3, 10).date())
    with app.test_request_context():
        assert service.expire_and_remind(datetime(2027, 3, 6, 10, 0)) == (0, 0)
        assert service.expire_and_remind(datetime(2027, 3, 7, 10, 0)) == (1, 0)
        db.session.commit()
        assert service.expire_and_remind(datetime(2027, 3, 7, 11, 0)) == (0, 0)
        # 10 March 23:30 in Helsinki is still the deadline day (21:30 UTC)
        assert service.expire_and_remind(datetime(2027, 3, 10, 21, 30)) == (0, 0)
        # 00:30 on 11 March in Helsinki is 22:30 UTC on the 10th: past the deadline
        assert service.expire_and_remind(datetime(2027, 3, 10, 22, 30)) == (0, 1)
        db.session.commit()
        assert service.expire_and_remind(datetime(2027, 3, 12, 8, 0)) == (0, 0)
    assert opp.status == "expired"
    reminders = [m for m in mails_to("yard@example.fi") if "closes soon" in m.subject]
    assert len(reminders) == 1


def test_expire_command_is_idempotent(maritime, post, runner, freeze_clock):
    cluster, _, _, people = maritime
    freeze_clock(datetime(2027, 3, 1, 10, 0))
    post(people["yard"], cluster, deadline=datetime(2027, 3, 2).date())
    first = runner.invoke(args=["expire-opportunities"])
    assert "1 reminded, 0 expired." in first.output
    second = runner.invoke(args=["expire-opportunities"])
    assert "0 reminded, 0 expired." in second.output
    freeze_clock(datetime(2027, 3, 3, 10, 0))
    assert "0 reminded, 1 expired." in runner.invoke(args=["expire-opportunities"]).output
    assert "0 reminded, 0 expired." in runner.invoke(args=["expire-opportunities"]).output


# ------------------------------------------------------------------ matching both ways
def test_request_is_matched_against_offers_with_reasons(maritime, post):
    cluster, _, orgs, people = maritime
    opp = post(people["yard"], cluster)
    fits = service.matches(opp)
    assert fits[0].organisation.id == orgs["shafts"].id
    kinds = {r.kind for r in fits[0].reasons}
    assert "opportunity_meets_offer" in kinds


def test_offer_is_matched_against_needs(maritime, post):
    cluster, _, orgs, people = maritime
    opp = post(
        people["shafts"],
        cluster,
        kind="technology_offer",
        title="Tarjoamme paloeristeitä",
        offered_sought="A60-paloeristeet laivoihin",
    )
    fits = service.matches(opp)
    assert fits[0].organisation.id == orgs["yard"].id  # the yard needs A60 insulation
    assert fits[0].reasons[0].kind == "opportunity_meets_need"


def test_search_query_ranks_and_kind_filter(maritime, post):
    cluster, _, _, people = maritime
    shafts = post(people["yard"], cluster)
    fair = post(
        people["hvac"],
        cluster,
        kind="joint_bid",
        title="Yhteisosasto SMM-messuilla",
        offered_sought="Jaamme messuosaston Hampurissa",
    )
    found = [li.opportunity.id for li in service.search(people["coord"], q="potkuriakseli")]
    assert found[0] == shafts.id and fair.id not in found
    only = service.search(people["coord"], kind="joint_bid")
    assert [li.opportunity.id for li in only] == [fair.id]


def test_no_query_sorts_by_the_viewers_profile_fit(maritime, post):
    cluster, _, _, people = maritime
    shafts = post(people["yard"], cluster)
    ventilation = post(
        people["yard"],
        cluster,
        kind="business_request",
        title="Ilmanvaihtojärjestelmät laivoihin",
        offered_sought="Laivojen ilmanvaihtojärjestelmät ja ilmastointi",
    )
    assert service.search(people["hvac"])[0].opportunity.id == ventilation.id
    assert service.search(people["shafts"])[0].opportunity.id == shafts.id


def test_fit_by_cosine_alone_does_not_compare_with_every_profile(maritime, post, monkeypatch):
    """Sorting by fit needs only the viewer's own cosine: the same scores as the full fit,
    without scoring the text against every profile of the index (linear in organisations)."""
    cluster, _, _, people = maritime
    post(people["yard"], cluster)
    org = people["hvac"].organisation
    texts = {1: "Laivojen ilmanvaihtojärjestelmät ja ilmastointi", 2: "Potkuriakselit"}
    full = profile_fit.profile_fit(org, texts)
    monkeypatch.setattr(
        ProfileIndex, "similarities", lambda *a: pytest.fail("scored every profile")
    )
    alone = profile_fit.profile_fit(org, texts, share=False)
    assert {k: v[0] for k, v in alone.items()} == {k: v[0] for k, v in full.items()}
    assert full[1][0] > 0
    assert [li.opportunity.title for li in service.search(people["hvac"])]


def test_opportunity_texts_are_analysed_once_per_served_index(maritime, post, monkeypatch):
    """Ranking open opportunities by fit on every page reads the same texts: each is
    vectorised once for the index the process serves, and again only for a new index."""
    cluster, _, _, people = maritime
    post(people["yard"], cluster)
    seen = []
    vectorise = ProfileIndex.vectorise
    monkeypatch.setattr(
        ProfileIndex,
        "vectorise",
        lambda self, text, *a, **kw: seen.append(text) or vectorise(self, text, *a, **kw),
    )
    first = service.search(people["hvac"])
    analysed = len(seen)
    assert analysed >= 1
    again = service.search(people["hvac"])
    assert len(seen) == analysed and [li.score for li in again] == [li.score for li in first]
    organisations.update_profile(
        people["hvac"], people["hvac"].organisation, {"needs": "Potkuriakselit"}
    )
    db.session.commit()  # the index is rebuilt: its vectors differ
    service.search(people["hvac"])
    assert len(seen) == 2 * analysed


def test_partners_page_lists_opportunities_for_you(maritime, post, client, auth):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    auth.login(people["shafts"].email)
    page = client.get("/partners/")
    assert b"Opportunities for you" in page.data and opp.title.encode() in page.data


# ------------------------------------------------------------------ notices
def test_notify_keeps_the_daily_limit_and_shows_it(maritime, post, app, make_org, client, auth):
    cluster, _, orgs, people = maritime
    app.config["OPPORTUNITY_NOTIFY_LIMIT"] = 2
    opp = post(people["yard"], cluster)
    extra = make_org(cluster, name="Kolmas Oy")
    with app.test_request_context():
        with pytest.raises(DomainError) as err:
            service.notify(people["yard"], opp, [orgs["shafts"].id, orgs["hvac"].id, extra.id])
        assert "organisations" in err.value.fields
        db.session.rollback()
        service.notify(people["yard"], opp, [orgs["shafts"].id, orgs["hvac"].id])
        db.session.commit()
        assert service.notices_left(opp) == 0
        with pytest.raises(DomainError):
            service.notify(people["yard"], opp, [extra.id])
        with pytest.raises(PermissionDenied):
            service.notify(people["shafts"], opp, [extra.id])
    assert len(mails_to("shafts@example.fi")) == 1
    auth.login(people["yard"].email)
    assert (
        b"You can notify 0 more organisations today (at most 2 a day)."
        in client.get(f"/opportunities/{opp.id}").data
    )


def test_notify_limit_resets_on_the_clusters_next_day(maritime, post, app, freeze_clock):
    cluster, _, orgs, people = maritime
    app.config["OPPORTUNITY_NOTIFY_LIMIT"] = 1
    freeze_clock(datetime(2027, 3, 1, 21, 30))  # 23:30 in Helsinki
    opp = post(people["yard"], cluster, deadline=datetime(2027, 3, 20).date())
    with app.test_request_context():
        service.notify(people["yard"], opp, [orgs["shafts"].id])
        db.session.commit()
        assert service.notices_left(opp) == 0
        freeze_clock(datetime(2027, 3, 1, 22, 30))  # 00:30 on 2 March in Helsinki
        assert service.notices_left(opp) == 1


def test_notify_reaches_a_member_without_users_through_its_contact_people(
    maritime, post, app, make_org
):
    cluster, _, _, people = maritime
    quiet = make_org(cluster, name="Hiljainen Oy", capabilities="Potkuriakselien koneistus")
    db.session.add(ContactPerson(organisation=quiet, name="Kari", email="kari@hiljainen.fi"))
    db.session.commit()
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        service.notify(people["yard"], opp, [quiet.id])
        db.session.commit()
    mail = mails_to("kari@hiljainen.fi")[-1]
    assert "/invitations/" in mail.body and f"/opportunities/{opp.id}" in mail.body
    assert db.session.scalar(sa.select(sa.func.count(OpportunityNotice.id))) == 1


def test_notify_skips_organisations_already_notified(maritime, post, app):
    cluster, _, orgs, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        service.notify(people["yard"], opp, [orgs["shafts"].id])
        db.session.commit()
        with pytest.raises(Conflict):
            service.notify(people["yard"], opp, [orgs["shafts"].id])


# ------------------------------------------------------------------ interest
def test_interest_rules_own_duplicate_and_closed(maritime, post, app):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        with pytest.raises(PermissionDenied):
            service.express_interest(people["yard"], opp, "oma")
        service.express_interest(people["shafts"], opp, "Koneistamme nämä")
        db.session.commit()
        with pytest.raises(Conflict):
            service.express_interest(people["shafts"], opp, "uudestaan")
        db.session.rollback()
        service.close(people["yard"], opp)
        db.session.commit()
        with pytest.raises(DomainError) as err:
            service.express_interest(people["hvac"], opp, "myöhässä")
        assert err.value.status == 422
    assert any("Akselipaja Oy" in m.subject for m in mails_to("yard@example.fi"))


def test_interest_after_the_deadline_day_is_refused(maritime, post, app, freeze_clock):
    cluster, _, _, people = maritime
    freeze_clock(datetime(2027, 3, 1, 10, 0))
    opp = post(people["yard"], cluster, deadline=datetime(2027, 3, 2).date())
    freeze_clock(datetime(2027, 3, 2, 22, 30))  # 00:30 on 3 March in Helsinki, job not run
    with app.test_request_context(), pytest.raises(DomainError) as err:
        service.express_interest(people["shafts"], opp, "Hei")
    assert err.value.status == 422


def test_accepting_interest_reveals_each_others_private_contacts(maritime, post, client, auth):
    cluster, _, orgs, people = maritime
    for key, email in (("yard", "pekka@telakka.fi"), ("shafts", "salli@akselipaja.fi")):
        organisations.save_contact(
            people[key], orgs[key], {"name": email, "email": email, "visibility": "private"}
        )
    db.session.commit()
    opp = post(people["yard"], cluster)
    auth.login(people["shafts"].email)
    client.post(f"/opportunities/{opp.id}/interest", data={"message": "Koneistamme"})
    page = client.get(f"/opportunities/{opp.id}").data
    assert b"pekka@telakka.fi" not in page
    auth.logout()

    auth.login(people["yard"].email)
    page = client.get(f"/opportunities/{opp.id}").data
    assert b"Koneistamme" in page and b"salli@akselipaja.fi" not in page
    item = opp.interests[0]
    client.post(f"/opportunities/interests/{item.id}", data={"decision": "accept"})
    db.session.refresh(item)
    assert item.status == "accepted"
    page = client.get(f"/opportunities/{opp.id}").data
    assert b"salli@akselipaja.fi" in page
    auth.logout()

    auth.login(people["shafts"].email)
    assert b"pekka@telakka.fi" in client.get(f"/opportunities/{opp.id}").data
    assert b"pekka@telakka.fi" in client.get(f"/organisations/{orgs['yard'].id}").data
    assert any("accepted" in m.subject for m in mails_to("shafts@example.fi"))


def test_only_the_owner_decides_an_interest(maritime, post, app, client, auth):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        item = service.express_interest(people["shafts"], opp, "Hei")
        db.session.commit()
    auth.login(people["hvac"].email)
    assert client.post(
        f"/opportunities/interests/{item.id}", data={"decision": "accept"}
    ).status_code in (403, 404)
    db.session.refresh(item)
    assert item.status == "pending"


def test_fulfil_needs_an_accepted_partner(maritime, post, app):
    cluster, _, orgs, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        item = service.express_interest(people["shafts"], opp, "Hei")
        with pytest.raises(DomainError):
            service.fulfil(people["yard"], opp, orgs["shafts"])
        service.decide_interest(people["yard"], item, True)
        service.fulfil(people["yard"], opp, orgs["shafts"])
        db.session.commit()
    assert opp.status == "fulfilled" and opp.partner_org_id == orgs["shafts"].id


def test_delete_only_without_interests(maritime, post, app):
    cluster, _, _, people = maritime
    lonely, answered = post(people["yard"], cluster), post(people["yard"], cluster)
    with app.test_request_context():
        service.express_interest(people["shafts"], answered, "Hei")
        with pytest.raises(Conflict):
            service.delete(people["yard"], answered)
        service.delete(people["yard"], lonely)
        db.session.commit()
    assert db.session.get(Opportunity, lonely.id) is None


def test_moving_the_deadline_gets_a_new_reminder(maritime, post, app, freeze_clock):
    cluster, _, _, people = maritime
    freeze_clock(datetime(2027, 3, 1, 10, 0))
    opp = post(people["yard"], cluster, deadline=datetime(2027, 3, 3).date())
    with app.test_request_context():
        assert service.expire_and_remind() == (1, 0)
        service.update(people["yard"], opp, {"deadline": datetime(2027, 3, 20).date()})
        assert service.expire_and_remind() == (0, 0)
        freeze_clock(datetime(2027, 3, 18, 10, 0))
        assert service.expire_and_remind() == (1, 0)


def test_list_page_statements_do_not_grow_with_the_posts(
    maritime, post, client, auth, make_org, make_user
):
    from tests.test_query_counts import _count

    cluster, _, _, people = maritime
    auth.login(people["shafts"].email)
    counts = {}
    made = 0
    for size in (3, 12):
        while made < size:  # each by an organisation of its own, with its industry
            poster = make_user(make_org(cluster), org_role="admin")
            post(poster, cluster, title=f"Potkuriakselit {made}", industries=["25"])
            made += 1
        assert client.get("/opportunities/").status_code == 200
        counts[size] = _count(lambda: client.get("/opportunities/"))
    assert counts[3] == counts[12]


def test_the_member_who_answered_a_post_gets_the_promised_mail(
    maritime, post, client, auth, make_user
):
    """The page says "You will get an e-mail when they answer": true for a plain member too,
    not only for the organisation's admins."""
    cluster, _, orgs, people = maritime
    member = make_user(orgs["shafts"], org_role="member", email="jasen@akselipaja.fi")
    opp = post(people["yard"], cluster)
    auth.login(member.email)
    page = client.post(
        f"/opportunities/{opp.id}/interest", data={"message": "Koneistamme"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "You will get an e-mail when they answer." in page
    auth.logout()
    with client.application.test_request_context():
        service.decide_interest(people["yard"], opp.interests[0], False)
    db.session.commit()
    assert len(mails_to("jasen@akselipaja.fi")) == 1


# ------------------------------------------------------------------ the pages' commit or refusal
def test_owner_deletes_an_unanswered_post_from_its_page(maritime, post, app, client, auth):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    auth.login(people["yard"].email)
    response = client.post(f"/opportunities/{opp.id}/delete", follow_redirects=True)
    assert response.request.path == "/opportunities/"
    assert b"Opportunity deleted." in response.data
    db.session.expire_all()
    assert db.session.get(Opportunity, opp.id) is None


def test_a_post_with_interest_is_not_deleted_and_the_page_says_why(
    maritime, post, app, client, auth
):
    cluster, _, _, people = maritime
    opp = post(people["yard"], cluster)
    with app.test_request_context():
        service.express_interest(people["shafts"], opp, "Kiinnostaa")
        db.session.commit()
    auth.login(people["yard"].email)
    response = client.post(f"/opportunities/{opp.id}/delete", follow_redirects=True)
    assert response.request.path == f"/opportunities/{opp.id}"
    assert b"Others have expressed interest in it: close it instead." in response.data
    db.session.expire_all()
    assert db.session.get(Opportunity, opp.id) is not None
    auth.logout()
    auth.login(people["hvac"].email)  # not the owner: refused outright
    assert client.post(f"/opportunities/{opp.id}/delete").status_code == 403


def test_notify_from_the_page_commits_then_refuses_past_the_daily_limit(
    maritime, post, app, client, auth
):
    cluster, _, orgs, people = maritime
    app.config["OPPORTUNITY_NOTIFY_LIMIT"] = 1
    opp = post(people["yard"], cluster)
    auth.login(people["yard"].email)
    url = f"/opportunities/{opp.id}/notify"
    response = client.post(url, data={"organisations": [str(orgs["shafts"].id)]})
    assert response.headers["Location"].endswith(f"/opportunities/{opp.id}")
    page = client.get(f"/opportunities/{opp.id}").data
    assert b"1 organisation notified." in page
    response = client.post(
        url, data={"organisations": [str(orgs["hvac"].id)]}, follow_redirects=True
    )
    assert b"1 organisation notified." not in response.data
    assert b"You can notify 0 more organisations today (at most 1 a day)." in response.data
    response = client.post(url, data={}, follow_redirects=True)
    assert b"Choose the organisations to notify." in response.data
    notified = db.session.scalars(sa.select(OpportunityNotice.organisation_id)).all()
    assert notified == [orgs["shafts"].id]
