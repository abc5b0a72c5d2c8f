"""A loopback stand-in for Solv's partner API, serving the routes of the adapter's table (`solv/routes.py`).

What it plays, beyond the documented calls: the token lifetime on a test
clock (`now`, `advance`), FastAPI's error bodies (422 `detail` lists,
401/403/404 `detail` strings), slot places taken by bookings and given back
on cancel, a 422 on `appointment_date` for a full slot (Solv has no conflict
code), repeat cancels that succeed, a per-minute rate limit answering 429 +
Retry-After, and the `{"meta", "data"}` envelope the quick start mentions,
behind a switch.

The booking read (`GET /v1/partner/bookings/{id}`) is on no published page;
`booking_reads` switches the account between the plausible answers: "yes"
(the booking, or 404 "Booking not found"), "missing" (404 Not Found, as for a
route Solv does not have), "method" (405), "scope" (the token never carries
read:bookings: 403). Everything else it assumes is listed in `ASSUMED`.
"""

from __future__ import annotations

import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import unquote

from bot.backends.solv.routes import ASSUMED_BEHAVIOURS, ROUTES
from bot.local.loopback import _Drop
from tests.fakes.solv.diary import SolvDiary, detail, invalid, missing, solv_date
from tests.fakes.stub_server import StubRequest, StubResponse, StubServer, bearer

BOOKING_SCOPES = frozenset({"read:bookings", "write:bookings"})
STATUSES = ("reserved", "confirmed", "checked_in", "in_exam_room", "discharged", "no_show", "cancelled")
SERVICE_IDS = frozenset({"7", "8", "11"})
CREATE_REQUIRED = ("location_id", "appointment_date", "first_name", "last_name", "birth_date", "phone")
BOOKING_FIELDS = (
    "email",
    "reason",
    "paperwork_status",
    "birth_sex",
    "custom_booking_management_url",
    "address_street",
    "address_street_secondary",
    "address_city",
    "address_state",
    "address_zip",
)
SCOPE_OF = {
    "location": "read:locations",
    "slots": "read:locations",
    "get_booking": "read:bookings",
}
BOOKING_READS = ("yes", "missing", "method", "scope")
Handler = Callable[[StubRequest], StubResponse]

ASSUMED: dict[str, str] = {
    **ASSUMED_BEHAVIOURS,
    "errors": "401/403/404 {'detail': text}; 401 for a missing or expired token, 403 for a missing scope",
    "token_expiry": "booking-scoped tokens expire after 3600 s on the test clock; read-only ones never",
    "service_id": "any service_id but 7, 8 or 11 is a 422 on every external call",
    "rate_limit": "configurable N/min, 429 {'detail': 'Too Many Requests'} + Retry-After",
}
"""Every behaviour the docs leave open, as this stand-in plays it (the adapter's list first)."""


@dataclass
class IssuedToken:
    scopes: frozenset[str]
    expires_at: datetime | None


class SolvServer(SolvDiary, StubServer):
    def __init__(self, *, client_id: str = "partner-client", client_secret: str = "partner-secret") -> None:
        StubServer.__init__(self)
        self._init_diary()
        self.client_id = client_id
        self.client_secret = client_secret
        self.envelope = False
        self.rate_limit_per_minute: int | None = None
        self.allowed_locations: set[int] | None = None
        """None: the partner may use every location; else only these (others answer 403)."""
        self.granted_scopes: frozenset[str] | None = None
        """None: every scope asked for is granted; else only these."""
        self.booking_reads = "yes"
        self.tokens: dict[str, IssuedToken] = {}
        self._drop_after: dict[str, int] = {}
        self._window_start = self.now
        self._window_count = 0
        handlers = self.handlers()
        for route in ROUTES.values():
            if route.name == "token":
                self.add_route(route.method, route.pattern(), route.name, self._limited(handlers["token"]))
            else:
                self._guarded(route.method, route.pattern(), route.name, handlers[route.name])

    def handlers(self) -> dict[str, Handler]:
        """One handler per route of the adapter's table (a test holds the two to each other)."""
        return {
            "token": self._token,
            "location": self._location,
            "slots": self._slots,
            "get_booking": self._get_booking,
            "create_booking": self._create,
            "update_status": self._status,
            "external_reschedule": self._external_reschedule,
            "external_cancel": self._external_cancel,
        }

    def start(self) -> SolvServer:
        super().start()
        # Answers go out as two writes (headers, body): without this, Nagle's algorithm adds ~40 ms
        # to every call. Accepted connections inherit the option from the listening socket on Linux.
        assert self._server is not None
        self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    def without_booking_reads(self, how: str = "missing") -> SolvServer:
        """The account refuses partners' booking reads: "missing" (404), "method" (405) or "scope" (403)."""
        if how not in BOOKING_READS[1:]:
            raise ValueError(f"booking reads are refused as one of {BOOKING_READS[1:]}, not {how!r}")
        self.booking_reads = how
        if how == "scope":
            self.granted_scopes = frozenset({"read:locations", "write:bookings"})
        return self

    def environment(self, location_id: int, **extra: str) -> dict[str, str]:
        """The SOLV_* settings pointing `clinic-bot` at this stand-in (started)."""
        return {
            "BOOKING_BACKEND": "solv",
            "SOLV_BASE_URL": self.url,
            "SOLV_CLIENT_ID": self.client_id,
            "SOLV_CLIENT_SECRET": self.client_secret,
            "SOLV_LOCATION_ID": str(location_id),
            **extra,
        }

    # -- test helpers -------------------------------------------------------------
    def drop_after_applying(self, route: str, times: int = 1) -> None:
        """The next `times` calls to `route` take effect, then the connection drops unanswered."""
        self._drop_after[route] = self._drop_after.get(route, 0) + times

    def revoke_tokens(self) -> None:
        """Solv forgets every token it issued (the next call with one answers 401)."""
        self.tokens.clear()

    def error_body(self, status: int, message: str) -> Any:
        texts = {429: "Too Many Requests", 401: "Not authenticated", 403: "Forbidden", 404: "Not Found"}
        return {"detail": texts.get(status, "Internal Server Error" if status >= 500 else message)}

    # -- the guard every route passes -------------------------------------------------------
    def _limited(self, handler: Handler) -> Handler:
        def run(request: StubRequest) -> StubResponse:
            limit = self.rate_limit_per_minute
            if limit is not None:
                if self.now - self._window_start >= timedelta(minutes=1):
                    self._window_start, self._window_count = self.now, 0
                self._window_count += 1
                if self._window_count > limit:
                    wait = 60 - int((self.now - self._window_start).total_seconds())
                    return StubResponse(429, {"detail": "Too Many Requests"}, {"Retry-After": str(max(1, wait))})
            response = handler(request)
            if self._drop_after.get(request.route, 0) > 0:
                self._drop_after[request.route] -= 1
                raise _Drop
            if self.envelope and response.status < 300:
                response.body = {"meta": {}, "data": response.body}
            return response

        return run

    def _guarded(self, method: str, pattern: str, name: str, handler: Handler) -> None:
        def run(request: StubRequest) -> StubResponse:
            refusal = self._refuse(request, SCOPE_OF.get(name, "write:bookings"))
            return refusal if refusal is not None else handler(request)

        self.add_route(method, pattern, name, self._limited(run))

    def _refuse(self, request: StubRequest, scope: str) -> StubResponse | None:
        if request.header("x-api-key") != self.client_id:
            return detail(401, "Invalid API key")
        token = bearer(
            request, self.tokens, missing=detail(401, "Not authenticated"), unknown=detail(401, "Invalid token")
        )
        if isinstance(token, StubResponse):
            return token
        if token.expires_at is not None and self.now >= token.expires_at:
            return detail(401, "Token expired")
        if scope not in token.scopes:
            return detail(403, f"Token lacks scope {scope}")
        return None

    def _location_refusal(self, location_id: Any) -> StubResponse | None:
        if not isinstance(location_id, int) or location_id not in self.locations:
            return detail(404, "Location not found")
        if self.allowed_locations is not None and location_id not in self.allowed_locations:
            return detail(403, "Partner is not allowed to access this location")
        return None

    # -- token -------------------------------------------------------------------
    def _token(self, request: StubRequest) -> StubResponse:
        body = request.json()
        if not isinstance(body, dict):
            return missing("client_id", "client_secret", "scope")
        absent = [field for field in ("client_id", "client_secret") if not body.get(field)]
        if absent:
            return missing(*absent)
        if body.get("grant_type", "service_api") not in ("service_api", "client_credentials"):
            return invalid(("grant_type", "unexpected value; permitted: 'service_api'"))
        if request.header("x-api-key") != body["client_id"]:
            return detail(401, "Invalid API key")
        if body["client_id"] != self.client_id or body["client_secret"] != self.client_secret:
            return detail(401, "Invalid client credentials")
        asked = frozenset(part.strip() for part in str(body.get("scope") or "read:locations").split(",") if part)
        scopes = asked if self.granted_scopes is None else asked & self.granted_scopes
        value = secrets.token_hex(12)
        answer: dict[str, Any] = {"access_token": value, "token_type": "bearer", "grant_type": body["grant_type"]}
        expires_at = None
        if scopes & BOOKING_SCOPES:
            expires_at = self.now + timedelta(seconds=3600)
            answer.update(
                expires_in=3600,
                expiration_timestamp=expires_at.isoformat(),
                refresh_token=secrets.token_hex(12),
            )
        self.tokens[value] = IssuedToken(scopes, expires_at)
        return StubResponse(200, answer)

    # -- bookings by Solv id ---------------------------------------------------------------
    def _get_booking(self, request: StubRequest) -> StubResponse:
        if self.booking_reads == "missing":
            return detail(404, "Not Found")  # FastAPI's answer for a path it does not serve
        if self.booking_reads == "method":
            return detail(405, "Method Not Allowed")
        booking = self.bookings.get(int(request.params["booking_id"]))
        return detail(404, "Booking not found") if booking is None else StubResponse(200, dict(booking))

    def _create(self, request: StubRequest) -> StubResponse:
        body = request.json()
        if not isinstance(body, dict):
            return missing(*CREATE_REQUIRED)
        absent = [field for field in CREATE_REQUIRED if body.get(field) in (None, "")]
        if absent:
            return missing(*absent)
        refusal = self._location_refusal(body["location_id"])
        if refusal is not None:
            return refusal
        date = str(body["appointment_date"])
        problem = self.take(body["location_id"], date)
        if problem is not None:
            return problem
        number = next(self._ids)
        walk_in = bool(body.get("is_walk_in"))
        booking = {
            "id": number,
            "location_id": body["location_id"],
            "appointment_date": date,
            "status": "confirmed" if walk_in else "reserved",
            "is_walk_in": walk_in,
            "first_name": body["first_name"],
            "last_name": body["last_name"],
            "birth_date": body["birth_date"],
            "phone": body["phone"],
            "emr_booking_id": None,
            "visit_type_id": body.get("visit_type_id"),
            **{field: body.get(field, "") for field in ("email", "reason")},
            "paperwork_status": body.get("paperwork_status") or "incomplete",
            **{field: body[field] for field in BOOKING_FIELDS if field in body and field not in ("email", "reason")},
        }
        self.bookings[number] = booking
        return StubResponse(200, dict(booking))

    def _status(self, request: StubRequest) -> StubResponse:
        booking = self.bookings.get(int(request.params["booking_id"]))
        if booking is None:
            return detail(404, "Booking not found")
        return self._set_status(booking, request.json())

    def _set_status(self, booking: dict[str, Any], body: Any) -> StubResponse:
        status = body.get("status") if isinstance(body, dict) else None
        if status is None:
            return missing("status")
        if str(status).lower() not in STATUSES:
            return invalid(("status", f"value is not a valid enumeration member; permitted: {', '.join(STATUSES)}"))
        status = str(status).lower()
        was_cancelled = booking["status"] == "cancelled"
        if status == "cancelled" and not was_cancelled:
            self.give_back(booking)
        elif was_cancelled and status != "cancelled":
            problem = self.take(booking["location_id"], booking["appointment_date"])
            if problem is not None:
                return problem
        booking["status"] = status
        return StubResponse(200, dict(booking))

    # -- bookings by EHR id ------------------------------------------------------------------
    def _external_target(self, request: StubRequest) -> tuple[dict[str, Any] | None, StubResponse | None]:
        body = request.json()
        if not isinstance(body, dict):
            return None, missing("external_location_id", "service_id")
        absent = [field for field in ("external_location_id", "service_id") if body.get(field) in (None, "")]
        if absent:
            return None, missing(*absent)
        if str(body["service_id"]) not in SERVICE_IDS:
            return None, invalid(("service_id", "service_id must be one of 7, 8, or 11"))
        external_id = unquote(request.params["external_booking_id"])
        for number, booking in self.bookings.items():
            if booking.get("emr_booking_id") == external_id and self.external_location_of.get(number) == str(
                body["external_location_id"]
            ):
                return booking, None
        return None, detail(404, "External booking not found")

    def _external_reschedule(self, request: StubRequest) -> StubResponse:
        body = request.json()
        if isinstance(body, dict) and not body.get("appointment_date"):
            return missing("appointment_date")
        booking, problem = self._external_target(request)
        if booking is None:
            assert problem is not None
            return problem
        date = str(body["appointment_date"])
        if date == booking["appointment_date"]:
            return StubResponse(200, dict(booking))
        problem = self.take(booking["location_id"], date)
        if problem is not None:
            return problem
        self.give_back(booking)
        booking["appointment_date"] = date
        return StubResponse(200, dict(booking))

    def _external_cancel(self, request: StubRequest) -> StubResponse:
        booking, problem = self._external_target(request)
        if booking is None:
            assert problem is not None
            return problem
        if booking["status"] != "cancelled":
            self.give_back(booking)
            booking["status"] = "cancelled"
            self.cancellation_reasons[booking["id"]] = request.json().get("cancellation_reason")
        return StubResponse(200, dict(booking))

    # -- locations and slots -------------------------------------------------------------------
    def _location_of(self, request: StubRequest) -> tuple[int | None, StubResponse | None]:
        raw = request.params["location_id"]
        if not raw.isdigit():
            return None, StubResponse(
                422,
                {"detail": [{"loc": ["path", "location_id"], "msg": "value is not a valid integer"}]},
            )
        location_id = int(raw)
        return location_id, self._location_refusal(location_id)

    def _location(self, request: StubRequest) -> StubResponse:
        location_id, problem = self._location_of(request)
        if problem is not None or location_id is None:
            return problem or detail(404, "Location not found")
        return StubResponse(200, dict(self.locations[location_id]))

    def _slots(self, request: StubRequest) -> StubResponse:
        location_id, problem = self._location_of(request)
        if problem is not None or location_id is None:
            return problem or detail(404, "Location not found")
        visit_type = request.arg("visit_type_id")
        chosen = [
            slot
            for slot in sorted(self.slots, key=lambda s: s.start)
            if slot.location_id == location_id
            and slot.start >= self.now
            and (visit_type is None or slot.visit_type_id in (None, int(visit_type)))
        ]
        body = [
            {
                "location_id": location_id,
                "slots": [
                    {
                        "appointment_date": slot.appointment_date,
                        "availability": slot.availability,
                        "busy": slot.busy,
                        "location_ids": [str(location_id)],
                    }
                    for slot in chosen
                ],
            }
        ]
        return StubResponse(200, body)


__all__ = ["ASSUMED", "SolvServer", "solv_date"]
