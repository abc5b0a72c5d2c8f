"""`clinic-bot serve` acknowledges in one process and works in another (bot/cli/work_process.py).

What an IT admin relies on: the work process is one child of the service,
replaced at once if it dies (the serving process keeps acknowledging, and
what the dead one held is done from the inbox), gone the moment the service
is killed, and visible on /metrics. It is the default; WORK_PROCESS=false serves in one process.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.cli import worker
from bot.local.slack import SlackStandIn
from tests.e2e import harness
from tests.e2e.harness import CARD_TIMEOUT, Clinic, ServedBot

pytestmark = pytest.mark.e2e

WITH_WORK_PROCESS = {"WORK_PROCESS": "true", "REPLAY_AFTER": "1s", "SWEEP_SECONDS": "0.3"}
"""The short REPLAY_AFTER only keeps the test quick: a request the dead work process held is replayed this old."""


@pytest.fixture
def own_bot(slack: SlackStandIn, tmp_path: Path) -> Iterator[ServedBot]:
    served = ServedBot(slack, Clinic(tmp_path).seed(), dict(WITH_WORK_PROCESS)).start()
    yield served
    served.stop()


def work_pids(bot: ServedBot) -> set[int]:
    """The serving process's work processes (not multiprocessing's resource tracker, its other child)."""
    assert bot.process is not None
    children = bot.pids() - {bot.process.pid}
    return {pid for pid in children if b"spawn_main" in _command_line(pid)}


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return b""


def work_pid(bot: ServedBot) -> int:
    [child] = work_pids(bot)
    return child


def alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


def test_a_killed_work_process_is_replaced_and_every_request_still_gets_its_card(own_bot: ServedBot) -> None:
    diary = own_bot.clinic.appointments()
    first = work_pid(own_bot)
    os.kill(first, signal.SIGKILL)

    # Acknowledged at once however the work process fares; the card comes from its successor, handed the
    # request directly or, when the dead one had it, replayed from the inbox once REPLAY_AFTER has passed.
    chosen, staff = own_bot.scenario(diary, 0)
    offered = staff.command("/reschedule", harness.reschedule_text(chosen))
    assert "Pick a new time" in offered.shown, offered.shown

    assert wait_for(lambda: work_pids(own_bot) - {first}, CARD_TIMEOUT)
    assert work_pid(own_bot) != first
    assert "the work process ended unexpectedly" in own_bot.log()
    # The conversation goes on in the new work process to its end.
    done = staff.click(staff.click(offered, offered.labels[0]), "Confirm")
    assert "Moved from" in done.shown, done.shown
    assert own_bot.clinic.audit_of(chosen)[0]["outcome"] == "applied"


def niceness(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])


def test_on_busy_cores_the_acks_come_before_the_work(own_bot: ServedBot) -> None:
    """The kernel runs the serving process (the acks Slack waits 3 s for) before the work process."""
    assert own_bot.process is not None
    assert niceness(work_pid(own_bot)) - niceness(own_bot.process.pid) == worker.NICENESS > 0


def test_killing_the_service_ends_its_work_process_at_once(own_bot: ServedBot) -> None:
    work = work_pid(own_bot)
    assert own_bot.process is not None
    own_bot.process.kill()
    own_bot.process.wait()
    assert wait_for(lambda: not alive(work), 2.0), "the work process outlived the service"


def test_the_work_process_shows_on_metrics_and_sigterm_stops_both(own_bot: ServedBot) -> None:
    diary = own_bot.clinic.appointments()
    chosen, staff = own_bot.scenario(diary, 1)
    staff.command("/cancel", harness.cancel_text(chosen))
    text = httpx.get(own_bot.url + "/metrics", timeout=5).text
    assert "clinic_bot_work_process_cpu_seconds_total" in text
    posted = [line for line in text.splitlines() if line.startswith('clinic_bot_cards_total{action="posted"}')]
    assert posted and float(posted[0].split()[-1]) >= 1, "the work process's cards are not counted"

    work = work_pid(own_bot)
    assert own_bot.stop(timeout=10) == 0
    assert not alive(work)
    assert "the work process ended unexpectedly" not in own_bot.log()


@pytest.mark.parametrize(("settings", "work_processes"), [({}, 1), ({"WORK_PROCESS": "false"}, 0)])
def test_by_default_the_work_has_a_process_of_its_own_and_work_process_false_serves_in_one(
    slack: SlackStandIn, tmp_path: Path, settings: dict[str, str], work_processes: int
) -> None:
    served = ServedBot(slack, Clinic(tmp_path).seed(), settings).start()
    try:
        assert served.process is not None and len(work_pids(served)) == work_processes
        chosen, staff = served.scenario(served.clinic.appointments(), 0)
        offered = staff.command("/reschedule", harness.reschedule_text(chosen))
        assert "Pick a new time" in offered.shown, offered.shown
    finally:
        assert served.stop() == 0
