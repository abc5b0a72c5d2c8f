"""The vendor stand-ins build on the same loopback server the console uses for Slack.

`running` is how a fixture holds one: `yield from running(server)` starts it
and, after the test, stops it without waiting for the loop's half-second poll.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TypeVar

from bot.local.loopback import Fault, StubRequest, StubResponse, StubServer

ServerT = TypeVar("ServerT", bound=StubServer)


def stop_soon(server: StubServer) -> None:
    """Stop without waiting: the server loop notices a stop only every half second, and no test should wait for it."""
    threading.Thread(target=server.stop, daemon=True).start()


def running(server: ServerT) -> Iterator[ServerT]:
    """Start `server`, hand it to the test, stop it soon after (for `yield from` in a fixture)."""
    server.start()
    try:
        yield server
    finally:
        stop_soon(server)


__all__ = ["Fault", "StubRequest", "StubResponse", "StubServer", "running", "stop_soon"]
