"""The Qmatic stand-in's writes: reserving (the hold), releasing, rescheduling onto a reservation, cancelling."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from tests.fakes.qmatic.control import QmaticControl
from tests.fakes.qmatic.diary import (
    CANCELLED,
    RESERVATION_MINUTES,
    FakeAppointment,
    FakeReservation,
    error,
    field_error,
    instant,
)
from tests.fakes.stub_server import StubRequest, StubResponse, json_object


class QmaticWrites(QmaticControl):
    """Mixed into the server, whose `appointment_json`, `time_slot_json` and `_services_json` it uses."""

    def _live_appointment(self, appointment_id: str) -> FakeAppointment | None:
        appointment = self.appointments.get(appointment_id)
        return None if appointment is None or appointment.status == CANCELLED else appointment

    # -- reservations ---------------------------------------------------------------------------------
    def _reserve(self, request: StubRequest, *, combined: bool) -> StubResponse:
        body = json_object(request)
        if body is None:
            return field_error(422, ("branchId", "must not be empty"), ("timeSlot", "must not be empty"))
        problems: list[tuple[str, str]] = []
        if combined:
            service_ids = body.get("serviceIds")
            if not isinstance(service_ids, list) or not service_ids:
                problems.append(("serviceIds", "must not be empty"))
                service_ids = []
        else:
            single = body.get("serviceId")
            if not isinstance(single, str) or not single:
                problems.append(("serviceId", "must not be empty"))
            service_ids = [single] if isinstance(single, str) and single else []
        branch_id = body.get("branchId")
        if not isinstance(branch_id, str) or not branch_id:
            problems.append(("branchId", "must not be empty"))
        time_slot = body.get("timeSlot") if isinstance(body.get("timeSlot"), dict) else {}
        start, end = instant(time_slot.get("startTime")), instant(time_slot.get("endTime"))
        if start is None:
            problems.append(("timeSlot.startTime", "must be a date-time with an offset"))
        if end is None:
            problems.append(("timeSlot.endTime", "must be a date-time with an offset"))
        people = body.get("numberOfReservations", 1)
        if not isinstance(people, int) or people < 1:
            problems.append(("numberOfReservations", "must be at least 1"))
        if problems:
            return field_error(422, *problems)
        assert isinstance(branch_id, str) and start is not None and end is not None
        if branch_id not in self.branches:
            return error(404, "Branch not found")
        unknown = [service_id for service_id in service_ids if service_id not in self.services]
        if unknown:
            return error(404, f"Service not found: {', '.join(unknown)}")
        if self._holder(branch_id, start, end) is not None:
            return error(409, "Timeslot is already reserved or booked")
        if (start, end) not in self.timeslots(branch_id, service_ids):
            return field_error(422, ("timeSlot", "is not an available timeslot of this branch and service"))
        now = self.now
        reservation = FakeReservation(
            id=str(uuid.uuid4()),
            branch_id=branch_id,
            service_ids=tuple(service_ids),
            start=start,
            end=end,
            number_of_reservations=people,
            created_at=now,
            expires_at=now + timedelta(minutes=RESERVATION_MINUTES),
        )
        self.reservations[reservation.id] = reservation
        answer: dict[str, Any] = {
            "reservationId": reservation.id,
            "appointmentId": reservation.id,
            "status": "RESERVED",
            "timeSlot": self.time_slot_json(branch_id, start, end),
            "branch": {"id": branch_id, "name": self.branches[branch_id]["name"]},
            "numberOfReservations": people,
            **self._services_json(tuple(service_ids), combined=combined),
        }
        return StubResponse(201, answer)

    def _release(self, request: StubRequest) -> StubResponse:
        reservation = self.reservations.get(request.params["reservation_id"])
        if reservation is None or reservation.state == "RELEASED":
            return error(404, "Reservation not found")
        if reservation.state == "CONSUMED":
            return error(400, "Reservation is already confirmed; cancel the appointment instead")
        if not reservation.active(self.now):
            return error(404, "Reservation not found or expired")
        reservation.state = "RELEASED"
        return StubResponse(204)

    # -- changing appointments ---------------------------------------------------------------------
    def _reschedule(self, request: StubRequest, *, combined: bool) -> StubResponse:
        body = json_object(request)
        reservation_id = body.get("reservationId") if body is not None else None
        if not isinstance(reservation_id, str) or not reservation_id:
            return field_error(422, ("reservationId", "must not be empty"))
        appointment = self._live_appointment(request.params["appointment_id"])
        if appointment is None:
            return error(404, "Appointment not found")
        reservation = self.reservations.get(reservation_id)
        if reservation is None or not reservation.active(self.now):
            return error(404, "Reservation not found or expired")
        if reservation.service_ids != appointment.service_ids:
            return error(400, "The service of an appointment cannot be changed; book a new appointment instead")
        reservation.state, reservation.used_by = "CONSUMED", appointment.id
        appointment.branch_id = reservation.branch_id
        appointment.start, appointment.end = reservation.start, reservation.end
        return StubResponse(200, self.appointment_json(appointment, combined=combined))

    def _cancel(self, request: StubRequest) -> StubResponse:
        appointment = self._live_appointment(request.params["appointment_id"])
        if appointment is None:
            return error(404, "Appointment not found")
        appointment.status = CANCELLED
        self.cancelled.append(appointment.id)
        return StubResponse(204)
