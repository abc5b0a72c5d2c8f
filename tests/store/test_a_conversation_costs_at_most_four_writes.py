"""A whole reschedule costs four write transactions after its acks, on either database.

SQLite has one writer, so every transaction a conversation opens queues behind
every other front desk's. Each acknowledged request writes its inbox row (in the
ack path, so a crash never loses it); after that, the conversation's own turns
are one compare-and-set each, and each turn closes its request's inbox row in
that same transaction: start, the click on a time, the confirm, the outcome.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from bot.engine.state import Step
from bot.store import Store
from tests.core.conftest import assistant_for, seeded
from tests.core.desk import Desk, RecordingSlack
from tests.store.test_a_turn_costs_one_read_and_one_write import Statements, traced  # noqa: F401


def _begins(statements: Statements) -> int:
    """Write transactions: each BEGIN, and each write statement sent on its own (SQLite makes that one atomic)."""
    count, inside = 0, False
    for sql in statements.seen:
        verb = sql.strip().split(None, 1)[0].upper() if sql.strip() else ""
        if verb == "BEGIN":
            count, inside = count + 1, True
        elif verb in ("COMMIT", "ROLLBACK", "END"):
            inside = False
        elif verb in ("INSERT", "UPDATE", "DELETE", "REPLACE") and not inside:
            count += 1
    return count


class Counted(Desk):
    """A desk that counts the write transactions of each request's ack and of its work, apart."""

    statements: Statements
    acks: int = 0
    work: int = 0

    def _send(self, request: Any) -> None:
        before = _begins(self.statements)
        fresh = self.assistant.accept(request)
        self.acks += _begins(self.statements) - before
        if fresh:
            before = _begins(self.statements)
            self.assistant.handle(request)
            self.work += _begins(self.statements) - before


def test_a_whole_reschedule_is_three_acks_and_four_writes(
    traced: tuple[Store, Statements],  # noqa: F811 - the fixture, imported above
    tmp_path: Path,
) -> None:
    store, statements = traced
    clinic = seeded(tmp_path)
    slack = RecordingSlack()
    desk = Counted(assistant_for(clinic, store, slack), slack)
    desk.statements = statements

    offered = desk.command("john smith to friday morning")
    assert offered is not None and offered.step is Step.CHOOSE_SLOT
    confirm = desk.click(offered, "choose_slot", 0)
    assert confirm is not None and confirm.step is Step.CONFIRM
    done = desk.click(confirm, "confirm")
    assert done is not None and done.step is Step.DONE

    assert desk.acks == 3, "one inbox row per acknowledged request"
    assert desk.work <= 4, f"{desk.work} write transactions after the acks"
    assert store.inbox_unfinished(received_before=clinic.clock() + timedelta(days=1)) == [], "every request closed"
    clinic.sandbox.close()
