"""The published shapes through the real bot: a Cliniko business west of its account zone, a Qmatic service
combination as the guides show it (and with all its services listed), and a Solv account without booking reads
whose EHR-linked booking is still moved and cancelled. Each runs `clinic-bot serve` against the stand-in.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Staff
from tests.e2e_backends.deep_tables import run_deep
from tests.e2e_backends.support import CHICAGO, in_days, serve
from tests.fakes import cliniko_server, qmatic_server, solv_server

pytestmark = pytest.mark.e2e
LOS_ANGELES = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


# -- Cliniko: a business west of the account's zone -------------------------------------------------------
@pytest.fixture
def cliniko_west(slack: SlackStandIn, workdir: Path) -> Iterator[tuple[Staff, cliniko_server.ClinikoStandIn, str]]:
    server = cliniko_server.demo_clinic(in_days(0))
    server.set_account_zone("America/New_York")
    venice = server.add_business("Venice Beach Physio", zone="America/Los_Angeles")
    ruiz = server.add_practitioner(
        "Ana", "Ruiz", businesses=[venice], opens=clock_time(9), closes=clock_time(23), weekdays=range(7)
    )
    standard = next(iter(server.appointment_types))
    rosa = server.add_patient("Rosa", "Diaz", date_of_birth="1990-01-01")
    booked = server.add_appointment(
        rosa, datetime.combine(in_days(2), clock_time(10), LOS_ANGELES), practitioner_id=ruiz,
        business_id=venice, appointment_type_id=standard,
    )  # fmt: skip
    server.start()
    served = serve(slack, workdir, server.environment(cliniko_server.DEMO_USER_AGENT))
    yield served.as_staff(), server, booked
    served.stop()
    server.stop()


def test_a_late_evening_time_at_a_business_west_of_the_account_zone_is_offered_and_booked(
    cliniko_west: tuple[Staff, cliniko_server.ClinikoStandIn, str],
) -> None:
    staff, cliniko, booked = cliniko_west
    target = in_days(4)
    offered = staff.command("/reschedule", f"rosa diaz to {target:%m/%d} after 9pm")
    assert "Pick a new time" in offered.shown, offered.shown  # 9 PM in Los Angeles is already tomorrow in New York
    confirm = staff.click(offered, offered.labels[0])
    done = staff.click(confirm, "Confirm")
    assert "Moved" in done.shown, done.shown
    moved = cliniko.appointments[booked]["starts_at"].astimezone(LOS_ANGELES)
    assert moved.date() == target and moved.hour >= 21
    next_day = f"{target + timedelta(days=1):%Y-%m-%d}"
    dates = {(call.arg("from"), call.arg("to")) for call in cliniko.calls_to("available_times")}
    assert (next_day, next_day) in dates  # 9 PM and later in Los Angeles is the next day where the account is


# -- Qmatic: a service combination --------------------------------------------------------------------------
def serve_qmatic(slack: SlackStandIn, workdir: Path, shape: str) -> tuple[Staff, qmatic_server.QmaticServer, object]:
    server = qmatic_server.QmaticServer.with_demo_data(in_days(0))
    server.service_shape = shape
    server.start()
    served = serve(slack, workdir, {"BOOKING_BACKEND": "qmatic", **server.env(combined=True)})
    return served.as_staff(), server, served


def test_a_qmatic_combination_shown_as_the_guides_show_it_is_refused_plainly_not_shortened(
    slack: SlackStandIn, workdir: Path
) -> None:
    staff, qmatic, served = serve_qmatic(slack, workdir, "object")
    try:
        before = qmatic.appointments[qmatic_server.DEMO_COMBINED_APPOINTMENT_ID]
        start, end = before.start, before.end
        answer = staff.command("/reschedule", f"{qmatic_server.DEMO_COMBINED_PERSONAL_ID} to {in_days(5):%m/%d}")
        assert "lasts 60 minutes" in answer.shown and "move it in Qmatic" in answer.shown, answer.shown
        assert qmatic.reservations == {}
        after = qmatic.appointments[qmatic_server.DEMO_COMBINED_APPOINTMENT_ID]
        assert (after.start, after.end) == (start, end)
    finally:
        served.stop()  # type: ignore[attr-defined]
        qmatic.stop()


def test_a_qmatic_combination_listing_all_its_services_is_moved_keeping_its_hour(
    slack: SlackStandIn, workdir: Path
) -> None:
    staff, qmatic, served = serve_qmatic(slack, workdir, "array")
    try:
        target = in_days(5)
        offered = staff.command("/reschedule", f"{qmatic_server.DEMO_COMBINED_PERSONAL_ID} to {target:%m/%d} afternoon")
        assert "Pick a new time" in offered.shown, offered.shown
        done = staff.click(staff.click(offered, offered.labels[0]), "Confirm")
        assert "Moved" in done.shown, done.shown
        moved = qmatic.appointments[qmatic_server.DEMO_COMBINED_APPOINTMENT_ID]
        assert moved.start.astimezone(CHICAGO).date() == target and moved.end - moved.start == timedelta(hours=1)
        assert qmatic.calls_to("timeslots_combined")[0].path.endswith(
            f"/serviceCombination/branch/{qmatic_server.DEMO_SERVICE_ID}/timeslots"
        )
    finally:
        served.stop()  # type: ignore[attr-defined]
        qmatic.stop()


# -- Solv: an account without booking reads -----------------------------------------------------------------
@pytest.fixture
def solv_no_reads(slack: SlackStandIn, workdir: Path) -> Iterator[tuple[Staff, solv_server.SolvServer]]:
    server = solv_server.with_variant(solv_server.demo_clinic(in_days(0)), "no-reads-missing").start()
    served = serve(slack, workdir, solv_server.demo_environment(server))
    yield served.as_staff(), server
    served.stop()
    server.stop()


def ehr_booking(solv: solv_server.SolvServer) -> dict[str, object]:
    return solv.bookings[solv_server.DEMO_EHR_BOOKING]


def test_without_booking_reads_an_ehr_booking_is_moved_then_cancelled_by_its_reference(
    solv_no_reads: tuple[Staff, solv_server.SolvServer],
) -> None:
    staff, solv = solv_no_reads
    reference, booked_day, target = solv_server.DEMO_EHR_REFERENCE, in_days(3), in_days(6)
    offered = staff.command(
        "/reschedule", f"booking #{reference} from {booked_day:%m/%d} 11am to {target:%m/%d} afternoon"
    )
    assert "Pick a new time" in offered.shown, offered.shown
    done = staff.click(staff.click(offered, offered.labels[0]), "Confirm")
    assert "Moved" in done.shown, done.shown
    moved = datetime.fromisoformat(str(ehr_booking(solv)["appointment_date"])).astimezone(CHICAGO)
    assert moved.date() == target and moved.hour >= 12
    assert solv.calls_to("get_booking") and solv.calls_to("create_booking") == []

    confirm = staff.command("/cancel", f"booking #{reference} {moved:%m/%d} at {moved:%-I:%M%p}, feeling better")
    assert "Cancel this appointment?" in confirm.shown, confirm.shown
    cancelled = staff.click(confirm, "Confirm")
    assert "Cancelled" in cancelled.shown, cancelled.shown
    assert ehr_booking(solv)["status"] == "cancelled"
    assert solv.cancellation_reasons[solv_server.DEMO_EHR_BOOKING] == "Feeling Better"
    assert solv.calls_to("update_status") == []


def test_without_booking_reads_staff_are_told_plainly_what_to_give(
    solv_no_reads: tuple[Staff, solv_server.SolvServer],
) -> None:
    staff, solv = solv_no_reads
    answer = staff.command("/reschedule", f"booking #{solv_server.DEMO_EHR_REFERENCE} to {in_days(6):%m/%d}")
    assert "does not let partners read bookings" in answer.shown, answer.shown
    assert "the time it is booked now" in answer.shown
    assert solv.calls_to("external_reschedule") == []


def test_without_booking_reads_the_confirm_card_labels_the_time_as_stated(
    solv_no_reads: tuple[Staff, solv_server.SolvServer],
) -> None:
    staff, _solv = solv_no_reads
    offered = staff.command(
        "/reschedule", f"booking #{solv_server.DEMO_EHR_REFERENCE} from {in_days(3):%m/%d} 11am to {in_days(6):%m/%d}"
    )
    confirm = staff.click(offered, offered.labels[0])
    assert "stated" in confirm.shown.lower(), confirm.shown


# -- check-backend --deep, the real command, one stand-in each ----------------------------------------------
def test_check_backend_deep_works_against_each_stand_in_as_the_docs_show_it() -> None:
    with cliniko_server_started() as env:
        code, output = run_deep(env)
        assert code == 0 and "relative without /v1" in output, output
    qmatic = qmatic_server.QmaticServer.with_demo_data(in_days(0)).start()
    try:
        args = ("--personal-id", qmatic_server.DEMO_COMBINED_PERSONAL_ID, "--write-probe")
        code, output = run_deep({"BOOKING_BACKEND": "qmatic", **qmatic.env(combined=True)}, *args)
        assert code == 0 and "reserve a time far ahead" in output and "204   works" in output, output
    finally:
        qmatic.stop()
    solv = solv_server.with_variant(solv_server.demo_clinic(in_days(0)), "no-reads-method").start()
    try:
        code, output = run_deep(solv_server.demo_environment(solv))
        assert code == 0 and "405" in output and "does not let partners read bookings" in output, output
    finally:
        solv.stop()


class cliniko_server_started:
    def __enter__(self) -> dict[str, str]:
        self.server = cliniko_server.demo_clinic(in_days(0)).start()
        self.server.now = datetime.now(UTC)
        return self.server.environment(cliniko_server.DEMO_USER_AGENT)

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
