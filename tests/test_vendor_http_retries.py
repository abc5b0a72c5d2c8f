"""The shared vendor client retries what is safe and never repeats a write blindly."""

from collections.abc import Iterator

import httpx
import pytest

from bot.backends.errors import BackendUnavailable, BookingError, InvalidRequest
from bot.backends.http import RetryPolicy, VendorHttp
from tests.fakes.stub_server import Fault, StubRequest, StubResponse, StubServer


class Echo(StubServer):
    def __init__(self) -> None:
        super().__init__()
        self.add_route("GET", "/things", "list", lambda r: StubResponse(200, {"ok": True}))
        self.add_route("POST", "/things", "create", lambda r: StubResponse(201, {"created": True}))
        self.add_route("POST", "/invalid", "invalid", lambda r: StubResponse(422, {"errors": {"starts_at": "is past"}}))


def map_error(response: httpx.Response) -> BookingError:
    if response.status_code == 422:
        return InvalidRequest(field_errors=response.json()["errors"])
    return BackendUnavailable()


@pytest.fixture
def server() -> Iterator[Echo]:
    with Echo() as stub:
        yield stub  # type: ignore[misc]


@pytest.fixture
def client(server: Echo) -> Iterator[VendorHttp]:
    slept: list[float] = []
    http = VendorHttp(
        vendor="echo",
        base_url=server.url,
        error_mapper=map_error,
        timeout=httpx.Timeout(0.5),
        policy=RetryPolicy(attempts=3, base_delay=0.01, max_wait=2.0),
        sleep=slept.append,
    )
    http.slept = slept  # type: ignore[attr-defined]
    yield http
    http.close()


def test_read_retries_5xx_then_succeeds(server: Echo, client: VendorHttp) -> None:
    server.fail("list", Fault.status(503), Fault.status(502))
    assert client.get_json("/things") == {"ok": True}
    assert len(server.calls_to("list")) == 3


def test_read_honours_retry_after_on_429(server: Echo, client: VendorHttp) -> None:
    server.fail("list", Fault.status(429, retry_after=1))
    assert client.get_json("/things") == {"ok": True}
    assert client.slept == [1.0]  # type: ignore[attr-defined]


def test_a_long_rate_limit_wait_is_reported_not_slept(server: Echo, client: VendorHttp) -> None:
    server.fail("list", Fault.status(429, retry_after=60))
    with pytest.raises(BackendUnavailable) as raised:
        client.get_json("/things")
    assert raised.value.retry_after == 60
    assert len(server.calls_to("list")) == 1


def test_a_create_is_not_repeated_after_a_timeout(server: Echo, client: VendorHttp) -> None:
    server.fail("create", Fault.hang(1.0))
    with pytest.raises(BackendUnavailable):
        client.request("POST", "/things", idempotent=False)
    assert len(server.calls_to("create")) == 1


def test_a_create_is_not_repeated_after_a_5xx(server: Echo, client: VendorHttp) -> None:
    server.fail("create", Fault.status(500))
    with pytest.raises(BackendUnavailable):
        client.request("POST", "/things", idempotent=False)
    assert len(server.calls_to("create")) == 1


def test_a_dropped_read_is_retried(server: Echo, client: VendorHttp) -> None:
    server.fail("list", Fault.drop())
    assert client.get_json("/things") == {"ok": True}


def test_validation_errors_carry_field_messages(client: VendorHttp) -> None:
    with pytest.raises(InvalidRequest) as raised:
        client.request("POST", "/invalid", idempotent=True)
    assert "starts_at: is past" in raised.value.staff_message


def test_unreachable_vendor_is_unavailable_after_retries() -> None:
    http = VendorHttp(
        vendor="nobody",
        base_url="http://127.0.0.1:9",
        error_mapper=map_error,
        policy=RetryPolicy(attempts=2, base_delay=0.0),
        sleep=lambda s: None,
    )
    with pytest.raises(BackendUnavailable, match="Nothing was changed"):
        http.get_json("/x")


def test_stub_records_requests(server: Echo, client: VendorHttp) -> None:
    client.request("POST", "/things", idempotent=False, json={"a": 1})
    call: StubRequest = server.calls_to("create")[0]
    assert call.json() == {"a": 1}


def test_a_create_whose_answer_is_lost_says_it_may_have_been_made(server: Echo, client: VendorHttp) -> None:
    server.fail("create", Fault.hang(1.0))
    with pytest.raises(BackendUnavailable) as raised:
        client.request("POST", "/things", idempotent=False)
    assert raised.value.maybe_applied
    assert "may or may not have been made" in raised.value.staff_message
    assert len(server.calls_to("create")) == 1


def test_an_unreadable_answer_is_reported_as_unavailable_not_a_crash(server: Echo, client: VendorHttp) -> None:
    server.add_route(
        "GET", "/garbled", "garbled", lambda r: StubResponse(200, raw=b"not gzip", headers={"Content-Encoding": "gzip"})
    )
    with pytest.raises(BackendUnavailable) as raised:
        client.request("GET", "/garbled", idempotent=True)
    assert not raised.value.maybe_applied
