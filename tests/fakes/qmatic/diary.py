"""The Qmatic stand-in's state: branches, services, openings, appointments, reservations, and the times they leave.

A branch offers back-to-back openings. A timeslot for a set of services lasts
as long as their durations together (assumed: the guides' "timeslot
calculation logic" for combinations is not public) and is offered where the
openings serving all of them cover that length, free of every live
appointment and reservation.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.stub_server import StubResponse

CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"
RESERVATION_MINUTES = 15


def error(status: int, message: str, errors: list[dict[str, str]] | None = None) -> StubResponse:
    body: dict[str, Any] = {"status": status, "error": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return StubResponse(status, body)


def field_error(status: int, *problems: tuple[str, str]) -> StubResponse:
    return error(status, "Validation failed", [{"field": name, "message": message} for name, message in problems])


def instant(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.utcoffset() is not None else None


@dataclass
class Opening:
    """A time the branch offers; `services` None means any service may use it."""

    branch_id: str
    start: datetime
    end: datetime
    services: frozenset[str] | None = None


@dataclass
class FakeAppointment:
    id: str
    personal_id: str
    branch_id: str
    service_ids: tuple[str, ...]
    start: datetime
    end: datetime
    customer: dict[str, Any]
    number_of_reservations: int = 1
    status: str = CONFIRMED
    notes: str = ""


@dataclass
class FakeReservation:
    id: str
    branch_id: str
    service_ids: tuple[str, ...]
    start: datetime
    end: datetime
    number_of_reservations: int
    created_at: datetime
    expires_at: datetime
    state: str = "RESERVED"
    """RESERVED, RELEASED or CONSUMED (by a reschedule)."""
    used_by: str | None = None

    def active(self, now: datetime) -> bool:
        return self.state == "RESERVED" and now < self.expires_at


class QmaticDiary:
    """State, seeding and availability; the server mixes this in."""

    def _init_diary(self) -> None:
        self._frozen: datetime | None = None
        self._offset = timedelta()
        self.branches: dict[str, dict[str, Any]] = {}
        """As `GET /branches` lists them; tests may garble a listing without moving the branch's clock."""
        self.zones: dict[str, ZoneInfo] = {}
        self.services: dict[str, dict[str, Any]] = {}
        self.openings: list[Opening] = []
        self.appointments: dict[str, FakeAppointment] = {}
        self.reservations: dict[str, FakeReservation] = {}
        self.cancelled: list[str] = []
        """Appointment ids cancelled through the API, in order."""
        self._ids = itertools.count(1)

    # -- the test clock ------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """Qmatic's clock: the real clock (plus any advance) until a test sets it."""
        if self._frozen is not None:
            return self._frozen
        return datetime.now(UTC) + self._offset

    @now.setter
    def now(self, value: datetime) -> None:
        self._frozen = value

    def advance(self, seconds: float) -> None:
        if self._frozen is not None:
            self._frozen += timedelta(seconds=seconds)
        else:
            self._offset += timedelta(seconds=seconds)

    # -- seeding ---------------------------------------------------------------------
    def _guid(self, kind: str) -> str:
        return f"00000000-0000-4000-8000-{kind}{next(self._ids):011d}"[:36]

    def add_branch(self, name: str, zone: str, *, branch_id: str | None = None) -> str:
        branch_id = branch_id or self._guid("b")
        self.zones[branch_id] = ZoneInfo(zone)
        self.branches[branch_id] = {
            "id": branch_id,
            "name": name,
            "timeZone": zone,
            "address": {"streetName": "Storgatan 1", "zipCode": "11122", "city": "Stockholm", "country": "SE"},
            "location": {"longitude": 18.07, "latitude": 59.33},
        }
        return branch_id

    def add_service(self, name: str, minutes: int = 30, *, service_id: str | None = None, max_people: int = 4) -> str:
        service_id = service_id or self._guid("s")
        self.services[service_id] = {
            "id": service_id,
            "name": name,
            "duration": minutes,
            "config": {"maxNumberOfReservations": max_people},
        }
        return service_id

    def add_openings(
        self,
        branch_id: str,
        first: datetime,
        *,
        count: int = 1,
        minutes: int = 30,
        services: set[str] | None = None,
    ) -> list[datetime]:
        """`count` back-to-back openings of `minutes` from `first`; returns their starts."""
        starts = [first + timedelta(minutes=minutes * index) for index in range(count)]
        for start in starts:
            self.openings.append(
                Opening(branch_id, start, start + timedelta(minutes=minutes), frozenset(services) if services else None)
            )
        return starts

    def add_appointment(
        self,
        personal_id: str,
        start: datetime,
        *,
        branch_id: str,
        service_ids: tuple[str, ...] | list[str],
        minutes: int | None = None,
        first_name: str = "Maria",
        last_name: str = "Lopez",
        date_of_birth: str | None = "1985-03-12",
        phone: str | None = "+46701234567",
        email: str = "maria@example.org",
        number_of_reservations: int = 1,
        appointment_id: str | None = None,
    ) -> str:
        """An appointment lasting its services' durations together unless `minutes` says otherwise."""
        appointment_id = appointment_id or self._guid("a")
        length = timedelta(minutes=minutes) if minutes is not None else self.length_of(service_ids)
        self.appointments[appointment_id] = FakeAppointment(
            id=appointment_id,
            personal_id=personal_id,
            branch_id=branch_id,
            service_ids=tuple(service_ids),
            start=start,
            end=start + length,
            customer={
                "personalIdentifier": personal_id,
                "firstName": first_name,
                "lastName": last_name,
                "email": email,
                "phoneNumber": phone,
                "dateOfBirth": date_of_birth,
            },
            number_of_reservations=number_of_reservations,
        )
        return appointment_id

    def move(self, appointment_id: str, start: datetime) -> None:
        """Staff move the appointment in Qmatic's own booking view."""
        appointment = self.appointments[appointment_id]
        length = appointment.end - appointment.start
        appointment.start, appointment.end = start, start + length

    # -- inspecting --------------------------------------------------------------------
    def booked(self) -> list[FakeAppointment]:
        """Every appointment not cancelled."""
        return [a for a in self.appointments.values() if a.status != CANCELLED]

    def active_reservations(self) -> list[FakeReservation]:
        return [r for r in self.reservations.values() if r.active(self.now)]

    def is_free(self, branch_id: str, start: datetime) -> bool:
        return self._holder(branch_id, start, start + timedelta(minutes=1)) is None

    def expire_reservations(self) -> list[str]:
        """Every live reservation lapses now, as if its 15 minutes were over."""
        now = self.now
        expired = [r.id for r in self.reservations.values() if r.active(now)]
        for reservation_id in expired:
            self.reservations[reservation_id].expires_at = now
        return expired

    # -- availability ---------------------------------------------------------------------
    def length_of(self, service_ids: tuple[str, ...] | list[str]) -> timedelta:
        minutes = sum(int(self.services.get(sid, {}).get("duration") or 30) for sid in service_ids)
        return timedelta(minutes=minutes or 30)

    @staticmethod
    def _serves(opening: Opening, service_ids: list[str] | tuple[str, ...]) -> bool:
        return opening.services is None or set(service_ids) <= opening.services

    def _holder(self, branch_id: str, start: datetime, end: datetime) -> str | None:
        """Who has some of that time: an appointment id, a live reservation id, or None when it is free."""
        for appointment in self.appointments.values():
            if (
                appointment.status != CANCELLED
                and appointment.branch_id == branch_id
                and appointment.start < end
                and start < appointment.end
            ):
                return appointment.id
        now = self.now
        for reservation in self.reservations.values():
            if (
                reservation.branch_id == branch_id
                and reservation.active(now)
                and reservation.start < end
                and start < reservation.end
            ):
                return reservation.id
        return None

    def timeslots(self, branch_id: str, service_ids: list[str] | tuple[str, ...]) -> list[tuple[datetime, datetime]]:
        """Every free (start, end) the branch offers for these services, from now on, by start."""
        length = self.length_of(service_ids)
        usable = sorted(
            (o for o in self.openings if o.branch_id == branch_id and self._serves(o, service_ids)),
            key=lambda o: o.start,
        )
        by_start = {opening.start: opening for opening in usable}
        found = []
        for opening in usable:
            start, cursor = opening.start, opening.start
            while cursor < start + length and cursor in by_start:
                cursor = by_start[cursor].end
            end = start + length
            if cursor >= end and start >= self.now and self._holder(branch_id, start, end) is None:
                found.append((start, end))
        return found
