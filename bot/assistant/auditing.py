"""Audit rows for a finished change: one per appointment changed, ids and times only.

A series cancel writes one row for every appointment it cancelled, so the
audit names each of them. The detail is the kind of outcome (never a
booking system's own sentence, which could quote patient data).
"""

from __future__ import annotations

from datetime import datetime

from bot.engine.state import Conversation, Intent, Step
from bot.store.protocol import AuditEntry, Outcome


def outcome_of(result: Conversation) -> Outcome:
    if result.step is Step.DONE:
        return "applied"
    if result.partially_applied:
        return "partial"
    if result.step is Step.FAILED:
        return "failed"
    return "not_applied"


def entries(
    applying: Conversation, result: Conversation, *, at: datetime, reconciled: bool = False
) -> list[AuditEntry]:
    """The rows for `applying` ending as `result`: one per appointment changed (or tried)."""
    assert applying.appointment is not None
    outcome = outcome_of(result)
    said = result.outcome or result.notice
    detail: str = said.kind if said is not None else ""
    if reconciled:
        detail = f"reconciled after restart: {detail}" if detail else "reconciled after restart"
    moved_to = applying.hold.slot.start if applying.hold is not None and applying.intent is Intent.RESCHEDULE else None
    changed = result.results if outcome == "applied" and result.results else (applying.appointment,)
    return [
        AuditEntry(
            at=at,
            slack_user=applying.user_id,
            backend=applying.backend,
            action=applying.intent.value,
            appointment_id=appointment.id,
            old_start=applying.appointment.start if appointment.id == applying.appointment.id else appointment.start,
            new_start=moved_to,
            reason=applying.reason.value if applying.reason else None,
            outcome=outcome,
            detail=detail,
            conversation_id=applying.id,
        )
        for appointment in changed
    ]
