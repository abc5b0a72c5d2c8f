"""Placeholder until the parser lands (issue: clinic-bot parse). Owned by the NLU work."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bot.nlu.model import ParsedRequest


def parse_request(text: str, now: datetime, tz: str, date_order: Literal["MDY", "DMY"] = "MDY") -> ParsedRequest:
    """Parse one staff request. `now` is a wall time in `tz` (naive or aware)."""
    raise NotImplementedError
