"""The one protocol every booking system is driven through.

The engine calls only these methods; sandbox, Cliniko, Qmatic and Solv each
implement them unchanged. Every method may raise a `bot.backends.errors`
exception and nothing else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.domain import (
    Appointment,
    BackendStatus,
    Cancellation,
    Capabilities,
    Hold,
    PatientQuery,
    Slot,
    Window,
)


@runtime_checkable
class BookingBackend(Protocol):
    name: str
    """Shown to staff ("Cliniko", "Demo clinic (sandbox)")."""
    capabilities: Capabilities

    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        """Upcoming booked appointments of the patients matching `query`.

        `around`, when given, narrows to appointments starting inside it; the
        result is sorted by start. An empty list means nothing matched.
        """
        ...

    def get_appointment(self, appointment_id: str) -> Appointment:
        """Read one appointment back (status included): used to reconcile after a restart."""
        ...

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        """Open times for the appointment's service/practitioner/location in `window`, earliest first.

        Slots in the past (before `now`) are never returned.
        """
        ...

    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        """Keep `slot` for us while staff confirm. Backends without holds return `Hold(id="", slot=slot)`."""
        ...

    def release(self, hold: Hold) -> None:
        """Give a hold back. Safe to call twice, and a no-op for a Hold with no id."""
        ...

    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        """Move the appointment to the held slot; return it as it now is.

        Conditional: the move is made only if the appointment is still booked
        and still starts at `appointment.start` (the time staff saw). Otherwise
        `AppointmentChanged(current)` is raised and nothing is written. A repeat
        of our own move (already at the held slot) returns the appointment.
        Backends with a conditional write use it; the others re-read just
        before writing and say in their docstring that a gap remains.
        """
        ...

    def cancel(
        self, appointment: Appointment, cancellation: Cancellation, *, idempotency_key: str
    ) -> list[Appointment]:
        """Cancel; return every appointment the cancel changed, as each now is: the chosen one first,
        then (with `apply_to_repeats`) each later occurrence of its series in start order.

        Conditional like `reschedule`: an appointment that moved since it was
        chosen raises `AppointmentChanged`. A repeat call for an appointment
        already cancelled succeeds (returns it as cancelled).
        """
        ...

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """The booked later occurrences of the appointment's repeating series, in start order.

        Exactly what `cancel(..., apply_to_repeats=True)` would cancel besides
        `appointment`, so the confirm card can list each one. [] when it does
        not repeat or the backend cannot cancel repeats.
        """
        ...

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """When `find_appointments` found nothing: patients whose name is close to `query.name`.

        For up to `limit` patients (spelling slips, swapped letters, short forms
        such as Chris/Christopher), each one's next upcoming booked appointment,
        best match first, ranked with `bot.backends.near_names`. [] when the
        backend does not search by name. Never acted on without a click.
        """
        ...

    def check(self) -> BackendStatus:
        """A read-only call proving the configured credentials work."""
        ...

    def close(self) -> None:
        """Free connections."""
        ...
