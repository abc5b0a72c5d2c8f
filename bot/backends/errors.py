"""Failures a person can act on, each carrying a sentence for staff.

Adapters translate every vendor error into one of these. Anything else that
escapes an adapter is a bug. `staff_message` is shown in Slack as is, so it
must never contain a vendor stack trace; it may contain the vendor's own field
messages (a 422's "starts_at is in the past"), which are not patient data.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Appointment


class BookingError(Exception):
    """Base: something the booking system refused or could not do.

    `staff_message` never words a time itself: where a time matters it says
    `{time}` and carries the instant in `at`, and the views word it in the
    reader's own zone (one card, one zone).
    """

    default_message = "The booking system could not do that."

    def __init__(self, staff_message: str | None = None, *, at: datetime | None = None) -> None:
        self.staff_message = staff_message or self.default_message
        self.at = at
        super().__init__(self.staff_message)


class AppointmentNotFound(BookingError):
    default_message = "That appointment no longer exists in the booking system."


class AppointmentChanged(BookingError):
    """The appointment is no longer where it was when staff chose it (moved or cancelled by someone else).

    Raised by `reschedule`/`cancel`, which write only if the appointment still
    starts where it did and is still booked. `current` is the appointment as it
    is now (None when it is gone), so staff are shown the truth.
    """

    default_message = "Someone changed this appointment in the booking system after you chose it."

    def __init__(self, current: Appointment | None, staff_message: str | None = None) -> None:
        self.current = current
        super().__init__(staff_message)


class SlotTaken(BookingError):
    default_message = "That time was just taken by someone else."


class HoldExpired(BookingError):
    default_message = "The hold on that time ran out before it was confirmed."


class InvalidRequest(BookingError):
    """The backend validated the request and said no (HTTP 400/422)."""

    default_message = "The booking system rejected the change."

    def __init__(
        self,
        staff_message: str | None = None,
        field_errors: dict[str, str] | None = None,
        *,
        at: datetime | None = None,
    ) -> None:
        self.field_errors = dict(field_errors or {})
        if staff_message is None and self.field_errors:
            details = "; ".join(f"{field}: {text}" for field, text in self.field_errors.items())
            staff_message = f"The booking system rejected the change ({details})."
        super().__init__(staff_message, at=at)


MAYBE_APPLIED = (
    "The booking system stopped answering part-way through the change, so it may or may not have been made. "
    "Please check the appointment in the booking system before trying again."
)


class BackendUnavailable(BookingError):
    """Timeouts, dropped connections, 5xx, 429 after retries: try again later."""

    default_message = (
        "The booking system is not answering right now. Nothing was changed; please try again in a minute."
    )

    def __init__(
        self,
        staff_message: str | None = None,
        retry_after: float | None = None,
        *,
        maybe_applied: bool = False,
        at: datetime | None = None,
    ) -> None:
        self.retry_after = retry_after
        self.maybe_applied = maybe_applied
        """A write may have reached the vendor before the answer was lost: read back before saying anything."""
        if staff_message is None and maybe_applied:
            staff_message = MAYBE_APPLIED
        super().__init__(staff_message, at=at)


class RateLimited(BackendUnavailable):
    """A 429 after the waits we allow: the vendor refused before acting, so even a write provably did nothing."""


class NotAuthorised(BookingError):
    default_message = (
        "The bot's credentials were refused by the booking system. Nothing was changed; "
        "please tell your IT admin (run `clinic-bot check-backend`)."
    )


class PartiallyApplied(BookingError):
    """A two-step change (rebook, then cancel the old) stopped half-way.

    `staff_message` says exactly which booking now exists and which does not.
    """

    def __init__(
        self, staff_message: str, new_appointment_id: str | None = None, *, at: datetime | None = None
    ) -> None:
        self.new_appointment_id = new_appointment_id
        super().__init__(staff_message, at=at)
