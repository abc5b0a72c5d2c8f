"""What Bolt does when reading or handling a request raises: one log line, a plain 400, no traceback.

Bolt's default answers 500 and logs the exception with its traceback and
message; the message may quote the payload (a KeyError names the key, a
pydantic error quotes the input) and a flood of junk then floods the log. The
HTTP edge (bot/cli/http_edge.py) refuses malformed requests before Bolt; this
is the backstop for anything it missed. The line names the error's type and
the innermost frame (file and line: enough to find a bug), nothing else.
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path

from slack_bolt import App, BoltResponse

logger = logging.getLogger("bot.slack")

UNREADABLE = "This request could not be handled."


def register(app: App) -> None:
    app.error(on_error)


def where(error: BaseException) -> str:
    """'payloads.py:42': the innermost frame of the error's traceback ('?' without one)."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return "?"
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}"


def on_error(error: Exception) -> BoltResponse:
    logger.error("Slack request not handled: %s at %s", type(error).__name__, where(error))
    return BoltResponse(status=400, body=UNREADABLE)
