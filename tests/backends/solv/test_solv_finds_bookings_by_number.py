"""Staff find a Solv booking by its Solv booking number, the only key Solv can look up."""

from datetime import timedelta

import pytest

from bot.backends.errors import AppointmentNotFound, InvalidRequest
from bot.backends.solv import SolvBackend
from bot.domain import AppointmentStatus, PatientKey, PatientQuery, Window
from tests.backends.solv.support import NOW, TOMORROW_9AM, at
from tests.fakes.solv_server import SolvServer


def ref(value: str) -> PatientQuery:
    return PatientQuery(booking_ref=value)


def test_a_booking_number_finds_the_booking_in_the_clinic_zone(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM, first_name="Ada", last_name="Lovelace")

    [found] = backend.find_appointments(ref(str(number)), around=None, now=NOW)

    assert found.id == str(number)
    assert found.patient.name == "Ada Lovelace"
    assert found.start == TOMORROW_9AM
    assert found.end - found.start == timedelta(minutes=15)
    assert found.location.timezone == "America/Chicago"
    assert found.location.name == "Downtown Urgent Care"
    assert found.moves_by_rebooking is True
    assert backend.capabilities.lookup_keys == frozenset({PatientKey.BOOKING_REF})


def test_a_hash_before_the_number_is_accepted(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    assert len(backend.find_appointments(ref(f"#{number}"), around=None, now=NOW)) == 1


def test_an_ehr_linked_booking_moves_in_place(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM, emr_booking_id="EHR-77")
    [found] = backend.find_appointments(ref(str(number)), around=None, now=NOW)
    assert found.moves_by_rebooking is False


def test_an_unknown_number_finds_nothing(backend: SolvBackend) -> None:
    assert backend.find_appointments(ref("99999"), around=None, now=NOW) == []


def test_cancelled_and_past_bookings_are_not_offered(solv: SolvServer, backend: SolvBackend) -> None:
    cancelled = solv.add_booking(42, TOMORROW_9AM, status="cancelled")
    past = solv.add_booking(42, NOW - timedelta(days=1))
    seen = solv.add_booking(42, TOMORROW_9AM, status="discharged")
    for number in (cancelled, past, seen):
        assert backend.find_appointments(ref(str(number)), around=None, now=NOW) == []


def test_upper_case_status_counts_as_booked(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM, status="RESERVED")
    assert len(backend.find_appointments(ref(str(number)), around=None, now=NOW)) == 1


def test_the_stated_time_narrows_the_match(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    elsewhere = Window(start=at(24), end=at(26))
    around = Window(start=at(-1), end=at(1))
    assert backend.find_appointments(ref(str(number)), around=elsewhere, now=NOW) == []
    assert len(backend.find_appointments(ref(str(number)), around=around, now=NOW)) == 1


def test_an_ehr_reference_is_refused_with_what_to_type(backend: SolvBackend) -> None:
    with pytest.raises(InvalidRequest, match="Solv booking number"):
        backend.find_appointments(ref("EHR-77"), around=None, now=NOW)


def test_an_enveloped_answer_is_read_the_same(solv: SolvServer, backend: SolvBackend) -> None:
    solv.envelope = True
    number = solv.add_booking(42, TOMORROW_9AM)
    [found] = backend.find_appointments(ref(str(number)), around=None, now=NOW)
    assert found.start == TOMORROW_9AM


def test_reading_back_shows_the_status(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM, status="cancelled")
    assert backend.get_appointment(str(number)).status is AppointmentStatus.CANCELLED


def test_reading_back_a_vanished_booking_says_so(backend: SolvBackend) -> None:
    with pytest.raises(AppointmentNotFound, match="Booking not found"):
        backend.get_appointment("424242")
