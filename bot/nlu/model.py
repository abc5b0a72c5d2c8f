"""The parsed request, exactly the JSON shape of ../shared/nlu-contract.md."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_serializer

Intent = Literal["reschedule", "cancel", "unknown"]
Reason = Literal["Feeling Better", "Condition Worse", "Sick", "COVID-19 related", "Away", "Work", "Other"]


class ParsedPatient(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str | None = None
    date_of_birth: date | None = None
    phone: str | None = None
    booking_ref: str | None = None


class ParsedWindow(BaseModel):
    """Half-open window; aware datetimes carrying the zone's offset on that date."""

    model_config = ConfigDict(frozen=True)

    start: datetime
    end: datetime | None = None

    @field_serializer("start", "end")
    def _iso(self, value: datetime | None) -> str | None:
        return None if value is None else value.isoformat()


class ParsedRequest(BaseModel):
    model_config = ConfigDict(frozen=True)

    intent: Intent = "unknown"
    patient: ParsedPatient = ParsedPatient()
    current: ParsedWindow | None = None
    target: ParsedWindow | None = None
    reason: Reason | None = None

    def to_contract_json(self) -> dict[str, object]:
        """The contract's JSON object (dates as ISO strings)."""
        return self.model_dump(mode="json")
