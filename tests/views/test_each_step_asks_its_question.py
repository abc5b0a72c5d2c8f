"""Each step shows the one question it asks, the choices that answer it, and always a way out."""

from __future__ import annotations

from datetime import date

from bot.domain import CancelReason
from bot.engine.state import Intent, Step
from bot.engine.turn import Turn
from bot.views import message_card, not_allowed_card, render, render_conversation, usage_card
from tests.views.factories import (
    CHICAGO,
    appointment,
    assert_within_limits,
    at,
    block_types,
    button_texts,
    buttons,
    confirm_move,
    conversation,
    kinds,
    shown_text,
    slots,
)

ALREADY_HANDLED = "That button was already handled — nothing changed."


def test_need_patient_shows_the_backends_question_and_never_mind() -> None:
    asking = conversation(Step.NEED_PATIENT, notice="Which patient? Give their name, date of birth or phone number.")
    card = render_conversation(asking, CHICAGO)
    assert shown_text(card).startswith("Which patient? Give their name, date of birth or phone number.")
    assert ":warning:" not in shown_text(card)
    assert kinds(card) == ["abort"]
    assert button_texts(card) == ["Never mind"]


def test_need_patient_without_a_notice_still_asks() -> None:
    card = render_conversation(conversation(Step.NEED_PATIENT), CHICAGO)
    assert "Which patient is this for?" in shown_text(card)


def test_choose_appointment_lists_each_candidate_with_its_details() -> None:
    chooser = conversation(
        Step.CHOOSE_APPOINTMENT,
        candidates=(appointment(), appointment(id="a2", name="John Smith", start=at(3, 12, 9), location="Uptown")),
    )
    card = render_conversation(chooser, CHICAGO)
    text = shown_text(card)
    assert "*Which appointment?*" in text
    assert "1. *Maria Lopez* — Physio (30 min) with Dr Chen at Downtown\nTue Mar 10, 3:00 PM–3:30 PM" in text
    assert "2. *John Smith* — Physio (30 min) with Dr Chen at Uptown\nThu Mar 12, 9:00 AM–9:30 AM" in text
    assert "born" not in text
    assert kinds(card) == ["choose_appointment", "choose_appointment", "abort"]
    assert card.text == "Which appointment?"


def test_same_named_patients_are_told_apart_by_birth_date() -> None:
    twins = (
        appointment(id="a1", born=date(1980, 4, 2)),
        appointment(id="a2", name="maria  LOPEZ", born=date(1992, 11, 30)),
        appointment(id="a3", name="Maria Lopez", born=None),
        appointment(id="a4", name="John Smith", born=date(1970, 1, 1)),
    )
    text = shown_text(render_conversation(conversation(Step.CHOOSE_APPOINTMENT, candidates=twins), CHICAGO))
    assert "*Maria Lopez* (born Apr 2, 1980)" in text
    assert "*maria LOPEZ* (born Nov 30, 1992)" in text
    assert "*Maria Lopez* (birth date not on file)" in text
    assert "*John Smith* —" in text
    assert "Jan 1, 1970" not in text


def test_need_window_asks_when_instead_and_shows_the_current_time() -> None:
    card = render_conversation(conversation(Step.NEED_WINDOW, notice="Mon Mar 2 is already past."), CHICAGO)
    text = shown_text(card)
    assert text.startswith(":warning: Mon Mar 2 is already past.")
    assert "When would the patient like instead?" in text
    assert "Now: Tue Mar 10, 3:00 PM–3:30 PM" in text
    assert kinds(card) == ["abort"]


def test_choose_slot_shows_the_appointment_the_request_and_the_times() -> None:
    card = render_conversation(conversation(Step.CHOOSE_SLOT, slots=slots(3), more_slots=True), CHICAGO)
    text = shown_text(card)
    assert "Now: Tue Mar 10, 3:00 PM–3:30 PM" in text
    assert "Fri Mar 6 morning requested" in text
    assert "No open times in" not in text
    assert button_texts(card) == [
        "Fri Mar 6, 8:00 AM",
        "Fri Mar 6, 8:30 AM",
        "Fri Mar 6, 9:00 AM",
        "More times",
        "Never mind",
    ]


def test_choose_slot_says_when_the_times_are_the_nearest_before_and_after_the_window() -> None:
    around = (*slots(1, first=at(3, 5, 16)), *slots(2, first=at(3, 9, 8)))
    outside = conversation(Step.CHOOSE_SLOT, slots=around, slots_outside_window=True)
    text = shown_text(render_conversation(outside, CHICAGO))
    assert "No open times in Fri Mar 6 morning." in text
    assert text.index("Nearest before it:") < text.index("Thu Mar 5, 4:00 PM") < text.index("Nearest after it:")
    assert text.index("Nearest after it:") < text.index("Mon Mar 9, 8:00 AM")


def test_need_reason_offers_the_seven_reasons_skip_and_never_mind() -> None:
    card = render_conversation(conversation(Step.NEED_REASON, intent=Intent.CANCEL), CHICAGO)
    assert button_texts(card) == [*(reason.value for reason in CancelReason), "Skip", "Never mind"]
    assert kinds(card) == ["choose_reason"] * 7 + ["skip_reason", "abort"]
    assert "Why is the appointment being cancelled?" in shown_text(card)


def test_a_notice_is_its_own_line_at_the_top() -> None:
    taken = confirm_move(notice="That time was just taken. Here are the open times now.")
    card = render_conversation(taken, CHICAGO, notice="Your earlier click was handled.")
    first, second = card.blocks[0]["text"]["text"], card.blocks[1]["text"]["text"]
    assert first == ":warning: Your earlier click was handled."
    assert second == ":warning: That time was just taken. Here are the open times now."
    assert "Move this appointment?" in card.blocks[2]["text"]["text"]


def test_a_notice_given_twice_is_shown_once() -> None:
    card = render_conversation(confirm_move(notice="Same."), CHICAGO, notice="Same.")
    assert shown_text(card).count("Same.") == 1


def test_a_stale_click_redraws_the_current_card_under_an_already_handled_line() -> None:
    current = confirm_move(notice="Pick again.")
    card = render(Turn(current, stale=True), CHICAGO)
    assert block_types(card)[0] == "context"
    assert card.blocks[0]["elements"][0]["text"] == ALREADY_HANDLED
    assert ":warning: Pick again." in shown_text(card)
    assert kinds(card) == ["confirm", "pick_other_time", "abort"]
    assert card.text == ALREADY_HANDLED


def test_a_stale_click_without_a_conversation_is_a_plain_message() -> None:
    assert render(Turn(stale=True), CHICAGO) == message_card(ALREADY_HANDLED)


def test_a_message_turn_is_a_plain_message() -> None:
    card = render(Turn(message="Only the person who started this request can use these buttons."), CHICAGO)
    assert card == message_card("Only the person who started this request can use these buttons.")
    assert block_types(card) == ["section"]
    assert buttons(card) == []


def test_a_message_cannot_ping_anyone_or_make_links() -> None:
    card = message_card("Hi <!channel> see <https://evil.example|this> & more")
    text = card.blocks[0]["text"]
    assert text["text"] == "Hi &lt;!channel&gt; see &lt;https://evil.example|this&gt; &amp; more"
    assert text["verbatim"] is True


def test_the_fallback_text_never_names_the_patient() -> None:
    for step in Step:
        if step in (Step.DONE, Step.CANCELLED_BY_USER, Step.EXPIRED, Step.FAILED):
            continue
        for intent in Intent:
            drawn = conversation(step, intent=intent, candidates=(appointment(),) * 2, slots=slots(2))
            card = render_conversation(drawn, CHICAGO)
            assert "Maria" not in card.text and "Lopez" not in card.text
            assert "Maria Lopez" in shown_text(card) or step is Step.NEED_PATIENT


def test_usage_shows_examples_for_each_command() -> None:
    reschedule = usage_card("/reschedule")
    assert reschedule.blocks[0]["text"]["text"].startswith("/reschedule")
    assert "`/reschedule Maria Lopez from Tue 3pm to Fri morning`" in shown_text(reschedule)
    cancel = usage_card("/cancel")
    assert "`/cancel John Smith tomorrow, feeling better`" in shown_text(cancel)
    assert "/reschedule" not in shown_text(cancel)
    for card in (reschedule, cancel, usage_card("cancel"), usage_card("/something")):
        assert_within_limits(card)
        assert buttons(card) == []


def test_not_allowed_says_so_and_offers_nothing() -> None:
    card = not_allowed_card()
    assert card.text == "You're not allowed to change appointments with this bot; ask your admin."
    assert shown_text(card) == card.text
    assert buttons(card) == []


def test_paging_buttons_appear_only_when_they_would_show_something_new() -> None:
    first_page = render_conversation(conversation(Step.CHOOSE_SLOT, slots=slots(3)), CHICAGO)
    assert "More times" not in button_texts(first_page) and "Earlier times" not in button_texts(first_page)
    middle = render_conversation(
        conversation(Step.CHOOSE_SLOT, slots=slots(3), more_slots=True, earlier_slots=True), CHICAGO
    )
    assert button_texts(middle)[-3:] == ["Earlier times", "More times", "Never mind"]
