"""DMs and @mentions. Conversations they start live in the person's DM with the bot.

Slack redelivers events it thinks were lost; the inbox handles each event id once.
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, BoltContext

from handlers.intake import Intake
from handlers.payloads import message_request


def register(app: App) -> None:
    app.event("app_mention")(on_event)
    app.event("message")(on_event)


def on_event(ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext, intake: Intake) -> None:
    ack()
    request = message_request(body, event, bot_user_id=context.bot_user_id)
    if request is not None and intake.accept(request):
        intake.submit(request)
