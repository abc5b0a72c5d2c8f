"""The checks around a Qmatic move: the re-read before writing, and the read-back after a refusal or silence.

Qmatic has no conditional write, so the appointment is read just before the
reschedule and the move refused when it moved or is gone since staff chose it.
Qmatic answers 404 both for an expired reservation and for a gone appointment,
so a refused reschedule is read back to tell the two apart; one whose answer
was lost is read back too, never sent again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.backends.errors import AppointmentChanged, AppointmentNotFound, BackendUnavailable, BookingError, HoldExpired
from bot.domain import Appointment, AppointmentStatus, Hold

if TYPE_CHECKING:
    from bot.backends.qmatic.adapter import QmaticBackend

GONE = "This appointment was cancelled or removed in Qmatic after you chose it. Nothing was changed."
MOVED = "Someone moved this appointment in Qmatic after you chose it. Nothing was changed."


def current(backend: QmaticBackend, chosen: Appointment) -> Appointment:
    """The appointment as Qmatic has it now; gone (404) means cancelled or removed since it was chosen."""
    try:
        return backend.get_appointment(chosen.id)
    except AppointmentNotFound as error:
        raise AppointmentChanged(None, GONE) from error


def refuse_if_moved(chosen: Appointment, current: Appointment) -> None:
    if current.status is not AppointmentStatus.BOOKED:
        raise AppointmentChanged(current, GONE)
    if current.start != chosen.start:
        raise AppointmentChanged(current, MOVED)


def after_refusal(
    backend: QmaticBackend, appointment: Appointment, hold: Hold, error: AppointmentNotFound
) -> Appointment:
    """A 404 on reschedule: the reservation lapsed, or the appointment is gone, or we already moved it."""
    try:
        current = backend.get_appointment(appointment.id)
    except AppointmentNotFound as gone:
        raise AppointmentChanged(None, GONE) from gone
    except BookingError:
        current = None
    if current is not None and current.status is AppointmentStatus.BOOKED and current.start == hold.slot.start:
        return current  # our own move, already made (a repeat after a lost answer)
    raise HoldExpired(
        "The hold on {time} ran out before it was confirmed (Qmatic keeps a time for 15 minutes). Nothing was booked.",
        at=hold.slot.start,
    ) from error


def read_back_move(
    backend: QmaticBackend, appointment: Appointment, hold: Hold, error: BackendUnavailable
) -> Appointment:
    """The move may have happened before Qmatic stopped answering: look instead of guessing."""
    try:
        current = backend.get_appointment(appointment.id)
    except BookingError:
        raise BackendUnavailable(
            "Qmatic stopped answering while moving the appointment to {time}; it may or may not have moved. "
            "Check the appointment in Qmatic before trying again.",
            retry_after=error.retry_after,
            maybe_applied=True,
            at=hold.slot.start,
        ) from error
    if current.status is AppointmentStatus.BOOKED and current.start == hold.slot.start:
        return current
    raise error
