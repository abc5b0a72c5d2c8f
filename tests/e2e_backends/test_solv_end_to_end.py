"""Solv through the real bot: a native booking moved by re-booking, a re-booking whose cancel step fails, a cancel."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Card, Staff
from tests.e2e_backends.support import CHICAGO, admin, in_days, staff_on
from tests.fakes.solv_server import SolvServer
from tests.fakes.stub_server import Fault, running

pytestmark = pytest.mark.e2e
LOCATION = 42


@pytest.fixture
def solv() -> Iterator[SolvServer]:
    """One urgent care with half-hourly slots 9-17 for two weeks and Maria Lopez booked in two days at 10:00."""
    server = SolvServer()
    server.now = datetime.now(UTC)
    server.add_location(LOCATION, "Solv Urgent Care – Downtown")
    server.add_open_days(LOCATION, in_days(0), 14, CHICAGO)
    server.add_booking(
        LOCATION,
        datetime.combine(in_days(2), time(10), CHICAGO),
        first_name="Maria",
        last_name="Lopez",
        booking_id=48213,
    )
    yield from running(server)


@pytest.fixture
def staff(slack: SlackStandIn, solv: SolvServer, tmp_path: Path) -> Iterator[Staff]:
    yield from staff_on(slack, tmp_path, solv.environment(LOCATION, SOLV_TIMEZONE="America/Chicago"))


def confirm_for_a_move(staff: Staff, target: date) -> Card:
    offered = staff.command("/reschedule", f"booking #48213 to {target:%m/%d} afternoon")
    assert "Pick a new time" in offered.shown, offered.shown
    confirm = staff.click(offered, offered.labels[0])
    assert "new booking is made first, then the old one is cancelled" in confirm.shown, confirm.shown
    return confirm


def test_a_native_booking_is_moved_by_booking_the_new_time_then_cancelling_the_old(
    staff: Staff, solv: SolvServer
) -> None:
    target = in_days(4)
    done = staff.click(confirm_for_a_move(staff, target), "Confirm")
    assert "Moved" in done.shown, done.shown
    assert done.buttons == []
    assert solv.bookings[48213]["status"] == "cancelled"
    [new] = solv.booked()
    assert new["first_name"] == "Maria" and target.isoformat() in new["appointment_date"]


def test_a_rebooking_whose_cancel_step_fails_says_both_bookings_exist_and_is_audited(
    staff: Staff, solv: SolvServer
) -> None:
    confirm = confirm_for_a_move(staff, in_days(5))
    solv.fail("update_status", *[Fault.status(500)] * 6)
    half_done = staff.click(confirm, "Confirm")
    text = half_done.shown
    assert "#48213" in text and "both are booked now" in text, text
    assert len(solv.booked()) == 2, "the new booking exists and the old one is still booked, as the card says"
    audit = admin(staff, "audit", "--json")
    assert audit.returncode == 0
    assert "48213" in audit.stdout and "partial" in audit.stdout


def test_a_whole_cancel_cancels_the_booking_in_solv(staff: Staff, solv: SolvServer) -> None:
    confirm = staff.command("/cancel", "booking #48213, away")
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    done = staff.click(confirm, "Confirm")
    assert "Cancelled" in done.shown, done.shown
    assert solv.bookings[48213]["status"] == "cancelled"


def test_check_backend_reports_the_location(staff: Staff) -> None:
    result = admin(staff, "check-backend")
    assert result.returncode == 0, result.stderr
    assert "Downtown" in result.stdout
