"""One seeded clinic, one Slack stand-in and one served bot per test module (start-up costs ~1 s).

Scenarios within a module stay independent: each acts for its own staff member
on its own patient. A module that needs other settings overrides
`bot_settings`; a scenario that stops or kills the bot starts its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.local.slack_standin import SlackStandIn
from tests.e2e.harness import CLINIC_TZ, OUTSIDER, STAFF_IDS, Clinic, Diary, ServedBot


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackStandIn]:
    """Slack, with everyone in the clinic's own zone: cards then read in clinic times."""
    with SlackStandIn(users={user: CLINIC_TZ for user in (*STAFF_IDS, OUTSIDER)}) as stand_in:
        yield stand_in


@pytest.fixture(scope="module")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Clinic:
    """The demo clinic, seeded as of the real today (the bot reads 'tmrw' on the real clock)."""
    return Clinic(Path(tmp_path_factory.mktemp("clinic"))).seed()


@pytest.fixture(scope="module")
def diary(clinic: Clinic) -> Diary:
    """The diary as seeded, before any scenario ran: each scenario picks its own patient from it by index."""
    return clinic.appointments()


@pytest.fixture(scope="module")
def bot_settings() -> dict[str, str]:
    return {}


@pytest.fixture(scope="module")
def bot(slack: SlackStandIn, clinic: Clinic, bot_settings: dict[str, str]) -> Iterator[ServedBot]:
    served = ServedBot(slack, clinic, bot_settings).start()
    yield served
    served.stop()
