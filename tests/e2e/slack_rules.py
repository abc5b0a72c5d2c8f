"""After each end-to-end scenario: no Slack rule was broken on the way.

The bot often ignores what Slack answers (a refused response_url post is
silent), so a scenario can look fine while in a real workspace the person saw
nothing, or an old card stayed on screen. The stand-in records every refusal;
this hook fails the scenario's own call phase with the list (so an
`xfail(strict=True)` naming the rule covers it), for every stand-in the
scenario used, directly or through its served bot. A scenario that provokes a
refusal on purpose names its rules: `@pytest.mark.slack_refuses("invalid_auth")`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import ServedBot, broken_rules

SETTLE_SECONDS = 0.1
"""The bot answers after its ack: give its last background work a moment to reach the stand-in."""


def _stand_ins(item: pytest.Item) -> list[SlackStandIn]:
    found: list[SlackStandIn] = []
    for value in getattr(item, "funcargs", {}).values():
        slack = value.slack if isinstance(value, ServedBot) else value
        if isinstance(slack, SlackStandIn) and slack not in found:
            found.append(slack)
    return found


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    stand_ins = _stand_ins(item)
    marks = {id(slack): len(slack.failures()) for slack in stand_ins}
    outcome = yield
    if outcome.excinfo is not None:
        return
    expected = {rule for mark in item.iter_markers("slack_refuses") for rule in mark.args}
    stand_ins += [slack for slack in _stand_ins(item) if slack not in stand_ins]
    for slack in stand_ins:
        slack.wait_for(lambda: False, timeout=SETTLE_SECONDS)
        broken = broken_rules(slack, marks.get(id(slack), 0), ignore=expected)
        if broken:
            outcome.force_exception(AssertionError("the bot broke Slack's rules:\n" + broken))
            return
