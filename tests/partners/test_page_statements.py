"""What one suggestions request reads: the change log, the stored build's name, the
dismissals and the suggested organisations once each, however often the page asks."""

import pytest

from matchmaker.extensions import db
from matchmaker.matching import store
from matchmaker.services import contacts, matching, organisations
from tests.opportunities.conftest import post  # noqa: F401
from tests.test_query_counts import counted


@pytest.fixture
def shared(app, tmp_path, maritime):
    """The app as a web worker runs: the index mapped from the store, edits folded in."""
    app.config["MATCHING_SYNC_REBUILD"] = False
    app.config["MATCHING_INDEX_DIR"] = str(tmp_path / "index")
    app.extensions.pop("matchmaker_index", None)
    matching.build_and_store()


@pytest.fixture
def logged_in_yard(client, auth, maritime):
    _, orgs, people = maritime
    contacts.dismiss(people["yard"], orgs["shafts"])  # a dismissal to read
    db.session.commit()
    auth.login("yard@example.fi")
    assert client.get("/partners/").status_code == 200  # warm: the index is mapped
    return orgs


def _statements(client, url: str, table: str) -> list[str]:
    db.session.expire_all()
    with counted() as seen:
        assert client.get(url).status_code == 200
    return [s for s in seen if f"FROM {table}" in " ".join(s.split())]


@pytest.mark.parametrize("mode", ["shared", "sync"])
def test_partner_page_reads_the_change_log_once(request, mode, client, logged_in_yard):
    if mode == "shared":
        request.getfixturevalue("shared")
        client.get("/partners/")
    assert len(_statements(client, "/partners/", "profile_change")) == 1


def test_partner_page_reads_dismissals_once(client, logged_in_yard):
    assert len(_statements(client, "/partners/", "dismissal")) == 1


def test_partner_page_loads_both_lists_organisations_in_one_statement(client, logged_in_yard):
    page = client.get("/partners/").get_data(as_text=True)
    assert "Akselipaja Oy" not in page  # dismissed
    assert "Laivailma Oy" in page and "Toinen Telakka Oy" in page  # a partner, a joint bid
    found = _statements(client, "/partners/", "organisation WHERE organisation.id IN")
    assert len(found) == 1


def test_api_suggestions_read_the_stored_build_name_once(
    shared, client, auth, logged_in_yard, monkeypatch
):
    reads = []
    real = store.current_build

    def counting(directory):
        reads.append(directory)
        return real(directory)

    monkeypatch.setattr(store, "current_build", counting)
    url = f"/api/v1/organisations/{logged_in_yard['yard'].id}/suggestions"
    body = client.get(url).get_json()
    assert body["status"] == "ready" and body["items"]
    assert len(reads) == 1


def test_an_edit_in_a_request_is_matched_later_in_the_same_request(app, shared, maritime):
    _, orgs, people = maritime
    with app.test_request_context("/partners/"):
        names = [m.organisation.name for m in matching.partner_suggestions(orgs["yard"])]
        assert "Laivailma Oy" in names
        organisations.update_profile(
            people["hvac"],
            orgs["hvac"],
            {"capabilities": "Kahvilapalvelut", "description": "Kahvila satamassa."},
        )
        db.session.commit()
        names = [m.organisation.name for m in matching.partner_suggestions(orgs["yard"])]
        assert "Laivailma Oy" not in names


def test_opportunities_for_you_read_no_expressions_of_interest_nor_posters_apart(
    client,
    auth,
    maritime,
    post,  # noqa: F811
):
    cluster, _, people = maritime
    opp = post(people["shafts"], cluster, title="Potkuriakselien koneistus sarjana")
    auth.login("yard@example.fi")
    assert opp.title in client.get("/partners/").get_data(as_text=True)
    assert _statements(client, "/partners/", "opportunity_interest") == []
    assert _statements(client, "/partners/", "cluster WHERE cluster.id IN") == []
    found = _statements(client, "/partners/", "organisation WHERE organisation.id IN")
    assert len(found) == 1  # the suggested organisations; the posters come with their posts


def test_suggested_organisations_are_read_as_their_cards_only(client, logged_in_yard):
    """The page reads the columns it shows and quotes (services.matching.CARD_COLUMNS), not
    every column of each suggested organisation."""
    (found,) = _statements(client, "/partners/", "organisation WHERE organisation.id IN")
    assert "organisation.search_text" not in found and "organisation.created_at" not in found
    assert "organisation.capabilities" in found and "organisation.name" in found


def test_card_columns_hold_every_field_the_reasons_quote():
    from matchmaker.presenters.reasons import _FIELDS

    quoted = {f for sides in _FIELDS.values() for side in sides for f in side}
    assert quoted <= {c.key for c in matching.CARD_COLUMNS}


def test_partner_page_scores_the_partner_cosines_once(client, logged_in_yard, monkeypatch):
    """Both lists (partners, joint bids) read one computation of the shared cosines."""
    from matchmaker.matching import ProfileIndex, suggest

    calls = []
    real = ProfileIndex.against

    def counting(self, rows, name):
        calls.append(name)
        return real(self, rows, name)

    monkeypatch.setattr(ProfileIndex, "against", counting)
    assert client.get("/partners/").status_code == 200
    on_page = len(calls)
    calls.clear()
    index = matching.current_index()
    suggest(index, logged_in_yard["yard"].id)
    assert on_page == len(calls)


def test_opportunities_for_you_read_only_their_posters_names(
    client,
    auth,
    maritime,
    post,  # noqa: F811
):
    cluster, _, people = maritime
    opp = post(people["shafts"], cluster, title="Potkuriakselien koneistus sarjana")
    auth.login("yard@example.fi")
    page = client.get("/partners/").get_data(as_text=True)
    assert opp.title in page and "Akselipaja Oy" in page
    (found,) = _statements(client, "/partners/", "opportunity JOIN cluster")
    assert "organisation_1.name" in found
    assert "organisation_1.description" not in found and "organisation_1.search_text" not in found
