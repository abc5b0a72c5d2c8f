"""slack_sdk's clients over one pooled, keep-alive HTTP client.

slack_sdk's sync WebClient and WebhookClient open a new connection (TCP, and
TLS against real Slack) for every call through urllib; a conversation makes
five or more calls, so that was ~13% of the bot's CPU and a round trip or
two of latency per card. These subclasses keep everything slack_sdk does
(argument handling, SlackResponse, retry handlers, errors) and swap only the
last step, the one request, for an httpx.Client that keeps connections open.
Failures look exactly as they did from urllib: an HTTP error status raises
HTTPError (so the rate-limit and error handling stay slack_sdk's), a failed
connection raises URLError (retried by ConnectionErrorRetryHandler), and a
read that timed out raises TimeoutError (not retried: the post may have landed).
"""

from __future__ import annotations

import io
from http.client import HTTPMessage
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import Request

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackRequestError
from slack_sdk.webhook import WebhookClient, WebhookResponse

POOL = httpx.Limits(max_connections=64, max_keepalive_connections=32)


def pooled_client(timeout: float) -> httpx.Client:
    """The one client every Slack call of this process goes through (thread-safe; connections kept alive)."""
    return httpx.Client(timeout=timeout, limits=POOL)


def _send(http: httpx.Client, url: str, request: Request) -> tuple[int, HTTPMessage, str]:
    """One urllib-shaped request sent through `http`: (status, headers, body), raising as urlopen does."""
    if not url.lower().startswith(("http://", "https://")):
        raise SlackRequestError(f"Invalid URL detected: {url}")
    data = request.data
    content = data if isinstance(data, bytes) or data is None else bytes(data)  # type: ignore[arg-type]
    # httpx counts the body itself; slack_sdk sets Content-Length (sometimes as an int) for urllib
    headers = {name: str(value) for name, value in request.header_items() if name.lower() != "content-length"}
    try:
        response = http.request(request.get_method(), url, content=content, headers=headers)
    except (httpx.ReadTimeout, httpx.WriteTimeout) as error:
        raise TimeoutError("Slack did not answer in time") from error
    except httpx.TransportError as error:
        raise URLError(type(error).__name__) from error
    received = HTTPMessage()
    for name, value in response.headers.multi_items():
        received[name] = value
    body = response.text
    if response.status_code >= 400:
        raise HTTPError(url, response.status_code, response.reason_phrase, received, io.BytesIO(body.encode()))
    return response.status_code, received, body


class KeepAliveWebClient(WebClient):
    """slack_sdk's WebClient, its requests sent over `http` (connections kept alive) unless a proxy is set."""

    def __init__(self, *args: Any, http: httpx.Client | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.http = http or pooled_client(self.timeout)

    def _perform_urllib_http_request_internal(self, url: str, req: Request) -> dict[str, Any]:
        if self.proxy is not None:
            return super()._perform_urllib_http_request_internal(url, req)
        status, headers, body = _send(self.http, url, req)
        return {"status": status, "headers": headers, "body": body}

    def webhook(self, url: str) -> WebhookClient:
        """A response_url's client, over this client's connections."""
        return KeepAliveWebhookClient(url, http=self.http, timeout=self.timeout)

    def close(self) -> None:
        self.http.close()


class KeepAliveWebhookClient(WebhookClient):
    """slack_sdk's WebhookClient (for response_urls) over the same pooled client."""

    def __init__(self, url: str, *, http: httpx.Client, timeout: int = 10) -> None:
        super().__init__(url, timeout=timeout)
        self.http = http

    def _perform_http_request_internal(self, url: str, req: Request) -> WebhookResponse:
        status, headers, body = _send(self.http, url, req)
        return WebhookResponse(url=url, status_code=status, body=body, headers=headers)  # type: ignore[arg-type]
