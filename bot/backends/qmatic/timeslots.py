"""Qmatic's open times for an appointment's service(s) at its branch, on the path this tenant serves.

The multiple-services guide writes the timeslot call as
`/serviceCombination/branch/{serviceId}/timeslots` with the service ids and
the branch id as parameters; the `{serviceId}` after `branch/` may be a slip
for the branch id. The published form is asked first and, when it answers
404, the other; whichever works is remembered for the rest of the process,
and `check-backend --deep` shows both.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from bot.backends.errors import BackendUnavailable
from bot.backends.qmatic.models import DayTimeSlots, TimeSlot
from bot.backends.qmatic.translate import Facts, Translator
from bot.backends.qmatic.vendor_errors import UnknownPath
from bot.domain import Slot

if TYPE_CHECKING:
    from bot.backends.qmatic.adapter import QmaticBackend

logger = logging.getLogger(__name__)

COMBINED_ROUTES = ("timeslots_combined", "timeslots_combined_by_branch")
"""The published path first, then the plausible correction."""


def request_for(name: str, facts: Facts, dates: list[date]) -> tuple[dict[str, str | int], dict[str, Any]]:
    """(query parameters, path values) of timeslot route `name` for these services, branch and days."""
    params: dict[str, str | int] = {
        "dates": ",".join(day.isoformat() for day in dates),
        "numberOfReservations": facts.number_of_reservations,
    }
    if name == "timeslots":
        return params, {"branch_id": facts.branch_id, "service_id": facts.service_ids[0]}
    params["serviceIds"] = ",".join(facts.service_ids)
    if name == "timeslots_combined":
        params["branchId"] = facts.branch_id
        return params, {"service_id": facts.service_ids[0]}
    return params, {"branch_id": facts.branch_id}


def time_slots(body: Any) -> Iterator[TimeSlot]:
    """`[{"date", "timeSlots": [...]}]` per day; a bare list of slots is read too."""
    items = body if isinstance(body, list) else [body]
    for item in items:
        if isinstance(item, dict) and "startTime" in item:
            yield TimeSlot.model_validate(item)
        else:
            yield from DayTimeSlots.model_validate(item).time_slots


def local_dates(start: datetime, end: datetime, zone: str) -> list[date]:
    tz = ZoneInfo(zone)
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    return [first + timedelta(days=offset) for offset in range((last - first).days + 1)]


def in_batches(days: list[date], size: int) -> Iterator[list[date]]:
    for index in range(0, len(days), size):
        yield days[index : index + size]


class Timeslots:
    def __init__(self, backend: QmaticBackend, words: Translator, *, combined: bool) -> None:
        self._backend = backend
        self._words = words
        self._combined = combined
        self.combined_route: str | None = None
        """The timeslot path this tenant answered on, once known."""

    def fetch(self, facts: Facts, dates: list[date], zone: str) -> list[Slot]:
        names = (
            ("timeslots",) if not self._combined else (self.combined_route,) if self.combined_route else COMBINED_ROUTES
        )
        refused: UnknownPath | None = None
        for name in names:
            params, path = request_for(name, facts, dates)
            try:
                response = self._backend.call(name, params=params, **path)
            except UnknownPath as error:
                refused = refused or error
                continue
            if self._combined and self.combined_route != name:
                logger.info("qmatic: service-combination timeslots answer on %s", name)
                self.combined_route = name
            return self._read(self._backend.json_of(response), facts, zone)
        assert refused is not None
        raise refused

    def _read(self, body: Any, facts: Facts, zone: str) -> list[Slot]:
        try:
            return [self._words.slot(slot, branch_id=facts.branch_id, zone=zone) for slot in time_slots(body)]
        except (ValidationError, ValueError) as error:
            raise BackendUnavailable(self._backend.unreadable) from error
