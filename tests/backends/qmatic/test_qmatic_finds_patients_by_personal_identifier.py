"""Staff find a Qmatic patient's appointments by their personal identifier, the only key Qmatic searches by."""

from datetime import timedelta

import pytest

from bot.backends.errors import AppointmentNotFound, BackendUnavailable, InvalidRequest
from bot.backends.qmatic import QmaticBackend
from bot.domain import AppointmentStatus, PatientKey, PatientQuery, Window
from tests.backends.qmatic.support import (
    BRANCH,
    CONSULT,
    NOW,
    OTHER_BRANCH,
    PID,
    XRAY,
    at,
    book_maria,
    find,
    make_backend,
)
from tests.fakes.qmatic_server import Fault, QmaticServer


def test_a_personal_identifier_finds_the_appointment_in_the_branch_zone(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    appointment_id = book_maria(qmatic)

    [found] = find(backend)

    assert found.id == appointment_id
    assert found.patient.name == "Maria Lopez"
    assert str(found.patient.date_of_birth) == "1985-03-12"
    assert found.start == at(1) and found.end == at(1.5)
    assert found.start.isoformat() == "2026-12-02T10:00:00+01:00"
    assert found.location.name == "Centrum"
    assert found.location.timezone == "Europe/Stockholm"  # the branch's zone, not QMATIC_TIMEZONE
    assert found.service.name == "Consultation"
    assert found.status is AppointmentStatus.BOOKED
    assert not found.moves_by_rebooking
    [call] = qmatic.calls_to("search")
    assert (call.method, call.path, call.json()) == (
        "POST",
        "/external/v1/appointments/search",
        {"customer": {"personalIdentifier": PID}},
    )


def test_the_personal_identifier_is_the_only_lookup_key(backend: QmaticBackend) -> None:
    capabilities = backend.capabilities
    assert capabilities.lookup_keys == frozenset({PatientKey.PERSONAL_ID})
    assert capabilities.holds_slots and capabilities.reschedule_in_place
    assert not capabilities.records_cancel_reason and not capabilities.cancels_repeats


def test_a_name_alone_asks_qmatic_nothing(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    assert backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW) == []
    assert qmatic.calls_to("search") == []


@pytest.mark.parametrize("typed", ["PID-1985", "short1", "PID 19850312ML", "x" * 49])
def test_a_malformed_personal_identifier_is_explained_without_asking_qmatic(
    qmatic: QmaticServer, backend: QmaticBackend, typed: str
) -> None:
    with pytest.raises(InvalidRequest, match="10 to 48 letters and digits"):
        find(backend, typed)
    assert qmatic.calls_to("search") == []


def test_an_unknown_personal_identifier_finds_nothing(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    assert find(backend, "NOBODY00000001") == []


def test_a_search_answered_404_finds_nothing(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    qmatic.fail("search", Fault.status(404))
    assert find(backend, "NOBODY00000001") == []


def test_several_appointments_come_earliest_first(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    later = book_maria(qmatic, at(26))
    sooner = book_maria(qmatic, at(2))
    assert [a.id for a in find(backend)] == [sooner, later]


def test_past_appointments_and_other_branches_are_not_offered(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic, NOW - timedelta(days=1))
    book_maria(qmatic, at(2), branch_id=OTHER_BRANCH)
    kept = book_maria(qmatic, at(3))
    assert [a.id for a in find(backend)] == [kept]


def test_the_stated_time_narrows_the_match(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    morning = book_maria(qmatic, at(1))
    book_maria(qmatic, at(25))
    around = Window(start=at(0), end=at(3))
    assert [a.id for a in find(backend, around=around)] == [morning]


def test_the_branch_zone_falls_back_to_the_configured_zone(qmatic: QmaticServer) -> None:
    qmatic.branches_refusal = 404
    adapter = make_backend(qmatic, timezone="Europe/Berlin")
    book_maria(qmatic)
    [found] = find(adapter)
    assert found.location.timezone == "Europe/Berlin"
    assert found.start == at(1)
    adapter.close()


def test_the_branch_listing_is_asked_once(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    find(backend)
    find(backend)
    assert len(qmatic.calls_to("branches")) == 1


def test_service_combination_tenants_search_with_a_get_and_a_body(
    qmatic: QmaticServer, combo_backend: QmaticBackend
) -> None:
    appointment_id = qmatic.add_appointment(PID, at(1), branch_id=BRANCH, service_ids=(CONSULT, XRAY))

    [found] = find(combo_backend)

    assert found.id == appointment_id
    assert found.service.name == "Consultation"  # the one `service` object the published samples show
    [call] = qmatic.calls_to("search_combined")
    assert (call.method, call.path) == ("GET", "/external/v1/serviceCombination/appointments/search")
    assert call.json() == {"customer": {"personalIdentifier": PID}}


def test_reading_back_an_appointment(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment_id = book_maria(qmatic)
    found = backend.get_appointment(appointment_id)
    assert (found.id, found.start, found.status) == (appointment_id, at(1), AppointmentStatus.BOOKED)
    assert qmatic.calls_to("get")[-1].path == f"/external/v1/appointments/{appointment_id}"


def test_reading_back_a_cancelled_or_unknown_appointment_says_it_is_gone(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    appointment_id = book_maria(qmatic)
    qmatic.appointments[appointment_id].status = "CANCELLED"
    with pytest.raises(AppointmentNotFound, match="Appointment not found"):
        backend.get_appointment(appointment_id)
    with pytest.raises(AppointmentNotFound):
        backend.get_appointment("no-such-appointment")


def test_odd_but_harmless_fields_are_tolerated(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment_id = book_maria(qmatic)
    qmatic.appointments[appointment_id].customer.update(firstName=None, dateOfBirth="unknown")
    qmatic.branches[BRANCH]["timeZone"] = "Mars/Olympus"
    [found] = find(backend)
    assert found.patient.name == "Lopez" and found.patient.date_of_birth is None
    assert found.location.timezone == "America/Chicago"
    assert found.start == at(1)


def test_an_unreadable_answer_is_not_a_crash(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment = qmatic.appointments[book_maria(qmatic)]
    appointment.start = appointment.end + timedelta(hours=1)
    with pytest.raises(BackendUnavailable, match="could not read"):
        find(backend)


def test_times_show_in_the_branch_zone(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [found] = find(backend)
    assert found.start.tzname() == "CET" and found.start.hour == 10


def test_a_wrong_fallback_zone_never_moves_qmatics_wall_clock(qmatic: QmaticServer) -> None:
    qmatic.branches_refusal = 404
    adapter = make_backend(qmatic, timezone="America/Chicago")  # the branch is really in Stockholm
    book_maria(qmatic)
    [found] = find(adapter)
    assert found.start == at(1) and found.start.hour == 10 and found.start.isoformat().endswith("+01:00")
    adapter.close()


@pytest.mark.parametrize("refusal", [401, 403, 405])
def test_any_refusal_of_the_branch_listing_falls_back_to_the_configured_zone_with_a_warning(
    qmatic: QmaticServer, refusal: int, caplog: pytest.LogCaptureFixture
) -> None:
    qmatic.branches_refusal = refusal
    adapter = make_backend(qmatic, timezone="Europe/Berlin")
    book_maria(qmatic)

    with caplog.at_level("WARNING", logger="bot.backends.qmatic.adapter"):
        [found] = find(adapter)

    assert found.location.timezone == "Europe/Berlin"
    assert "GET /branches refused" in caplog.text and "QMATIC_TIMEZONE" in caplog.text
    adapter.close()
