"""`check-backend --deep` for Cliniko: every read a conversation makes, in its order, each tried once.

Account zone, businesses, practitioners, appointment types, a patient search,
upcoming appointments and group places, then a week of available times
following every `links.next` (in whatever shape Cliniko writes it). Nothing is
written: a Cliniko move cannot be probed without moving someone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx

from bot.backends.cliniko.client import ClinikoApi, Params
from bot.backends.cliniko.models import AccountSettings, AvailableTime, Business, IndividualAppointment, Page
from bot.backends.cliniko.settings import ClinikoSettings
from bot.backends.cliniko.translate import iana_zone, utc_z
from bot.backends.errors import BookingError
from bot.backends.probes import Probe, Verdict, verdict_of

if TYPE_CHECKING:
    from bot.backends.cliniko.adapter import ClinikoBackend

NOT_WITHOUT = "the bot cannot work without it: check CLINIKO_API_KEY, CLINIKO_BASE_URL and the key's Cliniko user"


def zone_sentence(api: ClinikoApi, settings: ClinikoSettings) -> str:
    """Which zone available times' dates are asked in, and why."""
    if settings.account_timezone:
        chosen = settings.account_timezone
        return f"Open times are asked for in days of the account's zone, {chosen} (CLINIKO_ACCOUNT_TIMEZONE)."
    zone = iana_zone(api.account().account.time_zone)
    if zone:
        return f"Open times are asked for in days of the account's zone, {zone} (from Cliniko's settings)."
    return (
        "Cliniko did not show this API key the account's time zone (its Settings), so open times are asked for "
        f"in days of {api.times_zone()}: set CLINIKO_ACCOUNT_TIMEZONE to the account's zone if it is elsewhere."
    )


def _listing(backend: ClinikoBackend, collection: str) -> Any:
    def read(response: httpx.Response) -> tuple[list[Any], int | None, str | None]:
        body = backend.json_of(response)
        items = body.get(collection) if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ValueError(f"no {collection} list")
        page = backend.parse(Page, body)
        return items, page.total_entries, page.links.next

    return read


def _upcoming(found: tuple[list[Any], int | None, str | None]) -> str:
    items, total, link = found
    visible = f"{total if total is not None else len(items)} upcoming appointment(s) visible"
    if link is None:
        return visible
    if "q%5B%5D=" in link or "q[]=" in link:
        return f"{visible}; next links keep the q[] filters"
    return f"{visible}; next links drop the q[] filters, so every page is checked again"


def _first_page(what: str) -> Any:
    return lambda found: f"{len(found[0])} {what.removesuffix('s')}(s) on the first page"


def probes(backend: ClinikoBackend, api: ClinikoApi, business_filter: Params) -> list[Probe]:
    rows: list[Probe] = []

    def listing(call: str, name: str, collection: str, works: Any, otherwise: str, **options: Any) -> Any:
        """Probe one of Cliniko's lists (`collection` in the body); what it found, for the probes after it."""
        row, found = backend.probe(
            call, name, read=_listing(backend, collection), works=works, otherwise=otherwise, **options
        )
        rows.append(row)
        return found

    row, _settings = backend.probe(
        "account settings (time zone)",
        "settings",
        read=lambda response: backend.parse(AccountSettings, backend.json_of(response)),
        works=lambda _body: zone_sentence(api, backend.settings),
        otherwise=zone_sentence(api, backend.settings),
        needed=False,
    )
    rows.append(row)
    businesses = listing(
        "businesses",
        "list_businesses",
        "businesses",
        lambda found: f"{found[1] if found[1] is not None else len(found[0])} business(es) visible",
        NOT_WITHOUT,
    )
    for call, name, collection, without in (
        ("practitioners", "list_practitioners", "practitioners", "practitioners are named by their id only"),
        ("appointment types", "list_appointment_types", "appointment_types", "types are named 'Appointment'"),
    ):
        listing(call, name, collection, _first_page(call), without, needed=False, params=[("per_page", "100")])
    one = ("per_page", "1")
    listing(
        "patient search by name",
        "list_patients",
        "patients",
        "staff can find patients by name and birth date",
        "staff cannot find patients: " + NOT_WITHOUT,
        params=[("q[]", "last_name:~zzqx"), one],
    )
    upcoming = listing(
        "upcoming appointments",
        "list_appointments",
        "individual_appointments",
        _upcoming,
        "no appointment can be found: " + NOT_WITHOUT,
        params=[("q[]", f"ends_at:>{utc_z(backend.now())}"), *business_filter, ("sort", "starts_at"), one],
    )
    listing(
        "group class places (attendees)",
        "list_attendees",
        "attendees",
        "places in group classes can be found and cancelled",
        "places in group classes are not found; individual appointments still are",
        needed=False,
        params=[("q[]", "patient_id:=0"), one],
    )
    rows.append(_available_times(backend, api, businesses, upcoming))
    return rows


def _target(backend: ClinikoBackend, businesses: Any, upcoming: Any) -> tuple[str, str, str] | None:
    """Business, practitioner and type of the first upcoming appointment, else the first of each list."""
    if upcoming and upcoming[0]:
        body = backend.parse(IndividualAppointment, upcoming[0][0])
        return body.business.target_id, body.practitioner.target_id, body.appointment_type.target_id
    try:
        practitioners = backend.json_of(backend.call("list_practitioners", params=[("per_page", "1")]))
        kinds = backend.json_of(backend.call("list_appointment_types", params=[("per_page", "1")]))
        business = backend.parse(Business, businesses[0][0]) if businesses and businesses[0] else None
        return (
            business.id if business else "",
            practitioners["practitioners"][0]["id"],
            kinds["appointment_types"][0]["id"],
        )
    except (BookingError, KeyError, IndexError, TypeError):
        return None


def _available_times(backend: ClinikoBackend, api: ClinikoApi, businesses: Any, upcoming: Any) -> Probe:
    call = "available times, 7 days, every next page [published]"
    target = _target(backend, businesses, upcoming)
    if target is None or not all(target):
        return Probe(call, None, Verdict.SKIPPED, "no appointment or practitioner to ask open times for", True)
    business_id, practitioner_id, type_id = target
    first: date = backend.now().astimezone(ZoneInfo(api.times_zone())).date()
    route = backend.routes["available_times"]
    url: str | None = route.url(business_id=business_id, practitioner_id=practitioner_id, type_id=type_id)
    query: list[tuple[str, str | int | float | bool | None]] | None = [
        ("from", first.isoformat()),
        ("to", (first + timedelta(days=6)).isoformat()),
        ("per_page", "100"),
    ]
    pages = times = 0
    shapes: set[str] = set()
    status: int | None = None
    while url is not None and pages < 50:
        try:
            response = backend.http.client.request("GET", url, params=query)
        except httpx.TransportError:
            return Probe(
                call, None, Verdict.UNREACHABLE, f"could not reach Cliniko — check {backend.base_url_variable}", True
            )
        status = response.status_code
        if not response.is_success:
            action = (
                "open times are shown only for businesses, practitioners and types enabled for online bookings: "
                "enable them in Cliniko, or staff move such appointments in Cliniko"
                if status == 404
                else "open times cannot be offered"
            )
            return Probe(call, status, verdict_of(status), action, True)
        try:
            body = backend.json_of(response)
            for item in body["available_times"]:
                backend.parse(AvailableTime, item)
                times += 1
            link = (body.get("links") or {}).get("next")
            url = api.follow(link, "available_times") if link else None
            if link:
                shapes.add(_shape(link))
        except (BookingError, KeyError, TypeError, AttributeError):
            return Probe(call, status, Verdict.SHAPE, "open times or their next link cannot be read", True)
        query = None
        pages += 1
    written = f" (next links {', '.join(sorted(shapes))})" if shapes else ""
    return Probe(call, status, Verdict.WORKS, f"{times} open time(s) over 7 days, {pages} page(s){written}", True)


def _shape(link: str) -> str:
    """How Cliniko wrote a next link: absolute, host-relative (/v1/…) or relative without /v1."""
    if "://" in link:
        return "absolute"
    return "host-relative" if link.startswith("/v1/") else "relative without /v1"
