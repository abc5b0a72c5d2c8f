"""The patient's name as written, without titles, `pt`/`patient` or a possessive `'s`.

Staff write names in any case (`pt jones`), so case alone cannot find them.
The rules look where names stand in requests, most reliable first: after
`pt`/`patient`/a title, before a possessive (`Maria Lopez's appt`), after the
verb (`cancel maria lopez tomorrow`), and last any run of capitalised words
that are not request vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from bot.nlu.normalise import spelling
from bot.nlu.vocab import MONTHS, NAME_LIKE, STOP_WORDS, TITLES, WEEKDAYS, words

_TOKEN = re.compile(r"(?<![\w'’])[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'’.\-]*")
_BREAK = re.compile(r"[^ \t]")  # anything but spaces between two words (a comma, a line break) ends a name
_CUE = frozenset({"pt", "pt.", "patient", "patient:", "pt:", "pts"})
_VERBS = words(
    """cancel cancell cancle canx cxl cx cncl move moved push bump reschedule resched rebook switch shift change
    postpone prepone take drop remove delete scrap for get fit squeeze see put moving cancelling canceling rescheduling
    rebooking bumping pushing switching shifting"""
)
# Name particles (`juan de la cruz`, `van der berg`) do not count towards a name's length.
_PARTICLES = words("de la del della der den van von da di du le dos das do bin ibn al el y st ter ten")
# A name that opens a sentence is followed by what it does: `maria lopez won't make it`, `jane doe needs ...`.
_SUBJECT_VERBS = words(
    """needs need wants want won't wont can't cant cannot can could would will is isn't has had called calls says said
    asked asks prefers would'd just also did does doesn't didn't was may might should must no already got feels
    feeling is's has's requested request rang phoned texted emailed messaged cancelled canceled rescheduled moved
    isnt hasnt doesnt didnt wasnt couldnt wouldnt moving cancelling canceling rescheduling pushing bumping switching
    shifting rebooking postponing coming going left came went mentioned reported confirmed informed let asking
    requesting hoping looking wanting needing running arriving stuck pushed bumped switched shifted postponed"""
)
# A name written as a note's heading: `tom baker - cancel 3/12`, `dob 4/5/80 maria lopez cancel friday`.
_REQUEST_VERBS = words("cancel cxl cx move reschedule resched push bump switch rebook postpone prepone")
_MODALS = words("can could would will does did is may might")
_SUBJECT_FOLLOW = words("come make do get be go move switch attend still please pls manage")
_FILLERS = words("the a an appointment appt appt. apt appointments visit for of please pls pt pt. patient")
_TEMPORAL = frozenset(MONTHS) | frozenset(WEEKDAYS) | {"today", "tomorrow", "tonight", "yesterday", "noon"}


@dataclass(frozen=True)
class Token:
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


def _tokens(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]


def _joined(text: str, left: Token, right: Token) -> bool:
    """Nothing but spaces between two words (a comma or bracket ends a name)."""
    between = text[left.end : right.start]
    return _BREAK.search(between) is None


def _is_title(word: str) -> bool:
    return word.lower().rstrip(".") in TITLES


def _is_name_word(word: str) -> bool:
    lower = word.lower()
    if not lower or lower in STOP_WORDS or lower.rstrip(".") in STOP_WORDS:
        return False
    if not re.search(r"[a-zà-ÿ]", lower) or (len(word) == 1 and word.islower()):
        return False
    form = spelling(lower)
    return form not in STOP_WORDS and form not in _TEMPORAL


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


_DAY_AFTER = re.compile(r"\s+(?:the\s+)?\d{1,2}(?:st|nd|rd|th)?\b(?![/.:\-]\d)")


def _month_surname(text: str, token: Token, previous: Token | None) -> bool:
    """`Jo March's`, `Amy March 3/12`: a capitalised month after a capitalised name word, not before a day."""
    if previous is None or not _is_capitalised(token.text) or not _is_capitalised(previous.text):
        return False
    if token.bare.lower() not in MONTHS or not _joined(text, previous, token) or not _is_name_word(previous.bare):
        return False
    return token.possessive or not _DAY_AFTER.match(text, token.end)


def _name_like(text: str, tokens: list[Token], position: int, words: list[Token], *, any_case: bool = False) -> bool:
    """`Omar Said`, `Will Smith`: a capitalised word that is also a common word, next to a name word."""
    token = tokens[position]
    if token.bare.lower() not in NAME_LIKE:
        return False
    if not _is_capitalised(token.text):
        # lower case only where the place says a name stands (`move will turner`), before a name word
        if not any_case or words:
            return False
    elif words:
        return True
    following = tokens[position + 1] if position + 1 < len(tokens) else None
    return (
        following is not None
        and _joined(text, token, following)
        and (any_case or _is_capitalised(following.text))
        and _is_name_word(following.bare)
    )


def _chain(text: str, tokens: list[Token], index: int, *, any_case: bool, limit: int = 4) -> tuple[list[Token], bool]:
    """Name words from tokens[index] on; (words, ended_in_possessive)."""
    words: list[Token] = []
    position = index
    while (
        position < len(tokens)
        and position - index < 3
        and _is_title(tokens[position].bare)
        and not tokens[position].possessive
    ):
        position += 1
    while position < len(tokens) and len(words) < limit + 3 and sum(w.bare not in _PARTICLES for w in words) < limit:
        token = tokens[position]
        if words and not _joined(text, words[-1], token):
            break
        if not (any_case or _is_capitalised(token.text)):
            break
        if (
            not _is_name_word(token.bare)
            and not _name_like(text, tokens, position, words, any_case=any_case)
            and not (words and _month_surname(text, token, words[-1]))
        ):
            break
        if words and token.text.islower() and len(token.text) > 5 and token.text.endswith("ing"):
            break  # `pt ramirez running late`: a lower-case -ing word after a name is what the patient does
        words.append(token)
        position += 1
        if token.possessive:
            return words, True
        if token.text.endswith(".") and not re.fullmatch(r"[A-Za-z]\.", token.text):
            break  # a full stop ends the sentence, and the name
    return words, False


def _render(words: list[Token]) -> str | None:
    while words and words[-1].bare in _PARTICLES and len(words) > 1:
        words = words[:-1]
    names = [w.bare for w in words if not _is_title(w.bare)]
    name = " ".join(names).strip(" ,-'")
    if not re.search(r"(?:^|\s)[A-Za-z]\.$", name):
        name = name.strip(" .,-'")  # a full stop ends the sentence, except after an initial (`Maria L.`)
    return name or None


def _after_cue(text: str, tokens: list[Token]) -> str | None:
    for index, token in enumerate(tokens):
        lower = token.text.lower()
        start = index + 1
        if lower in ("name", "name:"):
            if start < len(tokens) and tokens[start].text.lower() == "is":
                start += 1
            elif not (lower.endswith(":") or text[token.end : token.end + 2].lstrip().startswith(":")):
                continue
        elif lower in ("this", "it's", "its") and start < len(tokens) and _joined(text, token, tokens[start]):
            # a patient's own words: `Hi, this is Maria Lopez`, `it's Maria Lopez, I need to move...`
            if lower == "this":
                if tokens[start].text.lower() != "is":
                    continue
                start += 1
            if start >= len(tokens) or not _is_capitalised(tokens[start].text):
                continue
        elif lower not in _CUE:
            continue
        words, _ = _chain(text, tokens, start, any_case=True)
        if words:
            return _render(words)
    return None


# `move john smith w/ dr patel to fri`: a title after `with` is the practitioner's, not the patient's.
_PRACTITIONER_BEFORE = re.compile(r"(?:\bwith|\bw/|\bw|\bsee|\bseeing|\bby|\bfrom|\bsaw)\s*$", re.IGNORECASE)


def _after_title(text: str, tokens: list[Token]) -> str | None:
    for index, token in enumerate(tokens):
        if _PRACTITIONER_BEFORE.search(text, max(0, token.start - 10), token.start):
            continue
        if _is_title(token.bare) and not token.possessive:
            words, _ = _chain(text, tokens, index + 1, any_case=True)
            if words:
                return _render(words)
    return None


def _before_possessive(text: str, tokens: list[Token]) -> tuple[int, str | None] | None:
    """(where it starts, name) of the first name before a possessive `'s`."""
    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index else None
        if not token.possessive or not (_is_name_word(token.bare) or _month_surname(text, token, before)):
            continue
        words = [token]
        position = index - 1
        capitalised = _is_capitalised(token.text)
        while position >= 0 and len(words) < 4:
            previous = tokens[position]
            if not _joined(text, previous, words[0]) or previous.possessive:
                break
            if _is_title(previous.bare):
                break
            if not _is_name_word(previous.bare) or (capitalised and not _is_capitalised(previous.text)):
                break
            words.insert(0, previous)
            position -= 1
        return words[0].start, _render(words)
    return None


def _after_verb(text: str, tokens: list[Token]) -> tuple[int, str | None] | None:
    """(where it starts, name) of the first name right after a request verb (`cancel maria lopez`)."""
    for index, token in enumerate(tokens):
        if token.text.lower() not in _VERBS:
            continue
        position = index + 1
        while position < len(tokens) and tokens[position].text.lower() in _FILLERS:
            position += 1
        if position >= len(tokens) or not _joined(text, tokens[position - 1], tokens[position]):
            continue
        words, _ = _chain(text, tokens, position, any_case=True, limit=3)
        if words:
            return words[0].start, _render(words)
    return None


def _in_brackets(text: str, tokens: list[Token]) -> str | None:
    """`tmrw's 11am (hannah becker)`: a bracket holding nothing but name words."""
    for index, token in enumerate(tokens):
        if _char_before(text, token.start, " \t\n") != "(":
            continue
        words, _ = _chain(text, tokens, index, any_case=True)
        if words and text[words[-1].end :].lstrip().startswith(")"):
            return _render(words)
    return None


# What may follow a name that heads a note: a day or time (`lopez friday 3pm`, `lopez to fri`, `lopez -> mon`).
_HEADING_FOLLOW = re.compile(
    rf"\s*(?:->|=>|\d|(?:(?:to|from|on|at|for|next|this)\s+)?(?:{'|'.join(sorted(_TEMPORAL))}|tmrw|tomorow|tues?|weds?"
    r"|thu(?:rs?)?|fri|sat|sun|mon|asap|(?:first|1st) avail\w*|earliest|soonest|next (?:week|wk)"
    r"|appt|appts|appointment|apt|sick|ill|unwell|covid\+?|flu|fever|away|ooo|out of town)\b)",
    re.IGNORECASE,
)
_HEADING_LINES = 30  # a name heads one of a note's first lines; a long paste is not searched line by line
_SURNAME_FIRST = re.compile(r"\s*,\s*$")


def _char_before(text: str, position: int, spaces: str = " \t") -> str:
    """The first character before `position` that is not one of `spaces` ("" at the start); O(gap), not O(n)."""
    while position > 0 and text[position - 1] in spaces:
        position -= 1
    return text[position - 1] if position > 0 else ""


def _line_start(text: str, position: int) -> bool:
    return _char_before(text, position) in ("", "\n")


def _heading(text: str, tokens: list[Token]) -> str | None:
    """A name heading a note or a line, in any case, followed by the times: `lopez tue 3pm -> fri am`.

    Also `Lopez, Maria: tue 3pm -> fri`, kept as written.
    """
    lines = 0
    for index, token in enumerate(tokens):
        if not _line_start(text, token.start):
            continue
        lines += 1
        if lines > _HEADING_LINES:
            break
        words, _ = _chain(text, tokens, index, any_case=True, limit=3)
        if not words:
            continue
        after = index + len(words)
        if (
            len(words) == 1
            and after + 1 < len(tokens)
            and _SURNAME_FIRST.match(text[words[0].end : tokens[after].start])
            and re.match(r"\s*(?::|-\s)", text[tokens[after].end :])
            and _is_name_word(tokens[after].bare)
        ):
            return text[words[0].start : tokens[after].end]
        if _HEADING_FOLLOW.match(text, words[-1].end) and text[words[-1].end : words[-1].end + 1] in (" ", ""):
            return _render(words)
    return None


_FOOTER = re.compile(r"\s[-–—]\s*$")


def _footer(text: str, tokens: list[Token]) -> str | None:
    """A name signing off a note after a dash: `can't make it tmrw - lopez`."""
    for count in (3, 2, 1):
        if len(tokens) <= count:
            continue
        first = len(tokens) - count
        if not _FOOTER.search(text[: tokens[first].start]):
            continue
        if text[tokens[-1].end :].strip(" .!") != "":
            continue
        words, _ = _chain(text, tokens, first, any_case=True)
        if len(words) == count:
            return _render(words)
    return None


def _subject(text: str, tokens: list[Token]) -> str | None:
    """A name in any case that opens a clause and is followed by what the patient does or can do.

    `maria lopez won't make it friday`, `jane doe needs to come in asap`, `can sofia rossi come at noon`.
    """
    where = {token.start: index for index, token in enumerate(tokens)}
    for index, token in enumerate(tokens):
        before = text[max(0, token.start - 8) : token.start].rstrip()
        modal = index > 0 and tokens[index - 1].text.lower() in _MODALS and _joined(text, tokens[index - 1], token)
        after_cue = index > 0 and tokens[index - 1].text.lower() in _CUE
        line_start = _line_start(text, token.start)
        opens = line_start or (before != "" and before[-1] in ",.;:!?-(¦") or after_cue
        if not (opens or modal):
            continue
        words, _ = _chain(text, tokens, index, any_case=True)
        if not words:
            continue
        after = where[words[-1].start] + 1
        if after >= len(tokens):
            continue
        following = tokens[after]
        verb = following.text.lower()
        between = text[words[-1].end : following.start].strip()
        if opens and not modal and verb in _REQUEST_VERBS and between in ("", "-", ":", "–", "—", ","):
            return _render(words)
        if line_start and between in ("-", ":", "–", "—"):
            return _render(words)  # a note's heading: `maria lopez - tues -> thurs`
        if opens and not modal and between == "," and verb in _SUBJECT_VERBS and words[-1].end - words[0].start > 3:
            return _render(words)  # `Voicemail: maria lopez, can't make tues 3pm`
        if not _joined(text, words[-1], following):
            continue
        if (modal and verb in _SUBJECT_FOLLOW) or (opens and not modal and verb in _SUBJECT_VERBS):
            return _render(words)
    return None


def _capitalised_run(text: str, tokens: list[Token]) -> str | None:
    for index in range(len(tokens)):
        words, _ = _chain(text, tokens, index, any_case=False)
        if words:
            return _render(words)
    return None


def find_name(text: str) -> str | None:
    """The patient's name in masked, markup-free text, as written; None if none."""
    tokens = _tokens(text)
    for finder in (_after_cue, _after_title):
        name = finder(text, tokens)
        if name:
            return name
    # Of a possessive and a name after the verb, the first one written: in `cancel Nanook Smith tomorrow,
    # weather's bad` the `'s` is a contraction, in `Emily Clarke's knee got worse, cancel fri` it is the name.
    placed = [found for found in (_before_possessive(text, tokens), _after_verb(text, tokens)) if found and found[1]]
    if placed:
        return min(placed, key=lambda found: found[0])[1]
    for finder in (_in_brackets, _subject, _heading, _footer, _capitalised_run):
        name = finder(text, tokens)
        if name:
            return name
    return None


def leftover_name(text: str) -> str | None:
    """The name in an answer to "which patient?": there every word is about the patient, so the first run of
    name words in any case is the name (`dob 4/5/80 mraia lopez`, `try jon smyth`)."""
    tokens = _tokens(text)
    for index in range(len(tokens)):
        words, _ = _chain(text, tokens, index, any_case=True)
        if words:
            return _render(words)
    return None
