"""Cliniko through the real bot: a whole reschedule, a whole cancel, a time taken before confirm, check-backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.slack_local import SlackStandIn, buttons_in
from tests.e2e_backends.served_bot import ServedBot, button_labels, card_text
from tests.fakes.cliniko_server import ClinikoStandIn

pytestmark = pytest.mark.e2e
CHICAGO = ZoneInfo("America/Chicago")


@pytest.fixture
def cliniko() -> Iterator[ClinikoStandIn]:
    server = ClinikoStandIn.with_demo_data(datetime.now(CHICAGO).date()).start()
    yield server
    server.stop()


@pytest.fixture
def bot(slack: SlackStandIn, cliniko: ClinikoStandIn, tmp_path: Path) -> Iterator[ServedBot]:
    served = ServedBot(slack, cliniko.environment(), tmp_path).start()
    yield served
    served.stop()


def in_days(days: int) -> date:
    return datetime.now(CHICAGO).date() + timedelta(days=days)


def patients_appointment(cliniko: ClinikoStandIn, first_name: str) -> dict:
    """The patient's appointment as the stand-in stores it (starts_at as a datetime)."""
    [row] = [
        row for row in cliniko.appointments.values() if cliniko.patients[row["patient_id"]]["first_name"] == first_name
    ]
    return dict(row)


def test_a_whole_reschedule_moves_the_appointment_in_cliniko(bot: ServedBot, cliniko: ClinikoStandIn) -> None:
    before = patients_appointment(cliniko, "Maria")
    target = in_days(5)
    offered = bot.command("/reschedule", f"maria lopez to {target:%m/%d} afternoon")
    assert "Pick a new time" in card_text(offered), card_text(offered)
    first_time = button_labels(offered)[0]
    confirm = bot.click(offered, first_time)
    assert "Move this appointment?" in card_text(confirm)
    done = bot.click(confirm, "Confirm")
    assert "Moved" in card_text(done)
    assert buttons_in(done["blocks"]) == [], "the outcome card has no buttons"
    after = patients_appointment(cliniko, "Maria")
    assert after["id"] == before["id"]
    assert after["starts_at"] != before["starts_at"]
    assert after["starts_at"].astimezone(CHICAGO).date() == target
    assert cliniko.double_bookings() == []


def test_a_whole_cancel_records_the_reason_and_the_note_in_cliniko(bot: ServedBot, cliniko: ClinikoStandIn) -> None:
    before = patients_appointment(cliniko, "John")
    confirm = bot.command("/cancel", "john smith, feeling better")
    assert "Cancel this appointment?" in card_text(confirm), card_text(confirm)
    done = bot.click(confirm, "Confirm")
    assert "Cancelled" in card_text(done)
    cancelled = patients_appointment(cliniko, "John")
    assert cancelled["cancelled_at"] is not None
    assert cancelled["cancellation_reason"] is not None
    audit = bot.run("audit", "--json")
    assert audit.returncode == 0 and before["id"] in audit.stdout and "applied" in audit.stdout


def test_a_time_taken_by_someone_else_before_confirm_is_refused_and_fresh_times_offered(
    bot: ServedBot, cliniko: ClinikoStandIn
) -> None:
    before = patients_appointment(cliniko, "Maria")
    offered = bot.command("/reschedule", f"maria lopez to {in_days(6):%m/%d} morning")
    confirm = bot.click(offered, button_labels(offered)[0])
    assert "Move this appointment?" in card_text(confirm)
    chosen_start = confirm_start(cliniko, offered)
    cliniko.book_someone_else(chosen_start)
    refused = bot.click(confirm, "Confirm")
    assert "taken" in card_text(refused).lower(), card_text(refused)
    assert "Nothing was booked" in card_text(refused)
    assert "Pick a new time" in card_text(refused) or button_labels(refused)
    assert patients_appointment(cliniko, "Maria")["starts_at"] == before["starts_at"]
    assert cliniko.double_bookings() == []


def confirm_start(cliniko: ClinikoStandIn, offered: dict) -> datetime:
    """The first offered time, read back from the label's day and the morning hours it lists."""
    label = button_labels(offered)[0]  # e.g. "Tue Dec 1, 8:00 AM CST"
    parsed = datetime.strptime(label.rsplit(" ", 1)[0], "%a %b %d, %I:%M %p")
    today = datetime.now(CHICAGO)
    year = today.year + (1 if parsed.month < today.month else 0)
    return parsed.replace(year=year, tzinfo=CHICAGO)


def test_check_backend_reports_what_it_reached(bot: ServedBot) -> None:
    result = bot.run("check-backend")
    assert result.returncode == 0, result.stderr
    assert "Riverside Physiotherapy" in result.stdout
    assert "2" in result.stdout  # two upcoming appointments in the demo
