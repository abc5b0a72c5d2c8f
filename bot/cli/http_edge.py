"""The HTTP edge of /slack/events: junk is refused plainly before Bolt sees it.

Anyone can POST to the bot's public URL. Bolt verifies signatures, but reads
the body first and trusts its shape: a body that is not UTF-8, a `payload`
that is not JSON, or `"actions": "x"` raised deep inside it, answered 500 and
logged a traceback per request (log flooding without credentials). So every
request passes through `SlackEdge` first, in this order:

1. POST only (405), a body of at most `MAX_BODY_BYTES` (413), UTF-8 (400),
   a form or JSON content type (415);
2. Slack's signature and a timestamp within 5 minutes, checked by slack_sdk's
   own `SignatureVerifier` (401) — except Slack's unsigned certificate check
   (`ssl_check=1`, nothing else), which Bolt answers with an empty 200;
3. read by Bolt's own parser into a JSON object (400), with the fields Bolt and
   the handlers dereference of the shape Slack documents (`ENVELOPE`, 400);
4. only then handed to Bolt. Anything still raised while Bolt reads it is
   answered 400 too (the request was signed, so it is Slack's, but unreadable).

Each refusal is at most one log line, giving the status and the reason in a
few fixed words: never the body, never an exception's message (either could
carry patient data), never a traceback.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qsl

from pydantic import BaseModel, ConfigDict, StrictBool, StrictStr, ValidationError
from slack_bolt import App
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse
from slack_bolt.request import BoltRequest
from slack_sdk.signature import SignatureVerifier

logger = logging.getLogger("bot.slack.edge")

MAX_BODY_BYTES = 1024 * 1024
"""Slack's largest body to us is a click carrying our own card back (a few kB; Block Kit caps a message at
50 blocks of 3,000 characters). A megabyte is far above that and far below what ties up a thread."""

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


# -- the envelope: what Bolt and the handlers read, in the shape Slack sends it -----------------------


class _Loose(BaseModel):
    """Only the named fields are checked; Slack adds fields over time and those pass untouched."""

    model_config = ConfigDict(extra="allow")


Object = dict[str, Any]


class _Action(_Loose):
    action_id: StrictStr
    value: StrictStr | None = None
    action_ts: StrictStr | None = None


class _Event(_Loose):
    type: StrictStr
    user: StrictStr | Object | None = None
    channel: StrictStr | Object | None = None
    text: StrictStr | None = None
    ts: StrictStr | None = None
    thread_ts: StrictStr | None = None
    subtype: StrictStr | None = None
    bot_id: StrictStr | None = None
    channel_type: StrictStr | None = None
    user_team: StrictStr | None = None
    team: StrictStr | None = None
    message: Object | None = None
    previous_message: Object | None = None
    item: Object | None = None
    assistant_thread: Object | None = None


class _Envelope(_Loose):
    type: StrictStr | None = None
    command: StrictStr | None = None
    text: StrictStr | None = None
    user_id: StrictStr | None = None
    channel_id: StrictStr | None = None
    team_id: StrictStr | None = None
    enterprise_id: StrictStr | None = None
    trigger_id: StrictStr | None = None
    response_url: StrictStr | None = None
    event_id: StrictStr | None = None
    challenge: StrictStr | None = None
    is_enterprise_install: StrictBool | StrictStr | None = None
    is_ext_shared_channel: StrictBool | None = None
    user: StrictStr | Object | None = None
    team: Object | None = None
    enterprise: Object | None = None
    channel: StrictStr | Object | None = None
    container: Object | None = None
    message: Object | None = None
    previous_message: Object | None = None
    view: Object = None  # type: ignore[assignment]  # may be absent, never null: Bolt reads `"view" in body`
    state: Object | None = None
    item: Object | None = None
    assistant_thread: Object | None = None
    function_data: Object | None = None
    authorizations: list[Object] | None = None
    actions: list[_Action] = None  # type: ignore[assignment]  # may be absent, never null
    event: _Event = None  # type: ignore[assignment]  # may be absent, never null


def envelope_fits(body: object) -> bool:
    """True when `body` is a JSON object whose fields Bolt and the handlers read have Slack's shape."""
    if not isinstance(body, dict):
        return False
    try:
        _Envelope.model_validate(body)
    except ValidationError:  # its message quotes the input: never logged
        return False
    return True


# -- the edge ---------------------------------------------------------------------------------------


class Refused(Exception):
    """A request answered at the edge: `status` and a plain sentence (the log gets `reason`, fixed words)."""

    def __init__(self, status: HTTPStatus, answer: str, reason: str) -> None:
        super().__init__(reason)
        self.status, self.answer, self.reason = status, answer, reason


UNREADABLE = "This request could not be read."
NOT_SLACK = "This request was not signed by Slack."


def _is_ssl_check(text: str, content_type: str) -> bool:
    """Slack's certificate check of a slash command URL: `ssl_check=1` (and its token), nothing else."""
    if not content_type.startswith(FORM) or "ssl_check" not in text:
        return False
    fields = dict(parse_qsl(text, keep_blank_values=True))
    return fields.get("ssl_check") == "1" and set(fields) <= {"ssl_check", "token"}


def _header(headers: dict[str, Any], name: str) -> str:
    values = headers.get(name) or [""]
    value = values[0] if isinstance(values, list | tuple) else values
    return value if isinstance(value, str) else ""


class SlackEdge:
    """WSGI for /slack/events: refuses what is not a readable request from Slack, hands the rest to Bolt."""

    def __init__(
        self,
        app: App,
        signing_secret: str | None,
        *,
        max_body: int = MAX_BODY_BYTES,
    ) -> None:
        self.app, self.max_body = app, max_body
        self.verifier = SignatureVerifier(signing_secret) if signing_secret else None

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            response = self._respond(environ)
        except Refused as refused:
            logger.info("refused a request on /slack/events: %d %s", refused.status, refused.reason)
            response = WsgiHttpResponse(
                status=refused.status, headers={"content-type": ["text/plain;charset=utf-8"]}, body=refused.answer
            )
        start_response(response.status, response.get_headers())
        return response.get_body()

    def _respond(self, environ: dict[str, Any]) -> WsgiHttpResponse:
        if environ.get("REQUEST_METHOD") != "POST":
            raise Refused(HTTPStatus.METHOD_NOT_ALLOWED, "Slack requests are POSTs.", "not a POST")
        text = self._body(environ)
        http = WsgiHttpRequest(environ)
        headers = http.get_headers()
        content_type = _header(headers, "content-type").lower()
        if not content_type.startswith((FORM, JSON)):
            raise Refused(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, UNREADABLE, "neither a form nor JSON")
        if not _is_ssl_check(text, content_type):
            self._verify(text, headers)
        try:
            request = BoltRequest(body=text, query=http.query_string, headers=headers)
        except Exception:  # Bolt's parser on a body it cannot read (bad JSON, a list, a field of the wrong type)
            raise Refused(HTTPStatus.BAD_REQUEST, UNREADABLE, "body unreadable") from None
        if not envelope_fits(request.body):
            raise Refused(HTTPStatus.BAD_REQUEST, UNREADABLE, "fields of the wrong shape")
        try:
            answered = self.app.dispatch(request)
        except Exception as error:  # a backstop: Bolt handles its listeners' errors itself (handlers.errors)
            raise Refused(HTTPStatus.BAD_REQUEST, UNREADABLE, f"unreadable ({type(error).__name__})") from None
        return WsgiHttpResponse(status=answered.status, headers=answered.headers, body=answered.body)

    def _body(self, environ: dict[str, Any]) -> str:
        try:
            declared = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise Refused(HTTPStatus.BAD_REQUEST, UNREADABLE, "bad Content-Length") from None
        if declared > self.max_body:
            raise Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "This request is too large.", "body too large")
        stream = environ.get("wsgi.input")
        raw: bytes = stream.read(declared) if stream is not None and declared > 0 else b""
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(HTTPStatus.BAD_REQUEST, UNREADABLE, "not UTF-8") from None

    def _verify(self, text: str, headers: dict[str, Any]) -> None:
        if self.verifier is None:  # no secret given: Bolt's own verification still refuses it
            return
        timestamp, signature = _header(headers, "x-slack-request-timestamp"), _header(headers, "x-slack-signature")
        if not timestamp or not signature:
            raise Refused(HTTPStatus.UNAUTHORIZED, NOT_SLACK, "unsigned")
        if not timestamp.isdigit():
            raise Refused(HTTPStatus.UNAUTHORIZED, NOT_SLACK, "bad timestamp")
        if not self.verifier.is_valid(body=text, timestamp=timestamp, signature=signature):
            raise Refused(HTTPStatus.UNAUTHORIZED, NOT_SLACK, "bad signature or stale timestamp")


__all__ = ["MAX_BODY_BYTES", "SlackEdge", "envelope_fits"]
