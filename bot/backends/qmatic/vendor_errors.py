"""Qmatic's own error answers turned into sentences staff can act on.

Qmatic's public guides do not show error bodies, so the status code decides
the kind of error and the body only adds words: `{"status", "error",
"message"}` (a Spring-style body), field messages from an `errors` or
`fieldErrors` list (or mapping), and OAuth's `{"error": "invalid_client"}` on
the token call. A reserve refused with 409 is a time someone else has. 429,
5xx and a wrong base URL are the common cases of `bot.backends.vendor`.
"""

from __future__ import annotations

from typing import Any

import httpx

from bot.backends.errors import AppointmentNotFound, BookingError, InvalidRequest, NotAuthorised, SlotTaken
from bot.backends.http import json_or_none
from bot.backends.routes import Route

CHECK = "run `clinic-bot check-backend` after fixing it"


class UnknownPath(InvalidRequest):
    """A 404 on a timeslot call: this tenant may serve that call on the other plausible path."""


def _field_errors(raw: Any) -> dict[str, str]:
    fields: dict[str, str] = {}
    if isinstance(raw, dict):
        return {str(field): str(message) for field, message in raw.items()}
    if not isinstance(raw, list):
        return fields
    for item in raw:
        if not isinstance(item, dict):
            continue
        field = str(item.get("field") or item.get("property") or item.get("name") or "request")
        message = str(item.get("message") or item.get("defaultMessage") or item.get("msg") or "is invalid")
        fields[field] = f"{fields[field]}; {message}" if field in fields else message
    return fields


def read_error(response: httpx.Response) -> tuple[str, dict[str, str]]:
    """Qmatic's words as (text, {field: message}); never the raw body."""
    body = json_or_none(response)
    fields: dict[str, str] = {}
    text = ""
    if isinstance(body, dict):
        fields = _field_errors(body.get("errors") or body.get("fieldErrors"))
        for key in ("message", "error_description", "error"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                text = value.strip()
                break
    if fields:
        text = "; ".join(f"{field}: {message}" for field, message in fields.items())
    return text or response.reason_phrase or f"HTTP {response.status_code}", fields


def is_token_call(request: httpx.Request, token_url: str) -> bool:
    wanted = httpx.URL(token_url)
    return (request.url.host, request.url.port, request.url.path) == (wanted.host, wanted.port, wanted.path)


def qmatic_error(
    response: httpx.Response,
    route: Route | None,
    text: str,
    fields: dict[str, str],
    *,
    token_url: str,
    tenant_id: str,
) -> BookingError | None:
    status = response.status_code
    if is_token_call(response.request, token_url) and status < 500 and status != 429:
        if status == 404:
            return InvalidRequest(
                f"The bot could not sign in to Qmatic: the token URL answered 404 — check QMATIC_TOKEN_URL (now "
                f"{token_url}; by default the base URL's host + /oauth2/token). Nothing was changed."
            )
        return NotAuthorised(
            f"Qmatic refused the bot's sign-in ({status}: {text}). Nothing was changed; check QMATIC_CLIENT_ID, "
            f"QMATIC_CLIENT_SECRET and QMATIC_ACCOUNT (and QMATIC_TOKEN_URL: each region has its own), then {CHECK}."
        )
    if status == 401:
        return NotAuthorised(
            f"Qmatic refused the bot's access token even after renewing it ({text}). Nothing was changed; "
            f"check QMATIC_CLIENT_ID and QMATIC_CLIENT_SECRET, then {CHECK}."
        )
    if status == 403:
        return NotAuthorised(
            f"Qmatic refused access ({text}): the client lacks a scope (book, reschedule, cancel) or may not use "
            f"tenant {tenant_id}. Nothing was changed; check QMATIC_TENANT_ID or ask Qmatic to grant the scopes."
        )
    if status == 404 and route is not None:
        unknown = (
            f"Qmatic does not know that branch or service ({text}). Nothing was changed; "
            f"check QMATIC_BRANCH_IDS and QMATIC_BASE_URL, then {CHECK}."
        )
        if route.name.startswith("search"):
            return AppointmentNotFound(f"Qmatic knows no such customer ({text}).")  # some tenants answer so
        if route.name.startswith("timeslots"):
            return UnknownPath(unknown)
        if route.name.startswith("reserve"):
            return InvalidRequest(unknown)
        if route.placeholders:
            return AppointmentNotFound(f"Qmatic has no such appointment ({text}).")
    if status == 409:
        return SlotTaken(f"That time is no longer free in Qmatic ({text}).")
    if status in (400, 422):
        return InvalidRequest(f"Qmatic rejected the change ({text}).", field_errors=fields)
    return None
