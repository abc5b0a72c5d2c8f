"""One way to drive each of the four backends through the behaviours they share, for `test_backends_*` suites.

A rig holds a backend and its booking system (a vendor stand-in, or the
sandbox's own database) and can do to that system what the people around the
bot do: book a patient, move or cancel an appointment behind the bot's back,
remove one. The sandbox rig uses only the sandbox's public API
(`SandboxBackend(db_path, hold_minutes=..., clock=...)` and `seed`). HTTP rigs
also inject faults on the vendor's route names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from bot.backends.base import BookingBackend
from bot.backends.cliniko import ClinikoBackend
from bot.backends.qmatic import QmaticBackend
from bot.backends.sandbox import SandboxBackend, seed
from bot.backends.solv import SolvBackend
from bot.domain import Appointment, AppointmentStatus, Cancellation, Hold, PatientQuery, Slot, Window
from tests.backends.cliniko import support as cliniko_support
from tests.backends.qmatic import support as qmatic_support
from tests.backends.solv import support as solv_support
from tests.fakes.cliniko_server import ClinikoStandIn
from tests.fakes.qmatic_server import QmaticServer
from tests.fakes.solv_server import SolvServer
from tests.fakes.stub_server import Fault, StubServer, stop_soon

ServerT = TypeVar("ServerT", bound=StubServer)
BACKENDS = ("sandbox", "cliniko", "qmatic", "solv")
HTTP_BACKENDS = ("cliniko", "qmatic", "solv")


@dataclass
class Rig:
    name: str
    backend: BookingBackend
    now: datetime

    def booked(self) -> Appointment:
        """A patient's upcoming appointment, as the backend finds it."""
        raise NotImplementedError

    def open_slot(self, appointment: Appointment, which: int = 0) -> Slot:
        raise NotImplementedError

    def move_elsewhere(self, appointment: Appointment) -> datetime:
        """Someone moves the appointment in the booking system itself; returns where it now starts."""
        raise NotImplementedError

    def cancel_elsewhere(self, appointment: Appointment) -> None:
        raise NotImplementedError

    def remove(self, appointment: Appointment) -> Appointment:
        """The booking system no longer has it; returns the appointment as the bot still holds it."""
        raise NotImplementedError

    def is_cancelled(self, appointment: Appointment) -> bool:
        raise NotImplementedError

    def start_of(self, appointment: Appointment) -> datetime:
        raise NotImplementedError

    def hold(self, appointment: Appointment, which: int = 0) -> Hold:
        return self.backend.hold(appointment, self.open_slot(appointment, which), now=self.now)


@dataclass
class HttpRig(Rig, Generic[ServerT]):
    server: ServerT = field(default=None)  # type: ignore[assignment]
    read_route: str = ""
    cancel_route: str = ""
    at: Callable[[float], datetime] = field(default=None)  # type: ignore[assignment]
    """An instant `hours` after 9 AM tomorrow in the vendor suite's clinic (its support module's `at`)."""

    def fail(self, route: str, *faults: Fault) -> None:
        self.server.fail(route, *faults)

    def drop_after_applying(self, route: str) -> None:
        self.server.drop_after_applying(route)  # type: ignore[attr-defined]

    def calls(self, route: str) -> int:
        return len(self.server.calls_to(route))

    def move_to(self, appointment: Appointment, start: datetime) -> None:
        """Move the appointment in the stand-in itself, as someone at the clinic would."""
        raise NotImplementedError

    def open_slot(self, appointment: Appointment, which: int = 0) -> Slot:
        wanted = self.at(3 + which)
        [slot] = self.backend.open_slots(appointment, Window(start=wanted, end=wanted), now=self.now, limit=1)
        return slot

    def move_elsewhere(self, appointment: Appointment) -> datetime:
        self.move_to(appointment, self.at(6))
        return self.at(6)


# -- sandbox ------------------------------------------------------------------------------------------
SANDBOX_DAY = date(2026, 3, 4)
CHICAGO = ZoneInfo("America/Chicago")


@dataclass
class SandboxRig(Rig):
    def booked(self) -> Appointment:
        tomorrow = datetime.combine(SANDBOX_DAY + timedelta(days=1), datetime.min.time(), CHICAGO)
        for name in ("john smith", "maria lopez"):
            found = self.backend.find_appointments(
                PatientQuery(name=name), around=Window(start=tomorrow, end=tomorrow + timedelta(days=6)), now=self.now
            )
            if found:
                return found[0]
        raise AssertionError("the demo clinic has neither John Smith nor Maria Lopez in the week ahead")

    def open_slot(self, appointment: Appointment, which: int = 0) -> Slot:
        start = appointment.start + timedelta(days=1)
        offered = self.backend.open_slots(appointment, Window(start=start), now=self.now, limit=which + 1)
        return offered[which]

    def move_elsewhere(self, appointment: Appointment) -> datetime:
        other = self.backend.hold(appointment, self.open_slot(appointment, 1), now=self.now)
        return self.backend.reschedule(appointment, other, idempotency_key="someone-else").start

    def cancel_elsewhere(self, appointment: Appointment) -> None:
        self.backend.cancel(appointment, Cancellation(), idempotency_key="someone-else")

    def remove(self, appointment: Appointment) -> Appointment:
        return appointment.model_copy(update={"id": "apt-missing"})

    def is_cancelled(self, appointment: Appointment) -> bool:
        return self.backend.get_appointment(appointment.id).status is AppointmentStatus.CANCELLED

    def start_of(self, appointment: Appointment) -> datetime:
        return self.backend.get_appointment(appointment.id).start


# -- Cliniko ------------------------------------------------------------------------------------------
@dataclass
class ClinikoRig(HttpRig[ClinikoStandIn]):
    clinic: Any = None

    def booked(self) -> Appointment:
        self.server.add_appointment(self.clinic.maria, cliniko_support.TOMORROW_9AM)
        [appointment] = self.backend.find_appointments(PatientQuery(name="Maria Lopez"), around=None, now=self.now)
        return appointment

    def move_to(self, appointment: Appointment, start: datetime) -> None:
        self.server.move(appointment.id, start)

    def cancel_elsewhere(self, appointment: Appointment) -> None:
        self.server.cancel_row(self.server.appointments[appointment.id], 50, None)

    def remove(self, appointment: Appointment) -> Appointment:
        del self.server.appointments[appointment.id]
        return appointment

    def is_cancelled(self, appointment: Appointment) -> bool:
        return self.server.appointments[appointment.id]["cancelled_at"] is not None

    def start_of(self, appointment: Appointment) -> datetime:
        start: datetime = self.server.appointments[appointment.id]["starts_at"]
        return start


# -- Qmatic -------------------------------------------------------------------------------------------
@dataclass
class QmaticRig(HttpRig[QmaticServer]):
    def booked(self) -> Appointment:
        qmatic_support.book_maria(self.server)
        [appointment] = qmatic_support.find(self.backend)  # type: ignore[arg-type]
        return appointment

    def move_to(self, appointment: Appointment, start: datetime) -> None:
        self.server.move(appointment.id, start)

    def cancel_elsewhere(self, appointment: Appointment) -> None:
        self.server.appointments[appointment.id].status = "CANCELLED"

    def remove(self, appointment: Appointment) -> Appointment:
        del self.server.appointments[appointment.id]
        return appointment

    def is_cancelled(self, appointment: Appointment) -> bool:
        return self.server.appointments[appointment.id].status == "CANCELLED"

    def start_of(self, appointment: Appointment) -> datetime:
        return self.server.appointments[appointment.id].start


# -- Solv ---------------------------------------------------------------------------------------------
@dataclass
class SolvRig(HttpRig[SolvServer]):
    def booked(self) -> Appointment:
        for hours in (0, 3, 4, 6):
            self.server.add_slot(solv_support.LOCATION, solv_support.at(hours))
        number = self.server.add_booking(solv_support.LOCATION, solv_support.TOMORROW_9AM)
        query = PatientQuery(booking_ref=str(number))
        [appointment] = self.backend.find_appointments(query, around=None, now=self.now)
        return appointment

    def move_to(self, appointment: Appointment, start: datetime) -> None:
        self.server.move(int(appointment.id), start)

    def cancel_elsewhere(self, appointment: Appointment) -> None:
        self.server.bookings[int(appointment.id)]["status"] = "cancelled"

    def remove(self, appointment: Appointment) -> Appointment:
        del self.server.bookings[int(appointment.id)]
        return appointment

    def is_cancelled(self, appointment: Appointment) -> bool:
        return bool(self.server.bookings[int(appointment.id)]["status"] == "cancelled")

    def start_of(self, appointment: Appointment) -> datetime:
        return datetime.fromisoformat(self.server.bookings[int(appointment.id)]["appointment_date"]).astimezone(UTC)


# -- building them --------------------------------------------------------------------------------------
@contextmanager
def rig_for(name: str, tmp_path: Path) -> Iterator[Rig]:
    if name == "sandbox":
        db = tmp_path / "clinic-bot.sqlite3"
        seed(db, SANDBOX_DAY, "America/Chicago")
        now = datetime(2026, 3, 4, 9, 0, tzinfo=CHICAGO)
        sandbox = SandboxBackend(db, clock=lambda: now)
        try:
            yield SandboxRig(name, sandbox, now)
        finally:
            sandbox.close()
        return
    server: StubServer
    backend: ClinikoBackend | QmaticBackend | SolvBackend
    rig: HttpRig[Any]
    if name == "cliniko":
        cliniko = ClinikoStandIn()
        cliniko.now = cliniko_support.NOW
        server = cliniko.start()
        clinic = cliniko_support.seed(cliniko)
        backend = cliniko_support.make_backend(cliniko)
        routes = ("get_appointment", "cancel_appointment")
        rig = ClinikoRig(name, backend, cliniko_support.NOW, cliniko, *routes, cliniko_support.at, clinic)
    elif name == "qmatic":
        qmatic = QmaticServer()
        qmatic_support.seed(qmatic)
        server = qmatic.start()
        backend = qmatic_support.make_backend(qmatic)
        rig = QmaticRig(name, backend, qmatic_support.NOW, qmatic, "get", "cancel", qmatic_support.at)
    else:
        solv = SolvServer()
        solv.now = solv_support.NOW
        solv.add_location(solv_support.LOCATION, "Solv Urgent Care – Downtown")
        server = solv.start()
        backend = solv_support.make_backend(solv)
        rig = SolvRig(name, backend, solv_support.NOW, solv, "get_booking", "update_status", solv_support.at)
    try:
        yield rig
    finally:
        backend.close()
        stop_soon(server)
