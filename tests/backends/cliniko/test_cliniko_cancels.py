"""Cancelling in Cliniko records the reason code and the staff member's words; repeats and group places too."""

from datetime import timedelta

import pytest

from bot.backends.cliniko import ClinikoBackend
from bot.backends.errors import AppointmentNotFound
from bot.domain import Appointment, AppointmentStatus, Cancellation, CancelReason, PatientQuery
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic, at
from tests.fakes.cliniko_server import ClinikoStandIn

WEEK = timedelta(weeks=1)


def marias(backend: ClinikoBackend) -> list[Appointment]:
    return backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)


def cancel(
    backend: ClinikoBackend,
    appointment: Appointment,
    reason: CancelReason | None = CancelReason.SICK,
    note: str | None = None,
    *,
    repeats: bool = False,
) -> Appointment:
    return backend.cancel(
        appointment, Cancellation(reason=reason, note=note, apply_to_repeats=repeats), idempotency_key="k1"
    )[0]


@pytest.mark.parametrize(
    ("reason", "code"),
    [
        (CancelReason.FEELING_BETTER, 10),
        (CancelReason.CONDITION_WORSE, 20),
        (CancelReason.SICK, 30),
        (CancelReason.COVID, 31),
        (CancelReason.AWAY, 40),
        (CancelReason.OTHER, 50),
        (CancelReason.WORK, 60),
        (None, 50),
    ],
)
def test_each_reason_is_recorded_as_clinikos_own_code(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend, reason: CancelReason | None, code: int
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = marias(backend)

    result = cancel(backend, appointment, reason)

    assert result.status is AppointmentStatus.CANCELLED
    shown = cliniko.appointment(booked)
    assert shown["cancellation_reason"] == code
    assert shown["cancellation_reason_description"] == (reason or CancelReason.OTHER).value
    [call] = cliniko.calls_to("cancel_appointment")
    assert call.method == "PATCH" and call.json() == {"cancellation_reason": code}


def test_the_staff_members_words_become_the_cancellation_note(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = marias(backend)
    cancel(backend, appointment, CancelReason.AWAY, note="  in Spain until March ")
    assert cliniko.appointment(booked)["cancellation_note"] == "in Spain until March"
    assert cliniko.booked() == []


def test_later_repeats_are_cancelled_when_staff_ask(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    first = cliniko.add_appointment(clinic.maria, TOMORROW_9AM, repeats=3)
    appointments = marias(backend)
    assert len(appointments) == 4 and all(appointment.repeats for appointment in appointments)

    cancel(backend, appointments[1], CancelReason.FEELING_BETTER, repeats=True)

    assert [row["starts_at"] for row in cliniko.booked()] == [cliniko.appointment(first)["starts_at"]]
    [call] = cliniko.calls_to("cancel_appointment")
    assert call.json() == {"cancellation_reason": 10, "apply_to_repeats": True}


def test_only_the_one_occurrence_is_cancelled_unless_asked(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM, repeats=2)
    appointments = marias(backend)
    cancel(backend, appointments[0])
    assert len(cliniko.booked()) == 2
    assert "apply_to_repeats" not in cliniko.calls_to("cancel_appointment")[0].json()


def test_a_single_appointment_never_sends_apply_to_repeats(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = marias(backend)
    cancel(backend, appointment, repeats=True)
    assert cliniko.calls_to("cancel_appointment")[0].json() == {"cancellation_reason": 30}


def test_a_place_in_a_group_class_is_cancelled_through_its_attendee(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    group, [mine, johns] = cliniko.add_group_class(at(3), [clinic.maria, clinic.john])
    [place] = marias(backend)

    result = cancel(backend, place, CancelReason.WORK, note="shift changed")

    assert result.status is AppointmentStatus.CANCELLED and result.id == f"attendee-{mine}"
    assert cliniko.attendee(mine)["cancellation_reason"] == 60
    assert cliniko.attendee(mine)["cancellation_note"] == "shift changed"
    assert cliniko.attendee(johns)["cancelled_at"] is None  # the class goes on for the others
    assert cliniko.group_appointments[group]["archived_at"] is None
    assert cliniko.calls_to("cancel_appointment") == []
    [call] = cliniko.calls_to("cancel_attendee")
    assert call.path == f"/v1/attendees/{mine}/cancel" and call.json() == {
        "cancellation_reason": 60,
        "cancellation_note": "shift changed",
    }
    assert backend.get_appointment(place.id).status is AppointmentStatus.CANCELLED
    assert cancel(backend, place).status is AppointmentStatus.CANCELLED
    assert len(cliniko.calls_to("cancel_attendee")) == 1


def test_reading_back_a_cancelled_appointment_shows_it_cancelled(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = marias(backend)
    cancel(backend, appointment)
    assert backend.get_appointment(appointment.id).status is AppointmentStatus.CANCELLED


def test_cancelling_an_appointment_gone_from_cliniko_says_so(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = marias(backend)
    cliniko.appointments[booked]["archived_at"] = NOW
    with pytest.raises(AppointmentNotFound, match="deleted in Cliniko"):
        cancel(backend, appointment)
    del cliniko.appointments[booked]
    with pytest.raises(AppointmentNotFound):
        cancel(backend, appointment)
    assert cliniko.calls_to("cancel_appointment") == []


def test_covid_goes_as_code_31_and_where_cliniko_refuses_it_as_50_with_the_reason_in_the_note(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = marias(backend)
    cliniko.refuse_code(31)

    result = cancel(backend, appointment, CancelReason.COVID, note="tested positive")

    assert result.status is AppointmentStatus.CANCELLED
    shown = cliniko.appointment(booked)
    assert (shown["cancellation_reason"], shown["cancellation_note"]) == (50, "COVID-19 related — tested positive")
    assert [call.json()["cancellation_reason"] for call in cliniko.calls_to("cancel_appointment")] == [31, 50]
