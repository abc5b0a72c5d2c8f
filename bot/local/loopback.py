"""A loopback HTTP server playing third-party APIs: vendor stand-ins in tests, Slack in the console.

Each vendor stand-in (Cliniko, Qmatic, Solv, the Slack Web API) subclasses
`StubServer`, registers routes, and keeps its own state. This base gives them
the same recording and fault injection, so every test can say "the next
`reschedule` call answers 503" or "`search` times out" the same way.

Faults are queued per route name and consumed in order:
- `Fault.status(503)` / `Fault.status(429, retry_after=1)`: answer that status
  with the vendor's own error body (`error_body` hook);
- `Fault.delay(2.0)`: answer normally but late (a slow vendor);
- `Fault.hang(5.0)`: sleep, then drop the connection (a read timeout);
- `Fault.drop()`: close the connection without answering.
"""

from __future__ import annotations

import contextlib
import json
import re
import socket
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class StubRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    params: dict[str, str] = field(default_factory=dict)
    route: str = ""

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode())

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def arg(self, name: str) -> str | None:
        values = self.query.get(name)
        return values[0] if values else None


@dataclass
class StubResponse:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    raw: bytes | None = None

    def encoded(self) -> bytes:
        if self.raw is not None:
            return self.raw
        if self.body is None:
            return b""
        return json.dumps(self.body).encode()


@dataclass(frozen=True)
class Fault:
    kind: str
    status_code: int = 0
    seconds: float = 0.0
    retry_after: float | None = None

    @staticmethod
    def status(code: int, *, retry_after: float | None = None) -> Fault:
        return Fault("status", status_code=code, retry_after=retry_after)

    @staticmethod
    def delay(seconds: float) -> Fault:
        return Fault("delay", seconds=seconds)

    @staticmethod
    def hang(seconds: float) -> Fault:
        return Fault("hang", seconds=seconds)

    @staticmethod
    def drop() -> Fault:
        return Fault("drop")


Handler = Callable[[StubRequest], StubResponse]


class _Drop(Exception):
    """Internal: close the connection without answering."""


class StubServer:
    """Routes + recorded calls + fault queues, served on 127.0.0.1 on a free port."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], str, Handler]] = []
        self._faults: dict[str, deque[Fault]] = defaultdict(deque)
        self._lock = threading.RLock()
        self.calls: list[StubRequest] = []
        self.latency = 0.0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- set-up ---------------------------------------------------------------
    def add_route(self, method: str, pattern: str, name: str, handler: Handler) -> None:
        """`pattern` is a path regex with named groups, anchored at both ends."""
        self._routes.append((method.upper(), re.compile(f"^{pattern}$"), name, handler))

    def fail(self, route: str, *faults: Fault) -> None:
        with self._lock:
            self._faults[route].extend(faults)

    def calls_to(self, route: str) -> list[StubRequest]:
        with self._lock:
            return [call for call in self.calls if call.route == route]

    def error_body(self, status: int, message: str) -> Any:
        """The vendor's error body for an injected status; subclasses override."""
        return {"error": message}

    # -- lifecycle ------------------------------------------------------------
    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> StubServer:
        stub = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The status line and headers go out before the body: with Nagle on, a kept-alive client
            # waits out its delayed ACK (40 ms) for every answer, which no real vendor or Slack makes it do.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                stub._serve(self)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, name=type(self).__name__, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- request path ---------------------------------------------------------
    def _serve(self, http: BaseHTTPRequestHandler) -> None:
        split = urlsplit(http.path)
        length = int(http.headers.get("Content-Length") or 0)
        body = http.rfile.read(length) if length else b""
        if len(body) < length:
            # The sender went away mid-request (a process killed while it wrote): a real server never sees a
            # request, so nothing is dispatched, counted or answered.
            http.close_connection = True
            return
        request = StubRequest(
            method=http.command,
            path=split.path,
            query=parse_qs(split.query, keep_blank_values=True),
            headers={key.lower(): value for key, value in http.headers.items()},
            body=body,
        )
        try:
            response = self._dispatch(request)
        except _Drop:
            http.close_connection = True
            with contextlib.suppress(OSError):
                http.connection.shutdown(socket.SHUT_RDWR)
            return
        payload = response.encoded()
        http.send_response(response.status)
        headers = {"Content-Type": "application/json", **response.headers}
        if not payload:
            headers.pop("Content-Type", None)
        for key, value in headers.items():
            http.send_header(key, value)
        http.send_header("Content-Length", str(len(payload)))
        http.end_headers()
        if payload:
            http.wfile.write(payload)

    def _match(self, request: StubRequest) -> Handler | None:
        for method, pattern, name, handler in self._routes:
            match = pattern.match(request.path)
            if match and method == request.method:
                request.params = match.groupdict()
                request.route = name
                return handler
        return None

    def _dispatch(self, request: StubRequest) -> StubResponse:
        handler = self._match(request)
        if handler is None:
            with self._lock:
                self.calls.append(request)
            return StubResponse(404, self.error_body(404, "Not Found"))
        with self._lock:
            self.calls.append(request)
            fault = self._faults[request.route].popleft() if self._faults[request.route] else None
        if self.latency:
            time.sleep(self.latency)
        if fault is not None:
            if fault.kind == "drop":
                raise _Drop
            if fault.kind == "hang":
                time.sleep(fault.seconds)
                raise _Drop
            if fault.kind == "delay":
                time.sleep(fault.seconds)
            if fault.kind == "status":
                headers = {} if fault.retry_after is None else {"Retry-After": str(int(fault.retry_after))}
                return StubResponse(fault.status_code, self.error_body(fault.status_code, "injected"), headers)
        with self._lock:
            return handler(request)
