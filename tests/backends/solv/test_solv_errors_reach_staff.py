"""What staff are told when Solv refuses, is slow, limits us or answers oddly; reads are retried, writes are not."""

import pytest

from bot.backends.errors import BackendUnavailable, InvalidRequest, NotAuthorised
from bot.backends.solv import SolvBackend
from bot.domain import Appointment, PatientQuery, Window
from tests.backends.solv.support import NOW, TOMORROW_9AM, at
from tests.fakes.solv_server import SolvServer


def found(solv: SolvServer, backend: SolvBackend, **booking: str) -> Appointment:
    number = solv.add_booking(42, TOMORROW_9AM, **booking)
    [appointment] = backend.find_appointments(PatientQuery(booking_ref=str(number)), around=None, now=NOW)
    return appointment


def test_solvs_field_messages_reach_staff(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = found(solv, backend, last_name="")
    solv.add_slot(42, at(2))
    [slot] = backend.open_slots(appointment, Window(start=at(1)), now=NOW, limit=5)

    with pytest.raises(InvalidRequest) as raised:
        backend.reschedule(appointment, backend.hold(appointment, slot, now=NOW), idempotency_key="k1")

    assert raised.value.staff_message == "Solv rejected the change (last_name: field required)."
    assert len(solv.booked()) == 1


def test_solvs_rate_limit_tells_staff_when_to_try_again(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = found(solv, backend)  # token + one read
    solv.rate_limit_per_minute = 1
    solv.advance(60)
    backend.get_appointment(appointment.id)

    with pytest.raises(BackendUnavailable) as raised:
        backend.get_appointment(appointment.id)

    assert raised.value.retry_after == 60
    assert raised.value.staff_message == (
        "Solv is limiting how fast the bot may call it (Too Many Requests). "
        "Nothing was changed; please try again in 60 seconds."
    )
    solv.advance(60)
    assert backend.get_appointment(appointment.id).id == appointment.id


def test_a_location_the_partner_may_not_use_is_named(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = found(solv, backend)
    solv.allowed_locations = {7}
    with pytest.raises(NotAuthorised) as raised:
        backend.open_slots(appointment, Window(start=at(1)), now=NOW, limit=5)
    assert "not allowed to book location 42" in raised.value.staff_message


def test_an_unreadable_answer_is_not_a_crash(solv: SolvServer, backend: SolvBackend) -> None:
    appointment = found(solv, backend)
    solv.bookings[int(appointment.id)]["appointment_date"] = "tomorrow-ish"
    with pytest.raises(BackendUnavailable, match="could not read"):
        backend.get_appointment(appointment.id)
