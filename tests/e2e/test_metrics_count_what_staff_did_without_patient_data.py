"""GET /metrics on the served bot: what a whole reschedule moved, and no label names a patient or a person.

An IT admin scrapes /metrics with Prometheus: acknowledgements and their
latency, cards and the time from a request to its card, conversations by
outcome, Slack's refusals by error code, storage errors by cause. Nothing in
any label may identify a patient (names, birth dates, phones) or a person
(Slack user ids), nor a conversation.
"""

from __future__ import annotations

import os
from pathlib import Path

import httpx

from bot.engine.buttons import decode_action
from tests.e2e.harness import (
    CHANNEL,
    DOCTOR,
    FRONT_DESK,
    NURSE,
    STAFF_IDS,
    Card,
    Clinic,
    Diary,
    ServedBot,
    clinic_slack,
    reschedule_text,
)
from tests.metrics_reading import Scrape, leaked_labels


def conversation_ids(*cards: Card) -> set[str]:
    found = set()
    for card in cards:
        for button in card.buttons:
            decoded = decode_action(button.get("action_id"), button.get("value"))
            if decoded is not None:
                found.add(decoded[0])
    return found


def test_a_whole_reschedule_moves_the_counters_and_no_label_names_a_patient_or_a_person(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    chosen, staff = bot.scenario(diary, 0, FRONT_DESK)
    before = Scrape.of(bot.url)
    assert before.content_type.startswith("text/plain"), before.content_type

    offered = staff.command("/reschedule", reschedule_text(chosen))
    confirm = staff.click(offered, offered.labels[0])
    done = staff.click(confirm, "Confirm")
    assert "Moved from" in done.shown, done.shown
    after = Scrape.of(bot.url)

    def moved(name: str, **labels: str) -> float:
        return after.value(name, **labels) - before.value(name, **labels)

    # Acknowledgements: the command and the two clicks, each answered 200, each timed.
    assert moved("clinic_bot_ack_seconds_count", status="200") == 3
    assert moved("clinic_bot_ack_seconds_bucket", status="200", le="3.0") == 3, "every ack within Slack's 3 s"
    assert moved("clinic_bot_ack_seconds_sum", status="200") > 0
    # Cards: one posted in the DM, then redrawn in place for the confirm and the outcome (the demo clinic
    # answers at once, so no "Working on it" in between: WORKING_CARD_AFTER).
    assert moved("clinic_bot_cards_total", action="posted") == 1
    assert moved("clinic_bot_cards_total", action="updated") == 2
    # Time to card: one per request, from its arrival to its first card.
    assert moved("clinic_bot_time_to_card_seconds_count", request="command") == 1
    assert moved("clinic_bot_time_to_card_seconds_count", request="click") == 2
    assert 0 < moved("clinic_bot_time_to_card_seconds_sum") < 30
    # Outcomes: exactly one conversation done, nothing else ended.
    assert moved("clinic_bot_conversations_ended_total", outcome="done") == 1
    for outcome in ("failed", "expired", "stopped"):
        assert moved("clinic_bot_conversations_ended_total", outcome=outcome) == 0
    assert after.value("clinic_bot_storage_errors_total") == 0

    ids = [*STAFF_IDS, CHANNEL, staff.dm_channel, *conversation_ids(offered, confirm)]
    ids += [str(row["id"]) for row in diary] + [str(row["reference"]) for row in diary]
    assert conversation_ids(offered), "the cards carry their conversation's id (so the scan below checks it)"
    assert leaked_labels(after, patients=diary, ids=ids) == []


def test_a_slack_refusal_is_counted_by_method_and_error_code(bot: ServedBot, diary: Diary) -> None:
    """Slack refusing to open the person's DM (rate limited past every retry): counted, and the person told."""
    chosen, staff = bot.scenario(diary, 1, NURSE)
    before = Scrape.of(bot.url)
    bot.slack.rate_limit_next("conversations.open", retry_after=0, times=3)

    reply = staff.command("/reschedule", reschedule_text(chosen))

    assert "direct message" in reply.shown.lower(), reply.shown
    after = Scrape.of(bot.url)
    refused = after.value(
        "clinic_bot_slack_refusals_total", method="conversations.open", error="ratelimited"
    ) - before.value("clinic_bot_slack_refusals_total", method="conversations.open", error="ratelimited")
    assert refused == 1
    assert leaked_labels(after, patients=diary, ids=[*STAFF_IDS, CHANNEL]) == []


def test_a_replaced_database_shows_on_healthz_and_as_a_storage_error_by_cause(tmp_path: Path) -> None:
    with clinic_slack() as slack:
        clinic = Clinic(tmp_path).seed()
        served = ServedBot(slack, clinic).start()
        try:
            os.replace(clinic.db, tmp_path / "moved-away.sqlite3")
            health = httpx.get(served.url + "/healthz", timeout=5)
            assert health.status_code == 503
            scrape = Scrape.of(served.url)
            assert scrape.value("clinic_bot_storage_errors_total", cause="database file was replaced or deleted") >= 1
            assert leaked_labels(scrape, patients=[], ids=[DOCTOR, str(tmp_path)]) == []
        finally:
            served.stop()
