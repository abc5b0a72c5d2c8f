"""Solv's side of the shared OAuth client-credentials flow (`bot.backends.oauth`).

Solv's token call (Get an access token): `POST /v1/auth/token` with a JSON
body (`client_id`, `client_secret`, `grant_type` `service_api` as the token
page says, comma-separated `scope`), and `x-api-key: <client id>` on that call
and every other. Booking-scoped tokens live an hour; read-only ones do not
expire (no lifetime is given, and they are renewed on a 401 only).
"""

from __future__ import annotations

from datetime import datetime, timedelta

import httpx
from pydantic import SecretStr

from bot.backends.oauth import Token
from bot.backends.solv.models import TokenRequest, TokenResponse
from bot.backends.solv.translate import parse_instant, unwrap

TOKEN_PATH = "/v1/auth/token"
SCOPES = "read:locations,read:bookings,write:bookings"


class SolvGrant:
    vendor = "Solv"

    def __init__(self, *, token_url: str, client_id: str, client_secret: SecretStr) -> None:
        self.token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret

    def token_request(self) -> httpx.Request:
        body = TokenRequest(
            client_id=self._client_id,
            client_secret=self._client_secret.get_secret_value(),
            grant_type="service_api",
            scope=SCOPES,
        )
        return httpx.Request(
            "POST",
            self.token_url,
            json=body.model_dump(),
            headers={"x-api-key": self._client_id, "Accept": "application/json"},
        )

    def read_token(self, response: httpx.Response, now: datetime) -> Token:
        parsed = TokenResponse.model_validate(unwrap(response.json()))
        # The relative lifetime is immune to a skew between Solv's clock and ours: prefer it.
        if parsed.expires_in is not None:
            return Token(parsed.access_token, now + timedelta(seconds=parsed.expires_in))
        if parsed.expiration_timestamp:
            return Token(parsed.access_token, parse_instant(parsed.expiration_timestamp, "UTC"))
        return Token(parsed.access_token, None)

    def every_call(self, request: httpx.Request) -> None:
        request.headers["x-api-key"] = self._client_id
