"""Searches are index lookups, and slot finding reads only the window: fast however big the diary grows,
with the same answers the matching rules promise."""

import re
import sqlite3
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.backends.sandbox import SandboxBackend
from bot.backends.sandbox.admin import SandboxAdmin
from bot.backends.sandbox.slots import to_utc_text
from bot.domain import Appointment, Window
from tests.backends.sandbox.support import FRIDAY, NOW, chicago, find, maria_on_tuesday


def plans(backend: SandboxBackend, run: Callable[[], object]) -> list[str]:
    """The query-plan lines of every SELECT `run` makes."""
    connection = backend.db.db().conn
    statements: list[str] = []
    connection.set_trace_callback(statements.append)
    try:
        run()
    finally:
        connection.set_trace_callback(None)
    lines = []
    for statement in statements:
        if statement.lstrip().upper().startswith("SELECT"):
            lines += [row[3] for row in connection.execute(f"EXPLAIN QUERY PLAN {statement}")]
    return lines


def test_every_kind_of_patient_search_is_an_index_lookup(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    for query in (
        {"name": "maria lopez"},
        {"name": "lopez"},
        {"date_of_birth": date(1984, 3, 12)},
        {"phone": maria.patient.phone},
        {"booking_ref": maria.reference},
        {"name": "maria lopez", "date_of_birth": date(1984, 3, 12)},
    ):
        lines = plans(backend, lambda query=query: find(backend, **query))  # type: ignore[misc]
        assert lines and not [line for line in lines if line.startswith("SCAN")], (query, lines)


def test_slot_finding_reads_the_practitioners_diary_between_two_bounds(backend: SandboxBackend) -> None:
    maria = maria_on_tuesday(backend)
    week = Window(start=NOW, end=NOW + timedelta(days=7))
    lines = plans(backend, lambda: backend.open_slots(maria, week, now=NOW, limit=5))
    diary = [line for line in lines if "sandbox_appointments" in line and "practitioner" in line]
    assert diary and all(re.search(r"start_utc>\? AND start_utc<\?", line) for line in diary), lines


def test_a_long_visit_that_began_before_the_window_still_blocks_inside_it(backend: SandboxBackend) -> None:
    [john] = find(backend, name="john smith")
    admin = SandboxAdmin(backend)
    physio_at_eight = admin.book(
        patient="Zoe Quinn", date_of_birth=date(1990, 1, 2), phone="312-555-0199",
        start=datetime(2026, 3, 6, 8, 0), service="physio",
    )  # fmt: skip
    assert physio_at_eight.practitioner == john.practitioner  # the first free at Riverside: Dr. Okafor
    from_half_past = Window(start=chicago(FRIDAY, 8, 30), end=chicago(FRIDAY, 10))
    starts = [slot.start for slot in backend.open_slots(john, from_half_past, now=NOW, limit=10)]
    assert starts and min(starts) >= chicago(FRIDAY, 9)


def test_years_of_history_change_no_answer(backend: SandboxBackend, db_path: Path) -> None:
    maria = maria_on_tuesday(backend)
    week = Window(start=NOW, end=NOW + timedelta(days=7))
    before = (backend.open_slots(maria, week, now=NOW, limit=500), find(backend, name="maria lopez"))
    with sqlite3.connect(db_path) as connection:  # two past years of Dr. Patel's diary, every hour
        start = NOW - timedelta(days=730)
        rows = []
        for hour in range(0, 730 * 24, 3):
            begins = start + timedelta(hours=hour)
            rows.append(
                (f"old-{hour}", "pat-001", "loc-riverside", "svc-consult", "prac-patel", to_utc_text(begins),
                 to_utc_text(begins + timedelta(minutes=30)), "booked", f"R{hour}", None, None, None)
            )  # fmt: skip
        connection.executemany(f"INSERT INTO sandbox_appointments VALUES ({', '.join('?' * 12)})", rows)
    assert (backend.open_slots(maria, week, now=NOW, limit=500), find(backend, name="maria lopez")) == before


def promised(asked: str, full_name: str) -> bool:
    """The matching rule staff were told: the full name in either order, or one whole word of it."""
    words = re.sub(r"[^\w]+", " ", asked.lower()).split()
    known = full_name.lower().split()
    return (len(words) == 1 and words[0] in known) or sorted(words) == sorted(known)


def test_the_index_finds_exactly_what_the_matching_rules_promise(backend: SandboxBackend) -> None:
    upcoming: list[Appointment] = [
        e.appointment for e in backend.diary() if e.appointment.status == "booked" and e.appointment.end > NOW
    ]
    patients = {item.patient for item in upcoming}
    first, last = upcoming[0].patient.name.split()
    asked_names = {first, last, f"{last}, {first}", f"{first.upper()}  {last}"}
    for patient in patients:
        asked_names |= {patient.name, " ".join(reversed(patient.name.split())), patient.name.split()[-1]}
    for asked in sorted(asked_names):
        expected = [item.id for item in upcoming if promised(asked, item.patient.name)]
        assert [item.id for item in find(backend, name=asked)] == expected, asked
    for patient in patients:
        assert patient.phone is not None
        digits = re.sub(r"\D", "", patient.phone)
        expected = [item.id for item in upcoming if re.sub(r"\D", "", item.patient.phone or "").endswith(digits[-7:])]
        assert [item.id for item in find(backend, phone=digits[-7:])] == expected


def test_accents_and_apostrophes_are_ignored_both_ways(backend: SandboxBackend) -> None:
    booked = SandboxAdmin(backend).book(
        patient="José O'Brien", date_of_birth=date(1970, 5, 5), phone="+1 (773) 555-0177",
        start=datetime(2026, 3, 20, 9, 0),
    )  # fmt: skip
    for asked in ("jose obrien", "O'Brien", "OBRIEN, José", "o’brien"):
        assert [item.id for item in find(backend, name=asked)] == [booked.id], asked
    assert [item.id for item in find(backend, phone="773.555.0177")] == [booked.id]
    assert [item.id for item in find(backend, phone="555 0177")] == [booked.id]
