"""Conversations, the audit log and processed Slack events (SQLite via sqlite-utils)."""

from bot.store.store import SCHEMA_VERSION, AuditEntry, Outcome, Store, Stored, Surface

__all__ = ["SCHEMA_VERSION", "AuditEntry", "Outcome", "Store", "Stored", "Surface"]
