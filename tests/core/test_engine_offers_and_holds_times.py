"""Times: asked for when missing, offered from the wanted window (or the nearest after it), paged, held while
staff confirm, and given back when staff change their mind."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest

from bot.domain import Slot, Window
from bot.engine import Conversation, Step
from bot.engine.steps import offers
from tests.core.conftest import CHICAGO, JOHN, LOS_ANGELES, MARIA_THURSDAY, Clinic, ManualClock, notice, seeded


def test_a_reschedule_without_a_wanted_time_asks_for_one(clinic: Clinic) -> None:
    conversation = clinic.start("reschedule john smith")
    assert conversation.step is Step.NEED_WINDOW
    assert conversation.appointment is not None and conversation.appointment.id == JOHN
    assert conversation.slots == ()


def test_a_typed_window_answers_the_question_with_times_in_it(clinic: Clinic) -> None:
    conversation = clinic.type(clinic.start("reschedule john smith"), "friday afternoon")
    assert conversation.step is Step.CHOOSE_SLOT
    assert len(conversation.slots) == 5
    for slot in conversation.slots:
        local = slot.start.astimezone(CHICAGO)
        assert local.date() == date(2026, 3, 13) and 12 <= local.hour < 17


def test_text_without_a_day_or_time_is_asked_again_with_examples(clinic: Clinic) -> None:
    conversation = clinic.type(clinic.start("reschedule john smith"), "whenever suits her")
    assert conversation.step is Step.NEED_WINDOW
    assert notice(conversation) is not None and "Friday morning" in notice(conversation)


def test_a_window_with_no_open_time_offers_the_nearest_times_before_and_after_it(clinic: Clinic) -> None:
    conversation = clinic.start("move john smith to sunday")  # Riverside is closed on Sundays
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.slots_outside_window
    sunday, monday = datetime(2026, 3, 15, tzinfo=CHICAGO), datetime(2026, 3, 16, tzinfo=CHICAGO)
    before = [slot for slot in conversation.slots if slot.start < sunday]
    after = [slot for slot in conversation.slots if slot.start >= monday]
    assert before and after and len(before) + len(after) == len(conversation.slots)
    last_saturday = clinic.sandbox.open_slots(
        conversation.appointment,  # type: ignore[arg-type]
        Window(start=datetime(2026, 3, 14, tzinfo=CHICAGO), end=sunday),
        now=clinic.clock(),
        limit=200,
    )[-1]
    assert before[-1].start == last_saturday.start, "the nearest earlier time is the last one before the window"
    assert after[0].start.astimezone(CHICAGO).date() == monday.date(), "the nearest later day, not a later one"


def test_a_window_already_past_is_asked_again(clinic: Clinic) -> None:
    clinic.clock.advance(hours=5)  # 2 PM Monday
    conversation = clinic.start("move john smith to this morning")
    assert conversation.step is Step.NEED_WINDOW
    assert notice(conversation) is not None and "is already past" in notice(conversation)


def test_more_times_pages_forward_without_repeating_a_time(clinic: Clinic) -> None:
    first = clinic.start("move john smith to friday")
    second = clinic.click(first, "more_times")
    assert second.step is Step.CHOOSE_SLOT
    assert len(second.slots) == 5
    assert second.slots[0].start > first.slots[-1].start
    assert {s.start for s in first.slots}.isdisjoint({s.start for s in second.slots})
    assert all(s.start.astimezone(CHICAGO).date() == date(2026, 3, 13) for s in second.slots), "still Friday"


def test_more_times_stops_being_offered_at_the_end_of_the_window_and_earlier_times_goes_back(clinic: Clinic) -> None:
    conversation = clinic.start("move john smith to friday between 10 and 12")
    pages = [conversation.slots]
    assert not offers(conversation, "earlier_times"), "the first page has nothing earlier"
    while offers(conversation, "more_times"):
        conversation = clinic.click(conversation, "more_times")
        assert conversation.slots != pages[-1], "no button redraws the same list"
        pages.append(conversation.slots)
        assert len(pages) < 10
    assert len(pages) > 1
    assert all(10 <= s.start.astimezone(CHICAGO).hour < 12 for page in pages for s in page), "all within the window"
    assert clinic.click(conversation, "more_times") == conversation, "a stale More times click does nothing"
    back = clinic.click(conversation, "earlier_times")
    assert back.slots == pages[-2], "Earlier times shows the page before"


def test_a_slot_can_be_picked_by_typing_its_number(clinic: Clinic) -> None:
    offered = clinic.start("move john smith to friday morning")
    conversation = clinic.type(offered, "2")
    assert conversation.step is Step.CONFIRM
    assert conversation.hold is not None and conversation.hold.slot == offered.slots[1]


def test_choosing_a_slot_holds_it_so_no_one_else_is_offered_it(clinic: Clinic) -> None:
    offered = clinic.start("move john smith to friday morning")
    slot = offered.slots[0]
    assert clinic.offered_to_others(slot), "before the choice the time is open to all"
    conversation = clinic.click(offered, "choose_slot", 0)
    assert conversation.step is Step.CONFIRM
    assert conversation.hold is not None and conversation.hold.is_real and conversation.hold.slot == slot
    assert conversation.hold.expires_at == clinic.clock() + timedelta(minutes=15)
    assert not clinic.offered_to_others(slot)
    assert clinic.appointment(JOHN).start == datetime(2026, 3, 10, 10, tzinfo=CHICAGO), "holding moves nothing"


def test_a_time_taken_just_before_it_is_chosen_is_reported_with_fresh_times(clinic: Clinic) -> None:
    offered = clinic.start("move john smith to friday morning")
    taken = offered.slots[0]
    clinic.walk_in(taken.start)
    conversation = clinic.click(offered, "choose_slot", 0)
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.hold is None
    assert notice(conversation) == "That time was just taken by someone else. Here are the open times now."
    assert taken.start not in {s.start for s in conversation.slots}


def _back_to_times(clinic: Clinic, change_of_mind: Callable[[Conversation], Conversation]) -> tuple[Slot, Conversation]:
    """Hold a time, then change mind: the conversation is back at the times with no hold; the slot it held."""
    held = clinic.held()
    assert held.hold is not None
    conversation = change_of_mind(held)
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.hold is None
    return held.hold.slot, conversation


def test_picking_another_time_gives_the_hold_back(clinic: Clinic) -> None:
    released, conversation = _back_to_times(clinic, lambda held: clinic.click(held, "pick_other_time"))
    assert released.start in {s.start for s in conversation.slots}, "the released time is offered again"
    assert clinic.offered_to_others(released)


def test_choosing_a_second_time_gives_the_first_hold_back(clinic: Clinic) -> None:
    held = clinic.held()
    assert held.hold is not None
    again = clinic.click(clinic.click(held, "pick_other_time"), "choose_slot", 1)
    assert again.hold is not None and again.hold.slot != held.hold.slot
    assert clinic.offered_to_others(held.hold.slot)
    assert not clinic.offered_to_others(again.hold.slot)


def test_a_new_window_typed_at_confirm_offers_times_there_and_gives_the_hold_back(clinic: Clinic) -> None:
    released, conversation = _back_to_times(clinic, lambda held: clinic.type(held, "actually thursday afternoon"))
    assert conversation.slots
    for slot in conversation.slots:
        local = slot.start.astimezone(CHICAGO)
        assert local.date() == date(2026, 3, 12) and 12 <= local.hour < 17
    assert clinic.offered_to_others(released)


def test_a_wanted_time_is_read_as_wall_time_at_the_appointments_own_location(clinic: Clinic) -> None:
    """Maria's Thursday visit is in Los Angeles: "friday morning" there means 9 AM (opening) to noon, LA time."""
    conversation = clinic.start("move maria lopez born 7/28/1991 to friday morning")
    assert conversation.appointment is not None and conversation.appointment.id == MARIA_THURSDAY
    assert conversation.step is Step.CHOOSE_SLOT
    for slot in conversation.slots:
        local = slot.start.astimezone(LOS_ANGELES)
        assert local.date() == date(2026, 3, 13) and 9 <= local.hour < 12


@pytest.mark.parametrize(
    ("today", "monday", "utc_offset_hours"),
    [
        (date(2026, 3, 2), date(2026, 3, 9), -5),  # asked in CST, wanted after clocks go forward
        (date(2026, 10, 26), date(2026, 11, 2), -6),  # asked in CDT, wanted after clocks go back
    ],
)
def test_times_across_a_clock_change_are_offered_at_the_wall_time_asked_for(
    tmp_path: Path, today: date, monday: date, utc_offset_hours: int
) -> None:
    clinic = seeded(tmp_path, today, ManualClock(datetime.combine(today, time(9), tzinfo=CHICAGO)))
    try:
        offered = clinic.start("move john smith to monday morning")
        assert offered.step is Step.CHOOSE_SLOT
        first = offered.slots[0].start.astimezone(CHICAGO)
        assert first.date() == monday and first.time() == time(8, 0)
        assert first.utcoffset() == timedelta(hours=utc_offset_hours)
        conversation = clinic.engine.apply(
            clinic.click(clinic.click(offered, "choose_slot", 0), "confirm"), clinic.clock()
        )
        assert conversation.step is Step.DONE
        moved = clinic.appointment(JOHN).start.astimezone(CHICAGO)
        assert (moved.date(), moved.time()) == (monday, time(8, 0))
    finally:
        clinic.sandbox.close()


def test_more_times_after_the_nearest_times_keeps_going_forward(clinic: Clinic) -> None:
    first = clinic.start("move john smith to sunday")
    assert first.slots_outside_window
    second = clinic.click(first, "more_times")
    assert notice(second) is None and len(second.slots) == 5
    assert second.slots[0].start > first.slots[-1].start


def test_as_soon_as_possible_offers_the_earliest_open_times_from_now(clinic: Clinic) -> None:
    conversation = clinic.type(clinic.start("reschedule john smith"), "asap")
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.slots and conversation.slots[0].start >= clinic.clock()
    assert conversation.slots[0].start.astimezone(CHICAGO).date() == date(2026, 3, 9), "today still has room"
