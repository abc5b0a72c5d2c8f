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

Each thread has its own httpx.Client (one kept-alive connection per Slack
host): one client shared by every work thread made them queue on its pool's
lock, under which httpcore polls every idle connection's socket on each
request (a sixth of the work threads' time at 50 concurrent conversations).
"""

from __future__ import annotations

import io
import threading
from http.client import HTTPMessage
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import Request

import httpx
from slack_sdk import WebClient
from slack_sdk.errors import SlackRequestError
from slack_sdk.webhook import WebhookClient, WebhookResponse

PER_THREAD = httpx.Limits(max_connections=8, max_keepalive_connections=2)
"""A thread makes one call at a time: a connection to the Web API and one to response_urls stay open."""


class PerThreadHttp:
    """Keep-alive HTTP for Slack calls: each thread its own httpx.Client, so no thread waits on another's pool."""

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._lock = threading.Lock()
        self._closed = False

    def _client(self) -> httpx.Client:
        client: httpx.Client | None = getattr(self._local, "client", None)
        if client is None:
            client = httpx.Client(timeout=self.timeout, limits=PER_THREAD)
            with self._lock:
                if self._closed:
                    client.close()
                    raise httpx.ConnectError("the Slack client is closed")
                self._clients.append(client)
            self._local.client = client
        return client

    def request(self, method: str, url: str, *, content: bytes | None, headers: dict[str, str]) -> httpx.Response:
        return self._client().request(method, url, content=content, headers=headers)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            clients, self._clients = self._clients, []
        for client in clients:
            client.close()


def _send(http: PerThreadHttp, url: str, request: Request) -> tuple[int, HTTPMessage, str]:
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

    def __init__(self, *args: Any, http: PerThreadHttp | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.http = http or PerThreadHttp(self.timeout)

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

    def __init__(self, url: str, *, http: PerThreadHttp, timeout: int = 10) -> None:
        super().__init__(url, timeout=timeout)
        self.http = http

    def _perform_http_request_internal(self, url: str, req: Request) -> WebhookResponse:
        status, headers, body = _send(self.http, url, req)
        return WebhookResponse(url=url, status_code=status, body=body, headers=headers)  # type: ignore[arg-type]
