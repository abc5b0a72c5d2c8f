"""One drawing per step: what the card asks, what it shows, and the buttons the steps table offers there.

Pure: a conversation and the card's `Words` in, blocks out. Every button is
drawn only if bot/engine/steps.py offers it at this step now, so a card never
shows a button that would do nothing or redraw the same list.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.models.blocks import Block

from bot.domain import CancelReason
from bot.engine.state import Action, Conversation, Intent, Step
from bot.engine.steps import STEPS, offers
from bot.views.buttons import button
from bot.views.limits import actions, clip, context, escape, safe, section
from bot.views.pieces import (
    NOTE_LIMIT,
    NOTICE_LIMIT,
    Drawing,
    born,
    headline,
    name_key,
    never_mind,
    offered,
    requested,
    same_names,
    when,
)
from bot.views.said import TYPE_A_TIME, sentence
from bot.views.wording import Words

REBOOKING = "This booking system can't move bookings: a new booking is made first, then the old one is cancelled."
NO_LONGER_OPEN = "That request is no longer open. Start a new one with /reschedule or /cancel."
MAX_CANDIDATES_SHOWN = 10
"""Candidates drawn as choices; more would make a wall nobody reads (and risk the 50-block limit)."""
MAX_SLOTS_SHOWN = 50
MAX_SERIES_LISTED = 30
"""Series dates listed on a card; a longer series is counted, and the rest summed up in one line."""


def _missing(c: Conversation) -> Drawing:
    """A step that needs an appointment reached without one: say so, offer the way out."""
    return Drawing("Something is missing", [section(NO_LONGER_OPEN), *actions(never_mind(c))])


def need_patient(c: Conversation, words: Words) -> Drawing:
    question = STEPS[Step.NEED_PATIENT].asks
    blocks: list[Block] = [] if c.notice else [section(question)]
    for index, near in enumerate(c.near):
        lines = [f"{headline(near)} ({born(near)})", f"Next appointment: {when(near, words)}"]
        choose = offered(c, "choose_near", "This patient", index=index)
        blocks.append(section("\n".join(lines), accessory=choose[0] if choose else None))
    blocks += actions(never_mind(c))
    return Drawing(question, blocks)


def choose_appointment(c: Conversation, words: Words) -> Drawing:
    question = STEPS[Step.CHOOSE_APPOINTMENT].asks
    shown = c.candidates[:MAX_CANDIDATES_SHOWN]
    twins = same_names(c.candidates)
    blocks: list[Block] = [section(f"*{question}*")]
    for index, appointment in enumerate(shown):
        lines = [
            f"{index + 1}. " + headline(appointment, with_birth_date=name_key(appointment) in twins),
            when(appointment, words),
        ]
        choose = offered(c, "choose_appointment", "Choose", index=index)
        blocks.append(section("\n".join(lines), accessory=choose[0] if choose else None))
    if not c.candidates:
        blocks.append(section("No appointments to choose from."))
    hidden = len(c.candidates) - len(shown)
    if hidden > 0:
        blocks.append(context(f"{hidden} more — type a date to narrow"))
    blocks += actions(never_mind(c))
    return Drawing(question, blocks)


def need_window(c: Conversation, words: Words) -> Drawing:
    question = STEPS[Step.NEED_WINDOW].asks
    lines = [f"*{question}*"]
    if c.appointment is not None:
        lines += [headline(c.appointment), f"Now: {when(c.appointment, words)}"]
    blocks: list[Block] = [section("\n".join(lines)), context(escape(TYPE_A_TIME))]
    blocks += actions(never_mind(c))
    return Drawing(question, blocks)


def choose_slot(c: Conversation, words: Words) -> Drawing:
    appointment = c.appointment
    if appointment is None:
        return _missing(c)
    lines = [headline(appointment), f"Now: {when(appointment, words)}"]
    wanted = requested(c, words)
    if wanted:
        lines.append(wanted)
    blocks: list[Block] = [section("\n".join(lines))]
    shown = c.slots[:MAX_SLOTS_SHOWN]

    def slot_buttons(indexes: list[int]) -> list[Block]:
        labels = [words.instant(shown[i].start, appointment.location) for i in indexes]
        drawn = [b for i, label in zip(indexes, labels, strict=True) for b in offered(c, "choose_slot", label, index=i)]
        return list(actions(drawn))

    if not shown:
        blocks.append(section("No open times to show. " + escape(TYPE_A_TIME)))
    elif c.slots_outside_window and c.target is not None:
        before = [i for i, s in enumerate(shown) if s.start < c.target.start]
        after = [i for i, s in enumerate(shown) if s.start >= c.target.start]
        blocks.append(section(f"No open times in {words.asked(c.target, appointment.location)}."))
        if before:
            blocks += [context("*Nearest before it:*"), *slot_buttons(before)]
        if after:
            blocks += [context("*Nearest after it:*"), *slot_buttons(after)]
    else:
        blocks += [section("*Pick a new time:*"), *slot_buttons(list(range(len(shown))))]
    if len(c.slots) > len(shown):
        blocks.append(context(f"{len(c.slots) - len(shown)} more open times not shown — type a day or time to narrow"))
    paging = [*offered(c, "earlier_times", "Earlier times"), *offered(c, "more_times", "More times")]
    blocks += actions([*paging, *never_mind(c)])
    return Drawing(STEPS[Step.CHOOSE_SLOT].asks, blocks)


def need_reason(c: Conversation, words: Words) -> Drawing:
    question = STEPS[Step.NEED_REASON].asks
    lines = [f"*{question}*"]
    if c.appointment is not None:
        lines += [headline(c.appointment), when(c.appointment, words)]
    blocks: list[Block] = [section("\n".join(lines))]
    reasons = [b for reason in CancelReason for b in offered(c, "choose_reason", reason.value, value=reason.value)]
    blocks += actions(reasons)
    blocks += actions([*offered(c, "skip_reason", "Skip"), *never_mind(c)])
    return Drawing(question, blocks)


def _move_summary(c: Conversation, words: Words) -> list[str]:
    assert c.appointment is not None
    appointment = c.appointment
    new = words.instant(c.hold.slot.start, appointment.location) if c.hold is not None else "no new time chosen yet"
    from_line = words.instant(appointment.start, appointment.location)
    if appointment.start_is_stated:
        from_line += " (as you stated it; the booking system could not be read)"
    lines = [headline(appointment), f"From: {from_line}", f"To: {new}"]
    wanted = requested(c, words)
    if wanted:
        lines.append(f"({wanted})")
    return lines


def _cancel_summary(c: Conversation, words: Words) -> list[str]:
    assert c.appointment is not None
    reason = c.reason.value if c.reason else "no reason given"
    lines = [headline(c.appointment), f"When: {when(c.appointment, words)}", f"Reason: {reason}"]
    if c.note:
        lines.append(f"Note: {safe(c.note, NOTE_LIMIT)}")
    return lines


def _series_lines(c: Conversation, words: Words) -> list[str]:
    """Every appointment "this and later ones" will cancel, counted and listed by date."""
    assert c.appointment is not None
    every = (c.appointment, *c.series)
    listed = [f"• {when(a, words)}" for a in every[:MAX_SERIES_LISTED]]
    if len(every) > MAX_SERIES_LISTED:
        listed.append(f"• … and {len(every) - MAX_SERIES_LISTED} more, the last on {when(every[-1], words)}")
    return [f"*This will cancel {len(every)} appointments:*", *listed]


def confirm(c: Conversation, words: Words) -> Drawing:
    if c.appointment is None:
        return _missing(c)
    cancel = c.intent is Intent.CANCEL
    series = cancel and c.apply_to_repeats and bool(c.series)
    if cancel:
        question = f"Cancel these {1 + len(c.series)} appointments?" if series else "Cancel this appointment?"
        summary = _cancel_summary(c, words)
    else:
        question, summary = "Move this appointment?", _move_summary(c, words)
    blocks: list[Block] = [section("\n".join([f"*{question}*", *summary]))]
    if series:
        blocks.append(section("\n".join(_series_lines(c, words))))
    notes = []
    if not cancel and c.hold is not None and c.hold.expires_at is not None:
        notes.append(f"Held until {words.instant(c.hold.expires_at)}")
    if not cancel and c.appointment.moves_by_rebooking:
        notes.append(REBOOKING)
    if notes:
        blocks.append(context("\n".join(notes)))
    if offers(c, "repeats"):
        later = f" ({len(c.series)} later)" if c.series else ""
        blocks.append(section("This appointment is part of a repeating series. Cancel:"))
        choices = [
            ("one", "This one only", not c.apply_to_repeats),
            ("all", f"This and later ones{later}", c.apply_to_repeats),
        ]
        blocks += actions(
            [
                button(c, Action(kind="repeats", value=value), f"✓ {label}" if chosen else label)
                for value, label, chosen in choices
            ]
        )
    controls = [
        *offered(c, "confirm", "Confirm", style="primary"),
        *offered(c, "pick_other_time", "Pick another time"),
        *never_mind(c),
    ]
    blocks += actions(controls)
    text = "Please check and confirm the cancellation" if cancel else "Please check and confirm the move"
    return Drawing(text, blocks)


def applying(c: Conversation, words: Words) -> Drawing:
    blocks: list[Block] = [section(":hourglass_flowing_sand: Working on it…")]
    if c.appointment is not None:
        summary = _cancel_summary(c, words) if c.intent is Intent.CANCEL else _move_summary(c, words)
        blocks.append(section("\n".join(summary)))
        if c.intent is Intent.CANCEL and c.apply_to_repeats and c.series:
            blocks.append(section("\n".join(_series_lines(c, words))))
    return Drawing("Working on it…", blocks)


_OUTCOME_MARK = {
    Step.DONE: ":white_check_mark:",
    Step.FAILED: ":x:",
    Step.EXPIRED: ":hourglass:",
    Step.CANCELLED_BY_USER: ":no_entry_sign:",
}


def final(c: Conversation, words: Words) -> Drawing:
    """The outcome and what it was about. No buttons: a finished request cannot be acted on again."""
    outcome = (sentence(c.outcome, c, words) if c.outcome else "").strip() or _default_outcome(c)
    blocks: list[Block] = [section(f"{_OUTCOME_MARK[c.step]} {safe(outcome, NOTICE_LIMIT)}")]
    appointment = c.appointment
    if appointment is not None:
        lines = [headline(c.result or appointment)]
        if c.step is Step.DONE and c.intent is Intent.RESCHEDULE and c.result:
            lines += [f"Now: {when(c.result, words)}", f"Was: {when(appointment, words)}"]
        elif c.step is Step.DONE and c.intent is Intent.CANCEL:
            changed = c.results or (appointment,)
            lines += [f"Cancelled: {when(a, words)}" for a in changed[:MAX_SERIES_LISTED]]
            if len(changed) > MAX_SERIES_LISTED:
                lines.append(f"… and {len(changed) - MAX_SERIES_LISTED} more")
            lines.append(f"Reason: {c.reason.value if c.reason else 'no reason given'}")
            if c.note:
                lines.append(f"Note: {safe(c.note, NOTE_LIMIT)}")
        else:
            lines.append(f"Appointment: {when(appointment, words)}")
        blocks.append(section("\n".join(lines)))
    return Drawing(clip(" ".join(outcome.split()), 300), blocks)


def _default_outcome(c: Conversation) -> str:
    return {
        Step.DONE: "Done.",
        Step.FAILED: "This change could not be made. Check the booking system before trying again.",
        Step.EXPIRED: "This request timed out before it was confirmed. Nothing was changed; start again if needed.",
        Step.CANCELLED_BY_USER: "Stopped. Nothing was changed.",
    }[c.step]


DRAW: dict[Step, Callable[[Conversation, Words], Drawing]] = {
    Step.NEED_PATIENT: need_patient,
    Step.CHOOSE_APPOINTMENT: choose_appointment,
    Step.NEED_WINDOW: need_window,
    Step.CHOOSE_SLOT: choose_slot,
    Step.NEED_REASON: need_reason,
    Step.CONFIRM: confirm,
    Step.APPLYING: applying,
    Step.DONE: final,
    Step.CANCELLED_BY_USER: final,
    Step.EXPIRED: final,
    Step.FAILED: final,
}
