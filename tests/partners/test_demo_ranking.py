"""The demo propeller maker's suggestions: customers and suppliers, competitors apart."""

import re

import sqlalchemy as sa
from flask_babel import force_locale, gettext

from matchmaker.extensions import db
from matchmaker.models import Organisation
from matchmaker.services import matching

PROPELLER_MAKER = "yllapito@potkuripaja-laine.fi"
JOINT_BIDS = "Possible partners for joint bids"


def _lines(text: str | None) -> set[str]:
    return {line.strip() for line in (text or "").splitlines() if line.strip()}


def test_propeller_maker_sees_its_customers_and_suppliers_and_competitors_apart(
    runner, client, auth
):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    me = db.session.scalar(
        sa.select(Organisation).where(Organisation.name == "Potkuripaja Laine Oy")
    )
    others = [o for o in db.session.scalars(sa.select(Organisation)) if o.id != me.id]
    # Direct competitors in the demo data: they list two or more of its own capabilities.
    competitors = {
        o.name for o in others if len(_lines(o.capabilities) & _lines(me.capabilities)) >= 2
    }
    # Shipyards (TOL 30) that are not competitors and need propellers: its customers.
    yards = {
        o.name
        for o in others
        if "30" in o.industry_codes
        and o.name not in competitors
        and "potkuri" in (o.needs or "").lower()
    }
    assert len(competitors) >= 3 and yards

    top = [m.organisation for m in matching.partner_suggestions(me, k=10, same_cluster_only=True)]
    names = [o.name for o in top]
    assert yards <= set(names)  # the shipyard that buys propellers
    caps = [(o.capabilities or "").lower() for o in top]
    assert any("pronssi" in c and "valut" in c for c in caps)  # foundries: bronze castings
    assert any("hydrauliikkakomponentit" in c for c in caps)  # hydraulics for CP propellers
    shaft_shops = [c for c in caps if "potkuriakseleiden koneistus" in c]
    assert 1 <= len(shaft_shops) <= 2  # shaft machining, but not a list of machine shops
    assert not competitors & set(names)

    auth.login(PROPELLER_MAKER, "demo-member-2026")
    html = client.get("/partners/").get_data(as_text=True)
    with force_locale("fi"):  # the demo user reads Finnish
        heading = str(gettext(JOINT_BIDS))
    assert heading != JOINT_BIDS and heading in html
    partners_part, joint_part = html.split(heading, 1)
    shown = set(re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', partners_part))
    grouped = set(re.findall(r'<h2><a href="/organisations/\d+">([^<]+)</a></h2>', joint_part))
    assert not competitors & shown
    assert grouped and grouped <= competitors


def test_propeller_maker_reasons_name_no_noise_words(runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    me = db.session.scalar(
        sa.select(Organisation).where(Organisation.name == "Potkuripaja Laine Oy")
    )
    noise = {"laitteiden", "perustettu", "equipment", "luokkaan", "edellyttämät", "oy", "vuonna"}
    matches = matching.partner_suggestions(me, k=10, same_cluster_only=True)
    shown = {
        w.casefold()
        for m in matches
        for r in m.reasons
        if r.kind not in ("shared_market", "same_region")
        for w in r.their_words + r.your_words
    }
    assert shown and not shown & noise
