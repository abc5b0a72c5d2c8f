"""What an IT admin sees: SIGTERM stops the bot cleanly; a missing or malformed setting names the variable."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import ServedBot, base_environment, clinic_bot, free_port, own_served_bot

PROMPTLY = 5.0


@pytest.fixture
def own_bot(slack: SlackStandIn, tmp_path: Path) -> Iterator[ServedBot]:
    """This scenario stops its bot, so it gets its own."""
    yield from own_served_bot(slack, tmp_path)


def test_serving_the_demo_clinic_says_so_in_the_log(own_bot: ServedBot) -> None:
    assert "BOOKING_BACKEND is sandbox: serving the embedded demo clinic, not a real booking system" in own_bot.log()


def test_sigterm_stops_the_server_promptly_with_status_zero(own_bot: ServedBot) -> None:
    started = time.monotonic()
    assert own_bot.stop(timeout=PROMPTLY) == 0
    assert time.monotonic() - started < PROMPTLY


def start_up_error(tmp_path: Path, **settings: str) -> subprocess.CompletedProcess[str]:
    env = base_environment(
        tmp_path / "bot.sqlite3",
        SLACK_BOT_TOKEN="xoxb-e2e-test",
        SLACK_SIGNING_SECRET="a-secret",
        SLACK_API_URL="http://127.0.0.1:9/api/",
        HOST="127.0.0.1",
        PORT=str(free_port()),
    )
    env.update(settings)
    env = {name: value for name, value in env.items() if value != ""}
    return subprocess.run(
        [*clinic_bot(), "serve"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=30, check=False
    )


def test_a_missing_signing_secret_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    stopped = start_up_error(tmp_path, SLACK_SIGNING_SECRET="")
    assert stopped.returncode != 0
    assert "SLACK_SIGNING_SECRET" in stopped.stderr
    assert "Traceback" not in stopped.stderr


def test_a_malformed_port_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    stopped = start_up_error(tmp_path, PORT="eighty")
    assert stopped.returncode != 0
    assert "PORT" in stopped.stderr
    assert "Traceback" not in stopped.stderr
