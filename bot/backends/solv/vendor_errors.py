"""Solv's error answers turned into sentences staff can act on.

Solv's API is FastAPI: a 422 carries `{"detail": [{"loc": [...], "msg": ...}]}`,
everything else `{"detail": "text"}`. Solv has no conflict code: a time that
filled up is a 422 on `body.appointment_date` when booking or moving onto it.
"""

from __future__ import annotations

import httpx

from bot.backends.errors import (
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    NotAuthorised,
    RateLimited,
    SlotTaken,
)
from bot.backends.http import json_or_none, retry_after_seconds
from bot.backends.solv.auth import TOKEN_PATH

CHECK = "run `clinic-bot check-backend` after fixing it"


def read_detail(response: httpx.Response) -> tuple[str, dict[str, str]]:
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


def _books_a_time(request: httpx.Request) -> bool:
    path = request.url.path
    return request.method == "POST" and (path.endswith("/partner/bookings") or path.endswith("/reschedule"))


def map_error(response: httpx.Response, *, location_id: int) -> BookingError:
    status = response.status_code
    request = response.request
    path = request.url.path
    detail, fields = read_detail(response)
    if path.endswith(TOKEN_PATH) and status in (400, 401, 403, 404, 422):
        return NotAuthorised(
            f"Solv refused the bot's client id and secret ({status}: {detail}). Nothing was changed; "
            f"check SOLV_CLIENT_ID and SOLV_CLIENT_SECRET (and SOLV_BASE_URL: staging and production "
            f"credentials differ), then {CHECK}."
        )
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
    if status == 404:
        if "/locations/" in path:
            return InvalidRequest(
                f"Solv does not know location {location_id} ({detail}). Nothing was changed; "
                f"check SOLV_LOCATION_ID, then {CHECK}."
            )
        return AppointmentNotFound(f"Solv has no such booking ({detail}).")
    if status == 422 and "appointment_date" in fields and _books_a_time(request):
        return SlotTaken(f"That time is no longer open in Solv (appointment_date: {fields['appointment_date']}).")
    if status in (400, 422):
        return InvalidRequest(f"Solv rejected the change ({detail}).", field_errors=fields)
    if status == 409:
        return SlotTaken(f"Solv reports a conflict ({detail}).")
    if status == 429:
        wait = retry_after_seconds(response)
        when = f"in {round(wait)} seconds" if wait is not None else "in a minute"
        return RateLimited(
            f"Solv is limiting how fast the bot may call it ({detail}). Nothing was changed; please try again {when}.",
            retry_after=wait,
        )
    if status >= 500:
        return BackendUnavailable(f"Solv answered with a server error ({status}). Please try again in a minute.")
    return InvalidRequest(f"Solv refused the request ({status}: {detail}).")
