"""Under a burst, Slack's acknowledgements come before the work they start (bot/ack_first.py)."""

from __future__ import annotations

import threading

from bot.cli.ack_first import AckFirstExecutor, AckGate


def test_work_starts_only_once_no_request_is_being_acknowledged() -> None:
    gate = AckGate(quiet_seconds=0.01)
    pool = AckFirstExecutor(gate, max_workers=1)
    started = threading.Event()
    gate.enter()
    pool.submit(started.set)
    assert not started.wait(0.3), "work ran while a request was still being acknowledged"
    gate.leave()
    assert started.wait(5)
    pool.shutdown()


def test_work_never_waits_longer_than_its_limit_however_long_a_burst_lasts() -> None:
    gate = AckGate(quiet_seconds=0.01)
    gate.enter()  # a burst that never ends
    finished = threading.Event()
    waiter = threading.Thread(target=lambda: (gate.wait_until_quiet(max_wait=0.2), finished.set()))
    waiter.start()
    assert finished.wait(5)
    gate.leave()


def test_a_request_counts_as_in_flight_only_while_it_is_handled() -> None:
    gate = AckGate(quiet_seconds=0.0)
    seen: list[int] = []

    def respond() -> list[bytes]:
        seen.append(gate.in_flight)
        return [b"ok"]

    assert gate.around(respond) == [b"ok"]
    assert seen == [1] and gate.in_flight == 0
