"""Near matches for a patient name nobody found: spelling slips, swapped letters, short forms.

Staff type fast ("mraia lopez") and use the names patients use ("chris
harris" for Christopher Harris). When a search finds nothing, a backend that
searches by name offers the closest patients as buttons; nothing is ever done
to a near match without a click. The string distances come from rapidfuzz
(Damerau-Levenshtein counts a swap of two letters as one slip); short forms
come from the table below, both ways.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterable, Sequence
from typing import TypeVar

from rapidfuzz.distance import DamerauLevenshtein

K = TypeVar("K", bound=Hashable)

SHORT_FORMS: dict[str, tuple[str, ...]] = {
    "abigail": ("abby", "abbie"),
    "alexander": ("alex", "al", "sandy"),
    "alexandra": ("alex", "sandra", "lexi"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony",),
    "barbara": ("barb", "babs"),
    "benjamin": ("ben", "benny"),
    "catherine": ("cathy", "kate", "katie", "cat"),
    "charles": ("charlie", "chuck", "chas"),
    "christina": ("chris", "tina", "christy"),
    "christine": ("chris", "chrissy"),
    "christopher": ("chris", "kit", "topher"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davey"),
    "deborah": ("deb", "debbie"),
    "dorothy": ("dot", "dottie"),
    "edward": ("ed", "eddie", "ted", "ned"),
    "elizabeth": ("liz", "lizzy", "beth", "betty", "eliza", "libby", "lisa"),
    "emily": ("em", "emmy"),
    "francis": ("frank",),
    "frances": ("fran", "frankie"),
    "gregory": ("greg",),
    "james": ("jim", "jimmy", "jamie"),
    "jennifer": ("jen", "jenny"),
    "jessica": ("jess", "jessie"),
    "john": ("jack", "johnny"),
    "jonathan": ("jon", "jonny"),
    "joseph": ("joe", "joey"),
    "joshua": ("josh",),
    "katherine": ("kathy", "kate", "katie", "kat"),
    "kimberly": ("kim",),
    "lawrence": ("larry",),
    "margaret": ("maggie", "meg", "peggy", "marge"),
    "matthew": ("matt",),
    "michael": ("mike", "mikey", "mick"),
    "nicholas": ("nick", "nicky"),
    "patricia": ("pat", "patty", "trish"),
    "patrick": ("pat", "paddy"),
    "peter": ("pete",),
    "rebecca": ("becky", "becca"),
    "richard": ("rick", "ricky", "dick", "rich"),
    "robert": ("rob", "bob", "bobby", "robbie"),
    "samantha": ("sam", "sammy"),
    "samuel": ("sam", "sammy"),
    "stephen": ("steve",),
    "steven": ("steve",),
    "susan": ("sue", "susie"),
    "theodore": ("ted", "teddy", "theo"),
    "thomas": ("tom", "tommy"),
    "timothy": ("tim", "timmy"),
    "victoria": ("vicky", "tori"),
    "william": ("will", "bill", "billy", "liam"),
}
"""Common English given names and their short forms (a short form may belong to several names)."""

_SAME_NAME: dict[str, frozenset[str]] = {}
for _full, _shorts in SHORT_FORMS.items():
    for _word in (_full, *_shorts):
        _SAME_NAME[_word] = _SAME_NAME.get(_word, frozenset()) | {_full, *_shorts}

MIN_WORD_SIMILARITY = 0.6
"""At or below this a word is not a slip of another ('mraia' for 'maria' passes at 0.8; 'mark' for 'maria' is 0.6)."""
MIN_NAME_SCORE = 0.75
"""A candidate whose words match this well on average is offered."""


def normalise(name: str) -> list[str]:
    """Lower-case words without accents or punctuation: 'José  O'Neil' -> ['jose', 'oneil']."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = ("".join(ch for ch in word if ch.isalnum()) for word in plain.casefold().split())
    return [word for word in words if word]


def word_similarity(typed: str, known: str) -> float:
    """1.0 for the same word or a short form of it; otherwise Damerau-Levenshtein similarity (0..1)."""
    if typed == known or known in _SAME_NAME.get(typed, frozenset()):
        return 1.0
    return float(DamerauLevenshtein.normalized_similarity(typed, known))


def name_score(typed: str, known: str) -> float:
    """How well a typed name matches a known full name (0..1): each typed word against its best known word.

    Order-insensitive ('lopez maria'), and a known middle name the typed one
    leaves out costs nothing.
    """
    typed_words, known_words = normalise(typed), normalise(known)
    if not typed_words or not known_words:
        return 0.0
    best = [max(word_similarity(word, other) for other in known_words) for word in typed_words]
    if min(best) <= MIN_WORD_SIMILARITY:
        return 0.0
    return sum(best) / len(best)


def rank(typed: str, candidates: Iterable[tuple[K, str]], *, limit: int = 3) -> list[K]:
    """The keys of up to `limit` candidates whose name is close to `typed`, best first.

    An exact match scores 1.0 too, but callers only ask after the exact search
    found nothing. Ties keep the candidates' order.
    """
    scored: list[tuple[float, int, K]] = []
    seen: set[K] = set()
    for order, (key, name) in enumerate(candidates):
        if key in seen:
            continue
        seen.add(key)
        score = name_score(typed, name)
        if score >= MIN_NAME_SCORE:
            scored.append((-score, order, key))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [key for _, _, key in scored[:limit]]


def search_words(typed: str) -> Sequence[str]:
    """Words a server-side search can be asked for to gather near-match candidates.

    Each typed word, and the full and short forms of a given name, so a
    backend that only matches exact words (Cliniko's `q[]`) can still collect
    the patients `rank` then orders.
    """
    words: list[str] = []
    for word in normalise(typed):
        for variant in (word, *sorted(_SAME_NAME.get(word, frozenset()))):
            if variant not in words:
                words.append(variant)
    return words
