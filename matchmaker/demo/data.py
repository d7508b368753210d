"""Deterministic demo data: clusters, member organisations and demo users.

The records and phrase banks live in ``content/*.toml`` (see content/README.md); this module
draws the organisations from them with ``random.Random(seed)``: no clock, no network, no
database. Nothing is built at import time: ``build_demo()`` reads the files on each call and
returns fresh plain data, equal for equal seeds. Company names, business IDs and people are
fictional; the clusters are modelled on the Lahti region maritime cluster, the Lahti biomass,
fibre and side-stream cluster and the Lapland arctic industry and circular economy cluster.
"""

from __future__ import annotations

import random
import re
import unicodedata

from matchmaker.demo.loader import load
from matchmaker.services import business_id

SEED = 2026

SIZE_EMPLOYEES = {"micro": (2, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 1800)}
# How many export markets and certifications a company lists, by size class.
_EXPORT_COUNTS = {"micro": (0, 2), "small": (1, 4), "medium": (2, 6), "large": (4, 9)}
_CERT_COUNTS = {"micro": (0, 1), "small": (0, 2), "medium": (1, 3), "large": (2, 4)}
_CLUSTER_FIELDS = ("slug", "name", "region", "description")
_LEGAL_SUFFIX = re.compile(r"\s+(Oy|Oyj|Ab|Ky|Ltd|Oy Ab)$")


def ascii_fold(text: str) -> str:
    """'Ä' -> 'A', 'ö' -> 'o', 'å' -> 'a' and so on; drops other non-ASCII marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        .encode("ascii", "ignore")
        .decode("ascii")
    )


def short_name(name: str) -> str:
    """Company name without its legal form: 'Saha Koivula Oy' -> 'Saha Koivula'."""
    return _LEGAL_SUFFIX.sub("", name)


def slugify(name: str) -> str:
    text = ascii_fold(short_name(name)).lower().replace("&", " ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def _weighted_choice(rng: random.Random, pairs: list[list]) -> str:
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


def _weighted_sample(rng: random.Random, items: list[str], weights: list[float], k: int):
    items, weights = list(items), list(weights)
    out: list[str] = []
    for _ in range(min(k, len(items))):
        i = rng.choices(range(len(items)), weights=weights, k=1)[0]
        out.append(items.pop(i))
        weights.pop(i)
    return out


def _some(rng: random.Random, pool: list[str], lo: int, hi: int) -> list[str]:
    hi = min(hi, len(pool))
    lo = min(lo, hi)
    return rng.sample(pool, rng.randint(lo, hi)) if hi else []


def _lines(rng: random.Random, pool: list[str], lo: int, hi: int) -> list[str]:
    """The core (first) line plus a random selection of the others, shuffled."""
    if not pool:
        return []
    rest = _some(rng, pool[1:], max(lo - 1, 0), hi - 1)
    chosen = [pool[0], *rest]
    rng.shuffle(chosen)
    return chosen


class _Generator:
    """One build: the content files, the random stream and the IDs and e-mails handed out."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.emails: set[str] = set()
        clusters = load("clusters")
        self.clusters: list[dict] = clusters["cluster"]
        self.cluster = {c["slug"]: c for c in self.clusters}
        self.target_markets: list[str] = clusters["target_markets"]
        self.places = load("places")
        self.people = load("people")

    def business_id(self) -> str:
        while True:
            body = f"{self.rng.randint(500000, 3399999):07d}"
            check = business_id.check_digit(body)
            if check is None:
                continue
            bid = f"{body}-{check}"
            if bid not in self.ids:
                self.ids.add(bid)
                return bid

    def town(self, name: str, sector: dict, slug: str, local: bool) -> str:
        """Municipality: the sector's pool, else a place named in the company name, else the
        cluster's pool. ``local`` keeps a sector's first company in the home region (partners
        from the coast are only drawn for the later organisations of a sector)."""
        if "towns" in sector:
            return _weighted_choice(self.rng, sector["towns"])
        for word in name.split():
            if word in self.places["name_places"]:
                return self.places["name_places"][word]
        cluster = self.cluster[slug]
        pool = cluster.get("local_towns") if local else None
        return _weighted_choice(self.rng, pool or cluster["towns"])

    def markets(self, slug: str, size: str) -> tuple[list[str], list[str]]:
        rng, cluster = self.rng, self.cluster[slug]
        pool = cluster["export_markets"]
        weights = [len(pool) - i for i in range(len(pool))]  # nearby markets first
        exports = _weighted_sample(rng, pool, weights, rng.randint(*_EXPORT_COUNTS[size]))
        tw = cluster.get("target_weights", {})
        candidates = [m for m in self.target_markets if m not in exports] or list(
            self.target_markets
        )
        targets = _weighted_sample(
            rng, candidates, [tw.get(m, 1) for m in candidates], rng.randint(1, 3)
        )
        return exports, targets

    def contacts(self, org_type: str, lang: str, domain: str, size: str) -> list[dict]:
        rng, people = self.rng, self.people
        n = {"micro": rng.randint(1, 2), "small": rng.randint(1, 3)}.get(size, rng.randint(2, 3))
        titles_pool = people["titles"][org_type][lang]
        titles = [titles_pool[0]] + rng.sample(titles_pool[1:], n - 1)
        if org_type != "company":
            rng.shuffle(titles)
        out = []
        for i, title in enumerate(titles):
            while True:
                first, last = rng.choice(people["first_names"]), rng.choice(people["surnames"])
                email = f"{ascii_fold(first).lower()}.{ascii_fold(last).lower()}@{domain}"
                if email not in self.emails:
                    self.emails.add(email)
                    break
            prefix = rng.choice(people["mobile_prefixes"])
            phone = f"+358 {prefix} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
            if i == 0:
                visibility = "public" if rng.random() < 0.6 else "members"
            else:
                visibility = _weighted_choice(rng, [["members", 6], ["public", 2], ["private", 2]])
            out.append(
                {
                    "name": f"{first} {last}",
                    "title": title,
                    "email": email,
                    "phone": phone,
                    "visibility": visibility,
                }
            )
        return out

    def describe(self, bank: dict, slug: str, lang: str, fmt: dict) -> str:
        rng = self.rng
        sentences = [rng.choice(bank["intro"])]
        sentences += rng.sample(bank["body"], min(len(bank["body"]), rng.choice((1, 1, 2))))
        if rng.random() < 0.5:
            sentences.append(rng.choice(self.cluster[slug]["closers"][lang]))
        elif len(bank["body"]) > len(sentences) - 1 and len(sentences) < 3:
            sentences.append(rng.choice([s for s in bank["body"] if s not in sentences]))
        return " ".join(s.format(**fmt) for s in sentences[:4])

    def sector_org(
        self, sector: dict, slug: str, lang: str, name: str, first: bool, own: dict | None
    ) -> dict:
        rng = self.rng
        own = own or {}
        size = _weighted_choice(rng, own.get("sizes", sector["sizes"]))
        employees = rng.randint(*SIZE_EMPLOYEES[size])
        town = self.town(name, sector, slug, local=first)
        year = rng.randint(*sector["founded"])
        bank = {**sector[lang], **own}
        key = slugify(name)
        domain = f"{key}.fi"
        fmt = {
            "name": name,
            "short": short_name(name),
            "town": town,
            "town_in": self.places["towns"][town][0] if lang == "fi" else town,
            "year": year,
            "emp": employees,
        }
        also = sector.get("also", {})
        clusters = [slug] + [c for c, p in also.items() if rng.random() < p]
        if first:
            # The first organisation of a sector lists its sector's side streams in full, so
            # every designed material loop has at least one end in the data.
            offered, wanted = bank["off"][:3], bank["want"][:4]
        else:
            stream_p = 0.65 if slug == "lahti-maritime" else 1.0
            offered = _lines(rng, bank["off"], 1, 3) if rng.random() < stream_p else []
            wanted = _lines(rng, bank["want"], 1, 3)
        exports, targets = self.markets(slug, size)
        industries = sector["industries"]
        return {
            "key": key,
            "name": name,
            "business_id": self.business_id(),
            "org_type": "company",
            "size_class": size,
            "employees": employees,
            "municipality": town,
            "website": f"https://www.{domain}",
            "founded_year": year,
            "language": lang,
            "description": self.describe(bank, slug, lang, fmt),
            "capabilities": "\n".join(_lines(rng, bank["caps"], 3, 6)),
            "needs": "\n".join(_lines(rng, bank["needs"], 1, 4)),
            "side_streams_offered": "\n".join(offered),
            "side_streams_wanted": "\n".join(wanted),
            "keywords": ", ".join(_some(rng, bank["kw"], 4, 7)),
            "certifications": ", ".join(_some(rng, sector["certs"], *_CERT_COUNTS[size])),
            "industries": [industries[0]] + _some(rng, industries[1:], 0, len(industries) - 1),
            "export_markets": exports,
            "target_markets": targets,
            "contacts": self.contacts("company", lang, domain, size),
            "clusters": clusters,
        }

    def institution_org(self, inst: dict) -> dict:
        key = inst.get("key") or slugify(inst["name"])
        domain = f"{key}.fi"
        return {
            "key": key,
            "name": inst["name"],
            "business_id": self.business_id(),
            "org_type": inst["org_type"],
            "size_class": inst["size_class"],
            "employees": inst["employees"],
            "municipality": inst["municipality"],
            "website": f"https://www.{domain}",
            "founded_year": inst["founded_year"],
            "language": inst["language"],
            "description": inst["description"],
            "capabilities": "\n".join(inst["capabilities"]),
            "needs": "\n".join(inst["needs"]),
            "side_streams_offered": "",
            "side_streams_wanted": "",
            "keywords": inst["keywords"],
            "certifications": inst["certifications"],
            "industries": inst["industries"],
            "export_markets": inst["export_markets"],
            "target_markets": inst["target_markets"],
            "contacts": self.contacts(
                inst["org_type"], inst["language"], domain, inst["size_class"]
            ),
            "clusters": inst["clusters"],
        }

    def organisations(self) -> tuple[list[dict], dict[str, list[dict]]]:
        """Institutions, then each cluster's sectors; also the organisations by role."""
        rng = self.rng
        orgs: list[dict] = []
        by_role: dict[str, list[dict]] = {}
        for inst in load("institutions")["institution"]:
            org = self.institution_org(inst)
            orgs.append(org)
            by_role[inst["role"]] = [org]
        for cluster in self.clusters:
            slug = cluster["slug"]
            for sector in load(f"sectors/{slug}")["sector"]:
                fi_names = list(sector["names"]["fi"])
                en_names = list(sector["names"].get("en", [])) if "en" in sector else []
                rng.shuffle(fi_names)
                rng.shuffle(en_names)
                own_phrases = sector.get("own_phrases", {})
                made = []
                for i in range(sector["count"]):
                    # The first organisation of every sector writes in Finnish; after that
                    # about half write in English while English names last.
                    english = i > 0 and en_names and (rng.random() < 0.5 or not fi_names)
                    name = en_names.pop() if english else fi_names.pop()
                    lang = "en" if english else "fi"
                    made.append(
                        self.sector_org(sector, slug, lang, name, i == 0, own_phrases.get(name))
                    )
                orgs.extend(made)
                by_role[sector["key"]] = made
        return orgs, by_role


def _users(by_role: dict[str, list[dict]]) -> list[dict]:
    """The demo logins of users.toml, tied to the organisations they belong to."""
    doc = load("users")
    users = []
    for account in doc["account"]:
        org = None
        if "org" in account:
            candidates = by_role[account["org"]]
            org = candidates[min(account.get("index", 0), len(candidates) - 1)]
        contacts = org["contacts"] if org else []
        index = account.get("contact", None if "email" in account else 0)
        contact = contacts[index] if index is not None and index < len(contacts) else None
        if "email" in account:
            domain = org["website"].removeprefix("https://www.") if org else ""
            email = account["email"].format(domain=domain)
        else:
            email = contact["email"]
        users.append(
            {
                "email": email,
                "name": contact["name"] if contact else account["name"],
                "password": account.get("password", doc["member_password"]),
                "org_key": org["key"] if org else None,
                "org_role": account.get("org_role", "admin" if org else "member"),
                "coordinator_of": account.get("coordinator_of", []),
                "site_admin": account.get("site_admin", False),
                "locale": account.get("locale") or org["language"],
            }
        )
    return users


def build_demo(seed: int = SEED) -> dict:
    """Clusters, organisations and users as plain data; equal output for equal seeds."""
    generator = _Generator(seed)
    orgs, by_role = generator.organisations()
    return {
        "clusters": [{k: c[k] for k in _CLUSTER_FIELDS} for c in generator.clusters],
        "organisations": orgs,
        "users": _users(by_role),
    }


def demo_logins(data: dict | None = None) -> list[tuple[str, str, str]]:
    """(role label, e-mail, password) of every demo user; builds the demo unless given it."""
    data = data if data is not None else build_demo()
    names = {o["key"]: o["name"] for o in data["organisations"]}
    out = []
    for user in data["users"]:
        if user["site_admin"]:
            label = "Site admin"
        elif user["coordinator_of"]:
            label = "Coordinator (" + ", ".join(user["coordinator_of"]) + ")"
        else:
            label = f"Organisation {user['org_role']} ({names[user['org_key']]})"
        out.append((label, user["email"], user["password"]))
    return out


def __getattr__(name: str):
    # DEMO_LOGINS was a module constant built at import; it is now built on first access.
    if name == "DEMO_LOGINS":
        return demo_logins()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
