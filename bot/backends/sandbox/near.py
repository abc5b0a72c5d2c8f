"""Near matches in the demo clinic: `near_names.rank` over the patients who could possibly rank.

Ranking every patient of a big clinic costs tens of milliseconds (4,000
patients: 32 ms). A patient can only rank if every typed word is close to one
of their name's words (a short form of it, or a Damerau-Levenshtein similarity
of at least `MIN_WORD_SIMILARITY`), so the candidates are gathered first from
the distinct words of all names (rapidfuzz compares them in one call) and the
word table, and only they are ranked. Same answer as ranking everyone; the
ordering is `rank`'s own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlite_utils
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.backends.near_names import MIN_WORD_SIMILARITY, normalise, rank, search_words
from bot.backends.sandbox.reading import next_upcoming, patient_conditions
from bot.domain import PatientQuery

_MARGIN = 0.05
"""Gather a little below the threshold (rapidfuzz turns a similarity cutoff into an edit count, and a float
exactly at the threshold, such as 'carla' for 'maria', can fall out): `rank` decides, this must leave no one out."""


def _close_words(typed: str, vocabulary: list[str]) -> set[str]:
    """Every known word `typed` could be a slip or a short form of."""
    close = set(search_words(typed))
    found = process.extract(
        typed,
        vocabulary,
        scorer=DamerauLevenshtein.normalized_similarity,
        score_cutoff=MIN_WORD_SIMILARITY - _MARGIN,
        limit=None,
    )
    return close | {word for word, _score, _index in found}


def candidates(db: sqlite_utils.Database, query: PatientQuery) -> list[tuple[str, str]]:
    """(patient id, full name) of every patient who could rank for `query.name` and matches its other keys."""
    typed = normalise(query.name or "")
    others = patient_conditions(query.model_copy(update={"name": None}))
    if not typed or others is None:
        return []
    where, params = others
    vocabulary = [word for (word,) in db.execute("SELECT DISTINCT word FROM sandbox_patient_near_words")]
    for word in dict.fromkeys(typed):
        close = sorted(_close_words(word, vocabulary))
        if not close:
            return []
        marks = ", ".join("?" for _ in close)
        where.append(f"p.id IN (SELECT patient_id FROM sandbox_patient_near_words WHERE word IN ({marks}))")
        params.extend(close)
    found = db.execute(
        f"SELECT p.id, p.first_name, p.last_name FROM sandbox_patients p WHERE {' AND '.join(where)} ORDER BY p.id",
        params,
    ).fetchall()
    return [(str(pid), f"{first} {last}") for pid, first, last in found]


def near_rows(db: sqlite_utils.Database, query: PatientQuery, *, now: datetime, limit: int) -> list[dict[str, Any]]:
    """The next upcoming booking of each of the `limit` best-ranked patients who have one, best first."""
    among = candidates(db, query)
    found: list[dict[str, Any]] = []
    for patient_id in rank(query.name or "", among, limit=len(among)):
        upcoming = next_upcoming(db, patient_id, now=now, booking_ref=query.booking_ref)
        if upcoming is not None:
            found.append(upcoming)
        if len(found) >= limit:
            break
    return found
