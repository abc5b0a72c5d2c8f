"""An app-level token Slack refuses stops `serve` with one sentence naming SLACK_APP_TOKEN and exit code 2."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.local.slack import SlackStandIn
from tests.e2e.harness import Clinic, run_clinic_bot
from tests.e2e.socket_harness import SocketModeBot
from tests.fakes.socket_mode_server import SocketModeServer


@pytest.mark.slack_refuses("invalid_auth")
def test_a_refused_app_token_gives_one_sentence_naming_slack_app_token_and_exit_code_2(
    slack: SlackStandIn, socket_server: SocketModeServer, tmp_path: Path
) -> None:
    served = SocketModeBot(slack, Clinic(tmp_path).seed(), socket=socket_server)
    slack.refused_tokens.add(served.app_token)
    failures_before = len(slack.failures())

    stopped = run_clinic_bot(served.environment(), "serve", cwd=tmp_path, timeout=60)

    assert stopped.returncode == 2, stopped.stderr
    lines = [line for line in stopped.stderr.splitlines() if line.strip()]
    assert "Traceback" not in stopped.stderr, stopped.stderr
    [sentence] = [line for line in lines if "SLACK_APP_TOKEN" in line]
    assert "invalid_auth" in sentence and "connections:write" in sentence, sentence
    assert served.app_token not in stopped.stderr, "the token itself is never printed"
    assert [failure.rule for failure in slack.failures(failures_before)] == ["invalid_auth"]
    slack.refused_tokens.discard(served.app_token)


def test_socket_mode_starts_without_a_signing_secret(socket_bot: SocketModeBot, slack: SlackStandIn) -> None:
    assert "SLACK_SIGNING_SECRET" not in socket_bot.environment()
    assert slack.wait_for(lambda: "connected to Slack in Socket Mode" in socket_bot.log(), timeout=10), socket_bot.log()
    assert socket_bot.process is not None and socket_bot.process.poll() is None
