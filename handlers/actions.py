"""Button clicks on a conversation card. One listener for every button of ours."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.engine.buttons import ACTION_PREFIX
from handlers.intake import Intake
from handlers.payloads import click_request


def register(app: App) -> None:
    app.action(re.compile("^" + re.escape(ACTION_PREFIX)))(on_button)


def on_button(ack: Ack, body: dict[str, Any], action: dict[str, Any], intake: Intake) -> None:
    ack()
    request = click_request(body, action)
    if request is not None and intake.accept(request):
        intake.submit(request)
