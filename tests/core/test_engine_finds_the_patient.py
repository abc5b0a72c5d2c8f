"""Finding the patient's appointment: a request that names it goes straight to the times; otherwise the bot
asks only for what is missing, says what it searched, and lets staff pick between look-alikes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from bot.domain import Appointment, PatientKey, PatientQuery, Window
from bot.engine import Step
from tests.core.conftest import JOHN, MARIA_THURSDAY, MARIA_TUESDAY, Clinic, Wrapped, notice


def test_a_request_naming_patient_current_time_and_target_goes_straight_to_times(clinic: Clinic) -> None:
    conversation = clinic.start("move maria lopez from tue 3pm to fri morning")
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.appointment is not None and conversation.appointment.id == MARIA_TUESDAY
    assert conversation.candidates == (conversation.appointment,), "the one match is not offered as a choice"
    assert conversation.slots, "open Friday-morning times are shown at once"
    assert all(slot.start.weekday() == 4 and 8 <= slot.start.hour < 12 for slot in conversation.slots)
    assert not conversation.slots_outside_window


def _asks_before_searching(clinic: Clinic, request: str, question: str) -> None:
    """The request stops at the patient step with exactly this question, and the booking system is not searched."""
    conversation = clinic.start(request)
    assert conversation.step is Step.NEED_PATIENT
    assert notice(conversation) == question
    assert clinic.backend.calls["find_appointments"] == 0, "nothing is searched without a key the system takes"


def test_a_request_without_any_patient_detail_asks_for_one(clinic: Clinic) -> None:
    question = "Which patient? Give their name, date of birth, phone number or booking reference."
    _asks_before_searching(clinic, "reschedule to friday morning", question)


def test_the_answer_to_which_patient_fills_it_and_the_times_follow(clinic: Clinic) -> None:
    conversation = clinic.type(clinic.start("reschedule to friday morning"), "John Smith")
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.appointment is not None and conversation.appointment.id == JOHN
    assert notice(conversation) is None


@dataclass
class FindsByPersonalId(Wrapped):
    """A booking system that finds patients only by a national/personal identifier (mapped onto the sandbox)."""

    ids: dict[str, PatientQuery] | None = None

    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        self._enter("find_appointments")
        known = (self.ids or {}).get(query.personal_id or "")
        return [] if known is None else self.inner.find_appointments(known, around=around, now=now)


@pytest.fixture
def by_personal_id(clinic: Clinic) -> Clinic:
    backend = FindsByPersonalId(
        clinic.sandbox,
        name="Registry",
        capabilities=clinic.sandbox.capabilities.model_copy(
            update={"lookup_keys": frozenset({PatientKey.PERSONAL_ID})}
        ),
        ids={"JS19751102X": PatientQuery(name="John Smith")},
    )
    clinic.backend = backend
    clinic.engine.backend = backend
    return clinic


def test_a_backend_that_needs_a_key_the_request_lacks_asks_for_exactly_that_key(by_personal_id: Clinic) -> None:
    question = "Registry finds patients by their personal identifier — what is it?"
    _asks_before_searching(by_personal_id, "move john smith to friday morning", question)


def test_the_personal_identifier_typed_in_answer_finds_the_appointment(by_personal_id: Clinic) -> None:
    asked = by_personal_id.start("move john smith to friday morning")
    conversation = by_personal_id.type(asked, "it's JS19751102X")
    assert conversation.query.personal_id == "JS19751102X"
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.appointment is not None and conversation.appointment.id == JOHN


def test_an_unknown_patient_is_told_what_was_searched_and_how_to_refine(clinic: Clinic) -> None:
    conversation = clinic.start("move Zebedee Quarrington to friday morning")
    assert conversation.step is Step.NEED_PATIENT and conversation.near == ()
    assert notice(conversation) is not None
    assert notice(conversation).startswith("I found no upcoming appointment for Zebedee Quarrington.")
    assert "Check the spelling, or add a date of birth, phone number or booking reference." in notice(conversation)


def test_a_misspelt_name_is_offered_its_near_matches_and_nothing_happens_until_one_is_clicked(
    clinic: Clinic,
) -> None:
    conversation = clinic.start("move Jon Smyth to friday morning")
    assert conversation.step is Step.NEED_PATIENT
    assert notice(conversation) == "I found no upcoming appointment for Jon Smyth. Did you mean one of these?"
    assert [near.patient.name for near in conversation.near] == ["John Smith"]
    assert clinic.backend.calls["hold"] == 0
    chosen = clinic.click(conversation, "choose_near", 0)
    assert chosen.step is Step.CHOOSE_SLOT and chosen.appointment is not None and chosen.appointment.id == JOHN
    assert chosen.target == conversation.target, "the wanted time is kept"


def test_an_unknown_patient_at_a_stated_time_says_which_time_was_searched(clinic: Clinic) -> None:
    conversation = clinic.start("move Jon Smyth from tue 3pm to friday morning")
    assert notice(conversation) is not None
    assert "for Jon Smyth around Tue Mar 10, 3:00 PM." in notice(conversation)


def test_a_corrected_name_typed_after_no_match_finds_the_appointment_and_keeps_the_wanted_time(clinic: Clinic) -> None:
    missed = clinic.start("move Jon Smyth to friday morning")
    conversation = clinic.type(missed, "john smith")
    assert conversation.step is Step.CHOOSE_SLOT
    assert conversation.appointment is not None and conversation.appointment.id == JOHN
    assert notice(conversation) is None
    assert all(slot.start.weekday() == 4 for slot in conversation.slots), "Friday morning was not forgotten"


def test_a_stated_time_that_is_off_still_finds_the_only_appointment(clinic: Clinic) -> None:
    conversation = clinic.start("move john smith from wednesday to friday morning")
    assert conversation.appointment is not None and conversation.appointment.id == JOHN


def test_two_patients_with_the_same_name_are_offered_as_a_choice(clinic: Clinic) -> None:
    conversation = clinic.start("move maria lopez to next week")
    assert conversation.step is Step.CHOOSE_APPOINTMENT
    assert [a.id for a in conversation.candidates] == [MARIA_TUESDAY, MARIA_THURSDAY]
    assert conversation.appointment is None
    assert clinic.backend.calls["open_slots"] == 0, "no times are searched before the appointment is known"


def _chosen(conversation_step: Step, appointment: Appointment | None) -> str:
    assert conversation_step is Step.CHOOSE_SLOT
    assert appointment is not None
    return appointment.id


def test_the_choice_between_look_alikes_is_made_by_button(clinic: Clinic) -> None:
    conversation = clinic.click(clinic.start("move maria lopez to next week"), "choose_appointment", 1)
    assert _chosen(conversation.step, conversation.appointment) == MARIA_THURSDAY


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2", MARIA_THURSDAY),
        ("the 1st one", MARIA_TUESDAY),
        ("no, the one on thursday", MARIA_THURSDAY),
        ("the one on tuesday", MARIA_TUESDAY),
        ("DOB 7/28/1991", MARIA_THURSDAY),
        ("born 3/12/1984", MARIA_TUESDAY),
    ],
)
def test_the_choice_between_look_alikes_is_made_by_typing(clinic: Clinic, typed: str, expected: str) -> None:
    conversation = clinic.type(clinic.start("move maria lopez to next week"), typed)
    assert _chosen(conversation.step, conversation.appointment) == expected


def test_a_typed_choice_that_fits_neither_look_alike_asks_again(clinic: Clinic) -> None:
    asked = clinic.start("move maria lopez to next week")
    conversation = clinic.type(asked, "the one on saturday")
    assert conversation.step is Step.CHOOSE_APPOINTMENT
    assert conversation.appointment is None
    assert notice(conversation) == (
        "None of these fits “the one on saturday”: pick one of these, or give its day, time, place or birth year."
    )


def test_a_button_for_a_look_alike_that_is_not_there_changes_nothing(clinic: Clinic) -> None:
    asked = clinic.start("move maria lopez to next week")
    conversation = clinic.click(asked, "choose_appointment", 7)
    assert conversation.step is Step.CHOOSE_APPOINTMENT and conversation.appointment is None


@pytest.mark.parametrize("typed", ["john smith dob 11/2/1975", "john smith, phone 312-555-0102"])
def test_a_corrected_name_typed_with_a_birth_date_or_phone_finds_the_appointment(clinic: Clinic, typed: str) -> None:
    conversation = clinic.type(clinic.start("move Jon Smyth to friday morning"), typed)
    assert conversation.appointment is not None and conversation.appointment.id == JOHN
