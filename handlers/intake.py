"""What every listener hands a request to (built by the composition root, found in Bolt's context)."""

from __future__ import annotations

from typing import Protocol

from bot.assistant.requests import ClickRequest, CommandRequest, MessageRequest

Request = CommandRequest | ClickRequest | MessageRequest


class Intake(Protocol):
    def accept(self, request: Request) -> bool:
        """Record the request in the durable inbox (in the ack path). False: a replay, do nothing new."""
        ...

    def submit(self, request: Request) -> None:
        """Do the request's work after the acknowledgement, on the work pool."""
        ...
