"""`clinic-bot sandbox seed | appointments | book`: the admin's demo tools, run as the admin runs them."""

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.backends.sandbox import SandboxBackend
from bot.cli.main import main
from bot.domain import PatientQuery
from tests.backends.sandbox.support import NOW


@pytest.fixture(autouse=True)
def demo_db(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CLINIC_BOT_DB", str(db_path))
    monkeypatch.setenv("CLINIC_TZ", "America/Chicago")
    return db_path


def listing(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    assert main(["sandbox", "appointments", "--json"]) == 0
    rows: list[dict[str, object]] = json.loads(capsys.readouterr().out)
    return rows


def test_seed_prints_what_it_made_and_commands_to_try(capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    assert main(["sandbox", "seed", "--today", "2026-03-04"]) == 0
    out = capsys.readouterr().out
    assert str(db_path) in out and "Wed 2026-03-04" in out
    assert "Riverside Clinic (America/Chicago)" in out and "Harbor Clinic (America/Los_Angeles)" in out
    assert "40 patients" in out
    assert "/reschedule maria lopez from tue 3pm to fri morning" in out and "/cancel john smith tmrw" in out


def test_seed_without_a_day_seeds_today(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["sandbox", "seed"]) == 0
    assert "Seeded the demo clinic" in capsys.readouterr().out
    assert listing(capsys)


def test_appointments_lists_every_field_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sandbox", "seed", "--today", "2026-03-04"])
    capsys.readouterr()
    rows = listing(capsys)
    maria = next(row for row in rows if row["patient"] == "Maria Lopez" and row["start"] == "2026-03-10T15:00:00-05:00")
    assert {
        "id",
        "patient",
        "date_of_birth",
        "phone",
        "location",
        "service",
        "practitioner",
        "start",
        "end",
        "status",
    } <= set(maria)
    assert (
        maria["location"] == "Riverside Clinic"
        and maria["status"] == "booked"
        and maria["date_of_birth"] == "1984-03-12"
    )
    cancelled = [row for row in rows if row["status"] == "cancelled"]
    assert cancelled and all(row["cancel_reason"] for row in cancelled)


def test_appointments_prints_a_table_with_local_times(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sandbox", "seed", "--today", "2026-03-04"])
    capsys.readouterr()
    assert main(["sandbox", "appointments"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["id", "ref", "patient"]
    assert any("Maria Lopez" in line and "Tue 2026-03-10 15:00 CDT" in line for line in lines)
    assert any("Harbor Clinic" in line and "PST" in line for line in lines)


def test_appointments_on_a_new_database_seeds_it_as_of_today_and_says_so(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    assert not db_path.exists()
    assert main(["sandbox", "appointments", "--json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    today = datetime.now(ZoneInfo("America/Chicago")).date()
    assert f"seeded it as of {today:%a %Y-%m-%d}" in captured.err and str(db_path) in captured.err
    johns = [row for row in rows if row["patient"] == "John Smith"]
    assert [date.fromisoformat(row["start"][:10]) for row in johns] == [today + timedelta(days=1)]
    assert main(["sandbox", "appointments", "--json"]) == 0
    again = capsys.readouterr()
    assert json.loads(again.out) == rows and again.err == ""


def test_book_on_a_new_database_seeds_it_first(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["sandbox", "book", "--patient", "Zoe Quinn", "--dob", "1990-01-02", "--phone", "3125550199"]
    day = datetime.now(ZoneInfo("America/Chicago")).date() + timedelta(days=30)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    assert main([*args, "--start", f"{day.isoformat()}T17:30"]) == 0
    captured = capsys.readouterr()
    assert "seeded it as of" in captured.err and json.loads(captured.out)["patient"] == "Zoe Quinn"
    assert len(listing(capsys)) > 100


@pytest.mark.parametrize(
    ("command", "says", "settings"),
    [
        ([], "demo clinic", ["CLINIC_BOT_DB", "CLINIC_TZ", "HOLD_MINUTES"]),
        (["seed"], "Replace the demo clinic", ["CLINIC_BOT_DB", "CLINIC_TZ"]),
        (["appointments"], "List every appointment", ["CLINIC_BOT_DB", "CLINIC_TZ"]),
        (["book"], "Book an appointment", ["CLINIC_BOT_DB", "CLINIC_TZ"]),
    ],
    ids=["sandbox", "seed", "appointments", "book"],
)
def test_every_subcommand_says_what_it_does_and_which_settings_it_reads(
    capsys: pytest.CaptureFixture[str], command: list[str], says: str, settings: list[str]
) -> None:
    with pytest.raises(SystemExit) as leaving:
        main(["sandbox", *command, "--help"])
    assert leaving.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert says in out and "settings read" in out
    for setting in settings:
        assert setting in out, setting


def test_book_creates_a_new_patient_and_the_bot_can_find_them(
    capsys: pytest.CaptureFixture[str], db_path: Path
) -> None:
    main(["sandbox", "seed", "--today", "2026-03-04"])
    capsys.readouterr()
    code = main(
        ["sandbox", "book", "--patient", "Zoe Quinn", "--dob", "1990-01-02", "--phone", "312-555-0199",
         "--start", "2026-03-20T16:45", "--service", "follow-up", "--location", "harbor"]
    )  # fmt: skip
    assert code == 0
    booked = json.loads(capsys.readouterr().out)
    assert booked["patient"] == "Zoe Quinn" and booked["location"] == "Harbor Clinic"
    # wall time at Harbor (Los Angeles): 16:45 there is after Riverside's closing in Chicago
    assert booked["start"] == "2026-03-20T16:45:00-07:00" and booked["end"] == "2026-03-20T17:00:00-07:00"
    assert booked["service"] == "Follow-up visit" and booked["status"] == "booked"
    assert any(row["id"] == booked["id"] for row in listing(capsys))
    found = SandboxBackend(db_path).find_appointments(PatientQuery(phone="3125550199"), around=None, now=NOW)
    assert [item.id for item in found] == [booked["id"]]


def test_book_for_a_known_patient_reuses_them(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sandbox", "seed", "--today", "2026-03-04"])
    capsys.readouterr()
    args = ["sandbox", "book", "--patient", "john smith", "--dob", "1975-11-02", "--phone", "x", "--start"]
    assert main([*args, "2026-03-21T09:00"]) == 0
    booked = json.loads(capsys.readouterr().out)
    assert booked["patient"] == "John Smith" and booked["phone"] != "x"


def test_book_at_a_taken_time_fails_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sandbox", "seed", "--today", "2026-03-04"])
    capsys.readouterr()
    args = ["sandbox", "book", "--patient", "Zoe Quinn", "--dob", "1990-01-02", "--phone", "3125550199"]
    for _ in range(3):  # Harbor has one practitioner: the second booking at the same time is refused
        code = main([*args, "--start", "2026-03-20T10:00", "--location", "Harbor Clinic"])
        if code:
            break
    captured = capsys.readouterr()
    assert code == 1 and "already booked" in captured.err


def test_book_outside_opening_hours_fails_with_a_clear_message(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sandbox", "seed", "--today", "2026-03-04"])
    capsys.readouterr()
    args = ["sandbox", "book", "--patient", "Zoe Quinn", "--dob", "1990-01-02", "--phone", "3125550199"]
    assert main([*args, "--start", "2026-03-08T10:00"]) == 1  # a Sunday
    err = capsys.readouterr().err
    assert "Riverside Clinic is not open" in err


def test_book_with_an_unknown_location_names_the_ones_there_are(capsys: pytest.CaptureFixture[str]) -> None:
    main(["sandbox", "seed", "--today", "2026-03-04"])
    capsys.readouterr()
    args = ["sandbox", "book", "--patient", "Zoe Quinn", "--dob", "1990-01-02", "--phone", "3125550199"]
    assert main([*args, "--start", "2026-03-09T10:00", "--location", "Mars"]) == 1
    err = capsys.readouterr().err
    assert "Harbor Clinic" in err and "Riverside Clinic" in err
