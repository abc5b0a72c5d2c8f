"""What the engine said (`Said` values), in sentences, worded on the card in the reader's zone.

The engine decides *what* happened; this module is the only place that says
it to staff. One sentence per kind; the times in them come from `Words`, so a
card never shows one instant two ways.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.domain import PATIENT_KEY_WORDS, Appointment, Location
from bot.engine.state import Conversation, Said
from bot.views.wording import Words, describe_query

NOTHING_CHANGED = "Nothing was changed; please start again."
WINDOW_HELP = "I couldn't read a day or time in that. Try “Friday morning”, “next week” or “3/16 after 2pm”."
TYPE_A_TIME = "Type a day or time, e.g. “Friday morning”, “next week” or “3/16 after 2pm”."


def sentence(said: Said, c: Conversation, words: Words) -> str:
    """The sentence for `said` on conversation `c`'s card."""
    return _SENTENCES[said.kind](said, c, words)


def booking_text(said: Said, words: Words) -> str:
    """A booking system's own sentence, its `{time}` worded in the reader's zone."""
    text = said.text or ""
    if "{time}" in text:
        text = text.replace("{time}", words.instant(said.at) if said.at else "that time")
    return text


def _short(appointment: Appointment, words: Words) -> str:
    return f"the {appointment.service.name} on {words.span(appointment.start, appointment.end, appointment.location)}"


def _interrupted(said: Said) -> str:
    return "The bot restarted" if said.restarted else "The booking system stopped answering"


def _ask_key(said: Said, c: Conversation, words: Words) -> str:
    names = [PATIENT_KEY_WORDS[key] for key in said.keys]
    if len(names) == 1:
        return f"{said.backend} finds patients by their {names[0]} — what is it?"
    return f"Which patient? Give their {', '.join(names[:-1])} or {names[-1]}."


def _not_found(said: Said, c: Conversation, words: Words) -> str:
    searched = describe_query(said.query) if said.query else "that patient"
    around = f" around {words.asked(said.window)}" if said.window else ""
    if c.near:
        return f"I found no upcoming appointment for {searched}{around}. Did you mean one of these?"
    return (
        f"I found no upcoming appointment for {searched}{around}. "
        "Check the spelling, or add a date of birth, phone number or booking reference."
    )


def _window_past(said: Said, c: Conversation, words: Words) -> str:
    window = said.window or c.target
    what = words.asked(window, _where(c)) if window else "That time"
    return f"{what} is already past. When would the patient like instead?"


def _no_slots(said: Said, c: Conversation, words: Words) -> str:
    window = said.window or c.target
    what = words.asked(window, _where(c)) if window else "that window"
    return f"There are no open times in {what} or in the two months after it. Try another day or time."


def _moved(said: Said, c: Conversation, words: Words) -> str:
    old, new = c.appointment, c.result
    if old is None or new is None:
        return "Moved."
    where = old.location
    return f"Moved from {words.span(old.start, old.end, where)} to {words.span(new.start, new.end, new.location)}."


def _cancelled(said: Said, c: Conversation, words: Words) -> str:
    changed = c.results or ((c.appointment,) if c.appointment else ())
    if len(changed) > 1:
        return f"Cancelled {len(changed)} appointments of the series:"
    return f"Cancelled {_short(changed[0], words)}." if changed else "Cancelled."


def _already_cancelled(said: Said, c: Conversation, words: Words) -> str:
    assert c.appointment is not None
    return f"Cancelled {_short(c.appointment, words)} (the booking system already showed it cancelled)."


def _already_moved(said: Said, c: Conversation, words: Words) -> str:
    new = c.result
    return f"Moved to {words.span(new.start, new.end, new.location)}." if new else "Moved."


def _changed_elsewhere(said: Said, c: Conversation, words: Words) -> str:
    now = said.appointment
    if now is None:
        why = "This appointment was cancelled in the booking system after you chose it."
    else:
        why = f"Someone moved this appointment to {words.span(now.start, now.end, now.location)} after you chose it."
    return f"{why} Nothing was changed; start again if needed."


def _busy(said: Said, c: Conversation, words: Words) -> str:
    now = said.appointment
    shown = f" It is now at {words.span(now.start, now.end, now.location)}." if now is not None else ""
    return (
        f"Someone else is changing this appointment right now, so I did not change it.{shown} "
        "Nothing was changed; look again in a minute before trying again."
    )


def _rebooked(said: Said, c: Conversation, words: Words) -> str:
    where = (
        words.span(said.window.start, said.window.end, _where(c)) if said.window and said.window.end else "the new time"
    )
    return f"Moved to {where}: the new booking was made and the old one cancelled."


def _rebooking_unknown(said: Said, c: Conversation, words: Words) -> str:
    assert c.appointment is not None
    old = c.appointment
    new = said.window
    where = words.span(new.start, new.end, old.location) if new and new.end else "the new time"
    return (
        f"{_interrupted(said)} while moving this booking. The old booking "
        f"({words.span(old.start, old.end, old.location)}) is still in place, and a new booking for {where} may or "
        "may not have been made. Please check the booking system before trying again, so the patient is not booked "
        "twice."
    )


def _unreadable_after_interruption(said: Said, c: Conversation, words: Words) -> str:
    why = f" ({said.text.rstrip('.')})" if said.text else ""
    return (
        f"{_interrupted(said)} while making this change, and the booking system will not show the appointment"
        f"{why}, so the change may or may not have been made. Please check it in the booking system before trying "
        "again."
    )


def _moved_meanwhile(said: Said, c: Conversation, words: Words) -> str:
    now = said.appointment
    at = words.span(now.start, now.end, now.location) if now else "another time"
    return (
        f"{_interrupted(said)} while moving this appointment, and the booking system now shows it at {at} — "
        f"someone else may have changed it. {NOTHING_CHANGED}"
    )


def _quoted(said: Said) -> str:
    return f"“{said.text}”" if said.text else "that"


def _where(c: Conversation) -> Location | None:
    return c.appointment.location if c.appointment else None


def _fixed(text: str) -> Callable[[Said, Conversation, Words], str]:
    return lambda said, c, words: text


def _booking(suffix: str = "") -> Callable[[Said, Conversation, Words], str]:
    def word(said: Said, c: Conversation, words: Words) -> str:
        return f"{booking_text(said, words)}{suffix}"

    return word


_SENTENCES: dict[str, Callable[[Said, Conversation, Words], str]] = {
    "ask_patient_key": _ask_key,
    "not_found": _not_found,
    "unclear_choice": lambda said, c, words: (
        f"None of these fits {_quoted(said)}: pick one of these, or give its day, time, place or birth year."
        if said.text
        else "I couldn't tell which one you mean: pick one of these, or give its day or date."
    ),
    "several_fit": lambda said, c, words: (
        f"More than one of these fits {_quoted(said)}: pick one, or add its time, place or birth year."
    ),
    "relative_choice": lambda said, c, words: (
        f"I can't tell what {_quoted(said)} points from here: pick one of these, or give the day or date itself."
    ),
    "window_unreadable": _fixed(
        "I couldn't read a day or time in that. Try “Friday morning”, “next week” or “3/16 after 2pm”."
    ),
    "window_past": _window_past,
    "no_slots": _no_slots,
    "no_more_slots": _fixed("No more open times in that window. Type another day or time to search again."),
    "no_earlier_slots": _fixed("No earlier open times in that window. Type another day or time to search again."),
    "slot_taken": _booking(" Here are the open times now."),
    "hold_ran_out": _fixed("The hold on that time ran out. Nothing was booked; pick again."),
    "hold_lost": _booking(" Nothing was booked; here are fresh times."),
    "hold_lost_no_fresh_times": _booking(
        " Nothing was booked, and the booking system is not answering for fresh times right now. "
        "Type a day or time to try again in a minute."
    ),
    "booking_error": _booking(),
    "text": _booking(),
    "moved": _moved,
    "cancelled": _cancelled,
    "already_cancelled": _already_cancelled,
    "already_moved": _already_moved,
    "changed_elsewhere": _changed_elsewhere,
    "busy": _busy,
    "failed": _booking(" The appointment was not changed."),
    "partial": _booking(),
    "maybe_applied": _booking(),
    "stopped": _fixed("Stopped. Nothing was changed."),
    "expired": _fixed("This request timed out before it was confirmed. Nothing was changed; start again if needed."),
    "rebooked": _rebooked,
    "rebooking_unknown": _rebooking_unknown,
    "unreadable_after_interruption": _unreadable_after_interruption,
    "still_booked": lambda said, c, words: (
        f"{_interrupted(said)} while cancelling, and the booking system shows the appointment still booked. "
        f"{NOTHING_CHANGED}"
    ),
    "moved_meanwhile": _moved_meanwhile,
    "not_made": lambda said, c, words: (
        f"{_interrupted(said)} while making this change and the booking system shows it was not made. {NOTHING_CHANGED}"
    ),
}
