"""Two `clinic-bot serve` replicas behind one address, sharing one PostgreSQL and one demo clinic file.

Each trial starts both on a fresh database, sends every request to either at
random, and kills one with -9 right after it acknowledged a request (its work
may be done, half done or not started). Every conversation is then finished
on the other: a lost request is replayed from the inbox by the live replica, a
change left `applying` is settled by reading the booking back once its lease
has lapsed (never earlier). Afterwards the diary and the audit agree that each
appointment was changed at most once, a Slack retry of a DM sent to the other
replica made one card, and the sweeper lease was held by one process at a time.

The short SWEEP_SECONDS / REPLAY_AFTER / CHANGE_LEASE only make the test quick;
the code paths are the production ones.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from bot.local.slack import SlackStandIn, dm_event
from tests import store_fixtures
from tests.e2e.harness import (
    CARD_TIMEOUT,
    STAFF_IDS,
    Card,
    Clinic,
    ServedBot,
    Staff,
    broken_rules,
    cancel_text,
    clinic_slack,
    distinct_appointments,
    reschedule_text,
    shown_time,
)
from tests.store_fixtures import PostgreSQLServer

postgresql_server = store_fixtures.postgresql_server

pytestmark = pytest.mark.e2e

CHANGE_LEASE = timedelta(seconds=4)
SETTINGS = {"SWEEP_SECONDS": "0.3", "REPLAY_AFTER": "2s", "CHANGE_LEASE": "4s", "WORKING_CARD_AFTER": "0"}
"""WORKING_CARD_AFTER=0: the "Working on it" card marks the moment to kill a replica mid-change."""
SETTLED_TIMEOUT = CARD_TIMEOUT + CHANGE_LEASE.total_seconds()


@dataclass
class Balancer:
    """One address in front of the replicas: each request to either at random, as a load balancer does.

    A replica that does not take the connection is skipped (its health check failed). With
    `crash_next` set, the replica that acknowledges the next request is killed with -9: at once
    ("ack"), or once it shows the change under way ("applying": it saved `applying` and its lease).
    """

    replicas: list[ServedBot]
    slack: SlackStandIn
    rng: random.Random
    crash_next: str | None = None
    killed: ServedBot | None = None
    killed_at: datetime | None = None

    def alive(self) -> list[ServedBot]:
        return [bot for bot in self.replicas if bot.process is not None and bot.process.poll() is None]

    def post(
        self, body: bytes, *, content_type: str = "application/x-www-form-urlencoded", headers: Any = None
    ) -> httpx.Response:
        candidates = self.alive()
        for bot in self.rng.sample(candidates, len(candidates)):
            updates = len(self.slack.calls_to("chat.update"))
            try:
                answered = bot.post(body, content_type=content_type, headers=headers)
            except httpx.TransportError:
                continue
            if self.crash_next == "applying":
                assert self.slack.wait_for(lambda since=updates: self.working_on_it(since), timeout=CARD_TIMEOUT)
            if self.crash_next:
                bot.crash()
                self.crash_next, self.killed, self.killed_at = None, bot, datetime.now(UTC)
            return answered
        raise AssertionError("no replica took the request")

    def working_on_it(self, since: int) -> bool:
        return any("Working on it" in str(call.params) for call in self.slack.calls_to("chat.update")[since:])

    def log(self) -> str:
        return "\n".join(f"--- {bot.name}:\n{bot.log()[-2500:]}" for bot in self.replicas)


def settled(staff: Staff, card: Card) -> Card:
    """The DM card once its conversation is over (no buttons, not 'Working on it'), however long a settle takes."""
    ts = str(card.raw["ts"])

    def final() -> bool:
        shown = staff.dm_card(ts)
        return not shown.buttons and "Working on it" not in shown.shown

    assert staff.slack.wait_for(final, timeout=SETTLED_TIMEOUT), f"never settled:\n{staff.bot.log()}"
    return staff.dm_card(ts)


Steps = Iterator[str]
"""A conversation, one request at a time; each yield names the kind of request it sends next."""


def reschedule(staff: Staff, row: dict[str, Any], outcome: dict[str, Any]) -> Steps:
    offered = staff.command("/reschedule", reschedule_text(row))
    assert "Pick a new time" in offered.shown, offered.shown
    yield "time"
    confirm = staff.click(offered, offered.labels[0])
    assert "Move this appointment?" in confirm.shown, confirm.shown
    outcome["new_time"] = offered.labels[0]
    yield "confirm"
    staff.click(confirm, "Confirm")
    outcome["card"] = settled(staff, confirm).shown


def cancel(staff: Staff, row: dict[str, Any], outcome: dict[str, Any]) -> Steps:
    confirm = staff.command("/cancel", cancel_text(row))
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    yield "confirm"
    staff.click(confirm, "Confirm")
    outcome["card"] = settled(staff, confirm).shown


KILLS = (("command", "ack"), ("time", "ack"), ("confirm", "ack"), ("confirm", "applying"))
"""Trial n kills the replica that took a request of kind KILLS[n][0] at the moment KILLS[n][1]."""
TRIALS = len(KILLS)


@dataclass
class Trial:
    number: int
    server: PostgreSQLServer
    folder: Path
    replicas: list[ServedBot] = field(default_factory=list)
    killed_after: str = ""

    def run(self) -> str:
        rng = random.Random(1000 + self.number)
        store = self.server.create_database()
        clinic = Clinic(self.folder / f"trial-{self.number}", store=store).seed()
        diary = clinic.appointments()
        rows = distinct_appointments(diary)[: len(STAFF_IDS)]
        with clinic_slack() as slack:
            self.replicas = [ServedBot(slack, clinic, dict(SETTINGS), name=f"replica-{n}") for n in "ab"]
            with ThreadPoolExecutor(2) as starting:
                list(starting.map(ServedBot.start, self.replicas))
            try:
                if self.number == 0:  # once is enough, while both replicas are alive
                    self.retried_dm_is_handled_once(slack)
                    self.one_sweeper_at_a_time(store)
                balancer = Balancer(self.replicas, slack, rng)
                outcomes = self.converse(balancer, rows, rng)
                assert broken_rules(slack, 0) == "", "the replicas broke Slack's rules"
                recorded(store)
                return self.check(clinic, store, diary, rows, outcomes, balancer)
            finally:
                for bot in self.replicas:
                    bot.stop()

    def converse(self, balancer: Balancer, rows: list[dict[str, Any]], rng: random.Random) -> list[dict[str, Any]]:
        """Four staff, each on their own patient, their requests interleaved at random; one replica killed."""
        outcomes: list[dict[str, Any]] = [{} for _ in rows]
        kinds: list[Callable[[Staff, dict[str, Any], dict[str, Any]], Steps]] = [reschedule, cancel] * 2
        running = {
            index: (kinds[index](Staff(balancer, user), rows[index], outcomes[index]), "command")
            for index, user in enumerate(STAFF_IDS)
        }
        victim_kind, moment = KILLS[self.number % len(KILLS)]
        while running:
            index = rng.choice(sorted(running))
            conversation, kind = running.pop(index)
            last_chance = not any(later == victim_kind for _, later in running.values())
            if balancer.killed is None and kind == victim_kind and (last_chance or rng.random() < 0.5):
                balancer.crash_next = moment
            following = next(conversation, None)
            if following is not None:
                running[index] = (conversation, following)
        assert balancer.killed is not None, "a replica was killed mid-conversation"
        self.killed_after = f"{victim_kind} ({moment})"
        return outcomes

    def one_sweeper_at_a_time(self, store: str) -> None:
        """Both replicas try to sweep every SWEEP_SECONDS; the lease keeps it with one of them while it lives."""
        seen = []
        for _ in range(5):
            seen += sweeper_owners(store)
            time.sleep(float(SETTINGS["SWEEP_SECONDS"]))
        assert len(set(seen)) == 1, f"the sweeper changed hands between live replicas: {seen}"

    def retried_dm_is_handled_once(self, slack: SlackStandIn) -> None:
        """Slack retries a DM whose ack it missed; the retry lands on the other replica."""
        first, second = self.replicas
        staff = first.as_staff(STAFF_IDS[0])
        before = len(staff.dm_cards())
        event = dm_event("hello there", user_id=staff.user_id)
        event_id = staff.send_event(event)
        second.as_staff(STAFF_IDS[0]).send_event(event, event_id=event_id, retry=1)
        assert slack.wait_for(lambda: len(staff.dm_cards()) > before, timeout=CARD_TIMEOUT)
        assert not slack.wait_for(lambda: len(staff.dm_cards()) > before + 1, timeout=1.5), "the retry made a card"

    def check(
        self,
        clinic: Clinic,
        store: str,
        diary: list[dict[str, Any]],
        rows: list[dict[str, Any]],
        outcomes: list[dict[str, Any]],
        balancer: Balancer,
    ) -> str:
        audit = clinic.audit()
        after = {row["id"]: row for row in clinic.appointments()}
        told: list[str] = []
        for row, outcome, kind in zip(rows, outcomes, ("reschedule", "cancel") * 2, strict=True):
            entries = [entry for entry in audit if entry["appointment_id"] == row["id"]]
            applied = [entry for entry in entries if entry["outcome"] == "applied"]
            assert len(applied) <= 1, f"{row['id']} changed twice: {entries}"
            now = after[row["id"]]
            if kind == "reschedule":
                moved = shown_time(now["start"]) == outcome["new_time"]
                assert moved == bool(applied), (now, entries)
                assert ("Moved from" in outcome["card"]) == moved, outcome["card"]
                assert moved or now["start"] == row["start"], "a move not applied left the booking where it was"
            else:
                assert (now["status"] == "cancelled") == bool(applied), (now, entries)
                assert ("Cancelled" in outcome["card"]) == bool(applied), outcome["card"]
            for entry in entries:
                if "reconciled" in entry["detail"]:
                    # The dead replica's lease was taken at most a moment before it died: not settled before it lapsed.
                    at = datetime.fromisoformat(entry["at"])
                    assert balancer.killed_at is not None
                    assert at >= balancer.killed_at + CHANGE_LEASE - timedelta(seconds=1), (at, balancer.killed_at)
            told.append("applied" if applied else "not applied")
        assert sorted(after) == sorted(row["id"] for row in diary), "no booking made or lost"
        touched = {row["id"] for row in rows}
        assert [row for row in diary if row["id"] not in touched and after[row["id"]] != row] == []
        assert {entry["appointment_id"] for entry in audit} <= touched
        owners = sweeper_owners(store)
        pids = {f":{pid}" for bot in self.replicas for pid in bot.pids() | bot.lived_as}
        assert len(owners) == 1 and any(owners[0].endswith(pid) for pid in pids), owners
        killed = balancer.killed.name if balancer.killed else "none"
        survivor = next(bot for bot in self.replicas if bot is not balancer.killed).log()
        took_over = f"{survivor.count('replaying an interrupted')} replayed, {survivor.count(' reconciled:')} settled"
        return f"trial {self.number}: {killed} killed on a {self.killed_after}; {took_over}; outcomes {told}"


def recorded(store: str) -> None:
    """Wait until no change is left `applying`. An outcome's card is drawn a moment before it is recorded: a
    replica killed in between leaves the record to the survivor, once the dead one's lease has lapsed."""

    def applying() -> int:
        with psycopg.connect(store) as connection:
            [(count,)] = connection.execute("SELECT count(*) FROM conversations WHERE step = 'applying'").fetchall()
            return int(count)

    deadline = time.monotonic() + SETTLED_TIMEOUT
    while applying() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert applying() == 0, "a change was never recorded"


def sweeper_owners(store: str) -> list[str]:
    with psycopg.connect(store) as connection:
        return [owner for (owner,) in connection.execute("SELECT owner FROM leases WHERE name = 'sweeper'")]


def test_two_replicas_finish_every_conversation_after_one_is_killed_and_nothing_is_applied_twice(
    postgresql_server: PostgreSQLServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reports = [Trial(number, postgresql_server, tmp_path).run() for number in range(TRIALS)]
    with capsys.disabled():
        print("\n" + "\n".join(reports))
