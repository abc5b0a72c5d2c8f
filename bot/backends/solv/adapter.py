"""Solv as a BookingBackend.

Solv's partner API has no patient search, no holds, no conditional writes and
no way to move a booking made in Solv itself. So:

- staff find a booking by its Solv booking number (the only lookup key);
- a booking linked to the clinic's EHR (`emr_booking_id` set) is moved and
  cancelled through Solv's external-booking calls, in place;
- any other booking is moved by rebooking (`rebook`): the new booking first,
  the old one cancelled after.

Reading a booking (`GET /v1/partner/bookings/{id}`) is on no published page.
Where it works, each change re-reads the booking just before writing and
refuses (`AppointmentChanged`) when it moved or was cancelled since staff chose
it (a change in the instant between read and write is not caught). Where Solv
refuses the read itself, this account "does not let partners read bookings":
staff are told so plainly, and an EHR-linked booking is still moved and
cancelled by its EHR reference through the published external calls, at the
time the staff member stated (`Appointment.start_is_stated`), which nothing
can check before writing.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime
from typing import Unpack

import httpx
from pydantic import TypeAdapter, ValidationError

from bot.backends.errors import (
    AppointmentChanged,
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    RateLimited,
)
from bot.backends.oauth import ClientCredentialsAuth
from bot.backends.probes import Probe
from bot.backends.routes import Route
from bot.backends.solv import deep
from bot.backends.solv.auth import SolvGrant
from bot.backends.solv.models import (
    BOOKED_STATUSES,
    CANCELLED,
    Booking,
    ExternalCancel,
    ExternalReschedule,
    LocationSlots,
)
from bot.backends.solv.rebook import Rebooking
from bot.backends.solv.routes import ROUTES
from bot.backends.solv.settings import SolvSettings
from bot.backends.solv.translate import EHR_PREFIX, Translator, parse_instant, unwrap
from bot.backends.solv.vendor_errors import NO_READS, BookingReadsRefused, read_error, solv_error
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

logger = logging.getLogger(__name__)

SOLV_ID = re.compile(r"#?([0-9]{1,18})")
SLOT_LISTS = TypeAdapter(list[LocationSlots])
NOT_A_SOLV_NUMBER = (
    "Solv can look a booking up only by its Solv booking number (digits only, shown on the booking in Solv). "
    "An EHR reference or a name cannot be searched in Solv."
)
STATE_THE_TIME = (
    " For a booking linked to the clinic's EHR, give its EHR booking reference and the time it is booked now, "
    "for example `/reschedule booking #77031 from tomorrow 10am to friday afternoon`."
)
NOT_EHR_LINKED = (
    " The bot is not set up for EHR-linked bookings either (SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID are not "
    "set), so move or cancel it in Solv."
)
MOVED = "Someone moved this booking in Solv after you chose it. Nothing was changed."
CANCELLED_ELSEWHERE = "This booking was cancelled in Solv after you chose it. Nothing was changed."
REMEMBERED = 1000


class SolvBackend(VendorBackend):
    name = "Solv"
    vendor = "solv"
    routes = ROUTES
    base_url_variable = "SOLV_BASE_URL"
    settings: SolvSettings

    def __init__(self, settings: SolvSettings, **options: Unpack[HttpOptions]) -> None:
        super().__init__(settings, **options)
        self.capabilities = Capabilities(
            lookup_keys=frozenset({PatientKey.BOOKING_REF}),
            holds_slots=False,
            # Only EHR-linked cancels carry a reason to Solv: ask staff for one only where the
            # clinic is EHR-linked (a Solv-native booking's cancel still drops it).
            records_cancel_reason=settings.ehr_linked,
            reschedule_in_place=False,
            cancels_repeats=False,
        )
        self.words = Translator(
            location_id=settings.location_id,
            location_name=settings.location_name,
            zone=settings.timezone or "America/Chicago",
            slot_minutes=settings.slot_minutes,
            visit_type_id=settings.visit_type_id,
        )
        self.booking_reads: bool | None = None
        """Whether this account lets partners read bookings; None until Solv has been asked."""
        self._known: dict[str, Appointment] = {}
        """EHR-linked bookings handled without reads: as staff stated them, or as Solv last answered."""
        self._rebooking = Rebooking(self)

    # -- the vendor's own words -----------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return str(self.settings.base_url)

    def _auth(self, clock: Clock) -> httpx.Auth:
        return ClientCredentialsAuth(self.grant, clock=clock)

    @property
    def grant(self) -> SolvGrant:
        return SolvGrant(
            token_url=self.base_url + ROUTES["token"].path,
            client_id=self.settings.client_id,
            client_secret=self.settings.client_secret,
        )

    def _read_error(self, response: httpx.Response) -> tuple[str, dict[str, str]]:
        return read_error(response)

    def _vendor_error(
        self, response: httpx.Response, route: Route | None, text: str, fields: dict[str, str]
    ) -> BookingError | None:
        return solv_error(response, route, text, fields, location_id=self.settings.location_id, base_url=self.base_url)

    # -- reading ------------------------------------------------------------------
    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        ref = (query.booking_ref or "").strip().lstrip("#")
        if not ref:
            return []
        if self.booking_reads is False:
            return self._stated(ref, query, around)
        match = SOLV_ID.fullmatch(ref)
        if match is None:
            raise InvalidRequest(NOT_A_SOLV_NUMBER)
        try:
            booking = self.read_booking(match.group(1))
        except BookingReadsRefused:
            return self._stated(ref, query, around)
        except AppointmentNotFound:
            return []
        if booking.status_word not in BOOKED_STATUSES:
            return []
        appointment = self.appointment_of(booking)
        if appointment.end <= now or (around is not None and not around.contains(appointment.start)):
            return []
        return [appointment]

    def get_appointment(self, appointment_id: str) -> Appointment:
        if appointment_id.startswith(EHR_PREFIX):
            known = self._known.get(appointment_id)
            if known is None:
                raise InvalidRequest(
                    f"{NO_READS} Check EHR booking {appointment_id.removeprefix(EHR_PREFIX)} in the EHR or in Solv."
                )
            return known
        return self.appointment_of(self.read_booking(appointment_id))

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        params = {"visit_type_id": self.settings.visit_type_id} if self.settings.visit_type_id else None
        response = self.call("slots", params=params, location_id=appointment.location.id)
        offered: dict[datetime, Slot] = {}
        for slot in self.slots_of(response):
            if slot.start < now or not window.contains(slot.start) or slot.start == appointment.start:
                continue
            offered.setdefault(slot.start, slot.model_copy(update={"location_id": appointment.location.id}))
        return sorted(offered.values(), key=lambda slot: slot.start)[: max(0, limit)]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """Solv has no repeating bookings."""
        return []

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """Solv looks bookings up by their number only: there is no name to be near."""
        return []

    # -- holds: Solv has none -------------------------------------------------------
    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        return Hold(id="", slot=slot)

    def release(self, hold: Hold) -> None:
        return None

    # -- changing -------------------------------------------------------------------
    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        slot = hold.slot
        if not slot.key:
            raise InvalidRequest("That time did not come from Solv; please choose one of the times offered.")
        if appointment.id.startswith(EHR_PREFIX):
            return self._move_by_reference(appointment, slot)
        made = self._rebooking.already_made(idempotency_key)
        if made is not None:
            # This very change already made its new booking: only the cancel step is left.
            return self._rebooking.finish(appointment.id, made, idempotency_key)
        old = self._current(appointment)
        if old.status_word != CANCELLED and parse_instant(old.appointment_date, self.words.zone) == slot.start:
            return self.appointment_of(old)  # our own move, already made
        self._refuse_if_moved(appointment, old)
        if old.status_word not in BOOKED_STATUSES:
            raise InvalidRequest(f"Booking #{old.id} is already {old.status_word} in Solv and can no longer be moved.")
        if old.emr_booking_id:
            return self._move_external(old, old.emr_booking_id, slot)
        return self._rebooking.rebook(old, slot, idempotency_key)

    def cancel(
        self, appointment: Appointment, cancellation: Cancellation, *, idempotency_key: str
    ) -> list[Appointment]:
        """Cancel after re-reading it where Solv allows (there is no conditional write); [the booking as now]."""
        reason, note = cancellation.reason, cancellation.note
        words = " — ".join(part for part in (reason.value if reason else None, (note or "").strip()) if part) or None
        if appointment.id.startswith(EHR_PREFIX):
            reference = appointment.id.removeprefix(EHR_PREFIX)
            return [self._keep(self.words.external(self._cancel_external(reference, words), reference))]
        booking = self._current(appointment)
        if booking.status_word == CANCELLED:
            return [self.appointment_of(booking)]
        self._refuse_if_moved(appointment, booking)
        if booking.emr_booking_id and self.settings.ehr_linked:
            cancelled = self._cancel_external(booking.emr_booking_id, words)
            logger.info("solv cancel booking %s: cancelled through the EHR link", booking.id)
            return [self.appointment_of(cancelled)]
        cancelled = self._rebooking.set_cancelled(booking.id)
        logger.info("solv cancel booking %s: status set to cancelled", booking.id)
        return [self.appointment_of(cancelled)]

    # -- admin --------------------------------------------------------------------------
    def check(self) -> BackendStatus:
        return deep.status(self)

    def deep_check(
        self, *, personal_id: str | None = None, booking: str | None = None, write_probe: bool = False
    ) -> list[Probe]:
        """The reads the bot relies on; Solv gets no write probe (a booking is a real patient's)."""
        return deep.probes(self, booking=booking)

    # -- without booking reads -----------------------------------------------------------
    def _stated(self, ref: str, query: PatientQuery, around: Window | None) -> list[Appointment]:
        """The account refuses booking reads: an EHR-linked booking at the time staff stated, or a plain no."""
        if self.booking_reads is not False:
            logger.warning("solv: this account does not let partners read bookings; EHR references only")
        self.booking_reads = False
        if not self.settings.ehr_linked:
            raise BookingReadsRefused(NO_READS + NOT_EHR_LINKED)
        if around is None or not around.is_instant():
            raise BookingReadsRefused(NO_READS + STATE_THE_TIME)
        return [self._keep(self.words.stated(ref, around.start, name=query.name))]

    def _move_by_reference(self, appointment: Appointment, slot: Slot) -> Appointment:
        """Move an EHR-linked booking Solv does not let us read: nothing can be checked before the write."""
        reference = appointment.id.removeprefix(EHR_PREFIX)
        try:
            moved = self._external_reschedule(reference, slot)
        except BackendUnavailable as error:
            if isinstance(error, RateLimited) or not error.maybe_applied:
                raise
            self._known.pop(appointment.id, None)  # what we knew may no longer be true
            raise BackendUnavailable(
                f"Solv stopped answering while moving EHR booking {reference} to {{time}}, and this Solv account "
                "does not let the bot read bookings: check it in the EHR or in Solv before trying again.",
                retry_after=error.retry_after,
                maybe_applied=True,
                at=slot.start,
            ) from error
        logger.info("solv reschedule EHR booking: moved by its reference")
        return self._keep(self.words.external(moved, reference))

    def _keep(self, appointment: Appointment) -> Appointment:
        self._known[appointment.id] = appointment
        while len(self._known) > REMEMBERED:
            self._known.pop(next(iter(self._known)))
        return appointment

    # -- with booking reads ---------------------------------------------------------------
    def _current(self, chosen: Appointment) -> Booking:
        """The booking as Solv has it now, just before a write."""
        return self.read_booking(chosen.id)

    def _refuse_if_moved(self, chosen: Appointment, current: Booking) -> None:
        if current.status_word == CANCELLED:
            raise AppointmentChanged(self.appointment_of(current), CANCELLED_ELSEWHERE)
        if parse_instant(current.appointment_date, self.words.zone) != chosen.start:
            raise AppointmentChanged(self.appointment_of(current), MOVED)

    def _move_external(self, old: Booking, external_id: str, slot: Slot) -> Appointment:
        if not self.settings.ehr_linked:
            raise InvalidRequest(
                f"Booking #{old.id} is linked to the clinic's EHR, and the bot is not set up to move EHR bookings "
                "(SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID are not set). Move it in the EHR or in Solv."
            )
        try:
            moved = self._external_reschedule(external_id, slot)
        except BackendUnavailable as error:
            if isinstance(error, RateLimited):
                raise
            return self._read_back_move(old, slot, error)
        logger.info("solv reschedule booking %s: moved through the EHR link", old.id)
        return self.appointment_of(moved)

    def _read_back_move(self, old: Booking, slot: Slot, error: BackendUnavailable) -> Appointment:
        """The move may have happened before Solv stopped answering: look instead of guessing."""
        try:
            now = self.appointment_of(self.read_booking(str(old.id)))
        except BookingError:
            raise BackendUnavailable(
                f"Solv stopped answering while moving booking #{old.id} to {{time}}; it may or may not have moved. "
                "Check the booking in Solv before trying again.",
                retry_after=error.retry_after,
                at=slot.start,
            ) from error
        if now.start == slot.start:
            return now
        raise error

    # -- calls ----------------------------------------------------------------------
    def read_booking(self, booking_id: str) -> Booking:
        match = SOLV_ID.fullmatch(booking_id.strip())
        if match is None:
            raise AppointmentNotFound(NOT_A_SOLV_NUMBER)
        try:
            booking = self.booking_of(self.call("get_booking", booking_id=match.group(1)))
        except BookingReadsRefused:
            self.booking_reads = False
            raise
        except AppointmentNotFound:
            self.booking_reads = True  # the read exists; that booking does not
            raise
        self.booking_reads = True
        return booking

    def _external_reschedule(self, external_id: str, slot: Slot) -> Booking:
        body = ExternalReschedule(
            appointment_date=slot.key,
            external_location_id=self.settings.external_location_id or "",
            service_id=self.settings.service_id or "",
        )
        return self.booking_of(
            self.call("external_reschedule", json=body.model_dump(), external_booking_id=external_id)
        )

    def _cancel_external(self, external_id: str, reason: str | None) -> Booking:
        body = ExternalCancel(
            external_location_id=self.settings.external_location_id or "",
            service_id=self.settings.service_id or "",
            cancellation_reason=reason,
        )
        response = self.call(
            "external_cancel", json=body.model_dump(exclude_none=True), external_booking_id=external_id
        )
        return self.booking_of(response)

    # -- reading answers ----------------------------------------------------------------
    def json_of(self, response: httpx.Response) -> object:
        return unwrap(super().json_of(response))

    def booking_of(self, response: httpx.Response) -> Booking:
        return self.parse(Booking, self.json_of(response))

    def appointment_of(self, booking: Booking) -> Appointment:
        try:
            return self.words.appointment(booking)
        except ValueError as error:
            raise BackendUnavailable(self.unreadable) from error

    def slots_of(self, response: httpx.Response) -> list[Slot]:
        """Open slots only: places left and not marked busy. `key` is Solv's own string, sent back as is."""
        try:
            groups = SLOT_LISTS.validate_python(self.json_of(response))
            return self.words.open_slots(groups, default_location=self.settings.location_id)
        except (ValidationError, ValueError) as error:
            raise BackendUnavailable(self.unreadable) from error
