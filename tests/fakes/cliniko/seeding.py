"""The Cliniko stand-in's diary: what tests seed (businesses, practitioners, patients, appointments) and inspect."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any, TypedDict, Unpack
from zoneinfo import ZoneInfo

from tests.fakes.cliniko.filters import overlap, z

RAILS_LABELS = {
    "America/Chicago": "Central Time (US & Canada)",
    "America/New_York": "Eastern Time (US & Canada)",
    "America/Denver": "Mountain Time (US & Canada)",
    "America/Los_Angeles": "Pacific Time (US & Canada)",
    "Australia/Sydney": "Sydney",
    "Australia/Brisbane": "Brisbane",
    "Europe/London": "London",
}


class Placement(TypedDict, total=False):
    """Where a booking is made; each left out is the first one seeded (the practitioner's first business)."""

    practitioner_id: str | None
    business_id: str | None
    appointment_type_id: str | None


@dataclass
class Practitioner:
    id: str
    first_name: str
    last_name: str
    title: str
    business_ids: list[str]
    hours: dict[int, tuple[clock_time, clock_time]]
    """Weekday (Monday 0) -> opening and closing wall-clock time at each of their businesses."""
    show_in_online_bookings: bool = True
    appointment_type_ids: list[str] | None = None
    """None: every appointment type."""


class ClinikoDiary:
    """State and seeding; the server mixes this in."""

    now: datetime | None

    def _init_diary(self, account_name: str) -> None:
        self.account = {"name": account_name, "time_zone": "Central Time (US & Canada)"}
        self.businesses: dict[str, dict[str, Any]] = {}
        self.practitioners: dict[str, Practitioner] = {}
        self.appointment_types: dict[str, dict[str, Any]] = {}
        self.patients: dict[str, dict[str, Any]] = {}
        self.appointments: dict[str, dict[str, Any]] = {}
        self.group_appointments: dict[str, dict[str, Any]] = {}
        self.attendees: dict[str, dict[str, Any]] = {}
        self.blocks: list[tuple[str, datetime, datetime]] = []
        self._ids = itertools.count(514810976554457178, 7919)

    def current_time(self) -> datetime:
        return self.now or datetime.now(UTC)

    def set_account_zone(self, zone: str) -> None:
        """The account's zone, shown by GET /settings as its Rails label (available times read dates in it)."""
        self.account["time_zone"] = RAILS_LABELS.get(zone, zone)

    def account_zone(self) -> ZoneInfo:
        labels = {label: name for name, label in RAILS_LABELS.items()}
        label = str(self.account["time_zone"])
        return ZoneInfo(labels.get(label, label))

    # -- seeding ----------------------------------------------------------------------------------
    def _new_id(self) -> str:
        return str(next(self._ids))

    def _insert(
        self, table: dict[str, dict[str, Any]], fields: dict[str, Any], *, as_text: bool = False, deletable: bool = True
    ) -> str:
        """Store a row under a fresh id, not archived (nor deleted, where Cliniko deletes such rows), created and
        updated now (as Cliniko's text, or as a datetime where the stand-in computes with it); returns the id."""
        row_id = self._new_id()
        now: Any = z(self.current_time()) if as_text else self.current_time()
        gone = {"archived_at": None, "deleted_at": None} if deletable else {"archived_at": None}
        table[row_id] = {"id": row_id, **fields, **gone, "created_at": now, "updated_at": now}
        return row_id

    def add_business(
        self,
        name: str,
        *,
        zone: str | None = "America/Chicago",
        zone_label: str | None = None,
        show_in_online_bookings: bool = True,
    ) -> str:
        """`zone` is the business's IANA zone (advanced time zones); None = the account's zone only."""
        return self._insert(
            self.businesses,
            {
                "business_name": name,
                "display_name": name,
                "country_code": "US",
                "show_in_online_bookings": show_in_online_bookings,
                "time_zone": zone_label if zone_label is not None else RAILS_LABELS.get(zone or "", zone),
                "time_zone_identifier": zone,
            },
            as_text=True,
            deletable=False,
        )

    def business_zone(self, business_id: str) -> ZoneInfo:
        """Where the business's wall clock is (its practitioners' hours): its own zone, else the account's."""
        own = self.businesses[business_id]["time_zone_identifier"]
        return ZoneInfo(own) if own else self.account_zone()

    def add_practitioner(
        self,
        first_name: str,
        last_name: str,
        *,
        businesses: Iterable[str],
        title: str = "",
        opens: clock_time = clock_time(9),
        closes: clock_time = clock_time(17),
        weekdays: Iterable[int] = (0, 1, 2, 3, 4),
        show_in_online_bookings: bool = True,
        appointment_types: list[str] | None = None,
    ) -> str:
        practitioner_id = self._new_id()
        self.practitioners[practitioner_id] = Practitioner(
            id=practitioner_id,
            first_name=first_name,
            last_name=last_name,
            title=title,
            business_ids=list(businesses),
            hours={day: (opens, closes) for day in weekdays},
            show_in_online_bookings=show_in_online_bookings,
            appointment_type_ids=appointment_types,
        )
        return practitioner_id

    def add_appointment_type(
        self, name: str, minutes: int, *, max_attendees: int = 1, show_in_online_bookings: bool = True
    ) -> str:
        return self._insert(
            self.appointment_types,
            {
                "name": name,
                "duration_in_minutes": minutes,
                "max_attendees": max_attendees,
                "show_in_online_bookings": show_in_online_bookings,
                "category": "Consultation",
                "color": "#3f51b5",
            },
            as_text=True,
            deletable=False,
        )

    def add_patient(
        self,
        first_name: str,
        last_name: str,
        *,
        date_of_birth: str | None = None,
        phones: Iterable[str] = (),
        preferred_first_name: str | None = None,
        email: str | None = None,
    ) -> str:
        return self._insert(
            self.patients,
            {
                "first_name": first_name,
                "last_name": last_name,
                "preferred_first_name": preferred_first_name,
                "title": None,
                "date_of_birth": date_of_birth,
                "email": email,
                "patient_phone_numbers": [{"phone_type": "Mobile", "number": number} for number in phones],
                "time_zone": None,
                "old_reference_id": None,
            },
            as_text=True,
        )

    def add_appointment(
        self,
        patient_id: str,
        start: datetime,
        *,
        minutes: int | None = None,
        repeats: int = 0,
        every: timedelta = timedelta(weeks=1),
        cancelled: bool = False,
        **where: Unpack[Placement],
    ) -> str:
        """An individual appointment (defaults: the first practitioner, business and type seeded).

        `repeats=3` makes a series of 4 weekly occurrences; the first one's id is returned and
        the others carry it as `repeated_from_id`.
        """
        practitioner_id, business_id, type_id = self._placed(where)
        length = timedelta(minutes=minutes or self.appointment_types[type_id]["duration_in_minutes"])
        first_id = ""
        for occurrence in range(repeats + 1):
            begins = start + every * occurrence
            appointment_id = self._insert(
                self.appointments,
                {
                    "patient_id": patient_id,
                    "practitioner_id": practitioner_id,
                    "business_id": business_id,
                    "appointment_type_id": type_id,
                    "starts_at": begins.astimezone(UTC),
                    "ends_at": (begins + length).astimezone(UTC),
                    "notes": None,
                    "cancelled_at": None,
                    "cancellation_reason": None,
                    "cancellation_note": None,
                    "did_not_arrive": False,
                    "repeat_rule": (
                        {"repeat_type": "Weekly", "number_of_repeats": repeats, "repeating_interval": 1}
                        if repeats
                        else {}
                    ),
                    "repeated_from_id": None if occurrence == 0 else first_id,
                },
            )
            first_id = first_id or appointment_id
            self._add_attendee(appointment_id, patient_id)
            if cancelled:
                self.cancel_row(self.appointments[appointment_id], 50, None)
        return first_id

    def _placed(self, where: Placement) -> tuple[str, str, str]:
        """Practitioner, business and appointment type ids, the first seeded of each where `where` names none."""
        practitioner_id = where.get("practitioner_id") or next(iter(self.practitioners))
        business_id = where.get("business_id") or self.practitioners[practitioner_id].business_ids[0]
        return practitioner_id, business_id, where.get("appointment_type_id") or next(iter(self.appointment_types))

    def add_group_class(
        self,
        start: datetime,
        patient_ids: Iterable[str],
        *,
        minutes: int = 60,
        **where: Unpack[Placement],
    ) -> tuple[str, list[str]]:
        """A group appointment with one attendee per patient: (group id, attendee ids)."""
        practitioner_id, business_id, type_id = self._placed(where)
        group_id = self._insert(
            self.group_appointments,
            {
                "practitioner_id": practitioner_id,
                "business_id": business_id,
                "appointment_type_id": type_id,
                "starts_at": start.astimezone(UTC),
                "ends_at": (start + timedelta(minutes=minutes)).astimezone(UTC),
                "max_attendees": 8,
                "notes": None,
            },
        )
        return group_id, [self._add_attendee(group_id, patient_id) for patient_id in patient_ids]

    def _add_attendee(self, booking_id: str, patient_id: str) -> str:
        return self._insert(
            self.attendees,
            {
                "booking_id": booking_id,
                "patient_id": patient_id,
                "cancelled_at": None,
                "cancellation_reason": None,
                "cancellation_note": None,
            },
        )

    def block(self, practitioner_id: str, start: datetime, end: datetime) -> None:
        """An unavailable block in the practitioner's diary."""
        self.blocks.append((practitioner_id, start.astimezone(UTC), end.astimezone(UTC)))

    def book_someone_else(
        self, start: datetime, *, practitioner_id: str | None = None, minutes: int | None = None
    ) -> str:
        """Another patient is booked at `start` (as reception would, straight into Cliniko)."""
        other = self.add_patient("Someone", "Else", date_of_birth="1970-01-01")
        return self.add_appointment(other, start, practitioner_id=practitioner_id, minutes=minutes)

    def move(self, appointment_id: str, start: datetime) -> None:
        """Reception moves the appointment in Cliniko (its length kept)."""
        row = self.appointments[appointment_id]
        length = row["ends_at"] - row["starts_at"]
        row["starts_at"], row["ends_at"] = start.astimezone(UTC), (start + length).astimezone(UTC)

    def cancel_row(self, row: dict[str, Any], reason: int, note: str | None) -> None:
        row.update(
            cancelled_at=self.current_time(),
            cancellation_reason=reason,
            cancellation_note=note,
            updated_at=self.current_time(),
        )
        for attendee in self.attendees.values():
            if attendee["booking_id"] == row["id"] and attendee["cancelled_at"] is None:
                attendee.update(cancelled_at=self.current_time(), cancellation_reason=reason, cancellation_note=note)

    # -- inspecting -------------------------------------------------------------------------------
    @staticmethod
    def is_live(row: dict[str, Any]) -> bool:
        return row.get("cancelled_at") is None and row.get("archived_at") is None and row.get("deleted_at") is None

    def live_bookings(self) -> list[dict[str, Any]]:
        rows = [*self.appointments.values(), *self.group_appointments.values()]
        return [row for row in rows if self.is_live(row)]

    def double_bookings(self) -> list[tuple[str, str]]:
        """Pairs of live bookings (individual or group) of one practitioner that overlap."""
        pairs = []
        for first, second in itertools.combinations(self.live_bookings(), 2):
            if first["practitioner_id"] == second["practitioner_id"] and overlap(first, second):
                pairs.append((first["id"], second["id"]))
        return pairs


def demo_times(today: date, zone: ZoneInfo) -> Any:
    def at(days: int, hour: int) -> datetime:
        return datetime.combine(today + timedelta(days=days), clock_time(hour), zone)

    return at
