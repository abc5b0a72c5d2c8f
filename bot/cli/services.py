"""The composition root's product: everything a listener needs, built once at start-up."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.assistant import Assistant
from bot.backends.base import BookingBackend
from bot.cli.ack_first import AckFirstExecutor, AckGate
from bot.config import Settings
from bot.domain import Clock
from bot.store import Store

logger = logging.getLogger(__name__)


@dataclass
class UserZones:
    """Each person's Slack time zone (users.info `tz`), cached: times are shown in it."""

    fallback: ZoneInfo
    ttl_seconds: float = 3600.0
    _cache: dict[str, tuple[float, ZoneInfo]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def zone_for(self, client: WebClient, user_id: str) -> ZoneInfo:
        now = time.monotonic()
        with self._lock:
            cached = self._cache.get(user_id)
        if cached is not None and cached[0] > now:
            return cached[1]
        zone = self.fallback
        try:
            response = client.users_info(user=user_id)
            name = (response.get("user") or {}).get("tz")
            if name:
                zone = ZoneInfo(name)
        except (SlackApiError, ZoneInfoNotFoundError, ValueError) as error:
            logger.warning("users.info for %s failed (%s); showing times in the clinic zone", user_id, error)
        with self._lock:
            self._cache[user_id] = (now + self.ttl_seconds, zone)
        return zone


SOMETHING_WENT_WRONG = (
    "Something went wrong on my side while working on that. Check the appointment in the booking system "
    "before trying again; `clinic-bot audit` shows any change I made."
)


@dataclass
class Services:
    settings: Settings
    store: Store
    backend: BookingBackend
    assistant: Assistant
    zones: UserZones
    clock: Clock
    ack_gate: AckGate = field(default_factory=AckGate)
    """Counts Slack requests being acknowledged; background work waits for it (see bot/ack_first.py)."""
    work_threads: int = 8
    work_pool: AckFirstExecutor = field(init=False)

    def __post_init__(self) -> None:
        self.work_pool = AckFirstExecutor(self.ack_gate, self.work_threads, "clinic-bot-work")

    def in_background(
        self, work: Callable[..., None], *args: Any, tell_person: Callable[[str], object] | None = None
    ) -> None:
        """Run a listener's work after its acknowledgement, on the work pool (see bot/ack_first.py).

        A failure is a bug: it is logged by type only (its message could quote
        patient data), and the person is told plainly rather than left waiting.
        """

        def guarded() -> None:
            try:
                work(*args)
            except Exception as error:
                logger.error("%s failed: %s", getattr(work, "__name__", "work"), type(error).__name__)
                if tell_person is not None:
                    try:
                        tell_person(SOMETHING_WENT_WRONG)
                    except Exception as telling:
                        logger.error("could not tell the person: %s", type(telling).__name__)

        self.work_pool.submit(guarded)

    def allowed(self, user_id: str, channel_id: str | None) -> bool:
        """Empty allowlists mean the whole workspace; otherwise the user or the channel must be listed."""
        users, channels = self.settings.allowed_user_ids, self.settings.allowed_channel_ids
        if not users and not channels:
            return True
        return user_id in users or (channel_id is not None and channel_id in channels)
