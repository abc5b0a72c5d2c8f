"""The assistant: runs the engine against the store (routing, ownership, saves, audit, expiry). Knows no Slack."""

from bot.assistant.assistant import UNKNOWN_REQUEST, Assistant, Turn

__all__ = ["UNKNOWN_REQUEST", "Assistant", "Turn"]
