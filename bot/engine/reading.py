"""The engine's one seam to typed-answer reading: what a typed line means at an open card.

Reading text belongs to bot/nlu (the answers module); the engine asks only
these questions of it, so the step handlers never hold a regular expression.
"""

from __future__ import annotations

import re

from bot.domain import PatientKey, PatientQuery
from bot.nlu.model import ParsedRequest

ABORT_WORDS = re.compile(r"^\s*(never\s*mind|nevermind|stop|abort|forget it|quit|nvm)\b", re.I)
PERSONAL_ID = re.compile(
    r"(?<![\w/-])(?=[A-Za-z0-9-]*\d{4})(?!\d{4}-\d{2}-\d{2}\b)[A-Za-z0-9][A-Za-z0-9-]{7,47}(?![\w/-])"
)
"""A personal identifier: 8-48 letters, digits and dashes with at least four digits in a row (not an ISO date)."""
REFERENCE = re.compile(r"#?\b([0-9]{3,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b", re.I)
ORDINAL_CHOICE = re.compile(r"^\s*(?:the\s+)?(?:#|no\.?\s*)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:one)?\s*$", re.I)

_FILLER = """
    it its it's is the a patient pt name named called dob d.o.b born birthday date of birth
    phone ph tel mobile cell number no booking ref reference and with her his their she he they try search for
"""
NOT_NAME_WORDS = frozenset(_FILLER.split())


def is_abort(text: str) -> bool:
    return ABORT_WORDS.match(text) is not None


def ordinal(text: str) -> int | None:
    """'2', '#2', 'the 2nd one' -> 2 (1-based), else None."""
    match = ORDINAL_CHOICE.match(text)
    return int(match.group(1)) if match else None


def query_from(parsed: ParsedRequest) -> PatientQuery:
    patient = parsed.patient
    return PatientQuery(
        name=patient.name, date_of_birth=patient.date_of_birth, phone=patient.phone, booking_ref=patient.booking_ref
    )


def with_personal_id(query: PatientQuery, text: str, keys: frozenset[PatientKey]) -> PatientQuery:
    """For a backend that searches by a personal identifier, find it in the text as typed."""
    if PatientKey.PERSONAL_ID not in keys or query.personal_id is not None:
        return query
    match = PERSONAL_ID.search(text)
    if match is None:
        return query
    # The identifier is the key here; a "name" the parser made of it would only narrow the search wrongly.
    name = query.name if query.name and query.name.lower() not in match.group(0).lower() else None
    return query.model_copy(update={"personal_id": match.group(0), "name": name})


def patient_answer(text: str, parsed: ParsedRequest, keys: frozenset[PatientKey]) -> PatientQuery:
    """What a typed answer to "which patient?" says about the patient, in the keys the backend searches by."""
    query = with_personal_id(query_from(parsed), text, keys)
    other_numbers = query.date_of_birth is not None or query.phone is not None
    if PatientKey.BOOKING_REF in keys and query.booking_ref is None and not other_numbers:
        match = REFERENCE.search(text)
        if match:
            query = query.model_copy(update={"booking_ref": match.group(1)})
    if PatientKey.NAME in keys and query.name is None:
        name = leftover_name(text)
        if name:
            query = query.model_copy(update={"name": name})
    return query


def leftover_name(text: str) -> str | None:
    """The words of a typed answer that are neither an identifier nor a filler word: the patient's name."""
    words = [word.strip(".,;:'\"()") for word in text.split()]
    kept = [word for word in words if word and not any(ch.isdigit() for ch in word)]
    kept = [word for word in kept if word.lower() not in NOT_NAME_WORDS and re.fullmatch(r"[^\W\d_][\w'.-]*", word)]
    if not kept or len(kept) > 5:
        return None
    return " ".join(kept)[:100]
