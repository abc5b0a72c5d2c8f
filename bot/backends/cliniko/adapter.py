"""Cliniko as a BookingBackend.

Cliniko has no holds and accepts double bookings: a time is given to an
appointment by writing its new start and end, and Cliniko will write them even
over someone else's visit. So a move re-reads the open times for that day just
before writing and refuses a time that is gone (SlotTaken), then asks Cliniko
whether the moved appointment now overlaps anything and moves it back if a
booking slipped in between the check and the write.

A move whose answer was lost is read back, never sent again blindly: the
appointment already at the new time means it was done. Cancels are idempotent
in Cliniko, so they are retried like reads. A patient's place in a group class
is an attendee, cancelled through the attendee call; its appointment id here is
`attendee-<id>` so every later call knows which kind it holds.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from bot.backends.cliniko.client import ClinikoApi, Params
from bot.backends.cliniko.models import (
    Attendee,
    AvailableTime,
    CancelBody,
    Conflicts,
    GroupAppointment,
    IndividualAppointment,
    PatientBody,
    UpdateAppointment,
)
from bot.backends.cliniko.search import PatientSearch, batches, window_filters
from bot.backends.cliniko.settings import ClinikoSettings
from bot.backends.cliniko.translate import CANCEL_CODES, OTHER_CODE, staff_time, utc_z
from bot.backends.cliniko.vendor_errors import map_error
from bot.backends.errors import (
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    PartiallyApplied,
    RateLimited,
    SlotTaken,
)
from bot.backends.http import DEFAULT_TIMEOUT, RetryPolicy, VendorHttp
from bot.domain import (
    Appointment,
    AppointmentStatus,
    BackendStatus,
    CancelReason,
    Capabilities,
    Clock,
    Hold,
    Location,
    Patient,
    PatientKey,
    PatientQuery,
    Practitioner,
    Service,
    Slot,
    Window,
    system_clock,
)

logger = logging.getLogger(__name__)

ATTENDEE = "attendee-"
SEARCH_DAYS = 28
"""How far ahead "as soon as possible" looks."""
DAYS_PER_CALL = 7
"""Cliniko answers at most 7 days of open times per call (`to` no more than 6 days after `from`)."""

GROUP_MOVE = (
    "This is a place in a group class. The bot can cancel the patient's place, but not move it to another "
    "class: please do that in Cliniko."
)
REMEMBERED_MOVES = 1000
NOT_FROM_CLINIKO = "That time did not come from Cliniko; please choose one of the times offered."


class ClinikoBackend:
    name = "Cliniko"

    def __init__(
        self,
        settings: ClinikoSettings,
        *,
        clock: Clock = system_clock,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.capabilities = Capabilities(
            lookup_keys=frozenset({PatientKey.NAME, PatientKey.DATE_OF_BIRTH, PatientKey.PHONE}),
            holds_slots=False,
            records_cancel_reason=True,
            reschedule_in_place=True,
            cancels_repeats=True,
        )
        self._clock = clock
        http = VendorHttp(
            vendor="cliniko",
            base_url=settings.api_url,
            error_mapper=map_error,
            headers={"Accept": "application/json", "User-Agent": settings.user_agent},
            auth=httpx.BasicAuth(settings.api_key.get_secret_value(), ""),
            timeout=timeout,
            policy=policy,
            sleep=sleep,
            transport=transport,
        )
        self._api = ClinikoApi(
            http, base_url=settings.api_url, clock=clock, fallback_zone=settings.timezone or "America/Chicago"
        )
        ids = settings.business_ids
        self._business_filter: Params = [("q[]", f"business_id:={','.join(ids)}")] if ids else []
        self._search = PatientSearch(self._api, business_filter=self._business_filter)
        self._moved: dict[str, str] = {}
        """Idempotency key -> appointment id this very change already moved: a repeat never moves it again."""

    # -- reading ------------------------------------------------------------------------------
    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        if not query.given() & self.capabilities.lookup_keys:
            return []
        patients = {patient.id: patient for patient in self._search.find(query, around=around, now=now)}
        if not patients:
            return []
        found = self._individual_appointments(patients, around=around, now=now)
        found += self._group_places(patients, around=around, now=now, known={a.id for a in found})
        if around is not None:
            found = [appointment for appointment in found if around.contains(appointment.start)]
        return sorted(found, key=lambda appointment: (appointment.start, appointment.id))

    def get_appointment(self, appointment_id: str) -> Appointment:
        if appointment_id.startswith(ATTENDEE):
            attendee = self._read_attendee(appointment_id)
            return self._group_place(attendee, self._read_group(attendee), None)
        current = self._read(appointment_id)
        if current.is_deleted:
            raise AppointmentNotFound("That appointment was deleted in Cliniko.")
        return self._appointment(current)

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        if appointment.id.startswith(ATTENDEE):
            raise InvalidRequest(GROUP_MOVE)
        if appointment.practitioner is None:
            raise InvalidRequest("This appointment has no practitioner in Cliniko, so it has no open times to offer.")
        zone = ZoneInfo(appointment.location.timezone)
        first = max(window.start, now)
        last = window.end if window.end is not None else first + timedelta(days=SEARCH_DAYS)
        if last < first or limit <= 0:
            return []
        length = appointment.end - appointment.start
        day = max(first.astimezone(zone).date(), now.astimezone(zone).date())
        last_day = last.astimezone(zone).date()
        offered: dict[datetime, Slot] = {}
        while day <= last_day and len(offered) < limit:
            until = min(day + timedelta(days=DAYS_PER_CALL - 1), last_day)
            for start in self._open_times(appointment, day.isoformat(), until.isoformat()):
                if start < now or start == appointment.start or not window.contains(start):
                    continue
                if window.end is None and start >= last:
                    continue
                offered.setdefault(
                    start,
                    Slot(
                        start=start.astimezone(zone),
                        end=(start + length).astimezone(zone),
                        location_id=appointment.location.id,
                        practitioner_id=appointment.practitioner.id,
                        key=utc_z(start),
                    ),
                )
            day = until + timedelta(days=1)
        return [offered[start] for start in sorted(offered)][:limit]

    # -- holds: Cliniko has none --------------------------------------------------------------
    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        return Hold(id="", slot=slot)

    def release(self, hold: Hold) -> None:
        return None

    # -- changing -----------------------------------------------------------------------------
    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        slot = hold.slot
        if appointment.id.startswith(ATTENDEE):
            raise InvalidRequest(GROUP_MOVE)
        if not slot.key:
            raise InvalidRequest(NOT_FROM_CLINIKO)
        current = self._read_movable(appointment.id)
        if self._moved.get(idempotency_key) == current.id or (
            current.starts_at == slot.start and current.ends_at == slot.end
        ):
            # This change was already made (its answer was lost, or it is asked twice): never move twice.
            return self._appointment(current)
        if slot.location_id != current.business.target_id or (
            slot.practitioner_id and slot.practitioner_id != current.practitioner.target_id
        ):
            raise InvalidRequest(
                "The appointment was given to another business or practitioner in Cliniko since that time was "
                "offered. Nothing was changed; please start again."
            )
        before = self._appointment(current)
        when = staff_time(slot.start, before.location.timezone)
        if slot.start <= self._clock():
            raise SlotTaken(f"{when} has already passed.")
        if not self._still_open(before, slot):
            raise SlotTaken(f"{when} was just taken in Cliniko by someone else.")
        body = UpdateAppointment(starts_at=utc_z(slot.start), ends_at=utc_z(slot.end)).model_dump()
        try:
            response = self._api.http.request(
                "PATCH", f"/individual_appointments/{current.id}", idempotent=False, json=body
            )
            after = self._api.parse(IndividualAppointment, self._api.json(response))
        except BackendUnavailable as error:
            if isinstance(error, RateLimited) or not error.maybe_applied:
                raise
            after = self._read_back_move(current, slot, error)
        logger.info("cliniko reschedule appointment %s: moved", current.id)
        if self._overlaps_someone(current.id):
            self._move_back(current, when)
        self._remember(idempotency_key, current.id)
        return self._appointment(after)

    def cancel(
        self,
        appointment: Appointment,
        *,
        reason: CancelReason | None,
        note: str | None,
        apply_to_repeats: bool,
        idempotency_key: str,
    ) -> list[Appointment]:
        """Every appointment the cancel changed (the protocol's shape; series listing comes with the adapter work)."""
        return [
            self._cancel_one(
                appointment,
                reason=reason,
                note=note,
                apply_to_repeats=apply_to_repeats,
                idempotency_key=idempotency_key,
            )
        ]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """Not listed yet by this adapter: the confirm card then names only the chosen appointment."""
        return []

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """No near matches from this adapter yet."""
        return []

    def _cancel_one(
        self,
        appointment: Appointment,
        *,
        reason: CancelReason | None,
        note: str | None,
        apply_to_repeats: bool,
        idempotency_key: str,
    ) -> Appointment:
        code = CANCEL_CODES[reason] if reason is not None else OTHER_CODE
        words = (note or "").strip() or None
        if appointment.id.startswith(ATTENDEE):
            attendee = self._read_attendee(appointment.id)
            if attendee.cancelled_at is None:
                body = CancelBody(cancellation_reason=code, cancellation_note=words).body()
                self._api.http.request("PATCH", f"/attendees/{attendee.id}/cancel", idempotent=True, json=body)
                logger.info("cliniko cancel attendee %s: cancelled (reason code %d)", attendee.id, code)
                attendee = self._read_attendee(appointment.id)
            return self._group_place(attendee, self._read_group(attendee), appointment.patient)
        current = self._read(appointment.id)
        if current.is_deleted:
            raise AppointmentNotFound("That appointment was deleted in Cliniko.")
        if current.cancelled_at is None:
            body = CancelBody(
                cancellation_reason=code,
                cancellation_note=words,
                apply_to_repeats=True if apply_to_repeats and current.is_repeating else None,
            ).body()
            # Cancelling twice is harmless in Cliniko, so a lost answer is simply asked again.
            self._api.http.request("PATCH", f"/individual_appointments/{current.id}/cancel", idempotent=True, json=body)
            logger.info("cliniko cancel appointment %s: cancelled (reason code %d)", current.id, code)
            current = self._read(appointment.id)
        return self._appointment(current, appointment.patient)

    # -- admin --------------------------------------------------------------------------------
    def check(self) -> BackendStatus:
        businesses = self._api.businesses()
        wanted = self.settings.business_ids
        if wanted:
            known = {business.id for business in businesses}
            unknown = [business_id for business_id in wanted if business_id not in known]
            if unknown:
                raise InvalidRequest(
                    f"CLINIKO_BUSINESS_IDS names {', '.join(unknown)}, which this Cliniko account does not have "
                    f"(it has {', '.join(f'{b.id} {b.name}' for b in businesses) or 'none'}). Fix the setting, "
                    "then run `clinic-bot check-backend` again."
                )
            businesses = [business for business in businesses if business.id in wanted]
        now = self._clock()
        body = self._api.get(
            "/individual_appointments",
            [("q[]", f"ends_at:>{utc_z(now)}"), *self._business_filter, ("per_page", "1")],
        )
        total = body.get("total_entries") if isinstance(body, dict) else None
        account = self._api.account().account.name or (businesses[0].name if businesses else "Cliniko account")
        zones = ", ".join(f"{business.name} ({self._api.zone_of(business)})" for business in businesses)
        return BackendStatus(
            backend="cliniko",
            account=f"{account} (Cliniko {self.settings.shard})",
            locations=tuple(business.name for business in businesses),
            upcoming_appointments=total if isinstance(total, int) else None,
            detail=(
                f"Times are shown in each business's zone: {zones or 'no businesses visible'}. "
                "Staff find patients by name, date of birth or phone number. Cliniko has no holds: a chosen time "
                "is checked again just before the appointment is moved."
            ),
        )

    def close(self) -> None:
        self._api.http.close()

    # -- moving safely ------------------------------------------------------------------------
    def _remember(self, idempotency_key: str, appointment_id: str) -> None:
        self._moved[idempotency_key] = appointment_id
        while len(self._moved) > REMEMBERED_MOVES:
            self._moved.pop(next(iter(self._moved)))

    def _read_movable(self, appointment_id: str) -> IndividualAppointment:
        current = self._read(appointment_id)
        if current.is_deleted:
            raise AppointmentNotFound("That appointment was deleted in Cliniko meanwhile.")
        if current.cancelled_at is not None:
            raise AppointmentNotFound("That appointment was cancelled in Cliniko meanwhile.")
        return current

    def _still_open(self, before: Appointment, slot: Slot) -> bool:
        """Cliniko would write over another visit: ask it again, for that day, whether the time is still open."""
        day = slot.start.astimezone(ZoneInfo(before.location.timezone)).date().isoformat()
        return slot.start in self._open_times(before, day, day)

    def _read_back_move(
        self, before: IndividualAppointment, slot: Slot, error: BackendUnavailable
    ) -> IndividualAppointment:
        """The move may have happened before Cliniko stopped answering: look instead of guessing."""
        try:
            now = self._read(before.id)
        except BookingError:
            raise error from None
        if now.starts_at == slot.start and now.ends_at == slot.end:
            return now
        raise error

    def _overlaps_someone(self, appointment_id: str) -> bool:
        try:
            body = self._api.get(f"/individual_appointments/{appointment_id}/conflicts")
        except BookingError as error:
            # The time was free a moment ago; not being able to double-check is no reason to undo the move.
            logger.warning("cliniko conflicts check for %s failed (%s)", appointment_id, type(error).__name__)
            return False
        conflicts = body.get("conflicts") if isinstance(body, dict) else None
        try:
            return isinstance(conflicts, dict) and self._api.parse(Conflicts, conflicts).exist
        except BackendUnavailable:
            return False

    def _move_back(self, before: IndividualAppointment, when: str) -> None:
        """Someone was booked into the time between our check and our write: give it back to them."""
        body = UpdateAppointment(starts_at=utc_z(before.starts_at), ends_at=utc_z(before.ends_at)).model_dump()
        try:
            self._api.http.request("PATCH", f"/individual_appointments/{before.id}", idempotent=True, json=body)
        except BookingError as error:
            logger.warning("cliniko reschedule %s: moving back off a double booking failed", before.id)
            raise PartiallyApplied(
                f"The appointment was moved to {when}, but someone else was booked at that time in Cliniko at "
                "the same moment, and moving it back failed: both are booked at that time now. Please fix it in "
                "Cliniko."
            ) from error
        logger.info("cliniko reschedule appointment %s: moved back off a double booking", before.id)
        raise SlotTaken(
            f"{when} was taken in Cliniko by someone else at the same moment; the appointment is unchanged."
        )

    # -- calls --------------------------------------------------------------------------------
    def _read(self, appointment_id: str) -> IndividualAppointment:
        if not appointment_id.isdigit():
            raise AppointmentNotFound("That is not a Cliniko appointment id.")
        return self._api.one(f"/individual_appointments/{appointment_id}", IndividualAppointment)

    def _read_attendee(self, appointment_id: str) -> Attendee:
        attendee_id = appointment_id.removeprefix(ATTENDEE)
        if not attendee_id.isdigit():
            raise AppointmentNotFound("That is not a Cliniko attendee id.")
        attendee = self._api.one(f"/attendees/{attendee_id}", Attendee)
        if attendee.is_deleted:
            raise AppointmentNotFound("That place in a group class was deleted in Cliniko.")
        return attendee

    def _read_group(self, attendee: Attendee) -> GroupAppointment:
        return self._api.one(f"/group_appointments/{attendee.booking.target_id}", GroupAppointment)

    def _open_times(self, appointment: Appointment, first_day: str, last_day: str) -> list[datetime]:
        assert appointment.practitioner is not None
        path = (
            f"/businesses/{appointment.location.id}/practitioners/{appointment.practitioner.id}"
            f"/appointment_types/{appointment.service.id}/available_times"
        )
        params: Params = [("from", first_day), ("to", last_day)]
        return [
            self._api.parse(AvailableTime, item).appointment_start
            for items, _more in self._api.pages(path, "available_times", params)
            for item in items
        ]

    def _individual_appointments(
        self, patients: dict[str, PatientBody], *, around: Window | None, now: datetime
    ) -> list[Appointment]:
        found: list[Appointment] = []
        for ids in batches(patients):
            params: Params = [
                ("q[]", f"patient_id:={','.join(ids)}"),
                *window_filters(around, now),
                *self._business_filter,
                ("sort", "starts_at"),
            ]
            for body in self._api.all(
                "/individual_appointments", "individual_appointments", params, IndividualAppointment
            ):
                if body.cancelled_at is None and not body.is_deleted:
                    found.append(self._appointment(body, _patient(patients.get(body.patient.target_id))))
        return found

    def _group_places(
        self, patients: dict[str, PatientBody], *, around: Window | None, now: datetime, known: set[str]
    ) -> list[Appointment]:
        """The patients' places in upcoming group classes (their attendee records on group appointments).

        Cliniko lists the patient of an individual appointment as its attendee too: `known` (the
        individual appointments already found) spares asking for those as group appointments.
        """
        attendees: dict[str, list[Attendee]] = {}
        for ids in batches(patients):
            for attendee in self._api.all(
                "/attendees", "attendees", [("q[]", f"patient_id:={','.join(ids)}")], Attendee
            ):
                booking = attendee.booking.target_id
                if attendee.cancelled_at is None and not attendee.is_deleted and booking and booking not in known:
                    attendees.setdefault(booking, []).append(attendee)
        if not attendees:
            return []
        found: list[Appointment] = []
        for ids in batches(attendees):
            params: Params = [("q[]", f"id:={','.join(ids)}"), *window_filters(around, now), *self._business_filter]
            for group in self._api.all("/group_appointments", "group_appointments", params, GroupAppointment):
                if group.is_deleted:
                    continue
                for attendee in attendees.get(group.id, []):
                    patient = _patient(patients.get(attendee.patient.target_id))
                    found.append(self._group_place(attendee, group, patient))
        return found

    # -- translating --------------------------------------------------------------------------
    def _where(self, business_id: str, practitioner_id: str, type_id: str, length: timedelta) -> dict[str, Any]:
        business = self._api.business(business_id)
        kind = self._api.appointment_type(type_id)
        minutes = kind.duration_in_minutes or max(1, int(length.total_seconds() // 60))
        return {
            "location": Location(id=business_id, name=business.name, timezone=self._api.zone_of(business)),
            "service": Service(id=type_id, name=kind.name or "Appointment", duration_minutes=minutes),
            "practitioner": (
                Practitioner(id=practitioner_id, name=self._api.practitioner(practitioner_id).name)
                if practitioner_id
                else None
            ),
        }

    def _appointment(self, body: IndividualAppointment, patient: Patient | None = None) -> Appointment:
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

    def _group_place(self, attendee: Attendee, group: GroupAppointment, patient: Patient | None) -> Appointment:
        where = self._where(
            group.business.target_id,
            group.practitioner.target_id,
            group.appointment_type.target_id,
            group.ends_at - group.starts_at,
        )
        if patient is None:
            patient = _patient(self._api.one(f"/patients/{attendee.patient.target_id}", PatientBody))
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


def _patient(body: PatientBody | None) -> Patient | None:
    if body is None:
        return None
    phones = body.phones
    return Patient(
        id=body.id,
        name=body.full_name or "Cliniko patient",
        date_of_birth=body.date_of_birth,
        phone=phones[0] if phones else None,
    )
