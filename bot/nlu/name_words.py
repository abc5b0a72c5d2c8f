"""The words a patient's name is made of, and how a run of them is read and written back.

Why a module of its own: every place a name may stand (after `pt`, before a possessive, after the verb, as
a note's heading, ...; see names.py) reads the same tokens with the same tests for "is this a name word"
and extends a name the same way. Those tests live here once, so the finders in names.py only say where
to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.nlu.normalise import spelling
from bot.nlu.vocab import MONTHS, NAME_LIKE, STOP_WORDS, SURNAME_LIKE, TITLES, WEEKDAYS, words

_TOKEN = re.compile(r"(?<![\w'’])[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*")
_BREAK = re.compile(r"[^ \t]")  # anything but spaces between two words (a comma, a line break) ends a name
# Name particles (`juan de la cruz`, `van der berg`) do not count towards a name's length.
_PARTICLES = words("de la del della der den van von da di du le dos das do bin ibn al el y st ter ten")
_HEADING_VERBS = words("cancel reschedule move push bump rebook")  # canonical spellings
TEMPORAL = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"today", "tomorrow", "tonight", "yesterday", "noon"}


@dataclass(frozen=True)
class Token:
    """One word of the text and where it stands (names are cut from the text by position)."""

    text: str
    start: int
    end: int

    @cached_property
    def bare(self) -> str:
        """The word without a trailing possessive or full stop (initials keep theirs)."""
        word = self.text.replace("’", "'")
        if word.lower().endswith("'s"):
            word = word[:-2]
        elif word.endswith("'"):
            word = word[:-1]
        if word.endswith(".") and not re.fullmatch(r"[A-Za-z]\.", word):
            word = word.rstrip(".")
        return word

    @cached_property
    def possessive(self) -> bool:
        word = self.text.replace("’", "'")
        return word.lower().endswith("'s") or (word.endswith("s'") and len(word) > 2)


def split_words(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def joined(text: str, left: Token, right: Token) -> bool:
    """Nothing but spaces between two words (a comma or bracket ends a name)."""
    between = text[left.end : right.start]
    return _BREAK.search(between) is None


def is_title(word: str) -> bool:
    return word.lower().rstrip(".") in TITLES


def is_name_word(word: str) -> bool:
    lower = word.lower()
    if not lower or lower in STOP_WORDS or lower.rstrip(".") in STOP_WORDS:
        return False
    if not re.search(r"[a-zà-ÿ]", lower) or (len(word) == 1 and word.islower()):
        return False
    form = spelling(lower)
    return form not in STOP_WORDS and form not in TEMPORAL


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


_DAY_AFTER = re.compile(r"\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?![/.:\-]\d)")


def month_surname(text: str, token: Token, previous: Token | None) -> bool:
    """`Jo March's`, `Amy March 3/12`: a capitalised month after a capitalised name word, not before a day."""
    if previous is None or not is_capitalised(token.text) or not is_capitalised(previous.text):
        return False
    if token.bare.lower() not in MONTHS or not joined(text, previous, token) or not is_name_word(previous.bare):
        return False
    return token.possessive or not _DAY_AFTER.match(text, token.end)


def _name_like(text: str, tokens: list[Token], position: int, words: list[Token], *, any_case: bool = False) -> bool:
    """`Omar Said`, `Will Smith`: a capitalised word that is also a common word, next to a name word."""
    token = tokens[position]
    if token.bare.lower() not in NAME_LIKE:
        return False
    if not is_capitalised(token.text):
        # lower case only where the place says a name stands (`move will turner`), before a name word,
        # or as the surname after a first name (`cancel kim possible`)
        if not any_case:
            return False
        if words:
            return len(words) == 1 and token.bare.lower() in SURNAME_LIKE and is_name_word(words[0].bare)
    elif words:
        return True
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    return (
        following is not None
        and joined(text, token, following)
        and (any_case or is_capitalised(following.text))
        and is_name_word(following.bare)
    )


def chain(text: str, tokens: list[Token], index: int, *, any_case: bool, limit: int = 4) -> tuple[list[Token], bool]:
    """Name words from tokens[index] on; (words, ended_in_possessive)."""
    words: list[Token] = []
    position = index
    while (
        position < len(tokens)
        and position - index < 3
        and is_title(tokens[position].bare)
        and not tokens[position].possessive
    ):
        position += 1
    while position < len(tokens) and len(words) < limit + 3 and sum(w.bare not in _PARTICLES for w in words) < limit:
        token = tokens[position]
        if words and not joined(text, words[-1], token):
            break
        if not (any_case or is_capitalised(token.text)):
            break
        if (
            not is_name_word(token.bare)
            and not _name_like(text, tokens, position, words, any_case=any_case)
            and not (words and month_surname(text, token, words[-1]))
        ):
            break
        if words and token.text.islower() and len(token.text) > 5 and token.text.endswith("ing"):
            # `pt ramirez running late`: a lower-case -ing word after a name is what the patient does, unless
            # the request goes on with its verb (`wendy darling cxl fri`)
            following = tokens[position + 1].text.lower() if position + 1 < len(tokens) else ""
            if spelling(following) not in _HEADING_VERBS or not joined(text, token, tokens[position + 1]):
                break
        words.append(token)
        position += 1
        if token.possessive:
            return words, True
        if token.text.endswith(".") and not re.fullmatch(r"[A-Za-z]\.", token.text):
            break  # a full stop ends the sentence, and the name
    return words, False


def render(words: list[Token]) -> str | None:
    while words and words[-1].bare in _PARTICLES and len(words) > 1:
        words = words[:-1]
    names = [w.bare for w in words if not is_title(w.bare)]
    name = " ".join(names).strip(" ,-'")
    if not re.search(r"(?:^|\s)[A-Za-z]\.$", name):
        name = name.strip(" .,-'")  # a full stop ends the sentence, except after an initial (`Maria L.`)
    return name or None


def char_before(text: str, position: int, spaces: str = " \t") -> str:
    """The first character before `position` that is not one of `spaces` ("" at the start); O(gap), not O(n)."""
    while position > 0 and text[position - 1] in spaces:
        position -= 1
    return text[position - 1] if position > 0 else ""


def at_line_start(text: str, position: int) -> bool:
    return char_before(text, position) in ("", "\n")
