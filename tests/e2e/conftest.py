"""One seeded clinic, one Slack stand-in and one served bot per test module (start-up costs ~1 s).

Scenarios within a module stay independent: each acts for its own staff member
on its own patient. A module that needs other settings overrides
`bot_settings`; a scenario that stops or kills the bot starts its own.

Every scenario also fails when the bot broke one of Slack's rules on the way
(the stand-in records each refusal, even one the bot ignored): see
tests/e2e/slack_rules.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Clinic, Diary, ServedBot, clinic_slack
from tests.e2e.slack_rules import pytest_runtest_call  # noqa: F401  (the check after each scenario)
from tests.e2e.socket_harness import SocketModeBot
from tests.fakes.socket_mode_server import SocketModeServer


@pytest.fixture(scope="module")
def slack() -> Iterator[SlackStandIn]:
    """Slack, with everyone in the clinic's own zone (cards then read in clinic times) and its channels."""
    with clinic_slack() as stand_in:
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


@pytest.fixture(scope="module")
def socket_server(slack: SlackStandIn) -> Iterator[SocketModeServer]:
    """Slack's Socket Mode on loopback; the stand-in's apps.connections.open hands out its URLs."""
    with SocketModeServer(slack) as server:
        yield server


@pytest.fixture(scope="module")
def socket_bot(
    slack: SlackStandIn, socket_server: SocketModeServer, clinic: Clinic, bot_settings: dict[str, str]
) -> Iterator[SocketModeBot]:
    """`clinic-bot serve` in Socket Mode (SLACK_APP_TOKEN set, no signing secret), connected to `socket_server`."""
    served = SocketModeBot(slack, clinic, bot_settings, socket=socket_server).start()
    yield served
    served.stop()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every scenario here runs the real bot process: mark it `e2e` (so `-m "not e2e"` gives a quick run)."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)
