"""Solv's own error answers turned into sentences staff can act on.

Solv's API is FastAPI: a 422 carries `{"detail": [{"loc": [...], "msg": ...}]}`,
everything else `{"detail": "text"}`. Solv has no conflict code: a time that
filled up is a 422 on `body.appointment_date` when booking or moving onto it.
The booking read is on no published page, so its refusals get their own type.
429, 5xx and a wrong base URL are the common cases of `bot.backends.vendor`.
"""

from __future__ import annotations

import httpx

from bot.backends.errors import AppointmentNotFound, BookingError, InvalidRequest, NotAuthorised, SlotTaken
from bot.backends.http import json_or_none
from bot.backends.routes import Route
from bot.backends.vendor import wrong_url

CHECK = "run `clinic-bot check-backend` after fixing it"
NO_READS = "This Solv account does not let partners read bookings, so the bot cannot look a booking up in Solv."


class BookingReadsRefused(InvalidRequest):
    """Solv refused the booking read itself (not one booking): this account has no partner booking reads."""


def read_error(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """Solv's `detail` as (text, {field: message}); field = the last `loc` item."""
    body = json_or_none(response)
    detail = body.get("detail") if isinstance(body, dict) else None
    if isinstance(detail, str):
        return detail, {}
    fields: dict[str, str] = {}
    if isinstance(detail, list):
        for item in detail:
            if not isinstance(item, dict):
                continue
            loc = item.get("loc") or []
            field = str(loc[-1]) if isinstance(loc, list) and loc else "request"
            message = str(item.get("msg") or "is invalid")
            fields[field] = f"{fields[field]}; {message}" if field in fields else message
    text = "; ".join(f"{field}: {message}" for field, message in fields.items())
    return text or response.reason_phrase or f"HTTP {response.status_code}", fields


def solv_error(
    response: httpx.Response,
    route: Route | None,
    detail: str,
    fields: dict[str, str],
    *,
    location_id: int,
    base_url: str,
) -> BookingError | None:
    status = response.status_code
    name = route.name if route is not None else ""
    if name == "token" and status == 404:
        return InvalidRequest(wrong_url("SOLV_BASE_URL", base_url))
    if name == "token" and status in (400, 401, 403, 422):
        return NotAuthorised(
            f"Solv refused the bot's client id and secret ({status}: {detail}). Nothing was changed; "
            f"check SOLV_CLIENT_ID and SOLV_CLIENT_SECRET (and SOLV_BASE_URL: staging and production "
            f"credentials differ), then {CHECK}."
        )
    if name == "get_booking" and (status in (403, 405) or (status == 404 and "booking" not in detail.lower())):
        return BookingReadsRefused(NO_READS)
    if status == 401:
        return NotAuthorised(
            f"Solv refused the bot's access token even after renewing it ({detail}). Nothing was changed; "
            f"check SOLV_CLIENT_ID and SOLV_CLIENT_SECRET, then {CHECK}."
        )
    if status == 403:
        return NotAuthorised(
            f"Solv refused access ({detail}): the partner credentials lack a scope (read:locations, "
            f"read:bookings, write:bookings) or are not allowed to book location {location_id}. "
            "Nothing was changed; ask Solv's partner team to grant it."
        )
    if status == 404 and name in ("location", "slots"):
        return InvalidRequest(
            f"Solv does not know location {location_id} ({detail}). Nothing was changed; "
            f"check SOLV_LOCATION_ID (and SOLV_BASE_URL), then {CHECK}."
        )
    if status == 404 and route is not None and route.placeholders:
        return AppointmentNotFound(f"Solv has no such booking ({detail}).")
    books_a_time = name in ("create_booking", "external_reschedule")
    if status == 422 and "appointment_date" in fields and books_a_time:
        return SlotTaken(f"That time is no longer open in Solv (appointment_date: {fields['appointment_date']}).")
    if status in (400, 422):
        return InvalidRequest(f"Solv rejected the change ({detail}).", field_errors=fields)
    if status == 409:
        return SlotTaken(f"Solv reports a conflict ({detail}).")
    return None
