"""Settings from the environment (and an optional `.env`), validated at start-up.

A missing or malformed setting stops start-up with `ConfigError`, whose message
names the environment variable, so an IT admin knows exactly what to fix.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

logger = logging.getLogger(__name__)

BackendName = Literal["sandbox", "solv", "cliniko", "qmatic"]


class ConfigError(Exception):
    """A setting is missing or malformed; the message names the variable."""


def split_ids(value: object) -> object:
    """`U1, U2` -> ["U1", "U2"]; empty -> []."""
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return value


def check_timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise ValueError(f"unknown time zone {value!r} (use an IANA name such as America/Chicago)") from error
    return value


class Settings(BaseSettings):
    """Core settings. Each vendor adapter has its own settings class with its own prefix."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    booking_backend: BackendName = "sandbox"
    clinic_bot_db: Path = Path("clinic-bot.sqlite3")
    clinic_timezone: str = Field("America/Chicago", validation_alias="CLINIC_TZ")
    date_order: Literal["MDY", "DMY"] = "MDY"

    slack_bot_token: SecretStr | None = None
    slack_signing_secret: SecretStr | None = None
    slack_app_token: SecretStr | None = None
    slack_api_url: str | None = None
    port: int = Field(3000, ge=1, le=65535)
    host: str = "0.0.0.0"
    server_threads: int = Field(16, ge=1, le=256)
    work_threads: int = Field(8, ge=1, le=256, description="threads doing the work after each acknowledgement")

    allowed_user_ids: Annotated[list[str], NoDecode] = []
    allowed_channel_ids: Annotated[list[str], NoDecode] = []

    conversation_ttl: int = Field(15, ge=1, description="minutes a conversation may sit idle")
    hold_minutes: int = Field(15, ge=1, description="sandbox: minutes a held slot is kept")
    slots_per_page: int = Field(5, ge=1, le=20)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    _split_ids = field_validator("allowed_user_ids", "allowed_channel_ids", mode="before")(split_ids)
    _check_tz = field_validator("clinic_timezone")(check_timezone)

    @field_validator("slack_bot_token")
    @classmethod
    def _bot_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xoxb-"):
            raise ValueError("must be a bot token starting with xoxb-")
        return value

    @field_validator("slack_app_token")
    @classmethod
    def _app_token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not value.get_secret_value().startswith("xapp-"):
            raise ValueError("must be an app-level token starting with xapp-")
        return value

    def require_slack(self) -> None:
        """`serve` needs real Slack credentials; the console does not.

        HTTP mode verifies each request with the signing secret; Socket Mode needs none
        (the socket is opened with the app-level token), so it asks only for the bot token.
        """
        needed = [("SLACK_BOT_TOKEN", self.slack_bot_token)]
        if self.slack_app_token is None:
            needed.append(("SLACK_SIGNING_SECRET", self.slack_signing_secret))
        missing = [name for name, value in needed if value is None or not value.get_secret_value()]
        if missing:
            raise ConfigError(f"{' and '.join(missing)} must be set to connect to Slack (see README).")

    def warn_if_open(self) -> None:
        if not self.allowed_user_ids and not self.allowed_channel_ids:
            logger.warning(
                "ALLOWED_USER_IDS and ALLOWED_CHANNEL_IDS are empty: everyone in the workspace may "
                "reschedule and cancel appointments"
            )


SettingsT = TypeVar("SettingsT", bound=BaseSettings)


def load(settings_class: type[SettingsT], **overrides: Any) -> SettingsT:
    """Build a settings object, turning validation errors into one ConfigError naming the variables."""
    try:
        return settings_class(**overrides)
    except ValidationError as error:
        raise ConfigError(describe_validation_error(settings_class, error)) from error


def describe_validation_error(settings_class: type[BaseSettings], error: ValidationError) -> str:
    prefix = str(settings_class.model_config.get("env_prefix", "") or "")
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "?"
        info = settings_class.model_fields.get(field)
        alias = info.validation_alias if info is not None and isinstance(info.validation_alias, str) else None
        variable = alias or (prefix + field).upper()
        reason = "is missing" if item["type"] == "missing" else f"is invalid: {item['msg']}"
        problems.append(f"{variable} {reason}")
    return "; ".join(problems)
