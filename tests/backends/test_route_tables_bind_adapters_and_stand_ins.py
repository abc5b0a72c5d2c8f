"""Each adapter's route table is the one list of vendor calls: its stand-in serves exactly it, its calls stay in it.

Every route has a source (published, or `assumed: why`); the stand-in has a
handler for every route and registers nothing else under the vendor's paths;
its list of assumed behaviours includes every one the adapter names; and a
working round of the adapter (find, offer, hold, move, cancel, check) sends
only requests the table names, with only the query parameters it declares.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.backends.cliniko.routes import ASSUMED_BEHAVIOURS as CLINIKO_ASSUMED
from bot.backends.cliniko.routes import ROUTES as CLINIKO_ROUTES
from bot.backends.qmatic.routes import ASSUMED_BEHAVIOURS as QMATIC_ASSUMED
from bot.backends.qmatic.routes import ROUTES as QMATIC_ROUTES
from bot.backends.routes import Route, RouteTable
from bot.backends.solv.routes import ASSUMED_BEHAVIOURS as SOLV_ASSUMED
from bot.backends.solv.routes import ROUTES as SOLV_ROUTES
from bot.domain import Cancellation, CancelReason
from tests.backends.rigs import HTTP_BACKENDS, HttpRig, rig_for
from tests.fakes import cliniko_server, qmatic_server, solv_server
from tests.fakes.cliniko_server import ClinikoStandIn
from tests.fakes.qmatic_server import QmaticServer
from tests.fakes.solv_server import SolvServer

TABLES: dict[str, tuple[RouteTable, dict[str, str], dict[str, str], type]] = {
    "cliniko": (CLINIKO_ROUTES, CLINIKO_ASSUMED, cliniko_server.ASSUMED, ClinikoStandIn),
    "qmatic": (QMATIC_ROUTES, QMATIC_ASSUMED, qmatic_server.ASSUMED, QmaticServer),
    "solv": (SOLV_ROUTES, SOLV_ASSUMED, solv_server.ASSUMED, SolvServer),
}
PREFIXES = {"cliniko": "/v1", "qmatic": "/external/v1", "solv": ""}


@pytest.mark.parametrize("vendor", HTTP_BACKENDS)
def test_every_route_names_its_source_and_the_stand_in_serves_exactly_the_table(vendor: str) -> None:
    table, _adapter_assumed, _stand_in_assumed, stand_in = TABLES[vendor]
    server = stand_in()
    assert set(server.handlers()) == set(table)
    served = {name for _method, _pattern, name, _handler in server._routes if name != "control"}
    assert served | {"timeslots_combined_by_branch"} >= set(table) and served <= set(table)
    for route in table.values():
        assert route.source.split(":", 1)[1].strip(), route.name


@pytest.mark.parametrize("vendor", HTTP_BACKENDS)
def test_the_stand_in_lists_every_behaviour_the_adapter_assumes(vendor: str) -> None:
    _table, adapter_assumed, stand_in_assumed, _stand_in = TABLES[vendor]
    assert set(adapter_assumed) <= set(stand_in_assumed)
    assert all(stand_in_assumed[key] == text for key, text in adapter_assumed.items())


def test_a_route_fills_each_placeholder_with_one_segment_and_matches_its_own_paths() -> None:
    route = Route("get", "GET", "/appointments/{appointment_id}", "assumed: for this test")
    assert route.url(appointment_id="../x y") == "/appointments/..%2Fx%20y"
    table = RouteTable("test", [route])
    assert table.match("GET", "/appointments/..%2Fx") is route
    assert table.match("DELETE", "/appointments/a1") is None and table.match("GET", "/appointments/a/b") is None
    with pytest.raises(KeyError):
        route.url()
    with pytest.raises(ValueError, match="source"):
        Route("bad", "GET", "/x", "a page somewhere")


@pytest.fixture(params=HTTP_BACKENDS)
def http_rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[HttpRig]:
    with rig_for(request.param, tmp_path) as made:
        assert isinstance(made, HttpRig)
        yield made


def test_a_working_round_of_the_adapter_stays_inside_its_table(http_rig: HttpRig) -> None:
    backend = http_rig.backend
    appointment = http_rig.booked()
    hold = http_rig.hold(appointment)
    backend.release(hold)
    moved = backend.reschedule(appointment, http_rig.hold(appointment, 1), idempotency_key="k1")
    backend.get_appointment(moved.id)
    backend.cancel(moved, Cancellation(reason=CancelReason.SICK), idempotency_key="k2")
    backend.check()

    table = TABLES[http_rig.name][0]
    prefix = PREFIXES[http_rig.name]
    for call in http_rig.server.calls:
        route = table.match(call.method, call.path.removeprefix(prefix))
        if route is None and call.path.endswith("/oauth2/token"):
            route = table["token"]
        assert route is not None, f"{call.method} {call.path} is in no route of the {http_rig.name} table"
        assert set(call.query) <= set(route.params), f"{route.name} sent {sorted(call.query)}"
