"""What every backend promises the engine, tried on all four (sandbox, Cliniko, Qmatic, Solv) the same way.

A cancel asked twice changes the booking once; a gone appointment says so and
nothing is written; a hold given back twice is harmless and its time is
offered again; and a change is refused, writing nothing, when the appointment
moved or was cancelled since staff chose it (the second of two staff members
is shown the appointment as it now is). The HTTP adapters also share their
transport: a cancel whose answer was lost is done once, one the vendor keeps
refusing changes nothing, reads are retried, a long rate limit says when to
try again. What differs per vendor lives in the `test_<vendor>_*` suites.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.backends.errors import (
    AppointmentChanged,
    AppointmentNotFound,
    BackendUnavailable,
    RateLimited,
)
from bot.domain import Appointment, AppointmentStatus, Cancellation, CancelReason, PatientQuery
from tests.backends.rigs import BACKENDS, HTTP_BACKENDS, HttpRig, Rig, rig_for
from tests.fakes.stub_server import Fault


@pytest.fixture(params=BACKENDS)
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    with rig_for(request.param, tmp_path) as made:
        yield made


@pytest.fixture(params=HTTP_BACKENDS)
def http_rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HttpRig]:
    with rig_for(request.param, tmp_path) as made:
        assert isinstance(made, HttpRig)
        yield made


def cancel(rig: Rig, appointment: Appointment, key: str = "k1") -> list[Appointment]:
    return rig.backend.cancel(appointment, Cancellation(reason=CancelReason.SICK), idempotency_key=key)


# -- all four ------------------------------------------------------------------------------------------
def test_cancelling_twice_succeeds_and_the_booking_is_cancelled_once(rig: Rig) -> None:
    appointment = rig.booked()

    [first] = cancel(rig, appointment)
    [again] = cancel(rig, appointment, key="k2")

    assert first.id == again.id == appointment.id
    assert first.status is again.status is AppointmentStatus.CANCELLED
    assert rig.is_cancelled(appointment)


def test_an_appointment_gone_from_the_booking_system_is_not_found(rig: Rig) -> None:
    gone = rig.remove(rig.booked())
    with pytest.raises(AppointmentNotFound):
        rig.backend.get_appointment(gone.id)


def test_moving_an_appointment_gone_from_the_booking_system_writes_nothing(rig: Rig) -> None:
    appointment = rig.booked()
    hold = rig.hold(appointment)
    gone = rig.remove(appointment)

    with pytest.raises((AppointmentNotFound, AppointmentChanged)) as raised:
        rig.backend.reschedule(gone, hold, idempotency_key="k1")

    if isinstance(raised.value, AppointmentChanged):
        assert raised.value.current is None


def test_releasing_a_hold_twice_is_harmless_and_its_time_is_offered_again(rig: Rig) -> None:
    appointment = rig.booked()
    hold = rig.hold(appointment)

    rig.backend.release(hold)
    rig.backend.release(hold)

    assert rig.open_slot(appointment).start == hold.slot.start


def test_a_repeat_of_a_move_already_made_moves_nothing_more(rig: Rig) -> None:
    appointment = rig.booked()
    hold = rig.hold(appointment)

    moved = rig.backend.reschedule(appointment, hold, idempotency_key="k1")
    again = rig.backend.reschedule(appointment, hold, idempotency_key="k1")

    assert moved.start == again.start == hold.slot.start


def test_a_move_is_refused_when_the_appointment_moved_since_it_was_chosen(rig: Rig) -> None:
    appointment = rig.booked()
    hold = rig.hold(appointment)
    now_at = rig.move_elsewhere(appointment)

    with pytest.raises(AppointmentChanged) as raised:
        rig.backend.reschedule(appointment, hold, idempotency_key="k1")

    assert raised.value.current is not None and raised.value.current.start == now_at
    assert rig.start_of(appointment) == now_at


def test_a_cancel_is_refused_when_the_appointment_moved_since_it_was_chosen(rig: Rig) -> None:
    appointment = rig.booked()
    now_at = rig.move_elsewhere(appointment)

    with pytest.raises(AppointmentChanged) as raised:
        cancel(rig, appointment)

    assert raised.value.current is not None and raised.value.current.start == now_at
    assert not rig.is_cancelled(appointment)


def test_a_move_is_refused_when_the_appointment_was_cancelled_since_it_was_chosen(rig: Rig) -> None:
    appointment = rig.booked()
    hold = rig.hold(appointment)
    rig.cancel_elsewhere(appointment)

    with pytest.raises(AppointmentChanged) as raised:
        rig.backend.reschedule(appointment, hold, idempotency_key="k1")

    current = raised.value.current
    assert current is None or current.status is AppointmentStatus.CANCELLED


# -- the three HTTP adapters --------------------------------------------------------------------------
def test_a_cancel_whose_answer_was_lost_is_made_once(http_rig: HttpRig) -> None:
    appointment = http_rig.booked()
    http_rig.drop_after_applying(http_rig.cancel_route)

    [result] = cancel(http_rig, appointment)

    assert result.status is AppointmentStatus.CANCELLED
    assert http_rig.is_cancelled(appointment)
    assert http_rig.calls(http_rig.cancel_route) == 2


def test_a_cancel_the_vendor_keeps_refusing_says_so_and_changes_nothing(http_rig: HttpRig) -> None:
    appointment = http_rig.booked()
    http_rig.fail(http_rig.cancel_route, *[Fault.status(500)] * 3)

    with pytest.raises(BackendUnavailable) as raised:
        cancel(http_rig, appointment)

    assert raised.value.staff_message == (
        f"{http_rig.backend.name} answered with a server error (500). Please try again in a minute."
    )
    assert not http_rig.is_cancelled(appointment)


def test_reads_are_retried_through_server_errors_and_a_dropped_connection(http_rig: HttpRig) -> None:
    appointment = http_rig.booked()
    before = http_rig.calls(http_rig.read_route)
    http_rig.fail(http_rig.read_route, Fault.status(503), Fault.drop())

    assert http_rig.backend.get_appointment(appointment.id).id == appointment.id
    assert http_rig.calls(http_rig.read_route) - before == 3


def test_a_read_that_keeps_timing_out_says_try_again_and_nothing_was_changed(http_rig: HttpRig) -> None:
    appointment = http_rig.booked()
    http_rig.fail(http_rig.read_route, *[Fault.hang(0.35)] * 3)

    with pytest.raises(BackendUnavailable, match="Nothing was changed") as raised:
        http_rig.backend.get_appointment(appointment.id)

    assert not raised.value.maybe_applied


def test_a_short_wait_the_vendor_asks_for_is_waited(http_rig: HttpRig) -> None:
    appointment = http_rig.booked()
    http_rig.fail(http_rig.read_route, Fault.status(429, retry_after=3))

    http_rig.backend.get_appointment(appointment.id)

    assert http_rig.backend.slept == [3.0]  # type: ignore[attr-defined]


def test_a_long_rate_limit_tells_staff_when_to_try_again_without_waiting(http_rig: HttpRig) -> None:
    appointment = http_rig.booked()
    http_rig.fail(http_rig.read_route, Fault.status(429, retry_after=60))

    with pytest.raises(RateLimited) as raised:
        http_rig.backend.get_appointment(appointment.id)

    assert raised.value.retry_after == 60
    assert raised.value.staff_message.startswith(f"{http_rig.backend.name} is limiting how fast the bot may call it")
    assert raised.value.staff_message.endswith("Nothing was changed; please try again in 60 seconds.")
    assert http_rig.backend.slept == []  # type: ignore[attr-defined]


@pytest.fixture(params=("qmatic", "solv"))
def lookup_only_rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    with rig_for(request.param, tmp_path) as made:
        yield made


def test_backends_that_find_by_an_identifier_offer_no_series_and_no_near_names(lookup_only_rig: Rig) -> None:
    rig = lookup_only_rig
    appointment = rig.booked()
    assert rig.backend.later_repeats(appointment, now=rig.now) == []
    query = PatientQuery(name=appointment.patient.name)
    assert rig.backend.near_matches(query, now=rig.now, limit=3) == []
