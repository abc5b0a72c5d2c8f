"""Small builders for conversations in any step, so view tests read as what a person sees."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.domain import Appointment, Hold, Location, Patient, Practitioner, Service, Slot, Window
from bot.engine.state import Conversation, Intent, Step

CHICAGO = ZoneInfo("America/Chicago")
NEW_YORK = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 5, 10, 0, tzinfo=CHICAGO)


def at(month: int, day: int, hour: int, minute: int = 0, tz: ZoneInfo = CHICAGO) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=tz)


def appointment(
    *,
    id: str = "appt-1",
    name: str = "Maria Lopez",
    born: date | None = date(1980, 4, 2),
    start: datetime | None = None,
    minutes: int = 30,
    service: str = "Physio",
    practitioner: str | None = "Dr Chen",
    location: str = "Downtown",
    **extra: Any,
) -> Appointment:
    begin = start or at(3, 10, 15)
    return Appointment(
        id=id,
        patient=Patient(id=f"p-{id}", name=name, date_of_birth=born),
        start=begin,
        end=begin + timedelta(minutes=minutes),
        location=Location(id="loc-1", name=location, timezone="America/Chicago"),
        service=Service(id="svc-1", name=service, duration_minutes=minutes),
        practitioner=Practitioner(id="pr-1", name=practitioner) if practitioner else None,
        **extra,
    )


def slot(start: datetime, minutes: int = 30) -> Slot:
    return Slot(start=start, end=start + timedelta(minutes=minutes), location_id="loc-1", key=start.isoformat())


def slots(count: int, first: datetime | None = None) -> tuple[Slot, ...]:
    begin = first or at(3, 6, 8)
    return tuple(slot(begin + timedelta(minutes=30 * i)) for i in range(count))


def hold(start: datetime, *, expires_at: datetime | None = None, id: str = "hold-1") -> Hold:
    return Hold(id=id, slot=slot(start), expires_at=expires_at)


FRIDAY_MORNING = Window(start=at(3, 6, 8), end=at(3, 6, 12))


def conversation(step: Step, *, intent: Intent = Intent.RESCHEDULE, **fields: Any) -> Conversation:
    """A conversation at `step`; the fields a step needs default to Maria Lopez's Tuesday physio."""
    defaults: dict[str, Any] = {
        "id": "c0ffee00c0ffee00c0ffee00c0ffee00",
        "user_id": "U123",
        "intent": intent,
        "step": step,
        "version": 7,
        "created_at": NOW,
        "updated_at": NOW,
    }
    if step not in (Step.NEED_PATIENT, Step.CHOOSE_APPOINTMENT):
        defaults["appointment"] = appointment()
    if intent is Intent.RESCHEDULE and step not in (Step.NEED_PATIENT, Step.CHOOSE_APPOINTMENT, Step.NEED_WINDOW):
        defaults["target"] = FRIDAY_MORNING
    return Conversation(**{**defaults, **fields})


def confirm_move(**fields: Any) -> Conversation:
    return conversation(Step.CONFIRM, hold=fields.pop("hold", hold(at(3, 6, 9))), **fields)


def confirm_cancel(**fields: Any) -> Conversation:
    return conversation(Step.CONFIRM, intent=Intent.CANCEL, **fields)
