"""`check-backend --deep` for Qmatic: sign-in, branches, services, a search, the appointment, its timeslots.

Each doubtful path of the route table is tried on its own row (the
service-combination timeslots on the published path and on the plausible
correction), so an admin sees which one their tenant answers. With
`--write-probe` a time far ahead is reserved and at once released: the
reserve call, which every reschedule needs, has no published path.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import httpx
from pydantic import TypeAdapter

from bot.backends.errors import AppointmentNotFound, InvalidRequest, NotAuthorised
from bot.backends.probes import Probe, Verdict, verdict_of
from bot.backends.qmatic.models import Branch, QAppointment, QService, Reservation, ReserveBody, SearchBody, TimeSlot
from bot.backends.qmatic.timeslots import COMBINED_ROUTES, request_for, time_slots
from bot.backends.qmatic.translate import Facts, slot_key, time_slot_of
from bot.domain import BackendStatus

if TYPE_CHECKING:
    from bot.backends.qmatic.adapter import QmaticBackend

BRANCHES_REFUSED = (
    "Qmatic did not list its branches (GET /branches is not in its public guides): every branch's times are read "
    "in QMATIC_TIMEZONE ({zone}) and branches are named by their id."
)
NOT_WITHOUT = "the bot cannot work without it: check QMATIC_BASE_URL, QMATIC_TENANT_ID and the client's scopes"
FAR_AHEAD = timedelta(days=56)
BRANCH_REFUSALS = (InvalidRequest, NotAuthorised, AppointmentNotFound)
"""GET /branches is not in the public guides: any refusal of it means "use QMATIC_TIMEZONE"."""
BRANCH_LIST = TypeAdapter(list[Branch])
SERVICE_LIST = TypeAdapter(list[QService])
APPOINTMENT_LIST = TypeAdapter(list[QAppointment])


def probes(backend: QmaticBackend, *, personal_id: str | None, write_probe: bool) -> list[Probe]:
    from bot.backends.qmatic.adapter import listed

    settings = backend.settings
    rows = [_sign_in(backend)]
    row, _branches = backend.probe(
        "branches (names, time zones)",
        "branches",
        read=lambda response: backend.parse_with(BRANCH_LIST, listed(backend.json_of(response), "branches")),
        works=lambda found: f"{len(found)} branch(es) listed with their zones",
        otherwise=BRANCHES_REFUSED.format(zone=settings.timezone),
        needed=False,
    )
    rows.append(row)
    row, services = backend.probe(
        "services",
        "services",
        read=lambda response: backend.parse_with(SERVICE_LIST, listed(backend.json_of(response), "services")),
        works=lambda found: f"{len(found)} service(s)",
        otherwise=NOT_WITHOUT,
    )
    rows.append(row)
    found: list[QAppointment] = []
    if personal_id is None:
        rows.append(
            Probe(
                f"search by personal identifier [{_marker(backend, backend.family('search'))}]",
                None,
                Verdict.SKIPPED,
                "give --personal-id ID to try the search and the appointment read",
                True,
            )
        )
    else:
        row, found = backend.probe(
            "search by personal identifier",
            backend.family("search"),
            json=SearchBody.for_personal_id(personal_id).model_dump(),
            read=lambda response: backend.parse_with(
                APPOINTMENT_LIST, listed(backend.json_of(response), "appointments")
            ),
            works=lambda items: f"{len(items)} appointment(s) for that identifier",
            otherwise="staff cannot find patients: " + NOT_WITHOUT,
        )
        rows.append(row)
    facts, length = _facts(backend, found, services, rows)
    slots_rows, slots = _timeslots(backend, facts, length)
    rows += slots_rows
    if write_probe:
        rows += _reserve_and_release(backend, facts, slots)
    return rows


def _marker(backend: QmaticBackend, name: str) -> str:
    return "assumed" if backend.routes[name].assumed else "published"


def _sign_in(backend: QmaticBackend) -> Probe:
    call = f"sign-in (OAuth client credentials) [{_marker(backend, 'token')}]"
    try:
        response = backend.http.client.send(backend.grant.token_request(), auth=None)
    except httpx.TransportError as error:
        action = f"could not reach {backend.settings.token_endpoint} ({type(error).__name__}) — check QMATIC_TOKEN_URL"
        return Probe(call, None, Verdict.UNREACHABLE, action, True)
    if not response.is_success:
        return Probe(call, response.status_code, verdict_of(response.status_code), NOT_WITHOUT, True)
    try:
        backend.grant.read_token(response, backend.now())
    except ValueError:
        return Probe(call, response.status_code, Verdict.SHAPE, "the token answer cannot be read", True)
    return Probe(call, response.status_code, Verdict.WORKS, "a token for book, reschedule and cancel", True)


def _minutes(start: str, end: str) -> int:
    return int((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() // 60)


def _facts(
    backend: QmaticBackend, found: list[QAppointment], services: Any, rows: list[Probe]
) -> tuple[Facts | None, int | None]:
    """The appointment's services, branch and length (read back as a move would), else the first service listed."""
    branch_id = backend.settings.branch_ids[0]
    if found:
        first = found[0]
        row, appointment = backend.probe(
            "read the appointment",
            backend.family("get"),
            appointment_id=first.appointment_id,
            read=lambda response: backend.parse(QAppointment, backend.json_of(response)),
            works=lambda body: f"{len(body.all_services)} service(s) listed on it",
            otherwise="a chosen appointment cannot be read back before a move",
        )
        rows.append(row)
        source = appointment or first
        ids = tuple(service.id for service in source.all_services)
        if ids:
            people = source.number_of_reservations
            length = _minutes(source.time_slot.start_time, source.time_slot.end_time)
            return Facts(branch_id=source.branch.id, service_ids=ids, number_of_reservations=people), length
    if services:
        return Facts(branch_id=branch_id, service_ids=(services[0].id,), number_of_reservations=1), None
    return None, None


def _days(backend: QmaticBackend, start: date) -> list[date]:
    return [start + timedelta(days=offset) for offset in range(7)]


def _offered(length: int | None) -> Any:
    def action(items: list[TimeSlot]) -> str:
        offered = f"{len(items)} open time(s): the bot uses this path"
        shorter = [slot for slot in items if length is not None and _minutes(slot.start_time, slot.end_time) < length]
        if items and len(shorter) == len(items):
            minutes = _minutes(items[0].start_time, items[0].end_time)
            return (
                f"{offered}, but they last {minutes} minutes and this appointment {length}: it combines services "
                "Qmatic does not list, so the bot will not move it"
            )
        return offered

    return action


def _timeslots(
    backend: QmaticBackend, facts: Facts | None, length: int | None = None
) -> tuple[list[Probe], list[TimeSlot]]:
    names = COMBINED_ROUTES if backend.settings.service_combinations else ("timeslots",)
    if facts is None:
        return [Probe("timeslots", None, Verdict.SKIPPED, "no service to ask times for", True)], []
    today = backend.now().astimezone(ZoneInfo(backend.settings.timezone or "UTC")).date()
    rows: list[Probe] = []
    slots: list[TimeSlot] = []
    for name in names:
        params, path = request_for(name, facts, _days(backend, today))
        label = "timeslots, 7 days" + (" (branch id in the path)" if name.endswith("by_branch") else "")
        row, found = backend.probe(
            label,
            name,
            params=params,
            read=lambda response: list(time_slots(backend.json_of(response))),
            works=_offered(length),
            otherwise="open times cannot be offered on this path",
            **path,
        )
        rows.append(row)
        if found is not None and not slots:
            slots = found
            if backend.settings.service_combinations:
                backend.timeslots.combined_route = name  # the far-ahead write probe asks the same path
    # One working path is enough: the bot falls back from the published one to the other.
    if len(rows) == 2 and any(row.verdict is Verdict.WORKS for row in rows):
        rows = [row if row.verdict is Verdict.WORKS else _not_needed(row) for row in rows]
    return rows, slots


def _not_needed(row: Probe) -> Probe:
    return dataclasses.replace(row, needed=False, action=f"{row.action}; the bot uses the other path")


def _reserve_and_release(backend: QmaticBackend, facts: Facts | None, near: list[TimeSlot]) -> list[Probe]:
    name = backend.family("reserve")
    call = "reserve a time far ahead (write probe)"
    if facts is None:
        return [Probe(f"{call} [{_marker(backend, name)}]", None, Verdict.SKIPPED, "no service to reserve", True)]
    far = _far_slots(backend, facts) or near
    if not far:
        return [Probe(f"{call} [{_marker(backend, name)}]", None, Verdict.SKIPPED, "no open time to reserve", True)]
    slot = far[-1]
    time_slot = time_slot_of(slot_key(slot)) or {}
    combined = backend.settings.service_combinations
    body = ReserveBody(
        service_id=None if combined else facts.service_ids[0],
        service_ids=list(facts.service_ids) if combined else None,
        branch_id=facts.branch_id,
        time_slot=time_slot,
        number_of_reservations=facts.number_of_reservations,
    )
    row, reservation = backend.probe(
        call,
        name,
        json=body.body(),
        read=lambda response: backend.parse(Reservation, backend.json_of(response)),
        works=lambda held: (
            "holds work: Qmatic answered with the reservation's id"
            if held.id
            else "Qmatic answered without a reservation id"
        ),
        otherwise="times cannot be held, so no appointment can be moved: tell Qmatic support",
    )
    rows = [row]
    if reservation is not None and reservation.id:
        release, _ = backend.probe(
            "release that reservation",
            "release",
            reservation_id=reservation.id,
            read=lambda response: True,
            works="holds are given back when staff stop or a hold runs out",
            otherwise="holds lapse only after Qmatic's 15 minutes",
            needed=False,
        )
        rows.append(release)
    return rows


def _far_slots(backend: QmaticBackend, facts: Facts) -> list[TimeSlot]:
    name = backend.timeslots.combined_route or (
        "timeslots_combined" if backend.settings.service_combinations else "timeslots"
    )
    start = backend.now().date() + FAR_AHEAD
    params, path = request_for(name, facts, _days(backend, start))
    _row, found = backend.probe(
        "timeslots far ahead",
        name,
        params=params,
        read=lambda r: list(time_slots(backend.json_of(r))),
        works="",
        otherwise="",
        **path,
    )
    return list(found or [])


def status(backend: QmaticBackend) -> BackendStatus:
    settings = backend.settings
    try:
        branches = backend.load_branches()
    except BRANCH_REFUSALS:
        # The branch listing is not in Qmatic's public guides; the documented services call still
        # proves the credentials and the tenant.
        backend.call("services")
        branches = {}
    if branches:
        missing = [branch_id for branch_id in settings.branch_ids if branch_id not in branches]
        if missing:
            raise InvalidRequest(
                f"Qmatic tenant {settings.tenant_id} has no branch {', '.join(missing)}. Nothing was changed; "
                "check QMATIC_BRANCH_IDS, then run `clinic-bot check-backend` again."
            )
    locations = tuple(
        (branches[branch_id].name if branch_id in branches else "") or branch_id for branch_id in settings.branch_ids
    )
    zones = ", ".join(
        f"{name}: {backend.words.zone(branches.get(branch_id))}"
        for branch_id, name in zip(settings.branch_ids, locations, strict=True)
    )
    return BackendStatus(
        backend="qmatic",
        account=f"tenant {settings.tenant_id} (Qmatic account {settings.account})",
        locations=locations,
        upcoming_appointments=None,
        detail=(
            "Qmatic Cloud Appointments. Staff look a patient up by their personal identifier. "
            f"Time zones: {zones}. "
            + ("Service combinations: on." if backend.settings.service_combinations else "Service combinations: off.")
            + (f" {BRANCHES_REFUSED.format(zone=backend.words.fallback_zone)}" if not branches else "")
        ),
    )
