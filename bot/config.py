"""Settings from the environment (and an optional `.env`), validated at start-up.

A missing or malformed setting stops start-up with `ConfigError`, whose message
names the environment variable, so an IT admin knows exactly what to fix.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BeforeValidator, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

logger = logging.getLogger(__name__)

BackendName = Literal["sandbox", "solv", "cliniko", "qmatic"]
SANDBOX_FILE = "sandbox.sqlite3"
"""The demo clinic's file in STATE_DIRECTORY when CLINIC_BOT_DB is PostgreSQL and SANDBOX_DB is unset."""


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


_DURATION = re.compile(r"\s*(\d+)\s*([smhdwy])\s*", re.IGNORECASE)
_UNITS = {
    "s": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}


def parse_duration(value: object) -> object:
    """`12h`, `7d`, `6y` (also `30s`, `30m`, `2w`) -> timedelta; a year is 365.25 days, so 6y spans its leap days."""
    if not isinstance(value, str):
        return value
    match = _DURATION.fullmatch(value)
    if match is None:
        raise ValueError(f"{value!r} is not a duration: use a number and a unit, e.g. 12h, 7d, 6y (s, m, h, d, w, y)")
    count, unit = int(match.group(1)), match.group(2).lower()
    return timedelta(days=round(365.25 * count)) if unit == "y" else count * _UNITS[unit]


Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


class Settings(BaseSettings):
    """Core settings. Each vendor adapter has its own settings class with its own prefix."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", frozen=True)

    booking_backend: BackendName = "sandbox"
    clinic_bot_db: Path = Path("clinic-bot.sqlite3")
    store_location: str = Field(
        "clinic-bot.sqlite3",
        description="CLINIC_BOT_DB as given: a SQLite file path or a postgresql:// URL (a Path would mangle it)",
    )
    sandbox_db: str | None = Field(
        None,
        description="the demo clinic's SQLite file (BOOKING_BACKEND=sandbox); unset: beside a SQLite CLINIC_BOT_DB "
        "(the same file), or sandbox.sqlite3 in STATE_DIRECTORY when CLINIC_BOT_DB is PostgreSQL",
    )
    state_directory: str | None = Field(
        None, validation_alias="STATE_DIRECTORY", description="set by systemd's StateDirectory= (first entry used)"
    )
    conversation_retention: Duration = Field(
        timedelta(days=1), description="how long a finished conversation (it holds patient data) is kept"
    )
    audit_retention: Duration = Field(
        timedelta(days=round(365.25 * 6)), description="how long audit entries (ids only) are kept"
    )
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
    work_process: bool = Field(
        True,
        description="serve: do the work after each acknowledgement in a process of its own, so acks and cards "
        "do not share one interpreter lock (false: one process, for a machine with one core; see README)",
    )
    stop_timeout: float = Field(20.0, ge=0, le=600, description="seconds SIGTERM waits for the work in hand")

    allowed_user_ids: Annotated[list[str], NoDecode] = []
    allowed_channel_ids: Annotated[list[str], NoDecode] = []

    sweep_seconds: float = Field(
        30.0, ge=0.1, description="how often each process expires idle conversations, settles and replays"
    )
    replay_after: Duration = Field(
        timedelta(minutes=2),
        description="an acknowledged request unfinished this long is taken as interrupted (its process died) "
        "and done by whichever process is alive: longer than any request's work takes",
    )
    change_lease: Duration = Field(
        timedelta(minutes=2),
        description="how long a change in progress keeps its appointment claimed; a crashed process's change is "
        "settled by another only after it lapses: longer than any booking-system call takes",
    )
    working_card_after: float = Field(
        0.4,
        ge=0,
        le=10,
        description="seconds a change may take before its card says 'Working on it' (0: at once, before it)",
    )
    conversation_ttl: int = Field(15, ge=1, description="minutes a conversation may sit idle")
    hold_minutes: int = Field(15, ge=1, description="sandbox: minutes a held slot is kept")
    slots_per_page: int = Field(5, ge=1, le=20)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @model_validator(mode="before")
    @classmethod
    def _store_location_verbatim(cls, data: Any) -> Any:
        """`store_location` is always CLINIC_BOT_DB (or a `clinic_bot_db=` override) before Path touches it."""
        if isinstance(data, dict):
            data = {**data, "store_location": str(data.get("clinic_bot_db", "clinic-bot.sqlite3"))}
        return data

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

    def sandbox_file(self) -> tuple[Path, str]:
        """The demo clinic's SQLite file, and the setting that chose it (for messages about it).

        The sandbox is a stand-in booking system in a SQLite file of its own
        choosing: by default the bot's own file, as the demo needs one setting
        only. A PostgreSQL CLINIC_BOT_DB is no file, so then it is SANDBOX_DB,
        else sandbox.sqlite3 in systemd's state directory; replicas must all
        be given the same file to see the same bookings.
        """
        if self.sandbox_db is not None and self.sandbox_db.strip():
            if "://" in self.sandbox_db:
                raise ConfigError(
                    "SANDBOX_DB is invalid: it is a URL, not a file path (the demo clinic is a SQLite file, "
                    "e.g. SANDBOX_DB=/var/lib/clinic-bot/sandbox.sqlite3)"
                )
            return Path(self.sandbox_db), "SANDBOX_DB"
        if not self.store_location.startswith(("postgresql://", "postgres://")):
            return self.clinic_bot_db, "CLINIC_BOT_DB"
        state = (self.state_directory or "").split(":")[0]
        if state:
            return Path(state) / SANDBOX_FILE, "STATE_DIRECTORY"
        raise ConfigError(
            "SANDBOX_DB must be set when CLINIC_BOT_DB is a PostgreSQL URL and BOOKING_BACKEND=sandbox: the demo "
            "clinic is a SQLite file (e.g. SANDBOX_DB=/var/lib/clinic-bot/sandbox.sqlite3); give every replica "
            "the same file so they all see the same bookings."
        )

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
