"""The demo clinic, seeded on a fixed day, driven through the real engine and assistant.

Everything runs against the sandbox backend (real holds that lapse, slots that
get taken, idempotent writes) so a test shows what staff would see. `Wrapped`
puts a thin layer around the sandbox for what the demo clinic cannot play by
itself: a booking system that finds patients only by a personal identifier, one
without holds, or one whose network fails on a chosen call.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bot import domain
from bot.assistant import Assistant
from bot.backends.base import BookingBackend
from bot.backends.errors import BookingError
from bot.backends.sandbox import SandboxBackend, seed
from bot.backends.sandbox.backend import SandboxAdmin
from bot.domain import Appointment, Hold, PatientQuery, Slot, Window
from bot.engine import Action, Conversation, ConversationEngine, Intent, Step
from bot.engine.state import ActionKind
from bot.nlu import ParsedRequest, parse_request
from bot.store import Store
from bot.store.factory import open_store
from bot.views import said_text
from tests import store_fixtures
from tests.core.desk import Desk, RecordingSlack
from tests.store_fixtures import postgresql_server  # noqa: F401  (the session's PostgreSQL, for `store_location`)

CLINIC_TZ = "America/Chicago"
CHICAGO = ZoneInfo(CLINIC_TZ)
LOS_ANGELES = ZoneInfo("America/Los_Angeles")  # the seed puts Harbor Clinic here when the clinic is in Chicago
TODAY = date(2026, 3, 9)
"""A Monday, the day after the spring clock change: Tuesday is tomorrow, Thursday and Friday this week."""
NOW = datetime.combine(TODAY, time(9, 0), tzinfo=CHICAGO)

# The seed's fixed demo diary for TODAY (bot/backends/sandbox/seed.py places these first).
MARIA_TUESDAY = "apt-0001"  # Maria Lopez, born 1984-03-12: Tue Mar 10, 3 PM, Riverside (Chicago), Dr. Patel
MARIA_THURSDAY = "apt-0002"  # Maria Lopez, born 1991-07-28: Thu Mar 12, 11 AM, Harbor (Los Angeles), Dr. Nguyen
JOHN = "apt-0003"  # John Smith: Tue Mar 10, 10 AM, Riverside, Dr. Okafor, 15-minute follow-up
ROBERT_SERIES = ("apt-0004", "apt-0005", "apt-0006", "apt-0007")  # Robert Chen: weekly physio, 4 PM, from Wed Mar 11


def clinic_parse(zone: str = CLINIC_TZ) -> Any:
    """The parser exactly as bot/app.py's build_services wires it: `now` re-read in the clinic's zone."""

    def parse(text: str, now: datetime) -> ParsedRequest:
        return parse_request(text, now.astimezone(ZoneInfo(zone)), zone, "MDY")

    return parse


PARSE = clinic_parse()


def notice(conversation: Conversation, tz: ZoneInfo = CHICAGO) -> str | None:
    """The notice above the card, as staff read it (by default in the clinic's zone)."""
    return None if conversation.notice is None else said_text(conversation.notice, conversation, tz)


def outcome(conversation: Conversation, tz: ZoneInfo = CHICAGO) -> str | None:
    """The outcome on a final card, as staff read it (by default in the clinic's zone)."""
    return None if conversation.outcome is None else said_text(conversation.outcome, conversation, tz)


@dataclass
class Ids:
    """The engine's id factory in tests: c000001, c000002, … — so every run names things the same way."""

    issued: int = 0

    def __call__(self) -> str:
        self.issued += 1
        return f"c{self.issued:06d}"


@dataclass
class ManualClock:
    """The one clock of a test: the assistant, the sandbox's hold expiry and the engine's `now` all read it."""

    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now = self.now + timedelta(**delta)
        return self.now


@dataclass
class Wrapped:
    """The sandbox behind a thin layer: counts calls, fails a chosen call, may report other capabilities.

    `fail("reschedule", BackendUnavailable())` makes the next reschedule raise
    without reaching the sandbox, as a dropped connection would.
    """

    inner: BookingBackend
    name: str = ""
    capabilities: domain.Capabilities = None  # type: ignore[assignment]
    calls: Counter[str] = field(default_factory=Counter)
    cancels: list[dict[str, Any]] = field(default_factory=list)
    faults: dict[str, list[BookingError]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.name = self.name or self.inner.name
        if self.capabilities is None:
            self.capabilities = self.inner.capabilities

    def fail(self, method: str, error: BookingError, times: int = 1) -> None:
        self.faults.setdefault(method, []).extend([error] * times)

    def _enter(self, method: str) -> None:
        self.calls[method] += 1
        pending = self.faults.get(method)
        if pending:
            raise pending.pop(0)

    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        self._enter("find_appointments")
        return self.inner.find_appointments(query, around=around, now=now)

    def get_appointment(self, appointment_id: str) -> Appointment:
        self._enter("get_appointment")
        return self.inner.get_appointment(appointment_id)

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        self._enter("open_slots")
        return self.inner.open_slots(appointment, window, now=now, limit=limit)

    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        self._enter("hold")
        return self.inner.hold(appointment, slot, now=now)

    def release(self, hold: Hold) -> None:
        self._enter("release")
        self.inner.release(hold)

    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        self._enter("reschedule")
        return self.inner.reschedule(appointment, hold, idempotency_key=idempotency_key)

    def cancel(
        self, appointment: Appointment, cancellation: domain.Cancellation, *, idempotency_key: str
    ) -> list[Appointment]:
        self._enter("cancel")
        self.cancels.append(cancellation.model_dump())
        return self.inner.cancel(appointment, cancellation, idempotency_key=idempotency_key)

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        self._enter("later_repeats")
        return self.inner.later_repeats(appointment, now=now)

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        self._enter("near_matches")
        return self.inner.near_matches(query, now=now, limit=limit)

    def check(self) -> domain.BackendStatus:
        return self.inner.check()

    def close(self) -> None:
        self.inner.close()


@dataclass
class Clinic:
    """One seeded demo clinic and the engine over it."""

    sandbox: SandboxBackend
    backend: Wrapped
    engine: ConversationEngine
    clock: ManualClock
    db_path: Path

    def appointment(self, appointment_id: str) -> Appointment:
        return self.sandbox.get_appointment(appointment_id)

    def start(self, text: str, *, user: str = "U1", now: datetime | None = None) -> Conversation:
        """A request typed by staff, as the assistant would start it."""
        when = now or self.clock()
        parsed = PARSE(text, when)
        assert parsed.intent != "unknown", f"the parser did not read an intent in {text!r}"
        return self.engine.start(user_id=user, parsed=parsed, intent=Intent(parsed.intent), now=when)

    def click(
        self, conversation: Conversation, kind: ActionKind, index: int | None = None, value: str | None = None
    ) -> Conversation:
        return self.engine.act(conversation, Action(kind=kind, index=index, value=value), self.clock())

    def type(self, conversation: Conversation, text: str) -> Conversation:
        return self.engine.answer(conversation, text, self.clock())

    def held(self, text: str = "move john smith to friday morning", index: int = 0) -> Conversation:
        """A reschedule waiting at `confirm` with a real hold on its chosen slot."""
        conversation = self.click(self.start(text), "choose_slot", index)
        assert conversation.step is Step.CONFIRM and conversation.hold is not None
        return conversation

    def walk_in(self, start: datetime, *, service: str = "Follow-up visit") -> Appointment:
        """Someone at the front desk books straight into the diary (first free practitioner at Riverside)."""
        return SandboxAdmin(self.sandbox).book(
            patient="Walk In",
            date_of_birth=date(1990, 1, 1),
            phone="312-555-9999",
            start=start,
            service=service,
            location="Riverside Clinic",
        )

    def another_patient_like(self, appointment: Appointment) -> Appointment:
        """A walk-in booked at a free time a week out with the same practitioner, service and place."""
        start = self.clock() + timedelta(days=7)
        free = self.sandbox.open_slots(
            appointment, Window(start=start, end=start + timedelta(days=7)), now=start, limit=1
        )
        other = self.walk_in(free[0].start, service=appointment.service.name)
        assert other.practitioner == appointment.practitioner, "the walk-in must share the practitioner's diary"
        return other

    def offered_to_others(self, slot: Slot, like: str = JOHN) -> bool:
        """Would another conversation, for another patient of the same practitioner, be offered this time?"""
        other = self.another_patient_like(self.appointment(like))
        offered = self.sandbox.open_slots(other, Window(start=slot.start, end=slot.end), now=self.clock(), limit=5)
        return any(s.start == slot.start for s in offered)


def seeded(tmp_path: Path, today: date = TODAY, clock: ManualClock | None = None) -> Clinic:
    clock = clock or ManualClock(datetime.combine(today, time(9, 0), tzinfo=CHICAGO))
    db_path = tmp_path / "clinic.sqlite3"
    seed(db_path, today, CLINIC_TZ)
    sandbox = SandboxBackend(db_path, hold_minutes=15, clock=clock)
    backend = Wrapped(sandbox)
    engine = ConversationEngine(backend, PARSE, clinic_tz=CLINIC_TZ, slots_per_page=5, new_id=Ids())
    return Clinic(sandbox=sandbox, backend=backend, engine=engine, clock=clock, db_path=db_path)


@pytest.fixture
def clinic(tmp_path: Path) -> Iterator[Clinic]:
    built = seeded(tmp_path)
    yield built
    built.sandbox.close()


@pytest.fixture(params=store_fixtures.BACKENDS)
def store_location(request: pytest.FixtureRequest, clinic: Clinic) -> str:
    """Every assistant test runs on both stores: SQLite in the demo clinic's own file (the default set-up),
    and PostgreSQL (a fresh schema of the session's throwaway server, tests/store_fixtures.py)."""
    return store_fixtures.location(request, clinic.db_path, isolation="schema")


@pytest.fixture
def store(store_location: str) -> Iterator[Store]:
    opened = open_store(store_location)
    yield opened
    opened.close()


@pytest.fixture
def slack() -> RecordingSlack:
    return RecordingSlack()


def assistant_for(clinic: Clinic, store: Store, slack: RecordingSlack, **settings: Any) -> Assistant:
    return Assistant(clinic.engine, store, slack, PARSE, clock=clinic.clock, ttl=timedelta(minutes=15), **settings)


@pytest.fixture
def assistant(clinic: Clinic, store: Store, slack: RecordingSlack) -> Assistant:
    return assistant_for(clinic, store, slack)


@pytest.fixture
def desk(assistant: Assistant, slack: RecordingSlack) -> Desk:
    return Desk(assistant, slack)
