"""The parser answers the contract's own example."""

from datetime import datetime

from bot.nlu import parse_request


def test_contract_example() -> None:
    result = parse_request(
        "Move Maria Lopez from Tue 3pm to Friday morning", datetime(2026, 3, 5, 10), "America/Chicago"
    )
    assert result.to_contract_json() == {
        "intent": "reschedule",
        "patient": {"name": "Maria Lopez", "date_of_birth": None, "phone": None, "booking_ref": None},
        "current": {"start": "2026-03-10T15:00:00-05:00", "end": "2026-03-10T15:00:00-05:00"},
        "target": {"start": "2026-03-06T08:00:00-06:00", "end": "2026-03-06T12:00:00-06:00"},
        "reason": None,
    }
