"""One OAuth client-credentials flow for the vendors that use one (Qmatic, Solv), inside httpx's auth flow.

Both vendors issue hour-long tokens and no refresh token, so a new token is
asked for a few minutes before the old one runs out, and once more when the
vendor answers 401 anyway (clock skew, a revoked token). Two threads renewing
at once merely fetch two valid tokens (both vendors allow several), so no lock
is held across the network call.

A refused or failed token request is handed back as the call's own response,
so the shared client retries it (5xx, 429) and the adapter's error mapper
words it like any other answer. What differs per vendor (how the token request
looks, how its answer reads, headers every call carries) is a `TokenGrant`.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import httpx

from bot.backends.errors import BackendUnavailable
from bot.domain import Clock

logger = logging.getLogger(__name__)

RENEW_BEFORE = timedelta(minutes=5)


@dataclass(frozen=True)
class Token:
    value: str
    expires_at: datetime | None
    """None: the vendor gave no lifetime (Solv's read-only tokens do not expire); renewed on a 401 only."""


class TokenGrant(Protocol):
    """A vendor's side of the flow."""

    vendor: str
    """Shown in the sentence when the token answer cannot be read ("Qmatic")."""

    def token_request(self) -> httpx.Request: ...

    def read_token(self, response: httpx.Response, now: datetime) -> Token:
        """The token from a 2xx answer; raises ValueError when it cannot be read."""
        ...

    def every_call(self, request: httpx.Request) -> None:
        """Headers every call carries besides the bearer token (Solv's `x-api-key`)."""
        ...


class ClientCredentialsAuth(httpx.Auth):
    """Adds `Authorization: Bearer` to every call, keeping the token fresh."""

    requires_response_body = True

    def __init__(self, grant: TokenGrant, *, clock: Clock) -> None:
        self.grant = grant
        self._clock = clock
        self._token: Token | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.grant.every_call(request)
        token = self._token
        if token is None or self._expiring(token):
            token = self._store((yield self.grant.token_request()))
            if token is None:
                return
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = yield request
        if response.status_code != 401:
            return
        logger.info("%s: 401 on %s %s, renewing the token once", self.grant.vendor, request.method, request.url.path)
        token = self._store((yield self.grant.token_request()))
        if token is None:
            return
        request.headers["Authorization"] = f"Bearer {token.value}"
        yield request

    def _expiring(self, token: Token) -> bool:
        return token.expires_at is not None and self._clock() >= token.expires_at - RENEW_BEFORE

    def _store(self, response: httpx.Response) -> Token | None:
        """The new token, or None when the vendor refused (the caller then sees that refusal)."""
        if not response.is_success:
            logger.warning("%s: token request answered %d", self.grant.vendor, response.status_code)
            self._token = None
            return None
        try:
            token = self.grant.read_token(response, self._clock())
        except ValueError as error:  # pydantic's ValidationError is a ValueError
            raise BackendUnavailable(
                f"{self.grant.vendor}'s sign-in answer could not be read, so nothing was sent. "
                "Please try again in a minute."
            ) from error
        self._token = token
        return token
