"""The conversation engine: given a conversation and an event, the next conversation.

Pure with respect to Slack, HTTP and SQL: the booking backend and the parser
are passed in, the clock comes in as `now`. The next step is derived from which
slots are still empty (`_advance`), so a request that already carries an answer
skips the question, and an answer re-asks only what is still missing.

Only `apply` changes a booking, and only from the `applying` step, which the
caller must have saved first (see bot/service.py).
"""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.backends.base import BookingBackend
from bot.backends.errors import (
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    HoldExpired,
    PartiallyApplied,
    SlotTaken,
)
from bot.domain import (
    PATIENT_KEY_WORDS,
    Appointment,
    AppointmentStatus,
    CancelReason,
    PatientKey,
    PatientQuery,
    Window,
)
from bot.engine.state import Action, Conversation, Intent, Step
from bot.nlu.model import ParsedRequest, ParsedWindow
from bot.views.wording import describe_query, describe_window

logger = logging.getLogger(__name__)

Parse = Callable[[str, datetime], ParsedRequest]
"""text, now -> ParsedRequest, resolved in the clinic's zone."""

ABORT_WORDS = re.compile(r"^\s*(never\s*mind|nevermind|stop|abort|forget it|quit|nvm)\b", re.I)
YES_WORDS = re.compile(r"^\s*(yes|yep|yeah|y|confirm|ok|okay|go ahead|do it)\s*[.!]*\s*$", re.I)
PERSONAL_ID = re.compile(
    r"(?<![\w/-])(?=[A-Za-z0-9-]*\d{4})(?!\d{4}-\d{2}-\d{2}\b)[A-Za-z0-9][A-Za-z0-9-]{7,47}(?![\w/-])"
)
"""A personal identifier: 8-48 letters, digits and dashes with at least four digits in a row (not an ISO date)."""
REFERENCE = re.compile(r"#?\b([0-9]{3,}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\b", re.I)
ORDINAL_CHOICE = re.compile(r"^\s*(?:the\s+)?(?:#|no\.?\s*)?(\d{1,2})(?:st|nd|rd|th)?\s*(?:one)?\s*$", re.I)
SEARCH_HORIZON = timedelta(days=60)


class ConversationEngine:
    def __init__(self, backend: BookingBackend, parse: Parse, *, clinic_tz: str, slots_per_page: int = 5) -> None:
        self.backend = backend
        self.parse = parse
        self.clinic_tz = ZoneInfo(clinic_tz)
        self.slots_per_page = slots_per_page

    # -- entry points -----------------------------------------------------------
    def start(
        self, *, user_id: str, parsed: ParsedRequest, intent: Intent, now: datetime, text: str = ""
    ) -> Conversation:
        """A new conversation from a parsed request; runs as far as it can without asking.

        `text` is the request as typed: the parsing contract has no personal
        identifier, so a backend that searches by one finds it here.
        """
        conversation = Conversation(
            id=uuid.uuid4().hex,
            user_id=user_id,
            intent=intent,
            step=Step.NEED_PATIENT,
            query=self._with_personal_id(_query_from(parsed), text),
            current=_window(parsed.current),
            target=_window(parsed.target) if intent is Intent.RESCHEDULE else None,
            reason=CancelReason(parsed.reason) if intent is Intent.CANCEL and parsed.reason else None,
            reason_answered=intent is Intent.CANCEL and parsed.reason is not None,
            created_at=now,
            updated_at=now,
            backend=self.backend.name,
        )
        try:
            return self._advance(conversation, now)
        except BookingError as error:
            return self._final(conversation, Step.FAILED, error.staff_message, now)

    def act(self, conversation: Conversation, action: Action, now: datetime) -> Conversation:
        """A button click. `confirm` returns the `applying` step; call `apply` after saving it."""
        if conversation.is_final or conversation.step is Step.APPLYING:
            return conversation
        if action.kind == "abort":
            return self.abandon(conversation, now)
        try:
            return self._act(conversation, action, now)
        except BookingError as error:
            return conversation.model_copy(update={"notice": error.staff_message, "updated_at": now})

    def answer(self, conversation: Conversation, text: str, now: datetime) -> Conversation:
        """Typed free text refining the current step."""
        if conversation.is_final or conversation.step is Step.APPLYING:
            return conversation
        if ABORT_WORDS.match(text):
            return self.abandon(conversation, now)
        try:
            return self._answer(conversation, text, now)
        except BookingError as error:
            return conversation.model_copy(update={"notice": error.staff_message, "updated_at": now})

    def apply(self, conversation: Conversation, now: datetime) -> Conversation:
        """Make the change. Only from `applying`; returns done, failed, or fresh slots."""
        if conversation.step is not Step.APPLYING or conversation.appointment is None:
            return conversation
        appointment = conversation.appointment
        key = conversation.idempotency_key or conversation.id
        try:
            changed = self._changed_elsewhere(conversation, now)
            if changed is not None:
                return changed
            if conversation.intent is Intent.CANCEL:
                result = self.backend.cancel(
                    appointment,
                    reason=conversation.reason,
                    note=conversation.note,
                    apply_to_repeats=conversation.apply_to_repeats,
                    idempotency_key=key,
                )[0]
                outcome = f"Cancelled {describe_appointment_short(appointment)}."
            else:
                assert conversation.hold is not None, "reschedule reaches applying only with a chosen slot"
                result = self.backend.reschedule(appointment, conversation.hold, idempotency_key=key)
                outcome = f"Moved from {describe_window(Window(start=appointment.start, end=appointment.end))} to " + (
                    f"{describe_window(Window(start=result.start, end=result.end))}."
                )
        except (HoldExpired, SlotTaken) as error:
            self.release_hold(conversation)
            fresh = conversation.model_copy(
                update={"hold": None, "step": Step.CHOOSE_SLOT, "idempotency_key": None, "slots": ()}
            )
            try:
                fresh = self._offer_slots(fresh, now)
            except BookingError:
                return fresh.model_copy(
                    update={
                        "step": Step.NEED_WINDOW,
                        "notice": f"{error.staff_message} Nothing was booked, and the booking system is not "
                        "answering for fresh times right now. Type a day or time to try again in a minute.",
                        "updated_at": now,
                    }
                )
            return fresh.model_copy(
                update={"notice": f"{error.staff_message} Nothing was booked; here are fresh times.", "updated_at": now}
            )
        except PartiallyApplied as error:
            return self._final(conversation, Step.FAILED, error.staff_message, now, hold=None, partially_applied=True)
        except BackendUnavailable as error:
            if not error.maybe_applied:
                self.release_hold(conversation)
                return self._final(
                    conversation, Step.FAILED, f"{error.staff_message} The appointment was not changed.", now, hold=None
                )
            # The answer was lost after the vendor may have acted: read back rather than guess.
            settled = self._settle_by_reading(conversation, now, cause="lost_answer")
            if settled is not None:
                return settled
            return self._final(conversation, Step.FAILED, error.staff_message, now, hold=None, partially_applied=True)
        except BookingError as error:
            self.release_hold(conversation)
            return self._final(
                conversation, Step.FAILED, f"{error.staff_message} The appointment was not changed.", now, hold=None
            )
        return self._final(conversation, Step.DONE, outcome, now, result=result, hold=None)

    def _changed_elsewhere(self, conversation: Conversation, now: datetime) -> Conversation | None:
        """Refuse to act on an appointment someone else moved or cancelled since it was chosen.

        Two staff members may work on the same patient at once; the second
        confirm must not silently undo the first.
        """
        chosen = conversation.appointment
        assert chosen is not None
        try:
            current: Appointment | None = self.backend.get_appointment(chosen.id)
        except AppointmentNotFound:
            current = None
        if current is not None and current.status is AppointmentStatus.BOOKED and current.start == chosen.start:
            return None
        held = conversation.hold.slot if conversation.hold else None
        gone = current is None or current.status is AppointmentStatus.CANCELLED
        if conversation.intent is Intent.CANCEL and gone:
            return self._final(
                conversation,
                Step.DONE,
                f"Cancelled {describe_appointment_short(chosen)} (the booking system already showed it cancelled).",
                now,
            )
        if current is not None and not gone and held is not None and current.start == held.start:
            # Our own change, already made (a repeat after a lost answer): nothing more to do.
            moved_to = describe_window(Window(start=current.start, end=current.end))
            return self._final(conversation, Step.DONE, f"Moved to {moved_to}.", now, result=current, hold=None)
        self.release_hold(conversation)
        if current is None or gone:
            why = "This appointment was cancelled in the booking system after you chose it."
        else:
            now_at = describe_window(Window(start=current.start, end=current.end))
            why = f"Someone moved this appointment to {now_at} after you chose it."
        return self._final(
            conversation, Step.FAILED, f"{why} Nothing was changed; start again if needed.", now, hold=None
        )

    def abandon(self, conversation: Conversation, now: datetime) -> Conversation:
        self.release_hold(conversation)
        return self._final(conversation, Step.CANCELLED_BY_USER, "Stopped. Nothing was changed.", now, hold=None)

    def expire(self, conversation: Conversation, now: datetime) -> Conversation:
        self.release_hold(conversation)
        return self._final(
            conversation,
            Step.EXPIRED,
            "This request timed out before it was confirmed. Nothing was changed; start again if needed.",
            now,
            hold=None,
        )

    def reconcile(self, conversation: Conversation, now: datetime) -> Conversation:
        """After a crash in `applying`: read the appointment back; never call the change again blindly.

        Stays in `applying` while the backend cannot be read, so the next start-up tries again.
        """
        if conversation.step is not Step.APPLYING or conversation.appointment is None:
            return conversation
        settled = self._settle_by_reading(conversation, now, cause="restart")
        return conversation if settled is None else settled

    def _settle_by_reading(self, conversation: Conversation, now: datetime, *, cause: str) -> Conversation | None:
        """Done or failed, decided from the appointment as the backend shows it now; None if it cannot be read."""
        appointment = conversation.appointment
        assert appointment is not None
        try:
            current: Appointment | None = self.backend.get_appointment(appointment.id)
        except AppointmentNotFound:
            current = None
        except BookingError as error:
            logger.warning(
                "conversation %s: could not read the appointment back (%s)", conversation.id, type(error).__name__
            )
            return None
        interrupted = "The bot restarted" if cause == "restart" else "The booking system stopped answering"
        gone = current is None or current.status is AppointmentStatus.CANCELLED
        if conversation.intent is Intent.CANCEL:
            if gone:
                return self._final(
                    conversation, Step.DONE, f"Cancelled {describe_appointment_short(appointment)}.", now
                )
            return self._not_made(
                conversation,
                now,
                f"{interrupted} while cancelling, and the booking system shows the appointment still booked.",
            )
        held = conversation.hold.slot if conversation.hold else None
        if appointment.moves_by_rebooking:
            if gone:
                where = describe_window(Window(start=held.start, end=held.end)) if held else "the new time"
                return self._final(
                    conversation,
                    Step.DONE,
                    f"Moved to {where}: the new booking was made and the old one cancelled.",
                    now,
                    hold=None,
                )
            where = describe_window(Window(start=held.start, end=held.end)) if held else "the new time"
            return self._final(
                conversation,
                Step.FAILED,
                f"{interrupted} while moving this booking. The old booking "
                f"({describe_window(Window(start=appointment.start, end=appointment.end))}) is still in place, "
                f"and a new booking for {where} may or may not have been made. Please check the booking system "
                "before trying again, so the patient is not booked twice.",
                now,
                hold=None,
                partially_applied=True,
            )
        if current is not None and held is not None and current.start == held.start and not gone:
            return self._final(
                conversation,
                Step.DONE,
                f"Moved to {describe_window(Window(start=current.start, end=current.end))}.",
                now,
                result=current,
                hold=None,
            )
        if current is not None and not gone and current.start != appointment.start:
            return self._not_made(
                conversation,
                now,
                f"{interrupted} while moving this appointment, and the booking system now shows it at "
                f"{describe_window(Window(start=current.start, end=current.end))} — someone else may have changed it.",
            )
        return self._not_made(
            conversation, now, f"{interrupted} while making this change and the booking system shows it was not made."
        )

    def _not_made(self, conversation: Conversation, now: datetime, why: str) -> Conversation:
        self.release_hold(conversation)
        return self._final(conversation, Step.FAILED, f"{why} Nothing was changed; please start again.", now, hold=None)

    # -- clicks -----------------------------------------------------------------
    def _act(self, conversation: Conversation, action: Action, now: datetime) -> Conversation:
        c = conversation.model_copy(update={"notice": None, "updated_at": now})
        if action.kind == "choose_appointment" and c.step is Step.CHOOSE_APPOINTMENT:
            if action.index is None or not 0 <= action.index < len(c.candidates):
                return c
            return self._advance(c.model_copy(update={"appointment": c.candidates[action.index]}), now)
        if action.kind == "choose_slot" and c.step is Step.CHOOSE_SLOT:
            if action.index is None or not 0 <= action.index < len(c.slots):
                return c
            return self._hold(c, action.index, now)
        if action.kind == "more_times" and c.step is Step.CHOOSE_SLOT:
            return self._more_times(c, now)
        if action.kind == "choose_reason" and c.step is Step.NEED_REASON:
            reason = CancelReason(action.value) if action.value in set(CancelReason) else None
            return self._advance(c.model_copy(update={"reason": reason, "reason_answered": True}), now)
        if action.kind == "skip_reason" and c.step is Step.NEED_REASON:
            return self._advance(c.model_copy(update={"reason_answered": True}), now)
        if action.kind == "repeats" and c.step is Step.CONFIRM:
            return c.model_copy(update={"apply_to_repeats": action.value == "all"})
        if action.kind == "pick_other_time" and c.step is Step.CONFIRM and c.intent is Intent.RESCHEDULE:
            # Find the other times first: if that fails, the card still shows a hold that is really held.
            fresh = self._offer_slots(c.model_copy(update={"hold": None, "step": Step.CHOOSE_SLOT}), now)
            self.release_hold(c)
            return fresh
        if action.kind == "confirm" and c.step is Step.CONFIRM:
            return self._begin_apply(c, now)
        return c

    def _begin_apply(self, c: Conversation, now: datetime) -> Conversation:
        if c.hold is not None and c.hold.expires_at is not None and c.hold.expires_at <= now:
            self.release_hold(c)
            fresh = self._offer_slots(c.model_copy(update={"hold": None, "step": Step.CHOOSE_SLOT}), now)
            return fresh.model_copy(update={"notice": "The hold on that time ran out. Nothing was booked; pick again."})
        return c.model_copy(update={"step": Step.APPLYING, "idempotency_key": uuid.uuid4().hex})

    # -- typed answers ------------------------------------------------------------
    def _answer(self, conversation: Conversation, text: str, now: datetime) -> Conversation:
        c = conversation.model_copy(update={"notice": None, "updated_at": now})
        if c.step is Step.CONFIRM and YES_WORDS.match(text):
            return self._begin_apply(c, now)
        parsed = self.parse(text, now)
        if c.step is Step.NEED_PATIENT:
            answer = self._query_from_answer(text, parsed)
            searched = bool(c.query.given() & self.backend.capabilities.lookup_keys)
            # After a search that found nothing, the answer is the corrected search, not an addition
            # to the one that failed ("john smith dob 11/2/1975" after "Jon Smyth").
            query = answer if searched and not answer.is_empty() else c.query.merged(answer)
            return self._advance(c.model_copy(update={"query": query, "candidates": (), "appointment": None}), now)
        if c.step is Step.CHOOSE_APPOINTMENT:
            return self._answer_choice(c, text, parsed, now)
        if c.step is Step.NEED_REASON:
            reason = self.parse(f"cancel, {text}", now).reason
            return self._advance(
                c.model_copy(
                    update={
                        "reason": CancelReason(reason) if reason else CancelReason.OTHER,
                        "reason_answered": True,
                        "note": text.strip()[:500],
                    }
                ),
                now,
            )
        if c.intent is Intent.RESCHEDULE and c.step in (Step.NEED_WINDOW, Step.CHOOSE_SLOT, Step.CONFIRM):
            choice = ORDINAL_CHOICE.match(text)
            if c.step is Step.CHOOSE_SLOT and choice and 1 <= int(choice.group(1)) <= len(c.slots):
                return self._hold(c, int(choice.group(1)) - 1, now)
            window = _window(parsed.target or parsed.current)
            if window is None:
                return c.model_copy(update={"notice": _window_help()})
            moved = c.model_copy(update={"target": window, "target_in_location_zone": False, "hold": None, "slots": ()})
            advanced = self._advance(moved.model_copy(update={"step": Step.NEED_WINDOW}), now)
            self.release_hold(c)  # only once the new times are found, so a failed search keeps the shown hold
            return advanced
        if c.intent is Intent.CANCEL and c.step is Step.CONFIRM:
            return c.model_copy(update={"note": text.strip()[:500]})
        return c

    def _answer_choice(self, c: Conversation, text: str, parsed: ParsedRequest, now: datetime) -> Conversation:
        choice = ORDINAL_CHOICE.match(text)
        if choice and 1 <= int(choice.group(1)) <= len(c.candidates):
            return self._advance(c.model_copy(update={"appointment": c.candidates[int(choice.group(1)) - 1]}), now)
        window = _window(parsed.current or parsed.target)
        matching = list(c.candidates)
        if window is not None:
            matching = [a for a in matching if _overlaps_day(a, window)]
        if parsed.patient.date_of_birth is not None:
            matching = [a for a in matching if a.patient.date_of_birth == parsed.patient.date_of_birth]
        if len(matching) == 1:
            return self._advance(c.model_copy(update={"appointment": matching[0]}), now)
        return c.model_copy(
            update={"notice": "I couldn't tell which one you mean: pick one of these, or give its day or date."}
        )

    def _with_personal_id(self, query: PatientQuery, text: str) -> PatientQuery:
        if PatientKey.PERSONAL_ID not in self.backend.capabilities.lookup_keys or query.personal_id is not None:
            return query
        match = PERSONAL_ID.search(text)
        if match is None:
            return query
        # The identifier is the key here; a "name" the parser made of it would only narrow the search wrongly.
        name = query.name if query.name and query.name.lower() not in match.group(0).lower() else None
        return query.model_copy(update={"personal_id": match.group(0), "name": name})

    def _query_from_answer(self, text: str, parsed: ParsedRequest) -> PatientQuery:
        query = _query_from(parsed)
        keys = self.backend.capabilities.lookup_keys
        query = self._with_personal_id(query, text)
        other_numbers = query.date_of_birth is not None or query.phone is not None
        if PatientKey.BOOKING_REF in keys and query.booking_ref is None and not other_numbers:
            match = REFERENCE.search(text)
            if match:
                query = query.model_copy(update={"booking_ref": match.group(1)})
        if PatientKey.NAME in keys and query.name is None:
            name = _leftover_name(text)
            if name:
                query = query.model_copy(update={"name": name})
        return query

    # -- deriving the next step ---------------------------------------------------
    def _advance(self, c: Conversation, now: datetime) -> Conversation:
        """Fill what can be filled without asking; stop at the first question."""
        keys = self.backend.capabilities.lookup_keys
        if c.appointment is None:
            usable = c.query.given() & keys
            if not usable:
                return c.model_copy(update={"step": Step.NEED_PATIENT, "notice": c.notice or self._key_question()})
            if not c.candidates:
                found = self.backend.find_appointments(c.query, around=c.current, now=now)
                if not found and c.current is not None:
                    # The stated time may be off ("her tuesday appt" that is really on Wednesday).
                    found = self.backend.find_appointments(c.query, around=None, now=now)
                if not found:
                    return c.model_copy(
                        update={
                            "step": Step.NEED_PATIENT,
                            "notice": f"I found no upcoming appointment for {describe_query(c.query)}"
                            + (f" around {describe_window(c.current)}" if c.current else "")
                            + ". Check the spelling, or add a date of birth, phone number or booking reference.",
                        }
                    )
                c = c.model_copy(update={"candidates": tuple(found)})
            if len(c.candidates) > 1:
                return c.model_copy(update={"step": Step.CHOOSE_APPOINTMENT})
            c = c.model_copy(update={"appointment": c.candidates[0]})
        if c.intent is Intent.CANCEL:
            if not c.reason_answered and self.backend.capabilities.records_cancel_reason:
                return c.model_copy(update={"step": Step.NEED_REASON})
            return c.model_copy(update={"step": Step.CONFIRM})
        if c.target is None:
            return c.model_copy(update={"step": Step.NEED_WINDOW})
        if not c.target_in_location_zone:
            c = c.model_copy(update={"target": self._in_location_zone(c), "target_in_location_zone": True})
        if c.hold is not None:
            return c.model_copy(update={"step": Step.CONFIRM})
        return self._offer_slots(c.model_copy(update={"step": Step.CHOOSE_SLOT}), now)

    def _key_question(self) -> str:
        keys = self.backend.capabilities.lookup_keys
        words = [PATIENT_KEY_WORDS[key] for key in PatientKey if key in keys]
        if len(words) == 1:
            return f"{self.backend.name} finds patients by their {words[0]} — what is it?"
        return f"Which patient? Give their {', '.join(words[:-1])} or {words[-1]}."

    def _in_location_zone(self, c: Conversation) -> Window | None:
        """Re-read the wanted window's wall-clock times in the appointment location's zone.

        The parser resolves "Friday 9am" in the clinic's default zone; the
        appointment may be at a location in another zone, where "9am" means
        9am there. Open windows ("asap": start = now) are instants, not wall times.
        """
        target, appointment = c.target, c.appointment
        if target is None or appointment is None:
            return target
        zone = ZoneInfo(appointment.location.timezone)
        if target.end is None or zone == self.clinic_tz:
            return target

        def rezone(instant: datetime) -> datetime:
            return instant.astimezone(self.clinic_tz).replace(tzinfo=zone)

        return Window(start=rezone(target.start), end=rezone(target.end))

    def _offer_slots(self, c: Conversation, now: datetime) -> Conversation:
        assert c.appointment is not None and c.target is not None
        window = c.target
        if window.end is not None and window.end == window.start:
            # An exact time asked for: offer that time, and what follows it that day.
            window = Window(start=window.start, end=window.start + timedelta(hours=12))
        if window.end is not None and window.end <= now:
            return c.model_copy(
                update={
                    "step": Step.NEED_WINDOW,
                    "notice": f"{describe_window(c.target)} is already past. When would the patient like instead?",
                }
            )
        slots = self.backend.open_slots(c.appointment, window, now=now, limit=self.slots_per_page)
        after = False
        if not slots:
            later = Window(start=max(window.end or now, now), end=max(window.end or now, now) + SEARCH_HORIZON)
            slots = self.backend.open_slots(c.appointment, later, now=now, limit=self.slots_per_page)
            after = True
        if not slots:
            return c.model_copy(
                update={
                    "step": Step.NEED_WINDOW,
                    "slots": (),
                    "notice": f"There are no open times in {describe_window(c.target)} or in the "
                    f"{SEARCH_HORIZON.days} days after it. Try another day or time.",
                }
            )
        return c.model_copy(update={"step": Step.CHOOSE_SLOT, "slots": tuple(slots), "slots_after_window": after})

    def _more_times(self, c: Conversation, now: datetime) -> Conversation:
        assert c.appointment is not None and c.target is not None
        last = c.slots[-1].start if c.slots else now
        end = c.target.end if not c.slots_after_window else None
        start = last + timedelta(seconds=1)
        window = Window(start=start, end=end if end is not None else start + SEARCH_HORIZON)
        slots = self.backend.open_slots(c.appointment, window, now=now, limit=self.slots_per_page)
        if not slots:
            return c.model_copy(
                update={"notice": "No more open times in that window. Type another day or time to search again."}
            )
        return c.model_copy(update={"slots": tuple(slots)})

    def _hold(self, c: Conversation, index: int, now: datetime) -> Conversation:
        assert c.appointment is not None
        self.release_hold(c)
        slot = c.slots[index]
        try:
            hold = self.backend.hold(c.appointment, slot, now=now)
        except SlotTaken as error:
            fresh = self._offer_slots(c.model_copy(update={"hold": None}), now)
            return fresh.model_copy(update={"notice": f"{error.staff_message} Here are the open times now."})
        return c.model_copy(update={"hold": hold, "step": Step.CONFIRM})

    def release_hold(self, c: Conversation) -> None:
        """Give the conversation's hold back; never raises (a lost hold lapses on its own)."""
        if c.hold is None or not c.hold.is_real:
            return
        try:
            self.backend.release(c.hold)
        except BookingError as error:
            # A hold we cannot release lapses on its own (Qmatic: 15 min); never block the person on it.
            logger.warning("release of hold for conversation %s failed: %s", c.id, type(error).__name__)

    def _final(self, c: Conversation, step: Step, outcome: str, now: datetime, **update: object) -> Conversation:
        return c.model_copy(update={"step": step, "outcome": outcome, "notice": None, "updated_at": now, **update})


def describe_appointment_short(appointment: Appointment) -> str:
    return f"the {appointment.service.name} on {describe_window(Window(start=appointment.start, end=appointment.end))}"


def _query_from(parsed: ParsedRequest) -> PatientQuery:
    patient = parsed.patient
    return PatientQuery(
        name=patient.name, date_of_birth=patient.date_of_birth, phone=patient.phone, booking_ref=patient.booking_ref
    )


def _window(parsed: ParsedWindow | None) -> Window | None:
    if parsed is None:
        return None
    return Window(start=parsed.start, end=parsed.end)


def _overlaps_day(appointment: Appointment, window: Window) -> bool:
    """Does the appointment fall in the window, taken as whole days when it is an instant?"""
    if window.end is None or window.end == window.start:
        zone = window.start.tzinfo
        return appointment.start.astimezone(zone).date() == window.start.date()
    return window.start <= appointment.start < window.end


_FILLER = """
    it its it's is the a patient pt name named called dob d.o.b born birthday date of birth
    phone ph tel mobile cell number no booking ref reference and with her his their she he they try search for
"""
NOT_NAME_WORDS = frozenset(_FILLER.split())


def _leftover_name(text: str) -> str | None:
    """The words of a typed answer that are neither an identifier nor a filler word: the patient's name."""
    words = [word.strip(".,;:'\"()") for word in text.split()]
    kept = [word for word in words if word and not any(ch.isdigit() for ch in word)]
    kept = [word for word in kept if word.lower() not in NOT_NAME_WORDS and re.fullmatch(r"[^\W\d_][\w'.-]*", word)]
    if not kept or len(kept) > 5:
        return None
    return " ".join(kept)[:100]


def _window_help() -> str:
    return "I couldn't read a day or time in that. Try “Friday morning”, “next week” or “3/16 after 2pm”."
