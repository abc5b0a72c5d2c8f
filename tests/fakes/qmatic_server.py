"""A loopback stand-in for Qmatic's Cloud Appointments external API, per ../shared/specs/qmatic.md.

It plays the documented calls and the spec's section 8 defaults: OAuth client
credentials (Basic id:secret + `X-ACCOUNT`, 60-minute tokens on a test clock,
`invalid_client` for refused credentials, 403 for a missing scope), the
`X-TENANT-ID` check on every call (missing: 400, unknown: 403), Spring-style
error bodies `{"status", "error", "message"}` with an `errors` list of field
messages on validation failures (422; 400 for a malformed personal
identifier or a service change), reservations that lapse 15 minutes after
they are made (404 afterwards), 409 for a time already held or booked, a
consumed reservation, cancels that delete (a repeat answers 404), a per-minute
rate limit answering 429 + Retry-After, and both the single-service and the
`serviceCombination` families over one store. Qmatic shows no pagination, so
there is none. Every route is served under `/external/v1` and bare.

Faults come from `bot.local.loopback`: `server.fail("reschedule", Fault.status(503))`
(route names: token, branches, services, search, get, timeslots, reserve,
release, reschedule, cancel), and `drop_after_applying(route)` applies a call
and then drops the connection.

Standalone (end-to-end tests start the bot as another process):

    server = QmaticServer.with_demo_data(date.today()).start()
    env = {**os.environ, "BOOKING_BACKEND": "qmatic", **server.env()}   # QMATIC_* pointing here
    # ... start `clinic-bot serve` with env; the demo patient's personal identifier is DEMO_PERSONAL_ID
    server.stop()

or from a shell: `python -m tests.fakes.qmatic_server [--today 2026-12-01]` prints the QMATIC_* lines
and serves until Ctrl-C. The demo clock follows the real clock; a process that
does not hold the object drives it over HTTP (unauthenticated, loopback only):

    POST /_test/advance               {"seconds": 960}    -> {"now": ...}   e.g. let every hold lapse
    POST /_test/expire-reservations                       -> {"expired": [reservation ids]}
    POST /_test/fail                  {"route": "reschedule", "status": 503, "retry_after": 2}
                                      {"route": "search", "kind": "drop"|"hang"|"delay", "seconds": 1}
    GET  /_test/state                 -> {"now", "appointments", "reservations", "cancelled"}
"""

from __future__ import annotations

import argparse
import base64
import itertools
import secrets
import socket
import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from http import HTTPStatus
from typing import Any
from zoneinfo import ZoneInfo

from bot.local.loopback import _Drop
from tests.fakes.stub_server import Fault, StubRequest, StubResponse, StubServer

__all__ = [
    "DEMO_APPOINTMENT_ID",
    "DEMO_BRANCH_ID",
    "DEMO_PERSONAL_ID",
    "DEMO_SECOND_PERSONAL_ID",
    "SCOPES",
    "Fault",
    "QmaticServer",
    "QmaticStandIn",
]

PREFIX = "(?:/external/v1)?"
SCOPE_PREFIX = "com.qmatic.saas.appointments/"
BOOK = SCOPE_PREFIX + "external.appointment.book"
RESCHEDULE = SCOPE_PREFIX + "external.appointment.reschedule"
CANCEL = SCOPE_PREFIX + "external.appointment.cancel"
SCOPES = frozenset({BOOK, RESCHEDULE, CANCEL})
TOKEN_SECONDS = 3600
RESERVATION_MINUTES = 15
CONFIRMED = "CONFIRMED"
CANCELLED = "CANCELLED"

DEMO_BRANCH_ID = "7c1e2b4a-0001-4b6e-9a51-00000000b001"
DEMO_SERVICE_ID = "7c1e2b4a-0002-4b6e-9a51-00000000s001"
DEMO_APPOINTMENT_ID = "7c1e2b4a-0003-4b6e-9a51-00000000a001"
DEMO_SECOND_APPOINTMENT_ID = "7c1e2b4a-0003-4b6e-9a51-00000000a002"
DEMO_PERSONAL_ID = "DEMO19850312ML"
DEMO_SECOND_PERSONAL_ID = "DEMO19790101JS"


def error(status: int, message: str, errors: list[dict[str, str]] | None = None) -> StubResponse:
    body: dict[str, Any] = {"status": status, "error": HTTPStatus(status).phrase, "message": message}
    if errors:
        body["errors"] = errors
    return StubResponse(status, body)


def field_error(status: int, *problems: tuple[str, str]) -> StubResponse:
    return error(status, "Validation failed", [{"field": name, "message": message} for name, message in problems])


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.utcoffset() is not None else None


@dataclass
class IssuedToken:
    scopes: frozenset[str]
    expires_at: datetime


@dataclass
class Opening:
    """A time the branch offers; `services` None means any service may use it."""

    branch_id: str
    start: datetime
    end: datetime
    services: frozenset[str] | None = None


@dataclass
class FakeAppointment:
    id: str
    personal_id: str
    branch_id: str
    service_ids: tuple[str, ...]
    start: datetime
    end: datetime
    customer: dict[str, Any]
    number_of_reservations: int = 1
    status: str = CONFIRMED
    notes: str = ""


@dataclass
class FakeReservation:
    id: str
    branch_id: str
    service_ids: tuple[str, ...]
    start: datetime
    end: datetime
    number_of_reservations: int
    created_at: datetime
    expires_at: datetime
    state: str = "RESERVED"
    """RESERVED, RELEASED or CONSUMED (by a reschedule)."""
    used_by: str | None = None

    def active(self, now: datetime) -> bool:
        return self.state == "RESERVED" and now < self.expires_at


class QmaticServer(StubServer):
    def __init__(
        self,
        *,
        client_id: str = "qmatic-client",
        client_secret: str = "qmatic-secret",
        account: str = "northsideclinic",
        tenant_id: str = "tenant-northside",
    ) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self.account = account
        self.tenant_id = tenant_id
        self._frozen: datetime | None = None
        self._offset = timedelta()
        self.granted_scopes: frozenset[str] | None = None
        """None: every scope asked for is granted; else only these."""
        self.rate_limit_per_minute: int | None = None
        self.list_branches = True
        """False: `GET /branches` answers 404, as if the tenant's API lacked the (undocumented) listing."""
        self.tokens: dict[str, IssuedToken] = {}
        self.branches: dict[str, dict[str, Any]] = {}
        """As `GET /branches` lists them; tests may garble a listing without moving the branch's clock."""
        self.zones: dict[str, ZoneInfo] = {}
        self.services: dict[str, dict[str, Any]] = {}
        self.openings: list[Opening] = []
        self.appointments: dict[str, FakeAppointment] = {}
        self.reservations: dict[str, FakeReservation] = {}
        self.cancelled: list[str] = []
        """Appointment ids cancelled through the API, in order."""
        self._drop_after: dict[str, int] = {}
        self._ids = itertools.count(1)
        self._window_start: datetime | None = None
        self._window_count = 0
        self._routes_table()

    # -- the test clock ------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """Qmatic's clock: the real clock (plus any advance) until a test sets it."""
        if self._frozen is not None:
            return self._frozen
        return datetime.now(UTC) + self._offset

    @now.setter
    def now(self, value: datetime) -> None:
        self._frozen = value

    def advance(self, seconds: float) -> None:
        with self._lock:
            if self._frozen is not None:
                self._frozen += timedelta(seconds=seconds)
            else:
                self._offset += timedelta(seconds=seconds)

    def start(self) -> QmaticServer:
        super().start()
        # Answers go out as two writes (headers, body): without this, Nagle's algorithm adds ~40 ms per call.
        assert self._server is not None
        self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    def stop_soon(self) -> None:
        """Stop without waiting for the server loop's half-second poll."""
        threading.Thread(target=self.stop, daemon=True).start()

    # -- seeding ---------------------------------------------------------------------
    def add_branch(self, name: str, zone: str, *, branch_id: str | None = None) -> str:
        branch_id = branch_id or self._guid("b")
        self.zones[branch_id] = ZoneInfo(zone)
        self.branches[branch_id] = {
            "id": branch_id,
            "name": name,
            "timeZone": zone,
            "address": {"streetName": "Storgatan 1", "zipCode": "11122", "city": "Stockholm", "country": "SE"},
            "location": {"longitude": 18.07, "latitude": 59.33},
        }
        return branch_id

    def add_service(self, name: str, minutes: int = 30, *, service_id: str | None = None, max_people: int = 4) -> str:
        service_id = service_id or self._guid("s")
        self.services[service_id] = {
            "id": service_id,
            "name": name,
            "duration": minutes,
            "config": {"maxNumberOfReservations": max_people},
        }
        return service_id

    def add_openings(
        self,
        branch_id: str,
        first: datetime,
        *,
        count: int = 1,
        minutes: int = 30,
        services: set[str] | None = None,
    ) -> list[datetime]:
        """`count` back-to-back times of `minutes` from `first`; returns their starts."""
        starts = [first + timedelta(minutes=minutes * index) for index in range(count)]
        for start in starts:
            self.openings.append(
                Opening(branch_id, start, start + timedelta(minutes=minutes), frozenset(services) if services else None)
            )
        return starts

    def add_appointment(
        self,
        personal_id: str,
        start: datetime,
        *,
        branch_id: str,
        service_ids: tuple[str, ...] | list[str],
        minutes: int = 30,
        first_name: str = "Maria",
        last_name: str = "Lopez",
        date_of_birth: str | None = "1985-03-12",
        phone: str | None = "+46701234567",
        email: str = "maria@example.org",
        number_of_reservations: int = 1,
        appointment_id: str | None = None,
    ) -> str:
        appointment_id = appointment_id or self._guid("a")
        self.appointments[appointment_id] = FakeAppointment(
            id=appointment_id,
            personal_id=personal_id,
            branch_id=branch_id,
            service_ids=tuple(service_ids),
            start=start,
            end=start + timedelta(minutes=minutes),
            customer={
                "personalIdentifier": personal_id,
                "firstName": first_name,
                "lastName": last_name,
                "email": email,
                "phoneNumber": phone,
                "dateOfBirth": date_of_birth,
            },
            number_of_reservations=number_of_reservations,
        )
        return appointment_id

    @classmethod
    def with_demo_data(cls, today: date, *, zone: str = "America/Chicago", days: int = 14) -> QmaticServer:
        """A clinic for end-to-end runs: one branch open 9-17 every day for `days` days from `today`.

        Maria Lopez (DEMO_PERSONAL_ID) has a consultation tomorrow at 10:00 and John Smith
        (DEMO_SECOND_PERSONAL_ID) one tomorrow at 11:00, both in `zone`. The clock follows the real one.
        """
        server = cls()
        tz = ZoneInfo(zone)
        branch = server.add_branch("Northside Clinic", zone, branch_id=DEMO_BRANCH_ID)
        service = server.add_service("General consultation", 30, service_id=DEMO_SERVICE_ID)
        for offset in range(days):
            day = today + timedelta(days=offset)
            server.add_openings(branch, datetime.combine(day, time(9), tz), count=16, minutes=30)
        tomorrow = today + timedelta(days=1)
        server.add_appointment(
            DEMO_PERSONAL_ID,
            datetime.combine(tomorrow, time(10), tz),
            branch_id=branch,
            service_ids=(service,),
            appointment_id=DEMO_APPOINTMENT_ID,
        )
        server.add_appointment(
            DEMO_SECOND_PERSONAL_ID,
            datetime.combine(tomorrow, time(11), tz),
            branch_id=branch,
            service_ids=(service,),
            first_name="John",
            last_name="Smith",
            date_of_birth="1979-01-01",
            email="john@example.org",
            appointment_id=DEMO_SECOND_APPOINTMENT_ID,
        )
        return server

    def env(self, *, combined: bool = False) -> dict[str, str]:
        """The QMATIC_* settings that point the bot at this stand-in (started)."""
        return {
            "QMATIC_BASE_URL": f"{self.url}/external/v1",
            "QMATIC_TOKEN_URL": f"{self.url}/oauth2/token",
            "QMATIC_CLIENT_ID": self.client_id,
            "QMATIC_CLIENT_SECRET": self.client_secret,
            "QMATIC_ACCOUNT": self.account,
            "QMATIC_TENANT_ID": self.tenant_id,
            "QMATIC_BRANCH_IDS": ",".join(self.branches),
            "QMATIC_SERVICE_COMBINATIONS": "true" if combined else "false",
        }

    # -- inspecting --------------------------------------------------------------------
    def booked(self) -> list[FakeAppointment]:
        """Every appointment not cancelled."""
        return [a for a in self.appointments.values() if a.status != CANCELLED]

    def active_reservations(self) -> list[FakeReservation]:
        return [r for r in self.reservations.values() if r.active(self.now)]

    def is_free(self, branch_id: str, start: datetime) -> bool:
        return self._holder(branch_id, start) is None

    # -- behaviour switches -----------------------------------------------------------
    def drop_after_applying(self, route: str, times: int = 1) -> None:
        """The next `times` calls to `route` take effect, then the connection drops unanswered."""
        self._drop_after[route] = self._drop_after.get(route, 0) + times

    def revoke_tokens(self) -> None:
        """Qmatic forgets every token it issued (the next call with one answers 401)."""
        self.tokens.clear()

    def expire_reservations(self) -> list[str]:
        """Every live reservation lapses now, as if its 15 minutes were over."""
        now = self.now
        expired = [r.id for r in self.reservations.values() if r.active(now)]
        for reservation_id in expired:
            self.reservations[reservation_id].expires_at = now
        return expired

    def error_body(self, status: int, message: str) -> Any:
        phrase = HTTPStatus(status).phrase
        return {"status": status, "error": phrase, "message": phrase}

    # -- routing ----------------------------------------------------------------------
    def _routes_table(self) -> None:
        ident = r"(?P<id>[^/]+)"
        branch = r"(?P<branch>[^/]+)"
        service = r"(?P<service>[^/]+)"
        self.add_route("POST", f"{PREFIX}/oauth2/token", "token", self._limited(self._token))
        self._guarded("GET", f"{PREFIX}/branches", "branches", None, self._branches, language=False)
        self._guarded("GET", f"{PREFIX}/services", "services", None, self._services, language=True)
        self._guarded("POST", f"{PREFIX}/appointments/search", "search", None, self._search, language=True)
        self._guarded(
            "GET", f"{PREFIX}/serviceCombination/appointments/search", "search", None, self._combo_search, language=True
        )
        self._guarded("GET", f"{PREFIX}/appointments/{ident}", "get", None, self._get)
        self._guarded("GET", f"{PREFIX}/serviceCombination/appointments/{ident}", "get", None, self._combo_get)
        self._guarded("GET", f"{PREFIX}/branches/{branch}/services/{service}/timeslots", "timeslots", None, self._slots)
        self._guarded(
            "GET", f"{PREFIX}/serviceCombination/branch/{branch}/timeslots", "timeslots", None, self._combo_slots
        )
        self._guarded("POST", f"{PREFIX}/reservations", "reserve", BOOK, self._reserve)
        self._guarded("POST", f"{PREFIX}/serviceCombination/reservations", "reserve", BOOK, self._combo_reserve)
        self._guarded("DELETE", f"{PREFIX}/reservations/reservations/{ident}", "release", BOOK, self._release)
        self._guarded("PUT", f"{PREFIX}/appointments/{ident}/reschedule", "reschedule", RESCHEDULE, self._reschedule)
        self._guarded(
            "PUT",
            f"{PREFIX}/serviceCombination/appointments/{ident}/reschedule",
            "reschedule",
            RESCHEDULE,
            self._combo_reschedule,
        )
        self._guarded("DELETE", f"{PREFIX}/appointments/{ident}", "cancel", CANCEL, self._cancel)
        self.add_route("POST", "/_test/advance", "control", self._control_advance)
        self.add_route("POST", "/_test/expire-reservations", "control", self._control_expire)
        self.add_route("POST", "/_test/fail", "control", self._control_fail)
        self.add_route("GET", "/_test/state", "control", self._control_state)

    def _limited(self, handler: Callable[[StubRequest], StubResponse]) -> Callable[[StubRequest], StubResponse]:
        def run(request: StubRequest) -> StubResponse:
            limit = self.rate_limit_per_minute
            if limit is not None:
                now = self.now
                if self._window_start is None or now - self._window_start >= timedelta(minutes=1):
                    self._window_start, self._window_count = now, 0
                self._window_count += 1
                if self._window_count > limit:
                    wait = 60 - int((now - self._window_start).total_seconds())
                    response = error(429, "Rate limit exceeded")
                    response.headers["Retry-After"] = str(max(1, wait))
                    return response
            response = handler(request)
            if self._drop_after.get(request.route, 0) > 0:
                self._drop_after[request.route] -= 1
                raise _Drop
            return response

        return run

    def _guarded(
        self,
        method: str,
        pattern: str,
        name: str,
        scope: str | None,
        handler: Callable[[StubRequest], StubResponse],
        *,
        language: bool = False,
    ) -> None:
        def run(request: StubRequest) -> StubResponse:
            refusal = self._refuse(request, scope, language=language)
            return refusal if refusal is not None else handler(request)

        self.add_route(method, pattern, name, self._limited(run))

    def _refuse(self, request: StubRequest, scope: str | None, *, language: bool) -> StubResponse | None:
        authorization = request.header("authorization") or ""
        if not authorization.lower().startswith("bearer "):
            return error(401, "Full authentication is required to access this resource")
        token = self.tokens.get(authorization[7:].strip())
        if token is None:
            return error(401, "Invalid access token")
        if self.now >= token.expires_at:
            return error(401, "Access token expired")
        if scope is not None and scope not in token.scopes:
            return error(403, f"Insufficient scope: {scope} required")
        tenant = request.header("x-tenant-id")
        if not tenant:
            return error(400, "Missing request header 'X-TENANT-ID'")
        if tenant != self.tenant_id:
            return error(403, f"Unknown tenant {tenant}")
        if language and not request.header("accept-language"):
            return error(400, "Missing request header 'Accept-Language'")
        return None

    # -- token ---------------------------------------------------------------------------
    def _token(self, request: StubRequest) -> StubResponse:
        refused = StubResponse(401, {"error": "invalid_client"})
        authorization = request.header("authorization") or ""
        if not authorization.startswith("Basic "):
            return refused
        try:
            client_id, _, secret = base64.b64decode(authorization[6:], validate=True).decode().partition(":")
        except ValueError:
            return refused
        if (client_id, secret) != (self.client_id, self.client_secret):
            return refused
        if request.header("x-account") != self.account:
            return refused
        form = request.form()
        if form.get("grant_type", [""])[0] != "client_credentials":
            return StubResponse(400, {"error": "unsupported_grant_type"})
        asked = frozenset(form.get("scope", [""])[0].split())
        if asked - SCOPES:
            return StubResponse(400, {"error": "invalid_scope"})
        scopes = asked if self.granted_scopes is None else asked & self.granted_scopes
        value = secrets.token_urlsafe(24)
        self.tokens[value] = IssuedToken(scopes, self.now + timedelta(seconds=TOKEN_SECONDS))
        return StubResponse(200, {"access_token": value, "expires_in": TOKEN_SECONDS, "token_type": "Bearer"})

    # -- catalogue ---------------------------------------------------------------------------
    def _branches(self, request: StubRequest) -> StubResponse:
        if not self.list_branches:
            return error(404, "Not Found")
        return StubResponse(200, [dict(branch) for branch in self.branches.values()])

    def _services(self, request: StubRequest) -> StubResponse:
        return StubResponse(
            200,
            [
                {**service, "branches": [{"id": b["id"], "name": b["name"]} for b in self.branches.values()]}
                for service in self.services.values()
            ],
        )

    # -- appointments -------------------------------------------------------------------------
    def _appointment_json(self, appointment: FakeAppointment, *, combined: bool) -> dict[str, Any]:
        branch = self.branches[appointment.branch_id]
        services = [self._service_json(service_id) for service_id in appointment.service_ids]
        body: dict[str, Any] = {
            "appointmentId": appointment.id,
            "status": appointment.status,
            "timeSlot": self._time_slot_json(appointment.branch_id, appointment.start, appointment.end),
            "customer": dict(appointment.customer),
            "branch": {key: branch[key] for key in ("id", "name", "address", "location")},
            "numberOfReservations": appointment.number_of_reservations,
            "supportNotes": appointment.notes,
        }
        if combined:
            body["services"] = services
        else:
            body["service"] = services[0]
        return body

    def _service_json(self, service_id: str) -> dict[str, Any]:
        service = self.services.get(service_id, {"id": service_id, "name": "", "config": {}})
        return {"id": service["id"], "name": service["name"], "config": dict(service.get("config") or {})}

    def _time_slot_json(self, branch_id: str, start: datetime, end: datetime) -> dict[str, str]:
        zone = self.zones[branch_id]
        return {"startTime": start.astimezone(zone).isoformat(), "endTime": end.astimezone(zone).isoformat()}

    def _search(self, request: StubRequest) -> StubResponse:
        return self._search_answer(request, combined=False)

    def _combo_search(self, request: StubRequest) -> StubResponse:
        return self._search_answer(request, combined=True)

    def _search_answer(self, request: StubRequest, *, combined: bool) -> StubResponse:
        try:
            body = request.json()
        except ValueError:
            body = None
        customer = body.get("customer") if isinstance(body, dict) else None
        wanted = customer.get("personalIdentifier") if isinstance(customer, dict) else None
        if not isinstance(wanted, str) or not wanted:
            return field_error(400, ("customer.personalIdentifier", "must not be empty"))
        if not (10 <= len(wanted) <= 48 and wanted.isascii() and wanted.isalnum()):
            return field_error(400, ("customer.personalIdentifier", "must be 10 to 48 letters or digits"))
        found = [
            self._appointment_json(a, combined=combined)
            for a in sorted(self.appointments.values(), key=lambda a: a.start)
            if a.personal_id == wanted and a.status != CANCELLED
        ]
        return StubResponse(200, found)

    def _get(self, request: StubRequest) -> StubResponse:
        return self._get_answer(request, combined=False)

    def _combo_get(self, request: StubRequest) -> StubResponse:
        return self._get_answer(request, combined=True)

    def _get_answer(self, request: StubRequest, *, combined: bool) -> StubResponse:
        appointment = self._live_appointment(request.params["id"])
        if appointment is None:
            return error(404, "Appointment not found")
        return StubResponse(200, self._appointment_json(appointment, combined=combined))

    def _live_appointment(self, appointment_id: str) -> FakeAppointment | None:
        appointment = self.appointments.get(appointment_id)
        return None if appointment is None or appointment.status == CANCELLED else appointment

    # -- timeslots --------------------------------------------------------------------------------
    def _slots(self, request: StubRequest) -> StubResponse:
        return self._slot_answer(request, request.params["branch"], [request.params["service"]])

    def _combo_slots(self, request: StubRequest) -> StubResponse:
        ids = [part for value in request.query.get("serviceIds", []) for part in value.split(",") if part]
        if not ids:
            return field_error(400, ("serviceIds", "must not be empty"))
        return self._slot_answer(request, request.params["branch"], ids)

    def _slot_answer(self, request: StubRequest, branch_id: str, service_ids: list[str]) -> StubResponse:
        if branch_id not in self.branches:
            return error(404, "Branch not found")
        unknown = [service_id for service_id in service_ids if service_id not in self.services]
        if unknown:
            return error(404, f"Service not found: {', '.join(unknown)}")
        raw_dates = [part for value in request.query.get("dates", []) for part in value.split(",") if part]
        if not raw_dates:
            return field_error(400, ("dates", "must not be empty"))
        try:
            dates = [date.fromisoformat(text) for text in raw_dates]
        except ValueError:
            return field_error(400, ("dates", "must be dates in the form YYYY-MM-DD"))
        people = request.arg("numberOfReservations") or "1"
        if not people.isdigit() or int(people) < 1:
            return field_error(400, ("numberOfReservations", "must be at least 1"))
        zone = self.zones[branch_id]
        now = self.now
        days = []
        for day in dates:
            slots = [
                self._time_slot_json(branch_id, opening.start, opening.end)
                for opening in sorted(self.openings, key=lambda o: o.start)
                if opening.branch_id == branch_id
                and opening.start.astimezone(zone).date() == day
                and opening.start >= now
                and self._serves(opening, service_ids)
                and self._holder(branch_id, opening.start) is None
            ]
            days.append({"date": day.isoformat(), "timeSlots": slots})
        return StubResponse(200, days)

    @staticmethod
    def _serves(opening: Opening, service_ids: list[str] | tuple[str, ...]) -> bool:
        return opening.services is None or set(service_ids) <= opening.services

    def _holder(self, branch_id: str, start: datetime) -> str | None:
        """Who has the time: an appointment id, a live reservation id, or None when it is free."""
        for appointment in self.appointments.values():
            if appointment.status != CANCELLED and appointment.branch_id == branch_id and appointment.start == start:
                return appointment.id
        now = self.now
        for reservation in self.reservations.values():
            if reservation.branch_id == branch_id and reservation.start == start and reservation.active(now):
                return reservation.id
        return None

    # -- reservations ---------------------------------------------------------------------------------
    def _reserve(self, request: StubRequest) -> StubResponse:
        return self._reserve_answer(request, combined=False)

    def _combo_reserve(self, request: StubRequest) -> StubResponse:
        return self._reserve_answer(request, combined=True)

    def _reserve_answer(self, request: StubRequest, *, combined: bool) -> StubResponse:
        try:
            body = request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return field_error(422, ("branchId", "must not be empty"), ("timeSlot", "must not be empty"))
        problems: list[tuple[str, str]] = []
        if combined:
            service_ids = body.get("serviceIds")
            if not isinstance(service_ids, list) or not service_ids:
                problems.append(("serviceIds", "must not be empty"))
                service_ids = []
        else:
            single = body.get("serviceId")
            if not isinstance(single, str) or not single:
                problems.append(("serviceId", "must not be empty"))
            service_ids = [single] if isinstance(single, str) and single else []
        branch_id = body.get("branchId")
        if not isinstance(branch_id, str) or not branch_id:
            problems.append(("branchId", "must not be empty"))
        time_slot = body.get("timeSlot") if isinstance(body.get("timeSlot"), dict) else {}
        start, end = _instant(time_slot.get("startTime")), _instant(time_slot.get("endTime"))
        if start is None:
            problems.append(("timeSlot.startTime", "must be a date-time with an offset"))
        if end is None:
            problems.append(("timeSlot.endTime", "must be a date-time with an offset"))
        people = body.get("numberOfReservations", 1)
        if not isinstance(people, int) or people < 1:
            problems.append(("numberOfReservations", "must be at least 1"))
        if problems:
            return field_error(422, *problems)
        assert isinstance(branch_id, str) and start is not None and end is not None
        if branch_id not in self.branches:
            return error(404, "Branch not found")
        unknown = [service_id for service_id in service_ids if service_id not in self.services]
        if unknown:
            return error(404, f"Service not found: {', '.join(unknown)}")
        opening = next(
            (
                o
                for o in self.openings
                if o.branch_id == branch_id and o.start == start and o.end == end and self._serves(o, service_ids)
            ),
            None,
        )
        if opening is None or start < self.now:
            return field_error(422, ("timeSlot", "is not an available timeslot of this branch and service"))
        if self._holder(branch_id, start) is not None:
            return error(409, "Timeslot is already reserved or booked")
        now = self.now
        reservation = FakeReservation(
            id=str(uuid.uuid4()),
            branch_id=branch_id,
            service_ids=tuple(service_ids),
            start=start,
            end=end,
            number_of_reservations=people,
            created_at=now,
            expires_at=now + timedelta(minutes=RESERVATION_MINUTES),
        )
        self.reservations[reservation.id] = reservation
        answer: dict[str, Any] = {
            "reservationId": reservation.id,
            "appointmentId": reservation.id,
            "status": "RESERVED",
            "timeSlot": self._time_slot_json(branch_id, start, end),
            "branch": {"id": branch_id, "name": self.branches[branch_id]["name"]},
            "numberOfReservations": people,
        }
        services = [self._service_json(service_id) for service_id in service_ids]
        answer.update({"services": services} if combined else {"service": services[0]})
        return StubResponse(201, answer)

    def _release(self, request: StubRequest) -> StubResponse:
        reservation = self.reservations.get(request.params["id"])
        if reservation is None or reservation.state == "RELEASED":
            return error(404, "Reservation not found")
        if reservation.state == "CONSUMED":
            return error(400, "Reservation is already confirmed; cancel the appointment instead")
        if not reservation.active(self.now):
            return error(404, "Reservation not found or expired")
        reservation.state = "RELEASED"
        return StubResponse(204)

    # -- changing appointments ---------------------------------------------------------------------
    def _reschedule(self, request: StubRequest) -> StubResponse:
        return self._reschedule_answer(request, combined=False)

    def _combo_reschedule(self, request: StubRequest) -> StubResponse:
        return self._reschedule_answer(request, combined=True)

    def _reschedule_answer(self, request: StubRequest, *, combined: bool) -> StubResponse:
        try:
            body = request.json()
        except ValueError:
            body = None
        reservation_id = body.get("reservationId") if isinstance(body, dict) else None
        if not isinstance(reservation_id, str) or not reservation_id:
            return field_error(422, ("reservationId", "must not be empty"))
        appointment = self._live_appointment(request.params["id"])
        if appointment is None:
            return error(404, "Appointment not found")
        reservation = self.reservations.get(reservation_id)
        if reservation is None or not reservation.active(self.now):
            return error(404, "Reservation not found or expired")
        if reservation.service_ids != appointment.service_ids:
            return error(400, "The service of an appointment cannot be changed; book a new appointment instead")
        reservation.state, reservation.used_by = "CONSUMED", appointment.id
        appointment.branch_id = reservation.branch_id
        appointment.start, appointment.end = reservation.start, reservation.end
        return StubResponse(200, self._appointment_json(appointment, combined=combined))

    def _cancel(self, request: StubRequest) -> StubResponse:
        appointment = self._live_appointment(request.params["id"])
        if appointment is None:
            return error(404, "Appointment not found")
        appointment.status = CANCELLED
        self.cancelled.append(appointment.id)
        return StubResponse(204)

    # -- test control over HTTP ------------------------------------------------------------------------
    def _control_advance(self, request: StubRequest) -> StubResponse:
        body = request.json()
        seconds = body.get("seconds") if isinstance(body, dict) else None
        if not isinstance(seconds, int | float):
            return field_error(400, ("seconds", "must be a number"))
        self.advance(float(seconds))
        return StubResponse(200, {"now": self.now.isoformat()})

    def _control_expire(self, request: StubRequest) -> StubResponse:
        return StubResponse(200, {"expired": self.expire_reservations()})

    def _control_fail(self, request: StubRequest) -> StubResponse:
        body = request.json()
        if not isinstance(body, dict) or not isinstance(body.get("route"), str):
            return field_error(400, ("route", "must name a route"))
        kind = body.get("kind", "status")
        seconds = float(body.get("seconds", 0))
        faults = {
            "status": lambda: Fault.status(int(body.get("status", 503)), retry_after=body.get("retry_after")),
            "drop": Fault.drop,
            "hang": lambda: Fault.hang(seconds),
            "delay": lambda: Fault.delay(seconds),
        }
        if kind not in faults:
            return field_error(400, ("kind", "must be status, drop, hang or delay"))
        self.fail(body["route"], faults[kind]())
        return StubResponse(204)

    def _control_state(self, request: StubRequest) -> StubResponse:
        now = self.now
        return StubResponse(
            200,
            {
                "now": now.isoformat(),
                "appointments": [
                    {**self._appointment_json(a, combined=True), "status": a.status} for a in self.appointments.values()
                ],
                "reservations": [
                    {
                        "reservationId": r.id,
                        "state": r.state if r.state != "RESERVED" or r.active(now) else "EXPIRED",
                        "timeSlot": self._time_slot_json(r.branch_id, r.start, r.end),
                        "expiresAt": r.expires_at.isoformat(),
                    }
                    for r in self.reservations.values()
                ],
                "cancelled": list(self.cancelled),
            },
        )

    def _guid(self, kind: str) -> str:
        return f"00000000-0000-4000-8000-{kind}{next(self._ids):011d}"[:36]


QmaticStandIn = QmaticServer
"""The name end-to-end tests use."""


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the Qmatic stand-in with demo data until Ctrl-C.")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--zone", default="America/Chicago")
    args = parser.parse_args()
    server = QmaticServer.with_demo_data(args.today, zone=args.zone).start()
    print("BOOKING_BACKEND=qmatic")
    for name, value in server.env().items():
        print(f"{name}={value}")
    print(
        f"# demo personal identifiers: {DEMO_PERSONAL_ID} (Maria Lopez), {DEMO_SECOND_PERSONAL_ID} (John Smith)",
        flush=True,
    )
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


if __name__ == "__main__":
    main()
