"""Every Qmatic Cloud Appointments call the adapter makes, with its published source (paths under `…/external/v1`).

Sources: Qmatic's public Confluence guides for the external Cloud
Appointments API (space ECAEAD: Authentication; Book an appointment; Book an
appointment with multiple services; Reschedule an appointment; Reschedule
appointment with multiple services; Release a reservation; Cancel an
appointment). The guides defer to an API reference that is not public, so
several paths are assumed; `check-backend --deep` tries each of them.
"""

from __future__ import annotations

from bot.backends.routes import Route, RouteTable

GUIDES = "qmatic.atlassian.net/wiki/spaces/ECAEAD"
TIMESLOT_PARAMS = ("dates", "numberOfReservations")
COMBINED_TIMESLOT_PARAMS = ("serviceIds", *TIMESLOT_PARAMS)

ROUTES = RouteTable(
    "qmatic",
    [
        Route(
            "token",
            "POST",
            "/oauth2/token",
            f"published: {GUIDES} Authentication (on the regional host, not under /external/v1)",
        ),
        Route("branches", "GET", "/branches", "assumed: the guides name a branch listing but not its path or fields"),
        Route("services", "GET", "/services", f"published: {GUIDES} Book an appointment ('GET /services')"),
        Route(
            "search",
            "POST",
            "/appointments/search",
            f"published: {GUIDES} Reschedule an appointment (POST, body customer.personalIdentifier)",
            idempotent=True,
            reads_only=True,
        ),
        Route(
            "search_combined",
            "GET",
            "/serviceCombination/appointments/search",
            f"published: {GUIDES} Reschedule appointment with multiple services (GET with a JSON body)",
        ),
        Route(
            "get",
            "GET",
            "/appointments/{appointment_id}",
            "assumed: 'Get booked appointment' is named in the single-service guide, its path is not",
        ),
        Route(
            "get_combined",
            "GET",
            "/serviceCombination/appointments/{appointment_id}",
            f"published: {GUIDES} Reschedule appointment with multiple services",
        ),
        Route(
            "timeslots",
            "GET",
            "/branches/{branch_id}/services/{service_id}/timeslots",
            "assumed: 'Get time slots of appointment's selected service and branch' has no published path",
            TIMESLOT_PARAMS,
        ),
        Route(
            "timeslots_combined",
            "GET",
            "/serviceCombination/branch/{service_id}/timeslots",
            f"published: {GUIDES} Book an appointment with multiple services, path as written "
            "(service ids and branch id as parameters; `dates` and the answer's shape have no source)",
            ("branchId", *COMBINED_TIMESLOT_PARAMS),
        ),
        Route(
            "timeslots_combined_by_branch",
            "GET",
            "/serviceCombination/branch/{branch_id}/timeslots",
            "assumed: the published '{serviceId}' after 'branch/' reads like a slip for the branch id; "
            "tried when the published path answers 404",
            COMBINED_TIMESLOT_PARAMS,
        ),
        Route(
            "reserve",
            "POST",
            "/reservations",
            "assumed: the reservation's fields are published (service id, branch id, timeslot, number of "
            "reservations), its path, JSON keys and answer are not",
            idempotent=False,
        ),
        Route(
            "reserve_combined",
            "POST",
            "/serviceCombination/reservations",
            "assumed: as `reserve`, for several services",
            idempotent=False,
        ),
        Route(
            "release",
            "DELETE",
            "/reservations/reservations/{reservation_id}",
            f"published: {GUIDES} Release a reservation (204; the verb is implied)",
        ),
        Route(
            "reschedule",
            "PUT",
            "/appointments/{appointment_id}/reschedule",
            "assumed: the single-service guide names the call, the multiple-services guide shows its path",
            idempotent=False,
        ),
        Route(
            "reschedule_combined",
            "PUT",
            "/serviceCombination/appointments/{appointment_id}/reschedule",
            f"published: {GUIDES} Reschedule appointment with multiple services (body reservationId)",
            idempotent=False,
        ),
        Route(
            "cancel",
            "DELETE",
            "/appointments/{appointment_id}",
            f"published: {GUIDES} Cancel an appointment (204, no reason field)",
        ),
    ],
)

ASSUMED_BEHAVIOURS: dict[str, str] = {
    "service_object": "every published appointment carries one `service` object (a service combination too); a "
    "`services` array is read as well. An appointment longer than the times offered for the services it lists "
    "combines services Qmatic does not show, and is not moved",
    "timeslot_shape": "timeslots answer `[{date, timeSlots: [{startTime, endTime}]}]` (a bare list of slots is "
    "read too); `dates` is a comma-separated list of YYYY-MM-DD",
    "reserve_body": "`{serviceId|serviceIds, branchId, timeSlot: {startTime, endTime}, numberOfReservations}` "
    "answered by the held appointment with its GUID as reservationId/appointmentId",
    "branches_refused": "when GET /branches is refused (401/403/404/405), every branch's times are read in "
    "QMATIC_TIMEZONE, with a warning",
    "search_shape": "the search answers a list (its sample shows one object: both are read)",
    "cancel_deletes": "a cancelled appointment is gone: a repeat cancel answers 404, which counts as done",
    "reservation_ttl": "a reservation lapses 15 minutes after it is made; reschedule/release then answer 404",
    "taken_slot": "reserving a time someone holds or booked answers 409",
}
"""What the guides leave open and the adapter (and its stand-in) assume, in one place."""
