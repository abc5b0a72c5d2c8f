"""The patient's name as written, without titles, `pt`/`patient` or a possessive `'s`.

Staff write names in any case (`pt jones`), so case alone cannot find them.
The rules look where names stand in requests, most reliable first: after
`pt`/`patient`/a title, before a possessive (`Maria Lopez's appt`), after the
verb (`cancel maria lopez tomorrow`), and last any run of capitalised words
that are not request vocabulary.

This module only says where to look; what a name word is, and how a run of them is read, is name_words.py.
"""

from __future__ import annotations

import re

from bot.nlu.name_words import (
    TEMPORAL,
    Token,
    at_line_start,
    chain,
    char_before,
    is_capitalised,
    is_name_word,
    is_title,
    joined,
    month_surname,
    render,
    split_words,
)
from bot.nlu.normalise import spelling
from bot.nlu.vocab import words

_CUE = frozenset({"pt", "pt.", "patient", "patient:", "pt:", "pts"})
_VERBS = words(
    """cancel cancell cancle canx cxl cx cncl move moved push bump reschedule resched rebook switch shift change
    postpone prepone take drop remove delete scrap for get fit squeeze see put do moving cancelling canceling
    rescheduling rebooking bumping pushing switching shifting"""
)
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


def _after_cue(text: str, tokens: list[Token]) -> str | None:
    for index, token in enumerate(tokens):
        lower = token.text.lower()
        start = index + 1
        if lower in ("name", "name:"):
            if start < len(tokens) and tokens[start].text.lower() == "is":
                start += 1
            elif not (lower.endswith(":") or text[token.end : token.end + 2].lstrip().startswith(":")):
                continue
        elif lower in ("this", "it's", "its") and start < len(tokens) and joined(text, token, tokens[start]):
            # a patient's own words: `Hi, this is Maria Lopez`, `it's Maria Lopez, I need to move...`
            if lower == "this":
                if tokens[start].text.lower() != "is":
                    continue
                start += 1
            if start >= len(tokens) or not is_capitalised(tokens[start].text):
                continue
        elif lower not in _CUE:
            continue
        surname_first = _surname_first_at(text, tokens, start)
        if surname_first:
            return surname_first  # `- pt: Lopez, Maria`
        words, _ = chain(text, tokens, start, any_case=True)
        if words:
            return render(words)
    return None


# `move john smith w/ dr patel to fri`: a title after `with` is the practitioner's, not the patient's.
_PRACTITIONER_BEFORE = re.compile(r"(?:\bwith|\bw/|\bw|\bsee|\bseeing|\bby|\bfrom|\bsaw)\s*$", re.IGNORECASE)


def _after_title(text: str, tokens: list[Token]) -> str | None:
    for index, token in enumerate(tokens):
        if _PRACTITIONER_BEFORE.search(text, max(0, token.start - 10), token.start):
            continue
        if is_title(token.bare) and not token.possessive:
            words, _ = chain(text, tokens, index + 1, any_case=True)
            if words:
                return render(words)
    return None


def _before_possessive(text: str, tokens: list[Token]) -> tuple[int, str | None] | None:
    """(where it starts, name) of the first name before a possessive `'s`."""
    for index, token in enumerate(tokens):
        before = tokens[index - 1] if index else None
        if not token.possessive or not (is_name_word(token.bare) or month_surname(text, token, before)):
            continue
        words = [token]
        position = index - 1
        capitalised = is_capitalised(token.text)
        while position >= 0 and len(words) < 4:
            previous = tokens[position]
            if not joined(text, previous, words[0]) or previous.possessive:
                break
            if is_title(previous.bare):
                break
            if not is_name_word(previous.bare) or (capitalised and not is_capitalised(previous.text)):
                break
            words.insert(0, previous)
            position -= 1
        return words[0].start, render(words)
    return None


def _after_verb(text: str, tokens: list[Token]) -> tuple[int, str | None] | None:
    """(where it starts, name) of the first name right after a request verb (`cancel maria lopez`)."""
    for index, token in enumerate(tokens):
        if token.text.lower() not in _VERBS and spelling(token.text.lower().rstrip(".")) not in _VERBS:
            continue
        position = index + 1
        while position < len(tokens) and tokens[position].text.lower() in _FILLERS:
            position += 1
        if position >= len(tokens) or not joined(text, tokens[position - 1], tokens[position]):
            continue
        words, _ = chain(text, tokens, position, any_case=True, limit=3)
        if words:
            return words[0].start, render(words)
    return None


def _in_brackets(text: str, tokens: list[Token]) -> str | None:
    """`tmrw's 11am (hannah becker)`: a bracket holding nothing but name words."""
    for index, token in enumerate(tokens):
        if char_before(text, token.start, " \t\n") != "(":
            continue
        words, _ = chain(text, tokens, index, any_case=True)
        if words and text[words[-1].end :].lstrip().startswith(")"):
            return render(words)
    return None


# What may follow a name that heads a note: a day or time (`lopez friday 3pm`, `lopez to fri`, `lopez -> mon`).
_HEADING_FOLLOW = re.compile(
    rf"\s*(?::\s*)?(?:->|=>|\d|¦|(?:(?:to|from|on|at|for|next|this)\s+)?(?:{'|'.join(sorted(TEMPORAL))}|tmrw|tomorow|tues?|weds?"
    r"|thu(?:rs?)?|fri|sat|sun|mon|asap|(?:first|1st) avail\w*|earliest|soonest|next (?:week|wk)"
    r"|appt|appts|appointment|apt|sick|ill|unwell|covid\+?|flu|fever|away|ooo|out of town|dob|d\.o\.b)\b)",
    re.IGNORECASE,
)
_HEADING_LINES = 30  # a name heads one of a note's first lines; a long paste is not searched line by line
_SURNAME_FIRST = re.compile(r"\s*,\s*$")
# After `Lopez, Maria`: the end of the line, a colon or dash, or the request's verb or day.
_AFTER_SURNAME_FIRST = re.compile(r"[ \t]*(?:$|\n|:|[-–—]\s|¦)|\s+([A-Za-z.]+)")
_GOES_ON = frozenset({"cancel", "reschedule", "move", "push", "bump", "rebook", "to", "from"}) | TEMPORAL


def _surname_first_at(text: str, tokens: list[Token], index: int) -> str | None:
    """`Lopez, Maria` (surname, comma, first name) at tokens[index], as written; None if not that shape."""
    if index + 1 >= len(tokens):
        return None
    surname, first = tokens[index], tokens[index + 1]
    if not (is_name_word(surname.bare) and is_name_word(first.bare) and not surname.possessive):
        return None
    if not _SURNAME_FIRST.match(text[surname.end : first.start]) or first.possessive:
        return None
    after = _AFTER_SURNAME_FIRST.match(text, first.end)
    if after is None or (after.group(1) is not None and spelling(after.group(1).lower()) not in _GOES_ON):
        return None
    return text[surname.start : first.end].rstrip(".")


def _surname_first(text: str, tokens: list[Token]) -> str | None:
    """A note headed by the name surname first: `lopez, maria resched to thurs`, `Khan, Ahmed - cxl 6/18`."""
    for index, token in enumerate(tokens[:200]):
        if at_line_start(text, token.start):
            found = _surname_first_at(text, tokens, index)
            if found:
                return found
    return None


def _heading(text: str, tokens: list[Token]) -> str | None:
    """A name heading a note or a line, in any case, followed by the times: `lopez tue 3pm -> fri am`.

    Also `Lopez, Maria: tue 3pm -> fri`, kept as written.
    """
    lines = 0
    for index, token in enumerate(tokens):
        if not at_line_start(text, token.start):
            continue
        lines += 1
        if lines > _HEADING_LINES:
            break
        words, _ = chain(text, tokens, index, any_case=True, limit=3)
        if not words:
            continue
        after = index + len(words)
        # a note headed by the name alone: `re: dwight schrute` / `he called back...`, `lopez` / `thu 2pm -> fri`
        alone = lines == 1 and text[words[-1].end : words[-1].end + 1] == "\n"
        if alone and (len(words) >= 2 or _HEADING_FOLLOW.match(text, words[-1].end + 1)):
            return render(words)
        follows = _HEADING_FOLLOW.match(text, words[-1].end) is not None or (
            after < len(tokens) and spelling(tokens[after].text.lower()) in TEMPORAL  # `finch satuday 10am`
        )
        if follows and text[words[-1].end : words[-1].end + 1] in (" ", "", ":"):
            return render(words)
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
        words, _ = chain(text, tokens, first, any_case=True)
        if len(words) == count:
            return render(words)
    return None


def _subject(text: str, tokens: list[Token]) -> str | None:
    """A name in any case that opens a clause and is followed by what the patient does or can do.

    `maria lopez won't make it friday`, `jane doe needs to come in asap`, `can sofia rossi come at noon`.
    """
    where = {token.start: index for index, token in enumerate(tokens)}
    for index, token in enumerate(tokens):
        before = text[max(0, token.start - 8) : token.start].rstrip()
        modal = index > 0 and tokens[index - 1].text.lower() in _MODALS and joined(text, tokens[index - 1], token)
        after_cue = index > 0 and tokens[index - 1].text.lower() in _CUE
        line_start = at_line_start(text, token.start)
        opens = line_start or (before != "" and before[-1] in ",.;:!?-(¦") or after_cue
        if not (opens or modal):
            continue
        words, _ = chain(text, tokens, index, any_case=True)
        if not words:
            continue
        after = where[words[-1].start] + 1
        if after >= len(tokens):
            continue
        following = tokens[after]
        verb = following.text.lower()
        between = text[words[-1].end : following.start].strip()
        if opens and not modal and verb in _REQUEST_VERBS and between in ("", "-", ":", "–", "—", ","):
            return render(words)
        if line_start and between in ("-", ":", "–", "—"):
            return render(words)  # a note's heading: `maria lopez - tues -> thurs`
        if opens and not modal and between == "," and verb in _SUBJECT_VERBS and words[-1].end - words[0].start > 3:
            return render(words)  # `Voicemail: maria lopez, can't make tues 3pm`
        if not joined(text, words[-1], following):
            continue
        if (modal and verb in _SUBJECT_FOLLOW) or (opens and not modal and verb in _SUBJECT_VERBS):
            return render(words)
    return None


def _capitalised_run(text: str, tokens: list[Token]) -> str | None:
    for index in range(len(tokens)):
        words, _ = chain(text, tokens, index, any_case=False)
        if words:
            return render(words)
    return None


def find_name(text: str) -> str | None:
    """The patient's name in masked, markup-free text, as written; None if none."""
    tokens = split_words(text)
    for finder in (_after_cue, _after_title):
        name = finder(text, tokens)
        if name:
            return name
    # Of a possessive and a name after the verb, the first one written: in `cancel Nanook Smith tomorrow,
    # weather's bad` the `'s` is a contraction, in `Emily Clarke's knee got worse, cancel fri` it is the name.
    placed = [found for found in (_before_possessive(text, tokens), _after_verb(text, tokens)) if found and found[1]]
    if placed:
        return min(placed, key=lambda found: found[0])[1]
    for finder in (_surname_first, _in_brackets, _subject, _heading, _footer, _capitalised_run):
        name = finder(text, tokens)
        if name:
            return name
    return None


def leftover_name(text: str) -> str | None:
    """The name in an answer to "which patient?": there every word is about the patient, so the first run of
    name words in any case is the name (`dob 4/5/80 mraia lopez`, `try jon smyth`)."""
    tokens = split_words(text)
    for index in range(len(tokens)):
        words, _ = chain(text, tokens, index, any_case=True)
        if words:
            return render(words)
    return None
