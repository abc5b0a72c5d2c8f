"""The assistant: runs the engine against the store (routing, ownership, saves, claims, audit, inbox).

It knows no Slack: the handlers give it request values and it draws through the `Messenger` port.
"""

from bot.assistant.assistant import Access, Assistant
from bot.assistant.ports import CardPlace, Messenger, ReplyTo
from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest

__all__ = [
    "Access",
    "Assistant",
    "CardPlace",
    "ClickRequest",
    "CommandRequest",
    "MessageRequest",
    "Messenger",
    "ReplyTo",
]
