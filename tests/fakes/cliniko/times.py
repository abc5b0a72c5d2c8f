"""Available times as the Cliniko stand-in works them out: practitioners' hours minus bookings and blocks.

`from` and `to` are dates of the account's zone (the review of the published
docs found Cliniko reads them there, not in the business's zone), at most 7
days apart and never before today there: otherwise 400 "Invalid time frame".
404 when the business, practitioner or type is not shown in online bookings.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from tests.fakes.cliniko.filters import TIME_FRAME, message, not_found, z
from tests.fakes.cliniko.render import ClinikoRendering
from tests.fakes.stub_server import StubRequest, StubResponse


class ClinikoTimes(ClinikoRendering):
    slot_step_minutes: int

    # -- available times ---------------------------------------------------------------------------------
    def _online_refusal(self, request: StubRequest) -> StubResponse | None:
        business = self.businesses.get(request.params["business_id"])
        practitioner = self.practitioners.get(request.params["practitioner_id"])
        kind = self.appointment_types.get(request.params["type_id"])
        if business is None or practitioner is None or kind is None:
            return not_found()
        offered = practitioner.appointment_type_ids is None or kind["id"] in practitioner.appointment_type_ids
        if not (
            business["show_in_online_bookings"]
            and practitioner.show_in_online_bookings
            and kind["show_in_online_bookings"]
            and business["id"] in practitioner.business_ids
            and offered
        ):
            return not_found()
        return None

    def _open_starts(self, request: StubRequest, first: date, last: date) -> list[datetime]:
        """Open starts from the beginning of `first` to the end of `last`, both days of the account's zone."""
        practitioner = self.practitioners[request.params["practitioner_id"]]
        length = timedelta(minutes=self.appointment_types[request.params["type_id"]]["duration_in_minutes"])
        local = self.business_zone(request.params["business_id"])
        account = self.account_zone()
        begins_at = datetime.combine(first, datetime.min.time(), account)
        ends_at = datetime.combine(last + timedelta(days=1), datetime.min.time(), account)
        busy = [
            (row["starts_at"], row["ends_at"])
            for row in self.live_bookings()
            if row["practitioner_id"] == practitioner.id
        ]
        busy += [(start, end) for who, start, end in self.blocks if who == practitioner.id]
        now = self.current_time()
        starts = []
        day = begins_at.astimezone(local).date() - timedelta(days=1)
        while day <= ends_at.astimezone(local).date():
            hours = practitioner.hours.get(day.weekday())
            if hours is not None:
                start = datetime.combine(day, hours[0], local)
                closes = datetime.combine(day, hours[1], local)
                while start + length <= closes:
                    begins, ends = start.astimezone(UTC), (start + length).astimezone(UTC)
                    fits = begins_at <= begins < ends_at and begins >= now
                    if fits and not any(b < ends and begins < e for b, e in busy):
                        starts.append(begins)
                    start += timedelta(minutes=self.slot_step_minutes)
            day += timedelta(days=1)
        return starts

    def _time_frame(self, request: StubRequest) -> tuple[date, date] | StubResponse:
        try:
            first = date.fromisoformat(request.arg("from") or "")
            last = date.fromisoformat(request.arg("to") or "")
        except ValueError:
            return message(400, TIME_FRAME)
        today = self.current_time().astimezone(self.account_zone()).date()
        if last < first or (last - first).days > 6 or first < today:
            return message(400, TIME_FRAME)
        return first, last

    def _available_times(self, request: StubRequest) -> StubResponse:
        refusal = self._online_refusal(request)
        if refusal is not None:
            return refusal
        frame = self._time_frame(request)
        if isinstance(frame, StubResponse):
            return frame
        items = [{"appointment_start": z(start)} for start in self._open_starts(request, *frame)]
        return self._paged(request, "available_times", items)
