"""The demo clinic: same `today`, same data, so the README's commands work on any day.

The demo commands (`/reschedule maria lopez from tue 3pm to fri morning`,
`/cancel john smith tmrw`) need a Maria Lopez appointment at 3 p.m. next
Tuesday and a John Smith appointment tomorrow, whatever weekday `today` is;
those are placed first, the rest of the diary is filled around them with a
fixed random seed. Both are at the location in the clinic's own zone, because
the parser reads "3pm" in that zone.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bot.backends.sandbox.keys import insert_patients
from bot.backends.sandbox.schema import TABLES, SandboxDb
from bot.backends.sandbox.slots import Hours, OpeningHours, day_starts, local, overlaps, to_utc_text
from bot.domain import CancelReason

RANDOM_SEED = 20260301
DAYS_AHEAD = 21

RIVERSIDE = "loc-riverside"
HARBOR = "loc-harbor"

RIVERSIDE_HOURS: OpeningHours = {
    **{weekday: Hours(time(8), time(18)) for weekday in range(5)},
    5: Hours(time(9), time(13)),
}
HARBOR_HOURS: OpeningHours = {weekday: Hours(time(9), time(17)) for weekday in range(5)}

PRACTITIONERS = (
    ("prac-patel", "Dr. Anna Patel", RIVERSIDE),
    ("prac-okafor", "Dr. Ben Okafor", RIVERSIDE),
    ("prac-nguyen", "Dr. Chloe Nguyen", HARBOR),
)

SERVICES = (
    ("svc-followup", "Follow-up visit", 15),
    ("svc-consult", "Consultation", 30),
    ("svc-physio", "Physiotherapy session", 60),
)

# (first, last, fixed birth date or None for a drawn one)
PATIENTS: tuple[tuple[str, str, date | None], ...] = (
    ("Maria", "Lopez", date(1984, 3, 12)),
    ("Maria", "Lopez", date(1991, 7, 28)),
    ("John", "Smith", date(1975, 11, 2)),
    ("Robert", "Chen", date(1962, 5, 19)),
    ("Carlos", "Lopez", None),
    ("Emma", "Smith", None),
    ("Linda", "Chen", None),
    ("James", "Johnson", None),
    ("Patricia", "Johnson", None),
    ("Michael", "Brown", None),
    ("Jennifer", "Davis", None),
    ("David", "Miller", None),
    ("Susan", "Wilson", None),
    ("Daniel", "Moore", None),
    ("Karen", "Taylor", None),
    ("Joseph", "Anderson", None),
    ("Nancy", "Thomas", None),
    ("Thomas", "Jackson", None),
    ("Lisa", "White", None),
    ("Christopher", "Harris", None),
    ("Betty", "Martin", None),
    ("Matthew", "Thompson", None),
    ("Sandra", "Garcia", None),
    ("Anthony", "Martinez", None),
    ("Ashley", "Robinson", None),
    ("Mark", "Clark", None),
    ("Dorothy", "Rodriguez", None),
    ("Steven", "Lewis", None),
    ("Kimberly", "Lee", None),
    ("Paul", "Walker", None),
    ("Emily", "Hall", None),
    ("Andrew", "Allen", None),
    ("Donna", "Young", None),
    ("Joshua", "Hernandez", None),
    ("Michelle", "King", None),
    ("Kevin", "Wright", None),
    ("Carol", "Scott", None),
    ("Brian", "Green", None),
    ("Amanda", "Baker", None),
    ("Sofia", "Nguyen", None),
)
MARIA_1, MARIA_2, JOHN, ROBERT, CARLOS, EMMA = (f"pat-{n:03d}" for n in range(1, 7))
DEMO_PATIENTS = frozenset({MARIA_1, MARIA_2, JOHN, ROBERT})
"""Kept out of the random diary, so the demo commands find exactly the appointments described."""

DEMO_COMMANDS = (
    "/reschedule maria lopez from tue 3pm to fri morning",
    "/cancel john smith tmrw, feeling better",
    "move carlos lopez to next week",
)


@dataclass
class SeedSummary:
    today: date
    locations: list[str] = field(default_factory=list)
    practitioners: int = 0
    services: int = 0
    patients: int = 0
    booked: int = 0
    cancelled: int = 0
    past: int = 0
    series: int = 0
    commands: tuple[str, ...] = DEMO_COMMANDS


def harbor_zone(clinic_tz: str) -> str:
    """The second location is always in another zone than the clinic's."""
    return "America/New_York" if clinic_tz == "America/Los_Angeles" else "America/Los_Angeles"


def next_weekday(today: date, weekday: int) -> date:
    """The parser's reading of a bare weekday: the next one strictly after today."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _first_open_day(start: date, hours: OpeningHours) -> date:
    day = start
    while day.weekday() not in hours:
        day += timedelta(days=1)
    return day


class _Diary:
    """Builds appointment rows, never double-booking a practitioner."""

    def __init__(self, rng: random.Random, zones: dict[str, ZoneInfo]) -> None:
        self.rng = rng
        self.zones = zones
        self.rows: list[dict[str, Any]] = []
        self.busy: dict[str, list[tuple[datetime, datetime]]] = {}
        self.references: set[str] = set()

    def _reference(self) -> str:
        while True:
            reference = str(self.rng.randint(10000, 99999))
            if reference not in self.references:
                self.references.add(reference)
                return reference

    def is_free(self, practitioner: str, start: datetime, end: datetime) -> bool:
        return not any(overlaps(start, end, s, e) for s, e in self.busy.get(practitioner, []))

    def add(
        self,
        *,
        patient: str,
        practitioner: str,
        location: str,
        service: tuple[str, str, int],
        start: datetime,
        status: str = "booked",
        series: str | None = None,
        reason: str | None = None,
    ) -> None:
        start = start.astimezone(UTC)
        end = start + timedelta(minutes=service[2])
        if status == "booked":
            self.busy.setdefault(practitioner, []).append((start, end))
        self.rows.append(
            {
                "id": f"apt-{len(self.rows) + 1:04d}",
                "patient_id": patient,
                "location_id": location,
                "service_id": service[0],
                "practitioner_id": practitioner,
                "start_utc": to_utc_text(start),
                "end_utc": to_utc_text(end),
                "status": status,
                "reference": self._reference(),
                "series_id": series,
                "cancel_reason": reason,
                "cancel_note": None,
            }
        )

    def random_free_start(
        self,
        practitioner: str,
        location: str,
        day: date,
        hours: OpeningHours,
        minutes: int,
        earliest: time = time(0),
    ) -> datetime | None:
        duration = timedelta(minutes=minutes)
        zone = self.zones[location]
        starts = [
            start
            for start in day_starts(day, hours, zone, duration)
            if (wall := start.astimezone(zone).time()).minute % 30 == 0
            and wall >= earliest
            and self.is_free(practitioner, start, start + duration)
        ]
        return self.rng.choice(starts) if starts else None


def _patients(rng: random.Random) -> list[dict[str, Any]]:
    rows = []
    formats = ("({area}) 555-{line}", "{area}-555-{line}", "+1 {area} 555 {line}", "{area}.555.{line}")
    for index, (first, last, born) in enumerate(PATIENTS):
        if born is None:
            born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 72 * 365))
        area = "312" if index % 2 == 0 else "213"
        phone = formats[index % len(formats)].format(area=area, line=f"01{index:02d}")
        rows.append(
            {
                "id": f"pat-{index + 1:03d}",
                "first_name": first,
                "last_name": last,
                "date_of_birth": born.isoformat(),
                "phone": phone,
            }
        )
    return rows


def seed(db_path: Path, today: date, clinic_tz: str = "America/Chicago") -> SeedSummary:
    """Replace the sandbox clinic with the demo clinic as of `today`; the bot's own tables are untouched."""
    rng = random.Random(RANDOM_SEED)
    zone_names = {RIVERSIDE: clinic_tz, HARBOR: harbor_zone(clinic_tz)}
    zones = {location: ZoneInfo(name) for location, name in zone_names.items()}
    hours = {RIVERSIDE: RIVERSIDE_HOURS, HARBOR: HARBOR_HOURS}
    services = {service[0]: service for service in SERVICES}
    followup, consult, physio = services["svc-followup"], services["svc-consult"], services["svc-physio"]
    patients = _patients(rng)
    diary = _Diary(rng, zones)

    def at(location: str, day: date, hour: int, minute: int = 0) -> datetime:
        return local(day, time(hour, minute), zones[location])

    # The demo's own appointments first: patient, practitioner, location, service, day, hour, minute, series.
    series_day = _first_open_day(today + timedelta(days=2), HARBOR_HOURS)  # a weekday: Riverside is open too
    harbor_day = _first_open_day(today + timedelta(days=3), HARBOR_HOURS)
    carlos_day = _first_open_day(today + timedelta(days=8), HARBOR_HOURS)
    own = [
        (MARIA_1, "prac-patel", RIVERSIDE, consult, next_weekday(today, 1), 15, 0, None),
        (MARIA_2, "prac-nguyen", HARBOR, consult, harbor_day, 11, 0, None),
        (JOHN, "prac-okafor", RIVERSIDE, followup, today + timedelta(days=1), 10, 0, None),
        *(
            (ROBERT, "prac-okafor", RIVERSIDE, physio, series_day + timedelta(weeks=w), 16, 0, "series-1")
            for w in range(4)
        ),
        (CARLOS, "prac-nguyen", HARBOR, followup, carlos_day, 14, 30, None),
    ]
    for patient, practitioner, location, service, day, hour, minute, series in own:
        diary.add(
            patient=patient,
            practitioner=practitioner,
            location=location,
            service=service,
            start=at(location, day, hour, minute),
            series=series,
        )

    pool = [row["id"] for row in patients if row["id"] not in DEMO_PATIENTS]
    practitioners = [(pid, location) for pid, _name, location in PRACTITIONERS]

    # Cancelled ones (not blocking their time) and past ones (already seen).
    cancelled = 0
    for offset in (2, 5, 9):
        day = _first_open_day(today + timedelta(days=offset), HARBOR_HOURS)
        practitioner, location = rng.choice(practitioners)
        start = diary.random_free_start(practitioner, location, day, hours[location], 30)
        if start is not None:
            patient = EMMA if offset == 2 else rng.choice(pool)
            reason = rng.choice([CancelReason.SICK, CancelReason.WORK, CancelReason.AWAY]).value
            diary.add(
                patient=patient,
                practitioner=practitioner,
                location=location,
                service=consult,
                start=start,
                status="cancelled",
                reason=reason,
            )
            cancelled += 1
    past = 0
    for offset in range(1, 11):
        day = today - timedelta(days=offset)
        for practitioner, location in practitioners:
            if day.weekday() not in hours[location] or rng.random() < 0.6:
                continue
            service = rng.choice(SERVICES)
            start = diary.random_free_start(practitioner, location, day, hours[location], service[2])
            if start is not None:
                diary.add(
                    patient=rng.choice(pool), practitioner=practitioner, location=location, service=service, start=start
                )
                past += 1

    # The rest of the next three weeks; Maria's doctor keeps the demo's "fri morning" open.
    friday = next_weekday(today, 4)
    for offset in range(DAYS_AHEAD):
        day = today + timedelta(days=offset)
        for practitioner, location in practitioners:
            if day.weekday() not in hours[location]:
                continue
            earliest = time(12) if (practitioner, day) == ("prac-patel", friday) else time(0)
            for _ in range(rng.randint(2, 5)):
                service = rng.choice(SERVICES)
                start = diary.random_free_start(practitioner, location, day, hours[location], service[2], earliest)
                if start is not None:
                    diary.add(
                        patient=rng.choice(pool),
                        practitioner=practitioner,
                        location=location,
                        service=service,
                        start=start,
                    )

    sandbox = SandboxDb(db_path)
    with sandbox.transaction() as db:
        for table in reversed(TABLES):
            db.execute(f"DELETE FROM {table}")
        db.table("sandbox_locations").insert_all(
            [
                {"id": RIVERSIDE, "name": "Riverside Clinic", "timezone": zone_names[RIVERSIDE]},
                {"id": HARBOR, "name": "Harbor Clinic", "timezone": zone_names[HARBOR]},
            ]
        )
        db.table("sandbox_hours").insert_all(
            {
                "location_id": location,
                "weekday": weekday,
                "opens": h.opens.strftime("%H:%M"),
                "closes": h.closes.strftime("%H:%M"),
            }
            for location, table in hours.items()
            for weekday, h in table.items()
        )
        db.table("sandbox_practitioners").insert_all(
            {"id": pid, "name": name, "location_id": location} for pid, name, location in PRACTITIONERS
        )
        db.table("sandbox_services").insert_all(
            {"id": sid, "name": name, "duration_minutes": minutes} for sid, name, minutes in SERVICES
        )
        insert_patients(db, patients)
        db.table("sandbox_appointments").insert_all(diary.rows)
    sandbox.close()

    start_of_today = datetime.combine(today, time(0), tzinfo=zones[RIVERSIDE]).astimezone(UTC)
    return SeedSummary(
        today=today,
        locations=[f"Riverside Clinic ({zone_names[RIVERSIDE]})", f"Harbor Clinic ({zone_names[HARBOR]})"],
        practitioners=len(PRACTITIONERS),
        services=len(SERVICES),
        patients=len(patients),
        booked=sum(row["status"] == "booked" and row["start_utc"] >= to_utc_text(start_of_today) for row in diary.rows),
        cancelled=cancelled,
        past=past,
        series=4,
    )
