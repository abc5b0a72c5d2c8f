"""Qmatic through the real bot: asked for the personal identifier, a held time moved, a lapsed hold, a cancel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Staff
from tests.e2e_backends.support import CHICAGO, admin, in_days, staff_on
from tests.fakes.qmatic_server import DEMO_APPOINTMENT_ID, DEMO_PERSONAL_ID, QmaticServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def staff(slack: SlackStandIn, qmatic: QmaticServer, tmp_path: Path) -> Iterator[Staff]:
    yield from staff_on(slack, tmp_path, {"BOOKING_BACKEND": "qmatic", **qmatic.env()})


def test_a_request_without_the_personal_identifier_is_asked_for_it_then_moved(
    staff: Staff, qmatic: QmaticServer
) -> None:
    before = qmatic.appointments[DEMO_APPOINTMENT_ID].start
    target = in_days(3)
    asked = staff.command("/reschedule", f"maria lopez to {target:%m/%d} afternoon")
    assert "Qmatic finds patients by their personal identifier — what is it?" in asked.shown, asked.shown
    offered = staff.command("/reschedule", DEMO_PERSONAL_ID)
    assert "Pick a new time" in offered.shown, offered.shown
    confirm = staff.click(offered, offered.labels[0])
    assert "Held until" in confirm.shown, "the reservation's expiry is on the confirm card"
    assert len(qmatic.active_reservations()) == 1
    done = staff.click(confirm, "Confirm")
    assert "Moved" in done.shown, done.shown
    assert done.buttons == []
    moved = qmatic.appointments[DEMO_APPOINTMENT_ID]
    assert moved.start != before
    assert moved.start.astimezone(CHICAGO).date() == target
    assert moved.start.astimezone(CHICAGO).hour >= 12


def test_a_hold_that_lapses_before_confirm_books_nothing_and_offers_fresh_times(
    staff: Staff, qmatic: QmaticServer
) -> None:
    before = qmatic.appointments[DEMO_APPOINTMENT_ID].start
    offered = staff.command("/reschedule", f"{DEMO_PERSONAL_ID} to {in_days(4):%m/%d} morning")
    confirm = staff.click(offered, offered.labels[0])
    assert "Held until" in confirm.shown
    assert qmatic.expire_reservations(), "the stand-in had the hold"
    lapsed = staff.click(confirm, "Confirm")
    text = lapsed.shown
    assert "Nothing was booked" in text, text
    assert "Pick a new time" in text or "nearest" in text
    assert qmatic.appointments[DEMO_APPOINTMENT_ID].start == before


def test_a_whole_cancel_removes_the_appointment_from_qmatic(staff: Staff, qmatic: QmaticServer) -> None:
    confirm = staff.command("/cancel", f"{DEMO_PERSONAL_ID}, feeling better")
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    done = staff.click(confirm, "Confirm")
    assert "Cancelled" in done.shown, done.shown
    assert DEMO_APPOINTMENT_ID not in {appointment.id for appointment in qmatic.booked()}


def test_check_backend_reports_the_tenant_and_branch(staff: Staff) -> None:
    result = admin(staff, "check-backend")
    assert result.returncode == 0, result.stderr
    assert "Northside Clinic" in result.stdout
