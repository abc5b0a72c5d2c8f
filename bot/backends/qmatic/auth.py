"""Qmatic's OAuth client-credentials token, fetched and renewed inside httpx's auth flow.

Qmatic tokens live 60 minutes and the client-credentials grant gives no
refresh token, so a new token is requested a few minutes before the old one
runs out, and once more if Qmatic answers 401 anyway (clock skew, a revoked
token). Two threads renewing at once merely fetch two valid tokens, so no lock
is held across the network call.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Generator
from dataclasses import dataclass
from datetime import datetime, timedelta

import httpx
from pydantic import SecretStr, ValidationError

from bot.backends.errors import BackendUnavailable
from bot.backends.qmatic.models import TokenResponse
from bot.domain import Clock

logger = logging.getLogger(__name__)

SCOPE_PREFIX = "com.qmatic.saas.appointments/"
SCOPES = " ".join(
    SCOPE_PREFIX + name
    for name in ("external.appointment.book", "external.appointment.reschedule", "external.appointment.cancel")
)
RENEW_BEFORE = timedelta(minutes=5)
DEFAULT_LIFETIME = timedelta(minutes=60)
"""Qmatic's documented token lifetime, used when an answer leaves `expires_in` out."""


@dataclass(frozen=True)
class _Token:
    value: str
    expires_at: datetime


def basic_credentials(client_id: str, client_secret: str) -> str:
    """`Basic base64(id:secret)`, without the line breaks some base64 tools add (Qmatic refuses those)."""
    raw = f"{client_id}:{client_secret}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


class QmaticAuth(httpx.Auth):
    """Adds `Authorization: Bearer` to every call, keeping the token fresh.

    A refused or failed token request is handed back as the call's own
    response, so the shared client retries it (5xx, 429) and the error mapper
    words it, like any other Qmatic answer.
    """

    requires_response_body = True

    def __init__(self, *, token_url: str, client_id: str, client_secret: SecretStr, account: str, clock: Clock) -> None:
        self.token_url = token_url
        self._client_id = client_id
        self._client_secret = client_secret
        self._account = account
        self._clock = clock
        self._token: _Token | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._token
        if token is None or self._clock() >= token.expires_at - RENEW_BEFORE:
            token = self._store((yield self._token_request()))
            if token is None:
                return
        request.headers["Authorization"] = f"Bearer {token.value}"
        response = yield request
        if response.status_code != 401:
            return
        logger.info("qmatic: 401 on %s %s, renewing the token once", request.method, request.url.path)
        token = self._store((yield self._token_request()))
        if token is None:
            return
        request.headers["Authorization"] = f"Bearer {token.value}"
        yield request

    def _token_request(self) -> httpx.Request:
        return httpx.Request(
            "POST",
            self.token_url,
            data={"grant_type": "client_credentials", "scope": SCOPES},
            headers={
                "Authorization": basic_credentials(self._client_id, self._client_secret.get_secret_value()),
                "X-ACCOUNT": self._account,
                "Accept": "application/json",
            },
        )

    def _store(self, response: httpx.Response) -> _Token | None:
        """The new token, or None when Qmatic refused (the caller then sees that refusal)."""
        if not response.is_success:
            logger.warning("qmatic: token request answered %d", response.status_code)
            self._token = None
            return None
        try:
            parsed = TokenResponse.model_validate(response.json())
        except (ValueError, ValidationError) as error:
            raise BackendUnavailable(
                "Qmatic's sign-in answer could not be read, so nothing was sent. Please try again in a minute."
            ) from error
        # The relative lifetime is immune to a skew between Qmatic's clock and ours.
        lifetime = timedelta(seconds=parsed.expires_in) if parsed.expires_in is not None else DEFAULT_LIFETIME
        token = _Token(parsed.access_token, self._clock() + lifetime)
        self._token = token
        return token
