"""Every Cliniko call the adapter makes, with its published source (paths relative to `…/v1`).

Sources: the `redguava/cliniko-api` repository (readme: auth, pagination,
filters; `sections/*.md` per resource) and docs.api.cliniko.com (the OpenAPI
reference that replaced it). Everything the bot calls is published; what rests
on an assumption is a behaviour of a published call, listed in `ASSUMED_BEHAVIOURS`.
"""

from __future__ import annotations

from bot.backends.routes import Route, RouteTable

README = "published: redguava/cliniko-api readme (pagination `links.next`, `q[]` filters, `per_page` <= 100)"
LISTING = ("q[]", "sort", "page", "per_page")


def _section(name: str) -> str:
    return f"published: redguava/cliniko-api sections/{name}.md; docs.api.cliniko.com"


ROUTES = RouteTable(
    "cliniko",
    [
        Route("settings", "GET", "/settings", _section("settings") + " (account.time_zone, a Rails zone label)"),
        Route("list_businesses", "GET", "/businesses", _section("businesses"), LISTING),
        Route("get_business", "GET", "/businesses/{business_id}", _section("businesses")),
        Route("list_practitioners", "GET", "/practitioners", _section("practitioners"), LISTING),
        Route("get_practitioner", "GET", "/practitioners/{practitioner_id}", _section("practitioners")),
        Route("list_appointment_types", "GET", "/appointment_types", _section("appointment_types"), LISTING),
        Route("get_appointment_type", "GET", "/appointment_types/{type_id}", _section("appointment_types")),
        Route("list_patients", "GET", "/patients", _section("patients") + "; " + README, LISTING),
        Route("get_patient", "GET", "/patients/{patient_id}", _section("patients")),
        Route("list_appointments", "GET", "/individual_appointments", _section("individual_appointments"), LISTING),
        Route(
            "get_appointment", "GET", "/individual_appointments/{appointment_id}", _section("individual_appointments")
        ),
        Route(
            "update_appointment",
            "PATCH",
            "/individual_appointments/{appointment_id}",
            _section("individual_appointments") + " (PUT in the legacy docs, PATCH in the current reference)",
            idempotent=False,
        ),
        Route(
            "cancel_appointment",
            "PATCH",
            "/individual_appointments/{appointment_id}/cancel",
            _section("individual_appointments") + " (cancellation_reason codes, cancellation_note)",
            idempotent=True,
        ),
        Route(
            "conflicts",
            "GET",
            "/individual_appointments/{appointment_id}/conflicts",
            _section("individual_appointments"),
        ),
        Route("list_attendees", "GET", "/attendees", _section("attendees"), LISTING),
        Route("get_attendee", "GET", "/attendees/{attendee_id}", _section("attendees")),
        Route("cancel_attendee", "PATCH", "/attendees/{attendee_id}/cancel", _section("attendees"), idempotent=True),
        Route("list_group_appointments", "GET", "/group_appointments", _section("group_appointments"), LISTING),
        Route("get_group_appointment", "GET", "/group_appointments/{group_id}", _section("group_appointments")),
        Route(
            "available_times",
            "GET",
            "/businesses/{business_id}/practitioners/{practitioner_id}/appointment_types/{type_id}/available_times",
            _section("available_times") + " (from/to at most 7 days apart; 404 when online bookings are off)",
            ("from", "to", "page", "per_page"),
        ),
    ],
)

ASSUMED_BEHAVIOURS: dict[str, str] = {
    "links": "`links.next` comes absolute (readme), host-relative, or relative without /v1 (the available_times "
    "example): all three are followed, always on the configured host",
    "next_keeps_filters": "not shown whether `links.next` keeps the `q[]` filters: every page is re-checked",
    "available_times_zone": "from/to are dates in the account's zone (review of 2026-12; the legacy section says "
    "the practitioner's): computed in CLINIKO_ACCOUNT_TIMEZONE or the zone GET /settings names",
    "reason_31": "code 31 'COVID-19 related' is in the older docs only: if refused, 50 'Other' is sent with the "
    "reason in the note",
    "apply_to_repeats": "seed/OpenAPI only: cancels the chosen occurrence and every later booked one of its series",
    "series": "an occurrence names its series by `repeated_from_id` or the `repeats` link's id; the first "
    "occurrence (with a repeat rule) is the series",
    "cancel_twice": "not documented: a repeat cancel is treated as done after a read-back",
}
"""What the docs leave open and the adapter (and its stand-in) assume, in one place."""
