"""Solv settings (prefix `SOLV_`): what an IT admin gets from Solv's partner team.

Solv issues a client id and secret per partner and tells the partner which
location ids it may book; none of this can be discovered through the API, so
it is all configured. Solv exposes no time zone for a location, so the clinic's
zone is configured here too.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config import check_timezone

PRODUCTION_URL = "https://partner-api.solvhealth.com"
STAGING_URL = "https://partner-api-staging.solvhealth.com"


class SolvSettings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="SOLV_", env_file=".env", extra="ignore", frozen=True, env_ignore_empty=True
    )

    base_url: str = PRODUCTION_URL
    """Production by default; staging (sandbox) is https://partner-api-staging.solvhealth.com."""
    client_id: str = Field(min_length=1)
    """Also sent as the `x-api-key` header on every call."""
    client_secret: SecretStr
    location_id: int = Field(gt=0)
    location_name: str = ""
    """Shown to staff; `check-backend` reads the real name from Solv when it can."""
    timezone: str | None = None
    """IANA zone of the clinic (default: CLINIC_TZ): Solv's API does not say which zone a location is in."""
    visit_type_id: int | None = Field(None, gt=0)
    slot_minutes: int = Field(15, ge=5, le=240)
    """How long a visit lasts, for display only: Solv slots carry a start time alone."""
    external_location_id: str | None = None
    """The EHR's id of this location, needed to move or cancel EHR-linked bookings."""
    service_id: Literal["7", "8", "11"] | None = None
    """Solv's id of the EHR integration ("service"): one of 7, 8 or 11."""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)

    @field_validator("base_url")
    @classmethod
    def _strip_slash(cls, value: str) -> str:
        value = value.strip().rstrip("/")
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) URL such as " + PRODUCTION_URL)
        return value

    @property
    def ehr_linked(self) -> bool:
        """Both EHR ids are set: EHR-linked bookings can be moved and cancelled through Solv."""
        return bool(self.external_location_id and self.service_id)
