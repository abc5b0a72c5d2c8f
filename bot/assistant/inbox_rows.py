"""How a request sits in the durable inbox (its row is written in the ack path, by whichever process acks)."""

from __future__ import annotations

from datetime import datetime

from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest, StoredRequest
from bot.store.protocol import InboxEntry, InboxKind

INBOX_KINDS: dict[str, InboxKind] = {"command": "command", "click": "action", "message": "event"}


def inbox_entry(request: CommandRequest | ClickRequest | MessageRequest, received_at: datetime) -> InboxEntry:
    """The inbox row that keeps `request` until its work ends (written in the ack path, by whichever process acks)."""
    body = StoredRequest(request=request).model_dump_json()
    return InboxEntry(key=request.key, kind=INBOX_KINDS[request.type], body=body, received_at=received_at)
