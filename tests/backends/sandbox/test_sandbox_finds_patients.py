"""Finding appointments: by name, birth date, phone or booking reference, alone or together."""

from datetime import date, timedelta

from bot.backends.base import BookingBackend
from bot.backends.sandbox import SandboxBackend
from bot.domain import PatientKey, Window
from tests.backends.sandbox.support import NOW, TUESDAY_3PM, day_window, find, maria_on_tuesday

MARIA_1_BORN = date(1984, 3, 12)
MARIA_2_BORN = date(1991, 7, 28)


def test_it_is_a_booking_backend_that_finds_by_every_key_staff_can_give(backend: SandboxBackend) -> None:
    assert isinstance(backend, BookingBackend)
    assert backend.name == "Demo clinic (sandbox)"
    caps = backend.capabilities
    assert caps.lookup_keys == {PatientKey.NAME, PatientKey.DATE_OF_BIRTH, PatientKey.PHONE, PatientKey.BOOKING_REF}
    assert caps.holds_slots and caps.records_cancel_reason and caps.reschedule_in_place and caps.cancels_repeats


def test_a_full_name_finds_both_patients_of_that_name_whatever_the_case_and_spacing(backend: SandboxBackend) -> None:
    found = find(backend, name="  MARIA   lopez ")
    assert {item.patient.date_of_birth for item in found} == {MARIA_1_BORN, MARIA_2_BORN}
    assert [item.start for item in found] == sorted(item.start for item in found)
    assert all(item.status == "booked" and item.end > NOW for item in found)


def test_a_name_written_last_name_first_still_matches(backend: SandboxBackend) -> None:
    assert {item.id for item in find(backend, name="Lopez, Maria")} == {
        item.id for item in find(backend, name="maria lopez")
    }


def test_a_last_name_alone_matches_every_patient_with_it(backend: SandboxBackend) -> None:
    names = {(item.patient.name, item.patient.date_of_birth) for item in find(backend, name="lopez")}
    assert {name for name, _ in names} == {"Maria Lopez", "Carlos Lopez"}
    assert len([name for name, _ in names if name == "Maria Lopez"]) == 2


def test_a_first_name_alone_matches_too(backend: SandboxBackend) -> None:
    assert {item.patient.name for item in find(backend, name="maria")} == {"Maria Lopez"}


def test_a_part_of_a_name_that_is_no_whole_word_matches_nothing(backend: SandboxBackend) -> None:
    assert find(backend, name="lope") == []
    assert find(backend, name="maria lopez smith") == []


def test_a_birth_date_alone_finds_that_patient_only(backend: SandboxBackend) -> None:
    found = find(backend, date_of_birth=MARIA_1_BORN)
    assert found and {item.patient.date_of_birth for item in found} == {MARIA_1_BORN}


def test_name_and_birth_date_together_tell_the_two_marias_apart(backend: SandboxBackend) -> None:
    found = find(backend, name="maria lopez", date_of_birth=MARIA_2_BORN)
    assert found and {item.patient.date_of_birth for item in found} == {MARIA_2_BORN}
    assert find(backend, name="maria lopez", date_of_birth=date(1984, 3, 13)) == []


def test_a_phone_number_matches_however_it_is_written(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    assert maria.patient.phone is not None
    digits = "".join(ch for ch in maria.patient.phone if ch.isdigit())[-10:]
    for written in (
        digits,
        f"+1{digits}",
        f"({digits[:3]}) {digits[3:6]}-{digits[6:]}",
        f"1-{digits[:3]}.{digits[3:]}",
    ):
        found = find(backend, phone=written)
        assert maria.id in {item.id for item in found}, written
        assert {item.patient.id for item in found} == {maria.patient.id}


def test_a_wrong_phone_number_finds_nothing(backend: SandboxBackend) -> None:
    assert find(backend, phone="3125559999") == []
    assert find(backend, phone="0100") == []


def test_a_booking_reference_finds_exactly_that_appointment(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    assert maria.reference
    assert [item.id for item in find(backend, booking_ref=maria.reference)] == [maria.id]
    assert [item.id for item in find(backend, booking_ref=f"#{maria.reference}")] == [maria.id]
    assert find(backend, booking_ref="00000") == []


def test_every_given_key_must_match(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    assert [item.id for item in find(backend, name="maria lopez", booking_ref=maria.reference)] == [maria.id]
    assert find(backend, name="john smith", booking_ref=maria.reference) == []
    assert find(backend, phone=maria.patient.phone, date_of_birth=MARIA_2_BORN) == []


def test_a_key_the_sandbox_cannot_search_by_finds_nothing(backend: SandboxBackend) -> None:
    assert find(backend, personal_id="123-45-6789") == []


def test_the_stated_time_narrows_to_the_appointment_starting_then(backend: SandboxBackend) -> None:
    found = find(backend, name="maria lopez", around=Window(start=TUESDAY_3PM, end=TUESDAY_3PM))
    assert [item.start for item in found] == [TUESDAY_3PM]
    assert found[0].location.name == "Riverside Clinic" and found[0].location.timezone == "America/Chicago"


def test_a_stated_time_with_no_appointment_finds_nothing_even_when_the_patient_has_others(
    backend: SandboxBackend,
) -> None:
    assert find(backend, name="maria lopez")
    assert find(backend, name="maria lopez", around=day_window(TUESDAY_3PM.date() + timedelta(days=1))) == []


def test_john_smith_is_found_tomorrow(backend: SandboxBackend) -> None:
    [john] = find(backend, name="john smith", around=day_window(NOW.date() + timedelta(days=1)))
    assert john.patient.name == "John Smith"


def test_past_and_cancelled_appointments_are_not_found(backend: SandboxBackend) -> None:
    upcoming = {item.id for item in find(backend, name="emma smith")}
    for entry in backend.diary():
        item = entry.appointment
        if item.patient.name == "Emma Smith" and (item.status == "cancelled" or item.end <= NOW):
            assert item.id not in upcoming
    assert any(
        e.appointment.patient.name == "Emma Smith" and e.appointment.status == "cancelled" for e in backend.diary()
    )


def test_an_appointment_in_progress_is_still_found_and_one_just_ended_is_not(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    during = maria.start + timedelta(minutes=10)
    assert maria.id in {item.id for item in find(backend, name="maria lopez", now=during)}
    assert maria.id not in {item.id for item in find(backend, name="maria lopez", now=maria.end)}


def test_times_come_back_in_the_location_zone(backend: SandboxBackend) -> None:
    for item in find(backend, name="lopez"):
        assert str(item.start.tzinfo) == item.location.timezone
