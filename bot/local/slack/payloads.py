"""What Slack sends the bot, shaped as Slack documents it and signed the way Bolt verifies it.

Each builder returns the JSON object Slack delivers (the Socket Mode envelope's
`payload`); the `*_body` functions encode it as the HTTP request body Slack
POSTs (slash commands and clicks form-encoded, events as JSON). Shapes follow
Slack's reference pages (slash commands, block_actions, the message and
app_mention events and their subtypes) and the recorded bodies in bolt-python's
and python-slack-sdk's own tests. Signatures come from slack_sdk's
SignatureVerifier, so there is no second HMAC to get wrong.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

TEAM_ID = "T0CLINIC"
APP_ID = "A0CLINIC"
BOT_USER_ID = "UBOT"
VERIFICATION_TOKEN = "legacy-verification-token"


def sign(body: bytes, signing_secret: str, *, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 request signature headers for `body` (computed by slack_sdk itself)."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(signing_secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None  # only None without a timestamp
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def trigger_id() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex}"


def _ts() -> str:
    return f"{time.time():.6f}"


def _channel_name(channel_id: str) -> str:
    return "directmessage" if channel_id.startswith("D") else "front-desk"


# -- slash commands --------------------------------------------------------------------


def slash_command_payload(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str,
    team_id: str = TEAM_ID,
    enterprise_id: str | None = None,
    trigger_id_: str | None = None,
) -> dict[str, str]:
    """A slash command's fields. An org-wide install adds enterprise_id and is_enterprise_install=true."""
    fields = {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": "clinic",
        "channel_id": channel_id,
        "channel_name": _channel_name(channel_id),
        "user_id": user_id,
        "user_name": user_id.lower(),
        "command": command,
        "text": text,
        "api_app_id": APP_ID,
        "is_enterprise_install": "true" if enterprise_id else "false",
        "response_url": response_url,
        "trigger_id": trigger_id_ or trigger_id(),
    }
    if enterprise_id:
        fields.update({"enterprise_id": enterprise_id, "enterprise_name": "Clinic Group"})
    return fields


def slash_command_body(
    command: str,
    text: str,
    *,
    user_id: str,
    channel_id: str,
    response_url: str,
    team_id: str = TEAM_ID,
    trigger_id: str | None = None,
    enterprise_id: str | None = None,
) -> bytes:
    """A slash command as Slack POSTs it: form-encoded."""
    payload = slash_command_payload(
        command,
        text,
        user_id=user_id,
        channel_id=channel_id,
        response_url=response_url,
        team_id=team_id,
        enterprise_id=enterprise_id,
        trigger_id_=trigger_id,
    )
    return urlencode(payload).encode()


def ssl_check_body() -> bytes:
    """Slack's periodic certificate check of a slash command's URL: form `ssl_check=1`."""
    return urlencode({"ssl_check": "1", "token": VERIFICATION_TOKEN}).encode()


# -- clicks ------------------------------------------------------------------------------


def block_actions_payload(
    action_id: str,
    value: str,
    *,
    user_id: str,
    response_url: str | None,
    channel_id: str,
    container: dict[str, Any],
    message: dict[str, Any] | None = None,
    button_text: str = "button",
    block_id: str = "actions",
    team_id: str | None = TEAM_ID,
    enterprise_id: str | None = None,
) -> dict[str, Any]:
    """A button click. A click on an ephemeral message carries no `message` (Slack keeps no copy of it);
    a click on a channel or DM message carries the whole message and its `state`.
    An org-wide install sends `enterprise` and may send `team: null`.
    """
    now = time.time()
    user_team = team_id or TEAM_ID
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": user_team},
        "api_app_id": APP_ID,
        "token": VERIFICATION_TOKEN,
        "container": container,
        "trigger_id": trigger_id(),
        "team": {"id": team_id, "domain": "clinic"} if team_id else None,
        "enterprise": {"id": enterprise_id, "name": "Clinic Group"} if enterprise_id else None,
        "is_enterprise_install": enterprise_id is not None,
        "channel": {"id": channel_id, "name": _channel_name(channel_id)},
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "text": {"type": "plain_text", "text": button_text, "emoji": True},
                "value": value,
                "type": "button",
                "action_ts": f"{now:.6f}",
            }
        ],
    }
    if message is not None:
        payload["message"] = message
        payload["state"] = {"values": {}}
    if response_url is not None:
        payload["response_url"] = response_url
    return payload


def block_actions_body(
    action_id: str,
    value: str,
    *,
    user_id: str,
    response_url: str | None,
    channel_id: str = "C0FRONTDESK",
    message_ts: str | None = None,
    container: dict[str, Any] | None = None,
    message: dict[str, Any] | None = None,
    team_id: str | None = TEAM_ID,
    enterprise_id: str | None = None,
    button_text: str = "button",
) -> bytes:
    """A click as Slack POSTs it: `payload=<json>`, form-encoded.

    Without a `container` one is made from `message_ts` (none: an ephemeral card).
    Prefer `SlackStandIn.press`, which knows where the button really is.
    """
    if container is None:
        container = {
            "type": "message",
            "message_ts": message_ts or f"{int(time.time())}.000001",
            "channel_id": channel_id,
            "is_ephemeral": message_ts is None,
        }
    if message is None and message_ts is not None:
        message = {"type": "message", "ts": message_ts, "user": BOT_USER_ID, "bot_id": "B" + BOT_USER_ID, "text": ""}
    payload = block_actions_payload(
        action_id,
        value,
        user_id=user_id,
        response_url=response_url,
        channel_id=channel_id,
        container=container,
        message=message,
        team_id=team_id,
        enterprise_id=enterprise_id,
        button_text=button_text,
    )
    return form_body(payload)


def form_body(payload: dict[str, Any]) -> bytes:
    return urlencode({"payload": json.dumps(payload)}).encode()


# -- events --------------------------------------------------------------------------------


def event_callback(
    event: dict[str, Any],
    *,
    event_id: str,
    team_id: str = TEAM_ID,
    api_app_id: str = APP_ID,
    enterprise_id: str | None = None,
    bot_user_id: str = BOT_USER_ID,
) -> dict[str, Any]:
    """An Events API delivery. An org-wide install's authorization has `team_id: null` and the enterprise."""
    org_wide = enterprise_id is not None
    return {
        "token": VERIFICATION_TOKEN,
        "team_id": team_id,
        "enterprise_id": enterprise_id,
        "context_team_id": team_id,
        "context_enterprise_id": enterprise_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [
            {
                "enterprise_id": enterprise_id,
                "team_id": None if org_wide else team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": org_wide,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": f"4-{event.get('type', 'event')}-{team_id}-{event.get('channel', '')}",
    }


def event_body(
    event: dict[str, Any],
    *,
    event_id: str,
    team_id: str = TEAM_ID,
    api_app_id: str = APP_ID,
    enterprise_id: str | None = None,
) -> bytes:
    """An Events API delivery as Slack POSTs it: JSON."""
    return json.dumps(
        event_callback(event, event_id=event_id, team_id=team_id, api_app_id=api_app_id, enterprise_id=enterprise_id)
    ).encode()


def url_verification_body(challenge: str) -> bytes:
    """What Slack sends once when the Request URL is saved; the app must echo the challenge."""
    return json.dumps({"token": VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"}).encode()


def _rich_text(text: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "rich_text",
            "block_id": uuid.uuid4().hex[:5],
            "elements": [{"type": "rich_text_section", "elements": [{"type": "text", "text": text}]}],
        }
    ]


def dm_event(
    text: str,
    *,
    user_id: str,
    channel_id: str | None = None,
    ts: str | None = None,
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """message.im from a person. A thread reply carries the parent's `thread_ts` (and `parent_user_id`)."""
    ts = ts or _ts()
    event: dict[str, Any] = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "message",
        "text": text,
        "user": user_id,
        "ts": ts,
        "blocks": _rich_text(text),
        "team": team_id,
        "channel": channel_id or "D" + user_id,
        "event_ts": ts,
        "channel_type": "im",
    }
    if thread_ts is not None:
        event.update({"thread_ts": thread_ts, "parent_user_id": BOT_USER_ID})
    return event


def file_share_event(text: str, *, user_id: str, channel_id: str | None = None) -> dict[str, Any]:
    """message.im with subtype file_share: a DM with a file attached (the text is the message typed with it)."""
    ts = _ts()
    return {
        "type": "message",
        "subtype": "file_share",
        "text": text,
        "files": [
            {
                "id": "F" + uuid.uuid4().hex[:10].upper(),
                "created": int(time.time()),
                "name": "referral.pdf",
                "title": "referral.pdf",
                "mimetype": "application/pdf",
                "filetype": "pdf",
                "user": user_id,
                "size": 48213,
                "mode": "hosted",
                "is_external": False,
            }
        ],
        "upload": False,
        "user": user_id,
        "display_as_bot": False,
        "ts": ts,
        "blocks": _rich_text(text),
        "client_msg_id": str(uuid.uuid4()),
        "channel": channel_id or "D" + user_id,
        "event_ts": ts,
        "channel_type": "im",
    }


def mention_event(
    text: str,
    *,
    user_id: str,
    channel_id: str,
    bot_user_id: str = BOT_USER_ID,
    thread_ts: str | None = None,
    team_id: str = TEAM_ID,
) -> dict[str, Any]:
    """app_mention from a person in a channel."""
    ts = _ts()
    event: dict[str, Any] = {
        "client_msg_id": str(uuid.uuid4()),
        "type": "app_mention",
        "text": f"<@{bot_user_id}> {text}",
        "user": user_id,
        "ts": ts,
        "blocks": _rich_text(f"<@{bot_user_id}> {text}"),
        "team": team_id,
        "channel": channel_id,
        "event_ts": ts,
    }
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return event


def _bot_profile(bot_id: str) -> dict[str, Any]:
    return {"id": bot_id, "app_id": "A0OTHERAPP", "name": "Reminders", "deleted": False, "team_id": TEAM_ID}


def bot_mention_event(
    text: str, *, bot_id: str, channel_id: str, user_id: str | None = None, bot_user_id: str = BOT_USER_ID
) -> dict[str, Any]:
    """app_mention posted by another app or a workflow: `bot_id`, and `user` only when it is an app's bot user."""
    ts = _ts()
    event: dict[str, Any] = {
        "type": "app_mention",
        "text": f"<@{bot_user_id}> {text}",
        "bot_id": bot_id,
        "bot_profile": _bot_profile(bot_id),
        "ts": ts,
        "channel": channel_id,
        "event_ts": ts,
    }
    if user_id is not None:
        event["user"] = user_id
    return event


def bot_message_event(text: str, *, bot_id: str, channel_id: str, user_id: str | None = None) -> dict[str, Any]:
    """message.im subtype bot_message: posted by an app or workflow (no `user`, unless an app's bot user)."""
    ts = _ts()
    event: dict[str, Any] = {
        "type": "message",
        "subtype": "bot_message",
        "text": text,
        "ts": ts,
        "bot_id": bot_id,
        "username": "Reminders",
        "channel": channel_id,
        "event_ts": ts,
        "channel_type": "im",
    }
    if user_id is not None:
        event["user"] = user_id
    return event


def message_changed_event(*, user_id: str, channel_id: str, ts: str, old_text: str, new_text: str) -> dict[str, Any]:
    """message.im subtype message_changed: a person edited a message they sent earlier."""
    now = _ts()
    return {
        "type": "message",
        "subtype": "message_changed",
        "hidden": True,
        "message": {
            "type": "message",
            "user": user_id,
            "text": new_text,
            "edited": {"user": user_id, "ts": now},
            "ts": ts,
        },
        "channel": channel_id,
        "previous_message": {"type": "message", "user": user_id, "text": old_text, "ts": ts},
        "event_ts": now,
        "ts": now,
        "channel_type": "im",
    }


def message_deleted_event(*, user_id: str, channel_id: str, ts: str, old_text: str) -> dict[str, Any]:
    """message.im subtype message_deleted: a person deleted a message they sent earlier (no `user` at the top)."""
    now = _ts()
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "deleted_ts": ts,
        "channel": channel_id,
        "previous_message": {"type": "message", "user": user_id, "text": old_text, "ts": ts},
        "event_ts": now,
        "ts": now,
        "channel_type": "im",
    }
