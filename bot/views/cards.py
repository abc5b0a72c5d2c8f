"""Conversation state -> the card a person sees. Pure: values in, values out.

Every time is written in words in the person's own zone (bot.views.wording),
and the confirm card shows old time, new time and what was asked for side by
side, so a misread ("next Friday" taken as the wrong Friday) is visible before
anything changes. Final cards carry no buttons, so nothing can act twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo

from slack_sdk.models.blocks import Block, ButtonElement

from bot.domain import Appointment, CancelReason, Slot, Window
from bot.engine.state import Action, Conversation, Intent, Step
from bot.engine.turn import Turn
from bot.views.buttons import button
from bot.views.limits import (
    MAX_BLOCKS,
    MAX_FALLBACK_TEXT,
    actions,
    clip,
    context,
    escape,
    fit_blocks,
    header,
    safe,
    section,
)
from bot.views.wording import describe_instant, describe_window

ALREADY_HANDLED = "That button was already handled — nothing changed."
NOT_ALLOWED = "You're not allowed to change appointments with this bot; ask your admin."
NO_LONGER_OPEN = "That request is no longer open. Start a new one with /reschedule or /cancel."
REBOOKING = "This booking system can't move bookings: a new booking is made first, then the old one is cancelled."
TYPE_A_TIME = "Type a day or time, e.g. “Friday morning”, “next week” or “3/16 after 2pm”."

MAX_CANDIDATES_SHOWN = 10
"""Candidates drawn as choices; more would make a wall nobody reads (and risk the 50-block limit)."""
MAX_SLOTS_SHOWN = 50
"""Slot buttons drawn (two actions blocks); the engine offers a page of 5 by default."""

NAME_LIMIT = 80
SERVICE_LIMIT = 80
PLACE_LIMIT = 60
NOTE_LIMIT = 500
NOTICE_LIMIT = 1000

NEVER_MIND = Action(kind="abort")


@dataclass(frozen=True)
class Card:
    """A Slack message: `text` is the notification and fallback, `blocks` what is drawn.

    `text` never names the patient (it can show up on a lock screen); the
    blocks show what staff need to act.
    """

    text: str
    blocks: list[dict]


# -- public entry points ----------------------------------------------------------------


def render(turn: Turn, tz: tzinfo) -> Card:
    """The card for a turn: a plain message, an "already handled" redraw, or the conversation."""
    if turn.message is not None and turn.conversation is None:
        return message_card(turn.message)
    if turn.stale:
        if turn.conversation is None:
            return message_card(ALREADY_HANDLED)
        # The card as it stands now (its notice included), under a line saying the click did nothing.
        notices = (turn.conversation.notice,) if turn.conversation.notice else ()
        return _conversation_card(turn.conversation, tz, notices=notices, stale=True)
    if turn.conversation is None:
        return message_card(NO_LONGER_OPEN)
    card = render_conversation(turn.conversation, tz)
    if turn.surface.get("kind") == "command" and turn.conversation.step in TYPED_ANSWER_STEPS:
        card = _with_command_hint(card, turn.conversation)
    return card


TYPED_ANSWER_STEPS = frozenset(
    {Step.NEED_PATIENT, Step.CHOOSE_APPOINTMENT, Step.NEED_WINDOW, Step.CHOOSE_SLOT, Step.NEED_REASON}
)
"""Steps a person may answer by typing. Under an ephemeral command card they type the command again."""

_HINT_EXAMPLES = {
    Step.NEED_PATIENT: "DOB 4/2/1980",
    Step.CHOOSE_APPOINTMENT: "the one on Thursday",
    Step.NEED_WINDOW: "Friday morning",
    Step.CHOOSE_SLOT: "next Monday afternoon",
    Step.NEED_REASON: "feeling better",
}


def _with_command_hint(card: Card, conversation: Conversation) -> Card:
    if len(card.blocks) >= MAX_BLOCKS:
        return card
    example = f"/{conversation.intent.value} {_HINT_EXAMPLES.get(conversation.step, '')}".strip()
    hint = context(escape(f"To answer by typing, send it after the command: `{example}`"))
    return Card(text=card.text, blocks=[*card.blocks, hint.to_dict()])


def render_conversation(conversation: Conversation, tz: tzinfo, *, notice: str | None = None) -> Card:
    """The conversation's current step; `notice` (and the conversation's own notice) on top."""
    notices = tuple(n for n in (notice, conversation.notice) if n)
    if notice and notice == conversation.notice:
        notices = (notice,)
    return _conversation_card(conversation, tz, notices=notices, stale=False)


def message_card(text: str) -> Card:
    """A plain message: refusals, usage, errors. Its mrkdwn (`code`, *bold*) is kept; links are not made."""
    body = text.strip() or "Nothing to show."
    return _card(body, [section(escape(body))])


def usage_card(command: str) -> Card:
    """What a bare `/reschedule` or `/cancel` (or `help`) answers: what to type, with examples that parse."""
    name = command.strip() or "/reschedule"
    if not name.startswith("/"):
        name = "/" + name
    if name == "/cancel":
        title = "/cancel — cancel a patient's appointment"
        lines = [
            "Say who the patient is, and if you like when the appointment is and why it's cancelled:",
            "• `/cancel John Smith tomorrow, feeling better`",
            "• `/cancel booking #48213, away`",
            "• `/cancel Maria Lopez DOB 4/2/1980 Tue 3pm`",
        ]
    elif name == "/reschedule":
        title = "/reschedule — move a patient's appointment"
        lines = [
            "Say who the patient is, when the appointment is now, and when they'd like instead:",
            "• `/reschedule Maria Lopez from Tue 3pm to Fri morning`",
            "• `/reschedule John Smith DOB 4/2/1980 to 3/16 after 2pm`",
            "• `/reschedule booking #48213 to next week`",
        ]
    else:
        title = f"{name} — reschedule or cancel an appointment"
        lines = [
            "Use `/reschedule` or `/cancel` followed by the patient and the times:",
            "• `/reschedule Maria Lopez from Tue 3pm to Fri morning`",
            "• `/cancel John Smith tomorrow, feeling better`",
        ]
    closing = "I show every time in words before anything changes, and nothing changes until you press Confirm."
    blocks: list[Block] = [header(title), section("\n".join(escape(line) for line in lines)), context(closing)]
    return _card(clip(title, 150), blocks)


def not_allowed_card() -> Card:
    """For people or channels outside the allowlist. Nothing happens, and the card says so plainly."""
    return message_card(NOT_ALLOWED)


# -- assembling ------------------------------------------------------------------------------


def _card(text: str, blocks: Sequence[Block]) -> Card:
    """Validated Block Kit: `.to_dict()` runs slack_sdk's own limit checks and raises on a violation."""
    return Card(text=clip(text, MAX_FALLBACK_TEXT), blocks=[block.to_dict() for block in fit_blocks(blocks)])


def _conversation_card(conversation: Conversation, tz: tzinfo, *, notices: Sequence[str], stale: bool) -> Card:
    drawing = _STEPS[conversation.step](conversation, tz)
    top: list[Block] = []
    if stale:
        top.append(context(ALREADY_HANDLED))
    plain = conversation.step is Step.NEED_PATIENT  # there the notice *is* the question
    for notice in notices:
        top.append(section(_notice(notice, plain=plain)))
    text = ALREADY_HANDLED if stale else drawing.text
    return _card(text, [*top, *drawing.blocks])


def _notice(notice: str, *, plain: bool) -> str:
    text = safe(notice, NOTICE_LIMIT)
    if plain or text.startswith(":"):
        return text
    return f":warning: {text}"


@dataclass(frozen=True)
class _Drawing:
    text: str
    blocks: list[Block]


# -- pieces ------------------------------------------------------------------------------------


def _span(appointment: Appointment) -> Window:
    return Window(start=appointment.start, end=appointment.end)


def _born(appointment: Appointment) -> str:
    birth = appointment.patient.date_of_birth
    if birth is None:
        return "birth date not on file"
    return f"born {birth:%b} {birth.day}, {birth.year}"


def _headline(appointment: Appointment, *, with_birth_date: bool = False) -> str:
    """'*Maria Lopez* — Physio (30 min) with Dr Chen at Downtown': who, what, with whom, where."""
    name = safe(appointment.patient.name, NAME_LIMIT) or "Unnamed patient"
    born = f" ({_born(appointment)})" if with_birth_date else ""
    service = appointment.service
    what = f"{safe(service.name, SERVICE_LIMIT)} ({service.duration_minutes} min)"
    who = f" with {safe(appointment.practitioner.name, PLACE_LIMIT)}" if appointment.practitioner else ""
    where = f" at {safe(appointment.location.name, PLACE_LIMIT)}"
    return f"*{name}*{born} — {what}{who}{where}"


def _same_names(appointments: Sequence[Appointment]) -> set[str]:
    """Names shared by two or more candidates: those need a birth date to be told apart."""
    seen: dict[str, int] = {}
    for appointment in appointments:
        key = _name_key(appointment)
        seen[key] = seen.get(key, 0) + 1
    return {key for key, count in seen.items() if count > 1}


def _name_key(appointment: Appointment) -> str:
    return " ".join(appointment.patient.name.casefold().split())


def _requested(conversation: Conversation, tz: tzinfo) -> str | None:
    if conversation.target is None:
        return None
    return f"{describe_window(conversation.target, tz)} requested"


def _never_mind(conversation: Conversation) -> ButtonElement:
    return button(conversation, NEVER_MIND, "Never mind")


def _missing(conversation: Conversation) -> _Drawing:
    """A step that needs an appointment reached without one: say so, offer the way out."""
    return _Drawing("Something is missing", [section(NO_LONGER_OPEN), *actions([_never_mind(conversation)])])


# -- one function per step --------------------------------------------------------------------


def _need_patient(conversation: Conversation, tz: tzinfo) -> _Drawing:
    blocks: list[Block] = []
    if not conversation.notice:
        blocks.append(section("Which patient is this for?"))
    blocks += actions([_never_mind(conversation)])
    return _Drawing("Which patient is this for?", blocks)


def _choose_appointment(conversation: Conversation, tz: tzinfo) -> _Drawing:
    candidates = conversation.candidates
    shown = candidates[:MAX_CANDIDATES_SHOWN]
    twins = _same_names(candidates)
    blocks: list[Block] = [section("*Which appointment?*")]
    for index, appointment in enumerate(shown):
        lines = [
            f"{index + 1}. " + _headline(appointment, with_birth_date=_name_key(appointment) in twins),
            describe_window(_span(appointment), tz),
        ]
        choose = button(conversation, Action(kind="choose_appointment", index=index), "Choose")
        blocks.append(section("\n".join(lines), accessory=choose))
    if not candidates:
        blocks.append(section("No appointments to choose from."))
    hidden = len(candidates) - len(shown)
    if hidden > 0:
        blocks.append(context(f"{hidden} more — type a date to narrow"))
    blocks += actions([_never_mind(conversation)])
    return _Drawing("Which appointment?", blocks)


def _need_window(conversation: Conversation, tz: tzinfo) -> _Drawing:
    question = "When would the patient like instead?"
    lines = [f"*{question}*"]
    if conversation.appointment is not None:
        appointment = conversation.appointment
        lines += [_headline(appointment), f"Now: {describe_window(_span(appointment), tz)}"]
    blocks: list[Block] = [section("\n".join(lines)), context(escape(TYPE_A_TIME))]
    blocks += actions([_never_mind(conversation)])
    return _Drawing(question, blocks)


def _slot_label(slot: Slot, tz: tzinfo) -> str:
    return describe_instant(slot.start, tz)


def _choose_slot(conversation: Conversation, tz: tzinfo) -> _Drawing:
    appointment = conversation.appointment
    if appointment is None:
        return _missing(conversation)
    lines = [_headline(appointment), f"Now: {describe_window(_span(appointment), tz)}"]
    requested = _requested(conversation, tz)
    if requested:
        lines.append(requested)
    blocks: list[Block] = [section("\n".join(lines))]
    slots = conversation.slots
    if not slots:
        blocks.append(section("No open times to show. " + escape(TYPE_A_TIME)))
    elif conversation.slots_after_window and conversation.target is not None:
        blocks.append(section(f"No open times in {describe_window(conversation.target, tz)}; the nearest after it:"))
    else:
        blocks.append(section("*Pick a new time:*"))
    shown = slots[:MAX_SLOTS_SHOWN]
    blocks += actions(
        [
            button(conversation, Action(kind="choose_slot", index=index), _slot_label(slot, tz))
            for index, slot in enumerate(shown)
        ]
    )
    if len(slots) > len(shown):
        blocks.append(context(f"{len(slots) - len(shown)} more open times not shown — type a day or time to narrow"))
    blocks += actions([button(conversation, Action(kind="more_times"), "More times"), _never_mind(conversation)])
    return _Drawing("Pick a new time", blocks)


def _need_reason(conversation: Conversation, tz: tzinfo) -> _Drawing:
    question = "Why is the appointment being cancelled?"
    lines = [f"*{question}*"]
    if conversation.appointment is not None:
        appointment = conversation.appointment
        lines += [_headline(appointment), describe_window(_span(appointment), tz)]
    blocks: list[Block] = [section("\n".join(lines))]
    reasons = [Action(kind="choose_reason", value=reason.value) for reason in CancelReason]
    blocks += actions([button(conversation, reason, reason.value or "") for reason in reasons])
    blocks += actions([button(conversation, Action(kind="skip_reason"), "Skip"), _never_mind(conversation)])
    return _Drawing(question, blocks)


def _move_summary(conversation: Conversation, appointment: Appointment, tz: tzinfo) -> list[str]:
    new = (
        describe_instant(conversation.hold.slot.start, tz)
        if conversation.hold is not None
        else "no new time chosen yet"
    )
    lines = [_headline(appointment), f"From: {describe_instant(appointment.start, tz)}", f"To: {new}"]
    requested = _requested(conversation, tz)
    if requested:
        lines.append(f"({requested})")
    return lines


def _cancel_summary(
    conversation: Conversation, appointment: Appointment, tz: tzinfo, *, series: bool = True
) -> list[str]:
    reason = conversation.reason.value if conversation.reason else "no reason given"
    lines = [_headline(appointment), f"When: {describe_window(_span(appointment), tz)}", f"Reason: {reason}"]
    if conversation.note:
        lines.append(f"Note: {safe(conversation.note, NOTE_LIMIT)}")
    if series and appointment.repeats:
        lines.append("Series: this and later ones" if conversation.apply_to_repeats else "Series: this one only")
    return lines


def _summary(conversation: Conversation, appointment: Appointment, tz: tzinfo, *, series: bool = True) -> list[str]:
    if conversation.intent is Intent.CANCEL:
        return _cancel_summary(conversation, appointment, tz, series=series)
    return _move_summary(conversation, appointment, tz)


def _confirm(conversation: Conversation, tz: tzinfo) -> _Drawing:
    appointment = conversation.appointment
    if appointment is None:
        return _missing(conversation)
    cancel = conversation.intent is Intent.CANCEL
    question = "Cancel this appointment?" if cancel else "Move this appointment?"
    summary = _summary(conversation, appointment, tz, series=False)
    blocks: list[Block] = [section("\n".join([f"*{question}*", *summary]))]
    notes = []
    if not cancel and conversation.hold is not None and conversation.hold.expires_at is not None:
        notes.append(f"Held until {describe_instant(conversation.hold.expires_at, tz)}")
    if not cancel and appointment.moves_by_rebooking:
        notes.append(REBOOKING)
    if notes:
        blocks.append(context("\n".join(notes)))
    if cancel and appointment.repeats:
        blocks.append(section("This appointment is part of a repeating series. Cancel:"))
        choices = [("one", "This one only", not conversation.apply_to_repeats)]
        choices.append(("all", "This and later ones", conversation.apply_to_repeats))
        blocks += actions(
            [
                button(conversation, Action(kind="repeats", value=value), f"✓ {label}" if chosen else label)
                for value, label, chosen in choices
            ]
        )
    controls = [button(conversation, Action(kind="confirm"), "Confirm", style="primary")]
    if not cancel:
        controls.append(button(conversation, Action(kind="pick_other_time"), "Pick another time"))
    controls.append(_never_mind(conversation))
    blocks += actions(controls)
    text = "Please check and confirm the cancellation" if cancel else "Please check and confirm the move"
    return _Drawing(text, blocks)


def _applying(conversation: Conversation, tz: tzinfo) -> _Drawing:
    blocks: list[Block] = [section(":hourglass_flowing_sand: Working on it…")]
    if conversation.appointment is not None:
        blocks.append(section("\n".join(_summary(conversation, conversation.appointment, tz))))
    return _Drawing("Working on it…", blocks)


_OUTCOME_MARK = {
    Step.DONE: ":white_check_mark:",
    Step.FAILED: ":x:",
    Step.EXPIRED: ":hourglass:",
    Step.CANCELLED_BY_USER: ":no_entry_sign:",
}
_DEFAULT_OUTCOME = {
    Step.DONE: "Done.",
    Step.FAILED: "This change could not be made. Check the booking system before trying again.",
    Step.EXPIRED: "This request timed out before it was confirmed. Nothing was changed; start again if needed.",
    Step.CANCELLED_BY_USER: "Stopped. Nothing was changed.",
}


def _final(conversation: Conversation, tz: tzinfo) -> _Drawing:
    """The outcome and what it was about. No buttons: a finished request cannot be acted on again."""
    outcome = (conversation.outcome or "").strip() or _DEFAULT_OUTCOME[conversation.step]
    blocks: list[Block] = [section(f"{_OUTCOME_MARK[conversation.step]} {safe(outcome, NOTICE_LIMIT)}")]
    appointment = conversation.appointment
    if appointment is not None:
        lines = [_headline(conversation.result or appointment)]
        if conversation.step is Step.DONE and conversation.intent is Intent.RESCHEDULE and conversation.result:
            lines += [
                f"Now: {describe_window(_span(conversation.result), tz)}",
                f"Was: {describe_window(_span(appointment), tz)}",
            ]
        elif conversation.step is Step.DONE and conversation.intent is Intent.CANCEL:
            lines.append(f"Cancelled: {describe_window(_span(appointment), tz)}")
            lines.append(f"Reason: {conversation.reason.value if conversation.reason else 'no reason given'}")
        else:
            lines.append(f"Appointment: {describe_window(_span(appointment), tz)}")
        blocks.append(section("\n".join(lines)))
    return _Drawing(clip(" ".join(outcome.split()), 300), blocks)


_STEPS = {
    Step.NEED_PATIENT: _need_patient,
    Step.CHOOSE_APPOINTMENT: _choose_appointment,
    Step.NEED_WINDOW: _need_window,
    Step.CHOOSE_SLOT: _choose_slot,
    Step.NEED_REASON: _need_reason,
    Step.CONFIRM: _confirm,
    Step.APPLYING: _applying,
    Step.DONE: _final,
    Step.CANCELLED_BY_USER: _final,
    Step.EXPIRED: _final,
    Step.FAILED: _final,
}
