"""Solv's words to ours: bookings to appointments, slot strings to instants (no time is worded here)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.backends.lenient import birth_date
from bot.backends.solv.models import CANCELLED, Booking, LocationSlots
from bot.domain import Appointment, AppointmentStatus, Location, Patient, Service, Slot

EHR_PREFIX = "ehr-"
"""Appointment ids of EHR-linked bookings handled by their EHR reference (accounts without booking reads)."""


def unwrap(body: Any) -> Any:
    """Solv's quick start promises `{"meta": …, "data": …}`; its schemas show bare bodies. Accept both."""
    if isinstance(body, dict) and "data" in body:
        return body["data"]
    return body


def parse_instant(text: str, zone: str) -> datetime:
    """An ISO 8601 instant; one without an offset is read in the clinic's zone. Raises ValueError."""
    value = datetime.fromisoformat(text.strip())
    if value.utcoffset() is None:
        value = value.replace(tzinfo=ZoneInfo(zone))
    return value


class Translator:
    """Holds what a Solv booking does not say: the clinic's zone, name and visit length."""

    def __init__(
        self, *, location_id: int, location_name: str, zone: str, slot_minutes: int, visit_type_id: int | None
    ) -> None:
        self.location_id = location_id
        self.location_name = location_name or f"Solv location {location_id}"
        self.zone = zone
        self.slot_minutes = slot_minutes
        self.visit_type_id = visit_type_id

    @property
    def slot_duration(self) -> timedelta:
        return timedelta(minutes=self.slot_minutes)

    def location(self, location_id: int) -> Location:
        name = self.location_name if location_id == self.location_id else f"Solv location {location_id}"
        return Location(id=str(location_id), name=name, timezone=self.zone)

    def appointment(self, booking: Booking) -> Appointment:
        """Raises ValueError when Solv's date cannot be read."""
        start = parse_instant(booking.appointment_date, self.zone)
        name = " ".join(part for part in (booking.first_name.strip(), booking.last_name.strip()) if part)
        return Appointment(
            id=str(booking.id),
            patient=Patient(
                # Solv has no patient record of its own in the partner API: the booking stands for it.
                id=f"solv-booking-{booking.id}",
                name=name or "Solv patient",
                date_of_birth=birth_date(booking.birth_date),
                phone=booking.phone or None,
            ),
            start=start,
            end=start + timedelta(minutes=self.slot_minutes),
            location=self.location(booking.location_id),
            service=Service(
                id=str(self.visit_type_id) if self.visit_type_id else "solv-visit",
                name="Walk-in visit" if booking.is_walk_in else "Visit",
                duration_minutes=self.slot_minutes,
            ),
            status=AppointmentStatus.CANCELLED if booking.status_word == CANCELLED else AppointmentStatus.BOOKED,
            reference=str(booking.id),
            moves_by_rebooking=not booking.emr_booking_id,
        )

    def stated(self, reference: str, start: datetime, *, name: str | None) -> Appointment:
        """An EHR-linked booking Solv would not let us read, at the time staff stated (and labelled so)."""
        begins = start.astimezone(ZoneInfo(self.zone))
        return Appointment(
            id=EHR_PREFIX + reference,
            patient=Patient(id=f"solv-ehr-{reference}", name=name or f"EHR booking {reference}"),
            start=begins,
            end=begins + self.slot_duration,
            location=self.location(self.location_id),
            service=Service(
                id=str(self.visit_type_id) if self.visit_type_id else "solv-visit",
                name="Visit",
                duration_minutes=self.slot_minutes,
            ),
            reference=reference,
            start_is_stated=True,
        )

    def external(self, booking: Booking, reference: str) -> Appointment:
        """A booking Solv answered to an external call, kept under its EHR reference (the id the bot acts on)."""
        return self.appointment(booking).model_copy(
            update={"id": EHR_PREFIX + reference, "reference": reference, "moves_by_rebooking": False}
        )

    def open_slots(self, groups: list[LocationSlots], *, default_location: int) -> list[Slot]:
        """Slots with places left and not busy; raises ValueError when a time cannot be read."""
        slots = []
        for group in groups:
            for body in group.slots:
                if body.availability <= 0 or body.busy is True:
                    continue
                start = parse_instant(body.appointment_date, self.zone)
                slots.append(
                    Slot(
                        start=start,
                        end=start + self.slot_duration,
                        location_id=str(group.location_id or default_location),
                        key=body.appointment_date,
                    )
                )
        return slots
