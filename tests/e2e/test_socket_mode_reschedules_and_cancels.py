"""Socket Mode end to end: a whole reschedule and a whole cancel reach the booking system and the audit.

The same `clinic-bot serve`, started with SLACK_APP_TOKEN and no signing
secret, receives the same requests as envelopes over a WebSocket and answers
through the same response_urls.
"""

from __future__ import annotations

from tests.e2e.harness import FRONT_DESK, NURSE, Clinic, Diary, cancel_text, distinct_appointments, shown_time
from tests.e2e.socket_harness import SocketModeBot
from tests.fakes.socket_mode_server import ACK_SECONDS, SocketModeServer


def test_a_whole_reschedule_over_socket_mode_moves_the_booking_and_is_audited(
    socket_bot: SocketModeBot, socket_server: SocketModeServer, clinic: Clinic, diary: Diary
) -> None:
    chosen = distinct_appointments(diary)[0]
    staff = socket_bot.as_staff(FRONT_DESK)

    offered, confirm = staff.up_to_confirm(chosen)
    assert f"From: {shown_time(chosen['start'])}" in confirm.shown
    done = staff.click(confirm, "Confirm")

    assert "Moved from" in done.shown, done.shown
    assert done.buttons == []
    assert shown_time(clinic.appointment(chosen["id"])["start"]) == offered.labels[0]
    [entry] = clinic.audit_of(chosen)
    assert (entry["action"], entry["outcome"]) == ("reschedule", "applied")
    assert all(acks[0].seconds < ACK_SECONDS for acks in socket_server.acks.values())
    assert "SLACK_SIGNING_SECRET" not in socket_bot.environment()


def test_a_whole_cancel_over_socket_mode_cancels_the_booking_with_its_reason(
    socket_bot: SocketModeBot, clinic: Clinic, diary: Diary
) -> None:
    chosen = distinct_appointments(diary)[1]
    staff = socket_bot.as_staff(NURSE)

    confirm = staff.command("/cancel", cancel_text(chosen))
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    done = staff.click(confirm, "Confirm")

    assert "Cancelled" in done.shown, done.shown
    after = clinic.appointment(chosen["id"])
    assert (after["status"], after["cancel_reason"]) == ("cancelled", "Feeling Better")
    [entry] = clinic.audit_of(chosen)
    assert (entry["action"], entry["outcome"], entry["reason"]) == ("cancel", "applied", "Feeling Better")
