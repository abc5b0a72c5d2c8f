"""From "which patient?" to one chosen appointment, and on to the next question.

`advance` is the form-filling rule: fill whatever can be filled without
asking (search, narrow, pick the only match) and stop at the first question,
so a request that already carries an answer skips its step.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Appointment, PatientKey, PatientQuery, Window
from bot.engine import offering
from bot.engine.context import EngineContext, asking
from bot.engine.state import Conversation, Intent, Said, Step

NEAR_MATCHES = 3
"""Near-match patients offered when nobody matches the name: enough for a slip, few enough to read."""


def advance(ctx: EngineContext, c: Conversation, now: datetime) -> Conversation:
    """Fill what can be filled without asking; stop at the first question."""
    keys = ctx.backend.capabilities.lookup_keys
    if c.appointment is None:
        if not c.query.given() & keys:
            notice = c.notice or Said(kind="ask_patient_key", keys=_ordered(keys), backend=ctx.backend.name)
            return asking(c, Step.NEED_PATIENT, notice)
        if not c.candidates:
            found = _find(ctx, c, now)
            if not found:
                return _not_found(ctx, c, now)
            c = c.model_copy(update={"candidates": tuple(found), "near": ()})
        if len(c.candidates) > 1:
            return asking(c, Step.CHOOSE_APPOINTMENT, c.notice)
        c = c.model_copy(update={"appointment": c.candidates[0]})
    if c.intent is Intent.CANCEL:
        if not c.reason_answered and ctx.backend.capabilities.records_cancel_reason:
            return asking(c, Step.NEED_REASON, c.notice)
        return _to_confirm_cancel(ctx, c, now)
    if c.target is None:
        return asking(c, Step.NEED_WINDOW, c.notice)
    if not c.target_in_location_zone:
        c = c.model_copy(update={"target": offering.in_location_zone(ctx, c), "target_in_location_zone": True})
    if c.hold is not None:
        return asking(c, Step.CONFIRM, c.notice)
    return offering.offer_slots(c, ctx, now)


def choose(ctx: EngineContext, c: Conversation, appointment: Appointment, now: datetime) -> Conversation:
    return advance(ctx, c.model_copy(update={"appointment": appointment}), now)


def search_again(ctx: EngineContext, c: Conversation, query: PatientQuery, now: datetime) -> Conversation:
    """A corrected or completed "which patient?": search afresh with `query`."""
    return advance(ctx, c.model_copy(update={"query": query, "candidates": (), "near": (), "appointment": None}), now)


def choose_near(ctx: EngineContext, c: Conversation, index: int, now: datetime) -> Conversation:
    """A near match was clicked: search for exactly that patient (name and birth date), as if typed so."""
    patient = c.near[index].patient
    query = PatientQuery(name=patient.name, date_of_birth=patient.date_of_birth)
    if not query.given() & ctx.backend.capabilities.lookup_keys:  # pragma: no cover - near matches need name search
        return c
    return search_again(ctx, c, query, now)


def new_window(ctx: EngineContext, c: Conversation, window: Window, now: datetime) -> Conversation:
    """A typed day or time replaces the wanted window; the hold goes once the new times are found."""
    moved = c.model_copy(
        update={"target": window, "target_in_location_zone": False, "hold": None, "slots": (), "step": Step.NEED_WINDOW}
    )
    advanced = advance(ctx, moved, now)
    ctx.release_hold(c)  # only once the new times are found, so a failed search keeps the shown hold
    return advanced


def _find(ctx: EngineContext, c: Conversation, now: datetime) -> list[Appointment]:
    found = ctx.backend.find_appointments(c.query, around=c.current, now=now)
    if not found and c.current is not None:
        # The stated time may be off ("her tuesday appt" that is really on Wednesday).
        found = ctx.backend.find_appointments(c.query, around=None, now=now)
    return found


def _not_found(ctx: EngineContext, c: Conversation, now: datetime) -> Conversation:
    near: list[Appointment] = []
    if c.query.name and PatientKey.NAME in ctx.backend.capabilities.lookup_keys:
        near = ctx.backend.near_matches(c.query, now=now, limit=NEAR_MATCHES)
    notice = Said(
        kind="not_found", query=c.query, window=c.current, keys=_ordered(ctx.backend.capabilities.lookup_keys)
    )
    return asking(c, Step.NEED_PATIENT, notice, candidates=(), near=tuple(near[:NEAR_MATCHES]))


def _to_confirm_cancel(ctx: EngineContext, c: Conversation, now: datetime) -> Conversation:
    """Confirm a cancel; for a repeating appointment, list what "this and later ones" would also cancel."""
    series: tuple[Appointment, ...] = ()
    appointment = c.appointment
    if appointment is not None and appointment.repeats and ctx.backend.capabilities.cancels_repeats:
        series = tuple(ctx.backend.later_repeats(appointment, now=now))
    return asking(c, Step.CONFIRM, c.notice, series=series)


def _ordered(keys: frozenset[PatientKey]) -> tuple[PatientKey, ...]:
    return tuple(key for key in PatientKey if key in keys)


def overlaps_day(appointment: Appointment, window: Window) -> bool:
    """Does the appointment fall in the window, taken as whole days when it is an instant?"""
    if window.end is None or window.end == window.start:
        zone = window.start.tzinfo
        return appointment.start.astimezone(zone).date() == window.start.date()
    return window.start <= appointment.start < window.end
