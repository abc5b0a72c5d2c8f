"""Even at LOG_LEVEL=DEBUG the bot's logs hold no patient name, birth date, phone, or request text."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.e2e.harness import (
    FRONT_DESK,
    NURSE,
    Clinic,
    Diary,
    ServedBot,
    distinct_appointments,
    start_of,
    target_day_after,
    when_text,
)


@pytest.fixture(scope="module")
def bot_settings() -> dict[str, str]:
    return {"LOG_LEVEL": "DEBUG"}


def birth_date_spellings(iso: str) -> list[str]:
    born = date.fromisoformat(iso)
    return [
        iso,
        f"{born.month}/{born.day}/{born.year}",
        f"{born:%m/%d/%Y}",
        f"{born:%b} {born.day}, {born.year}",
        f"{born:%Y%m%d}",
    ]


def leaks(log: str, secrets: list[str]) -> list[str]:
    lowered = log.lower()
    return [secret for secret in secrets if secret.lower() in lowered]


def test_a_whole_reschedule_and_a_whole_cancel_at_debug_level_log_no_patient_data(
    bot: ServedBot, clinic: Clinic, diary: Diary
) -> None:
    moved, cancelled = distinct_appointments(diary)[:2]
    born = date.fromisoformat(moved["date_of_birth"])
    target = target_day_after(start_of(moved))
    reschedule_text = (
        f"{moved['patient']} DOB {born.month}/{born.day}/{born.year} "
        f"from {when_text(start_of(moved))} to {target:%m/%d} morning"
    )
    cancel_text = f"cancel {cancelled['phone']} {when_text(start_of(cancelled))}, feeling better"

    front_desk = bot.as_staff(FRONT_DESK)
    offered = front_desk.command("/reschedule", reschedule_text)
    confirm = front_desk.click(offered, offered.labels[0])
    assert "Moved from" in front_desk.click(confirm, "Confirm").shown
    nurse = bot.as_staff(NURSE)
    asked = nurse.dm(cancel_text)
    assert "Cancelled" in nurse.click_in_dm(asked, "Confirm").shown
    assert bot.stop() == 0  # everything the process wrote is now in the file

    log = bot.log()
    assert "finished applying" in log, "the bot's own lines about both changes were captured"
    secrets = [reschedule_text, cancel_text, "feeling better"]
    for row in (moved, cancelled):
        secrets += [row["patient"], *row["patient"].split()]
        secrets += birth_date_spellings(row["date_of_birth"])
        digits = re.sub(r"\D", "", row["phone"])
        secrets += [row["phone"], digits, digits[-10:]]
    names = [secret for secret in secrets if re.fullmatch(r"[A-Za-z]+", secret)]
    found = leaks(log, [secret for secret in secrets if secret not in names])
    found += [name for name in names if re.search(rf"\b{re.escape(name)}\b", log, re.IGNORECASE)]
    assert found == [], f"patient data in the logs: {found}"
