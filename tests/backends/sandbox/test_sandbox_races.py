"""Two people at two desks: Bolt runs listeners in a thread pool, and only one may get a time."""

import threading
from pathlib import Path

from bot.backends.errors import SlotTaken
from bot.backends.sandbox import SandboxBackend
from bot.domain import Window
from tests.backends.sandbox.support import FRIDAY, NOW, booked_with, chicago, maria_on_tuesday


def test_two_desks_holding_the_same_time_at_once_get_it_only_once(backend: SandboxBackend, db_path: Path) -> None:
    maria = maria_on_tuesday(backend)
    other = booked_with(backend, "prac-patel", other_than=maria.id)
    slot = backend.open_slots(maria, Window(start=chicago(FRIDAY, 8), end=chicago(FRIDAY, 12)), now=NOW, limit=1)[0]
    wanted = [(maria, slot), (other, slot.model_copy(update={"end": slot.start + other.service.duration}))] * 4
    start = threading.Barrier(len(wanted))
    outcomes: list[str] = []

    def desk(index: int) -> None:
        appointment, asked = wanted[index]
        start.wait()
        try:
            backend.hold(appointment, asked, now=NOW)
            outcomes.append(appointment.id)
        except SlotTaken:
            outcomes.append("taken")

    threads = [threading.Thread(target=desk, args=(index,)) for index in range(len(wanted))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    winners = {outcome for outcome in outcomes if outcome != "taken"}
    assert len(outcomes) == len(wanted) and len(winners) == 1
