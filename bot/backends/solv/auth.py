"""Solv's access token, fetched and renewed inside httpx's auth flow.

Booking-scoped Solv tokens live one hour and there is no refresh call, so a
new token is requested a few minutes before the old one runs out, and once
more if Solv answers 401 anyway (clock skew, a revoked token). Solv allows
several live tokens per client, so two threads renewing at once is harmless
and no lock is taken across the network call.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from pydantic import SecretStr, ValidationError

from bot.backends.errors import BackendUnavailable
from bot.backends.solv.models import TokenRequest, TokenResponse
from bot.backends.solv.translate import parse_instant, unwrap
from bot.domain import Clock

logger = logging.getLogger(__name__)

TOKEN_PATH = "/v1/auth/token"
SCOPES = "read:locations,read:bookings,write:bookings"
RENEW_BEFORE = timedelta(minutes=5)


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: datetime | None
    """None: Solv gave no lifetime (read-only tokens do not expire); renewed on 401 only."""


class SolvAuth(httpx.Auth):
    """Adds `x-api-key` and `Authorization: Bearer` to every call, keeping the token fresh.

    A failed token request is handed back as the call's own response, so the
    shared client retries it (5xx, 429) and the error mapper words it, exactly
    like any other Solv answer.
    """

    requires_response_body = True

    def __init__(self, *, token_url: str, client_id: str, client_secret: SecretStr, clock: Clock) -> None:
        self._token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self._token: _Token | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["x-api-key"] = self._client_id
        token = self._token
        if token is None or self._expiring(token):
            token_response = yield self._token_request()
            token = self._store(token_response)
            if token is None:
                return
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = yield request
        if response.status_code != 401:
            return
        logger.info("solv: 401 on %s %s, renewing the token once", request.method, request.url.path)
        token_response = yield self._token_request()
        token = self._store(token_response)
        if token is None:
            return
        request.headers["Authorization"] = f"Bearer {token.value}"
        yield request

    def _expiring(self, token: _Token) -> bool:
        return token.expires_at is not None and self._clock() >= token.expires_at - RENEW_BEFORE

    def _token_request(self) -> httpx.Request:
        body = TokenRequest(
            client_id=self._client_id,
            client_secret=self._client_secret.get_secret_value(),
            grant_type="service_api",
            scope=SCOPES,
        )
        return httpx.Request(
            "POST",
            self._token_url,
            json=body.model_dump(),
            headers={"x-api-key": self._client_id, "Accept": "application/json"},
        )

    def _store(self, response: httpx.Response) -> _Token | None:
        """The new token, or None when Solv refused (the caller then sees that refusal)."""
        if not response.is_success:
            logger.warning("solv: token request answered %d", response.status_code)
            self._token = None
            return None
        try:
            parsed = TokenResponse.model_validate(unwrap(response.json()))
            expires_at = self._expiry(parsed)
        except (ValueError, ValidationError) as error:
            raise BackendUnavailable(
                "Solv's token answer could not be read, so nothing was sent. Please try again in a minute."
            ) from error
        token = _Token(parsed.access_token, expires_at)
        self._token = token
        return token

    def _expiry(self, parsed: TokenResponse) -> datetime | None:
        # The relative lifetime is immune to a skew between Solv's clock and ours: prefer it.
        if parsed.expires_in is not None:
            return self._clock() + timedelta(seconds=parsed.expires_in)
        if parsed.expiration_timestamp:
            return parse_instant(parsed.expiration_timestamp, "UTC")
        return None
