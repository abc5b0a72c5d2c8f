"""Cliniko's words to ours: UTC instants, Rails zone labels, names and phone numbers as staff type them.

No time is worded here: a sentence for staff says `{time}` and carries the
instant (`BookingError.at`), and the views word it in the reader's zone.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from bot.backends.lenient import known_zone
from bot.domain import CancelReason

CANCEL_CODES: dict[CancelReason, int] = {
    CancelReason.FEELING_BETTER: 10,
    CancelReason.CONDITION_WORSE: 20,
    CancelReason.SICK: 30,
    CancelReason.COVID: 31,
    CancelReason.AWAY: 40,
    CancelReason.OTHER: 50,
    CancelReason.WORK: 60,
}
"""Our reasons are Cliniko's list, so each maps to its own code; no reason given is 50 "Other"."""
OTHER_CODE = 50
COVID_CODE = 31
"""In the older docs' list only: when Cliniko refuses it, 50 is sent with the reason in the note."""

RAILS_ZONES: dict[str, str] = {
    "Hawaii": "Pacific/Honolulu",
    "Alaska": "America/Juneau",
    "Pacific Time (US & Canada)": "America/Los_Angeles",
    "Arizona": "America/Phoenix",
    "Mountain Time (US & Canada)": "America/Denver",
    "Central Time (US & Canada)": "America/Chicago",
    "Saskatchewan": "America/Regina",
    "Eastern Time (US & Canada)": "America/New_York",
    "Indiana (East)": "America/Indiana/Indianapolis",
    "Atlantic Time (Canada)": "America/Halifax",
    "Newfoundland": "America/St_Johns",
    "UTC": "Etc/UTC",
    "London": "Europe/London",
    "Edinburgh": "Europe/London",
    "Dublin": "Europe/Dublin",
    "Lisbon": "Europe/Lisbon",
    "Amsterdam": "Europe/Amsterdam",
    "Berlin": "Europe/Berlin",
    "Brussels": "Europe/Brussels",
    "Copenhagen": "Europe/Copenhagen",
    "Madrid": "Europe/Madrid",
    "Paris": "Europe/Paris",
    "Rome": "Europe/Rome",
    "Stockholm": "Europe/Stockholm",
    "Vienna": "Europe/Vienna",
    "Zurich": "Europe/Zurich",
    "Pretoria": "Africa/Johannesburg",
    "Singapore": "Asia/Singapore",
    "Hong Kong": "Asia/Hong_Kong",
    "Perth": "Australia/Perth",
    "Darwin": "Australia/Darwin",
    "Adelaide": "Australia/Adelaide",
    "Brisbane": "Australia/Brisbane",
    "Canberra": "Australia/Canberra",
    "Melbourne": "Australia/Melbourne",
    "Sydney": "Australia/Sydney",
    "Hobart": "Australia/Hobart",
    "Auckland": "Pacific/Auckland",
    "Wellington": "Pacific/Auckland",
}
"""Rails zone labels Cliniko accounts use (its customers are mostly in AU, NZ, UK, IE, CA, US)."""


def iana_zone(label: str | None) -> str | None:
    """An IANA name for Cliniko's zone text (IANA already, or a Rails label); None when unknown."""
    if not label:
        return None
    return known_zone(RAILS_ZONES.get(label.strip(), label.strip()))


def utc_z(instant: datetime) -> str:
    """Cliniko wants UTC with `Z` in bodies and filters: `2026-12-02T15:00:00Z`."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def name_words(text: str) -> list[str]:
    """Lower case, accents and apostrophes dropped: 'O'Brien, José' -> ['obrien', 'jose']."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = re.sub(r"['’`]", "", plain)
    return re.sub(r"[^\w]+", " ", plain).split()


def typed_words(text: str) -> list[str]:
    """The name as typed, split into words for Cliniko's `~` (contains) filter; titles' dots and commas dropped."""
    return [word.strip(".") for word in re.split(r"[\s,]+", text.strip()) if word.strip(".")]


def name_matches(asked: str, first: str, last: str, preferred: str | None = None) -> bool:
    """Every word staff typed is a whole word of the patient's names (first, preferred or last), any order.

    A single letter is an initial ("M Lopez"). Cliniko's own `~` filter matches inside words, so
    without this "Ann" would find "Joanne".
    """
    wanted = name_words(asked)
    known = set(name_words(first)) | set(name_words(last)) | set(name_words(preferred or ""))
    return bool(wanted) and all(
        word in known or (len(word) == 1 and any(name.startswith(word) for name in known)) for word in wanted
    )


def phone_digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def phone_matches(asked: str, stored: list[str]) -> bool:
    """The last 9 digits compared (at least 7 typed): `0412 345 678` finds `+61 412 345 678`, `555-0101` a US number."""
    digits = phone_digits(asked)
    if len(digits) < 7:
        return False
    tail = digits[-9:]
    return any(phone_digits(number).endswith(tail) for number in stored)
