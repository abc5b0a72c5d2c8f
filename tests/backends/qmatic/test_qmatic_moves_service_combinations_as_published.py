"""Service combinations as Qmatic's guides publish them: one `service` object, the timeslot path as written.

Every published appointment sample carries one `service` object, a
combination's too, so an appointment of several services may show only one.
The bot reads what is shown (an array as well) and never moves an
appointment into a time shorter than itself. The combination timeslot call
goes to the path as published (`/serviceCombination/branch/{serviceId}/timeslots`,
service and branch ids as parameters) and, where that answers 404, to the
branch-id form, which is then remembered.
"""

from datetime import timedelta

import pytest

from bot.backends.errors import InvalidRequest
from bot.backends.qmatic import QmaticBackend
from bot.backends.qmatic.models import QAppointment
from tests.backends.qmatic.support import BRANCH, CONSULT, NOW, PID, XRAY, at, find, slots
from tests.fakes.qmatic_server import QmaticServer


def combined(qmatic: QmaticServer, **extra: int) -> str:
    """Maria's consultation + X-ray: 60 minutes from 10:00 tomorrow."""
    return qmatic.add_appointment(PID, at(1), branch_id=BRANCH, service_ids=(CONSULT, XRAY), **extra)


def test_a_multi_service_appointment_as_the_docs_show_it_is_never_moved_into_a_shorter_time(
    qmatic: QmaticServer, combo_backend: QmaticBackend
) -> None:
    combined(qmatic)
    [appointment] = find(combo_backend)
    assert appointment.service.name == "Consultation" and appointment.end - appointment.start == timedelta(hours=1)

    with pytest.raises(InvalidRequest) as raised:
        slots(combo_backend, appointment)

    assert raised.value.staff_message == (
        "This appointment lasts 60 minutes, but Qmatic offers 30-minute times for the service it lists "
        "(Consultation): it probably combines services Qmatic does not show. Nothing was changed; move it in Qmatic."
    )
    [call] = qmatic.calls_to("timeslots_combined")
    assert call.path == f"/external/v1/serviceCombination/branch/{CONSULT}/timeslots"
    assert (call.arg("serviceIds"), call.arg("branchId")) == (CONSULT, BRANCH)
    assert qmatic.calls_to("reserve_combined") == []


def test_on_a_tenant_without_combinations_such_an_appointment_is_refused_the_same_way(
    qmatic: QmaticServer, backend: QmaticBackend
) -> None:
    combined(qmatic)
    [appointment] = find(backend)
    with pytest.raises(InvalidRequest, match="lasts 60 minutes"):
        slots(backend, appointment)


def test_a_multi_service_appointment_listing_all_its_services_is_moved_keeping_its_length(
    qmatic: QmaticServer, combo_backend: QmaticBackend
) -> None:
    qmatic.service_shape = "array"
    appointment_id = combined(qmatic, number_of_reservations=3)
    [appointment] = find(combo_backend)
    assert appointment.service.name == "Consultation + X-ray"

    offered = slots(combo_backend, appointment)
    assert [slot.start for slot in offered][:3] == [at(0), at(2), at(2.5)]  # 60-minute times clear of its own
    assert all(slot.end - slot.start == timedelta(hours=1) for slot in offered)
    [call] = qmatic.calls_to("timeslots_combined")
    assert call.arg("serviceIds") == f"{CONSULT},{XRAY}" and call.arg("numberOfReservations") == "3"

    hold = combo_backend.hold(appointment, offered[1], now=NOW)
    [reserve] = qmatic.calls_to("reserve_combined")
    assert reserve.path == "/external/v1/serviceCombination/reservations"
    assert reserve.json()["serviceIds"] == [CONSULT, XRAY] and reserve.json()["numberOfReservations"] == 3

    moved = combo_backend.reschedule(appointment, hold, idempotency_key="k1")

    assert (moved.start, moved.end) == (at(2), at(3))
    stored = qmatic.appointments[appointment_id]
    assert (stored.start, stored.end, stored.service_ids) == (at(2), at(3), (CONSULT, XRAY))
    assert qmatic.calls_to("reschedule_combined")[0].path == (
        f"/external/v1/serviceCombination/appointments/{appointment_id}/reschedule"
    )


def test_the_combination_timeslots_fall_back_to_the_branch_id_path_and_remember_it(
    qmatic: QmaticServer, combo_backend: QmaticBackend
) -> None:
    qmatic.timeslot_path = "by-branch"
    qmatic.add_appointment(PID, at(1), branch_id=BRANCH, service_ids=(CONSULT,))
    [appointment] = find(combo_backend)

    first = slots(combo_backend, appointment)
    again = slots(combo_backend, appointment)

    assert first == again and first[0].start == at(0)
    paths = [call.path for call in qmatic.calls_to("timeslots_combined_by_branch")]
    branch_path = f"/external/v1/serviceCombination/branch/{BRANCH}/timeslots"
    assert paths == [f"/external/v1/serviceCombination/branch/{CONSULT}/timeslots", branch_path, branch_path]
    assert combo_backend.timeslots.combined_route == "timeslots_combined_by_branch"


def test_a_service_sent_as_an_array_is_read_as_every_service() -> None:
    body = {
        "appointmentId": "a1",
        "timeSlot": {"startTime": "2026-12-02T10:00:00+01:00", "endTime": "2026-12-02T11:00:00+01:00"},
        "branch": {"id": BRANCH},
        "service": [{"id": CONSULT, "name": "Consultation"}, {"id": XRAY, "name": "X-ray"}],
    }
    assert [service.id for service in QAppointment.model_validate(body).all_services] == [CONSULT, XRAY]
    single = {**body, "service": {"id": CONSULT, "name": "Consultation"}}
    assert [service.id for service in QAppointment.model_validate(single).all_services] == [CONSULT]
