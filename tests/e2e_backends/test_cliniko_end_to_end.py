"""Cliniko through the real bot: a whole reschedule, a whole cancel, a time taken before confirm, check-backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Card, Staff
from tests.e2e_backends.support import CHICAGO, admin, in_days, staff_on
from tests.fakes.cliniko_server import ClinikoStandIn

pytestmark = pytest.mark.e2e


@pytest.fixture
def staff(slack: SlackStandIn, cliniko: ClinikoStandIn, tmp_path: Path) -> Iterator[Staff]:
    yield from staff_on(slack, tmp_path, cliniko.environment())


def patients_appointment(cliniko: ClinikoStandIn, first_name: str) -> Card:
    """The patient's appointment as the stand-in stores it (starts_at as a datetime)."""
    [row] = [
        row for row in cliniko.appointments.values() if cliniko.patients[row["patient_id"]]["first_name"] == first_name
    ]
    return dict(row)


def test_a_whole_reschedule_moves_the_appointment_in_cliniko(staff: Staff, cliniko: ClinikoStandIn) -> None:
    before = patients_appointment(cliniko, "Maria")
    target = in_days(5)
    offered = staff.command("/reschedule", f"maria lopez to {target:%m/%d} afternoon")
    assert "Pick a new time" in offered.shown, offered.shown
    first_time = offered.labels[0]
    confirm = staff.click(offered, first_time)
    assert "Move this appointment?" in confirm.shown
    done = staff.click(confirm, "Confirm")
    assert "Moved" in done.shown
    assert done.buttons == [], "the outcome card has no buttons"
    after = patients_appointment(cliniko, "Maria")
    assert after["id"] == before["id"]
    assert after["starts_at"] != before["starts_at"]
    assert after["starts_at"].astimezone(CHICAGO).date() == target
    assert cliniko.double_bookings() == []


def test_a_whole_cancel_records_the_reason_and_the_note_in_cliniko(staff: Staff, cliniko: ClinikoStandIn) -> None:
    before = patients_appointment(cliniko, "John")
    confirm = staff.command("/cancel", "john smith, feeling better")
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    done = staff.click(confirm, "Confirm")
    assert "Cancelled" in done.shown
    cancelled = patients_appointment(cliniko, "John")
    assert cancelled["cancelled_at"] is not None
    assert cancelled["cancellation_reason"] is not None
    audit = admin(staff, "audit", "--json")
    assert audit.returncode == 0 and before["id"] in audit.stdout and "applied" in audit.stdout


def test_a_time_taken_by_someone_else_before_confirm_is_refused_and_fresh_times_offered(
    staff: Staff, cliniko: ClinikoStandIn
) -> None:
    before = patients_appointment(cliniko, "Maria")
    offered = staff.command("/reschedule", f"maria lopez to {in_days(6):%m/%d} morning")
    confirm = staff.click(offered, offered.labels[0])
    assert "Move this appointment?" in confirm.shown
    chosen_start = confirm_start(cliniko, offered)
    cliniko.book_someone_else(chosen_start)
    refused = staff.click(confirm, "Confirm")
    assert "taken" in refused.shown.lower(), refused.shown
    assert "Nothing was booked" in refused.shown
    assert "Pick a new time" in refused.shown or refused.labels
    assert patients_appointment(cliniko, "Maria")["starts_at"] == before["starts_at"]
    assert cliniko.double_bookings() == []


def confirm_start(cliniko: ClinikoStandIn, offered: Card) -> datetime:
    """The first offered time, read back from the label's day and the morning hours it lists."""
    label = offered.labels[0]  # e.g. "Tue Dec 1, 8:00 AM" in the reader's (the clinic's) zone
    parsed = datetime.strptime(label.split(" — ")[0], "%a %b %d, %I:%M %p")
    today = datetime.now(CHICAGO)
    year = today.year + (1 if parsed.month < today.month else 0)
    return parsed.replace(year=year, tzinfo=CHICAGO)


def test_check_backend_reports_what_it_reached(staff: Staff) -> None:
    result = admin(staff, "check-backend")
    assert result.returncode == 0, result.stderr
    assert "Riverside Physiotherapy" in result.stdout
    assert "2" in result.stdout  # two upcoming appointments in the demo


def test_a_refusal_card_words_the_taken_time_in_the_readers_zone(staff: Staff, cliniko: ClinikoStandIn) -> None:
    offered = staff.command("/reschedule", f"maria lopez to {in_days(6):%m/%d} morning")
    confirm = staff.click(offered, offered.labels[0])
    cliniko.book_someone_else(confirm_start(cliniko, offered))
    refused = staff.click(confirm, "Confirm")
    assert "{time}" not in refused.shown and offered.labels[0] in refused.shown, refused.shown
