"""The vendor stand-ins build on the same loopback server the console uses for Slack.

`running` is how a fixture holds one: `yield from running(server)` starts it
and, after the test, stops it without waiting for the loop's half-second poll.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any, TypeVar

from bot.local.loopback import Fault, StubRequest, StubResponse, StubServer

ServerT = TypeVar("ServerT", bound=StubServer)
TokenT = TypeVar("TokenT")


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


def json_object(request: StubRequest) -> dict[str, Any] | None:
    """The JSON object a request carries; None for no body, a body that is not JSON, or JSON that is no object."""
    try:
        body = request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def bearer(
    request: StubRequest, tokens: Mapping[str, TokenT], *, missing: StubResponse, unknown: StubResponse
) -> TokenT | StubResponse:
    """What the request's `Authorization: Bearer ...` token was issued as; else the vendor's refusal
    for no bearer token (`missing`) or one it never issued (`unknown`)."""
    authorization = request.header("authorization") or ""
    if not authorization.lower().startswith("bearer "):
        return missing
    token = tokens.get(authorization[7:].strip())
    return unknown if token is None else token


__all__ = [
    "Fault",
    "StubRequest",
    "StubResponse",
    "StubServer",
    "bearer",
    "json_object",
    "running",
    "stop_soon",
]
