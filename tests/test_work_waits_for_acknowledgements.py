"""Under a burst, Slack's acknowledgements come before the work they start, and few jobs run beside them."""

from __future__ import annotations

import threading

from bot.cli.ack_first import AckFirstExecutor, AckGate


def _acknowledging(gate: AckGate, until: threading.Event, entered: threading.Event) -> threading.Thread:
    """Another request, being acknowledged until `until` is set."""

    def respond() -> list[bytes]:
        entered.set()
        until.wait(5)
        return [b"ok"]

    thread = threading.Thread(target=lambda: gate.around(respond))
    thread.start()
    assert entered.wait(5)
    return thread


def test_while_acks_are_pending_only_one_job_runs_beside_them() -> None:
    gate = AckGate(jobs_during_acks=1)
    pool = AckFirstExecutor(gate, max_workers=2)
    release_ack, ack_entered = threading.Event(), threading.Event()
    ack = _acknowledging(gate, release_ack, ack_entered)
    first_running, let_first_end, second_ran = threading.Event(), threading.Event(), threading.Event()
    pool.submit(lambda: (first_running.set(), let_first_end.wait(5)))
    assert first_running.wait(5), "a job starts beside another request's ack when none runs"
    pool.submit(second_ran.set)
    assert not second_ran.wait(0.3), "a second job ran while an ack was still pending"
    let_first_end.set()
    assert second_ran.wait(5), "the next job starts when the one beside the acks ends"
    release_ack.set()
    ack.join(5)
    pool.shutdown()


def test_with_no_ack_pending_every_thread_works() -> None:
    gate = AckGate(jobs_during_acks=1)
    pool = AckFirstExecutor(gate, max_workers=3)
    barrier = threading.Barrier(3, timeout=5)
    results = [pool.submit(barrier.wait) for _ in range(3)]
    assert sorted(future.result(timeout=10) for future in results) == [0, 1, 2]
    pool.shutdown()


def test_work_never_waits_longer_than_its_limit_however_long_a_burst_lasts() -> None:
    gate = AckGate(jobs_during_acks=0)
    release_ack, ack_entered = threading.Event(), threading.Event()
    ack = _acknowledging(gate, release_ack, ack_entered)
    finished = threading.Event()
    waiter = threading.Thread(target=lambda: (gate.start_job(max_wait=0.2), finished.set()))
    waiter.start()
    assert finished.wait(5)
    release_ack.set()
    ack.join(5)


def test_a_request_counts_as_in_flight_only_while_it_is_handled() -> None:
    gate = AckGate()
    seen: list[int] = []

    def respond() -> list[bytes]:
        seen.append(gate.in_flight)
        return [b"ok"]

    assert gate.around(respond) == [b"ok"]
    assert seen == [1] and gate.in_flight == 0
