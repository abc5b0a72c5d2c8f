"""`check-backend` for Solv: the location, its slots, and which of two modes this account is in.

Mode one, booking reads: `GET /v1/partner/bookings/{id}` answers, staff look a
booking up by its Solv number. Mode two, no booking reads (Solv refuses that
unpublished call itself): EHR-linked bookings are moved and cancelled by their
EHR reference at the time staff state. `--deep` shows each call as a row;
`--booking REF` reads that booking (otherwise a number no booking has is
asked for, which tells the two modes apart just as well). Nothing is written.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

import httpx
from pydantic import ValidationError

from bot.backends.errors import BookingError, InvalidRequest
from bot.backends.http import json_or_none
from bot.backends.probes import Probe, Verdict, verdict_of
from bot.backends.solv.models import Booking, LocationInfo
from bot.backends.solv.vendor_errors import NO_READS
from bot.domain import BackendStatus

if TYPE_CHECKING:
    from bot.backends.solv.adapter import SolvBackend

PROBE_BOOKING = "999999999999"
"""A booking number no clinic has: its 404 says the read exists, a refusal that it does not."""
READS = "Booking reads work: staff look a booking up by its Solv booking number."
EHR_ONLY = (
    NO_READS + " EHR-linked bookings are still moved and cancelled by their EHR reference, at the time staff state "
    "(shown as stated)."
)
NOTHING_WORKS = (
    NO_READS + " SOLV_EXTERNAL_LOCATION_ID and SOLV_SERVICE_ID are not set either, so the bot cannot change any "
    "booking: ask Solv's partner team for read:bookings, or set the EHR ids."
)


def mode_sentence(backend: SolvBackend) -> str:
    if backend.booking_reads is None:
        return "Whether this account lets partners read bookings could not be told."
    if backend.booking_reads:
        return READS
    return EHR_ONLY if backend.settings.ehr_linked else NOTHING_WORKS


def _learn_mode(backend: SolvBackend, booking: str | None) -> None:
    """`read_booking` records the mode whichever way Solv answers."""
    with contextlib.suppress(BookingError):
        backend.read_booking(booking or PROBE_BOOKING)


def status(backend: SolvBackend) -> BackendStatus:
    location_id = backend.settings.location_id
    try:
        info = LocationInfo.model_validate(backend.json_of(backend.call("location", location_id=location_id)))
    except (InvalidRequest, ValidationError):
        # Solv shows this call only as a quick-start example: if it is missing, the slots call
        # below still proves (or disproves) that the location exists.
        info = LocationInfo()
    name = info.name or info.display_name or backend.words.location_name
    open_count = len(backend.slots_of(backend.call("slots", location_id=location_id)))
    _learn_mode(backend, None)
    ehr = (
        "EHR-linked bookings are moved and cancelled in place."
        if backend.settings.ehr_linked
        else "SOLV_EXTERNAL_LOCATION_ID/SOLV_SERVICE_ID are not set: EHR-linked bookings cannot be moved."
    )
    return BackendStatus(
        backend=backend.name,
        account=f"{name} (Solv location {location_id})",
        locations=(name,),
        upcoming_appointments=None,
        detail=f"{open_count} open slots visible. Solv cannot list bookings. {mode_sentence(backend)}"
        + ("" if backend.booking_reads is False else f" {ehr}"),
    )


def probes(backend: SolvBackend, *, booking: str | None) -> list[Probe]:
    location_id = backend.settings.location_id
    rows = [_sign_in(backend)]
    row, _info = backend.probe(
        "location",
        "location",
        location_id=location_id,
        read=lambda response: LocationInfo.model_validate(backend.json_of(response)),
        works=lambda info: f"named {info.name or info.display_name or '(no name)'}",
        otherwise="the location is named from SOLV_LOCATION_NAME",
        needed=False,
    )
    rows.append(row)
    row, _slots = backend.probe(
        "open slots (v2)",
        "slots",
        location_id=location_id,
        read=backend.slots_of,
        works=lambda found: f"{len(found)} open slot(s)",
        otherwise="no time can be offered: check SOLV_LOCATION_ID and the read:locations scope",
    )
    rows.append(row)
    rows.append(_booking_read(backend, booking))
    return rows


def _sign_in(backend: SolvBackend) -> Probe:
    grant = backend.grant
    call = "sign-in (access token) [published]"
    try:
        response = backend.http.client.send(grant.token_request(), auth=None)
    except httpx.TransportError as error:
        action = f"could not reach {grant.token_url} ({type(error).__name__}) — check SOLV_BASE_URL"
        return Probe(call, None, Verdict.UNREACHABLE, action, True)
    if not response.is_success:
        action = "check SOLV_CLIENT_ID, SOLV_CLIENT_SECRET and SOLV_BASE_URL (staging and production differ)"
        return Probe(call, response.status_code, verdict_of(response.status_code), action, True)
    return Probe(call, response.status_code, Verdict.WORKS, "a token for read:locations, bookings", True)


def _booking_read(backend: SolvBackend, booking: str | None) -> Probe:
    call = f"read a booking{f' (#{booking})' if booking else ' (a number no booking has)'} [assumed]"
    needed = not backend.settings.ehr_linked
    wanted = (booking or PROBE_BOOKING).lstrip("#")
    try:
        response = backend.http.client.request("GET", backend.routes["get_booking"].url(booking_id=wanted))
    except httpx.TransportError as error:
        return Probe(call, None, Verdict.UNREACHABLE, f"could not reach Solv ({type(error).__name__})", needed)
    status = response.status_code
    body = json_or_none(response)
    detail = str(body.get("detail", "")) if isinstance(body, dict) else ""
    if response.is_success:
        backend.booking_reads = True
        try:
            Booking.model_validate(backend.json_of(response))
        except (ValidationError, BookingError):
            return Probe(call, status, Verdict.SHAPE, "the booking answer cannot be read", True)
        return Probe(call, status, Verdict.WORKS, READS, True)
    if status == 404 and "booking" in detail.lower():
        backend.booking_reads = True
        if booking:
            return Probe(call, status, Verdict.NOT_FOUND, f"Solv has no booking {wanted}; {READS}", False)
        return Probe(call, status, Verdict.WORKS, READS, True)
    if status in (403, 404, 405):
        backend.booking_reads = False
        return Probe(call, status, verdict_of(status), mode_sentence(backend), needed)
    return Probe(call, status, verdict_of(status), "whether bookings can be read could not be told", needed)
