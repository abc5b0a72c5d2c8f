"""Events API deliveries as Slack sends them: the event_callback envelope and each event shape the bot meets.

Shapes follow Slack's reference pages for the message event and its subtypes
(bot_message, message_changed, message_deleted, file_share, thread replies) and
app_mention, and the recorded bodies in bolt-python's and python-slack-sdk's tests.
An org-wide install's authorization carries the enterprise and `team_id: null`.
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from bot.local.slack.payloads import APP_ID, BOT_USER_ID, TEAM_ID, VERIFICATION_TOKEN


def _ts() -> str:
    return f"{time.time():.6f}"


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


def event_body(event: dict[str, Any], **fields: Any) -> bytes:
    """An Events API delivery as Slack POSTs it: JSON (`fields` as for `event_callback`)."""
    return json.dumps(event_callback(event, **fields)).encode()


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
    return _with_present(
        {
            "client_msg_id": str(uuid.uuid4()),
            "type": "app_mention",
            "text": f"<@{bot_user_id}> {text}",
            "user": user_id,
            "ts": ts,
            "blocks": _rich_text(f"<@{bot_user_id}> {text}"),
            "team": team_id,
            "channel": channel_id,
            "event_ts": ts,
        },
        thread_ts=thread_ts,
    )


def _with_present(event: dict[str, Any], **optional: str | None) -> dict[str, Any]:
    """The event plus each optional field that has a value: Slack leaves a field out rather than send null."""
    return event | {key: value for key, value in optional.items() if value is not None}


def _bot_profile(bot_id: str) -> dict[str, Any]:
    return {"id": bot_id, "app_id": "A0OTHERAPP", "name": "Reminders", "deleted": False, "team_id": TEAM_ID}


def bot_mention_event(
    text: str, *, bot_id: str, channel_id: str, user_id: str | None = None, bot_user_id: str = BOT_USER_ID
) -> dict[str, Any]:
    """app_mention posted by another app or a workflow: `bot_id`, and `user` only when it is an app's bot user."""
    ts = _ts()
    return _with_present(
        {
            "type": "app_mention",
            "text": f"<@{bot_user_id}> {text}",
            "bot_id": bot_id,
            "bot_profile": _bot_profile(bot_id),
            "ts": ts,
            "channel": channel_id,
            "event_ts": ts,
        },
        user=user_id,
    )


def bot_message_event(text: str, *, bot_id: str, channel_id: str, user_id: str | None = None) -> dict[str, Any]:
    """message.im subtype bot_message: posted by an app or workflow (no `user`, unless an app's bot user)."""
    ts = _ts()
    return _with_present(
        {
            "type": "message",
            "subtype": "bot_message",
            "text": text,
            "ts": ts,
            "bot_id": bot_id,
            "username": "Reminders",
            "channel": channel_id,
            "event_ts": ts,
            "channel_type": "im",
        },
        user=user_id,
    )


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
