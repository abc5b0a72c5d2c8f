"""A name nobody has: the patients staff most likely meant, each with their next booking, best first."""

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from bot.backends.near_names import rank
from bot.backends.sandbox import SandboxAdmin, SandboxBackend, seed
from bot.domain import Appointment, Cancellation, PatientQuery
from tests.backends.sandbox.support import CHICAGO, NOW, TODAY, find


def near(
    backend: SandboxBackend, name: str, *, limit: int = 3, now: datetime = NOW, **keys: object
) -> list[Appointment]:
    return backend.near_matches(PatientQuery(name=name, **keys), now=now, limit=limit)


def next_booking(backend: SandboxBackend, exact_name: str, now: datetime = NOW) -> dict[str, str]:
    """Each patient of that exact name -> the id of their first upcoming booking."""
    first: dict[str, str] = {}
    for item in find(backend, name=exact_name, now=now):
        first.setdefault(item.patient.id, item.id)
    return first


def test_a_spelling_slip_offers_both_patients_of_the_name_each_with_their_next_booking(
    backend: SandboxBackend,
) -> None:
    assert find(backend, name="mraia lopez") == []
    offered = near(backend, "mraia lopez")
    assert {item.patient.id: item.id for item in offered} == next_booking(backend, "maria lopez")
    assert len(offered) == 2 and all(item.patient.name == "Maria Lopez" for item in offered)
    assert all(item.status == "booked" and item.end > NOW for item in offered)


@pytest.mark.parametrize("typed", ["jonh smith", "smith jonh", "JOHN SMTIH"])
def test_swapped_letters_and_either_order_still_find_the_patient(backend: SandboxBackend, typed: str) -> None:
    assert [item.patient.name for item in near(backend, typed)] == ["John Smith"]


@pytest.mark.parametrize(("typed", "meant"), [("bob chen", "Robert Chen"), ("mike brown", "Michael Brown")])
def test_a_short_form_of_a_given_name_finds_the_full_one(backend: SandboxBackend, typed: str, meant: str) -> None:
    assert find(backend, name=typed) == []
    [offered] = near(backend, typed)
    assert offered.patient.name == meant
    assert offered.id == next(iter(next_booking(backend, meant).values()))


@pytest.mark.parametrize("offset", range(7), ids=lambda n: (TODAY + timedelta(days=n)).strftime("%A"))
def test_chris_harris_finds_christopher_harris_whatever_the_day(db_path: Path, offset: int) -> None:
    today = TODAY + timedelta(days=offset)
    seed(db_path, today)
    backend = SandboxBackend(db_path)
    now = datetime(today.year, today.month, today.day, 10, tzinfo=CHICAGO)
    assert find(backend, name="chris harris", now=now) == []
    [offered] = near(backend, "chris harris", now=now)
    assert offered.patient.name == "Christopher Harris"
    assert offered.id == next(iter(next_booking(backend, "christopher harris", now).values()))


def test_the_closest_name_comes_first_and_the_limit_is_kept(backend: SandboxBackend) -> None:
    names = [item.patient.name for item in near(backend, "mraia lopez")]
    assert names[:2] == ["Maria Lopez", "Maria Lopez"], "both Marias, a slip away, before anyone further"
    assert [item.patient.name for item in near(backend, "carla lopez")] == ["Carlos Lopez"], "Maria is two letters off"
    assert len(near(backend, "mraia lopez", limit=1)) == 1
    assert near(backend, "carla lopez", limit=0) == []


def test_the_other_facts_staff_gave_must_match_too(backend: SandboxBackend) -> None:
    [maria] = near(backend, "mraia lopez", date_of_birth=date(1991, 7, 28))
    assert maria.patient.date_of_birth == date(1991, 7, 28)
    assert near(backend, "mraia lopez", phone="3125559999") == []
    assert maria.reference
    assert [item.id for item in near(backend, "mraia lopez", booking_ref=f"#{maria.reference}")] == [maria.id]


def test_a_near_patient_with_nothing_booked_ahead_is_passed_over(backend: SandboxBackend) -> None:
    for item in find(backend, name="john smith"):
        backend.cancel(item, Cancellation(), idempotency_key=f"c-{item.id}")
    assert near(backend, "jonh smith") == []


def test_a_name_like_nobody_and_no_name_at_all_offer_nothing(backend: SandboxBackend) -> None:
    assert near(backend, "zebulon quartermaine") == []
    assert backend.near_matches(PatientQuery(date_of_birth=date(1984, 3, 12)), now=NOW, limit=3) == []


def test_the_candidates_gathered_first_leave_out_nobody_ranking_everyone_would_offer(
    backend: SandboxBackend,
) -> None:
    admin = SandboxAdmin(backend)
    for number, name in enumerate(("Mary-Jane Watson", "Øyvind Berg", "Zoë D'Angelo", "Chris Harris-Lee")):
        admin.book(
            patient=name, date_of_birth=date(1980, 1, 1 + number), phone=f"773555{number:04d}",
            start=datetime(2026, 3, 23 + number, 9, 0),
        )  # fmt: skip
    diary = sorted((e.appointment for e in backend.diary()), key=lambda item: item.start)
    patients = sorted({item.patient.id: item.patient.name for item in diary}.items())
    for typed in (
        "mraia lopez", "carla lopez", "chris harris", "maryjane watson", "mary jane watsn", "oyvind berg",
        "yvind berg", "zoe dangelo", "zoë d'angelo", "smth", "bob chen", "jonh smith", "kim lee", "harris",
        "lopez maira", "wtson", "xyzzy",
    ):  # fmt: skip
        expected = []
        for patient_id in rank(typed, patients, limit=len(patients)):
            upcoming = [item for item in diary if item.patient.id == patient_id and item.status == "booked"]
            upcoming = [item for item in upcoming if item.end > NOW]
            if upcoming:
                expected.append(upcoming[0].id)
        assert [item.id for item in near(backend, typed)] == expected[:3], typed
