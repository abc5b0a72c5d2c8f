"""Conversations, leases, the inbox and the audit log. The assistant sees only the protocol (bot/store/protocol.py)."""

from bot.store.protocol import AuditEntry, InboxEntry, Lease, LeaseTaken, Outcome, StorageError
from bot.store.protocol import Store as StoreProtocol
from bot.store.store import SCHEMA_VERSION, Store, Stored, Surface

__all__ = [
    "SCHEMA_VERSION",
    "AuditEntry",
    "InboxEntry",
    "Lease",
    "LeaseTaken",
    "Outcome",
    "StorageError",
    "Store",
    "StoreProtocol",
    "Stored",
    "Surface",
]
