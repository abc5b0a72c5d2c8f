"""A whole reschedule and a whole cancel typed into `clinic-bot console` change the demo clinic's diary."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.domain import AppointmentStatus, PatientQuery
from bot.views.wording import Words
from tests.console.session import CLINIC_TZ, ConsoleSession, button, buttons, sandbox


def appointments_of(db: Path, name: str):
    return sandbox(db).find_appointments(PatientQuery(name=name), around=None, now=datetime.now(ZoneInfo(CLINIC_TZ)))


def test_a_reschedule_typed_as_a_slash_command_moves_the_booking(seeded: Path) -> None:
    zone = ZoneInfo(CLINIC_TZ)
    before = {a.id: a for a in appointments_of(seeded, "Maria Lopez")}
    session = ConsoleSession(seeded)
    assert "Demo clinic (sandbox)" in session.banner and CLINIC_TZ in session.banner

    asked = session.type("/reschedule maria lopez to fri morning")
    assert "Which appointment?" in asked
    choices = [line for line in asked.splitlines() if "Maria Lopez (born Mar 12, 1984)" in line]
    assert choices, asked
    first_maria = next(a for a in before.values() if a.patient.date_of_birth.year == 1984)
    number = asked.split(choices[0], 1)[1].split("[", 1)[1].split("]", 1)[0]

    offered = session.type(number)
    assert "Pick a new time" in offered
    slot_number, slot_label = next((n, label) for n, label in buttons(offered) if label.startswith("Fri"))

    confirm = session.type(slot_number)
    assert "Move this appointment?" in confirm
    words = Words(tz=zone, today=datetime.now(zone).date())
    assert f"From: {words.instant(first_maria.start, first_maria.location)}" in confirm
    assert f"To: {slot_label.strip()}" in confirm

    outcome = session.type(button(confirm, "Confirm"))
    assert "Moved from" in outcome
    assert "[1]" not in outcome  # the outcome card has no buttons left to press twice
    assert "no buttons" in session.type("1")
    assert session.close() == 0

    after = sandbox(seeded).get_appointment(first_maria.id)
    assert after.status is AppointmentStatus.BOOKED
    assert words.instant(after.start, after.location) == slot_label.strip()
    assert after.start != first_maria.start


def test_a_cancel_typed_as_a_dm_cancels_the_booking_with_the_picked_reason(seeded: Path) -> None:
    john = appointments_of(seeded, "John Smith")
    session = ConsoleSession(seeded)

    asked = session.type("cancel john smith tmrw")
    assert "in your DM" in asked
    assert "Why is the appointment being cancelled?" in asked

    confirm = session.type(button(asked, "Away"))
    assert "Cancel this appointment?" in confirm
    assert "Reason: Away" in confirm
    assert "DM card updated" in confirm  # the DM card is edited in place, as chat.update does in Slack

    outcome = session.type(button(confirm, "Confirm"))
    assert "Cancelled" in outcome
    assert not buttons(outcome)
    assert session.close() == 0

    backend = sandbox(seeded)
    cancelled = [entry for entry in backend.diary() if entry.appointment.id in {a.id for a in john}]
    changed = [entry for entry in cancelled if entry.appointment.status is AppointmentStatus.CANCELLED]
    assert len(changed) == 1
    assert changed[0].cancel_reason == "Away"
