"""Solv as a BookingBackend.

Solv's partner API has no patient search, no holds and no way to move a
booking made in Solv itself. So:

- staff find a booking by its Solv booking number (the only lookup key);
- a booking linked to the clinic's EHR (`emr_booking_id` set) is moved and
  cancelled through Solv's external-booking calls, in place;
- any other booking is moved by rebooking: the new booking is made first and
  the old one cancelled after, so a failure leaves the patient with at least
  one booking and staff are told exactly which ones exist.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import TypeAdapter, ValidationError

from bot.backends.errors import (
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    NotAuthorised,
    PartiallyApplied,
    RateLimited,
)
from bot.backends.http import DEFAULT_TIMEOUT, RetryPolicy, VendorHttp
from bot.backends.solv.auth import TOKEN_PATH, SolvAuth
from bot.backends.solv.models import (
    BOOKED_STATUSES,
    CANCELLED,
    Booking,
    CreateBooking,
    ExternalCancel,
    ExternalReschedule,
    LocationInfo,
    LocationSlots,
    StatusUpdate,
)
from bot.backends.solv.settings import SolvSettings
from bot.backends.solv.translate import Translator, parse_instant, staff_time, unwrap
from bot.backends.solv.vendor_errors import map_error
from bot.domain import (
    Appointment,
    BackendStatus,
    CancelReason,
    Capabilities,
    Clock,
    Hold,
    PatientKey,
    PatientQuery,
    Slot,
    Window,
    system_clock,
)

logger = logging.getLogger(__name__)

SOLV_ID = re.compile(r"#?([0-9]{1,18})")
SLOT_LISTS = TypeAdapter(list[LocationSlots])
UNREADABLE = "Solv answered with something the bot could not read. Please try again in a minute."
NOT_A_SOLV_NUMBER = (
    "Solv can look a booking up only by its Solv booking number (digits only, shown on the booking in Solv). "
    "An EHR reference or a name cannot be searched in Solv."
)


class SolvBackend:
    name = "Solv"

    def __init__(
        self,
        settings: SolvSettings,
        *,
        clock: Clock = system_clock,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.capabilities = Capabilities(
            lookup_keys=frozenset({PatientKey.BOOKING_REF}),
            holds_slots=False,
            # Only EHR-linked cancels carry a reason to Solv: ask staff for one only where the
            # clinic is EHR-linked (a Solv-native booking's cancel still drops it).
            records_cancel_reason=settings.ehr_linked,
            reschedule_in_place=False,
            cancels_repeats=False,
        )
        self._words = Translator(
            location_id=settings.location_id,
            location_name=settings.location_name,
            zone=settings.timezone or "America/Chicago",
            slot_minutes=settings.slot_minutes,
            visit_type_id=settings.visit_type_id,
        )
        auth = SolvAuth(
            token_url=settings.base_url + TOKEN_PATH,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            clock=clock,
        )
        self._http = VendorHttp(
            vendor="solv",
            base_url=settings.base_url,
            error_mapper=partial(map_error, location_id=settings.location_id),
            headers={"Accept": "application/json"},
            auth=auth,
            timeout=timeout,
            policy=policy,
            sleep=sleep,
            transport=transport,
        )
        self._rebooked: dict[str, Booking] = {}
        """Idempotency key -> new booking already made, so a repeated rebook never books twice."""

    # -- reading ------------------------------------------------------------------
    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        ref = (query.booking_ref or "").strip()
        if not ref:
            return []
        match = SOLV_ID.fullmatch(ref)
        if match is None:
            raise InvalidRequest(NOT_A_SOLV_NUMBER)
        try:
            booking = self._read_booking(match.group(1))
        except AppointmentNotFound:
            return []
        if booking.status_word not in BOOKED_STATUSES:
            return []
        appointment = self._appointment(booking)
        if appointment.end <= now or (around is not None and not around.contains(appointment.start)):
            return []
        return [appointment]

    def get_appointment(self, appointment_id: str) -> Appointment:
        return self._appointment(self._read_booking(appointment_id))

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        params = {"visit_type_id": self.settings.visit_type_id} if self.settings.visit_type_id else None
        response = self._http.request(
            "GET", f"/v2/partner/locations/{quote(appointment.location.id)}/slots", idempotent=True, params=params
        )
        offered: dict[datetime, Slot] = {}
        for slot in self._slots(response):
            if slot.start < now or not window.contains(slot.start) or slot.start == appointment.start:
                continue
            offered.setdefault(slot.start, slot.model_copy(update={"location_id": appointment.location.id}))
        return sorted(offered.values(), key=lambda slot: slot.start)[: max(0, limit)]

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
        made = self._rebooked.get(idempotency_key)
        if made is not None:
            # This very change already made its new booking: only the cancel step is left.
            return self._finish_rebook(appointment.id, made, idempotency_key)
        old = self._read_booking(appointment.id)
        if old.status_word == CANCELLED:
            raise AppointmentNotFound(f"Booking #{old.id} was cancelled in Solv meanwhile.")
        if old.status_word not in BOOKED_STATUSES:
            raise InvalidRequest(f"Booking #{old.id} is already {old.status_word} in Solv and can no longer be moved.")
        if old.emr_booking_id:
            return self._move_external(old, old.emr_booking_id, slot)
        return self._rebook(old, slot, idempotency_key)

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
        booking = self._read_booking(appointment.id)
        if booking.status_word == CANCELLED:
            return self._appointment(booking)
        if booking.emr_booking_id and self.settings.ehr_linked:
            text = " — ".join(part for part in (reason.value if reason else None, (note or "").strip()) if part)
            body = ExternalCancel(
                external_location_id=self.settings.external_location_id or "",
                service_id=self.settings.service_id or "",
                cancellation_reason=text or None,
            )
            response = self._http.request(
                "DELETE",
                self._external(booking.emr_booking_id),
                idempotent=True,
                json=body.model_dump(exclude_none=True),
            )
            logger.info("solv cancel booking %s: cancelled through the EHR link", booking.id)
            return self._appointment(self._booking(response))
        cancelled = self._set_cancelled(booking.id)
        logger.info("solv cancel booking %s: status set to cancelled", booking.id)
        return self._appointment(cancelled)

    def check(self) -> BackendStatus:
        location_id = self.settings.location_id
        try:
            info = LocationInfo.model_validate(
                self._json(self._http.request("GET", f"/v1/partner/locations/{location_id}", idempotent=True))
            )
        except (InvalidRequest, ValidationError):
            # Solv shows this call only as a quick-start example: if it is missing, the slots call
            # below still proves (or disproves) that the location exists.
            info = LocationInfo()
        name = info.name or info.display_name or self._words.location_name
        response = self._http.request("GET", f"/v2/partner/locations/{location_id}/slots", idempotent=True)
        open_count = sum(1 for _ in self._slots(response))
        return BackendStatus(
            backend=self.name,
            account=f"{name} (Solv location {location_id})",
            locations=(name,),
            upcoming_appointments=None,
            detail=(
                f"{open_count} open slots visible. Solv cannot list bookings: staff look a booking up by its "
                "Solv booking number. "
                + (
                    "EHR-linked bookings are moved and cancelled in place."
                    if self.settings.ehr_linked
                    else "SOLV_EXTERNAL_LOCATION_ID/SOLV_SERVICE_ID are not set: EHR-linked bookings cannot be moved."
                )
            ),
        )

    def close(self) -> None:
        self._http.close()

    # -- the two ways to move a booking -----------------------------------------------
    def _move_external(self, old: Booking, external_id: str, slot: Slot) -> Appointment:
        settings = self.settings
        if not settings.ehr_linked:
            raise InvalidRequest(
                f"Booking #{old.id} is linked to the clinic's EHR, and the bot is not set up to move EHR bookings "
                "(SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID are not set). Move it in the EHR or in Solv."
            )
        body = ExternalReschedule(
            appointment_date=slot.key,
            external_location_id=settings.external_location_id or "",
            service_id=settings.service_id or "",
        )
        try:
            response = self._http.request(
                "POST", self._external(external_id) + "/reschedule", idempotent=False, json=body.model_dump()
            )
        except BackendUnavailable as error:
            if isinstance(error, RateLimited):
                raise
            return self._read_back_move(old, slot, error)
        logger.info("solv reschedule booking %s: moved through the EHR link", old.id)
        return self._appointment(self._booking(response))

    def _read_back_move(self, old: Booking, slot: Slot, error: BackendUnavailable) -> Appointment:
        """The move may have happened before Solv stopped answering: look instead of guessing."""
        when = staff_time(slot.start, self._words.zone)
        try:
            now = self._appointment(self._read_booking(str(old.id)))
        except BookingError:
            raise BackendUnavailable(
                f"Solv stopped answering while moving booking #{old.id} to {when}; it may or may not have moved. "
                "Check the booking in Solv before trying again.",
                retry_after=error.retry_after,
            ) from error
        if now.start == slot.start:
            return now
        raise error

    def _rebook(self, old: Booking, slot: Slot, idempotency_key: str) -> Appointment:
        missing = {field: "missing on the booking" for field in ("birth_date", "phone") if not getattr(old, field)}
        if missing:
            raise InvalidRequest(
                f"Booking #{old.id} cannot be moved: Solv needs a "
                + " and a ".join(field.replace("_", " ") for field in missing)
                + " to make the new booking, and the old booking has none. Nothing was changed."
            )
        create = CreateBooking(
            location_id=old.location_id,
            appointment_date=slot.key,
            first_name=old.first_name,
            last_name=old.last_name,
            birth_date=old.birth_date or "",
            phone=old.phone or "",
            email=old.email or None,
            reason=old.reason or None,
            visit_type_id=self.settings.visit_type_id,
            is_walk_in=False,
            paperwork_status=old.paperwork_status or None,
            birth_sex=old.birth_sex or None,
            custom_booking_management_url=old.custom_booking_management_url or None,
            address_street=old.address_street or None,
            address_street_secondary=old.address_street_secondary or None,
            address_city=old.address_city or None,
            address_state=old.address_state or None,
            address_zip=old.address_zip or None,
        )
        when = staff_time(slot.start, self._words.zone)
        try:
            response = self._http.request("POST", "/v1/partner/bookings", idempotent=False, json=create.body())
        except BackendUnavailable as error:
            if isinstance(error, RateLimited) or _never_sent(error):
                raise
            raise BackendUnavailable(
                f"Solv did not confirm the new booking at {when}: it may or may not have been made. "
                f"The old booking #{old.id} is unchanged. Look in Solv for a booking at {when} before trying again.",
                retry_after=error.retry_after,
            ) from error
        made = self._booking(response)
        self._rebooked[idempotency_key] = made
        logger.info("solv reschedule booking %s: new booking %s made, cancelling the old one", old.id, made.id)
        return self._finish_rebook(str(old.id), made, idempotency_key)

    def _finish_rebook(self, old_id: str, made: Booking, idempotency_key: str) -> Appointment:
        """Cancel the old booking once the new one exists; a cancel is safe to repeat."""
        moved = self._appointment(made)
        try:
            self._set_cancelled(old_id)
        except AppointmentNotFound:
            logger.warning("solv reschedule: old booking %s vanished before its cancel", old_id)
        except BookingError as error:
            if not self._is_cancelled(old_id):
                when = staff_time(moved.start, self._words.zone)
                logger.warning("solv reschedule: cancel of old booking %s failed (%s)", old_id, type(error).__name__)
                raise PartiallyApplied(
                    f"The new booking #{made.id} at {when} is made, but the old booking #{old_id} could not be "
                    f"cancelled ({_short_reason(error)}): both are booked now — cancel #{old_id} in Solv.",
                    new_appointment_id=str(made.id),
                ) from error
        self._rebooked.pop(idempotency_key, None)
        return moved

    # -- calls ----------------------------------------------------------------------
    def _read_booking(self, booking_id: str) -> Booking:
        match = SOLV_ID.fullmatch(booking_id.strip())
        if match is None:
            raise AppointmentNotFound(NOT_A_SOLV_NUMBER)
        return self._booking(self._http.request("GET", f"/v1/partner/bookings/{match.group(1)}", idempotent=True))

    def _set_cancelled(self, booking_id: int | str) -> Booking:
        response = self._http.request(
            "PATCH",
            f"/v1/partner/bookings/{booking_id}",
            idempotent=True,
            json=StatusUpdate(status=CANCELLED).model_dump(),
        )
        return self._booking(response)

    def _is_cancelled(self, booking_id: str) -> bool:
        try:
            return self._read_booking(booking_id).status_word == CANCELLED
        except BookingError:
            return False

    def _external(self, external_id: str) -> str:
        return f"/v1/partner/external_bookings/{quote(external_id, safe='')}"

    # -- reading answers ----------------------------------------------------------------
    def _json(self, response: httpx.Response) -> Any:
        try:
            return unwrap(response.json())
        except ValueError as error:
            raise BackendUnavailable(UNREADABLE) from error

    def _booking(self, response: httpx.Response) -> Booking:
        try:
            return Booking.model_validate(self._json(response))
        except ValidationError as error:
            raise BackendUnavailable(UNREADABLE) from error

    def _appointment(self, booking: Booking) -> Appointment:
        try:
            return self._words.appointment(booking)
        except ValueError as error:
            raise BackendUnavailable(UNREADABLE) from error

    def _slots(self, response: httpx.Response) -> list[Slot]:
        """Open slots only: places left and not marked busy. `key` is Solv's own string, sent back as is."""
        try:
            groups = SLOT_LISTS.validate_python(self._json(response))
            slots = []
            for group in groups:
                for body in group.slots:
                    if body.availability <= 0 or body.busy is True:
                        continue
                    start = parse_instant(body.appointment_date, self._words.zone)
                    slots.append(
                        Slot(
                            start=start,
                            end=start + self._words.slot_duration,
                            location_id=str(group.location_id or self.settings.location_id),
                            key=body.appointment_date,
                        )
                    )
        except (ValidationError, ValueError) as error:
            raise BackendUnavailable(UNREADABLE) from error
        return slots


def _never_sent(error: BookingError) -> bool:
    """A connect failure means the create never reached Solv: nothing can have been booked."""
    return isinstance(error.__cause__, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout)


def _short_reason(error: BookingError) -> str:
    """The cause in a few words, to fit inside the partial-rebook sentence."""
    if isinstance(error, NotAuthorised):
        return "Solv refused the bot's credentials"
    if isinstance(error.__cause__, httpx.TransportError):
        return "Solv did not answer"
    return error.staff_message.split(". ")[0].rstrip(".")
