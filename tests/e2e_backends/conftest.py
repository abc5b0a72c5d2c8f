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


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """Slack, with the front-desk user in the clinic's own zone (labels then read as clinic times)."""
    with clinic_slack(users=(FRONT_DESK,)) as stand_in:
        yield stand_in
