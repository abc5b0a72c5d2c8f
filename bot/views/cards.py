"""Conversation state -> the card a person sees. Pure: values in, values out.

Every time is worded in the person's own zone, named once at the foot of the
card (bot/views/wording.py), and the confirm card shows old time, new time and
what was asked for side by side, so a misread ("next Friday" taken as the
wrong Friday) is visible before anything changes. Final cards carry no
buttons, so nothing can act twice. What each step offers comes from the
steps table (bot/engine/steps.py); the per-step drawings are in step_cards.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, tzinfo
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block

from bot.domain import Appointment
from bot.engine.state import Conversation, Said, Step
from bot.engine.steps import STEPS
from bot.engine.turn import Reply, Turn
from bot.views.limits import MAX_BLOCKS, MAX_FALLBACK_TEXT, clip, context, escape, fit_blocks, header, safe, section
from bot.views.pieces import NOTICE_LIMIT
from bot.views.said import sentence
from bot.views.step_cards import DRAW, NO_LONGER_OPEN
from bot.views.wording import Words

ALREADY_HANDLED = "That button was already handled — nothing changed."
NOT_ALLOWED = "You're not allowed to change appointments with this bot; ask your admin."


@dataclass(frozen=True)
class Card:
    """A Slack message: `text` is the notification and fallback, `blocks` what is drawn.

    `text` never names the patient (it can show up on a lock screen); the
    blocks show what staff need to act.
    """

    text: str
    blocks: list[dict]


# -- public entry points ----------------------------------------------------------------


def render(turn: Turn, tz: tzinfo, *, today: date | None = None) -> Card:
    """The card for a turn: a plain message, an "already handled" redraw, or the conversation.

    `today` (for the year rule) defaults to the day of the conversation's last change in `tz`.
    """
    if turn.message is not None and turn.conversation is None:
        return message_card(turn.message)
    if turn.stale:
        if turn.conversation is None:
            return message_card(ALREADY_HANDLED)
        # The card as it stands now (its notice included), under a line saying the click did nothing.
        return _conversation_card(turn.conversation, tz, today=today, stale=True)
    if turn.conversation is None:
        return message_card(NO_LONGER_OPEN)
    return _with_typing_hint(render_conversation(turn.conversation, tz, today=today), turn.conversation)


def typing_example(conversation: Conversation) -> str | None:
    """A typed answer that works on this card (the steps table's example, made true for its list)."""
    example = STEPS[conversation.step].typing_example
    if example is None or "{weekday}" not in example:
        return example
    weekdays = [f"{a.start.astimezone(_zone(a)):%A}" for a in conversation.candidates]
    unique = [day for day in weekdays if weekdays.count(day) == 1]
    return example.replace("{weekday}", unique[0]) if unique else "2"


def _zone(appointment: Appointment) -> tzinfo:
    return ZoneInfo(appointment.location.timezone)


def _with_typing_hint(card: Card, conversation: Conversation) -> Card:
    """How to answer this card by typing, with an example that works on it (the steps table's)."""
    example = typing_example(conversation)
    if conversation.is_final or example is None or len(card.blocks) >= MAX_BLOCKS:
        return card
    command = f"/{conversation.intent.value} {example}"
    hint = context(
        escape(f"To answer by typing, reply here — e.g. “{example}” — or send `{command}` from any channel.")
    )
    return Card(text=card.text, blocks=[*card.blocks, hint.to_dict()])


def render_conversation(
    conversation: Conversation, tz: tzinfo, *, notice: str | None = None, today: date | None = None
) -> Card:
    """The conversation's current step; `notice` (and the conversation's own notice) on top."""
    return _conversation_card(conversation, tz, today=today, stale=False, extra=notice)


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


def _conversation_card(
    conversation: Conversation, tz: tzinfo, *, today: date | None, stale: bool, extra: str | None = None
) -> Card:
    words = Words(tz=tz, today=today or conversation.updated_at.astimezone(tz).date())
    drawing = DRAW[conversation.step](conversation, words)
    top: list[Block] = []
    if stale:
        top.append(context(ALREADY_HANDLED))
    plain = conversation.step is Step.NEED_PATIENT  # there the notice *is* the question
    notices = [extra] if extra else []
    if conversation.notice is not None:
        said = sentence(conversation.notice, conversation, words).strip()
        if said and said not in notices:
            notices.append(said)
    for notice in notices:
        top.append(section(_notice(notice, plain=plain)))
    bottom: list[Block] = []
    zone_note = words.zone_note()
    if zone_note:
        bottom.append(context(zone_note))
    text = ALREADY_HANDLED if stale else drawing.text
    return _card(text, [*top, *drawing.blocks, *bottom])


def _notice(notice: str, *, plain: bool) -> str:
    text = safe(notice, NOTICE_LIMIT)
    if plain or text.startswith(":"):
        return text
    return f":warning: {text}"


def said_text(said: Said, conversation: Conversation, tz: tzinfo) -> str:
    """A notice or outcome in words, as the card would say it (for tests, logs of ids, the console)."""
    return sentence(said, conversation, Words(tz=tz, today=conversation.updated_at.astimezone(tz).date()))


UNKNOWN_REQUEST = (
    "I can reschedule or cancel an existing appointment. Try “move maria lopez from tue 3pm to fri morning” "
    "or “cancel john smith tomorrow, feeling better”."
)
SOMETHING_WENT_WRONG = (
    "Something went wrong on my side while working on that. Check the appointment in the booking system "
    "before trying again; `clinic-bot audit` shows any change I made."
)
IN_DM = "I've sent you a direct message to keep the patient's details private."
_REPLIES = {
    "not_allowed": NOT_ALLOWED,
    "in_dm": IN_DM,
    "updated_in_dm": "Done — I've updated your open request in our direct messages.",
    "already_handled": ALREADY_HANDLED,
    "no_longer_open": NO_LONGER_OPEN,
    "not_ours": "That button is not one of mine any more. Start again with /reschedule or /cancel.",
    "not_owner": "Only the person who started this request can use these buttons.",
    "unknown_request": UNKNOWN_REQUEST,
    "something_wrong": SOMETHING_WENT_WRONG,
    "unreadable_request": "I couldn't read that request. Try `/reschedule help`.",
    "dm_refused": (
        "I couldn't open our direct messages to show you the appointment (Slack refused), so nothing was "
        "started and nothing changed. Ask your Slack admin to check the app may send you direct messages."
    ),
}


def render_reply(reply: Reply, tz: tzinfo) -> Card:
    """A plain reply (no conversation card), worded in the reader's zone."""
    if reply.kind == "usage":
        return usage_card(reply.command or "/reschedule")
    if reply.kind == "interrupted":
        when = f" from {Words(tz=tz, today=reply.at.astimezone(tz).date()).instant(reply.at)}" if reply.at else ""
        return message_card(
            f"Your request{when} was interrupted by a restart before I could answer it. Please send it again."
        )
    return message_card(_REPLIES[reply.kind])
