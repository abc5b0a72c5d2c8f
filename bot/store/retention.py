"""Retention: what is forgotten when, the same for `clinic-bot purge` and (later) the sweeper.

Finished conversations hold patient data and go after the conversation
retention (default 1 day), with any quarantined rows as old. Inbox rows hold
the request as Slack sent it: they are only useful while their response_url
lives (30 minutes), so they go then, or sooner if the retention asked is
shorter. The audit log holds ids only and is kept for the audit retention
(default 6 years).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.protocol import Store

INBOX_USEFUL_FOR = timedelta(minutes=30)
"""A response_url works for 30 minutes: after that an unfinished request can no longer be answered."""


@dataclass(frozen=True)
class Purged:
    conversations: int
    inbox: int
    events: int
    audit: int

    def sentence(self) -> str:
        return (
            f"Removed {_count(self.conversations, 'finished conversation')}, "
            f"{_count(self.inbox, 'inbox entry', 'inbox entries')}, "
            f"{_count(self.events, 'processed event id')} and {_count(self.audit, 'audit entry', 'audit entries')}."
        )


def _count(number: int, one: str, many: str | None = None) -> str:
    return f"{number} {one if number == 1 else (many or one + 's')}"


def purge_all(
    store: Store, *, now: datetime, conversations_older_than: timedelta, audit_older_than: timedelta
) -> Purged:
    """Forget everything past its retention, each kind in small batches."""
    conversation_cutoff = now - conversations_older_than
    return Purged(
        conversations=store.purge_finished(conversation_cutoff),
        inbox=store.purge_inbox(now - min(conversations_older_than, INBOX_USEFUL_FOR)),
        events=store.forget_events(conversation_cutoff),
        audit=store.purge_audit(now - audit_older_than),
    )
