"""Storage: what the assistant needs (the protocol types) and nothing about how it is kept.

Importing `bot.store` loads no database driver: the assistant types against
`Store` here, and only the composition root opens a concrete store, through
`bot.store.factory.open_store` (SQLite by default, PostgreSQL for a
`postgresql://` CLINIC_BOT_DB).
"""

from bot.engine.turn import Stored, Surface
from bot.store.migrations import SCHEMA_VERSION
from bot.store.protocol import (
    AuditEntry,
    InboxEntry,
    InboxKind,
    Lease,
    LeaseTaken,
    Outcome,
    StorageError,
    Store,
    appointment_lease,
)

__all__ = [
    "SCHEMA_VERSION",
    "AuditEntry",
    "InboxEntry",
    "InboxKind",
    "Lease",
    "LeaseTaken",
    "Outcome",
    "StorageError",
    "Store",
    "Stored",
    "Surface",
    "appointment_lease",
]
