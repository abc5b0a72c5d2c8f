"""Buttons that say which conversation, and which drawing of it, they belong to.

A click must act on the card the person saw, and only once. Every button
therefore carries the conversation id and the version it was drawn at; the
assistant answers a click on an older version with "already handled". The
value also carries a short checksum, so a value that was edited or garbled on
the way back is refused (decoded to None) rather than read as some other
click. The checksum is not a secret: forged clicks are stopped by Slack's
request signing, the owner check and the version compare-and-set.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any, get_args

from pydantic import ValidationError
from slack_sdk.models.blocks import ButtonElement

from bot.engine.state import Action, ActionKind, Conversation
from bot.views.limits import MAX_ACTION_ID, MAX_BUTTON_TEXT, MAX_BUTTON_VALUE, clip

ACTION_PREFIX = "clinic_bot:"
ACTION_KINDS: frozenset[str] = frozenset(get_args(ActionKind))

_CONVERSATION_ID = re.compile(r"^[A-Za-z0-9_.-]{1,128}$")
_SUFFIX = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")
_KEYS = frozenset({"c", "v", "k", "i", "x", "s"})
_MAX_INDEX = 10_000
_MAX_VALUE = 200


def _checksum(conversation_id: str, version: int, kind: str, index: int | None, value: str | None) -> str:
    canonical = json.dumps(["clinic_bot/1", conversation_id, version, kind, index, value], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def _suffix(action: Action) -> str:
    """Unique within one card: no card shows two buttons with the same kind, index and value."""
    if action.index is not None:
        return f"i{action.index}"
    if action.value is not None:
        return "x" + hashlib.sha256(action.value.encode()).hexdigest()[:10]
    return "0"


def encode_button(conversation: Conversation, action: Action) -> tuple[str, str]:
    """(action_id, value) for a button that performs `action` on this drawing of `conversation`.

    Raises ValueError for a conversation id or value that could not round-trip
    (ids are the engine's own uuids, so this means a bug, not a user's input).
    """
    if not _CONVERSATION_ID.match(conversation.id):
        raise ValueError("conversation id cannot be carried by a button")
    if action.value is not None and len(action.value) > _MAX_VALUE:
        raise ValueError("button value too long")
    payload: dict[str, Any] = {"c": conversation.id, "v": conversation.version, "k": action.kind}
    if action.index is not None:
        payload["i"] = action.index
    if action.value is not None:
        payload["x"] = action.value
    payload["s"] = _checksum(conversation.id, conversation.version, action.kind, action.index, action.value)
    value = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    action_id = f"{ACTION_PREFIX}{action.kind}:{_suffix(action)}"
    if len(value) > MAX_BUTTON_VALUE or len(action_id) > MAX_ACTION_ID:  # pragma: no cover - bounded above
        raise ValueError("button does not fit Slack's limits")
    return action_id, value


def _int(raw: object, *, minimum: int, maximum: int) -> int | None:
    if isinstance(raw, bool) or not isinstance(raw, int) or not minimum <= raw <= maximum:
        return None
    return raw


def decode_action(action_id: str, value: str) -> tuple[str, int, Action] | None:
    """(conversation_id, version, action) from a clicked button; None for anything we did not draw."""
    if not isinstance(action_id, str) or not isinstance(value, str):
        return None
    if len(action_id) > MAX_ACTION_ID or len(value) > MAX_BUTTON_VALUE or not action_id.startswith(ACTION_PREFIX):
        return None
    kind, _, suffix = action_id[len(ACTION_PREFIX) :].partition(":")
    if kind not in ACTION_KINDS or not _SUFFIX.match(suffix):
        return None
    try:
        payload = json.loads(value)
    except (ValueError, RecursionError):
        return None
    if not isinstance(payload, dict) or not set(payload) <= _KEYS or payload.get("k") != kind:
        return None
    conversation_id, checksum = payload.get("c"), payload.get("s")
    if not isinstance(conversation_id, str) or not _CONVERSATION_ID.match(conversation_id):
        return None
    version = _int(payload.get("v"), minimum=0, maximum=2**53)
    if version is None or not isinstance(checksum, str):
        return None
    index: int | None = None
    if "i" in payload:
        index = _int(payload["i"], minimum=0, maximum=_MAX_INDEX)
        if index is None:
            return None
    extra = payload.get("x")
    if extra is not None and (not isinstance(extra, str) or len(extra) > _MAX_VALUE):
        return None
    if checksum != _checksum(conversation_id, version, kind, index, extra):
        return None
    try:
        action = Action.model_validate({"kind": kind, "index": index, "value": extra})
    except ValidationError:  # pragma: no cover - every field was checked above
        return None
    if _suffix(action) != suffix:
        return None
    return conversation_id, version, action


def button(conversation: Conversation, action: Action, text: str, *, style: str | None = None) -> ButtonElement:
    """A button for `action`; its label is shortened to Slack's 75 characters if need be."""
    action_id, value = encode_button(conversation, action)
    return ButtonElement(text=clip(text, MAX_BUTTON_TEXT), action_id=action_id, value=value, style=style)
