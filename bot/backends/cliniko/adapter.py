"""Cliniko as a BookingBackend.

Cliniko has no holds, no conditional writes, and accepts double bookings:
see `changes` for how a move and a cancel are kept safe anyway. A patient's
place in a group class is an attendee, cancelled through the attendee call;
its appointment id here is `attendee-<id>` so every later call knows which
kind it holds. Staff find patients by name, birth date or phone (`search`),
and a name nobody has gets near matches, gathered server-side with the words
of `near_names.search_words` and ranked with `near_names.rank`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Unpack
from zoneinfo import ZoneInfo

import httpx

from bot.backends import near_names
from bot.backends.cliniko import deep
from bot.backends.cliniko.changes import GROUP_MOVE, Changes
from bot.backends.cliniko.client import ClinikoApi, Params
from bot.backends.cliniko.reading import ATTENDEE, Diary
from bot.backends.cliniko.routes import ROUTES
from bot.backends.cliniko.search import PatientSearch
from bot.backends.cliniko.settings import ClinikoSettings
from bot.backends.cliniko.translate import utc_z
from bot.backends.cliniko.vendor_errors import cliniko_error, read_error
from bot.backends.errors import AppointmentNotFound, BookingError, InvalidRequest
from bot.backends.probes import Probe
from bot.backends.routes import Route
from bot.backends.vendor import HttpOptions, VendorBackend
from bot.domain import (
    Appointment,
    BackendStatus,
    Cancellation,
    Capabilities,
    Clock,
    Hold,
    PatientKey,
    PatientQuery,
    Slot,
    Window,
)

SEARCH_DAYS = 28
"""How far ahead "as soon as possible" looks."""
DAYS_PER_CALL = 7


class ClinikoBackend(VendorBackend):
    name = "Cliniko"
    vendor = "cliniko"
    routes = ROUTES
    base_url_variable = "CLINIKO_BASE_URL"
    settings: ClinikoSettings

    def __init__(self, settings: ClinikoSettings, **options: Unpack[HttpOptions]) -> None:
        super().__init__(settings, **options)
        self.capabilities = Capabilities(
            lookup_keys=frozenset({PatientKey.NAME, PatientKey.DATE_OF_BIRTH, PatientKey.PHONE}),
            holds_slots=False,
            records_cancel_reason=True,
            reschedule_in_place=True,
            cancels_repeats=True,
        )
        ids = settings.business_ids
        self._business_filter: Params = [("q[]", f"business_id:={','.join(ids)}")] if ids else []
        self._api = ClinikoApi(
            self, fallback_zone=settings.timezone or "America/Chicago", account_zone=settings.account_timezone
        )
        self._search = PatientSearch(self._api, business_filter=self._business_filter, business_ids=frozenset(ids))
        self._diary = Diary(self._api, self._search, business_filter=self._business_filter)
        self._changes = Changes(self._api, self._diary)

    # -- the vendor's own words -----------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return str(self.settings.api_url)

    def _headers(self) -> dict[str, str]:
        return {"Accept": "application/json", "User-Agent": self.settings.user_agent}

    def _auth(self, clock: Clock) -> httpx.Auth:
        return httpx.BasicAuth(self.settings.api_key.get_secret_value(), "")

    def _read_error(self, response: httpx.Response) -> tuple[str, dict[str, str]]:
        return read_error(response)

    def _vendor_error(
        self, response: httpx.Response, route: Route | None, text: str, fields: dict[str, str]
    ) -> BookingError | None:
        return cliniko_error(response, route, text, fields)

    # -- reading ------------------------------------------------------------------------------
    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        if not query.given() & self.capabilities.lookup_keys:
            return []
        patients = {patient.id: patient for patient in self._search.find(query, around=around, now=now)}
        if not patients:
            return []
        found = self._diary.individual(patients, around=around, now=now)
        found += self._diary.group_places(patients, around=around, now=now, known={a.id for a in found})
        if around is not None:
            found = [appointment for appointment in found if around.contains(appointment.start)]
        return sorted(found, key=lambda appointment: (appointment.start, appointment.id))

    def get_appointment(self, appointment_id: str) -> Appointment:
        if appointment_id.startswith(ATTENDEE):
            attendee = self._diary.read_attendee(appointment_id)
            return self._diary.group_place(attendee, self._diary.read_group(attendee), None)
        current = self._diary.read(appointment_id)
        if current.is_deleted:
            raise AppointmentNotFound("That appointment was deleted in Cliniko.")
        return self._diary.appointment(current)

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        if appointment.id.startswith(ATTENDEE):
            raise InvalidRequest(GROUP_MOVE)
        practitioner = appointment.practitioner
        if practitioner is None:
            raise InvalidRequest("This appointment has no practitioner in Cliniko, so it has no open times to offer.")
        zone = ZoneInfo(appointment.location.timezone)
        first = max(window.start, now)
        last = window.end if window.end is not None else first + timedelta(days=SEARCH_DAYS)
        if last < first or limit <= 0:
            return []
        length = appointment.end - appointment.start
        # Cliniko reads from/to as days of the account's zone, not the business's.
        days_zone = ZoneInfo(self._api.times_zone())
        day = first.astimezone(days_zone).date()
        # A window ends before its end (a whole day ends at the next midnight, which is not asked for).
        last_day = max(day, (last - timedelta(microseconds=1)).astimezone(days_zone).date())
        offered: dict[datetime, Slot] = {}
        while day <= last_day and len(offered) < limit:
            until = min(day + timedelta(days=DAYS_PER_CALL - 1), last_day)
            for start in self._diary.times_between(appointment, day, until):
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
                        practitioner_id=practitioner.id,
                        key=utc_z(start),
                    ),
                )
            day = until + timedelta(days=1)
        return [offered[start] for start in sorted(offered)][:limit]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """The booked later occurrences of its series: exactly what `apply_to_repeats` cancels besides it."""
        if appointment.id.startswith(ATTENDEE):
            return []
        current = self._diary.read(appointment.id)
        if current.is_deleted or current.cancelled_at is not None:
            return []
        return [self._diary.appointment(other, appointment.patient) for other in self._diary.later_in_series(current)]

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """Patients named like `query.name`, each with their next upcoming appointment, best match first."""
        if not query.name or limit <= 0:
            return []
        candidates = {
            patient.id: patient
            for patient in self._search.near_candidates(query.name)
            if query.date_of_birth is None or patient.date_of_birth == query.date_of_birth
        }
        ranked = near_names.rank(
            query.name, [(patient.id, patient.full_name) for patient in candidates.values()], limit=len(candidates)
        )
        found: list[Appointment] = []
        for patient_id in ranked:
            upcoming = self._diary.next_booked(candidates[patient_id], now)
            if upcoming is not None:
                found.append(upcoming)
            if len(found) >= limit:
                break
        return found

    # -- holds: Cliniko has none --------------------------------------------------------------
    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        return Hold(id="", slot=slot)

    def release(self, hold: Hold) -> None:
        return None

    # -- changing -----------------------------------------------------------------------------
    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        """Move, after re-reading it: Cliniko has no conditional write (see `changes`)."""
        return self._changes.reschedule(appointment, hold, idempotency_key=idempotency_key)

    def cancel(
        self, appointment: Appointment, cancellation: Cancellation, *, idempotency_key: str
    ) -> list[Appointment]:
        """Cancel after re-reading it (no conditional write in Cliniko); with `apply_to_repeats`, the chosen one
        and each later occurrence of its series, each as it now is."""
        return self._changes.cancel(appointment, cancellation)

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
        now = self.now()
        body = self._api.get(
            "list_appointments", [("q[]", f"ends_at:>{utc_z(now)}"), *self._business_filter, ("per_page", "1")]
        )
        total = body.get("total_entries") if isinstance(body, dict) else None
        account = self._api.account().account.name or (businesses[0].name if businesses else "Cliniko account")
        zones = ", ".join(f"{business.name} ({self._api.zone_of(business)})" for business in businesses)
        return BackendStatus(
            backend="cliniko",
            account=f"{account} (Cliniko {self.settings.shard})",
            locations=tuple(business.name for business in businesses),
            upcoming_appointments=total if isinstance(total, int) else None,
            detail=f"Time zones: {zones or 'no businesses'}. {deep.zone_sentence(self._api, self.settings)}",
        )

    def deep_check(
        self, *, personal_id: str | None = None, booking: str | None = None, write_probe: bool = False
    ) -> list[Probe]:
        """Every read the bot relies on, in conversation order (Cliniko has no write worth probing)."""
        return deep.probes(self, self._api, self._business_filter)
