"""The bot signs in to Qmatic by itself, keeps the token fresh, and names the tenant and language on every call."""

import base64
from urllib.parse import parse_qs

import pytest

from bot.backends.errors import NotAuthorised
from bot.backends.qmatic import QmaticBackend
from bot.domain import Cancellation
from tests.backends.qmatic.support import NOW, book_maria, find, held, make_backend
from tests.fakes.qmatic_server import BOOK, CANCEL, RESCHEDULE, Fault, QmaticServer


def test_one_token_serves_many_calls(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    find(backend)
    find(backend)

    [token_call] = qmatic.calls_to("token")
    assert token_call.path == "/oauth2/token"  # the base URL's host, outside /external/v1
    assert token_call.header("authorization") == "Basic " + base64.b64encode(b"qmatic-client:qmatic-secret").decode()
    assert token_call.header("x-account") == "northsideclinic"
    assert token_call.header("content-type") == "application/x-www-form-urlencoded"
    form = parse_qs(token_call.body.decode())
    assert form["grant_type"] == ["client_credentials"]
    assert set(form["scope"][0].split(" ")) == {BOOK, RESCHEDULE, CANCEL}
    [token] = qmatic.tokens
    assert all(call.header("authorization") == f"Bearer {token}" for call in qmatic.calls_to("search"))


def test_every_call_names_the_tenant_and_the_language(qmatic: QmaticServer) -> None:
    adapter = make_backend(qmatic, language="sv_SE")
    appointment, hold = held(qmatic, adapter)
    adapter.release(hold)
    other = adapter.hold(appointment, hold.slot, now=NOW)
    moved = adapter.reschedule(appointment, other, idempotency_key="k1")
    adapter.get_appointment(appointment.id)
    adapter.cancel(moved, Cancellation(), idempotency_key="k2")
    adapter.check()

    api_calls = [call for call in qmatic.calls if call.route != "token"]
    assert {call.route for call in api_calls} == {
        "search", "branches", "timeslots", "reserve", "release", "reschedule", "get", "cancel"
    }  # fmt: skip
    for call in api_calls:
        assert call.header("x-tenant-id") == "tenant-northside", call.route
        assert call.header("accept-language") == "sv_SE", call.route
        assert (call.header("authorization") or "").startswith("Bearer "), call.route
    adapter.close()


def test_the_token_is_renewed_before_it_runs_out(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    find(backend)
    qmatic.advance(56 * 60)  # 4 minutes left of the hour
    find(backend)
    assert len(qmatic.calls_to("token")) == 2
    assert len(qmatic.calls_to("search")) == 2  # no call was refused first


def test_a_token_still_young_is_kept(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    find(backend)
    qmatic.advance(50 * 60)
    find(backend)
    assert len(qmatic.calls_to("token")) == 1


def test_a_401_renews_the_token_once_and_the_call_succeeds(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    find(backend)
    qmatic.revoke_tokens()

    assert len(find(backend)) == 1

    assert len(qmatic.calls_to("token")) == 2
    refused, accepted = qmatic.calls_to("search")[1:]
    assert refused.header("authorization") != accepted.header("authorization")


def test_an_expired_token_is_renewed_even_when_our_clock_lags(qmatic: QmaticServer) -> None:
    book_maria(qmatic)
    lagging = make_backend(qmatic, clock=lambda: NOW)
    find(lagging)
    qmatic.advance(2 * 3600)  # Qmatic's hour is over, our clock thinks not
    assert len(find(lagging)) == 1
    assert len(qmatic.calls_to("token")) == 2
    lagging.close()


def test_a_401_that_persists_after_renewal_is_not_authorised(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    qmatic.fail("search", Fault.status(401), Fault.status(401))

    with pytest.raises(NotAuthorised, match="even after renewing it"):
        find(backend)

    assert len(qmatic.calls_to("token")) == 2
    assert len(qmatic.calls_to("search")) == 2


@pytest.mark.parametrize(
    "wrong", [{"client_secret": "not-it"}, {"client_id": "someone-else"}, {"account": "Other Clinic"}]
)
def test_refused_credentials_name_the_settings_to_fix(qmatic: QmaticServer, wrong: dict[str, str]) -> None:
    adapter = make_backend(qmatic, **wrong)
    with pytest.raises(NotAuthorised) as raised:
        find(adapter)
    message = raised.value.staff_message
    assert message.startswith("Qmatic refused the bot's sign-in (401: invalid_client). Nothing was changed;")
    assert all(name in message for name in ("QMATIC_CLIENT_ID", "QMATIC_CLIENT_SECRET", "QMATIC_ACCOUNT"))
    assert qmatic.calls_to("search") == []
    assert len(qmatic.calls_to("token")) == 1  # a refusal is not retried
    adapter.close()


def test_the_account_is_sent_lower_case_without_spaces(qmatic: QmaticServer) -> None:
    adapter = make_backend(qmatic, account="Northside Clinic")
    find(adapter)
    assert qmatic.calls_to("token")[0].header("x-account") == "northsideclinic"
    adapter.close()


def test_a_token_request_failing_with_5xx_is_retried_for_reads(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    book_maria(qmatic)
    qmatic.fail("token", Fault.status(503))
    assert len(find(backend)) == 1
    assert len(qmatic.calls_to("token")) == 2


def test_a_missing_scope_is_refused_with_the_scope_named(qmatic: QmaticServer, backend: QmaticBackend) -> None:
    qmatic.granted_scopes = frozenset({BOOK, RESCHEDULE})
    appointment, _hold = held(qmatic, backend)
    with pytest.raises(NotAuthorised) as raised:
        backend.cancel(appointment, Cancellation(), idempotency_key="k1")
    assert "external.appointment.cancel" in raised.value.staff_message
    assert "ask Qmatic to grant the scopes" in raised.value.staff_message
    assert [a.id for a in qmatic.booked()] == [appointment.id]
