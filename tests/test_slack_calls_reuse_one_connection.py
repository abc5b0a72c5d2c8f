"""Every Slack call of the process shares kept-alive connections: a card costs no new TCP/TLS handshake.

Web API calls and response_url posts go through one pooled client, and Slack's
refusals still arrive as slack_sdk reports them (error codes, HTTP statuses).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from bot.cli.slack_http import KeepAliveWebClient


class Slack(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.peers: list[tuple[str, int]] = []
        super().__init__(("127.0.0.1", 0), _Answer)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Answer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Slack

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.server.peers.append(self.client_address)
        if self.path.endswith("/chat.delete"):  # answers long after any client's timeout
            time.sleep(3)
            self._send(200, {"ok": True})
        elif self.path.endswith("/chat.update"):
            self._send(200, {"ok": False, "error": "message_not_found"})
        elif self.path.startswith("/gone"):
            self._send(404, "no_active_hooks")
        elif self.path.startswith("/hook"):
            self._send(200, "ok")
        else:
            self._send(200, {"ok": True, "channel": "D1", "ts": "1.000001"})

    def _send(self, status: int, body: Any) -> None:
        raw = (json.dumps(body) if isinstance(body, dict) else body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if isinstance(body, dict) else "text/plain")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)
        if self.path.endswith("/chat.postEphemeral"):  # drops the kept-alive connection without saying so
            self.close_connection = True


@pytest.fixture
def slack() -> Iterator[Slack]:
    server = Slack()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_posts_and_response_urls_share_one_connection(slack: Slack) -> None:
    client = KeepAliveWebClient(token="xoxb-test", base_url=slack.url + "/api/")
    for _ in range(3):
        assert client.chat_postMessage(channel="D1", text="card")["ts"] == "1.000001"
    assert client.webhook(slack.url + "/hook/1").send(text="in your DM").status_code == 200
    assert len(slack.peers) == 4
    assert len(set(slack.peers)) == 1, "each call opened its own connection"
    client.close()


def test_refusals_still_arrive_as_slack_sdk_reports_them(slack: Slack) -> None:
    client = KeepAliveWebClient(token="xoxb-test", base_url=slack.url + "/api/")
    with pytest.raises(SlackApiError) as refused:
        client.chat_update(channel="D1", ts="1.000001", text="card")
    assert refused.value.response["error"] == "message_not_found"
    gone = client.webhook(slack.url + "/gone/1").send(text="late")
    assert (gone.status_code, gone.body) == (404, "no_active_hooks")
    client.close()


def test_a_connection_the_server_dropped_while_idle_is_replaced_without_an_error(slack: Slack) -> None:
    # no retry handlers: the dropped connection must be noticed before the call, not papered over after it
    client = KeepAliveWebClient(token="xoxb-test", base_url=slack.url + "/api/", retry_handlers=[])
    for _ in range(3):
        assert client.chat_postEphemeral(channel="D1", user="U1", text="only you")["ok"]
        time.sleep(0.05)  # the server has closed the idle connection by the next call
    assert len(slack.peers) == 3, "a call was lost or sent twice"
    assert len(set(slack.peers)) == 3
    client.close()


def test_an_answer_that_comes_too_late_is_a_timeout_and_the_call_is_not_sent_again(slack: Slack) -> None:
    client = KeepAliveWebClient(token="xoxb-test", base_url=slack.url + "/api/", timeout=1)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        client.chat_delete(channel="D1", ts="1.000001")
    assert time.monotonic() - started < 2.5
    assert len(slack.peers) == 1, "a call that may have landed was retried"
    assert client.chat_postMessage(channel="D1", text="card")["ok"], "the timed-out connection was reused"
    client.close()
