"""Qmatic Cloud Appointments as a BookingBackend (not Qmatic Orchestra, whose Calendar API is another product).

Qmatic moves an appointment in place, by re-basing it on a reservation:

- staff find a patient by their `personalIdentifier` (the only search key);
- a chosen time is *reserved* (Qmatic keeps it 15 minutes) and that
  reservation is the hold staff confirm; the reschedule call consumes it;
- a hold is released when the conversation is abandoned, expires or fails.

Qmatic has no conditional write: a reschedule or cancel re-reads the
appointment just before writing and refuses (`AppointmentChanged`) when it
moved or is gone since staff chose it; a change in the instant between that
read and the write is not caught. Reserving and rescheduling are never sent
twice blindly: a reserve whose answer was lost at worst leaves a hold that
lapses by itself, and a reschedule whose answer was lost is read back. Qmatic
answers 404 both for an expired reservation and for a gone appointment, so a
refused reschedule is read back to tell the two apart. Cancels are idempotent:
an appointment Qmatic no longer has is already cancelled.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Unpack

import httpx
from pydantic import TypeAdapter, ValidationError

from bot.backends.errors import (
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    InvalidRequest,
    RateLimited,
)
from bot.backends.oauth import ClientCredentialsAuth
from bot.backends.probes import Probe
from bot.backends.qmatic import deep, moves
from bot.backends.qmatic.auth import QmaticGrant
from bot.backends.qmatic.models import (
    HELD_STATUSES,
    Branch,
    QAppointment,
    RescheduleBody,
    Reservation,
    ReserveBody,
    SearchBody,
)
from bot.backends.qmatic.routes import ROUTES
from bot.backends.qmatic.settings import QmaticSettings
from bot.backends.qmatic.timeslots import Timeslots, in_batches, local_dates
from bot.backends.qmatic.translate import Facts, Translator, time_slot_of
from bot.backends.qmatic.vendor_errors import qmatic_error, read_error
from bot.backends.routes import Route
from bot.backends.vendor import HttpOptions, VendorBackend
from bot.domain import (
    Appointment,
    AppointmentStatus,
    BackendStatus,
    Cancellation,
    Capabilities,
    Clock,
    Hold,
    PatientKey,
    PatientQuery,
    Slot,
    Window,
)

logger = logging.getLogger(__name__)

PERSONAL_ID = re.compile(r"[A-Za-z0-9]{10,48}")
RESERVATION_TTL = timedelta(minutes=15)
"""How long Qmatic keeps a reserved time (not configurable in Qmatic)."""
DAYS_PER_CALL = 7
MAX_SEARCH_DAYS = 62
MAX_REMEMBERED = 10_000
APPOINTMENTS = TypeAdapter(list[QAppointment])
BRANCHES = TypeAdapter(list[Branch])
NOT_A_PERSONAL_ID = (
    "Qmatic finds patients only by their personal identifier: 10 to 48 letters and digits, no spaces "
    "(the customer id the clinic gave Qmatic). A name or phone number cannot be searched in Qmatic."
)
NOT_FROM_QMATIC = "That time did not come from Qmatic; please choose one of the times offered."
HIDDEN_SERVICES = (
    "This appointment lasts {length} minutes, but Qmatic offers {offered}-minute times for the service it lists "
    "({services}): it probably combines services Qmatic does not show. Nothing was changed; move it in Qmatic."
)


class QmaticBackend(VendorBackend):
    name = "Qmatic"
    vendor = "qmatic"
    routes = ROUTES
    base_url_variable = "QMATIC_BASE_URL"
    settings: QmaticSettings

    def __init__(self, settings: QmaticSettings, **options: Unpack[HttpOptions]) -> None:
        super().__init__(settings, **options)
        self.capabilities = Capabilities(
            lookup_keys=frozenset({PatientKey.PERSONAL_ID}),
            holds_slots=True,
            # Qmatic's cancel call takes no reason or note: the reason stays in the bot's audit log only.
            records_cancel_reason=False,
            reschedule_in_place=True,
            cancels_repeats=False,
        )
        self._combined = settings.service_combinations
        self.words = Translator(fallback_zone=settings.timezone or "America/Chicago")
        self.timeslots = Timeslots(self, self.words, combined=self._combined)
        self._branches: dict[str, Branch] | None = None
        self.branch_listing_refused = False
        self._facts: dict[str, Facts] = {}
        """Appointment id -> Qmatic's service ids and party size, which a reschedule needs and never change."""

    # -- the vendor's own words -----------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return str(self.settings.base_url)

    def _headers(self) -> dict[str, str]:
        settings = self.settings
        return {"Accept": "application/json", "X-TENANT-ID": settings.tenant_id, "Accept-Language": settings.language}

    def _auth(self, clock: Clock) -> httpx.Auth:
        return ClientCredentialsAuth(self.grant, clock=clock)

    @property
    def grant(self) -> QmaticGrant:
        settings = self.settings
        return QmaticGrant(
            token_url=settings.token_endpoint,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            account=settings.account,
        )

    def _read_error(self, response: httpx.Response) -> tuple[str, dict[str, str]]:
        return read_error(response)

    def _vendor_error(
        self, response: httpx.Response, route: Route | None, text: str, fields: dict[str, str]
    ) -> BookingError | None:
        settings = self.settings
        return qmatic_error(
            response, route, text, fields, token_url=settings.token_endpoint, tenant_id=settings.tenant_id
        )

    def setting_for(self, url: httpx.URL) -> str:
        token = httpx.URL(self.settings.token_endpoint)
        same = (url.host, url.port, url.path) == (token.host, token.port, token.path)
        return "QMATIC_TOKEN_URL" if same else self.base_url_variable

    def family(self, name: str) -> str:
        """The route of the service-combination family when the tenant has it switched on."""
        return f"{name}_combined" if self._combined else name

    # -- reading ------------------------------------------------------------------
    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        personal_id = (query.personal_id or "").strip()
        if not personal_id:
            return []
        if PERSONAL_ID.fullmatch(personal_id) is None:
            raise InvalidRequest(NOT_A_PERSONAL_ID)
        body = SearchBody.for_personal_id(personal_id).model_dump()
        try:
            # Qmatic documents the service-combination search as a GET with a JSON body.
            response = self.call(self.family("search"), json=body)
        except AppointmentNotFound:
            return []  # some tenants answer an unknown customer with 404 rather than an empty list
        found: list[Appointment] = []
        elsewhere = 0
        for raw in self._appointment_list(response):
            if raw.cancelled or (raw.status or "").upper() in HELD_STATUSES:
                continue
            if raw.branch.id not in self.settings.branch_ids:
                elsewhere += 1
                continue
            appointment = self._remember(raw)
            if appointment.end <= now or (around is not None and not around.contains(appointment.start)):
                continue
            found.append(appointment)
        if elsewhere:
            logger.info("qmatic search: %d appointment(s) at branches not in QMATIC_BRANCH_IDS left out", elsewhere)
        return sorted(found, key=lambda appointment: appointment.start)

    def get_appointment(self, appointment_id: str) -> Appointment:
        return self._remember(self._read(appointment_id))

    def open_slots(self, appointment: Appointment, window: Window, *, now: datetime, limit: int) -> list[Slot]:
        if limit <= 0:
            return []
        facts = self._facts_of(appointment)
        zone = appointment.location.timezone
        start = max(window.start, now)
        if window.end is not None and window.end < start:
            return []  # the window is over: nothing to ask Qmatic
        end = min(window.end or start + timedelta(days=MAX_SEARCH_DAYS), start + timedelta(days=MAX_SEARCH_DAYS))
        length = appointment.end - appointment.start
        offered: dict[datetime, Slot] = {}
        shorter: timedelta | None = None
        for dates in in_batches(local_dates(start, end, zone), DAYS_PER_CALL):
            for slot in self.timeslots.fetch(facts, dates, zone):
                if slot.end - slot.start < length:
                    shorter = slot.end - slot.start  # the times of the services Qmatic lists are too short
                    continue
                if slot.start < now or not window.contains(slot.start) or slot.start == appointment.start:
                    continue
                offered.setdefault(slot.start, slot)
            if len(offered) >= limit:
                break
        if not offered and shorter is not None:
            raise InvalidRequest(
                HIDDEN_SERVICES.format(
                    length=int(length.total_seconds() // 60),
                    offered=int(shorter.total_seconds() // 60),
                    services=appointment.service.name,
                )
            )
        return sorted(offered.values(), key=lambda slot: slot.start)[:limit]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """Qmatic has no repeating appointments."""
        return []

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """Qmatic searches by personal identifier only: there is no name to be near."""
        return []

    # -- holds: Qmatic reservations ---------------------------------------------------
    def hold(self, appointment: Appointment, slot: Slot, *, now: datetime) -> Hold:
        time_slot = time_slot_of(slot.key)
        if time_slot is None:
            raise InvalidRequest(NOT_FROM_QMATIC)
        facts = self._facts_of(appointment)
        body = ReserveBody(
            service_id=None if self._combined else facts.service_ids[0],
            service_ids=list(facts.service_ids) if self._combined else None,
            branch_id=slot.location_id or facts.branch_id,
            time_slot=time_slot,
            number_of_reservations=facts.number_of_reservations,
        )
        try:
            response = self.call(self.family("reserve"), json=body.body())
        except BackendUnavailable as error:
            if not isinstance(error.__cause__, httpx.TransportError):
                raise
            # A reservation books nothing: at worst Qmatic keeps an orphan hold that lapses by itself.
            raise BackendUnavailable(
                "Qmatic did not answer while holding that time. Nothing was booked, and any hold it made lapses "
                "by itself within 15 minutes. Please pick the time again.",
                retry_after=error.retry_after,
            ) from error
        reservation = self.parse(Reservation, self.json_of(response))
        if not reservation.id:
            raise BackendUnavailable(self.unreadable)
        logger.info("qmatic reserve for appointment %s: reservation %s", appointment.id, reservation.id)
        return Hold(id=reservation.id, slot=slot, expires_at=now + RESERVATION_TTL)

    def release(self, hold: Hold) -> None:
        if not hold.is_real:
            return
        try:
            self.call("release", reservation_id=hold.id)
        except AppointmentNotFound:
            logger.info("qmatic release %s: already gone (lapsed or released)", hold.id)
        except InvalidRequest:
            logger.info("qmatic release %s: already used by a reschedule", hold.id)

    # -- changing -------------------------------------------------------------------
    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        if not hold.is_real or time_slot_of(hold.slot.key) is None:
            raise InvalidRequest(NOT_FROM_QMATIC)
        current = moves.current(self, appointment)
        if current.status is AppointmentStatus.BOOKED and current.start == hold.slot.start:
            return current  # our own move, already made (a repeat after a lost answer)
        moves.refuse_if_moved(appointment, current)
        body = RescheduleBody(reservation_id=hold.id).body()
        try:
            response = self.call(self.family("reschedule"), json=body, appointment_id=appointment.id)
        except AppointmentNotFound as error:
            return moves.after_refusal(self, appointment, hold, error)
        except RateLimited:
            raise
        except BackendUnavailable as error:
            return moves.read_back_move(self, appointment, hold, error)
        try:
            moved = self._remember(QAppointment.model_validate(response.json()))
        except (ValueError, ValidationError, BackendUnavailable):
            # Moved, but the answer is empty or not one we can read: the appointment itself says where it is.
            moved = self.get_appointment(appointment.id)
        logger.info("qmatic reschedule appointment %s: moved with reservation %s", appointment.id, hold.id)
        return moved

    def cancel(
        self, appointment: Appointment, cancellation: Cancellation, *, idempotency_key: str
    ) -> list[Appointment]:
        """Cancel after re-reading it; Qmatic deletes a cancelled appointment, so one already gone is done."""
        cancelled = appointment.model_copy(update={"status": AppointmentStatus.CANCELLED})
        try:
            current = self.get_appointment(appointment.id)
        except AppointmentNotFound:
            logger.info("qmatic cancel appointment %s: already gone", appointment.id)
            return [cancelled]
        moves.refuse_if_moved(appointment, current)
        try:
            self.call("cancel", appointment_id=appointment.id)
            logger.info("qmatic cancel appointment %s: cancelled", appointment.id)
        except AppointmentNotFound:
            # A repeat cancel (or one whose answer was lost in transit) finds nothing.
            logger.info("qmatic cancel appointment %s: already gone", appointment.id)
        return [cancelled]

    # -- admin --------------------------------------------------------------------------
    def check(self) -> BackendStatus:
        return deep.status(self)

    def deep_check(
        self, *, personal_id: str | None = None, booking: str | None = None, write_probe: bool = False
    ) -> list[Probe]:
        return deep.probes(self, personal_id=personal_id, write_probe=write_probe)

    # -- calls ----------------------------------------------------------------------
    def _read(self, appointment_id: str) -> QAppointment:
        return self.parse(QAppointment, self.json_of(self.call(self.family("get"), appointment_id=appointment_id)))

    def _facts_of(self, appointment: Appointment) -> Facts:
        facts = self._facts.get(appointment.id)
        if facts is None:
            self.get_appointment(appointment.id)  # after a restart: ask Qmatic once
            facts = self._facts[appointment.id]
        if not facts.service_ids:
            raise InvalidRequest("Qmatic did not say which service this appointment is for, so it cannot be moved.")
        if len(facts.service_ids) > 1 and not self._combined:
            raise InvalidRequest(
                "This appointment combines several services. The bot can move it only when Qmatic's service "
                "combinations are switched on (QMATIC_SERVICE_COMBINATIONS=true); move it in Qmatic instead."
            )
        return facts

    def load_branches(self) -> dict[str, Branch]:
        branches = self.parse_with(BRANCHES, listed(self.json_of(self.call("branches")), "branches"))
        self._branches = {branch.id: branch for branch in branches}
        return self._branches

    def _listed_branch(self, branch: Branch) -> Branch | None:
        """Qmatic's listing of the branch, for its time zone; asked once, only when an appointment lacks it."""
        if branch.time_zone:
            return None
        if self._branches is None:
            try:
                self.load_branches()
            except deep.BRANCH_REFUSALS as error:
                logger.warning(
                    "qmatic: GET /branches refused (%s); using QMATIC_TIMEZONE for every branch", type(error).__name__
                )
                self.branch_listing_refused = True
                self._branches = {}
        assert self._branches is not None
        return self._branches.get(branch.id)

    # -- reading answers ----------------------------------------------------------------
    def _appointment_list(self, response: httpx.Response) -> list[QAppointment]:
        return self.parse_with(APPOINTMENTS, listed(self.json_of(response), "appointments"))

    def _remember(self, raw: QAppointment) -> Appointment:
        try:
            appointment = self.words.appointment(raw, self._listed_branch(raw.branch))
        except ValueError as error:
            raise BackendUnavailable(self.unreadable) from error
        if len(self._facts) >= MAX_REMEMBERED:
            self._facts.clear()  # a long-running bot forgets; a forgotten appointment is read again when needed
        self._facts[raw.appointment_id] = self.words.facts(raw)
        return appointment


def listed(body: object, key: str) -> object:
    """Qmatic's samples show one object where a list is meant, and some answers wrap lists: accept all three."""
    if isinstance(body, dict) and isinstance(body.get(key), list):
        return body[key]
    if isinstance(body, dict):
        return [body]
    return body if body is not None else []
