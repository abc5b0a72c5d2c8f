"""How the bot is run: the `clinic-bot` commands, the Slack wiring (Bolt app, ack-first pool), serve."""
