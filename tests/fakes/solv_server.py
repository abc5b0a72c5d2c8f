"""A loopback stand-in for Solv's partner API, per ../shared/specs/solv.md (sections 1-4 and 8).

What it plays, beyond the documented calls: the token lifetime on a test
clock (`now`, `advance`), FastAPI's error bodies (422 `detail` lists, 401/403/404
`detail` strings), slot places taken by bookings and given back on cancel, a
422 on `appointment_date` for a full slot (Solv has no conflict code), repeat
cancels that succeed, a per-minute rate limit answering 429 + Retry-After, and
the `{"meta", "data"}` envelope the quick start mentions, behind a switch.
"""

from __future__ import annotations

import itertools
import secrets
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import unquote

from bot.local.loopback import _Drop
from tests.fakes.stub_server import Fault, StubRequest, StubResponse, StubServer

__all__ = ["Fault", "SolvServer", "solv_date"]

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


def solv_date(instant: datetime) -> str:
    """Solv's slot string: UTC, milliseconds, `Z` (the generated example's shape)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def _instant(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    return value if value.utcoffset() is not None else value.replace(tzinfo=UTC)


def missing(*fields: str) -> StubResponse:
    return invalid(*((field, "field required") for field in fields))


def invalid(*problems: tuple[str, str]) -> StubResponse:
    return StubResponse(
        422, {"detail": [{"loc": ["body", field], "msg": msg, "type": "value_error"} for field, msg in problems]}
    )


def detail(status: int, text: str) -> StubResponse:
    return StubResponse(status, {"detail": text})


@dataclass
class FakeSlot:
    location_id: int
    appointment_date: str
    availability: int
    busy: bool = False
    visit_type_id: int | None = None

    @property
    def start(self) -> datetime:
        value = _instant(self.appointment_date)
        assert value is not None
        return value


@dataclass
class IssuedToken:
    scopes: frozenset[str]
    expires_at: datetime | None


class SolvServer(StubServer):
    def __init__(self, *, client_id: str = "partner-client", client_secret: str = "partner-secret") -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self.now = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
        self.envelope = False
        self.rate_limit_per_minute: int | None = None
        self.allowed_locations: set[int] | None = None
        """None: the partner may use every location; else only these (others answer 403)."""
        self.granted_scopes: frozenset[str] | None = None
        """None: every scope asked for is granted; else only these."""
        self.tokens: dict[str, IssuedToken] = {}
        self.locations: dict[int, dict[str, Any]] = {}
        self.slots: list[FakeSlot] = []
        self.bookings: dict[int, dict[str, Any]] = {}
        self.external_location_of: dict[int, str] = {}
        self.cancellation_reasons: dict[int, str | None] = {}
        self._drop_after: dict[str, int] = {}
        self._ids = itertools.count(5001)
        self._window_start = self.now
        self._window_count = 0
        self._routes_table()

    def start(self) -> SolvServer:
        super().start()
        # Answers go out as two writes (headers, body): without this, Nagle's algorithm adds ~40 ms
        # to every call. Accepted connections inherit the option from the listening socket on Linux.
        assert self._server is not None
        self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    # -- test helpers -------------------------------------------------------------
    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)

    def add_location(self, location_id: int, name: str) -> None:
        self.locations[location_id] = {"id": location_id, "name": name, "display_name": name}

    def add_slot(
        self,
        location_id: int,
        start: datetime,
        *,
        availability: int = 1,
        busy: bool = False,
        visit_type_id: int | None = None,
    ) -> str:
        """Returns the slot's `appointment_date` string, as Solv will send it."""
        slot = FakeSlot(location_id, solv_date(start), availability, busy, visit_type_id)
        self.slots.append(slot)
        return slot.appointment_date

    def add_booking(
        self,
        location_id: int,
        start: datetime,
        *,
        first_name: str = "Ada",
        last_name: str = "Lovelace",
        birth_date: str = "1990-12-10",
        phone: str = "5125550101",
        status: str = "reserved",
        emr_booking_id: str | None = None,
        external_location_id: str | None = None,
        booking_id: int | None = None,
        **extra: Any,
    ) -> int:
        """A booking on the time `start`; it takes a place from the slot there, if one is seeded."""
        number = booking_id if booking_id is not None else next(self._ids)
        date = solv_date(start)
        slot = self._slot_at(location_id, date)
        if slot is not None and status != "cancelled":
            slot.availability -= 1
        self.bookings[number] = {
            "id": number,
            "location_id": location_id,
            "appointment_date": date,
            "status": status,
            "is_walk_in": False,
            "first_name": first_name,
            "last_name": last_name,
            "birth_date": birth_date,
            "phone": phone,
            "email": extra.pop("email", ""),
            "reason": extra.pop("reason", "Sore throat"),
            "paperwork_status": extra.pop("paperwork_status", "incomplete"),
            "emr_booking_id": emr_booking_id,
            **extra,
        }
        if emr_booking_id is not None:
            self.external_location_of[number] = external_location_id or "EXT-LOC-1"
        return number

    def availability(self, location_id: int, start: datetime) -> int | None:
        slot = self._slot_at(location_id, solv_date(start))
        return None if slot is None else slot.availability

    def booked(self) -> list[dict[str, Any]]:
        """Every booking not cancelled, as Solv holds it."""
        return [b for b in self.bookings.values() if b["status"] != "cancelled"]

    def drop_after_applying(self, route: str, times: int = 1) -> None:
        """The next `times` calls to `route` take effect, then the connection drops unanswered."""
        self._drop_after[route] = self._drop_after.get(route, 0) + times

    def revoke_tokens(self) -> None:
        """Solv forgets every token it issued (the next call with one answers 401)."""
        self.tokens.clear()

    def error_body(self, status: int, message: str) -> Any:
        texts = {429: "Too Many Requests", 401: "Not authenticated", 403: "Forbidden", 404: "Not Found"}
        return {"detail": texts.get(status, "Internal Server Error" if status >= 500 else message)}

    # -- routing ---------------------------------------------------------------------
    def _routes_table(self) -> None:
        number = r"(?P<booking_id>[0-9]+)"
        ext = r"(?P<external_id>[^/]+)"
        loc = r"(?P<location_id>[^/]+)"
        self.add_route("POST", "/v1/auth/token", "token", self._limited(self._token))
        self._guarded("GET", f"/v1/partner/bookings/{number}", "get_booking", "read:bookings", self._get_booking)
        self._guarded("POST", "/v1/partner/bookings", "create_booking", "write:bookings", self._create)
        self._guarded("PATCH", f"/v1/partner/bookings/{number}", "update_status", "write:bookings", self._status)
        self._guarded(
            "POST",
            f"/v1/partner/external_bookings/{ext}/reschedule",
            "external_reschedule",
            "write:bookings",
            self._external_reschedule,
        )
        self._guarded(
            "DELETE", f"/v1/partner/external_bookings/{ext}", "external_cancel", "write:bookings", self._external_cancel
        )
        self._guarded(
            "PATCH", f"/v1/partner/external_bookings/{ext}", "external_status", "write:bookings", self._external_status
        )
        self._guarded("GET", f"/v2/partner/locations/{loc}/slots", "slots", "read:locations", self._slots_v2)
        self._guarded("GET", f"/v1/partner/locations/{loc}/slots", "slots_v1", "read:locations", self._slots_v1)
        self._guarded("GET", f"/v1/partner/locations/{loc}", "location", "read:locations", self._location)

    def _limited(self, handler: Callable[[StubRequest], StubResponse]) -> Callable[[StubRequest], StubResponse]:
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

    def _guarded(
        self, method: str, pattern: str, name: str, scope: str, handler: Callable[[StubRequest], StubResponse]
    ) -> None:
        def run(request: StubRequest) -> StubResponse:
            refusal = self._refuse(request, scope)
            return refusal if refusal is not None else handler(request)

        self.add_route(method, pattern, name, self._limited(run))

    def _refuse(self, request: StubRequest, scope: str) -> StubResponse | None:
        if request.header("x-api-key") != self.client_id:
            return detail(401, "Invalid API key")
        authorization = request.header("authorization") or ""
        if not authorization.lower().startswith("bearer "):
            return detail(401, "Not authenticated")
        token = self.tokens.get(authorization[7:].strip())
        if token is None:
            return detail(401, "Invalid token")
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

    def _respond(self, booking: dict[str, Any]) -> StubResponse:
        return StubResponse(200, dict(booking))

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
        booking = self.bookings.get(int(request.params["booking_id"]))
        return detail(404, "Booking not found") if booking is None else self._respond(booking)

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
        problem = self._take(body["location_id"], date)
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
        return self._respond(booking)

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
            self._give_back(booking)
        elif was_cancelled and status != "cancelled":
            problem = self._take(booking["location_id"], booking["appointment_date"])
            if problem is not None:
                return problem
        booking["status"] = status
        return self._respond(booking)

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
        external_id = unquote(request.params["external_id"])
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
            return self._respond(booking)
        problem = self._take(booking["location_id"], date)
        if problem is not None:
            return problem
        self._give_back(booking)
        booking["appointment_date"] = date
        return self._respond(booking)

    def _external_cancel(self, request: StubRequest) -> StubResponse:
        booking, problem = self._external_target(request)
        if booking is None:
            assert problem is not None
            return problem
        if booking["status"] != "cancelled":
            self._give_back(booking)
            booking["status"] = "cancelled"
            self.cancellation_reasons[booking["id"]] = request.json().get("cancellation_reason")
        return self._respond(booking)

    def _external_status(self, request: StubRequest) -> StubResponse:
        booking, problem = self._external_target(request)
        if booking is None:
            assert problem is not None
            return problem
        return self._set_status(booking, request.json())

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

    def _slots_v2(self, request: StubRequest) -> StubResponse:
        return self._slot_answer(request, days=None)

    def _slots_v1(self, request: StubRequest) -> StubResponse:
        return self._slot_answer(request, days=int(request.arg("number_of_days_worth") or 7))

    def _slot_answer(self, request: StubRequest, *, days: int | None) -> StubResponse:
        location_id, problem = self._location_of(request)
        if problem is not None or location_id is None:
            return problem or detail(404, "Location not found")
        visit_type = request.arg("visit_type_id")
        last = self.now + timedelta(days=days) if days is not None else None
        chosen = [
            slot
            for slot in sorted(self.slots, key=lambda s: s.start)
            if slot.location_id == location_id
            and slot.start >= self.now
            and (last is None or slot.start < last)
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

    # -- places -----------------------------------------------------------------------------------
    def _slot_at(self, location_id: int, date: str) -> FakeSlot | None:
        wanted = _instant(date)
        for slot in self.slots:
            if slot.location_id == location_id and wanted is not None and slot.start == wanted:
                return slot
        return None

    def _take(self, location_id: int, date: str) -> StubResponse | None:
        slot = self._slot_at(location_id, date)
        if slot is None:
            return invalid(("appointment_date", "No slot at this time"))
        if slot.availability <= 0 or slot.busy:
            return invalid(("appointment_date", "This time slot is no longer available"))
        slot.availability -= 1
        return None

    def _give_back(self, booking: dict[str, Any]) -> None:
        slot = self._slot_at(booking["location_id"], booking["appointment_date"])
        if slot is not None:
            slot.availability += 1
