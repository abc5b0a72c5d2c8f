"""Solv's request and response bodies, as the partner API documents them.

Responses tolerate extra fields and missing optional ones: the schema pages show
generated examples only, and a stricter model would turn a harmless vendor
addition into an outage.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

BOOKED_STATUSES = frozenset({"reserved", "confirmed"})
"""Upcoming and movable; the others (checked_in … discharged, no_show) are under way or over."""
CANCELLED = "cancelled"


class Lenient(BaseModel):
    model_config = ConfigDict(extra="ignore")


class TokenRequest(BaseModel):
    client_id: str
    client_secret: str
    grant_type: str = "service_api"
    scope: str


class TokenResponse(Lenient):
    access_token: str
    token_type: str = "bearer"
    expires_in: int | None = None
    expiration_timestamp: str | None = None


class Booking(Lenient):
    id: int
    location_id: int
    appointment_date: str
    status: str
    is_walk_in: bool = False
    first_name: str = ""
    last_name: str = ""
    birth_date: str | None = None
    phone: str | None = None
    email: str | None = None
    reason: str | None = None
    paperwork_status: str | None = None
    emr_booking_id: str | None = None
    birth_sex: str | None = None
    address_street: str | None = None
    address_street_secondary: str | None = None
    address_city: str | None = None
    address_state: str | None = None
    address_zip: str | None = None
    custom_booking_management_url: str | None = None

    @property
    def status_word(self) -> str:
        """Solv writes RESERVED in prose and reserved in the enum: compare lower case."""
        return self.status.strip().lower()


class CreateBooking(BaseModel):
    """POST /v1/partner/bookings. Optional fields left unset are not sent."""

    location_id: int
    appointment_date: str
    first_name: str
    last_name: str
    birth_date: str
    phone: str
    email: str | None = None
    reason: str | None = None
    visit_type_id: int | None = None
    is_walk_in: bool = False
    paperwork_status: str | None = None
    birth_sex: str | None = None
    custom_booking_management_url: str | None = None
    address_street: str | None = None
    address_street_secondary: str | None = None
    address_city: str | None = None
    address_state: str | None = None
    address_zip: str | None = None

    def body(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class StatusUpdate(BaseModel):
    status: str


class ExternalReschedule(BaseModel):
    appointment_date: str
    external_location_id: str
    service_id: str


class ExternalCancel(BaseModel):
    external_location_id: str
    service_id: str
    cancellation_reason: str | None = None


class SlotBody(Lenient):
    appointment_date: str
    availability: int = 0
    busy: bool | None = None


class LocationSlots(Lenient):
    location_id: int | None = None
    slots: list[SlotBody] = []


class LocationInfo(Lenient):
    id: int | None = None
    name: str | None = None
    display_name: str | None = None
