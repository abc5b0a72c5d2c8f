"""One card, one zone: times are in the reader's own zone, named once; the location's own clock beside when it
differs; a date outside this year shows its year; a wanted window reads the way it was asked."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Location, Window
from bot.engine.state import Said, Step
from bot.views import render_conversation
from tests.views.factories import (
    CHICAGO,
    LONDON,
    NEW_YORK,
    appointment,
    at,
    button_texts,
    confirm_move,
    conversation,
    hold,
    shown_text,
    slots,
)

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
HARBOR = Location(id="loc-2", name="Harbor Clinic", timezone="America/Los_Angeles")


def test_the_same_appointment_reads_differently_in_new_york_and_london_and_the_zone_is_named_once() -> None:
    card = confirm_move()
    new_york = shown_text(render_conversation(card, NEW_YORK))
    london = shown_text(render_conversation(card, LONDON))
    # Tue Mar 10, 3:00 PM in Chicago (CDT, after the US clocks changed on Mar 8); Fri Mar 6, 9 AM CST.
    assert "From: Tue Mar 10, 4:00 PM" in new_york and "To: Fri Mar 6, 10:00 AM" in new_york
    assert "From: Tue Mar 10, 8:00 PM" in london and "To: Fri Mar 6, 3:00 PM" in london
    assert "Times in EST/EDT, your Slack time zone." in new_york
    assert "Times in GMT, your Slack time zone." in london
    assert new_york.count("GMT") == 0 and london.count("GMT") == 1, "the zone is named once, at the foot"


def test_a_location_in_another_zone_shows_its_own_clock_once_beside_the_readers_time() -> None:
    move = appointment(start=datetime(2026, 3, 12, 14, tzinfo=LOS_ANGELES)).model_copy(update={"location": HARBOR})
    card = confirm_move(appointment=move, hold=hold(datetime(2026, 3, 13, 9, tzinfo=LOS_ANGELES)))
    text = shown_text(render_conversation(card, CHICAGO))
    assert "From: Thu Mar 12, 4:00 PM — 2:00 PM at Harbor Clinic" in text
    assert "To: Fri Mar 13, 11:00 AM — 9:00 AM at Harbor Clinic" in text
    assert "PST" not in text and "PDT" not in text, "one card, one zone: the location's clock is named by its place"


def test_the_outcome_and_the_details_of_a_cross_zone_move_show_each_instant_one_way() -> None:
    old = appointment(start=datetime(2026, 12, 3, 14, tzinfo=LOS_ANGELES)).model_copy(update={"location": HARBOR})
    new = old.model_copy(update={"start": old.start + timedelta(days=1), "end": old.end + timedelta(days=1)})
    done = conversation(
        Step.DONE, appointment=old, result=new, outcome=Said(kind="moved"), updated_at=at(12, 1, 9)
    ).model_copy(update={"step": Step.DONE})
    text = shown_text(render_conversation(done, CHICAGO))
    assert "Moved from Thu Dec 3, 4:00 PM–4:30 PM — 2:00 PM at Harbor Clinic to Fri Dec 4, 4:00 PM–4:30 PM" in text
    assert "Now: Fri Dec 4, 4:00 PM–4:30 PM — 2:00 PM at Harbor Clinic" in text
    assert "Times in CST, your Slack time zone." in text
    assert "2:00 PM–2:30 PM" not in text, "the location's clock appears only as the beside-note"


def test_slot_buttons_are_in_the_readers_zone_with_the_clinics_own_clock_beside_when_it_differs() -> None:
    offered = conversation(Step.CHOOSE_SLOT, slots=slots(3))
    assert button_texts(render_conversation(offered, CHICAGO))[:3] == [
        "Fri Mar 6, 8:00 AM",
        "Fri Mar 6, 8:30 AM",
        "Fri Mar 6, 9:00 AM",
    ]
    assert button_texts(render_conversation(offered, LONDON))[0] == "Fri Mar 6, 2:00 PM — 8:00 AM at Downtown"


def test_a_date_outside_this_year_shows_its_year_and_a_wanted_day_read_as_next_year_says_so() -> None:
    # On Dec 1, "nov 20 at 10am" is read (per the contract) as next year's Nov 20.
    asked = Window(start=datetime(2027, 11, 20, 10, tzinfo=CHICAGO), end=datetime(2027, 11, 20, 10, tzinfo=CHICAGO))
    card = confirm_move(target=asked, hold=hold(datetime(2027, 11, 20, 10, tzinfo=CHICAGO)), updated_at=at(12, 1, 9))
    text = shown_text(render_conversation(card, CHICAGO))
    assert "To: Sat Nov 20, 2027, 10:00 AM" in text
    assert "(Sat Nov 20, 2027, 10:00 AM (next year) requested)" in text
    assert "From: Tue Mar 10, 3:00 PM" in text, "a date this year carries no year"


def test_wanted_windows_read_the_way_they_were_asked() -> None:
    def asked(start: datetime, end: datetime | None) -> str:
        card = conversation(Step.CHOOSE_SLOT, target=Window(start=start, end=end), slots=slots(1))
        return shown_text(render_conversation(card, CHICAGO))

    assert "Fri Mar 6 morning requested" in asked(at(3, 6, 8), at(3, 6, 12))
    assert "Fri Mar 6 after 2:00 PM requested" in asked(at(3, 6, 14), at(3, 7, 0))
    assert "Fri Mar 6 before 11:00 AM requested" in asked(at(3, 6, 0), at(3, 6, 11))
    assert "the week of Mon Mar 9 (Mon Mar 9 – Sun Mar 15) requested" in asked(at(3, 9, 0), at(3, 16, 0))
    assert "Fri Mar 6 requested" in asked(at(3, 6, 0), at(3, 7, 0))


def test_a_wanted_window_at_a_location_elsewhere_reads_in_that_places_wall_time() -> None:
    there = appointment(start=datetime(2026, 3, 12, 14, tzinfo=LOS_ANGELES)).model_copy(update={"location": HARBOR})
    week = Window(start=datetime(2026, 3, 16, tzinfo=LOS_ANGELES), end=datetime(2026, 3, 23, tzinfo=LOS_ANGELES))
    card = conversation(Step.CHOOSE_SLOT, appointment=there, target=week, slots=slots(1))
    text = shown_text(render_conversation(card, CHICAGO))
    assert "the week of Mon Mar 16 (Mon Mar 16 – Sun Mar 22) at Harbor Clinic requested" in text
    assert "2:00 AM" not in text, "never a week shown as 2 AM to 2 AM in another zone"


def test_choice_of_appointments_shows_each_in_the_readers_zone() -> None:
    chooser = conversation(Step.CHOOSE_APPOINTMENT, candidates=(confirm_move().appointment,) * 2)
    text = shown_text(render_conversation(chooser, LONDON))
    assert "Tue Mar 10, 8:00 PM–8:30 PM" in text


def test_hold_expiry_is_shown_in_the_readers_zone() -> None:
    held = confirm_move(hold=hold(at(3, 6, 9), expires_at=at(3, 5, 10, 15)))
    assert "Held until Thu Mar 5, 11:15 AM" in shown_text(render_conversation(held, NEW_YORK))
    assert "Held until Thu Mar 5, 4:15 PM" in shown_text(render_conversation(held, LONDON))
