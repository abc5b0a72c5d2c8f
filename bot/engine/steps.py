"""Every step of the conversation and its legal moves, declared once.

Read this table to know the whole conversation: what each step asks, which
buttons it offers (and when), which typed answers it takes, in what order
they are tried, and whether a slot is held there. The engine dispatches
through it, the assistant asks it whether typed text starts afresh, and the
views draw a button only when the table offers it there — no other module
re-derives per-step behaviour (python-telegram-bot's ConversationHandler,
Rasa forms).

Moves every open step shares (the fallbacks): "Never mind" (a click or typed
words) stops and gives the hold back; a new request naming a patient starts
afresh (`starts_afresh`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from zoneinfo import ZoneInfo

from bot.domain import CancelReason, Window
from bot.engine import applying, finding, offering, reading
from bot.engine.context import EngineContext, final
from bot.engine.state import Action, ActionKind, Conversation, Intent, Said, Step
from bot.nlu.model import ParsedRequest

ClickRun = Callable[[EngineContext, Conversation, Action, datetime], Conversation]
TypedRun = Callable[[EngineContext, Conversation, str, ParsedRequest, datetime], Conversation | None]
"""A typed-answer rule: the next conversation, or None when the text is not this kind of answer."""


def _always(c: Conversation) -> bool:
    return True


@dataclass(frozen=True)
class Click:
    """A button a step offers: drawn, and accepted, only while `offered(conversation)` holds."""

    run: ClickRun
    offered: Callable[[Conversation], bool] = _always


@dataclass(frozen=True)
class StepSpec:
    asks: str
    """What the card asks (its headline)."""
    clicks: Mapping[ActionKind, Click] = field(default_factory=dict)
    typed: tuple[TypedRun, ...] = ()
    """Typed-answer rules, tried in order; the first that answers wins."""
    typing_example: str | None = None
    """A typed answer that works at this step, for the card's hint; None: this step takes no typed answer."""
    holds_slot: bool = False
    """A real hold may be kept while the conversation is at this step (given back on leaving it otherwise)."""
    final: bool = False


# -- named handlers ------------------------------------------------------------------------------------


def never_mind(ctx: EngineContext, c: Conversation, now: datetime) -> Conversation:
    """Stop here: nothing changes, the hold goes back."""
    ctx.release_hold(c)
    return final(c, Step.CANCELLED_BY_USER, Said(kind="stopped"), now, hold=None)


def _in_range(index: int | None, items: tuple[object, ...]) -> bool:
    return index is not None and 0 <= index < len(items)


def _choose_appointment(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    if action.index is None or not _in_range(action.index, c.candidates):
        return c
    return finding.choose(ctx, c, c.candidates[action.index], now)


def _choose_near(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    if action.index is None or not _in_range(action.index, c.near):
        return c
    return finding.choose_near(ctx, c, action.index, now)


def _choose_slot(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    if action.index is None or not _in_range(action.index, c.slots):
        return c
    return offering.hold(c, ctx, action.index, now)


def _choose_reason(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    reason = CancelReason(action.value) if action.value in set(CancelReason) else None
    return finding.advance(ctx, c.model_copy(update={"reason": reason, "reason_answered": True}), now)


def _skip_reason(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    return finding.advance(ctx, c.model_copy(update={"reason_answered": True}), now)


def _repeats(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    return c.model_copy(update={"apply_to_repeats": action.value == "all"})


def _confirm(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    return applying.begin(c, ctx, now)


def _more(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    return offering.more_times(c, ctx, now)


def _earlier(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    return offering.earlier_times(c, ctx, now)


def _other_time(ctx: EngineContext, c: Conversation, action: Action, now: datetime) -> Conversation:
    return offering.other_time(c, ctx, now)


# -- typed-answer rules ------------------------------------------------------------------------------


def _patient(
    ctx: EngineContext, c: Conversation, text: str, parsed: ParsedRequest, now: datetime
) -> Conversation | None:
    keys = ctx.backend.capabilities.lookup_keys
    answer = reading.patient_answer(ctx, text, now)
    if answer.whole_request and answer.query.name:
        # A retyped request ("maria lopez friday" after "mraia lopez friday" was not found): start afresh
        # from it, never glue it onto the name that failed.
        fresh = c.model_copy(update={"current": answer.current or c.current})
        if c.intent is Intent.RESCHEDULE and answer.target is not None:
            fresh = fresh.model_copy(update={"target": answer.target, "target_in_location_zone": False})
        return finding.search_again(ctx, fresh, answer.query, now)
    searched = bool(c.query.given() & keys)
    # After a search that found nothing, the answer is the corrected search, not an addition
    # to the one that failed ("john smith dob 11/2/1975" after "Jon Smyth").
    query = answer.query if searched and not answer.query.is_empty() else c.query.merged(answer.query)
    return finding.search_again(ctx, c, query, now)


def _chosen_appointment(
    ctx: EngineContext, c: Conversation, text: str, parsed: ParsedRequest, now: datetime
) -> Conversation | None:
    """ "2", "the one on Thursday", "the harbor one", "the one born in 1991", and combinations."""
    read = reading.hints(ctx, text, now)
    choice = reading.pick(ctx, read, c.candidates)
    if choice.index is not None:
        return finding.choose(ctx, c, c.candidates[choice.index], now)
    kind = {"several": "several_fit", "needs_reference": "relative_choice"}.get(choice.outcome, "unclear_choice")
    return c.model_copy(update={"notice": Said(kind=kind, text=text.strip()[:200])})


def _reference(c: Conversation) -> datetime | None:
    """The time a relative answer points from: the held time, else the first time offered, else the wanted one."""
    if c.hold is not None:
        return c.hold.slot.start
    if c.slots:
        return c.slots[0].start
    return c.target.start if c.target is not None else None


def _relative_time(
    ctx: EngineContext, c: Conversation, text: str, parsed: ParsedRequest, now: datetime
) -> Conversation | None:
    """ "No, the friday after that", "later that day": resolved from the time on the card, or plainly refused."""
    if c.intent is not Intent.RESCHEDULE:
        return None
    read = reading.hints(ctx, text, now)
    if read.relative is None:
        return None
    reference = _reference(c)
    zone = ZoneInfo(c.appointment.location.timezone) if c.appointment else ctx.clinic_tz
    window = reading.relative_window(read, reference, zone, now) if reference is not None else None
    if window is None:
        return c.model_copy(update={"notice": Said(kind="relative_choice", text=text.strip()[:200])})
    return finding.new_window(ctx, c.model_copy(update={"target_in_location_zone": True}), window, now)


def _chosen_slot(
    ctx: EngineContext, c: Conversation, text: str, parsed: ParsedRequest, now: datetime
) -> Conversation | None:
    """ "2" or "the 3pm one": one of the times shown. Anything else is a new wanted window."""
    read = reading.hints(ctx, text, now)
    if read.ordinal is None and read.at_time is None:
        return None
    choice = reading.pick(ctx, read, c.slots)
    if choice.index is None:
        return None
    return offering.hold(c, ctx, choice.index, now)


def _new_window(
    ctx: EngineContext, c: Conversation, text: str, parsed: ParsedRequest, now: datetime
) -> Conversation | None:
    if c.intent is not Intent.RESCHEDULE:
        return None
    window = _window(parsed.target or parsed.current)
    if window is None:
        return c.model_copy(update={"notice": Said(kind="window_unreadable")})
    return finding.new_window(ctx, c, window, now)


def _reason(ctx: EngineContext, c: Conversation, text: str, parsed: ParsedRequest, now: datetime) -> Conversation:
    reason = reading.reason(text)
    update = {"reason": CancelReason(reason) if reason else CancelReason.OTHER, "reason_answered": True}
    return finding.advance(ctx, c.model_copy(update={**update, "note": text.strip()[:500]}), now)


def _note(ctx: EngineContext, c: Conversation, text: str, parsed: ParsedRequest, now: datetime) -> Conversation | None:
    if c.intent is not Intent.CANCEL:
        return None
    return c.model_copy(update={"note": text.strip()[:500]})


def _window(parsed: object) -> Window | None:
    start = getattr(parsed, "start", None)
    return None if start is None else Window(start=start, end=getattr(parsed, "end", None))


# -- the table ---------------------------------------------------------------------------------------


def _is_cancel(c: Conversation) -> bool:
    return c.intent is Intent.CANCEL


def _is_reschedule(c: Conversation) -> bool:
    return c.intent is Intent.RESCHEDULE


def _has_near(c: Conversation) -> bool:
    return bool(c.near)


def _more_slots(c: Conversation) -> bool:
    return c.more_slots


def _earlier_slots(c: Conversation) -> bool:
    return c.earlier_slots


def _repeating_cancel(c: Conversation) -> bool:
    return c.intent is Intent.CANCEL and c.appointment is not None and c.appointment.repeats


ABORT = Click(lambda ctx, c, action, now: never_mind(ctx, c, now))

STEPS: Mapping[Step, StepSpec] = MappingProxyType(
    {
        Step.NEED_PATIENT: StepSpec(
            asks="Which patient is this for?",
            clicks={"choose_near": Click(_choose_near, _has_near), "abort": ABORT},
            typed=(_patient,),
            typing_example="DOB 4/2/1980",
        ),
        Step.CHOOSE_APPOINTMENT: StepSpec(
            asks="Which appointment?",
            clicks={"choose_appointment": Click(_choose_appointment), "abort": ABORT},
            typed=(_chosen_appointment,),
            typing_example="the one on {weekday}",
        ),
        Step.NEED_WINDOW: StepSpec(
            asks="When would the patient like instead?",
            clicks={"abort": ABORT},
            typed=(_relative_time, _new_window),
            typing_example="Friday morning",
        ),
        Step.CHOOSE_SLOT: StepSpec(
            asks="Pick a new time",
            clicks={
                "choose_slot": Click(_choose_slot),
                "earlier_times": Click(_earlier, _earlier_slots),
                "more_times": Click(_more, _more_slots),
                "abort": ABORT,
            },
            typed=(_relative_time, _chosen_slot, _new_window),
            typing_example="next Monday afternoon",
        ),
        Step.NEED_REASON: StepSpec(
            asks="Why is the appointment being cancelled?",
            clicks={"choose_reason": Click(_choose_reason), "skip_reason": Click(_skip_reason), "abort": ABORT},
            typed=(_reason,),
            typing_example="feeling better",
        ),
        Step.CONFIRM: StepSpec(
            asks="Please check and confirm",
            clicks={
                "repeats": Click(_repeats, _repeating_cancel),
                "confirm": Click(_confirm),
                "pick_other_time": Click(_other_time, _is_reschedule),
                "abort": ABORT,
            },
            # No typed "yes": only a Confirm click changes a booking. Typing changes the time or adds a note.
            typed=(_relative_time, _new_window, _note),
            holds_slot=True,
        ),
        Step.APPLYING: StepSpec(asks="Working on it…", holds_slot=True),
        Step.DONE: StepSpec(asks="Done", final=True),
        Step.CANCELLED_BY_USER: StepSpec(asks="Stopped", final=True),
        Step.EXPIRED: StepSpec(asks="Timed out", final=True),
        Step.FAILED: StepSpec(asks="Not changed", final=True),
    }
)


def offers(c: Conversation, kind: ActionKind) -> bool:
    """Does the conversation's current step offer this button now? (The views draw it only if so.)"""
    click = STEPS[c.step].clicks.get(kind)
    return click is not None and click.offered(c)


def takes_typed_answers(step: Step) -> bool:
    return bool(STEPS[step].typed)


def _points_at_a_candidate(ctx: EngineContext, c: Conversation, text: str) -> bool:
    read = reading.hints(ctx, text, c.updated_at)
    return reading.pick(ctx, read, c.candidates).outcome in ("chosen", "several", "needs_reference")


def starts_afresh(ctx: EngineContext, c: Conversation | None, text: str, parsed: ParsedRequest) -> bool:
    """Is typed text a new request rather than an answer to the open step?

    A request naming an action and a patient starts afresh. While the step
    asks *which patient*, only a request that names a patient by name does (a
    personal identifier or birth date typed there is the answer, and a
    retyped request after "not found" must not be glued onto the failed name).
    """
    patient = parsed.patient
    if parsed.intent == "unknown":
        return False
    if c is not None and c.step is Step.CHOOSE_APPOINTMENT and _points_at_a_candidate(ctx, c, text):
        return False  # "/reschedule the one on Thursday": the card's own typing hint, not a patient called "one"
    if c is not None and c.step is Step.NEED_PATIENT:
        keys = ctx.backend.capabilities.lookup_keys
        if reading.with_personal_id(reading.query_from(parsed), text, keys).personal_id:
            return False
        return bool(patient.name)
    return any((patient.name, patient.date_of_birth, patient.phone, patient.booking_ref))


def stop_words(text: str) -> bool:
    """Typed words that mean "never mind" at any open step."""
    return reading.is_abort(text)
