"""Cliniko lists a series' later occurrences before they are cancelled, and offers near matches for a name.

The confirm card names every appointment a "this and later ones" cancel will
change: `later_repeats` is exactly what `apply_to_repeats` cancels besides the
chosen one, and the cancel returns each of them as it now is. A name nobody
has ("mraia lopez", "chris harris") gets the patients whose names are close,
gathered with Cliniko's own `~` search and ranked by `near_names`, each with
their next appointment.
"""

from datetime import timedelta

from bot.backends.cliniko import ClinikoBackend
from bot.domain import AppointmentStatus, Cancellation, CancelReason, PatientQuery
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic, at
from tests.fakes.cliniko_server import ClinikoStandIn

WEEK = timedelta(weeks=1)


def test_the_later_occurrences_of_a_series_are_listed_in_order(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    first = cliniko.add_appointment(clinic.maria, TOMORROW_9AM, repeats=3)
    series = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    assert len(series) == 4 and series[0].id == first

    later = backend.later_repeats(series[1], now=NOW)

    assert [appointment.id for appointment in later] == [series[2].id, series[3].id]
    assert [appointment.start for appointment in later] == [TOMORROW_9AM + 2 * WEEK, TOMORROW_9AM + 3 * WEEK]
    assert backend.later_repeats(series[3], now=NOW) == []
    assert [a.id for a in backend.later_repeats(series[0], now=NOW)] == [a.id for a in series[1:]]


def test_a_cancelled_occurrence_is_not_listed_and_a_single_appointment_has_none(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM, repeats=3)
    single = cliniko.add_appointment(clinic.john, at(2))
    first, second, third, fourth = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    cliniko.cancel_row(cliniko.appointments[third.id], 40, None)

    assert [appointment.id for appointment in backend.later_repeats(first, now=NOW)] == [second.id, fourth.id]
    [john] = backend.find_appointments(PatientQuery(name="John Smith"), around=None, now=NOW)
    assert john.id == single and backend.later_repeats(john, now=NOW) == []


def test_a_series_cancel_returns_the_chosen_one_and_every_later_one_each_as_it_now_is(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM, repeats=3)
    first, second, third, fourth = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    listed = backend.later_repeats(second, now=NOW)

    changed = backend.cancel(
        second, Cancellation(reason=CancelReason.AWAY, note="abroad", apply_to_repeats=True), idempotency_key="k1"
    )

    assert [appointment.id for appointment in changed] == [second.id, *(a.id for a in listed)]
    assert [appointment.id for appointment in changed] == [second.id, third.id, fourth.id]
    assert all(appointment.status is AppointmentStatus.CANCELLED for appointment in changed)
    assert [row["id"] for row in cliniko.booked()] == [first.id]
    assert {cliniko.appointment(a.id)["cancellation_note"] for a in changed} == {"abroad"}


def test_a_misspelled_name_is_offered_the_near_patients_next_appointment(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, at(2))
    cliniko.add_appointment(clinic.maria, at(26))
    query = PatientQuery(name="mraia lopez")
    assert backend.find_appointments(query, around=None, now=NOW) == []

    [near] = backend.near_matches(query, now=NOW, limit=3)

    assert near.patient.name == "Maria Lopez" and near.start == at(2)
    assert near.patient.date_of_birth is not None  # the card shows it beside the name


def test_a_short_form_finds_the_full_name_and_the_best_match_comes_first(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    christopher = cliniko.add_patient("Christopher", "Harris", date_of_birth="1970-02-02")
    christine = cliniko.add_patient("Christine", "Harrison", date_of_birth="1981-06-06")
    nobody_booked = cliniko.add_patient("Chris", "Harris", date_of_birth="1999-09-09")
    cliniko.add_appointment(christopher, at(3))
    cliniko.add_appointment(christine, at(4))
    assert nobody_booked

    found = backend.near_matches(PatientQuery(name="chris harris"), now=NOW, limit=3)

    assert [appointment.patient.name for appointment in found] == ["Christopher Harris", "Christine Harrison"]
    asked = [call.arg("q[]") for call in cliniko.calls_to("list_patients")]
    assert "first_name:~chris" in asked and "last_name:~harris" in asked
    assert not any("christopher" in (text or "") for text in asked)  # "~chris" already finds it


def test_a_name_far_from_everyone_has_no_near_matches(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, at(2))
    assert backend.near_matches(PatientQuery(name="zed quux"), now=NOW, limit=3) == []
    assert backend.near_matches(PatientQuery(phone="5125550101"), now=NOW, limit=3) == []
