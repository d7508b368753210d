"""The demo data set: deterministic, valid and rich enough to show partner matching."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import matchmaker
from matchmaker.data import tol2008
from matchmaker.demo.data import build_demo, demo_logins
from matchmaker.demo.loader import load
from matchmaker.services import business_id

ORG_TYPES = {
    "company",
    "university",
    "research_institute",
    "development_company",
    "financier",
    "public_body",
}
SIZE_RANGES = {"micro": (1, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 10**6)}
CLUSTER_MINIMUMS = {"lahti-maritime": 125, "lahti-biomass": 30, "lapland-arctic": 30}


@pytest.fixture(scope="module")
def demo():
    return build_demo()


@pytest.fixture(scope="module")
def orgs(demo):
    return demo["organisations"]


def valid_business_id(value: str) -> bool:
    """A valid Y-tunnus in its canonical form (seven digits, hyphen, check digit)."""
    return bool(re.fullmatch(r"\d{7}-\d", value)) and business_id.is_valid(value)


def test_deterministic(demo):
    assert build_demo() == demo
    assert build_demo() == build_demo()


def test_each_build_returns_fresh_data(demo):
    first = build_demo()
    first["organisations"][0]["industries"].append("99")
    first["users"][0]["coordinator_of"].append("elsewhere")
    assert build_demo() == demo


def test_demo_logins_build_the_demo_when_not_given_it(demo):
    assert demo_logins() == demo_logins(demo)
    assert len(demo_logins()) == len(demo["users"])


def test_shape(demo):
    assert set(demo) == {"clusters", "organisations", "users"}
    assert [c["slug"] for c in demo["clusters"]] == [
        "lahti-maritime",
        "lahti-biomass",
        "lapland-arctic",
    ]
    for cluster in demo["clusters"]:
        assert set(cluster) == {"slug", "name", "region", "description"}
        assert all(cluster.values())


def test_business_ids_valid_and_unique(orgs):
    ids = [o["business_id"] for o in orgs]
    assert all(valid_business_id(i) for i in ids), [i for i in ids if not valid_business_id(i)]
    assert len(set(ids)) == len(ids)


def test_keys_names_websites_unique(orgs):
    for field in ("key", "name", "website"):
        values = [o[field] for o in orgs]
        assert len(set(values)) == len(values), field
    for org in orgs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", org["key"])
        assert re.fullmatch(r"https://www\.[a-z0-9-]+\.fi", org["website"])


def test_counts_per_cluster(orgs, demo):
    slugs = {c["slug"] for c in demo["clusters"]}
    counts = {slug: 0 for slug in slugs}
    for org in orgs:
        assert org["clusters"], org["key"]
        assert len(set(org["clusters"])) == len(org["clusters"])
        for slug in org["clusters"]:
            assert slug in slugs
            counts[slug] += 1
    for slug, minimum in CLUSTER_MINIMUMS.items():
        assert counts[slug] >= minimum, (slug, counts[slug])
    assert sum(1 for o in orgs if len(o["clusters"]) > 1) >= 10


def test_profile_fields(orgs):
    for org in orgs:
        assert org["description"].strip(), org["key"]
        assert org["capabilities"].strip(), org["key"]
        assert org["needs"].strip(), org["key"]
        assert 3 <= len(org["capabilities"].splitlines()) <= 6, org["key"]
        assert 1 <= len(org["needs"].splitlines()) <= 4, org["key"]
        assert org["org_type"] in ORG_TYPES
        assert org["language"] in {"fi", "en"}
        lo, hi = SIZE_RANGES[org["size_class"]]
        assert lo <= org["employees"] <= hi, org["key"]
        assert 1800 <= org["founded_year"] <= 2025
        assert "{" not in org["description"] and "}" not in org["description"]
        for code in org["export_markets"] + org["target_markets"]:
            assert re.fullmatch(r"[A-Z]{2}", code)
        assert 1 <= len(org["contacts"]) <= 3


def test_languages_mixed(orgs):
    english = sum(o["language"] == "en" for o in orgs)
    assert 0.2 <= english / len(orgs) <= 0.4


def test_descriptions_vary(orgs):
    descriptions = [o["description"] for o in orgs]
    assert len(set(descriptions)) == len(descriptions)


def test_every_org_type_present(orgs):
    assert {o["org_type"] for o in orgs} == ORG_TYPES


def test_industries_exist_in_tol2008(orgs):
    for org in orgs:
        assert org["industries"], org["key"]
        for code in org["industries"]:
            assert code in tol2008.SECTIONS or code in tol2008.DIVISIONS, (org["key"], code)


def test_contact_emails_unique_and_ascii(orgs):
    emails = [c["email"] for o in orgs for c in o["contacts"]]
    assert len(set(emails)) == len(emails)
    for org in orgs:
        domain = org["website"].removeprefix("https://www.")
        for contact in org["contacts"]:
            assert re.fullmatch(r"[a-z-]+\.[a-z-]+@" + re.escape(domain), contact["email"])
            assert re.fullmatch(r"\+358 \d{2} \d{3} \d{4}", contact["phone"])
            assert contact["visibility"] in {"members", "public", "private"}


def test_users(demo, orgs):
    users = demo["users"]
    emails = [u["email"] for u in users]
    assert len(set(emails)) == len(emails)
    keys = {o["key"] for o in orgs}
    by_email = {u["email"]: u for u in users}
    admin = by_email["admin@matchmaker.example"]
    assert admin["site_admin"] and admin["password"] == "demo-admin-2026"
    coord = by_email["koordinaattori@meriklusteri.example"]
    assert coord["password"] == "demo-coordinator-2026"
    assert set(coord["coordinator_of"]) == {"lahti-maritime", "lahti-biomass"}
    assert next(o for o in orgs if o["key"] == coord["org_key"])["org_type"] == (
        "development_company"
    )
    org_admins = [
        u for u in users if u["org_key"] and u["org_role"] == "admin" and not u["coordinator_of"]
    ]
    assert len(org_admins) >= 10
    yllapito = [u for u in users if u["email"].startswith("yllapito@")]
    jasen = [u for u in users if u["email"].startswith("jasen@")]
    assert len(yllapito) == 1 and len(jasen) == 1
    assert yllapito[0]["org_key"] == jasen[0]["org_key"]
    assert yllapito[0]["org_role"] == "admin" and jasen[0]["org_role"] == "member"
    propulsion = next(o for o in orgs if o["key"] == yllapito[0]["org_key"])
    assert "potkuri" in propulsion["capabilities"].lower()
    for user in users:
        assert user["org_key"] is None or user["org_key"] in keys
        assert user["org_role"] in {"admin", "member"}
        assert user["locale"] in {"fi", "en"}
        assert user["password"] in {"demo-admin-2026", "demo-coordinator-2026", "demo-member-2026"}
    assert {(e, p) for _, e, p in demo_logins(demo)} == {(u["email"], u["password"]) for u in users}


def _stems(text: str) -> set[str]:
    return {w[:6] for w in re.findall(r"[^\W\d_]+", text.lower()) if len(w) >= 6}


def test_needs_meet_capabilities(orgs):
    cap_stems = [_stems(o["capabilities"]) for o in orgs]
    pairs = set()
    for i, seeker in enumerate(orgs):
        for line in seeker["needs"].splitlines():
            wanted = _stems(line)
            for j, stems in enumerate(cap_stems):
                if i != j and wanted & stems:
                    pairs.add((i, j))
    assert len(pairs) >= 20


@pytest.mark.parametrize(
    ("need", "offer"),
    [
        ("potkuriakselien koneistus", "potkuriakseleiden koneistus"),
        ("a60-paloeristys", "a60-paloeristeet"),
        ("hiekkapuhallus ja maalaus", "hiekkapuhallus ja märkämaalaus"),
        ("akkutilojen jäähdytys", "akkutilojen ja sähkötilojen jäähdytys"),
        ("pronssivalut", "pronssi- ja teräsvalut"),
    ],
)
def test_designed_partner_chains(orgs, need, offer):
    seekers = [o for o in orgs if need in o["needs"].lower()]
    offerers = [o for o in orgs if offer in o["capabilities"].lower()]
    assert seekers and offerers
    assert any(s["key"] != o["key"] for s in seekers for o in offerers)


@pytest.mark.parametrize(
    "material",
    [
        "sahanpuru",
        "kuori",
        "kuituliete",
        "tuhka",
        "kuona",
        "puhallushiekka",
        "teräsromu",
        "rikastushiekka",
        "biohiili",
    ],
)
def test_side_streams_have_takers(orgs, material):
    offered = {o["key"] for o in orgs if material in o["side_streams_offered"].lower()}
    wanted = {o["key"] for o in orgs if material in o["side_streams_wanted"].lower()}
    assert offered and wanted, material
    assert offered | wanted != offered & wanted


def test_tol2008_tables():
    assert len(tol2008.SECTIONS) == 21
    assert len(tol2008.DIVISIONS) == 88
    assert all(sec in tol2008.SECTIONS for sec, _, _ in tol2008.DIVISIONS.values())
    assert tol2008.label("30", "en") == "30 Manufacture of other transport equipment"
    assert tol2008.label("C", "fi") == "C Teollisuus"
    choices = tol2008.choices("en")
    assert choices[0] == ("A", "A Agriculture, forestry and fishing")
    assert ("C", "C Manufacturing") in choices
    assert len(choices) == 21 + 88
    codes = [code for code, _ in choices]
    assert codes.index("C") < codes.index("10") < codes.index("33") < codes.index("D")


def test_municipalities_match_region(orgs):
    lapland = {"Rovaniemi", "Kemi", "Tornio", "Kemijärvi", "Sodankylä"}
    south = {
        "Lahti",
        "Hollola",
        "Orimattila",
        "Heinola",
        "Asikkala",
        "Kärkölä",
        "Padasjoki",
        "Hartola",
        "Sysmä",
        "Iitti",
        "Turku",
        "Rauma",
        "Helsinki",
        "Kotka",
    }
    for org in orgs:
        home = lapland if org["clusters"][0] == "lapland-arctic" else south
        assert org["municipality"] in home, (org["key"], org["municipality"])


# Run in a fresh interpreter: records every call of a function defined under matchmaker/demo/
# (module and class bodies are not functions) and every content file opened while the app is
# imported and created, the way every web and CLI worker starts. The import machinery's
# probes of dunder names through the module's __getattr__ do no demo work and are left out.
_IMPORT_PROBE = """
import inspect, json, sys
demo_dir = sys.argv[1]
calls, opened = [], []
def profile(frame, event, arg):
    code = frame.f_code
    if (
        event == "call"
        and code.co_filename.startswith(demo_dir)
        and code.co_flags & inspect.CO_NEWLOCALS
        and not (code.co_name == "__getattr__" and frame.f_locals["name"].startswith("__"))
    ):
        calls.append(code.co_name)
def audit(event, args):
    if event == "open" and str(args[0]).startswith(demo_dir + "/content"):
        opened.append(args[0])
sys.addaudithook(audit)
sys.setprofile(profile)
import matchmaker
import matchmaker.cli
app = matchmaker.create_app(
    {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
)
sys.setprofile(None)
loaded = sorted(m for m in sys.modules if m.startswith("matchmaker.demo"))
print(json.dumps({"calls": sorted(set(calls)), "opened": opened, "loaded": loaded}))
"""


def test_creating_the_app_builds_no_demo():
    demo_dir = str(Path(matchmaker.__file__).parent / "demo")
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_PROBE, demo_dir],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert "matchmaker.demo.data" in probe["loaded"]  # the CLI imports the seeding code ...
    assert probe["calls"] == []  # ... but runs none of it
    assert probe["opened"] == []


def test_demo_content_ships_as_package_data():
    root = Path(matchmaker.__file__).parent
    pyproject = tomllib.loads((root.parent / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["matchmaker"]
    shipped = {f for pattern in patterns for f in root.glob(pattern) if f.is_file()}
    content = {f for f in (root / "demo" / "content").rglob("*") if f.is_file()}
    assert content and content <= shipped


BANK_FIELDS = {"intro", "body", "caps", "needs", "kw", "off", "want"}
SECTOR_FIELDS = {"key", "count", "sizes", "founded", "industries", "certs", "also", "towns"}
SECTOR_FIELDS |= {"names", "fi", "en", "own_phrases"}


@pytest.mark.parametrize("cluster", sorted(CLUSTER_MINIMUMS))
def test_sector_files_use_known_fields(cluster):
    """A misspelt field in a content file would be ignored silently; this catches it."""
    for sector in load(f"sectors/{cluster}")["sector"]:
        assert set(sector) <= SECTOR_FIELDS, sector["key"]
        assert set(sector["fi"]) == BANK_FIELDS, sector["key"]
        assert set(sector.get("en", BANK_FIELDS)) == set(BANK_FIELDS), sector["key"]
        names = [n for lang_names in sector["names"].values() for n in lang_names]
        assert sector["count"] <= len(names), sector["key"]
        for name, phrases in sector.get("own_phrases", {}).items():
            assert name in names, (sector["key"], name)
            assert set(phrases) <= BANK_FIELDS | {"sizes"}, (sector["key"], name)
