"""Slack on loopback: the Web API stand-in and what Slack sends, signed.

The console runs the real Bolt app with no workspace, and end-to-end tests and
the benchmark drive the same app the same way, so all of them need one Slack
that answers like Slack (ok/error JSON, channel + ts, users' time zones, 429s
with Retry-After) and records what the bot asked of it. The request builders
produce what Slack would POST to the bot, signed the way Bolt verifies it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import itertools
import json
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlencode

from bot.local.loopback import StubRequest, StubResponse, StubServer

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
    answer: dict[str, Any]  # what the stand-in answered (channel and ts of a posted message)
    at: float


class _SlackServer(StubServer):
    """The HTTP side; SlackStandIn keeps the state so its API stays free of StubServer's names."""

    def error_body(self, status: int, message: str) -> Any:
        return {"ok": False, "error": "ratelimited" if status == 429 else message}

    def stop(self) -> None:
        """Stop at once: StubServer.stop waits out serve_forever's 0.5 s poll, which a connection cuts short.

        The console stops the stand-in on every exit and the tests start dozens.
        """
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
    """Slack's Web API played on loopback (bot.loopback.StubServer underneath): records every call,
    answers like Slack (ok/err JSON), receives response_url posts, can answer 429 with Retry-After.

    Every call that reaches the stand-in is recorded, including the ones answered 429
    (see `rate_limited_calls` to tell them apart).
    """

    def __init__(
        self, *, users: dict[str, str] | None = None, bot_user_id: str = "UBOT", team_id: str = "T0CLINIC"
    ) -> None:
        self.users = dict(users or {})
        self.bot_user_id = bot_user_id
        self.team_id = team_id
        self._server = _SlackServer()
        self._lock = threading.RLock()
        self._calls: list[ApiCall] = []
        self._limited: list[ApiCall] = []
        self._rate_limits: dict[str, list[int]] = {}
        self._messages: list[dict[str, Any]] = []
        self._response_posts: dict[str, list[dict[str, Any]]] = {}
        self._deliveries: list[Delivery] = []
        self._changed = threading.Condition(self._lock)
        self._ts_base = int(time.time())
        self._ts_counter = itertools.count(1)
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

    # -- what the bot did -------------------------------------------------------
    def new_response_url(self) -> str:
        key = uuid.uuid4().hex
        with self._lock:
            self._response_posts[key] = []
        return f"{self._server.url}/response/{key}"

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
        key = response_url.rstrip("/").rsplit("/", 1)[-1]
        with self._lock:
            return [dict(post) for post in self._response_posts.get(key, [])]

    def dm_messages(self, channel: str | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [dict(message) for message in self._messages if channel is None or message["channel"] == channel]

    def deliveries(self, since: int = 0) -> list[Delivery]:
        """Everything delivered from sequence number `since` on (answered API calls and response_url posts)."""
        with self._lock:
            return self._deliveries[since:]

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

    # -- request handling -------------------------------------------------------
    def _next_ts(self) -> str:
        return f"{self._ts_base}.{next(self._ts_counter):06d}"

    def _deliver(self, target: str, payload: dict[str, Any], answer: dict[str, Any]) -> None:
        if target.startswith("/"):
            target = self._server.url + target
        self._deliveries.append(Delivery(len(self._deliveries), target, payload, answer, time.monotonic()))

    def _response_url(self, request: StubRequest) -> StubResponse:
        key = request.params["key"]
        with self._changed:
            if key not in self._response_posts:
                return StubResponse(404, raw=b"no_service", headers={"Content-Type": "text/plain"})
            try:
                posted = request.json()
            except ValueError:
                return StubResponse(400, raw=b"invalid_payload", headers={"Content-Type": "text/plain"})
            post = posted if isinstance(posted, dict) else {"payload": posted}
            self._response_posts[key].append(post)
            self._deliver(request.path, post, {"ok": True})
            self._changed.notify_all()
        return StubResponse(200, raw=b"ok", headers={"Content-Type": "text/plain"})

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
            if not _token_of(request, params):
                body: dict[str, Any] = {"ok": False, "error": "not_authed"}
            else:
                body = self._answer(method, params)
            self._deliver(method, params, body)
            self._changed.notify_all()
        return StubResponse(200, body)

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://clinic.slack.com/",
                "team": "Clinic",
                "user": "clinic-bot",
                "team_id": self.team_id,
                "user_id": self.bot_user_id,
                "bot_id": "B" + self.bot_user_id,
                "is_enterprise_install": False,
            }
        if method == "users.info":
            user_id = str(params.get("user") or "")
            if not user_id:
                return {"ok": False, "error": "user_not_found"}
            tz = self.users.get(user_id, DEFAULT_TZ)
            return {"ok": True, "user": {"id": user_id, "team_id": self.team_id, "name": user_id.lower(), "tz": tz}}
        if method == "conversations.open":
            users = str(params.get("users") or "").split(",")[0].strip()
            if not users:
                return {"ok": False, "error": "users_list_not_supplied"}
            return {"ok": True, "channel": {"id": "D" + users}}
        if method == "chat.postMessage":
            return self._post_message(params)
        if method == "chat.update":
            return self._update(params)
        if method == "chat.postEphemeral":
            if not params.get("channel") or not params.get("user"):
                return {"ok": False, "error": "channel_not_found" if not params.get("channel") else "user_not_found"}
            return {"ok": True, "message_ts": self._next_ts()}
        return {"ok": True}

    def _post_message(self, params: dict[str, Any]) -> dict[str, Any]:
        channel = params.get("channel")
        if not channel:
            return {"ok": False, "error": "channel_not_found"}
        if not params.get("text") and not params.get("blocks"):
            return {"ok": False, "error": "no_text"}
        ts = self._next_ts()
        message = {"channel": str(channel), "ts": ts, "text": params.get("text") or "", "blocks": _blocks(params)}
        self._messages.append(message)
        return {"ok": True, "channel": message["channel"], "ts": ts, "message": self._as_slack_message(message)}

    def _update(self, params: dict[str, Any]) -> dict[str, Any]:
        channel, ts = params.get("channel"), params.get("ts")
        for message in self._messages:
            if message["channel"] == channel and message["ts"] == ts:
                if "text" in params:
                    message["text"] = params.get("text") or ""
                if "blocks" in params:
                    message["blocks"] = _blocks(params)
                return {
                    "ok": True,
                    "channel": channel,
                    "ts": ts,
                    "text": message["text"],
                    "message": self._as_slack_message(message),
                }
        return {"ok": False, "error": "message_not_found" if channel else "channel_not_found"}

    def _as_slack_message(self, message: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": "B" + self.bot_user_id,
            "ts": message["ts"],
            "text": message["text"],
            "blocks": message["blocks"],
        }


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
    authorization = request.header("Authorization") or ""
    if authorization.lower().startswith("bearer "):
        return authorization[7:].strip()
    return str(params.get("token") or "")


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params.get("blocks")
    return list(blocks) if isinstance(blocks, list) else []


# -- what Slack sends the bot ---------------------------------------------------


def sign(body: bytes, signing_secret: str, *, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature headers for `body`."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = b"v0:" + ts.encode() + b":" + body
    digest = hmac.new(signing_secret.encode(), base, hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": "v0=" + digest}


def _trigger_id() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex}"


def slash_command_body(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str,
    team_id: str = "T0CLINIC",
    trigger_id: str | None = None,
) -> bytes:
    """A slash command as Slack POSTs it: form-encoded."""
    fields = {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "team_domain": "clinic",
        "channel_id": channel_id,
        "channel_name": "directmessage" if channel_id.startswith("D") else "front-desk",
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": "A0CLINIC",
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or _trigger_id(),
    }
    return urlencode(fields).encode()


def block_actions_body(
    action_id: str,
    value: str,
    *,
    user_id: str,
    response_url: str | None,
    channel_id: str = "C0FRONTDESK",
    message_ts: str | None = None,
    container: dict[str, Any] | None = None,
    team_id: str = "T0CLINIC",
) -> bytes:
    """A button click as Slack POSTs it: `payload=<json>`, form-encoded.

    Without `message_ts` the click is on an ephemeral message (a command's card).
    """
    now = time.time()
    if container is None:
        container = {
            "type": "message",
            "message_ts": message_ts or f"{int(now)}.000001",
            "channel_id": channel_id,
            "is_ephemeral": message_ts is None,
        }
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id},
        "api_app_id": "A0CLINIC",
        "token": "legacy-verification-token",
        "container": container,
        "trigger_id": _trigger_id(),
        "team": {"id": team_id, "domain": "clinic"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "directmessage" if channel_id.startswith("D") else "front-desk"},
        "state": {"values": {}},
        "actions": [
            {
                "action_id": action_id,
                "block_id": "actions",
                "value": value,
                "type": "button",
                "action_ts": f"{now:.6f}",
                "text": {"type": "plain_text", "text": "button", "emoji": True},
            }
        ],
    }
    if message_ts is not None:
        payload["message"] = {"type": "message", "ts": message_ts, "user": "UBOT", "text": ""}
    if response_url is not None:
        payload["response_url"] = response_url
    return urlencode({"payload": json.dumps(payload)}).encode()


def event_body(
    event: dict[str, Any], *, event_id: str, team_id: str = "T0CLINIC", api_app_id: str = "A0CLINIC"
) -> bytes:
    """An Events API delivery: JSON `event_callback`."""
    body = {
        "token": "legacy-verification-token",
        "team_id": team_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": None,
                "team_id": team_id,
                "user_id": "UBOT",
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
    }
    return json.dumps(body).encode()


def _event_ts() -> str:
    return f"{time.time():.6f}"


def dm_event(text: str, *, user_id: str, channel_id: str | None = None, ts: str | None = None) -> dict[str, Any]:
    ts = ts or _event_ts()
    return {
        "type": "message",
        "channel_type": "im",
        "channel": channel_id or "D" + user_id,
        "user": user_id,
        "text": text,
        "ts": ts,
        "event_ts": ts,
    }


def mention_event(text: str, *, user_id: str, channel_id: str, bot_user_id: str = "UBOT") -> dict[str, Any]:
    ts = _event_ts()
    return {
        "type": "app_mention",
        "user": user_id,
        "text": f"<@{bot_user_id}> {text}",
        "channel": channel_id,
        "ts": ts,
        "event_ts": ts,
    }


def buttons_in(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every button element in `blocks`, in reading order (actions elements and section accessories)."""
    found: list[dict[str, Any]] = []
    for block in blocks or []:
        accessory = block.get("accessory")
        if isinstance(accessory, dict) and accessory.get("type") == "button":
            found.append(accessory)
        for element in block.get("elements") or []:
            if isinstance(element, dict) and element.get("type") == "button":
                found.append(element)
    return found
