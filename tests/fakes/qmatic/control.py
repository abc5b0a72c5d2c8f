"""Driving the Qmatic stand-in over HTTP, for a process that does not hold the object (unauthenticated, loopback).

POST /_test/advance               {"seconds": 960}    -> {"now": ...}   e.g. let every hold lapse
POST /_test/expire-reservations                       -> {"expired": [reservation ids]}
POST /_test/fail                  {"route": "reschedule", "status": 503, "retry_after": 2}
                                  {"route": "search", "kind": "drop"|"hang"|"delay", "seconds": 1}
GET  /_test/state                 -> {"now", "appointments", "reservations", "cancelled"}
"""

from __future__ import annotations

from tests.fakes.qmatic.diary import QmaticDiary, field_error
from tests.fakes.stub_server import Fault, StubRequest, StubResponse


class QmaticControl(QmaticDiary):
    """Mixed into the server, whose `add_route`, `fail`, `appointment_json` and `time_slot_json` it uses."""

    def _control_routes(self) -> None:
        self.add_route("POST", "/_test/advance", "control", self._control_advance)
        self.add_route("POST", "/_test/expire-reservations", "control", self._control_expire)
        self.add_route("POST", "/_test/fail", "control", self._control_fail)
        self.add_route("GET", "/_test/state", "control", self._control_state)

    def _control_advance(self, request: StubRequest) -> StubResponse:
        body = request.json()
        seconds = body.get("seconds") if isinstance(body, dict) else None
        if not isinstance(seconds, int | float):
            return field_error(400, ("seconds", "must be a number"))
        self.advance(float(seconds))
        return StubResponse(200, {"now": self.now.isoformat()})

    def _control_expire(self, request: StubRequest) -> StubResponse:
        return StubResponse(200, {"expired": self.expire_reservations()})

    def _control_fail(self, request: StubRequest) -> StubResponse:
        body = request.json()
        if not isinstance(body, dict) or not isinstance(body.get("route"), str):
            return field_error(400, ("route", "must name a route"))
        kind = body.get("kind", "status")
        seconds = float(body.get("seconds", 0))
        faults = {
            "status": lambda: Fault.status(int(body.get("status", 503)), retry_after=body.get("retry_after")),
            "drop": Fault.drop,
            "hang": lambda: Fault.hang(seconds),
            "delay": lambda: Fault.delay(seconds),
        }
        if kind not in faults:
            return field_error(400, ("kind", "must be status, drop, hang or delay"))
        self.fail(body["route"], faults[kind]())
        return StubResponse(204)

    def _control_state(self, request: StubRequest) -> StubResponse:
        now = self.now
        return StubResponse(
            200,
            {
                "now": now.isoformat(),
                "appointments": [
                    {**self.appointment_json(a, combined=True), "status": a.status} for a in self.appointments.values()
                ],
                "reservations": [
                    {
                        "reservationId": r.id,
                        "state": r.state if r.state != "RESERVED" or r.active(now) else "EXPIRED",
                        "timeSlot": self.time_slot_json(r.branch_id, r.start, r.end),
                        "expiresAt": r.expires_at.isoformat(),
                    }
                    for r in self.reservations.values()
                ],
                "cancelled": list(self.cancelled),
            },
        )
