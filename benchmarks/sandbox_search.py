"""How fast the demo clinic answers as it grows: patient search and slot finding at 1x and 100x the demo data.

Prints median and p99 (milliseconds, after warm-up) of `find_appointments` by
name, by date of birth and by phone, of `near_matches` for a misspelled name,
and of `open_slots` over a week (the first page of 5, and the whole week), on
the seeded demo clinic and side by side on 100 times its data. Target (issue
12): search <= 5 ms at 100x. Figures only, never pass/fail.

The 100x clinic is the demo seeded as usual, then grown the way a real one
grows: 100x the patients (drawn names, so some share them; every phone its own),
10x the practitioners, and 100x the appointments, spread like the demo's own
(the same bookings per practitioner per day), so that most of the added ones
are months of history and about a tenth are ahead.

Run: `.venv/bin/python benchmarks/sandbox_search.py [--runs 1000] [--scale 100]`.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.backends.sandbox import SandboxBackend, seed  # noqa: E402
from bot.domain import PatientQuery, Window  # noqa: E402

TODAY = date(2026, 3, 4)
NOW = datetime(2026, 3, 4, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
WEEK = Window(start=NOW, end=NOW + timedelta(days=7))
# fmt: off
FIRST_NAMES = (
    "Maria", "John", "Robert", "Carlos", "Emma", "Linda", "James", "Patricia", "Michael", "Jennifer", "David",
    "Susan", "Daniel", "Karen", "Joseph", "Nancy", "Thomas", "Lisa", "Christopher", "Betty", "Matthew",
    "Sandra", "Anthony", "Ashley", "Mark", "Dorothy", "Steven", "Kimberly", "Paul", "Emily", "Andrew", "Donna",
    "Joshua", "Michelle", "Kevin", "Carol", "Brian", "Amanda", "Sofia", "Olivia", "Liam", "Noah", "Ava", "Mia",
    "Ethan", "Lucas", "Chloe", "Grace", "Omar", "Aisha", "Wei", "Mei", "Hiroshi", "Yuki", "Priya", "Arjun",
    "Fatima", "Ahmed", "Ivan", "Olga", "Pierre", "Claire", "Hannah", "Zoe",
)
LAST_NAMES = (
    "Lopez", "Smith", "Chen", "Johnson", "Brown", "Davis", "Miller", "Wilson", "Moore", "Taylor", "Anderson",
    "Thomas", "Jackson", "White", "Harris", "Martin", "Thompson", "Garcia", "Martinez", "Robinson", "Clark",
    "Rodriguez", "Lewis", "Lee", "Walker", "Hall", "Allen", "Young", "Hernandez", "King", "Wright", "Scott",
    "Green", "Baker", "Nguyen", "Kim", "Patel", "Singh", "Khan", "Cohen", "Rossi", "Dubois", "Kowalski",
    "Novak", "Ivanova", "Tanaka", "Sato", "Okafor", "Mensah", "Silva", "Santos", "Oliveira", "Murphy", "Kelly",
    "O'Brien", "Sullivan", "Price", "Bennett", "Hughes", "Turner", "Parker", "Evans", "Edwards",
)
# fmt: on
VISIT_MINUTES = {"svc-followup": 15, "svc-consult": 30}
OPEN = {"loc-riverside": (range(6), 8, 18), "loc-harbor": (range(5), 9, 17)}
"""Weekdays open, opening and closing hour (Saturday mornings at Riverside count as a day here)."""


def text(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat(timespec="microseconds")


def grow(path: Path, scale: int, rng: random.Random) -> None:
    """Add to a seeded demo clinic until it holds `scale` times its patients and appointments."""
    db = sqlite3.connect(path)
    patients = db.execute("SELECT COUNT(*) FROM sandbox_patients").fetchone()[0]
    appointments = db.execute("SELECT COUNT(*) FROM sandbox_appointments").fetchone()[0]
    booked_ahead = db.execute(
        "SELECT COUNT(*) FROM sandbox_appointments WHERE status = 'booked' AND start_utc >= ?",
        [text(NOW)],
    ).fetchone()[0]
    practitioners = db.execute("SELECT id, location_id FROM sandbox_practitioners").fetchall()
    zones = dict(db.execute("SELECT id, timezone FROM sandbox_locations").fetchall())
    per_day = booked_ahead / (len(practitioners) * 21)

    new_patients = []
    for number in range(patients + 1, patients * scale + 1):
        born = date(1930, 1, 1) + timedelta(days=rng.randint(0, 90 * 365))
        phone = f"({rng.choice(('312', '773', '213', '310', '646'))}) {number // 10000 + 200:03d}-{number % 10000:04d}"
        new_patients.append(
            (f"pat-b{number:06d}", rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES), born.isoformat(), phone)
        )
    db.executemany(
        "INSERT INTO sandbox_patients (id, first_name, last_name, date_of_birth, phone) VALUES (?, ?, ?, ?, ?)",
        new_patients,
    )
    patient_ids = [row[0] for row in db.execute("SELECT id FROM sandbox_patients")]

    extra = [
        (f"prac-b{n:03d}", "loc-riverside" if n % 3 else "loc-harbor")
        for n in range(len(practitioners) * (scale // 10 - 1))
    ]
    db.executemany(
        "INSERT INTO sandbox_practitioners VALUES (?, ?, ?)", [(pid, f"Dr. {pid}", loc) for pid, loc in extra]
    )

    rows: list[tuple[object, ...]] = []
    target = appointments * scale

    def book(practitioner: str, location: str, day: date) -> None:
        """The demo's number of visits that day, on distinct half hours (so they never overlap)."""
        weekdays, opens, closes = OPEN[location]
        if day.weekday() not in weekdays:
            return
        zone = ZoneInfo(zones[location])
        count = int(per_day + rng.random())
        for half_hour in sorted(rng.sample(range(opens * 2, closes * 2), k=count)):
            service = rng.choice(list(VISIT_MINUTES))
            start = datetime.combine(day, wall(half_hour // 2, 30 * (half_hour % 2)), tzinfo=zone).astimezone(UTC)
            end = start + timedelta(minutes=VISIT_MINUTES[service])
            status = "cancelled" if rng.random() < 0.05 else "booked"
            number = len(rows)
            rows.append(
                (f"apt-b{number:07d}", rng.choice(patient_ids), location, service, practitioner, text(start),
                 text(end), status, f"B{number:07d}", None, None, None)
            )  # fmt: skip

    for practitioner, location in extra:  # the new practitioners' next three weeks
        for offset in range(21):
            book(practitioner, location, TODAY + timedelta(days=offset))
    everyone = practitioners + extra
    day = TODAY - timedelta(days=11)  # the demo's own past is the last ten days
    while appointments + len(rows) < target:
        for practitioner, location in everyone:
            book(practitioner, location, day)
        day -= timedelta(days=1)
    db.executemany(f"INSERT INTO sandbox_appointments VALUES ({', '.join('?' * 12)})", rows)
    db.commit()
    db.close()


def timed(call: Callable[[int], object], runs: int) -> tuple[float, float, float]:
    """Median and p99 in milliseconds of `call(i)` over `runs` calls after a warm-up, and the mean items returned."""
    for index in range(10):
        call(index)
    samples, returned = [], 0
    for index in range(runs):
        start = time.perf_counter()
        answer = call(index)
        samples.append((time.perf_counter() - start) * 1000)
        returned += len(answer) if isinstance(answer, list) else 0
    return statistics.median(samples), statistics.quantiles(samples, n=100)[98], returned / runs


def measure(path: Path, runs: int, rng: random.Random) -> dict[str, tuple[float, float, float]]:
    backend = SandboxBackend(path, clock=lambda: NOW)  # opening upgrades and backfills: not timed
    db = sqlite3.connect(path)
    people = db.execute(  # staff look up patients who have something booked ahead
        "SELECT DISTINCT p.first_name, p.last_name, p.date_of_birth, p.phone FROM sandbox_patients p "
        "JOIN sandbox_appointments a ON a.patient_id = p.id WHERE a.status = 'booked' AND a.end_utc > ? ORDER BY p.id",
        [text(NOW)],
    ).fetchall()
    db.close()
    sample = rng.sample(people, k=min(len(people), 200))
    names = ["maria lopez", *(f"{first} {last}" for first, last, _, _ in sample)]
    births = [date.fromisoformat(born) for _, _, born, _ in sample]
    phones = ["".join(ch for ch in phone if ch.isdigit()) for _, _, _, phone in sample]
    maria = next(  # the demo's Maria Lopez, 3 PM next Tuesday with Dr. Patel (the longest history of the demo's)
        item
        for item in backend.find_appointments(PatientQuery(name="maria lopez"), around=None, now=NOW)
        if item.start.hour == 15 and item.location.id == "loc-riverside"
    )

    def find(key: str, values: Sequence[object]) -> Callable[[int], object]:
        return lambda i: backend.find_appointments(
            PatientQuery.model_validate({key: values[i % len(values)]}), around=None, now=NOW
        )

    figures = {
        "find_appointments by name": timed(find("name", names), runs),
        "find_appointments by date of birth": timed(find("date_of_birth", births), runs),
        "find_appointments by phone": timed(find("phone", phones), runs),
        "near_matches 'mraia lopez'": timed(
            lambda _i: backend.near_matches(PatientQuery(name="mraia lopez"), now=NOW, limit=3), runs
        ),
        "open_slots, a week, first 5": timed(lambda _i: backend.open_slots(maria, WEEK, now=NOW, limit=5), runs),
        "open_slots, a whole week": timed(lambda _i: backend.open_slots(maria, WEEK, now=NOW, limit=1000), runs),
    }
    backend.close()
    return figures


def size(path: Path) -> str:
    db = sqlite3.connect(path)
    patients = db.execute("SELECT COUNT(*) FROM sandbox_patients").fetchone()[0]
    appointments = db.execute("SELECT COUNT(*) FROM sandbox_appointments").fetchone()[0]
    practitioners = db.execute("SELECT COUNT(*) FROM sandbox_practitioners").fetchone()[0]
    db.close()
    return f"{patients} patients, {practitioners} practitioners, {appointments} appointments"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="timed calls per figure (default 1000)")
    parser.add_argument("--scale", type=int, default=100, help="how many times the demo data (default 100)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        small, big = Path(folder) / "1x.sqlite3", Path(folder) / f"{args.scale}x.sqlite3"
        seed(small, TODAY)
        seed(big, TODAY)
        grow(big, args.scale, random.Random(12))
        print(f"1x:   {size(small)}")
        print(f"{args.scale}x: {size(big)}")
        one = measure(small, args.runs, random.Random(1))
        many = measure(big, args.runs, random.Random(1))
    print()
    scale = f"{args.scale}x"
    print(f"{'':36} {'1x median':>10} {'p99':>8} {'found':>6}   {scale + ' median':>11} {'p99':>8} {'found':>6}")
    for what, (median, p99, found) in one.items():
        big_median, big_p99, big_found = many[what]
        small_figures = f"{median:8.2f}ms {p99:6.2f}ms {found:6.1f}"
        print(f"{what:36} {small_figures}   {big_median:9.2f}ms {big_p99:6.2f}ms {big_found:6.1f}")
    print("\ntarget (issue 12): search <= 5 ms at 100x")


if __name__ == "__main__":
    main()
