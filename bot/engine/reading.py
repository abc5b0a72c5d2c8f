"""The engine's one seam to typed-answer reading (bot/nlu/answers.py): what a typed line means at an open card.

Reading text belongs to bot/nlu; the step handlers ask only these questions,
in the clinic's zone and date order, so no handler holds a regular expression.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Appointment, PatientKey, PatientQuery, Slot, Window
from bot.engine.context import EngineContext
from bot.nlu import answers
from bot.nlu.answers import Choice, ChoiceHints, PatientAnswer
from bot.nlu.model import ParsedRequest


def is_abort(text: str) -> bool:
    return answers.is_abort(text)


def query_from(parsed: ParsedRequest) -> PatientQuery:
    patient = parsed.patient
    return PatientQuery(
        name=patient.name, date_of_birth=patient.date_of_birth, phone=patient.phone, booking_ref=patient.booking_ref
    )


def with_personal_id(query: PatientQuery, text: str, keys: frozenset[PatientKey]) -> PatientQuery:
    """For a backend that searches by a personal identifier, find it in the text as typed."""
    return answers.with_personal_id(query, text, keys)


def patient_answer(ctx: EngineContext, text: str, now: datetime) -> PatientAnswer:
    """What a typed answer to "which patient?" says, in the keys the backend searches by."""
    zone = ctx.clinic_tz.key
    keys = ctx.backend.capabilities.lookup_keys
    return answers.read_patient_answer(text, now=now, tz=zone, date_order=ctx.date_order, keys=keys)


def hints(ctx: EngineContext, text: str, now: datetime) -> ChoiceHints:
    """What a typed answer says about which listed item is meant ("the thursday one", "2", "the 3pm")."""
    return answers.read_choice(text, now=now, tz=ctx.clinic_tz.key, date_order=ctx.date_order)


def pick(
    ctx: EngineContext,
    read: ChoiceHints,
    items: Sequence[Appointment] | Sequence[Slot],
    *,
    reference: datetime | None = None,
) -> Choice:
    return answers.choose(read, items, zone=ctx.clinic_tz.key, reference=reference)


def reason(text: str) -> str | None:
    return answers.read_reason(text)


def relative_window(read: ChoiceHints, reference: datetime, zone: ZoneInfo, now: datetime) -> Window | None:
    """The window a relative answer points at from `reference` ("the friday after that", "later that day").

    None when the phrase cannot be resolved from there (then the card says so
    rather than guessing).
    """
    here = reference.astimezone(zone)
    day = here.date()

    def whole(on: date) -> Window:
        start = datetime.combine(on, time(0), tzinfo=zone)
        return Window(start=start, end=datetime.combine(on + timedelta(days=1), time(0), tzinfo=zone))

    kind = read.relative
    if kind == "later_same_day":
        return Window(start=here + timedelta(minutes=1), end=whole(day).end)
    if kind == "earlier_same_day":
        start = max(whole(day).start, now)
        return Window(start=start, end=here) if start < here else None
    if kind == "week_after":
        return whole(day + timedelta(days=7))
    if kind in ("after_that", "before_that") and read.weekday is not None:
        step = 1 if kind == "after_that" else -1
        on = day + timedelta(days=step)
        while on.weekday() != read.weekday:
            on += timedelta(days=step)
        window = whole(on)
        return window if window.end is not None and window.end > now else None
    return None
