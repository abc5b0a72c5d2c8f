"""What the assistant needs from storage, and nothing about how it is kept.

The assistant imports only this module; `bot.store.sqlite` (the default, one
file) and `bot.store.postgres` (several replicas) implement it, and the
composition root picks one from `CLINIC_BOT_DB`. Every method is one
transaction. Nothing here holds a lock across a booking-system call.

Four kinds of rows:
- conversations, saved compare-and-set on `version`;
- leases: a named, expiring claim held by one owner. An appointment being
  changed (`appointment:<backend>:<id>`), the sweeper, and an inbox row being
  worked on are all leases, so two replicas never do the same work;
- the inbox: every acknowledged Slack request, until its work is done;
- the audit log (ids only).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel

from bot.engine.state import Conversation, Step
from bot.engine.turn import Stored, Surface

Outcome = Literal["applied", "failed", "partial", "not_applied"]


class AuditEntry(BaseModel):
    """One appointment's change request and its outcome. Ids and times only: no names, birth dates or phones.

    A change of several appointments (a series cancel) writes one entry per appointment.
    """

    at: datetime
    slack_user: str
    backend: str
    action: Literal["reschedule", "cancel"]
    appointment_id: str
    old_start: datetime | None = None
    new_start: datetime | None = None
    reason: str | None = None
    outcome: Outcome
    detail: str = ""
    conversation_id: str = ""


@dataclass(frozen=True)
class Lease:
    """A named claim held by `owner` until `until` (then anyone may take it)."""

    name: str
    owner: str
    until: datetime


def appointment_lease(backend: str, appointment_id: str) -> str:
    """The lease a conversation holds on an appointment while it changes it: one change at a time."""
    return f"appointment:{backend}:{appointment_id}"


InboxKind = Literal["command", "action", "event"]


@dataclass(frozen=True)
class InboxEntry:
    """An acknowledged Slack request whose work may not have finished.

    `key` is Slack's own id for the request (a command's or click's
    `trigger_id`, an event's `event_id`): a replay of the same request finds
    its key taken and does nothing new. `body` is the request as Slack sent
    it (it holds patient text; the row is deleted once done and purged
    unconditionally after the response_url's 30 minutes).
    """

    key: str
    kind: InboxKind
    body: str
    received_at: datetime
    attempts: int = 0


class LeaseTaken(Exception):
    """`save(..., take_lease=...)` found the lease held by another owner; nothing was saved."""

    def __init__(self, lease: Lease) -> None:
        self.lease = lease
        super().__init__(lease.name)


class StorageError(Exception):
    """The database could not be read or written. `cause` is a short, patient-free reason in words.

    ("database is locked", "disk is full", "database is read-only",
    "database file was replaced or deleted"). Safe to log and to show an admin.
    """

    def __init__(self, cause: str) -> None:
        self.cause = cause
        super().__init__(cause)


class Store(Protocol):
    # -- conversations --------------------------------------------------------------
    def insert(self, conversation: Conversation, surface: Surface, *, inbox_done: str | None = None) -> Stored:
        """Store a new conversation as version 1; `inbox_done` closes that inbox row in the same transaction."""
        ...

    def save(
        self,
        conversation: Conversation,
        *,
        expected_version: int,
        surface: Surface | None = None,
        take_lease: Lease | None = None,
        drop_lease: str | None = None,
        audit: Sequence[AuditEntry] = (),
        inbox_done: str | None = None,
    ) -> Stored | None:
        """Compare-and-set, in one transaction: store `conversation` as version N+1 only if the row is at N.

        None when the row moved on (a racing click won). `surface` replaces
        the stored surface (None keeps it). `take_lease` is taken in the same
        transaction, or `LeaseTaken` is raised and nothing is saved; a lease
        already held by the same owner is renewed; "now", for the lease's
        expiry, is the conversation's `updated_at` (the clock of the turn).
        `drop_lease` is released if held by this conversation (owner = its id).
        `audit` rows are written in the same transaction, and the inbox row `inbox_done` is closed in it
        (as `inbox_done(key)` would) when the save succeeds: the request's work ends with its turn's one write.
        """
        ...

    def get(self, conversation_id: str) -> Stored | None:
        """None when unknown or unreadable (an unreadable row is quarantined, never raised)."""
        ...

    def active_for_user(self, user_id: str, *, surface_kind: str | None = None) -> Stored | None:
        """The person's newest open conversation (optionally only one drawn in a given kind of surface)."""
        ...

    def open_conversations(
        self, *, step: Step | None = None, idle_since: datetime | None = None, limit: int = 500
    ) -> list[Stored]:
        """Open conversations (oldest first), skipping and quarantining any that cannot be read."""
        ...

    def purge_finished(self, before: datetime, *, batch: int = 500) -> int:
        """Delete finished conversations last saved before `before`, `batch` rows per transaction.

        Quarantined (unreadable) conversations last saved before `before` go too: they hold patient data.
        """
        ...

    # -- leases ------------------------------------------------------------------------
    def take_lease(self, lease: Lease, *, now: datetime) -> bool:
        """Take or renew `lease.name` for `lease.owner` if free, expired or already ours."""
        ...

    def lease(self, name: str) -> Lease | None: ...

    def drop_lease(self, name: str, owner: str) -> None: ...

    # -- inbox ------------------------------------------------------------------------
    def inbox_add(self, entry: InboxEntry) -> bool:
        """Record an acknowledged request. False when its key was seen before (a replay): do nothing new."""
        ...

    def inbox_done(self, key: str) -> None:
        """The request's work ended (however it ended): forget its body, keep the key for dedupe."""
        ...

    def inbox_unfinished(self, *, received_before: datetime) -> list[InboxEntry]:
        """Requests acknowledged before `received_before` whose work never ended (a crash), oldest first.

        Each call counts as one more attempt for every entry it returns (`attempts` is the new count),
        so a request that crashes its replay every time can be given up on.
        """
        ...

    def purge_inbox(self, before: datetime) -> int:
        """Forget inbox keys (and any body) received before `before`."""
        ...

    # -- audit ------------------------------------------------------------------------
    def audit(self, entries: Sequence[AuditEntry] | AuditEntry) -> None:
        """Write audit rows in one transaction. (A single entry is accepted too: deprecated, for the old caller.)"""
        ...

    def audit_entries(self, *, since: datetime | None = None) -> list[AuditEntry]: ...

    def purge_audit(self, before: datetime) -> int: ...

    # -- health ----------------------------------------------------------------------
    def check_health(self) -> None:
        """A real read and a real write; raises StorageError with the cause when either fails."""
        ...

    def close(self) -> None: ...

    # -- deprecated: the assistant and handlers of before the protocol still call these -------
    def update_surface(self, conversation_id: str, surface: Surface) -> None:
        """Deprecated: pass `surface=` to `save` instead (one write, compare-and-set)."""
        ...

    def first_delivery(self, event_id: str, now: datetime) -> bool:
        """Deprecated: use `inbox_add` (False for a replay). True the first time an event id is seen."""
        ...

    def forget_events(self, before: datetime) -> int:
        """Deprecated: use `purge_inbox`. Forget event ids seen before `before`; how many were forgotten."""
        ...
