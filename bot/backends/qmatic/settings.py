"""Qmatic settings (prefix `QMATIC_`): what an IT admin gets from Qmatic when API access is set up.

Qmatic's API host is regional and its region table is not public, so the base
URL is required rather than guessed: a wrong default would send patient
lookups to another region's servers. Qmatic issues the client id and secret
and names the account (`X-ACCOUNT`) and tenant (`X-TENANT-ID`); the branch ids
say which of the tenant's branches the bot may act on, so an appointment at a
branch the clinic did not configure is never offered.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.config import check_timezone, split_ids

EXAMPLE_URL = "https://api.eu-west-1.qmatic.io/external/v1"
TOKEN_PATH = "/oauth2/token"
QMATIC_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
LANGUAGE = re.compile(r"^[A-Za-z]{2}_[A-Za-z]{2}$")


def _http_url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not value.startswith(("http://", "https://")) or not urlsplit(value).hostname:
        raise ValueError("must be an http(s) URL such as " + EXAMPLE_URL)
    return value


class QmaticSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="QMATIC_", env_file=".env", extra="ignore", frozen=True, env_ignore_empty=True
    )

    base_url: str
    """The regional API root with its prefix, e.g. https://api.eu-west-1.qmatic.io/external/v1."""
    token_url: str | None = None
    """OAuth token endpoint; default: the base URL's host + /oauth2/token."""
    client_id: str = Field(min_length=1)
    client_secret: SecretStr
    account: str = Field(min_length=1)
    """Qmatic account (system) name, sent as X-ACCOUNT when asking for a token; lower case, no spaces."""
    tenant_id: str = Field(min_length=1)
    """Sent as X-TENANT-ID on every call."""
    branch_ids: Annotated[list[str], NoDecode] = Field(min_length=1)
    """Comma-separated branch ids the bot may act on."""
    service_combinations: bool = False
    """The tenant has "Service combinations" switched on: use Qmatic's serviceCombination calls."""
    language: str = "en_US"
    """Accept-Language for service names, in Qmatic's underscore form (en_US, fr_FR, de_DE...)."""
    timezone: str | None = None
    """IANA zone used when Qmatic does not say a branch's zone (default: CLINIC_TZ)."""

    _split = field_validator("branch_ids", mode="before")(split_ids)

    @field_validator("base_url")
    @classmethod
    def _base(cls, value: str) -> str:
        return _http_url(value)

    @field_validator("token_url")
    @classmethod
    def _token(cls, value: str | None) -> str | None:
        return None if value is None else _http_url(value)

    @field_validator("client_id", "tenant_id")
    @classmethod
    def _no_spaces(cls, value: str) -> str:
        value = value.strip()
        if not value or any(ch.isspace() for ch in value):
            raise ValueError("must be the value exactly as Qmatic gave it (no spaces)")
        return value

    @field_validator("account")
    @classmethod
    def _account(cls, value: str) -> str:
        # Qmatic's rule for X-ACCOUNT: the system name in lower case with the spaces removed.
        return "".join(value.split()).lower()

    @field_validator("branch_ids")
    @classmethod
    def _branch_ids(cls, value: list[str]) -> list[str]:
        for item in value:
            if not QMATIC_ID.fullmatch(item):
                raise ValueError(f"{item!r} is not a Qmatic branch id (letters, digits and dashes, comma-separated)")
        return value

    @field_validator("language")
    @classmethod
    def _language(cls, value: str) -> str:
        value = value.strip()
        if not LANGUAGE.fullmatch(value):
            raise ValueError("must be a Qmatic language code such as en_US, fr_FR or de_DE")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)

    @property
    def token_endpoint(self) -> str:
        if self.token_url:
            return self.token_url
        parts = urlsplit(self.base_url)
        return f"{parts.scheme}://{parts.netloc}{TOKEN_PATH}"
