"""The sweeper inside `serve` forgets what the settings say, when they say, and drops nothing in silence.

CONVERSATION_RETENTION and AUDIT_RETENTION are the admin's (the same as
`clinic-bot purge` uses), not a hard-coded day. A request acknowledged but
left unfinished (its process died) is replayed by the next sweep once it is old
enough to be nobody's work in hand, or, past its response_url's 30 minutes,
the person is told in a DM; only then may the row be purged.

The bot runs in this process on its own clock, driven through the served WSGI
app (tests/faults/edge_support.py); `Sweeper.once` is one pass of the thread.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.assistant.requests import MessageRequest, StoredRequest
from bot.cli.lifecycle import Sweeper
from bot.local.slack import SlackStandIn, slash_command_body
from bot.store.protocol import AuditEntry, InboxEntry
from tests.faults.edge_support import CHANNEL, STAFF, InProcessBot, serve_like_logging

INTERRUPTED = "was interrupted by a restart before I could answer it"
WHAT_I_CAN_DO = "I can reschedule or cancel an existing appointment"
FORM = "application/x-www-form-urlencoded"


class Clock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def served(clock: Clock, tmp_path: Path) -> Iterator[InProcessBot]:
    settings = {"conversation_retention": "2h", "audit_retention": "30d"}
    with SlackStandIn(users={STAFF: "America/Chicago"}) as slack, serve_like_logging() as lines:
        bot = InProcessBot(slack, tmp_path, lines, settings=settings, clock=clock)
        yield bot
        bot.close()


def start_conversation(served: InProcessBot, text: str) -> str:
    """A /cancel through the served app; the id of the conversation it opened."""
    before = served.bot.store.active_for_user(STAFF)
    response_url = served.slack.new_response_url(user_id=STAFF, channel_id=CHANNEL)
    body = slash_command_body("/cancel", text, user_id=STAFF, channel_id=CHANNEL, response_url=response_url)
    assert served.signed(body, FORM).status == 200

    def opened() -> bool:
        now = served.bot.store.active_for_user(STAFF)
        return now is not None and (before is None or now.conversation.id != before.conversation.id)

    assert served.slack.wait_for(opened, timeout=10), "the command opened no conversation"
    active = served.bot.store.active_for_user(STAFF)
    assert active is not None
    return active.conversation.id


def dm_texts(served: InProcessBot) -> list[str]:
    return [message["text"] for message in served.slack.dm_messages()]


def test_finished_conversations_are_forgotten_after_the_conversation_retention_not_a_day(
    served: InProcessBot, clock: Clock
) -> None:
    sweeper = Sweeper(served.bot)
    older = start_conversation(served, "john smith")
    clock.advance(minutes=16)
    sweeper.once()  # idle past the 15 minutes: expired (finished now)
    clock.advance(hours=2)
    newer = start_conversation(served, "maria lopez")
    clock.advance(minutes=16)

    sweeper.once()  # the newer one expires now; the older finished 2h16m ago, past the 2h retention

    assert served.bot.store.get(older) is None, "forgotten after CONVERSATION_RETENTION (2h)"
    kept = served.bot.store.get(newer)
    assert kept is not None and kept.conversation.is_final


def test_audit_entries_are_forgotten_after_the_audit_retention(served: InProcessBot, clock: Clock) -> None:
    def entry(age: timedelta, appointment_id: str) -> AuditEntry:
        return AuditEntry(
            at=clock() - age,
            slack_user=STAFF,
            backend="sandbox",
            action="cancel",
            appointment_id=appointment_id,
            outcome="applied",
        )

    served.bot.store.audit([entry(timedelta(days=31), "old"), entry(timedelta(days=29), "recent")])

    Sweeper(served.bot).once()

    assert [kept.appointment_id for kept in served.bot.store.audit_entries()] == ["recent"]


def interrupted(served: InProcessBot, clock: Clock, key: str, text: str, age: timedelta) -> None:
    """A DM the bot acknowledged `age` ago whose work never ended (its process was killed)."""
    request = MessageRequest(key=key, user_id=STAFF, text=text, channel_id="D" + STAFF, ts="1.000100")
    body = StoredRequest(request=request).model_dump_json()
    assert served.bot.store.inbox_add(InboxEntry(key=key, kind="event", body=body, received_at=clock() - age))


def test_a_request_interrupted_long_ago_is_told_about_in_a_dm_before_it_is_forgotten(
    served: InProcessBot, clock: Clock
) -> None:
    interrupted(served, clock, "Ev0LONGAGO", "hello there", timedelta(minutes=40))

    Sweeper(served.bot).once()

    assert served.slack.wait_for(lambda: any(INTERRUPTED in text for text in dm_texts(served))), dm_texts(served)
    assert not any(WHAT_I_CAN_DO in text for text in dm_texts(served)), "too old to replay: told, not done"
    assert served.bot.store.inbox_unfinished(received_before=clock()) == []


def test_a_request_a_dead_process_left_minutes_ago_is_replayed_by_the_next_sweep(
    served: InProcessBot, clock: Clock
) -> None:
    interrupted(served, clock, "Ev0MINUTESAGO", "hello there", timedelta(minutes=5))

    Sweeper(served.bot).once()

    assert served.slack.wait_for(lambda: any(WHAT_I_CAN_DO in text for text in dm_texts(served))), dm_texts(served)
    assert served.bot.store.inbox_unfinished(received_before=clock()) == []


def test_a_request_still_in_hand_is_left_to_the_work_that_has_it(served: InProcessBot, clock: Clock) -> None:
    interrupted(served, clock, "Ev0JUSTNOW", "hello there", timedelta(seconds=5))

    Sweeper(served.bot).once()

    assert dm_texts(served) == [], "a request acknowledged seconds ago is not done a second time"
    assert [entry.key for entry in served.bot.store.inbox_unfinished(received_before=clock())] == ["Ev0JUSTNOW"]
