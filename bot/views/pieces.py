"""The parts every conversation card is made of: who the appointment is for, its buttons, its lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import Block, ButtonElement

from bot.domain import Appointment
from bot.engine.state import Action, ActionKind, Conversation
from bot.engine.steps import offers
from bot.views.buttons import button
from bot.views.limits import safe
from bot.views.wording import Words

NAME_LIMIT = 80
SERVICE_LIMIT = 80
PLACE_LIMIT = 60
NOTE_LIMIT = 500
NOTICE_LIMIT = 1000


@dataclass(frozen=True)
class Drawing:
    """One step's part of a card: its notification text and its blocks."""

    text: str
    blocks: list[Block]


def born(appointment: Appointment) -> str:
    birth = appointment.patient.date_of_birth
    if birth is None:
        return "birth date not on file"
    return f"born {birth:%b} {birth.day}, {birth.year}"


def headline(appointment: Appointment, *, with_birth_date: bool = False) -> str:
    """'*Maria Lopez* — Physio (30 min) with Dr Chen at Downtown': who, what, with whom, where."""
    name = safe(appointment.patient.name, NAME_LIMIT) or "Unnamed patient"
    birth = f" ({born(appointment)})" if with_birth_date else ""
    service = appointment.service
    what = f"{safe(service.name, SERVICE_LIMIT)} ({service.duration_minutes} min)"
    who = f" with {safe(appointment.practitioner.name, PLACE_LIMIT)}" if appointment.practitioner else ""
    where = f" at {safe(appointment.location.name, PLACE_LIMIT)}"
    return f"*{name}*{birth} — {what}{who}{where}"


def when(appointment: Appointment, words: Words) -> str:
    """The appointment's time, labelled as stated when the booking system could not be read."""
    span = words.span(appointment.start, appointment.end, appointment.location)
    return f"{span} (as you stated it; the booking system could not be read)" if appointment.start_is_stated else span


def same_names(appointments: Sequence[Appointment]) -> set[str]:
    """Names shared by two or more appointments: those need a birth date to be told apart."""
    seen: dict[str, int] = {}
    for appointment in appointments:
        key = name_key(appointment)
        seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}


def name_key(appointment: Appointment) -> str:
    return " ".join(appointment.patient.name.casefold().split())


def requested(conversation: Conversation, words: Words) -> str | None:
    if conversation.target is None:
        return None
    where = conversation.appointment.location if conversation.appointment else None
    return f"{words.asked(conversation.target, where)} requested"


def offered(
    conversation: Conversation,
    kind: ActionKind,
    label: str,
    *,
    index: int | None = None,
    value: str | None = None,
    style: str | None = None,
) -> list[ButtonElement]:
    """The button for `kind`, if the steps table offers it at this step now; else nothing."""
    if not offers(conversation, kind):
        return []
    return [button(conversation, Action(kind=kind, index=index, value=value), label, style=style)]


def never_mind(conversation: Conversation) -> list[ButtonElement]:
    return offered(conversation, "abort", "Never mind")
