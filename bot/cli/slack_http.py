"""slack_sdk's clients over one pooled, keep-alive HTTP client.

slack_sdk's sync WebClient and WebhookClient open a new connection (TCP, and
TLS against real Slack) for every call through urllib; a conversation makes
five or more calls, so that was ~13% of the bot's CPU and a round trip or
two of latency per card. These subclasses keep everything slack_sdk does
(argument handling, SlackResponse, retry handlers, errors) and swap only the
last step, the one request, for an http.client connection kept open.
Failures look exactly as they did from urllib: an HTTP error status raises
HTTPError (so the rate-limit and error handling stay slack_sdk's), a failed
connection raises URLError (retried by ConnectionErrorRetryHandler), and a
read that timed out raises TimeoutError (not retried: the post may have landed).

Each thread has its own connection per Slack host: one pooled client shared
by every work thread made them queue on its pool's lock (a sixth of the work
threads' time at 50 concurrent conversations).
"""

from __future__ import annotations

import http.client
import io
import select
import ssl
import threading
from http.client import HTTPMessage
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.request import Request

from slack_sdk import WebClient
from slack_sdk.errors import SlackRequestError
from slack_sdk.webhook import WebhookClient, WebhookResponse

Origin = tuple[str, str, int]


class PerThreadHttp:
    """Keep-alive HTTP for Slack calls: each thread its own connection per origin (scheme, host, port).

    The standard library's http.client, not httpx: a card's post through httpx cost the bot ~1.3 ms of CPU,
    through http.client ~0.4 ms, and a conversation makes five such calls on the same core as every ack.
    TLS is verified as urllib does (the default context: certificates and host names).
    """

    def __init__(self, timeout: float) -> None:
        self.timeout = timeout
        self._tls = ssl.create_default_context()
        self._local = threading.local()
        self._per_thread: list[dict[Origin, http.client.HTTPConnection]] = []
        """Every thread's connections (one dict per thread, so a replaced connection is not kept)."""
        self._lock = threading.Lock()
        self._closed = False

    def _connection(self, origin: Origin) -> http.client.HTTPConnection:
        """This thread's connection to `origin`: a new one if there is none or the server has closed it."""
        kept: dict[Origin, http.client.HTTPConnection] | None = getattr(self._local, "connections", None)
        if kept is None:
            kept = self._local.connections = {}
            with self._lock:
                self._per_thread.append(kept)
        connection = kept.get(origin)
        if connection is not None and _dropped(connection):
            connection.close()
            connection = None
        if connection is None:
            if self._closed:
                raise URLError("the Slack client is closed")
            scheme, host, port = origin
            if scheme == "https":
                connection = http.client.HTTPSConnection(host, port, timeout=self.timeout, context=self._tls)
            else:
                connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
            kept[origin] = connection
        return connection

    def request(
        self, method: str, url: str, *, content: bytes | None, headers: dict[str, str]
    ) -> tuple[int, str, HTTPMessage, bytes]:
        """(status, reason, headers, body); URLError when no answer came, TimeoutError when it came too late."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        origin = (scheme, parts.hostname or "", parts.port or (443 if scheme == "https" else 80))
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        connection = self._connection(origin)
        try:
            if connection.sock is None:
                connection.connect()
        except OSError as error:  # nothing was sent: safe to retry (ConnectionErrorRetryHandler)
            connection.close()
            raise URLError(type(error).__name__) from error
        try:
            connection.request(method, path, body=content, headers=headers)
            response = connection.getresponse()
            return response.status, response.reason, response.msg, response.read()
        except TimeoutError:  # the call may have landed: not retried
            connection.close()
            raise
        except (OSError, http.client.HTTPException) as error:
            connection.close()
            raise URLError(type(error).__name__) from error

    def close(self) -> None:
        with self._lock:
            self._closed = True
            per_thread, self._per_thread = self._per_thread, []
        for kept in per_thread:
            for connection in list(kept.values()):
                connection.close()


def _dropped(connection: http.client.HTTPConnection) -> bool:
    """Whether an idle kept-alive connection was closed by the server (readable before we asked: EOF)."""
    if connection.sock is None:
        return False
    try:
        readable, _, _ = select.select([connection.sock], [], [], 0)
    except (OSError, ValueError):
        return True
    return bool(readable)


def _send(http: PerThreadHttp, url: str, request: Request) -> tuple[int, HTTPMessage, str]:
    """One urllib-shaped request sent through `http`: (status, headers, body), raising as urlopen does."""
    if not url.lower().startswith(("http://", "https://")):
        raise SlackRequestError(f"Invalid URL detected: {url}")
    data = request.data
    content = data if isinstance(data, bytes) or data is None else bytes(data)  # type: ignore[arg-type]
    # http.client counts the body itself; slack_sdk sets Content-Length (sometimes as an int) for urllib
    headers = {name: str(value) for name, value in request.header_items() if name.lower() != "content-length"}
    try:
        status, reason, received, raw = http.request(request.get_method(), url, content=content, headers=headers)
    except TimeoutError as error:
        raise TimeoutError("Slack did not answer in time") from error
    body = raw.decode("utf-8", errors="replace")
    if status >= 400:
        raise HTTPError(url, status, reason, received, io.BytesIO(raw))
    return status, received, body


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
