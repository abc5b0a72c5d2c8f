"""A loopback stand-in for Qmatic's Cloud Appointments external API, serving the adapter's route table.

It plays the documented calls and the spec's section 8 defaults: OAuth client
credentials (Basic id:secret + `X-ACCOUNT`, 60-minute tokens on a test clock,
`invalid_client` for refused credentials, 403 for a missing scope), the
`X-TENANT-ID` check on every call (missing: 400, unknown: 403), Spring-style
error bodies `{"status", "error", "message"}` with an `errors` list on
validation failures (422; 400 for a malformed personal identifier or a service
change), reservations that lapse 15 minutes after they are made (404
afterwards), 409 for a time already held or booked, a consumed reservation,
cancels that delete (a repeat answers 404), a per-minute rate limit answering
429 + Retry-After, and both the single-service and the `serviceCombination`
families over one store. Every route is served under `/external/v1` and bare.

Appointments look as the published samples do: one `service` object, a
service combination's too. Where the guides are silent the stand-in assumes
what `ASSUMED` lists and can be switched: `service_shape = "array"` (a
`services` array on the combination family), `timeslot_path = "by-branch"`
(the branch id in the combination timeslot path), `branches_refusal = 403`.

Faults come from `bot.local.loopback`: `server.fail("reschedule", Fault.status(503))`
(route names: those of `bot/backends/qmatic/routes.py`), and
`drop_after_applying(route)` applies a call and then drops the connection.
"""

from __future__ import annotations

import base64
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from http import HTTPStatus
from typing import Any

from bot.backends.qmatic.routes import ASSUMED_BEHAVIOURS, ROUTES
from bot.local.loopback import _Drop
from tests.fakes.qmatic.diary import (
    CANCELLED,
    FakeAppointment,
    error,
    field_error,
)
from tests.fakes.qmatic.writes import QmaticWrites
from tests.fakes.stub_server import StubRequest, StubResponse, StubServer, bearer, json_object

PREFIX = "(?:/external/v1)?"
SCOPE_PREFIX = "com.qmatic.saas.appointments/"
BOOK = SCOPE_PREFIX + "external.appointment.book"
RESCHEDULE = SCOPE_PREFIX + "external.appointment.reschedule"
CANCEL = SCOPE_PREFIX + "external.appointment.cancel"
SCOPES = frozenset({BOOK, RESCHEDULE, CANCEL})
TOKEN_SECONDS = 3600
SCOPE_OF = {
    "reserve": BOOK,
    "reserve_combined": BOOK,
    "release": BOOK,
    "reschedule": RESCHEDULE,
    "reschedule_combined": RESCHEDULE,
    "cancel": CANCEL,
}
NEEDS_LANGUAGE = frozenset({"services", "search", "search_combined"})
Handler = Callable[[StubRequest], StubResponse]

ASSUMED: dict[str, str] = {
    **ASSUMED_BEHAVIOURS,
    "combination_length": "a combination's timeslot lasts its services' durations together, over back-to-back "
    "openings serving all of them",
    "service_change": "a reservation for other services than the appointment's is refused with 400 (the guides: "
    "the service can never change), so a combination shown with one service cannot be moved",
    "error_body": "{status, error, message} (+ errors[] on validation); no pagination",
    "auth": "missing/expired token 401, missing scope 403, missing X-TENANT-ID 400, unknown tenant 403",
}
"""Every behaviour the guides leave open, as this stand-in plays it (the adapter's list first)."""


@dataclass
class IssuedToken:
    scopes: frozenset[str]
    expires_at: datetime


class QmaticServer(QmaticWrites, StubServer):
    def __init__(
        self,
        *,
        client_id: str = "qmatic-client",
        client_secret: str = "qmatic-secret",
        account: str = "northsideclinic",
        tenant_id: str = "tenant-northside",
    ) -> None:
        StubServer.__init__(self)
        self.client_id = client_id
        self.client_secret = client_secret
        self.account = account
        self.tenant_id = tenant_id
        self.granted_scopes: frozenset[str] | None = None
        """None: every scope asked for is granted; else only these."""
        self.rate_limit_per_minute: int | None = None
        self.branches_refusal: int | None = None
        """A status (401, 403, 404, 405) `GET /branches` answers instead of the listing, which is not published."""
        self.service_shape = "object"
        """"object": one `service` per appointment, as every published sample; "array": `services` on combinations."""
        self.timeslot_path = "published"
        """"published": the combination timeslot path carries a service id; "by-branch": the branch id."""
        self.tokens: dict[str, IssuedToken] = {}
        self._drop_after: dict[str, int] = {}
        self._window_start: datetime | None = None
        self._window_count = 0
        self._init_diary()
        handlers = self.handlers()
        for route in ROUTES.values():
            if route.name == "timeslots_combined_by_branch":
                continue  # the same path shape as timeslots_combined: one handler serves the variant in force
            if route.name == "token":  # on the host itself; the stand-in also takes it under the prefix
                self.add_route(route.method, PREFIX + route.pattern(), route.name, self._limited(handlers["token"]))
            else:
                self._guarded(route.method, PREFIX + route.pattern(), route.name, handlers[route.name])
        self._control_routes()

    def handlers(self) -> dict[str, Handler]:
        """One handler per route of the adapter's table (a test holds the two to each other)."""
        return {
            "token": self._token,
            "branches": self._branches,
            "services": self._services,
            "search": lambda request: self._search(request, combined=False),
            "search_combined": lambda request: self._search(request, combined=True),
            "get": lambda request: self._get(request, combined=False),
            "get_combined": lambda request: self._get(request, combined=True),
            "timeslots": self._single_slots,
            "timeslots_combined": self._combined_slots,
            "timeslots_combined_by_branch": self._combined_slots,
            "reserve": lambda request: self._reserve(request, combined=False),
            "reserve_combined": lambda request: self._reserve(request, combined=True),
            "release": self._release,
            "reschedule": lambda request: self._reschedule(request, combined=False),
            "reschedule_combined": lambda request: self._reschedule(request, combined=True),
            "cancel": self._cancel,
        }

    @classmethod
    def with_demo_data(cls, today: date, *, zone: str = "America/Chicago", days: int = 14) -> QmaticServer:
        from tests.fakes.qmatic.demo import demo_clinic

        return demo_clinic(today, zone=zone, days=days)

    def start(self) -> QmaticServer:
        super().start()
        # Answers go out as two writes (headers, body): without this, Nagle's algorithm adds ~40 ms per call.
        assert self._server is not None
        self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

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

    # -- behaviour switches -----------------------------------------------------------
    def drop_after_applying(self, route: str, times: int = 1) -> None:
        """The next `times` calls to `route` take effect, then the connection drops unanswered."""
        self._drop_after[route] = self._drop_after.get(route, 0) + times

    def revoke_tokens(self) -> None:
        """Qmatic forgets every token it issued (the next call with one answers 401)."""
        self.tokens.clear()

    def error_body(self, status: int, message: str) -> Any:
        phrase = HTTPStatus(status).phrase
        return {"status": status, "error": phrase, "message": phrase}

    # -- the guard every route passes ------------------------------------------------------
    def _limited(self, handler: Handler) -> Handler:
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

    def _guarded(self, method: str, pattern: str, name: str, handler: Handler) -> None:
        def run(request: StubRequest) -> StubResponse:
            refusal = self._refuse(request, SCOPE_OF.get(name), language=name in NEEDS_LANGUAGE)
            return refusal if refusal is not None else handler(request)

        self.add_route(method, pattern, name, self._limited(run))

    def _refuse(self, request: StubRequest, scope: str | None, *, language: bool) -> StubResponse | None:
        missing = error(401, "Full authentication is required to access this resource")
        token = bearer(request, self.tokens, missing=missing, unknown=error(401, "Invalid access token"))
        if isinstance(token, StubResponse):
            return token
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

    # -- token and catalogue -------------------------------------------------------------------
    def _token(self, request: StubRequest) -> StubResponse:
        refused = StubResponse(401, {"error": "invalid_client"})
        authorization = request.header("authorization") or ""
        if not authorization.startswith("Basic "):
            return refused
        try:
            client_id, _, secret = base64.b64decode(authorization[6:], validate=True).decode().partition(":")
        except ValueError:
            return refused
        if (client_id, secret) != (self.client_id, self.client_secret) or request.header("x-account") != self.account:
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

    def _branches(self, request: StubRequest) -> StubResponse:
        if self.branches_refusal is not None:
            return error(self.branches_refusal, HTTPStatus(self.branches_refusal).phrase)
        return StubResponse(200, [dict(branch) for branch in self.branches.values()])

    def _services(self, request: StubRequest) -> StubResponse:
        listed = [{"id": b["id"], "name": b["name"]} for b in self.branches.values()]
        return StubResponse(200, [{**service, "branches": listed} for service in self.services.values()])

    # -- appointments -------------------------------------------------------------------------
    def appointment_json(self, appointment: FakeAppointment, *, combined: bool) -> dict[str, Any]:
        branch = self.branches[appointment.branch_id]
        body: dict[str, Any] = {
            "appointmentId": appointment.id,
            "status": appointment.status,
            "timeSlot": self.time_slot_json(appointment.branch_id, appointment.start, appointment.end),
            "customer": dict(appointment.customer),
            "branch": {key: branch[key] for key in ("id", "name", "address", "location")},
            "numberOfReservations": appointment.number_of_reservations,
            "supportNotes": appointment.notes,
        }
        body.update(self._services_json(appointment.service_ids, combined=combined))
        return body

    def _services_json(self, service_ids: tuple[str, ...], *, combined: bool) -> dict[str, Any]:
        services = [self._service_json(service_id) for service_id in service_ids]
        if combined and self.service_shape == "array":
            return {"services": services}
        return {"service": services[0]}

    def _service_json(self, service_id: str) -> dict[str, Any]:
        service = self.services.get(service_id, {"id": service_id, "name": "", "config": {}})
        return {"id": service["id"], "name": service["name"], "config": dict(service.get("config") or {})}

    def time_slot_json(self, branch_id: str, start: datetime, end: datetime) -> dict[str, str]:
        zone = self.zones[branch_id]
        return {"startTime": start.astimezone(zone).isoformat(), "endTime": end.astimezone(zone).isoformat()}

    def _search(self, request: StubRequest, *, combined: bool) -> StubResponse:
        body = json_object(request)
        customer = body.get("customer") if body is not None else None
        wanted = customer.get("personalIdentifier") if isinstance(customer, dict) else None
        if not isinstance(wanted, str) or not wanted:
            return field_error(400, ("customer.personalIdentifier", "must not be empty"))
        if not (10 <= len(wanted) <= 48 and wanted.isascii() and wanted.isalnum()):
            return field_error(400, ("customer.personalIdentifier", "must be 10 to 48 letters or digits"))
        found = [
            self.appointment_json(a, combined=combined)
            for a in sorted(self.appointments.values(), key=lambda a: a.start)
            if a.personal_id == wanted and a.status != CANCELLED
        ]
        return StubResponse(200, found)

    def _get(self, request: StubRequest, *, combined: bool) -> StubResponse:
        appointment = self._live_appointment(request.params["appointment_id"])
        if appointment is None:
            return error(404, "Appointment not found")
        return StubResponse(200, self.appointment_json(appointment, combined=combined))

    # -- timeslots --------------------------------------------------------------------------------
    def _single_slots(self, request: StubRequest) -> StubResponse:
        return self._slot_answer(request, request.params["branch_id"], [request.params["service_id"]])

    def _combined_slots(self, request: StubRequest) -> StubResponse:
        ids = [part for value in request.query.get("serviceIds", []) for part in value.split(",") if part]
        if self.timeslot_path == "by-branch":
            request.route = "timeslots_combined_by_branch"
            branch_id = request.params["service_id"]  # the one path segment: here it names the branch
        else:
            if request.params["service_id"] not in self.services:
                return error(404, "Service not found")
            branch_id = request.arg("branchId") or ""
            if not branch_id:
                return field_error(400, ("branchId", "must not be empty"))
        if not ids:
            return field_error(400, ("serviceIds", "must not be empty"))
        return self._slot_answer(request, branch_id, ids)

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
        free = self.timeslots(branch_id, service_ids)
        days = [
            {
                "date": day.isoformat(),
                "timeSlots": [
                    self.time_slot_json(branch_id, start, end)
                    for start, end in free
                    if start.astimezone(zone).date() == day
                ],
            }
            for day in dates
        ]
        return StubResponse(200, days)


QmaticStandIn = QmaticServer
"""The name end-to-end tests use."""
