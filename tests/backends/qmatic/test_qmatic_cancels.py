"""Cancelling deletes the appointment in Qmatic; a repeat cancel succeeds; the reason stays with the bot."""

from bot.backends.qmatic import QmaticBackend
from bot.domain import Appointment, AppointmentStatus, Cancellation, CancelReason
from tests.backends.qmatic.support import BRANCH, at, book_maria, find
from tests.fakes.qmatic_server import Fault, QmaticServer


def cancel(backend: QmaticBackend, appointment: Appointment) -> Appointment:
    return backend.cancel(
        appointment,
        Cancellation(reason=CancelReason.SICK, note="called in"),
        idempotency_key="k1",
    )[0]


def found(qmatic: QmaticServer, backend: QmaticBackend) -> Appointment:
    book_maria(qmatic)
    [appointment] = find(backend)
    return appointment


def test_a_cancel_frees_the_time_and_sends_no_patient_words(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment = found(qmatic, backend)

    result = cancel(backend, appointment)

    assert result.status is AppointmentStatus.CANCELLED and result.id == appointment.id
    assert qmatic.cancelled == [appointment.id] and qmatic.booked() == []
    assert qmatic.is_free(BRANCH, at(1))
    [call] = qmatic.calls_to("cancel")
    assert (call.method, call.path, call.body) == ("DELETE", f"/external/v1/appointments/{appointment.id}", b"")
    assert find(backend) == []


def test_a_cancel_through_server_errors_is_retried(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment = found(qmatic, backend)
    qmatic.fail("cancel", Fault.status(503), Fault.drop())
    assert cancel(backend, appointment).status is AppointmentStatus.CANCELLED
    assert len(qmatic.calls_to("cancel")) == 3


def test_qmatic_takes_no_cancel_reason(backend: QmaticBackend) -> None:
    assert backend.capabilities.records_cancel_reason is False
