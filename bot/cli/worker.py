"""The work process of `clinic-bot serve`: everything after the acknowledgement, on a GIL of its own.

The serving process (bot/cli/work_process.py) starts it with the settings and
two queues: requests in (each already in the durable inbox and acknowledged,
as its inbox row's body) and updates out (its metrics, and whether it
started). It runs the very bot `build_bot` wires, with the same start-up
settling, sweeper and bounded stop as a bot in one process.

It takes no signals of its own: the serving process says when to stop (None
on the queue) after it has stopped taking requests, so a SIGTERM sent to the
whole group (systemd's default) or a Ctrl-C cannot stop the work before the
acks. It ends at once when the serving process is gone (kill -9): a new
service may already be starting on the same database, and must find its
unfinished changes as a crash leaves them, not still moving.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
from typing import Any

from bot.assistant.requests import StoredRequest
from bot.cli.lifecycle import Sweeper, prepare, stop
from bot.cli.logging_setup import configure_logging
from bot.cli.metrics_relay import RelayedMetrics, Update
from bot.cli.wiring import Bot
from bot.config import ConfigError, Settings

logger = logging.getLogger("bot.cli.worker")

ORPHANED_EXIT = 70
"""The exit status when the serving process vanished (EX_SOFTWARE): nothing is left to stop cleanly for."""
NICENESS = 10
"""How much lower than the serving process the work process asks the kernel to schedule it (nice(2)).

Acks first, across processes: when the cores are busy, an ack (Slack drops requests not answered within
3 s) takes the CPU from the work, never waits behind it. Any idle core still runs the work at once, so a
card is no slower on a machine that is not saturated."""


def could_not_start(error: Exception) -> str:
    """What a failed start says: a settings error in its own words, anything else (typically auth.test
    refusing the bot token) as one line, no stack trace."""
    if isinstance(error, ConfigError):
        return str(error)
    return f"could not start: {type(error).__name__}: {error}"


def run(settings: Settings, requests: Any, updates: Any, after_a_crash: bool) -> None:
    """The work process's whole life (`requests`, `updates`: multiprocessing queues)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    configure_logging(settings.log_level)
    _end_with_the_serving_process()
    os.nice(NICENESS)
    send: Any = updates.put
    try:
        bot, started = prepare(settings, metrics=RelayedMetrics(send), after_a_crash=after_a_crash)
    except Exception as error:
        send(("failed", could_not_start(error), 0.0, {}))
        return
    gc.freeze()  # as in one process: what start-up loaded lives as long as the process
    sweeper = Sweeper(bot, settings.sweep_seconds, predecessor_died_before=started)
    sweeper.start()
    update: Update = ("ready", "", 0.0, {})
    send(update)
    try:
        for body, arrived in iter(requests.get, None):
            _hand_over(bot, body, arrived)
    finally:
        sweeper.stop()
        stop(bot, settings.stop_timeout)


def _hand_over(bot: Bot, body: str, arrived: float) -> None:
    try:
        request = StoredRequest.model_validate_json(body).request
    except ValueError as error:  # written by our own serving process: a bug, never patient data in the log
        logger.error("a handed-over request could not be read (%s); dropped", type(error).__name__)
        return
    bot.intake.hand_over(request, arrived)


def _end_with_the_serving_process() -> None:
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(ORPHANED_EXIT)

    threading.Thread(target=watch, name="end-with-serving-process", daemon=True).start()


__all__ = ["ORPHANED_EXIT", "could_not_start", "run"]
