"""Cliniko's request and response bodies, as its API documents them.

Responses tolerate extra fields and missing optional ones, so a harmless vendor
addition is not an outage. Ids are 64-bit integers sent as JSON strings; they
stay strings here (a number is accepted and turned into its exact digits, never
through float, which would quietly change the id).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any
from urllib.parse import unquote

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _id_text(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("an id is not a boolean")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        raise ValueError("an id must not be a float")
    return value


Id = Annotated[str, BeforeValidator(_id_text)]
SERIES_FILTER = re.compile(r"repeated_from_id:=?([0-9]+)")


def _date_or_none(value: Any) -> Any:
    """A birth date Cliniko holds in an odd shape is unknown, not a reason to fail the whole search."""
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


LenientDate = Annotated[date | None, BeforeValidator(_date_or_none)]


class Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Links(Lenient):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    self_url: str = Field("", alias="self")
    next: str | None = None


class Linked(Lenient):
    """`{"links": {"self": URL}}`: how Cliniko points at a related record."""

    links: Links = Links()

    @property
    def target_id(self) -> str:
        """The trailing id of the link (`…/patients/82` -> "82"); "" when there is none."""
        path = self.links.self_url.split("?", 1)[0].rstrip("/")
        tail = path.rsplit("/", 1)[-1] if path else ""
        return tail if tail.isdigit() else ""

    @property
    def target_kind(self) -> str:
        """The collection the link points into (`bookings`, `group_appointments`, …)."""
        parts = self.links.self_url.split("?", 1)[0].rstrip("/").split("/")
        return parts[-2] if len(parts) >= 2 else ""


class Page(Lenient):
    total_entries: int | None = None
    links: Links = Links()


class RepeatRule(Lenient):
    repeat_type: str | None = None
    number_of_repeats: int | None = None
    repeating_interval: int | None = None


class IndividualAppointment(Lenient):
    id: Id
    starts_at: datetime
    ends_at: datetime
    patient_name: str = ""
    cancelled_at: datetime | None = None
    cancellation_reason: int | None = None
    cancellation_note: str | None = None
    archived_at: datetime | None = None
    deleted_at: datetime | None = None
    repeat_rule: RepeatRule | None = None
    repeats: Linked | None = None
    repeated_from_id: Id | None = None
    patient: Linked = Linked()
    practitioner: Linked = Linked()
    business: Linked = Linked()
    appointment_type: Linked = Linked()

    @property
    def is_repeating(self) -> bool:
        return self.series_id is not None

    @property
    def series_id(self) -> str | None:
        """The id the occurrences of this appointment's series share as `repeated_from_id` (its first one's).

        From the field where Cliniko sends it, else the `repeats` link (to the first occurrence, or a list
        filtered by `repeated_from_id:=N`); the first occurrence itself only carries its repeat rule.
        """
        if self.repeated_from_id:
            return self.repeated_from_id
        if self.repeats is not None and self.repeats.links.self_url:
            link = self.repeats.links.self_url
            found = SERIES_FILTER.search(unquote(link))
            if found:
                return found.group(1)
            if self.repeats.target_id:
                return self.repeats.target_id
        if self.repeat_rule and self.repeat_rule.repeat_type:
            return self.id
        return None

    @property
    def is_deleted(self) -> bool:
        return self.archived_at is not None or self.deleted_at is not None


class GroupAppointment(Lenient):
    id: Id
    starts_at: datetime
    ends_at: datetime
    archived_at: datetime | None = None
    deleted_at: datetime | None = None
    practitioner: Linked = Linked()
    business: Linked = Linked()
    appointment_type: Linked = Linked()

    @property
    def is_deleted(self) -> bool:
        return self.archived_at is not None or self.deleted_at is not None


class Attendee(Lenient):
    id: Id
    booking: Linked = Linked()
    patient: Linked = Linked()
    cancelled_at: datetime | None = None
    cancellation_reason: int | None = None
    cancellation_note: str | None = None
    archived_at: datetime | None = None
    deleted_at: datetime | None = None

    @property
    def is_deleted(self) -> bool:
        return self.archived_at is not None or self.deleted_at is not None


class PhoneNumber(Lenient):
    phone_type: str | None = None
    number: str | None = None


class PatientBody(Lenient):
    id: Id
    first_name: str = ""
    last_name: str = ""
    preferred_first_name: str | None = None
    date_of_birth: LenientDate = None
    patient_phone_numbers: list[PhoneNumber] | None = None
    archived_at: datetime | None = None

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name.strip(), self.last_name.strip()) if part)

    @property
    def phones(self) -> list[str]:
        return [phone.number for phone in self.patient_phone_numbers or [] if phone.number]


class Business(Lenient):
    id: Id
    business_name: str = ""
    display_name: str | None = None
    time_zone: str | None = None
    time_zone_identifier: str | None = None
    archived_at: datetime | None = None

    @property
    def name(self) -> str:
        return (self.display_name or self.business_name or f"Cliniko business {self.id}").strip()


class PractitionerBody(Lenient):
    id: Id
    first_name: str = ""
    last_name: str = ""
    title: str | None = None

    @property
    def name(self) -> str:
        parts = (self.title or "", self.first_name, self.last_name)
        return " ".join(part.strip() for part in parts if part and part.strip()) or f"Practitioner {self.id}"


class AppointmentType(Lenient):
    id: Id
    name: str = ""
    duration_in_minutes: int | None = None


class AvailableTime(Lenient):
    appointment_start: datetime


class Conflicts(Lenient):
    exist: bool = False


class Account(Lenient):
    name: str | None = None
    time_zone: str | None = None


class AccountSettings(Lenient):
    account: Account = Account()


# -- requests ---------------------------------------------------------------------------------


class UpdateAppointment(BaseModel):
    """PATCH /individual_appointments/{id}: both ends sent, so the length stays what it was."""

    starts_at: str
    ends_at: str


class CancelBody(BaseModel):
    """PATCH …/cancel. Unset optional fields are not sent."""

    cancellation_reason: int
    cancellation_note: str | None = None
    apply_to_repeats: bool | None = None

    def body(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)
