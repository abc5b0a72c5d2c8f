"""The Slack surface, table of contents: every listener is registered here."""

from slack_bolt import App

from handlers import actions, commands, errors, events


def register(app: App) -> None:
    commands.register(app)
    actions.register(app)
    events.register(app)
    errors.register(app)
