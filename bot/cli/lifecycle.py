"""The bot's life in a process: settled after its predecessor at start-up, swept while it runs, stopped cleanly.

`clinic-bot serve` runs it in its work process (or in its only process, with
WORK_PROCESS=false); the console runs the same sweeper.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import datetime, timedelta

from bot.assistant import housekeeping
from bot.cli.metrics import Metrics
from bot.cli.wiring import Bot, build_bot
from bot.config import Settings
from bot.store.factory import is_postgresql
from bot.store.retention import INBOX_USEFUL_FOR, purge_all

logger = logging.getLogger("bot.cli.serve")

SWEEP_SECONDS = 30.0
"""How often the sweeper makes its whole pass (settle, replay, expire, purge)."""
SETTLE_SECONDS = 5.0
"""How often the sweeper looks for interrupted changes it may settle (between its whole passes)."""


class Sweeper(threading.Thread):
    """Expires idle conversations (giving their holds back), settles interrupted changes, forgets old rows.

    Interrupted changes are looked at every SETTLE_SECONDS (one indexed read when there are none), the rest
    every `interval`: a change its killed predecessor left is settled seconds after it can be, not minutes.
    """

    def __init__(
        self, bot: Bot, interval: float = SWEEP_SECONDS, *, predecessor_died_before: datetime | None = None
    ) -> None:
        super().__init__(name="conversation-sweeper", daemon=True)
        self.bot, self.interval = bot, interval
        self.predecessor_died_before = predecessor_died_before
        self.stopped = threading.Event()

    def run(self) -> None:
        tick = min(SETTLE_SECONDS, self.interval)
        next_sweep = time.monotonic() + self.interval
        while not self.stopped.wait(tick):
            if time.monotonic() >= next_sweep:
                next_sweep = time.monotonic() + self.interval
                self.once()
            else:
                self.settle()

    def settle(self) -> None:
        try:
            housekeeping.reconcile(self.bot.assistant, predecessor_died_before=self.predecessor_died_before)
        except Exception as error:  # a failed pass must not stop the next one
            logger.error("settling interrupted changes failed: %s", type(error).__name__)

    def once(self) -> None:
        """Settle, replay or tell, expire, then forget what is past the settings' retention (as `clinic-bot purge`).

        Unfinished inbox rows are replayed (or, past their response_url's 30 minutes, the person is told)
        before any purge could delete them: nothing acknowledged is dropped in silence.
        """
        assistant, settings = self.bot.assistant, self.bot.settings
        try:
            housekeeping.reconcile(assistant, predecessor_died_before=self.predecessor_died_before)
            housekeeping.replay(assistant, older_than=settings.replay_after)
            housekeeping.sweep(
                assistant,
                conversation_retention=settings.conversation_retention,
                inbox_retention=min(settings.conversation_retention, INBOX_USEFUL_FOR),
            )
            purge_all(
                assistant.store,
                now=assistant.clock(),
                conversations_older_than=settings.conversation_retention,
                audit_older_than=settings.audit_retention,
            )
        except Exception as error:  # a sweep that fails must not stop the next one
            logger.error("sweep failed: %s", type(error).__name__)

    def stop(self) -> None:
        self.stopped.set()


def prepare(
    settings: Settings, *, metrics: Metrics | None = None, after_a_crash: bool = False
) -> tuple[Bot, datetime | None]:
    """The bot, settled after its predecessor; and, on SQLite, when this process started (see `Sweeper`).

    `after_a_crash`: a work process started again while its serving process goes on taking requests. The
    newest inbox rows may then be on their way to it already, so, as on a shared database, only requests
    old enough to have been interrupted are replayed now (the sweeper replays the rest).
    """
    settings.require_slack()
    settings.warn_if_open()
    bot = build_bot(settings, metrics=metrics)
    if bot.backend.name.lower().startswith("demo") or settings.booking_backend == "sandbox":
        logger.warning(
            "BOOKING_BACKEND is sandbox: serving the embedded demo clinic, not a real booking system "
            "(set BOOKING_BACKEND=cliniko, qmatic or solv)"
        )
    # One process on SQLite: whatever is unfinished was its predecessor's. On PostgreSQL a live replica
    # may be working on the newest requests: only those old enough to have been interrupted.
    shared = is_postgresql(settings.store_location)
    started = None if shared else bot.assistant.clock()
    housekeeping.reconcile(bot.assistant, predecessor_died_before=started)
    young_ones_live = shared or after_a_crash
    housekeeping.replay(bot.assistant, older_than=settings.replay_after if young_ones_live else timedelta(0))
    return bot, started


def finish_work(bot: Bot, within: float) -> bool:
    """Let the acknowledged work (queued or running) finish, for at most `within` seconds; True if it all did.

    The work pool's own shutdown waits without a bound, so it waits on a thread of its own.
    """
    finishing = threading.Thread(target=bot.pool.shutdown, kwargs={"wait": True}, name="finish-work", daemon=True)
    finishing.start()
    finishing.join(within)
    return not finishing.is_alive()


def stop(bot: Bot, within: float) -> None:
    """After the last request was taken: the work in hand finishes (its changes, cards and audit rows), then the
    booking system's connections and the store close. Work still running after `within` seconds (a booking
    system that does not answer) is not cut off: closing its client under it would turn a change that went
    through into "Something went wrong". The process ends at once instead, as after a crash, and the next
    start settles it: the change left in `applying` is read back, the unfinished request replayed or reported.
    """
    if finish_work(bot, within):
        bot.close()
        logger.info("stopped")
        return
    logger.warning(
        "work still in hand after %g s (STOP_TIMEOUT): stopping without it; the next start settles it", within
    )
    logging.shutdown()
    os._exit(0)
