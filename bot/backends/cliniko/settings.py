"""Cliniko settings (prefix `CLINIKO_`): what an IT admin copies from Cliniko and decides once.

The API key alone picks the Cliniko region: keys end in `-<shard>` (`…-au2`)
and a key only works on its own shard, so the URL is derived from the key and
never typed by hand (CLINIKO_BASE_URL exists for proxies and the stand-in).
Cliniko asks every client to send a User-Agent naming the app and a contact
email and may block calls without one, so the contact is required here rather
than invented by us.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.config import check_timezone, split_ids

DEFAULT_SHARD = "au1"
SHARD_SUFFIX = re.compile(r"^\w{2}\d{1,2}$")
EMAIL = r"[^\s()@]+@[^\s()@]+\.[^\s()@]+"
BARE_EMAIL = re.compile(rf"^{EMAIL}$")
APP_AND_EMAIL = re.compile(rf"^[^()]*\S[^()]*\(\s*{EMAIL}\s*\)$")
APP_NAME = "Clinic Bot"


def shard_of(api_key: str) -> str:
    """`…-uk1` -> uk1; a key without a recognisable suffix is an au1 key (Cliniko's rule)."""
    _, dash, suffix = api_key.rpartition("-")
    if dash and SHARD_SUFFIX.fullmatch(suffix):
        return suffix.lower()
    return DEFAULT_SHARD


class ClinikoSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="CLINIKO_", env_file=".env", extra="ignore", frozen=True, env_ignore_empty=True
    )

    api_key: SecretStr
    """From Cliniko: My info -> Manage API keys. Carries the permissions of the Cliniko user who made it."""
    user_agent: str
    """`Your Clinic Bot (it@yourclinic.example)`, or just the contact email: Cliniko may block calls without one."""
    base_url: str | None = None
    """Normally derived from the key's shard (https://api.au1.cliniko.com/v1); set for a proxy or a stand-in."""
    business_ids: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """Comma-separated Cliniko business ids the bot may act on; empty = every business of the account."""
    timezone: str | None = None
    """IANA zone used when Cliniko does not say a business's zone (default: CLINIC_TZ)."""
    account_timezone: str | None = None
    """IANA zone of the Cliniko account, in which Cliniko reads available times' dates; default: what Cliniko's
    Settings say (visible only to users who may view settings), else CLINIKO_TIMEZONE."""

    _split = field_validator("business_ids", mode="before")(split_ids)

    @field_validator("api_key")
    @classmethod
    def _key_shape(cls, value: SecretStr) -> SecretStr:
        key = value.get_secret_value().strip()
        if not key or any(ch.isspace() for ch in key):
            raise ValueError("must be the API key exactly as Cliniko shows it (no spaces)")
        return SecretStr(key)

    @field_validator("user_agent")
    @classmethod
    def _contact(cls, value: str) -> str:
        text = " ".join(value.split())
        if BARE_EMAIL.fullmatch(text):
            return f"{APP_NAME} ({text})"
        if APP_AND_EMAIL.fullmatch(text):
            return text
        raise ValueError("must be 'App name (contact@email)' or a contact email: Cliniko blocks calls without one")

    @field_validator("business_ids")
    @classmethod
    def _numeric_ids(cls, value: list[str]) -> list[str]:
        for item in value:
            if not item.isdigit():
                raise ValueError(f"{item!r} is not a Cliniko business id (digits only, comma-separated)")
        return value

    @field_validator("timezone", "account_timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)

    @field_validator("base_url")
    @classmethod
    def _url_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as https://api.au1.cliniko.com/v1")
        return value

    @property
    def shard(self) -> str:
        return shard_of(self.api_key.get_secret_value())

    @property
    def api_url(self) -> str:
        return self.base_url or f"https://api.{self.shard}.cliniko.com/v1"
