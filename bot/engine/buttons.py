"""The value every button carries: which conversation, which drawing of it, which action.

A click must act on the card the person saw, and only once. Every button
therefore carries the conversation id and the version it was drawn at; the
assistant answers a click on an older version with "already handled". The
value also carries a short checksum, so a value that was edited or garbled on
the way back is refused (decoded to None) rather than read as some other
click. The checksum is not a secret: forged clicks are stopped by Slack's
request signing, the owner check and the version compare-and-set.

Encoded by the views, decoded at the Slack edge; one pydantic model is the
whole wire format, so what is accepted is declared, not checked by hand.
"""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError, model_validator

from bot.engine.state import Action, ActionKind, Conversation

ACTION_PREFIX = "clinic_bot:"
ACTION_KINDS: frozenset[str] = frozenset(get_args(ActionKind))
MAX_ACTION_ID = 255
MAX_BUTTON_VALUE = 2000
MAX_EXTRA = 200

ConversationId = Annotated[StrictStr, Field(pattern=r"^[A-Za-z0-9_.-]{1,128}$")]


def _checksum(conversation_id: str, version: int, kind: str, index: int | None, value: str | None) -> str:
    canonical = json.dumps(["clinic_bot/1", conversation_id, version, kind, index, value], separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:12]


class ButtonValue(BaseModel):
    """`{"c": id, "v": version, "k": kind, "i": index?, "x": value?, "s": checksum}` — nothing else."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    c: ConversationId
    v: Annotated[StrictInt, Field(ge=0, le=2**53)]
    k: StrictStr
    i: Annotated[StrictInt, Field(ge=0, le=10_000)] | None = None
    x: Annotated[StrictStr, Field(max_length=MAX_EXTRA)] | None = None
    s: StrictStr

    @model_validator(mode="after")
    def _intact(self) -> ButtonValue:
        if self.k not in ACTION_KINDS or self.s != _checksum(self.c, self.v, self.k, self.i, self.x):
            raise ValueError("not a button of ours, or edited on the way")
        return self

    @property
    def action(self) -> Action:
        return Action.model_validate({"kind": self.k, "index": self.i, "value": self.x})


def suffix(action: Action) -> str:
    """Unique within one card: no card shows two buttons with the same kind, index and value."""
    if action.index is not None:
        return f"i{action.index}"
    if action.value is not None:
        return "x" + hashlib.sha256(action.value.encode()).hexdigest()[:10]
    return "0"


def encode_button(conversation: Conversation, action: Action) -> tuple[str, str]:
    """(action_id, value) for a button that performs `action` on this drawing of `conversation`.

    Raises ValueError for a conversation id or value that could not round-trip
    (ids are the engine's own, so this means a bug, not a user's input).
    """
    checksum = _checksum(conversation.id, conversation.version, action.kind, action.index, action.value)
    try:
        encoded = ButtonValue(
            c=conversation.id, v=conversation.version, k=action.kind, i=action.index, x=action.value, s=checksum
        )
    except ValidationError as error:
        raise ValueError("this conversation or value cannot be carried by a button") from error
    value = encoded.model_dump_json(exclude_none=True)
    action_id = f"{ACTION_PREFIX}{action.kind}:{suffix(action)}"
    if len(value) > MAX_BUTTON_VALUE or len(action_id) > MAX_ACTION_ID:  # pragma: no cover - bounded above
        raise ValueError("button does not fit Slack's limits")
    return action_id, value


def decode_action(action_id: object, value: object) -> tuple[str, int, Action] | None:
    """(conversation_id, version, action) from a clicked button; None for anything we did not draw."""
    if not isinstance(action_id, str) or not isinstance(value, str):
        return None
    if len(action_id) > MAX_ACTION_ID or len(value) > MAX_BUTTON_VALUE or not action_id.startswith(ACTION_PREFIX):
        return None
    kind, _, tail = action_id[len(ACTION_PREFIX) :].partition(":")
    try:
        decoded = ButtonValue.model_validate_json(value)
    except (ValidationError, ValueError, RecursionError):
        return None
    if decoded.k != kind or suffix(decoded.action) != tail:
        return None
    return decoded.c, decoded.v, decoded.action
