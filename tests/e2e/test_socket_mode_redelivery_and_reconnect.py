"""Socket Mode's own events: a redelivered envelope is handled once; after Slack's `disconnect` the bot
asks apps.connections.open for a new URL, reconnects, and goes on working."""

from __future__ import annotations

from bot.local.slack import SlackStandIn, dm_event, event_callback
from tests.e2e.harness import DOCTOR, MANAGER, QUIET_WAIT, Clinic, Diary, cancel_text, distinct_appointments
from tests.e2e.socket_harness import SocketModeBot
from tests.fakes.socket_mode_server import SocketModeServer


def test_an_envelope_redelivered_with_the_same_id_and_a_retry_attempt_gets_one_card(
    socket_bot: SocketModeBot, socket_server: SocketModeServer, slack: SlackStandIn, diary: Diary
) -> None:
    chosen = distinct_appointments(diary)[2]
    staff = socket_bot.as_staff(DOCTOR)
    event = dm_event("cancel " + cancel_text(chosen), user_id=DOCTOR)
    staff.is_where(event)
    payload = event_callback(event, event_id="EvSOCKETRETRY1")

    envelope_id = socket_server.event(payload)
    assert socket_server.wait_ack(envelope_id) is not None
    socket_server.event(payload, envelope_id=envelope_id, retry_attempt=1, retry_reason="timeout")
    assert socket_server.wait_ack(envelope_id, count=2) is not None, "the redelivery is acknowledged too"

    assert slack.wait_for(lambda: len(staff.dm_cards()) >= 1), socket_bot.log()[-2000:]
    assert not slack.wait_for(lambda: len(staff.dm_cards()) >= 2, timeout=QUIET_WAIT)
    [card] = staff.dm_cards()
    assert "Cancel this appointment?" in card["text"] or "cancel" in card["text"].lower(), card["text"]


def test_after_a_disconnect_the_bot_reconnects_on_a_new_url_and_still_answers(
    socket_bot: SocketModeBot, socket_server: SocketModeServer, slack: SlackStandIn, clinic: Clinic, diary: Diary
) -> None:
    connected = len(socket_server.links)
    urls_before = len(slack.calls_to("apps.connections.open"))

    socket_server.disconnect("refresh_requested")

    assert socket_server.wait_connected(connected + 1, timeout=15), socket_bot.log()[-2000:]
    assert len(slack.calls_to("apps.connections.open")) == urls_before + 1, "a fresh URL for the new connection"
    assert socket_server.refused == [], "each connection used a fresh, single-use ticket"
    assert slack.wait_for(lambda: len(socket_server.open_links()) == 1, timeout=10), "the old socket was closed"

    chosen = distinct_appointments(diary)[3]
    staff = socket_bot.as_staff(MANAGER)
    confirm = staff.command("/cancel", cancel_text(chosen))
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    assert "Cancelled" in staff.click(confirm, "Confirm").shown
    assert clinic.appointment(chosen["id"])["status"] == "cancelled"
