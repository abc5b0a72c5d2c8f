"""Every Solv partner-API call the adapter makes, with its published source (paths under the base URL).

Sources: Solv's partner docs (partner-api-docs-stage.solvhealth.com: quick
start, access token, slots v2, create booking, update booking status,
external booking reschedule / cancel). The one read of a booking that every
lookup, move, cancel and read-back would use is on no published page: when an
account refuses it, the bot works without it (see the adapter).
"""

from __future__ import annotations

from bot.backends.routes import Route, RouteTable

DOCS = "partner-api-docs-stage.solvhealth.com/v1/partner/docs"

ROUTES = RouteTable(
    "solv",
    [
        Route("token", "POST", "/v1/auth/token", f"published: {DOCS} access token (grant_type service_api)"),
        Route(
            "location",
            "GET",
            "/v1/partner/locations/{location_id}",
            f"published: {DOCS} quick start (as an example only; no response schema)",
        ),
        Route(
            "slots",
            "GET",
            "/v2/partner/locations/{location_id}/slots",
            f"published: {DOCS} get slots v2",
            ("visit_type_id", "return_walkin_slots", "with_booking_buffer"),
        ),
        Route(
            "get_booking",
            "GET",
            "/v1/partner/bookings/{booking_id}",
            "assumed: on no published page; the read:bookings scope suggests some read exists",
        ),
        Route(
            "create_booking",
            "POST",
            "/v1/partner/bookings",
            f"published: {DOCS} create booking",
            ("allow_walkin_scheduling",),
            idempotent=False,
        ),
        Route(
            "update_status",
            "PATCH",
            "/v1/partner/bookings/{booking_id}",
            f"published: {DOCS} update booking (status)",
            idempotent=True,
        ),
        Route(
            "external_reschedule",
            "POST",
            "/v1/partner/external_bookings/{external_booking_id}/reschedule",
            f"published: {DOCS} reschedule external booking",
            idempotent=False,
        ),
        Route(
            "external_cancel",
            "DELETE",
            "/v1/partner/external_bookings/{external_booking_id}",
            f"published: {DOCS} cancel external booking (DELETE with a JSON body)",
        ),
    ],
)

ASSUMED_BEHAVIOURS: dict[str, str] = {
    "booking_read": "GET /v1/partner/bookings/{id} answers the Booking; when Solv refuses the endpoint itself "
    "(404/405 whose detail does not speak of a booking, or 403 for scope) the account has no booking reads: "
    "EHR-linked bookings are then moved and cancelled by their EHR reference, at the time staff state",
    "missing_booking": "a booking Solv does not have answers 404 with a detail that names the booking",
    "emr_booking_id": "a booking's emr_booking_id is the external_booking_id of the external endpoints",
    "envelope": "answers may come bare or wrapped as {meta, data} (the quick start says so): both are read",
    "slot_taken": "no conflict code: a full slot is a 422 on appointment_date",
    "cancel_twice": "a repeat cancel answers the booking still cancelled",
    "external_reschedule_same_time": "rescheduling an external booking to the time it has answers it unchanged",
}
"""What the docs leave open and the adapter (and its stand-in) assume, in one place."""
