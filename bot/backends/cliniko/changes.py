"""Moving and cancelling in Cliniko, each re-checked just before it is written.

Cliniko has no conditional write: a PATCH is applied whatever the appointment
looks like now. So each change re-reads the appointment immediately before
writing and refuses (`AppointmentChanged`) when it moved or was cancelled since
staff chose it; a change someone makes in the instant between that read and
our write is not caught (a gap of one round trip, which no Cliniko call can
close).

Cliniko has no holds either and writes a time even over someone else's visit.
So a move re-reads the open times of that day just before writing and refuses
a time that is gone (SlotTaken), then asks Cliniko whether the moved
appointment now overlaps anything and moves it back if a booking slipped in
between. A move whose answer was lost is read back, never sent again blindly.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo

from bot.backends.cliniko.client import ClinikoApi
from bot.backends.cliniko.models import CancelBody, Conflicts, IndividualAppointment, UpdateAppointment
from bot.backends.cliniko.reading import ATTENDEE, Diary
from bot.backends.cliniko.translate import CANCEL_CODES, COVID_CODE, OTHER_CODE, utc_z
from bot.backends.errors import (
    AppointmentChanged,
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    PartiallyApplied,
    RateLimited,
    SlotTaken,
)
from bot.domain import Appointment, Cancellation, CancelReason, Hold, Slot

logger = logging.getLogger(__name__)

GROUP_MOVE = (
    "This is a place in a group class. The bot can cancel the patient's place, but not move it to another "
    "class: please do that in Cliniko."
)
NOT_FROM_CLINIKO = "That time did not come from Cliniko; please choose one of the times offered."
MOVED_ELSEWHERE = "Someone moved this appointment in Cliniko after you chose it. Nothing was changed."
CANCELLED_ELSEWHERE = "This appointment was cancelled in Cliniko after you chose it. Nothing was changed."
REMEMBERED_MOVES = 1000


class Changes:
    def __init__(self, api: ClinikoApi, diary: Diary) -> None:
        self.api = api
        self.diary = diary
        self._moved: dict[str, str] = {}
        """Idempotency key -> appointment id this very change already moved: a repeat never moves it again."""

    # -- moving ---------------------------------------------------------------------------------
    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        slot = hold.slot
        if appointment.id.startswith(ATTENDEE):
            raise InvalidRequest(GROUP_MOVE)
        if not slot.key:
            raise InvalidRequest(NOT_FROM_CLINIKO)
        current = self._read_live(appointment.id)
        if self._moved.get(idempotency_key) == current.id or (
            current.cancelled_at is None and current.starts_at == slot.start and current.ends_at == slot.end
        ):
            # This change was already made (its answer was lost, or it is asked twice): never move twice.
            return self.diary.appointment(current, appointment.patient)
        self._refuse_if_changed(appointment, current)
        if slot.location_id != current.business.target_id or (
            slot.practitioner_id and slot.practitioner_id != current.practitioner.target_id
        ):
            raise InvalidRequest(
                "The appointment was given to another business or practitioner in Cliniko since that time was "
                "offered. Nothing was changed; please start again."
            )
        before = self.diary.appointment(current, appointment.patient)
        if slot.start <= self.api.backend.now():
            raise SlotTaken("{time} has already passed.", at=slot.start)
        if not self._still_open(before, slot):
            raise SlotTaken("{time} was just taken in Cliniko by someone else.", at=slot.start)
        body = UpdateAppointment(starts_at=utc_z(slot.start), ends_at=utc_z(slot.end)).model_dump()
        try:
            response = self.api.backend.call("update_appointment", json=body, appointment_id=current.id)
            after = self.api.backend.parse(IndividualAppointment, self.api.backend.json_of(response))
        except BackendUnavailable as error:
            if isinstance(error, RateLimited) or not error.maybe_applied:
                raise
            after = self._read_back_move(current, slot, error)
        logger.info("cliniko reschedule appointment %s: moved", current.id)
        if self._overlaps_someone(current.id):
            self._move_back(current, slot)
        self._remember(idempotency_key, current.id)
        return self.diary.appointment(after, appointment.patient)

    def _still_open(self, before: Appointment, slot: Slot) -> bool:
        """Cliniko would write over another visit: ask it again, for that day, whether the time is still open."""
        day = slot.start.astimezone(ZoneInfo(self.api.times_zone())).date()
        return slot.start in self.diary.times_between(before, day, day)

    def _read_back_move(
        self, before: IndividualAppointment, slot: Slot, error: BackendUnavailable
    ) -> IndividualAppointment:
        """The move may have happened before Cliniko stopped answering: look instead of guessing."""
        try:
            now = self.diary.read(before.id)
        except BookingError:
            raise error from None
        if now.starts_at == slot.start and now.ends_at == slot.end:
            return now
        raise error

    def _overlaps_someone(self, appointment_id: str) -> bool:
        try:
            body = self.api.get("conflicts", appointment_id=appointment_id)
        except BookingError as error:
            # The time was free a moment ago; not being able to double-check is no reason to undo the move.
            logger.warning("cliniko conflicts check for %s failed (%s)", appointment_id, type(error).__name__)
            return False
        conflicts = body.get("conflicts") if isinstance(body, dict) else None
        try:
            return isinstance(conflicts, dict) and self.api.backend.parse(Conflicts, conflicts).exist
        except BackendUnavailable:
            return False

    def _move_back(self, before: IndividualAppointment, slot: Slot) -> None:
        """Someone was booked into the time between our check and our write: give it back to them."""
        body = UpdateAppointment(starts_at=utc_z(before.starts_at), ends_at=utc_z(before.ends_at)).model_dump()
        try:
            self.api.backend.call("update_appointment", json=body, idempotent=True, appointment_id=before.id)
        except BookingError as error:
            logger.warning("cliniko reschedule %s: moving back off a double booking failed", before.id)
            raise PartiallyApplied(
                "The appointment was moved to {time}, but someone else was booked at that time in Cliniko at "
                "the same moment, and moving it back failed: both are booked at that time now. Please fix it in "
                "Cliniko.",
                at=slot.start,
            ) from error
        logger.info("cliniko reschedule appointment %s: moved back off a double booking", before.id)
        raise SlotTaken(
            "{time} was taken in Cliniko by someone else at the same moment; the appointment is unchanged.",
            at=slot.start,
        )

    def _remember(self, idempotency_key: str, appointment_id: str) -> None:
        self._moved[idempotency_key] = appointment_id
        while len(self._moved) > REMEMBERED_MOVES:
            self._moved.pop(next(iter(self._moved)))

    # -- cancelling ------------------------------------------------------------------------------
    def cancel(self, appointment: Appointment, cancellation: Cancellation) -> list[Appointment]:
        reason, apply_to_repeats = cancellation.reason, cancellation.apply_to_repeats
        code = CANCEL_CODES[reason] if reason is not None else OTHER_CODE
        words = (cancellation.note or "").strip() or None
        if appointment.id.startswith(ATTENDEE):
            return [self._cancel_place(appointment, code, words)]
        current = self._read_live(appointment.id)
        if current.cancelled_at is not None:
            return [self.diary.appointment(current, appointment.patient)]  # a repeat: already done
        self._refuse_if_changed(appointment, current)
        repeats = apply_to_repeats and current.is_repeating
        later = self.diary.later_in_series(current) if repeats else []
        body = CancelBody(cancellation_reason=code, cancellation_note=words, apply_to_repeats=repeats or None)
        try:
            # Cancelling twice is harmless in Cliniko, so a lost answer is simply asked again.
            self.api.backend.call("cancel_appointment", json=body.body(), appointment_id=current.id)
        except InvalidRequest as error:
            if code != COVID_CODE or "cancellation_reason" not in error.field_errors:
                raise
            # Code 31 is missing from one published list: say it in the note under "Other".
            logger.info("cliniko cancel appointment %s: reason code 31 refused, sending 50", current.id)
            note_text = " — ".join(part for part in (CancelReason.COVID.value, words) if part)
            body = body.model_copy(update={"cancellation_reason": OTHER_CODE, "cancellation_note": note_text})
            self.api.backend.call("cancel_appointment", json=body.body(), appointment_id=current.id)
        logger.info("cliniko cancel appointment %s: cancelled (reason code %d)", current.id, body.cancellation_reason)
        changed = [self.diary.appointment(self.diary.read(current.id), appointment.patient)]
        for other in later:
            changed.append(self.diary.appointment(self.diary.read(other.id), appointment.patient))
        return changed

    def _cancel_place(self, appointment: Appointment, code: int, words: str | None) -> Appointment:
        attendee = self.diary.read_attendee(appointment.id)
        if attendee.cancelled_at is None:
            body = CancelBody(cancellation_reason=code, cancellation_note=words).body()
            self.api.backend.call("cancel_attendee", json=body, attendee_id=attendee.id)
            logger.info("cliniko cancel attendee %s: cancelled (reason code %d)", attendee.id, code)
            attendee = self.diary.read_attendee(appointment.id)
        return self.diary.group_place(attendee, self.diary.read_group(attendee), appointment.patient)

    # -- the re-check before writing ---------------------------------------------------------------
    def _read_live(self, appointment_id: str) -> IndividualAppointment:
        current = self.diary.read(appointment_id)
        if current.is_deleted:
            raise AppointmentNotFound("That appointment was deleted in Cliniko.")
        return current

    def _refuse_if_changed(self, chosen: Appointment, current: IndividualAppointment) -> None:
        if current.cancelled_at is not None:
            raise AppointmentChanged(self.diary.appointment(current, chosen.patient), CANCELLED_ELSEWHERE)
        if current.starts_at != chosen.start:
            raise AppointmentChanged(self.diary.appointment(current, chosen.patient), MOVED_ELSEWHERE)
