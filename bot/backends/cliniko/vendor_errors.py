"""Cliniko's own error answers turned into sentences staff (or the IT admin) can act on.

Cliniko's bodies: 422 `{"message": "Validation Failed", "errors": {field: text}}`,
404 `{"status": "404", "error": "Not Found"}`, 400/401/403 a `message` (or
nothing). A wrong-region key is a bare 401, so the 401 sentence names the
region rule. Available times answer 404 when online bookings are off for the
business, practitioner or appointment type, which is a setting, not a
missing appointment. 429, 5xx and a wrong base URL are the common cases of
`bot.backends.vendor`.
"""

from __future__ import annotations

from typing import Any

import httpx

from bot.backends.errors import AppointmentNotFound, BookingError, InvalidRequest, NotAuthorised
from bot.backends.http import json_or_none
from bot.backends.routes import Route

CHECK = "then run `clinic-bot check-backend`"
ONLINE_BOOKINGS_OFF = (
    "Cliniko shows open times only for businesses, practitioners and appointment types enabled for online "
    "bookings, and this appointment's are not. Nothing was changed; move it in Cliniko, or ask your Cliniko "
    "admin to enable online bookings for them."
)


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value if item not in (None, ""))
    return str(value) if value not in (None, "") else ""


def read_error(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """Cliniko's message and its field errors (`base` is the record as a whole)."""
    body = json_or_none(response)
    fields: dict[str, str] = {}
    message = ""
    if isinstance(body, dict):
        errors = body.get("errors")
        if isinstance(errors, dict):
            for field, value in errors.items():
                text = _text(value)
                if text:
                    fields[str(field)] = text
        message = _text(body.get("message")) or _text(body.get("error"))
    return message or response.reason_phrase or f"HTTP {response.status_code}", fields


def staff_sentence(fields: dict[str, str]) -> str:
    """`base` reads as a sentence of its own; other fields keep their name so staff know what was wrong."""
    parts = [text if field == "base" else f"{field.replace('_', ' ')} {text}" for field, text in fields.items()]
    return "; ".join(parts)


def cliniko_error(
    response: httpx.Response, route: Route | None, message: str, fields: dict[str, str]
) -> BookingError | None:
    status = response.status_code
    if status == 401:
        return NotAuthorised(
            "Cliniko refused the bot's API key. Nothing was changed; please tell your IT admin: check "
            "CLINIKO_API_KEY (a key works only in its own Cliniko region, named by its ending such as -au1 "
            f"or -uk1, and stops working when its Cliniko user is removed), {CHECK}."
        )
    if status == 403:
        return NotAuthorised(
            f"Cliniko refused access ({message}). Nothing was changed; please tell your IT admin: the Cliniko "
            "user whose API key the bot uses may lack permission for appointments, or Cliniko blocked the "
            f"bot's CLINIKO_USER_AGENT (it must name the app and a contact email), {CHECK}."
        )
    if status == 404 and route is not None and route.name == "available_times":
        return InvalidRequest(ONLINE_BOOKINGS_OFF)
    if status == 404 and route is not None and route.placeholders:
        return AppointmentNotFound("Cliniko has no such appointment: it may have been deleted.")
    if status == 422:
        if fields:
            return InvalidRequest(f"Cliniko rejected the change: {staff_sentence(fields)}.", field_errors=fields)
        return InvalidRequest(f"Cliniko rejected the change ({message}).")
    if status == 400:
        return InvalidRequest(f"Cliniko refused the request: {message}")
    return None
