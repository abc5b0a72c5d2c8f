"""One served bot in front of each booking system, driven through faults, with what each person was told.

A `Diary` is the booking system behind the bot: the sandbox (seeded through
`clinic-bot sandbox`) or one vendor's stand-in (tests/fakes/*), with the
patient the trials move, the text staff type to move it, where it is now, and
the patient data that must never reach a log. A `Desk` is the real `clinic-bot
serve` (tests/e2e/harness.py) at LOG_LEVEL=DEBUG on that diary, with two staff
members, the audit log as the admin reads it, and a scan of everything the bot
logged for that patient data. The benchmarks (benchmarks/fault_matrix.py,
two_staff_races.py, kill_after_ack.py) and tests/faults/ share it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.backends.errors import BackendUnavailable
from bot.backends.sandbox import SandboxBackend
from bot.engine import Step
from bot.local.loopback import Handler
from bot.local.slack import SlackStandIn
from bot.store.factory import open_store
from bot.store.protocol import AuditEntry, Store
from tests.e2e.harness import (
    CLINIC_TZ,
    FRONT_DESK,
    NURSE,
    Card,
    Clinic,
    ServedBot,
    Staff,
    clinic_slack,
    clinic_start,
    distinct_appointments,
    start_of,
    when_text,
)
from tests.fakes.cliniko_server import ClinikoStandIn
from tests.fakes.qmatic_server import DEMO_APPOINTMENT_ID, DEMO_PERSONAL_ID, QmaticServer
from tests.fakes.solv.demo import demo_clinic, demo_environment
from tests.fakes.stub_server import Fault, StubRequest, StubResponse, StubServer

BACKENDS = ("sandbox", "cliniko", "qmatic", "solv")
ZONE = ZoneInfo(CLINIC_TZ)


def clinic_day(offset: int) -> date:
    """A weekday `offset` or more days from today in the clinic's zone (every diary is open on weekdays)."""
    day = datetime.now(ZONE).date() + timedelta(days=offset)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def target_day(trial: int) -> date:
    """Trials move the appointment around the next working week, so the diary never runs out of days."""
    return clinic_day(2 + trial % 5)


# -- the booking systems ----------------------------------------------------------------------------


@dataclass
class Diary:
    """The booking system behind the bot, and the one appointment the trials move."""

    name: str
    workdir: Path
    settings: dict[str, str] = field(default_factory=dict)
    stand_in: StubServer | None = None
    write_route: str | None = None
    """The vendor call that changes the booking (a fault there hits 'applying')."""
    search_route: str | None = None
    hold_route: str | None = None
    """The vendor call made when a time is picked (only Qmatic holds one)."""
    reread_route: str | None = None
    """The vendor call that reads the appointment again at Confirm, before writing."""

    writes: int = 0
    """Calls to `write_route` that reached the vendor's own handler and took effect (2xx, or applied then dropped)."""

    def __post_init__(self) -> None:
        if self.stand_in is None or self.write_route is None:
            return
        routes = self.stand_in._routes
        for index, (method, pattern, name, handler) in enumerate(routes):
            if name == self.write_route:
                routes[index] = (method, pattern, name, self._counting(handler))

    def _counting(self, handler: Handler) -> Handler:
        def run(request: StubRequest) -> StubResponse:
            try:
                response = handler(request)
            except Exception:
                self.writes += 1  # the stand-ins drop the connection only after applying
                raise
            if response.status < 300:
                self.writes += 1
            return response

        return run

    def appointment_id(self) -> str:
        raise NotImplementedError

    def where(self) -> str:
        """Where the appointment is now ('' once it is gone), as the booking system itself says."""
        raise NotImplementedError

    def changes_made(self) -> int:
        """How many changes the booking system took so far (each successful write counts one)."""
        raise NotImplementedError

    def reschedule_text(self, trial: int, time_of_day: str = "morning") -> str:
        raise NotImplementedError

    def patient_data(self) -> list[dict[str, Any]]:
        """Every seeded patient record (name, birth date, phone in whatever keys the system uses)."""
        raise NotImplementedError

    def stop(self) -> None:
        if self.stand_in is not None:
            self.stand_in.stop()

    def fail(self, route: str, *faults: Fault) -> None:
        assert self.stand_in is not None, "the sandbox has no vendor to fail"
        self.stand_in.fail(route, *faults)

    def drop_after_applying(self, route: str) -> None:
        assert self.stand_in is not None
        self.stand_in.drop_after_applying(route)  # type: ignore[attr-defined]

    def after_call(self, route: str, action: Callable[[], None]) -> None:
        """Run `action` once, right after the vendor took the next call to `route` and before it answers.

        Wraps the stand-in's own route handler (every stand-in serves its routes from
        one table), so the change is made and only then does `action` (a kill, a
        read-only disk) strike.
        """
        assert self.stand_in is not None
        routes = self.stand_in._routes
        for index, (method, pattern, name, handler) in enumerate(routes):
            if name == route:
                routes[index] = (method, pattern, name, _once_then(handler, action))


def _once_then(handler: Handler, action: Callable[[], None]) -> Handler:
    pending = [action]

    def run(request: StubRequest) -> StubResponse:
        response = handler(request)
        while pending:
            pending.pop()()
        return response

    return run


class SandboxDiary(Diary):
    def __init__(self, workdir: Path) -> None:
        super().__init__("sandbox", workdir)
        self.clinic = Clinic(workdir).seed()
        self.seeded = self.clinic.appointments()
        self.row = distinct_appointments(self.seeded)[0]
        self._last_seen: dict[str, Any] | None = None

    def appointment_id(self) -> str:
        return str(self.row["id"])

    def _current(self) -> dict[str, Any]:
        """The appointment as the sandbox's own diary holds it (read in-process: the admin command costs ~0.5 s).

        While a disk fault makes the file unwritable the sandbox refuses every call, reads too: then it is where
        it was last seen (nothing can move it meanwhile).
        """
        try:
            backend = SandboxBackend(self.clinic.db)
        except BackendUnavailable:
            if self._last_seen is None:
                raise
            return self._last_seen
        try:
            [entry] = [entry for entry in backend.diary() if entry.appointment.id == self.appointment_id()]
        finally:
            backend.close()
        found = entry.appointment
        self._last_seen = {**self.row, "start": found.start.isoformat(), "status": found.status.value}
        return self._last_seen

    def where(self) -> str:
        row = self._current()
        return "" if row["status"] != "booked" else str(row["start"])

    def changes_made(self) -> int:
        # The sandbox keeps no call log: the audit is checked against where the appointment is instead.
        return -1

    def reschedule_text(self, trial: int, time_of_day: str = "morning") -> str:
        row = self._current()
        return f"{row['patient']} from {when_text(start_of(row))} to {target_day(trial):%m/%d} {time_of_day}"

    def patient_data(self) -> list[dict[str, Any]]:
        return [
            {"first_name": r["patient"].split()[0], "last_name": r["patient"].split()[-1], **r} for r in self.seeded
        ]


class ClinikoDiary(Diary):
    def __init__(self, workdir: Path) -> None:
        server = ClinikoStandIn.with_demo_data(datetime.now(ZONE).date()).start()
        super().__init__(
            "cliniko",
            workdir,
            server.environment(),
            server,
            "update_appointment",
            "list_patients",
            None,
            "get_appointment",
        )
        self.cliniko = server
        [self.appointment] = [
            row for row in server.appointments.values() if server.patients[row["patient_id"]]["first_name"] == "Maria"
        ]

    def appointment_id(self) -> str:
        return str(self.appointment["id"])

    def where(self) -> str:
        row = self.cliniko.appointments[self.appointment["id"]]
        return "" if row.get("cancelled_at") else row["starts_at"].isoformat()

    def changes_made(self) -> int:
        return self.writes

    def reschedule_text(self, trial: int, time_of_day: str = "afternoon") -> str:
        return f"maria lopez to {target_day(trial):%m/%d} {time_of_day}"

    def patient_data(self) -> list[dict[str, Any]]:
        return list(self.cliniko.patients.values())


class QmaticDiary(Diary):
    def __init__(self, workdir: Path) -> None:
        server = QmaticServer.with_demo_data(datetime.now(ZONE).date()).start()
        super().__init__(
            "qmatic",
            workdir,
            {"BOOKING_BACKEND": "qmatic", **server.env()},
            server,
            "reschedule",
            "search",
            "timeslots",
        )
        self.qmatic = server

    def appointment_id(self) -> str:
        return DEMO_APPOINTMENT_ID

    def where(self) -> str:
        row = self.qmatic.appointments.get(DEMO_APPOINTMENT_ID)
        return "" if row is None or row not in self.qmatic.booked() else row.start.isoformat()

    def changes_made(self) -> int:
        return self.writes

    def reschedule_text(self, trial: int, time_of_day: str = "morning") -> str:
        return f"{DEMO_PERSONAL_ID} to {target_day(trial):%m/%d} {time_of_day}"

    def patient_data(self) -> list[dict[str, Any]]:
        return [appointment.customer for appointment in self.qmatic.appointments.values()]


class SolvDiary(Diary):
    """Solv's demo urgent care; Maria Lopez's native booking is moved by booking the new time, then
    cancelling the old one (so each move gives her a new booking id)."""

    def __init__(self, workdir: Path) -> None:
        server = demo_clinic(datetime.now(ZONE).date()).start()
        settings = demo_environment(server)
        super().__init__("solv", workdir, settings, server, "create_booking", "get_booking", None, "get_booking")
        self.solv = server

    def _live(self) -> list[dict[str, Any]]:
        return [b for b in self.solv.booked() if b["first_name"] == "Maria"]

    def appointment_id(self) -> str:
        live = self._live()
        return str(live[-1]["id"]) if live else ""

    def where(self) -> str:
        live = self._live()
        return ",".join(sorted(b["appointment_date"] for b in live))

    def changes_made(self) -> int:
        return sum(1 for b in self.solv.bookings.values() if b["first_name"] == "Maria") - 1

    def reschedule_text(self, trial: int, time_of_day: str = "afternoon") -> str:
        return f"booking #{self.appointment_id()} to {target_day(trial):%m/%d} {time_of_day}"

    def patient_data(self) -> list[dict[str, Any]]:
        return list(self.solv.bookings.values())


DIARIES: dict[str, Callable[[Path], Diary]] = {
    "sandbox": SandboxDiary,
    "cliniko": ClinikoDiary,
    "qmatic": QmaticDiary,
    "solv": SolvDiary,
}


# -- patient data in logs ------------------------------------------------------------------------------

_NAME_KEYS = ("first_name", "last_name", "firstName", "lastName")
_BIRTH_KEYS = ("date_of_birth", "birth_date", "dateOfBirth")
_PHONE_KEYS = ("phone", "phoneNumber", "number")


def _strings(record: Any, keys: tuple[str, ...]) -> Iterator[str]:
    """Every value under one of `keys`, however deep (Cliniko keeps phones in a list of dicts)."""
    if isinstance(record, dict):
        for key, value in record.items():
            if key in keys and isinstance(value, str) and value:
                yield value
            else:
                yield from _strings(value, keys)
    elif isinstance(record, list):
        for item in record:
            yield from _strings(item, keys)


def birth_date_spellings(iso: str) -> list[str]:
    born = date.fromisoformat(iso)
    return [iso, f"{born.month}/{born.day}/{born.year}", f"{born:%m/%d/%Y}", f"{born:%Y%m%d}", f"{born:%b} {born.day}"]


def secrets_of(records: list[dict[str, Any]]) -> list[str]:
    """What must never be logged: each name, full name, birth date (as staff type it) and phone (its digits)."""
    found: set[str] = set()
    for record in records:
        names = list(_strings(record, _NAME_KEYS))
        found.update(name for name in names if len(name) >= 3)
        if len(names) >= 2:
            found.add(" ".join(names[:2]))
        for born in _strings(record, _BIRTH_KEYS):
            found.update(birth_date_spellings(born))
        for phone in _strings(record, _PHONE_KEYS):
            digits = re.sub(r"\D", "", phone)
            if len(digits) >= 7:
                found.update({phone, digits, digits[-10:], digits[-7:]})
    return sorted(found)


def leaks(log: str, secrets: list[str]) -> list[str]:
    """The secrets found in `log`: words as whole words (case-insensitive), the rest as they are written."""
    hits = []
    for secret in secrets:
        if re.fullmatch(r"[A-Za-z ]+", secret):
            if re.search(rf"\b{re.escape(secret)}\b", log, re.IGNORECASE):
                hits.append(secret)
        elif secret in log:
            hits.append(secret)
    return hits


# -- the served bot in front of a diary ---------------------------------------------------------------


@dataclass
class Desk:
    """`clinic-bot serve` at DEBUG on `diary`, two staff members, the audit, and every log line it wrote."""

    diary: Diary
    slack: SlackStandIn
    bot: ServedBot
    logs: list[str] = field(default_factory=list)
    """The logs of the bot's earlier lives (each restart starts a new log file)."""
    stores: int = 0

    @property
    def first(self) -> Staff:
        return self.bot.as_staff(FRONT_DESK)

    @property
    def second(self) -> Staff:
        return self.bot.as_staff(NURSE)

    def audit(self) -> list[AuditEntry]:
        with self._store() as store:
            return list(store.audit_entries(since=None))

    def changes_in_hand(self) -> int:
        """Conversations in `applying`: a change asked of the booking system whose outcome is not yet recorded."""
        with self._store() as store:
            return len(store.open_conversations(step=Step.APPLYING))

    @contextmanager
    def _store(self) -> Iterator[Store]:
        store = open_store(str(self.bot.clinic.db))
        try:
            yield store
        finally:
            store.close()

    def restart(self) -> None:
        """Start again on the same database and diary (after a crash or a stop), keeping the old log."""
        self.logs.append(self.bot.log())
        self.bot.log_path.unlink(missing_ok=True)
        self.bot.restart()

    def fresh_store(self) -> None:
        """Serve the same booking system from a new, empty database (a vendor's diary is not in it)."""
        assert self.diary.stand_in is not None, "the sandbox's diary lives in the bot's database"
        self.bot.stop()
        self.logs.append(self.bot.log())
        self.stores += 1
        self.bot.clinic = Clinic(private(self.diary.workdir / f"store-{self.stores}"))
        self.bot.restart()

    def all_logs(self) -> str:
        return "\n".join([*self.logs, self.bot.log()])

    def leaked(self) -> list[str]:
        return leaks(self.all_logs(), secrets_of(self.diary.patient_data()))

    def up_to_confirm(self, staff: Staff, trial: int, which: int = 0) -> Card:
        """Type the move and pick the `which`th time offered: the confirm card."""
        offered = staff.command("/reschedule", self.diary.reschedule_text(trial))
        assert "Pick a new time" in offered.shown, offered.shown
        confirm = staff.click(offered, offered.labels[which])
        assert "Move this appointment?" in confirm.shown, confirm.shown
        return confirm


def private(folder: Path) -> Path:
    """A folder only its owner reads, as the bot wants for its database (else it warns on every open)."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def desk_settings(diary: Diary, **extra: str) -> dict[str, str]:
    return {"LOG_LEVEL": "DEBUG", **diary.settings, **extra}


@contextmanager
def desk(name: str, workdir: Path, **extra: str) -> Iterator[Desk]:
    """A diary of kind `name` in `workdir`, and the served bot in front of it; everything stopped after."""
    private(workdir)
    diary = DIARIES[name](workdir)
    try:
        with clinic_slack() as slack:
            bot = ServedBot(slack, Clinic(workdir), desk_settings(diary, **extra)).start()
            try:
                yield Desk(diary, slack, bot)
            finally:
                bot.stop()
    finally:
        diary.stop()


def at_once(*calls: Callable[[], Card]) -> list[Card | BaseException]:
    """Run each call on its own thread, released together; what each returned (or raised)."""
    barrier = threading.Barrier(len(calls))
    results: list[Card | BaseException] = [RuntimeError("not run")] * len(calls)

    def run(index: int, call: Callable[[], Card]) -> None:
        barrier.wait(timeout=30)
        try:
            results[index] = call()
        except BaseException as error:
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def told(card: Card | BaseException | None) -> str:
    """What the person was told, in a few words: the first line of the card they were left with."""
    if card is None:
        return "nothing"
    if isinstance(card, BaseException):
        return f"no answer ({type(card).__name__})"
    text = " ".join(card.shown.split())
    return text[:140]


def applied_rows(entries: list[AuditEntry], since: int) -> list[AuditEntry]:
    return [entry for entry in entries[since:] if entry.outcome == "applied"]


def clinic_time(iso: str) -> str:
    return clinic_start({"start": iso}).strftime("%a %H:%M") if iso else "gone"
