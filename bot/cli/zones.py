"""Each person's Slack time zone (users.info `tz`), cached: every card shows times in it."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

logger = logging.getLogger(__name__)


@dataclass
class UserZones:
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
        except SlackApiError as error:
            logger.warning("users.info failed (%s); showing times in the clinic zone", error.response.get("error"))
        except (ZoneInfoNotFoundError, ValueError) as error:
            logger.warning(
                "users.info gave an unknown zone (%s); showing times in the clinic zone", type(error).__name__
            )
        with self._lock:
            self._cache[user_id] = (now + self.ttl_seconds, zone)
        return zone
