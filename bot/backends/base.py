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
    CancelReason,
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
        """Move the appointment to the held slot; return it as it now is."""
        ...

    def cancel(
        self,
        appointment: Appointment,
        *,
        reason: CancelReason | None,
        note: str | None,
        apply_to_repeats: bool,
        idempotency_key: str,
    ) -> Appointment:
        """Cancel; repeat calls for an already cancelled appointment succeed."""
        ...

    def check(self) -> BackendStatus:
        """A read-only call proving the configured credentials work."""
        ...

    def close(self) -> None:
        """Free connections."""
        ...
