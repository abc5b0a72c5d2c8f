"""What the store tests share: conversations to save, and raw SQL on either backend (to break rows on purpose)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain import Appointment, Location, Patient, Practitioner, Service
from bot.engine.state import Conversation, Intent, Step
from bot.store import AuditEntry
from bot.store.factory import is_postgresql

NOW = datetime(2026, 3, 5, 16, 0, tzinfo=UTC)
PATIENT_NAME = "Maria Lopez"
PATIENT_PHONE = "312-555-0147"


def conversation(
    step: Step = Step.CHOOSE_SLOT,
    user: str = "U1",
    updated: datetime = NOW,
    *,
    id: str | None = None,
    with_patient: bool = False,
) -> Conversation:
    values: dict[str, Any] = {}
    if with_patient:
        values["appointment"] = appointment()
    return Conversation(
        id=id or f"c-{user}-{step.value}",
        user_id=user,
        intent=Intent.RESCHEDULE,
        step=step,
        created_at=NOW,
        updated_at=updated,
        **values,
    )


def appointment() -> Appointment:
    """An appointment carrying a patient's name, birth date and phone: what must never reach a log."""
    return Appointment(
        id="apt-0001",
        patient=Patient(id="p1", name=PATIENT_NAME, date_of_birth=datetime(1984, 3, 12).date(), phone=PATIENT_PHONE),
        start=NOW + timedelta(days=1),
        end=NOW + timedelta(days=1, minutes=30),
        practitioner=Practitioner(id="d1", name="Dr. Patel"),
        location=Location(id="l1", name="Riverside Clinic", timezone="America/Chicago"),
        service=Service(id="s1", name="Follow-up visit", duration_minutes=30),
    )


def audit(appointment_id: str = "A1", at: datetime = NOW, outcome: str = "applied") -> AuditEntry:
    return AuditEntry.model_validate(
        {
            "at": at,
            "slack_user": "U1",
            "backend": "sandbox",
            "action": "cancel",
            "appointment_id": appointment_id,
            "outcome": outcome,
            "conversation_id": "c1",
        }
    )


def raw(location: str, sql: str, parameters: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Run SQL straight on the database (`?` placeholders on both): how a test damages or inspects rows."""
    if is_postgresql(location):
        import psycopg

        with psycopg.connect(location, autocommit=True) as connection:
            cursor = connection.execute(sql.replace("?", "%s"), parameters)  # type: ignore[arg-type]
            return list(cursor.fetchall()) if cursor.description else []
    connection = sqlite3.connect(location, isolation_level=None)
    try:
        cursor = connection.execute(sql, parameters)
        return list(cursor.fetchall())
    finally:
        connection.close()
