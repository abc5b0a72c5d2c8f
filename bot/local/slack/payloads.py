"""What Slack sends the bot (slash commands, clicks; events are in events.py), shaped as Slack documents it
and signed the way Bolt verifies it.

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


def new_trigger_id() -> str:
    return f"{int(time.time())}.{uuid.uuid4().int % 10**12}.{uuid.uuid4().hex}"


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
    trigger_id: str | None = None,
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
        "trigger_id": trigger_id or new_trigger_id(),
    }
    if enterprise_id:
        fields.update({"enterprise_id": enterprise_id, "enterprise_name": "Clinic Group"})
    return fields


def slash_command_body(command: str, text: str, **fields: Any) -> bytes:
    """A slash command as Slack POSTs it: form-encoded (`fields` as for `slash_command_payload`)."""
    return urlencode(slash_command_payload(command, text, **fields)).encode()


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
        "trigger_id": new_trigger_id(),
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
