"""The one vocabulary of the bot: patient, appointment, slot, hold, window.

Every layer speaks these types. A vendor's own words (Cliniko's "individual
appointment", Qmatic's "reservation", Solv's "booking") stay inside its adapter,
which translates to and from these. All datetimes here are timezone-aware.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, field_validator

Clock = Callable[[], datetime]
"""The clock enters at the edges: everything below takes `now` as a value."""


def system_clock() -> datetime:
    """Aware UTC now."""
    return datetime.now(UTC)


class Frozen(BaseModel):
    """Value objects: immutable, so a conversation snapshot cannot change under us."""

    model_config = ConfigDict(frozen=True)


def _require_aware(value: datetime | None) -> datetime | None:
    if value is not None and value.utcoffset() is None:
        raise ValueError("datetime must carry a UTC offset")
    return value


class Window(Frozen):
    """A half-open time window; `end is None` means open-ended ("asap")."""

    start: datetime
    end: datetime | None = None

    _aware = field_validator("start", "end")(_require_aware)

    def contains(self, instant: datetime) -> bool:
        if instant < self.start:
            return False
        return self.end is None or instant < self.end or (self.end == self.start and instant == self.start)

    def is_instant(self) -> bool:
        return self.end is not None and self.end == self.start


class CancelReason(StrEnum):
    """The seven cancel reasons staff can pick (Cliniko's list, adopted as ours)."""

    FEELING_BETTER = "Feeling Better"
    CONDITION_WORSE = "Condition Worse"
    SICK = "Sick"
    COVID = "COVID-19 related"
    AWAY = "Away"
    WORK = "Work"
    OTHER = "Other"


class Cancellation(Frozen):
    """What staff asked for when cancelling: why, in their words, and whether later repeats go too."""

    reason: CancelReason | None = None
    note: str | None = None
    """Staff's own words: the booking system's cancellation note where it keeps one."""
    apply_to_repeats: bool = False


class PatientKey(StrEnum):
    """The fields a backend can find a patient's appointments by."""

    NAME = "name"
    DATE_OF_BIRTH = "date_of_birth"
    PHONE = "phone"
    BOOKING_REF = "booking_ref"
    PERSONAL_ID = "personal_id"


PATIENT_KEY_WORDS: dict[PatientKey, str] = {
    PatientKey.NAME: "name",
    PatientKey.DATE_OF_BIRTH: "date of birth",
    PatientKey.PHONE: "phone number",
    PatientKey.BOOKING_REF: "booking reference",
    PatientKey.PERSONAL_ID: "personal identifier",
}


class PatientQuery(Frozen):
    """What staff told us about the patient. Health data: never log it."""

    name: str | None = None
    date_of_birth: date | None = None
    phone: str | None = None
    booking_ref: str | None = None
    personal_id: str | None = None

    def given(self) -> frozenset[PatientKey]:
        """The keys that carry a value."""
        return frozenset(key for key in PatientKey if getattr(self, key.value) not in (None, ""))

    def is_empty(self) -> bool:
        return not self.given()

    def merged(self, other: PatientQuery) -> PatientQuery:
        """This query with every field `other` gives replaced by other's value."""
        update = {key.value: getattr(other, key.value) for key in other.given()}
        return self.model_copy(update=update)


class Patient(Frozen):
    """A patient as the booking system knows them. Health data: never log it."""

    id: str
    name: str
    date_of_birth: date | None = None
    phone: str | None = None


class Location(Frozen):
    id: str
    name: str
    timezone: str  # IANA zone, e.g. "America/Chicago": appointments resolve here


class Service(Frozen):
    id: str
    name: str
    duration_minutes: int

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)


class Practitioner(Frozen):
    id: str
    name: str


class AppointmentStatus(StrEnum):
    BOOKED = "booked"
    CANCELLED = "cancelled"


class Appointment(Frozen):
    """An existing booking, as read from the backend."""

    id: str
    patient: Patient
    start: datetime
    end: datetime
    location: Location
    service: Service
    practitioner: Practitioner | None = None
    status: AppointmentStatus = AppointmentStatus.BOOKED
    reference: str | None = None
    repeats: bool = False
    """Part of a repeating series: staff may cancel the later occurrences too."""
    moves_by_rebooking: bool = False
    """The backend cannot move it in place: a new booking is made, then this one cancelled."""
    start_is_stated: bool = False
    """The booking system would not let us read this booking: `start`/`end` are the times staff stated,
    and the cards label them so (Solv accounts without partner booking reads)."""

    _aware = field_validator("start", "end")(_require_aware)


class Slot(Frozen):
    """An open time the appointment could move to.

    `key` is opaque to everyone but the adapter that made it (Solv needs the
    exact `appointment_date` string back, Qmatic the timeslot pair).
    """

    start: datetime
    end: datetime
    location_id: str
    practitioner_id: str | None = None
    key: str = ""

    _aware = field_validator("start", "end")(_require_aware)


class Hold(Frozen):
    """A slot kept for us while staff confirm (Qmatic reservation, sandbox hold).

    Backends without holds return a Hold with `id == ""` and `expires_at is None`.
    """

    id: str
    slot: Slot
    expires_at: datetime | None = None

    @property
    def is_real(self) -> bool:
        return bool(self.id)


class Capabilities(Frozen):
    """What a backend can do; the conversation adapts to these, never to a vendor name."""

    lookup_keys: frozenset[PatientKey]
    """Keys the backend can search by. A request needs at least one of them."""
    holds_slots: bool
    records_cancel_reason: bool
    reschedule_in_place: bool
    """False when some appointments can only be moved by rebooking (see Appointment)."""
    cancels_repeats: bool = False


class BackendStatus(Frozen):
    """What `clinic-bot check-backend` prints: proof the credentials reach something real."""

    backend: str
    account: str
    locations: tuple[str, ...] = ()
    upcoming_appointments: int | None = None
    detail: str = ""
