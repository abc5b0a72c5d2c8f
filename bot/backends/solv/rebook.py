"""Moving a Solv-native booking, which Solv cannot move: book the new time first, then cancel the old one.

A failure therefore leaves the patient with at least one booking, and staff
are told exactly which ones exist. The new booking is remembered by the
change's idempotency key, so a repeat of the same change never books twice:
it only finishes the cancel step.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import httpx

from bot.backends.errors import (
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    NotAuthorised,
    PartiallyApplied,
    RateLimited,
)
from bot.backends.solv.models import CANCELLED, Booking, CreateBooking, StatusUpdate
from bot.domain import Appointment, Slot

if TYPE_CHECKING:
    from bot.backends.solv.adapter import SolvBackend

logger = logging.getLogger(__name__)

REMEMBERED = 1000


class Rebooking:
    def __init__(self, backend: SolvBackend) -> None:
        self._backend = backend
        self._made: dict[str, Booking] = {}
        """Idempotency key -> new booking already made, so a repeated rebook never books twice (a repeat only
        repeats the cancel of the old one, which is safe)."""

    def already_made(self, idempotency_key: str) -> Booking | None:
        return self._made.get(idempotency_key)

    def rebook(self, old: Booking, slot: Slot, idempotency_key: str) -> Appointment:
        missing = [field for field in ("birth_date", "phone") if not getattr(old, field)]
        if missing:
            raise InvalidRequest(
                f"Booking #{old.id} cannot be moved: Solv needs a "
                + " and a ".join(field.replace("_", " ") for field in missing)
                + " to make the new booking, and the old booking has none. Nothing was changed."
            )
        backend = self._backend
        create = CreateBooking(
            location_id=old.location_id,
            appointment_date=slot.key,
            first_name=old.first_name,
            last_name=old.last_name,
            birth_date=old.birth_date or "",
            phone=old.phone or "",
            email=old.email or None,
            reason=old.reason or None,
            visit_type_id=backend.settings.visit_type_id,
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
        try:
            response = backend.call("create_booking", json=create.body())
        except BackendUnavailable as error:
            if isinstance(error, RateLimited) or _never_sent(error):
                raise
            raise BackendUnavailable(
                "Solv did not confirm the new booking at {time}: it may or may not have been made. "
                f"The old booking #{old.id} is unchanged. Look in Solv for a booking at {{time}} before trying again.",
                retry_after=error.retry_after,
                at=slot.start,
            ) from error
        made = backend.booking_of(response)
        self._made[idempotency_key] = made
        while len(self._made) > REMEMBERED:
            self._made.pop(next(iter(self._made)))
        logger.info("solv reschedule booking %s: new booking %s made, cancelling the old one", old.id, made.id)
        return self.finish(str(old.id), made, idempotency_key)

    def finish(self, old_id: str, made: Booking, idempotency_key: str) -> Appointment:
        """Cancel the old booking once the new one exists; a cancel is safe to repeat."""
        moved = self._backend.appointment_of(made)
        try:
            self.set_cancelled(old_id)
        except AppointmentNotFound:
            logger.warning("solv reschedule: old booking %s vanished before its cancel", old_id)
        except BookingError as error:
            if not self._is_cancelled(old_id):
                logger.warning("solv reschedule: cancel of old booking %s failed (%s)", old_id, type(error).__name__)
                raise PartiallyApplied(
                    f"The new booking #{made.id} at {{time}} is made, but the old booking #{old_id} could not be "
                    f"cancelled ({_short_reason(error)}): both are booked now — cancel #{old_id} in Solv.",
                    new_appointment_id=str(made.id),
                    at=moved.start,
                ) from error
        return moved

    def set_cancelled(self, booking_id: int | str) -> Booking:
        body = StatusUpdate(status=CANCELLED).model_dump()
        return self._backend.booking_of(self._backend.call("update_status", json=body, booking_id=booking_id))

    def _is_cancelled(self, booking_id: str) -> bool:
        try:
            return self._backend.read_booking(booking_id).status_word == CANCELLED
        except BookingError:
            return False


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
