"""Reading Cliniko's diary: appointments and group places of patients, one appointment, open times, a series.

Every list is re-checked item by item against what was asked (patient,
business, window, series): the docs do not say whether a `links.next` keeps
the `q[]` filters. Open times are asked for in dates of the account's zone,
the zone Cliniko reads `from`/`to` in, so a business west of the account's
zone neither misses its evening times nor asks for a day that is already
over where the account is (a 400).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.backends.cliniko.client import ClinikoApi, Params
from bot.backends.cliniko.models import (
    Attendee,
    AvailableTime,
    GroupAppointment,
    IndividualAppointment,
    PatientBody,
)
from bot.backends.cliniko.search import PatientSearch, batches, in_window, window_filters
from bot.backends.cliniko.translate import utc_z
from bot.backends.errors import AppointmentNotFound
from bot.domain import Appointment, AppointmentStatus, Location, Patient, Practitioner, Service, Window

ATTENDEE = "attendee-"


def patient_of(body: PatientBody | None) -> Patient | None:
    if body is None:
        return None
    phones = body.phones
    return Patient(
        id=body.id,
        name=body.full_name or "Cliniko patient",
        date_of_birth=body.date_of_birth,
        phone=phones[0] if phones else None,
    )


class Diary:
    def __init__(self, api: ClinikoApi, search: PatientSearch, *, business_filter: Params) -> None:
        self.api = api
        self.search = search
        self._business_filter = business_filter

    # -- one appointment ------------------------------------------------------------------------
    def read(self, appointment_id: str) -> IndividualAppointment:
        if not appointment_id.isdigit():
            raise AppointmentNotFound("That is not a Cliniko appointment id.")
        return self.api.one("get_appointment", IndividualAppointment, appointment_id=appointment_id)

    def read_attendee(self, appointment_id: str) -> Attendee:
        attendee_id = appointment_id.removeprefix(ATTENDEE)
        if not attendee_id.isdigit():
            raise AppointmentNotFound("That is not a Cliniko attendee id.")
        attendee = self.api.one("get_attendee", Attendee, attendee_id=attendee_id)
        if attendee.is_deleted:
            raise AppointmentNotFound("That place in a group class was deleted in Cliniko.")
        return attendee

    def read_group(self, attendee: Attendee) -> GroupAppointment:
        return self.api.one("get_group_appointment", GroupAppointment, group_id=attendee.booking.target_id)

    # -- a patient's appointments -----------------------------------------------------------------
    def individual(
        self, patients: dict[str, PatientBody], *, around: Window | None, now: datetime
    ) -> list[Appointment]:
        found: dict[str, Appointment] = {}
        for ids in batches(patients):
            wanted = set(ids)
            params: Params = [
                ("q[]", f"patient_id:={','.join(ids)}"),
                *window_filters(around, now),
                *self._business_filter,
                ("sort", "starts_at"),
            ]
            for body in self.api.all("list_appointments", "individual_appointments", params, IndividualAppointment):
                if (
                    body.patient.target_id in wanted
                    and self.search.is_ours(body)
                    and in_window(body, around, now)
                    and body.cancelled_at is None
                    and not body.is_deleted
                    and body.id not in found  # a page that forgot its filters may repeat one
                ):
                    found[body.id] = self.appointment(body, patient_of(patients.get(body.patient.target_id)))
        return list(found.values())

    def group_places(
        self, patients: dict[str, PatientBody], *, around: Window | None, now: datetime, known: set[str]
    ) -> list[Appointment]:
        """The patients' places in upcoming group classes (their attendee records on group appointments).

        Cliniko lists the patient of an individual appointment as its attendee too: `known` (the
        individual appointments already found) spares asking for those as group appointments.
        """
        attendees: dict[str, list[Attendee]] = {}
        for ids in batches(patients):
            wanted = set(ids)
            for attendee in self.api.all(
                "list_attendees", "attendees", [("q[]", f"patient_id:={','.join(ids)}")], Attendee
            ):
                booking = attendee.booking.target_id
                if (
                    attendee.patient.target_id in wanted
                    and attendee.cancelled_at is None
                    and not attendee.is_deleted
                    and booking
                    and booking not in known
                ):
                    attendees.setdefault(booking, []).append(attendee)
        if not attendees:
            return []
        found: dict[str, Appointment] = {}
        for ids in batches(attendees):
            params: Params = [("q[]", f"id:={','.join(ids)}"), *window_filters(around, now), *self._business_filter]
            for group in self.api.all("list_group_appointments", "group_appointments", params, GroupAppointment):
                if group.is_deleted or group.id not in attendees or group.ends_at <= now:
                    continue
                if around is not None and not around.contains(group.starts_at):
                    continue
                for attendee in attendees[group.id]:
                    patient = patient_of(patients.get(attendee.patient.target_id))
                    place = self.group_place(attendee, group, patient)
                    found[place.id] = place
        return list(found.values())

    def next_booked(self, patient: PatientBody, now: datetime) -> Appointment | None:
        """The patient's next upcoming booked appointment or group place, if any."""
        patients = {patient.id: patient}
        found = self.individual(patients, around=None, now=now)
        found += self.group_places(patients, around=None, now=now, known={a.id for a in found})
        return min(found, key=lambda appointment: (appointment.start, appointment.id), default=None)

    def later_in_series(self, body: IndividualAppointment) -> list[IndividualAppointment]:
        """The booked occurrences of `body`'s series after it: what `apply_to_repeats` cancels besides it."""
        series = body.series_id
        if series is None:
            return []
        params: Params = [("q[]", f"repeated_from_id:={series}"), ("q[]", f"starts_at:>{utc_z(body.starts_at)}")]
        later = {
            other.id: other
            for other in self.api.all("list_appointments", "individual_appointments", params, IndividualAppointment)
            if other.id != body.id
            and other.series_id == series
            and other.starts_at > body.starts_at
            and other.cancelled_at is None
            and not other.is_deleted
        }
        return sorted(later.values(), key=lambda other: (other.starts_at, other.id))

    # -- open times -------------------------------------------------------------------------------
    def times_between(self, appointment: Appointment, first_day: date, last_day: date) -> list[datetime]:
        assert appointment.practitioner is not None
        params: Params = [("from", first_day.isoformat()), ("to", last_day.isoformat())]
        return [
            self.api.backend.parse(AvailableTime, item).appointment_start
            for items, _more in self.api.pages(
                "available_times",
                "available_times",
                params,
                business_id=appointment.location.id,
                practitioner_id=appointment.practitioner.id,
                type_id=appointment.service.id,
            )
            for item in items
        ]

    # -- translating --------------------------------------------------------------------------------
    def _where(self, business_id: str, practitioner_id: str, type_id: str, length: timedelta) -> dict[str, Any]:
        business = self.api.business(business_id)
        kind = self.api.appointment_type(type_id)
        minutes = kind.duration_in_minutes or max(1, int(length.total_seconds() // 60))
        return {
            "location": Location(id=business_id, name=business.name, timezone=self.api.zone_of(business)),
            "service": Service(id=type_id, name=kind.name or "Appointment", duration_minutes=minutes),
            "practitioner": (
                Practitioner(id=practitioner_id, name=self.api.practitioner(practitioner_id).name)
                if practitioner_id
                else None
            ),
        }

    def appointment(self, body: IndividualAppointment, patient: Patient | None = None) -> Appointment:
        where = self._where(
            body.business.target_id,
            body.practitioner.target_id,
            body.appointment_type.target_id,
            body.ends_at - body.starts_at,
        )
        zone = ZoneInfo(where["location"].timezone)
        return Appointment(
            id=body.id,
            patient=patient or Patient(id=body.patient.target_id, name=body.patient_name or "Cliniko patient"),
            start=body.starts_at.astimezone(zone),
            end=body.ends_at.astimezone(zone),
            status=AppointmentStatus.CANCELLED if body.cancelled_at is not None else AppointmentStatus.BOOKED,
            repeats=body.is_repeating,
            **where,
        )

    def group_place(self, attendee: Attendee, group: GroupAppointment, patient: Patient | None) -> Appointment:
        where = self._where(
            group.business.target_id,
            group.practitioner.target_id,
            group.appointment_type.target_id,
            group.ends_at - group.starts_at,
        )
        if patient is None:
            patient = patient_of(self.api.one("get_patient", PatientBody, patient_id=attendee.patient.target_id))
        assert patient is not None
        zone = ZoneInfo(where["location"].timezone)
        cancelled = attendee.cancelled_at is not None or group.is_deleted
        return Appointment(
            id=f"{ATTENDEE}{attendee.id}",
            patient=patient,
            start=group.starts_at.astimezone(zone),
            end=group.ends_at.astimezone(zone),
            status=AppointmentStatus.CANCELLED if cancelled else AppointmentStatus.BOOKED,
            **where,
        )
