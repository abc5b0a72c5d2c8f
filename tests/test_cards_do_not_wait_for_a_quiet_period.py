"""Acks first, but a card waits for nothing else: no quiet period once the acknowledgements are out.

A steady trickle of Slack requests (one every 10 ms, each acknowledged at once) is how a busy
front desk looks. Work submitted between two of them must start at once, not wait for a gap in
the trickle that never comes (which used to hold every card back until the trickle ended).
"""

from __future__ import annotations

import threading
import time

from bot.cli.ack_first import AckFirstExecutor, AckGate


def test_work_starts_between_acknowledgements_while_requests_keep_arriving() -> None:
    gate = AckGate()
    pool = AckFirstExecutor(gate, max_workers=1)
    trickle_over = threading.Event()
    started_during_trickle = threading.Event()

    def trickle() -> None:
        for _ in range(100):  # one second of requests, each acknowledged in a moment
            gate.around(lambda: [b"ok"])
            time.sleep(0.01)
        trickle_over.set()

    arriving = threading.Thread(target=trickle)
    arriving.start()
    time.sleep(0.05)
    pool.submit(lambda: None if trickle_over.is_set() else started_during_trickle.set()).result(timeout=10)
    arriving.join()
    pool.shutdown()
    assert started_during_trickle.is_set(), "the card waited for the requests to stop arriving"


def test_work_submitted_while_its_own_request_is_acknowledged_starts_once_the_ack_is_out() -> None:
    gate = AckGate()
    pool = AckFirstExecutor(gate, max_workers=1)
    order: list[str] = []

    def acknowledge() -> list[bytes]:
        done = pool.submit(order.append, "work")
        time.sleep(0.1)  # the rest of the ack: the work must not overtake it
        order.append("ack")
        return [b"ok"] if done else []

    gate.around(acknowledge)
    pool.shutdown(wait=True)
    assert order == ["ack", "work"]
