"""Qmatic Cloud Appointments as a BookingBackend.

Qmatic moves an appointment in place, by re-basing it on a reservation:

- staff find a patient by their `personalIdentifier` (the only search key);
- a chosen time is *reserved* (Qmatic keeps it 15 minutes) and that
  reservation is the hold staff confirm; the reschedule call consumes it;
- a hold is released when the conversation is abandoned, expires or fails.

Reserving and rescheduling are never sent twice blindly: a reserve whose
answer was lost at worst leaves a hold that lapses by itself, and a reschedule
whose answer was lost is read back. Qmatic answers 404 both for an expired
reservation and for a gone appointment, so a refused reschedule is also read
back to tell the two apart. Cancels are idempotent: an appointment Qmatic no
longer has is already cancelled.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

import httpx
from pydantic import TypeAdapter, ValidationError

from bot.backends.errors import (
    AppointmentNotFound,
    BackendUnavailable,
    BookingError,
    HoldExpired,
    InvalidRequest,
    RateLimited,
)
from bot.backends.http import DEFAULT_TIMEOUT, RetryPolicy, VendorHttp
from bot.backends.qmatic.auth import QmaticAuth
from bot.backends.qmatic.models import (
    HELD_STATUSES,
    Branch,
    DayTimeSlots,
    QAppointment,
    QService,
    RescheduleBody,
    Reservation,
    ReserveBody,
    SearchBody,
    TimeSlot,
)
from bot.backends.qmatic.settings import QmaticSettings
from bot.backends.qmatic.translate import Facts, Translator, staff_time, time_slot_of
from bot.backends.qmatic.vendor_errors import map_error
from bot.domain import (
    Appointment,
    AppointmentStatus,
    BackendStatus,
    CancelReason,
    Capabilities,
    Clock,
    Hold,
    PatientKey,
    PatientQuery,
    Slot,
    Window,
    system_clock,
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
SERVICES = TypeAdapter(list[QService])
UNREADABLE = "Qmatic answered with something the bot could not read. Please try again in a minute."
NOT_A_PERSONAL_ID = (
    "Qmatic finds patients only by their personal identifier: 10 to 48 letters and digits, no spaces "
    "(the customer id the clinic gave Qmatic). A name or phone number cannot be searched in Qmatic."
)
NOT_FROM_QMATIC = "That time did not come from Qmatic; please choose one of the times offered."


class QmaticBackend:
    name = "Qmatic"

    def __init__(
        self,
        settings: QmaticSettings,
        *,
        clock: Clock = system_clock,
        sleep: Callable[[float], None] = time.sleep,
        transport: httpx.BaseTransport | None = None,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        policy: RetryPolicy | None = None,
    ) -> None:
        self.settings = settings
        self.capabilities = Capabilities(
            lookup_keys=frozenset({PatientKey.PERSONAL_ID}),
            holds_slots=True,
            # Qmatic's cancel call takes no reason or note: the reason stays in the bot's audit log only.
            records_cancel_reason=False,
            reschedule_in_place=True,
            cancels_repeats=False,
        )
        self._combined = settings.service_combinations
        self._words = Translator(fallback_zone=settings.timezone or "America/Chicago")
        auth = QmaticAuth(
            token_url=settings.token_endpoint,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            account=settings.account,
            clock=clock,
        )
        self._http = VendorHttp(
            vendor="qmatic",
            base_url=settings.base_url,
            error_mapper=partial(map_error, token_url=settings.token_endpoint, tenant_id=settings.tenant_id),
            headers={
                "Accept": "application/json",
                "X-TENANT-ID": settings.tenant_id,
                "Accept-Language": settings.language,
            },
            auth=auth,
            timeout=timeout,
            policy=policy,
            sleep=sleep,
            transport=transport,
        )
        self._branches: dict[str, Branch] | None = None
        self._facts: dict[str, Facts] = {}
        """Appointment id -> Qmatic's service ids and party size, which a reschedule needs and never change."""

    # -- reading ------------------------------------------------------------------
    def find_appointments(self, query: PatientQuery, *, around: Window | None, now: datetime) -> list[Appointment]:
        personal_id = (query.personal_id or "").strip()
        if not personal_id:
            return []
        if PERSONAL_ID.fullmatch(personal_id) is None:
            raise InvalidRequest(NOT_A_PERSONAL_ID)
        body = SearchBody.for_personal_id(personal_id).model_dump()
        try:
            if self._combined:
                # Qmatic documents this search as a GET with a JSON body.
                response = self._http.request(
                    "GET", "/serviceCombination/appointments/search", idempotent=True, json=body
                )
            else:
                response = self._http.request("POST", "/appointments/search", idempotent=True, json=body)
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
        offered: dict[datetime, Slot] = {}
        for dates in _batches(_local_dates(start, end, zone), DAYS_PER_CALL):
            for slot in self._timeslots(facts, dates, zone):
                if slot.start < now or not window.contains(slot.start) or slot.start == appointment.start:
                    continue
                offered.setdefault(slot.start, slot)
            if len(offered) >= limit:
                break
        return sorted(offered.values(), key=lambda slot: slot.start)[:limit]

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
        path = "/serviceCombination/reservations" if self._combined else "/reservations"
        try:
            response = self._http.request("POST", path, idempotent=False, json=body.body())
        except BackendUnavailable as error:
            if not isinstance(error.__cause__, httpx.TransportError):
                raise
            # A reservation books nothing: at worst Qmatic keeps an orphan hold that lapses by itself.
            raise BackendUnavailable(
                "Qmatic did not answer while holding that time. Nothing was booked, and any hold it made lapses "
                "by itself within 15 minutes. Please pick the time again.",
                retry_after=error.retry_after,
            ) from error
        try:
            reservation = Reservation.model_validate(self._json(response))
        except ValidationError as error:
            raise BackendUnavailable(UNREADABLE) from error
        if not reservation.id:
            raise BackendUnavailable(UNREADABLE)
        logger.info("qmatic reserve for appointment %s: reservation %s", appointment.id, reservation.id)
        return Hold(id=reservation.id, slot=slot, expires_at=now + RESERVATION_TTL)

    def release(self, hold: Hold) -> None:
        if not hold.is_real:
            return
        try:
            self._http.request("DELETE", f"/reservations/reservations/{_segment(hold.id)}", idempotent=True)
        except AppointmentNotFound:
            logger.info("qmatic release %s: already gone (lapsed or released)", hold.id)
        except InvalidRequest:
            logger.info("qmatic release %s: already used by a reschedule", hold.id)

    # -- changing -------------------------------------------------------------------
    def reschedule(self, appointment: Appointment, hold: Hold, *, idempotency_key: str) -> Appointment:
        if not hold.is_real or time_slot_of(hold.slot.key) is None:
            raise InvalidRequest(NOT_FROM_QMATIC)
        body = RescheduleBody(reservation_id=hold.id).body()
        try:
            response = self._http.request(
                "PUT", self._appointment_path(appointment.id) + "/reschedule", idempotent=False, json=body
            )
        except AppointmentNotFound as error:
            return self._after_refusal(appointment, hold, error)
        except RateLimited:
            raise
        except BackendUnavailable as error:
            return self._read_back_move(appointment, hold, error)
        try:
            moved = self._remember(QAppointment.model_validate(response.json()))
        except (ValueError, ValidationError, BackendUnavailable):
            # Moved, but the answer is empty or not one we can read: the appointment itself says where it is.
            moved = self.get_appointment(appointment.id)
        logger.info("qmatic reschedule appointment %s: moved with reservation %s", appointment.id, hold.id)
        return moved

    def cancel(
        self,
        appointment: Appointment,
        *,
        reason: CancelReason | None,
        note: str | None,
        apply_to_repeats: bool,
        idempotency_key: str,
    ) -> list[Appointment]:
        """Every appointment the cancel changed (the protocol's shape; series listing comes with the adapter work)."""
        return [
            self._cancel_one(
                appointment,
                reason=reason,
                note=note,
                apply_to_repeats=apply_to_repeats,
                idempotency_key=idempotency_key,
            )
        ]

    def later_repeats(self, appointment: Appointment, *, now: datetime) -> list[Appointment]:
        """Not listed yet by this adapter: the confirm card then names only the chosen appointment."""
        return []

    def near_matches(self, query: PatientQuery, *, now: datetime, limit: int) -> list[Appointment]:
        """No near matches from this adapter yet."""
        return []

    def _cancel_one(
        self,
        appointment: Appointment,
        *,
        reason: CancelReason | None,
        note: str | None,
        apply_to_repeats: bool,
        idempotency_key: str,
    ) -> Appointment:
        try:
            self._http.request("DELETE", f"/appointments/{_segment(appointment.id)}", idempotent=True)
            logger.info("qmatic cancel appointment %s: cancelled", appointment.id)
        except AppointmentNotFound:
            # Qmatic deletes a cancelled appointment: a repeat cancel (or one lost in transit) finds nothing.
            logger.info("qmatic cancel appointment %s: already gone", appointment.id)
        return appointment.model_copy(update={"status": AppointmentStatus.CANCELLED})

    def check(self) -> BackendStatus:
        settings = self.settings
        try:
            branches = self._load_branches()
            names_known = True
        except InvalidRequest:
            # The branch listing is not in Qmatic's public guides; the documented services call still
            # proves the credentials and the tenant.
            self._http.request("GET", "/services", idempotent=True)
            branches, names_known = {}, False
        if names_known:
            missing = [branch_id for branch_id in settings.branch_ids if branch_id not in branches]
            if missing:
                raise InvalidRequest(
                    f"Qmatic tenant {settings.tenant_id} has no branch {', '.join(missing)}. Nothing was changed; "
                    "check QMATIC_BRANCH_IDS, then run `clinic-bot check-backend` again."
                )
        locations = tuple(
            (branches[branch_id].name if branch_id in branches else "") or branch_id
            for branch_id in settings.branch_ids
        )
        zones = ", ".join(
            f"{name}: {self._words.zone(branches.get(branch_id))}"
            for branch_id, name in zip(settings.branch_ids, locations, strict=True)
        )
        return BackendStatus(
            backend="qmatic",
            account=f"tenant {settings.tenant_id} (Qmatic account {settings.account})",
            locations=locations,
            upcoming_appointments=None,
            detail=(
                "Qmatic cannot list a branch's appointments: staff look a patient up by their personal identifier. "
                f"Time zones: {zones}. "
                + ("Service combinations: on." if self._combined else "Service combinations: off.")
                + ("" if names_known else " Qmatic did not list its branches, so branch names are not shown.")
            ),
        )

    def close(self) -> None:
        self._http.close()

    # -- after a refused or unanswered move ---------------------------------------------
    def _after_refusal(self, appointment: Appointment, hold: Hold, error: AppointmentNotFound) -> Appointment:
        """A 404 on reschedule: the reservation lapsed, or the appointment is gone, or we already moved it."""
        when = staff_time(hold.slot.start, appointment.location.timezone)
        try:
            current = self.get_appointment(appointment.id)
        except AppointmentNotFound as gone:
            raise AppointmentNotFound(
                "That appointment is no longer in Qmatic (it was cancelled or removed meanwhile). Nothing was booked."
            ) from gone
        except BookingError:
            current = None
        if current is not None and current.status is AppointmentStatus.BOOKED and current.start == hold.slot.start:
            return current  # our own move, already made (a repeat after a lost answer)
        raise HoldExpired(
            f"The hold on {when} ran out before it was confirmed (Qmatic keeps a time for 15 minutes). "
            "Nothing was booked."
        ) from error

    def _read_back_move(self, appointment: Appointment, hold: Hold, error: BackendUnavailable) -> Appointment:
        """The move may have happened before Qmatic stopped answering: look instead of guessing."""
        when = staff_time(hold.slot.start, appointment.location.timezone)
        try:
            current = self.get_appointment(appointment.id)
        except BookingError:
            raise BackendUnavailable(
                f"Qmatic stopped answering while moving the appointment to {when}; it may or may not have moved. "
                "Check the appointment in Qmatic before trying again.",
                retry_after=error.retry_after,
                maybe_applied=True,
            ) from error
        if current.status is AppointmentStatus.BOOKED and current.start == hold.slot.start:
            return current
        raise error

    # -- calls ----------------------------------------------------------------------
    def _appointment_path(self, appointment_id: str) -> str:
        prefix = "/serviceCombination/appointments/" if self._combined else "/appointments/"
        return prefix + _segment(appointment_id)

    def _read(self, appointment_id: str) -> QAppointment:
        response = self._http.request("GET", self._appointment_path(appointment_id), idempotent=True)
        try:
            return QAppointment.model_validate(self._json(response))
        except ValidationError as error:
            raise BackendUnavailable(UNREADABLE) from error

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

    def _timeslots(self, facts: Facts, dates: list[date], zone: str) -> list[Slot]:
        params: dict[str, str | int] = {
            "dates": ",".join(day.isoformat() for day in dates),
            "numberOfReservations": facts.number_of_reservations,
        }
        branch = _segment(facts.branch_id)
        if self._combined:
            path = f"/serviceCombination/branch/{branch}/timeslots"
            params["serviceIds"] = ",".join(facts.service_ids)
        else:
            path = f"/branches/{branch}/services/{_segment(facts.service_ids[0])}/timeslots"
        response = self._http.request("GET", path, idempotent=True, params=params)
        slots = []
        try:
            for time_slot in _time_slots(self._json(response)):
                slots.append(self._words.slot(time_slot, branch_id=facts.branch_id, zone=zone))
        except (ValidationError, ValueError) as error:
            raise BackendUnavailable(UNREADABLE) from error
        return slots

    def _load_branches(self) -> dict[str, Branch]:
        response = self._http.request("GET", "/branches", idempotent=True)
        try:
            branches = BRANCHES.validate_python(_listed(self._json(response), "branches"))
        except ValidationError as error:
            raise BackendUnavailable(UNREADABLE) from error
        self._branches = {branch.id: branch for branch in branches}
        return self._branches

    def _listed_branch(self, branch: Branch) -> Branch | None:
        """Qmatic's listing of the branch, for its time zone; asked once, only when an appointment lacks it."""
        if branch.time_zone:
            return None
        if self._branches is None:
            try:
                self._load_branches()
            except InvalidRequest:
                logger.info("qmatic: no branch listing; using QMATIC_TIMEZONE for every branch")
                self._branches = {}
        assert self._branches is not None
        return self._branches.get(branch.id)

    # -- reading answers ----------------------------------------------------------------
    def _json(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError as error:
            raise BackendUnavailable(UNREADABLE) from error

    def _appointment_list(self, response: httpx.Response) -> list[QAppointment]:
        try:
            return APPOINTMENTS.validate_python(_listed(self._json(response), "appointments"))
        except ValidationError as error:
            raise BackendUnavailable(UNREADABLE) from error

    def _remember(self, raw: QAppointment) -> Appointment:
        try:
            appointment = self._words.appointment(raw, self._listed_branch(raw.branch))
        except ValueError as error:
            raise BackendUnavailable(UNREADABLE) from error
        if len(self._facts) >= MAX_REMEMBERED:
            self._facts.clear()  # a long-running bot forgets; a forgotten appointment is read again when needed
        self._facts[raw.appointment_id] = self._words.facts(raw)
        return appointment


def _segment(value: str) -> str:
    return quote(value, safe="")


def _listed(body: Any, key: str) -> Any:
    """Qmatic's samples show one object where a list is meant, and some answers wrap lists: accept all three."""
    if isinstance(body, dict) and isinstance(body.get(key), list):
        return body[key]
    if isinstance(body, dict):
        return [body]
    return body if body is not None else []


def _time_slots(body: Any) -> Iterator[TimeSlot]:
    """`[{"date", "timeSlots": [...]}]` per day; a bare list of slots is read too."""
    items = body if isinstance(body, list) else [body]
    for item in items:
        if isinstance(item, dict) and "startTime" in item:
            yield TimeSlot.model_validate(item)
        else:
            yield from DayTimeSlots.model_validate(item).time_slots


def _local_dates(start: datetime, end: datetime, zone: str) -> list[date]:
    tz = ZoneInfo(zone)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def _batches(days: list[date], size: int) -> Iterator[list[date]]:
    for index in range(0, len(days), size):
        yield days[index : index + size]
