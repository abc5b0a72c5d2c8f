"""The served bot's HTTP app in this process, for fuzzing /slack/events through the real request path.

`InProcessBot` is `build_bot` plus `serve.make_wsgi` (the very WSGI app waitress
serves: the junk-refusing edge, Bolt, the listeners, the inbox, the work pool)
on a temporary database with the demo clinic, its Web API pointed at the Slack
stand-in. `post` calls the WSGI app as waitress would and returns the status and
the log lines the request itself wrote (on its own thread), so a test can say
"at most one line, no traceback".
"""

from __future__ import annotations

import hashlib
import hmac
import io
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from wsgiref.util import setup_testing_defaults

from bot.cli.logging_setup import THIRD_PARTY_LOGGERS, WithholdSlackPayloads
from bot.cli.serve import make_wsgi
from bot.cli.wiring import Bot, build_bot
from bot.config import Settings, load
from bot.domain import Clock, system_clock
from bot.local.slack import SlackStandIn

SECRET = "edge-fuzz-signing-secret"
STAFF = "U0FRONTDESK"
CHANNEL = "C0FRONTDESK"


def signature_headers(body: bytes, secret: str = SECRET, *, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature over the raw bytes (slack_sdk's helper only signs UTF-8 text; junk may not be)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + body, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}


class Lines(logging.Handler):
    """Every log record, formatted as serve's log would show it (payload filter included), with its thread."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.addFilter(WithholdSlackPayloads())
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        self.records: list[tuple[int, str, bool]] = []
        self._lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        line = self.format(record)
        with self._lock:
            self.records.append((record.thread or 0, line, record.exc_info is not None))

    def since(self, mark: int, thread: int | None = None) -> list[str]:
        with self._lock:
            return [line for who, line, _ in self.records[mark:] if thread is None or who == thread]

    def tracebacks(self) -> list[str]:
        with self._lock:
            return [line for _, line, exc in self.records if exc or "Traceback" in line]


@contextmanager
def serve_like_logging() -> Iterator[Lines]:
    """Levels as `serve` sets them (INFO; the Slack libraries pinned at WARNING), captured into `Lines`."""
    lines = Lines()
    root = logging.getLogger()
    saved = root.level, {name: logging.getLogger(name).level for name in THIRD_PARTY_LOGGERS}
    root.addHandler(lines)
    root.setLevel(logging.INFO)
    for name in THIRD_PARTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    try:
        yield lines
    finally:
        root.removeHandler(lines)
        root.setLevel(saved[0])
        for name, level in saved[1].items():
            logging.getLogger(name).setLevel(level)


@dataclass
class Answer:
    status: int
    body: bytes
    lines: list[str]


@dataclass
class InProcessBot:
    """`settings` are Settings fields (lower-case names) over the defaults here; `clock` is the bot's own."""

    slack: SlackStandIn
    workdir: Path
    lines: Lines
    settings: dict[str, Any] = field(default_factory=dict)
    clock: Clock = system_clock
    bot: Bot = field(init=False)

    def __post_init__(self) -> None:
        settings = load(
            Settings,
            slack_bot_token="xoxb-edge-fuzz",
            slack_signing_secret=SECRET,
            slack_api_url=self.slack.api_url,
            clinic_bot_db=self.workdir / "clinic-bot.sqlite3",
            booking_backend="sandbox",
            allowed_user_ids=STAFF,
            **self.settings,
        )
        self.bot = build_bot(settings, clock=self.clock, token_verification=False)
        self.wsgi = make_wsgi(self.bot.app, self.bot.gate, metrics=self.bot.metrics, signing_secret=SECRET)

    def post(self, body: bytes, *, content_type: str, headers: dict[str, str] | None = None) -> Answer:
        environ: dict[str, Any] = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/slack/events",
            "CONTENT_TYPE": content_type,
            "CONTENT_LENGTH": str(len(body)),
            "wsgi.input": io.BytesIO(body),
        }
        for name, value in (headers or {}).items():
            environ["HTTP_" + name.upper().replace("-", "_")] = value
        setup_testing_defaults(environ)
        status: list[str] = []
        mark = len(self.lines.records)
        chunks = self.wsgi(environ, lambda line, _headers, *_: status.append(line))
        payload = b"".join(chunks)
        return Answer(int(status[0].split()[0]), payload, self.lines.since(mark, threading.get_ident()))

    def diary(self) -> list[tuple[Any, ...]]:
        """The demo clinic's appointments as stored: the thing junk must never change."""
        with sqlite3.connect(self.workdir / "clinic-bot.sqlite3") as db:
            return list(db.execute("SELECT * FROM sandbox_appointments ORDER BY id"))

    def signed(self, body: bytes, content_type: str) -> Answer:
        return self.post(body, content_type=content_type, headers=signature_headers(body))

    def audit(self) -> list[Any]:
        return self.bot.store.audit_entries()

    def close(self) -> None:
        self.bot.close()
