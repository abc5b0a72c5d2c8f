"""What staff are told when Qmatic refuses, is slow, limits us or answers oddly; reads are retried."""

import pytest

from bot.backends.errors import AppointmentNotFound, BackendUnavailable, InvalidRequest, NotAuthorised
from bot.backends.qmatic import QmaticBackend
from tests.backends.qmatic.support import book_maria, find, make_backend, slots
from tests.fakes.qmatic_server import Fault, QmaticServer


def test_a_search_is_a_read_and_is_retried_when_dropped(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    qmatic.fail("search", Fault.drop())
    assert len(find(backend)) == 1
    assert len(qmatic.calls_to("search")) == 2


def test_qmatics_rate_limit_tells_staff_when_to_try_again(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment_id = book_maria(qmatic)
    backend.get_appointment(appointment_id)  # token, branches, get
    qmatic.rate_limit_per_minute = 1
    backend.get_appointment(appointment_id)

    with pytest.raises(BackendUnavailable) as raised:
        backend.get_appointment(appointment_id)

    assert raised.value.retry_after == 60
    assert raised.value.staff_message == (
        "Qmatic is limiting how fast the bot may call it (Rate limit exceeded). "
        "Nothing was changed; please try again in 60 seconds."
    )
    qmatic.advance(60)
    assert backend.get_appointment(appointment_id).id == appointment_id


def test_an_unknown_tenant_is_named(qmatic: QmaticServer) -> None:
    adapter = make_backend(qmatic, tenant_id="tenant-elsewhere")
    with pytest.raises(NotAuthorised) as raised:
        find(adapter)
    assert "Unknown tenant tenant-elsewhere" in raised.value.staff_message
    assert "QMATIC_TENANT_ID" in raised.value.staff_message
    adapter.close()


def test_a_branch_qmatic_does_not_know_is_named(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    [appointment] = find(backend)
    qmatic.services.clear()
    with pytest.raises(InvalidRequest, match=r"does not know that branch or service.*QMATIC_BRANCH_IDS"):
        slots(backend, appointment)


def test_qmatics_own_400_words_reach_staff(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment_id = book_maria(qmatic)
    qmatic.fail("get", Fault.status(400))
    with pytest.raises(InvalidRequest, match=r"^Qmatic rejected the change \(Bad Request\)\.$"):
        backend.get_appointment(appointment_id)


def test_an_appointment_id_with_odd_characters_stays_one_path_segment(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    with pytest.raises(AppointmentNotFound):
        backend.get_appointment("../reservations/x")
    assert qmatic.calls_to("get")[0].path == "/external/v1/appointments/..%2Freservations%2Fx"


def test_a_non_json_answer_is_not_a_crash(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    appointment_id = book_maria(qmatic)
    original = qmatic._get

    def garbled(request, *, combined):  # type: ignore[no-untyped-def]
        response = original(request, combined=combined)
        response.raw = b"<html>maintenance</html>"
        return response

    qmatic._get = garbled  # type: ignore[method-assign]
    with pytest.raises(BackendUnavailable, match="could not read"):
        backend.get_appointment(appointment_id)
