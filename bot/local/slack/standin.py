"""Slack's Web API and response_urls on loopback, as strict as Slack.

The console runs the real Bolt app with no workspace, and end-to-end tests and
the benchmark drive the same app the same way, so all of them need one Slack
that answers like Slack and refuses what Slack refuses (rules.RULES, each with
its source). Every refusal is recorded (`failures()`), so a test can fail on a
rule the bot broke even when the bot ignored the error answer; and what each
person can SEE now is kept (`visible(user_id)`), so a test can ask whether an
old card is still on screen with live-looking buttons.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs

from bot.local.loopback import StubRequest, StubResponse, StubServer
from bot.local.slack import rules
from bot.local.slack.answers import WebApi
from bot.local.slack.workspace import Press, VisibleMessage, Workspace

DEFAULT_TZ = "America/New_York"


class ApiCall(NamedTuple):
    """One Web API call the bot made."""

    method: str
    params: dict[str, Any]
    at: float


class Delivery(NamedTuple):
    """Anything the bot sent, API call or response_url post, in arrival order (for drawing a transcript)."""

    seq: int
    target: str  # the API method ("chat.update") or the response_url posted to
    payload: dict[str, Any]  # the call's params or the posted JSON
    answer: dict[str, Any]  # what the stand-in answered; for a response_url post, what it did ("action")
    at: float


@dataclass(frozen=True)
class Refusal:
    """A rule the bot broke: what Slack answered (empty for a warning or an ignored flag), no message content."""

    seq: int
    rule: str
    target: str
    error: str
    detail: str

    @property
    def source(self) -> str:
        return rules.RULES[self.rule].source


class _SlackServer(StubServer):
    def error_body(self, status: int, message: str) -> Any:
        return {"ok": False, "error": "ratelimited" if status == 429 else message}

    def stop(self) -> None:
        """Stop at once: StubServer.stop waits out serve_forever's poll, which a connection cuts short."""
        if self._server is None:
            return
        host, port = self._server.server_address[:2]
        stopper = threading.Thread(target=super().stop, name="slack-stand-in-stop")
        stopper.start()
        while stopper.is_alive():
            with contextlib.suppress(OSError):
                socket.create_connection((str(host), int(port)), timeout=0.2).close()
            stopper.join(0.02)


class SlackStandIn:
    """Slack's Web API played on loopback: records every call and every refusal, keeps what people see.

    `channels` maps a channel id to its members (list the bot's user id to make the
    bot a member). DMs exist once opened (conversations.open, or a person writing
    to the bot); a person typing a command or a mention in a channel is a member of it.
    Scopes are the bot scopes of `manifest` (this checkout's manifest.yml) unless
    `scopes` is given.
    """

    def __init__(
        self,
        *,
        users: dict[str, str] | None = None,
        bot_user_id: str = "UBOT",
        team_id: str = "T0CLINIC",
        channels: Mapping[str, Iterable[str]] | None = None,
        scopes: Iterable[str] | None = None,
        manifest: Path | None = None,
        channel_rate_limit: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.users = dict(users or {})
        self.bot_user_id = bot_user_id
        self.team_id = team_id
        self._offset = 0.0
        self._clock = clock
        self.workspace = Workspace(bot_user_id=bot_user_id, team_id=team_id, clock=self.now)
        for channel, members in (channels or {}).items():
            self.workspace.add_channel(channel, set(members))
        granted = rules.bot_scopes_of(manifest or rules.default_manifest()) if scopes is None else frozenset(scopes)
        self.api = WebApi(self, granted, channel_rate_limit=channel_rate_limit)
        self._server = _SlackServer()
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self._calls: list[ApiCall] = []
        self._limited: list[ApiCall] = []
        self._rate_limits: dict[str, list[int]] = {}
        self._deliveries: list[Delivery] = []
        self._failures: list[Refusal] = []
        self.socket_mode_url: Callable[[], str] | None = None
        """Set by a Socket Mode server: apps.connections.open answers with a fresh URL from it."""
        self.refused_tokens: set[str] = set()
        self._server.add_route("POST", r"/api/(?P<method>[A-Za-z0-9_.]+)", "api", self._api)
        self._server.add_route("GET", r"/api/(?P<method>[A-Za-z0-9_.]+)", "api", self._api)
        self._server.add_route("POST", r"/response/(?P<key>[A-Za-z0-9-]+)", "response_url", self._response_url)

    # -- lifecycle ------------------------------------------------------------
    def start(self) -> SlackStandIn:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return self._server.url

    @property
    def api_url(self) -> str:
        """For WebClient(base_url=...) and SLACK_API_URL."""
        return self._server.url + "/api/"

    def now(self) -> float:
        return self._clock() + self._offset

    def pass_time(self, seconds: float) -> None:
        """Let time pass for response_urls (their 30 minutes), without waiting."""
        with self._lock:
            self._offset += seconds

    # -- the workspace as tests set it up -----------------------------------------------
    def join(self, channel: str, *user_ids: str) -> None:
        """Make people (or the bot, by its user id) members of `channel`, creating it if need be."""
        with self._lock:
            self.workspace.add_channel(channel, set(user_ids))

    def new_response_url(self, *, user_id: str | None = None, channel_id: str | None = None) -> str:
        """A slash command's response_url (typed by `user_id` in `channel_id`).

        Without a user it is not bound yet: `press(..., response_url=it)` makes it a click's.
        """
        with self._lock:
            if user_id is None or channel_id is None:
                return self.workspace.issue_url(self.url, "unbound")
            return self.workspace.issue_url(self.url, "command", user_id=user_id, channel_id=channel_id)

    def press(self, user_id: str, action_id: str, value: str, **where: Any) -> Press:
        """`user_id` presses the button (action_id, value): where it is, and the click's new response_url.

        The button is looked for on the message `message_ts`, else on the newest message
        the person sees that shows it. A button no longer on screen (a test simulating a
        click that raced a redraw) is found on the message that last showed it.
        `where` narrows it: message_ts, channel_id, response_url, shown_to (see Workspace.press).
        Raises LookupError when the person was never shown that button.
        """
        with self._lock:
            return self.workspace.press(self.url, user_id, action_id, value, **where)

    # -- what the bot did -------------------------------------------------------
    def calls_to(self, method: str) -> list[ApiCall]:
        with self._lock:
            return [call for call in self._calls if call.method == method]

    def all_calls(self) -> list[ApiCall]:
        with self._lock:
            return list(self._calls)

    def rate_limited_calls(self) -> list[ApiCall]:
        """The calls that were answered 429 (they are in all_calls too)."""
        with self._lock:
            return list(self._limited)

    def posts_to(self, response_url: str) -> list[dict[str, Any]]:
        """Everything posted to `response_url`, accepted or refused, in order."""
        key = response_url.rstrip("/").rsplit("/", 1)[-1]
        with self._lock:
            found = self.workspace.urls.get(key)
            return [dict(post) for post in found.posts] if found else []

    def posts_per_response_url(self) -> dict[str, int]:
        """How many times each response_url was posted to (Slack allows 5)."""
        with self._lock:
            return {f"{self.url}/response/{key}": len(url.posts) for key, url in self.workspace.urls.items()}

    def dm_messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Messages the bot posted with chat.postMessage (deleted ones too), each in its current drawing."""
        with self._lock:
            return [
                {"channel": m.channel, "ts": m.ts, "text": m.text, "blocks": list(m.blocks)}
                for m in self.workspace.messages
                if m.source == "chat.postMessage" and (channel is None or m.channel == channel)
            ]

    def visible(self, user_id: str) -> list[VisibleMessage]:
        """What `user_id` sees now, oldest first: ephemerals shown to them and messages in their channels."""
        with self._lock:
            return self.workspace.visible(user_id)

    def deliveries(self, since: int = 0) -> list[Delivery]:
        """Everything delivered from sequence number `since` on (answered API calls and response_url posts)."""
        with self._lock:
            return self._deliveries[since:]

    def failures(self, since: int = 0) -> list[Refusal]:
        """Every rule broken from sequence number `since` on (refusals, warnings, ignored flags)."""
        with self._lock:
            return self._failures[since:]

    def rate_limit_next(self, method: str, *, retry_after: int = 1, times: int = 1) -> None:
        with self._lock:
            self._rate_limits.setdefault(method, []).extend([retry_after] * times)

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        """Wait until `predicate()` holds, re-checking whenever the bot calls the stand-in."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(min(remaining, 0.05))
        return True

    # -- recording (used by answers.WebApi and the Socket Mode server) ----------------------
    def refuse(self, rule: str, target: str, error: str, detail: str) -> None:
        with self._changed:
            self._failures.append(Refusal(len(self._failures), rule, target, error, detail))
            self._changed.notify_all()

    def deliver(self, target: str, payload: dict[str, Any], answer: dict[str, Any]) -> None:
        self._deliveries.append(Delivery(len(self._deliveries), target, payload, answer, time.monotonic()))

    # -- request handling -------------------------------------------------------
    def _response_url(self, request: StubRequest) -> StubResponse:
        with self._changed:
            status, body, answer, post = self.api.response_url_post(request.params["key"], request.body)
            if answer is not None and post is not None:
                self.deliver(self.url + request.path, post, answer)
            self._changed.notify_all()
        return StubResponse(status, raw=body.encode(), headers={"Content-Type": "text/plain"})

    def _api(self, request: StubRequest) -> StubResponse:
        method = request.params["method"]
        params = _params_of(request)
        call = ApiCall(method, params, time.monotonic())
        with self._changed:
            self._calls.append(call)
            pending = self._rate_limits.get(method)
            if pending:
                retry_after = pending.pop(0)
                self._limited.append(call)
                self._changed.notify_all()
                return StubResponse(
                    429, {"ok": False, "error": "ratelimited"}, headers={"Retry-After": str(retry_after)}
                )
            status, body, headers = self.api.call(method, params, _token_of(request, params))
            if status == 429:
                self._limited.append(call)
            else:
                self.deliver(method, params, body)
            self._changed.notify_all()
        return StubResponse(status, body, headers=headers)


def _params_of(request: StubRequest) -> dict[str, Any]:
    """Query, form and JSON params merged, as Slack reads them; blocks sent as a JSON string are decoded."""
    params: dict[str, Any] = {key: values[-1] for key, values in request.query.items() if values}
    content_type = (request.header("Content-Type") or "").split(";")[0].strip()
    if request.body:
        if content_type == "application/json":
            decoded = request.json()
            if isinstance(decoded, dict):
                params.update(decoded)
        else:
            form = parse_qs(request.body.decode(errors="replace"), keep_blank_values=True)
            params.update({key: values[-1] for key, values in form.items() if values})
    for key in ("blocks", "attachments"):
        value = params.get(key)
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(value)
    return params


def _token_of(request: StubRequest, params: dict[str, Any]) -> str:
    """The token Slack would read: a `token` argument wins over the Authorization header (as slack_sdk sends
    apps.connections.open's app token alongside the client's bot token)."""
    if params.get("token"):
        return str(params["token"])
    authorization = request.header("Authorization") or ""
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return ""
