"""The serving process's work process (WORK_PROCESS, on by default): started before the acks, handed each
request, restarted if it dies.

Why a process of its own: Python runs one thread at a time per process (the
GIL). In one process the work after each ack (parsing, booking lookups,
drawing cards, Slack calls) takes the CPU from the next requests' acks (the
ack-first pool only limits how much), and all of it is bound to one core.
With the work in a process of its own, the serving process does only what
Slack waits for (check the signature, write the inbox row, acknowledge) and
the work has an interpreter lock of its own. It pays for that in CPU (each
request crosses a queue, each count is relayed back). While every ack took
the SQLite writer on its own it measured no better than one process on 2
cores; once acks arriving together shared a commit (bot/store/group_commit.py)
the serving process stopped being the bottleneck and the split carried 64-91
whole conversations/s against 44-52/s, so it is the default. (It was held
back while two replicas on PostgreSQL lost a card after a kill: the work
process outlives its killed parent by a few milliseconds, enough to record an
outcome and not draw it; outcomes are now drawn before they are recorded,
bot/assistant/assistant.py.) It is one work process, never several: conversations
are serialised in its memory (a card drawn but not yet
saved, a change not yet recorded), as in one process.

What stays safe:
- a request is written to the durable inbox before it is acknowledged, and
  only then handed over; if the work process dies, what it held is still in
  the inbox. A new one is started at once and does those requests once they
  are old enough to be taken as interrupted (REPLAY_AFTER), as on a shared
  database: younger ones may already be on their way to it.
- the work process ends the moment the serving process does (kill -9), so
  the next start finds a crash's state, never a change still moving.
- the work process's counts are relayed here, to the one /metrics.

Processes are started with "spawn": a fresh interpreter, never a copy of this
one with its threads, locks and open connections (a restart happens while
they are live).
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from typing import Any

from bot.cli import worker
from bot.cli.metrics import Metrics
from bot.cli.metrics_relay import Update, apply
from bot.config import ConfigError, Settings

logger = logging.getLogger("bot.cli.work_process")

RESTART_PAUSE = 5.0
"""Seconds between attempts to start a work process again after one could not start (the booking system or
Slack unreachable for a while): the serving process keeps acknowledging meanwhile."""
STOP_GRACE = 5.0
"""Seconds a stopping work process gets beyond STOP_TIMEOUT (to close its connections) before it is killed."""
POLL_SECONDS = 0.5
"""How often a quiet relay looks whether its work process is still alive."""


@dataclass
class _Incarnation:
    """One work process and its two queues (never reused: a process that died may have left them locked)."""

    process: Any
    requests: Any
    updates: Any


class WorkProcess:
    def __init__(self, settings: Settings, metrics: Metrics) -> None:
        self.settings, self.metrics = settings, metrics
        self._context = multiprocessing.get_context("spawn")
        self._current: _Incarnation | None = None
        self._stopping = threading.Event()
        self._relay: threading.Thread | None = None
        metrics.watch_work_process(lambda: self.pid)

    @property
    def pid(self) -> int | None:
        current = self._current
        return current.process.pid if current is not None and current.process.is_alive() else None

    @property
    def alive(self) -> bool:
        return self.pid is not None

    def start(self) -> None:
        """Start the work process and wait until it has settled its predecessor's work and is ready.

        ConfigError, in the work process's own words, when it could not start (settings, Slack's answer).
        """
        problem = self._launch(after_a_crash=False)
        if problem is not None:
            raise ConfigError(problem)

    def hand_over(self, body: str, arrived: float) -> None:
        """Queue one acknowledged request for the work process (never blocks: the queue's own thread sends it)."""
        current = self._current
        if current is not None:
            current.requests.put((body, arrived))

    def stop(self, within: float) -> None:
        """After the last request was taken: the work process finishes the work in hand (at most `within`
        seconds, as STOP_TIMEOUT says) and ends; killed if it has not ended STOP_GRACE seconds later."""
        self._stopping.set()
        current = self._current
        if current is None:
            return
        current.requests.put(None)
        current.process.join(within + STOP_GRACE)
        if current.process.is_alive():
            logger.error("the work process did not stop within %g s: killed", within + STOP_GRACE)
            current.process.kill()
            current.process.join()
        current.requests.cancel_join_thread()
        if self._relay is not None:
            self._relay.join(POLL_SECONDS * 4)

    # -- one work process after another ----------------------------------------------------------
    def _launch(self, *, after_a_crash: bool) -> str | None:
        """Start one work process; None once it is ready, else why it could not start."""
        context = self._context
        requests, updates = context.Queue(), context.Queue()
        process = context.Process(
            target=worker.run,
            args=(self.settings, requests, updates, after_a_crash),
            name="clinic-bot-work",
            daemon=True,
        )
        incarnation = _Incarnation(process, requests, updates)
        self._current = incarnation  # requests acknowledged from now on wait in its queue
        process.start()
        while True:
            try:
                update: Update = updates.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if not process.is_alive():
                    return f"the work process ended while starting (exit status {process.exitcode})"
                continue
            if update[0] == "failed":
                process.join()
                return update[1]
            if update[0] == "ready":
                break
            self._count(update)
        self._relay = threading.Thread(target=self._relay_until_it_ends, args=(incarnation,), daemon=True)
        self._relay.name = "work-process-relay"
        self._relay.start()
        return None

    def _relay_until_it_ends(self, incarnation: _Incarnation) -> None:
        """Count the work process's updates here; when it dies unexpectedly, start another."""
        while True:
            try:
                update = incarnation.updates.get(timeout=POLL_SECONDS)
            except queue.Empty:
                if incarnation.process.is_alive():
                    continue
            except (EOFError, OSError):
                pass
            else:
                self._count(update)
                continue
            break
        if self._stopping.is_set():
            return
        incarnation.requests.cancel_join_thread()
        logger.error(
            "the work process ended unexpectedly (exit status %s): starting another; what it held is in the "
            "inbox and is done once REPLAY_AFTER has passed",
            incarnation.process.exitcode,
        )
        self._start_again()

    def _count(self, update: Update) -> None:
        try:
            apply(self.metrics, update)
        except (KeyError, ValueError, TypeError) as error:  # a bug in the relay must not stop the relaying
            logger.error("a relayed metric update was not counted (%s)", type(error).__name__)

    def _start_again(self) -> None:
        while not self._stopping.is_set():
            problem = self._launch(after_a_crash=True)
            if problem is None:
                return
            logger.error("the work process could not start again (%s); trying again in %g s", problem, RESTART_PAUSE)
            time.sleep(RESTART_PAUSE)


__all__ = ["WorkProcess"]
