"""A move whose answer is lost or refused is sent to Solv once, and the booking stays where it was.

Solv has no idempotency key: repeating a move could book the patient twice (a
rebook's new booking) or move them again, so neither way of moving is retried.
"""

import pytest

from bot.backends.errors import BackendUnavailable
from bot.backends.solv import SolvBackend
from tests.backends.solv.support import ehr_move, setup_move
from tests.fakes.solv_server import Fault, SolvServer


@pytest.mark.parametrize(
    ("adapter", "linked_to_ehr", "route", "fault"),
    [
        pytest.param("ehr_backend", True, "external_reschedule", Fault.hang(0.6), id="ehr-move-times-out"),
        pytest.param("backend", False, "create_booking", Fault.status(503), id="rebook-create-server-error"),
    ],
)
def test_a_move_solv_did_not_answer_is_not_repeated(
    request: pytest.FixtureRequest, solv: SolvServer, adapter: str, linked_to_ehr: bool, route: str, fault: Fault
) -> None:
    backend: SolvBackend = request.getfixturevalue(adapter)
    appointment, number, hold = (ehr_move if linked_to_ehr else setup_move)(solv, backend)
    solv.fail(route, fault)

    with pytest.raises(BackendUnavailable):
        backend.reschedule(appointment, hold, idempotency_key="k1")

    assert len(solv.calls_to(route)) == 1
    assert [b["id"] for b in solv.booked()] == [number]
    assert solv.bookings[number]["appointment_date"].startswith("2026-12-02T15:00")
