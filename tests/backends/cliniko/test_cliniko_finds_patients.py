"""Staff find a patient's upcoming Cliniko appointments by name, date of birth or phone number."""

from datetime import date, timedelta

import pytest

from bot.backends.cliniko import ClinikoBackend
from bot.backends.errors import InvalidRequest
from bot.domain import AppointmentStatus, PatientKey, PatientQuery, Window
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic, at, make_backend
from tests.fakes.cliniko_server import ClinikoStandIn


def find(backend: ClinikoBackend, around: Window | None = None, **query: object) -> list[str]:
    found = backend.find_appointments(PatientQuery(**query), around=around, now=NOW)  # type: ignore[arg-type]
    return [appointment.id for appointment in found]


def test_cliniko_finds_by_name_date_of_birth_and_phone(backend: ClinikoBackend) -> None:
    assert backend.capabilities.lookup_keys == {PatientKey.NAME, PatientKey.DATE_OF_BIRTH, PatientKey.PHONE}
    assert not backend.capabilities.holds_slots
    assert backend.capabilities.records_cancel_reason and backend.capabilities.cancels_repeats
    assert backend.capabilities.reschedule_in_place


def test_a_full_name_finds_the_patients_appointment_with_its_details(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    cliniko.add_appointment(clinic.john, at(1))

    [appointment] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)

    assert appointment.id == booked
    assert appointment.patient.name == "Maria Lopez" and appointment.patient.date_of_birth == date(1985, 3, 14)
    assert appointment.start == TOMORROW_9AM and appointment.end == at(0.5)
    assert str(appointment.start.tzinfo) == "America/Chicago"
    assert (appointment.location.name, appointment.location.timezone) == ("Riverside Physiotherapy", "America/Chicago")
    assert appointment.practitioner is not None and appointment.practitioner.name == "Dr Jane Park"
    assert (appointment.service.name, appointment.service.duration_minutes) == ("Standard consultation", 30)
    assert appointment.status is AppointmentStatus.BOOKED and not appointment.repeats
    [search] = cliniko.calls_to("list_patients")
    assert search.query["q[]"] == ["first_name:~Maria", "last_name:~Lopez"]


def test_a_surname_alone_or_written_first_finds_her(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    assert find(backend, name="lopez") == [booked]
    assert find(backend, name="Lopez, Maria") == [booked]
    assert find(backend, name="M Lopez") == [booked]


def test_a_name_only_contained_in_another_name_is_not_a_match(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    joanne = cliniko.add_patient("Joanne", "Lopezio")
    cliniko.add_appointment(joanne, TOMORROW_9AM)
    assert find(backend, name="Ann Lopez") == []


def test_a_date_of_birth_alone_is_searched_in_cliniko(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.john, TOMORROW_9AM)
    assert find(backend, date_of_birth=date(1979, 11, 2)) == [booked]
    assert cliniko.calls_to("list_patients")[-1].query["q[]"] == ["date_of_birth:=1979-11-02"]
    assert find(backend, date_of_birth=date(1979, 11, 3)) == []


def test_name_and_date_of_birth_narrow_together(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    other_maria = cliniko.add_patient("Maria", "Lopez", date_of_birth="1990-01-01")
    cliniko.add_appointment(other_maria, at(2))
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)

    assert find(backend, name="Maria Lopez", date_of_birth=date(1985, 3, 14)) == [booked]
    assert cliniko.calls_to("list_patients")[-1].query["q[]"] == [
        "first_name:~Maria",
        "last_name:~Lopez",
        "date_of_birth:=1985-03-14",
    ]


def test_a_phone_number_with_a_name_picks_the_right_namesake(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    other_maria = cliniko.add_patient("Maria", "Lopez", phones=["+1 512 555 0777"])
    cliniko.add_appointment(other_maria, at(2))
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    assert find(backend, name="Maria Lopez", phone="512-555-0101") == [booked]


def test_a_phone_number_alone_is_found_among_upcoming_appointments(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    cliniko.add_appointment(clinic.john, at(1))

    assert find(backend, phone="(512) 555 0101") == [booked]
    assert find(backend, phone="555 0101") == [booked]  # no area code
    assert find(backend, phone="555 0102") == []
    # Cliniko has no phone filter: the stand-in refuses one, so none was sent.
    assert all("phone" not in str(call.query) for call in cliniko.calls)


def test_a_phone_search_through_a_busy_diary_asks_for_a_name(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    for day in range(501):
        cliniko.add_appointment(clinic.john, TOMORROW_9AM + timedelta(days=day))
    with pytest.raises(InvalidRequest, match="add the patient's name or date of birth"):
        find(backend, phone="512 555 0101")


def test_a_common_name_with_many_patients_asks_for_more(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    for number in range(26):
        cliniko.add_patient(f"Pat{number}", "Smith")
    with pytest.raises(InvalidRequest, match="More than 25 patients"):
        find(backend, name="Smith")


def test_every_page_of_a_patients_appointments_is_read(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = [cliniko.add_appointment(clinic.maria, TOMORROW_9AM + timedelta(days=day)) for day in range(230)]

    found = find(backend, name="Maria Lopez")

    assert found == booked
    pages = cliniko.calls_to("list_appointments")
    assert [call.arg("page") for call in pages] == [None, "2", "3"]
    assert all(call.arg("per_page") == "100" for call in pages)
    assert pages[1].query["q[]"] == pages[0].query["q[]"]  # the next link keeps the filters


def test_only_upcoming_booked_appointments_are_offered(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, NOW - timedelta(days=1))
    cliniko.add_appointment(clinic.maria, at(1), cancelled=True)
    archived = cliniko.add_appointment(clinic.maria, at(2))
    cliniko.appointments[archived]["archived_at"] = NOW
    booked = cliniko.add_appointment(clinic.maria, at(3))
    in_progress = cliniko.add_appointment(clinic.maria, NOW - timedelta(minutes=10))

    assert find(backend, name="Maria Lopez") == [in_progress, booked]
    assert cliniko.calls_to("list_appointments")[-1].query["q[]"][1] == "ends_at:>2026-12-01T14:00:00Z"


def test_a_time_staff_mention_narrows_the_appointments(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    later = cliniko.add_appointment(clinic.maria, TOMORROW_9AM + timedelta(days=2))
    around = Window(start=TOMORROW_9AM + timedelta(days=2, hours=-3), end=TOMORROW_9AM + timedelta(days=2, hours=8))
    assert find(backend, around=around, name="Maria Lopez") == [later]


def test_a_place_in_a_group_class_is_found_too(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    _group, [mine, _johns] = cliniko.add_group_class(at(3), [clinic.maria, clinic.john])
    cliniko.add_group_class(NOW - timedelta(days=2), [clinic.maria])  # over already

    found = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)

    assert [appointment.id for appointment in found] == [booked, f"attendee-{mine}"]
    assert found[1].start == at(3) and found[1].patient.name == "Maria Lopez"


def test_nobody_matching_means_no_appointments(clinic: Clinic, backend: ClinikoBackend) -> None:
    assert find(backend, name="Nobody Here") == []
    assert find(backend, booking_ref="A123") == []


def test_only_the_configured_businesses_are_searched(cliniko: ClinikoStandIn, clinic: Clinic) -> None:
    other = cliniko.add_business("Northside Physiotherapy")
    cliniko.practitioners[clinic.practitioner].business_ids.append(other)
    here = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    cliniko.add_appointment(clinic.maria, at(2), business_id=other)
    adapter = make_backend(cliniko, business_ids=clinic.business)

    assert find(adapter, name="Maria Lopez") == [here]
    assert f"business_id:={clinic.business}" in cliniko.calls_to("list_appointments")[-1].query["q[]"]
    adapter.close()


def test_a_name_of_only_punctuation_lists_nobody(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    assert find(backend, name="...") == []
    assert cliniko.calls_to("list_patients") == []


def test_a_patient_with_an_odd_birth_date_does_not_break_the_search(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    booked = cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    cliniko.patients[clinic.maria]["date_of_birth"] = "0000-00-00"
    [appointment] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    assert appointment.id == booked and appointment.patient.date_of_birth is None
