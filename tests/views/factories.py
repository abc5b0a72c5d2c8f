"""Small builders for conversations in any step, so view tests read as what a person sees."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block

from bot.domain import Appointment, Hold, Location, Patient, Practitioner, Service, Slot, Window
from bot.engine.state import Conversation, Intent, Step
from bot.views import Card

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


# -- reading a card back the way Slack would draw it --------------------------------------------


def walk(node: Any) -> list[dict[str, Any]]:
    """Every JSON object inside `node`, depth first."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        found.append(node)
        for child in node.values():
            found += walk(child)
    elif isinstance(node, list):
        for child in node:
            found += walk(child)
    return found


def buttons(card: Card) -> list[dict[str, Any]]:
    return [node for node in walk(card.blocks) if node.get("type") == "button"]


def button_texts(card: Card) -> list[str]:
    return [node["text"]["text"] for node in buttons(card)]


def kinds(card: Card) -> list[str]:
    """The action kinds of the card's buttons, in order: clinic_bot:<kind>:<suffix>."""
    return [node["action_id"].split(":")[1] for node in buttons(card)]


def shown_text(card: Card) -> str:
    """All text a person reads on the card (buttons included), one piece per line."""
    return "\n".join(
        node["text"] for node in walk(card.blocks) if node.get("type") in ("mrkdwn", "plain_text") and "text" in node
    )


def block_types(card: Card) -> list[str]:
    return [block["type"] for block in card.blocks]


def assert_within_limits(card: Card) -> None:
    """Slack's documented limits, checked explicitly and again by slack_sdk's own models."""
    assert card.text and len(card.text) <= 3000
    assert 1 <= len(card.blocks) <= 50
    for block in card.blocks:
        kind = block["type"]
        if kind == "section":
            assert 1 <= len(block["text"]["text"]) <= 3000
        elif kind == "actions":
            assert 1 <= len(block["elements"]) <= 25
        elif kind == "header":
            assert 1 <= len(block["text"]["text"]) <= 150
        elif kind == "context":
            assert 1 <= len(block["elements"]) <= 10
            assert all(len(element["text"]) <= 3000 for element in block["elements"])
    action_ids = []
    for node in buttons(card):
        assert 1 <= len(node["text"]["text"]) <= 75
        assert len(node["value"]) <= 2000
        assert len(node["action_id"]) <= 255
        action_ids.append(node["action_id"])
    assert len(action_ids) == len(set(action_ids)), "action_ids must be unique within a message"
    # slack_sdk re-validates on the way back out: .to_dict() raises SlackObjectFormationError on a violation.
    assert [block.to_dict() for block in Block.parse_all(card.blocks)] == card.blocks
