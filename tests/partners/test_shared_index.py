"""One stored index for every worker: built outside requests, mapped, edits folded in at once."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from matchmaker.extensions import db
from matchmaker.matching import ProfileIndex, store
from matchmaker.services import matching, organisations


@pytest.fixture
def shared(app, tmp_path):
    """The app as a web worker runs: no builds of its own, the index read from the store."""
    app.config["MATCHING_SYNC_REBUILD"] = False
    app.config["MATCHING_INDEX_DIR"] = str(tmp_path / "index")
    app.extensions.pop("matchmaker_index", None)
    return Path(app.config["MATCHING_INDEX_DIR"])


@pytest.fixture
def no_builds(monkeypatch):
    """Fail the test if anything builds an index (as a request must never do)."""

    def refuse(*args, **kwargs):
        raise AssertionError("an index was built")

    monkeypatch.setattr(ProfileIndex, "build", classmethod(refuse))


def names(org) -> list[str]:
    return [m.organisation.name for m in matching.partner_suggestions(org)]


def test_build_of_another_process_is_served_without_building(shared, maritime, no_builds):
    _, orgs, _ = maritime
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "DATABASE_URL": url, "MATCHING_INDEX_DIR": str(shared)}
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "matchmaker", "build-index"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "stored" in done.stdout
    assert "Akselipaja Oy" in names(orgs["yard"])  # ProfileIndex.build would have failed
    index = matching.current_index()
    assert store.is_mapped(index.matrices["offers"].data)
    assert store.is_mapped(index.transposed["whole"].indices)


def test_requests_never_build_and_say_suggestions_are_being_prepared(
    shared, maritime, client, auth, no_builds
):
    cluster, orgs, people = maritime
    auth.login(people["yard"].email)
    html = client.get("/partners/").get_data(as_text=True)
    assert "Suggestions are being prepared" in html
    assert "No suggestions yet" not in html
    assert "Suggestions are being prepared" in client.get("/partners/side-streams").text
    assert client.get(f"/organisations/{orgs['yard'].id}").status_code == 200
    directory = client.get(f"/clusters/{cluster.slug}/?q=potkuri")  # search uses the index too
    assert directory.status_code == 200
    assert not shared.exists() or not any(shared.iterdir())  # nothing was built or stored


def test_api_reports_the_preparing_state_with_retry_after(shared, maritime, client, auth):
    _, orgs, people = maritime
    auth.login(people["yard"].email)
    response = client.get(f"/api/v1/organisations/{orgs['yard'].id}/suggestions")
    assert response.status_code == 200
    assert response.get_json() == {"status": "preparing", "items": []}
    assert int(response.headers["Retry-After"]) > 0
    with db.session.no_autoflush:
        matching.build_and_store()
    response = client.get(f"/api/v1/organisations/{orgs['yard'].id}/suggestions")
    body = response.get_json()
    assert body["status"] == "ready" and body["items"]
    assert "Retry-After" not in response.headers


def test_edit_shows_at_once_and_is_in_the_next_build(shared, maritime, monkeypatch):
    _, orgs, people = maritime
    matching.build_and_store()
    assert "Laivailma Oy" in names(orgs["yard"])
    first_build = matching.current_index()
    organisations.update_profile(
        people["hvac"],
        orgs["hvac"],
        {"capabilities": "Kahvilapalvelut", "description": "Kahvila satamassa."},
    )
    db.session.commit()

    def refuse(*args, **kwargs):
        raise AssertionError("an index was built")

    with monkeypatch.context() as patched:
        patched.setattr(ProfileIndex, "build", classmethod(refuse))
        assert "Laivailma Oy" not in names(orgs["yard"])  # folded in, nothing built
    folded = matching.current_index()
    assert folded is not first_build
    _, version, _ = matching.build_and_store()
    assert version == matching.stored_version()
    fresh = matching.current_index()
    assert fresh is not folded and not len(fresh.delta_positions)  # the build has the edit
    assert store.is_mapped(fresh.matrices["whole"].data)
    assert fresh.profiles[fresh.pos(orgs["hvac"].id)].offers == "Kahvilapalvelut"
    assert "Laivailma Oy" not in names(orgs["yard"])


def test_a_burst_of_edits_causes_one_build(shared, maritime):
    _, orgs, people = maritime
    matching.build_and_store()
    clock = {"now": 0.0, "polls": 0}
    hvac_id, user_id = orgs["hvac"].id, people["hvac"].id

    def sleep(seconds):
        clock["polls"] += 1
        clock["now"] += seconds
        if clock["polls"] <= 6:  # an edit every second for six seconds
            org = db.session.get(type(orgs["hvac"]), hvac_id)
            user = db.session.get(type(people["hvac"]), user_id)
            organisations.update_profile(user, org, {"needs": f"Kahvinkeittimet {clock['polls']}"})
            db.session.commit()

    builds = matching.watch(
        quiet=3.0,
        poll=1.0,
        stop=lambda: clock["polls"] >= 15,
        clock=lambda: clock["now"],
        sleep=sleep,
    )
    assert builds == 1
    assert matching.stored_build_version() == matching.stored_version()


def test_debouncer_waits_for_quiet():
    d = matching.Debouncer(quiet=5)
    assert d.due(stored=3, built=None, now=0)  # nothing built yet: build at once
    assert not d.due(stored=3, built=3, now=1)
    assert not d.due(stored=4, built=3, now=2)
    assert not d.due(stored=9, built=3, now=6)  # still moving
    assert not d.due(stored=9, built=3, now=10)
    assert d.due(stored=9, built=3, now=11)


def test_corrupt_or_partial_build_is_not_loaded(shared, maritime):
    _, orgs, _ = maritime
    path, _, _ = matching.build_and_store()
    victim = path / "matrix.offers.data.npy"
    victim.write_bytes(victim.read_bytes()[:-8] + b"\x00" * 8)  # same size, other bytes
    with pytest.raises(store.StoreError, match="checksum"):
        store.load(shared)
    victim.write_bytes(victim.read_bytes()[:-4])
    with pytest.raises(store.StoreError, match="wrong size"):
        store.load(shared, verify=False)
    (path / "manifest.json").unlink()
    with pytest.raises(store.StoreError, match="manifest"):
        store.load(shared)
    assert matching.index_state() == matching.PREPARING
    assert matching.partner_suggestions(orgs["yard"]) == []


def test_an_interrupted_build_leaves_the_current_one_served(shared, maritime, monkeypatch):
    _, orgs, _ = maritime
    matching.build_and_store()
    assert "Akselipaja Oy" in names(orgs["yard"])

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(store, "_describe", crash)
    with pytest.raises(OSError):
        matching.build_and_store()
    assert not [p for p in shared.iterdir() if p.name.startswith(".tmp-")]
    app_holder = matching.current_index()
    assert len(app_holder) and "Akselipaja Oy" in names(orgs["yard"])


HOST = """
import json, sys
from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.matching import ProfileIndex
from matchmaker.models import Organisation
from matchmaker.services import matching

def refuse(*args, **kwargs):
    raise AssertionError("an index was built")

ProfileIndex.build = classmethod(refuse)  # a web host never builds
app = create_app()
with app.app_context():
    for line in sys.stdin:
        org = db.session.get(Organisation, int(line))
        names = [m.organisation.name for m in matching.partner_suggestions(org)]
        db.session.rollback()  # a request ends: the next one sees what others committed
        print(json.dumps(names), flush=True)
"""


def test_an_edit_shows_on_two_hosts_at_once_without_a_build(shared, maritime):
    """Two processes stand in for two hosts (one database, one shared index folder)."""
    _, orgs, people = maritime
    matching.build_and_store()
    url = db.engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "DATABASE_URL": url, "MATCHING_INDEX_DIR": str(shared)}
    hosts = [
        subprocess.Popen(
            [sys.executable, "-c", HOST],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]

    def ask(host, org) -> list[str]:
        host.stdin.write(f"{org.id}\n")
        host.stdin.flush()
        line = host.stdout.readline()
        assert line, "the host process failed"
        return json.loads(line)

    try:
        assert all("Laivailma Oy" in ask(h, orgs["yard"]) for h in hosts)
        organisations.update_profile(
            people["hvac"],
            orgs["hvac"],
            {"capabilities": "Kahvilapalvelut", "description": "Kahvila satamassa."},
        )
        db.session.commit()
        answers = [ask(h, orgs["yard"]) for h in hosts]  # the next request, no waiting
        assert all("Laivailma Oy" not in names for names in answers)
        assert all("Akselipaja Oy" in names for names in answers)  # the rest still served
    finally:
        for h in hosts:
            h.stdin.close()
            h.wait(timeout=60)
            h.stdout.close()
    assert all(h.returncode == 0 for h in hosts)
