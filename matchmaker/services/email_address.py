"""E-mail addresses as we store and compare them: one spelling and one plausibility rule."""

from __future__ import annotations

import re

# Plausible, not RFC-complete: something@domain.tld without spaces. Delivery proves the rest.
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_LENGTH = 254  # the longest address SMTP can carry


def normalise_email(value: str | None) -> str:
    """Addresses are stored and compared trimmed and in lower case."""
    return (value or "").strip().lower()


def is_valid_email(value: str) -> bool:
    return len(value) <= MAX_LENGTH and _EMAIL_RE.match(value) is not None
