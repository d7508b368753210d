"""User-facing names of stored codes (organisation types, size classes...), translated lazily."""

from flask_babel import lazy_gettext as _l

ORG_TYPES = {
    "company": _l("Company"),
    "university": _l("University or university of applied sciences"),
    "research_institute": _l("Research institute"),
    "development_company": _l("Development company"),
    "financier": _l("Financier"),
    "public_body": _l("Public body"),
}

SIZE_CLASSES = {
    "micro": _l("Micro (under 10 people)"),
    "small": _l("Small (10–49 people)"),
    "medium": _l("Medium-sized (50–249 people)"),
    "large": _l("Large (250 people or more)"),
}

CONTACT_VISIBILITIES = {
    "public": _l("Everyone"),
    "members": _l("Logged-in members"),
    "private": _l("Own organisation and coordinators only"),
}

MEMBERSHIP_STATUSES = {
    "pending": _l("Waiting for approval"),
    "approved": _l("Member"),
    "declined": _l("Declined"),
}

SORTS = {
    "relevance": _l("Relevance"),
    "name": _l("Name"),
    "-updated": _l("Recently updated"),
    "municipality": _l("Municipality"),
    "-employees": _l("Size, largest first"),
}


# The profile form's field labels, also the headings of the profile page; the member import
# recognises them (in every language) as column headers.
PROFILE_FIELDS = {
    "name": _l("Name"),
    "business_id": _l("Business ID (Y-tunnus)"),
    "org_type": _l("Type"),
    "size_class": _l("Size class (EU)"),
    "employees": _l("Employees"),
    "municipality": _l("Municipality"),
    "website": _l("Website"),
    "founded_year": _l("Founded in"),
    "description": _l("Description"),
    "capabilities": _l("What we offer"),
    "needs": _l("What we are looking for"),
    "side_streams_offered": _l("Side streams we offer"),
    "side_streams_wanted": _l("Side streams we could use"),
    "keywords": _l("Keywords"),
    "certifications": _l("Certifications"),
    "industries": _l("Industries (TOL 2008)"),
    "export_markets": _l("Export markets"),
    "target_markets": _l("Target markets"),
}


EVENT_KINDS = {
    "seminar": _l("Seminar"),
    "networking": _l("Networking event"),
    "market_review": _l("Market review day"),
    "webinar": _l("Webinar"),
}

EVENT_STATUSES = {
    "draft": _l("Draft"),
    "published": _l("Published"),
    "cancelled": _l("Cancelled"),
}

REGISTRATION_STATUSES = {
    "pending": _l("Waiting for e-mail confirmation"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("On the waiting list"),
    "cancelled": _l("Cancelled"),
}


def choices(labels: dict, blank=None) -> list[tuple[str, str]]:
    out = [(k, v) for k, v in labels.items()]
    return ([("", blank)] if blank is not None else []) + out
