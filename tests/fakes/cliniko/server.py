"""A loopback stand-in for Cliniko's API, serving the routes of the adapter's own table (`cliniko/routes.py`).

What it plays: HTTP Basic auth with the API key (401 `{"message": "Unauthorized"}`
for a wrong or missing key), a 403 for a User-Agent without `(contact@email)`,
large string ids, links instead of foreign ids, `q[]` filters with Cliniko's
operators, `sort`, pages of at most 100 with `links.next` in the shapes the
docs' examples write (see `render`), lists hiding cancelled and archived
records unless the filter names them, 422 `Validation Failed` bodies, 404
`{"status": "404", "error": "Not Found"}`, available times worked out from
practitioners' hours and their bookings (dates read in the account's zone, at
most 7 days a call, 404 when online bookings are off), writes that happily
double-book (like the real one; `/conflicts` then says so), cancels that are
idempotent, `apply_to_repeats`, attendees of group classes, and a per-minute
rate limit answering 429 with `X-RateLimit-Reset`.

Where the docs are silent the stand-in assumes what `ASSUMED` lists, and can be
switched to the other plausible answers: `links_style`, `next_keeps_filters`,
`refuse_code(31)`, `settings_visible`.

For tests: seed with `add_business`, `add_practitioner`, `add_appointment_type`,
`add_patient`, `add_appointment` (`repeats=` for a series), `add_group_class`;
inject failures with `fail(route, Fault...)`, `drop_after_applying(route)`,
`refuse(route, {field: message})`; let someone else book a time with
`book_someone_else(start)` or move one with `move(id, start)` (or from inside
a call with `after_call(route, fn)`); inspect `appointment(id)`,
`attendee(id)`, `booked()`, `double_bookings()`, `calls_to(route)`.
"""

from __future__ import annotations

import base64
import re
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from bot.backends.cliniko.routes import ASSUMED_BEHAVIOURS, ROUTES
from bot.local.loopback import _Drop
from tests.fakes.cliniko.filters import (
    REASONS,
    cancel_problem,
    instant,
    invalid,
    message,
    not_found,
    ordered,
    overlap,
    select,
)
from tests.fakes.cliniko.times import ClinikoTimes
from tests.fakes.stub_server import StubRequest, StubResponse, StubServer

CONTACT = re.compile(r"\([^()]*[^\s@()]+@[^\s@()]+\.[^\s@()]+[^()]*\)")
Handler = Callable[[StubRequest], StubResponse]

ASSUMED: dict[str, str] = {
    **ASSUMED_BEHAVIOURS,
    "401_403_bodies": "401 {'message': 'Unauthorized'}, 403 {'message': 'Forbidden'} (bodies not documented)",
    "user_agent": "a User-Agent without '(contact@email)' answers 403 ('may be blocked')",
    "cancel_unknown_code": "422 {'errors': {'cancellation_reason': 'is not included in the list'}}",
    "attendee_cancel_on_individual": "422 with errors.base",
    "update_cancelled": "422 with errors.base",
    "rate_limit": "fixed 60-second window per key, 429 + X-RateLimit-Reset",
    "time_frame": "to - from <= 6 days, else 400 'Invalid time frame definition…'",
}
"""Every behaviour the docs leave open, as this stand-in plays it (the adapter's list first)."""


@dataclass
class Hooks:
    drop_after: dict[str, int] = field(default_factory=dict)
    refusals: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    after: dict[str, list[Callable[[], None]]] = field(default_factory=dict)


class ClinikoStandIn(ClinikoTimes, StubServer):
    def __init__(self, *, api_key: str = "test-key-au1", account_name: str = "Riverside Physiotherapy") -> None:
        StubServer.__init__(self)
        self.api_key = api_key
        self.now: datetime | None = None
        """The stand-in's "now" (today's date for available times, cancel stamps); None = the real clock."""
        self.slot_step_minutes = 30
        self.rate_limit_per_minute: int | None = None
        self.links_origin: str | None = None
        """Links name this origin instead of the stand-in's own, as they do behind a proxy in front of Cliniko."""
        self.links_style = "docs"
        self.next_keeps_filters = True
        self.accepted_reasons = set(REASONS)
        self.settings_visible = True
        """False: GET /settings answers 403, as for a user who may not view settings."""
        self._init_diary(account_name)
        self._hooks = Hooks()
        self._window_start = 0.0
        self._window_count = 0
        for route in ROUTES.values():
            self.add_route(
                route.method, "/v1" + route.pattern(), route.name, self._guarded(self.handlers()[route.name])
            )

    def handlers(self) -> dict[str, Handler]:
        """One handler per route of the adapter's table (a test holds the two to each other)."""
        return {
            "settings": self._settings,
            "list_businesses": self._list("businesses"),
            "get_business": self._one("businesses", "business_id"),
            "list_practitioners": self._list("practitioners"),
            "get_practitioner": self._one("practitioners", "practitioner_id"),
            "list_appointment_types": self._list("appointment_types"),
            "get_appointment_type": self._one("appointment_types", "type_id"),
            "list_patients": self._list("patients"),
            "get_patient": self._one("patients", "patient_id"),
            "list_appointments": self._list("individual_appointments"),
            "get_appointment": self._one("individual_appointments", "appointment_id"),
            "update_appointment": self._update_appointment,
            "cancel_appointment": self._cancel_appointment,
            "conflicts": self._conflicts,
            "list_attendees": self._list("attendees"),
            "get_attendee": self._one("attendees", "attendee_id"),
            "cancel_attendee": self._cancel_attendee,
            "list_group_appointments": self._list("group_appointments"),
            "get_group_appointment": self._one("group_appointments", "group_id"),
            "available_times": self._available_times,
        }

    @classmethod
    def with_demo_data(cls, today: date) -> ClinikoStandIn:
        """The demo clinic of `demo` (Riverside Physiotherapy, Maria Lopez and John Smith booked ahead)."""
        from tests.fakes.cliniko.demo import demo_clinic

        return demo_clinic(today)

    def start(self) -> ClinikoStandIn:
        super().start()
        # Answers go out as two writes (headers, body): without this, Nagle's algorithm adds ~40 ms a call.
        assert self._server is not None
        self._server.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self

    @property
    def base_url(self) -> str:
        """What CLINIKO_BASE_URL should be: the stand-in's `/v1`, like https://api.au1.cliniko.com/v1."""
        return f"{self.url}/v1"

    def environment(self, user_agent: str = "Clinic Bot demo (it@clinic.example)") -> dict[str, str]:
        """The variables that point `clinic-bot` at this stand-in."""
        return {
            "BOOKING_BACKEND": "cliniko",
            "CLINIKO_BASE_URL": self.base_url,
            "CLINIKO_API_KEY": self.api_key,
            "CLINIKO_USER_AGENT": user_agent,
        }

    # -- switches and hooks -----------------------------------------------------------------------
    def refuse_code(self, code: int) -> None:
        """Cancels with this reason code answer 422, as a Cliniko without it in its list would (31, say)."""
        self.accepted_reasons.discard(code)

    def drop_after_applying(self, route: str, times: int = 1) -> None:
        """The next `times` calls to `route` take effect, then the connection drops unanswered."""
        with self._lock:
            self._hooks.drop_after[route] = self._hooks.drop_after.get(route, 0) + times

    def refuse(self, route: str, errors: dict[str, str]) -> None:
        """The next call to `route` answers 422 Validation Failed with these field messages."""
        with self._lock:
            self._hooks.refusals.setdefault(route, []).append(errors)

    def after_call(self, route: str, action: Callable[[], None]) -> None:
        """Run `action` once, right after the next call to `route` is answered (a race, on cue)."""
        with self._lock:
            self._hooks.after.setdefault(route, []).append(action)

    def error_body(self, status: int, text: str) -> Any:
        if status == 404:
            return {"status": "404", "error": "Not Found"}
        if status == 422:
            return {"message": "Validation Failed", "errors": {"base": text}}
        texts = {401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests"}
        return {"message": texts.get(status, "Internal Server Error" if status >= 500 else text)}

    # -- the guard every route passes ------------------------------------------------------------------
    def _guarded(self, handler: Handler) -> Handler:
        def run(request: StubRequest) -> StubResponse:
            limited = self._rate_limited()
            if limited is not None:
                return limited
            if not self._authorised(request):
                return message(401, "Unauthorized")
            if not CONTACT.search(request.header("user-agent") or ""):
                return message(403, "Forbidden")
            refusals = self._hooks.refusals.get(request.route)
            if refusals:
                return invalid(refusals.pop(0))
            response = handler(request)
            for action in self._hooks.after.pop(request.route, []):
                action()
            if self._hooks.drop_after.get(request.route, 0) > 0:
                self._hooks.drop_after[request.route] -= 1
                raise _Drop
            return response

        return run

    def _authorised(self, request: StubRequest) -> bool:
        header = request.header("authorization") or ""
        if not header.lower().startswith("basic "):
            return False
        try:
            username, _, password = base64.b64decode(header[6:].strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return False
        accepted = {self.api_key, self.api_key.rpartition("-")[0] or self.api_key}
        return username in accepted and password == ""

    def _rate_limited(self) -> StubResponse | None:
        limit = self.rate_limit_per_minute
        if limit is None:
            return None
        now = time.time()
        if now - self._window_start >= 60:
            self._window_start, self._window_count = now, 0
        self._window_count += 1
        if self._window_count <= limit:
            return None
        reset = int(self._window_start + 60)
        return StubResponse(429, {"message": "Too Many Requests"}, {"X-RateLimit-Reset": str(reset)})

    # -- lists and records ------------------------------------------------------------------------------
    def _rows(self, collection: str) -> list[dict[str, Any]]:
        if collection == "practitioners":
            return [{"id": p.id, "created_at": None, "updated_at": None} for p in self.practitioners.values()]
        table: dict[str, dict[str, Any]] = {
            "patients": self.patients,
            "individual_appointments": self.appointments,
            "group_appointments": self.group_appointments,
            "attendees": self.attendees,
            "businesses": self.businesses,
            "appointment_types": self.appointment_types,
        }[collection]
        return list(table.values())

    def _list(self, collection: str) -> Handler:
        def run(request: StubRequest) -> StubResponse:
            chosen = select(
                self._rows(collection), request.query.get("q[]", []) + request.query.get("q", []), collection
            )
            if isinstance(chosen, str):
                return message(400, chosen)
            rows = ordered(chosen, request.arg("sort"))
            return self._paged(request, collection, [self.render(collection, row) for row in rows])

        return run

    def _one(self, collection: str, key: str) -> Handler:
        def run(request: StubRequest) -> StubResponse:
            for row in self._rows(collection):
                if row["id"] == request.params[key]:
                    return StubResponse(200, self.render(collection, row))
            return not_found()

        return run

    def _settings(self, request: StubRequest) -> StubResponse:
        if not self.settings_visible:
            return message(403, "Forbidden")
        return StubResponse(200, {"account": dict(self.account), "links": {"self": f"{self._origin}/v1/settings"}})

    # -- individual appointments ---------------------------------------------------------------------------
    def _update_appointment(self, request: StubRequest) -> StubResponse:
        row = self.appointments.get(request.params["appointment_id"])
        if row is None:
            return not_found()
        if row["cancelled_at"] is not None or row["archived_at"] is not None:
            return invalid({"base": "Cancelled or archived appointments cannot be changed"})
        body = request.json()
        if not isinstance(body, dict):
            return invalid({"base": "No changes given"})
        start, end = row["starts_at"], row["ends_at"]
        if "starts_at" in body:
            start = instant(body["starts_at"])
            if start is None:
                return invalid({"starts_at": "is not a valid UTC time (use 2026-12-02T15:00:00Z)"})
        if "ends_at" in body:
            if body["ends_at"] is None:
                end = start + timedelta(
                    minutes=self.appointment_types[row["appointment_type_id"]]["duration_in_minutes"]
                )
            else:
                end = instant(body["ends_at"])
                if end is None:
                    return invalid({"ends_at": "is not a valid UTC time (use 2026-12-02T15:00:00Z)"})
        if end <= start:
            return invalid({"ends_at": "must be after starts_at"})
        for name, table in (
            ("practitioner_id", self.practitioners),
            ("business_id", self.businesses),
            ("appointment_type_id", self.appointment_types),
        ):
            if name in body:
                if str(body[name]) not in table:
                    return invalid({name: "does not exist"})
                row[name] = str(body[name])
        if "notes" in body:
            row["notes"] = body["notes"]
        # Cliniko writes the time even over another booking [I-199]: so does the stand-in.
        row["starts_at"], row["ends_at"] = start, end
        row["updated_at"] = self.current_time()
        return StubResponse(200, self.render_appointment(row))

    def _cancel_asked(
        self, rows: dict[str, dict[str, Any]], request: StubRequest, key: str
    ) -> tuple[dict[str, Any], dict[str, Any]] | StubResponse:
        """The row a cancel names and its body, or Cliniko's answer to an unknown id or a reason it refuses."""
        row = rows.get(request.params[key])
        if row is None:
            return not_found()
        body = request.json()
        problem = cancel_problem(body, self.accepted_reasons)
        return (row, body) if problem is None else problem

    def _cancel_appointment(self, request: StubRequest) -> StubResponse:
        asked = self._cancel_asked(self.appointments, request, "appointment_id")
        if isinstance(asked, StubResponse):
            return asked
        row, body = asked
        if row["archived_at"] is not None:
            return invalid({"base": "Archived appointments cannot be cancelled"})
        if row["cancelled_at"] is not None:
            return StubResponse(204)  # already cancelled: nothing changes, not even cancelled_at
        reason, note = int(body["cancellation_reason"]), body.get("cancellation_note")
        self.cancel_row(row, reason, note)
        if body.get("apply_to_repeats") is True:
            series = row["repeated_from_id"] or row["id"]
            for other in self.appointments.values():
                in_series = series in (other["repeated_from_id"], other["id"])
                if in_series and other["starts_at"] > row["starts_at"] and self.is_live(other):
                    self.cancel_row(other, reason, note)
        return StubResponse(204)

    def _conflicts(self, request: StubRequest) -> StubResponse:
        row = self.appointments.get(request.params["appointment_id"])
        if row is None:
            return not_found()
        clash = self.is_live(row) and any(
            other["id"] != row["id"] and other["practitioner_id"] == row["practitioner_id"] and overlap(row, other)
            for other in self.live_bookings()
        )
        return StubResponse(200, {"conflicts": {"exist": clash}})

    # -- attendees ---------------------------------------------------------------------------------------
    def _cancel_attendee(self, request: StubRequest) -> StubResponse:
        asked = self._cancel_asked(self.attendees, request, "attendee_id")
        if isinstance(asked, StubResponse):
            return asked
        row, body = asked
        if row["booking_id"] not in self.group_appointments:
            return invalid({"base": "Only attendees of group appointments can be cancelled this way"})
        if row["cancelled_at"] is None:
            row.update(
                cancelled_at=self.current_time(),
                cancellation_reason=int(body["cancellation_reason"]),
                cancellation_note=body.get("cancellation_note"),
                updated_at=self.current_time(),
            )
        return StubResponse(204)
