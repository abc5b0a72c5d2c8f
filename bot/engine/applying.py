"""The only place a booking changes: Confirm -> `applying` -> done or failed, and settling after a crash.

`applying` is saved (with its idempotency key) before the backend is called;
the backend writes only if the appointment is still where it was when it was
chosen. When an answer is lost, or the bot restarted mid-change, the
appointment is read back and the outcome decided from what is true, never by
repeating the call.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.backends.errors import (
    AppointmentChanged,
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    HoldExpired,
    PartiallyApplied,
    SlotTaken,
)
from bot.domain import Appointment, AppointmentStatus, Cancellation, Window
from bot.engine import offering
from bot.engine.context import EngineContext, asking, final, told
from bot.engine.state import Conversation, Intent, Said, Step

logger = logging.getLogger("bot.engine")


def begin(c: Conversation, ctx: EngineContext, now: datetime) -> Conversation:
    """Confirm pressed (or "yes" typed): into `applying`, unless the hold already ran out."""
    if c.hold is not None and c.hold.expires_at is not None and c.hold.expires_at <= now:
        ctx.release_hold(c)
        fresh = offering.offer_slots(c.model_copy(update={"hold": None, "step": Step.CHOOSE_SLOT}), ctx, now)
        return fresh.model_copy(update={"notice": Said(kind="hold_ran_out")})
    return c.model_copy(update={"step": Step.APPLYING, "idempotency_key": ctx.new_id()})


def apply(c: Conversation, ctx: EngineContext, now: datetime) -> Conversation:
    """Make the change. Only from `applying`; returns done, failed, or fresh slots."""
    if c.step is not Step.APPLYING or c.appointment is None:
        return c
    appointment = c.appointment
    key = c.idempotency_key or c.id
    try:
        if c.intent is Intent.CANCEL:
            changed = ctx.backend.cancel(
                appointment,
                Cancellation(reason=c.reason, note=c.note, apply_to_repeats=c.apply_to_repeats),
                idempotency_key=key,
            )
            outcome = Said(kind="cancelled")
            return final(c, Step.DONE, outcome, now, result=changed[0], results=tuple(changed))
        assert c.hold is not None, "reschedule reaches applying only with a chosen slot"
        moved = ctx.backend.reschedule(appointment, c.hold, idempotency_key=key)
        return final(c, Step.DONE, Said(kind="moved"), now, result=moved, results=(moved,), hold=None)
    except AppointmentChanged as error:
        return _changed_elsewhere(c, ctx, error.current, now)
    except (HoldExpired, SlotTaken) as error:
        return _fresh_times_after(c, ctx, error, now)
    except PartiallyApplied as error:
        return final(c, Step.FAILED, told(error, "partial"), now, hold=None, partially_applied=True)
    except BackendUnavailable as error:
        if not error.maybe_applied:
            ctx.release_hold(c)
            return final(c, Step.FAILED, told(error, "failed"), now, hold=None)
        # The answer was lost after the vendor may have acted: read back rather than guess.
        settled = settle_by_reading(c, ctx, now, restarted=False)
        if settled is not None:
            return settled
        return final(c, Step.FAILED, told(error, "maybe_applied"), now, hold=None, partially_applied=True)
    except BookingError as error:
        ctx.release_hold(c)
        return final(c, Step.FAILED, told(error, "failed"), now, hold=None)


def _fresh_times_after(c: Conversation, ctx: EngineContext, error: BookingError, now: datetime) -> Conversation:
    """The held time was lost before the move: nothing was booked; offer fresh times."""
    ctx.release_hold(c)
    fresh = c.model_copy(update={"hold": None, "step": Step.CHOOSE_SLOT, "idempotency_key": None, "slots": ()})
    try:
        fresh = offering.offer_slots(fresh, ctx, now)
    except BookingError:
        return asking(fresh, Step.NEED_WINDOW, told(error, "hold_lost_no_fresh_times"), updated_at=now)
    return fresh.model_copy(update={"notice": told(error, "hold_lost"), "updated_at": now})


def _changed_elsewhere(c: Conversation, ctx: EngineContext, current: Appointment | None, now: datetime) -> Conversation:
    """The backend refused to write: the appointment is not where it was when it was chosen."""
    assert c.appointment is not None
    gone = current is None or current.status is AppointmentStatus.CANCELLED
    if c.intent is Intent.CANCEL and gone:
        cancelled = current or c.appointment
        return final(c, Step.DONE, Said(kind="already_cancelled"), now, result=cancelled, results=(cancelled,))
    held = c.hold.slot if c.hold else None
    if current is not None and not gone and held is not None and current.start == held.start:
        # Our own change, already made (a repeat after a lost answer): nothing more to do.
        return final(c, Step.DONE, Said(kind="already_moved"), now, result=current, results=(current,), hold=None)
    ctx.release_hold(c)
    return final(c, Step.FAILED, Said(kind="changed_elsewhere", appointment=None if gone else current), now, hold=None)


def reconcile(c: Conversation, ctx: EngineContext, now: datetime) -> Conversation:
    """After a crash in `applying`: read the appointment back; never call the change again blindly.

    Stays in `applying` while the backend cannot be read, so the next start-up tries again.
    """
    if c.step is not Step.APPLYING or c.appointment is None:
        return c
    settled = settle_by_reading(c, ctx, now, restarted=True)
    return c if settled is None else settled


def settle_by_reading(c: Conversation, ctx: EngineContext, now: datetime, *, restarted: bool) -> Conversation | None:
    """Done or failed, decided from the appointment as the backend shows it now; None if it cannot be read."""
    appointment = c.appointment
    assert appointment is not None
    try:
        current: Appointment | None = ctx.backend.get_appointment(appointment.id)
    except AppointmentNotFound:
        current = None
    except BackendUnavailable as error:
        logger.warning("conversation %s: could not read the appointment back (%s)", c.id, type(error).__name__)
        return None
    except BookingError as error:
        # The booking system answers but will not show this appointment (e.g. a Solv account without booking
        # reads, once the bot restarted and forgot what it had read): asking again cannot settle it, so end
        # the conversation saying the change may or may not have been made, rather than retry for ever.
        logger.warning("conversation %s: the appointment cannot be read back (%s)", c.id, type(error).__name__)
        said = Said(kind="unreadable_after_interruption", text=error.staff_message, restarted=restarted)
        return final(c, Step.FAILED, said, now, hold=None, partially_applied=True)
    gone = current is None or current.status is AppointmentStatus.CANCELLED
    if c.intent is Intent.CANCEL:
        if gone:
            cancelled = current or appointment
            return final(c, Step.DONE, Said(kind="cancelled", restarted=restarted), now, results=(cancelled,))
        return _not_made(c, ctx, now, Said(kind="still_booked", restarted=restarted))
    held = c.hold.slot if c.hold else None
    held_window = Window(start=held.start, end=held.end) if held else None
    if appointment.moves_by_rebooking:
        if gone:
            return final(c, Step.DONE, Said(kind="rebooked", window=held_window, restarted=restarted), now, hold=None)
        unknown = Said(kind="rebooking_unknown", window=held_window, restarted=restarted, changed=True)
        return final(c, Step.FAILED, unknown, now, hold=None, partially_applied=True)
    if current is not None and held is not None and current.start == held.start and not gone:
        return final(
            c, Step.DONE, Said(kind="moved", restarted=restarted), now, result=current, results=(current,), hold=None
        )
    if current is not None and not gone and current.start != appointment.start:
        return _not_made(c, ctx, now, Said(kind="moved_meanwhile", appointment=current, restarted=restarted))
    return _not_made(c, ctx, now, Said(kind="not_made", restarted=restarted))


def _not_made(c: Conversation, ctx: EngineContext, now: datetime, why: Said) -> Conversation:
    ctx.release_hold(c)
    return final(c, Step.FAILED, why, now, hold=None)
