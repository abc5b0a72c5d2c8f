"""The one ack listener every Slack request gets.

It runs in the HTTP request's own thread and does nothing else, so Slack hears
back in milliseconds however slow the booking system is; the listener that does
the work is registered next to it as a lazy listener (see bot/app.py).
"""

from __future__ import annotations

from slack_bolt import Ack


def acknowledge(ack: Ack) -> None:
    ack()
