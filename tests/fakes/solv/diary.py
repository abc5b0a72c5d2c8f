"""The Solv stand-in's state: locations, slots with places, bookings (Solv's own and EHR-linked), the clock."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.stub_server import StubResponse


def solv_date(instant: datetime) -> str:
    """Solv's slot string: UTC, milliseconds, `Z` (the generated example's shape)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def parse_date(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if value.utcoffset() is not None else value.replace(tzinfo=UTC)


def missing(*fields: str) -> StubResponse:
    return invalid(*((field, "field required") for field in fields))


def invalid(*problems: tuple[str, str]) -> StubResponse:
    return StubResponse(
        422, {"detail": [{"loc": ["body", field], "msg": msg, "type": "value_error"} for field, msg in problems]}
    )


def detail(status: int, text: str) -> StubResponse:
    return StubResponse(status, {"detail": text})


@dataclass
class FakeSlot:
    location_id: int
    appointment_date: str
    availability: int
    busy: bool = False
    visit_type_id: int | None = None

    @property
    def start(self) -> datetime:
        value = parse_date(self.appointment_date)
        assert value is not None
        return value


class SolvDiary:
    """State and seeding; the server mixes this in."""

    def _init_diary(self) -> None:
        self.now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
        self.locations: dict[int, dict[str, Any]] = {}
        self.slots: list[FakeSlot] = []
        self.bookings: dict[int, dict[str, Any]] = {}
        self.external_location_of: dict[int, str] = {}
        self.cancellation_reasons: dict[int, str | None] = {}
        self._ids = itertools.count(5001)

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def add_location(self, location_id: int, name: str) -> None:
        self.locations[location_id] = {"id": location_id, "name": name, "display_name": name}

    def add_open_days(self, location_id: int, first_day: date, days: int, zone: ZoneInfo) -> None:
        """Half-hourly slots from 9:00 (the last at 16:30, local time in `zone`) on `days` days from `first_day`."""
        for offset in range(days):
            opens = datetime.combine(first_day + timedelta(days=offset), time(9), zone)
            for half_hour in range(16):
                self.add_slot(location_id, opens + timedelta(minutes=30 * half_hour))

    def add_slot(
        self,
        location_id: int,
        start: datetime,
        *,
        availability: int = 1,
        busy: bool = False,
        visit_type_id: int | None = None,
    ) -> str:
        """Returns the slot's `appointment_date` string, as Solv will send it."""
        slot = FakeSlot(location_id, solv_date(start), availability, busy, visit_type_id)
        self.slots.append(slot)
        return slot.appointment_date

    def add_booking(
        self,
        location_id: int,
        start: datetime,
        *,
        first_name: str = "Ada",
        last_name: str = "Lovelace",
        birth_date: str = "1990-12-10",
        phone: str = "5125550101",
        status: str = "reserved",
        emr_booking_id: str | None = None,
        external_location_id: str | None = None,
        booking_id: int | None = None,
        **extra: Any,
    ) -> int:
        """A booking on the time `start`; it takes a place from the slot there, if one is seeded."""
        number = booking_id if booking_id is not None else next(self._ids)
        date = solv_date(start)
        slot = self.slot_at(location_id, date)
        if slot is not None and status != "cancelled":
            slot.availability -= 1
        self.bookings[number] = {
            "id": number,
            "location_id": location_id,
            "appointment_date": date,
            "status": status,
            "is_walk_in": False,
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth_date,
            "phone": phone,
            "email": extra.pop("email", ""),
            "reason": extra.pop("reason", "Sore throat"),
            "paperwork_status": extra.pop("paperwork_status", "incomplete"),
            "emr_booking_id": emr_booking_id,
            **extra,
        }
        if emr_booking_id is not None:
            self.external_location_of[number] = external_location_id or "EXT-LOC-1"
        return number

    def move(self, booking_id: int, start: datetime) -> None:
        """The clinic moves the booking in Solv (or the EHR), its place following it."""
        booking = self.bookings[booking_id]
        self.give_back(booking)
        booking["appointment_date"] = solv_date(start)
        slot = self.slot_at(booking["location_id"], booking["appointment_date"])
        if slot is not None:
            slot.availability -= 1

    def availability(self, location_id: int, start: datetime) -> int | None:
        slot = self.slot_at(location_id, solv_date(start))
        return None if slot is None else slot.availability

    def booked(self) -> list[dict[str, Any]]:
        """Every booking not cancelled, as Solv holds it."""
        return [b for b in self.bookings.values() if b["status"] != "cancelled"]

    # -- places ---------------------------------------------------------------------------
    def slot_at(self, location_id: int, date: str) -> FakeSlot | None:
        wanted = parse_date(date)
        for slot in self.slots:
            if slot.location_id == location_id and wanted is not None and slot.start == wanted:
                return slot
        return None

    def take(self, location_id: int, date: str) -> StubResponse | None:
        slot = self.slot_at(location_id, date)
        if slot is None:
            return invalid(("appointment_date", "No slot at this time"))
        if slot.availability <= 0 or slot.busy:
            return invalid(("appointment_date", "This time slot is no longer available"))
        slot.availability -= 1
        return None

    def give_back(self, booking: dict[str, Any]) -> None:
        slot = self.slot_at(booking["location_id"], booking["appointment_date"])
        if slot is not None:
            slot.availability += 1
