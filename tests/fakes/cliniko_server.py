"""A loopback stand-in for Cliniko's API, per ../shared/specs/cliniko.md (section 6's fake defaults included).

What it plays: HTTP Basic auth with the API key (401 `{"message": "Unauthorized"}`
for a wrong or missing key), a 403 for a User-Agent without `(contact@email)`,
large string ids, links instead of foreign ids, `q[]` filters with Cliniko's
operators, `sort`, pages of at most 100 with `links.next`, lists hiding
cancelled and archived records unless the filter names them, 422 `Validation
Failed` bodies, 404 `{"status": "404", "error": "Not Found"}`, available
times worked out from practitioners' hours and their bookings (at most 7 days
a call, 404 when online bookings are off), writes that happily double-book
(like the real one; `/conflicts` then says so), cancels that are idempotent,
`apply_to_repeats`, attendees of group classes, and a per-minute rate limit
answering 429 with `X-RateLimit-Reset`.

For tests: seed with `add_business`, `add_practitioner`, `add_appointment_type`,
`add_patient`, `add_appointment` (`repeats=` for a series), `add_group_class`;
inject failures with `fail(route, Fault...)`, `drop_after_applying(route)`,
`refuse(route, {field: message})`; let someone else book a time with
`book_someone_else(start)` (or from inside a call with `after_call(route, fn)`);
inspect `appointment(id)`, `attendee(id)`, `booked()`, `double_bookings()`,
`calls_to(route)`.

Starting it on its own (end-to-end tests, or trying the bot by hand):

    from datetime import date
    from tests.fakes.cliniko_server import ClinikoStandIn

    server = ClinikoStandIn.with_demo_data(date.today()).start()
    env = server.environment()  # BOOKING_BACKEND, CLINIKO_BASE_URL, CLINIKO_API_KEY, CLINIKO_USER_AGENT
    ...  # run `clinic-bot serve` with env added to os.environ
    server.stop()

The demo has Riverside Physiotherapy (America/Chicago), Dr Jane Park working
every day 8 AM-6 PM, Maria Lopez (born 1985-03-14, +1 512 555 0101) booked
in two days at 10:00 and John Smith (born 1979-11-02, +1 512 555 0199) in
three days at 14:00. From a shell, `.venv/bin/python -m tests.fakes.cliniko_server`
prints the variables to export and serves until Ctrl-C.
"""

from __future__ import annotations

import base64
import itertools
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from bot.local.loopback import _Drop
from tests.fakes.stub_server import Fault, StubRequest, StubResponse, StubServer

__all__ = ["DEMO_API_KEY", "DEMO_USER_AGENT", "ClinikoStandIn", "Fault", "z"]

DEMO_API_KEY = "MS0xLWRlbW8tY2xpbmlrby1rZXk-au1"
DEMO_USER_AGENT = "Clinic Bot demo (it@clinic.example)"
CONTACT = re.compile(r"\([^()]*[^\s@()]+@[^\s@()]+\.[^\s@()]+[^()]*\)")
REASONS = {
    10: "Feeling Better",
    20: "Condition Worse",
    30: "Sick",
    31: "COVID-19 related",
    40: "Away",
    50: "Other",
    60: "Work",
}
TIME_FRAME = "Invalid time frame definition. Please check from/to param limitations."
NOT_FOUND = {"status": "404", "error": "Not Found"}
OPERATORS = ("~~", ">=", "<=", "!=", "!?", "=", ">", "<", "~", "?", "*")
ALLOWED_OPS = {
    "id": {"=", "!=", ">=", ">", "<=", "<", "?", "!?"},
    "datetime": {">=", ">", "<=", "<", "?", "!?", "*"},
    "date": {"=", ">=", ">", "<=", "<", "?", "!?"},
    "string": {"=", "!=", "~", "~~", "?", "!?"},
    "bool": {"=", "!="},
}
STAMPS = {"created_at": "datetime", "updated_at": "datetime", "id": "id"}
FILTERS: dict[str, dict[str, str]] = {
    "patients": {
        **STAMPS,
        "first_name": "string",
        "last_name": "string",
        "email": "string",
        "date_of_birth": "date",
        "old_reference_id": "string",
        "archived_at": "datetime",
    },
    "individual_appointments": {
        **STAMPS,
        "patient_id": "id",
        "practitioner_id": "id",
        "business_id": "id",
        "appointment_type_id": "id",
        "repeated_from_id": "id",
        "starts_at": "datetime",
        "ends_at": "datetime",
        "cancelled_at": "datetime",
        "archived_at": "datetime",
        "deleted_at": "datetime",
        "did_not_arrive": "bool",
    },
    "group_appointments": {
        **STAMPS,
        "practitioner_id": "id",
        "business_id": "id",
        "appointment_type_id": "id",
        "starts_at": "datetime",
        "ends_at": "datetime",
        "archived_at": "datetime",
        "deleted_at": "datetime",
    },
    "attendees": {
        **STAMPS,
        "booking_id": "id",
        "patient_id": "id",
        "cancelled_at": "datetime",
        "archived_at": "datetime",
        "deleted_at": "datetime",
    },
    "businesses": {**STAMPS, "archived_at": "datetime"},
    "practitioners": dict(STAMPS),
    "appointment_types": {**STAMPS, "archived_at": "datetime"},
}
HIDDEN_UNLESS_ASKED = ("cancelled_at", "archived_at", "deleted_at")
RAILS_LABELS = {
    "America/Chicago": "Central Time (US & Canada)",
    "America/New_York": "Eastern Time (US & Canada)",
    "America/Denver": "Mountain Time (US & Canada)",
    "America/Los_Angeles": "Pacific Time (US & Canada)",
    "Australia/Sydney": "Sydney",
    "Australia/Brisbane": "Brisbane",
    "Europe/London": "London",
}


def z(instant: datetime) -> str:
    """Cliniko's instant: UTC with `Z`."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _instant(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text.endswith("Z"):
        return None
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        return None


def invalid(errors: dict[str, str], status: int = 422) -> StubResponse:
    return StubResponse(status, {"message": "Validation Failed", "errors": errors})


def message(status: int, text: str) -> StubResponse:
    return StubResponse(status, {"message": text})


@dataclass
class Practitioner:
    id: str
    first_name: str
    last_name: str
    title: str
    business_ids: list[str]
    hours: dict[int, tuple[clock_time, clock_time]]
    """Weekday (Monday 0) -> opening and closing wall-clock time at each of their businesses."""
    show_in_online_bookings: bool = True
    appointment_type_ids: list[str] | None = None
    """None: every appointment type."""


@dataclass
class Hooks:
    drop_after: dict[str, int] = field(default_factory=dict)
    refusals: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    after: dict[str, list[Callable[[], None]]] = field(default_factory=dict)


class ClinikoStandIn(StubServer):
    def __init__(self, *, api_key: str = "test-key-au1", account_name: str = "Riverside Physiotherapy") -> None:
        super().__init__()
        self.api_key = api_key
        self.now: datetime | None = None
        """The stand-in's "now" (today's date for available times, cancel stamps); None = the real clock."""
        self.slot_step_minutes = 30
        self.rate_limit_per_minute: int | None = None
        self.links_origin: str | None = None
        """Links name this origin instead of the stand-in's own, as they do behind a proxy in front of Cliniko."""
        self.account = {"name": account_name, "time_zone": "Central Time (US & Canada)"}
        self.businesses: dict[str, dict[str, Any]] = {}
        self.practitioners: dict[str, Practitioner] = {}
        self.appointment_types: dict[str, dict[str, Any]] = {}
        self.patients: dict[str, dict[str, Any]] = {}
        self.appointments: dict[str, dict[str, Any]] = {}
        self.group_appointments: dict[str, dict[str, Any]] = {}
        self.attendees: dict[str, dict[str, Any]] = {}
        self.blocks: list[tuple[str, datetime, datetime]] = []
        self._ids = itertools.count(514810976554457178, 7919)
        self._hooks = Hooks()
        self._window_start = 0.0
        self._window_count = 0
        self._routes_table()

    # -- lifecycle ------------------------------------------------------------------------------
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

    def environment(self, user_agent: str = DEMO_USER_AGENT) -> dict[str, str]:
        """The variables that point `clinic-bot` at this stand-in."""
        return {
            "BOOKING_BACKEND": "cliniko",
            "CLINIKO_BASE_URL": self.base_url,
            "CLINIKO_API_KEY": self.api_key,
            "CLINIKO_USER_AGENT": user_agent,
        }

    def current_time(self) -> datetime:
        return self.now or datetime.now(UTC)

    # -- seeding ----------------------------------------------------------------------------------
    def _new_id(self) -> str:
        return str(next(self._ids))

    def add_business(
        self,
        name: str,
        *,
        zone: str | None = "America/Chicago",
        zone_label: str | None = None,
        show_in_online_bookings: bool = True,
    ) -> str:
        """`zone` is the business's IANA zone (advanced time zones); None = the account's zone only."""
        business_id = self._new_id()
        self.businesses[business_id] = {
            "id": business_id,
            "business_name": name,
            "display_name": name,
            "country_code": "US",
            "show_in_online_bookings": show_in_online_bookings,
            "time_zone": zone_label if zone_label is not None else RAILS_LABELS.get(zone or "", zone),
            "time_zone_identifier": zone,
            "archived_at": None,
            "created_at": z(self.current_time()),
            "updated_at": z(self.current_time()),
        }
        return business_id

    def add_practitioner(
        self,
        first_name: str,
        last_name: str,
        *,
        businesses: Iterable[str],
        title: str = "",
        opens: clock_time = clock_time(9),
        closes: clock_time = clock_time(17),
        weekdays: Iterable[int] = (0, 1, 2, 3, 4),
        show_in_online_bookings: bool = True,
        appointment_types: list[str] | None = None,
    ) -> str:
        practitioner_id = self._new_id()
        self.practitioners[practitioner_id] = Practitioner(
            id=practitioner_id,
            first_name=first_name,
            last_name=last_name,
            title=title,
            business_ids=list(businesses),
            hours={day: (opens, closes) for day in weekdays},
            show_in_online_bookings=show_in_online_bookings,
            appointment_type_ids=appointment_types,
        )
        return practitioner_id

    def add_appointment_type(
        self, name: str, minutes: int, *, max_attendees: int = 1, show_in_online_bookings: bool = True
    ) -> str:
        type_id = self._new_id()
        self.appointment_types[type_id] = {
            "id": type_id,
            "name": name,
            "duration_in_minutes": minutes,
            "max_attendees": max_attendees,
            "show_in_online_bookings": show_in_online_bookings,
            "category": "Consultation",
            "color": "#3f51b5",
            "archived_at": None,
            "created_at": z(self.current_time()),
            "updated_at": z(self.current_time()),
        }
        return type_id

    def add_patient(
        self,
        first_name: str,
        last_name: str,
        *,
        date_of_birth: str | None = None,
        phones: Iterable[str] = (),
        preferred_first_name: str | None = None,
        email: str | None = None,
    ) -> str:
        patient_id = self._new_id()
        self.patients[patient_id] = {
            "id": patient_id,
            "first_name": first_name,
            "last_name": last_name,
            "preferred_first_name": preferred_first_name,
            "title": None,
            "date_of_birth": date_of_birth,
            "email": email,
            "patient_phone_numbers": [{"phone_type": "Mobile", "number": number} for number in phones],
            "time_zone": None,
            "old_reference_id": None,
            "archived_at": None,
            "deleted_at": None,
            "created_at": z(self.current_time()),
            "updated_at": z(self.current_time()),
        }
        return patient_id

    def add_appointment(
        self,
        patient_id: str,
        start: datetime,
        *,
        practitioner_id: str | None = None,
        business_id: str | None = None,
        appointment_type_id: str | None = None,
        minutes: int | None = None,
        repeats: int = 0,
        every: timedelta = timedelta(weeks=1),
        cancelled: bool = False,
    ) -> str:
        """An individual appointment (defaults: the first practitioner, business and type seeded).

        `repeats=3` makes a series of 4 weekly occurrences; the first one's id is returned and
        the others carry it as `repeated_from_id`.
        """
        practitioner_id = practitioner_id or next(iter(self.practitioners))
        business_id = business_id or self.practitioners[practitioner_id].business_ids[0]
        type_id = appointment_type_id or next(iter(self.appointment_types))
        length = timedelta(minutes=minutes or self.appointment_types[type_id]["duration_in_minutes"])
        first_id = ""
        for occurrence in range(repeats + 1):
            appointment_id = self._new_id()
            first_id = first_id or appointment_id
            begins = start + every * occurrence
            self.appointments[appointment_id] = {
                "id": appointment_id,
                "patient_id": patient_id,
                "practitioner_id": practitioner_id,
                "business_id": business_id,
                "appointment_type_id": type_id,
                "starts_at": begins.astimezone(UTC),
                "ends_at": (begins + length).astimezone(UTC),
                "notes": None,
                "cancelled_at": None,
                "cancellation_reason": None,
                "cancellation_note": None,
                "archived_at": None,
                "deleted_at": None,
                "did_not_arrive": False,
                "repeat_rule": (
                    {"repeat_type": "Weekly", "number_of_repeats": repeats, "repeating_interval": 1} if repeats else {}
                ),
                "repeated_from_id": None if occurrence == 0 else first_id,
                "created_at": self.current_time(),
                "updated_at": self.current_time(),
            }
            self._add_attendee(appointment_id, patient_id)
            if cancelled:
                self._cancel_row(self.appointments[appointment_id], 50, None)
        return first_id

    def add_group_class(
        self,
        start: datetime,
        patient_ids: Iterable[str],
        *,
        practitioner_id: str | None = None,
        business_id: str | None = None,
        appointment_type_id: str | None = None,
        minutes: int = 60,
    ) -> tuple[str, list[str]]:
        """A group appointment with one attendee per patient: (group id, attendee ids)."""
        practitioner_id = practitioner_id or next(iter(self.practitioners))
        business_id = business_id or self.practitioners[practitioner_id].business_ids[0]
        type_id = appointment_type_id or next(iter(self.appointment_types))
        group_id = self._new_id()
        self.group_appointments[group_id] = {
            "id": group_id,
            "practitioner_id": practitioner_id,
            "business_id": business_id,
            "appointment_type_id": type_id,
            "starts_at": start.astimezone(UTC),
            "ends_at": (start + timedelta(minutes=minutes)).astimezone(UTC),
            "max_attendees": 8,
            "notes": None,
            "archived_at": None,
            "deleted_at": None,
            "created_at": self.current_time(),
            "updated_at": self.current_time(),
        }
        return group_id, [self._add_attendee(group_id, patient_id) for patient_id in patient_ids]

    def _add_attendee(self, booking_id: str, patient_id: str) -> str:
        attendee_id = self._new_id()
        self.attendees[attendee_id] = {
            "id": attendee_id,
            "booking_id": booking_id,
            "patient_id": patient_id,
            "cancelled_at": None,
            "cancellation_reason": None,
            "cancellation_note": None,
            "archived_at": None,
            "deleted_at": None,
            "created_at": self.current_time(),
            "updated_at": self.current_time(),
        }
        return attendee_id

    def block(self, practitioner_id: str, start: datetime, end: datetime) -> None:
        """An unavailable block in the practitioner's diary."""
        self.blocks.append((practitioner_id, start.astimezone(UTC), end.astimezone(UTC)))

    def book_someone_else(
        self, start: datetime, *, practitioner_id: str | None = None, minutes: int | None = None
    ) -> str:
        """Another patient is booked at `start` (as reception would, straight into Cliniko)."""
        other = self.add_patient("Someone", "Else", date_of_birth="1970-01-01")
        return self.add_appointment(other, start, practitioner_id=practitioner_id, minutes=minutes)

    @classmethod
    def with_demo_data(cls, today: date, *, api_key: str = DEMO_API_KEY) -> ClinikoStandIn:
        """A small clinic whose appointments lie ahead of `today`, open every day so any test day works."""
        server = cls(api_key=api_key)
        zone = ZoneInfo("America/Chicago")
        business = server.add_business("Riverside Physiotherapy", zone="America/Chicago")
        park = server.add_practitioner(
            "Jane",
            "Park",
            title="Dr",
            businesses=[business],
            opens=clock_time(8),
            closes=clock_time(18),
            weekdays=range(7),
        )
        standard = server.add_appointment_type("Standard consultation", 30)
        server.add_appointment_type("Initial assessment", 60)
        maria = server.add_patient("Maria", "Lopez", date_of_birth="1985-03-14", phones=["+1 512 555 0101"])
        john = server.add_patient("John", "Smith", date_of_birth="1979-11-02", phones=["+1 512 555 0199"])

        def at(days: int, hour: int) -> datetime:
            return datetime.combine(today + timedelta(days=days), clock_time(hour), zone)

        server.add_appointment(maria, at(2, 10), practitioner_id=park, appointment_type_id=standard)
        server.add_appointment(john, at(3, 14), practitioner_id=park, appointment_type_id=standard)
        return server

    # -- test helpers -----------------------------------------------------------------------------
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

    def appointment(self, appointment_id: str) -> dict[str, Any]:
        """The appointment as Cliniko would show it."""
        return self._render_appointment(self.appointments[appointment_id])

    def attendee(self, attendee_id: str) -> dict[str, Any]:
        return self._render_attendee(self.attendees[attendee_id])

    def booked(self) -> list[dict[str, Any]]:
        """Every individual appointment not cancelled or archived, by start."""
        rows = [row for row in self.appointments.values() if self._is_live(row)]
        return [self._render_appointment(row) for row in sorted(rows, key=lambda row: row["starts_at"])]

    def double_bookings(self) -> list[tuple[str, str]]:
        """Pairs of live bookings (individual or group) of one practitioner that overlap."""
        rows = self._live_bookings()
        pairs = []
        for first, second in itertools.combinations(rows, 2):
            if first["practitioner_id"] == second["practitioner_id"] and _overlap(first, second):
                pairs.append((first["id"], second["id"]))
        return pairs

    def error_body(self, status: int, message: str) -> Any:
        if status == 404:
            return dict(NOT_FOUND)
        if status == 422:
            return {"message": "Validation Failed", "errors": {"base": message}}
        texts = {401: "Unauthorized", 403: "Forbidden", 429: "Too Many Requests"}
        return {"message": texts.get(status, "Internal Server Error" if status >= 500 else message)}

    # -- routing ------------------------------------------------------------------------------------
    def _routes_table(self) -> None:
        n = r"(?P<id>[0-9]+)"
        routes: list[tuple[str, str, str, Callable[[StubRequest], StubResponse]]] = [
            ("GET", "/v1/patients", "list_patients", self._list("patients")),
            ("GET", f"/v1/patients/{n}", "get_patient", self._one("patients")),
            ("GET", "/v1/individual_appointments", "list_appointments", self._list("individual_appointments")),
            ("POST", "/v1/individual_appointments", "create_appointment", self._create_appointment),
            ("GET", f"/v1/individual_appointments/{n}", "get_appointment", self._one("individual_appointments")),
            ("PATCH", f"/v1/individual_appointments/{n}", "update_appointment", self._update_appointment),
            ("PUT", f"/v1/individual_appointments/{n}", "update_appointment", self._update_appointment),
            ("PATCH", f"/v1/individual_appointments/{n}/cancel", "cancel_appointment", self._cancel_appointment),
            ("POST", f"/v1/individual_appointments/{n}/archive", "archive_appointment", self._archive_appointment),
            ("GET", f"/v1/individual_appointments/{n}/conflicts", "conflicts", self._conflicts),
            ("GET", f"/v1/individual_appointments/{n}/attendees", "booking_attendees", self._booking_attendees),
            ("GET", "/v1/group_appointments", "list_group_appointments", self._list("group_appointments")),
            ("GET", f"/v1/group_appointments/{n}", "get_group_appointment", self._one("group_appointments")),
            ("GET", f"/v1/group_appointments/{n}/attendees", "booking_attendees", self._booking_attendees),
            ("GET", "/v1/attendees", "list_attendees", self._list("attendees")),
            ("GET", f"/v1/attendees/{n}", "get_attendee", self._one("attendees")),
            ("PATCH", f"/v1/attendees/{n}/cancel", "cancel_attendee", self._cancel_attendee),
            ("GET", "/v1/businesses", "list_businesses", self._list("businesses")),
            ("GET", f"/v1/businesses/{n}", "get_business", self._one("businesses")),
            ("GET", "/v1/practitioners", "list_practitioners", self._list("practitioners")),
            ("GET", f"/v1/practitioners/{n}", "get_practitioner", self._one("practitioners")),
            ("GET", "/v1/appointment_types", "list_appointment_types", self._list("appointment_types")),
            ("GET", f"/v1/appointment_types/{n}", "get_appointment_type", self._one("appointment_types")),
            ("GET", "/v1/settings", "settings", self._settings),
        ]
        times = r"/v1/businesses/(?P<business>[0-9]+)/practitioners/(?P<practitioner>[0-9]+)" + (
            r"/appointment_types/(?P<type>[0-9]+)"
        )
        routes.append(("GET", times + "/available_times", "available_times", self._available_times))
        routes.append(("GET", times + "/next_available_time", "next_available_time", self._next_available_time))
        for method, pattern, name, handler in routes:
            self.add_route(method, pattern, name, self._guarded(handler))

    def _guarded(self, handler: Callable[[StubRequest], StubResponse]) -> Callable[[StubRequest], StubResponse]:
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

    # -- lists, filters, pages ------------------------------------------------------------------------
    def _rows(self, collection: str) -> list[dict[str, Any]]:
        if collection == "practitioners":
            return [self._practitioner_row(p) for p in self.practitioners.values()]
        table: dict[str, dict[str, Any]] = {
            "patients": self.patients,
            "individual_appointments": self.appointments,
            "group_appointments": self.group_appointments,
            "attendees": self.attendees,
            "businesses": self.businesses,
            "appointment_types": self.appointment_types,
        }[collection]
        return list(table.values())

    def _render(self, collection: str, row: dict[str, Any]) -> dict[str, Any]:
        if collection == "individual_appointments":
            return self._render_appointment(row)
        if collection == "group_appointments":
            return self._render_group(row)
        if collection == "attendees":
            return self._render_attendee(row)
        if collection == "practitioners":
            return self._render_practitioner(self.practitioners[row["id"]])
        rendered = {key: value for key, value in row.items()}
        rendered["links"] = {"self": self._link(collection, row["id"])}
        if collection == "patients":
            rendered["appointments"] = {
                "links": {"self": f"{self._link('patients', row['id'])}/appointments"},
            }
        return rendered

    def _list(self, collection: str) -> Callable[[StubRequest], StubResponse]:
        def run(request: StubRequest) -> StubResponse:
            return self._page(request, collection, self._rows(collection))

        return run

    def _one(self, collection: str) -> Callable[[StubRequest], StubResponse]:
        def run(request: StubRequest) -> StubResponse:
            for row in self._rows(collection):
                if row["id"] == request.params["id"]:
                    return StubResponse(200, self._render(collection, row))
            return StubResponse(404, dict(NOT_FOUND))

        return run

    def _page(self, request: StubRequest, collection: str, rows: list[dict[str, Any]]) -> StubResponse:
        filters = request.query.get("q[]", []) + request.query.get("q", [])
        kinds = FILTERS.get(collection, STAMPS)
        parsed = []
        for text in filters:
            condition = _parse_filter(text, kinds)
            if isinstance(condition, str):
                return message(400, condition)
            parsed.append(condition)
        named = {field_name for field_name, _, _ in parsed}
        chosen = [
            row
            for row in rows
            if all(row.get(hidden) is None or hidden in named for hidden in HIDDEN_UNLESS_ASKED)
            and all(_holds(row.get(field_name), op, value, kinds[field_name]) for field_name, op, value in parsed)
        ]
        chosen = _sorted(chosen, request.arg("sort"))
        return self._paged(request, collection, [self._render(collection, row) for row in chosen])

    def _paged(self, request: StubRequest, collection: str, items: list[Any]) -> StubResponse:
        try:
            page = max(1, int(request.arg("page") or 1))
            per_page = min(100, max(1, int(request.arg("per_page") or 50)))
        except ValueError:
            return message(400, "Invalid page")
        shown = items[(page - 1) * per_page : page * per_page]

        def link(number: int) -> str:
            query = {key: values for key, values in request.query.items() if key != "page"}
            query["page"] = [str(number)]
            return f"{self._origin}{request.path}?{urlencode(query, doseq=True)}"

        links = {"self": link(page)}
        if page * per_page < len(items):
            links["next"] = link(page + 1)
        if page > 1:
            links["previous"] = link(page - 1)
        return StubResponse(200, {collection: shown, "total_entries": len(items), "links": links})

    # -- individual appointments ------------------------------------------------------------------------
    def _create_appointment(self, request: StubRequest) -> StubResponse:
        body = request.json()
        if not isinstance(body, dict) or _instant(body.get("starts_at")) is None:
            return invalid({"starts_at": "can't be blank"})
        for name, table in (("patient_id", self.patients), ("appointment_type_id", self.appointment_types)):
            if str(body.get(name)) not in table:
                return StubResponse(500, {"message": "Internal Server Error"})  # Cliniko's own answer [I-215]
        practitioner_id = str(body.get("practitioner_id"))
        if practitioner_id not in self.practitioners:
            return StubResponse(500, {"message": "Internal Server Error"})
        start = _instant(body["starts_at"])
        assert start is not None
        end = _instant(body.get("ends_at"))
        type_id = str(body["appointment_type_id"])
        minutes = int((end - start).total_seconds() // 60) if end else None
        new_id = self.add_appointment(
            str(body["patient_id"]),
            start,
            practitioner_id=practitioner_id,
            business_id=str(body.get("business_id") or self.practitioners[practitioner_id].business_ids[0]),
            appointment_type_id=type_id,
            minutes=minutes,
        )
        rendered = self._render_appointment(self.appointments[new_id])
        return StubResponse(201, rendered, {"Location": rendered["links"]["self"]})

    def _update_appointment(self, request: StubRequest) -> StubResponse:
        row = self.appointments.get(request.params["id"])
        if row is None:
            return StubResponse(404, dict(NOT_FOUND))
        if row["cancelled_at"] is not None or row["archived_at"] is not None:
            return invalid({"base": "Cancelled or archived appointments cannot be changed"})
        body = request.json()
        if not isinstance(body, dict):
            return invalid({"base": "No changes given"})
        start, end = row["starts_at"], row["ends_at"]
        if "starts_at" in body:
            start = _instant(body["starts_at"])
            if start is None:
                return invalid({"starts_at": "is not a valid UTC time (use 2026-12-02T15:00:00Z)"})
        if "ends_at" in body:
            if body["ends_at"] is None:
                end = start + timedelta(
                    minutes=self.appointment_types[row["appointment_type_id"]]["duration_in_minutes"]
                )
            else:
                end = _instant(body["ends_at"])
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
        return StubResponse(200, self._render_appointment(row))

    def _cancel_appointment(self, request: StubRequest) -> StubResponse:
        row = self.appointments.get(request.params["id"])
        if row is None:
            return StubResponse(404, dict(NOT_FOUND))
        body = request.json()
        problem = _cancel_problem(body)
        if problem is not None:
            return problem
        if row["archived_at"] is not None:
            return invalid({"base": "Archived appointments cannot be cancelled"})
        if row["cancelled_at"] is not None:
            return StubResponse(204)  # already cancelled: nothing changes, not even cancelled_at
        reason, note = int(body["cancellation_reason"]), body.get("cancellation_note")
        self._cancel_row(row, reason, note)
        if body.get("apply_to_repeats") is True:
            series = row["repeated_from_id"] or row["id"]
            for other in self.appointments.values():
                in_series = series in (other["repeated_from_id"], other["id"])
                if in_series and other["starts_at"] > row["starts_at"] and self._is_live(other):
                    self._cancel_row(other, reason, note)
        return StubResponse(204)

    def _cancel_row(self, row: dict[str, Any], reason: int, note: str | None) -> None:
        row.update(
            cancelled_at=self.current_time(),
            cancellation_reason=reason,
            cancellation_note=note,
            updated_at=self.current_time(),
        )
        for attendee in self.attendees.values():
            if attendee["booking_id"] == row["id"] and attendee["cancelled_at"] is None:
                attendee.update(cancelled_at=self.current_time(), cancellation_reason=reason, cancellation_note=note)

    def _archive_appointment(self, request: StubRequest) -> StubResponse:
        row = self.appointments.get(request.params["id"])
        if row is None:
            return StubResponse(404, dict(NOT_FOUND))
        row["archived_at"] = row["archived_at"] or self.current_time()
        return StubResponse(204)

    def _conflicts(self, request: StubRequest) -> StubResponse:
        row = self.appointments.get(request.params["id"])
        if row is None:
            return StubResponse(404, dict(NOT_FOUND))
        clash = self._is_live(row) and any(
            other["id"] != row["id"] and other["practitioner_id"] == row["practitioner_id"] and _overlap(row, other)
            for other in self._live_bookings()
        )
        return StubResponse(200, {"conflicts": {"exist": clash}})

    # -- attendees ---------------------------------------------------------------------------------------
    def _booking_attendees(self, request: StubRequest) -> StubResponse:
        rows = [row for row in self.attendees.values() if row["booking_id"] == request.params["id"]]
        return self._page(request, "attendees", rows)

    def _cancel_attendee(self, request: StubRequest) -> StubResponse:
        row = self.attendees.get(request.params["id"])
        if row is None:
            return StubResponse(404, dict(NOT_FOUND))
        body = request.json()
        problem = _cancel_problem(body)
        if problem is not None:
            return problem
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

    # -- settings and available times -------------------------------------------------------------------
    def _settings(self, request: StubRequest) -> StubResponse:
        return StubResponse(200, {"account": dict(self.account), "links": {"self": f"{self._origin}/v1/settings"}})

    def _online_refusal(self, request: StubRequest) -> StubResponse | None:
        business = self.businesses.get(request.params["business"])
        practitioner = self.practitioners.get(request.params["practitioner"])
        kind = self.appointment_types.get(request.params["type"])
        if business is None or practitioner is None or kind is None:
            return StubResponse(404, dict(NOT_FOUND))
        offered = practitioner.appointment_type_ids is None or kind["id"] in practitioner.appointment_type_ids
        if not (
            business["show_in_online_bookings"]
            and practitioner.show_in_online_bookings
            and kind["show_in_online_bookings"]
            and business["id"] in practitioner.business_ids
            and offered
        ):
            return StubResponse(404, dict(NOT_FOUND))
        return None

    def _zone(self, business_id: str) -> ZoneInfo:
        """The business's own zone, else the account's (its Rails label), as Cliniko reads `from`/`to`."""
        own = self.businesses[business_id]["time_zone_identifier"]
        if own:
            return ZoneInfo(own)
        labels = {label: name for name, label in RAILS_LABELS.items()}
        return ZoneInfo(labels.get(str(self.account["time_zone"]), "America/Chicago"))

    def _open_starts(self, request: StubRequest, first: date, last: date) -> list[datetime]:
        practitioner = self.practitioners[request.params["practitioner"]]
        length = timedelta(minutes=self.appointment_types[request.params["type"]]["duration_in_minutes"])
        zone = self._zone(request.params["business"])
        busy = [
            (row["starts_at"], row["ends_at"])
            for row in self._live_bookings()
            if row["practitioner_id"] == practitioner.id
        ] + [(start, end) for who, start, end in self.blocks if who == practitioner.id]
        now = self.current_time()
        starts = []
        day = first
        while day <= last:
            hours = practitioner.hours.get(day.weekday())
            if hours is not None:
                start = datetime.combine(day, hours[0], zone)
                closes = datetime.combine(day, hours[1], zone)
                while start + length <= closes:
                    begins, ends = start.astimezone(UTC), (start + length).astimezone(UTC)
                    if begins >= now and not any(b < ends and begins < e for b, e in busy):
                        starts.append(begins)
                    start += timedelta(minutes=self.slot_step_minutes)
            day += timedelta(days=1)
        return starts

    def _time_frame(self, request: StubRequest) -> tuple[date, date] | StubResponse:
        try:
            first = date.fromisoformat(request.arg("from") or "")
            last = date.fromisoformat(request.arg("to") or "")
        except ValueError:
            return message(400, TIME_FRAME)
        today = self.current_time().astimezone(self._zone(request.params["business"])).date()
        if last < first or (last - first).days > 6 or first < today:
            return message(400, TIME_FRAME)
        return first, last

    def _available_times(self, request: StubRequest) -> StubResponse:
        refusal = self._online_refusal(request)
        if refusal is not None:
            return refusal
        frame = self._time_frame(request)
        if isinstance(frame, StubResponse):
            return frame
        items = [{"appointment_start": z(start)} for start in self._open_starts(request, *frame)]
        return self._paged(request, "available_times", items)

    def _next_available_time(self, request: StubRequest) -> StubResponse:
        refusal = self._online_refusal(request)
        if refusal is not None:
            return refusal
        today = self.current_time().astimezone(self._zone(request.params["business"])).date()
        starts = self._open_starts(request, today, today + timedelta(days=90))
        if not starts:
            return StubResponse(404, dict(NOT_FOUND))
        links = {"self": f"{self._origin}{request.path}"}
        return StubResponse(200, {"appointment_start": z(starts[0]), "links": links})

    # -- rendering -------------------------------------------------------------------------------------
    @property
    def _origin(self) -> str:
        return self.links_origin or self.url

    def _link(self, collection: str, record_id: str | None) -> str:
        return f"{self._origin}/v1/{collection}/{record_id}"

    def _linked(self, collection: str, record_id: str | None) -> dict[str, Any]:
        return {"links": {"self": self._link(collection, record_id)}}

    def _render_appointment(self, row: dict[str, Any]) -> dict[str, Any]:
        patient = self.patients.get(row["patient_id"], {})
        series = row["repeated_from_id"] or (row["id"] if row["repeat_rule"] else None)
        reason = row["cancellation_reason"]
        return {
            "id": row["id"],
            "starts_at": z(row["starts_at"]),
            "ends_at": z(row["ends_at"]),
            "patient_name": f"{patient.get('first_name', '')} {patient.get('last_name', '')}".strip(),
            "notes": row["notes"],
            "cancelled_at": _stamp(row["cancelled_at"]),
            "cancellation_reason": reason,
            "cancellation_reason_description": REASONS.get(reason, "") if reason else "",
            "cancellation_note": row["cancellation_note"],
            "archived_at": _stamp(row["archived_at"]),
            "deleted_at": _stamp(row["deleted_at"]),
            "did_not_arrive": row["did_not_arrive"],
            "patient_arrived": False,
            "email_reminder_sent": False,
            "sms_reminder_sent": False,
            "repeat_rule": row["repeat_rule"],
            "repeats": (
                {"links": {"self": f"{self._origin}/v1/individual_appointments?q[]=repeated_from_id:={series}"}}
                if series
                else None
            ),
            "invoice_status": None,
            "treatment_note_status": None,
            "online_booking_policy_accepted": None,
            "booking_ip_address": None,
            "telehealth_url": None,
            "created_at": z(row["created_at"]),
            "updated_at": z(row["updated_at"]),
            "patient": self._linked("patients", row["patient_id"]),
            "practitioner": self._linked("practitioners", row["practitioner_id"]),
            "business": self._linked("businesses", row["business_id"]),
            "appointment_type": self._linked("appointment_types", row["appointment_type_id"]),
            "attendees": {"links": {"self": f"{self._link('individual_appointments', row['id'])}/attendees"}},
            "conflicts": {"links": {"self": f"{self._link('individual_appointments', row['id'])}/conflicts"}},
            "links": {"self": self._link("individual_appointments", row["id"])},
        }

    def _render_group(self, row: dict[str, Any]) -> dict[str, Any]:
        patient_ids = [
            a["patient_id"]
            for a in self.attendees.values()
            if a["booking_id"] == row["id"] and a["cancelled_at"] is None
        ]
        return {
            "id": row["id"],
            "starts_at": z(row["starts_at"]),
            "ends_at": z(row["ends_at"]),
            "max_attendees": row["max_attendees"],
            "patient_ids": patient_ids,
            "notes": row["notes"],
            "repeat_rule": {},
            "repeats": None,
            "archived_at": _stamp(row["archived_at"]),
            "deleted_at": _stamp(row["deleted_at"]),
            "created_at": z(row["created_at"]),
            "updated_at": z(row["updated_at"]),
            "practitioner": self._linked("practitioners", row["practitioner_id"]),
            "business": self._linked("businesses", row["business_id"]),
            "appointment_type": self._linked("appointment_types", row["appointment_type_id"]),
            "attendees": {"links": {"self": f"{self._link('group_appointments', row['id'])}/attendees"}},
            "conflicts": {"links": {"self": f"{self._link('group_appointments', row['id'])}/conflicts"}},
            "links": {"self": self._link("group_appointments", row["id"])},
        }

    def _render_attendee(self, row: dict[str, Any]) -> dict[str, Any]:
        reason = row["cancellation_reason"]
        return {
            "id": row["id"],
            "arrived": None,
            "cancellation_reason": reason,
            "cancellation_reason_description": REASONS.get(reason, "") if reason else "",
            "cancellation_note": row["cancellation_note"],
            "cancelled_at": _stamp(row["cancelled_at"]),
            "archived_at": _stamp(row["archived_at"]),
            "deleted_at": _stamp(row["deleted_at"]),
            "notes": None,
            "email_reminder_sent": False,
            "sms_reminder_sent": False,
            "created_at": z(row["created_at"]),
            "updated_at": z(row["updated_at"]),
            "booking": self._linked("bookings", row["booking_id"]),
            "patient": self._linked("patients", row["patient_id"]),
            "invoices": {"links": {"self": f"{self._link('attendees', row['id'])}/invoices"}},
            "links": {"self": self._link("attendees", row["id"])},
        }

    def _practitioner_row(self, practitioner: Practitioner) -> dict[str, Any]:
        return {"id": practitioner.id, "created_at": None, "updated_at": None}

    def _render_practitioner(self, practitioner: Practitioner) -> dict[str, Any]:
        return {
            "id": practitioner.id,
            "first_name": practitioner.first_name,
            "last_name": practitioner.last_name,
            "title": practitioner.title,
            "label": "Physiotherapist",
            "designation": None,
            "show_in_online_bookings": practitioner.show_in_online_bookings,
            "links": {"self": self._link("practitioners", practitioner.id)},
        }

    # -- bookings -----------------------------------------------------------------------------------------
    @staticmethod
    def _is_live(row: dict[str, Any]) -> bool:
        return row.get("cancelled_at") is None and row.get("archived_at") is None and row.get("deleted_at") is None

    def _live_bookings(self) -> list[dict[str, Any]]:
        rows = [*self.appointments.values(), *self.group_appointments.values()]
        return [row for row in rows if self._is_live(row)]


# -- filters and sorting ----------------------------------------------------------------------------------


def _parse_filter(text: str, kinds: dict[str, str]) -> tuple[str, str, str] | str:
    """`starts_at:>=2026-12-01T00:00:00Z` -> (field, op, value); a string is the 400 message."""
    name, colon, rest = text.partition(":")
    if not colon or name not in kinds:
        return f"Invalid filter: {name!r} cannot be filtered on"
    for op in OPERATORS:
        if rest.startswith(op):
            value = rest[len(op) :]
            break
    else:
        return f"Invalid filter operator in {text!r}"
    kind = kinds[name]
    if op not in ALLOWED_OPS[kind]:
        return f"Invalid filter operator {op!r} for {name}"
    if kind == "datetime" and op not in ("?", "!?", "*") and _instant(value) is None:
        return f"Invalid date-time in filter {name}: use UTC with Z, e.g. 2026-12-02T15:00:00Z"
    return name, op, value


def _holds(actual: Any, op: str, value: str, kind: str) -> bool:
    if op == "*":
        return True
    if op == "?":
        return actual not in (None, "")
    if op == "!?":
        return actual in (None, "")
    if actual is None:
        return False
    if kind == "id":
        wanted = [int(part) for part in value.split(",") if part.strip().isdigit()]
        number = int(actual)
        return _compare(number, op, wanted[0] if wanted else -1) if op != "=" else number in wanted
    if kind == "datetime":
        moment = _instant(value)
        assert moment is not None
        return _compare(actual if isinstance(actual, datetime) else _instant(actual), op, moment)
    if kind == "date":
        return _compare(str(actual), op, value)
    if kind == "bool":
        return (str(actual).lower() == value.lower()) == (op == "=")
    text, wanted_text = str(actual).lower(), value.lower()
    if op == "~":
        return wanted_text in text
    if op == "~~":
        pattern = "^" + ".*".join(re.escape(part) for part in wanted_text.split("%")) + "$"
        return re.match(pattern, text) is not None
    return (text == wanted_text) == (op == "=")


def _compare(left: Any, op: str, right: Any) -> bool:
    if left is None:
        return False
    return {
        "=": left == right,
        "!=": left != right,
        ">=": left >= right,
        ">": left > right,
        "<=": left <= right,
        "<": left < right,
    }[op]


def _sorted(rows: list[dict[str, Any]], sort: str | None) -> list[dict[str, Any]]:
    ordered = sorted(rows, key=lambda row: (_sort_key(row.get("created_at")), int(row["id"])))
    for part in reversed([part for part in (sort or "").split(",") if part]):
        name, _, direction = part.partition(":")
        ordered.sort(key=_field_key(name), reverse=direction == "desc")
    return ordered


def _field_key(name: str) -> Callable[[dict[str, Any]], tuple[int, str]]:
    return lambda row: _sort_key(row.get(name))


def _sort_key(value: Any) -> tuple[int, str]:
    if value is None:
        return (0, "")
    if isinstance(value, datetime):
        return (1, z(value))
    return (1, str(value))


def _stamp(value: datetime | None) -> str | None:
    return None if value is None else z(value)


def _overlap(first: dict[str, Any], second: dict[str, Any]) -> bool:
    return bool(first["starts_at"] < second["ends_at"] and second["starts_at"] < first["ends_at"])


def _cancel_problem(body: Any) -> StubResponse | None:
    reason = body.get("cancellation_reason") if isinstance(body, dict) else None
    if isinstance(reason, bool) or not isinstance(reason, int) or reason not in REASONS:
        return invalid({"cancellation_reason": "is not included in the list"})
    note = body.get("cancellation_note")
    if note is not None and not isinstance(note, str):
        return invalid({"cancellation_note": "must be text"})
    return None


def main() -> None:
    """Serve the demo clinic until Ctrl-C, printing what to export for `clinic-bot serve`."""
    today = datetime.now(ZoneInfo("America/Chicago")).date()
    server = ClinikoStandIn.with_demo_data(today).start()
    for name, value in server.environment().items():
        print(f"export {name}='{value}'")
    print("# Cliniko stand-in serving the demo clinic; Ctrl-C to stop.", flush=True)
    stop = threading.Event()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
