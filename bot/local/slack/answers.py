"""How Slack answers each Web API call and each response_url post, rule by rule (rules.RULES).

`WebApi` holds no HTTP: the stand-in hands it a method, its params and the
token, and it answers with Slack's status and JSON, changing the workspace
(workspace.Workspace) the way Slack would and recording every rule broken.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

from bot.local.slack import rules
from bot.local.slack.workspace import Message, ResponseUrl

if TYPE_CHECKING:
    from bot.local.slack.standin import SlackStandIn

Answer = tuple[int, dict[str, Any], dict[str, str]]
"""(HTTP status, JSON body, headers)."""

CHANNEL_BURST = 3
"""chat.postMessage: about one message per second per channel, 'short bursts' allowed (Slack's rate limits page)."""


def _ok(**fields: Any) -> Answer:
    return 200, {"ok": True, **fields}, {}


class WebApi:
    def __init__(self, slack: SlackStandIn, scopes: frozenset[str], *, channel_rate_limit: bool = False) -> None:
        self.slack = slack
        self.scopes = scopes
        self.channel_rate_limit = channel_rate_limit
        self._buckets: dict[str, tuple[float, float]] = {}

    @property
    def workspace(self) -> Any:
        return self.slack.workspace

    def _refuse(self, method: str, error: str, detail: str, rule: str | None = None, **extra: Any) -> Answer:
        self.slack.refuse(rule or error, method, error, detail)
        return 200, {"ok": False, "error": error, **extra}, {}

    # -- the Web API -----------------------------------------------------------------------------------
    def call(self, method: str, params: dict[str, Any], token: str) -> Answer:
        if not token:
            return self._refuse(method, "not_authed", "no token")
        if token in self.slack.refused_tokens:
            return self._refuse(method, "invalid_auth", "a token Slack does not know")
        if method not in rules.BOT_METHOD_SCOPES and method not in rules.APP_METHODS:
            return self._refuse(method, "unknown_method", f"{method} is not a Slack method", req_method=method)
        wants_app_token = method in rules.APP_METHODS
        if wants_app_token != token.startswith("xapp-") or not (wants_app_token or token.startswith("xoxb-")):
            return self._refuse(method, "not_allowed_token_type", f"{method} with a {token[:5]}... token")
        needed = rules.BOT_METHOD_SCOPES.get(method)
        if needed is not None and needed not in self.scopes:
            provided = ",".join(sorted(self.scopes))
            return self._refuse(method, "missing_scope", f"{method} needs {needed}", needed=needed, provided=provided)
        if method not in rules.PLAYED:
            return self._refuse(method, "not_played", f"{method} is real but the stand-in does not play it")
        handler = getattr(self, "_" + method.replace(".", "_"))
        answer: Answer = handler(method, params)
        return answer

    def _auth_test(self, method: str, params: dict[str, Any]) -> Answer:
        slack = self.slack
        return _ok(
            url="https://clinic.slack.com/",
            team="Clinic",
            user="clinic-bot",
            team_id=slack.team_id,
            user_id=slack.bot_user_id,
            bot_id="B" + slack.bot_user_id,
            is_enterprise_install=False,
        )

    def _users_info(self, method: str, params: dict[str, Any]) -> Answer:
        user_id = str(params.get("user") or "")
        if not user_id:
            return self._refuse(method, "user_not_found", "no user given", rule="channel_not_found")
        tz = self.slack.users.get(user_id, "America/New_York")
        return _ok(user={"id": user_id, "team_id": self.slack.team_id, "name": user_id.lower(), "tz": tz})

    def _conversations_open(self, method: str, params: dict[str, Any]) -> Answer:
        users = [user.strip() for user in str(params.get("users") or "").split(",") if user.strip()]
        if not users:
            return self._refuse(method, "users_list_not_supplied", "no users", rule="channel_not_found")
        return _ok(channel={"id": self.workspace.open_dm(users[0])})

    def _channel_for_bot(self, method: str, channel: str) -> Answer | None:
        if not channel:
            return self._refuse(method, "channel_not_found", "no channel")
        if not self.workspace.exists(channel):
            return self._refuse(method, "channel_not_found", f"no channel {channel}")
        if not self.workspace.is_member(channel, self.slack.bot_user_id):
            return self._refuse(method, "not_in_channel", f"the bot is not a member of {channel}")
        return None

    def _content(self, method: str, params: dict[str, Any], *, needs_content: bool = True) -> Answer | None:
        text = str(params.get("text") or "")
        broken = rules.message_problem(text, params.get("blocks"), needs_content=needs_content)
        if broken is not None:
            return self._refuse(method, broken.error, broken.detail, rule=broken.rule)
        warning = rules.text_warning(text)
        if warning is not None:
            self.slack.refuse(warning.rule, method, "", warning.detail)
        return None

    def _chat_postMessage(self, method: str, params: dict[str, Any]) -> Answer:
        channel = str(params.get("channel") or "")
        if channel.startswith(("U", "W")):
            channel = self.workspace.open_dm(channel)  # posting to a user id posts in the DM with them
        refused = self._channel_for_bot(method, channel) or self._content(method, params)
        if refused is not None:
            return refused
        if self.channel_rate_limit and not self._take_token(channel):
            return 429, {"ok": False, "error": "ratelimited"}, {"Retry-After": "1"}
        thread_ts = params.get("thread_ts")
        message = self.workspace.post(
            channel, str(params.get("text") or ""), _blocks(params), thread_ts=str(thread_ts) if thread_ts else None
        )
        return _ok(channel=channel, ts=message.ts, message=self.workspace.as_slack_message(message))

    def _chat_update(self, method: str, params: dict[str, Any]) -> Answer:
        channel, ts = str(params.get("channel") or ""), str(params.get("ts") or "")
        if not channel:
            return self._refuse(method, "channel_not_found", "no channel")
        message = self.workspace.find(channel, ts)
        if message is not None and message.ephemeral_to is not None:
            return self._refuse(method, "message_not_found", "an ephemeral", rule="ephemeral_cannot_be_updated")
        if message is None or message.source != "chat.postMessage":
            return self._refuse(method, "message_not_found", f"no message {ts} in {channel}")
        refused = self._content(method, params, needs_content=False)
        if refused is not None:
            return refused
        text = params.get("text") if "text" in params else None
        message.redraw(text, _blocks(params) if "blocks" in params else None)
        shown = self.workspace.as_slack_message(message)
        return _ok(channel=channel, ts=ts, text=message.text, message=shown)

    def _chat_delete(self, method: str, params: dict[str, Any]) -> Answer:
        message = self.workspace.find(str(params.get("channel") or ""), str(params.get("ts") or ""))
        if message is None or message.source != "chat.postMessage":
            return self._refuse(method, "message_not_found", "no such message")
        message.deleted = True
        return _ok(channel=message.channel, ts=message.ts)

    def _chat_postEphemeral(self, method: str, params: dict[str, Any]) -> Answer:
        channel, user = str(params.get("channel") or ""), str(params.get("user") or "")
        refused = self._channel_for_bot(method, channel)
        if refused is not None:
            return refused
        if not user or not self.workspace.is_member(channel, user):
            return self._refuse(method, "user_not_in_channel", f"{user or 'nobody'} is not in {channel}")
        refused = self._content(method, params)
        if refused is not None:
            return refused
        message = self.workspace.post(
            channel, str(params.get("text") or ""), _blocks(params), ephemeral_to=user, source=method
        )
        return _ok(message_ts=message.ts)

    def _apps_connections_open(self, method: str, params: dict[str, Any]) -> Answer:
        if self.slack.socket_mode_url is None:
            return self._refuse(method, "socket_mode_not_enabled", "no Socket Mode server", rule="socket_mode_off")
        return _ok(url=self.slack.socket_mode_url())

    def _take_token(self, channel: str) -> bool:
        now = time.monotonic()
        tokens, last = self._buckets.get(channel, (float(CHANNEL_BURST), now))
        tokens = min(float(CHANNEL_BURST), tokens + (now - last))
        if tokens < 1:
            self._buckets[channel] = (tokens, now)
            return False
        self._buckets[channel] = (tokens - 1, now)
        return True

    # -- response_urls -------------------------------------------------------------------------------
    def response_url_post(self, key: str, raw: bytes) -> tuple[int, str, dict[str, Any] | None, dict[str, Any] | None]:
        """(status, text body, what was done, the post) for one POST to a response_url."""
        target = "response_url"
        url: ResponseUrl | None = self.workspace.urls.get(key)
        if url is None:
            self.slack.refuse("response_url_unknown", target, "no_service", "a URL Slack never issued")
            return 404, "no_service", None, None
        try:
            decoded = json.loads(raw or b"null")
        except ValueError:
            self.slack.refuse("no_text", target, "invalid_payload", "the body is not JSON")
            return 400, "invalid_payload", None, None
        post: dict[str, Any] = decoded if isinstance(decoded, dict) else {"payload": decoded}
        refusal = url.refusal(self.slack.now())
        url.posts.append(post)
        if refusal is not None:
            error, rule = refusal
            self.slack.refuse(rule, target, error, f"post {len(url.posts)} to a {url.kind} response_url")
            return 404, error, None, None
        is_click = url.kind == "click" and url.message is not None
        if not is_click and (post.get("replace_original") or post.get("delete_original")):
            flag = "delete_original" if post.get("delete_original") else "replace_original"
            self.slack.refuse("command_url_never_replaces", target, "", f"{flag} on a command's response_url")
        if not (is_click and post.get("delete_original")):
            broken = rules.message_problem(str(post.get("text") or ""), post.get("blocks"))
            if broken is not None:
                self.slack.refuse(broken.rule, target, broken.error, broken.detail)
                return 400, broken.error, None, None
            warning = rules.text_warning(str(post.get("text") or ""))
            if warning is not None:
                self.slack.refuse(warning.rule, target, "", warning.detail)
        if is_click and url.message is not None:
            return self._on_click_url(url, url.message, post)
        return self._new_message(url, post)

    def _on_click_url(
        self, url: ResponseUrl, message: Message, post: dict[str, Any]
    ) -> tuple[int, str, dict[str, Any] | None, dict[str, Any] | None]:
        if post.get("delete_original") or post.get("replace_original"):
            if message.deleted:
                self.slack.refuse(
                    "click_url_replaces_its_message", "response_url", "message_not_found", "that message is gone"
                )
                return 404, "message_not_found", None, None
            if post.get("delete_original"):
                message.deleted = True
                return 200, "ok", {"ok": True, "action": "deleted", "ts": message.ts}, post
            message.redraw(str(post.get("text") or ""), _blocks(post))
            answer = {"ok": True, "action": "replaced", "ts": message.ts, "ephemeral": message.ephemeral_to is not None}
            return 200, "ok", answer, post
        return self._new_message(url, post)

    def _new_message(
        self, url: ResponseUrl, post: dict[str, Any]
    ) -> tuple[int, str, dict[str, Any] | None, dict[str, Any] | None]:
        channel = url.channel_id or ""
        in_channel = post.get("response_type") == "in_channel"
        message = self.workspace.post(
            channel,
            str(post.get("text") or ""),
            _blocks(post),
            ephemeral_to=None if in_channel else (url.user_id or ""),
            source="response_url",
            thread_ts=str(post["thread_ts"]) if post.get("thread_ts") else None,
        )
        return 200, "ok", {"ok": True, "action": "posted", "ts": message.ts, "ephemeral": not in_channel}, post


def _blocks(params: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = params.get("blocks")
    return list(blocks) if isinstance(blocks, list) else []
