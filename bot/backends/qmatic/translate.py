"""Qmatic's words to ours: appointments, branches and timeslot pairs.

Qmatic writes every time with the branch's UTC offset; the offset is kept, and
the branch's IANA zone (from Qmatic's branch listing, else the configured
fallback) decides how staff see it and how their "9am" is read. No time is
worded here: staff sentences say `{time}` and carry the instant.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.backends.lenient import birth_date, known_zone
from bot.backends.qmatic.models import Branch, QAppointment, TimeSlot
from bot.domain import Appointment, AppointmentStatus, Location, Patient, Service, Slot

KEY_SEPARATOR = "|"


def parse_instant(text: str, zone: str) -> datetime:
    """An ISO 8601 time, in the branch's zone where that zone agrees with Qmatic's offset. Raises ValueError.

    Agreeing, the time shows as "CET" rather than "UTC+01:00"; disagreeing (a wrong
    fallback zone), Qmatic's own offset is kept so the wall clock staff see is Qmatic's.
    A time without an offset is read in the branch's zone.
    """
    tz = ZoneInfo(zone)
    value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.utcoffset() is None:
        return value.replace(tzinfo=tz)
    local = value.astimezone(tz)
    return local if local.utcoffset() == value.utcoffset() else value


def slot_key(time_slot: TimeSlot) -> str:
    """Qmatic wants back exactly the pair its timeslot call returned: keep both strings."""
    return f"{time_slot.start_time}{KEY_SEPARATOR}{time_slot.end_time}"


def time_slot_of(key: str) -> dict[str, str] | None:
    start, separator, end = key.partition(KEY_SEPARATOR)
    if not separator or not start or not end:
        return None
    return {"startTime": start, "endTime": end}


def customer_key(personal_identifier: str | None, appointment_id: str) -> str:
    """A stable patient id that is not the personal identifier itself (often a national id number)."""
    source = personal_identifier or appointment_id
    return "qmatic-customer-" + hashlib.sha256(source.encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Facts:
    """What a reschedule needs that our Appointment does not carry: Qmatic's ids and party size."""

    branch_id: str
    service_ids: tuple[str, ...]
    number_of_reservations: int


class Translator:
    def __init__(self, *, fallback_zone: str) -> None:
        self.fallback_zone = fallback_zone

    def zone(self, branch: Branch | None) -> str:
        return (known_zone(branch.time_zone) if branch is not None else None) or self.fallback_zone

    def location(self, branch: Branch, listed: Branch | None) -> Location:
        name = branch.name or (listed.name if listed is not None else "") or f"Qmatic branch {branch.id}"
        zone = known_zone(branch.time_zone) or self.zone(listed)
        return Location(id=branch.id, name=name, timezone=zone)

    def appointment(self, raw: QAppointment, listed: Branch | None) -> Appointment:
        """Raises ValueError when Qmatic's times cannot be read."""
        location = self.location(raw.branch, listed)
        start = parse_instant(raw.time_slot.start_time, location.timezone)
        end = parse_instant(raw.time_slot.end_time, location.timezone)
        if end <= start:
            raise ValueError("appointment ends before it starts")
        services = raw.all_services
        customer = raw.customer
        name = ""
        if customer is not None:
            name = " ".join(part.strip() for part in (customer.first_name, customer.last_name) if part and part.strip())
        minutes = max(1, round((end - start).total_seconds() / 60))
        return Appointment(
            id=raw.appointment_id,
            patient=Patient(
                id=customer_key(customer.personal_identifier if customer else None, raw.appointment_id),
                name=name or "Qmatic customer",
                date_of_birth=birth_date(customer.date_of_birth if customer else None),
                phone=(customer.phone_number or None) if customer else None,
            ),
            start=start,
            end=end,
            location=location,
            service=Service(
                id="+".join(service.id for service in services) or "qmatic-service",
                name=" + ".join(service.name or "Appointment" for service in services) or "Appointment",
                duration_minutes=minutes,
            ),
            status=AppointmentStatus.CANCELLED if raw.cancelled else AppointmentStatus.BOOKED,
        )

    @staticmethod
    def facts(raw: QAppointment) -> Facts:
        return Facts(
            branch_id=raw.branch.id,
            service_ids=tuple(service.id for service in raw.all_services),
            number_of_reservations=max(1, raw.number_of_reservations),
        )

    @staticmethod
    def slot(time_slot: TimeSlot, *, branch_id: str, zone: str) -> Slot:
        """Raises ValueError when the times cannot be read."""
        start = parse_instant(time_slot.start_time, zone)
        end = parse_instant(time_slot.end_time, zone)
        if end <= start:
            raise ValueError("timeslot ends before it starts")
        return Slot(start=start, end=end, location_id=branch_id, key=slot_key(time_slot))
