"""Typed answers to an open card: stop, yes, which one, which patient, why.

The engine asks and this module reads; it never decides what the answer does
(that depends on the card). Pure: text and values in, frozen values out.

- `is_abort`: the person wants to stop the conversation. Only phrases that
  mean nothing else count (`never mind`, `nvm`, `stop`, `forget it`, `start
  over`). Anything with `cancel` in it is *not* an abort, except `cancel this
  request`: at a cancel card, `cancel` and `cancel it` are the go-ahead, and at
  a reschedule card `cancel that` may mean "cancel the appointment instead", so
  the engine must ask rather than guess. An abort word followed by a day, a time
  or a number (`stop, it's friday not thursday`) is a correction, not an abort.
- `is_yes`: a plain go-ahead (`yes`, `ok go ahead`, `yes cancel it`, :+1:), and
  nothing more (`yes but at 4` is not).
- `read_choice` / `choose` (choice.py): how staff pick one of several listed items.
- `read_patient_answer`: what the "which patient?" step reads, and whether the
  answer is a whole new request (`maria lopez friday` after a failed search).
- `read_reason`: the cancel reason in a typed answer to "why?".
"""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from bot.domain import PatientKey, PatientQuery, Window
from bot.nlu.atoms import DateOrder
from bot.nlu.choice import Choice, ChoiceHints, ClockRange, Relative, choose, read_choice
from bot.nlu.model import Intent, Reason
from bot.nlu.names import leftover_name
from bot.nlu.normalise import canonical, strip_markup
from bot.nlu.parser import Analysis, analyse
from bot.nlu.reason import find_reason
from bot.nlu.times import find_atoms
from bot.nlu.vocab import words
from bot.nlu.windows import Resolved, resolve_current, split

__all__ = [
    "Choice",
    "ChoiceHints",
    "ClockRange",
    "PatientAnswer",
    "Relative",
    "choose",
    "is_abort",
    "is_yes",
    "read_choice",
    "read_patient_answer",
    "read_reason",
    "with_personal_id",
]

_ABORT = re.compile(
    r"^\s*(?:(?:oh|ok|okay|no|sorry|actually|hmm|wait|um|uh)[\s,.!-]+)*"
    r"(?:never\s*mind|nevermind|nvm|nm|stop(?:\s+(?:this|that|it|here|please|pls))?|abort|quit|exit"
    r"|forget\s+(?:it|about\s+it|that|this|the\s+whole\s+thing)|don'?t\s+bother|leave\s+it|no\s+thanks?(?:\s+you)?"
    r"|cancel\s+(?:this|the|my)\s+(?:request|command|conversation)|start\s+(?:over|again)|wrong\s+patient"
    r"|my\s+(?:bad|mistake)|ignore\s+(?:this|that|me))(?![\w'])",
    re.IGNORECASE,
)
_YES_CORE = words(
    """yes yep yup yeah yea ya y sure ok okay k kk confirm confirmed correct affirmative absolutely definitely
    perfect great good right lgtm +1 👍 ✅ ✔️"""
)
_YES_PHRASES = re.compile(
    r"\b(?:go ahead|do it|please do|sounds good|that's right|thats right|that's correct|that works|looks good"
    r"|go for it|make it so)\b"
)
_YES_FILLERS = words(
    """please pls plz thanks thank you thx ty it that go ahead do confirm cancel move book rebook reschedule that's
    thats right works looks sounds good for make so is all and the change thing"""
)
_YES_EMOJI = re.compile(r":(?:\+1|thumbsup|thumbs_up|white_check_mark|heavy_check_mark|ok_hand|ok):")


def _rest_has_time_or_number(rest: str) -> bool:
    words = canonical(rest)
    if re.search(r"\d", words):
        return True
    return bool(find_atoms(words, datetime(2000, 1, 1).date(), "MDY"))


def is_abort(text: str) -> bool:
    """The person wants to stop this conversation (see the module docstring for what counts)."""
    plain = strip_markup(text)
    found = _ABORT.match(plain)
    return found is not None and not _rest_has_time_or_number(plain[found.end() :])


def is_yes(text: str) -> bool:
    """A plain go-ahead and nothing else."""
    lowered = _YES_EMOJI.sub(" +1 ", text.lower())
    lowered = strip_markup(lowered)
    tokens = [token for token in re.split(r"[\s,.!]+", lowered) if token]
    if not tokens:
        return False
    core = any(token in _YES_CORE for token in tokens) or _YES_PHRASES.search(lowered) is not None
    return core and all(token in _YES_CORE or token in _YES_FILLERS for token in tokens)


def read_reason(text: str) -> Reason | None:
    """The cancel reason a typed answer to "why?" gives; None when it names none of them."""
    return find_reason(canonical(strip_markup(text)))


# ---------------------------------------------------------------- which patient?


class PatientAnswer(BaseModel):
    """What a typed answer at "which patient?" says.

    `query` is the corrected search (it replaces the one that failed, it is not
    added to it). `whole_request` says the answer is a full request in itself —
    an action, or a patient together with a day or time (`maria lopez friday`) —
    so the conversation starts afresh from it: `current`/`target` then replace
    the windows of the old request.
    """

    model_config = ConfigDict(frozen=True)

    query: PatientQuery
    intent: Intent = "unknown"
    current: Window | None = None
    target: Window | None = None
    reason: Reason | None = None
    whole_request: bool = False


# A personal identifier (Qmatic): 8-48 letters, digits and dashes with four digits in a row, not an ISO date.
_PERSONAL_ID = re.compile(
    r"(?<![\w/-])(?=[A-Za-z0-9-]*\d{4})(?!\d{4}-\d{2}-\d{2}\b)[A-Za-z0-9][A-Za-z0-9-]{7,47}(?![\w/-])"
)
# A bare number typed at "which patient?" is a booking reference when the backend finds patients by one.
_BARE_REFERENCE = re.compile(r"(?<![\w/:.-])#?([0-9]{3,})(?![\w/:.-])")


def _window(value: Resolved | None) -> Window | None:
    return None if value is None else Window(start=value.start, end=value.end)


def _windows(read: Analysis, now: datetime, tz: str) -> tuple[Window | None, Window | None]:
    """(current, target): without an action word, a day given with the patient is the appointment's."""
    if read.intent != "unknown" or any(p.role == "target" and p.strong for p in read.phrases):
        return _window(read.current), _window(read.target)
    zone = ZoneInfo(tz)
    today = (now.astimezone(zone) if now.tzinfo is not None else now.replace(tzinfo=zone)).date()
    phrase, _ = split(list(read.phrases), "cancel")
    return _window(resolve_current(phrase, today, zone)), None


def _in_a_phrase(number: str, read: Analysis) -> bool:
    return any(number in read.words[p.start : p.end] for p in read.phrases)


def with_personal_id(query: PatientQuery, text: str, keys: frozenset[PatientKey]) -> PatientQuery:
    """For a backend that searches by a personal identifier (Qmatic), the query with the one typed in `text`.

    The identifier is the key; a name, phone or reference the parser read out of the same characters would
    only narrow the search wrongly, so those are dropped. For the first request as well as for answers.
    """
    if PatientKey.PERSONAL_ID not in keys or query.personal_id is not None:
        return query
    personal = _PERSONAL_ID.search(text)
    if personal is None:
        return query
    ident = personal[0].lower()
    digits = re.sub(r"\D", "", ident)
    update: dict[str, object] = {"personal_id": personal[0]}
    if query.name and query.name.lower() in ident:
        update["name"] = None
    if query.phone and query.phone.lstrip("+") in digits:
        update["phone"] = None
    if query.booking_ref and query.booking_ref.lower() in ident:
        update["booking_ref"] = None
    return query.model_copy(update=update)


def read_patient_answer(
    text: str, *, now: datetime, tz: str, date_order: DateOrder = "MDY", keys: frozenset[PatientKey]
) -> PatientAnswer:
    """Read a typed answer to "which patient?" for a backend that finds patients by `keys`."""
    read = analyse(text, now, tz, date_order)
    found = read.found
    query = PatientQuery(
        name=read.name, date_of_birth=found.date_of_birth, phone=found.phone, booking_ref=found.booking_ref
    )
    query = with_personal_id(query, text, keys)
    numbers = query.date_of_birth is not None or query.phone is not None
    if PatientKey.BOOKING_REF in keys and query.booking_ref is None and query.personal_id is None and not numbers:
        reference = _BARE_REFERENCE.search(found.masked)
        if reference is not None and not _in_a_phrase(reference[1], read):
            query = query.model_copy(update={"booking_ref": reference[1]})
    if PatientKey.NAME in keys and query.name is None and query.personal_id is None:
        name = leftover_name(found.masked)
        if name:
            query = query.model_copy(update={"name": name})
    current, target = _windows(read, now, tz)
    whole = read.intent != "unknown" or (not query.is_empty() and (current is not None or target is not None))
    return PatientAnswer(
        query=query,
        intent=read.intent,
        current=current,
        target=target,
        reason=find_reason(read.words) if read.intent == "cancel" else None,
        whole_request=whole,
    )
