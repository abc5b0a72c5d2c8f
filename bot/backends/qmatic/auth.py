"""Qmatic's side of the shared OAuth client-credentials flow (`bot.backends.oauth`).

Qmatic's token call (Authentication guide): `POST <region host>/oauth2/token`,
`Authorization: Basic base64(id:secret)` without line breaks, header
`X-ACCOUNT` (one page version also sends it as a form field: both are sent),
form `grant_type=client_credentials` and the space-separated scopes. Tokens
live 60 minutes and come without a refresh token.
"""

from __future__ import annotations

import base64
from datetime import datetime, timedelta

import httpx
from pydantic import SecretStr

from bot.backends.oauth import Token
from bot.backends.qmatic.models import TokenResponse

SCOPE_PREFIX = "com.qmatic.saas.appointments/"
SCOPES = " ".join(
    SCOPE_PREFIX + name
    for name in ("external.appointment.book", "external.appointment.reschedule", "external.appointment.cancel")
)
DEFAULT_LIFETIME = timedelta(minutes=60)
"""Qmatic's documented token lifetime, used when an answer leaves `expires_in` out."""


def basic_credentials(client_id: str, client_secret: str) -> str:
    """`Basic base64(id:secret)`, without the line breaks some base64 tools add (Qmatic refuses those)."""
    raw = f"{client_id}:{client_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


class QmaticGrant:
    vendor = "Qmatic"

    def __init__(self, *, token_url: str, client_id: str, client_secret: SecretStr, account: str) -> None:
        self.token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._account = account

    def token_request(self) -> httpx.Request:
        return httpx.Request(
            "POST",
            self.token_url,
            data={"grant_type": "client_credentials", "scope": SCOPES, "x-account": self._account},
            headers={
                "Authorization": basic_credentials(self._client_id, self._client_secret.get_secret_value()),
                "X-ACCOUNT": self._account,
                "Accept": "application/json",
            },
        )

    def read_token(self, response: httpx.Response, now: datetime) -> Token:
        parsed = TokenResponse.model_validate(response.json())
        # The relative lifetime is immune to a skew between Qmatic's clock and ours.
        lifetime = timedelta(seconds=parsed.expires_in) if parsed.expires_in is not None else DEFAULT_LIFETIME
        return Token(parsed.access_token, now + lifetime)

    def every_call(self, request: httpx.Request) -> None:
        return None
