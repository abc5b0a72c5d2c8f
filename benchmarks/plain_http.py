"""A lean keep-alive HTTP client for the load generators: one http.client connection per thread.

The load shares the machine's cores with the server it measures. httpx costs
the generator about as much CPU per request as the bare Bolt app spends
answering it; the standard library's http.client costs a fraction, so more of
the machine is left to the servers under test (both of them, side by side).
"""

from __future__ import annotations

import http.client
import select
import threading
from urllib.parse import urlsplit


class KeptAlive:
    """POSTs to one origin over a connection per thread, reopened once if the server closed it."""

    def __init__(self, origin: str, timeout: float) -> None:
        parts = urlsplit(origin)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.timeout = timeout
        self._local = threading.local()

    def _connection(self) -> http.client.HTTPConnection:
        found: http.client.HTTPConnection | None = getattr(self._local, "connection", None)
        if found is not None and found.sock is not None and select.select([found.sock], [], [], 0)[0]:
            found.close()  # the server closed it while idle (readable before we asked: EOF)
            found = None
        if found is None:
            found = self._local.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        return found

    def post(self, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """(status, body) of one POST; a connection the server dropped between requests is reopened once."""
        for attempt in (1, 2):
            connection = self._connection()
            try:
                connection.request("POST", path, body=body, headers=headers)
                answer = connection.getresponse()
                return answer.status, answer.read()
            except (ConnectionError, http.client.BadStatusLine, http.client.CannotSendRequest):
                connection.close()
                self._local.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover
