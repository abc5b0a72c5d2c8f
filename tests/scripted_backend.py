"""A one-appointment booking backend whose writes can be told to do nothing or to lose their answer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.backends.errors import AppointmentChanged, AppointmentNotFound, BackendUnavailable
from bot.domain import (
    Appointment,
    AppointmentStatus,
    BackendStatus,
    Cancellation,
    Capabilities,
    Hold,
    PatientKey,
    PatientQuery,
    Slot,
    Window,
)

CAPABILITIES = Capabilities(
    lookup_keys=frozenset({PatientKey.NAME}), holds_slots=True, records_cancel_reason=True, reschedule_in_place=True
)


@dataclass
class ScriptedBackend:
    """Holds one appointment; `reschedule`/`cancel` do what `effect` says, then may lose the answer."""

    stored: Appointment | None
    lose_answer: bool = False
    effect: str = "apply"  # "apply" | "nothing"
    unreadable: bool = False
    unreadable_after_write: bool = False
    name: str = "Scripted"
    capabilities: Capabilities = field(default_factory=lambda: CAPABILITIES)
    released: list[str] = field(default_factory=list)
    writes: int = 0

    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        return [self.stored] if self.stored else []

    def get_appointment(self, appointment_id: str) -> Appointment:
        if self.unreadable:
            raise BackendUnavailable()
        if self.stored is None:
            raise AppointmentNotFound()
        return self.stored

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        return []

    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        return Hold(id="h", slot=slot)

    def release(self, hold: Hold) -> None:
        self.released.append(hold.id)

    def _unchanged_since(self, chosen: Appointment) -> None:
        """The protocol's conditional write: refuse (writing nothing) if it moved or was cancelled since chosen."""
        current = self.stored
        if current is None or current.status is not AppointmentStatus.BOOKED or current.start != chosen.start:
            raise AppointmentChanged(current)

    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        self._unchanged_since(appointment)
        self.writes += 1
        self.unreadable = self.unreadable or self.unreadable_after_write
        assert self.stored is not None
        if self.effect == "apply":
            self.stored = self.stored.model_copy(update={"start": hold.slot.start, "end": hold.slot.end})
        if self.lose_answer:
            raise BackendUnavailable(maybe_applied=True)
        return self.stored

    def cancel(
        self, appointment: Appointment, cancellation: Cancellation, *, idempotency_key: str
    ) -> list[Appointment]:
        self._unchanged_since(appointment)
        self.writes += 1
        self.unreadable = self.unreadable or self.unreadable_after_write
        assert self.stored is not None
        if self.effect == "apply":
            self.stored = self.stored.model_copy(update={"status": AppointmentStatus.CANCELLED})
        if self.lose_answer:
            raise BackendUnavailable(maybe_applied=True)
        return [self.stored]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        return []

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        return []

    def check(self) -> BackendStatus:
        return BackendStatus(backend="scripted", account="test")

    def close(self) -> None:
        pass
