"""Confirming: nothing changes until staff confirm; then the change is made once, or staff are told plainly
why not, the hold is given back, and fresh times are offered when the chosen one is gone."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.backends.errors import (
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    NotAuthorised,
    PartiallyApplied,
    SlotTaken,
)
from bot.domain import Appointment, Hold, Slot
from bot.engine import Action, Step
from tests.core.conftest import CHICAGO, JOHN, Clinic, Wrapped, notice, outcome

JOHN_NOW = datetime(2026, 3, 10, 10, tzinfo=CHICAGO)


def test_confirm_saves_an_applying_step_with_a_fresh_idempotency_key_before_anything_changes(clinic: Clinic) -> None:
    held = clinic.held()
    applying = clinic.click(held, "confirm")
    assert applying.step is Step.APPLYING
    assert applying.idempotency_key
    assert clinic.backend.calls["reschedule"] == 0, "the caller saves `applying` before the booking system is asked"
    assert clinic.appointment(JOHN).start == JOHN_NOW
    other = clinic.click(clinic.held(index=1), "confirm")
    assert other.idempotency_key != applying.idempotency_key


def test_apply_moves_the_appointment_to_the_held_time_and_says_from_where_to_where(clinic: Clinic) -> None:
    held = clinic.held()
    assert held.hold is not None
    done = clinic.engine.apply(clinic.click(held, "confirm"), clinic.clock())
    assert done.step is Step.DONE
    assert done.hold is None
    assert done.result is not None and done.result.start == held.hold.slot.start
    moved = clinic.appointment(JOHN)
    assert (moved.start, moved.end) == (held.hold.slot.start, held.hold.slot.end)
    assert outcome(done) == "Moved from Tue Mar 10, 10:00 AM–10:15 AM to Fri Mar 13, 8:00 AM–8:15 AM."
    assert clinic.backend.calls["reschedule"] == 1


def test_applying_the_same_change_again_does_not_move_it_twice(clinic: Clinic) -> None:
    applying = clinic.click(clinic.held(), "confirm")
    first = clinic.engine.apply(applying, clinic.clock())
    again = clinic.engine.apply(applying, clinic.clock())
    assert again.step is Step.DONE
    assert again.result == first.result is not None
    assert clinic.appointment(JOHN).start == first.result.start


def test_typing_yes_at_confirm_does_not_change_the_booking_only_the_confirm_button_does(clinic: Clinic) -> None:
    held = clinic.held()
    typed = clinic.type(held, "yes!")
    assert typed.step is Step.CONFIRM and typed.hold == held.hold, "the card still waits for a Confirm click"
    assert clinic.appointment(JOHN).start == JOHN_NOW
    assert clinic.click(typed, "confirm").step is Step.APPLYING


@pytest.mark.parametrize("how", ["button", "never mind", "nvm, wrong patient", "stop"])
def test_stopping_at_confirm_changes_nothing_and_gives_the_hold_back(clinic: Clinic, how: str) -> None:
    held = clinic.held()
    assert held.hold is not None
    stopped = clinic.click(held, "abort") if how == "button" else clinic.type(held, how)
    assert stopped.step is Step.CANCELLED_BY_USER
    assert outcome(stopped) == "Stopped. Nothing was changed."
    assert stopped.hold is None
    assert clinic.offered_to_others(held.hold.slot)
    assert clinic.appointment(JOHN).start == JOHN_NOW


def test_stopping_before_any_time_is_chosen_needs_no_booking_system(clinic: Clinic) -> None:
    asked = clinic.start("reschedule john smith")
    stopped = clinic.type(asked, "never mind")
    assert stopped.step is Step.CANCELLED_BY_USER
    assert clinic.backend.calls["release"] == 0


def test_a_hold_that_ran_out_before_confirm_offers_fresh_times_and_books_nothing(clinic: Clinic) -> None:
    held = clinic.held()
    clinic.clock.advance(minutes=16)
    conversation = clinic.click(held, "confirm")
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.hold is None and conversation.idempotency_key is None
    assert notice(conversation) == "The hold on that time ran out. Nothing was booked; pick again."
    assert conversation.slots
    assert clinic.backend.calls["reschedule"] == 0
    assert clinic.appointment(JOHN).start == JOHN_NOW


def test_a_hold_the_booking_system_let_lapse_and_gave_away_is_reported_and_nothing_is_double_booked(
    clinic: Clinic,
) -> None:
    """Our clock says the hold still runs; the booking system's says it ran out, and a walk-in took the time."""
    held = clinic.held()
    assert held.hold is not None
    confirmed_at = clinic.clock() + timedelta(minutes=14)
    clinic.clock.advance(minutes=16)
    walk_in = clinic.walk_in(held.hold.slot.start)
    applying = clinic.engine.act(held, Action(kind="confirm"), confirmed_at)
    assert applying.step is Step.APPLYING
    conversation = clinic.engine.apply(applying, clinic.clock())
    assert conversation.step is Step.CHOOSE_SLOT
    assert notice(conversation) is not None and notice(conversation).endswith(
        "Nothing was booked; here are fresh times."
    )
    assert held.hold.slot.start not in {s.start for s in conversation.slots}
    assert clinic.appointment(JOHN).start == JOHN_NOW
    assert clinic.appointment(walk_in.id).start == held.hold.slot.start


class NoHolds(Wrapped):
    """A booking system that cannot keep a time aside (Solv, Cliniko): the hold is only our note of the choice."""

    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        self._enter("hold")
        return Hold(id="", slot=slot)


def test_a_time_taken_between_choice_and_confirm_is_reported_with_fresh_times_and_not_double_booked(
    clinic: Clinic,
) -> None:
    backend = NoHolds(
        clinic.sandbox, capabilities=clinic.sandbox.capabilities.model_copy(update={"holds_slots": False})
    )
    clinic.engine.backend = backend
    held = clinic.held()
    assert held.hold is not None and not held.hold.is_real
    walk_in = clinic.walk_in(held.hold.slot.start)
    conversation = clinic.engine.apply(clinic.click(held, "confirm"), clinic.clock())
    assert conversation.step is Step.CHOOSE_SLOT
    assert notice(conversation) == "That time was just taken by someone else. Nothing was booked; here are fresh times."
    assert conversation.hold is None and conversation.idempotency_key is None
    assert held.hold.slot.start not in {s.start for s in conversation.slots}
    assert clinic.appointment(JOHN).start == JOHN_NOW
    assert clinic.appointment(walk_in.id).start == held.hold.slot.start


@pytest.mark.parametrize(
    "error",
    [BackendUnavailable(), InvalidRequest("starts_at is in the past"), NotAuthorised()],
    ids=["unavailable", "invalid", "not-authorised"],
)
def test_a_refused_or_failed_change_says_it_was_not_changed_and_gives_the_hold_back(
    clinic: Clinic, error: BookingError
) -> None:
    held = clinic.held()
    assert held.hold is not None
    clinic.backend.fail("reschedule", error)
    failed = clinic.engine.apply(clinic.click(held, "confirm"), clinic.clock())
    assert failed.step is Step.FAILED
    assert outcome(failed) == f"{error.staff_message} The appointment was not changed."
    assert not failed.partially_applied
    assert failed.hold is None
    assert clinic.offered_to_others(held.hold.slot)
    assert clinic.appointment(JOHN).start == JOHN_NOW


def test_a_change_stopped_half_way_is_failed_and_marked_partially_applied(clinic: Clinic) -> None:
    message = "The new booking on Fri Mar 13 was made, but the old one on Tue Mar 10 is still booked."
    clinic.backend.fail("reschedule", PartiallyApplied(message, new_appointment_id="apt-9999"))
    failed = clinic.engine.apply(clinic.click(clinic.held(), "confirm"), clinic.clock())
    assert failed.step is Step.FAILED
    assert failed.partially_applied
    assert outcome(failed) == message
    assert "not changed" not in outcome(failed)


def test_a_booking_system_down_at_the_first_search_fails_the_request_plainly(clinic: Clinic) -> None:
    clinic.backend.fail("find_appointments", BackendUnavailable())
    failed = clinic.start("move john smith to friday morning")
    assert failed.step is Step.FAILED
    assert outcome(failed) == BackendUnavailable.default_message
    assert "Nothing was changed" in outcome(failed)


@pytest.mark.parametrize(
    ("method", "kind", "error"),
    [
        ("hold", "choose_slot", NotAuthorised()),
        ("hold", "choose_slot", InvalidRequest("That time is outside the clinic's opening hours.")),
        ("open_slots", "more_times", BackendUnavailable()),
    ],
    ids=["hold-refused", "hold-invalid", "paging-down"],
)
def test_a_booking_system_error_on_a_click_is_shown_and_the_step_stays(
    clinic: Clinic, method: str, kind: str, error: BookingError
) -> None:
    offered = clinic.start("move john smith to friday morning")
    clinic.backend.fail(method, error)
    conversation = clinic.engine.act(offered, Action(kind=kind, index=0), clinic.clock())  # type: ignore[arg-type]
    assert conversation.step is Step.CHOOSE_SLOT
    assert notice(conversation) == error.staff_message
    assert conversation.hold is None
    assert conversation.slots == offered.slots
    again = clinic.click(conversation, "choose_slot", 0)
    assert again.step is Step.CONFIRM, "once the booking system answers again the same card works"


@pytest.mark.parametrize("how", ["pick_other_time", "typed window"])
def test_a_booking_system_error_while_looking_for_other_times_keeps_the_hold_it_shows(clinic: Clinic, how: str) -> None:
    held = clinic.held()
    assert held.hold is not None
    clinic.backend.fail("open_slots", BackendUnavailable())
    if how == "pick_other_time":
        conversation = clinic.click(held, "pick_other_time")
    else:
        conversation = clinic.type(held, "thursday afternoon")
    assert notice(conversation) == BackendUnavailable.default_message
    assert conversation.step is Step.CONFIRM and conversation.hold == held.hold, "the confirm card stays as it was"
    assert not clinic.offered_to_others(held.hold.slot), "and the time it shows is still held"
    done = clinic.engine.apply(clinic.click(conversation, "confirm"), clinic.clock())
    assert done.step is Step.DONE and clinic.appointment(JOHN).start == held.hold.slot.start


def test_a_finished_conversation_ignores_further_clicks_and_answers(clinic: Clinic) -> None:
    done = clinic.engine.apply(clinic.click(clinic.held(), "confirm"), clinic.clock())
    calls = sum(clinic.backend.calls.values())
    for kind in ("confirm", "abort", "pick_other_time", "choose_slot", "more_times"):
        assert clinic.engine.act(done, Action(kind=kind, index=0), clinic.clock()) is done  # type: ignore[arg-type]
    for text in ("yes", "never mind", "thursday afternoon"):
        assert clinic.engine.answer(done, text, clinic.clock()) is done
    stopped = clinic.click(clinic.start("reschedule john smith"), "abort")
    assert clinic.click(stopped, "confirm") is stopped
    assert sum(clinic.backend.calls.values()) == calls + 1, "only the new request's search reached the booking system"


def test_an_applying_conversation_ignores_clicks_and_answers(clinic: Clinic) -> None:
    applying = clinic.click(clinic.held(), "confirm")
    assert clinic.click(applying, "abort") is applying
    assert clinic.type(applying, "never mind") is applying


def test_a_taken_time_followed_by_a_booking_system_outage_still_settles_the_change(clinic: Clinic) -> None:
    held = clinic.held()
    clinic.backend.fail("reschedule", SlotTaken())
    clinic.backend.fail("open_slots", BackendUnavailable())
    settled = clinic.engine.apply(clinic.click(held, "confirm"), clinic.clock())
    assert settled.step is not Step.APPLYING
    assert (notice(settled) or outcome(settled) or "").count("Nothing was") == 1
    assert clinic.appointment(JOHN).start == JOHN_NOW
