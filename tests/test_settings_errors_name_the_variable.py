"""An IT admin with a typo in the environment is told which variable is wrong."""

import pytest

from bot.config import ConfigError, Settings, load


def test_malformed_port_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PORT", "eighty")
    with pytest.raises(ConfigError, match="PORT is invalid"):
        load(Settings)


def test_unknown_timezone_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLINIC_TZ", "Mars/Olympus")
    with pytest.raises(ConfigError, match="CLINIC_TZ is invalid"):
        load(Settings)


def test_allowlists_are_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_USER_IDS", "U1, U2,,U3")
    assert load(Settings).allowed_user_ids == ["U1", "U2", "U3"]


def test_serve_without_slack_tokens_names_both(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN", raising=False)
    monkeypatch.delenv("SLACK_SIGNING_SECRET", raising=False)
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"):
        load(Settings).require_slack()


def test_a_user_token_is_refused_as_bot_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxp-123")
    with pytest.raises(ConfigError, match="SLACK_BOT_TOKEN is invalid"):
        load(Settings)
