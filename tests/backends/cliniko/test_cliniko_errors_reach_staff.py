"""What staff are told when Cliniko refuses, is slow, limits us or answers oddly; reads are retried, moves are not."""

import re
from datetime import timedelta
from typing import Any

import pytest

from bot.backends.cliniko import ClinikoBackend
from bot.backends.errors import AppointmentNotFound, BackendUnavailable, InvalidRequest, NotAuthorised
from bot.domain import Appointment, Cancellation, CancelReason, PatientQuery, Window
from tests.backends.cliniko.support import NOW, TOMORROW_9AM, Clinic, at, make_backend
from tests.fakes.cliniko_server import ClinikoStandIn


def found(cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend) -> Appointment:
    cliniko.add_appointment(clinic.maria, TOMORROW_9AM)
    [appointment] = backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    return appointment


def test_clinikos_field_messages_reach_staff(cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend) -> None:
    appointment = found(cliniko, clinic, backend)
    [slot] = backend.open_slots(appointment, Window(start=at(2), end=at(2)), now=NOW, limit=1)
    cliniko.refuse("update_appointment", {"starts_at": "is outside the practitioner's hours"})

    with pytest.raises(InvalidRequest) as raised:
        backend.reschedule(appointment, backend.hold(appointment, slot, now=NOW), idempotency_key="k1")

    assert raised.value.field_errors == {"starts_at": "is outside the practitioner's hours"}
    assert raised.value.staff_message == "Cliniko rejected the change: starts at is outside the practitioner's hours."


def test_a_whole_record_refusal_reads_as_a_sentence(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = found(cliniko, clinic, backend)
    cliniko.refuse("cancel_appointment", {"base": "Invoiced appointments cannot be cancelled"})
    with pytest.raises(InvalidRequest) as raised:
        backend.cancel(appointment, Cancellation(reason=CancelReason.SICK), idempotency_key="k")
    assert raised.value.staff_message == "Cliniko rejected the change: Invoiced appointments cannot be cancelled."


def test_clinikos_rate_limit_tells_staff_when_to_try_again(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = found(cliniko, clinic, backend)
    cliniko.rate_limit_per_minute = 1
    backend.get_appointment(appointment.id)  # the one call this minute allows

    with pytest.raises(BackendUnavailable) as raised:
        backend.get_appointment(appointment.id)

    assert raised.value.retry_after is not None and 55 <= raised.value.retry_after <= 60
    assert re.fullmatch(
        r"Cliniko is limiting how fast the bot may call it \(Too Many Requests\)\. Nothing was changed; "
        r"please try again in (5\d|60) seconds\.",
        raised.value.staff_message,
    )
    assert backend.slept == []  # type: ignore[attr-defined]  # a minute is too long to keep staff waiting


def test_a_refused_api_key_sends_staff_to_the_admin(cliniko: ClinikoStandIn, clinic: Clinic) -> None:
    adapter = make_backend(cliniko, api_key="revoked-key-au1")
    with pytest.raises(NotAuthorised) as raised:
        adapter.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)
    message = raised.value.staff_message
    assert "please tell your IT admin" in message and "CLINIKO_API_KEY" in message
    assert "-au1" in message and "clinic-bot check-backend" in message
    assert len(cliniko.calls) == 1  # a refused key is not retried
    adapter.close()


def test_the_key_without_its_region_suffix_is_accepted(cliniko: ClinikoStandIn, clinic: Clinic) -> None:
    adapter = make_backend(cliniko, api_key=cliniko.api_key.rpartition("-")[0])
    assert adapter.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW) == []
    adapter.close()


def test_every_call_carries_basic_auth_and_the_contact_user_agent(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    appointment = found(cliniko, clinic, backend)
    backend.open_slots(appointment, Window(start=at(1)), now=NOW, limit=3)
    backend.cancel(appointment, Cancellation(), idempotency_key="k")
    assert {call.header("authorization") for call in cliniko.calls} == {"Basic dGVzdC1rZXktYXUxOg=="}  # "test-key-au1:"
    assert {call.header("user-agent") for call in cliniko.calls} == {"Riverside Clinic Bot (it@riverside.example)"}
    assert {call.header("accept") for call in cliniko.calls} == {"application/json"}


def test_a_blocked_user_agent_names_the_setting(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    backend.http.client.headers["User-Agent"] = "python-httpx/0.27"
    with pytest.raises(NotAuthorised, match="CLINIKO_USER_AGENT"):
        backend.check()


def test_an_appointment_unknown_to_cliniko_is_not_found(clinic: Clinic, backend: ClinikoBackend) -> None:
    with pytest.raises(AppointmentNotFound, match="Cliniko has no such appointment"):
        backend.get_appointment("514810976554999999")
    with pytest.raises(AppointmentNotFound):
        backend.get_appointment("not-an-id")


def test_an_unreadable_answer_is_not_a_crash(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    appointment = found(cliniko, clinic, backend)
    monkeypatch.setattr(cliniko, "render_appointment", lambda row: {"id": row["id"], "starts_at": "soon"})
    with pytest.raises(BackendUnavailable, match="could not read"):
        backend.get_appointment(appointment.id)


def test_large_ids_sent_as_numbers_keep_every_digit(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    appointment = found(cliniko, clinic, backend)
    render = cliniko.render_appointment

    def numeric(row: dict[str, Any]) -> dict[str, Any]:
        return {**render(row), "id": int(row["id"])}

    monkeypatch.setattr(cliniko, "render_appointment", numeric)
    assert backend.get_appointment(appointment.id).id == appointment.id


def test_the_next_page_is_asked_of_the_configured_host_only(
    cliniko: ClinikoStandIn, clinic: Clinic, backend: ClinikoBackend
) -> None:
    cliniko.links_origin = "https://api.au1.cliniko.com"  # as Cliniko's links read behind a proxy
    for day in range(120):
        cliniko.add_appointment(clinic.maria, TOMORROW_9AM + timedelta(days=day))

    assert len(backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=NOW)) == 120
    assert [call.arg("page") for call in cliniko.calls_to("list_appointments")] == [None, "2"]
