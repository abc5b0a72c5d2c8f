"""Each booking system end to end: the real `clinic-bot serve` against that vendor's stand-in."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.slack_local import SlackStandIn
from tests.e2e_backends.served_bot import USER


@pytest.fixture
def slack() -> Iterator[SlackStandIn]:
    """Slack, with the front-desk user in the clinic's own zone (labels then read as clinic times)."""
    with SlackStandIn(users={USER: "America/Chicago"}) as stand_in:
        yield stand_in
