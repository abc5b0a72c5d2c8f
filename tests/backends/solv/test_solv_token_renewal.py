"""The bot keeps a Solv token fresh by itself; credentials Solv refuses are named to staff and admins."""

import pytest

from bot.backends.errors import NotAuthorised
from bot.backends.solv import SolvBackend
from bot.domain import Cancellation, PatientQuery
from tests.backends.solv.support import NOW, TOMORROW_9AM, make_backend
from tests.fakes.solv_server import Fault, SolvServer


def look_up(solv: SolvServer, backend: SolvBackend, number: int) -> None:
    assert backend.find_appointments(PatientQuery(booking_ref=str(number)), around=None, now=NOW)


def test_one_token_serves_many_calls_with_key_and_bearer(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    look_up(solv, backend, number)
    look_up(solv, backend, number)

    [token_call] = solv.calls_to("token")
    assert token_call.json() == {
        "client_id": "partner-client",
        "client_secret": "partner-secret",
        "grant_type": "service_api",
        "scope": "read:locations,read:bookings,write:bookings",
    }
    assert token_call.header("x-api-key") == "partner-client"
    for call in solv.calls_to("get_booking"):
        assert call.header("x-api-key") == "partner-client"
        assert call.header("authorization") == f"Bearer {next(iter(solv.tokens))}"


def test_the_token_is_renewed_before_it_runs_out(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    look_up(solv, backend, number)
    solv.advance(56 * 60)  # 4 minutes left of the hour
    look_up(solv, backend, number)

    assert len(solv.calls_to("token")) == 2
    assert len(solv.calls_to("get_booking")) == 2  # no call was refused first


def test_a_token_still_young_is_kept(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    look_up(solv, backend, number)
    solv.advance(50 * 60)
    look_up(solv, backend, number)
    assert len(solv.calls_to("token")) == 1


def test_a_401_renews_the_token_once_and_the_call_succeeds(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    look_up(solv, backend, number)
    solv.revoke_tokens()

    look_up(solv, backend, number)

    assert len(solv.calls_to("token")) == 2
    refused, accepted = solv.calls_to("get_booking")[1:]
    assert refused.header("authorization") != accepted.header("authorization")


def test_an_expired_token_is_renewed_even_when_our_clock_lags(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    lagging = make_backend(solv, clock=lambda: NOW)
    look_up(solv, lagging, number)
    solv.advance(2 * 3600)  # Solv's hour is over, our clock thinks not
    look_up(solv, lagging, number)
    assert len(solv.calls_to("token")) == 2
    lagging.close()


def test_a_401_that_persists_after_renewal_is_not_authorised(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    solv.fail("get_booking", Fault.status(401), Fault.status(401))

    with pytest.raises(NotAuthorised, match="even after renewing it"):
        look_up(solv, backend, number)

    assert len(solv.calls_to("token")) == 2
    assert len(solv.calls_to("get_booking")) == 2


def test_a_wrong_secret_names_the_settings_to_fix(solv: SolvServer) -> None:
    adapter = make_backend(solv, client_secret="not-it")
    with pytest.raises(NotAuthorised) as raised:
        adapter.find_appointments(PatientQuery(booking_ref="5001"), around=None, now=NOW)
    assert "Invalid client credentials" in raised.value.staff_message
    assert "SOLV_CLIENT_SECRET" in raised.value.staff_message
    assert solv.calls_to("get_booking") == []
    adapter.close()


def test_a_token_request_failing_with_5xx_is_retried_for_reads(solv: SolvServer, backend: SolvBackend) -> None:
    number = solv.add_booking(42, TOMORROW_9AM)
    solv.fail("token", Fault.status(503))
    look_up(solv, backend, number)
    assert len(solv.calls_to("token")) == 2


def test_a_missing_scope_is_refused_with_the_scope_named(solv: SolvServer, backend: SolvBackend) -> None:
    solv.granted_scopes = frozenset({"read:locations", "read:bookings"})
    number = solv.add_booking(42, TOMORROW_9AM)
    [appointment] = backend.find_appointments(PatientQuery(booking_ref=str(number)), around=None, now=NOW)
    with pytest.raises(NotAuthorised) as raised:
        backend.cancel(appointment, Cancellation(), idempotency_key="k1")
    assert "Token lacks scope write:bookings" in raised.value.staff_message
    assert "ask Solv's partner team" in raised.value.staff_message
