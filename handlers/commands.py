"""Slash commands: /reschedule and /cancel. Acknowledge, hand over, nothing else."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from handlers.intake import Intake
from handlers.payloads import command_request

UNREADABLE = "I couldn't read that request. Try `/reschedule help`."


def register(app: App) -> None:
    app.command("/reschedule")(on_command)
    app.command("/cancel")(on_command)


def on_command(ack: Ack, command: dict[str, Any], intake: Intake) -> None:
    request = command_request(command)
    if request is None:
        ack(text=UNREADABLE, response_type="ephemeral")
        return
    fresh = intake.accept(request)
    ack()
    if fresh:
        intake.submit(request)
