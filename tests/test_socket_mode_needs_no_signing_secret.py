"""Socket Mode (SLACK_APP_TOKEN set) asks for the bot token only: its requests come over an authenticated socket,
so an admin is not made to find a signing secret the bot would never use."""

import pytest

from bot.config import ConfigError, Settings, load


@pytest.fixture(autouse=True)
def no_slack_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)


def test_socket_mode_starts_with_the_bot_and_app_tokens_alone() -> None:
    load(Settings, slack_bot_token="xoxb-1", slack_app_token="xapp-1-A1-1-x").require_slack()


def test_socket_mode_without_a_bot_token_names_only_the_bot_token() -> None:
    with pytest.raises(ConfigError) as raised:
        load(Settings, slack_app_token="xapp-1-A1-1-x").require_slack()
    assert "SLACK_BOT_TOKEN" in str(raised.value) and "SLACK_SIGNING_SECRET" not in str(raised.value)


def test_http_mode_still_needs_the_signing_secret() -> None:
    with pytest.raises(ConfigError, match="SLACK_SIGNING_SECRET"):
        load(Settings, slack_bot_token="xoxb-1").require_slack()


def test_an_app_token_of_the_wrong_kind_names_slack_app_token() -> None:
    with pytest.raises(ConfigError, match="SLACK_APP_TOKEN"):
        load(Settings, slack_app_token="xoxb-not-an-app-token")
