"""Every change to the demo clinic's diary, each inside the caller's write transaction.

Moves and cancels are conditional, the way a careful booking system writes:
the UPDATE itself says "only if it still starts where staff saw it and is
still booked", and a write that matched nothing means someone else got there
first. Idempotency keys make a repeated call (an answer lost on the way back)
return what the first call did instead of doing it again.

Staff messages here never word a time: where one matters the error carries
the instant in `at`, and the views word it in the reader's zone.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from bot.backends.errors import AppointmentChanged, AppointmentNotFound, HoldExpired, InvalidRequest, SlotTaken
from bot.backends.sandbox.availability import fits, practitioner_for, taken_by
from bot.backends.sandbox.reading import later_in_series, row, row_or_none, to_appointment
from bot.backends.sandbox.slots import to_utc_text
from bot.domain import Appointment, AppointmentStatus, Hold, Slot

PAST = "That time has already passed."
CLOSED = "That time is outside the clinic's opening hours."
GONE = "That appointment no longer exists in the booking system."
CANCELLED_SINCE = "This appointment was cancelled in the booking system after you chose it."
MOVED_SINCE = "Someone moved this appointment in the booking system after you chose it."
LAPSED_AND_TAKEN = "The hold on that time ran out and someone else has taken it meanwhile."


def changed(db: sqlite_utils.Database, appointment_id: str) -> AppointmentChanged:
    """The refusal of a conditional write, carrying the appointment as it is now (None when it is gone)."""
    current = row_or_none(db, appointment_id)
    if current is None:
        return AppointmentChanged(None, GONE)
    why = MOVED_SINCE if current["status"] == AppointmentStatus.BOOKED else CANCELLED_SINCE
    return AppointmentChanged(to_appointment(current), why)


def _applied(db: sqlite_utils.Database, key: str) -> list[str] | None:
    """The appointments a call with this key already changed, chosen one first; None when it never ran."""
    found = db.execute("SELECT appointment_id, repeat_ids FROM sandbox_applied_keys WHERE key = ?", [key]).fetchone()
    if found is None:
        return None
    return [str(found[0]), *(found[1] or "").split()]


def _record(db: sqlite_utils.Database, key: str, action: str, appointment_id: str, repeats: list[str]) -> None:
    db.execute(
        "INSERT INTO sandbox_applied_keys (key, appointment_id, action, repeat_ids) VALUES (?, ?, ?, ?)",
        [key, appointment_id, action, " ".join(repeats) or None],
    )


def hold(db: sqlite_utils.Database, appointment: Appointment, slot: Slot, *, now: datetime, expires: datetime) -> str:
    """Keep `slot` for the appointment until `expires`; the new hold's id."""
    now = now.astimezone(UTC)
    start, end = slot.start.astimezone(UTC), slot.end.astimezone(UTC)
    item = row(db, appointment.id)
    if item["status"] != AppointmentStatus.BOOKED:
        raise AppointmentNotFound("That appointment has been cancelled in the booking system.")
    practitioner_id = practitioner_for(item, slot)
    if start < now:
        raise SlotTaken(PAST, at=start)
    if not fits(db, item["location_id"], item["timezone"], start, end):
        raise InvalidRequest(CLOSED)
    if taken_by(db, item["id"], practitioner_id, start, end, now=now, patient_id=item["patient_id"]):
        raise SlotTaken(at=start)
    # Each hold stands alone, even for the same appointment: when two clicks race, the loser's hold is
    # released and the winner's must survive. The engine gives a previous hold back itself.
    hold_id = f"hold-{uuid.uuid4().hex}"
    db.execute(  # a plain statement: sqlite-utils' insert would ask the catalogue first, under the write lock
        "INSERT INTO sandbox_holds (id, appointment_id, practitioner_id, location_id, start_utc, end_utc, expires_utc)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            hold_id,
            item["id"],
            practitioner_id,
            item["location_id"],
            to_utc_text(start),
            to_utc_text(end),
            to_utc_text(expires),
        ],
    )
    return hold_id


def reschedule(
    db: sqlite_utils.Database, appointment: Appointment, hold: Hold, *, idempotency_key: str, now: datetime
) -> dict[str, Any]:
    """Move the appointment to the held slot if it is still where staff saw it; its row as it now is."""
    applied = _applied(db, idempotency_key)
    if applied is not None:
        return row(db, applied[0])
    current = row_or_none(db, appointment.id)
    if current is None:
        raise AppointmentChanged(None, GONE)
    start, end = hold.slot.start.astimezone(UTC), hold.slot.end.astimezone(UTC)
    booked = current["status"] == AppointmentStatus.BOOKED
    if booked and current["start_utc"] == to_utc_text(start):
        # Our own move, already made (the answer was lost and the engine asks again): done, nothing to write.
        db.execute("DELETE FROM sandbox_holds WHERE id = ?", [hold.id])
        return current
    seen = to_utc_text(appointment.start)
    if not booked or current["start_utc"] != seen:
        raise changed(db, appointment.id)
    practitioner_id = practitioner_for(current, hold.slot)
    held = db.execute(
        "SELECT 1 FROM sandbox_holds WHERE id = ? AND appointment_id = ? AND expires_utc > ?",
        [hold.id, current["id"], to_utc_text(now)],
    ).fetchone()
    if start < now:
        raise (HoldExpired if hold.is_real else SlotTaken)(PAST, at=start)
    taken = taken_by(db, current["id"], practitioner_id, start, end, now=now, patient_id=current["patient_id"])
    if taken and held is None and hold.is_real:
        raise HoldExpired(LAPSED_AND_TAKEN, at=start)
    if taken:
        raise SlotTaken(at=start)
    if held is None and not fits(db, current["location_id"], current["timezone"], start, end):
        raise InvalidRequest(CLOSED)
    moved = db.execute(
        "UPDATE sandbox_appointments SET start_utc = ?, end_utc = ?, practitioner_id = ? "
        "WHERE id = ? AND start_utc = ? AND status = 'booked'",
        [to_utc_text(start), to_utc_text(end), practitioner_id, current["id"], seen],
    )
    if moved.rowcount != 1:
        raise changed(db, appointment.id)
    db.execute("DELETE FROM sandbox_holds WHERE appointment_id = ?", [current["id"]])
    _record(db, idempotency_key, "reschedule", current["id"], [])
    return row(db, current["id"])


def cancel(
    db: sqlite_utils.Database,
    appointment: Appointment,
    *,
    reason: str | None,
    note: str | None,
    apply_to_repeats: bool,
    idempotency_key: str,
) -> list[dict[str, Any]]:
    """Cancel the appointment (and its later repeats) if it is still where staff saw it; each row as it now is."""
    applied = _applied(db, idempotency_key)
    if applied is not None:
        return [row(db, appointment_id) for appointment_id in applied]
    current = row_or_none(db, appointment.id)
    if current is None:
        raise AppointmentChanged(None, GONE)
    if current["status"] == AppointmentStatus.CANCELLED:
        # Cancelled already (by a repeat of ours or by someone else): the same end state, so it succeeds.
        _record(db, idempotency_key, "cancel", current["id"], [])
        return [current]
    seen = to_utc_text(appointment.start)
    if current["start_utc"] != seen:
        raise changed(db, appointment.id)
    repeats = [item["id"] for item in later_in_series(db, current)] if apply_to_repeats else []
    done = db.execute(
        "UPDATE sandbox_appointments SET status = 'cancelled', cancel_reason = ?, cancel_note = ? "
        "WHERE id = ? AND start_utc = ? AND status = 'booked'",
        [reason, note, current["id"], seen],
    )
    if done.rowcount != 1:
        raise changed(db, appointment.id)
    for repeat_id in repeats:
        db.execute(
            "UPDATE sandbox_appointments SET status = 'cancelled', cancel_reason = ?, cancel_note = ? "
            "WHERE id = ? AND status = 'booked'",
            [reason, note, repeat_id],
        )
    ids = [current["id"], *repeats]
    db.execute(f"DELETE FROM sandbox_holds WHERE appointment_id IN ({', '.join('?' for _ in ids)})", ids)
    _record(db, idempotency_key, "cancel", current["id"], repeats)
    return [row(db, appointment_id) for appointment_id in ids]
