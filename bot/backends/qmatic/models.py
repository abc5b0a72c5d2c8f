"""Qmatic's request and response bodies, as far as its public guides show them.

The guides defer to an API reference that is not public, so responses are
read leniently (extra fields ignored, most fields optional) and requests carry
only the fields the guides name. Field names are Qmatic's.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

CANCELLED_STATUSES = frozenset({"CANCELLED", "CANCELED", "DELETED"})
HELD_STATUSES = frozenset({"RESERVED"})
"""A reservation (hold) not yet confirmed: not a patient's appointment."""


class Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class TokenResponse(Lenient):
    access_token: str
    token_type: str = "Bearer"
    expires_in: int | None = None


class TimeSlot(Lenient):
    start_time: str = Field(alias="startTime")
    end_time: str = Field(alias="endTime")


class ServiceConfig(Lenient):
    max_number_of_reservations: int | None = Field(None, alias="maxNumberOfReservations")


class QService(Lenient):
    id: str
    name: str = ""
    duration: int | None = None
    """Minutes, where the tenant sends it; the timeslot itself is what counts."""
    config: ServiceConfig | None = None


class Address(Lenient):
    street_name: str | None = Field(None, alias="streetName")
    zip_code: str | None = Field(None, alias="zipCode")
    city: str | None = None
    country: str | None = None


class Branch(Lenient):
    id: str
    name: str = ""
    time_zone: str | None = Field(None, alias="timeZone")
    address: Address | None = None


class Customer(Lenient):
    personal_identifier: str | None = Field(None, alias="personalIdentifier")
    first_name: str | None = Field(None, alias="firstName")
    last_name: str | None = Field(None, alias="lastName")
    phone_number: str | None = Field(None, alias="phoneNumber")
    email: str | None = None
    date_of_birth: str | None = Field(None, alias="dateOfBirth")


class QAppointment(Lenient):
    appointment_id: str = Field(alias="appointmentId")
    status: str | None = None
    time_slot: TimeSlot = Field(alias="timeSlot")
    customer: Customer | None = None
    service: QService | list[QService] | None = None
    services: list[QService] = []
    branch: Branch
    number_of_reservations: int = Field(1, alias="numberOfReservations")

    @property
    def all_services(self) -> list[QService]:
        """Every published sample carries one `service` object, a service combination's too; a `services`
        array (or `service` as an array) is read as well."""
        if self.services:
            return list(self.services)
        if isinstance(self.service, list):
            return list(self.service)
        return [self.service] if self.service is not None else []

    @property
    def cancelled(self) -> bool:
        return (self.status or "").strip().upper() in CANCELLED_STATUSES


class Reservation(Lenient):
    """The answer to a reserve call: the held appointment, named by one GUID."""

    reservation_id: str | None = Field(None, alias="reservationId")
    appointment_id: str | None = Field(None, alias="appointmentId")
    time_slot: TimeSlot | None = Field(None, alias="timeSlot")

    @property
    def id(self) -> str:
        return self.reservation_id or self.appointment_id or ""


class DayTimeSlots(Lenient):
    date: str | None = None
    time_slots: list[TimeSlot] = Field([], alias="timeSlots")


class SearchBody(BaseModel):
    """`{"customer": {"personalIdentifier": ...}}`, the only documented search."""

    customer: dict[str, str]

    @classmethod
    def for_personal_id(cls, personal_id: str) -> SearchBody:
        return cls(customer={"personalIdentifier": personal_id})


class ReserveBody(BaseModel):
    """POST …/reservations. One service id, or several on the service-combination call."""

    model_config = ConfigDict(populate_by_name=True)

    service_id: str | None = Field(None, serialization_alias="serviceId")
    service_ids: list[str] | None = Field(None, serialization_alias="serviceIds")
    branch_id: str = Field(serialization_alias="branchId")
    time_slot: dict[str, str] = Field(serialization_alias="timeSlot")
    number_of_reservations: int = Field(1, serialization_alias="numberOfReservations")

    def body(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True, exclude_none=True)


class RescheduleBody(BaseModel):
    reservation_id: str = Field(serialization_alias="reservationId")

    def body(self) -> dict[str, Any]:
        return self.model_dump(by_alias=True)
