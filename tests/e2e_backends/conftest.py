"""Each booking system end to end: the real `clinic-bot serve` against that vendor's stand-in.

Built on the spine's end-to-end harness (tests/e2e/harness.py); only the booking
system's settings differ, which is the point: switching BOOKING_BACKEND changes nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import FRONT_DESK, clinic_slack
from tests.e2e.slack_rules import pytest_runtest_call  # noqa: F401  (no Slack rule broken in any scenario)
from tests.e2e_backends.support import in_days
from tests.fakes.cliniko_server import ClinikoStandIn
from tests.fakes.qmatic_server import QmaticServer
from tests.fakes.stub_server import running


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """Slack, with the front-desk user in the clinic's own zone (labels then read as clinic times)."""
    with clinic_slack(users=(FRONT_DESK,)) as stand_in:
        yield stand_in


@pytest.fixture
def cliniko() -> Iterator[ClinikoStandIn]:
    """The Cliniko demo clinic, seeded as of today."""
    yield from running(ClinikoStandIn.with_demo_data(in_days(0)))


@pytest.fixture
def qmatic() -> Iterator[QmaticServer]:
    """The Qmatic demo tenant, seeded as of today."""
    yield from running(QmaticServer.with_demo_data(in_days(0)))
