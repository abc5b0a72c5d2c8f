"""SIGTERM while the booking system is still writing: the change finishes, the person is told, it is audited.

A service manager stops the bot with SIGTERM at any moment, e.g. a deploy
while someone has just pressed Confirm. The bot stops taking requests, lets
the work in hand finish (bounded), writes its audit rows, and only then closes
the booking system's connection. Here the Cliniko stand-in takes seconds to
answer the write, and SIGTERM arrives while it is still answering.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import CARD_TIMEOUT, FRONT_DESK, Card, ServedBot, Staff
from tests.e2e_backends import conftest as backends
from tests.e2e_backends.support import admin, in_days, serve
from tests.e2e_backends.test_cliniko_end_to_end import patients_appointment
from tests.fakes.cliniko_server import ClinikoStandIn, Fault

pytestmark = pytest.mark.e2e
WRITE_TAKES = 4.0
"""Seconds the stand-in takes to answer the write: SIGTERM lands well inside it."""
STOPS_WITHIN = 25.0
"""The bot's own bound on finishing work (about 20 s) plus start-up slack."""


# The vendor end-to-end fixtures (Slack with the front desk, the Cliniko stand-in's demo clinic), reused.
slack, cliniko = backends.slack, backends.cliniko


@pytest.fixture
def served(slack: SlackStandIn, cliniko: ClinikoStandIn, tmp_path: Path) -> Iterator[ServedBot]:
    bot = serve(slack, tmp_path, cliniko.environment())
    yield bot
    bot.stop()


def confirm_with_sigterm_mid_write(staff: Staff, cliniko: ClinikoStandIn, confirm: Card, route: str) -> Card:
    """Press Confirm, SIGTERM the bot once the stand-in has the write in hand; the card as it ends up."""
    cliniko.fail(route, Fault.delay(WRITE_TAKES))
    writes_before = len(cliniko.calls_to(route))
    ts = str(confirm.raw.get("ts"))
    updates_before = len(staff.updates_of(ts))
    response_url = staff.send_click(confirm.button("Confirm"), message_ts=ts)
    assert staff.slack.wait_for(lambda: len(cliniko.calls_to(route)) > writes_before, timeout=CARD_TIMEOUT)

    started = time.monotonic()
    stopping = threading.Thread(target=staff.bot.stop, kwargs={"timeout": STOPS_WITHIN})
    stopping.start()
    stopping.join(STOPS_WITHIN + 5)
    assert staff.bot.process is not None and staff.bot.process.returncode == 0, staff.bot.log()[-3000:]
    assert time.monotonic() - started < STOPS_WITHIN

    def told() -> bool:
        final = staff.dm_card(ts)
        return bool(staff.slack.posts_to(response_url)) or (
            len(staff.updates_of(ts)) > updates_before and "Working on it" not in final.shown
        )

    assert staff.slack.wait_for(told, timeout=1.0), f"nobody was told; log:\n{staff.bot.log()[-3000:]}"
    posted = staff.slack.posts_to(response_url)
    return Card.of(posted[-1]) if posted else staff.dm_card(ts)


def audited(staff: Staff, appointment_id: str) -> list[str]:
    listed = admin(staff, "audit", "--json")
    assert listed.returncode == 0, listed.stderr
    return [line for line in listed.stdout.splitlines() if appointment_id in line]


def test_sigterm_during_a_slow_move_lets_it_finish_tells_moved_and_audits_it(
    served: ServedBot, cliniko: ClinikoStandIn
) -> None:
    staff = served.as_staff()
    before = patients_appointment(cliniko, "Maria")
    offered = staff.command("/reschedule", f"maria lopez to {in_days(5):%m/%d} afternoon")
    confirm = staff.click(offered, offered.labels[0])
    assert "Move this appointment?" in confirm.shown, confirm.shown

    done = confirm_with_sigterm_mid_write(staff, cliniko, confirm, "update_appointment")

    assert "Moved" in done.shown, done.shown
    assert "Something went wrong" not in done.shown
    assert patients_appointment(cliniko, "Maria")["starts_at"] != before["starts_at"]
    [row] = audited(staff, before["id"])
    assert '"applied"' in row
    assert "Traceback" not in served.log()


def test_sigterm_during_a_slow_cancel_lets_it_finish_tells_cancelled_and_audits_it(
    served: ServedBot, cliniko: ClinikoStandIn
) -> None:
    staff = served.as_staff()
    before = patients_appointment(cliniko, "John")
    confirm = staff.command("/cancel", "john smith, feeling better")
    assert "Cancel this appointment?" in confirm.shown, confirm.shown

    done = confirm_with_sigterm_mid_write(staff, cliniko, confirm, "cancel_appointment")

    assert "Cancelled" in done.shown, done.shown
    assert patients_appointment(cliniko, "John")["cancelled_at"] is not None
    [row] = audited(staff, before["id"])
    assert '"applied"' in row


def test_once_stopping_the_bot_takes_no_new_request(served: ServedBot, cliniko: ClinikoStandIn) -> None:
    staff = served.as_staff()
    confirm = staff.command("/cancel", "john smith, feeling better")
    cliniko.fail("cancel_appointment", Fault.delay(WRITE_TAKES))
    writes = len(cliniko.calls_to("cancel_appointment"))
    staff.send_click(confirm.button("Confirm"), message_ts=str(confirm.raw.get("ts")))
    assert staff.slack.wait_for(lambda: len(cliniko.calls_to("cancel_appointment")) > writes, timeout=CARD_TIMEOUT)
    assert served.process is not None
    served.process.terminate()
    time.sleep(0.5)

    with pytest.raises(httpx.TransportError):
        httpx.get(served.url + "/healthz", timeout=2)
    assert served.process.wait(timeout=STOPS_WITHIN) == 0


def test_a_write_still_unfinished_at_the_bound_is_left_to_the_next_start_not_reported_as_failed(
    slack: SlackStandIn, cliniko: ClinikoStandIn, tmp_path: Path
) -> None:
    bot = serve(slack, tmp_path, {**cliniko.environment(), "STOP_TIMEOUT": "2"})
    try:
        staff = bot.as_staff()
        confirm = staff.command("/cancel", "john smith, feeling better")
        ts = str(confirm.raw.get("ts"))
        cliniko.fail("cancel_appointment", Fault.delay(8))
        response_url = staff.send_click(confirm.button("Confirm"), message_ts=ts)
        assert staff.slack.wait_for(lambda: bool(cliniko.calls_to("cancel_appointment")), timeout=CARD_TIMEOUT)

        started = time.monotonic()
        assert bot.stop(timeout=STOPS_WITHIN) == 0
        assert time.monotonic() - started < 6, "the bound holds: the bot does not wait out a booking system"
    finally:
        bot.stop()

    assert "STOP_TIMEOUT" in bot.log() and "Traceback" not in bot.log()
    said = [Card.of(post).shown for post in staff.slack.posts_to(response_url)] + [staff.dm_card(ts).shown]
    assert not any("Something went wrong" in text for text in said), "a change that may go through is not a failure"
    with sqlite3.connect(bot.clinic.db) as db:
        [(step,)] = db.execute("SELECT step FROM conversations WHERE user_id = ? AND final = 0", [FRONT_DESK])
        unfinished = db.execute("SELECT count(*) FROM inbox WHERE done = 0").fetchone()[0]
    assert step == "applying", "left for the next start to read back"
    assert unfinished == 0, (
        "the Confirm's inbox row closed with the save that entered applying: the next start settles the change by "
        "reading it back (reconcile), never by clicking Confirm again"
    )
