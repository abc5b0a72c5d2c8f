"""GET /metrics counts the booking system's HTTP calls by vendor and status, and names no patient.

An admin watching a vendor outage needs to see its calls failing (5xx,
timeouts) without the metrics ever carrying whom the calls were about.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import FRONT_DESK, STAFF_IDS, ServedBot
from tests.e2e_backends.support import CHICAGO, serve
from tests.fakes.cliniko_server import ClinikoStandIn
from tests.metrics_reading import Scrape, leaked_labels

pytestmark = pytest.mark.e2e


@pytest.fixture
def served(slack: SlackStandIn, cliniko: ClinikoStandIn, tmp_path: Path) -> Iterator[ServedBot]:
    bot = serve(slack, tmp_path, cliniko.environment())
    yield bot
    bot.stop()


def patients_of(cliniko: ClinikoStandIn) -> list[dict[str, object]]:
    """The stand-in's patients as diary rows (name, birth date, phone) for the label scan."""
    rows: list[dict[str, object]] = []
    for patient in cliniko.patients.values():
        name = f"{patient['first_name']} {patient['last_name']}"
        numbers = [entry["number"] for entry in patient["patient_phone_numbers"]] or [None]
        rows += [{"patient": name, "date_of_birth": patient["date_of_birth"], "phone": n} for n in numbers]
    return rows


def test_a_whole_reschedule_counts_cliniko_calls_by_status_and_no_label_names_a_patient(
    served: ServedBot, cliniko: ClinikoStandIn
) -> None:
    before = Scrape.of(served.url)
    staff = served.as_staff(FRONT_DESK)
    target = datetime.now(CHICAGO).date() + timedelta(days=5)

    offered = staff.command("/reschedule", f"maria lopez to {target:%m/%d} afternoon")
    confirm = staff.click(offered, offered.labels[0])
    done = staff.click(confirm, "Confirm")
    assert "Moved" in done.shown, done.shown

    after = Scrape.of(served.url)
    answered = after.value("clinic_bot_backend_calls_total", vendor="cliniko", status="200") - before.value(
        "clinic_bot_backend_calls_total", vendor="cliniko", status="200"
    )
    # At least: find the patient, their appointments, the open times, re-read before the move, the move.
    assert answered >= 5, answered
    assert after.value("clinic_bot_backend_call_seconds_count", vendor="cliniko") == after.value(
        "clinic_bot_backend_calls_total", vendor="cliniko"
    ), "every call is timed"
    statuses = {s.labels["status"] for s in after.samples if s.name == "clinic_bot_backend_calls_total"}
    assert statuses <= {"200", "201", "204", "404", "422"}, statuses
    ids = [*STAFF_IDS, *cliniko.patients, *cliniko.appointments]
    assert leaked_labels(after, patients=patients_of(cliniko), ids=ids) == []


def test_a_cliniko_that_cannot_be_reached_shows_as_transport_errors(served: ServedBot, cliniko: ClinikoStandIn) -> None:
    cliniko.stop()
    staff = served.as_staff(FRONT_DESK)

    reply = staff.command("/reschedule", "maria lopez to friday afternoon")

    assert "reach" in reply.shown.lower() or "try again" in reply.shown.lower(), reply.shown
    after = Scrape.of(served.url)
    failed = {
        s.labels["status"]: s.value
        for s in after.samples
        if s.name == "clinic_bot_backend_calls_total" and s.labels.get("vendor") == "cliniko"
    }
    assert failed.get("ConnectError", 0) >= 1, failed
