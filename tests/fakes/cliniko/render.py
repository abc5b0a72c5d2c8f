"""How the Cliniko stand-in writes records and pages: the shapes of Cliniko's published examples.

Records link to each other (`{"links": {"self": URL}}`) with absolute URLs, as
every example in the docs does. Pages carry `links.next`; its shape follows
`links_style`:

- "docs" (the default): what the docs' own examples show, absolute on lists
  (the readme's pagination example) and relative without `/v1` on
  available_times (`/businesses/1/…/available_times?from=…&page=1`);
- "absolute", "host-relative" (`/v1/…`), "relative" (`/…`, no `/v1`): one
  shape everywhere, for the variants the docs do not rule out.

`next_keeps_filters = False` drops `q[]` and `sort` from every next link: the
docs never say they are kept.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from tests.fakes.cliniko.filters import REASONS, stamp, z
from tests.fakes.cliniko.seeding import ClinikoDiary, Practitioner
from tests.fakes.stub_server import StubRequest, StubResponse

LINK_STYLES = ("docs", "absolute", "host-relative", "relative")
RELATIVE_IN_THE_DOCS = ("available_times",)
"""Collections whose published example writes its links relative, without host or /v1."""


class ClinikoRendering(ClinikoDiary):
    links_style: str
    next_keeps_filters: bool
    links_origin: str | None
    url: str

    @property
    def _origin(self) -> str:
        return self.links_origin or self.url

    def _link(self, collection: str, record_id: str | None) -> str:
        return f"{self._origin}/v1/{collection}/{record_id}"

    def _linked(self, collection: str, record_id: str | None) -> dict[str, Any]:
        return {"links": {"self": self._link(collection, record_id)}}

    # -- pages ---------------------------------------------------------------------------------------
    def _page_link(self, request: StubRequest, collection: str, page: int) -> str:
        query = {key: values for key, values in request.query.items() if key != "page"}
        if not self.next_keeps_filters:
            query = {key: values for key, values in query.items() if key not in ("q[]", "q", "sort")}
        query["page"] = [str(page)]
        relative = request.path.removeprefix("/v1")
        style = self.links_style
        if style == "docs":
            style = "relative" if collection in RELATIVE_IN_THE_DOCS else "absolute"
        where = {
            "absolute": f"{self._origin}/v1{relative}",
            "host-relative": f"/v1{relative}",
            "relative": relative,
        }[style]
        return f"{where}?{urlencode(query, doseq=True)}"

    def _paged(self, request: StubRequest, collection: str, items: list[Any]) -> StubResponse:
        try:
            page = max(1, int(request.arg("page") or 1))
            per_page = min(100, max(1, int(request.arg("per_page") or 50)))
        except ValueError:
            return StubResponse(400, {"message": "Invalid page"})
        shown = items[(page - 1) * per_page : page * per_page]
        links = {"self": self._page_link(request, collection, page)}
        if page * per_page < len(items):
            links["next"] = self._page_link(request, collection, page + 1)
        if page > 1:
            links["previous"] = self._page_link(request, collection, page - 1)
        return StubResponse(200, {collection: shown, "total_entries": len(items), "links": links})

    # -- records -------------------------------------------------------------------------------------
    def render(self, collection: str, row: dict[str, Any]) -> dict[str, Any]:
        if collection == "individual_appointments":
            return self.render_appointment(row)
        if collection == "group_appointments":
            return self._render_group(row)
        if collection == "attendees":
            return self.render_attendee(row)
        if collection == "practitioners":
            return self._render_practitioner(self.practitioners[row["id"]])
        rendered = dict(row)
        rendered["links"] = {"self": self._link(collection, row["id"])}
        if collection == "patients":
            rendered["appointments"] = {"links": {"self": f"{self._link('patients', row['id'])}/appointments"}}
        return rendered

    def render_appointment(self, row: dict[str, Any]) -> dict[str, Any]:
        patient = self.patients.get(row["patient_id"], {})
        series = row["repeated_from_id"] or (row["id"] if row["repeat_rule"] else None)
        reason = row["cancellation_reason"]
        return {
            "id": row["id"],
            "starts_at": z(row["starts_at"]),
            "ends_at": z(row["ends_at"]),
            "patient_name": f"{patient.get('first_name', '')} {patient.get('last_name', '')}".strip(),
            "notes": row["notes"],
            "cancelled_at": stamp(row["cancelled_at"]),
            "cancellation_reason": reason,
            "cancellation_reason_description": REASONS.get(reason, "") if reason else "",
            "cancellation_note": row["cancellation_note"],
            "archived_at": stamp(row["archived_at"]),
            "deleted_at": stamp(row["deleted_at"]),
            "did_not_arrive": row["did_not_arrive"],
            "patient_arrived": False,
            "email_reminder_sent": False,
            "sms_reminder_sent": False,
            "repeat_rule": row["repeat_rule"],
            # Assumed: the series' first occurrence, whose id the others carry as `repeated_from_id`.
            "repeats": self._linked("individual_appointments", series) if series else None,
            "invoice_status": None,
            "treatment_note_status": None,
            "online_booking_policy_accepted": None,
            "booking_ip_address": None,
            "telehealth_url": None,
            "created_at": z(row["created_at"]),
            "updated_at": z(row["updated_at"]),
            "patient": self._linked("patients", row["patient_id"]),
            **self._booking_links("individual_appointments", row),
        }

    def _render_group(self, row: dict[str, Any]) -> dict[str, Any]:
        patient_ids = [
            a["patient_id"]
            for a in self.attendees.values()
            if a["booking_id"] == row["id"] and a["cancelled_at"] is None
        ]
        return {
            "id": row["id"],
            "starts_at": z(row["starts_at"]),
            "ends_at": z(row["ends_at"]),
            "max_attendees": row["max_attendees"],
            "patient_ids": patient_ids,
            "notes": row["notes"],
            "repeat_rule": {},
            "repeats": None,
            "archived_at": stamp(row["archived_at"]),
            "deleted_at": stamp(row["deleted_at"]),
            "created_at": z(row["created_at"]),
            "updated_at": z(row["updated_at"]),
            **self._booking_links("group_appointments", row),
        }

    def _booking_links(self, collection: str, row: dict[str, Any]) -> dict[str, Any]:
        """What an individual and a group appointment both link to: who, where, what, and their own sub-lists."""
        own = self._link(collection, row["id"])
        return {
            "practitioner": self._linked("practitioners", row["practitioner_id"]),
            "business": self._linked("businesses", row["business_id"]),
            "appointment_type": self._linked("appointment_types", row["appointment_type_id"]),
            "attendees": {"links": {"self": f"{own}/attendees"}},
            "conflicts": {"links": {"self": f"{own}/conflicts"}},
            "links": {"self": own},
        }

    def render_attendee(self, row: dict[str, Any]) -> dict[str, Any]:
        reason = row["cancellation_reason"]
        return {
            "id": row["id"],
            "arrived": None,
            "cancellation_reason": reason,
            "cancellation_reason_description": REASONS.get(reason, "") if reason else "",
            "cancellation_note": row["cancellation_note"],
            "cancelled_at": stamp(row["cancelled_at"]),
            "archived_at": stamp(row["archived_at"]),
            "deleted_at": stamp(row["deleted_at"]),
            "notes": None,
            "email_reminder_sent": False,
            "sms_reminder_sent": False,
            "created_at": z(row["created_at"]),
            "updated_at": z(row["updated_at"]),
            "booking": self._linked("bookings", row["booking_id"]),
            "patient": self._linked("patients", row["patient_id"]),
            "invoices": {"links": {"self": f"{self._link('attendees', row['id'])}/invoices"}},
            "links": {"self": self._link("attendees", row["id"])},
        }

    def _render_practitioner(self, practitioner: Practitioner) -> dict[str, Any]:
        return {
            "id": practitioner.id,
            "first_name": practitioner.first_name,
            "last_name": practitioner.last_name,
            "title": practitioner.title,
            "label": "Physiotherapist",
            "designation": None,
            "show_in_online_bookings": practitioner.show_in_online_bookings,
            "links": {"self": self._link("practitioners", practitioner.id)},
        }

    # -- what tests read -------------------------------------------------------------------------------
    def appointment(self, appointment_id: str) -> dict[str, Any]:
        """The appointment as Cliniko would show it."""
        return self.render_appointment(self.appointments[appointment_id])

    def attendee(self, attendee_id: str) -> dict[str, Any]:
        return self.render_attendee(self.attendees[attendee_id])

    def booked(self) -> list[dict[str, Any]]:
        """Every individual appointment not cancelled or archived, by start."""
        rows = [row for row in self.appointments.values() if self.is_live(row)]
        return [self.render_appointment(row) for row in sorted(rows, key=lambda row: row["starts_at"])]
